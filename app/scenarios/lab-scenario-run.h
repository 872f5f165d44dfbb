/* lab-scenario-run.h — one run of a scenario: what it launches with, and
 * how it says what it measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <pool.h>

#include "lab-blur.h"
#include "lab-image.h"
#include "lab-run-monitor.h"
#include "lab-scenario.h"
#include "lab-slow-server.h"

G_BEGIN_DECLS

#define LAB_TYPE_SCENARIO_RUN (lab_scenario_run_get_type ())

G_DECLARE_FINAL_TYPE (LabScenarioRun, lab_scenario_run, LAB, SCENARIO_RUN, GObject)

LabScenarioRun    *lab_scenario_run_new               (const LabScenario *scenario,
                                                       LabRunMonitor     *monitor,
                                                       LabImage          *source,
                                                       double             sigma,
                                                       guint              passes);
void               lab_scenario_run_start             (LabScenarioRun    *self);
void               lab_scenario_run_cancel            (LabScenarioRun    *self);
const LabScenario *lab_scenario_run_get_scenario      (LabScenarioRun    *self);
LabRunMonitor     *lab_scenario_run_get_monitor       (LabScenarioRun    *self);
LabImage          *lab_scenario_run_get_result        (LabScenarioRun    *self);
gboolean           lab_scenario_run_is_completed      (LabScenarioRun    *self);
void               lab_scenario_run_set_url           (LabScenarioRun    *self,
                                                       const char        *url);
char              *lab_scenario_run_dup_download_url  (LabScenarioRun    *self,
                                                       LabSlowServer     *server,
                                                       const char        *path_and_query);

/* for the scenarios: what they launch */
LabImage          *lab_scenario_run_get_source        (LabScenarioRun    *self);
double             lab_scenario_run_get_sigma         (LabScenarioRun    *self);
guint              lab_scenario_run_get_passes        (LabScenarioRun    *self);
LabBlurJob        *lab_scenario_run_new_blur_job      (LabScenarioRun    *self);
LabBlurJob        *lab_scenario_run_new_cancellable_blur_job
                                                      (LabScenarioRun    *self);
LabBlurJob        *lab_scenario_run_new_blur_job_for_image
                                                      (LabScenarioRun    *self,
                                                       LabImage          *image,
                                                       double             fraction);
PoolScheduler     *lab_scenario_run_get_ui_scheduler  (LabScenarioRun    *self);
PoolCancellationToken *lab_scenario_run_get_cancellation_token
                                                      (LabScenarioRun    *self);

/* for the scenarios: how they end (UI thread only) */
void               lab_scenario_run_track_task        (LabScenarioRun    *self,
                                                       PoolTask          *task);
gpointer           lab_scenario_run_show_result       (PoolTask          *blur_task,
                                                       gpointer           run,
                                                       GError           **error);
void               lab_scenario_run_complete          (LabScenarioRun    *self,
                                                       LabImage          *result,
                                                       const GError      *error);

/* for the scenarios: what they measured (UI thread only, before completing) */
void               lab_scenario_run_set_verdict       (LabScenarioRun    *self,
                                                       LabVerdict         verdict);
void               lab_scenario_run_set_status        (LabScenarioRun    *self,
                                                       const char        *name,
                                                       PoolTaskStatus     status);
void               lab_scenario_run_set_status_string (LabScenarioRun    *self,
                                                       const char        *name,
                                                       const char        *status);
void               lab_scenario_run_watch_task        (LabScenarioRun    *self,
                                                       PoolTask          *task,
                                                       const char        *detail_key);
void               lab_scenario_run_add_detail        (LabScenarioRun    *self,
                                                       const char        *key,
                                                       const char        *format,
                                                       ...) G_GNUC_PRINTF (3, 4);
void               lab_scenario_run_add_detail_number (LabScenarioRun    *self,
                                                       const char        *key,
                                                       double             value);
void               lab_scenario_run_add_detail_node   (LabScenarioRun    *self,
                                                       const char        *key,
                                                       JsonNode          *node);
void               lab_scenario_run_set_summary       (LabScenarioRun    *self,
                                                       const char        *format,
                                                       ...) G_GNUC_PRINTF (2, 3);
void               lab_scenario_run_begin_phase       (LabScenarioRun    *self,
                                                       const char        *name);
void               lab_scenario_run_begin_phase_full  (LabScenarioRun    *self,
                                                       const char        *name,
                                                       const char        *held_region);
LabVerdict         lab_scenario_run_end_phase         (LabScenarioRun    *self,
                                                       double            *thread_ms_held);
LabTraceModel     *lab_scenario_run_get_trace_model   (LabScenarioRun    *self);

/* for the scenarios: which line of their C# each task, work item, region,
 * wait and phase belongs to (lab-scenario-run-marks.c; any thread). The
 * needle is a piece of one line of the scenario's C#; the first line that
 * holds it is used (to tell equal lines apart, a needle may start on an
 * earlier line: the line it ends on is used). */
void               lab_scenario_run_mark_task         (LabScenarioRun    *self,
                                                       PoolTask          *task,
                                                       const char        *csharp_needle);
void               lab_scenario_run_mark_tasks_since  (LabScenarioRun    *self,
                                                       guint64            trace_position,
                                                       const char        *csharp_needle);
void               lab_scenario_run_mark_label        (LabScenarioRun    *self,
                                                       const char        *label,
                                                       const char        *csharp_needle);
void               lab_scenario_run_mark_wait         (LabScenarioRun    *self,
                                                       PoolTask          *waited,
                                                       const char        *csharp_needle);
void               lab_scenario_run_mark_await        (LabScenarioRun    *self,
                                                       PoolTask          *awaited,
                                                       const char        *csharp_needle);
void               lab_scenario_run_mark_io           (LabScenarioRun    *self,
                                                       const char        *label,
                                                       const char        *csharp_needle);
void               lab_scenario_run_mark_phase        (LabScenarioRun    *self,
                                                       const char        *name,
                                                       const char        *csharp_needle);
guint              lab_scenario_find_csharp_line      (const LabScenario *scenario,
                                                       const char        *csharp_needle);

/* for the scenarios: what queued work costs in memory (any thread) */
int                lab_scenario_heap_find_own_arena   (void);
gint64             lab_scenario_heap_get_bytes_in_use (int                arena);

G_END_DECLS
