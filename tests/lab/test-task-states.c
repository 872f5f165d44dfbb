/* test-task-states.c — each task's TPL states, read from the instants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-task-states.h"
#include "lab-test-instants.h"

static LabTraceModel *
model_of (GArray *events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 1);

  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  return model;
}

static guint
lane_titled (LabTraceModel *model,
             const char    *title)
{
  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    if (g_strcmp0 (lab_trace_model_get_lane (model, i)->title, title) == 0)
      return i;
  g_assert_not_reached ();
}

/* Task.Run's task: Created, Queued in the global queue, Running on worker 1's
 * lane, RanToCompletion for good; nothing before it was created. */
static void
test_delegate_task (void)
{
  g_autoptr(GArray) events = synthetic_await_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(GArray) states = lab_task_states_compute (model);
  LabTaskStateSpan span;

  g_assert_false (lab_task_states_lookup (states, 2, ORIGIN_US + MS (0.5), &span));
  g_assert_true (lab_task_states_lookup (states, 2, ORIGIN_US + MS (1.5), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_CREATED);
  g_assert_true (lab_task_states_lookup (states, 2, ORIGIN_US + MS (2.5), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_QUEUED);
  g_assert_cmpint (span.queue, ==, POOL_TRACE_QUEUE_GLOBAL);
  g_assert_cmpint (span.queue_index, ==, -1);
  g_assert_cmpuint (span.lane, ==, G_MAXUINT);
  g_assert_true (lab_task_states_lookup (states, 2, ORIGIN_US + MS (500), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_RUNNING);
  g_assert_cmpuint (span.lane, ==, lane_titled (model, "Worker 1"));
  g_assert_cmpint (span.from_us, ==, ORIGIN_US + MS (3));
  g_assert_cmpint (span.to_us, ==, ORIGIN_US + MS (801));
  g_assert_true (lab_task_states_lookup (states, 2, ORIGIN_US + MS (5000), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_RAN_TO_COMPLETION);
  g_assert_true (lab_task_state_is_final (span.state));
  g_assert_cmpint (span.to_us, ==, G_MAXINT64);
  g_assert_cmpstr (lab_task_state_to_string (span.state), ==, "RanToCompletion");

  /* task 4 ran on the UI thread but recorded no status: no states */
  g_assert_false (lab_task_states_lookup (states, 4, ORIGIN_US + MS (800), &span));
  /* grouped by task, in time order */
  for (guint i = 1; i < states->len; i++)
    {
      const LabTaskStateSpan *a = &g_array_index (states, LabTaskStateSpan, i - 1);
      const LabTaskStateSpan *b = &g_array_index (states, LabTaskStateSpan, i);

      g_assert_true (a->task_id < b->task_id ||
                     (a->task_id == b->task_id && a->to_us == b->from_us));
    }
}

/* A promise starts WaitingForActivation; a continuation queued without a
 * WaitingToRun of its own is Queued from its QUEUED, in a worker's local
 * queue; Canceled and Faulted are final. */
static void
test_promise_continuation_final (void)
{
  g_autoptr(GArray) events = synthetic_result_deadlock ();
  PoolTraceEvent more[] = {
    status_event (20, 0, 8, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION, 10),
    queue_event (21, POOL_TRACE_KIND_QUEUED, 0, 8, 0, NULL, POOL_TRACE_QUEUE_LOCAL, 0, 101),
    queue_event (22, POOL_TRACE_KIND_DEQUEUED, 0, 8, 0, NULL, POOL_TRACE_QUEUE_LOCAL, 0, 102),
    status_event (23, 0, 8, POOL_TASK_STATUS_RUNNING, 102),
    status_event (24, 0, 8, POOL_TASK_STATUS_FAULTED, 110),
    status_event (25, 0, 9, POOL_TASK_STATUS_CREATED, 10),
    status_event (26, 0, 9, POOL_TASK_STATUS_CANCELED, 20),
  };
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(GArray) states = NULL;
  LabTaskStateSpan span;

  g_array_append_vals (events, more, G_N_ELEMENTS (more));
  model = model_of (events);
  states = lab_task_states_compute (model);

  g_assert_true (lab_task_states_lookup (states, 3, ORIGIN_US + MS (800), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_WAITING_FOR_ACTIVATION);
  g_assert_true (lab_task_states_lookup (states, 3, ORIGIN_US + MS (1700), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_RAN_TO_COMPLETION);

  g_assert_true (lab_task_states_lookup (states, 8, ORIGIN_US + MS (101.5), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_QUEUED);
  g_assert_cmpint (span.queue, ==, POOL_TRACE_QUEUE_LOCAL);
  g_assert_cmpint (span.queue_index, ==, 0);
  g_assert_true (lab_task_states_lookup (states, 8, ORIGIN_US + MS (105), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_RUNNING);
  g_assert_true (lab_task_states_lookup (states, 8, ORIGIN_US + MS (200), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_FAULTED);
  g_assert_true (lab_task_state_is_final (span.state));

  g_assert_true (lab_task_states_lookup (states, 9, ORIGIN_US + MS (15), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_CREATED);
  g_assert_true (lab_task_states_lookup (states, 9, ORIGIN_US + MS (25), &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_CANCELED);
  g_assert_false (lab_task_state_is_final (LAB_TASK_STATE_RUNNING));
  g_assert_cmpstr (lab_task_state_to_string (LAB_TASK_STATE_WAITING_FOR_ACTIVATION), ==,
                   "WaitingForActivation");
}

/* A version-1 trace (spans only) has no states. */
static void
test_spans_only (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(GArray) states = lab_task_states_compute (model);

  g_assert_cmpuint (states->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/task-states/delegate-task", test_delegate_task);
  g_test_add_func ("/lab/task-states/promise-continuation-final", test_promise_continuation_final);
  g_test_add_func ("/lab/task-states/spans-only", test_spans_only);
  return g_test_run ();
}
