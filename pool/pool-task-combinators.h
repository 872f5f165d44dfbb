/* pool-task-combinators.h — tasks made from other tasks or from nothing:
 * FromResult, Delay, WhenAll, WhenAny, Unwrap, Task.Run(Func<Task>).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"
#include "pool-cancellation-token.h"

G_BEGIN_DECLS

/**
 * PoolAsyncFunc:
 *
 * An async delegate, the C form of `Func<Task<TResult>>`: it starts some
 * work and returns the task that completes with it (transfer full).
 */
typedef PoolTask *(*PoolAsyncFunc) (gpointer   data,
                                    GError   **error);

PoolTask *pool_task_from_result        (gpointer                result,
                                        GDestroyNotify          result_destroy);
PoolTask *pool_task_from_error         (GError                 *error);
PoolTask *pool_task_from_canceled      (PoolCancellationToken  *token);
PoolTask *pool_task_get_completed_task (void);
PoolTask *pool_task_delay              (int                     delay_ms,
                                        PoolCancellationToken  *token);
PoolTask *pool_task_when_all           (PoolTask * const       *tasks,
                                        guint                   n_tasks);
PoolTask *pool_task_when_any           (PoolTask * const       *tasks,
                                        guint                   n_tasks);
PoolTask *pool_task_unwrap             (PoolTask               *task);
PoolTask *pool_task_run_async          (PoolAsyncFunc           func,
                                        gpointer                data,
                                        GDestroyNotify          data_destroy);

G_END_DECLS
