/* HideScheduler on the outer task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Another way out of scenario 2's trap. The outer task still runs on the UI
 * scheduler, but it is created with TaskCreationOptions.HideScheduler. While
 * it runs, TaskScheduler.Current pretends to be the default scheduler, so
 * the inner Task.Factory.StartNew, which still passes no scheduler, sends the
 * blur to the thread pool. The window stays responsive.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* [snippet] */
/* The outer task runs on the UI thread, but hides its scheduler: inside it,
 * TaskScheduler.Current looks like TaskScheduler.Default. */
static gpointer
start_blur_in_background (gpointer   data,
                          GError   **error)
{
  LabScenarioRun *run = data;
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
  g_autoptr(PoolTask) blur = NULL;
  g_autoptr(PoolTask) shown = NULL;

  /* Task.Factory.StartNew(() => Blur(image, token), token): Current, which now says Default */
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

  /* StartNew(..., CancellationToken.None, TaskCreationOptions.HideScheduler, ui) */
  outer = pool_task_factory_start_new_full (start_blur_in_background,
                                            g_object_ref (run), g_object_unref, NULL,
                                            POOL_TASK_CREATION_HIDE_SCHEDULER, ui);
  lab_scenario_run_mark_task (run, outer, "Task.Factory.StartNew(() =>");
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .compare_with = { "start-new-in-ui-task", "start-new-default-scheduler" },
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("HideScheduler on the outer task"),
  .summary = N_("The outer task still runs on the UI scheduler but is created with HideScheduler. "
                "Inside it TaskScheduler.Current looks like Default, so the inner StartNew (no "
                "scheduler argument) sends the blur to the pool: responsive."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "\n"
    "    Task.Factory.StartNew(() =>\n"
    "    {\n"
    "        // HideScheduler: in here, TaskScheduler.Current == Default.\n"
    "        Task.Factory.StartNew(() => Blur(image, token), token)\n"
    "            .ContinueWith(t => preview.Image = t.Result, ui);\n"
    "    }, CancellationToken.None, TaskCreationOptions.HideScheduler, ui);\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
