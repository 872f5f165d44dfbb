/* Task.Run from a click, result via UI continuation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The click handler hands the blur to Task.Run. Task.Run always uses the
 * thread pool (TaskScheduler.Default), so the blur runs on a worker thread
 * while the UI thread goes on drawing frames and taking your typing. When the
 * blur is done, a continuation scheduled on the UI thread's scheduler puts
 * the picture on screen: only the UI thread touches widgets.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* [snippet] */
static void
start (LabScenarioRun *run)
{
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  g_autoptr(PoolTask) blur = NULL;
  g_autoptr(PoolTask) shown = NULL;

  /* Task.Run(() => Blur(image)): the default scheduler, a pool worker */
  blur = pool_task_run (lab_blur_job_task_func,
                        lab_scenario_run_new_blur_job (run),
                        (GDestroyNotify) lab_blur_job_free);
  pool_task_set_result_destroy (blur, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (run, blur);

  /* .ContinueWith(t => preview.Image = t.Result, ui) */
  shown = pool_task_continue_with (blur, lab_scenario_run_show_result,
                                   g_object_ref (run), g_object_unref, ui);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("Task.Run from a click"),
  .summary = N_("The click hands the blur to Task.Run, which always queues it to the thread pool. "
                "The blur runs on a worker thread while the window keeps drawing and takes your "
                "typing; a continuation on the UI scheduler shows the result."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "\n"
    "    // Task.Run = StartNew(f, None, DenyChildAttach, TaskScheduler.Default)\n"
    "    Task.Run(() => Blur(image))\n"
    "        .ContinueWith(t => preview.Image = t.Result, ui);\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
