/* pool-timer.c — a single timer thread with a due-time ordered queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries sit in an array kept sorted by due time (soonest last, so firing
 * pops from the end). The thread sleeps on a condition variable until the
 * soonest entry is due or a sooner one arrives. It runs no callback itself:
 * a due entry is queued to the thread pool, as .NET's TimerQueue fires its
 * timers on pool threads, so a continuation that runs synchronously after a
 * Delay runs on a pool thread, and a callback that blocks holds up one pool
 * thread rather than every other timer.
 */

#include "pool-lock-private.h"
#include "pool-timer-private.h"
#include "pool-thread-pool-private.h"

typedef struct
{
  guint64        id;
  gint64         due_us;
  PoolTimerFunc  func;
  gpointer       data;
  GDestroyNotify data_destroy;
} TimerEntry;

static struct
{
  PoolMutex  lock;
  PoolCond   changed;
  /* protected by @lock */
  GArray    *entries;   /* TimerEntry, sorted by due_us descending */
  guint64    last_id;
  gboolean   stopping;  /* at exit: the thread leaves, pending entries never fire */
  gboolean   stopped;
} timer = { PTHREAD_MUTEX_INITIALIZER, };

/* On a pool thread. Pairs with the copy timer_main() made. */
static void
fire_on_pool (gpointer   data,
              GError   **error)
{
  TimerEntry *entry = data;

  entry->func (entry->data);
  if (entry->data_destroy != NULL)
    entry->data_destroy (entry->data);
  g_free (entry);
}

static gpointer
timer_main (gpointer data)
{
  _pool_mutex_lock (&timer.lock);
  for (;;)
    {
      TimerEntry entry;

      if (timer.stopping)
        break;
      if (timer.entries->len == 0)
        {
          _pool_cond_wait (&timer.changed, &timer.lock);
          continue;
        }

      entry = g_array_index (timer.entries, TimerEntry, timer.entries->len - 1);
      if (entry.due_us > g_get_monotonic_time ())
        {
          _pool_cond_wait_until (&timer.changed, &timer.lock, entry.due_us);
          continue;
        }

      g_array_set_size (timer.entries, timer.entries->len - 1);
      _pool_mutex_unlock (&timer.lock);
      _pool_thread_pool_enqueue_labeled ((PoolWorkItem) { fire_on_pool,
                                                          g_memdup2 (&entry, sizeof entry) },
                                         FALSE, "timer");
      _pool_mutex_lock (&timer.lock);
    }
  timer.stopped = TRUE;
  _pool_cond_broadcast (&timer.changed);
  _pool_mutex_unlock (&timer.lock);
  return NULL;
}

static void
timer_start_once (void)
{
  _pool_cond_init (&timer.changed);
  _pool_mutex_lock (&timer.lock);
  timer.entries = g_array_new (FALSE, FALSE, sizeof (TimerEntry));
  _pool_mutex_unlock (&timer.lock);
  g_thread_unref (g_thread_new ("pool-timer", timer_main, NULL));
}

guint64
_pool_timer_schedule (gint64         due_us,
                      PoolTimerFunc  func,
                      gpointer       data,
                      GDestroyNotify data_destroy)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  TimerEntry entry = { 0, due_us, func, data, data_destroy };
  guint i;

  pthread_once (&once, timer_start_once);

  _pool_mutex_lock (&timer.lock);
  entry.id = ++timer.last_id;
  /* keep the soonest at the end */
  for (i = timer.entries->len; i > 0; i--)
    if (g_array_index (timer.entries, TimerEntry, i - 1).due_us >= due_us)
      break;
  g_array_insert_val (timer.entries, i, entry);
  _pool_cond_signal (&timer.changed);
  _pool_mutex_unlock (&timer.lock);

  return entry.id;
}

gboolean
_pool_timer_cancel (guint64 id)
{
  TimerEntry entry = { 0, };
  gboolean found = FALSE;

  _pool_mutex_lock (&timer.lock);
  for (guint i = 0; timer.entries != NULL && i < timer.entries->len; i++)
    {
      if (g_array_index (timer.entries, TimerEntry, i).id == id)
        {
          entry = g_array_index (timer.entries, TimerEntry, i);
          g_array_remove_index (timer.entries, i);
          found = TRUE;
          break;
        }
    }
  _pool_mutex_unlock (&timer.lock);

  if (found && entry.data_destroy != NULL)
    entry.data_destroy (entry.data);
  return found;
}

/* At exit (the thread pool's handler): the timer thread leaves its loop, so
 * that it is not between two calls when the process tears down. */
void
_pool_timer_shutdown (void)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  _pool_mutex_lock (&timer.lock);
  if (timer.entries != NULL)
    {
      timer.stopping = TRUE;
      _pool_cond_broadcast (&timer.changed);
      while (!timer.stopped && g_get_monotonic_time () < deadline)
        _pool_cond_wait_until (&timer.changed, &timer.lock, deadline);
    }
  _pool_mutex_unlock (&timer.lock);
}
