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
 * can move: a deadlock. In .NET the window hangs for good. Here a watchdog
 * waits 1.5 seconds, sees the timeout, and lets go: the UI thread returns to
 * its main loop, the queued continuation runs at once, and the task
 * completes. The report says what waited on what.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

#define WATCHDOG_MS 1500

typedef struct
{
  LabScenarioRun           *run;
  PoolTaskCompletionSource *completion;   /* the async method's task */
  PoolTask                 *blur;         /* the task it awaits */
  gint64                    released_us;
  gint64                    wait_ms;
} BlurAsync;

static void
blur_async_free (BlurAsync *state)
{
  g_clear_pointer (&state->completion, pool_task_completion_source_free);
  g_clear_pointer (&state->blur, pool_task_unref);
  g_clear_object (&state->run);
  g_free (state);
}

/* The async method's task completed, after the hang was broken (UI thread). */
static gpointer
report_recovery (PoolTask  *method_task,
                 gpointer   data,
                 GError   **error)
{
  BlurAsync *state = data;
  g_autoptr(GError) method_error = NULL;
  LabImage *image = pool_task_get_result (method_task, &method_error);
  double recovered_ms = (g_get_monotonic_time () - state->released_us) / 1000.0;

  lab_scenario_run_set_status (state->run, "BlurAsync after the watchdog",
                               pool_task_get_status (method_task));
  lab_scenario_run_add_detail_number (state->run, "recovered_after_ms", recovered_ms);
  lab_scenario_run_complete (state->run, image, method_error);
  blur_async_free (state);
  return NULL;
}

/* The watchdog fired: the wait timed out. Say who waited on whom, as measured now. */
static void
explain_deadlock (BlurAsync *state,
                  PoolTask  *method_task,
                  double     waited_ms)
{
  LabScenarioRun *run = state->run;
  PoolTaskStatus blur_status = pool_task_get_status (state->blur);
  PoolTaskStatus method_status = pool_task_get_status (method_task);

  /* measured: a timed wait on the UI thread ran out */
  lab_scenario_run_set_verdict (run, LAB_VERDICT_DEADLOCKED);
  lab_scenario_run_set_status (run, "awaited Task.Run blur", blur_status);
  lab_scenario_run_set_status (run, "BlurAsync at the timeout", method_status);
  lab_scenario_run_add_detail_number (run, "watchdog_waited_ms", waited_ms);
  lab_scenario_run_add_detail (run, "ui_thread_waited_for",
                               "task %u (BlurAsync), in .Result", pool_task_get_id (method_task));
  lab_scenario_run_add_detail (run, "task_waited_for",
                               "the code after its await, queued to the UI thread");
  lab_scenario_run_add_detail (run, "awaited_work",
                               "task %u (the blur): %s", pool_task_get_id (state->blur),
                               pool_task_status_to_string (blur_status));
  lab_scenario_run_set_summary (run, "Deadlock: the UI thread waited %.0f ms in .Result for "
                                "task %u, which waited for its continuation, queued to the UI "
                                "thread (the blur itself: %s) · the watchdog let go and the "
                                "continuation ran",
                                waited_ms, pool_task_get_id (method_task),
                                pool_task_status_to_string (blur_status));
}

/* [snippet] */
/* The code after `await`: await captured the UI thread's context, so it runs there. */
static void
after_await (PoolTask *blur,
             gpointer  data)
{
  BlurAsync *state = data;
  GError *error = NULL;
  LabImage *image = pool_task_get_result (blur, &error);

  /* return blurred;  (completes BlurAsync's task) */
  if (image != NULL)
    pool_task_completion_source_try_set_result (state->completion, lab_image_ref (image),
                                                (GDestroyNotify) lab_image_unref);
  else
    pool_task_completion_source_try_set_error (state->completion, error);
}

/* async Task<Image> BlurAsync() { var b = await Task.Run(Blur); preview.Image = b; return b; } */
static PoolTask *
blur_async (BlurAsync *state)
{
  LabImage *image = lab_scenario_run_get_source (state->run);

  state->completion = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  state->blur = pool_task_run (lab_blur_job_task_func,
                               lab_scenario_run_new_blur_job_for_image (state->run, image, 0.3),
                               (GDestroyNotify) lab_blur_job_free);
  pool_task_set_result_destroy (state->blur, (GDestroyNotify) lab_image_unref);
  /* await: captures the UI thread's context, the rest runs there */
  pool_task_await (state->blur, TRUE, after_await, state, NULL);
  return pool_task_completion_source_get_task (state->completion);
}

/* The click handler: var image = BlurAsync().Result; */
static void
start (LabScenarioRun *run)
{
  BlurAsync *state = g_new0 (BlurAsync, 1);
  g_autoptr(GError) error = NULL;
  PoolTask *method_task;
  gint64 begin;

  state->run = g_object_ref (run);
  method_task = blur_async (state);

  /* .Result blocks the UI thread; the watchdog gives up after 1.5 s */
  begin = g_get_monotonic_time ();
  if (!pool_task_wait_full (method_task, WATCHDOG_MS, NULL, &error) &&
      g_error_matches (error, POOL_TASK_ERROR, POOL_TASK_ERROR_TIMED_OUT))
    explain_deadlock (state, method_task, (g_get_monotonic_time () - begin) / 1000.0);

  /* let go: back to the main loop, where the queued continuation can run */
  state->released_us = g_get_monotonic_time ();
  pool_task_unref (pool_task_continue_with (method_task, report_recovery, state, NULL,
                                            lab_scenario_run_get_ui_scheduler (run)));
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_ASYNC_IO,
  .title = N_(".Result on the UI thread: deadlock"),
  .summary = N_("BlurAsync awaits a Task.Run blur; the code after its await must run on the UI "
                "thread. The click handler blocks the UI thread on BlurAsync().Result, so that "
                "code can never run: deadlock. A watchdog detects it after 1.5 s and lets go; "
                "the queued continuation then runs and the task completes."),
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
    "    // ... but this line is posted to the UI thread, which is blocked.\n"
    "    status.Text = \"blurred\";\n"
    "    return blurred;\n"
    "}\n",
  .expected = { LAB_VERDICT_DEADLOCKED },
  .start = start,
};
