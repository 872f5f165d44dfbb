/* pool-task-wait.c — what observing a task gives: Wait, Result, the errors
 * (Task.Exception, and what Wait and await throw).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each of these observes the task's error, as reading Task.Exception or
 * waiting does in .NET (UnobservedTaskException is raised only for a
 * faulted task nobody observed). The task's life (creation, execution,
 * completion) is in pool-task.c.
 */

#include "pool-task-private.h"
#include "pool-aggregate-error.h"
#include "pool-parking-lot-private.h"
#include "pool-scheduler-private.h"
#include "pool-thread-pool-private.h"
#include "pool-trace-private.h"
#include "pool-task.h"

static void
set_error_from_status (PoolTask  *task,
                       GError   **error)
{
  _pool_task_mark_observed (task);
  if (pool_task_get_status (task) == POOL_TASK_STATUS_FAULTED)
    g_propagate_error (error, g_error_copy (g_ptr_array_index (task->contingent->flat_errors, 0)));
  else
    g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED,
                         "A task was canceled.");
}

static void
wake_waiters (gpointer data)
{
  _pool_parking_lot_wake_all (data);
}

/**
 * pool_task_wait_full:
 * @timeout_ms: how long to wait, or -1 for as long as it takes
 * @token: (nullable): cancels the wait (not the task)
 * @error: %POOL_TASK_ERROR_TIMED_OUT when the time ran out, the wait token's
 *   canceled error, or the task's error as for pool_task_wait()
 *
 * The C twin of `Task.Wait(int, CancellationToken)`.
 *
 * Returns: %TRUE when the task ran to completion in time
 */
gboolean
pool_task_wait_full (PoolTask               *task,
                     int                     timeout_ms,
                     PoolCancellationToken  *token,
                     GError                **error)
{
  gint64 deadline;
  gulong registration = 0;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (timeout_ms >= -1, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (task == _pool_task_get_current ())
    {
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                           "A task cannot wait for itself to complete.");
      return FALSE;
    }
  if (pool_task_get_status (task) == POOL_TASK_STATUS_CREATED)
    {
      /* .NET blocks forever here; a teaching tool says why instead. */
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                           "The task was never started: start it before waiting for it.");
      return FALSE;
    }
  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return FALSE;

  if (!pool_task_is_completed (task) &&
      pool_task_get_status (task) == POOL_TASK_STATUS_WAITING_TO_RUN &&
      task->scheduler != NULL)
    _pool_scheduler_try_execute_task_inline (task->scheduler, task, TRUE);

  if (token != NULL)
    registration = pool_cancellation_token_register (token, wake_waiters, task, NULL);

  deadline = timeout_ms < 0 ? G_MAXINT64 : g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  if (!pool_task_is_completed (task))
    {
      PoolParkingSlot *slot = _pool_parking_lot_get (task);
      gboolean tracing = _pool_trace_is_enabled ();

      if (tracing)
        _pool_trace_record_wait (POOL_TRACE_KIND_WAIT_BEGIN, pool_task_get_current_id (),
                                 pool_task_get_id (task));
      _pool_thread_pool_notify_blocked (TRUE);
      _pool_mutex_lock (&slot->lock);
      g_atomic_int_or (&task->flags, POOL_TASK_FLAG_WAITERS);
      while (!pool_task_is_completed (task) &&
             !pool_cancellation_token_is_cancellation_requested (token))
        {
          if (timeout_ms < 0)
            _pool_cond_wait (&slot->cond, &slot->lock);
          else if (!_pool_cond_wait_until (&slot->cond, &slot->lock, deadline) &&
                   g_get_monotonic_time () >= deadline)
            {
              timed_out = TRUE;
              break;
            }
        }
      _pool_mutex_unlock (&slot->lock);
      _pool_thread_pool_notify_blocked (FALSE);
      if (tracing)
        _pool_trace_record_wait (POOL_TRACE_KIND_WAIT_END, pool_task_get_current_id (),
                                 pool_task_get_id (task));
    }

  if (registration != 0)
    pool_cancellation_token_unregister (token, registration);

  if (pool_task_get_status (task) == POOL_TASK_STATUS_RAN_TO_COMPLETION)
    return TRUE;
  if (pool_task_is_completed (task))
    {
      set_error_from_status (task, error);
      return FALSE;
    }
  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return FALSE;

  g_assert (timed_out);
  (void) timed_out;
  g_set_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_TIMED_OUT,
               "Task %u did not complete within %d ms.", task->id, timeout_ms);
  return FALSE;
}

/**
 * pool_task_wait:
 * @error: set to the task's first error when it faulted, or to
 *   %POOL_TASK_ERROR_CANCELED when it was canceled
 *
 * The C twin of `Task.Wait()`: blocks until @task completes. A task still in
 * its scheduler's queue runs inline on this thread when the scheduler allows
 * it (`TaskScheduler.TryExecuteTaskInline`).
 *
 * Returns: %TRUE when the task ran to completion
 */
gboolean
pool_task_wait (PoolTask  *task,
                GError   **error)
{
  return pool_task_wait_full (task, -1, NULL, error);
}

/**
 * pool_task_get_result:
 *
 * The C twin of `Task<TResult>.Result`: waits for @task, then returns its
 * result, which stays owned by the task. A faulted or canceled task returns
 * %NULL and sets @error.
 */
gpointer
pool_task_get_result (PoolTask  *task,
                      GError   **error)
{
  g_return_val_if_fail (task != NULL, NULL);

  if (!pool_task_wait (task, error))
    return NULL;
  return task->result;
}

/**
 * pool_task_set_result_destroy:
 *
 * Makes @task free its result with @result_destroy when the task is freed.
 * Call it before the last reference is dropped, from the thread that holds it.
 */
void
pool_task_set_result_destroy (PoolTask       *task,
                              GDestroyNotify  result_destroy)
{
  g_return_if_fail (task != NULL);

  g_atomic_pointer_set (&task->result_destroy, result_destroy);
}

/**
 * pool_task_get_errors:
 *
 * The C twin of `Task.Exception.Flatten().InnerExceptions`: the leaf errors
 * of a faulted task, its own first, then those of its attached children
 * (pool_task_get_exception() keeps which child failed which way).
 *
 * Returns: (transfer none) (nullable): an array of #GError, or %NULL
 */
const GPtrArray *
pool_task_get_errors (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  if (pool_task_get_status (task) != POOL_TASK_STATUS_FAULTED)
    return NULL;
  _pool_task_mark_observed (task);
  return task->contingent->flat_errors;
}

/**
 * pool_task_get_exception:
 *
 * The C twin of `Task.Exception`: for a faulted task, a %POOL_AGGREGATE_ERROR
 * whose inner errors are the task's own error first, then one aggregate per
 * faulted attached child; %NULL otherwise (a canceled task has none).
 *
 * Returns: (transfer none) (nullable): the aggregate error
 */
const GError *
pool_task_get_exception (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  if (pool_task_get_status (task) != POOL_TASK_STATUS_FAULTED)
    return NULL;
  _pool_task_mark_observed (task);
  return task->contingent->exception;
}

/**
 * pool_task_dup_wait_error:
 *
 * What `Task.Wait()` and `.Result` throw for a completed task: the task's
 * aggregate when it faulted, an aggregate holding one
 * %POOL_TASK_ERROR_CANCELED (`TaskCanceledException`) when it was canceled.
 * pool_task_wait() itself sets the first leaf error instead.
 *
 * Returns: (transfer full) (nullable): the error, or %NULL when @task ran to
 *   completion or is not complete
 */
GError *
pool_task_dup_wait_error (PoolTask *task)
{
  g_autoptr(GError) canceled = NULL;

  g_return_val_if_fail (task != NULL, NULL);

  switch (pool_task_get_status (task))
    {
    case POOL_TASK_STATUS_FAULTED:
      _pool_task_mark_observed (task);
      return g_error_copy (task->contingent->exception);
    case POOL_TASK_STATUS_CANCELED:
      canceled = g_error_new_literal (POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED,
                                      "A task was canceled.");
      return pool_aggregate_error_new (&canceled, 1);
    default:
      return NULL;
    }
}

/**
 * pool_task_dup_await_error:
 *
 * What `await task` throws for a completed task: a faulted task's first
 * inner error (for a parent whose attached child failed, that child's
 * aggregate); for a canceled task, the %POOL_CANCELED_ERROR its delegate
 * acknowledged cancellation with (its token's), else a
 * %POOL_TASK_ERROR_CANCELED.
 *
 * Returns: (transfer full) (nullable): the error, or %NULL when @task ran to
 *   completion or is not complete
 */
GError *
pool_task_dup_await_error (PoolTask *task)
{
  GError *error;

  g_return_val_if_fail (task != NULL, NULL);

  switch (pool_task_get_status (task))
    {
    case POOL_TASK_STATUS_FAULTED:
      _pool_task_mark_observed (task);
      return g_error_copy (g_ptr_array_index (task->contingent->errors, 0));
    case POOL_TASK_STATUS_CANCELED:
      error = _pool_task_dup_cancellation_error (task);
      if (error == NULL)
        error = g_error_new_literal (POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED,
                                     "A task was canceled.");
      return error;
    default:
      return NULL;
    }
}

/**
 * pool_task_get_awaiter_result:
 * @error: set to what pool_task_dup_await_error() gives
 *
 * The C twin of `task.GetAwaiter().GetResult()`: waits for @task, then
 * returns its result (owned by the task), or %NULL with the error `await`
 * would throw.
 */
gpointer
pool_task_get_awaiter_result (PoolTask  *task,
                              GError   **error)
{
  GError *await_error;

  g_return_val_if_fail (task != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pool_task_is_completed (task))
    {
      GError *wait_error = NULL;

      pool_task_wait (task, &wait_error);
      if (!pool_task_is_completed (task))
        {
          /* never started, or waiting for itself */
          g_propagate_error (error, wait_error);
          return NULL;
        }
      g_clear_error (&wait_error);
    }
  await_error = pool_task_dup_await_error (task);
  if (await_error != NULL)
    {
      g_propagate_error (error, await_error);
      return NULL;
    }
  return task->result;
}
