/* test-replay.c — a finished run played back moment by moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real run monitor, started and finished at once, whose trace model is
 * handed a synthetic trace (shifted to the run's start): a task queued to
 * the UI thread's queue, run there, waiting for a worker's task.
 */
#include "lab-replay.h"
#include "lab-test-trace.h"

/* Shifts a synthetic event (made around ORIGIN_US) to the run's start. */
static PoolTraceEvent
at_run (PoolTraceEvent event,
        gint64         start_us)
{
  gint64 shift = start_us - ORIGIN_US;

  event.start_us += shift;
  event.end_us += shift;
  if (event.queued_us != 0)
    event.queued_us += shift;
  return event;
}

static PoolTraceEvent
instant (guint64       position,
         PoolTraceKind kind,
         guint         task_id,
         gboolean      on_ui,
         double        at_ms)
{
  return on_ui ? UI_EVENT (position, kind, task_id, NULL, 0, at_ms, at_ms)
               : WORKER_EVENT (position, kind, task_id, NULL, 0, 0, at_ms, at_ms);
}

/* Spans: task 3 on the UI thread 20–50 ms, task 4 on worker 1 25–45 ms.
 * Instants: task 3 queued at 10 ms, dequeued and
 * Running at 20, the UI thread waits for task 4 from 30 to 45 ms. */
static LabRunMonitor *
synthetic_monitor (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabRunMonitor *monitor = lab_run_monitor_new ("replay", 2, "Replay", expected);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    instant (0, POOL_TRACE_KIND_QUEUED, 3, TRUE, 10),
    instant (1, POOL_TRACE_KIND_DEQUEUED, 3, TRUE, 20),
    instant (2, POOL_TRACE_KIND_STATUS, 3, TRUE, 20),
    instant (3, POOL_TRACE_KIND_WAIT_BEGIN, 3, TRUE, 30),
    WORKER_EVENT (4, POOL_TRACE_KIND_TASK, 4, NULL, 0, 22, 25, 45),
    instant (5, POOL_TRACE_KIND_WAIT_END, 3, TRUE, 45),
    UI_EVENT (6, POOL_TRACE_KIND_TASK, 3, NULL, 10, 20, 50),
  };
  gint64 start;

  list[0].queue = list[1].queue = POOL_TRACE_QUEUE_MAIN_CONTEXT;
  list[0].queue_index = list[1].queue_index = -1;
  list[2].status = POOL_TASK_STATUS_RUNNING;
  list[3].other_task_id = list[5].other_task_id = 4;

  lab_run_monitor_start (monitor);
  lab_run_monitor_finish (monitor, NULL);
  start = lab_run_monitor_get_start_time (monitor);
  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    {
      list[i] = at_run (list[i], start);
      g_array_append_val (events, list[i]);
    }
  lab_trace_model_append (lab_run_monitor_get_trace_model (monitor),
                          (PoolTraceEvent *) events->data, events->len);
  lab_run_monitor_mark_task (monitor, 3, 7);
  lab_run_monitor_mark_task (monitor, 4, 9);
  return monitor;
}

static gint64
ms_into (LabReplay *replay)
{
  return (lab_replay_get_cursor (replay) - lab_replay_get_start (replay)) / 1000;
}

/* Stepping visits every moment forward then back, in time order; a step past
 * either end is refused and leaves the cursor. */
static void
test_step (void)
{
  g_autoptr(LabRunMonitor) monitor = synthetic_monitor ();
  g_autoptr(LabReplay) replay = lab_replay_new (monitor);
  static const gint64 times[] = { 10, 20, 25, 30, 45, 50 };
  guint notified = 0;

  g_signal_connect_swapped (replay, "notify::cursor", G_CALLBACK (g_atomic_int_inc), &notified);

  /* a finished run shows whole: the cursor starts at the end (the last
   * event's, or the run's if finishing it took longer on a busy machine) */
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, lab_replay_get_end (replay));
  g_assert_cmpint (ms_into (replay), >=, 50);
  g_assert_false (lab_replay_step (replay, 1));

  lab_replay_set_cursor (replay, G_MININT64);
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, lab_replay_get_start (replay));
  g_assert_null (lab_replay_get_current_event (replay));
  g_assert_false (lab_replay_step (replay, -1));

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_assert_true (lab_replay_step (replay, 1));
      g_assert_cmpint (ms_into (replay), ==, times[i]);
      g_assert_nonnull (lab_replay_get_current_event (replay));
    }
  g_assert_false (lab_replay_step (replay, 1));
  for (guint i = G_N_ELEMENTS (times) - 1; i > 0; i--)
    {
      g_assert_true (lab_replay_step (replay, -1));
      g_assert_cmpint (ms_into (replay), ==, times[i - 1]);
    }
  g_assert_false (lab_replay_step (replay, -1));
  g_assert_cmpint (ms_into (replay), ==, times[0]);
  g_assert_cmpuint (notified, ==, 1 + 2 * (G_N_ELEMENTS (times) - 1) + 1);
}

/* The current event is the last one at or before the cursor, and is named
 * as a speaker would say it; its C# line is the one its task was marked with. */
static void
test_current_event (void)
{
  g_autoptr(LabRunMonitor) monitor = synthetic_monitor ();
  g_autoptr(LabReplay) replay = lab_replay_new (monitor);
  gint64 start = lab_replay_get_start (replay);
  const PoolTraceEvent *event;
  g_autofree char *started = NULL;
  g_autofree char *ended = NULL;

  /* inside task 4 (it started at 25 ms) */
  lab_replay_set_cursor (replay, start + MS (27));
  event = lab_replay_get_current_event (replay);
  g_assert_nonnull (event);
  g_assert_cmpint (event->kind, ==, POOL_TRACE_KIND_TASK);
  g_assert_cmpuint (event->task_id, ==, 4);
  g_assert_false (lab_replay_get_current_is_end (replay));
  started = lab_replay_describe_current (replay);
  g_assert_cmpstr (started, ==, "Task 4 starts on Worker 1");
  g_assert_cmpuint (lab_replay_get_current_line (replay), ==, 9);

  /* task 3's end, on the UI thread */
  lab_replay_set_cursor (replay, start + MS (50));
  event = lab_replay_get_current_event (replay);
  g_assert_cmpuint (event->task_id, ==, 3);
  g_assert_true (lab_replay_get_current_is_end (replay));
  ended = lab_replay_describe_current (replay);
  g_assert_cmpstr (ended, ==, "Task 3 ends on the UI thread");
  g_assert_cmpuint (lab_replay_get_current_line (replay), ==, 7);

  {
    static const struct { double ms; const char *words; } said[] = {
      { 10, "Task 3 queued to the UI thread's queue" },
      { 20, "Task 3 Running on the UI thread" },
      { 30, "The UI thread waits for task 4" },
      { 46, "The UI thread stops waiting for task 4" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (said); i++)
      {
        g_autofree char *words = NULL;

        lab_replay_set_cursor (replay, start + MS (said[i].ms));
        words = lab_replay_describe_current (replay);
        g_assert_cmpstr (words, ==, said[i].words);
      }
  }
}

/* At 0.25×, 40 ms of frames move the cursor 10 ms; paused, nothing moves;
 * playing stops at the end; playing from the end starts over. */
static void
test_advance (void)
{
  g_autoptr(LabRunMonitor) monitor = synthetic_monitor ();
  g_autoptr(LabReplay) replay = lab_replay_new (monitor);
  gint64 start = lab_replay_get_start (replay);
  gint64 end = lab_replay_get_end (replay);

  g_assert_cmpfloat (lab_replay_get_speed (replay), ==, 0.25);
  g_assert_false (lab_replay_get_playing (replay));

  lab_replay_set_cursor (replay, start);
  lab_replay_advance (replay, MS (40));
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, start);

  lab_replay_set_playing (replay, TRUE);
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, start);
  for (guint i = 0; i < 3; i++)
    lab_replay_advance (replay, 13333);   /* a frame at 75 Hz; fractions carried */
  lab_replay_advance (replay, 1);
  g_assert_cmpint (lab_replay_get_cursor (replay) - start, ==, 10000);

  lab_replay_set_speed (replay, 1);
  lab_replay_advance (replay, MS (30));
  g_assert_cmpint (lab_replay_get_cursor (replay) - start, ==, MS (40));
  g_assert_true (lab_replay_get_playing (replay));

  lab_replay_advance (replay, G_USEC_PER_SEC * 60);
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, end);
  g_assert_false (lab_replay_get_playing (replay));
  lab_replay_advance (replay, MS (10));
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, end);

  lab_replay_set_playing (replay, TRUE);
  g_assert_cmpint (lab_replay_get_cursor (replay), ==, start);
}

/* Events that reach the model after the replay was made are stepped over too. */
static void
test_late_events (void)
{
  g_autoptr(LabRunMonitor) monitor = synthetic_monitor ();
  g_autoptr(LabReplay) replay = lab_replay_new (monitor);
  gint64 start = lab_replay_get_start (replay);
  guint before = lab_replay_get_n_moments (replay);
  PoolTraceEvent late = at_run (UI_EVENT (7, POOL_TRACE_KIND_WORK_ITEM, 0, "await", 0, 60, 70),
                                start);

  lab_trace_model_append (lab_run_monitor_get_trace_model (monitor), &late, 1);
  g_assert_cmpuint (lab_replay_get_n_moments (replay), ==, before + 2);
  g_assert_cmpint (lab_replay_get_end (replay), >=, start + MS (70));
  lab_replay_set_cursor (replay, start + MS (65));
  {
    g_autofree char *words = lab_replay_describe_current (replay);

    g_assert_cmpstr (words, ==, "The code after an await starts on the UI thread");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/replay/step", test_step);
  g_test_add_func ("/lab/replay/current-event", test_current_event);
  g_test_add_func ("/lab/replay/advance", test_advance);
  g_test_add_func ("/lab/replay/late-events", test_late_events);

  return g_test_run ();
}
