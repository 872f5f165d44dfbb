/* pool-thread-pool.c — the process-wide thread pool: queue, run, and the
 * worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One global FIFO queue (a ring of PoolWorkItem under @lock) served by a
 * fixed set of workers, one per core, started on first use. Workers are
 * never joined: like .NET's pool they live as long as the process.
 *
 * Lock order: @lock is a leaf; no callback runs while it is held.
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include <stdlib.h>

#include "pool-lock-private.h"
#include "pool-thread-pool-private.h"
#include "pool-task-private.h"
#include "pool-trace-private.h"
#include "pool-thread-pool.h"

static struct
{
  /* immutable after start */
  guint         n_workers;

  PoolMutex     lock;
  PoolCond      work_available;

  /* protected by @lock */
  PoolWorkItem *ring;
  gsize         head;
  gsize         length;
  gsize         capacity;
  guint         n_idle;
} thread_pool = { 0, PTHREAD_MUTEX_INITIALIZER, };

static gpointer worker_main (gpointer data);

static void
thread_pool_start_once (void)
{
  _pool_cond_init (&thread_pool.work_available);
  thread_pool.n_workers = MAX (1, g_get_num_processors ());
  thread_pool.capacity = 1024;
  thread_pool.ring = g_new (PoolWorkItem, thread_pool.capacity);

  for (guint i = 0; i < thread_pool.n_workers; i++)
    {
      char name[16];

      g_snprintf (name, sizeof name, "pool-worker-%u", i);
      g_thread_unref (g_thread_new (name, worker_main, GUINT_TO_POINTER (i)));
    }
}

/* pthread_once rather than g_once_init_enter: the sanitizers see it. */
static void
thread_pool_start (void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;

  pthread_once (&once, thread_pool_start_once);
}

static void
ring_grow_unlocked (void)
{
  gsize capacity = thread_pool.capacity * 2;
  PoolWorkItem *ring = g_new (PoolWorkItem, capacity);

  for (gsize i = 0; i < thread_pool.length; i++)
    ring[i] = thread_pool.ring[(thread_pool.head + i) % thread_pool.capacity];
  g_free (thread_pool.ring);
  thread_pool.ring = ring;
  thread_pool.head = 0;
  thread_pool.capacity = capacity;
}

void
_pool_thread_pool_enqueue (PoolWorkItem item,
                           gboolean     prefer_local)
{
  thread_pool_start ();

  _pool_mutex_lock (&thread_pool.lock);
  if (thread_pool.length == thread_pool.capacity)
    ring_grow_unlocked ();
  thread_pool.ring[(thread_pool.head + thread_pool.length) % thread_pool.capacity] = item;
  thread_pool.length++;
  if (thread_pool.n_idle > 0)
    _pool_cond_signal (&thread_pool.work_available);
  _pool_mutex_unlock (&thread_pool.lock);
}

static G_NORETURN void
thread_pool_fail (GError *error)
{
  /* The one deliberate abort: an error escaping a fire-and-forget callback
   * ends the process, as an unhandled exception on a pool thread does. */
  g_printerr ("Unhandled error in a thread-pool work item: %s (%s, %d)\n"
              "A work item queued with pool_thread_pool_queue_user_work_item() has no task "
              "to hold its error, so the process ends.\n",
              error->message, g_quark_to_string (error->domain), error->code);
  abort ();
}

void
_pool_thread_pool_run_item (PoolWorkItem item)
{
  GError *error = NULL;

  if (item.callback == _pool_task_run_work_item)
    {
      /* tasks record their own trace events */
      item.callback (item.state, &error);
    }
  else
    {
      gint64 start_us = g_get_monotonic_time ();

      item.callback (item.state, &error);
      _pool_trace_record_item (start_us, g_get_monotonic_time ());
    }

  if (error != NULL)
    thread_pool_fail (error);
}

static gpointer
worker_main (gpointer data)
{
  _pool_thread_set_role (POOL_THREAD_ROLE_WORKER, (int) GPOINTER_TO_UINT (data));

  for (;;)
    {
      PoolWorkItem item;

      _pool_mutex_lock (&thread_pool.lock);
      while (thread_pool.length == 0)
        {
          thread_pool.n_idle++;
          _pool_cond_wait (&thread_pool.work_available, &thread_pool.lock);
          thread_pool.n_idle--;
        }
      item = thread_pool.ring[thread_pool.head];
      thread_pool.head = (thread_pool.head + 1) % thread_pool.capacity;
      thread_pool.length--;
      _pool_mutex_unlock (&thread_pool.lock);

      _pool_thread_pool_run_item (item);
    }

  return NULL;
}

static gpointer
dedicated_main (gpointer data)
{
  PoolWorkItem *item = data;

  _pool_thread_set_role (POOL_THREAD_ROLE_DEDICATED, -1);
  _pool_thread_pool_run_item (*item);
  g_free (item);
  return NULL;
}

/* LongRunning: a thread of its own, outside the pool. */
void
_pool_thread_pool_start_dedicated (PoolWorkItem item)
{
  g_thread_unref (g_thread_new ("pool-dedicated", dedicated_main, g_memdup2 (&item, sizeof item)));
}

/**
 * pool_thread_pool_queue_user_work_item:
 * @callback: the work; an error it sets ends the process
 * @state: passed to @callback
 * @prefer_local: queue on the calling worker's local queue rather than the
 *   global one
 *
 * The C twin of `ThreadPool.QueueUserWorkItem(Action<TState>, TState,
 * bool preferLocal)`: fire and forget, no task.
 */
void
pool_thread_pool_queue_user_work_item (PoolWaitCallback callback,
                                       gpointer         state,
                                       gboolean         prefer_local)
{
  g_return_if_fail (callback != NULL);

  _pool_thread_pool_enqueue ((PoolWorkItem) { callback, state }, prefer_local);
}

/**
 * pool_thread_pool_is_thread_pool_thread:
 *
 * The C twin of `Thread.CurrentThread.IsThreadPoolThread`.
 */
gboolean
pool_thread_pool_is_thread_pool_thread (void)
{
  return pool_trace_get_thread_role () == POOL_THREAD_ROLE_WORKER;
}

/**
 * pool_thread_pool_get_thread_count:
 *
 * The C twin of `ThreadPool.ThreadCount`.
 */
guint
pool_thread_pool_get_thread_count (void)
{
  thread_pool_start ();
  return thread_pool.n_workers;
}
