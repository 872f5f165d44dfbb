/* pool-task-properties.c — what a task says of itself: Task.Id, Status,
 * CreationOptions, IsCompleted, IsFaulted, IsCanceled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each reads the task as it is now, from any thread. The task's life
 * (creation, execution, completion) is in pool-task.c.
 */

#include "pool-task-private.h"
#include "pool-task.h"

static int last_task_id;

/**
 * pool_task_get_id:
 *
 * The C twin of `Task.Id`: a number unique to this task, never 0.
 */
guint
pool_task_get_id (PoolTask *task)
{
  guint id;

  g_return_val_if_fail (task != NULL, 0);

  /* Assigned on first request, so that tasks nobody asks about never touch
   * the shared counter (Task.Id does the same). */
  id = (guint) g_atomic_int_get (&task->id);
  if (id == 0)
    {
      guint fresh = (guint) g_atomic_int_add (&last_task_id, 1) + 1;

      if (!g_atomic_int_compare_and_exchange ((int *) &task->id, 0, (int) fresh))
        fresh = (guint) g_atomic_int_get (&task->id);
      id = fresh;
    }
  return id;
}

/**
 * pool_task_get_status:
 *
 * The C twin of `Task.Status`.
 */
PoolTaskStatus
pool_task_get_status (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, POOL_TASK_STATUS_CREATED);

  return (PoolTaskStatus) g_atomic_int_get (&task->status);
}

/**
 * pool_task_get_creation_options:
 *
 * The C twin of `Task.CreationOptions`.
 */
PoolTaskCreationOptions
pool_task_get_creation_options (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, POOL_TASK_CREATION_NONE);

  return _POOL_TASK_CREATION_OPTIONS (task);
}

static gboolean
status_is_final (int status)
{
  return status >= POOL_TASK_STATUS_RAN_TO_COMPLETION;
}

/**
 * pool_task_is_completed:
 *
 * The C twin of `Task.IsCompleted`: ran to completion, faulted or canceled.
 */
gboolean
pool_task_is_completed (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, FALSE);

  return status_is_final (g_atomic_int_get (&task->status));
}

/**
 * pool_task_is_faulted:
 *
 * The C twin of `Task.IsFaulted`.
 */
gboolean
pool_task_is_faulted (PoolTask *task)
{
  return pool_task_get_status (task) == POOL_TASK_STATUS_FAULTED;
}

/**
 * pool_task_is_canceled:
 *
 * The C twin of `Task.IsCanceled`.
 */
gboolean
pool_task_is_canceled (PoolTask *task)
{
  return pool_task_get_status (task) == POOL_TASK_STATUS_CANCELED;
}

const char *
pool_task_status_to_string (PoolTaskStatus status)
{
  switch (status)
    {
    case POOL_TASK_STATUS_CREATED: return "Created";
    case POOL_TASK_STATUS_WAITING_FOR_ACTIVATION: return "WaitingForActivation";
    case POOL_TASK_STATUS_WAITING_TO_RUN: return "WaitingToRun";
    case POOL_TASK_STATUS_RUNNING: return "Running";
    case POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE: return "WaitingForChildrenToComplete";
    case POOL_TASK_STATUS_RAN_TO_COMPLETION: return "RanToCompletion";
    case POOL_TASK_STATUS_CANCELED: return "Canceled";
    case POOL_TASK_STATUS_FAULTED: return "Faulted";
    default: return "Unknown";
    }
}

