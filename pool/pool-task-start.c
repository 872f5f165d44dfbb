/* pool-task-start.c — a task made cold (new Task) and started later: Start
 * and RunSynchronously. pool-task.c keeps the task's life.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pool-task-private.h"
#include "pool-scheduler-private.h"
#include "pool-task.h"

/**
 * pool_task_new:
 * @token: (nullable): the launch token
 *
 * The C twin of `new Task<TResult>(Func<TResult>, CancellationToken,
 * TaskCreationOptions)`: a task in the Created status, started later with
 * pool_task_start() or pool_task_run_synchronously().
 *
 * Returns: (transfer full): the task
 */
PoolTask *
pool_task_new (PoolTaskFunc             func,
               gpointer                 data,
               GDestroyNotify           data_destroy,
               PoolCancellationToken   *token,
               PoolTaskCreationOptions  options)
{
  PoolTask *task;

  g_return_val_if_fail (func != NULL, NULL);

  /* unlike Run and StartNew, the constructor registers the token: cancelling
   * it while the task is Created cancels the task, and Start then fails */
  task = _pool_task_new (POOL_TASK_KIND_DELEGATE, func, data, data_destroy, token, options);
  _pool_task_register_launch_token (task);
  return task;
}

static gboolean
claim_for_start (PoolTask  *task,
                 GError   **error)
{
  const char *why = NULL;

  if (_POOL_TASK_KIND (task) == POOL_TASK_KIND_CONTINUATION)
    why = "Start may not be called on a continuation task.";
  else if (_POOL_TASK_KIND (task) == POOL_TASK_KIND_PROMISE)
    why = "Start may not be called on a promise-style task.";
  else if (!g_atomic_int_compare_and_exchange (&task->status, POOL_TASK_STATUS_CREATED,
                                               POOL_TASK_STATUS_WAITING_FOR_ACTIVATION))
    why = pool_task_get_status (task) == POOL_TASK_STATUS_CANCELED
          ? "Start may not be called on a task that has completed."
          : "Start may not be called on a task that was already started.";

  if (why != NULL)
    {
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION, why);
      return FALSE;
    }
  return TRUE;
}

/**
 * pool_task_start:
 * @scheduler: where the task runs
 *
 * The C twin of `Task.Start(TaskScheduler)`. Starting a task twice, or
 * starting a continuation or promise task, is an %POOL_TASK_ERROR_INVALID_OPERATION.
 */
gboolean
pool_task_start (PoolTask       *task,
                 PoolScheduler  *scheduler,
                 GError        **error)
{
  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (scheduler != NULL, FALSE);

  if (!claim_for_start (task, error))
    return FALSE;

  _pool_task_schedule (task, scheduler);
  return TRUE;
}

/**
 * pool_task_run_synchronously:
 * @scheduler: the scheduler asked to run the task inline
 *
 * The C twin of `Task.RunSynchronously(TaskScheduler)`: runs the task on this
 * thread if @scheduler allows inlining here, else queues it there and waits.
 */
gboolean
pool_task_run_synchronously (PoolTask       *task,
                             PoolScheduler  *scheduler,
                             GError        **error)
{
  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (scheduler != NULL, FALSE);

  if (!claim_for_start (task, error))
    return FALSE;

  _pool_task_schedule_full (task, scheduler, TRUE);
  pool_task_wait (task, NULL);
  return TRUE;
}
