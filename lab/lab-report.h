/* lab-report.h — the measured outcome of one scenario run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lab-verdict.h"

G_BEGIN_DECLS

typedef struct
{
  char       *id;
  guint       number;
  char       *title;
  LabVerdict  verdicts[LAB_VERDICT_MAX_PHASES];  /* one, or one per measured phase */
  LabVerdict  expected[LAB_VERDICT_MAX_PHASES];
  double      ui_max_stall_ms;    /* the longest gap of the main loop, whoever caused it */
  double      scenario_stall_ms;  /* the longest gap the scenario's work on the UI thread caused */
  double      machine_stall_ms;   /* the longest other gap: the machine's (lab-run-monitor.c) */
  double      baseline_ms;        /* how long the idle UI thread was watched before the work */
  double      baseline_stall_ms;  /* its longest gap then: the machine's, seen before the work */
  GStrv       work_ran_on;        /* thread roles that ran the work regions, from the trace */
  GStrv       work_threads;       /* the trace model's names of those threads, first seen first */
  char       *status;             /* the tracked task's final PoolTaskStatus name; NULL: no task */
  double      duration_ms;        /* click to result */
  double      work_ms;            /* time spent in the work regions (summed over threads) */
  guint64     frames;             /* frames the window drew during the run */
  guint64     frames_missed;      /* frames the main loop could not have drawn */
  guint       threads_held_peak;  /* most pool workers busy at once, sampled every 10 ms */
  char       *error;              /* the run's error message, or NULL */
  char       *summary;            /* the scenario's own line of measured facts, or NULL */
  JsonObject *statuses;           /* name → PoolTaskStatus name of the tasks it shows, or NULL */
  JsonArray  *phases;             /* {name, verdict, ui_max_stall_ms, threads_held_peak,
                                   * thread_ms_held, start_ms (since the run's start),
                                   * duration_ms, and with a held region
                                   * threads_held_in, ui_thread_ms_held} per measured
                                   * phase, or NULL */
  JsonObject *details;            /* scenario-specific measured facts, or NULL */
} LabReport;

void        lab_report_free        (LabReport  *report);
LabVerdict  lab_report_get_verdict (LabReport  *report);
char       *lab_report_to_json     (LabReport  *report);
char       *lab_report_describe    (LabReport  *report);
GStrv       lab_report_dup_chips   (LabReport  *report);
char       *lab_json_round_numbers (const char *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabReport, lab_report_free)

G_END_DECLS
