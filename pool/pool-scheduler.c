/* pool-scheduler.c — PoolScheduler: the interface, Default and Current.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pool-lock-private.h"
#include "pool-scheduler-private.h"
#include "pool-task-private.h"
#include "pool-trace-private.h"
#include "pool-scheduler.h"
#include "pool-task.h"

G_DEFINE_BOXED_TYPE (PoolScheduler, pool_scheduler, pool_scheduler_ref, pool_scheduler_unref)

static int last_scheduler_id;

void
_pool_scheduler_init (PoolScheduler            *self,
                      const PoolSchedulerClass *klass)
{
  self->klass = klass;
  self->id = (guint) g_atomic_int_add (&last_scheduler_id, 1) + 1;
  self->ref_count = 1;
}

/* The default scheduler lives as long as the process: it is not counted, so
 * that every task does not touch one shared counter twice. */
PoolScheduler *
pool_scheduler_ref (PoolScheduler *scheduler)
{
  g_return_val_if_fail (scheduler != NULL, NULL);

  if (g_atomic_int_get (&scheduler->ref_count) >= 0)
    g_atomic_int_inc (&scheduler->ref_count);
  return scheduler;
}

void
pool_scheduler_unref (PoolScheduler *scheduler)
{
  g_return_if_fail (scheduler != NULL);

  if (g_atomic_int_get (&scheduler->ref_count) >= 0 && g_atomic_int_dec_and_test (&scheduler->ref_count))
    scheduler->klass->finalize (scheduler);
}

/**
 * pool_scheduler_get_default:
 *
 * The C twin of `TaskScheduler.Default`: the scheduler that queues tasks to
 * the process-wide thread pool.
 *
 * Returns: (transfer none): the default scheduler
 */
PoolScheduler *
pool_scheduler_get_default (void)
{
  return _pool_thread_pool_scheduler_get ();
}

/**
 * pool_scheduler_get_current:
 *
 * The C twin of `TaskScheduler.Current`: the scheduler of the task running on
 * this thread, unless that task was created with HideScheduler; otherwise the
 * default scheduler.
 *
 * Returns: (transfer none): the current scheduler
 */
PoolScheduler *
pool_scheduler_get_current (void)
{
  PoolTask *task = _pool_task_get_current ();

  if (task != NULL &&
      task->scheduler != NULL &&
      (_POOL_TASK_CREATION_OPTIONS (task) & POOL_TASK_CREATION_HIDE_SCHEDULER) == 0)
    return task->scheduler;

  return pool_scheduler_get_default ();
}

/**
 * pool_scheduler_get_id:
 *
 * The C twin of `TaskScheduler.Id`.
 */
guint
pool_scheduler_get_id (PoolScheduler *scheduler)
{
  g_return_val_if_fail (scheduler != NULL, 0);

  return scheduler->id;
}

/**
 * pool_scheduler_get_maximum_concurrency_level:
 *
 * The C twin of `TaskScheduler.MaximumConcurrencyLevel`.
 */
int
pool_scheduler_get_maximum_concurrency_level (PoolScheduler *scheduler)
{
  g_return_val_if_fail (scheduler != NULL, 0);

  return scheduler->klass->get_maximum_concurrency_level (scheduler);
}

void
_pool_scheduler_queue_task (PoolScheduler *self,
                            PoolTask      *task)
{
  /* for the trace: how long it waits before a thread takes it */
  if (_pool_trace_is_enabled ())
    task->queued_us = g_get_monotonic_time ();
  self->klass->queue_task (self, task);
}

gboolean
_pool_scheduler_try_execute_task_inline (PoolScheduler *self,
                                         PoolTask      *task,
                                         gboolean       task_was_previously_queued)
{
  return self->klass->try_execute_task_inline (self, task, task_was_previously_queued);
}

/* --- UnobservedTaskException --------------------------------------------- */

typedef struct
{
  gulong                          id;
  PoolUnobservedTaskExceptionFunc handler;
  gpointer                        user_data;
  GDestroyNotify                  user_data_destroy;
} UnobservedHandler;

static struct
{
  PoolMutex  lock;
  /* protected by @lock */
  GArray    *handlers;   /* UnobservedHandler */
  gulong     last_id;
} unobserved = { PTHREAD_MUTEX_INITIALIZER, };

/**
 * pool_scheduler_add_unobserved_task_exception_handler:
 * @handler: called with the task's aggregate error
 *
 * The C twin of `TaskScheduler.UnobservedTaskException +=`: @handler is
 * called, on the thread that drops the last reference, when a faulted task
 * whose error nobody observed is freed (observing is pool_task_wait(),
 * pool_task_get_result(), an await, the error getters, or a parent taking in
 * its attached child's error). The process lives on. The handlers run under
 * a lock: a handler must not add or remove handlers.
 *
 * Returns: an id for pool_scheduler_remove_unobserved_task_exception_handler()
 */
gulong
pool_scheduler_add_unobserved_task_exception_handler (PoolUnobservedTaskExceptionFunc handler,
                                                      gpointer                        user_data,
                                                      GDestroyNotify                  user_data_destroy)
{
  UnobservedHandler entry = { 0, handler, user_data, user_data_destroy };

  g_return_val_if_fail (handler != NULL, 0);

  _pool_mutex_lock (&unobserved.lock);
  if (unobserved.handlers == NULL)
    unobserved.handlers = g_array_new (FALSE, FALSE, sizeof (UnobservedHandler));
  entry.id = ++unobserved.last_id;
  g_array_append_val (unobserved.handlers, entry);
  _pool_mutex_unlock (&unobserved.lock);
  return entry.id;
}

/**
 * pool_scheduler_remove_unobserved_task_exception_handler:
 *
 * The C twin of `TaskScheduler.UnobservedTaskException -=`.
 */
void
pool_scheduler_remove_unobserved_task_exception_handler (gulong handler_id)
{
  UnobservedHandler removed = { 0, };

  _pool_mutex_lock (&unobserved.lock);
  for (guint i = 0; unobserved.handlers != NULL && i < unobserved.handlers->len; i++)
    if (g_array_index (unobserved.handlers, UnobservedHandler, i).id == handler_id)
      {
        removed = g_array_index (unobserved.handlers, UnobservedHandler, i);
        g_array_remove_index (unobserved.handlers, i);
        break;
      }
  _pool_mutex_unlock (&unobserved.lock);

  g_return_if_fail (removed.id != 0);
  if (removed.user_data_destroy != NULL)
    removed.user_data_destroy (removed.user_data);
}

void
_pool_scheduler_publish_unobserved_task_exception (const GError *exception)
{
  _pool_mutex_lock (&unobserved.lock);
  for (guint i = 0; unobserved.handlers != NULL && i < unobserved.handlers->len; i++)
    {
      UnobservedHandler *entry = &g_array_index (unobserved.handlers, UnobservedHandler, i);

      entry->handler (exception, entry->user_data);
    }
  _pool_mutex_unlock (&unobserved.lock);
}
