/* pool-parking-lot-private.h — where threads sleep while they wait for a
 * task, so that tasks need no mutex or condition variable of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fixed table of mutex + condition variable pairs; a task maps to one by
 * its address. A waiter locks its slot, announces itself in the task's
 * flags, and sleeps while the task is not complete; the completer publishes
 * the final status first, then wakes the slot only if a waiter announced
 * itself. Both sides use sequentially consistent atomics, so either the
 * waiter sees the final status or the completer sees the waiter.
 */
#pragma once

#include "pool-lock-private.h"

typedef struct
{
  PoolMutex lock;
  PoolCond  cond;
} PoolParkingSlot;

PoolParkingSlot *_pool_parking_lot_get (gconstpointer key);
void             _pool_parking_lot_wake_all (gconstpointer key);
