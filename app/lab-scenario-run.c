/* lab-scenario-run.c — runs a scenario and measures what happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start: remember the trace position, start the stall meter, call the
 * scenario. The scenario launches its blur through the pool and, on the UI
 * thread, hands the result back with lab_scenario_run_show_result(). Then
 * the meter stops and the report is built from the measurements alone: the
 * verdict from the longest main-loop gap, where the work ran from the trace
 * regions the blur recorded, the status from the tracked task.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-scenario-run.h"
#include "lab-stall-meter.h"

struct _LabScenarioRun
{
  GObject            parent_instance;

  /* immutable after creation */
  const LabScenario *scenario;
  LabImage          *source;
  double             sigma;
  guint              passes;
  PoolScheduler     *ui_scheduler;

  /* UI thread only */
  LabStallMeter     *meter;
  guint64            trace_position;
  gint64             start_us;
  PoolTask          *tracked_task;
  LabImage          *result;
  LabReport         *report;
};

G_DEFINE_FINAL_TYPE (LabScenarioRun, lab_scenario_run, G_TYPE_OBJECT)

enum {
  COMPLETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lab_scenario_run_finalize (GObject *object)
{
  LabScenarioRun *self = LAB_SCENARIO_RUN (object);

  g_clear_pointer (&self->source, lab_image_unref);
  g_clear_pointer (&self->ui_scheduler, pool_scheduler_unref);
  g_clear_pointer (&self->meter, lab_stall_meter_free);
  g_clear_pointer (&self->tracked_task, pool_task_unref);
  g_clear_pointer (&self->result, lab_image_unref);
  g_clear_pointer (&self->report, lab_report_free);

  G_OBJECT_CLASS (lab_scenario_run_parent_class)->finalize (object);
}

static void
lab_scenario_run_class_init (LabScenarioRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_scenario_run_finalize;

  /**
   * LabScenarioRun::completed:
   *
   * The result is back on the UI thread and the report is ready.
   */
  signals[COMPLETED] =
    g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lab_scenario_run_init (LabScenarioRun *self)
{
}

LabScenarioRun *
lab_scenario_run_new (const LabScenario *scenario,
                      LabImage          *source,
                      double             sigma,
                      guint              passes)
{
  LabScenarioRun *self = g_object_new (LAB_TYPE_SCENARIO_RUN, NULL);

  self->scenario = scenario;
  self->source = lab_image_ref (source);
  self->sigma = sigma;
  self->passes = passes;
  self->ui_scheduler = pool_main_context_scheduler_new (NULL);
  self->meter = lab_stall_meter_new (NULL);
  /* where the work ran comes from the trace */
  pool_trace_set_enabled (TRUE);
  return self;
}

/* Call from the UI thread; ::completed follows once the result is shown. */
void
lab_scenario_run_start (LabScenarioRun *self)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (self->start_us == 0);

  self->trace_position = pool_trace_get_position ();
  self->start_us = g_get_monotonic_time ();
  lab_stall_meter_start (self->meter);
  self->scenario->start (self);
}

const LabScenario *
lab_scenario_run_get_scenario (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->scenario;
}

LabBlurJob *
lab_scenario_run_new_blur_job (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return lab_blur_job_new (self->source, self->sigma, self->passes);
}

/* The UI thread's scheduler: TaskScheduler.FromCurrentSynchronizationContext(). */
PoolScheduler *
lab_scenario_run_get_ui_scheduler (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->ui_scheduler;
}

/* The task whose final status the report gives. */
void
lab_scenario_run_track_task (LabScenarioRun *self,
                             PoolTask       *task)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  g_clear_pointer (&self->tracked_task, pool_task_unref);
  self->tracked_task = pool_task_ref (task);
}

static void
add_unique (GPtrArray  *values,
            const char *value)
{
  for (guint i = 0; i < values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (values, i), value) == 0)
      return;
  g_ptr_array_add (values, g_strdup (value));
}

static LabReport *
build_report (LabScenarioRun *self,
              const GError   *error)
{
  LabReport *report = g_new0 (LabReport, 1);
  g_autoptr(GArray) events = pool_trace_copy_since (self->trace_position);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) threads = g_ptr_array_new_with_free_func (g_free);

  report->id = g_strdup (self->scenario->id);
  report->number = self->scenario->number;
  report->title = g_strdup (self->scenario->title);
  report->expected_verdict = g_strdup (self->scenario->expected_verdict);
  report->ui_max_stall_ms = lab_stall_meter_get_max_gap_ms (self->meter);
  report->verdict = g_strdup (lab_report_verdict_for (report->ui_max_stall_ms));
  report->duration_ms = (g_get_monotonic_time () - self->start_us) / 1000.0;
  report->status = g_strdup (self->tracked_task != NULL
                             ? pool_task_status_to_string (pool_task_get_status (self->tracked_task))
                             : "None");
  report->error = error != NULL ? g_strdup (error->message) : NULL;

  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);
      g_autofree char *thread = NULL;

      if (event->kind != POOL_TRACE_KIND_REGION || g_strcmp0 (event->label, "blur") != 0)
        continue;

      report->work_ms += (event->end_us - event->start_us) / 1000.0;
      add_unique (roles, pool_thread_role_to_string (event->role));
      if (event->role == POOL_THREAD_ROLE_WORKER)
        thread = g_strdup_printf ("worker %d", event->worker_index + 1);
      else
        thread = g_strdup (pool_thread_role_to_string (event->role));
      add_unique (threads, thread);
    }
  g_ptr_array_add (roles, NULL);
  g_ptr_array_add (threads, NULL);
  report->work_ran_on = (GStrv) g_ptr_array_steal (roles, NULL);
  report->work_threads = (GStrv) g_ptr_array_steal (threads, NULL);

  return report;
}

/**
 * lab_scenario_run_show_result:
 * @blur_task: the completed blur
 * @run: the #LabScenarioRun
 *
 * The continuation every scenario attaches on the UI scheduler: it takes the
 * blurred image (or the error) back on the UI thread and ends the run.
 */
gpointer
lab_scenario_run_show_result (PoolTask  *blur_task,
                              gpointer   run,
                              GError   **error)
{
  LabScenarioRun *self = LAB_SCENARIO_RUN (run);
  g_autoptr(GError) blur_error = NULL;
  LabImage *image = pool_task_get_result (blur_task, &blur_error);

  lab_stall_meter_stop (self->meter);
  if (image != NULL)
    self->result = lab_image_ref (image);
  self->report = build_report (self, blur_error);
  g_signal_emit (self, signals[COMPLETED], 0);
  return NULL;
}

LabReport *
lab_scenario_run_get_report (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->report;
}

LabImage *
lab_scenario_run_get_result (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->result;
}
