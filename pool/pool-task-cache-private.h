/* pool-task-cache-private.h — a per-thread cache of task blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every cached block has this size: a task with a closure of up to 16 bytes. */
#define POOL_TASK_CACHE_BLOCK_SIZE 128
/* The most blocks the shared depot keeps; beyond, blocks go back to malloc
 * (or to their slab). */
#define POOL_TASK_CACHE_DEPOT_MAX  2048

gpointer _pool_task_cache_alloc            (gboolean *from_slab);
void     _pool_task_cache_free             (gpointer  block,
                                            gboolean  from_slab);
guint    _pool_task_cache_get_depot_count  (void);
guint    _pool_task_cache_get_slab_count   (void);
void     _pool_task_cache_count_created    (void);

G_END_DECLS
