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
 * itself. Here the click handler awaits the three, one after the other:
 * StartNew's task (back at once, the image still far away), its Unwrap()
 * (back when the image is ready), then Task.Run with the same delegate (a
 * second download and blur, back when its image is ready). The report gives
 * when each await returned and when each image was ready.
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
  gint64          outer_us;          /* when `await outer` returned */
  gint64          unwrapped_us;      /* when `await outer.Unwrap()` returned */
  gint64          run_async_start_us;
  gint64          run_async_us;      /* when `await Task.Run(...)` returned */
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

static double
since_start_ms (Timing *timing,
                gint64  at_us)
{
  return (at_us - timing->start_us) / 1000.0;
}

/* A download or a blur failed (or Escape): end the run with its error. */
static void
fail (Timing   *timing,
      PoolTask *task)
{
  g_autoptr(GError) error = NULL;

  pool_task_get_result (task, &error);
  lab_scenario_run_complete (timing->run, NULL, error);
  timing_free (timing);
}

/* After the last await, on the UI thread: compare the times. */
static void
report_completions (Timing   *timing,
                    LabImage *image)
{
  LabScenarioRun *run = timing->run;
  double outer_ms = since_start_ms (timing, timing->outer_us);
  double work_ms = since_start_ms (timing, timing->start_new_fetch->work_done_us);
  double unwrapped_ms = since_start_ms (timing, timing->unwrapped_us);
  double run_async_start_ms = since_start_ms (timing, timing->run_async_start_us);
  double run_async_work_ms = since_start_ms (timing, timing->run_async_fetch->work_done_us);
  double run_async_ms = since_start_ms (timing, timing->run_async_us);

  lab_scenario_run_set_status (run, "StartNew outer", pool_task_get_status (timing->outer));
  lab_scenario_run_set_status_string (run, "inner when outer completed",
                                      timing->inner_status_at_outer);
  lab_scenario_run_set_status (run, "Unwrap", pool_task_get_status (timing->unwrapped));
  lab_scenario_run_set_status (run, "Task.Run async", pool_task_get_status (timing->run_async));
  lab_scenario_run_add_detail_number (run, "outer_completed_ms", outer_ms);
  lab_scenario_run_add_detail_number (run, "inner_work_done_ms", work_ms);
  lab_scenario_run_add_detail_number (run, "unwrapped_completed_ms", unwrapped_ms);
  lab_scenario_run_add_detail_number (run, "run_async_started_ms", run_async_start_ms);
  lab_scenario_run_add_detail_number (run, "run_async_work_done_ms", run_async_work_ms);
  lab_scenario_run_add_detail_number (run, "run_async_completed_ms", run_async_ms);
  lab_scenario_run_add_detail_number (run, "outer_early_by_ms", work_ms - outer_ms);
  lab_scenario_run_set_summary (run, "await outer returned at %.0f ms, the image was ready at "
                                "%.0f ms (%.0f ms later) · await outer.Unwrap() returned at "
                                "%.0f ms · await Task.Run(async), started at %.0f ms: image "
                                "ready at %.0f ms, returned at %.0f ms",
                                outer_ms, work_ms, work_ms - outer_ms, unwrapped_ms,
                                run_async_start_ms, run_async_work_ms, run_async_ms);

  /* measured: the outer task completed before the work it stands for */
  if (work_ms - outer_ms > EARLY_MARGIN_MS)
    lab_scenario_run_set_verdict (run, LAB_VERDICT_COMPLETED_EARLY);

  lab_scenario_run_complete (run, image, NULL);
  timing_free (timing);
}

/* [snippet] */
/* After the await: decode and blur, on a pool worker. */
static gpointer
decode_and_blur (PoolTask  *download,
                 gpointer   data,
                 GError   **error)
{
  Fetch *fetch = data;
  GBytes *body = pool_task_get_awaiter_result (download, error);
  g_autoptr(LabImage) image = NULL;
  g_autoptr(LabBlurJob) job = NULL;
  LabImage *blurred;

  if (body == NULL || (image = lab_image_load_bytes (body, error)) == NULL)
    return NULL;
  job = lab_scenario_run_new_blur_job_for_image (fetch->run, image, 0.125);
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

  /* var bytes = await http.GetByteArrayAsync(url, token);  (no thread waits) */
  download = lab_download_async (fetch->url, NULL, token, g_main_context_default ());
  lab_scenario_run_mark_task (fetch->run, download, "var bytes = await http.GetByteArrayAsync(");
  /* return Blur(Decode(bytes));  (the rest of the method, after the await) */
  blurred = pool_task_continue_with (download, decode_and_blur, fetch_ref (fetch), fetch_unref,
                                     pool_scheduler_get_default ());
  pool_task_set_result_destroy (blurred, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_mark_task (fetch->run, blurred, "return Blur(Decode(bytes));");
  return blurred;
}

/* The same delegate as a plain Func<Task<Image>> for StartNew: its result is a task. */
static gpointer
download_and_blur_as_func (gpointer   data,
                           GError   **error)
{
  return download_and_blur_async (data, error);
}

static void after_outer (PoolTask *outer, gpointer data);
static void after_unwrap (PoolTask *unwrapped, gpointer data);
static void after_run_async (PoolTask *run_async, gpointer data);

static void
start (LabScenarioRun *run)
{
  Timing *timing = g_new0 (Timing, 1);
  g_autoptr(GError) error = NULL;
  LabSlowServer *server = lab_slow_server_get_default (&error);
  g_autofree char *url = NULL;

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
  lab_scenario_run_mark_io (run, "download", "var bytes = await http.GetByteArrayAsync(");
  /* (the download's own posts to the main loop, which completes it) */
  lab_scenario_run_mark_label (run, NULL, "var bytes = await http.GetByteArrayAsync(");
  lab_scenario_run_mark_label (run, "blur", "return Blur(Decode(bytes));");

  /* Task<Task<Image>> outer = Task.Factory.StartNew(DownloadAndBlurAsync,
   *     CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default); */
  timing->outer = pool_task_factory_start_new_full (download_and_blur_as_func,
                                                    fetch_ref (timing->start_new_fetch),
                                                    fetch_unref, NULL,
                                                    POOL_TASK_CREATION_NONE,
                                                    pool_scheduler_get_default ());
  pool_task_set_result_destroy (timing->outer, (GDestroyNotify) pool_task_unref);
  lab_scenario_run_track_task (run, timing->outer);
  lab_scenario_run_mark_task (run, timing->outer, "outer = Task.Factory.StartNew(");

  /* await outer;  (back on the UI thread) */
  lab_scenario_run_mark_await (run, timing->outer, "status.Text = $\"inner: ");
  pool_task_await (timing->outer, TRUE, after_outer, timing, NULL);
}

static void
after_outer (PoolTask *outer,
             gpointer  data)
{
  Timing *timing = data;
  PoolTask *inner = pool_task_get_result (outer, NULL);
  guint64 since;

  /* status.Text = $"inner: {outer.Result.Status}"; */
  timing->outer_us = g_get_monotonic_time ();
  timing->inner_status_at_outer = inner != NULL
                                  ? pool_task_status_to_string (pool_task_get_status (inner))
                                  : "none";

  /* Image a = await outer.Unwrap(); */
  since = pool_trace_get_position ();
  timing->unwrapped = pool_task_unwrap (outer);
  lab_scenario_run_mark_tasks_since (timing->run, since, "Image a = await outer.Unwrap();");
  lab_scenario_run_mark_await (timing->run, timing->unwrapped,
                               "Image b = await Task.Run(DownloadAndBlurAsync);");
  pool_task_await (timing->unwrapped, TRUE, after_unwrap, timing, NULL);
}

static void
after_unwrap (PoolTask *unwrapped,
              gpointer  data)
{
  Timing *timing = data;
  guint64 since;

  timing->unwrapped_us = g_get_monotonic_time ();
  if (pool_task_get_status (unwrapped) != POOL_TASK_STATUS_RAN_TO_COMPLETION)
    {
      fail (timing, unwrapped);
      return;
    }

  /* Image b = await Task.Run(DownloadAndBlurAsync);  (unwraps by itself) */
  timing->run_async_start_us = g_get_monotonic_time ();
  since = pool_trace_get_position ();
  timing->run_async = pool_task_run_async (download_and_blur_async,
                                           fetch_ref (timing->run_async_fetch), fetch_unref);
  lab_scenario_run_mark_tasks_since (timing->run, since,
                                     "Image b = await Task.Run(DownloadAndBlurAsync);");
  lab_scenario_run_mark_await (timing->run, timing->run_async, "preview.Image = b;");
  pool_task_await (timing->run_async, TRUE, after_run_async, timing, NULL);
}

static void
after_run_async (PoolTask *run_async,
                 gpointer  data)
{
  Timing *timing = data;

  timing->run_async_us = g_get_monotonic_time ();
  if (pool_task_get_status (run_async) != POOL_TASK_STATUS_RAN_TO_COMPLETION)
    {
      fail (timing, run_async);
      return;
    }
  /* preview.Image = b; */
  report_completions (timing, pool_task_get_result (run_async, NULL));
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_TRAPS,
  .title = N_("StartNew with an async delegate"),
  .summary = N_("StartNew runs an async delegate only up to its first await and then reports "
                "the task done; the download and the blur go on inside the task it returns. "
                "Awaited one after the other: the outer task, its Unwrap(), then Task.Run, which "
                "unwraps by itself. The report gives when each await returned and when each "
                "image was ready."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    // A Task<Task<Image>>: done at the first await inside.\n"
    "    Task<Task<Image>> outer = Task.Factory.StartNew(\n"
    "        DownloadAndBlurAsync, CancellationToken.None,\n"
    "        TaskCreationOptions.None, TaskScheduler.Default);\n"
    "    await outer;            // back before the image exists\n"
    "    status.Text = $\"inner: {outer.Result.Status}\";\n"
    "\n"
    "    // Fix 1: Unwrap() completes with the inner task.\n"
    "    Image a = await outer.Unwrap();\n"
    "\n"
    "    // Fix 2: Task.Run understands async delegates.\n"
    "    Image b = await Task.Run(DownloadAndBlurAsync);\n"
    "    preview.Image = b;\n"
    "}\n"
    "\n"
    "async Task<Image> DownloadAndBlurAsync()\n"
    "{\n"
    "    // no thread waits while the bytes arrive\n"
    "    var bytes = await http.GetByteArrayAsync(url, token);\n"
    "    return Blur(Decode(bytes));\n"
    "}\n",
  .downloads = TRUE,
  .expected = { LAB_VERDICT_COMPLETED_EARLY },
  .start = start,
};
