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
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
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
    lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("TASKLAB"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

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
  g_assert_cmpuint (g_strv_length (lines), ==, 16);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[0], !=, "");
      g_assert_cmpstr (fields[1], !=, "");
    }
  g_assert_nonnull (strstr (outcome.out, "task-run\t"));
  g_assert_nonnull (strstr (outcome.out, "start-new-in-ui-task\t"));
  g_assert_nonnull (strstr (outcome.out, "million-items\t"));
  /* the crash demo's child option is hidden */
  g_assert_null (strstr (outcome.out, "crash"));
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
  /* the scenario's own stall: a busy machine's hiccups are not the scenario's */
  g_assert_cmpfloat (json_object_get_double_member (report, "scenario_stall_ms"), <, 100.0);
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

/* A scripted run whose --image cannot be read (not an image; a named pipe) runs nothing,
 * says why on stderr and in its report, and exits with status 1. */
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

/* --- --run all: every scenario in one window, one JSON object per line ----- */

static GPtrArray *all_reports;   /* (JsonObject *), in catalogue order */

/* Runs --run all once for the tests below and keeps the reports. */
static GPtrArray *
get_all_reports (void)
{
  /* screenshots of every scenario, kept as test artefacts in the build tree */
  g_autofree char *shots = g_build_filename (g_getenv ("MESON_BUILD_ROOT") != NULL
                                             ? g_getenv ("MESON_BUILD_ROOT") : g_get_tmp_dir (),
                                             "screenshots", NULL);
  g_autofree char *shots_arg = g_strconcat ("--screenshot-dir=", shots, NULL);
  const char *argv[] = { "--run", "all", "--report", "json", "--freeze-ms", "1200", shots_arg, NULL };
  Outcome outcome = { 0, };
  g_auto(GStrv) lines = NULL;

  if (all_reports != NULL)
    return all_reports;

  all_reports = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  run_tasklab (&outcome, argv);
  if (outcome.status != 0)
    g_test_message ("tasklab stderr: %s", outcome.err);
  g_assert_cmpint (outcome.status, ==, 0);

  lines = g_strsplit (g_strchomp (outcome.out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *shot = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("report: %s", lines[i]);
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (all_reports, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
      shot = g_strdup_printf ("%s/%s.png", shots,
                              json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id"));
      g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));
    }
  outcome_clear (&outcome);
  return all_reports;
}

static JsonObject *
report_for (const char *id)
{
  GPtrArray *reports = get_all_reports ();

  for (guint i = 0; i < reports->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (reports, i), "id"), id) == 0)
      return g_ptr_array_index (reports, i);
  g_assert_not_reached ();
  return NULL;
}

static JsonObject *
details_of (JsonObject *report)
{
  return json_object_get_object_member (report, "details");
}

static const char *
status_of (JsonObject *report,
           const char *name)
{
  JsonObject *statuses = json_object_get_object_member (report, "statuses");

  g_assert_true (json_object_has_member (statuses, name));
  return json_object_get_string_member (statuses, name);
}

static gboolean
roles_include (JsonObject *report,
               const char *role)
{
  JsonArray *roles = json_object_get_array_member (report, "work_ran_on");

  for (guint i = 0; i < json_array_get_length (roles); i++)
    if (g_strcmp0 (json_array_get_string_element (roles, i), role) == 0)
      return TRUE;
  return FALSE;
}

/* The window's chip that starts with @prefix (the chips are the report's, word for word). */
static const char *
chip_starting (JsonObject *report,
               const char *prefix)
{
  JsonArray *chips = json_object_get_array_member (report, "chips");

  for (guint i = 0; chips != NULL && i < json_array_get_length (chips); i++)
    if (g_str_has_prefix (json_array_get_string_element (chips, i), prefix))
      return json_array_get_string_element (chips, i);
  return NULL;
}

/* .NET has no TaskStatus "None": no chip and no summary of @report says it. */
static void
assert_no_status_none (JsonObject *report)
{
  JsonArray *chips = json_object_get_array_member (report, "chips");

  g_assert_cmpuint (json_array_get_length (chips), >, 0);
  for (guint i = 0; i < json_array_get_length (chips); i++)
    g_assert_null (strstr (json_array_get_string_element (chips, i), "None"));
  if (!json_object_get_null_member (report, "summary"))
    g_assert_null (strstr (json_object_get_string_member (report, "summary"), "None"));
}

/* All 16 ran, in catalogue order, and each measured verdict is the expected one. */
static void
test_all_verdicts_as_expected (void)
{
  GPtrArray *reports;

  if (skip_without_display ())
    return;

  reports = get_all_reports ();
  g_assert_cmpuint (reports->len, ==, 16);
  for (guint i = 0; i < reports->len; i++)
    {
      JsonObject *report = g_ptr_array_index (reports, i);

      g_test_message ("%s: expected %s, measured %s (stall %.0f ms)",
                      json_object_get_string_member (report, "id"),
                      json_object_get_string_member (report, "expected_verdict"),
                      json_object_get_string_member (report, "verdict"),
                      json_object_get_double_member (report, "ui_max_stall_ms"));
      g_assert_cmpint (json_object_get_int_member (report, "number"), ==, i + 1);
      g_assert_true (json_object_has_member (report, "threads_held_peak"));
      g_assert_true (json_object_has_member (report, "frames_missed"));
      g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==,
                       json_object_get_string_member (report, "expected_verdict"));
      g_assert_true (json_object_get_null_member (report, "error"));
    }
}

/* 3, 4: naming Default, or hiding the UI scheduler, sends the blur to a worker. */
static void
test_all_start_new_escapes (void)
{
  const char *ids[] = { "start-new-default-scheduler", "hide-scheduler" };

  if (skip_without_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *report = report_for (ids[i]);
      g_autofree char *roles = joined_roles (report);

      g_assert_cmpstr (roles, ==, "worker");
      g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
    }
}

/* 5: the blur in the click handler runs on the UI thread, no task; 6: a worker, no task. */
static void
test_all_handler_and_work_item (void)
{
  JsonObject *handler, *work_item;
  g_autofree char *handler_roles = NULL, *work_item_roles = NULL;

  if (skip_without_display ())
    return;

  handler = report_for ("blur-in-click-handler");
  handler_roles = joined_roles (handler);
  g_assert_cmpstr (handler_roles, ==, "ui");
  /* no task: the status is null, not a made-up word */
  g_assert_true (json_object_get_null_member (handler, "status"));
  g_assert_cmpfloat (json_object_get_double_member (handler, "ui_max_stall_ms"), >=,
                     json_object_get_double_member (handler, "work_ms") / 2.0);

  work_item = report_for ("queue-user-work-item");
  work_item_roles = joined_roles (work_item);
  g_assert_cmpstr (work_item_roles, ==, "worker");
  g_assert_true (json_object_get_null_member (work_item, "status"));
  g_assert_cmpint (json_object_get_int_member (details_of (work_item), "tasks_run"), ==, 0);
  /* it says what ran instead of a task; .NET has no TaskStatus "None" */
  g_assert_cmpstr (status_of (work_item, "QueueUserWorkItem"), ==, "no task: a work item");
  g_assert_nonnull (chip_starting (work_item, "QueueUserWorkItem: no task: a work item"));
  assert_no_status_none (work_item);
}

/* 7: the task ends Faulted; the child is ended by a signal and its message names the error;
 * the window shows both: the task's status and message, the child's end and its stderr. */
static void
test_all_error_crashes_child_only (void)
{
  JsonObject *report, *details;
  const char *task_chip, *child_chip, *summary;

  if (skip_without_display ())
    return;

  report = report_for ("error-task-vs-work-item");
  details = details_of (report);
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "Faulted");
  g_assert_cmpstr (json_object_get_string_member (details, "task_status"), ==, "Faulted");
  g_assert_nonnull (strstr (json_object_get_string_member (details, "task_error"), "holiday-photo.jpg"));
  g_assert_nonnull (strstr (json_object_get_string_member (details, "child_message"), "Unhandled error"));
  g_assert_nonnull (strstr (json_object_get_string_member (details, "child_message"), "holiday-photo.jpg"));
  g_assert_cmpstr (json_object_get_string_member (details, "child_last_line"), !=, "");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (details, "child_exit"),
                                   "killed by signal 6"));

  /* on screen, under the verdict: the first two chips */
  task_chip = chip_starting (report, "Task.Run: Faulted");
  g_assert_nonnull (task_chip);
  g_assert_nonnull (strstr (task_chip, json_object_get_string_member (details, "task_error")));
  child_chip = chip_starting (report, "QueueUserWorkItem's child process: killed by signal 6");
  g_assert_nonnull (child_chip);
  g_assert_nonnull (strstr (child_chip, json_object_get_string_member (details, "child_message")));
  g_assert_true (json_array_get_string_element (json_object_get_array_member (report, "chips"), 0)
                 == task_chip);
  /* and in the run's line of facts */
  summary = json_object_get_string_member (report, "summary");
  g_assert_nonnull (strstr (summary, json_object_get_string_member (details, "task_error")));
  g_assert_nonnull (strstr (summary, json_object_get_string_member (details, "child_exit")));
  g_assert_nonnull (strstr (summary, json_object_get_string_member (details, "child_message")));
}

/* 8: awaited one after the other: StartNew's outer task is back before its image is ready;
 * its Unwrap() only once the image is; then Task.Run(async), started after that, once its own is. */
static void
test_all_async_delegate_completes_early (void)
{
  JsonObject *report, *details;
  double outer_ms, work_ms, unwrapped_ms, run_start_ms, run_work_ms, run_ms;

  if (skip_without_display ())
    return;

  report = report_for ("start-new-async-delegate");
  details = details_of (report);
  outer_ms = json_object_get_double_member (details, "outer_completed_ms");
  work_ms = json_object_get_double_member (details, "inner_work_done_ms");
  unwrapped_ms = json_object_get_double_member (details, "unwrapped_completed_ms");
  run_start_ms = json_object_get_double_member (details, "run_async_started_ms");
  run_work_ms = json_object_get_double_member (details, "run_async_work_done_ms");
  run_ms = json_object_get_double_member (details, "run_async_completed_ms");
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "completed-early");
  g_assert_cmpfloat (json_object_get_double_member (details, "outer_early_by_ms"), >, 100.0);
  g_assert_cmpfloat (work_ms - outer_ms, >, 100.0);
  g_assert_cmpstr (status_of (report, "StartNew outer"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "inner when outer completed"), !=, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "Unwrap"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "Task.Run async"), ==, "RanToCompletion");
  /* one after the other, as the C# awaits them */
  g_assert_cmpfloat (unwrapped_ms, >=, work_ms);
  g_assert_cmpfloat (run_start_ms, >=, unwrapped_ms);
  g_assert_cmpfloat (run_work_ms, >, run_start_ms);
  g_assert_cmpfloat (run_ms, >=, run_work_ms);
  g_assert_true (roles_include (report, "worker"));
}

/* 9: first the pool's own workers blocked: a short item waits until the pool injects a thread;
 * then, once those are done, the same as LongRunning: the short item does not wait. */
static void
test_all_starvation_delays (void)
{
  JsonObject *report, *details;
  double long_running_ms, blocked_ms;

  if (skip_without_display ())
    return;

  report = report_for ("starvation-long-running");
  details = details_of (report);
  long_running_ms = json_object_get_double_member (details, "long_running_short_item_delay_ms");
  blocked_ms = json_object_get_double_member (details, "blocked_pool_short_item_delay_ms");
  g_assert_true (roles_include (report, "worker"));
  g_assert_true (roles_include (report, "dedicated"));
  g_assert_cmpfloat (long_running_ms, <, 200.0);
  g_assert_cmpfloat (blocked_ms, >=, 400.0);
  g_assert_cmpfloat (blocked_ms, >, long_running_ms);
  g_assert_cmpint (json_object_get_int_member (details, "blocking_items"), >=,
                   json_object_get_int_member (details, "min_threads"));
  g_assert_cmpint (json_object_get_int_member (details, "workers_peak"), >,
                   json_object_get_int_member (details, "workers_before"));
  /* the order of the C#: the blocked pool first, LongRunning once its 1500 ms items are done */
  g_assert_cmpfloat (json_object_get_double_member (details, "long_running_started_ms"), >=, 1500.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (details, "injections_ms")), >=, 1);
  g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (details, "injections_ms"), 0),
                     <, json_object_get_double_member (details, "long_running_started_ms"));
  assert_no_status_none (report);
}

static int
completion_index (JsonArray  *order,
                  const char *task)
{
  for (guint i = 0; i < json_array_get_length (order); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (order, i), "task"),
                   task) == 0)
      return (int) i;
  g_assert_not_reached ();
  return -1;
}

/* 10: the StartNew parent completes after its attached children; the Task.Run parent before its own. */
static void
test_all_attached_children_order (void)
{
  JsonObject *report;
  JsonArray *order;

  if (skip_without_display ())
    return;

  report = report_for ("attached-children");
  order = json_object_get_array_member (details_of (report), "completion_order");
  g_assert_cmpuint (json_array_get_length (order), ==, 6);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *start_new_child = g_strdup_printf ("StartNew child %u", i);
      g_autofree char *run_child = g_strdup_printf ("Task.Run child %u", i);

      g_assert_cmpint (completion_index (order, "StartNew parent"), >,
                       completion_index (order, start_new_child));
      g_assert_cmpint (completion_index (order, "Task.Run parent"), <,
                       completion_index (order, run_child));
    }
  g_assert_cmpstr (status_of (report, "StartNew parent"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "Task.Run parent"), ==, "RanToCompletion");
}

/* 11: the four cancellation outcomes. */
static void
test_all_cancellation_statuses (void)
{
  JsonObject *report;

  if (skip_without_display ())
    return;

  report = report_for ("cancellation");
  g_assert_cmpstr (status_of (report, "canceled before start"), ==, "Canceled");
  g_assert_cmpstr (json_object_get_string_member (details_of (report), "canceled before start: ran"), ==, "no");
  g_assert_cmpstr (status_of (report, "canceled during run, not observed"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "observed, same token"), ==, "Canceled");
  g_assert_cmpstr (status_of (report, "observed, no launch token"), ==, "Faulted");
}

static JsonObject *
phase_of (JsonObject *report,
          guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (report, "phases"), index);
}

/* 12: three phases, each counting only the threads blocked in the download
 * call: awaited I/O blocks none, Task.Run blocks a pool thread for the whole
 * wait, the UI thread blocks itself (frozen), cut at 3 s at most. */
static void
test_all_download_phases (void)
{
  JsonObject *report, *phase;
  JsonArray *phases;
  double timeout_ms;

  if (skip_without_display ())
    return;

  report = report_for ("download-three-ways");
  phases = json_object_get_array_member (report, "phases");
  g_assert_cmpuint (json_array_get_length (phases), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (phase_of (report, i), "threads_held_in"), ==,
                     "download");

  /* await: the server's 700 ms pass with no thread blocked */
  phase = phase_of (report, 0);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "responsive");
  g_assert_cmpfloat (json_object_get_double_member (phase, "duration_ms"), >=, 650.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);

  /* Task.Run: one pool thread blocked for (nearly) the whole phase */
  phase = phase_of (report, 1);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "responsive");
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), >=, 650.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);

  /* on the UI thread: frozen, no pool thread, the UI thread blocked, within the bound */
  phase = phase_of (report, 2);
  timeout_ms = json_object_get_double_member (details_of (report), "ui_thread_timeout_ms");
  g_assert_cmpfloat (timeout_ms, ==, 3000.0);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "frozen");
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), >=, 650.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "duration_ms"), <, timeout_ms + 500.0);

  g_assert_nonnull (strstr (json_object_get_string_member (report, "summary"),
                            "await: responsive"));
  g_assert_nonnull (strstr (json_object_get_string_member (report, "summary"),
                            "no pool thread blocked · Task.Run"));
  g_assert_true (roles_include (report, "worker"));
  g_assert_true (roles_include (report, "ui"));
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
static void
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
  g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "Timed out after 3000 ms"));
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

/* 13: a deadlock is reported only once the cycle existed (the blur done, the
 * code after its await queued to the UI thread, the UI thread blocked in
 * .Result), the watchdog counts from that moment, and the task then completes. */
static void
test_all_result_deadlock_detected_and_broken (void)
{
  JsonObject *report, *details;
  double blocked_ms, before_cycle_ms, watchdog_ms;

  if (skip_without_display ())
    return;

  report = report_for ("result-deadlock");
  details = details_of (report);
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "deadlocked");
  /* the cycle: the awaited blur was over, its continuation queued, the method not done */
  g_assert_cmpstr (status_of (report, "awaited Task.Run blur"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "BlurAsync at the timeout"), ==, "WaitingForActivation");
  g_assert_cmpstr (json_object_get_string_member (details, "continuation_queued_while_ui_blocked"),
                   ==, "yes");
  g_assert_cmpstr (status_of (report, "BlurAsync after the watchdog"), ==, "RanToCompletion");
  /* the watchdog counted from the cycle, not from the click: the UI thread
   * was blocked for the blur's time before it, plus the watchdog's */
  blocked_ms = json_object_get_double_member (details, "ui_thread_blocked_ms");
  before_cycle_ms = json_object_get_double_member (details, "blur_before_cycle_ms");
  watchdog_ms = json_object_get_double_member (details, "watchdog_waited_ms");
  g_assert_cmpfloat (watchdog_ms, >=, 1450.0);
  g_assert_cmpfloat (watchdog_ms, <, 3000.0);
  g_assert_cmpfloat (before_cycle_ms, >, 0.0);
  g_assert_cmpfloat (fabs (blocked_ms - (before_cycle_ms + watchdog_ms)), <, 100.0);
  /* the pool's trace agrees: a task on the UI thread sat queued through the watchdog's time */
  g_assert_cmpfloat (json_object_get_double_member (details, "continuation_waited_in_ui_queue_ms"),
                     >=, watchdog_ms - 50.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "ui_max_stall_ms"), >=, 1400.0);
  /* the UI thread's stall is the scenario's (blocked in .Result), not the machine's */
  g_assert_cmpfloat (json_object_get_double_member (report, "scenario_stall_ms"), >=, 1400.0);
}

/* 14: each stage a phase counting the threads inside its own work: the
 * awaited download and the awaited asynchronous write hold no pool thread,
 * the Task.Run blur holds one; the blur worked on at most 2 megapixels; the
 * file was written whole, and the run's folder is gone after the run. */
static void
test_all_pipeline (void)
{
  static const char * const names[] = { "download", "blur", "write" };
  JsonObject *report, *details, *phase;
  g_autofree char *roles = NULL;

  if (skip_without_display ())
    return;

  report = report_for ("recommended-pipeline");
  details = details_of (report);
  roles = joined_roles (report);
  g_assert_cmpstr (roles, ==, "worker");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "phases")), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      phase = phase_of (report, i);
      g_assert_cmpstr (json_object_get_string_member (phase, "name"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (phase, "threads_held_in"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "responsive");
      g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);
    }
  /* I/O: no thread held, in the download nor in the write */
  g_assert_cmpfloat (json_object_get_double_member (phase_of (report, 0), "thread_ms_held"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (phase_of (report, 2), "threads_held_peak"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (phase_of (report, 2), "thread_ms_held"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (phase_of (report, 2), "duration_ms"), >, 0.0);
  /* CPU: one pool thread, for most of the blur's phase */
  phase = phase_of (report, 1);
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), >,
                     json_object_get_double_member (phase, "duration_ms") * 0.5);
  /* a bounded working copy, and the whole encoded file on disk */
  g_assert_cmpfloat (json_object_get_double_member (details, "work_pixels"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (details, "work_pixels"), <=, 2000000.0);
  g_assert_cmpfloat (json_object_get_double_member (details, "saved_bytes"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (details, "saved_bytes"), ==,
                     json_object_get_double_member (details, "encoded_bytes"));
  g_assert_false (g_file_test (json_object_get_string_member (details, "run_folder"),
                               G_FILE_TEST_EXISTS));
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
static void
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

/* 15: every tile ran on a pool worker, counted per worker from the trace; every pass cut the
 * same tiles and the click handler's await resumed on the UI thread after each pass. */
static void
test_all_parallel_tiles (void)
{
  JsonObject *report, *details, *by_thread;
  g_autoptr(GList) threads = NULL;
  gint64 counted = 0, passes;

  if (skip_without_display ())
    return;

  report = report_for ("parallel-tiles");
  details = details_of (report);
  by_thread = json_object_get_object_member (details, "tiles_by_thread");
  threads = json_object_get_members (by_thread);
  passes = json_object_get_int_member (details, "passes");
  g_assert_cmpint (json_object_get_int_member (details, "tiles"), >, 0);
  for (GList *l = threads; l != NULL; l = l->next)
    {
      g_assert_true (g_str_has_prefix (l->data, "Worker "));
      counted += json_object_get_int_member (by_thread, l->data);
    }
  g_assert_cmpint (counted, ==, json_object_get_int_member (details, "tiles"));
  g_assert_cmpint (passes, >=, 1);
  g_assert_cmpint (json_object_get_int_member (details, "passes_done"), ==, passes);
  g_assert_cmpint (json_object_get_int_member (details, "passes_resumed_on_ui_thread"), ==, passes);
  g_assert_cmpint (json_object_get_int_member (details, "tiles_per_pass"), >=, 2);
  g_assert_cmpint (json_object_get_int_member (details, "tiles_per_pass") * passes, ==,
                   json_object_get_int_member (details, "tiles"));
  g_assert_cmpstr (roles_include (report, "ui") ? "ui" : "workers only", ==, "workers only");
  assert_no_status_none (report);
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
static void
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
  for (gint64 next = g_get_monotonic_time () + 1500 * 1000; result == NULL;)
    {
      if (g_get_monotonic_time () >= next)
        {
          const char *key[] = { xdotool, "key", "Escape", NULL };
          g_autoptr(GSubprocessLauncher) keys = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
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
  g_assert_true (g_str_has_prefix (json_object_get_string_member (report, "summary"), "Canceled in pass"));
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

/* 16: one row per call of the published benchmark, in its order, with C time and bytes per item
 * beside .NET's allocated bytes from that run; tasks cost more bytes than work items; the
 * window's line is the table, with a header and one line saying what each column measures. */
static void
test_all_million_items_table (void)
{
  const struct { const char *api; double dotnet_bytes; } expected[] = {
    { "Task.Run(() => Work(state))", 192 },
    { "Task.Factory.StartNew(() => Work(state))", 192 },
    { "ThreadPool.QueueUserWorkItem(s => Work((State)s), state)", 80 },
    { "ThreadPool.QueueUserWorkItem(static s => Work(s), state, preferLocal: false)", 56 },
  };
  JsonObject *report, *columns;
  JsonArray *rows;
  const char *summary;

  if (skip_without_display ())
    return;

  report = report_for ("million-items");
  rows = json_object_get_array_member (details_of (report), "rows");
  summary = json_object_get_string_member (report, "summary");
  g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (expected));
  g_assert_true (g_str_has_prefix (summary, "API · C ns/item · C bytes/item · .NET allocated/op\n"));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *line = NULL;

      g_assert_cmpstr (json_object_get_string_member (row, "api"), ==, expected[i].api);
      g_assert_cmpfloat (json_object_get_double_member (row, "dotnet_bytes_per_op"), ==,
                         expected[i].dotnet_bytes);
      g_assert_cmpint (json_object_get_int_member (row, "items"), ==, 1000000);
      g_assert_cmpfloat (json_object_get_double_member (row, "ns_per_item"), >, 0.0);
      g_assert_true (json_object_has_member (row, "bytes_per_item"));
      /* the same row in the window's table */
      line = g_strdup_printf ("\n%s · ", expected[i].api);
      g_assert_nonnull (strstr (summary, line));
    }
  /* and on the stage: one chip per row, named by the C#'s [Benchmark] method */
  {
    const char *methods[] = { "Run (C): ", "StartNew (C): ", "Queue (C): ", "QueueStatic (C): " };

    for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
      {
        const char *chip = chip_starting (report, methods[i]);
        double row_bytes = json_object_get_double_member (json_array_get_object_element (rows, i),
                                                          "bytes_per_item");
        const char *bytes;

        g_assert_nonnull (chip);
        g_assert_true (g_str_has_suffix (chip, " B"));
        bytes = strrchr (chip, ',');
        g_assert_nonnull (bytes);
        /* the chip's bytes are the row's, rounded to a byte */
        g_assert_cmpfloat (ABS (g_ascii_strtod (bytes + 1, NULL) - row_bytes), <=, 0.501);
      }
  }
  /* the preferLocal row is the benchmark's: preferLocal: false, and the C queues globally too */
  g_assert_null (strstr (summary, "preferLocal: true"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rows, 3), "c"),
                            "FALSE"));
  /* one line says what each column measures */
  g_assert_nonnull (strstr (summary, "\nC ns/item: "));
  g_assert_nonnull (strstr (summary, "C bytes/item: "));
  g_assert_nonnull (strstr (summary, ".NET allocated/op: GC bytes allocated per call (BenchmarkDotNet"));
  columns = json_object_get_object_member (details_of (report), "columns");
  g_assert_true (json_object_has_member (columns, "ns_per_item"));
  g_assert_true (json_object_has_member (columns, "bytes_per_item"));
  g_assert_true (json_object_has_member (columns, "dotnet_bytes_per_op"));
  /* a task costs more C heap than a work item */
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (rows, 0), "bytes_per_item"), >,
                     json_object_get_double_member (json_array_get_object_element (rows, 2), "bytes_per_item"));
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (rows, 1), "bytes_per_item"), >,
                     json_object_get_double_member (json_array_get_object_element (rows, 3), "bytes_per_item"));
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
}

/* A download scenario pointed at a refused port reports the failure and the app lives on. */
static void
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

/* --export-trace: the run's trace as Perfetto opens it, rows named as the
 * window names them, the blur's slice on a worker, a hand-off arrow. */
static void
test_export_trace (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tasklab-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *arg = g_strconcat ("--export-trace=", path, NULL);
  const char *argv[] = { "--run", "task-run", "--freeze-ms", "400", arg, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  Outcome outcome = { 0, };
  JsonArray *events;
  gboolean blur_on_worker = FALSE;
  guint flows = 0;

  if (skip_without_display ())
    return;
  run_tasklab (&outcome, argv);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "name"), "thread_name") == 0)
        g_hash_table_insert (names, GINT_TO_POINTER (json_object_get_int_member (event, "tid")),
                             g_strdup (json_object_get_string_member (
                               json_object_get_object_member (event, "args"), "name")));
    }
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (event, "ph");
      const char *row = g_hash_table_lookup (names,
                                             GINT_TO_POINTER (json_object_get_int_member (event, "tid")));

      if (g_str_equal (ph, "X") && g_strcmp0 (json_object_get_string_member (event, "name"), "blur") == 0)
        blur_on_worker |= g_str_has_prefix (row, "Worker ");
      if (g_str_equal (ph, "f"))
        {
          g_assert_cmpstr (row, ==, "UI thread");
          flows++;
        }
    }
  g_assert_true (blur_on_worker);
  g_assert_cmpuint (flows, >=, 1);
  outcome_clear (&outcome);
  g_unlink (path);
  g_rmdir (dir);
}

/* --save-run, then --open --report json: the report the run printed, word
 * for word; a damaged file is refused in words, with status 1. */
static void
test_save_and_open_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tasklab-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.tasklab-run.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *save_arg = g_strconcat ("--save-run=", path, NULL);
  g_autofree char *open_arg = g_strconcat ("--open=", path, NULL);
  g_autofree char *open_bad_arg = g_strconcat ("--open=", bad, NULL);
  const char *run_argv[] = { "--run", "task-run", "--report", "json", "--freeze-ms", "400",
                             save_arg, NULL };
  const char *open_argv[] = { open_arg, "--report", "json", NULL };
  const char *bad_argv[] = { open_bad_arg, "--report", "json", NULL };
  Outcome ran = { 0, }, opened = { 0, }, refused = { 0, };

  if (skip_without_display ())
    return;
  run_tasklab (&ran, run_argv);
  g_assert_cmpint (ran.status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  run_tasklab (&opened, open_argv);
  g_assert_cmpint (opened.status, ==, 0);
  g_assert_cmpstr (opened.out, ==, ran.out);

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"tasklab-run\", \"version\": 99}", -1, NULL));
  run_tasklab (&refused, bad_argv);
  g_test_message ("%s", refused.err);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "newer TaskLab"));
  g_assert_cmpstr (refused.out, ==, "");

  outcome_clear (&ran);
  outcome_clear (&opened);
  outcome_clear (&refused);
  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
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
  g_test_add_func ("/e2e/download/url-refused", test_download_url_refused);
  g_test_add_func ("/e2e/download/pipeline-quit-removes-folder", test_pipeline_quit_removes_folder);
  g_test_add_func ("/e2e/download/ui-thread-phase-bounded", test_download_ui_thread_bounded);
  g_test_add_func ("/e2e/cli/export-trace", test_export_trace);
  g_test_add_func ("/e2e/cli/save-and-open-run", test_save_and_open_run);
  g_test_add_func ("/e2e/scenario/parallel-tiles/escape-cancels", test_parallel_tiles_canceled);
  g_test_add_func ("/e2e/all/verdicts-as-expected", test_all_verdicts_as_expected);
  g_test_add_func ("/e2e/all/start-new-escapes-run-on-worker", test_all_start_new_escapes);
  g_test_add_func ("/e2e/all/handler-on-ui-work-item-without-task", test_all_handler_and_work_item);
  g_test_add_func ("/e2e/all/error-crashes-child-only", test_all_error_crashes_child_only);
  g_test_add_func ("/e2e/all/async-delegate-completes-early", test_all_async_delegate_completes_early);
  g_test_add_func ("/e2e/all/starvation-delays", test_all_starvation_delays);
  g_test_add_func ("/e2e/all/attached-children-order", test_all_attached_children_order);
  g_test_add_func ("/e2e/all/cancellation-statuses", test_all_cancellation_statuses);
  g_test_add_func ("/e2e/all/download-phases", test_all_download_phases);
  g_test_add_func ("/e2e/all/result-deadlock-detected-and-broken", test_all_result_deadlock_detected_and_broken);
  g_test_add_func ("/e2e/all/pipeline", test_all_pipeline);
  g_test_add_func ("/e2e/all/parallel-tiles", test_all_parallel_tiles);
  g_test_add_func ("/e2e/all/million-items-table", test_all_million_items_table);

  status = g_test_run ();
  g_clear_pointer (&all_reports, g_ptr_array_unref);
  lab_xvfb_stop (xvfb);
  return status;
}
