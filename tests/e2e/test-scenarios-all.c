/* test-scenarios-all.c — `--run all`, one window, every scenario: each
 * verdict the expected one, then (3–11) where each scenario's work ran and
 * the statuses its tasks ended in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run happens once, for the first test that reads it (get_all_reports).
 */
#include "test-scenarios-util.h"

/* All 16 ran, in catalogue order, and each measured verdict is the expected one. */
void
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
void
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
void
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
void
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
  g_assert_nonnull (strstr (json_object_get_string_member (details, "task_error"),
                            "holiday-photo.jpg"));
  g_assert_nonnull (strstr (json_object_get_string_member (details, "child_message"),
                            "Unhandled error"));
  g_assert_nonnull (strstr (json_object_get_string_member (details, "child_message"),
                            "holiday-photo.jpg"));
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
 * its Unwrap() only once the image is; then Task.Run(async), started after that, once its own
 * is. */
void
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
void
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
  g_assert_cmpfloat (json_object_get_double_member (details, "long_running_started_ms"), >=,
                     1500.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (details, "injections_ms")),
                    >=, 1);
  g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (details,
                                                                                  "injections_ms"),
                                                    0),
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

/* 10: the StartNew parent completes after its attached children; the Task.Run parent before its
 * own. */
void
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
void
test_all_cancellation_statuses (void)
{
  JsonObject *report;

  if (skip_without_display ())
    return;

  report = report_for ("cancellation");
  g_assert_cmpstr (status_of (report, "canceled before start"), ==, "Canceled");
  g_assert_cmpstr (json_object_get_string_member (details_of (report),
                                                  "canceled before start: ran"), ==, "no");
  g_assert_cmpstr (status_of (report, "canceled during run, not observed"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "observed, same token"), ==, "Canceled");
  g_assert_cmpstr (status_of (report, "observed, no launch token"), ==, "Faulted");
}
