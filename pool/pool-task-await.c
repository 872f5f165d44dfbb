/* pool-task-await.c — `await task` and `await task.ConfigureAwait(false)`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What .NET's TaskAwaiter captures when it awaits: the current
 * SynchronizationContext, else TaskScheduler.Current when it is not the
 * default. The C twin of a SynchronizationContext is the thread-default
 * GMainContext of a thread that is running it (the UI thread inside a
 * callback). The code after the await then resumes there, through the
 * main-context scheduler (its one hand-off to the context), or inline if the
 * task completes on that very thread. Without anything captured, or with
 * ConfigureAwait(false), it resumes inline on whichever thread completed the
 * task.
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-task-await.h"
#include "pool-main-context-scheduler.h"
#include "pool-scheduler.h"
#include "pool-task.h"

typedef struct
{
  PoolAwaitCallback callback;
  gpointer          data;
  GDestroyNotify    data_destroy;
} Resumption;

static void
resumption_free (gpointer data)
{
  Resumption *resumption = data;

  if (resumption->data_destroy != NULL)
    resumption->data_destroy (resumption->data);
  g_free (resumption);
}

static gpointer
resume (PoolTask  *task,
        gpointer   data,
        GError   **error)
{
  Resumption *resumption = data;

  resumption->callback (task, resumption->data);
  return NULL;
}

/* Where the code after the await resumes, or NULL for "wherever the task completes". */
static PoolScheduler *
capture_scheduler (void)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  PoolScheduler *current;

  if (g_main_context_is_owner (context))
    {
      PoolScheduler *scheduler = pool_main_context_scheduler_new (context);

      g_main_context_unref (context);
      return scheduler;
    }
  g_main_context_unref (context);

  current = pool_scheduler_get_current ();
  if (current != pool_scheduler_get_default ())
    return pool_scheduler_ref (current);
  return NULL;
}

/**
 * pool_task_await:
 * @continue_on_captured_context: %FALSE for `ConfigureAwait(false)`
 * @callback: the code after the await, given the completed task
 *
 * Resumes @callback once @task completes: on the context captured now
 * (the UI thread, when called from it), or on the thread that completed
 * @task. Nothing blocks meanwhile.
 */
void
pool_task_await (PoolTask          *task,
                 gboolean           continue_on_captured_context,
                 PoolAwaitCallback  callback,
                 gpointer           data,
                 GDestroyNotify     data_destroy)
{
  g_autoptr(PoolScheduler) captured = NULL;
  Resumption *resumption;

  g_return_if_fail (task != NULL);
  g_return_if_fail (callback != NULL);

  if (continue_on_captured_context)
    captured = capture_scheduler ();

  resumption = g_new0 (Resumption, 1);
  resumption->callback = callback;
  resumption->data = data;
  resumption->data_destroy = data_destroy;

  pool_task_unref (pool_task_continue_with_full (task, resume, resumption, resumption_free, NULL,
                                                 POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                                 captured != NULL ? captured
                                                                  : pool_scheduler_get_default ()));
}
