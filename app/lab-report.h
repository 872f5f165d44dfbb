/* lab-report.h — the measured outcome of one scenario run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stall this long is a freeze a viewer notices (RAIL's 100 ms response). */
#define LAB_FROZEN_STALL_MS 100.0

typedef struct
{
  char    *id;
  guint    number;
  char    *title;
  char    *verdict;            /* "frozen" or "responsive": from ui_max_stall_ms */
  char    *expected_verdict;
  double   ui_max_stall_ms;
  GStrv    work_ran_on;        /* thread roles that ran the blur, from the trace */
  GStrv    work_threads;       /* "worker 1", "ui", ...: one per thread, first seen first */
  char    *status;             /* the tracked task's final PoolTaskStatus name */
  double   duration_ms;        /* click to result */
  double   work_ms;            /* time spent in the blur */
  guint64  frames;             /* frames the animation drew during the run */
  char    *error;              /* the task's error message, or NULL */
} LabReport;

void        lab_report_free          (LabReport  *report);
const char *lab_report_verdict_for   (double      ui_max_stall_ms);
char       *lab_report_to_json       (LabReport  *report);
char       *lab_report_describe      (LabReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabReport, lab_report_free)

G_END_DECLS
