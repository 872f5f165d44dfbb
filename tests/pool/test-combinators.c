/* test-combinators.c — completion sources, FromResult, Delay, WhenAll,
 * WhenAny, Unwrap and the async-delegate trap of StartNew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

static gpointer
return_data (gpointer  data,
             GError  **error)
{
  return data;
}

static gpointer
fail_with (gpointer  data,
           GError  **error)
{
  g_set_error_literal (error, G_IO_ERROR, GPOINTER_TO_INT (data), "failed on purpose");
  return NULL;
}

/* The first Set wins; TrySet after that returns FALSE, Set reports InvalidOperation. */
static void
test_completion_source_first_set_wins (void)
{
  g_autoptr(PoolTaskCompletionSource) tcs = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  PoolTask *task = pool_task_completion_source_get_task (tcs);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION);
  g_assert_true (pool_task_completion_source_try_set_result (tcs, g_strdup ("first"), g_free));
  g_assert_false (pool_task_completion_source_try_set_result (tcs, g_strdup ("second"), g_free));
  g_assert_false (pool_task_completion_source_try_set_canceled (tcs));
  g_assert_false (pool_task_completion_source_set_canceled (tcs, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  g_assert_cmpstr (pool_task_get_result (task, NULL), ==, "first");
}

/* SetException faults the task with that error; SetCanceled cancels it. */
static void
test_completion_source_error_and_canceled (void)
{
  g_autoptr(PoolTaskCompletionSource) faulted = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  g_autoptr(PoolTaskCompletionSource) canceled = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  g_autoptr(GError) error = NULL;

  pool_task_completion_source_try_set_error (faulted, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "busy"));
  g_assert_false (pool_task_wait (pool_task_completion_source_get_task (faulted), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  pool_task_completion_source_try_set_canceled (canceled);
  g_assert_true (pool_task_is_canceled (pool_task_completion_source_get_task (canceled)));
}

/* FromResult is already RanToCompletion with the result. */
static void
test_from_result (void)
{
  g_autoptr(PoolTask) task = pool_task_from_result (GINT_TO_POINTER (42), NULL);

  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
  g_assert_cmpint (GPOINTER_TO_INT (pool_task_get_result (task, NULL)), ==, 42);
}

/* Delay completes after its time, holding no thread, and a token cancels it. */
static void
test_delay (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PoolTask) delay = pool_task_delay (30, NULL);
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autoptr(PoolTask) forever = pool_task_delay (-1, pool_cancellation_token_source_get_token (source));

  g_assert_false (pool_task_is_completed (delay));
  g_assert_true (pool_task_wait (delay, NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 25 * 1000);

  g_assert_false (pool_task_is_completed (forever));
  pool_cancellation_token_source_cancel (source);
  g_assert_false (pool_task_wait (forever, NULL));
  g_assert_cmpint (pool_task_get_status (forever), ==, POOL_TASK_STATUS_CANCELED);
}

/* WhenAll collects results in input order when all ran to completion. */
static void
test_when_all_results (void)
{
  PoolTask *tasks[3];
  g_autoptr(PoolTask) all = NULL;
  GPtrArray *results;

  for (guint i = 0; i < 3; i++)
    tasks[i] = pool_task_run (return_data, GUINT_TO_POINTER (i + 1), NULL);
  all = pool_task_when_all (tasks, 3);
  for (guint i = 0; i < 3; i++)
    pool_task_unref (tasks[i]);

  results = pool_task_get_result (all, NULL);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (results, i)), ==, i + 1);
}

/* WhenAll faults with every input's error; Faulted wins over Canceled. */
static void
test_when_all_faulted_aggregates (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolTask *tasks[4];
  g_autoptr(PoolTask) all = NULL;
  const GPtrArray *errors;

  pool_cancellation_token_source_cancel (source);
  tasks[0] = pool_task_run (fail_with, GINT_TO_POINTER (G_IO_ERROR_BUSY), NULL);
  tasks[1] = pool_task_run (return_data, NULL, NULL);
  tasks[2] = pool_task_from_canceled (pool_cancellation_token_source_get_token (source));
  tasks[3] = pool_task_run (fail_with, GINT_TO_POINTER (G_IO_ERROR_EXISTS), NULL);
  all = pool_task_when_all (tasks, 4);
  g_assert_false (pool_task_wait (all, NULL));
  g_assert_cmpint (pool_task_get_status (all), ==, POOL_TASK_STATUS_FAULTED);
  errors = pool_task_get_errors (all);
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_error ((GError *) g_ptr_array_index (errors, 0), G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_error ((GError *) g_ptr_array_index (errors, 1), G_IO_ERROR, G_IO_ERROR_EXISTS);
  for (guint i = 0; i < 4; i++)
    pool_task_unref (tasks[i]);
}

/* WhenAll with a canceled input and no faults is Canceled. */
static void
test_when_all_canceled (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolTask *tasks[2];
  g_autoptr(PoolTask) all = NULL;

  pool_cancellation_token_source_cancel (source);
  tasks[0] = pool_task_run (return_data, NULL, NULL);
  tasks[1] = pool_task_from_canceled (pool_cancellation_token_source_get_token (source));
  all = pool_task_when_all (tasks, 2);
  g_assert_false (pool_task_wait (all, NULL));
  g_assert_cmpint (pool_task_get_status (all), ==, POOL_TASK_STATUS_CANCELED);
  pool_task_unref (tasks[0]);
  pool_task_unref (tasks[1]);
}

/* WhenAny completes RanToCompletion with the first input, even a faulted one. */
static void
test_when_any_first (void)
{
  g_autoptr(PoolTaskCompletionSource) never = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  g_autoptr(PoolTask) failing = pool_task_run (fail_with, GINT_TO_POINTER (G_IO_ERROR_BUSY), NULL);
  PoolTask *tasks[2] = { pool_task_completion_source_get_task (never), failing };
  g_autoptr(PoolTask) any = pool_task_when_any (tasks, 2);

  g_assert_true (pool_task_wait (any, NULL));
  g_assert_true (pool_task_get_result (any, NULL) == failing);
  pool_task_completion_source_try_set_canceled (never);
}

typedef struct
{
  PoolTaskCompletionSource *inner;  /* the "image" arrives when this completes */
} AsyncWork;

/* An async delegate: starts the work and returns the task for it at once
 * (its "first await"). */
static gpointer
async_delegate (gpointer  data,
                GError  **error)
{
  AsyncWork *work = data;

  return pool_task_ref (pool_task_completion_source_get_task (work->inner));
}

/* StartNew with an async delegate: the outer task completes before the inner work;
 * Unwrap gives the real completion. */
static void
test_start_new_async_delegate_completes_early (void)
{
  AsyncWork work = { pool_task_completion_source_new (POOL_TASK_CREATION_NONE) };
  g_autoptr(PoolTask) outer = pool_task_factory_start_new (async_delegate, &work, NULL);
  g_autoptr(PoolTask) unwrapped = NULL;

  pool_task_set_result_destroy (outer, (GDestroyNotify) pool_task_unref);
  g_assert_true (pool_task_wait (outer, NULL));
  /* "done" — yet the inner work has not finished */
  g_assert_false (pool_task_is_completed (pool_task_completion_source_get_task (work.inner)));

  unwrapped = pool_task_unwrap (outer);
  g_assert_false (pool_task_wait_full (unwrapped, 50, NULL, NULL));
  pool_task_completion_source_try_set_result (work.inner, g_strdup ("image"), g_free);
  g_assert_true (pool_task_wait (unwrapped, NULL));
  g_assert_cmpstr (pool_task_get_result (unwrapped, NULL), ==, "image");
  pool_task_completion_source_free (work.inner);
}

static PoolTask *
async_func (gpointer  data,
            GError  **error)
{
  return async_delegate (data, error);
}

/* Task.Run with an async delegate unwraps: it completes with the inner work. */
static void
test_run_async_unwraps (void)
{
  AsyncWork work = { pool_task_completion_source_new (POOL_TASK_CREATION_NONE) };
  g_autoptr(PoolTask) task = pool_task_run_async (async_func, &work, NULL);

  g_assert_false (pool_task_wait_full (task, 50, NULL, NULL));
  pool_task_completion_source_try_set_error (work.inner,
                                             g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, "gone"));
  g_assert_false (pool_task_wait (task, NULL));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_FAULTED);
  pool_task_completion_source_free (work.inner);
}

/* Unwrapping a task whose inner task is NULL gives a canceled proxy. */
static void
test_unwrap_null_inner_is_canceled (void)
{
  g_autoptr(PoolTask) outer = pool_task_from_result (NULL, NULL);
  g_autoptr(PoolTask) proxy = pool_task_unwrap (outer);

  g_assert_cmpint (pool_task_get_status (proxy), ==, POOL_TASK_STATUS_CANCELED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/completion-source/first-set-wins", test_completion_source_first_set_wins);
  g_test_add_func ("/pool/completion-source/error-and-canceled", test_completion_source_error_and_canceled);
  g_test_add_func ("/pool/task/from-result", test_from_result);
  g_test_add_func ("/pool/task/delay", test_delay);
  g_test_add_func ("/pool/task/when-all/results", test_when_all_results);
  g_test_add_func ("/pool/task/when-all/faulted-aggregates", test_when_all_faulted_aggregates);
  g_test_add_func ("/pool/task/when-all/canceled", test_when_all_canceled);
  g_test_add_func ("/pool/task/when-any/first", test_when_any_first);
  g_test_add_func ("/pool/task/factory/start-new/async-delegate-completes-early", test_start_new_async_delegate_completes_early);
  g_test_add_func ("/pool/task/run/async-unwraps", test_run_async_unwraps);
  g_test_add_func ("/pool/task/unwrap/null-inner-canceled", test_unwrap_null_inner_is_canceled);

  return g_test_run ();
}
