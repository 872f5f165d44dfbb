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

void _pool_thread_pool_enqueue         (PoolWorkItem  item,
                                        gboolean      prefer_local);
void _pool_thread_pool_run_item        (PoolWorkItem  item);
void _pool_thread_pool_start_dedicated (PoolWorkItem  item);

G_END_DECLS
