/* pool-thread-pool-scheduler.c — TaskScheduler.Default: tasks go to the
 * thread pool, LongRunning tasks to a dedicated thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <pthread.h>

#include "pool-scheduler-private.h"
#include "pool-task-private.h"
#include "pool-thread-pool-private.h"
#include "pool-thread-pool.h"
#include "pool-task.h"

static void
thread_pool_scheduler_queue_task (PoolScheduler *self,
                                  PoolTask      *task)
{
  PoolWorkItem item = { _pool_task_run_work_item, task };

  if ((_POOL_TASK_CREATION_OPTIONS (task) & POOL_TASK_CREATION_LONG_RUNNING) != 0)
    _pool_thread_pool_start_dedicated (item);
  else
    _pool_thread_pool_enqueue (item,
                               (_POOL_TASK_CREATION_OPTIONS (task) & POOL_TASK_CREATION_PREFER_FAIRNESS) == 0);
}

static gboolean
thread_pool_scheduler_try_execute_task_inline (PoolScheduler *self,
                                               PoolTask      *task,
                                               gboolean       task_was_previously_queued)
{
  /* .NET inlines a queued task only if it can pop it back from this worker's
   * local queue; the global queue cannot give an item back. */
  if (task_was_previously_queued)
    {
      PoolWorkItem item = { _pool_task_run_work_item, task };

      if (!_pool_thread_pool_try_pop_local (item))
        return FALSE;
      /* the queue's reference is ours now */
      _pool_task_execute (task, TRUE);
      pool_task_unref (task);
      return TRUE;
    }
  return _pool_task_execute (task, TRUE);
}

static int
thread_pool_scheduler_get_maximum_concurrency_level (PoolScheduler *self)
{
  return G_MAXINT;
}

static void
thread_pool_scheduler_finalize (PoolScheduler *self)
{
  g_assert_not_reached ();
}

static const PoolSchedulerClass thread_pool_scheduler_class = {
  .name = "ThreadPoolTaskScheduler",
  .queue_task = thread_pool_scheduler_queue_task,
  .try_execute_task_inline = thread_pool_scheduler_try_execute_task_inline,
  .get_maximum_concurrency_level = thread_pool_scheduler_get_maximum_concurrency_level,
  .finalize = thread_pool_scheduler_finalize,
};

static PoolScheduler default_scheduler;

static void
thread_pool_scheduler_init_once (void)
{
  _pool_scheduler_init (&default_scheduler, &thread_pool_scheduler_class);
  default_scheduler.ref_count = -1;
}

PoolScheduler *
_pool_thread_pool_scheduler_get (void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;

  pthread_once (&once, thread_pool_scheduler_init_once);
  return &default_scheduler;
}
