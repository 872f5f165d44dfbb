/* pool-task-continuation.c — Task.ContinueWith and how continuations start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A continuation is a task in WaitingForActivation held by its antecedent.
 * When the antecedent completes, the continuation is activated: its
 * condition (OnlyOn… / NotOn…) is checked against the antecedent's final
 * status; a continuation that does not apply ends Canceled without running.
 * Otherwise it is queued on its scheduler, or run inline on the completing
 * thread when it asked for ExecuteSynchronously and the scheduler allows it
 * (and the antecedent did not ask for RunContinuationsAsynchronously).
 *
 * Its token: without LazyCancellation it cancels the continuation at once,
 * even before the antecedent completes; with LazyCancellation it is checked
 * only when the antecedent completes. Once queued, the token is seen when
 * the continuation is dequeued, as for any task.
 */

#include "pool-task-private.h"
#include "pool-scheduler-private.h"
#include "pool-task.h"
#include "pool-scheduler.h"

#define CONDITION_MASK (POOL_TASK_CONTINUATION_NOT_ON_RAN_TO_COMPLETION | \
                        POOL_TASK_CONTINUATION_NOT_ON_FAULTED | \
                        POOL_TASK_CONTINUATION_NOT_ON_CANCELED)

static gboolean
continuation_applies (PoolTaskContinuationOptions options,
                      PoolTaskStatus              antecedent_status)
{
  switch (antecedent_status)
    {
    case POOL_TASK_STATUS_RAN_TO_COMPLETION:
      return (options & POOL_TASK_CONTINUATION_NOT_ON_RAN_TO_COMPLETION) == 0;
    case POOL_TASK_STATUS_FAULTED:
      return (options & POOL_TASK_CONTINUATION_NOT_ON_FAULTED) == 0;
    case POOL_TASK_STATUS_CANCELED:
      return (options & POOL_TASK_CONTINUATION_NOT_ON_CANCELED) == 0;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Takes ownership of @continuation's pending reference. */
void
_pool_task_activate_continuation (PoolTask *continuation,
                                  PoolTask *antecedent,
                                  gboolean  force_asynchronous)
{
  PoolTaskContinuationOptions options = continuation->options & _POOL_TASK_OPTIONS_MASK;
  PoolScheduler *scheduler = continuation->scheduler;
  gboolean lazy = (options & POOL_TASK_CONTINUATION_LAZY_CANCELLATION) != 0;

  if (!continuation_applies (options, pool_task_get_status (antecedent)) ||
      (lazy && pool_cancellation_token_is_cancellation_requested (_pool_task_get_token (continuation))))
    {
      /* (a token that fired early has cancelled it already) */
      if (_pool_task_status_cas (continuation, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION,
                                 POOL_TASK_STATUS_CANCELED))
        _pool_task_cancel_unstarted (continuation);
      pool_task_unref (continuation);
      return;
    }

  if (!_pool_task_status_cas (continuation, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION,
                              POOL_TASK_STATUS_WAITING_TO_RUN))
    {
      /* cancelled by its token before the antecedent completed */
      pool_task_unref (continuation);
      return;
    }

  if (!force_asynchronous &&
      (options & POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY) != 0 &&
      _pool_scheduler_try_execute_task_inline (scheduler, continuation, FALSE))
    {
      pool_task_unref (continuation);
      return;
    }

  _pool_scheduler_queue_task (scheduler, continuation);
}

/**
 * pool_task_continue_with_full:
 * @token: (nullable): cancels the continuation (see LazyCancellation)
 * @options: conditions (OnlyOnRanToCompletion, NotOnFaulted, ...),
 *   ExecuteSynchronously, LazyCancellation and creation options
 * @scheduler: where the continuation runs; required, as in .NET
 *
 * The C twin of `Task.ContinueWith(Func<Task, TResult>, CancellationToken,
 * TaskContinuationOptions, TaskScheduler)`.
 *
 * Returns: (transfer full): the continuation task
 */
PoolTask *
pool_task_continue_with_full (PoolTask                    *task,
                              PoolContinuationFunc         func,
                              gpointer                     data,
                              GDestroyNotify               data_destroy,
                              PoolCancellationToken       *token,
                              PoolTaskContinuationOptions  options,
                              PoolScheduler               *scheduler)
{
  PoolTask *continuation;

  g_return_val_if_fail (task != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (scheduler != NULL, NULL);
  /* .NET rejects these as ArgumentOutOfRangeException */
  g_return_val_if_fail ((options & CONDITION_MASK) != CONDITION_MASK, NULL);
  g_return_val_if_fail ((options & (POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY |
                                    POOL_TASK_CONTINUATION_LONG_RUNNING)) !=
                        (POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY |
                         POOL_TASK_CONTINUATION_LONG_RUNNING), NULL);

  continuation = _pool_task_new (POOL_TASK_KIND_CONTINUATION, NULL, data, data_destroy, token,
                                 options);
  continuation->continuation_func = func;
  continuation->antecedent = pool_task_ref (task);
  continuation->scheduler = pool_scheduler_ref (scheduler);

  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    _pool_trace_record_link (pool_task_get_id (task), pool_task_get_id (continuation), 0,
                             POOL_TRACE_LINK_CONTINUATION);

  if ((options & POOL_TASK_CONTINUATION_LAZY_CANCELLATION) == 0)
    _pool_task_register_launch_token (continuation);

  /* One reference for the caller, one for the antecedent's list (released
   * by the activation). */
  _pool_task_add_continuation (task, pool_task_ref (continuation));
  return continuation;
}

/**
 * pool_task_continue_with:
 * @scheduler: where the continuation runs
 *
 * The C twin of `Task.ContinueWith(Func<Task, TResult>, TaskScheduler)`:
 * runs @func on @scheduler once @task completes, whatever its final status.
 *
 * Returns: (transfer full): the continuation task
 */
PoolTask *
pool_task_continue_with (PoolTask             *task,
                         PoolContinuationFunc  func,
                         gpointer              data,
                         GDestroyNotify        data_destroy,
                         PoolScheduler        *scheduler)
{
  return pool_task_continue_with_full (task, func, data, data_destroy, NULL,
                                       POOL_TASK_CONTINUATION_NONE, scheduler);
}

/**
 * pool_task_continue_with_options:
 *
 * The C twin of `Task.ContinueWith(Func<Task, TResult>,
 * TaskContinuationOptions)`: the scheduler is TaskScheduler.Current, read now.
 *
 * Returns: (transfer full): the continuation task
 */
PoolTask *
pool_task_continue_with_options (PoolTask                    *task,
                                 PoolContinuationFunc         func,
                                 gpointer                     data,
                                 GDestroyNotify               data_destroy,
                                 PoolTaskContinuationOptions  options)
{
  return pool_task_continue_with_full (task, func, data, data_destroy, NULL, options,
                                       pool_scheduler_get_current ());
}
