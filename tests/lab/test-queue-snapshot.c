/* test-queue-snapshot.c — what waited in each queue at a moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-queue-snapshot.h"
#include "lab-test-instants.h"

static LabTraceModel *
model_of (GArray *events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 1);

  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  return model;
}

static const LabQueueEntry *
entry (GPtrArray *queues,
       guint      queue,
       guint      index)
{
  GArray *entries = ((LabQueue *) g_ptr_array_index (queues, queue))->entries;

  g_assert_cmpuint (index, <, entries->len);
  return &g_array_index (entries, LabQueueEntry, index);
}

static guint
n_entries (GPtrArray *queues,
           guint      queue)
{
  return ((LabQueue *) g_ptr_array_index (queues, queue))->entries->len;
}

/* The UI queue first, then the global one: the blur task waits in the global
 * queue until a worker takes it; the code after the await waits in the UI
 * thread's queue from its post until the UI thread takes it. */
static void
test_global_and_ui (void)
{
  g_autoptr(GArray) events = synthetic_await_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(GPtrArray) before = lab_queue_snapshot_at (model, ORIGIN_US + MS (1));
  g_autoptr(GPtrArray) queued = lab_queue_snapshot_at (model, ORIGIN_US + MS (2.5));
  g_autoptr(GPtrArray) running = lab_queue_snapshot_at (model, ORIGIN_US + MS (500));
  g_autoptr(GPtrArray) posted = lab_queue_snapshot_at (model, ORIGIN_US + MS (820));
  g_autoptr(GPtrArray) after = lab_queue_snapshot_at (model, ORIGIN_US + MS (855));
  LabQueue *ui, *global, *local;

  /* UI, global, worker 1's local queue */
  g_assert_cmpuint (queued->len, ==, 3);
  ui = g_ptr_array_index (queued, 0);
  global = g_ptr_array_index (queued, 1);
  local = g_ptr_array_index (queued, 2);
  g_assert_cmpint (ui->queue, ==, POOL_TRACE_QUEUE_MAIN_CONTEXT);
  g_assert_cmpstr (ui->title, ==, "UI thread's queue");
  g_assert_cmpint (global->queue, ==, POOL_TRACE_QUEUE_GLOBAL);
  g_assert_cmpstr (global->title, ==, "Global queue");
  g_assert_cmpint (local->queue, ==, POOL_TRACE_QUEUE_LOCAL);
  g_assert_cmpint (local->queue_index, ==, 0);
  g_assert_cmpstr (local->title, ==, "Worker 1's local queue");

  g_assert_cmpuint (n_entries (before, 1), ==, 0);
  g_assert_cmpuint (n_entries (queued, 1), ==, 1);
  g_assert_cmpuint (entry (queued, 1, 0)->task_id, ==, 2);
  g_assert_cmpuint (entry (queued, 1, 0)->item_id, ==, 0);
  g_assert_cmpint (entry (queued, 1, 0)->queued_us, ==, ORIGIN_US + MS (2));
  g_assert_cmpuint (n_entries (queued, 0), ==, 0);
  g_assert_cmpuint (n_entries (running, 1), ==, 0);
  g_assert_cmpuint (n_entries (running, 0), ==, 0);
  g_assert_cmpuint (n_entries (posted, 0), ==, 1);
  g_assert_cmpuint (entry (posted, 0, 0)->task_id, ==, 0);
  g_assert_cmpuint (entry (posted, 0, 0)->item_id, ==, 5);
  g_assert_cmpstr (entry (posted, 0, 0)->label, ==, "await");
  g_assert_cmpuint (n_entries (after, 0), ==, 0);
}

/* Worker 1 pushes two tasks on its local queue; worker 2 steals the older
 * (from the FIFO end), worker 1 pops the newer: each leaves the queue at its
 * own moment, and a steal takes from the victim's queue. */
static void
test_steal (void)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    queue_event (0, POOL_TRACE_KIND_QUEUED, 0, 20, 0, NULL, POOL_TRACE_QUEUE_LOCAL, 0, 10),
    queue_event (1, POOL_TRACE_KIND_QUEUED, 0, 21, 0, NULL, POOL_TRACE_QUEUE_LOCAL, 0, 11),
    queue_event (2, POOL_TRACE_KIND_STOLEN, 1, 20, 0, NULL, POOL_TRACE_QUEUE_LOCAL, 0, 15),
    queue_event (3, POOL_TRACE_KIND_DEQUEUED, 0, 21, 0, NULL, POOL_TRACE_QUEUE_LOCAL, 0, 20),
  };
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GPtrArray) stolen = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  model = model_of (events);
  both = lab_queue_snapshot_at (model, ORIGIN_US + MS (12));
  stolen = lab_queue_snapshot_at (model, ORIGIN_US + MS (16));
  empty = lab_queue_snapshot_at (model, ORIGIN_US + MS (25));

  /* worker 2 stole: it is seen, and has a queue of its own, empty */
  g_assert_cmpuint (both->len, ==, 4);
  g_assert_cmpstr (((LabQueue *) g_ptr_array_index (both, 3))->title, ==,
                   "Worker 2's local queue");
  g_assert_cmpuint (n_entries (both, 2), ==, 2);
  g_assert_cmpuint (entry (both, 2, 0)->task_id, ==, 20);
  g_assert_cmpuint (entry (both, 2, 1)->task_id, ==, 21);
  g_assert_cmpuint (n_entries (both, 3), ==, 0);
  g_assert_cmpuint (n_entries (stolen, 2), ==, 1);
  g_assert_cmpuint (entry (stolen, 2, 0)->task_id, ==, 21);
  g_assert_cmpuint (n_entries (stolen, 3), ==, 0);
  g_assert_cmpuint (n_entries (empty, 2), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/queue-snapshot/global-and-ui", test_global_and_ui);
  g_test_add_func ("/lab/queue-snapshot/steal", test_steal);
  return g_test_run ();
}
