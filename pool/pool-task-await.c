/* pool-task-await.c — `await task` and `await task.ConfigureAwait(false)`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What .NET's TaskAwaiter captures when it awaits: the current
 * SynchronizationContext, else TaskScheduler.Current when it is not the
 * default. The C twin of a SynchronizationContext is the thread-default
 * GMainContext of a thread that is running it (the UI thread inside a
 * callback). Without anything captured, or with ConfigureAwait(false), the
 * code after the await resumes inline on whichever thread completed the task.
 *
 * The code after an await is not a task. Resuming on a captured context is a
 * plain Post through the main-context scheduler's one hand-off (or inline
 * when the task completes on that very thread), with no task current: after
 * an await on the UI thread TaskScheduler.Current is Default again, so a
 * StartNew written there runs on the pool. Only a captured TaskScheduler
 * (not a context) resumes as a task on that scheduler, as .NET's
 * TaskSchedulerAwaitTaskContinuation does.
 */

#include "pool-task-await.h"
#include "pool-main-context-scheduler.h"
#include "pool-scheduler.h"
#include "pool-task-combinators.h"
#include "pool-task-factory.h"
#include "pool-task-private.h"
#include "pool-scheduler-private.h"
#include "pool-thread-pool-private.h"
#include "pool-task.h"

typedef struct
{
  PoolAwaitCallback callback;
  PoolAsyncVoidCallback async_void_callback;   /* instead of @callback */
  gpointer          data;
  GDestroyNotify    data_destroy;
  PoolScheduler    *context;      /* owned: the captured context's scheduler, or NULL */
  PoolTask         *task;         /* owned while posted */
  gboolean          as_task;      /* resumes as a task on a captured TaskScheduler */
  gint              ref_count;    /* atomic: the continuation's, and a posted resume's */
} Resumption;

static void
resumption_free (Resumption *resumption)
{
  if (resumption->data_destroy != NULL)
    resumption->data_destroy (resumption->data);
  g_clear_pointer (&resumption->context, pool_scheduler_unref);
  g_clear_pointer (&resumption->task, pool_task_unref);
  g_free (resumption);
}

/* The continuation drops its reference when its delegate is released, on
 * the thread that ran it: that may be before or after a posted resume has
 * run on the context's thread, so neither frees what the other may read. */
static void
resumption_unref (gpointer data)
{
  Resumption *resumption = data;

  if (g_atomic_int_dec_and_test (&resumption->ref_count))
    resumption_free (resumption);
}

/* Runs the code after the await with no task current. */
static void
run_callback (Resumption *resumption,
              PoolTask   *task)
{
  PoolTask *previous = _pool_task_swap_current (NULL);

  if (resumption->async_void_callback != NULL)
    {
      GError *error = NULL;

      resumption->async_void_callback (task, resumption->data, &error);
      if (error != NULL)
        _pool_thread_pool_fail (error, "an async void method",
                                "The code after an await in pool_task_await_async_void() has no "
                                "task to hold its error, so the process ends.");
    }
  else
    {
      resumption->callback (task, resumption->data);
    }
  _pool_task_swap_current (previous);
}

/* On the context's thread. Pairs with the post in resume(). */
static void
resume_posted (gpointer   data,
               GError   **error)
{
  Resumption *resumption = data;

  run_callback (resumption, resumption->task);
  /* the code after the await owns its data: it ends on the context's thread */
  if (resumption->data_destroy != NULL)
    resumption->data_destroy (resumption->data);
  resumption->data_destroy = NULL;
  resumption_unref (resumption);
}

static gpointer
resume (PoolTask  *task,
        gpointer   data,
        GError   **error)
{
  Resumption *resumption = data;

  /* await calls GetResult, which observes the task's error */
  _pool_task_mark_observed (task);
  if (resumption->context != NULL &&
      !g_main_context_is_owner (pool_main_context_scheduler_get_context (resumption->context)))
    {
      resumption->task = pool_task_ref (task);
      g_atomic_int_inc (&resumption->ref_count);
      _pool_main_context_scheduler_post_await (resumption->context, resume_posted, resumption, task);
      return NULL;
    }
  if (resumption->as_task)
    {
      resumption->callback (task, resumption->data);
      return NULL;
    }
  run_callback (resumption, task);
  return NULL;
}

/* The captured context, as a main-context scheduler, or NULL. */
static PoolScheduler *
capture_context (void)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  PoolScheduler *scheduler = NULL;

  if (g_main_context_is_owner (context))
    scheduler = pool_main_context_scheduler_new (context);
  g_main_context_unref (context);
  return scheduler;
}

/* A non-default TaskScheduler.Current, or NULL. */
static PoolScheduler *
capture_task_scheduler (void)
{
  PoolScheduler *current = pool_scheduler_get_current ();

  return current != pool_scheduler_get_default () ? pool_scheduler_ref (current) : NULL;
}

static Resumption *
resumption_new (PoolAwaitCallback      callback,
                PoolAsyncVoidCallback  async_void_callback,
                gpointer               data,
                GDestroyNotify         data_destroy)
{
  Resumption *resumption = g_new0 (Resumption, 1);

  resumption->callback = callback;
  resumption->async_void_callback = async_void_callback;
  resumption->data = data;
  resumption->data_destroy = data_destroy;
  resumption->ref_count = 1;
  return resumption;
}

static void
await_with (PoolTask   *task,
            gboolean    continue_on_captured_context,
            Resumption *resumption)
{
  g_autoptr(PoolScheduler) task_scheduler = NULL;

  if (continue_on_captured_context)
    {
      resumption->context = capture_context ();
      if (resumption->context == NULL)
        task_scheduler = capture_task_scheduler ();
      resumption->as_task = task_scheduler != NULL;
    }

  pool_task_unref (pool_task_continue_with_full (task, resume, resumption, resumption_unref, NULL,
                                                 POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                                 task_scheduler != NULL ? task_scheduler
                                                                        : pool_scheduler_get_default ()));
}

/**
 * pool_task_await:
 * @continue_on_captured_context: %FALSE for `ConfigureAwait(false)`
 * @callback: the code after the await, given the completed task
 *
 * Resumes @callback once @task completes: on the context captured now
 * (the UI thread, when called from it), or on the thread that completed
 * @task. Nothing blocks meanwhile. The callback does not run as a task
 * (pool_task_get_current_id() is 0 in it), except when a TaskScheduler
 * other than the default was captured.
 */
void
pool_task_await (PoolTask          *task,
                 gboolean           continue_on_captured_context,
                 PoolAwaitCallback  callback,
                 gpointer           data,
                 GDestroyNotify     data_destroy)
{
  g_return_if_fail (task != NULL);
  g_return_if_fail (callback != NULL);

  await_with (task, continue_on_captured_context,
              resumption_new (callback, NULL, data, data_destroy));
}

/**
 * pool_task_await_async_void:
 * @continue_on_captured_context: %FALSE for `ConfigureAwait(false)`
 * @callback: the rest of the `async void` method
 *
 * pool_task_await() for the code after an await in an `async void` method:
 * nobody can observe its outcome, so an error @callback sets escapes and
 * ends the process, as an exception escaping an `async void` method (or a
 * `QueueUserWorkItem` callback) does in .NET.
 */
void
pool_task_await_async_void (PoolTask              *task,
                            gboolean               continue_on_captured_context,
                            PoolAsyncVoidCallback  callback,
                            gpointer               data,
                            GDestroyNotify         data_destroy)
{
  g_return_if_fail (task != NULL);
  g_return_if_fail (callback != NULL);

  await_with (task, continue_on_captured_context,
              resumption_new (NULL, callback, data, data_destroy));
}

static void
resume_yielded (gpointer   data,
                GError   **error)
{
  Resumption *resumption = data;

  run_callback (resumption, resumption->task);
  resumption_unref (resumption);
}

static gpointer
resume_yielded_task (gpointer   data,
                     GError   **error)
{
  Resumption *resumption = data;

  resumption->callback (resumption->task, resumption->data);
  return NULL;
}

/**
 * pool_task_yield:
 * @callback: the code after `await Task.Yield()`, given a completed task
 *
 * The C twin of `await Task.Yield()`: @callback always runs later, never
 * inline: posted to the captured context (the UI thread, when called from
 * it), else queued as a task to a non-default TaskScheduler.Current, else
 * queued to the thread pool's global queue.
 */
void
pool_task_yield (PoolAwaitCallback callback,
                 gpointer          data,
                 GDestroyNotify    data_destroy)
{
  Resumption *resumption;
  PoolScheduler *task_scheduler;

  g_return_if_fail (callback != NULL);

  resumption = resumption_new (callback, NULL, data, data_destroy);
  resumption->task = pool_task_get_completed_task ();
  resumption->context = capture_context ();
  if (resumption->context != NULL)
    {
      pool_main_context_scheduler_post_with_label (resumption->context, resume_yielded, resumption,
                                                   "yield");
      return;
    }
  task_scheduler = capture_task_scheduler ();
  if (task_scheduler != NULL)
    {
      pool_task_unref (pool_task_factory_start_new_full (resume_yielded_task, resumption,
                                                         resumption_unref, NULL,
                                                         POOL_TASK_CREATION_NONE, task_scheduler));
      pool_scheduler_unref (task_scheduler);
      return;
    }
  /* ThreadPool.UnsafeQueueUserWorkItem (preferLocal: false) */
  _pool_thread_pool_enqueue_labeled ((PoolWorkItem) { resume_yielded, resumption }, FALSE, "yield");
}
