/* pool-task-factory.c — Task.Run and Task.Factory.StartNew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pool-scheduler-private.h"
#include "pool-task-private.h"
#include "pool-task-factory.h"
#include "pool-scheduler.h"
#include "pool-task.h"
#include "pool-task-combinators.h"

/* As _pool_task_schedule(), for a task this thread has just made (Task.Run,
 * StartNew): no other thread can see it until the scheduler publishes it
 * (with release semantics, as it must for the task's other fields), so the
 * status and the queue's reference are plain stores, not locked
 * instructions. With tracing on, the status change is recorded as usual. */
static void
schedule_new (PoolTask      *task,
              PoolScheduler *scheduler)
{
  g_assert (task->scheduler == NULL);

  task->scheduler = pool_scheduler_ref (scheduler);
  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    _pool_trace_status_set (task, POOL_TASK_STATUS_WAITING_TO_RUN);
  else
    __atomic_store_n (&task->status, POOL_TASK_STATUS_WAITING_TO_RUN, __ATOMIC_RELAXED);
  /* the caller's reference, and the queue's (released in
   * _pool_task_run_work_item) */
  __atomic_store_n (&task->ref_count, __atomic_load_n (&task->ref_count, __ATOMIC_RELAXED) + 1,
                    __ATOMIC_RELAXED);
  _pool_scheduler_queue_task (scheduler, task);
}

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
 * pool_task_run_with_closure:
 * @closure: the delegate's captured state, copied into the task
 * @closure_size: its size in bytes (keep it small: it is part of the task)
 *
 * Task.Run for a delegate whose state is captured by value, as a C# lambda
 * captures into its closure: the closure lives inside the task, so the
 * whole call costs one allocation. @func receives a pointer to the copy,
 * valid while the delegate runs.
 *
 * Returns: (transfer full): the started task
 */
PoolTask *
pool_task_run_with_closure (PoolTaskFunc  func,
                            gconstpointer closure,
                            gsize         closure_size)
{
  PoolTask *task;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (closure != NULL || closure_size == 0, NULL);
  g_return_val_if_fail (closure_size <= 1024, NULL);

  task = _pool_task_new_with_closure (func, closure, closure_size,
                                      POOL_TASK_CREATION_DENY_CHILD_ATTACH);
  schedule_new (task, pool_scheduler_get_default ());
  return task;
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
  schedule_new (task, scheduler);
  return task;
}

struct _PoolTaskFactory
{
  /* immutable after creation */
  PoolCancellationToken       *token;
  PoolTaskCreationOptions      creation_options;
  PoolTaskContinuationOptions  continuation_options;
  PoolScheduler               *scheduler;   /* NULL: Current at each call */
};

/**
 * pool_task_factory_new:
 * @token: (nullable): the default launch token of the tasks it starts
 * @scheduler: (nullable): where its tasks run; %NULL means
 *   TaskScheduler.Current at the time of each call
 *
 * The C twin of `new TaskFactory(CancellationToken, TaskCreationOptions,
 * TaskContinuationOptions, TaskScheduler)`.
 */
PoolTaskFactory *
pool_task_factory_new (PoolCancellationToken       *token,
                       PoolTaskCreationOptions      creation_options,
                       PoolTaskContinuationOptions  continuation_options,
                       PoolScheduler               *scheduler)
{
  PoolTaskFactory *factory = g_new0 (PoolTaskFactory, 1);

  factory->token = token != NULL ? pool_cancellation_token_ref (token) : NULL;
  factory->creation_options = creation_options;
  factory->continuation_options = continuation_options;
  factory->scheduler = scheduler != NULL ? pool_scheduler_ref (scheduler) : NULL;
  return factory;
}

void
pool_task_factory_free (PoolTaskFactory *factory)
{
  g_return_if_fail (factory != NULL);

  g_clear_pointer (&factory->token, pool_cancellation_token_unref);
  g_clear_pointer (&factory->scheduler, pool_scheduler_unref);
  g_free (factory);
}

static PoolScheduler *
factory_scheduler (PoolTaskFactory *factory)
{
  return factory->scheduler != NULL ? factory->scheduler : pool_scheduler_get_current ();
}

/**
 * pool_task_factory_start:
 *
 * The C twin of `factory.StartNew(Func<TResult>)`: the factory's token,
 * options and scheduler.
 *
 * Returns: (transfer full): the started task
 */
PoolTask *
pool_task_factory_start (PoolTaskFactory *factory,
                         PoolTaskFunc     func,
                         gpointer         data,
                         GDestroyNotify   data_destroy)
{
  g_return_val_if_fail (factory != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return pool_task_factory_start_new_full (func, data, data_destroy, factory->token,
                                           factory->creation_options,
                                           factory_scheduler (factory));
}

/**
 * pool_task_factory_continue_when_all:
 * @func: runs with the when-all task as its antecedent
 *
 * The C twin of `factory.ContinueWhenAll(Task[], Func<Task[], TResult>)`.
 *
 * Returns: (transfer full): the continuation
 */
PoolTask *
pool_task_factory_continue_when_all (PoolTaskFactory      *factory,
                                     PoolTask * const     *tasks,
                                     guint                 n_tasks,
                                     PoolContinuationFunc  func,
                                     gpointer              data,
                                     GDestroyNotify        data_destroy)
{
  g_autoptr(PoolTask) all = NULL;

  g_return_val_if_fail (factory != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  all = pool_task_when_all (tasks, n_tasks);
  return pool_task_continue_with_full (all, func, data, data_destroy, factory->token,
                                       factory->continuation_options, factory_scheduler (factory));
}
