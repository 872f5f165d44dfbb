/* .Result on the UI thread: a deadlock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BlurAsync is an ordinary async method: it awaits a Task.Run blur, then
 * puts the picture on screen, so the code after its await has to run on the
 * UI thread, and await arranges that by posting it there. The click handler
 * then calls BlurAsync().Result, which blocks the UI thread until the task
 * is done. The task cannot be done until the code after the await runs, and
 * that code is queued to the very thread that is blocked waiting. Neither
 * can move: a deadlock. In .NET the window hangs for good.
 *
 * Here a watchdog breaks it, and it counts only from the moment the cycle
 * exists: the blur has finished, the code after its await is queued to the
 * UI thread, and the UI thread is blocked in .Result. While the blur still
 * runs (longer on a busy machine) there is no deadlock yet, only a frozen
 * window, and nothing is declared. 1.5 s after the cycle closed the
 * watchdog cancels the wait: the UI thread returns to its main loop, the
 * queued continuation runs at once, and the task completes. The report says
 * what waited on what, and for how long, as measured.
 */
#include <glib/gi18n.h>
#include <pthread.h>

#include "lab-scenario-run.h"

#define WATCHDOG_MS 1500
/* a bound on the whole wait, should the blur itself never end */
#define BACKSTOP_MS 120000

typedef struct
{
  /* immutable after start() */
  LabScenarioRun              *run;
  PoolTaskCompletionSource    *completion;   /* the async method's task */
  PoolTask                    *blur;         /* the task it awaits */
  PoolCancellationTokenSource *watchdog;     /* cancels the UI thread's wait */

  /* atomic */
  int                          ref_count;
  int                          after_await_ran;

  /* protected by @lock: the two halves of the cycle, and when it closed */
  pthread_mutex_t              lock;
  gint64                       ui_blocked_us;  /* the UI thread entered .Result */
  gint64                       queued_us;      /* the blur ended: the code after its
                                                * await queued to the UI thread */
  gint64                       cycle_us;       /* both: the watchdog counts from here */

  /* UI thread only */
  gint64                       released_us;
} BlurAsync;

static BlurAsync *
blur_async_ref (BlurAsync *state)
{
  g_atomic_int_inc (&state->ref_count);
  return state;
}

static void
blur_async_unref (BlurAsync *state)
{
  if (!g_atomic_int_dec_and_test (&state->ref_count))
    return;
  g_clear_pointer (&state->completion, pool_task_completion_source_free);
  g_clear_pointer (&state->blur, pool_task_unref);
  g_clear_pointer (&state->watchdog, pool_cancellation_token_source_unref);
  pthread_mutex_destroy (&state->lock);
  g_clear_object (&state->run);
  g_free (state);
}

/* Under @lock: once both halves are there, the cycle exists; start the watchdog. */
static void
close_cycle_unlocked (BlurAsync *state)
{
  if (state->cycle_us != 0 || state->ui_blocked_us == 0 || state->queued_us == 0 ||
      g_atomic_int_get (&state->after_await_ran))
    return;
  state->cycle_us = g_get_monotonic_time ();
  pool_cancellation_token_source_cancel_after (state->watchdog, WATCHDOG_MS);
}

/* On the thread that completed the blur, right after the await's
 * continuation was handed to the UI scheduler (continuations start in the
 * order they were added). The observer's, not part of the program. */
static gpointer
note_queued (PoolTask  *blur,
             gpointer   data,
             GError   **error)
{
  BlurAsync *state = data;

  pthread_mutex_lock (&state->lock);
  state->queued_us = g_get_monotonic_time ();
  close_cycle_unlocked (state);
  pthread_mutex_unlock (&state->lock);
  return NULL;
}

static double
ms_between (gint64 from_us,
            gint64 to_us)
{
  return from_us != 0 && to_us > from_us ? (to_us - from_us) / 1000.0 : 0.0;
}

/* From the pool's trace: how long the code after the await sat in the UI
 * thread's queue. It is the item on the UI thread queued before the UI
 * thread was let go and run after. */
static double
continuation_queue_ms (BlurAsync *state)
{
  LabTraceModel *model = lab_scenario_run_get_trace_model (state->run);
  double queued_ms = 0.0;

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, i);
      const PoolTraceEvent *event = &item->event;

      /* the code after an await is a posted callback, no task */
      if ((event->kind == POOL_TRACE_KIND_TASK || event->kind == POOL_TRACE_KIND_WORK_ITEM) &&
          event->role == POOL_THREAD_ROLE_UI &&
          event->queued_us != 0 && event->queued_us < state->released_us &&
          event->start_us >= state->released_us)
        queued_ms = MAX (queued_ms, ms_between (event->queued_us, event->start_us));
    }
  return queued_ms;
}

/* The async method's task completed, after the UI thread was let go. */
static gpointer
report_recovery (PoolTask  *method_task,
                 gpointer   data,
                 GError   **error)
{
  BlurAsync *state = data;
  g_autoptr(GError) method_error = NULL;
  LabImage *image = pool_task_get_result (method_task, &method_error);

  lab_scenario_run_set_status (state->run, "BlurAsync after the watchdog",
                               pool_task_get_status (method_task));
  lab_scenario_run_add_detail_number (state->run, "recovered_after_ms",
                                      ms_between (state->released_us, g_get_monotonic_time ()));
  lab_scenario_run_add_detail_number (state->run, "continuation_waited_in_ui_queue_ms",
                                      continuation_queue_ms (state));
  lab_scenario_run_complete (state->run, image, method_error);
  return NULL;
}

/* The wait ended: say what waited on what, as measured now. A deadlock only
 * when the cycle existed: the UI thread blocked in .Result, the code after
 * the await queued to it and not run, the method's task not completed. */
static void
explain (BlurAsync *state,
         PoolTask  *method_task)
{
  LabScenarioRun *run = state->run;
  PoolTaskStatus blur_status = pool_task_get_status (state->blur);
  PoolTaskStatus method_status = pool_task_get_status (method_task);
  gboolean ran = g_atomic_int_get (&state->after_await_ran);
  gint64 blocked_us, queued_us, cycle_us;
  double blocked_ms, cycle_ms;

  pthread_mutex_lock (&state->lock);
  blocked_us = state->ui_blocked_us;
  queued_us = state->queued_us;
  cycle_us = state->cycle_us;
  pthread_mutex_unlock (&state->lock);
  blocked_ms = ms_between (blocked_us, state->released_us);
  cycle_ms = ms_between (cycle_us, state->released_us);

  lab_scenario_run_set_status (run, "awaited Task.Run blur", blur_status);
  lab_scenario_run_set_status (run, "BlurAsync at the timeout", method_status);
  lab_scenario_run_add_detail_number (run, "ui_thread_blocked_ms", blocked_ms);
  lab_scenario_run_add_detail_number (run, "blur_before_cycle_ms", ms_between (blocked_us, cycle_us));
  lab_scenario_run_add_detail (run, "continuation_queued_while_ui_blocked", "%s",
                               queued_us != 0 && !ran ? "yes" : "no");

  if (cycle_us == 0 || ran || pool_task_is_completed (method_task))
    {
      lab_scenario_run_set_summary (run, "No deadlock: the UI thread waited %.0f ms in .Result "
                                    "and the code after the await %s",
                                    blocked_ms, ran ? "had already run" : "was never queued");
      return;
    }

  /* measured: the cycle existed, and the watchdog, counting from it, ran out */
  lab_scenario_run_set_verdict (run, LAB_VERDICT_DEADLOCKED);
  lab_scenario_run_add_detail_number (run, "watchdog_waited_ms", cycle_ms);
  lab_scenario_run_add_detail (run, "ui_thread_waited_for",
                               "task %u (BlurAsync), in .Result", pool_task_get_id (method_task));
  lab_scenario_run_add_detail (run, "task_waited_for",
                               "the code after its await, queued to the UI thread");
  lab_scenario_run_set_summary (run, "Deadlock for %.0f ms: the blur was done (%s), the code "
                                "after its await sat queued to the UI thread, and the UI thread "
                                "sat in .Result waiting for task %u, which needed that code. "
                                "The watchdog counted from that moment, then let go, and the "
                                "continuation ran · the UI thread was blocked %.0f ms in all",
                                cycle_ms, pool_task_status_to_string (blur_status),
                                pool_task_get_id (method_task), blocked_ms);
}

/* [snippet] */
/* The code after `await`: await captured the UI thread's context, so it runs there. */
static void
after_await (PoolTask *blur,
             gpointer  data)
{
  BlurAsync *state = data;
  GError *error = NULL;
  LabImage *image = pool_task_get_awaiter_result (blur, &error);

  g_atomic_int_set (&state->after_await_ran, TRUE);
  /* status.Text = "blurred"; return blurred;  (completes BlurAsync's task) */
  if (image != NULL)
    pool_task_completion_source_try_set_result (state->completion, lab_image_ref (image),
                                                (GDestroyNotify) lab_image_unref);
  else
    pool_task_completion_source_try_set_error (state->completion, error);
}

/* async Task<Image> BlurAsync() { var blurred = await Task.Run(() => Blur(image)); ... } */
static PoolTask *
blur_async (BlurAsync *state)
{
  LabImage *image = lab_scenario_run_get_source (state->run);
  g_autoptr(PoolTask) observer = NULL;

  state->completion = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  state->blur = pool_task_run (lab_blur_job_task_func,
                               lab_scenario_run_new_blur_job_for_image (state->run, image, 0.3),
                               (GDestroyNotify) lab_blur_job_free);
  pool_task_set_result_destroy (state->blur, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_mark_task (state->run, state->blur, "await Task.Run(");
  lab_scenario_run_mark_label (state->run, "blur", "await Task.Run(() => Blur(image));");
  /* await: captures the UI thread's context, the rest runs there */
  lab_scenario_run_mark_await (state->run, state->blur, "status.Text = \"blurred\";");
  pool_task_await (state->blur, TRUE, after_await, state, NULL);
  /* (the observer: notes when that continuation was queued, at the await) */
  observer = pool_task_continue_with_full (state->blur, note_queued, blur_async_ref (state),
                                           (GDestroyNotify) blur_async_unref, NULL,
                                           POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                           pool_scheduler_get_default ());
  lab_scenario_run_mark_task (state->run, observer, "await Task.Run(");
  lab_scenario_run_mark_task (state->run, pool_task_completion_source_get_task (state->completion),
                              "async Task<Image> BlurAsync()");
  return pool_task_completion_source_get_task (state->completion);
}

/* The click handler: preview.Image = BlurAsync().Result; */
static void
start (LabScenarioRun *run)
{
  BlurAsync *state = g_new0 (BlurAsync, 1);
  g_autoptr(GError) error = NULL;
  PoolTask *method_task;
  g_autoptr(PoolTask) recovery = NULL;
  gint64 wait_begin;

  state->ref_count = 1;
  state->run = g_object_ref (run);
  state->watchdog = pool_cancellation_token_source_new ();
  pthread_mutex_init (&state->lock, NULL);
  method_task = blur_async (state);

  /* .Result blocks the UI thread; (the watchdog cancels the wait 1.5 s
   * after the cycle closes) */
  pthread_mutex_lock (&state->lock);
  state->ui_blocked_us = g_get_monotonic_time ();
  close_cycle_unlocked (state);
  pthread_mutex_unlock (&state->lock);
  lab_scenario_run_mark_wait (run, method_task, "BlurAsync().Result;");
  lab_scenario_run_mark_label (run, "blocked in .Result", "BlurAsync().Result;");
  /* (the watchdog's timer lets that wait go) */
  lab_scenario_run_mark_label (run, "timer", "BlurAsync().Result;");
  wait_begin = pool_trace_begin_region ();
  pool_task_wait_full (method_task, BACKSTOP_MS,
                       pool_cancellation_token_source_get_token (state->watchdog), &error);
  pool_trace_end_region ("blocked in .Result", wait_begin);

  /* (let go: back to the main loop, where the queued continuation can run) */
  state->released_us = g_get_monotonic_time ();
  explain (state, method_task);
  recovery = pool_task_continue_with (method_task, report_recovery, state,
                                      (GDestroyNotify) blur_async_unref,
                                      lab_scenario_run_get_ui_scheduler (run));
  /* (once the wait is let go: what preview.Image gets) */
  lab_scenario_run_mark_task (run, recovery, "BlurAsync().Result;");
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_ASYNC_IO,
  .title = N_(".Result on the UI thread: deadlock"),
  .summary = N_("BlurAsync awaits a Task.Run blur; the code after its await must run on the UI "
                "thread. The click handler blocks the UI thread on BlurAsync().Result. Once the "
                "blur is done, that code sits queued to a thread that is waiting for it: "
                "deadlock. The watchdog counts 1.5 s from that moment, not from the click (the "
                "blur may still be running then), and lets go; the queued code then runs and the "
                "task completes."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    // Blocks the UI thread until BlurAsync's task completes ...\n"
    "    preview.Image = BlurAsync().Result;\n"
    "}\n"
    "\n"
    "async Task<Image> BlurAsync()\n"
    "{\n"
    "    var blurred = await Task.Run(() => Blur(image));\n"
    "    // ... but the rest runs on the UI thread, which is blocked\n"
    "    status.Text = \"blurred\";   // never runs: deadlock\n"
    "    return blurred;\n"
    "}\n",
  .expected = { LAB_VERDICT_DEADLOCKED },
  .start = start,
};
