/* test-rules.c — the TPL rules of issue 13, one test each, named after the rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

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

#define TEST_ERROR (g_quark_from_static_string ("test-rules-error"))

static gpointer
fail_with_code (gpointer  data,
                GError  **error)
{
  g_set_error (error, TEST_ERROR, GPOINTER_TO_INT (data), "failed %d", GPOINTER_TO_INT (data));
  return NULL;
}

typedef struct
{
  int own_code;       /* 0: the parent itself does not fail */
  int n_children;
} ParentPlan;

static gpointer
parent_with_children (gpointer  data,
                      GError  **error)
{
  ParentPlan *plan = data;

  for (int i = 0; i < plan->n_children; i++)
    pool_task_unref (pool_task_factory_start_new_full (fail_with_code, GINT_TO_POINTER (10 + i), NULL,
                                                       NULL, POOL_TASK_CREATION_ATTACHED_TO_PARENT,
                                                       pool_scheduler_get_default ()));
  if (plan->own_code != 0)
    fail_with_code (GINT_TO_POINTER (plan->own_code), error);
  return NULL;
}

static PoolTask *
start_parent (ParentPlan *plan)
{
  return pool_task_factory_start_new_full (parent_with_children, plan, NULL, NULL,
                                           POOL_TASK_CREATION_NONE, pool_scheduler_get_default ());
}

/* An aggregate holding a leaf's only error: the child's aggregate. */
static int
single_child_code (const GError *child_aggregate)
{
  const GPtrArray *inner;

  g_assert_true (pool_error_is_aggregate (child_aggregate));
  inner = pool_aggregate_error_get_inner_errors (child_aggregate);
  g_assert_cmpuint (inner->len, ==, 1);
  g_assert_false (pool_error_is_aggregate (g_ptr_array_index (inner, 0)));
  return ((GError *) g_ptr_array_index (inner, 0))->code;
}

/* A parent's aggregate holds its own error first, then one inner aggregate
 * per faulted attached child; Flatten gives the leaves; await throws the
 * first inner error (a child's aggregate when the parent did not throw). */
static void
test_attached_children_errors_nest (void)
{
  ParentPlan both = { 1, 2 }, children_only = { 0, 1 };
  g_autoptr(PoolTask) parent = start_parent (&both);
  g_autoptr(PoolTask) quiet_parent = start_parent (&children_only);
  g_autoptr(GError) wait_error = NULL;
  g_autoptr(GError) await_error = NULL;
  g_autoptr(GError) quiet_wait_error = NULL;
  g_autoptr(GPtrArray) leaves = NULL;
  const GError *exception;
  const GPtrArray *inner;
  int child_codes = 0;

  g_assert_false (pool_task_wait (parent, &wait_error));
  /* Wait still reports the first leaf, as before */
  g_assert_error (wait_error, TEST_ERROR, 1);

  exception = pool_task_get_exception (parent);
  g_assert_true (pool_error_is_aggregate (exception));
  inner = pool_aggregate_error_get_inner_errors (exception);
  g_assert_cmpuint (inner->len, ==, 3);
  g_assert_error ((GError *) g_ptr_array_index (inner, 0), TEST_ERROR, 1);
  child_codes = single_child_code (g_ptr_array_index (inner, 1)) +
                single_child_code (g_ptr_array_index (inner, 2));
  g_assert_cmpint (child_codes, ==, 10 + 11);

  leaves = pool_aggregate_error_flatten (exception);
  g_assert_cmpuint (leaves->len, ==, 3);
  g_assert_cmpuint (pool_task_get_errors (parent)->len, ==, 3);
  for (guint i = 0; i < leaves->len; i++)
    g_assert_false (pool_error_is_aggregate (g_ptr_array_index (leaves, i)));

  g_assert_false (pool_task_wait (quiet_parent, &quiet_wait_error));
  g_assert_error (quiet_wait_error, TEST_ERROR, 10);
  await_error = pool_task_dup_await_error (quiet_parent);
  g_assert_cmpint (single_child_code (await_error), ==, 10);
}

/* An aggregate owns its inner errors: copying and freeing copy and free
 * the tree, and flattening gives the leaves depth first. */
static void
test_aggregate_error_nests_and_flattens (void)
{
  g_autoptr(GError) a = g_error_new_literal (TEST_ERROR, 1, "a");
  g_autoptr(GError) b = g_error_new_literal (TEST_ERROR, 2, "b");
  g_autoptr(GError) c = g_error_new_literal (TEST_ERROR, 3, "c");
  GError *inner_pair[] = { b, c };
  g_autoptr(GError) pair = pool_aggregate_error_new (inner_pair, 2);
  GError *outer_parts[] = { a, pair };
  g_autoptr(GError) outer = pool_aggregate_error_new (outer_parts, 2);
  g_autoptr(GError) copy = g_error_copy (outer);
  g_autoptr(GPtrArray) leaves = NULL;

  g_assert_error (outer, POOL_AGGREGATE_ERROR, POOL_AGGREGATE_ERROR_AGGREGATE);
  g_assert_true (pool_error_is_aggregate (copy));
  g_assert_false (pool_error_is_aggregate (a));
  g_assert_cmpuint (pool_aggregate_error_get_inner_errors (copy)->len, ==, 2);
  g_assert_true (pool_error_is_aggregate (g_ptr_array_index (pool_aggregate_error_get_inner_errors (copy), 1)));
  g_assert_nonnull (strstr (outer->message, "One or more errors occurred."));

  leaves = pool_aggregate_error_flatten (copy);
  g_assert_cmpuint (leaves->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_error ((GError *) g_ptr_array_index (leaves, i), TEST_ERROR, (int) i + 1);
}

static gpointer
acknowledge_cancellation (gpointer  data,
                          GError  **error)
{
  PoolCancellationTokenSource *source = data;

  pool_cancellation_token_source_cancel (source);
  pool_cancellation_token_throw_if_cancellation_requested (pool_cancellation_token_source_get_token (source),
                                                           error);
  return NULL;
}

static gpointer
return_task (gpointer  data,
             GError  **error)
{
  return pool_task_ref (data);
}

/* A delegate that acknowledges cancellation of its launch token: await
 * rethrows that very error (with its token), Wait an aggregate holding a
 * TaskCanceledException; Unwrap of such a task keeps the error for await. */
static void
test_acknowledged_cancellation_error_survives (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  g_autoptr(PoolTask) task = pool_task_run_with_token (acknowledge_cancellation, source, NULL, token);
  g_autoptr(PoolTask) outer = NULL;
  g_autoptr(PoolTask) unwrapped = NULL;
  g_autoptr(GError) wait_error = NULL;
  g_autoptr(GError) dup_wait_error = NULL;
  g_autoptr(GError) await_error = NULL;
  g_autoptr(GError) awaiter_error = NULL;
  g_autoptr(GError) unwrapped_error = NULL;
  const GPtrArray *inner;

  g_assert_false (pool_task_wait (task, &wait_error));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_error (wait_error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
  g_assert_null (pool_task_get_exception (task));

  dup_wait_error = pool_task_dup_wait_error (task);
  g_assert_error (dup_wait_error, POOL_AGGREGATE_ERROR, POOL_AGGREGATE_ERROR_AGGREGATE);
  inner = pool_aggregate_error_get_inner_errors (dup_wait_error);
  g_assert_cmpuint (inner->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (inner, 0), POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);

  await_error = pool_task_dup_await_error (task);
  g_assert_error (await_error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (token));
  g_assert_null (pool_task_get_awaiter_result (task, &awaiter_error));
  g_assert_error (awaiter_error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (token));

  outer = pool_task_run (return_task, task, NULL);
  pool_task_set_result_destroy (outer, (GDestroyNotify) pool_task_unref);
  unwrapped = pool_task_unwrap (outer);
  pool_task_wait (unwrapped, NULL);
  g_assert_cmpint (pool_task_get_status (unwrapped), ==, POOL_TASK_STATUS_CANCELED);
  unwrapped_error = pool_task_dup_await_error (unwrapped);
  g_assert_error (unwrapped_error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (token));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/rules/launch-token-checked-at-dequeue", test_launch_token_checked_at_dequeue);
  g_test_add_func ("/pool/rules/new-task-token-registered-at-once", test_new_task_token_registered_at_once);
  g_test_add_func ("/pool/rules/code-after-await-is-not-a-task", test_code_after_await_is_not_a_task);
  g_test_add_func ("/pool/rules/timers-complete-on-pool-threads", test_timers_complete_on_pool_threads);
  g_test_add_func ("/pool/rules/attached-children-errors-nest", test_attached_children_errors_nest);
  g_test_add_func ("/pool/rules/acknowledged-cancellation-error-survives",
                   test_acknowledged_cancellation_error_survives);
  g_test_add_func ("/pool/aggregate-error/nests-and-flattens", test_aggregate_error_nests_and_flattens);
  return g_test_run ();
}
