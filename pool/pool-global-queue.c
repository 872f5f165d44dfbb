/* pool-global-queue.c — the thread pool's global FIFO.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ring is Dmitry Vyukov's bounded multi-producer multi-consumer queue
 * ("Bounded MPMC queue", 1024cores.net): each cell carries a sequence
 * number that says whether it is free for the producer at position p
 * (seq == p) or holds the item for the consumer at p (seq == p + 1), so
 * producers and consumers claim positions with one compare-and-swap each
 * and never lock. Cells store seq - index, so the zero-filled allocation
 * starts every cell free and pages are touched only as the ring fills.
 *
 * When the ring is full, items go to a locked overflow ring instead, and
 * keep going there until it has drained, so one producer's items still come
 * out in the order it queued them.
 */

#include "pool-work-queue-private.h"

#define DEFAULT_RING_BITS 20

struct PoolGlobalCell
{
  gsize        delta;   /* atomic: sequence number minus the cell's index */
  PoolWorkItem item;
};

void
_pool_global_queue_init (PoolGlobalQueue *queue)
{
  _pool_global_queue_init_sized (queue, DEFAULT_RING_BITS);
}

/* Tests use a small ring to reach the overflow. */
void
_pool_global_queue_init_sized (PoolGlobalQueue *queue,
                               guint            ring_bits)
{
  queue->ring_size = (gsize) 1 << ring_bits;
  queue->cells = g_new0 (struct PoolGlobalCell, queue->ring_size);
  queue->enqueue_pos = 0;
  queue->dequeue_pos = 0;
  queue->overflowing = 0;
  _pool_mutex_init (&queue->overflow_lock);
  _pool_work_ring_init (&queue->overflow);
}

/* For queues that end (tests); the pool's own lives as long as the process. */
void
_pool_global_queue_clear (PoolGlobalQueue *queue)
{
  g_clear_pointer (&queue->cells, g_free);
  _pool_work_ring_clear (&queue->overflow);
  _pool_mutex_clear (&queue->overflow_lock);
}

static inline gsize
cell_sequence (struct PoolGlobalCell *cell,
               gsize                  index)
{
  return __atomic_load_n (&cell->delta, __ATOMIC_ACQUIRE) + index;
}

static inline void
set_cell_sequence (struct PoolGlobalCell *cell,
                   gsize                  index,
                   gsize                  sequence)
{
  __atomic_store_n (&cell->delta, sequence - index, __ATOMIC_RELEASE);
}

static gboolean
ring_try_push (PoolGlobalQueue *queue,
               PoolWorkItem     item)
{
  gsize pos = __atomic_load_n (&queue->enqueue_pos, __ATOMIC_RELAXED);

  for (;;)
    {
      gsize index = pos & (queue->ring_size - 1);
      struct PoolGlobalCell *cell = &queue->cells[index];
      gssize dif = (gssize) (cell_sequence (cell, index) - pos);

      if (dif == 0)
        {
          /* seq_cst: a worker about to park reads the position after this */
          if (__atomic_compare_exchange_n (&queue->enqueue_pos, &pos, pos + 1, TRUE,
                                           __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            {
              cell->item = item;
              set_cell_sequence (cell, index, pos + 1);
              return TRUE;
            }
        }
      else if (dif < 0)
        return FALSE;   /* full */
      else
        pos = __atomic_load_n (&queue->enqueue_pos, __ATOMIC_RELAXED);
    }
}

static gboolean
ring_try_pop (PoolGlobalQueue *queue,
              PoolWorkItem    *item)
{
  gsize pos = __atomic_load_n (&queue->dequeue_pos, __ATOMIC_RELAXED);

  for (;;)
    {
      gsize index = pos & (queue->ring_size - 1);
      struct PoolGlobalCell *cell = &queue->cells[index];
      gssize dif = (gssize) (cell_sequence (cell, index) - (pos + 1));

      if (dif == 0)
        {
          if (__atomic_compare_exchange_n (&queue->dequeue_pos, &pos, pos + 1, TRUE,
                                           __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            {
              *item = cell->item;
              set_cell_sequence (cell, index, pos + queue->ring_size);
              return TRUE;
            }
        }
      else if (dif < 0)
        return FALSE;   /* empty (or the producer of this cell is mid-write) */
      else
        pos = __atomic_load_n (&queue->dequeue_pos, __ATOMIC_RELAXED);
    }
}

static gboolean
ring_is_empty (PoolGlobalQueue *queue)
{
  gsize dequeued = __atomic_load_n (&queue->dequeue_pos, __ATOMIC_SEQ_CST);
  gsize enqueued = __atomic_load_n (&queue->enqueue_pos, __ATOMIC_SEQ_CST);

  return enqueued == dequeued;
}

void
_pool_global_queue_push (PoolGlobalQueue *queue,
                         PoolWorkItem     item)
{
  if (!__atomic_load_n (&queue->overflowing, __ATOMIC_ACQUIRE) && ring_try_push (queue, item))
    return;

  _pool_mutex_lock (&queue->overflow_lock);
  _pool_work_ring_push_tail (&queue->overflow, item);
  __atomic_store_n (&queue->overflowing, 1, __ATOMIC_SEQ_CST);
  _pool_mutex_unlock (&queue->overflow_lock);
}

gboolean
_pool_global_queue_pop (PoolGlobalQueue *queue,
                        PoolWorkItem    *item)
{
  gboolean found;

  if (ring_try_pop (queue, item))
    return TRUE;
  if (!__atomic_load_n (&queue->overflowing, __ATOMIC_ACQUIRE))
    return FALSE;
  _pool_mutex_lock (&queue->overflow_lock);
  /* Only from an empty ring: an item still in it (or being written) may be
   * older than the overflow's head. Checked under the lock, because a
   * producer's next item can enter the overflow only through this lock, so
   * nothing younger than a ring item can be waiting here unseen. */
  if (!ring_is_empty (queue))
    {
      _pool_mutex_unlock (&queue->overflow_lock);
      return FALSE;
    }
  found = _pool_work_ring_pop_head (&queue->overflow, item);
  if (queue->overflow.length == 0)
    __atomic_store_n (&queue->overflowing, 0, __ATOMIC_SEQ_CST);
  _pool_mutex_unlock (&queue->overflow_lock);
  return found;
}

/* Approximate while producers and consumers run; exact when quiet. */
gsize
_pool_global_queue_get_length (PoolGlobalQueue *queue)
{
  gsize enqueued = __atomic_load_n (&queue->enqueue_pos, __ATOMIC_SEQ_CST);
  gsize dequeued = __atomic_load_n (&queue->dequeue_pos, __ATOMIC_SEQ_CST);
  gsize length = enqueued > dequeued ? enqueued - dequeued : 0;

  if (__atomic_load_n (&queue->overflowing, __ATOMIC_SEQ_CST))
    {
      _pool_mutex_lock (&queue->overflow_lock);
      length += queue->overflow.length;
      _pool_mutex_unlock (&queue->overflow_lock);
    }
  return length;
}
