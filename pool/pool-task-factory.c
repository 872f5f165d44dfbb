/* pool-task-factory.c — Task.Run and Task.Factory.StartNew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-task-private.h"
#include "pool-task-factory.h"
#include "pool-scheduler.h"

/**
 * pool_task_run:
 *
 * The C twin of `Task.Run(Func<TResult>)`, which is exactly
 * `Task.Factory.StartNew(f, CancellationToken.None,
 * TaskCreationOptions.DenyChildAttach, TaskScheduler.Default)`: the work goes
 * to the thread pool whatever scheduler is current.
 *
 * Returns: (transfer full): the started task
 */
PoolTask *
pool_task_run (PoolTaskFunc   func,
               gpointer       data,
               GDestroyNotify data_destroy)
{
  g_return_val_if_fail (func != NULL, NULL);

  return pool_task_factory_start_new_full (func, data, data_destroy, NULL,
                                           POOL_TASK_CREATION_DENY_CHILD_ATTACH,
                                           pool_scheduler_get_default ());
}

/**
 * pool_task_run_with_token:
 * @token: (nullable): cancels the task if it has not started yet
 *
 * The C twin of `Task.Run(Func<TResult>, CancellationToken)`.
 *
 * Returns: (transfer full): the started task
 */
PoolTask *
pool_task_run_with_token (PoolTaskFunc           func,
                          gpointer               data,
                          GDestroyNotify         data_destroy,
                          PoolCancellationToken *token)
{
  g_return_val_if_fail (func != NULL, NULL);

  return pool_task_factory_start_new_full (func, data, data_destroy, token,
                                           POOL_TASK_CREATION_DENY_CHILD_ATTACH,
                                           pool_scheduler_get_default ());
}

/**
 * pool_task_factory_start_new:
 *
 * The C twin of `Task.Factory.StartNew(Func<TResult>)`: options None and the
 * *current* scheduler, read now. Inside a task running on the UI scheduler
 * that is the UI scheduler, which is the trap scenario 2 shows.
 *
 * Returns: (transfer full): the started task
 */
PoolTask *
pool_task_factory_start_new (PoolTaskFunc   func,
                             gpointer       data,
                             GDestroyNotify data_destroy)
{
  g_return_val_if_fail (func != NULL, NULL);

  return pool_task_factory_start_new_full (func, data, data_destroy, NULL,
                                           POOL_TASK_CREATION_NONE,
                                           pool_scheduler_get_current ());
}

/**
 * pool_task_factory_start_new_full:
 * @token: (nullable): the launch token: cancelled before the task starts, the
 *   task ends Canceled without running; observed by the delegate with
 *   pool_cancellation_token_throw_if_cancellation_requested(), it ends
 *   Canceled too
 * @scheduler: where the task runs; required, as in .NET
 *
 * The C twin of `Task.Factory.StartNew(Func<TResult>, CancellationToken,
 * TaskCreationOptions, TaskScheduler)`.
 *
 * Returns: (transfer full): the started task
 */
PoolTask *
pool_task_factory_start_new_full (PoolTaskFunc             func,
                                  gpointer                 data,
                                  GDestroyNotify           data_destroy,
                                  PoolCancellationToken   *token,
                                  PoolTaskCreationOptions  options,
                                  PoolScheduler           *scheduler)
{
  PoolTask *task;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (scheduler != NULL, NULL);

  task = _pool_task_new (POOL_TASK_KIND_DELEGATE, func, data, data_destroy, token, options);
  _pool_task_schedule (task, scheduler);
  return task;
}
