/* pool-lock-private.h — the mutex and condition variable libpool uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These are plain pthread primitives rather than GMutex/GCond on purpose:
 * GLib implements GMutex with raw futexes inside an uninstrumented library,
 * so ThreadSanitizer cannot see the ordering it provides and would report
 * every hand-off between threads as a race. pthread calls are intercepted by
 * the sanitizers, which keeps the pool's TSan runs meaningful.
 */
#pragma once

#include <pthread.h>
#include <glib.h>

typedef pthread_mutex_t PoolMutex;
typedef pthread_cond_t  PoolCond;

static inline void
_pool_mutex_init (PoolMutex *mutex)
{
  pthread_mutex_init (mutex, NULL);
}

static inline void
_pool_mutex_clear (PoolMutex *mutex)
{
  pthread_mutex_destroy (mutex);
}

static inline void
_pool_mutex_lock (PoolMutex *mutex)
{
  pthread_mutex_lock (mutex);
}

static inline void
_pool_mutex_unlock (PoolMutex *mutex)
{
  pthread_mutex_unlock (mutex);
}

static inline void
_pool_cond_init (PoolCond *cond)
{
  pthread_condattr_t attr;

  /* Timed waits measure against the monotonic clock, like g_get_monotonic_time(). */
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (cond, &attr);
  pthread_condattr_destroy (&attr);
}

static inline void
_pool_cond_clear (PoolCond *cond)
{
  pthread_cond_destroy (cond);
}

static inline void
_pool_cond_wait (PoolCond  *cond,
                 PoolMutex *mutex)
{
  pthread_cond_wait (cond, mutex);
}

/* Returns FALSE once @end_time (g_get_monotonic_time() microseconds) has passed. */
static inline gboolean
_pool_cond_wait_until (PoolCond  *cond,
                       PoolMutex *mutex,
                       gint64     end_time)
{
  struct timespec ts;

  ts.tv_sec = end_time / G_USEC_PER_SEC;
  ts.tv_nsec = (end_time % G_USEC_PER_SEC) * 1000;
  return pthread_cond_timedwait (cond, mutex, &ts) == 0;
}

static inline void
_pool_cond_signal (PoolCond *cond)
{
  pthread_cond_signal (cond);
}

static inline void
_pool_cond_broadcast (PoolCond *cond)
{
  pthread_cond_broadcast (cond);
}
