/* pool-work-queue-private.h — the two kinds of queue behind the thread pool:
 * one global FIFO, and one local deque per worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pool-lock-private.h"
#include "pool-thread-pool-private.h"

G_BEGIN_DECLS

/* A ring of work items; the caller provides the locking. */
typedef struct
{
  PoolWorkItem *items;
  gsize         head;       /* index of the oldest item */
  gsize         length;
  gsize         capacity;   /* a power of two */
} PoolWorkRing;

void     _pool_work_ring_init       (PoolWorkRing       *ring);
void     _pool_work_ring_clear      (PoolWorkRing       *ring);
void     _pool_work_ring_push_tail  (PoolWorkRing       *ring,
                                     PoolWorkItem        item);
gboolean _pool_work_ring_pop_head   (PoolWorkRing       *ring,
                                     PoolWorkItem       *item);
gboolean _pool_work_ring_pop_tail   (PoolWorkRing       *ring,
                                     PoolWorkItem       *item);
gboolean _pool_work_ring_remove     (PoolWorkRing       *ring,
                                     const PoolWorkItem *item);

/* A worker's local queue: the owner pushes and pops at the tail (LIFO),
 * thieves steal from the head (FIFO). Guarded by its own lock for now. */
typedef struct
{
  PoolMutex    lock;
  /* protected by @lock */
  PoolWorkRing ring;
} PoolLocalQueue;

void     _pool_local_queue_init      (PoolLocalQueue     *queue);
void     _pool_local_queue_push      (PoolLocalQueue     *queue,
                                      PoolWorkItem        item);
gboolean _pool_local_queue_pop       (PoolLocalQueue     *queue,
                                      PoolWorkItem       *item);
gboolean _pool_local_queue_steal     (PoolLocalQueue     *queue,
                                      PoolWorkItem       *item);
gboolean _pool_local_queue_remove    (PoolLocalQueue     *queue,
                                      const PoolWorkItem *item);
gsize    _pool_local_queue_get_length (PoolLocalQueue    *queue);

G_END_DECLS
