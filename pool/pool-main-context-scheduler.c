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
  GArray        *queue;         /* PoolWorkItem */
  gboolean       idle_pending;  /* an idle source is attached and has not swapped yet */
} PoolMainContextScheduler;

static const PoolSchedulerClass main_context_scheduler_class;

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
  self->queue = g_array_new (FALSE, FALSE, sizeof (PoolWorkItem));
  self->idle_pending = FALSE;
  _pool_mutex_unlock (&self->lock);

  for (guint i = 0; i < batch->len; i++)
    {
      PoolWorkItem item = g_array_index (batch, PoolWorkItem, i);

      /* taken out of the queue now, as far as the trace is concerned: the
       * items after it wait for it on this thread */
      if (G_UNLIKELY (_pool_trace_is_enabled ()))
        _pool_trace_taken (item, POOL_TRACE_KIND_DEQUEUED, POOL_TRACE_QUEUE_MAIN_CONTEXT, -1);
      _pool_thread_pool_run_item (item);
    }
  g_array_unref (batch);

  return G_SOURCE_REMOVE;
}

/* The hand-off to the context's thread: the g_idle_add of libpool. @label
 * and @awaited name the item in the trace. */
static void
post_to_context (PoolMainContextScheduler *self,
                 PoolWorkItem              item,
                 const char               *label,
                 PoolTask                 *awaited)
{
  PoolScheduler *source_ref = NULL;
  GMainContext *context;

  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    item = _pool_trace_queued (item, POOL_TRACE_QUEUE_MAIN_CONTEXT, -1, label, awaited);

  /* Once the lock is released, the item may run and drop the last reference
   * to @self (the code after an await owns one) as soon as the idle source
   * below is attached: @self is not touched after the unlock, so that the
   * drain's taking of the lock orders every access before the free (GLib's
   * own locks, which also order them, are invisible to ThreadSanitizer). */
  _pool_mutex_lock (&self->lock);
  g_array_append_val (self->queue, item);
  if (!self->idle_pending)
    source_ref = pool_scheduler_ref (&self->parent);
  self->idle_pending = TRUE;
  context = self->context;
  _pool_mutex_unlock (&self->lock);

  if (source_ref != NULL)
    {
      GSource *idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_static_name (idle, "[pool] main-context scheduler");
      g_source_set_callback (idle, drain_queue, source_ref, (GDestroyNotify) pool_scheduler_unref);
      g_source_attach (idle, context);
      g_source_unref (idle);
    }
}

static void
main_context_scheduler_queue_task (PoolScheduler *scheduler,
                                   PoolTask      *task)
{
  post_to_context ((PoolMainContextScheduler *) scheduler,
                   (PoolWorkItem) { _pool_task_run_work_item, task }, NULL, NULL);
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
      PoolWorkItem item = _pool_trace_item_discard (g_array_index (self->queue, PoolWorkItem, i));

      if (item.callback == _pool_task_run_work_item)
        pool_task_unref (item.state);
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

  post_to_context ((PoolMainContextScheduler *) scheduler, (PoolWorkItem) { callback, state },
                   NULL, NULL);
}

/**
 * pool_main_context_scheduler_post_with_label:
 * @scheduler: a main-context scheduler
 * @callback: runs once on the context's thread, as for
 *   pool_main_context_scheduler_post()
 * @label: (nullable): a static string naming the item in the trace (its
 *   QUEUED, DEQUEUED and WORK_ITEM events), e.g. "show result"
 *
 * pool_main_context_scheduler_post(), with a name for the trace: the C twin
 * of `SynchronizationContext.Post` where the C# line it mirrors is known.
 */
void
pool_main_context_scheduler_post_with_label (PoolScheduler    *scheduler,
                                             PoolWaitCallback  callback,
                                             gpointer          state,
                                             const char       *label)
{
  g_return_if_fail (pool_scheduler_is_main_context (scheduler));
  g_return_if_fail (callback != NULL);

  post_to_context ((PoolMainContextScheduler *) scheduler, (PoolWorkItem) { callback, state },
                   label, NULL);
}

/* The code after an await on a captured context (pool-task-await.c): in the
 * trace, a LINK from @awaited to the posted item, labelled "await". */
void
_pool_main_context_scheduler_post_await (PoolScheduler    *scheduler,
                                         PoolWaitCallback  callback,
                                         gpointer          state,
                                         PoolTask         *awaited)
{
  post_to_context ((PoolMainContextScheduler *) scheduler, (PoolWorkItem) { callback, state },
                   "await", awaited);
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
  self->queue = g_array_new (FALSE, FALSE, sizeof (PoolWorkItem));

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
