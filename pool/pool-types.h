/* pool-types.h — types and enumerations shared by the libpool headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _PoolTask      PoolTask;
typedef struct _PoolScheduler PoolScheduler;

/**
 * PoolTaskStatus:
 *
 * The lifecycle of a task; the values are those of .NET's `TaskStatus`.
 */
typedef enum
{
  POOL_TASK_STATUS_CREATED                         = 0,
  POOL_TASK_STATUS_WAITING_FOR_ACTIVATION          = 1,
  POOL_TASK_STATUS_WAITING_TO_RUN                  = 2,
  POOL_TASK_STATUS_RUNNING                         = 3,
  POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE = 4,
  POOL_TASK_STATUS_RAN_TO_COMPLETION               = 5,
  POOL_TASK_STATUS_CANCELED                        = 6,
  POOL_TASK_STATUS_FAULTED                         = 7,
} PoolTaskStatus;

/**
 * PoolTaskCreationOptions:
 *
 * Flags with the meanings and bit values of .NET's `TaskCreationOptions`.
 */
typedef enum /*< flags >*/
{
  POOL_TASK_CREATION_NONE                             = 0,
  POOL_TASK_CREATION_PREFER_FAIRNESS                  = 0x01,
  POOL_TASK_CREATION_LONG_RUNNING                     = 0x02,
  POOL_TASK_CREATION_ATTACHED_TO_PARENT               = 0x04,
  POOL_TASK_CREATION_DENY_CHILD_ATTACH                = 0x08,
  POOL_TASK_CREATION_HIDE_SCHEDULER                   = 0x10,
  POOL_TASK_CREATION_RUN_CONTINUATIONS_ASYNCHRONOUSLY = 0x40,
} PoolTaskCreationOptions;

/**
 * PoolTaskContinuationOptions:
 *
 * Flags with the meanings and bit values of .NET's `TaskContinuationOptions`;
 * the low byte is shared with #PoolTaskCreationOptions.
 */
typedef enum /*< flags >*/
{
  POOL_TASK_CONTINUATION_NONE                             = 0,
  POOL_TASK_CONTINUATION_PREFER_FAIRNESS                  = 0x01,
  POOL_TASK_CONTINUATION_LONG_RUNNING                     = 0x02,
  POOL_TASK_CONTINUATION_ATTACHED_TO_PARENT               = 0x04,
  POOL_TASK_CONTINUATION_DENY_CHILD_ATTACH                = 0x08,
  POOL_TASK_CONTINUATION_HIDE_SCHEDULER                   = 0x10,
  POOL_TASK_CONTINUATION_LAZY_CANCELLATION                = 0x20,
  POOL_TASK_CONTINUATION_RUN_CONTINUATIONS_ASYNCHRONOUSLY = 0x40,
  POOL_TASK_CONTINUATION_NOT_ON_RAN_TO_COMPLETION         = 0x10000,
  POOL_TASK_CONTINUATION_NOT_ON_FAULTED                   = 0x20000,
  POOL_TASK_CONTINUATION_NOT_ON_CANCELED                  = 0x40000,
  POOL_TASK_CONTINUATION_ONLY_ON_RAN_TO_COMPLETION        = 0x60000,
  POOL_TASK_CONTINUATION_ONLY_ON_FAULTED                  = 0x50000,
  POOL_TASK_CONTINUATION_ONLY_ON_CANCELED                 = 0x30000,
  POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY            = 0x80000,
} PoolTaskContinuationOptions;

/**
 * PoolTaskFunc:
 * @data: the state passed when the task was created
 * @error: where the delegate reports a failure (the task then ends Faulted)
 *
 * A task's delegate, the C form of `Func<TResult>` (return %NULL for `Action`).
 *
 * Returns: the task's result
 */
typedef gpointer (*PoolTaskFunc) (gpointer   data,
                                  GError   **error);

/**
 * PoolContinuationFunc:
 * @antecedent: the completed task this continuation follows
 * @data: the state passed to pool_task_continue_with()
 * @error: where the continuation reports a failure
 *
 * A continuation's delegate, the C form of `Func<Task, TResult>`.
 *
 * Returns: the continuation task's result
 */
typedef gpointer (*PoolContinuationFunc) (PoolTask  *antecedent,
                                          gpointer   data,
                                          GError   **error);

/**
 * PoolWaitCallback:
 * @state: the state passed to pool_thread_pool_queue_user_work_item()
 * @error: an error set here "escapes" the callback and ends the process,
 *   as an unhandled exception in a `WaitCallback` does in .NET
 *
 * A fire-and-forget work item, the C form of `WaitCallback`.
 */
typedef void (*PoolWaitCallback) (gpointer   state,
                                  GError   **error);

#define POOL_TASK_ERROR (pool_task_error_quark ())

/**
 * PoolTaskError:
 * @POOL_TASK_ERROR_CANCELED: the task was canceled (`TaskCanceledException`)
 * @POOL_TASK_ERROR_INVALID_OPERATION: the call is not valid in the task's
 *   state (`InvalidOperationException`)
 * @POOL_TASK_ERROR_TIMED_OUT: a timed wait ended before the task completed
 *   (`Task.Wait(int)` returning false)
 */
typedef enum
{
  POOL_TASK_ERROR_CANCELED,
  POOL_TASK_ERROR_INVALID_OPERATION,
  POOL_TASK_ERROR_TIMED_OUT,
} PoolTaskError;

GQuark pool_task_error_quark (void);

G_END_DECLS
