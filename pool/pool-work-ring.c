/* pool-work-ring.c — a growable ring of work items, no locking of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items are stored by value, so a queue that has grown to its working size
 * allocates nothing more.
 */

#include "pool-work-queue-private.h"

#define INITIAL_CAPACITY 64

void
_pool_work_ring_init (PoolWorkRing *ring)
{
  ring->capacity = INITIAL_CAPACITY;
  ring->items = g_new (PoolWorkItem, ring->capacity);
  ring->head = 0;
  ring->length = 0;
}

void
_pool_work_ring_clear (PoolWorkRing *ring)
{
  g_clear_pointer (&ring->items, g_free);
  ring->length = 0;
}

static inline gsize
slot (const PoolWorkRing *ring,
      gsize               i)
{
  return (ring->head + i) & (ring->capacity - 1);
}

static void
grow (PoolWorkRing *ring)
{
  PoolWorkItem *items = g_new (PoolWorkItem, ring->capacity * 2);

  for (gsize i = 0; i < ring->length; i++)
    items[i] = ring->items[slot (ring, i)];
  g_free (ring->items);
  ring->items = items;
  ring->head = 0;
  ring->capacity *= 2;
}

void
_pool_work_ring_push_tail (PoolWorkRing *ring,
                           PoolWorkItem  item)
{
  if (ring->length == ring->capacity)
    grow (ring);
  ring->items[slot (ring, ring->length)] = item;
  ring->length++;
}

gboolean
_pool_work_ring_pop_head (PoolWorkRing *ring,
                          PoolWorkItem *item)
{
  if (ring->length == 0)
    return FALSE;
  *item = ring->items[ring->head];
  ring->head = (ring->head + 1) & (ring->capacity - 1);
  ring->length--;
  return TRUE;
}

gboolean
_pool_work_ring_pop_tail (PoolWorkRing *ring,
                          PoolWorkItem *item)
{
  if (ring->length == 0)
    return FALSE;
  ring->length--;
  *item = ring->items[slot (ring, ring->length)];
  return TRUE;
}

/* Removes the newest item equal to @item, keeping the order of the others. */
gboolean
_pool_work_ring_remove (PoolWorkRing       *ring,
                        const PoolWorkItem *item)
{
  for (gsize i = ring->length; i > 0; i--)
    {
      PoolWorkItem *candidate = &ring->items[slot (ring, i - 1)];

      if (candidate->callback != item->callback || candidate->state != item->state)
        continue;
      for (gsize j = i - 1; j + 1 < ring->length; j++)
        ring->items[slot (ring, j)] = ring->items[slot (ring, j + 1)];
      ring->length--;
      return TRUE;
    }
  return FALSE;
}
