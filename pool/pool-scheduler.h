/* pool-scheduler.h — PoolScheduler, the C twin of TaskScheduler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

#define POOL_TYPE_SCHEDULER (pool_scheduler_get_type ())

GType          pool_scheduler_get_type                      (void) G_GNUC_CONST;
PoolScheduler *pool_scheduler_ref                           (PoolScheduler *scheduler);
void           pool_scheduler_unref                         (PoolScheduler *scheduler);
PoolScheduler *pool_scheduler_get_default                   (void);
PoolScheduler *pool_scheduler_get_current                   (void);
guint          pool_scheduler_get_id                        (PoolScheduler *scheduler);
int            pool_scheduler_get_maximum_concurrency_level (PoolScheduler *scheduler);

/**
 * PoolUnobservedTaskExceptionFunc:
 * @exception: the task's aggregate error (pool_task_get_exception())
 * @user_data: the data given when the handler was added
 *
 * A handler of `TaskScheduler.UnobservedTaskException`.
 */
typedef void (*PoolUnobservedTaskExceptionFunc) (const GError *exception,
                                                 gpointer      user_data);

gulong         pool_scheduler_add_unobserved_task_exception_handler
                                                            (PoolUnobservedTaskExceptionFunc handler,
                                                             gpointer                        user_data,
                                                             GDestroyNotify                  user_data_destroy);
void           pool_scheduler_remove_unobserved_task_exception_handler
                                                            (gulong                          handler_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolScheduler, pool_scheduler_unref)

G_END_DECLS
