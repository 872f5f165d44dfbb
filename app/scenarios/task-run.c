/* Task.Run from a click, result via UI continuation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The async click handler awaits Task.Run. Task.Run always uses the thread
 * pool (TaskScheduler.Default), so the blur runs on a worker thread while
 * the UI thread goes on drawing frames and taking your typing. The await
 * captured the UI thread's SynchronizationContext, so the code after it
 * runs back on the UI thread and puts the picture on screen: only the UI
 * thread touches widgets. The blur checks the token between passes, so
 * Escape ends the run Canceled. The older form, .ContinueWith(t => …, ui),
 * does the same through a continuation task on the UI scheduler.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* [snippet] */
/* The code after the await: back on the UI thread, which the await captured. */
static void
show_blurred (PoolTask *blur,
              gpointer  run)
{
  /* preview.Image = blurred; or, canceled, the catch: the run ends Canceled */
  lab_scenario_run_show_result (blur, run, NULL);
}

static void
start (LabScenarioRun *run)
{
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
  g_autoptr(PoolTask) blur = NULL;

  /* Task.Run(() => Blur(image, token), token): the default scheduler, a pool worker */
  blur = pool_task_run_with_token (lab_blur_job_task_func,
                                   lab_scenario_run_new_cancellable_blur_job (run),
                                   (GDestroyNotify) lab_blur_job_free, token);
  pool_task_set_result_destroy (blur, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (run, blur);
  lab_scenario_run_mark_task (run, blur, "await Task.Run(");
  lab_scenario_run_mark_label (run, "blur", "() => Blur(image, token), token);");

  /* await ...: the click handler returns here; the UI thread is free */
  pool_task_await (blur, TRUE, show_blurred, g_object_ref (run), g_object_unref);
  lab_scenario_run_mark_await (run, blur, "preview.Image = blurred;");
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .compare_with = { "blur-in-click-handler" },
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("Task.Run from a click"),
  .summary = N_("The click awaits Task.Run, which always queues the blur to the thread pool. "
                "The blur runs on a worker thread while the window keeps drawing and takes your "
                "typing; after the await, the code runs back on the UI thread and shows the "
                "result. Escape cancels: the blur checks the token."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    try\n"
    "    {\n"
    "        // Task.Run: always the pool (TaskScheduler.Default)\n"
    "        var blurred = await Task.Run(\n"
    "            () => Blur(image, token), token);\n"
    "\n"
    "        // after the await: back on the UI thread\n"
    "        preview.Image = blurred;\n"
    "    }\n"
    "    catch (OperationCanceledException)\n"
    "    {\n"
    "        status.Text = \"Canceled\";   // Escape\n"
    "    }\n"
    "}\n"
    "\n"
    "// Blur calls token.ThrowIfCancellationRequested()\n"
    "// between passes: cancelling stops it cooperatively.\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
