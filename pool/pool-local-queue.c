/* pool-local-queue.c — a worker's own deque of work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Chase–Lev work-stealing deque, as given for C11 atomics in
 * N. M. Lê, A. Pop, A. Cohen, F. Zappa Nardelli, "Correct and Efficient
 * Work-Stealing for Weak Memory Models", PPoPP 2013. The owner pushes and
 * takes at the bottom (newest first, warm in its cache); other workers steal
 * at the top (oldest first). The one item both may want is decided by a CAS
 * on top. Where the paper uses standalone fences, this uses sequentially
 * consistent accesses to top and bottom instead (the same order on x86-64,
 * and visible to ThreadSanitizer, which ignores fences). Arrays replaced by
 * larger ones are kept until the process ends, since a thief may still be
 * reading one.
 */

#include "pool-work-queue-private.h"

#define INITIAL_SIZE 256

struct PoolDequeArray
{
  gssize       size;     /* a power of two */
  PoolWorkItem items[];
};

static struct PoolDequeArray *
array_new (gssize size)
{
  struct PoolDequeArray *array = g_malloc (sizeof *array + (gsize) size * sizeof (PoolWorkItem));

  array->size = size;
  return array;
}

void
_pool_local_queue_init (PoolLocalQueue *queue)
{
  queue->top = 0;
  queue->bottom = 0;
  queue->array = array_new (INITIAL_SIZE);
  queue->retired = NULL;
}

/* Cells are read and written with relaxed atomics: a delayed thief may read
 * a cell the owner is reusing, and then loses its CAS and drops what it
 * read (the paper's reason for atomic elements). */
/* For deques that end (tests); no thread may use it any more. */
void
_pool_local_queue_clear (PoolLocalQueue *queue)
{
  g_clear_pointer (&queue->array, g_free);
  g_slist_free_full (g_steal_pointer (&queue->retired), g_free);
}

static inline PoolWorkItem
array_get (struct PoolDequeArray *array,
           gssize                 i)
{
  PoolWorkItem *cell = &array->items[i & (array->size - 1)];
  PoolWorkItem item;

  item.callback = __atomic_load_n (&cell->callback, __ATOMIC_RELAXED);
  item.state = __atomic_load_n (&cell->state, __ATOMIC_RELAXED);
  return item;
}

static inline void
array_put (struct PoolDequeArray *array,
           gssize                 i,
           PoolWorkItem           item)
{
  PoolWorkItem *cell = &array->items[i & (array->size - 1)];

  __atomic_store_n (&cell->callback, item.callback, __ATOMIC_RELAXED);
  __atomic_store_n (&cell->state, item.state, __ATOMIC_RELAXED);
}

/* Owner only. */
void
_pool_local_queue_push (PoolLocalQueue *queue,
                        PoolWorkItem    item)
{
  gssize b = __atomic_load_n (&queue->bottom, __ATOMIC_RELAXED);
  gssize t = __atomic_load_n (&queue->top, __ATOMIC_ACQUIRE);
  struct PoolDequeArray *array = __atomic_load_n (&queue->array, __ATOMIC_RELAXED);

  if (b - t > array->size - 1)
    {
      struct PoolDequeArray *larger = array_new (array->size * 2);

      for (gssize i = t; i < b; i++)
        array_put (larger, i, array_get (array, i));
      queue->retired = g_slist_prepend (queue->retired, array);
      __atomic_store_n (&queue->array, larger, __ATOMIC_RELEASE);
      array = larger;
    }
  array_put (array, b, item);
  /* publishes the item; seq_cst so a worker about to park sees it */
  __atomic_store_n (&queue->bottom, b + 1, __ATOMIC_SEQ_CST);
}

/* Owner only: the newest item. */
gboolean
_pool_local_queue_pop (PoolLocalQueue *queue,
                       PoolWorkItem   *item)
{
  gssize b = __atomic_load_n (&queue->bottom, __ATOMIC_RELAXED) - 1;
  struct PoolDequeArray *array = __atomic_load_n (&queue->array, __ATOMIC_RELAXED);
  gssize t;
  gboolean found = TRUE;

  /* Empty for sure, without the fence below (a worker looks here before
   * every item it takes from the global queue): top only grows, so a stale
   * top is at most the real one, and only this thread moves bottom. */
  if (b < __atomic_load_n (&queue->top, __ATOMIC_RELAXED))
    return FALSE;

  __atomic_store_n (&queue->bottom, b, __ATOMIC_SEQ_CST);
  t = __atomic_load_n (&queue->top, __ATOMIC_SEQ_CST);

  if (t > b)
    {
      /* empty */
      __atomic_store_n (&queue->bottom, b + 1, __ATOMIC_RELAXED);
      return FALSE;
    }

  *item = array_get (array, b);
  if (t == b)
    {
      /* the last item: race the thieves for it */
      found = __atomic_compare_exchange_n (&queue->top, &t, t + 1, FALSE,
                                           __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
      __atomic_store_n (&queue->bottom, b + 1, __ATOMIC_RELAXED);
    }
  return found;
}

/* Any thread: the oldest item. */
gboolean
_pool_local_queue_steal (PoolLocalQueue *queue,
                         PoolWorkItem   *item)
{
  gssize t = __atomic_load_n (&queue->top, __ATOMIC_SEQ_CST);
  gssize b = __atomic_load_n (&queue->bottom, __ATOMIC_SEQ_CST);
  struct PoolDequeArray *array;
  PoolWorkItem candidate;

  if (t >= b)
    return FALSE;

  array = __atomic_load_n (&queue->array, __ATOMIC_ACQUIRE);
  candidate = array_get (array, t);
  if (!__atomic_compare_exchange_n (&queue->top, &t, t + 1, FALSE,
                                    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
    return FALSE;   /* lost the race; the caller looks elsewhere */

  *item = candidate;
  return TRUE;
}

/* Owner only: takes back @item if it is the newest one (.NET's
 * TryPopCustomWorkItem looks deeper; this deque can only give back its end). */
gboolean
_pool_local_queue_pop_if (PoolLocalQueue     *queue,
                          const PoolWorkItem *item)
{
  gssize b = __atomic_load_n (&queue->bottom, __ATOMIC_RELAXED);
  gssize t = __atomic_load_n (&queue->top, __ATOMIC_SEQ_CST);
  struct PoolDequeArray *array = __atomic_load_n (&queue->array, __ATOMIC_RELAXED);
  PoolWorkItem newest, taken;

  if (t >= b)
    return FALSE;
  newest = array_get (array, b - 1);
  if (newest.callback != item->callback || newest.state != item->state)
    return FALSE;

  /* only thieves can interfere, and only by taking it from the top */
  return _pool_local_queue_pop (queue, &taken);
}

/* Approximate while thieves run. */
gsize
_pool_local_queue_get_length (PoolLocalQueue *queue)
{
  gssize b = __atomic_load_n (&queue->bottom, __ATOMIC_SEQ_CST);
  gssize t = __atomic_load_n (&queue->top, __ATOMIC_SEQ_CST);

  return b > t ? (gsize) (b - t) : 0;
}
