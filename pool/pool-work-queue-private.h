/* pool-work-queue-private.h — the queues behind the thread pool: one global
 * queue shared by every thread, and one work-stealing deque per worker.
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

#define POOL_CACHE_LINE 64

/* The global FIFO: a lock-free bounded MPMC ring (Vyukov's), with a locked
 * overflow that takes over, keeping FIFO order, while the ring is full. */
typedef struct
{
  struct PoolGlobalCell *cells;
  gsize        ring_size;      /* a power of two */
  char         pad0[POOL_CACHE_LINE];
  gsize        enqueue_pos;    /* atomic */
  char         pad1[POOL_CACHE_LINE];
  gsize        dequeue_pos;    /* atomic */
  char         pad2[POOL_CACHE_LINE];
  int          overflowing;    /* atomic: the overflow holds items */
  PoolMutex    overflow_lock;
  PoolWorkRing overflow;       /* protected by @overflow_lock */
} PoolGlobalQueue;

void     _pool_global_queue_init       (PoolGlobalQueue *queue);
void     _pool_global_queue_init_sized (PoolGlobalQueue *queue,
                                        guint            ring_bits);
void     _pool_global_queue_clear      (PoolGlobalQueue *queue);
void     _pool_global_queue_push       (PoolGlobalQueue *queue,
                                        PoolWorkItem     item);
gboolean _pool_global_queue_pop        (PoolGlobalQueue *queue,
                                        PoolWorkItem    *item);
gsize    _pool_global_queue_get_length (PoolGlobalQueue *queue);

/* A worker's local deque (Chase–Lev): the owner pushes and pops at the
 * bottom (LIFO), thieves steal from the top (FIFO), all without locks. */
typedef struct
{
  gssize                 top;      /* atomic */
  char                   pad0[POOL_CACHE_LINE];
  gssize                 bottom;   /* atomic */
  struct PoolDequeArray *array;    /* atomic */
  GSList                *retired;  /* owner only: arrays replaced by larger ones */
  char                   pad1[POOL_CACHE_LINE];
} PoolLocalQueue;

void     _pool_local_queue_init       (PoolLocalQueue     *queue);
void     _pool_local_queue_clear      (PoolLocalQueue     *queue);
void     _pool_local_queue_push       (PoolLocalQueue     *queue,
                                       PoolWorkItem        item);
gboolean _pool_local_queue_pop        (PoolLocalQueue     *queue,
                                       PoolWorkItem       *item);
gboolean _pool_local_queue_steal      (PoolLocalQueue     *queue,
                                       PoolWorkItem       *item);
gboolean _pool_local_queue_pop_if     (PoolLocalQueue     *queue,
                                       const PoolWorkItem *item);
gsize    _pool_local_queue_get_length (PoolLocalQueue     *queue);

G_END_DECLS
