/* pool-task.h — PoolTask, the C twin of System.Threading.Tasks.Task.
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

#define POOL_TYPE_TASK (pool_task_get_type ())

GType           pool_task_get_type          (void) G_GNUC_CONST;
PoolTask       *pool_task_ref               (PoolTask              *task);
void            pool_task_unref             (PoolTask              *task);
guint           pool_task_get_id            (PoolTask              *task);
PoolTaskStatus  pool_task_get_status        (PoolTask              *task);
PoolTaskCreationOptions
                pool_task_get_creation_options (PoolTask           *task);
gboolean        pool_task_is_completed      (PoolTask              *task);
gboolean        pool_task_is_faulted        (PoolTask              *task);
gboolean        pool_task_is_canceled       (PoolTask              *task);
gpointer        pool_task_get_result        (PoolTask              *task,
                                             GError               **error);
void            pool_task_set_result_destroy (PoolTask             *task,
                                             GDestroyNotify         result_destroy);
const GPtrArray *pool_task_get_errors       (PoolTask              *task);
const GError   *pool_task_get_exception     (PoolTask              *task);
GError         *pool_task_dup_wait_error    (PoolTask              *task);
GError         *pool_task_dup_await_error   (PoolTask              *task);
gpointer        pool_task_get_awaiter_result (PoolTask             *task,
                                             GError               **error);
gboolean        pool_task_wait              (PoolTask              *task,
                                             GError               **error);
gboolean        pool_task_wait_full         (PoolTask              *task,
                                             int                    timeout_ms,
                                             PoolCancellationToken *token,
                                             GError               **error);
PoolTask       *pool_task_new               (PoolTaskFunc           func,
                                             gpointer               data,
                                             GDestroyNotify         data_destroy,
                                             PoolCancellationToken *token,
                                             PoolTaskCreationOptions options);
gboolean        pool_task_start             (PoolTask              *task,
                                             PoolScheduler         *scheduler,
                                             GError               **error);
gboolean        pool_task_run_synchronously (PoolTask              *task,
                                             PoolScheduler         *scheduler,
                                             GError               **error);
PoolTask       *pool_task_continue_with     (PoolTask              *task,
                                             PoolContinuationFunc   func,
                                             gpointer               data,
                                             GDestroyNotify         data_destroy,
                                             PoolScheduler         *scheduler);
PoolTask       *pool_task_continue_with_options (PoolTask          *task,
                                             PoolContinuationFunc   func,
                                             gpointer               data,
                                             GDestroyNotify         data_destroy,
                                             PoolTaskContinuationOptions options);
PoolTask       *pool_task_continue_with_full (PoolTask             *task,
                                             PoolContinuationFunc   func,
                                             gpointer               data,
                                             GDestroyNotify         data_destroy,
                                             PoolCancellationToken *token,
                                             PoolTaskContinuationOptions options,
                                             PoolScheduler         *scheduler);
guint           pool_task_get_current_id    (void);
guint64         pool_task_get_created_count (void);
const char     *pool_task_status_to_string  (PoolTaskStatus         status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolTask, pool_task_unref)

G_END_DECLS
