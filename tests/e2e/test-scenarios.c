/* test-scenarios.c — the real window, run headless, measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts build/app/tasklab in a private Xvfb and reads what it
 * reports; nothing here knows the expected outcome except the assertions.
 *
 * This file holds the command line's tests (--list, an unknown ID,
 * --export-trace, --save-run and --open) and registers every test; the
 * others are in test-scenarios-{run,download,all,all-phases}.c (see
 * test-scenarios-util.h).
 */
#include <glib/gstdio.h>

#include "test-scenarios-util.h"

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

/* Debug logging goes to stderr: with G_MESSAGES_DEBUG set, the report on
 * stdout is still JSON alone (GLib 2.74 writes debug messages to stdout
 * unless told otherwise). */
static void
test_report_with_debug_log (void)
{
  const char *argv[] = { "--run", "task-run", "--report", "json", "--freeze-ms", "600", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0, };
  JsonObject *report;

  run_tasklab_with_env (&outcome, argv, "G_MESSAGES_DEBUG", "all");
  g_assert_cmpint (outcome.status, ==, 0);
  json_parser_load_from_data (parser, outcome.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, "task-run");
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
      const char *row =
        g_hash_table_lookup (names, GINT_TO_POINTER (json_object_get_int_member (event, "tid")));

      if (g_str_equal (ph, "X") &&
          g_strcmp0 (json_object_get_string_member (event, "name"), "blur") == 0)
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

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"tasklab-run\", \"version\": 99}", -1,
                                      NULL));
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
  g_test_add_func ("/e2e/cli/report-with-debug-log", test_report_with_debug_log);
  g_test_add_func ("/e2e/scenario/task-run/responsive-on-worker", test_task_run_is_responsive);
  g_test_add_func ("/e2e/scenario/start-new-in-ui-task/frozen-on-ui",
                   test_start_new_in_ui_task_is_frozen);
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
  g_test_add_func ("/e2e/all/async-delegate-completes-early",
                   test_all_async_delegate_completes_early);
  g_test_add_func ("/e2e/all/starvation-delays", test_all_starvation_delays);
  g_test_add_func ("/e2e/all/attached-children-order", test_all_attached_children_order);
  g_test_add_func ("/e2e/all/cancellation-statuses", test_all_cancellation_statuses);
  g_test_add_func ("/e2e/all/download-phases", test_all_download_phases);
  g_test_add_func ("/e2e/all/result-deadlock-detected-and-broken",
                   test_all_result_deadlock_detected_and_broken);
  g_test_add_func ("/e2e/all/pipeline", test_all_pipeline);
  g_test_add_func ("/e2e/all/parallel-tiles", test_all_parallel_tiles);
  g_test_add_func ("/e2e/all/million-items-table", test_all_million_items_table);

  status = g_test_run ();
  free_all_reports ();
  lab_xvfb_stop (xvfb);
  return status;
}
