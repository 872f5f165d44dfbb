/* test-scenarios-run.c — one scenario per run (`--run ID`): where its work
 * ran and what the window did meanwhile, a bad --image refused, and Escape
 * cancelling a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "test-scenarios-util.h"

/* Scenario 1: Task.Run keeps the window responsive; the blur ran on a worker. */
void
test_task_run_is_responsive (void)
{
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *roles = NULL;

  if (skip_without_display ())
    return;

  report = run_report ("task-run", NULL);
  roles = joined_roles (report);
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, "task-run");
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "responsive");
  g_assert_cmpstr (roles, ==, "worker");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
  /* the scenario's own stall: a busy machine's hiccups are not the scenario's */
  g_assert_cmpfloat (json_object_get_double_member (report, "scenario_stall_ms"), <, 100.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "work_ms"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "duration_ms"), >=,
                     json_object_get_double_member (report, "work_ms"));
  g_assert_true (json_object_get_null_member (report, "error"));
}

/* Scenario 2: StartNew inside a UI task runs the blur on the UI thread and freezes it. */
void
test_start_new_in_ui_task_is_frozen (void)
{
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *roles = NULL;
  double work_ms, stall_ms;

  if (skip_without_display ())
    return;

  report = run_report ("2", NULL);
  roles = joined_roles (report);
  work_ms = json_object_get_double_member (report, "work_ms");
  stall_ms = json_object_get_double_member (report, "ui_max_stall_ms");
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, "start-new-in-ui-task");
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "frozen");
  g_assert_cmpstr (roles, ==, "ui");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
  g_assert_cmpfloat (work_ms, >, 0.0);
  g_assert_cmpfloat (stall_ms, >=, work_ms / 2.0);
}

/* A scripted run whose --image cannot be read (not an image; a named pipe) runs nothing,
 * says why on stderr and in its report, and exits with status 1. */
void
test_bad_image_is_reported (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "tasklab-not-an-image.png", NULL);
  g_autofree char *image_arg = NULL;
  const char *argv[] = { "--run", "task-run", "--report", "json", "--freeze-ms", "300", NULL,
                         NULL };
  Outcome outcome = { 0, };

  if (skip_without_display ())
    return;

  g_assert_true (g_file_set_contents (path, "this is not a PNG", -1, NULL));
  image_arg = g_strconcat ("--image=", path, NULL);
  argv[6] = image_arg;
  run_tasklab (&outcome, argv);
  /* the input failed: nothing runs, the report says why, the status is 1 */
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_nonnull (strstr (outcome.err, "Cannot open"));
  g_assert_nonnull (strstr (outcome.err, "tasklab-not-an-image.png"));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *report;

    g_assert_true (json_parser_load_from_data (parser, outcome.out, -1, NULL));
    report = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "none");
    g_assert_nonnull (strstr (json_object_get_string_member (report, "error"),
                              "tasklab-not-an-image.png"));
  }
  outcome_clear (&outcome);

  /* a named pipe is refused at once, never opened for reading (which would hang) */
  g_unlink (path);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  run_tasklab (&outcome, argv);
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_nonnull (strstr (outcome.err, "named pipe"));
  outcome_clear (&outcome);
  g_unlink (path);
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Escape during a run that passes the run's token (15, the tiles): the run ends Canceled,
 * an outcome: no error, status Canceled, and nothing on screen says it failed. */
void
test_parallel_tiles_canceled (void)
{
  const char *argv[] = { g_getenv ("TASKLAB"), "--run", "parallel-tiles", "--report", "json",
                         "--freeze-ms", "6000", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL, *xdotool = g_find_program_in_path ("xdotool");
  GAsyncResult *result = NULL;
  gint64 next;
  JsonObject *report;
  JsonArray *chips;

  if (skip_without_display ())
    return;
  if (xdotool == NULL)
    {
      g_test_skip ("needs xdotool");
      return;
    }

  launcher = lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  app = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* Escape until the run has ended (the app exits after its report) */
  g_subprocess_communicate_utf8_async (app, NULL, NULL, on_communicated, &result);
  next = g_get_monotonic_time () + 1500 * 1000;
  while (result == NULL)
    {
      if (g_get_monotonic_time () >= next)
        {
          const char *key[] = { xdotool, "key", "Escape", NULL };
          g_autoptr(GSubprocessLauncher) keys =
            g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
          g_autoptr(GSubprocess) press = NULL;

          g_subprocess_launcher_setenv (keys, "DISPLAY", xvfb->display, TRUE);
          press = g_subprocess_launcher_spawnv (keys, key, NULL);
          if (press != NULL)
            g_subprocess_wait (press, NULL, NULL);
          next = g_get_monotonic_time () + 300 * 1000;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_subprocess_communicate_utf8_finish (app, result, &out, &err, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_test_message ("report: %s", out);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "canceled");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "Canceled");
  g_assert_true (json_object_get_null_member (report, "error"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (report, "summary"),
                                   "Canceled in pass"));
  g_assert_cmpint (json_object_get_int_member (details_of (report), "passes_done"), <,
                   json_object_get_int_member (details_of (report), "passes"));
  chips = json_object_get_array_member (report, "chips");
  g_assert_nonnull (chip_starting (report, "Status: Canceled"));
  for (guint i = 0; i < json_array_get_length (chips); i++)
    {
      g_assert_null (strstr (json_array_get_string_element (chips, i), "None"));
      g_assert_null (strstr (json_array_get_string_element (chips, i), "A task was canceled"));
    }
}
