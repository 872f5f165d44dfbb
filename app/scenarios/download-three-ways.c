/* Download: await vs Task.Run vs blocking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same slow download (the built-in server waits 700 ms before it
 * answers), three ways. Awaited: libcurl's multi interface is driven by the
 * main loop, so while the server thinks no thread waits at all and the
 * window stays responsive. In Task.Run with a blocking call: the window is
 * responsive too, but a pool worker sits blocked for the whole wait, a
 * thread the pool could have used. Blocking on the UI thread: the window
 * freezes until the answer comes. Each phase is measured on its own: its
 * longest UI stall, and how many pool threads were held while it ran.
 */
#include <glib/gi18n.h>

#include "lab-download.h"
#include "lab-scenario-run.h"
#include "lab-slow-server.h"

#define LATENCY_QUERY "?latency_ms=700"

typedef struct
{
  LabScenarioRun *run;
  char           *url;
  gint64          phase_start_us;
  GBytes         *body;
  GString        *summary;
} Download;

static void
download_free (Download *download)
{
  g_clear_pointer (&download->body, g_bytes_unref);
  g_string_free (download->summary, TRUE);
  g_free (download->url);
  g_clear_object (&download->run);
  g_free (download);
}

/* Ends the phase; records what it measured. FALSE (and the run over) on error. */
static gboolean
end_phase (Download     *download,
           const char   *label,
           GBytes       *body,
           const GError *error)
{
  double held_ms;
  LabVerdict verdict = lab_scenario_run_end_phase (download->run, &held_ms);
  double ms = (g_get_monotonic_time () - download->phase_start_us) / 1000.0;

  if (body == NULL)
    {
      lab_scenario_run_complete (download->run, NULL, error);
      download_free (download);
      return FALSE;
    }
  g_string_append_printf (download->summary, "%s%s: %s, %.0f ms, pool threads held %.0f ms",
                          download->summary->len > 0 ? " · " : "", label,
                          lab_verdict_to_string (verdict), ms, held_ms);
  g_clear_pointer (&download->body, g_bytes_unref);
  download->body = g_bytes_ref (body);
  return TRUE;
}

static void
begin_phase (Download   *download,
             const char *name)
{
  lab_scenario_run_begin_phase (download->run, name);
  download->phase_start_us = g_get_monotonic_time ();
}

/* Task.Run(Decode): the downloaded picture, for the window. */
static gpointer
decode (gpointer   data,
        GError   **error)
{
  return lab_image_load_bytes (data, error);
}

static gpointer
show_picture (PoolTask  *decoded,
              gpointer   data,
              GError   **error)
{
  Download *download = data;
  g_autoptr(GError) decode_error = NULL;
  LabImage *image = pool_task_get_result (decoded, &decode_error);

  lab_scenario_run_add_detail_number (download->run, "bytes", g_bytes_get_size (download->body));
  lab_scenario_run_set_summary (download->run, "%s", download->summary->str);
  lab_scenario_run_complete (download->run, image, decode_error);
  download_free (download);
  return NULL;
}

/* curl_easy_perform(): holds the calling thread for the whole transfer. */
static gpointer
download_blocking (gpointer   data,
                   GError   **error)
{
  Download *download = data;
  gint64 begin = pool_trace_begin_region ();
  GBytes *body = lab_download_blocking (download->url, NULL,
                                        lab_scenario_run_get_cancellation_token (download->run),
                                        error);

  pool_trace_end_region ("download", begin);
  return body;
}

static void download_on_ui_thread (gpointer state, GError **error);

/* Phase 2 is back on the UI thread; phase 3 starts from a fresh dispatch. */
static gpointer
download_on_pool_done (PoolTask  *task,
                       gpointer   data,
                       GError   **error)
{
  Download *download = data;
  g_autoptr(GError) download_error = NULL;
  GBytes *body = pool_task_get_result (task, &download_error);

  if (end_phase (download, "Task.Run", body, download_error))
    pool_main_context_scheduler_post (lab_scenario_run_get_ui_scheduler (download->run),
                                      download_on_ui_thread, download);
  return NULL;
}

/* [snippet] */
/* Phase 1: `await http.GetByteArrayAsync(url)`: no thread waits. */
static void
after_await (PoolTask *task,
             gpointer  data)
{
  Download *download = data;
  g_autoptr(GError) error = NULL;
  GBytes *body = pool_task_get_result (task, &error);
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (download->run);
  g_autoptr(PoolTask) on_pool = NULL;

  if (!end_phase (download, "await", body, error))
    return;

  /* Phase 2: `await Task.Run(() => webClient.DownloadData(url))`: a worker waits */
  begin_phase (download, "Task.Run(blocking)");
  on_pool = pool_task_run (download_blocking, download, NULL);
  pool_task_set_result_destroy (on_pool, (GDestroyNotify) g_bytes_unref);
  pool_task_unref (pool_task_continue_with (on_pool, download_on_pool_done, download, NULL, ui));
}

/* Phase 3: `webClient.DownloadData(url)` in the click handler: the UI thread waits */
static void
download_on_ui_thread (gpointer   state,
                       GError   **error)
{
  Download *download = state;
  g_autoptr(GError) download_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(PoolTask) decoded = NULL;

  begin_phase (download, "blocking on the UI thread");
  body = download_blocking (download, &download_error);
  if (!end_phase (download, "UI thread", body, download_error))
    return;

  decoded = pool_task_run (decode, download->body, NULL);
  pool_task_set_result_destroy (decoded, (GDestroyNotify) lab_image_unref);
  pool_task_unref (pool_task_continue_with (decoded, show_picture, download, NULL,
                                            lab_scenario_run_get_ui_scheduler (download->run)));
}

static void
start (LabScenarioRun *run)
{
  g_autoptr(GError) error = NULL;
  LabSlowServer *server = lab_slow_server_get_default (&error);
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
  g_autoptr(PoolTask) awaited = NULL;
  Download *download;

  if (server == NULL)
    {
      lab_scenario_run_complete (run, NULL, error);
      return;
    }
  download = g_new0 (Download, 1);
  download->run = g_object_ref (run);
  download->url = lab_scenario_run_dup_download_url (run, server, "/images/sample.jpg" LATENCY_QUERY);
  download->summary = g_string_new (NULL);

  begin_phase (download, "await");
  awaited = lab_download_async (download->url, NULL, token, NULL);
  pool_task_await (awaited, TRUE, after_await, download, NULL);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_ASYNC_IO,
  .title = N_("Download: await vs Task.Run vs blocking"),
  .summary = N_("One slow download (700 ms before the server answers), three ways. Awaited: curl "
                "runs on the main loop and no thread waits. Task.Run around a blocking call: "
                "responsive, but a pool worker is held for the whole wait. Blocking on the UI "
                "thread: frozen. Each phase is measured on its own."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    // 1. Awaited I/O: no thread waits while the server thinks.\n"
    "    byte[] a = await http.GetByteArrayAsync(url);\n"
    "\n"
    "    // 2. Blocking I/O on the pool: responsive, one worker held.\n"
    "    byte[] b = await Task.Run(() => webClient.DownloadData(url));\n"
    "\n"
    "    // 3. Blocking I/O on the UI thread: frozen.\n"
    "    byte[] c = webClient.DownloadData(url);\n"
    "    preview.Image = await Task.Run(() => Decode(c));\n"
    "}\n",
  .downloads = TRUE,
  .expected = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE, LAB_VERDICT_FROZEN },
  .start = start,
};
