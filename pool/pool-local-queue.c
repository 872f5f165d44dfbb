/* pool-local-queue.c — a worker's own queue of work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Work a worker queues goes here: the owner takes the newest item first
 * (LIFO, warm in its cache), other workers steal the oldest (FIFO). A mutex
 * per queue keeps it simple and correct; contention is low because thieves
 * come only when their own queue and the global one are empty.
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-work-queue-private.h"

void
_pool_local_queue_init (PoolLocalQueue *queue)
{
  _pool_mutex_init (&queue->lock);
  _pool_work_ring_init (&queue->ring);
}

void
_pool_local_queue_push (PoolLocalQueue *queue,
                        PoolWorkItem    item)
{
  _pool_mutex_lock (&queue->lock);
  _pool_work_ring_push_tail (&queue->ring, item);
  _pool_mutex_unlock (&queue->lock);
}

gboolean
_pool_local_queue_pop (PoolLocalQueue *queue,
                       PoolWorkItem   *item)
{
  gboolean found;

  _pool_mutex_lock (&queue->lock);
  found = _pool_work_ring_pop_tail (&queue->ring, item);
  _pool_mutex_unlock (&queue->lock);
  return found;
}

gboolean
_pool_local_queue_steal (PoolLocalQueue *queue,
                         PoolWorkItem   *item)
{
  gboolean found;

  _pool_mutex_lock (&queue->lock);
  found = _pool_work_ring_pop_head (&queue->ring, item);
  _pool_mutex_unlock (&queue->lock);
  return found;
}

gboolean
_pool_local_queue_remove (PoolLocalQueue     *queue,
                          const PoolWorkItem *item)
{
  gboolean found;

  _pool_mutex_lock (&queue->lock);
  found = _pool_work_ring_remove (&queue->ring, item);
  _pool_mutex_unlock (&queue->lock);
  return found;
}

gsize
_pool_local_queue_get_length (PoolLocalQueue *queue)
{
  gsize length;

  _pool_mutex_lock (&queue->lock);
  length = queue->ring.length;
  _pool_mutex_unlock (&queue->lock);
  return length;
}
