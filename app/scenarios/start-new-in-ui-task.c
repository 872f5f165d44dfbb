/* StartNew inside a UI task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The click starts a task on the UI scheduler, and that task calls
 * Task.Factory.StartNew to run the blur "in the background". But StartNew
 * without a scheduler argument uses TaskScheduler.Current, and inside a task
 * running on the UI scheduler, Current is the UI scheduler. So the blur is
 * queued straight back to the UI thread, and the window freezes until it is
 * done. Task.Run, or passing TaskScheduler.Default, avoids the trap.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* [snippet] */
/* The outer task: runs on the UI thread, so Current is the UI scheduler. */
static gpointer
start_blur_in_background (gpointer   data,
                          GError   **error)
{
  LabScenarioRun *run = data;
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
  g_autoptr(PoolTask) blur = NULL;
  g_autoptr(PoolTask) shown = NULL;

  /* Task.Factory.StartNew(() => Blur(image, token), token): TaskScheduler.Current! */
  blur = pool_task_factory_start_new_full (lab_blur_job_task_func,
                                           lab_scenario_run_new_cancellable_blur_job (run),
                                           (GDestroyNotify) lab_blur_job_free, token,
                                           POOL_TASK_CREATION_NONE,
                                           pool_scheduler_get_current ());
  pool_task_set_result_destroy (blur, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (run, blur);
  lab_scenario_run_mark_task (run, blur, "Task.Factory.StartNew(() => Blur(image, token), token)");
  lab_scenario_run_mark_label (run, "blur", "Blur(image, token)");

  shown = pool_task_continue_with (blur, lab_scenario_run_show_result,
                                   g_object_ref (run), g_object_unref, ui);
  lab_scenario_run_mark_task (run, shown, ".ContinueWith(t => preview.Image = t.Result, ui);");
  return NULL;
}

static void
start (LabScenarioRun *run)
{
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  g_autoptr(PoolTask) outer = NULL;

  /* Task.Factory.StartNew(..., CancellationToken.None, TaskCreationOptions.None, ui) */
  outer = pool_task_factory_start_new_full (start_blur_in_background,
                                            g_object_ref (run), g_object_unref, NULL,
                                            POOL_TASK_CREATION_NONE, ui);
  lab_scenario_run_mark_task (run, outer, "Task.Factory.StartNew(() =>");
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .compare_with = { "start-new-default-scheduler", "hide-scheduler" },
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("StartNew inside a UI task"),
  .summary = N_("A task running on the UI scheduler calls Task.Factory.StartNew without a "
                "scheduler. StartNew uses TaskScheduler.Current, which inside that task is the UI "
                "scheduler, so the \"background\" blur runs on the UI thread and the window freezes."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "\n"
    "    Task.Factory.StartNew(() =>\n"
    "    {\n"
    "        // Inside a task on the UI scheduler, TaskScheduler.Current\n"
    "        // is the UI scheduler: this \"background\" work runs on the UI thread.\n"
    "        Task.Factory.StartNew(() => Blur(image, token), token)\n"
    "            .ContinueWith(t => preview.Image = t.Result, ui);\n"
    "    }, CancellationToken.None, TaskCreationOptions.None, ui);\n"
    "}\n",
  .expected = { LAB_VERDICT_FROZEN },
  .start = start,
};
