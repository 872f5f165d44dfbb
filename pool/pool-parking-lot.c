/* pool-parking-lot.c — see pool-parking-lot-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pool-parking-lot-private.h"

#define N_SLOTS 64

static PoolParkingSlot slots[N_SLOTS];

static void
init_slots (void)
{
  for (guint i = 0; i < N_SLOTS; i++)
    {
      _pool_mutex_init (&slots[i].lock);
      _pool_cond_init (&slots[i].cond);
    }
}

PoolParkingSlot *
_pool_parking_lot_get (gconstpointer key)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  guintptr hash = GPOINTER_TO_SIZE (key);

  pthread_once (&once, init_slots);
  hash ^= hash >> 17;
  hash *= 0x9E3779B97F4A7C15u;
  return &slots[(hash >> 40) % N_SLOTS];
}

void
_pool_parking_lot_wake_all (gconstpointer key)
{
  PoolParkingSlot *slot = _pool_parking_lot_get (key);

  _pool_mutex_lock (&slot->lock);
  _pool_cond_broadcast (&slot->cond);
  _pool_mutex_unlock (&slot->lock);
}
