/* test-scenarios-download.c — the download scenarios against servers made
 * here: a refused port, a server that trickles (the UI thread's bound), and
 * quitting mid-run (the run's folder removed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>

#include "test-scenarios-util.h"

/* A download scenario pointed at a refused port reports the failure and the app lives on. */
void
test_download_url_refused (void)
{
  const char *argv[] = { "--run", "recommended-pipeline", "--report", "json",
                         "--url", "http://127.0.0.1:9/nothing-here", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  Outcome outcome = { 0, };
  JsonObject *report;

  if (skip_without_display ())
    return;

  run_tasklab (&outcome, argv);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, outcome.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (parser));
  g_test_message ("report: %s", outcome.out);
  g_assert_false (json_object_get_null_member (report, "error"));
  g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "127.0.0.1"));
  outcome_clear (&outcome);
}

/* A server for 12's bound: the first two requests get a whole body at
 * once, every later one its headers and then a trickle of 1500 bytes/s
 * (over curl's low-speed limit, so only a time limit ends it). */
#define TRICKLE_BODY_BYTES (200 * 1024)

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GSocketService *service;
  guint16       port;
  int           requests;   /* atomic */
} Trickle;

static gboolean
trickle_answer (GThreadedSocketService *service,
                GSocketConnection      *connection,
                GObject                *source,
                gpointer                data)
{
  Trickle *trickle = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
                                           "Content-Length: %d\r\nConnection: close\r\n\r\n",
                                           TRICKLE_BODY_BYTES);
  g_autofree guint8 *body = g_malloc0 (TRICKLE_BODY_BYTES);
  char request[4096];

  if (g_input_stream_read (in, request, sizeof request, NULL, NULL) <= 0 ||
      !g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    return TRUE;
  if (g_atomic_int_add (&trickle->requests, 1) < 2)
    {
      g_output_stream_write_all (out, body, TRICKLE_BODY_BYTES, NULL, NULL, NULL);
      return TRUE;
    }
  /* 150 bytes every 100 ms, for at most 30 s or until the client hangs up */
  for (int sent = 0; sent < 300; sent++)
    {
      if (!g_output_stream_write_all (out, body, 150, NULL, NULL, NULL) ||
          !g_output_stream_flush (out, NULL, NULL))
        break;
      g_usleep (100 * 1000);
    }
  return TRUE;
}

static gpointer
trickle_thread (gpointer data)
{
  Trickle *trickle = data;

  g_main_context_push_thread_default (trickle->context);
  g_main_loop_run (trickle->loop);
  g_main_context_pop_thread_default (trickle->context);
  return NULL;
}

static Trickle *
trickle_start (void)
{
  Trickle *trickle = g_new0 (Trickle, 1);
  g_autoptr(GError) error = NULL;

  trickle->context = g_main_context_new ();
  trickle->loop = g_main_loop_new (trickle->context, FALSE);
  g_main_context_push_thread_default (trickle->context);
  trickle->service = g_threaded_socket_service_new (4);
  g_signal_connect (trickle->service, "run", G_CALLBACK (trickle_answer), trickle);
  trickle->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (trickle->service), NULL,
                                                       &error);
  g_assert_no_error (error);
  g_socket_service_start (trickle->service);
  g_main_context_pop_thread_default (trickle->context);
  trickle->thread = g_thread_new ("trickle", trickle_thread, trickle);
  return trickle;
}

static void
trickle_stop (Trickle *trickle)
{
  g_main_loop_quit (trickle->loop);
  g_thread_join (trickle->thread);
  g_socket_service_stop (trickle->service);
  g_socket_listener_close (G_SOCKET_LISTENER (trickle->service));
  g_object_unref (trickle->service);
  g_main_loop_unref (trickle->loop);
  g_main_context_unref (trickle->context);
  g_free (trickle);
}

/* 12 against a server that trickles on the third request: the blocking
 * call on the UI thread freezes the window for its 3 s limit, no longer,
 * and the run reports the timeout (issue 15's slow server). */
void
test_download_ui_thread_bounded (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = NULL;
  JsonObject *report, *phase;
  Outcome outcome = { 0, };
  Trickle *trickle;

  if (skip_without_display ())
    return;

  trickle = trickle_start ();
  url = g_strdup_printf ("http://127.0.0.1:%u/slow.jpg", trickle->port);
  {
    const char *argv[] = { "--run", "download-three-ways", "--report", "json", "--url", url, NULL };

    run_tasklab (&outcome, argv);
  }
  trickle_stop (trickle);
  g_test_message ("report: %s", outcome.out);
  g_assert_true (json_parser_load_from_data (parser, outcome.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (strstr (json_object_get_string_member (report, "error"),
                            "Timed out after 3000 ms"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "phases")), ==, 3);
  phase = phase_of (report, 2);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "frozen");
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), >=, 2900.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "duration_ms"), <, 3700.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "ui_max_stall_ms"), <, 3700.0);
  g_assert_nonnull (strstr (json_object_get_string_member (report, "summary"),
                            "cut by its time limit"));
  outcome_clear (&outcome);
}

/* Whether @folder holds an entry named like a run folder ("tasklab-PID-…"). */
static gboolean
has_run_folder (const char *folder,
                GPid        pid)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *prefix = pid > 0 ? g_strdup_printf ("tasklab-%d-", (int) pid)
                                    : g_strdup ("tasklab-");
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;
  return FALSE;
}

/* 14: at start-up the run folder of a process that died is removed; quitting
 * mid-run (SIGTERM, handled as Ctrl+Q) cancels the pipeline and removes its
 * folder too. */
void
test_pipeline_quit_removes_folder (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autofree char *pid_max = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *stale_file = NULL;
  GPid app_pid;
  gint64 deadline;

  if (skip_without_display ())
    return;

  tmp = g_dir_make_tmp ("e2e-run-folders-XXXXXX", &error);
  g_assert_no_error (error);
  /* a folder left by a process that has ended: one above pid_max, which no
   * process can have (the PID of one that just ended may be taken again at
   * once once the counter wraps, even by a thread of TaskLab itself) */
  if (!g_file_get_contents ("/proc/sys/kernel/pid_max", &pid_max, NULL, NULL))
    pid_max = g_strdup ("4194304");
  stale = g_strdup_printf ("%s/tasklab-%" G_GINT64_FORMAT "-abcdef", tmp,
                           g_ascii_strtoll (pid_max, NULL, 10) + 1);
  g_assert_cmpint (g_mkdir (stale, 0700), ==, 0);
  stale_file = g_build_filename (stale, "blurred.jpg", NULL);
  g_assert_true (g_file_set_contents (stale_file, "x", 1, NULL));

  launcher = lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmp, TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TASKLAB"), "--run",
                                     "recommended-pipeline", "--report", "json", "--freeze-ms",
                                     "3000", NULL);
  g_assert_no_error (error);
  app_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (app), NULL, 10);

  /* the run has its folder (and the stale one is gone) */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!has_run_folder (tmp, app_pid) && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_true (has_run_folder (tmp, app_pid));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));

  /* mid-run: the download, or the blur */
  g_usleep (200 * 1000);
  g_subprocess_send_signal (app, SIGTERM);
  g_assert_true (g_subprocess_wait (app, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_false (has_run_folder (tmp, 0));
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}
