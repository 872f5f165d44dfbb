/* test-scenarios.c — the real window, run headless, measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts build/app/tasklab in a private Xvfb and reads what it
 * reports; nothing here knows the expected outcome except the assertions.
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lab-xvfb.h"

static LabXvfb *xvfb;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->out);
  g_free (outcome->err);
}

/* Runs tasklab with @argv (NULL-terminated, without the program) on the test's display. */
static void
run_tasklab (Outcome            *outcome,
             const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("TASKLAB"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  if (xvfb != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", xvfb->display, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  /* Xvfb has no GPU: GTK's GL renderer would run on llvmpipe and compete
   * with the pool for the CPU, so the tests draw with cairo. */
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", FALSE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &outcome->out, &outcome->err, &error);
  g_assert_no_error (error);
  outcome->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static JsonObject *
run_report (const char *id,
            const char *extra)
{
  const char *argv[] = { "--run", id, "--report", "json", "--freeze-ms", "1200", extra, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0, };
  JsonObject *report;

  if (xvfb == NULL)
    return NULL;

  run_tasklab (&outcome, argv);
  if (outcome.status != 0)
    g_test_message ("tasklab stderr: %s", outcome.err);
  g_assert_cmpint (outcome.status, ==, 0);
  json_parser_load_from_data (parser, outcome.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  report = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_test_message ("report: %s", outcome.out);
  outcome_clear (&outcome);
  return report;
}

static char *
joined_roles (JsonObject *report)
{
  JsonArray *roles = json_object_get_array_member (report, "work_ran_on");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  for (guint i = 0; i < json_array_get_length (roles); i++)
    g_strv_builder_add (builder, json_array_get_string_element (roles, i));
  values = g_strv_builder_end (builder);
  return g_strjoinv (",", values);
}

static gboolean
skip_without_display (void)
{
  if (xvfb == NULL)
    {
      g_test_skip ("Xvfb is not available");
      return TRUE;
    }
  return FALSE;
}

/* --list prints every scenario as ID<TAB>Title. */
static void
test_list (void)
{
  const char *argv[] = { "--list", NULL };
  Outcome outcome = { 0, };
  g_auto(GStrv) lines = NULL;

  run_tasklab (&outcome, argv);
  g_assert_cmpint (outcome.status, ==, 0);
  lines = g_strsplit (g_strchomp (outcome.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[0], !=, "");
      g_assert_cmpstr (fields[1], !=, "");
    }
  g_assert_nonnull (strstr (outcome.out, "task-run\t"));
  g_assert_nonnull (strstr (outcome.out, "start-new-in-ui-task\t"));
  outcome_clear (&outcome);
}

/* An unknown ID exits with status 2 and lists the valid ones. */
static void
test_unknown_id (void)
{
  const char *argv[] = { "--run", "no-such-scenario", "--report", "json", NULL };
  Outcome outcome = { 0, };

  run_tasklab (&outcome, argv);
  g_assert_cmpint (outcome.status, ==, 2);
  g_assert_cmpstr (outcome.out, ==, "");
  g_assert_nonnull (strstr (outcome.err, "no-such-scenario"));
  g_assert_nonnull (strstr (outcome.err, "task-run\t"));
  outcome_clear (&outcome);
}

/* Scenario 1: Task.Run keeps the window responsive; the blur ran on a worker. */
static void
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
  g_assert_cmpfloat (json_object_get_double_member (report, "ui_max_stall_ms"), <, 100.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "work_ms"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "duration_ms"), >=,
                     json_object_get_double_member (report, "work_ms"));
  g_assert_true (json_object_get_null_member (report, "error"));
}

/* Scenario 2: StartNew inside a UI task runs the blur on the UI thread and freezes it. */
static void
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

/* An image that cannot be read is reported on stderr; the bundled one stays and the run works. */
static void
test_bad_image_is_reported (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "tasklab-not-an-image.png", NULL);
  g_autofree char *image_arg = NULL;
  const char *argv[] = { "--run", "task-run", "--report", "json", "--freeze-ms", "300", NULL, NULL };
  Outcome outcome = { 0, };

  if (skip_without_display ())
    return;

  g_assert_true (g_file_set_contents (path, "this is not a PNG", -1, NULL));
  image_arg = g_strconcat ("--image=", path, NULL);
  argv[6] = image_arg;
  run_tasklab (&outcome, argv);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_nonnull (strstr (outcome.err, "Cannot open"));
  g_assert_nonnull (strstr (outcome.err, "tasklab-not-an-image.png"));
  g_assert_nonnull (strstr (outcome.out, "\"verdict\""));
  outcome_clear (&outcome);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  xvfb = lab_xvfb_start (&error);
  if (xvfb == NULL)
    g_test_message ("no display for the window tests: %s", error->message);

  g_test_add_func ("/e2e/cli/list", test_list);
  g_test_add_func ("/e2e/cli/unknown-id", test_unknown_id);
  g_test_add_func ("/e2e/scenario/task-run/responsive-on-worker", test_task_run_is_responsive);
  g_test_add_func ("/e2e/scenario/start-new-in-ui-task/frozen-on-ui", test_start_new_in_ui_task_is_frozen);
  g_test_add_func ("/e2e/image/bad-image-is-reported", test_bad_image_is_reported);

  status = g_test_run ();
  lab_xvfb_stop (xvfb);
  return status;
}
