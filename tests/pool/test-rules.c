/* test-rules.c — the TPL rules of issue 13, one test each, named after the rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

static gpointer
count_run (gpointer  data,
           GError  **error)
{
  g_atomic_int_inc ((gint *) data);
  return NULL;
}

static gpointer
count_continuation (PoolTask  *antecedent,
                    gpointer   data,
                    GError   **error)
{
  g_atomic_int_inc ((gint *) data);
  return NULL;
}

/* Task.Run/StartNew do not register their token: a task whose token is
 * cancelled stays queued (WaitingToRun), and ends Canceled without running
 * only when it is dequeued; its continuations run only then. */
static void
test_launch_token_checked_at_dequeue (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PoolScheduler) scheduler = NULL;
  g_autoptr(PoolCancellationTokenSource) early = pool_cancellation_token_source_new ();
  g_autoptr(PoolCancellationTokenSource) late = pool_cancellation_token_source_new ();
  g_autoptr(PoolTask) cancelled_first = NULL;
  g_autoptr(PoolTask) cancelled_queued = NULL;
  g_autoptr(PoolTask) after_first = NULL;
  g_autoptr(PoolTask) after_queued = NULL;
  gint runs = 0, continuations = 0;

  g_main_context_push_thread_default (context);
  scheduler = pool_main_context_scheduler_new (context);

  pool_cancellation_token_source_cancel (early);
  cancelled_first = pool_task_factory_start_new_full (count_run, &runs, NULL,
                                                      pool_cancellation_token_source_get_token (early),
                                                      POOL_TASK_CREATION_NONE, scheduler);
  cancelled_queued = pool_task_factory_start_new_full (count_run, &runs, NULL,
                                                       pool_cancellation_token_source_get_token (late),
                                                       POOL_TASK_CREATION_NONE, scheduler);
  after_first = pool_task_continue_with_full (cancelled_first, count_continuation, &continuations,
                                              NULL, NULL, POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                              pool_scheduler_get_default ());
  after_queued = pool_task_continue_with_full (cancelled_queued, count_continuation, &continuations,
                                               NULL, NULL, POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                               pool_scheduler_get_default ());
  pool_cancellation_token_source_cancel (late);

  g_assert_cmpint (pool_task_get_status (cancelled_first), ==, POOL_TASK_STATUS_WAITING_TO_RUN);
  g_assert_cmpint (pool_task_get_status (cancelled_queued), ==, POOL_TASK_STATUS_WAITING_TO_RUN);
  g_assert_cmpint (g_atomic_int_get (&continuations), ==, 0);

  while (!pool_task_is_completed (after_first) || !pool_task_is_completed (after_queued))
    g_main_context_iteration (context, TRUE);

  g_assert_cmpint (pool_task_get_status (cancelled_first), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_cmpint (pool_task_get_status (cancelled_queued), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&continuations), ==, 2);
  g_main_context_pop_thread_default (context);
}

/* new Task(action, token) registers the token at once: cancelling it makes
 * the Created task Canceled, and Start then fails. */
static void
test_new_task_token_registered_at_once (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GError) error = NULL;
  gint runs = 0;

  task = pool_task_new (count_run, &runs, NULL, pool_cancellation_token_source_get_token (source),
                        POOL_TASK_CREATION_NONE);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CREATED);
  pool_cancellation_token_source_cancel (source);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_false (pool_task_start (task, pool_scheduler_get_default (), &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);
}

typedef struct
{
  GThread  *thread;
  guint     task_id;
  gboolean  current_is_default;
  gboolean  nested_on_pool;
  gint      done;
} AfterAwait;

static gpointer
record_pool_thread (gpointer  data,
                    GError  **error)
{
  *(gboolean *) data = pool_thread_pool_is_thread_pool_thread ();
  return NULL;
}

static void
after_await (PoolTask *task,
             gpointer  data)
{
  AfterAwait *seen = data;
  g_autoptr(PoolTask) nested = NULL;

  seen->thread = g_thread_self ();
  seen->task_id = pool_task_get_current_id ();
  seen->current_is_default = pool_scheduler_get_current () == pool_scheduler_get_default ();
  /* the StartNew trap does not spread past an await */
  nested = pool_task_factory_start_new (record_pool_thread, &seen->nested_on_pool, NULL);
  pool_task_wait (nested, NULL);
  seen->done = TRUE;
}

static gpointer
nothing (gpointer  data,
         GError  **error)
{
  return NULL;
}

/* Code after an await on the UI thread resumes through a plain Post: no
 * task is current, TaskScheduler.Current is Default, and a StartNew written
 * there runs on the pool. */
static void
test_code_after_await_is_not_a_task (void)
{
  g_autoptr(PoolTask) task = NULL;
  AfterAwait seen = { 0, };

  g_main_context_acquire (NULL);
  task = pool_task_run (nothing, NULL, NULL);
  pool_task_await (task, TRUE, after_await, &seen, NULL);
  while (!seen.done)
    g_main_context_iteration (NULL, TRUE);
  g_main_context_release (NULL);

  g_assert_true (seen.thread == g_thread_self ());
  g_assert_cmpuint (seen.task_id, ==, 0);
  g_assert_true (seen.current_is_default);
  g_assert_true (seen.nested_on_pool);
}

static gpointer
record_pool_thread_continuation (PoolTask  *antecedent,
                                 gpointer   data,
                                 GError   **error)
{
  *(gboolean *) data = pool_thread_pool_is_thread_pool_thread ();
  return NULL;
}

static void
record_pool_thread_callback (gpointer data)
{
  gint *seen = data;

  g_atomic_int_set (seen, pool_thread_pool_is_thread_pool_thread () ? 1 : 2);
}

/* Task.Delay completes, and CancelAfter cancels, on a pool thread: a
 * continuation run synchronously after it runs on a pool thread too. */
static void
test_timers_complete_on_pool_threads (void)
{
  g_autoptr(PoolTask) delay = pool_task_delay (5, NULL);
  g_autoptr(PoolTask) after = NULL;
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  gboolean delay_on_pool = FALSE;
  gint cancel_seen = 0;

  after = pool_task_continue_with_full (delay, record_pool_thread_continuation, &delay_on_pool,
                                        NULL, NULL, POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                        pool_scheduler_get_default ());
  g_assert_true (pool_task_wait (after, NULL));
  g_assert_true (delay_on_pool);

  pool_cancellation_token_register (pool_cancellation_token_source_get_token (source),
                                    record_pool_thread_callback, &cancel_seen, NULL);
  pool_cancellation_token_source_cancel_after (source, 5);
  while (g_atomic_int_get (&cancel_seen) == 0)
    g_usleep (1000);
  g_assert_cmpint (g_atomic_int_get (&cancel_seen), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/rules/launch-token-checked-at-dequeue", test_launch_token_checked_at_dequeue);
  g_test_add_func ("/pool/rules/new-task-token-registered-at-once", test_new_task_token_registered_at_once);
  g_test_add_func ("/pool/rules/code-after-await-is-not-a-task", test_code_after_await_is_not_a_task);
  g_test_add_func ("/pool/rules/timers-complete-on-pool-threads", test_timers_complete_on_pool_threads);
  return g_test_run ();
}
