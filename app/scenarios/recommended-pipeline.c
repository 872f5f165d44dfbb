/* The recommended pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything in its right place. The download is awaited: it is I/O, so no
 * thread waits while the server takes its time. Decoding, blurring and
 * encoding are CPU work, so they go to the pool with Task.Run; the blur
 * works on a copy of at most 2 megapixels (a large download costs no more
 * than the bundled picture) and checks the token between passes, so Escape
 * stops it and the run ends Canceled. The encoded bytes are then written
 * with awaited asynchronous file I/O (File.WriteAllBytesAsync; in C, GIO's
 * g_file_replace_contents_bytes_async driven by the main loop): no thread
 * of the pool is held for it, and not the UI thread. (On Linux a regular
 * file has no truly asynchronous write: GIO does each short write() on an
 * I/O thread of its own, as .NET does on a pool thread; nothing waits on
 * the disk in TaskLab's pool.) After each await the code continues on the
 * UI thread, so it may update the window freely.
 *
 * Each stage is a measured phase, counting the threads inside its own
 * work: the download ("download" regions: none), the Task.Run ("blur",
 * around its whole body, decode to encode: one pool thread while it
 * computes), the write ("write": none). The file goes
 * into a folder of the run's own (lab-run-folder.h), removed on every way
 * out: done, failed, canceled, or the app quitting mid-run.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lab-download.h"
#include "lab-image-scale.h"
#include "lab-run-folder.h"
#include "lab-scenario-run.h"
#include "lab-slow-server.h"

#define LATENCY_QUERY     "?latency_ms=300"
#define MAX_WORK_PIXELS   (2 * 1000 * 1000)  /* the blur's working copy, at most */
#define BLUR_FRACTION     0.6                /* of the calibrated freeze */

typedef struct
{
  LabScenarioRun *run;
  char           *folder;
  char           *path;
  gulong          folder_registration;  /* on the run's token: removes @folder */
  LabImage       *blurred;
  GBytes         *encoded;
  gint64          stage_start_us;
  GString        *summary;
} Pipeline;

/* Task.Run(() => { ... }): its input (copied, immutable) and its result */
typedef struct
{
  GBytes                *bytes;
  double                 sigma;
  double                 passes_for_source;  /* calibrated, times the fraction */
  double                 source_pixels;      /* of the image they were calibrated on */
  PoolCancellationToken *token;
} BlurInput;

typedef struct
{
  LabImage *blurred;
  GBytes   *encoded;
  int       width;
  int       height;
  guint     passes;
} BlurOutput;

static void
blur_input_free (BlurInput *input)
{
  g_bytes_unref (input->bytes);
  pool_cancellation_token_unref (input->token);
  g_free (input);
}

static void
blur_output_free (BlurOutput *output)
{
  g_clear_pointer (&output->blurred, lab_image_unref);
  g_clear_pointer (&output->encoded, g_bytes_unref);
  g_free (output);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BlurOutput, blur_output_free)

/* The token's callback, on the cancelling thread (Escape, or the app
 * quitting with its loop stopped): the folder goes at once. */
static void
remove_folder_now (gpointer folder)
{
  lab_run_folder_remove (folder, NULL);
}

static void
pipeline_free (Pipeline *pipeline)
{
  g_autoptr(GError) error = NULL;

  if (pipeline->folder_registration != 0)
    pool_cancellation_token_unregister (lab_scenario_run_get_cancellation_token (pipeline->run),
                                        pipeline->folder_registration);
  if (pipeline->folder != NULL && !lab_run_folder_remove (pipeline->folder, &error))
    g_warning ("%s", error->message);
  g_free (pipeline->path);
  g_free (pipeline->folder);
  g_clear_pointer (&pipeline->blurred, lab_image_unref);
  g_clear_pointer (&pipeline->encoded, g_bytes_unref);
  g_string_free (pipeline->summary, TRUE);
  g_clear_object (&pipeline->run);
  g_free (pipeline);
}

static void
begin_stage (Pipeline   *pipeline,
             const char *name,
             const char *held_region)
{
  lab_scenario_run_begin_phase_full (pipeline->run, name, held_region);
  pipeline->stage_start_us = g_get_monotonic_time ();
}

/* Ends a stage: how long it took, the threads held in its work. FALSE (and
 * the run over: Canceled, as the catch says, or failed) if it did not run
 * to completion. */
static gboolean
stage_done (Pipeline   *pipeline,
            const char *stage,
            PoolTask   *task)
{
  g_autofree char *key = g_strconcat (stage, "_ms", NULL);
  double held_ms;
  LabVerdict verdict = lab_scenario_run_end_phase (pipeline->run, &held_ms);
  double ms = (g_get_monotonic_time () - pipeline->stage_start_us) / 1000.0;
  const GPtrArray *errors = pool_task_get_errors (task);

  lab_scenario_run_add_detail_number (pipeline->run, key, ms);
  if (pool_task_get_status (task) == POOL_TASK_STATUS_RAN_TO_COMPLETION)
    {
      g_string_append_printf (pipeline->summary, "%s%s: %s, %.0f ms, ",
                              pipeline->summary->len > 0 ? " · " : "", stage,
                              lab_verdict_to_string (verdict), ms);
      if (held_ms > 0.0)
        g_string_append_printf (pipeline->summary, "a pool thread busy %.0f ms", held_ms);
      else
        g_string_append (pipeline->summary, "no thread held");
      return TRUE;
    }

  if (pool_task_get_status (task) == POOL_TASK_STATUS_CANCELED)
    {
      lab_scenario_run_set_verdict (pipeline->run, LAB_VERDICT_CANCELED);
      lab_scenario_run_set_status (pipeline->run, stage, POOL_TASK_STATUS_CANCELED);
      lab_scenario_run_set_summary (pipeline->run, "Canceled during the %s; the run's folder "
                                    "was removed", stage);
      lab_scenario_run_complete (pipeline->run, NULL, NULL);
    }
  else
    lab_scenario_run_complete (pipeline->run, NULL,
                               errors != NULL && errors->len > 0 ? g_ptr_array_index (errors, 0)
                                                                 : NULL);
  pipeline_free (pipeline);
  return FALSE;
}

typedef struct
{
  PoolTaskCompletionSource *completion;
  GCancellable             *cancellable;
  PoolCancellationToken    *token;
  gulong                    registration;
  gint64                    started_us;
} Write;

static void
cancel_write (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);   /* thread-safe; GIO reports on its context */
}

static void
on_written (GObject      *file,
            GAsyncResult *result,
            gpointer      data)
{
  Write *write = data;
  g_autoptr(PoolTaskCompletionSource) completion = g_steal_pointer (&write->completion);
  GError *error = NULL;

  /* the write in flight, holding no thread of the pool: the timeline's I/O lane */
  pool_trace_record_io ("write", write->started_us, g_get_monotonic_time ());
  pool_cancellation_token_unregister (write->token, write->registration);
  if (g_file_replace_contents_finish (G_FILE (file), result, NULL, &error))
    pool_task_completion_source_try_set_result (completion, GINT_TO_POINTER (TRUE), NULL);
  /* cancelled, or the folder removed under it by the same token */
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           pool_cancellation_token_is_cancellation_requested (write->token))
    {
      g_clear_error (&error);
      pool_task_completion_source_try_set_canceled (completion);
    }
  else
    pool_task_completion_source_try_set_error (completion, error);
  g_object_unref (write->cancellable);
  pool_cancellation_token_unref (write->token);
  g_free (write);
}

/* File.WriteAllBytesAsync(path, bytes, token): GIO writes on the main loop's
 * behalf and completes the task there; no thread of the pool waits. */
static PoolTask *
write_all_bytes_async (const char            *path,
                       GBytes                *bytes,
                       PoolCancellationToken *token)
{
  Write *write = g_new0 (Write, 1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PoolTask *task;

  write->completion = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  write->cancellable = g_cancellable_new ();
  write->token = pool_cancellation_token_ref (token);
  write->registration = pool_cancellation_token_register (token, cancel_write,
                                                          g_object_ref (write->cancellable),
                                                          g_object_unref);
  write->started_us = g_get_monotonic_time ();
  task = pool_task_ref (pool_task_completion_source_get_task (write->completion));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       write->cancellable, on_written, write);
  return task;
}

/* [snippet] */
/* The body of Task.Run(() => { ... }): on a pool thread */
static BlurOutput *
decode_blur_encode (BlurInput  *input,
                    GError    **error)
{
  g_autoptr(LabImage) decoded = NULL;
  g_autoptr(LabImage) image = NULL;
  g_autoptr(BlurOutput) output = g_new0 (BlurOutput, 1);
  GError *failure = NULL;
  double pixels;

  /* var image = Decode(bytes).ScaleDown(maxPixels: 2_000_000); */
  decoded = lab_image_load_bytes (input->bytes, error);
  if (decoded == NULL)
    return NULL;
  image = lab_image_scale_down (decoded, 0, MAX_WORK_PIXELS);
  g_clear_pointer (&decoded, lab_image_unref);
  output->width = image->width;
  output->height = image->height;

  /* var result = Blur(image, token);  no longer than the bundled picture's blur */
  pixels = (double) image->width * image->height;
  output->passes = MAX (1, (guint) (input->passes_for_source *
                                    MIN (1.0, input->source_pixels / pixels) + 0.5));
  for (guint pass = 0; pass < output->passes; pass++)
    {
      LabImage *next;

      /* token.ThrowIfCancellationRequested(): the task ends Canceled */
      if (pool_cancellation_token_throw_if_cancellation_requested (input->token, &failure))
        break;
      next = lab_blur_gaussian (image, input->sigma, &failure);
      if (next == NULL)
        break;
      g_clear_pointer (&image, lab_image_unref);
      image = next;
    }
  if (failure != NULL)
    {
      g_propagate_error (error, failure);
      return NULL;
    }
  output->blurred = g_steal_pointer (&image);

  /* return (result, Encode(result, ImageFormat.Jpeg)); */
  output->encoded = lab_image_encode (output->blurred, "blurred.jpg", 0, error);
  return output->encoded != NULL ? g_steal_pointer (&output) : NULL;
}

/* Task.Run(() => { Decode; ScaleDown; Blur(token); Encode }, token); marked
 * "blur" in the trace, the CPU stage's threads held */
static gpointer
blur_and_encode (gpointer   data,
                 GError   **error)
{
  gint64 begin = pool_trace_begin_region ();
  BlurOutput *output = decode_blur_encode (data, error);

  pool_trace_end_region ("blur", begin);
  return output;
}

/* after `await File.WriteAllBytesAsync(path, encoded, token)`: on the UI thread */
static void
after_write (PoolTask *written,
             gpointer  data)
{
  Pipeline *pipeline = data;
  GStatBuf info;

  if (!stage_done (pipeline, "write", written))
    return;
  /* status.Text = $"saved {encoded.Length} bytes to {path}"; (the report's details) */
  if (g_stat (pipeline->path, &info) == 0)
    lab_scenario_run_add_detail_number (pipeline->run, "saved_bytes", (double) info.st_size);
  lab_scenario_run_add_detail_number (pipeline->run, "encoded_bytes",
                                      g_bytes_get_size (pipeline->encoded));
  lab_scenario_run_add_detail (pipeline->run, "saved_to", "%s", pipeline->path);
  lab_scenario_run_set_summary (pipeline->run, "%s · the UI thread only started each stage "
                                "and took its result", pipeline->summary->str);
  lab_scenario_run_complete (pipeline->run, pipeline->blurred, NULL);
  /* finally: Directory.Delete(folder, recursive: true); */
  pipeline_free (pipeline);
}

/* after `var (blurred, encoded) = await Task.Run(...)`: on the UI thread */
static void
after_blur (PoolTask *blur,
            gpointer  data)
{
  Pipeline *pipeline = data;
  BlurOutput *output;
  g_autoptr(PoolTask) written = NULL;

  if (!stage_done (pipeline, "blur", blur))
    return;
  output = pool_task_get_awaiter_result (blur, NULL);
  lab_scenario_run_add_detail_number (pipeline->run, "work_pixels",
                                      (double) output->width * output->height);
  lab_scenario_run_add_detail_number (pipeline->run, "blur_passes", output->passes);

  /* preview.Image = blurred; */
  pipeline->blurred = lab_image_ref (output->blurred);
  pipeline->encoded = g_bytes_ref (output->encoded);

  /* var path = Path.Combine(folder, "blurred.jpg"); */
  pipeline->path = g_build_filename (pipeline->folder, "blurred.jpg", NULL);

  /* await File.WriteAllBytesAsync(path, encoded, token); */
  begin_stage (pipeline, "write", "write");
  written = write_all_bytes_async (pipeline->path, pipeline->encoded,
                                   lab_scenario_run_get_cancellation_token (pipeline->run));
  lab_scenario_run_mark_task (pipeline->run, written, "await File.WriteAllBytesAsync(");
  lab_scenario_run_mark_await (pipeline->run, written, "status.Text = $\"saved");
  pool_task_await (written, TRUE, after_write, pipeline, NULL);
}

/* after `await http.GetByteArrayAsync(url, token)`: on the UI thread */
static void
after_download (PoolTask *download,
                gpointer  data)
{
  Pipeline *pipeline = data;
  LabScenarioRun *run = pipeline->run;
  LabImage *calibrated = lab_scenario_run_get_source (run);
  BlurInput *input;
  g_autoptr(PoolTask) blur = NULL;

  if (!stage_done (pipeline, "download", download))
    return;

  /* var (blurred, encoded) = await Task.Run(() => { ... }, token); */
  input = g_new0 (BlurInput, 1);
  input->bytes = g_bytes_ref (pool_task_get_awaiter_result (download, NULL));
  input->sigma = lab_scenario_run_get_sigma (run);
  input->passes_for_source = lab_scenario_run_get_passes (run) * BLUR_FRACTION;
  input->source_pixels = (double) calibrated->width * calibrated->height;
  input->token = pool_cancellation_token_ref (lab_scenario_run_get_cancellation_token (run));
  begin_stage (pipeline, "blur", "blur");
  blur = pool_task_run_with_token (blur_and_encode, input, (GDestroyNotify) blur_input_free,
                                   input->token);
  pool_task_set_result_destroy (blur, (GDestroyNotify) blur_output_free);
  lab_scenario_run_track_task (run, blur);
  lab_scenario_run_mark_task (run, blur, "var (blurred, encoded) = await Task.Run(");
  lab_scenario_run_mark_await (run, blur, "preview.Image = blurred;");
  pool_task_await (blur, TRUE, after_blur, pipeline, NULL);
}

static void
start (LabScenarioRun *run)
{
  g_autoptr(GError) error = NULL;
  LabSlowServer *server = lab_slow_server_get_default (&error);
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
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
  pipeline->summary = g_string_new (NULL);

  /* var folder = Directory.CreateTempSubdirectory("tasklab-").FullName;
   * (here "tasklab-PID-XXXXXX", so that a later start can tell a dead run's) */
  pipeline->folder = lab_run_folder_create (NULL, &error);
  if (pipeline->folder == NULL)
    {
      lab_scenario_run_complete (run, NULL, error);
      pipeline_free (pipeline);
      return;
    }
  pipeline->folder_registration = pool_cancellation_token_register (token, remove_folder_now,
                                                                    g_strdup (pipeline->folder),
                                                                    g_free);
  lab_scenario_run_add_detail (run, "run_folder", "%s", pipeline->folder);

  lab_scenario_run_mark_phase (run, "download", "byte[] bytes = await http.GetByteArrayAsync(");
  lab_scenario_run_mark_phase (run, "blur", "var (blurred, encoded) = await Task.Run(");
  lab_scenario_run_mark_phase (run, "write", "await File.WriteAllBytesAsync(");
  lab_scenario_run_mark_io (run, "download", "byte[] bytes = await http.GetByteArrayAsync(");
  lab_scenario_run_mark_io (run, "write", "await File.WriteAllBytesAsync(");

  /* byte[] bytes = await http.GetByteArrayAsync(url, token); */
  url = lab_scenario_run_dup_download_url (run, server, "/images/sample.jpg" LATENCY_QUERY);
  begin_stage (pipeline, "download", "download");
  download = lab_download_async (url, NULL, token, NULL);
  lab_scenario_run_mark_task (run, download, "byte[] bytes = await http.GetByteArrayAsync(");
  lab_scenario_run_mark_await (run, download, "var (blurred, encoded) = await Task.Run(");
  pool_task_await (download, TRUE, after_download, pipeline, NULL);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_ASYNC_IO,
  .title = N_("The recommended pipeline"),
  .summary = N_("Each kind of work where it belongs. Await the download: I/O, no thread waits. "
                "Task.Run the decode, blur and encode: CPU work, on the pool, on a copy of at most "
                "2 megapixels, stopping when Escape cancels. Await the file write: asynchronous "
                "I/O, no pool thread held. After each await the code is back on the UI thread. "
                "Responsive throughout."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var folder = Directory.CreateTempSubdirectory(\"tasklab-\").FullName;\n"
    "    try\n"
    "    {\n"
    "        byte[] bytes = await http.GetByteArrayAsync(url, token);  // I/O\n"
    "        var (blurred, encoded) = await Task.Run(() =>             // CPU\n"
    "        {\n"
    "            var image = Decode(bytes).ScaleDown(maxPixels: 2_000_000);\n"
    "            var result = Blur(image, token);  // checks the token per pass\n"
    "            return (result, Encode(result, ImageFormat.Jpeg));\n"
    "        }, token);\n"
    "        preview.Image = blurred;                 // back on the UI thread\n"
    "        var path = Path.Combine(folder, \"blurred.jpg\");\n"
    "        await File.WriteAllBytesAsync(path, encoded, token);      // I/O\n"
    "        status.Text = $\"saved {encoded.Length} bytes to {path}\";\n"
    "    }\n"
    "    catch (OperationCanceledException) { status.Text = \"Canceled\"; }\n"
    "    finally { Directory.Delete(folder, recursive: true); }\n"
    "}\n",
  .downloads = TRUE,
  .expected = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE },
  .start = start,
};
