/* test-thread-pool.c — ThreadPool.QueueUserWorkItem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pool.h>

typedef struct
{
  gint           done;
  PoolThreadRole role;
  guint          task_id;
} Item;

static void
record_item (gpointer  state,
             GError  **error)
{
  Item *item = state;

  item->role = pool_trace_get_thread_role ();
  item->task_id = pool_task_get_current_id ();
  g_atomic_int_set (&item->done, 1);
}

static void
wait_done (gint *done)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (done))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100);
    }
}

/* A queued work item runs on a pool worker, with no task around it. */
static void
test_queue_user_work_item_runs_on_worker (void)
{
  Item item = { 0, };

  pool_thread_pool_queue_user_work_item (record_item, &item, FALSE);
  wait_done (&item.done);
  g_assert_cmpint (item.role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_cmpuint (item.task_id, ==, 0);
}

/* The pool starts one worker per core. */
static void
test_thread_count_is_core_count (void)
{
  g_assert_cmpuint (pool_thread_pool_get_thread_count (), ==, MAX (1, g_get_num_processors ()));
}

static void
escape_error (gpointer  state,
              GError  **error)
{
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no such image");
}

/* An error escaping a work item ends the process with a message naming it. */
static void
test_unhandled_error_ends_process (void)
{
  if (g_test_subprocess ())
    {
      pool_thread_pool_queue_user_work_item (escape_error, NULL, FALSE);
      g_usleep (30 * G_USEC_PER_SEC);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Unhandled error in a thread-pool work item: no such image*");
}

/* A NULL callback is a critical, not a crash. */
static void
test_null_callback_is_critical (void)
{
  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*callback != NULL*");
  pool_thread_pool_queue_user_work_item (NULL, NULL, FALSE);
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/thread-pool/queue-user-work-item/runs-on-worker", test_queue_user_work_item_runs_on_worker);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/unhandled-error-ends-process", test_unhandled_error_ends_process);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/null-callback", test_null_callback_is_critical);
  g_test_add_func ("/pool/thread-pool/thread-count", test_thread_count_is_core_count);

  return g_test_run ();
}
