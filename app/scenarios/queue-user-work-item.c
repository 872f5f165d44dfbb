/* QueueUserWorkItem, result posted back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The oldest way to use the pool: ThreadPool.QueueUserWorkItem hands a
 * callback to a worker and returns nothing. There is no task to wait for,
 * to continue from, or to hold an error, and none is allocated. So the
 * callback itself has to bring the result home: it posts a small callback to
 * the UI thread's SynchronizationContext (in C, the main-context scheduler's
 * post, which is g_idle_add underneath) and only that callback touches the
 * window. The report counts the tasks the pool ran during the run: none.
 * Escape cancels the token the blur looks at between passes; with no task
 * to take the OperationCanceledException, the callback catches it and posts
 * that home too.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

typedef struct
{
  LabScenarioRun *run;
  LabBlurJob     *job;
  LabImage       *blurred;
  GError         *error;      /* the blur's: canceled, or out of memory */
} BlurPost;

static void
blur_post_free (BlurPost *post)
{
  g_clear_pointer (&post->job, lab_blur_job_free);
  g_clear_pointer (&post->blurred, lab_image_unref);
  g_clear_error (&post->error);
  g_clear_object (&post->run);
  g_free (post);
}

/* The tasks the pool ran since the click, from its trace. (The work item
 * itself is recorded when its callback returns, which may be after this
 * posted callback ran: where the blur ran comes from its "blur" region.) */
static guint
count_tasks (BlurPost *post)
{
  LabTraceModel *model = lab_scenario_run_get_trace_model (post->run);
  guint n_tasks = 0;

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    if (lab_trace_model_get_item (model, i)->event.kind == POOL_TRACE_KIND_TASK)
      n_tasks++;
  return n_tasks;
}

/* [snippet] */
/* SynchronizationContext.Post's callback: on the UI thread. */
static void
show_posted_result (gpointer   state,
                    GError   **error)
{
  BlurPost *post = state;
  guint n_tasks = count_tasks (post);

  lab_scenario_run_add_detail_number (post->run, "tasks_run", n_tasks);
  /* .NET has no TaskStatus for "no task": say what ran instead */
  lab_scenario_run_set_status_string (post->run, "QueueUserWorkItem", "no task: a work item");
  lab_scenario_run_set_summary (post->run, "QueueUserWorkItem: %u task(s) ran, the callback "
                                "posted the result to the UI thread itself", n_tasks);
  /* preview.Image = blurred; or status.Text = "Canceled" (the run ends Canceled) */
  lab_scenario_run_complete (post->run, post->blurred, post->error);
  blur_post_free (post);
}

/* The WaitCallback: on a pool worker. No task holds its result or error. */
static void
blur_work_item (gpointer   state,
                GError   **error)
{
  BlurPost *post = state;
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (post->run);

  /* try { var blurred = Blur(image, token); … } catch (OperationCanceledException) { … } */
  post->blurred = lab_blur_job_task_func (post->job, &post->error);
  /* ui.Post(…): the result, or the cancellation, goes home the same way */
  pool_main_context_scheduler_post_with_label (ui, show_posted_result, post,
                                               post->error != NULL ? "ui.Post (catch)" : "ui.Post");
}

static void
start (LabScenarioRun *run)
{
  BlurPost *post = g_new0 (BlurPost, 1);

  post->run = g_object_ref (run);
  post->job = lab_scenario_run_new_cancellable_blur_job (run);

  lab_scenario_run_mark_label (run, NULL, "ThreadPool.QueueUserWorkItem(_ =>");
  lab_scenario_run_mark_label (run, "blur", "var blurred = Blur(image, token);");
  lab_scenario_run_mark_label (run, "ui.Post", "ui.Post(__ => preview.Image = blurred, null);");
  lab_scenario_run_mark_label (run, "ui.Post (catch)", "ui.Post(__ => status.Text");

  /* ThreadPool.QueueUserWorkItem(_ => { ... }): returns nothing */
  pool_thread_pool_queue_user_work_item (blur_work_item, post, FALSE);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("QueueUserWorkItem, posted back"),
  .summary = N_("ThreadPool.QueueUserWorkItem runs the blur on a worker and returns nothing: no "
                "task is allocated. The callback brings the result home itself by posting to the UI "
                "thread's SynchronizationContext. Responsive, and the report counts zero tasks."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = SynchronizationContext.Current;\n"
    "\n"
    "    // No Task: nothing to await, continue from, or hold an exception,\n"
    "    // so the callback catches and posts home whatever happens.\n"
    "    ThreadPool.QueueUserWorkItem(_ =>\n"
    "    {\n"
    "        try\n"
    "        {\n"
    "            var blurred = Blur(image, token);\n"
    "            ui.Post(__ => preview.Image = blurred, null);\n"
    "        }\n"
    "        catch (OperationCanceledException)\n"
    "        {\n"
    "            ui.Post(__ => status.Text = \"Canceled\", null);\n"
    "        }\n"
    "    });\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
