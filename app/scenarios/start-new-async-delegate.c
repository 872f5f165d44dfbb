/* StartNew with an async delegate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An async method is handed to Task.Factory.StartNew. StartNew does not know
 * about async: it runs the delegate until the delegate returns its Task,
 * which happens at the first await, and then calls the job done. So the task
 * you get back says "finished" while the download and the blur are still
 * under way; its result is another task (a Task<Task<Image>>). Code that
 * waits on it moves on too early. Unwrap() gives a task that finishes with
 * the inner one, and Task.Run understands async delegates and unwraps by
 * itself. Here the same download-then-blur is launched both ways, and the
 * report gives when each task really completed.
 */
#include <glib/gi18n.h>

#include "lab-download.h"
#include "lab-scenario-run.h"
#include "lab-slow-server.h"

/* The outer task "completes early" when it is done this long before the work. */
#define EARLY_MARGIN_MS 100.0
#define LATENCY_QUERY "?latency_ms=800"

typedef struct
{
  LabScenarioRun        *run;
  char                  *url;
  gint64                 work_done_us;   /* written by the blur, read after it completes */
} Fetch;

typedef struct
{
  LabScenarioRun *run;
  gint64          start_us;
  gint64          outer_us;
  gint64          unwrapped_us;
  gint64          run_async_us;
  const char     *inner_status_at_outer;
  PoolTask       *outer;
  PoolTask       *unwrapped;
  PoolTask       *run_async;
  Fetch          *start_new_fetch;
  Fetch          *run_async_fetch;
} Timing;

/* Shared by the delegate, its continuation and the report: reference-counted. */
static void
fetch_clear (gpointer data)
{
  Fetch *fetch = data;

  g_clear_object (&fetch->run);
  g_free (fetch->url);
}

static Fetch *
fetch_new (LabScenarioRun *run,
           const char     *url)
{
  Fetch *fetch = g_atomic_rc_box_new0 (Fetch);

  fetch->run = g_object_ref (run);
  fetch->url = g_strdup (url);
  return fetch;
}

static gpointer
fetch_ref (Fetch *fetch)
{
  return g_atomic_rc_box_acquire (fetch);
}

static void
fetch_unref (gpointer fetch)
{
  g_atomic_rc_box_release_full (fetch, fetch_clear);
}

static void
timing_free (Timing *timing)
{
  g_clear_pointer (&timing->outer, pool_task_unref);
  g_clear_pointer (&timing->unwrapped, pool_task_unref);
  g_clear_pointer (&timing->run_async, pool_task_unref);
  g_clear_pointer (&timing->start_new_fetch, fetch_unref);
  g_clear_pointer (&timing->run_async_fetch, fetch_unref);
  g_clear_object (&timing->run);
  g_free (timing);
}

/* A continuation that notes when its antecedent completed (on that thread). */
static gpointer
stamp_completion (PoolTask  *task,
                  gpointer   data,
                  GError   **error)
{
  *(gint64 *) data = g_get_monotonic_time ();
  return NULL;
}

/* ... and the same for StartNew's outer task, with the inner task's status then */
static gpointer
stamp_outer (PoolTask  *outer,
             gpointer   data,
             GError   **error)
{
  Timing *timing = data;
  PoolTask *inner = pool_task_get_result (outer, NULL);

  timing->outer_us = g_get_monotonic_time ();
  timing->inner_status_at_outer = inner != NULL
                                  ? pool_task_status_to_string (pool_task_get_status (inner))
                                  : "none";
  return NULL;
}

static double
since_start_ms (Timing *timing,
                gint64  at_us)
{
  return (at_us - timing->start_us) / 1000.0;
}

/* Back on the UI thread once all three have said "done": compare the times. */
static gpointer
report_completions (PoolTask  *all,
                    gpointer   data,
                    GError   **error)
{
  Timing *timing = data;
  LabScenarioRun *run = timing->run;
  g_autoptr(GError) work_error = NULL;
  LabImage *image = pool_task_get_result (timing->run_async, &work_error);
  double outer_ms = since_start_ms (timing, timing->outer_us);
  double work_ms, unwrapped_ms, run_async_ms;

  if (image == NULL || timing->start_new_fetch->work_done_us == 0)
    {
      if (work_error == NULL)
        pool_task_get_result (timing->unwrapped, &work_error);
      lab_scenario_run_complete (run, NULL, work_error);
      return NULL;
    }

  work_ms = since_start_ms (timing, timing->start_new_fetch->work_done_us);
  unwrapped_ms = since_start_ms (timing, timing->unwrapped_us);
  run_async_ms = since_start_ms (timing, timing->run_async_us);

  lab_scenario_run_set_status (run, "StartNew outer", pool_task_get_status (timing->outer));
  lab_scenario_run_set_status_string (run, "inner when outer completed",
                                      timing->inner_status_at_outer);
  lab_scenario_run_set_status (run, "Unwrap", pool_task_get_status (timing->unwrapped));
  lab_scenario_run_set_status (run, "Task.Run async", pool_task_get_status (timing->run_async));
  lab_scenario_run_add_detail_number (run, "outer_completed_ms", outer_ms);
  lab_scenario_run_add_detail_number (run, "inner_work_done_ms", work_ms);
  lab_scenario_run_add_detail_number (run, "unwrapped_completed_ms", unwrapped_ms);
  lab_scenario_run_add_detail_number (run, "run_async_completed_ms", run_async_ms);
  lab_scenario_run_add_detail_number (run, "outer_early_by_ms", work_ms - outer_ms);
  lab_scenario_run_set_summary (run, "StartNew's task said done at %.0f ms, the image was ready "
                                "at %.0f ms (%.0f ms later) · Unwrap done at %.0f ms · "
                                "Task.Run(async) done at %.0f ms",
                                outer_ms, work_ms, work_ms - outer_ms, unwrapped_ms, run_async_ms);

  /* measured: the outer task completed before the work it stands for */
  if (work_ms - outer_ms > EARLY_MARGIN_MS)
    lab_scenario_run_set_verdict (run, LAB_VERDICT_COMPLETED_EARLY);

  lab_scenario_run_complete (run, image, NULL);
  return NULL;
}

/* [snippet] */
/* After the await: decode and blur, on a pool worker. */
static gpointer
decode_and_blur (PoolTask  *download,
                 gpointer   data,
                 GError   **error)
{
  Fetch *fetch = data;
  GBytes *body = pool_task_get_result (download, error);
  g_autoptr(LabImage) image = NULL;
  g_autoptr(LabBlurJob) job = NULL;
  LabImage *blurred;

  if (body == NULL || (image = lab_image_load_bytes (body, error)) == NULL)
    return NULL;
  job = lab_scenario_run_new_blur_job_for_image (fetch->run, image, 0.25);
  blurred = lab_blur_job_run (job);
  fetch->work_done_us = g_get_monotonic_time ();
  return blurred;
}

/* async Task<Image> DownloadAndBlurAsync(): returns at its first await */
static PoolTask *
download_and_blur_async (gpointer   data,
                         GError   **error)
{
  Fetch *fetch = data;
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (fetch->run);
  g_autoptr(PoolTask) download = NULL;
  PoolTask *blurred;

  /* var bytes = await http.GetByteArrayAsync(url);  (no thread waits) */
  download = lab_download_async (fetch->url, NULL, token, g_main_context_default ());
  /* return Blur(Decode(bytes));  (the rest of the method, after the await) */
  blurred = pool_task_continue_with (download, decode_and_blur, fetch_ref (fetch), fetch_unref,
                                     pool_scheduler_get_default ());
  pool_task_set_result_destroy (blurred, (GDestroyNotify) lab_image_unref);
  return blurred;
}

/* The same delegate as a plain Func<Task<Image>> for StartNew: its result is a task. */
static gpointer
download_and_blur_as_func (gpointer   data,
                           GError   **error)
{
  return download_and_blur_async (data, error);
}

static void
start (LabScenarioRun *run)
{
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  Timing *timing = g_new0 (Timing, 1);
  g_autoptr(GError) error = NULL;
  LabSlowServer *server = lab_slow_server_get_default (&error);
  g_autofree char *url = NULL;
  PoolTask *stamps[3];
  g_autoptr(PoolTask) all = NULL;

  if (server == NULL)
    {
      lab_scenario_run_complete (run, NULL, error);
      g_free (timing);
      return;
    }
  url = lab_scenario_run_dup_download_url (run, server, "/images/sample.jpg" LATENCY_QUERY);
  timing->run = g_object_ref (run);
  timing->start_us = g_get_monotonic_time ();
  timing->start_new_fetch = fetch_new (run, url);
  timing->run_async_fetch = fetch_new (run, url);

  /* Task<Task<Image>> outer = Task.Factory.StartNew(DownloadAndBlurAsync); */
  timing->outer = pool_task_factory_start_new_full (download_and_blur_as_func,
                                                    fetch_ref (timing->start_new_fetch),
                                                    fetch_unref, NULL,
                                                    POOL_TASK_CREATION_NONE,
                                                    pool_scheduler_get_default ());
  pool_task_set_result_destroy (timing->outer, (GDestroyNotify) pool_task_unref);
  lab_scenario_run_track_task (run, timing->outer);

  /* Task<Image> fixed = outer.Unwrap(); */
  timing->unwrapped = pool_task_unwrap (timing->outer);

  /* Task<Image> run = Task.Run(DownloadAndBlurAsync);  (unwraps by itself) */
  timing->run_async = pool_task_run_async (download_and_blur_async,
                                           fetch_ref (timing->run_async_fetch), fetch_unref);

  /* note when each one says "done" */
  stamps[0] = pool_task_continue_with_options (timing->outer, stamp_outer, timing, NULL,
                                               POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY);
  stamps[1] = pool_task_continue_with_options (timing->unwrapped, stamp_completion,
                                               &timing->unwrapped_us, NULL,
                                               POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY);
  stamps[2] = pool_task_continue_with_options (timing->run_async, stamp_completion,
                                               &timing->run_async_us, NULL,
                                               POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY);
  all = pool_task_when_all (stamps, G_N_ELEMENTS (stamps));
  pool_task_unref (pool_task_continue_with (all, report_completions, timing,
                                            (GDestroyNotify) timing_free, ui));
  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    pool_task_unref (stamps[i]);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_TRAPS,
  .title = N_("StartNew with an async delegate"),
  .summary = N_("StartNew runs an async delegate only up to its first await and then reports "
                "the task done; the download and the blur go on inside a task it returns. "
                "Unwrap(), or Task.Run (which unwraps by itself), completes when the work does. "
                "The report gives each task's completion time."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    // Task<Task<Image>>: \"done\" at the first await inside.\n"
    "    Task<Task<Image>> outer = Task.Factory.StartNew(DownloadAndBlurAsync);\n"
    "    await outer;              // returns long before the image exists\n"
    "\n"
    "    // The fixes: both complete when the image is ready.\n"
    "    Image a = await outer.Unwrap();\n"
    "    Image b = await Task.Run(DownloadAndBlurAsync);\n"
    "    preview.Image = b;\n"
    "}\n"
    "\n"
    "async Task<Image> DownloadAndBlurAsync()\n"
    "{\n"
    "    var bytes = await http.GetByteArrayAsync(url);   // no thread waits\n"
    "    return Blur(Decode(bytes));\n"
    "}\n",
  .downloads = TRUE,
  .expected = { LAB_VERDICT_COMPLETED_EARLY },
  .start = start,
};
