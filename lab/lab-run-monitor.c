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
 * Whose stall: a gap of the main loop is the scenario's when its own work
 * on the UI thread (what the trace shows running there: tasks, work items,
 * the regions the workloads mark) covered at least half of it; any other
 * long gap is the machine's (another program, the screen recorder, the
 * window's own drawing), reported as such, and never makes a verdict. The
 * verdict compares the scenario's stall with the work's duration
 * (lab_verdict_for_stall()).
 *
 * Finishing stops the heartbeat, takes the last events and builds, from the
 * measurements alone, the report (the verdict from the longest gap or from
 * the phases', unless the scenario measured one of its own: a timed-out
 * wait, a task's status, a child's exit), the log and the chips.
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-run-log.h"
#include "lab-run-monitor.h"
#include "lab-stall-meter.h"

#define SAMPLE_US  (10 * 1000)
#define POLL_US    (50 * 1000)

typedef struct
{
  char       *name;
  gint64      start_us;
  gint64      end_us;          /* 0 while open */
  double      max_gap_ms;
  double      scenario_stall_ms;
  guint       threads_held_peak;
  double      thread_ms_held;  /* busy workers × time, from the samples */
  LabVerdict  verdict;
} Phase;

typedef struct
{
  PoolTask   *task;
  char       *detail_key;
  GPtrArray  *seen;            /* static status names, each change once */
} WatchedTask;

struct _LabRunMonitor
{
  GObject              parent_instance;

  /* immutable after creation */
  char                *id;
  guint                number;
  char                *title;
  LabVerdict           expected[LAB_VERDICT_MAX_PHASES];

  /* UI thread only */
  LabFrameCounterFunc  frame_counter;
  gpointer             frame_counter_data;
  GDestroyNotify       frame_counter_destroy;
  guint64              frames_at_start;

  LabRunState          state;
  gint64               start_us;
  gint64               end_us;
  guint                ui_serial;
  guint64              trace_position;
  LabStallMeter       *meter;
  LabStallSeries      *series;
  gint64               last_sample_us;
  gint64               last_poll_us;
  guint                threads_held_peak;
  GArray              *phases;           /* Phase */
  LabPoolCounters      baseline;
  LabPoolCounters      counters;
  LabTraceModel       *model;

  /* what the scenario measured */
  PoolTask            *tracked_task;
  GArray              *watched;          /* WatchedTask */
  LabVerdict           verdict;          /* LAB_VERDICT_NONE: from the stall */
  JsonObject          *statuses;
  JsonObject          *details;
  char                *summary;

  /* once finished */
  LabReport           *report;
  GStrv                log;
  GStrv                chips;
};

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

static Phase *
open_phase (LabRunMonitor *self)
{
  Phase *last;

  if (self->phases->len == 0)
    return NULL;
  last = &g_array_index (self->phases, Phase, self->phases->len - 1);
  return last->end_us == 0 ? last : NULL;
}

static void
note_status (WatchedTask *watched)
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
  Phase *phase = open_phase (self);

  self->threads_held_peak = MAX (self->threads_held_peak, busy);
  if (phase != NULL)
    {
      /* a worker that wakes for a moment shows in the peak; one held for
       * the whole phase shows in the thread-milliseconds */
      phase->threads_held_peak = MAX (phase->threads_held_peak, busy);
      phase->thread_ms_held += busy * (now_us - MAX (self->last_sample_us, phase->start_us)) / 1000.0;
    }
  for (guint i = 0; i < self->watched->len; i++)
    note_status (&g_array_index (self->watched, WatchedTask, i));
  self->last_sample_us = now_us;
}

/* The trace and the counters, every POLL_US. */
static void
poll_pool (LabRunMonitor *self,
           gint64         now_us)
{
  g_autoptr(GArray) events = pool_trace_copy_since (self->trace_position);

  if (events->len > 0)
    {
      self->trace_position = g_array_index (events, PoolTraceEvent, events->len - 1).position + 1;
      lab_trace_model_append (self->model, (const PoolTraceEvent *) events->data, events->len);
    }
  lab_pool_counters_read (&self->counters, &self->baseline);
  self->last_poll_us = now_us;
  g_signal_emit (self, signals[UPDATED], 0);
}

static void
on_beat (gint64   at_us,
         double   gap_ms,
         gpointer data)
{
  LabRunMonitor *self = data;
  Phase *phase = open_phase (self);

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

/* ---- whose stall ----------------------------------------------------------- */

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

static void
attribute_gap (LabRunMonitor *self,
               gint64         at_us,
               double         gap_ms,
               Stalls        *stalls)
{
  gint64 from_us = at_us - (gint64) (gap_ms * 1000.0);

  /* gaps within two frames are the loop's ordinary rhythm */
  if (gap_ms <= 2 * LAB_FRAME_MS)
    {
      stalls->machine_ms = MAX (stalls->machine_ms, gap_ms);
      return;
    }
  if (lab_trace_model_get_ui_busy_ms (self->model, from_us, at_us) >= 0.5 * gap_ms)
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

  note_status (&watched);
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

static JsonObject *
ensure_details (LabRunMonitor *self)
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

  json_object_set_string_member (ensure_details (self), key, value);
}

void
lab_run_monitor_add_detail_number (LabRunMonitor *self,
                                   const char    *key,
                                   double         value)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (key != NULL);

  json_object_set_double_member (ensure_details (self), key, value);
}

/* Takes @node (an array or object of measured facts). */
void
lab_run_monitor_add_detail_node (LabRunMonitor *self,
                                 const char    *key,
                                 JsonNode      *node)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (key != NULL && node != NULL);

  json_object_set_member (ensure_details (self), key, node);
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
  Phase phase = { 0, };

  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (self->state == LAB_RUN_STATE_RUNNING);
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->phases->len < LAB_VERDICT_MAX_PHASES);

  if (open_phase (self) != NULL)
    lab_run_monitor_end_phase (self, NULL);
  phase.name = g_strdup (name);
  phase.start_us = g_get_monotonic_time ();
  g_array_append_val (self->phases, phase);
}

/**
 * lab_run_monitor_end_phase:
 * @thread_ms_held: (out) (optional): busy workers × time during the phase
 *
 * Returns: the phase's verdict, from its stall (see the top of this file)
 */
LabVerdict
lab_run_monitor_end_phase (LabRunMonitor *self,
                           double        *thread_ms_held)
{
  Phase *phase;
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), LAB_VERDICT_NONE);
  g_return_val_if_fail (open_phase (self) != NULL, LAB_VERDICT_NONE);

  phase = open_phase (self);
  /* the gap up to now counts too */
  phase->max_gap_ms = MAX (phase->max_gap_ms,
                           (now - MAX (lab_stall_meter_get_last_beat (self->meter), phase->start_us)) / 1000.0);
  phase->end_us = now;
  /* the trace up to now: the work of the phase is in it */
  poll_pool (self, now);
  phase->scenario_stall_ms = attribute_stalls (self, phase->start_us, now).scenario_ms;
  phase->verdict = lab_verdict_for_stall (phase->scenario_stall_ms,
                                          work_scale_ms (self, phase->start_us, now));
  if (thread_ms_held != NULL)
    *thread_ms_held = phase->thread_ms_held;
  return phase->verdict;
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

static LabReport *
build_report (LabRunMonitor *self,
              const GError  *error)
{
  LabReport *report = g_new0 (LabReport, 1);
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  Stalls stalls = attribute_stalls (self, self->start_us, self->end_us);

  report->id = g_strdup (self->id);
  report->number = self->number;
  report->title = g_strdup (self->title);
  memcpy (report->expected, self->expected, sizeof report->expected);
  report->ui_max_stall_ms = lab_stall_meter_get_max_gap_ms (self->meter);
  report->scenario_stall_ms = stalls.scenario_ms;
  report->machine_stall_ms = stalls.machine_ms;
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
                                                 work_scale_ms (self, self->start_us, self->end_us));

  report->status = self->tracked_task != NULL
                   ? g_strdup (pool_task_status_to_string (pool_task_get_status (self->tracked_task)))
                   : NULL;
  report->error = error != NULL ? g_strdup (error->message) : NULL;
  report->summary = g_strdup (self->summary);
  report->statuses = self->statuses != NULL ? json_object_ref (self->statuses) : NULL;
  report->phases = self->phases->len > 0 ? phases_json (self) : NULL;
  for (guint i = 0; i < self->watched->len; i++)
    {
      WatchedTask *watched = &g_array_index (self->watched, WatchedTask, i);

      note_status (watched);
      json_object_set_member (ensure_details (self), watched->detail_key, strings_node (watched->seen));
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

static gboolean
take_last_events (gpointer data)
{
  LabRunMonitor *self = data;

  poll_pool (self, g_get_monotonic_time ());
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

  if (open_phase (self) != NULL)
    lab_run_monitor_end_phase (self, NULL);
  lab_stall_meter_stop (self->meter);
  self->end_us = g_get_monotonic_time ();
  sample (self, self->end_us);
  poll_pool (self, self->end_us);

  self->report = build_report (self, error);
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
