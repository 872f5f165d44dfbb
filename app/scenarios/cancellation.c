/* Cancellation: four ways it goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CancellationToken does not stop code: it only asks. Four tasks show the
 * rules. One: the token is cancelled before the task starts, so the task
 * never runs and ends Canceled. Two: the token is cancelled while the blur
 * runs, but the blur never looks at it, so it finishes: RanToCompletion.
 * Three: the blur checks the token between passes and throws the
 * cancellation of the same token it was started with: Canceled. Four: the
 * blur observes a token, but the task was started without it, so the pool
 * sees just an error escaping: Faulted. The report gives the four statuses,
 * measured.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

#define CANCEL_AFTER_MS 150
/* The two blurs that observe a token are given twice the freeze: CancelAfter's
 * callback runs on a pool thread (as in .NET), and while the blurs hold both
 * workers of a 2-core machine it waits for the pool to inject a third (about
 * 0.5 s). Long blurs are still running when the cancellation lands, whatever
 * the freeze setting; they stop at the next pass, so the run stays short. */
#define OBSERVING_FRACTION 2.0

typedef struct
{
  LabScenarioRun        *run;
  LabBlurJob            *job;
  PoolCancellationToken *observed;   /* NULL: the blur ignores cancellation */
  gint                   ran;        /* atomic */
  gint                   passes_done;  /* atomic */
} Blur;

typedef struct
{
  LabScenarioRun              *run;
  PoolCancellationTokenSource *sources[4];
  Blur                        *blurs[4];
  PoolTask                    *tasks[4];
} Cancellation;

static const char * const names[4] = {
  "canceled before start",
  "canceled during run, not observed",
  "observed, same token",
  "observed, no launch token",
};

static Blur *
blur_new (LabScenarioRun        *run,
          double                 fraction,
          PoolCancellationToken *observed)
{
  Blur *blur = g_new0 (Blur, 1);

  blur->run = run;
  blur->job = lab_scenario_run_new_blur_job_for_image (run, lab_scenario_run_get_source (run),
                                                       fraction);
  blur->observed = observed;
  return blur;
}

static void
cancellation_free (Cancellation *cancellation)
{
  for (guint i = 0; i < 4; i++)
    {
      lab_blur_job_free (cancellation->blurs[i]->job);
      g_free (cancellation->blurs[i]);
      g_clear_pointer (&cancellation->tasks[i], pool_task_unref);
      g_clear_pointer (&cancellation->sources[i], pool_cancellation_token_source_unref);
    }
  g_clear_object (&cancellation->run);
  g_free (cancellation);
}

/* Back on the UI thread once the four tasks have ended. */
static gpointer
report_statuses (PoolTask  *all,
                 gpointer   data,
                 GError   **error)
{
  Cancellation *cancellation = data;
  LabScenarioRun *run = cancellation->run;
  const char *statuses[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *ran_key = g_strdup_printf ("%s: ran", names[i]);
      g_autofree char *passes_key = g_strdup_printf ("%s: passes", names[i]);
      const GPtrArray *errors = pool_task_get_errors (cancellation->tasks[i]);

      statuses[i] = pool_task_status_to_string (pool_task_get_status (cancellation->tasks[i]));
      lab_scenario_run_set_status_string (run, names[i], statuses[i]);
      lab_scenario_run_add_detail (run, ran_key, "%s",
                                   g_atomic_int_get (&cancellation->blurs[i]->ran) ? "yes" : "no");
      lab_scenario_run_add_detail_number (run, passes_key,
                                          g_atomic_int_get (&cancellation->blurs[i]->passes_done));
      if (errors != NULL && errors->len > 0)
        {
          g_autofree char *error_key = g_strdup_printf ("%s: error", names[i]);

          lab_scenario_run_add_detail (run, error_key, "%s",
                                       ((GError *) g_ptr_array_index (errors, 0))->message);
        }
    }
  lab_scenario_run_set_summary (run, "Before start: %s (ran: %s) · not observed: %s · "
                                "observed, same token: %s · observed, no launch token: %s",
                                statuses[0],
                                g_atomic_int_get (&cancellation->blurs[0]->ran) ? "yes" : "no",
                                statuses[1], statuses[2], statuses[3]);
  lab_scenario_run_complete (run, NULL, NULL);
  cancellation_free (cancellation);
  return NULL;
}

/* [snippet] */
/* The blur, pass by pass; between passes it may look at a token. */
static gpointer
blur_in_passes (gpointer   data,
                GError   **error)
{
  Blur *blur = data;
  g_autoptr(LabImage) image = lab_image_ref (blur->job->source);

  g_atomic_int_set (&blur->ran, TRUE);
  for (guint i = 0; i < blur->job->passes; i++)
    {
      LabImage *next;
      gint64 begin;

      /* token.ThrowIfCancellationRequested(); (only if this blur observes one) */
      if (blur->observed != NULL &&
          pool_cancellation_token_throw_if_cancellation_requested (blur->observed, error))
        return NULL;

      begin = pool_trace_begin_region ();
      next = lab_blur_gaussian (image, blur->job->sigma, error);
      pool_trace_end_region ("blur", begin);
      if (next == NULL)
        return NULL;
      g_clear_pointer (&image, lab_image_unref);
      image = next;
      g_atomic_int_inc (&blur->passes_done);
    }
  return g_steal_pointer (&image);
}

static void
start (LabScenarioRun *run)
{
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  Cancellation *c = g_new0 (Cancellation, 1);
  PoolCancellationToken *tokens[4];
  g_autoptr(PoolTask) all = NULL;
  g_autoptr(PoolTask) shown = NULL;
  guint64 since;

  c->run = g_object_ref (run);
  for (guint i = 0; i < 4; i++)
    {
      c->sources[i] = pool_cancellation_token_source_new ();
      tokens[i] = pool_cancellation_token_source_get_token (c->sources[i]);
    }

  /* 1. cts1.Cancel(); Task.Run(() => Blur(image), cts1.Token): never runs */
  pool_cancellation_token_source_cancel (c->sources[0]);
  c->blurs[0] = blur_new (run, 0.5, tokens[0]);
  c->tasks[0] = pool_task_run_with_token (blur_in_passes, c->blurs[0], NULL, tokens[0]);
  lab_scenario_run_mark_task (run, c->tasks[0], "var t1 = Task.Run(");

  /* 2. Task.Run(() => Blur(image), cts2.Token): the blur never looks at the token */
  c->blurs[1] = blur_new (run, 0.25, NULL);
  c->tasks[1] = pool_task_run_with_token (blur_in_passes, c->blurs[1], NULL, tokens[1]);
  lab_scenario_run_mark_task (run, c->tasks[1], "var t2 = Task.Run(");

  /* 3. Task.Run(() => BlurObserving(cts3.Token), cts3.Token): observed, same token */
  c->blurs[2] = blur_new (run, OBSERVING_FRACTION, tokens[2]);
  c->tasks[2] = pool_task_run_with_token (blur_in_passes, c->blurs[2], NULL, tokens[2]);
  lab_scenario_run_mark_task (run, c->tasks[2], "var t3 = Task.Run(");

  /* 4. Task.Run(() => BlurObserving(cts4.Token)): observed, but no launch token */
  c->blurs[3] = blur_new (run, OBSERVING_FRACTION, tokens[3]);
  c->tasks[3] = pool_task_run (blur_in_passes, c->blurs[3], NULL);
  lab_scenario_run_mark_task (run, c->tasks[3], "var t4 = Task.Run(");

  /* cts2.CancelAfter(150); cts3.CancelAfter(150); cts4.CancelAfter(150); */
  lab_scenario_run_mark_label (run, "timer", "cts2.CancelAfter(150);");
  for (guint i = 1; i < 4; i++)
    pool_cancellation_token_source_cancel_after (c->sources[i], CANCEL_AFTER_MS);
  for (guint i = 0; i < 4; i++)
    pool_task_set_result_destroy (c->tasks[i], (GDestroyNotify) lab_image_unref);

  /* Task.WhenAll(t1, t2, t3, t4).ContinueWith(_ => ShowStatuses(...), ui) */
  since = pool_trace_get_position ();
  all = pool_task_when_all (c->tasks, 4);
  lab_scenario_run_mark_tasks_since (run, since, "Task.WhenAll(t1, t2, t3, t4)");
  shown = pool_task_continue_with (all, report_statuses, c, NULL, ui);
  lab_scenario_run_mark_task (run, shown, ".ContinueWith(_ => ShowStatuses(");
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_TRAPS,
  .title = N_("Cancellation: four ways it goes"),
  .summary = N_("A token only asks. Cancelled before start: the task never runs (Canceled). "
                "Cancelled while running but not observed: RanToCompletion. Observed and thrown "
                "with the launch token: Canceled. Observed without that token: Faulted."),
  .csharp =
    "var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "CancellationTokenSource cts1 = new(), cts2 = new(), cts3 = new(), cts4 = new();\n"
    "\n"
    "cts1.Cancel();\n"
    "var t1 = Task.Run(() => Blur(image), cts1.Token);   // Canceled: never runs\n"
    "var t2 = Task.Run(() => Blur(image), cts2.Token);   // RanToCompletion\n"
    "var t3 = Task.Run(() => BlurObserving(cts3.Token), cts3.Token); // Canceled\n"
    "var t4 = Task.Run(() => BlurObserving(cts4.Token)); // Faulted\n"
    "cts2.CancelAfter(150); cts3.CancelAfter(150); cts4.CancelAfter(150);\n"
    "\n"
    "Task.WhenAll(t1, t2, t3, t4)\n"
    "    .ContinueWith(_ => ShowStatuses(t1, t2, t3, t4), ui);\n"
    "\n"
    "Image BlurObserving(CancellationToken token)\n"
    "{\n"
    "    for (int pass = 0; pass < passes; pass++)\n"
    "    {\n"
    "        token.ThrowIfCancellationRequested();\n"
    "        image = BlurOnce(image);\n"
    "    }\n"
    "    return image;\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
