/* StartNew inside a UI task, with TaskScheduler.Default
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same click as in scenario 2: a task on the UI scheduler calls
 * Task.Factory.StartNew to blur in the background. This time it passes
 * TaskScheduler.Default as the scheduler. Naming the scheduler means
 * StartNew no longer asks "which scheduler is current?", so the blur goes to
 * the thread pool even though the code calling StartNew runs on the UI
 * thread. The window keeps drawing; a continuation on the UI scheduler shows
 * the picture.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* [snippet] */
/* The outer task: runs on the UI thread, Current is the UI scheduler ... */
static gpointer
start_blur_in_background (gpointer   data,
                          GError   **error)
{
  LabScenarioRun *run = data;
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
  g_autoptr(PoolTask) blur = NULL;
  g_autoptr(PoolTask) shown = NULL;

  /* ... but StartNew(f, token, None, TaskScheduler.Default) does not ask */
  blur = pool_task_factory_start_new_full (lab_blur_job_task_func,
                                           lab_scenario_run_new_cancellable_blur_job (run),
                                           (GDestroyNotify) lab_blur_job_free, token,
                                           POOL_TASK_CREATION_NONE,
                                           pool_scheduler_get_default ());
  pool_task_set_result_destroy (blur, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (run, blur);
  lab_scenario_run_mark_task (run, blur, "Task.Factory.StartNew(() => Blur(image, token),");
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

  outer = pool_task_factory_start_new_full (start_blur_in_background,
                                            g_object_ref (run), g_object_unref, NULL,
                                            POOL_TASK_CREATION_NONE, ui);
  lab_scenario_run_mark_task (run, outer, "Task.Factory.StartNew(() =>");
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .compare_with = { "start-new-in-ui-task", "hide-scheduler" },
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("StartNew with TaskScheduler.Default"),
  .summary = N_("The same task on the UI scheduler calls Task.Factory.StartNew, but names "
                "TaskScheduler.Default. StartNew then does not look at TaskScheduler.Current: the "
                "blur runs on a pool worker and the window stays responsive."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "\n"
    "    Task.Factory.StartNew(() =>\n"
    "    {\n"
    "        // Naming the scheduler: Current no longer matters.\n"
    "        Task.Factory.StartNew(() => Blur(image, token),\n"
    "                token, TaskCreationOptions.None,\n"
    "                TaskScheduler.Default)\n"
    "            .ContinueWith(t => preview.Image = t.Result, ui);\n"
    "    }, CancellationToken.None, TaskCreationOptions.None, ui);\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
