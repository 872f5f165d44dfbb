/* pool-task-factory.h — starting tasks: Task.Run and Task.Factory.StartNew.
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

PoolTask *pool_task_run                    (PoolTaskFunc             func,
                                            gpointer                 data,
                                            GDestroyNotify           data_destroy);
PoolTask *pool_task_run_with_token         (PoolTaskFunc             func,
                                            gpointer                 data,
                                            GDestroyNotify           data_destroy,
                                            PoolCancellationToken   *token);
PoolTask *pool_task_factory_start_new      (PoolTaskFunc             func,
                                            gpointer                 data,
                                            GDestroyNotify           data_destroy);
PoolTask *pool_task_factory_start_new_full (PoolTaskFunc             func,
                                            gpointer                 data,
                                            GDestroyNotify           data_destroy,
                                            PoolCancellationToken   *token,
                                            PoolTaskCreationOptions  options,
                                            PoolScheduler           *scheduler);

G_END_DECLS
