/* pool-task-completion-source.c — TaskCompletionSource<TResult>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The source owns a promise task; the first Set/TrySet completes it. Freeing
 * the source does not complete the task (as dropping a TCS in .NET leaves
 * its task pending forever).
 */

#include "pool-task-completion-source.h"
#include "pool-task-private.h"
#include "pool-task.h"

struct _PoolTaskCompletionSource
{
  PoolTask *task;   /* owned, immutable */
};

/**
 * pool_task_completion_source_new:
 * @options: creation options of the task (RunContinuationsAsynchronously is
 *   the one that matters: continuations then never run inside Set)
 *
 * The C twin of `new TaskCompletionSource<TResult>(TaskCreationOptions)`.
 */
PoolTaskCompletionSource *
pool_task_completion_source_new (PoolTaskCreationOptions options)
{
  PoolTaskCompletionSource *source = g_new0 (PoolTaskCompletionSource, 1);

  source->task = _pool_task_new (POOL_TASK_KIND_PROMISE, NULL, NULL, NULL, NULL, options);
  return source;
}

void
pool_task_completion_source_free (PoolTaskCompletionSource *source)
{
  g_return_if_fail (source != NULL);

  pool_task_unref (source->task);
  g_free (source);
}

/**
 * pool_task_completion_source_get_task:
 *
 * The C twin of `TaskCompletionSource<TResult>.Task`.
 *
 * Returns: (transfer none): the promise task
 */
PoolTask *
pool_task_completion_source_get_task (PoolTaskCompletionSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return source->task;
}

/**
 * pool_task_completion_source_try_set_result:
 * @result_destroy: (nullable): frees @result with the task (or now, if the
 *   task was already completed)
 *
 * The C twin of `TrySetResult`: completes the task RanToCompletion.
 *
 * Returns: %FALSE if the task was already completed
 */
gboolean
pool_task_completion_source_try_set_result (PoolTaskCompletionSource *source,
                                            gpointer                  result,
                                            GDestroyNotify            result_destroy)
{
  g_return_val_if_fail (source != NULL, FALSE);

  return _pool_task_try_complete (source->task, result, result_destroy, NULL, NULL, NULL, FALSE);
}

/**
 * pool_task_completion_source_try_set_error:
 * @error: (transfer full): the error
 *
 * The C twin of `TrySetException`: completes the task Faulted.
 */
gboolean
pool_task_completion_source_try_set_error (PoolTaskCompletionSource *source,
                                           GError                   *error)
{
  GPtrArray *errors;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_ptr_array_add (errors, error);
  return _pool_task_try_complete (source->task, NULL, NULL, NULL, NULL, errors, FALSE);
}

/**
 * pool_task_completion_source_try_set_canceled:
 *
 * The C twin of `TrySetCanceled`: completes the task Canceled.
 */
gboolean
pool_task_completion_source_try_set_canceled (PoolTaskCompletionSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);

  return _pool_task_try_complete (source->task, NULL, NULL, NULL, NULL, NULL, TRUE);
}

static gboolean
already_completed (GError **error)
{
  g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                       "An attempt was made to transition a task to a final state when it had "
                       "already completed.");
  return FALSE;
}

/**
 * pool_task_completion_source_set_result:
 *
 * The C twin of `SetResult`: as try-set, but a second completion is an
 * %POOL_TASK_ERROR_INVALID_OPERATION (.NET's InvalidOperationException).
 */
gboolean
pool_task_completion_source_set_result (PoolTaskCompletionSource  *source,
                                        gpointer                   result,
                                        GDestroyNotify             result_destroy,
                                        GError                   **error)
{
  return pool_task_completion_source_try_set_result (source, result, result_destroy) ||
         already_completed (error);
}

/* The C twin of `SetException`. */
gboolean
pool_task_completion_source_set_error (PoolTaskCompletionSource  *source,
                                       GError                    *task_error,
                                       GError                   **error)
{
  return pool_task_completion_source_try_set_error (source, task_error) ||
         already_completed (error);
}

/* The C twin of `SetCanceled`. */
gboolean
pool_task_completion_source_set_canceled (PoolTaskCompletionSource  *source,
                                          GError                   **error)
{
  return pool_task_completion_source_try_set_canceled (source) || already_completed (error);
}
