/* test-allocations.c — what queueing work allocates, counted (not timed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked with the allocation counter (tests/bench/alloc-counter.c), which
 * counts every malloc of the process.
 */
#include <pool.h>

#include "alloc-counter.h"

#define N 10000

static gint done;

static void
count_item (gpointer  state,
            GError  **error)
{
  g_atomic_int_inc (&done);
}

static gpointer
count_task (gpointer  data,
            GError  **error)
{
  g_atomic_int_inc (&done);
  return NULL;
}

static void
wait_for (gint n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&done) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100);
    }
}

/* QueueUserWorkItem with state allocates nothing per item once the queues exist. */
static void
test_queue_user_work_item_allocates_nothing (void)
{
  AllocCount before, after;

  /* warm up: the queues and the workers come into being */
  g_atomic_int_set (&done, 0);
  for (int i = 0; i < N; i++)
    pool_thread_pool_queue_user_work_item (count_item, NULL, FALSE);
  wait_for (N);

  g_atomic_int_set (&done, 0);
  before = alloc_counter_read ();
  for (int i = 0; i < N; i++)
    pool_thread_pool_queue_user_work_item (count_item, NULL, FALSE);
  wait_for (N);
  after = alloc_counter_read ();

  g_test_message ("%" G_GUINT64_FORMAT " allocations for %d items",
                  after.allocations - before.allocations, N);
  /* a stray allocation elsewhere in the process is not the items' */
  g_assert_cmpuint (after.allocations - before.allocations, <, N / 100);
}

/* A task is at most one allocation of at most 128 bytes, its closure
 * included (none when the task cache has a block). */
static void
test_task_is_one_small_allocation (void)
{
  struct { gint *counter; } closure = { &done };
  AllocCount before, after;
  PoolTask *task;

  g_atomic_int_set (&done, 0);
  pool_task_unref (pool_task_run (count_task, NULL, NULL));
  wait_for (1);

  before = alloc_counter_read ();
  task = pool_task_run_with_closure (count_task, &closure, sizeof closure);
  after = alloc_counter_read ();
  wait_for (2);
  pool_task_unref (task);

  g_assert_cmpuint (after.allocations - before.allocations, <=, 1);
  g_assert_cmpuint (after.bytes - before.bytes, <=, 128);
}

/* Task blocks freed on the workers come back to the thread that makes
 * tasks (through the depot): once warm, making tasks allocates almost
 * nothing. */
static void
test_task_blocks_come_back (void)
{
  AllocCount before, after;

  for (int round = 0; round < 2; round++)
    {
      g_atomic_int_set (&done, 0);
      before = alloc_counter_read ();
      for (int i = 0; i < N; i++)
        {
          pool_task_unref (pool_task_run (count_task, NULL, NULL));
          /* a bounded backlog, as a steady producer has */
          if (i % 256 == 255)
            wait_for (i + 1);
        }
      wait_for (N);
      after = alloc_counter_read ();
    }

  g_test_message ("%" G_GUINT64_FORMAT " allocations for %d tasks",
                  after.allocations - before.allocations, N);
  g_assert_cmpuint (after.allocations - before.allocations, <, N / 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/allocations/queue-user-work-item", test_queue_user_work_item_allocates_nothing);
  g_test_add_func ("/pool/allocations/task", test_task_is_one_small_allocation);
  g_test_add_func ("/pool/allocations/task-blocks-come-back", test_task_blocks_come_back);

  return g_test_run ();
}
