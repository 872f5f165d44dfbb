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

typedef struct _PoolTaskFactory PoolTaskFactory;

PoolTask *pool_task_run                    (PoolTaskFunc             func,
                                            gpointer                 data,
                                            GDestroyNotify           data_destroy);
PoolTask *pool_task_run_with_closure       (PoolTaskFunc             func,
                                            gconstpointer            closure,
                                            gsize                    closure_size);
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

PoolTaskFactory *pool_task_factory_new   (PoolCancellationToken       *token,
                                          PoolTaskCreationOptions      creation_options,
                                          PoolTaskContinuationOptions  continuation_options,
                                          PoolScheduler               *scheduler);
void             pool_task_factory_free  (PoolTaskFactory             *factory);
PoolTask        *pool_task_factory_start (PoolTaskFactory             *factory,
                                          PoolTaskFunc                 func,
                                          gpointer                     data,
                                          GDestroyNotify               data_destroy);
PoolTask        *pool_task_factory_continue_when_all (PoolTaskFactory *factory,
                                          PoolTask * const            *tasks,
                                          guint                        n_tasks,
                                          PoolContinuationFunc         func,
                                          gpointer                     data,
                                          GDestroyNotify               data_destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolTaskFactory, pool_task_factory_free)

G_END_DECLS
