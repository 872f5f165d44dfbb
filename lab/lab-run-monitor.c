/* lab-run-monitor.c — see lab-run-monitor.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One high-priority heartbeat on the main context (the stall meter) drives
 * every sampler, so a run measures on one timer: each beat records the gap
 * since the last one (the stall series the chart draws);
 * every SAMPLE_US it counts the busy pool threads (the threads held) and
 * reads the statuses of the tasks it watches; every POLL_US it takes the
 * pool's new trace events into the trace model and reads the pool's
 * counters, then emits ::updated. A blocked UI thread takes no samples at
 * all: the first beat after a freeze measures it, and the poll that follows
 * takes in everything the pool recorded meanwhile.
 *
 * Phases are windows on the same heartbeat: a phase's stall is the longest
 * gap (counted from the phase's start) while it is open.
 *
 * Finishing stops the heartbeat, takes the last events and builds, from the
 * measurements alone, the report (lab-run-monitor-report.c: whose each
 * stall was, and the verdicts, unless the scenario measured one of its
 * own: a timed-out wait, a task's status, a child's exit), the log and the
 * chips.
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-run-log.h"
#include "lab-run-monitor-private.h"

#define SAMPLE_US  (10 * 1000)
#define POLL_US    (50 * 1000)

G_DEFINE_FINAL_TYPE (LabRunMonitor, lab_run_monitor, G_TYPE_OBJECT)

enum {
  UPDATED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
phase_clear (gpointer data)
{
  g_free (((Phase *) data)->name);
  g_free (((Phase *) data)->held_region);
}

static void
watched_task_clear (gpointer data)
{
  WatchedTask *watched = data;

  g_clear_pointer (&watched->task, pool_task_unref);
  g_clear_pointer (&watched->detail_key, g_free);
  g_clear_pointer (&watched->seen, g_ptr_array_unref);
}

static void
lab_run_monitor_finalize (GObject *object)
{
  LabRunMonitor *self = LAB_RUN_MONITOR (object);

  if (self->frame_counter_destroy != NULL)
    self->frame_counter_destroy (self->frame_counter_data);
  g_clear_pointer (&self->meter, lab_stall_meter_free);
  g_clear_object (&self->series);
  g_clear_pointer (&self->phases, g_array_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->tracked_task, pool_task_unref);
  g_clear_pointer (&self->watched, g_array_unref);
  g_clear_pointer (&self->statuses, json_object_unref);
  g_clear_pointer (&self->details, json_object_unref);
  g_clear_pointer (&self->csharp_marks, lab_csharp_marks_free);
  g_clear_pointer (&self->report, lab_report_free);
  g_strfreev (self->log);
  g_strfreev (self->chips);
  g_free (self->summary);
  g_free (self->id);
  g_free (self->title);

  G_OBJECT_CLASS (lab_run_monitor_parent_class)->finalize (object);
}

static void
lab_run_monitor_class_init (LabRunMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_run_monitor_finalize;

  /**
   * LabRunMonitor::updated:
   *
   * New stall samples, trace events or counters (about 20 times a second
   * while the UI thread runs).
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LabRunMonitor::finished:
   *
   * The run is over; the report, the log and the chips are ready.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lab_run_monitor_init (LabRunMonitor *self)
{
  self->series = lab_stall_series_new ();
  self->phases = g_array_new (FALSE, TRUE, sizeof (Phase));
  g_array_set_clear_func (self->phases, phase_clear);
  self->watched = g_array_new (FALSE, TRUE, sizeof (WatchedTask));
  g_array_set_clear_func (self->watched, watched_task_clear);
  self->csharp_marks = lab_csharp_marks_new ();
}

/**
 * lab_run_monitor_new:
 * @id: the scenario's id
 * @number: its number in the catalogue
 * @title: its title
 * @expected: (array fixed-size=4): the verdicts it should measure
 */
LabRunMonitor *
lab_run_monitor_new (const char       *id,
                     guint             number,
                     const char       *title,
                     const LabVerdict *expected)
{
  LabRunMonitor *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (expected != NULL, NULL);

  self = g_object_new (LAB_TYPE_RUN_MONITOR, NULL);
  self->id = g_strdup (id);
  self->number = number;
  self->title = g_strdup (title);
  memcpy (self->expected, expected, sizeof self->expected);
  self->meter = lab_stall_meter_new (NULL);
  return self;
}

/**
 * _lab_run_monitor_new_finished:
 * @report: (transfer full): what the run measured
 *
 * A run finished elsewhere (a saved run, lab-run-file.c): the log and the
 * chips are made again from the model and the report, as at its end.
 */
LabRunMonitor *
_lab_run_monitor_new_finished (LabReport             *report,
                               LabTraceModel         *model,
                               LabStallSeries        *series,
                               guint                  ui_serial,
                               gint64                 start_us,
                               gint64                 end_us,
                               const LabPoolCounters *counters)
{
  LabRunMonitor *self = lab_run_monitor_new (report->id, report->number, report->title,
                                             report->expected);

  self->state = LAB_RUN_STATE_FINISHED;
  self->start_us = start_us;
  self->end_us = end_us;
  self->ui_serial = ui_serial;
  self->model = g_object_ref (model);
  g_set_object (&self->series, series);
  self->counters = *counters;
  self->report = report;
  self->log = lab_run_log_build (model, ui_serial);
  self->chips = lab_report_dup_chips (report);
  return self;
}

/* How the monitor counts the frames the window draws during the run. */
void
lab_run_monitor_set_frame_counter (LabRunMonitor       *self,
                                   LabFrameCounterFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (self->state == LAB_RUN_STATE_READY);

  if (self->frame_counter_destroy != NULL)
    self->frame_counter_destroy (self->frame_counter_data);
  self->frame_counter = func;
  self->frame_counter_data = user_data;
  self->frame_counter_destroy = destroy;
}

/* ---- sampling ------------------------------------------------------------- */

Phase *
_lab_run_monitor_open_phase (LabRunMonitor *self)
{
  Phase *last;

  if (self->phases->len == 0)
    return NULL;
  last = &g_array_index (self->phases, Phase, self->phases->len - 1);
  return last->end_us == 0 ? last : NULL;
}

void
_lab_run_monitor_note_status (WatchedTask *watched)
{
  const char *status = pool_task_status_to_string (pool_task_get_status (watched->task));

  if (watched->seen->len == 0 ||
      !g_str_equal (g_ptr_array_index (watched->seen, watched->seen->len - 1), status))
    g_ptr_array_add (watched->seen, (gpointer) status);
}

/* Threads held and the watched statuses, every SAMPLE_US. */
static void
sample (LabRunMonitor *self,
        gint64         now_us)
{
  guint busy = pool_thread_pool_get_busy_thread_count ();
  Phase *phase = _lab_run_monitor_open_phase (self);

  self->threads_held_peak = MAX (self->threads_held_peak, busy);
  if (phase != NULL)
    {
      /* a worker that wakes for a moment shows in the peak; one held for
       * the whole phase shows in the thread-milliseconds */
      phase->threads_held_peak = MAX (phase->threads_held_peak, busy);
      phase->thread_ms_held += busy * (now_us - MAX (self->last_sample_us, phase->start_us)) / 1000.0;
    }
  for (guint i = 0; i < self->watched->len; i++)
    _lab_run_monitor_note_status (&g_array_index (self->watched, WatchedTask, i));
  self->last_sample_us = now_us;
}

static LabStallCause
gap_cause (const LabStallSample *sample,
           gpointer              self)
{
  return _lab_run_monitor_gap_cause (self, sample->at_us, sample->gap_ms);
}

/* The trace and the counters, every POLL_US. */
static void
poll_pool (LabRunMonitor *self,
           gint64         now_us)
{
  /* the C# marks learn from the links too */
  g_autoptr(GArray) events = pool_trace_copy_events_since (self->trace_position);

  if (events->len > 0)
    {
      self->trace_position = g_array_index (events, PoolTraceEvent, events->len - 1).position + 1;
      lab_trace_model_append (self->model, (const PoolTraceEvent *) events->data, events->len);
      lab_csharp_marks_note_events (self->csharp_marks, (const PoolTraceEvent *) events->data,
                                    events->len);
    }
  lab_pool_counters_read (&self->counters, &self->baseline);
  self->last_poll_us = now_us;
  /* the UI thread records its spans before it beats again: every gap that
   * ended by now can be told the scenario's or the machine's */
  lab_stall_series_attribute (self->series, now_us, gap_cause, self);
  g_signal_emit (self, signals[UPDATED], 0);
}

static void
on_beat (gint64   at_us,
         double   gap_ms,
         gpointer data)
{
  LabRunMonitor *self = data;
  Phase *phase = _lab_run_monitor_open_phase (self);

  lab_stall_series_add (self->series, at_us, gap_ms);
  if (phase != NULL)
    phase->max_gap_ms = MAX (phase->max_gap_ms,
                             (at_us - MAX (at_us - (gint64) (gap_ms * 1000.0), phase->start_us)) / 1000.0);
  if (at_us - self->last_sample_us >= SAMPLE_US)
    sample (self, at_us);
  if (at_us - self->last_poll_us >= POLL_US)
    poll_pool (self, at_us);
}

/* Call from the UI thread: the measuring starts now. */
void
lab_run_monitor_start (LabRunMonitor *self)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (self->state == LAB_RUN_STATE_READY);

  /* where the work ran comes from the trace */
  pool_trace_set_enabled (TRUE);
  self->state = LAB_RUN_STATE_RUNNING;
  self->trace_position = pool_trace_get_position ();
  self->start_us = g_get_monotonic_time ();
  self->last_sample_us = self->start_us;
  self->last_poll_us = self->start_us;
  self->ui_serial = pool_trace_get_thread_serial ();
  self->model = lab_trace_model_new (self->start_us, self->ui_serial);
  lab_pool_counters_read (&self->baseline, NULL);
  lab_pool_counters_read (&self->counters, &self->baseline);
  if (self->frame_counter != NULL)
    self->frames_at_start = self->frame_counter (self->frame_counter_data);
  lab_stall_meter_set_beat_func (self->meter, on_beat, self, NULL);
  lab_stall_meter_start (self->meter);
}

/**
 * lab_run_monitor_begin_work:
 *
 * The scenario's work starts now (call from the UI thread, while running):
 * what was measured since lab_run_monitor_start() is the run's baseline,
 * the idle UI thread's gaps (see LAB_BASELINE_MS). Only the first call
 * counts.
 */
void
lab_run_monitor_begin_work (LabRunMonitor *self)
{
  gint64 now_us;

  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (self->state == LAB_RUN_STATE_RUNNING);

  if (lab_trace_model_get_work_start (self->model) > 0)
    return;
  now_us = g_get_monotonic_time ();
  lab_stall_series_set_baseline (self->series, self->start_us, now_us);
  lab_trace_model_set_work_start (self->model, now_us);
}

/**
 * lab_run_monitor_set_planned_ms:
 * @planned_ms: how long the scenario's work is planned to take (the freeze
 *   length its blur is calibrated to); 0 if not known
 *
 * A hint for the views (the live timeline's axis), never measured.
 */
void
lab_run_monitor_set_planned_ms (LabRunMonitor *self,
                                double         planned_ms)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (planned_ms >= 0);

  self->planned_ms = planned_ms;
}

double
lab_run_monitor_get_planned_ms (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), 0.0);

  return self->planned_ms;
}

/**
 * lab_run_monitor_get_baseline_remaining_ms:
 *
 * Returns: how much of the baseline is still to be watched before the
 *   scenario's work may start (0 once LAB_BASELINE_MS has passed since the
 *   start)
 */
double
lab_run_monitor_get_baseline_remaining_ms (LabRunMonitor *self)
{
  double watched_ms;

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), 0.0);

  if (self->state != LAB_RUN_STATE_RUNNING || lab_trace_model_get_work_start (self->model) > 0)
    return 0.0;
  watched_ms = (g_get_monotonic_time () - self->start_us) / 1000.0;
  return MAX (0.0, LAB_BASELINE_MS - watched_ms);
}

/**
 * lab_run_monitor_update:
 *
 * Takes in the trace and the counters now, without waiting for the next
 * poll (a scenario that reads the trace model when its work is done).
 */
void
lab_run_monitor_update (LabRunMonitor *self)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  if (self->state == LAB_RUN_STATE_RUNNING)
    poll_pool (self, g_get_monotonic_time ());
}

/* ---- what the scenario measured ------------------------------------------- */

/* The task whose final status the report gives. */
void
lab_run_monitor_track_task (LabRunMonitor *self,
                            PoolTask      *task)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  g_clear_pointer (&self->tracked_task, pool_task_unref);
  self->tracked_task = task != NULL ? pool_task_ref (task) : NULL;
}

/**
 * lab_run_monitor_watch_task:
 * @detail_key: the report detail that lists the statuses seen
 *
 * Reads @task's status with every sample (and at the end) and reports the
 * statuses it went through, each change once, in order.
 */
void
lab_run_monitor_watch_task (LabRunMonitor *self,
                            PoolTask      *task,
                            const char    *detail_key)
{
  WatchedTask watched = { pool_task_ref (task), g_strdup (detail_key), g_ptr_array_new () };

  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  _lab_run_monitor_note_status (&watched);
  g_array_append_val (self->watched, watched);
}

/**
 * lab_run_monitor_set_verdict:
 *
 * Replaces the stall's verdict with one the scenario measured: call it only
 * where the measurement shows it (see the top of this file).
 */
void
lab_run_monitor_set_verdict (LabRunMonitor *self,
                             LabVerdict     verdict)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  self->verdict = verdict;
}

/* A task (or something that is not one) the scenario shows, by name. */
void
lab_run_monitor_set_status (LabRunMonitor *self,
                            const char    *name,
                            const char    *status)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (name != NULL && status != NULL);

  if (self->statuses == NULL)
    self->statuses = json_object_new ();
  json_object_set_string_member (self->statuses, name, status);
}

JsonObject *
_lab_run_monitor_ensure_details (LabRunMonitor *self)
{
  if (self->details == NULL)
    self->details = json_object_new ();
  return self->details;
}

void
lab_run_monitor_add_detail (LabRunMonitor *self,
                            const char    *key,
                            const char    *value)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (key != NULL && value != NULL);

  json_object_set_string_member (_lab_run_monitor_ensure_details (self), key, value);
}

void
lab_run_monitor_add_detail_number (LabRunMonitor *self,
                                   const char    *key,
                                   double         value)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (key != NULL);

  json_object_set_double_member (_lab_run_monitor_ensure_details (self), key, value);
}

/* Takes @node (an array or object of measured facts). */
void
lab_run_monitor_add_detail_node (LabRunMonitor *self,
                                 const char    *key,
                                 JsonNode      *node)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (key != NULL && node != NULL);

  json_object_set_member (_lab_run_monitor_ensure_details (self), key, node);
}

/* The line the window shows under the verdict: the facts the scenario measured. */
void
lab_run_monitor_set_summary (LabRunMonitor *self,
                             const char    *summary)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  g_free (self->summary);
  self->summary = g_strdup (summary);
}

/**
 * lab_run_monitor_begin_phase:
 * @name: what the phase shows ("await", "Task.Run", ...)
 *
 * Starts measuring one part of the run on its own: its longest UI stall,
 * the most workers busy at once during it, and the thread-milliseconds
 * held. A run with two or more phases takes its verdicts from theirs. Ends
 * the open phase, if any.
 */
void
lab_run_monitor_begin_phase (LabRunMonitor *self,
                             const char    *name)
{
  lab_run_monitor_begin_phase_full (self, name, NULL);
}

/**
 * lab_run_monitor_begin_phase_full:
 * @name: what the phase shows
 * @held_region: (nullable): count as held only the pool threads inside
 *   trace regions of this label (the call the phase is about: "download"),
 *   not every busy worker; %NULL: every busy worker, sampled
 *
 * As lab_run_monitor_begin_phase(). With @held_region, the phase's threads
 * held come from the pool's trace at its end: the time pool threads (workers
 * and dedicated threads) spent inside such regions within the phase, and
 * the most of them inside one at once; the UI thread's time inside one is
 * reported beside them. A worker busy with something else (the tail of an
 * earlier run) is not counted.
 */
void
lab_run_monitor_begin_phase_full (LabRunMonitor *self,
                                  const char    *name,
                                  const char    *held_region)
{
  Phase phase = { 0, };

  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (self->state == LAB_RUN_STATE_RUNNING);
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->phases->len < LAB_VERDICT_MAX_PHASES);

  if (_lab_run_monitor_open_phase (self) != NULL)
    lab_run_monitor_end_phase (self, NULL);
  phase.name = g_strdup (name);
  phase.held_region = g_strdup (held_region);
  phase.start_us = g_get_monotonic_time ();
  g_array_append_val (self->phases, phase);
}

/* A phase's threads held, from the trace: time inside @phase->held_region. */
static void
count_region_threads (LabRunMonitor *self,
                      Phase         *phase)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  phase->thread_ms_held = 0.0;
  phase->ui_thread_ms_held = 0.0;
  phase->threads_held_peak = 0;
  for (guint i = 0; i < lab_trace_model_get_n_items (self->model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (self->model, i)->event;
      gint64 span[2];

      if (event->kind != POOL_TRACE_KIND_REGION || g_strcmp0 (event->label, phase->held_region) != 0)
        continue;
      span[0] = MAX (event->start_us, phase->start_us);
      span[1] = MIN (event->end_us, phase->end_us);
      if (span[1] <= span[0])
        continue;
      if (event->role == POOL_THREAD_ROLE_UI)
        phase->ui_thread_ms_held += (span[1] - span[0]) / 1000.0;
      else if (event->role == POOL_THREAD_ROLE_WORKER || event->role == POOL_THREAD_ROLE_DEDICATED)
        {
          phase->thread_ms_held += (span[1] - span[0]) / 1000.0;
          g_array_append_val (spans, span);
        }
    }
  /* the most at once: at some span's start */
  for (guint i = 0; i < spans->len; i++)
    {
      gint64 at = g_array_index (spans, gint64, 2 * i);
      guint inside = 0;

      for (guint j = 0; j < spans->len; j++)
        if (g_array_index (spans, gint64, 2 * j) <= at && at < g_array_index (spans, gint64, 2 * j + 1))
          inside++;
      phase->threads_held_peak = MAX (phase->threads_held_peak, inside);
    }
}

/**
 * lab_run_monitor_end_phase:
 * @thread_ms_held: (out) (optional): busy workers × time during the phase
 *   (with a held region: pool threads × time inside it)
 *
 * Returns: the phase's verdict, from its stall (see the top of this file)
 */
LabVerdict
lab_run_monitor_end_phase (LabRunMonitor *self,
                           double        *thread_ms_held)
{
  Phase *phase;
  gint64 now = g_get_monotonic_time ();
  double work_ms;

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), LAB_VERDICT_NONE);
  g_return_val_if_fail (_lab_run_monitor_open_phase (self) != NULL, LAB_VERDICT_NONE);

  phase = _lab_run_monitor_open_phase (self);
  /* the gap up to now counts too */
  phase->max_gap_ms = MAX (phase->max_gap_ms,
                           (now - MAX (lab_stall_meter_get_last_beat (self->meter), phase->start_us)) / 1000.0);
  phase->end_us = now;
  /* the trace up to now: the work of the phase is in it */
  poll_pool (self, now);
  if (phase->held_region != NULL)
    count_region_threads (self, phase);
  phase->scenario_stall_ms = _lab_run_monitor_phase_stall (self, phase->start_us, now, &work_ms);
  phase->verdict = lab_verdict_for_stall (phase->scenario_stall_ms, work_ms);
  if (thread_ms_held != NULL)
    *thread_ms_held = phase->thread_ms_held;
  return phase->verdict;
}

static gboolean
take_last_events (gpointer data)
{
  LabRunMonitor *self = data;

  poll_pool (self, g_get_monotonic_time ());
  /* the log tells the finishing continuation too, as the timeline draws it */
  g_strfreev (self->log);
  self->log = lab_run_log_build (self->model, self->ui_serial);
  g_signal_emit (self, signals[UPDATED], 0);
  return G_SOURCE_REMOVE;
}

/**
 * lab_run_monitor_finish:
 * @error: (nullable): why the run failed, if it did
 *
 * Ends the run on the UI thread: stops the measuring, builds the report,
 * the log and the chips, and emits ::finished. Once only.
 */
void
lab_run_monitor_finish (LabRunMonitor *self,
                        const GError  *error)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (self->state == LAB_RUN_STATE_RUNNING);

  if (_lab_run_monitor_open_phase (self) != NULL)
    lab_run_monitor_end_phase (self, NULL);
  lab_stall_meter_stop (self->meter);
  self->end_us = g_get_monotonic_time ();
  sample (self, self->end_us);
  poll_pool (self, self->end_us);

  self->report = _lab_run_monitor_build_report (self, error);
  self->log = lab_run_log_build (self->model, self->ui_serial);
  self->chips = lab_report_dup_chips (self->report);
  self->state = LAB_RUN_STATE_FINISHED;
  /* the task that finished the run (a continuation on the UI thread) is
   * recorded when it returns: one more look at the trace, for the views */
  g_idle_add_full (G_PRIORITY_DEFAULT, take_last_events, g_object_ref (self), g_object_unref);
  g_signal_emit (self, signals[FINISHED], 0);
}

/* ---- for the instruments -------------------------------------------------- */

const char *
lab_run_monitor_get_id (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return self->id;
}

const char *
lab_run_monitor_get_title (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return self->title;
}

LabRunState
lab_run_monitor_get_state (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), LAB_RUN_STATE_READY);

  return self->state;
}

gint64
lab_run_monitor_get_start_time (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), 0);

  return self->start_us;
}

/* When the run finished, or 0 while it runs. */
gint64
lab_run_monitor_get_end_time (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), 0);

  return self->end_us;
}

/* (nullable): the run's trace model, from its start */
LabTraceModel *
lab_run_monitor_get_trace_model (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return self->model;
}

/* Every gap of the main loop since the start. */
LabStallSeries *
lab_run_monitor_get_stall_series (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return self->series;
}

/* The pool's counters at the last poll (tasks and completions since the start). */
const LabPoolCounters *
lab_run_monitor_get_counters (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return &self->counters;
}

/* (nullable): the report, once finished */
LabReport *
lab_run_monitor_get_report (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return self->report;
}

/* (nullable): the log's lines, once finished */
const char * const *
lab_run_monitor_get_log (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return (const char * const *) self->log;
}

/* (nullable): the measured facts as chips, once finished */
const char * const *
lab_run_monitor_get_chips (LabRunMonitor *self)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), NULL);

  return (const char * const *) self->chips;
}
