/* lab-scenario-run.c — runs a scenario and measures what happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start: remember the trace position, start the stall meter and a 10 ms
 * sampler of the pool's busy workers, call the scenario. The scenario
 * launches its work through the pool and, on the UI thread, ends the run
 * with lab_scenario_run_show_result() (a continuation on the UI scheduler)
 * or lab_scenario_run_complete(). Then the meter stops and the report is
 * built from the measurements alone: the verdict from the longest main-loop
 * gap (or from the gaps of the phases the scenario marked), where the work
 * ran from the trace regions the workloads recorded, the status from the
 * tracked task.
 *
 * A scenario may set its own verdict only from a condition it measured: a
 * timed-out wait ("deadlocked"), an outer task completed before its inner
 * one ("completed-early"), a child process ended by a signal
 * ("crashed-in-child"). Nothing here decides an outcome in advance.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-scenario-run.h"
#include "lab-slow-server.h"
#include "lab-stall-meter.h"

#define SAMPLE_INTERVAL_MS 10

struct _LabScenarioRun
{
  GObject            parent_instance;

  /* immutable after creation */
  const LabScenario *scenario;
  LabImage          *source;
  double             sigma;
  guint              passes;
  PoolScheduler     *ui_scheduler;
  PoolCancellationTokenSource *cancellation;

  /* UI thread only */
  char              *url;
  LabStallMeter     *meter;
  guint              sampler_id;
  guint              threads_held_peak;
  guint64            trace_position;
  gint64             start_us;
  PoolTask          *tracked_task;
  LabImage          *result;
  LabReport         *report;

  /* what the scenario measured (UI thread only) */
  char              *verdict;
  char              *summary;
  JsonObject        *statuses;
  JsonObject        *details;
  JsonArray         *phases;
  GPtrArray         *phase_verdicts;   /* (const char *) static strings */

  /* the open phase, if any */
  char              *phase_name;
  LabStallMeter     *phase_meter;
  gint64             phase_start_us;
  guint              phase_threads_held_peak;
  double             phase_thread_ms_held;    /* busy workers × time, from the samples */
  gint64             last_sample_us;
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

  g_clear_handle_id (&self->sampler_id, g_source_remove);
  g_clear_pointer (&self->source, lab_image_unref);
  g_clear_pointer (&self->ui_scheduler, pool_scheduler_unref);
  g_clear_pointer (&self->cancellation, pool_cancellation_token_source_unref);
  g_clear_pointer (&self->meter, lab_stall_meter_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->tracked_task, pool_task_unref);
  g_clear_pointer (&self->result, lab_image_unref);
  g_clear_pointer (&self->report, lab_report_free);
  g_clear_pointer (&self->verdict, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->statuses, json_object_unref);
  g_clear_pointer (&self->details, json_object_unref);
  g_clear_pointer (&self->phases, json_array_unref);
  g_clear_pointer (&self->phase_verdicts, g_ptr_array_unref);
  g_clear_pointer (&self->phase_name, g_free);
  g_clear_pointer (&self->phase_meter, lab_stall_meter_free);

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
  LabScenarioRun *self;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self = g_object_new (LAB_TYPE_SCENARIO_RUN, NULL);
  self->scenario = scenario;
  self->source = lab_image_ref (source);
  self->sigma = sigma;
  self->passes = passes;
  self->ui_scheduler = pool_main_context_scheduler_new (NULL);
  self->cancellation = pool_cancellation_token_source_new ();
  self->meter = lab_stall_meter_new (NULL);
  self->phase_verdicts = g_ptr_array_new ();
  /* where the work ran comes from the trace */
  pool_trace_set_enabled (TRUE);
  return self;
}

/* Every 10 ms on the UI thread: how many workers are busy (held) now. A
 * frozen UI thread takes no samples; that is the frozen scenarios' point. */
static gboolean
sample_threads (gpointer data)
{
  LabScenarioRun *self = data;
  guint busy = pool_thread_pool_get_busy_thread_count ();
  gint64 now = g_get_monotonic_time ();

  self->threads_held_peak = MAX (self->threads_held_peak, busy);
  if (self->phase_meter != NULL)
    {
      /* a worker that wakes for a moment shows in the peak; one held for
       * the whole phase shows in the thread-milliseconds */
      self->phase_threads_held_peak = MAX (self->phase_threads_held_peak, busy);
      self->phase_thread_ms_held += busy * (now - MAX (self->last_sample_us,
                                                       self->phase_start_us)) / 1000.0;
    }
  self->last_sample_us = now;
  return G_SOURCE_CONTINUE;
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
  self->sampler_id = g_timeout_add (SAMPLE_INTERVAL_MS, sample_threads, self);
  /* a scenario may complete inside start (a blur in the click handler), and
   * whoever listens to ::completed may drop its reference there */
  g_object_ref (self);
  self->scenario->start (self);
  g_object_unref (self);
}

/**
 * lab_scenario_run_cancel:
 *
 * Cancels the run's token (the window's Escape). Scenarios that pass it to
 * their work end sooner, Canceled; the others run to their end.
 */
void
lab_scenario_run_cancel (LabScenarioRun *self)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  pool_cancellation_token_source_cancel (self->cancellation);
}

const LabScenario *
lab_scenario_run_get_scenario (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->scenario;
}

LabImage *
lab_scenario_run_get_source (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->source;
}

double
lab_scenario_run_get_sigma (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), 0.0);

  return self->sigma;
}

/* How many blur passes take about --freeze-ms on one thread. */
guint
lab_scenario_run_get_passes (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), 0);

  return self->passes;
}

/* The calibrated blur of the source: it takes about --freeze-ms on one thread. */
LabBlurJob *
lab_scenario_run_new_blur_job (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return lab_blur_job_new (self->source, self->sigma, self->passes);
}

/**
 * lab_scenario_run_new_blur_job_for_image:
 * @image: what to blur (a downloaded copy, a tile ...)
 * @fraction: of the calibrated passes, from above 0 to 1 (at least one pass)
 *
 * A blur job as heavy as @fraction of the calibrated one, for @image.
 */
LabBlurJob *
lab_scenario_run_new_blur_job_for_image (LabScenarioRun *self,
                                         LabImage       *image,
                                         double          fraction)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);
  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (fraction > 0.0 && fraction <= 1.0, NULL);

  return lab_blur_job_new (image, self->sigma, MAX (1, (guint) (self->passes * fraction + 0.5)));
}

/* The UI thread's scheduler: TaskScheduler.FromCurrentSynchronizationContext(). */
PoolScheduler *
lab_scenario_run_get_ui_scheduler (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->ui_scheduler;
}

/* The token the window's Escape cancels (borrowed; valid while the run lives). */
PoolCancellationToken *
lab_scenario_run_get_cancellation_token (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return pool_cancellation_token_source_get_token (self->cancellation);
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

/**
 * lab_scenario_run_set_verdict:
 *
 * Replaces the stall meter's verdict with one the scenario measured. Call it
 * only where the measurement shows it (see the top of this file).
 */
void
lab_scenario_run_set_verdict (LabScenarioRun *self,
                              const char     *verdict)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (verdict != NULL);

  g_free (self->verdict);
  self->verdict = g_strdup (verdict);
}

/* A task the scenario shows, by name, with its status as read now. */
void
lab_scenario_run_set_status (LabScenarioRun *self,
                             const char     *name,
                             PoolTaskStatus  status)
{
  lab_scenario_run_set_status_string (self, name, pool_task_status_to_string (status));
}

/* For things that are not tasks: "None" (a work item), "crashed-in-child". */
void
lab_scenario_run_set_status_string (LabScenarioRun *self,
                                    const char     *name,
                                    const char     *status)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (name != NULL && status != NULL);

  if (self->statuses == NULL)
    self->statuses = json_object_new ();
  json_object_set_string_member (self->statuses, name, status);
}

static JsonObject *
ensure_details (LabScenarioRun *self)
{
  if (self->details == NULL)
    self->details = json_object_new ();
  return self->details;
}

void
lab_scenario_run_add_detail (LabScenarioRun *self,
                             const char     *key,
                             const char     *format,
                             ...)
{
  g_autofree char *value = NULL;
  va_list args;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (key != NULL && format != NULL);

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_string_member (ensure_details (self), key, value);
}

void
lab_scenario_run_add_detail_number (LabScenarioRun *self,
                                    const char     *key,
                                    double          value)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (key != NULL);

  json_object_set_double_member (ensure_details (self), key, value);
}

/* Takes @node (an array or object of measured facts). */
void
lab_scenario_run_add_detail_node (LabScenarioRun *self,
                                  const char     *key,
                                  JsonNode       *node)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (key != NULL && node != NULL);

  json_object_set_member (ensure_details (self), key, node);
}

/* The line the window shows under the verdict: the facts the scenario measured. */
void
lab_scenario_run_set_summary (LabScenarioRun *self,
                              const char     *format,
                              ...)
{
  va_list args;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (format != NULL);

  g_free (self->summary);
  va_start (args, format);
  self->summary = g_strdup_vprintf (format, args);
  va_end (args);
}

/**
 * lab_scenario_run_begin_phase:
 * @name: what the phase shows ("await", "Task.Run", ...)
 *
 * Starts measuring one part of the run on its own: its longest UI stall, the
 * most workers busy at once during it, and the thread-milliseconds held
 * (busy workers × time, sampled every 10 ms). A run with two or more phases takes its
 * verdict from theirs, joined with "+". Ends the open phase, if any.
 */
void
lab_scenario_run_begin_phase (LabScenarioRun *self,
                              const char     *name)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (name != NULL);

  if (self->phase_meter != NULL)
    lab_scenario_run_end_phase (self, NULL);

  self->phase_name = g_strdup (name);
  self->phase_meter = lab_stall_meter_new (NULL);
  self->phase_start_us = g_get_monotonic_time ();
  self->phase_threads_held_peak = 0;
  self->phase_thread_ms_held = 0;
  lab_stall_meter_start (self->phase_meter);
}

/**
 * lab_scenario_run_end_phase:
 * @thread_ms_held: (out) (optional): busy workers × time during the phase
 *
 * Ends the open phase and records it in the report.
 *
 * Returns: the phase's verdict, "frozen" or "responsive", from its stall
 */
const char *
lab_scenario_run_end_phase (LabScenarioRun *self,
                            double         *thread_ms_held)
{
  JsonObject *phase;
  const char *verdict;
  double stall_ms;

  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);
  g_return_val_if_fail (self->phase_meter != NULL, NULL);

  lab_stall_meter_stop (self->phase_meter);
  stall_ms = lab_stall_meter_get_max_gap_ms (self->phase_meter);
  verdict = lab_report_verdict_for (stall_ms);

  phase = json_object_new ();
  json_object_set_string_member (phase, "name", self->phase_name);
  json_object_set_string_member (phase, "verdict", verdict);
  json_object_set_double_member (phase, "ui_max_stall_ms", stall_ms);
  json_object_set_int_member (phase, "threads_held_peak", self->phase_threads_held_peak);
  json_object_set_double_member (phase, "thread_ms_held", self->phase_thread_ms_held);
  json_object_set_double_member (phase, "duration_ms",
                                 (g_get_monotonic_time () - self->phase_start_us) / 1000.0);
  if (self->phases == NULL)
    self->phases = json_array_new ();
  json_array_add_object_element (self->phases, phase);
  g_ptr_array_add (self->phase_verdicts, (gpointer) verdict);
  if (thread_ms_held != NULL)
    *thread_ms_held = self->phase_thread_ms_held;

  g_clear_pointer (&self->phase_name, g_free);
  g_clear_pointer (&self->phase_meter, lab_stall_meter_free);
  return verdict;
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

static char *
measured_verdict (LabScenarioRun *self,
                  double          ui_max_stall_ms)
{
  if (self->verdict != NULL)
    return g_strdup (self->verdict);

  if (self->phase_verdicts->len >= 2)
    {
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < self->phase_verdicts->len; i++)
        {
          if (i > 0)
            g_string_append_c (joined, '+');
          g_string_append (joined, g_ptr_array_index (self->phase_verdicts, i));
        }
      return g_string_free (joined, FALSE);
    }

  return g_strdup (lab_report_verdict_for (ui_max_stall_ms));
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
  report->frames_missed = lab_stall_meter_get_frames_missed (self->meter);
  report->verdict = measured_verdict (self, report->ui_max_stall_ms);
  report->duration_ms = (g_get_monotonic_time () - self->start_us) / 1000.0;
  report->threads_held_peak = self->threads_held_peak;
  report->status = g_strdup (self->tracked_task == NULL ? "None" : pool_task_status_to_string (
                               pool_task_get_status (self->tracked_task)));
  report->error = error != NULL ? g_strdup (error->message) : NULL;
  report->summary = g_strdup (self->summary);
  report->statuses = self->statuses != NULL ? json_object_ref (self->statuses) : NULL;
  report->phases = self->phases != NULL ? json_array_ref (self->phases) : NULL;
  report->details = self->details != NULL ? json_object_ref (self->details) : NULL;

  /* the work is what the workloads marked: "blur", "blur-tile", and the
   * regions a scenario marks around its own work */
  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);
      g_autofree char *thread = NULL;

      if (event->kind != POOL_TRACE_KIND_REGION)
        continue;

      report->work_ms += (event->end_us - event->start_us) / 1000.0;
      add_unique (roles, pool_thread_role_to_string (event->role));
      if (event->role == POOL_THREAD_ROLE_WORKER)
        thread = g_strdup_printf ("worker %d", event->worker_index + 1);
      else if (event->role == POOL_THREAD_ROLE_DEDICATED)
        thread = g_strdup_printf ("dedicated thread %u", event->thread_serial);
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
 * lab_scenario_run_complete:
 * @result: (nullable): the image to show, if the scenario made one
 * @error: (nullable): why the run failed, if it did
 *
 * Ends the run on the UI thread: stops the measuring, builds the report and
 * emits ::completed. Once only.
 */
void
lab_scenario_run_complete (LabScenarioRun *self,
                           LabImage       *result,
                           const GError   *error)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (self->start_us != 0);
  g_return_if_fail (self->report == NULL);

  if (self->phase_meter != NULL)
    lab_scenario_run_end_phase (self, NULL);
  lab_stall_meter_stop (self->meter);
  g_clear_handle_id (&self->sampler_id, g_source_remove);
  if (result != NULL)
    self->result = lab_image_ref (result);
  self->report = build_report (self, error);
  g_signal_emit (self, signals[COMPLETED], 0);
}

/**
 * lab_scenario_run_show_result:
 * @blur_task: the completed blur
 * @run: the #LabScenarioRun
 *
 * The continuation most scenarios attach on the UI scheduler: it takes the
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

  lab_scenario_run_complete (self, image, blur_error);
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

/* For the window's instruments: the run's heartbeat, and where its trace starts. */
LabStallMeter *
lab_scenario_run_get_stall_meter (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->meter;
}

guint64
lab_scenario_run_get_trace_position (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), 0);

  return self->trace_position;
}

gint64
lab_scenario_run_get_start_time (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), 0);

  return self->start_us;
}

/* The URL the window's field holds, or NULL for the built-in slow server. */
void
lab_scenario_run_set_url (LabScenarioRun *self,
                          const char     *url)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  g_free (self->url);
  self->url = url != NULL && url[0] != '\0' ? g_strdup (url) : NULL;
}

/**
 * lab_scenario_run_dup_download_url:
 * @path_and_query: what to fetch from @server when no URL was given
 *
 * Where the download scenarios fetch from: the URL typed in the window, or
 * the built-in slow server (offline, the same every time).
 */
char *
lab_scenario_run_dup_download_url (LabScenarioRun *self,
                                   LabSlowServer  *server,
                                   const char     *path_and_query)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  if (self->url != NULL)
    return g_strdup (self->url);
  return lab_slow_server_get_url (server, path_and_query);
}
