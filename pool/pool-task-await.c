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
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-task-await.h"
#include "pool-main-context-scheduler.h"
#include "pool-scheduler.h"
#include "pool-task-private.h"
#include "pool-task.h"

typedef struct
{
  PoolAwaitCallback callback;
  gpointer          data;
  GDestroyNotify    data_destroy;
  PoolScheduler    *context;      /* owned: the captured context's scheduler, or NULL */
  PoolTask         *task;         /* owned while posted */
  gboolean          as_task;      /* resumes as a task on a captured TaskScheduler */
  gboolean          posted;       /* then the posted callback frees it */
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

static void
resumption_release (gpointer data)
{
  Resumption *resumption = data;

  if (!resumption->posted)
    resumption_free (resumption);
}

/* Runs the code after the await with no task current. */
static void
run_callback (Resumption *resumption,
              PoolTask   *task)
{
  PoolTask *previous = _pool_task_swap_current (NULL);

  resumption->callback (task, resumption->data);
  _pool_task_swap_current (previous);
}

/* On the context's thread. Pairs with the post in resume(). */
static void
resume_posted (gpointer   data,
               GError   **error)
{
  Resumption *resumption = data;

  run_callback (resumption, resumption->task);
  resumption_free (resumption);
}

static gpointer
resume (PoolTask  *task,
        gpointer   data,
        GError   **error)
{
  Resumption *resumption = data;

  if (resumption->context != NULL &&
      !g_main_context_is_owner (pool_main_context_scheduler_get_context (resumption->context)))
    {
      resumption->task = pool_task_ref (task);
      resumption->posted = TRUE;
      pool_main_context_scheduler_post (resumption->context, resume_posted, resumption);
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
  g_autoptr(PoolScheduler) task_scheduler = NULL;
  Resumption *resumption;

  g_return_if_fail (task != NULL);
  g_return_if_fail (callback != NULL);

  resumption = g_new0 (Resumption, 1);
  resumption->callback = callback;
  resumption->data = data;
  resumption->data_destroy = data_destroy;
  if (continue_on_captured_context)
    {
      resumption->context = capture_context ();
      if (resumption->context == NULL)
        task_scheduler = capture_task_scheduler ();
      resumption->as_task = task_scheduler != NULL;
    }

  pool_task_unref (pool_task_continue_with_full (task, resume, resumption, resumption_release, NULL,
                                                 POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                                 task_scheduler != NULL ? task_scheduler
                                                                        : pool_scheduler_get_default ()));
}
