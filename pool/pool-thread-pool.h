/* pool-thread-pool.h — the process-wide thread pool behind the default
 * scheduler: the C twin of System.Threading.ThreadPool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

void     pool_thread_pool_queue_user_work_item   (PoolWaitCallback callback,
                                                  gpointer         state,
                                                  gboolean         prefer_local);
gboolean pool_thread_pool_is_thread_pool_thread  (void);
guint    pool_thread_pool_get_thread_count       (void);
guint    pool_thread_pool_get_min_threads        (void);
guint    pool_thread_pool_get_busy_thread_count  (void);
guint    pool_thread_pool_get_blocked_thread_count (void);
guint    pool_thread_pool_get_global_queue_length  (void);
guint    pool_thread_pool_get_local_queue_length   (void);
guint    pool_thread_pool_get_pending_work_item_count   (void);
guint    pool_thread_pool_get_completed_work_item_count (void);

G_END_DECLS
