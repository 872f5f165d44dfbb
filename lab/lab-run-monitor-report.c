/* lab-run-monitor-report.c — whose each stall was, and the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whose stall: a gap of the main loop is the scenario's when its own work
 * on the UI thread (what the trace shows running there: tasks, work items,
 * the regions the workloads mark) covered at least half of it; any other
 * long gap is the machine's (another program, the screen recorder, the
 * window's own drawing), reported as such, and never makes a verdict. The
 * gaps of the baseline, before the work starts (LAB_BASELINE_MS), are the
 * machine's by the same rule: nothing of the scenario runs yet. The
 * verdict compares the scenario's stall with the work's measured time
 * (lab_verdict_for_stall()).
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-run-monitor-private.h"

/* The scale a stall is compared with: the work the scenario measured in
 * the span (its regions: the blur, the download), or the span itself when
 * it marked none. Not the run's whole duration: on a busy machine, a wait
 * for a worker would stretch it and make a real freeze look small. */
static double
work_scale_ms (LabRunMonitor *self,
               gint64         from_us,
               gint64         to_us)
{
  double work_ms = lab_trace_model_get_region_ms (self->model, from_us, to_us);

  return work_ms > 0 ? work_ms : (to_us - from_us) / 1000.0;
}

typedef struct
{
  double scenario_ms;    /* the longest gap the scenario's UI-thread work covered */
  double machine_ms;     /* the longest other gap */
} Stalls;

/**
 * _lab_run_monitor_gap_cause:
 *
 * The rule, written once: a gap is the scenario's if the scenario's traced
 * work on the UI thread covered at least half of it; gaps within two frames
 * are the loop's ordinary rhythm, and any other gap is the machine's.
 */
LabStallCause
_lab_run_monitor_gap_cause (LabRunMonitor *self,
                            gint64         at_us,
                            double         gap_ms)
{
  gint64 from_us = at_us - (gint64) (gap_ms * 1000.0);

  if (gap_ms > 2 * LAB_FRAME_MS &&
      lab_trace_model_get_ui_busy_ms (self->model, from_us, at_us) >= 0.5 * gap_ms)
    return LAB_STALL_CAUSE_SCENARIO;
  return LAB_STALL_CAUSE_MACHINE;
}

static void
attribute_gap (LabRunMonitor *self,
               gint64         at_us,
               double         gap_ms,
               Stalls        *stalls)
{
  if (_lab_run_monitor_gap_cause (self, at_us, gap_ms) == LAB_STALL_CAUSE_SCENARIO)
    stalls->scenario_ms = MAX (stalls->scenario_ms, gap_ms);
  else
    stalls->machine_ms = MAX (stalls->machine_ms, gap_ms);
}

/* The stalls of the beats between @from_us and @to_us (a gap counts from
 * @from_us at most), and of the gap from the last beat up to @to_us. */
static Stalls
attribute_stalls (LabRunMonitor *self,
                  gint64         from_us,
                  gint64         to_us)
{
  Stalls stalls = { 0, 0 };
  guint n_samples;
  const LabStallSample *samples = lab_stall_series_get_samples (self->series, &n_samples);
  gint64 last_us = from_us;

  for (guint i = 0; i < n_samples; i++)
    {
      gint64 start_us = MAX (samples[i].at_us - (gint64) (samples[i].gap_ms * 1000.0), from_us);

      if (samples[i].at_us <= from_us || samples[i].at_us > to_us)
        continue;
      attribute_gap (self, samples[i].at_us, (samples[i].at_us - start_us) / 1000.0, &stalls);
      last_us = samples[i].at_us;
    }
  if (to_us > last_us)
    attribute_gap (self, to_us, (to_us - last_us) / 1000.0, &stalls);
  return stalls;
}

/* The scenario's stall within a phase, and the work measured in it (its scale). */
double
_lab_run_monitor_phase_stall (LabRunMonitor *self,
                              gint64         from_us,
                              gint64         to_us,
                              double        *work_ms)
{
  *work_ms = work_scale_ms (self, from_us, to_us);
  return attribute_stalls (self, from_us, to_us).scenario_ms;
}

/* ---- the report ----------------------------------------------------------- */

static void
add_unique (GPtrArray  *values,
            const char *value)
{
  for (guint i = 0; i < values->len; i++)
    if (g_str_equal (g_ptr_array_index (values, i), value))
      return;
  g_ptr_array_add (values, g_strdup (value));
}

static JsonArray *
phases_json (LabRunMonitor *self)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < self->phases->len; i++)
    {
      const Phase *phase = &g_array_index (self->phases, Phase, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", phase->name);
      json_object_set_string_member (object, "verdict", lab_verdict_to_string (phase->verdict));
      json_object_set_double_member (object, "ui_max_stall_ms", phase->max_gap_ms);
      json_object_set_double_member (object, "scenario_stall_ms", phase->scenario_stall_ms);
      json_object_set_int_member (object, "threads_held_peak", phase->threads_held_peak);
      json_object_set_double_member (object, "thread_ms_held", phase->thread_ms_held);
      if (phase->held_region != NULL)
        {
          json_object_set_string_member (object, "threads_held_in", phase->held_region);
          json_object_set_double_member (object, "ui_thread_ms_held", phase->ui_thread_ms_held);
        }
      json_object_set_double_member (object, "start_ms",
                                     (phase->start_us - self->start_us) / 1000.0);
      json_object_set_double_member (object, "duration_ms", (phase->end_us - phase->start_us) / 1000.0);
      json_array_add_object_element (array, object);
    }
  return array;
}

static JsonNode *
strings_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return json_node_init_array (json_node_alloc (), array);
}

LabReport *
_lab_run_monitor_build_report (LabRunMonitor *self,
              const GError  *error)
{
  LabReport *report = g_new0 (LabReport, 1);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  Stalls stalls = attribute_stalls (self, self->start_us, self->end_us);
  gint64 baseline_from_us, baseline_to_us;
  /* the work's scale starts with the work, after the baseline */
  gint64 work_start_us = MAX (lab_trace_model_get_work_start (self->model), self->start_us);

  report->id = g_strdup (self->id);
  report->number = self->number;
  report->title = g_strdup (self->title);
  memcpy (report->expected, self->expected, sizeof report->expected);
  report->ui_max_stall_ms = lab_stall_meter_get_max_gap_ms (self->meter);
  report->scenario_stall_ms = stalls.scenario_ms;
  report->machine_stall_ms = stalls.machine_ms;
  if (lab_stall_series_get_baseline (self->series, &baseline_from_us, &baseline_to_us))
    {
      report->baseline_ms = (baseline_to_us - baseline_from_us) / 1000.0;
      report->baseline_stall_ms = lab_stall_series_get_baseline_longest_ms (self->series);
    }
  report->frames_missed = lab_stall_meter_get_frames_missed (self->meter);
  report->duration_ms = (self->end_us - self->start_us) / 1000.0;
  report->threads_held_peak = self->threads_held_peak;
  if (self->frame_counter != NULL)
    report->frames = self->frame_counter (self->frame_counter_data) - self->frames_at_start;

  if (self->verdict != LAB_VERDICT_NONE)
    report->verdicts[0] = self->verdict;
  else if (self->phases->len >= 2)
    for (guint i = 0; i < self->phases->len; i++)
      report->verdicts[i] = g_array_index (self->phases, Phase, i).verdict;
  else
    report->verdicts[0] = lab_verdict_for_stall (report->scenario_stall_ms,
                                                 work_scale_ms (self, work_start_us, self->end_us));

  report->status = self->tracked_task != NULL
                   ? g_strdup (pool_task_status_to_string (pool_task_get_status (self->tracked_task)))
                   : NULL;
  /* a run its token cancelled says so, task or not (.NET has no status
   * for "no task", and Canceled is what it ended as) */
  if (self->verdict == LAB_VERDICT_CANCELED)
    {
      g_free (report->status);
      report->status = g_strdup (pool_task_status_to_string (POOL_TASK_STATUS_CANCELED));
    }
  report->error = error != NULL ? g_strdup (error->message) : NULL;
  report->summary = g_strdup (self->summary);
  report->statuses = self->statuses != NULL ? json_object_ref (self->statuses) : NULL;
  report->phases = self->phases->len > 0 ? phases_json (self) : NULL;
  for (guint i = 0; i < self->watched->len; i++)
    {
      WatchedTask *watched = &g_array_index (self->watched, WatchedTask, i);

      _lab_run_monitor_note_status (watched);
      json_object_set_member (_lab_run_monitor_ensure_details (self), watched->detail_key, strings_node (watched->seen));
    }
  report->details = self->details != NULL ? json_object_ref (self->details) : NULL;

  /* the work is what the workloads marked: "blur", "blur-tile", and the
   * regions a scenario marks around its own work */
  for (guint i = 0; i < lab_trace_model_get_n_items (self->model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (self->model, i);

      if (item->event.kind != POOL_TRACE_KIND_REGION)
        continue;
      report->work_ms += (item->event.end_us - item->event.start_us) / 1000.0;
      add_unique (roles, pool_thread_role_to_string (item->event.role));
    }
  g_ptr_array_add (roles, NULL);
  report->work_ran_on = (GStrv) g_ptr_array_steal (roles, NULL);
  report->work_threads = lab_trace_model_dup_region_threads (self->model, NULL);
  return report;
}

