/* The recommended pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything in its right place. The download is awaited: it is I/O, so no
 * thread waits while the server takes its time. The blur is CPU work, so it
 * goes to the pool with Task.Run. Saving the result is awaited too, here a
 * Task.Run around the file write, so the UI thread never touches the disk.
 * After each await the code continues on the UI thread, so it may update the
 * window freely. The window stays responsive from start to end, and the
 * report says where each stage ran and how long it took.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lab-download.h"
#include "lab-scenario-run.h"
#include "lab-slow-server.h"

#define LATENCY_QUERY "?latency_ms=300"

typedef struct
{
  LabScenarioRun *run;
  char           *folder;
  char           *path;
  GBytes         *body;
  LabImage       *blurred;
  gint64          stage_start_us;
} Pipeline;

typedef struct
{
  LabImage   *image;
  const char *path;
} Save;

static void
pipeline_free (Pipeline *pipeline)
{
  if (pipeline->path != NULL)
    g_unlink (pipeline->path);
  if (pipeline->folder != NULL)
    g_rmdir (pipeline->folder);
  g_free (pipeline->path);
  g_free (pipeline->folder);
  g_clear_pointer (&pipeline->body, g_bytes_unref);
  g_clear_pointer (&pipeline->blurred, lab_image_unref);
  g_clear_object (&pipeline->run);
  g_free (pipeline);
}

/* Ends a stage: how long it took. FALSE (and the run over) if it failed. */
static gboolean
stage_done (Pipeline   *pipeline,
            const char *stage,
            PoolTask   *task)
{
  g_autofree char *key = g_strconcat (stage, "_ms", NULL);
  const GPtrArray *errors = pool_task_get_errors (task);
  gint64 now = g_get_monotonic_time ();

  lab_scenario_run_add_detail_number (pipeline->run, key,
                                      (now - pipeline->stage_start_us) / 1000.0);
  pipeline->stage_start_us = now;
  if (pool_task_get_status (task) == POOL_TASK_STATUS_RAN_TO_COMPLETION)
    return TRUE;

  if (errors != NULL && errors->len > 0)
    lab_scenario_run_complete (pipeline->run, NULL, g_ptr_array_index (errors, 0));
  else
    {
      g_autoptr(GError) error = g_error_new (POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED,
                                             "The %s was canceled", stage);

      lab_scenario_run_complete (pipeline->run, NULL, error);
    }
  pipeline_free (pipeline);
  return FALSE;
}

/* Task.Run(() => Blur(Decode(bytes))) */
static gpointer
decode_and_blur (gpointer   data,
                 GError   **error)
{
  Pipeline *pipeline = data;
  g_autoptr(LabImage) image = lab_image_load_bytes (pipeline->body, error);
  g_autoptr(LabBlurJob) job = NULL;

  if (image == NULL)
    return NULL;
  job = lab_scenario_run_new_blur_job_for_image (pipeline->run, image, 0.6);
  return lab_blur_job_run (job);
}

/* Task.Run(() => image.Save(path)): written to a temporary file, then renamed */
static gpointer
save_image (gpointer   data,
            GError   **error)
{
  Save *save = data;
  gint64 begin = pool_trace_begin_region ();
  gboolean saved = lab_image_save (save->image, save->path, 0, error);

  pool_trace_end_region ("save", begin);
  return saved ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
save_free (Save *save)
{
  lab_image_unref (save->image);
  g_free (save);
}

/* [snippet] */
/* after `await Task.Run(Save)`: on the UI thread */
static void
after_save (PoolTask *saved,
            gpointer  data)
{
  Pipeline *pipeline = data;
  GStatBuf info;

  if (!stage_done (pipeline, "save", saved))
    return;
  if (g_stat (pipeline->path, &info) == 0)
    lab_scenario_run_add_detail_number (pipeline->run, "saved_bytes", (double) info.st_size);
  lab_scenario_run_add_detail (pipeline->run, "saved_to", "%s", pipeline->path);
  lab_scenario_run_set_summary (pipeline->run, "await download → Task.Run blur → await save: "
                                "the UI thread only started each stage and took its result");
  lab_scenario_run_complete (pipeline->run, pipeline->blurred, NULL);
  pipeline_free (pipeline);
}

/* after `await Task.Run(Blur)`: on the UI thread, show it, then save it */
static void
after_blur (PoolTask *blur,
            gpointer  data)
{
  Pipeline *pipeline = data;
  Save *save = g_new0 (Save, 1);
  g_autoptr(PoolTask) saved = NULL;

  if (!stage_done (pipeline, "blur", blur))
    {
      g_free (save);
      return;
    }
  pipeline->blurred = lab_image_ref (pool_task_get_result (blur, NULL));
  save->image = lab_image_ref (pipeline->blurred);
  save->path = pipeline->path;

  /* await Task.Run(() => blurred.Save(path)); */
  saved = pool_task_run (save_image, save, (GDestroyNotify) save_free);
  pool_task_await (saved, TRUE, after_save, pipeline, NULL);
}

/* after `await http.GetByteArrayAsync(url)`: on the UI thread */
static void
after_download (PoolTask *download,
                gpointer  data)
{
  Pipeline *pipeline = data;
  g_autoptr(PoolTask) blur = NULL;

  if (!stage_done (pipeline, "download", download))
    return;
  pipeline->body = g_bytes_ref (pool_task_get_result (download, NULL));

  /* var blurred = await Task.Run(() => Blur(Decode(bytes))); */
  blur = pool_task_run (decode_and_blur, pipeline, NULL);
  pool_task_set_result_destroy (blur, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (pipeline->run, blur);
  pool_task_await (blur, TRUE, after_blur, pipeline, NULL);
}

static void
start (LabScenarioRun *run)
{
  g_autoptr(GError) error = NULL;
  LabSlowServer *server = lab_slow_server_get_default (&error);
  g_autofree char *url = NULL;
  g_autoptr(PoolTask) download = NULL;
  Pipeline *pipeline;

  if (server == NULL)
    {
      lab_scenario_run_complete (run, NULL, error);
      return;
    }
  pipeline = g_new0 (Pipeline, 1);
  pipeline->run = g_object_ref (run);
  pipeline->folder = g_dir_make_tmp ("tasklab-XXXXXX", &error);
  if (pipeline->folder == NULL)
    {
      lab_scenario_run_complete (run, NULL, error);
      pipeline_free (pipeline);
      return;
    }
  pipeline->path = g_build_filename (pipeline->folder, "blurred.jpg", NULL);
  pipeline->stage_start_us = g_get_monotonic_time ();

  /* var bytes = await http.GetByteArrayAsync(url); */
  url = lab_scenario_run_dup_download_url (run, server, "/images/sample.jpg" LATENCY_QUERY);
  download = lab_download_async (url, NULL, lab_scenario_run_get_cancellation_token (run), NULL);
  pool_task_await (download, TRUE, after_download, pipeline, NULL);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_ASYNC_IO,
  .title = N_("The recommended pipeline"),
  .summary = N_("Each kind of work where it belongs: await the download (I/O, no thread waits), "
                "Task.Run the blur (CPU work, on the pool), await the save (a Task.Run around the "
                "file write). After each await the code is back on the UI thread. Responsive "
                "throughout."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    byte[] bytes = await http.GetByteArrayAsync(url);        // I/O: no thread\n"
    "    Image blurred = await Task.Run(() => Blur(Decode(bytes))); // CPU: the pool\n"
    "    preview.Image = blurred;                                   // back on the UI thread\n"
    "    await Task.Run(() => blurred.Save(path));                  // the disk: off the UI\n"
    "    status.Text = $\"saved to {path}\";\n"
    "}\n",
  .downloads = TRUE,
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
