/* pool-thread-pool-private.h — work items and the calls into the thread pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pool-types.h"

G_BEGIN_DECLS

/* What a queue holds: passed by value, no allocation per item. */
typedef struct
{
  PoolWaitCallback callback;
  gpointer         state;
} PoolWorkItem;

/* The most threads the pool will run (cores at start, plus injected ones). */
#define POOL_THREAD_POOL_MAX_WORKERS 64

void     _pool_thread_pool_enqueue            (PoolWorkItem  item,
                                               gboolean      prefer_local);
void     _pool_thread_pool_enqueue_labeled    (PoolWorkItem  item,
                                               gboolean      prefer_local,
                                               const char   *label);
gboolean _pool_thread_pool_try_pop_local      (PoolWorkItem  item);
void     _pool_thread_pool_run_item           (PoolWorkItem  item);
void     _pool_thread_pool_start_dedicated    (PoolWorkItem  item);
G_NORETURN void _pool_thread_pool_fail        (GError       *error,
                                               const char   *origin,
                                               const char   *explanation);

/* for the sizing policy (pool-thread-pool-sizing.c) */
guint    _pool_thread_pool_get_idle_count     (void);
gboolean _pool_thread_pool_inject_worker      (void);
void     _pool_thread_pool_start_gate         (void);
gint64   _pool_thread_pool_get_retire_after_us (void);
void     _pool_thread_pool_set_retire_after_ms (guint ms);
guint    _pool_thread_pool_get_counter_slot   (void);
void     _pool_thread_pool_notify_blocked     (gboolean blocked);
gboolean _pool_thread_pool_is_shutting_down   (void);

G_END_DECLS
