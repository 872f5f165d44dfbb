/* pool-main-context-scheduler.h — a scheduler that runs tasks on a
 * GMainContext: the C twin of SynchronizationContextTaskScheduler, made by
 * TaskScheduler.FromCurrentSynchronizationContext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

PoolScheduler *pool_main_context_scheduler_new         (GMainContext  *context);
PoolScheduler *pool_scheduler_from_current_synchronization_context
                                                       (GError       **error);
GMainContext  *pool_main_context_scheduler_get_context (PoolScheduler *scheduler);
gboolean       pool_scheduler_is_main_context          (PoolScheduler *scheduler);
void           pool_main_context_scheduler_post        (PoolScheduler    *scheduler,
                                                        PoolWaitCallback  callback,
                                                        gpointer          state);
void           pool_main_context_scheduler_post_with_label
                                                       (PoolScheduler    *scheduler,
                                                        PoolWaitCallback  callback,
                                                        gpointer          state,
                                                        const char       *label);

G_END_DECLS
