/* pool-task-combinators.c — FromResult, Delay, WhenAll, WhenAny, Unwrap and
 * the async form of Task.Run, all as promise tasks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The combinators watch their inputs through ExecuteSynchronously
 * continuations on the default scheduler, so they complete on the thread
 * that completed the last input they needed, as .NET's do.
 */

#include "pool-task-combinators.h"
#include "pool-task-private.h"
#include "pool-lock-private.h"
#include "pool-timer-private.h"
#include "pool-scheduler.h"
#include "pool-task.h"

static PoolTask *
promise_new (void)
{
  return _pool_task_new (POOL_TASK_KIND_PROMISE, NULL, NULL, NULL, NULL, POOL_TASK_CREATION_NONE);
}

/* Calls @func when @task completes, on the completing thread. */
static void
when_completed (PoolTask             *task,
                PoolContinuationFunc  func,
                gpointer              data,
                GDestroyNotify        data_destroy)
{
  pool_task_unref (pool_task_continue_with_full (task, func, data, data_destroy, NULL,
                                                 POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                                 pool_scheduler_get_default ()));
}

/**
 * pool_task_from_result:
 *
 * The C twin of `Task.FromResult(TResult)`.
 *
 * Returns: (transfer full): a task that ran to completion with @result
 */
PoolTask *
pool_task_from_result (gpointer       result,
                       GDestroyNotify result_destroy)
{
  PoolTask *task = promise_new ();

  _pool_task_try_complete (task, result, result_destroy, NULL, NULL, NULL, FALSE);
  return task;
}

/**
 * pool_task_from_error:
 * @error: (transfer full): the error
 *
 * The C twin of `Task.FromException(Exception)`.
 *
 * Returns: (transfer full): a faulted task
 */
PoolTask *
pool_task_from_error (GError *error)
{
  PoolTask *task;
  GPtrArray *errors;

  g_return_val_if_fail (error != NULL, NULL);

  task = promise_new ();
  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_ptr_array_add (errors, error);
  _pool_task_try_complete (task, NULL, NULL, NULL, NULL, errors, FALSE);
  return task;
}

/**
 * pool_task_from_canceled:
 * @token: a token on which cancellation was requested
 *
 * The C twin of `Task.FromCanceled(CancellationToken)`.
 *
 * Returns: (transfer full): a canceled task
 */
PoolTask *
pool_task_from_canceled (PoolCancellationToken *token)
{
  PoolTask *task;

  g_return_val_if_fail (pool_cancellation_token_is_cancellation_requested (token), NULL);

  task = promise_new ();
  _pool_task_try_complete (task, NULL, NULL, NULL, NULL, NULL, TRUE);
  return task;
}

/**
 * pool_task_get_completed_task:
 *
 * The C twin of `Task.CompletedTask`.
 *
 * Returns: (transfer full): a task that ran to completion
 */
PoolTask *
pool_task_get_completed_task (void)
{
  return pool_task_from_result (NULL, NULL);
}

/* --- Delay --------------------------------------------------------------- */

typedef struct
{
  int                    ref_count;  /* atomic: the timer and the registration */
  PoolTask              *promise;
  PoolCancellationToken *token;
  PoolMutex              lock;
  /* protected by @lock */
  guint64                timer_id;
  gulong                 registration;
} Delay;

static void
delay_unref (gpointer data)
{
  Delay *delay = data;

  if (!g_atomic_int_dec_and_test (&delay->ref_count))
    return;
  pool_task_unref (delay->promise);
  g_clear_pointer (&delay->token, pool_cancellation_token_unref);
  _pool_mutex_clear (&delay->lock);
  g_free (delay);
}

static void
delay_elapsed (gpointer data)
{
  Delay *delay = data;
  gulong registration;

  _pool_task_try_complete (delay->promise, NULL, NULL, NULL, NULL, NULL, FALSE);
  _pool_mutex_lock (&delay->lock);
  registration = delay->registration;
  delay->registration = 0;
  _pool_mutex_unlock (&delay->lock);
  pool_cancellation_token_unregister (delay->token, registration);
}

static void
delay_canceled (gpointer data)
{
  Delay *delay = data;
  guint64 timer_id;

  _pool_task_try_complete (delay->promise, NULL, NULL, NULL, NULL, NULL, TRUE);
  _pool_mutex_lock (&delay->lock);
  timer_id = delay->timer_id;
  delay->timer_id = 0;
  _pool_mutex_unlock (&delay->lock);
  if (timer_id != 0)
    _pool_timer_cancel (timer_id);
}

/**
 * pool_task_delay:
 * @delay_ms: milliseconds, or -1 to wait for @token only
 * @token: (nullable): cancels the delay: the task ends Canceled
 *
 * The C twin of `Task.Delay(int, CancellationToken)`: a task that completes
 * after @delay_ms, holding no thread meanwhile.
 *
 * Returns: (transfer full): the delay task
 */
PoolTask *
pool_task_delay (int                    delay_ms,
                 PoolCancellationToken *token)
{
  Delay *delay;
  PoolTask *promise;

  g_return_val_if_fail (delay_ms >= -1, NULL);

  if (pool_cancellation_token_is_cancellation_requested (token))
    return pool_task_from_canceled (token);
  if (delay_ms == 0)
    return pool_task_get_completed_task ();

  promise = promise_new ();
  delay = g_new0 (Delay, 1);
  delay->ref_count = 1;   /* ours, until the end of this function */
  delay->promise = pool_task_ref (promise);
  delay->token = token != NULL ? pool_cancellation_token_ref (token) : NULL;
  _pool_mutex_init (&delay->lock);

  if (token != NULL)
    {
      gulong registration;

      g_atomic_int_inc (&delay->ref_count);
      registration = pool_cancellation_token_register (token, delay_canceled, delay, delay_unref);
      _pool_mutex_lock (&delay->lock);
      delay->registration = registration;
      _pool_mutex_unlock (&delay->lock);
    }
  if (delay_ms > 0 && !pool_task_is_completed (promise))
    {
      guint64 timer_id;

      g_atomic_int_inc (&delay->ref_count);
      timer_id = _pool_timer_schedule (g_get_monotonic_time () + (gint64) delay_ms * 1000,
                                       delay_elapsed, delay, delay_unref);
      _pool_mutex_lock (&delay->lock);
      delay->timer_id = timer_id;
      _pool_mutex_unlock (&delay->lock);
      /* cancelled while the timer was being set: take it back */
      if (pool_task_is_completed (promise) && _pool_timer_cancel (timer_id))
        {
          _pool_mutex_lock (&delay->lock);
          delay->timer_id = 0;
          _pool_mutex_unlock (&delay->lock);
        }
    }

  delay_unref (delay);
  return promise;
}

/* --- WhenAll / WhenAny --------------------------------------------------- */

typedef struct
{
  int        ref_count;   /* atomic: one per input continuation */
  int        remaining;   /* atomic */
  PoolTask  *promise;
  GPtrArray *tasks;       /* PoolTask*, owned */
} Combination;

static void
combination_unref (gpointer data)
{
  Combination *combination = data;

  if (!g_atomic_int_dec_and_test (&combination->ref_count))
    return;
  pool_task_unref (combination->promise);
  g_ptr_array_unref (combination->tasks);
  g_free (combination);
}

static Combination *
combination_new (PoolTask * const *tasks,
                 guint             n_tasks)
{
  Combination *combination = g_new0 (Combination, 1);

  combination->ref_count = (int) n_tasks;
  combination->remaining = (int) n_tasks;
  combination->promise = promise_new ();
  combination->tasks = g_ptr_array_new_full (n_tasks, (GDestroyNotify) pool_task_unref);
  for (guint i = 0; i < n_tasks; i++)
    g_ptr_array_add (combination->tasks, pool_task_ref (tasks[i]));
  return combination;
}

/* .NET's rules: any Faulted -> Faulted with every input's errors, in input
 * order; else any Canceled -> Canceled; else RanToCompletion with the results. */
static gpointer
when_all_input_completed (PoolTask  *input,
                          gpointer   data,
                          GError   **error)
{
  Combination *combination = data;
  g_autoptr(GPtrArray) errors = NULL;
  GPtrArray *results;
  gboolean canceled = FALSE;

  if (!g_atomic_int_dec_and_test (&combination->remaining))
    return NULL;

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  results = g_ptr_array_new ();
  for (guint i = 0; i < combination->tasks->len; i++)
    {
      PoolTask *task = g_ptr_array_index (combination->tasks, i);
      g_autoptr(GPtrArray) task_errors = _pool_task_copy_errors (task);

      while (task_errors->len > 0)
        g_ptr_array_add (errors, g_ptr_array_steal_index (task_errors, 0));
      canceled |= pool_task_is_canceled (task);
      g_ptr_array_add (results, task->result);  /* published before the final status */
    }

  if (errors->len > 0 || canceled)
    {
      g_ptr_array_unref (results);
      _pool_task_try_complete (combination->promise, NULL, NULL, NULL, NULL,
                               g_steal_pointer (&errors), canceled);
    }
  else
    {
      /* the results stay owned by the inputs, which the combined task keeps */
      _pool_task_try_complete (combination->promise, results, (GDestroyNotify) g_ptr_array_unref,
                               g_ptr_array_ref (combination->tasks),
                               (GDestroyNotify) g_ptr_array_unref, NULL, FALSE);
    }
  return NULL;
}

/**
 * pool_task_when_all:
 *
 * The C twin of `Task.WhenAll(params Task<TResult>[])`: completes when every
 * input has. Faulted if any input faulted (with all their errors), else
 * Canceled if any was canceled, else RanToCompletion with a #GPtrArray of
 * the inputs' results in input order (valid as long as the returned task).
 *
 * Returns: (transfer full): the combined task
 */
PoolTask *
pool_task_when_all (PoolTask * const *tasks,
                    guint             n_tasks)
{
  Combination *combination;
  PoolTask *promise;

  g_return_val_if_fail (tasks != NULL || n_tasks == 0, NULL);
  for (guint i = 0; i < n_tasks; i++)
    g_return_val_if_fail (tasks[i] != NULL, NULL);

  if (n_tasks == 0)
    return pool_task_from_result (g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);

  combination = combination_new (tasks, n_tasks);
  promise = pool_task_ref (combination->promise);
  for (guint i = 0; i < n_tasks; i++)
    when_completed (tasks[i], when_all_input_completed, combination, combination_unref);
  return promise;
}

static gpointer
when_any_input_completed (PoolTask  *input,
                          gpointer   data,
                          GError   **error)
{
  Combination *combination = data;

  _pool_task_try_complete (combination->promise, pool_task_ref (input),
                           (GDestroyNotify) pool_task_unref, NULL, NULL, NULL, FALSE);
  return NULL;
}

/**
 * pool_task_when_any:
 *
 * The C twin of `Task.WhenAny(params Task[])`: completes, always
 * RanToCompletion, when the first input completes; its result is that input
 * (a #PoolTask, owned by the returned task).
 *
 * Returns: (transfer full): the combined task
 */
PoolTask *
pool_task_when_any (PoolTask * const *tasks,
                    guint             n_tasks)
{
  Combination *combination;
  PoolTask *promise;

  g_return_val_if_fail (tasks != NULL && n_tasks > 0, NULL);
  for (guint i = 0; i < n_tasks; i++)
    g_return_val_if_fail (tasks[i] != NULL, NULL);

  combination = combination_new (tasks, n_tasks);
  promise = pool_task_ref (combination->promise);
  for (guint i = 0; i < n_tasks; i++)
    when_completed (tasks[i], when_any_input_completed, combination, combination_unref);
  return promise;
}

/* --- Unwrap -------------------------------------------------------------- */

static void
propagate (PoolTask *from,
           PoolTask *promise)
{
  switch (pool_task_get_status (from))
    {
    case POOL_TASK_STATUS_FAULTED:
      _pool_task_try_complete (promise, NULL, NULL, NULL, NULL, _pool_task_copy_errors (from), FALSE);
      break;
    case POOL_TASK_STATUS_CANCELED:
      _pool_task_try_cancel (promise, _pool_task_dup_cancellation_error (from));
      break;
    default:
      /* the result stays owned by @from, which the promise keeps alive */
      _pool_task_try_complete (promise, from->result, NULL, pool_task_ref (from),
                               (GDestroyNotify) pool_task_unref, NULL, FALSE);
      break;
    }
}

static gpointer
inner_completed (PoolTask  *inner,
                 gpointer   promise,
                 GError   **error)
{
  propagate (inner, promise);
  return NULL;
}

static gpointer
outer_completed (PoolTask  *outer,
                 gpointer   promise,
                 GError   **error)
{
  PoolTask *inner;

  if (pool_task_get_status (outer) != POOL_TASK_STATUS_RAN_TO_COMPLETION)
    {
      propagate (outer, promise);
      return NULL;
    }

  inner = outer->result;
  if (inner == NULL)
    {
      /* .NET: unwrapping a null inner task gives a canceled task */
      _pool_task_try_complete (promise, NULL, NULL, NULL, NULL, NULL, TRUE);
      return NULL;
    }
  when_completed (inner, inner_completed, pool_task_ref (promise),
                  (GDestroyNotify) pool_task_unref);
  return NULL;
}

/**
 * pool_task_unwrap:
 * @task: a task whose result is a #PoolTask (a `Task<Task<TResult>>`)
 *
 * The C twin of `TaskExtensions.Unwrap`: a proxy that completes when the
 * inner task does, with its status, errors and result. If @task itself
 * faults or is canceled, so does the proxy.
 *
 * Returns: (transfer full): the proxy task
 */
PoolTask *
pool_task_unwrap (PoolTask *task)
{
  PoolTask *promise;

  g_return_val_if_fail (task != NULL, NULL);

  promise = promise_new ();
  when_completed (task, outer_completed, pool_task_ref (promise), (GDestroyNotify) pool_task_unref);
  return promise;
}

typedef struct
{
  PoolAsyncFunc  func;
  gpointer       data;
  GDestroyNotify data_destroy;
} AsyncCall;

static void
async_call_free (gpointer data)
{
  AsyncCall *call = data;

  if (call->data_destroy != NULL)
    call->data_destroy (call->data);
  g_free (call);
}

static gpointer
run_async_delegate (gpointer   data,
                    GError   **error)
{
  AsyncCall *call = data;

  return call->func (call->data, error);
}

/**
 * pool_task_run_async:
 * @func: the async delegate, run on a pool worker
 *
 * The C twin of `Task.Run(Func<Task<TResult>>)`: unlike StartNew with an
 * async delegate, the returned task completes when the task @func returns
 * completes, not when @func returns.
 *
 * Returns: (transfer full): the proxy task
 */
PoolTask *
pool_task_run_async (PoolAsyncFunc  func,
                     gpointer       data,
                     GDestroyNotify data_destroy)
{
  g_autoptr(PoolTask) outer = NULL;
  AsyncCall *call;

  g_return_val_if_fail (func != NULL, NULL);

  call = g_new0 (AsyncCall, 1);
  call->func = func;
  call->data = data;
  call->data_destroy = data_destroy;
  outer = pool_task_new (run_async_delegate, call, async_call_free, NULL,
                         POOL_TASK_CREATION_DENY_CHILD_ATTACH);
  pool_task_set_result_destroy (outer, (GDestroyNotify) pool_task_unref);
  pool_task_start (outer, pool_scheduler_get_default (), NULL);
  return pool_task_unwrap (outer);
}
