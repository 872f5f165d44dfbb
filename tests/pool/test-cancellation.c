/* test-cancellation.c — CancellationToken and the launch-token rules of tasks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

static void
count_call (gpointer data)
{
  g_atomic_int_inc ((gint *) data);
}

/* A registered callback runs once, on Cancel; cancelling twice runs nothing more. */
static void
test_register_runs_once (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  gint calls = 0;

  g_assert_false (pool_cancellation_token_is_cancellation_requested (token));
  g_assert_cmpuint (pool_cancellation_token_register (token, count_call, &calls, NULL), !=, 0);
  pool_cancellation_token_source_cancel (source);
  pool_cancellation_token_source_cancel (source);
  g_assert_cmpint (calls, ==, 1);
  g_assert_true (pool_cancellation_token_is_cancellation_requested (token));
}

/* Registering on a cancelled token runs the callback at once. */
static void
test_register_after_cancel_runs_now (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  gint calls = 0;

  pool_cancellation_token_source_cancel (source);
  g_assert_cmpuint (pool_cancellation_token_register (pool_cancellation_token_source_get_token (source),
                                                      count_call, &calls, NULL), ==, 0);
  g_assert_cmpint (calls, ==, 1);
}

/* An unregistered callback does not run. */
static void
test_unregister (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  gint calls = 0;
  gulong id = pool_cancellation_token_register (token, count_call, &calls, NULL);

  pool_cancellation_token_unregister (token, id);
  pool_cancellation_token_source_cancel (source);
  g_assert_cmpint (calls, ==, 0);
}

/* None (NULL) can never be cancelled. */
static void
test_none_token (void)
{
  GError *error = NULL;

  g_assert_false (pool_cancellation_token_can_be_canceled (NULL));
  g_assert_false (pool_cancellation_token_is_cancellation_requested (NULL));
  g_assert_false (pool_cancellation_token_throw_if_cancellation_requested (NULL, &error));
  g_assert_no_error (error);
}

/* A linked source is cancelled by either parent. */
static void
test_linked_source (void)
{
  g_autoptr(PoolCancellationTokenSource) a = pool_cancellation_token_source_new ();
  g_autoptr(PoolCancellationTokenSource) b = pool_cancellation_token_source_new ();
  g_autoptr(PoolCancellationTokenSource) linked =
    pool_cancellation_token_source_new_linked (pool_cancellation_token_source_get_token (a),
                                               pool_cancellation_token_source_get_token (b));

  g_assert_false (pool_cancellation_token_source_is_cancellation_requested (linked));
  pool_cancellation_token_source_cancel (b);
  g_assert_true (pool_cancellation_token_source_is_cancellation_requested (linked));
  g_assert_false (pool_cancellation_token_source_is_cancellation_requested (a));
}

/* CancelAfter cancels once the delay has passed, not before. */
static void
test_cancel_after (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  gint64 start = g_get_monotonic_time ();

  pool_cancellation_token_source_cancel_after (source, 50);
  g_assert_false (pool_cancellation_token_source_is_cancellation_requested (source));
  while (!pool_cancellation_token_source_is_cancellation_requested (source))
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
      g_usleep (1000);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 45 * 1000);
}

static gpointer
count_run (gpointer  data,
           GError  **error)
{
  g_atomic_int_inc ((gint *) data);
  return NULL;
}

/* A token cancelled before the task starts: the delegate never runs, the task is Canceled. */
static void
test_task_token_cancelled_before_start (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GError) error = NULL;
  gint runs = 0;

  pool_cancellation_token_source_cancel (source);
  task = pool_task_run_with_token (count_run, &runs, NULL,
                                   pool_cancellation_token_source_get_token (source));
  g_assert_false (pool_task_wait (task, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_cmpint (g_atomic_int_get (&runs), ==, 0);
}

typedef struct
{
  PoolCancellationTokenSource *observed;   /* the token the delegate watches */
  gint                         started;
  gint                         release;
  gboolean                     observe;    /* report cancellation, or just finish */
} Cooperative;

/* Waits until released, then (if asked) reports cancellation of its token. */
static gpointer
cooperative_work (gpointer  data,
                  GError  **error)
{
  Cooperative *work = data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_atomic_int_set (&work->started, 1);
  while (!g_atomic_int_get (&work->release) && g_get_monotonic_time () < deadline)
    g_usleep (500);
  if (work->observe)
    pool_cancellation_token_throw_if_cancellation_requested (
      pool_cancellation_token_source_get_token (work->observed), error);
  return NULL;
}

static PoolTask *
start_cooperative (Cooperative                 *work,
                   PoolCancellationTokenSource *launch)
{
  PoolTask *task = pool_task_run_with_token (cooperative_work, work, NULL,
                                             launch != NULL ? pool_cancellation_token_source_get_token (launch) : NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&work->started))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200);
    }
  return task;
}

/* Cancelling after the delegate started does not stop it: it runs to completion. */
static void
test_task_cancel_while_running_is_ignored (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Cooperative work = { source, 0, 0, FALSE };
  g_autoptr(PoolTask) task = start_cooperative (&work, source);

  pool_cancellation_token_source_cancel (source);
  g_atomic_int_set (&work.release, 1);
  g_assert_true (pool_task_wait (task, NULL));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
}

/* Observing the same token it was launched with makes the task Canceled. */
static void
test_task_observes_launch_token_canceled (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Cooperative work = { source, 0, 0, TRUE };
  g_autoptr(PoolTask) task = start_cooperative (&work, source);

  pool_cancellation_token_source_cancel (source);
  g_atomic_int_set (&work.release, 1);
  g_assert_false (pool_task_wait (task, NULL));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_null (pool_task_get_errors (task));
}

/* Observing a token the task was not launched with makes it Faulted. */
static void
test_task_observes_other_token_faulted (void)
{
  g_autoptr(PoolCancellationTokenSource) launch = pool_cancellation_token_source_new ();
  g_autoptr(PoolCancellationTokenSource) other = pool_cancellation_token_source_new ();
  Cooperative work = { other, 0, 0, TRUE };
  g_autoptr(PoolTask) task = start_cooperative (&work, launch);
  g_autoptr(GError) error = NULL;

  pool_cancellation_token_source_cancel (other);
  g_atomic_int_set (&work.release, 1);
  g_assert_false (pool_task_wait (task, &error));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_FAULTED);
  g_assert_error (error, POOL_CANCELED_ERROR, (gint) pool_cancellation_token_get_id (
                    pool_cancellation_token_source_get_token (other)));
}

/* Observing cancellation without any launch token makes it Faulted too. */
static void
test_task_observes_without_launch_token_faulted (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Cooperative work = { source, 0, 0, TRUE };
  g_autoptr(PoolTask) task = start_cooperative (&work, NULL);

  pool_cancellation_token_source_cancel (source);
  g_atomic_int_set (&work.release, 1);
  g_assert_false (pool_task_wait (task, NULL));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_FAULTED);
}

/* A wait's own token ends the wait, not the task. */
static void
test_wait_token_cancels_the_wait (void)
{
  g_autoptr(PoolCancellationTokenSource) wait_source = pool_cancellation_token_source_new ();
  Cooperative work = { wait_source, 0, 0, FALSE };
  g_autoptr(PoolTask) task = start_cooperative (&work, NULL);
  g_autoptr(GError) error = NULL;

  pool_cancellation_token_source_cancel_after (wait_source, 20);
  g_assert_false (pool_task_wait_full (task, -1,
                                       pool_cancellation_token_source_get_token (wait_source),
                                       &error));
  g_assert_error (error, POOL_CANCELED_ERROR, (gint) pool_cancellation_token_get_id (
                    pool_cancellation_token_source_get_token (wait_source)));
  g_assert_false (pool_task_is_completed (task));
  g_atomic_int_set (&work.release, 1);
  g_assert_true (pool_task_wait (task, NULL));
}

/* A timed wait returns TIMED_OUT while the task is still running. */
static void
test_wait_timeout (void)
{
  Cooperative work = { NULL, 0, 0, FALSE };
  g_autoptr(PoolTask) task = start_cooperative (&work, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (pool_task_wait_full (task, 20, NULL, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_TIMED_OUT);
  g_atomic_int_set (&work.release, 1);
  g_assert_true (pool_task_wait_full (task, -1, NULL, NULL));
}

/* A negative timeout other than -1 is a caller mistake (ArgumentOutOfRange). */
static void
test_wait_negative_timeout_is_critical (void)
{
  g_autoptr(PoolTask) task = pool_task_from_result (NULL, NULL);

  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*timeout_ms >= -1*");
  g_assert_false (pool_task_wait_full (task, -5, NULL, NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/cancellation/register/runs-once", test_register_runs_once);
  g_test_add_func ("/pool/cancellation/register/after-cancel-runs-now", test_register_after_cancel_runs_now);
  g_test_add_func ("/pool/cancellation/unregister", test_unregister);
  g_test_add_func ("/pool/cancellation/none", test_none_token);
  g_test_add_func ("/pool/cancellation/linked", test_linked_source);
  g_test_add_func ("/pool/cancellation/cancel-after", test_cancel_after);
  g_test_add_func ("/pool/task/cancellation/before-start", test_task_token_cancelled_before_start);
  g_test_add_func ("/pool/task/cancellation/while-running-ignored", test_task_cancel_while_running_is_ignored);
  g_test_add_func ("/pool/task/cancellation/observed-launch-token-canceled", test_task_observes_launch_token_canceled);
  g_test_add_func ("/pool/task/cancellation/observed-other-token-faulted", test_task_observes_other_token_faulted);
  g_test_add_func ("/pool/task/cancellation/observed-without-launch-token-faulted", test_task_observes_without_launch_token_faulted);
  g_test_add_func ("/pool/task/wait/token-cancels-wait", test_wait_token_cancels_the_wait);
  g_test_add_func ("/pool/task/wait/timeout", test_wait_timeout);
  g_test_add_func ("/pool/task/wait/negative-timeout", test_wait_negative_timeout_is_critical);

  return g_test_run ();
}
