/* lab-report.h — the measured outcome of one scenario run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A stall this long is a freeze a viewer notices (RAIL's 100 ms response). */
#define LAB_FROZEN_STALL_MS 100.0

typedef struct
{
  char       *id;
  guint       number;
  char       *title;
  char       *verdict;            /* from ui_max_stall_ms, from the phases' stalls joined
                                   * with "+", or one the scenario measured itself
                                   * ("deadlocked", "completed-early", "crashed-in-child") */
  char       *expected_verdict;
  double      ui_max_stall_ms;
  GStrv       work_ran_on;        /* thread roles that ran the work regions, from the trace */
  GStrv       work_threads;       /* "worker 1", "ui", ...: one per thread, first seen first */
  char       *status;             /* the tracked task's final PoolTaskStatus name, or "None" */
  double      duration_ms;        /* click to result */
  double      work_ms;            /* time spent in the work regions (summed over threads) */
  guint64     frames;             /* frames the animation drew during the run */
  guint64     frames_missed;      /* frames the main loop could not have drawn (the app fills it) */
  guint       threads_held_peak;  /* most pool workers busy at once, sampled every 10 ms */
  char       *error;              /* the run's error message, or NULL */
  char       *summary;            /* the scenario's own line of measured facts, or NULL */
  JsonObject *statuses;           /* name → PoolTaskStatus name of the tasks it shows, or NULL */
  JsonArray  *phases;             /* {name, verdict, ui_max_stall_ms, threads_held_peak,
                                   * thread_ms_held, duration_ms} per measured phase, or NULL */
  JsonObject *details;            /* scenario-specific measured facts, or NULL */
} LabReport;

void        lab_report_free          (LabReport  *report);
const char *lab_report_verdict_for   (double      ui_max_stall_ms);
char       *lab_report_to_json       (LabReport  *report);
char       *lab_report_describe      (LabReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabReport, lab_report_free)

G_END_DECLS
