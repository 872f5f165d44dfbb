/* Download: await vs Task.Run vs blocking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same slow download (the built-in server waits 700 ms before it
 * answers), three ways, with HttpClient. Awaited (GetByteArrayAsync):
 * libcurl's multi interface is driven by the main loop, so while the server
 * thinks no thread waits at all and the window stays responsive. In
 * Task.Run around the blocking call (HttpClient.Send): the window is
 * responsive too, but a pool thread sits blocked for the whole wait, a
 * thread the pool could have used. The same blocking call on the UI thread:
 * the window freezes until the answer comes, and the call is cut after 3 s
 * at most, whatever the server does, so the freeze never lasts longer.
 *
 * Each phase is measured on its own: its longest UI stall, and the time
 * threads spent blocked inside the download call (the "download" region the
 * blocking call marks in the trace): pool threads, and the UI thread. A
 * pool worker busy with anything else is not counted.
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

static gboolean
is_canceled (const GError *error)
{
  return error != NULL && (error->domain == POOL_CANCELED_ERROR ||
                           g_error_matches (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED));
}

/* Ends the phase; records what it measured (@ui_thread: the phase is the
 * blocking call on the UI thread, which it held for the whole phase). FALSE (and the run over) on
 * error: Canceled when the token stopped it (the catch), else failed. */
static gboolean
end_phase (Download     *download,
           const char   *label,
           gboolean      ui_thread,
           GBytes       *body,
           const GError *error)
{
  double held_ms;
  LabVerdict verdict = lab_scenario_run_end_phase (download->run, &held_ms);
  double ms = (g_get_monotonic_time () - download->phase_start_us) / 1000.0;

  if (body == NULL)
    {
      if (is_canceled (error))
        {
          lab_scenario_run_set_verdict (download->run, LAB_VERDICT_CANCELED);
          lab_scenario_run_set_status_string (download->run, label, "Canceled");
          lab_scenario_run_set_summary (download->run, "Canceled during the %s phase", label);
          lab_scenario_run_complete (download->run, NULL, NULL);
        }
      else
        {
          /* what was measured up to the failure, and where it failed */
          lab_scenario_run_set_summary (download->run, "%s%s%s: %s after %.0f ms%s",
                                        download->summary->str,
                                        download->summary->len > 0 ? " · " : "", label,
                                        lab_verdict_to_string (verdict), ms,
                                        g_error_matches (error, LAB_DOWNLOAD_ERROR,
                                                         LAB_DOWNLOAD_ERROR_TIMED_OUT)
                                        ? ", cut by its time limit" : ", failed");
          lab_scenario_run_complete (download->run, NULL, error);
        }
      download_free (download);
      return FALSE;
    }
  g_string_append_printf (download->summary, "%s%s: %s, %.0f ms, ",
                          download->summary->len > 0 ? " · " : "", label,
                          lab_verdict_to_string (verdict), ms);
  if (ui_thread)
    g_string_append_printf (download->summary, "the UI thread blocked %.0f ms, no pool thread",
                            ms);
  else if (held_ms > 0.0)
    g_string_append_printf (download->summary, "a pool thread blocked %.0f ms", held_ms);
  else
    g_string_append (download->summary, "no pool thread blocked");
  g_clear_pointer (&download->body, g_bytes_unref);
  download->body = g_bytes_ref (body);
  return TRUE;
}

/* A phase counts as held only the threads blocked in "download" regions. */
static void
begin_phase (Download   *download,
             const char *name)
{
  lab_scenario_run_begin_phase_full (download->run, name, "download");
  download->phase_start_us = g_get_monotonic_time ();
}

/* Task.Run(() => Decode(c)): the downloaded picture, for the window. */
static gpointer
decode (gpointer   data,
        GError   **error)
{
  return lab_image_load_bytes (data, error);
}

/* [snippet] */
/* byte[] Download(url, timeout): HttpClient.Send, synchronous: it holds the
 * calling thread until the whole body is in, or the timeout (or Escape) ends it */
static GBytes *
download_blocking (Download  *download,
                   guint      timeout_ms,
                   GError   **error)
{
  LabDownloadLimits limits = { .timeout_ms = timeout_ms };
  gint64 begin = pool_trace_begin_region ();
  GBytes *body = lab_download_blocking (download->url, &limits,
                                        lab_scenario_run_get_cancellation_token (download->run),
                                        error);

  pool_trace_end_region ("download", begin);
  return body;
}

/* Task.Run(() => Download(url, FromMinutes(5)), token) */
static gpointer
download_on_pool (gpointer   data,
                  GError   **error)
{
  return download_blocking (data, LAB_DOWNLOAD_DEFAULT_TIMEOUT_MS, error);
}

/* after `preview.Image = await Task.Run(() => Decode(c), token)`: on the UI thread */
static void
show_picture (PoolTask *decoded,
              gpointer  data)
{
  Download *download = data;
  g_autoptr(GError) decode_error = NULL;
  LabImage *image = pool_task_get_awaiter_result (decoded, &decode_error);

  lab_scenario_run_add_detail_number (download->run, "bytes", g_bytes_get_size (download->body));
  lab_scenario_run_add_detail_number (download->run, "ui_thread_timeout_ms",
                                      LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS);
  lab_scenario_run_set_summary (download->run, "%s", download->summary->str);
  if (is_canceled (decode_error))
    {
      lab_scenario_run_set_verdict (download->run, LAB_VERDICT_CANCELED);
      lab_scenario_run_set_status_string (download->run, "Decode", "Canceled");
      g_clear_error (&decode_error);
    }
  lab_scenario_run_complete (download->run, image, decode_error);
  download_free (download);
}

/* after `await Task.Run(...)`: back on the UI thread */
static void
after_task_run (PoolTask *on_pool,
                gpointer  data)
{
  Download *download = data;
  g_autoptr(GError) error = NULL;
  GBytes *downloaded = pool_task_get_awaiter_result (on_pool, &error);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(PoolTask) decoded = NULL;

  if (!end_phase (download, "Task.Run", FALSE, downloaded, error))
    return;

  /* byte[] c = Download(url, FromSeconds(3));  the UI thread waits: frozen, 3 s at most */
  lab_scenario_run_mark_phase (download->run, "blocking on the UI thread",
                               "byte[] c = Download(url, FromSeconds(3));");
  begin_phase (download, "blocking on the UI thread");
  body = download_blocking (download, LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS, &error);
  if (!end_phase (download, "UI thread", TRUE, body, error))
    return;

  /* preview.Image = await Task.Run(() => Decode(c), token); */
  decoded = pool_task_run_with_token (decode, download->body, NULL,
                                      lab_scenario_run_get_cancellation_token (download->run));
  pool_task_set_result_destroy (decoded, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_mark_task (download->run, decoded, "preview.Image = await Task.Run(");
  lab_scenario_run_mark_await (download->run, decoded, "preview.Image = await Task.Run(");
  pool_task_await (decoded, TRUE, show_picture, download, NULL);
}

/* after `await http.GetByteArrayAsync(url, token)`: back on the UI thread */
static void
after_get_async (PoolTask *awaited,
                 gpointer  data)
{
  Download *download = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PoolTask) on_pool = NULL;
  GBytes *body = pool_task_get_awaiter_result (awaited, &error);

  if (!end_phase (download, "await", FALSE, body, error))
    return;

  /* byte[] b = await Task.Run(() => Download(url, FromMinutes(5)), token);  a pool thread waits */
  lab_scenario_run_mark_phase (download->run, "Task.Run(blocking)", "byte[] b = await Task.Run(");
  begin_phase (download, "Task.Run(blocking)");
  on_pool = pool_task_run_with_token (download_on_pool, download, NULL,
                                      lab_scenario_run_get_cancellation_token (download->run));
  pool_task_set_result_destroy (on_pool, (GDestroyNotify) g_bytes_unref);
  lab_scenario_run_mark_task (download->run, on_pool, "byte[] b = await Task.Run(");
  lab_scenario_run_mark_await (download->run, on_pool, "byte[] c = Download(url, FromSeconds(3));");
  pool_task_await (on_pool, TRUE, after_task_run, download, NULL);
}

static void
start (LabScenarioRun *run)
{
  g_autoptr(GError) error = NULL;
  LabSlowServer *server = lab_slow_server_get_default (&error);
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

  /* in Download(): the call that holds its thread */
  lab_scenario_run_mark_label (run, "download", "http.Send(");

  /* byte[] a = await http.GetByteArrayAsync(url, token);  no thread waits */
  lab_scenario_run_mark_phase (run, "await", "byte[] a = await http.GetByteArrayAsync(");
  lab_scenario_run_mark_io (run, "download", "byte[] a = await http.GetByteArrayAsync(");
  begin_phase (download, "await");
  awaited = lab_download_async (download->url, NULL, lab_scenario_run_get_cancellation_token (run),
                                NULL);
  lab_scenario_run_mark_task (run, awaited, "byte[] a = await http.GetByteArrayAsync(");
  lab_scenario_run_mark_await (run, awaited, "byte[] b = await Task.Run(");
  pool_task_await (awaited, TRUE, after_get_async, download, NULL);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .compare_with = { "download-three-ways" },
  .group = LAB_GROUP_ASYNC_IO,
  .title = N_("Download: await vs Task.Run vs blocking"),
  .summary = N_("One slow download (700 ms before the server answers), three ways, with "
                "HttpClient. Awaited: curl runs on the main loop and no thread waits. The blocking "
                "call (HttpClient.Send) in Task.Run: responsive, but a pool thread is blocked for "
                "the whole wait. The same call on the UI thread: frozen, and cut after 3 s at "
                "most. Each phase is measured on its own."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    try\n"
    "    {\n"
    "        byte[] a = await http.GetByteArrayAsync(url, token);  // no thread waits\n"
    "        byte[] b = await Task.Run(() => Download(url, FromMinutes(5)), token);\n"
    "        byte[] c = Download(url, FromSeconds(3));  // frozen: 3 s at most\n"
    "        preview.Image = await Task.Run(() => Decode(c), token);\n"
    "    }\n"
    "    catch (OperationCanceledException) { status.Text = \"Canceled\"; }\n"
    "}\n"
    "byte[] Download(string url, TimeSpan timeout)  // HttpClient.Send: blocking\n"
    "{\n"
    "    using var cts = CancellationTokenSource.CreateLinkedTokenSource(token);\n"
    "    cts.CancelAfter(timeout);\n"
    "    using var response = http.Send(new(HttpMethod.Get, url), cts.Token);\n"
    "    var body = new MemoryStream();\n"
    "    response.EnsureSuccessStatusCode().Content.ReadAsStream().CopyTo(body);\n"
    "    return body.ToArray();\n"
    "}\n",
  .downloads = TRUE,
  .expected = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE, LAB_VERDICT_FROZEN },
  .start = start,
};
