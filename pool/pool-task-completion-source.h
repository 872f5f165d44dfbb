/* pool-task-completion-source.h — TaskCompletionSource<TResult>: a task
 * completed by code rather than by a delegate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

typedef struct _PoolTaskCompletionSource PoolTaskCompletionSource;

PoolTaskCompletionSource *pool_task_completion_source_new              (PoolTaskCreationOptions   options);
void                      pool_task_completion_source_free             (PoolTaskCompletionSource *source);
PoolTask                 *pool_task_completion_source_get_task         (PoolTaskCompletionSource *source);
gboolean                  pool_task_completion_source_try_set_result   (PoolTaskCompletionSource *source,
                                                                        gpointer                  result,
                                                                        GDestroyNotify            result_destroy);
gboolean                  pool_task_completion_source_try_set_error    (PoolTaskCompletionSource *source,
                                                                        GError                   *error);
gboolean                  pool_task_completion_source_try_set_canceled (PoolTaskCompletionSource *source);
gboolean                  pool_task_completion_source_set_result       (PoolTaskCompletionSource *source,
                                                                        gpointer                  result,
                                                                        GDestroyNotify            result_destroy,
                                                                        GError                  **error);
gboolean                  pool_task_completion_source_set_error        (PoolTaskCompletionSource *source,
                                                                        GError                   *task_error,
                                                                        GError                  **error);
gboolean                  pool_task_completion_source_set_canceled     (PoolTaskCompletionSource *source,
                                                                        GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolTaskCompletionSource, pool_task_completion_source_free)

G_END_DECLS
