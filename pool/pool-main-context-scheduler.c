/* pool-main-context-scheduler.c — a scheduler that runs tasks on the thread
 * that iterates a GMainContext (for the default context: the UI thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queued items go into a locked queue; the first item of a batch attaches one
 * idle source to the context, and that source swaps the whole queue out under
 * the lock and runs the items with the lock released (as libdex does).
 * post_to_context() is the one place in libpool that hands work to the UI
 * thread.
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-lock-private.h"
#include "pool-main-context-scheduler.h"
#include "pool-scheduler-private.h"
#include "pool-task-private.h"
#include "pool-thread-pool-private.h"
#include "pool-trace-private.h"
#include "pool-task.h"
#include "pool-scheduler.h"

typedef struct
{
  PoolScheduler  parent;

  /* immutable after creation */
  GMainContext  *context;

  PoolMutex      lock;
  /* protected by @lock */
  GArray        *queue;         /* Posted */
  gboolean       idle_pending;  /* an idle source is attached and has not swapped yet */
} PoolMainContextScheduler;

static const PoolSchedulerClass main_context_scheduler_class;

/* An item and when it was posted (for the trace's queue wait) */
typedef struct
{
  PoolWorkItem item;
  gint64       queued_us;
} Posted;

static gboolean
drain_queue (gpointer data)
{
  PoolMainContextScheduler *self = data;
  GArray *batch;

  /* The scheduler may have been made on another thread and reached this
   * one through the idle source, inside GLib where ThreadSanitizer cannot
   * see: the reference the post took (an atomic) is what it can see. */
  (void) g_atomic_int_get (&self->parent.ref_count);
  _pool_mutex_lock (&self->lock);
  batch = self->queue;
  self->queue = g_array_new (FALSE, FALSE, sizeof (Posted));
  self->idle_pending = FALSE;
  _pool_mutex_unlock (&self->lock);

  for (guint i = 0; i < batch->len; i++)
    _pool_thread_pool_run_queued_item (g_array_index (batch, Posted, i).item,
                                       g_array_index (batch, Posted, i).queued_us);
  g_array_unref (batch);

  return G_SOURCE_REMOVE;
}

/* The hand-off to the context's thread: the g_idle_add of libpool. */
static void
post_to_context (PoolMainContextScheduler *self,
                 PoolWorkItem              item)
{
  /* read before the idle source's reference is taken: the context's thread
   * may run the item and drop the last other reference as soon as the
   * source is attached, and only that reference orders this read before
   * the scheduler's end where ThreadSanitizer can see it */
  GMainContext *context = self->context;
  Posted posted = { item, _pool_trace_is_enabled () ? g_get_monotonic_time () : 0 };
  gboolean attach;

  _pool_mutex_lock (&self->lock);
  g_array_append_val (self->queue, posted);
  attach = !self->idle_pending;
  self->idle_pending = TRUE;
  _pool_mutex_unlock (&self->lock);

  if (attach)
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_static_name (idle, "[pool] main-context scheduler");
      g_source_set_callback (idle, drain_queue,
                             pool_scheduler_ref (&self->parent),
                             (GDestroyNotify) pool_scheduler_unref);
      g_source_attach (idle, context);
      g_source_unref (idle);
    }
}

static void
main_context_scheduler_queue_task (PoolScheduler *scheduler,
                                   PoolTask      *task)
{
  post_to_context ((PoolMainContextScheduler *) scheduler,
                   (PoolWorkItem) { _pool_task_run_work_item, task });
}

static gboolean
main_context_scheduler_try_execute_task_inline (PoolScheduler *scheduler,
                                                PoolTask      *task,
                                                gboolean       task_was_previously_queued)
{
  PoolMainContextScheduler *self = (PoolMainContextScheduler *) scheduler;

  /* As SynchronizationContextTaskScheduler: inline only on the context's own
   * thread. A queued copy finds the task claimed and does nothing. */
  if (!g_main_context_is_owner (self->context))
    return FALSE;
  return _pool_task_execute (task, TRUE);
}

static int
main_context_scheduler_get_maximum_concurrency_level (PoolScheduler *scheduler)
{
  return 1;
}

static void
main_context_scheduler_finalize (PoolScheduler *scheduler)
{
  PoolMainContextScheduler *self = (PoolMainContextScheduler *) scheduler;

  /* Reached with items still queued only when the context was dropped
   * without running its idle source: those tasks never run. */
  for (guint i = 0; i < self->queue->len; i++)
    {
      PoolWorkItem *item = &g_array_index (self->queue, Posted, i).item;

      if (item->callback == _pool_task_run_work_item)
        pool_task_unref (item->state);
    }
  g_array_unref (self->queue);
  g_main_context_unref (self->context);
  _pool_mutex_clear (&self->lock);
  g_free (self);
}

static const PoolSchedulerClass main_context_scheduler_class = {
  .name = "MainContextTaskScheduler",
  .queue_task = main_context_scheduler_queue_task,
  .try_execute_task_inline = main_context_scheduler_try_execute_task_inline,
  .get_maximum_concurrency_level = main_context_scheduler_get_maximum_concurrency_level,
  .finalize = main_context_scheduler_finalize,
};

/**
 * pool_main_context_scheduler_post:
 * @scheduler: a main-context scheduler
 * @callback: runs once on the context's thread; an error it sets ends the
 *   process, as for any fire-and-forget work item
 *
 * The C twin of `SynchronizationContext.Post`: queue a plain callback (no
 * task) to the context's thread, through the same hand-off tasks use.
 */
void
pool_main_context_scheduler_post (PoolScheduler    *scheduler,
                                  PoolWaitCallback  callback,
                                  gpointer          state)
{
  g_return_if_fail (pool_scheduler_is_main_context (scheduler));
  g_return_if_fail (callback != NULL);

  post_to_context ((PoolMainContextScheduler *) scheduler, (PoolWorkItem) { callback, state });
}

/**
 * pool_main_context_scheduler_new:
 * @context: (nullable): the context whose thread runs the tasks, or %NULL
 *   for the default context (the UI thread of a GTK application)
 *
 * A scheduler for an explicit context (the SynchronizationContextTaskScheduler
 * that `TaskScheduler.FromCurrentSynchronizationContext()` makes): tasks
 * queued here run one at a time on the thread that iterates @context. With
 * %NULL it binds the UI thread's context from any thread; use
 * pool_scheduler_from_current_synchronization_context() to capture the
 * calling thread's.
 *
 * Returns: (transfer full): a new scheduler
 */
PoolScheduler *
pool_main_context_scheduler_new (GMainContext *context)
{
  PoolMainContextScheduler *self = g_new0 (PoolMainContextScheduler, 1);

  _pool_scheduler_init (&self->parent, &main_context_scheduler_class);
  self->context = g_main_context_ref (context != NULL ? context : g_main_context_default ());
  _pool_mutex_init (&self->lock);
  self->queue = g_array_new (FALSE, FALSE, sizeof (Posted));

  return &self->parent;
}

/**
 * pool_scheduler_from_current_synchronization_context:
 * @error: %POOL_TASK_ERROR_INVALID_OPERATION when this thread has no context
 *
 * The C twin of `TaskScheduler.FromCurrentSynchronizationContext()`: a
 * scheduler for the calling thread's context, which is its thread-default
 * #GMainContext if one was pushed, or the global default one while this
 * thread owns it (the UI thread). A thread with neither has no
 * SynchronizationContext, and .NET throws InvalidOperationException there;
 * pool_main_context_scheduler_new (%NULL) would instead bind the UI
 * thread's context from anywhere.
 *
 * Returns: (transfer full) (nullable): a new scheduler, or %NULL
 */
PoolScheduler *
pool_scheduler_from_current_synchronization_context (GError **error)
{
  GMainContext *context = g_main_context_get_thread_default ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (context == NULL && g_main_context_is_owner (g_main_context_default ()))
    context = g_main_context_default ();
  if (context == NULL)
    {
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                           "The current SynchronizationContext may not be used as a TaskScheduler: "
                           "this thread has no main context of its own.");
      return NULL;
    }
  return pool_main_context_scheduler_new (context);
}

/**
 * pool_scheduler_is_main_context:
 *
 * Returns: %TRUE if @scheduler runs its tasks on a #GMainContext
 */
gboolean
pool_scheduler_is_main_context (PoolScheduler *scheduler)
{
  g_return_val_if_fail (scheduler != NULL, FALSE);

  return scheduler->klass == &main_context_scheduler_class;
}

/**
 * pool_main_context_scheduler_get_context:
 *
 * Returns: (transfer none): the context @scheduler runs its tasks on
 */
GMainContext *
pool_main_context_scheduler_get_context (PoolScheduler *scheduler)
{
  g_return_val_if_fail (pool_scheduler_is_main_context (scheduler), NULL);

  return ((PoolMainContextScheduler *) scheduler)->context;
}
