/* test-waits.c — who waited for which task, and the wait cycle in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lab-test-instants.h"
#include "lab-waits.h"

static LabTraceModel *
model_of (GArray *events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 1);

  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  return model;
}

/* The UI thread's .Result: one wait, on the UI lane, for task 3, from its
 * WAIT_BEGIN to its WAIT_END; a wait never ended stays open. */
static void
test_waits (void)
{
  g_autoptr(GArray) events = synthetic_result_deadlock ();
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(GArray) waits = NULL;
  PoolTraceEvent worker_wait = wait_event (30, POOL_TRACE_KIND_WAIT_BEGIN, 1, 11, 12, 50);
  const LabTraceWait *wait;

  g_array_append_val (events, worker_wait);
  model = model_of (events);
  waits = lab_waits_compute (model);
  g_assert_cmpuint (waits->len, ==, 2);
  wait = &g_array_index (waits, LabTraceWait, 0);
  g_assert_cmpuint (wait->lane, ==, 0);
  g_assert_cmpstr (lab_trace_model_get_lane (model, wait->lane)->title, ==, "UI thread");
  g_assert_cmpuint (wait->waiting_task_id, ==, 0);
  g_assert_cmpuint (wait->waited_task_id, ==, 3);
  g_assert_cmpint (wait->from_us, ==, ORIGIN_US + MS (5));
  g_assert_cmpint (wait->to_us, ==, ORIGIN_US + MS (1600));
  wait = &g_array_index (waits, LabTraceWait, 1);
  g_assert_cmpuint (wait->waiting_task_id, ==, 11);
  g_assert_cmpuint (wait->waited_task_id, ==, 12);
  g_assert_cmpint (wait->to_us, ==, G_MAXINT64);
}

/* The .Result deadlock is named only while it exists: not while the blur
 * runs (the code after the await is not queued yet), yes once it is queued
 * behind the wait, not after the wait ended. */
static void
test_result_cycle (void)
{
  g_autoptr(GArray) events = synthetic_result_deadlock ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autofree char *blur_running = lab_waits_describe_cycle_at (model, ORIGIN_US + MS (50), NULL);
  g_autofree char *cycle = NULL;
  g_autofree char *released = lab_waits_describe_cycle_at (model, ORIGIN_US + MS (1700), NULL);
  guint lane = G_MAXUINT;

  g_assert_null (blur_running);
  g_assert_null (released);
  cycle = lab_waits_describe_cycle_at (model, ORIGIN_US + MS (500), &lane);
  g_assert_nonnull (cycle);
  g_test_message ("%s", cycle);
  g_assert_cmpuint (lane, ==, 0);
  g_assert_nonnull (strstr (cycle, "Deadlock"));
  g_assert_nonnull (strstr (cycle, "UI thread is blocked waiting for task 3"));
  g_assert_nonnull (strstr (cycle, "await of task 2"));
  g_assert_nonnull (strstr (cycle, "UI thread's queue"));
}

/* A task for the UI scheduler waited for on the UI thread, sitting in the UI
 * thread's queue, is a cycle too; a task in the global queue is not (a
 * worker will run it), nor is a wait for a task that is not a promise with
 * an await queued (the task runs on a worker). */
static void
test_other_waits (void)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    status_event (0, -1, 9, POOL_TASK_STATUS_CREATED, 1),
    status_event (1, -1, 9, POOL_TASK_STATUS_WAITING_TO_RUN, 2),
    queue_event (2, POOL_TRACE_KIND_QUEUED, -1, 9, 0, NULL, POOL_TRACE_QUEUE_MAIN_CONTEXT, -1, 2),
    wait_event (3, POOL_TRACE_KIND_WAIT_BEGIN, -1, 0, 9, 3),
    wait_event (4, POOL_TRACE_KIND_WAIT_END, -1, 0, 9, 100),
    status_event (5, -1, 10, POOL_TASK_STATUS_CREATED, 200),
    status_event (6, -1, 10, POOL_TASK_STATUS_WAITING_TO_RUN, 201),
    queue_event (7, POOL_TRACE_KIND_QUEUED, -1, 10, 0, NULL, POOL_TRACE_QUEUE_GLOBAL, -1, 201),
    wait_event (8, POOL_TRACE_KIND_WAIT_BEGIN, -1, 0, 10, 202),
  };
  g_autoptr(LabTraceModel) model = NULL;
  g_autofree char *ui_task = NULL;
  g_autofree char *global_task = NULL;

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  model = model_of (events);
  ui_task = lab_waits_describe_cycle_at (model, ORIGIN_US + MS (50), NULL);
  g_assert_nonnull (ui_task);
  g_assert_nonnull (strstr (ui_task, "Task 9 waits in the UI thread's queue"));
  global_task = lab_waits_describe_cycle_at (model, ORIGIN_US + MS (300), NULL);
  g_assert_null (global_task);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/waits/waits", test_waits);
  g_test_add_func ("/lab/waits/result-cycle", test_result_cycle);
  g_test_add_func ("/lab/waits/other-waits", test_other_waits);
  return g_test_run ();
}
