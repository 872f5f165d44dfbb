/* pool-thread-pool.c — the process-wide thread pool: its workers, where
 * work is queued and the order in which workers take it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queues: one global FIFO, plus one local deque per worker. Work queued from
 * a worker goes to its local queue (tasks unless PreferFairness, work items
 * when preferLocal is asked); everything else goes to the global queue.
 *
 * Dequeue order on a worker (ThreadPoolWorkQueue.Dequeue in .NET):
 *   1. its own local queue, newest first (LIFO);
 *   2. the global queue, oldest first (FIFO);
 *   3. steal the oldest item of another worker's local queue.
 *
 * Parking: a worker that finds nothing spins briefly, then registers in
 * @n_idle (under @lock) and checks every queue once more before it sleeps;
 * a producer publishes its item, then reads @n_idle and wakes a sleeper if
 * there is one. Both sides use sequentially consistent operations, so one
 * of them always sees the other: no lost wake-up, and no lock or shared
 * counter on the path of a busy pool.
 *
 * One wake-up at a time (.NET's outstanding thread request): a producer
 * that finds a sleeper sets @wake_requested and signals; the producers that
 * follow, while it is set, neither lock nor signal (a burst would otherwise
 * take @lock once per item, against the very worker waking up). The woken
 * worker clears it before it looks at the queues again, so an item
 * published by a producer that saw it set is seen by that worker; and a
 * worker leaving the lot with work still visible wakes the next sleeper, so
 * a burst still spreads over every worker.
 *
 * The number of workers starts at the number of cores; the gate thread
 * (pool-thread-pool-sizing.c) injects more when work waits and nothing
 * completes, and workers above the minimum retire after a while idle.
 *
 * Exit: the first start registers an atexit handler. It stops workers
 * taking new items, wakes the parked ones, waits up to half a second for the
 * items still running (never for the thread calling exit() itself), and
 * stops the timer thread, so that no pool thread runs user code while the
 * process tears down what that code uses. In a forked child (which has no
 * workers) it does nothing.
 *
 * Lock order: a local queue's lock and @lock are never held together, and
 * no callback runs while either is held.
 */

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pool-lock-private.h"
#include "pool-thread-pool-private.h"
#include "pool-timer-private.h"
#include "pool-task-private.h"
#include "pool-trace-private.h"
#include "pool-work-queue-private.h"
#include "pool-thread-pool.h"

typedef struct
{
  PoolLocalQueue queue;

  /* immutable after start */
  guint          index;

  /* atomic */
  int            alive;      /* a thread runs this slot */
  guint64        completed;  /* written by its thread only */
} PoolWorker;

static struct
{
  /* immutable after start */
  guint        min_workers;

  pid_t        owner_pid;     /* the process that started the workers */

  PoolMutex       lock;         /* for parking, slot changes and exit only */
  PoolCond        work_available;
  PoolCond        worker_gone;  /* a worker stopped at exit */

  PoolGlobalQueue global;

  /* atomic */
  int             n_idle;       /* parked workers (changed under @lock) */
  int             wake_requested; /* a signal is on its way to a parked worker */
  int             n_workers;    /* live workers */
  int             n_slots;      /* slots ever used: workers[0 .. n_slots) */
  int             n_blocked;    /* workers inside pool_task_wait() */
  int             retire_after_ms;
  int             shutting_down; /* set once, at exit */
} thread_pool = { .lock = PTHREAD_MUTEX_INITIALIZER, };

#define SPIN_ROUNDS 20

static PoolWorker workers[POOL_THREAD_POOL_MAX_WORKERS];

/* owner thread only */
static __thread PoolWorker *current_worker;

static gpointer worker_main (gpointer data);

static void
start_worker (PoolWorker *worker)
{
  char name[16];

  g_snprintf (name, sizeof name, "pool-worker-%u", worker->index);
  g_atomic_int_set (&worker->alive, 1);
  g_atomic_int_inc (&thread_pool.n_workers);
  g_thread_unref (g_thread_new (name, worker_main, worker));
}

static void thread_pool_shutdown_at_exit (void);

static void
thread_pool_start_once (void)
{
  _pool_cond_init (&thread_pool.work_available);
  _pool_cond_init (&thread_pool.worker_gone);
  thread_pool.owner_pid = getpid ();
  atexit (thread_pool_shutdown_at_exit);
  _pool_global_queue_init (&thread_pool.global);
  thread_pool.min_workers = MIN (POOL_THREAD_POOL_MAX_WORKERS, MAX (1, g_get_num_processors ()));
  /* like DOTNET_ThreadPool_ForceMinWorkerThreads: benchmarks compare 1 and N workers */
  if (g_getenv ("POOL_FORCE_WORKER_THREADS") != NULL)
    {
      guint64 forced = g_ascii_strtoull (g_getenv ("POOL_FORCE_WORKER_THREADS"), NULL, 10);

      if (forced >= 1 && forced <= POOL_THREAD_POOL_MAX_WORKERS)
        thread_pool.min_workers = (guint) forced;
    }
  thread_pool.retire_after_ms = 5000;

  for (guint i = 0; i < POOL_THREAD_POOL_MAX_WORKERS; i++)
    {
      workers[i].index = i;
      _pool_local_queue_init (&workers[i].queue);
    }

  thread_pool.n_slots = (int) thread_pool.min_workers;
  for (guint i = 0; i < thread_pool.min_workers; i++)
    start_worker (&workers[i]);

  _pool_thread_pool_start_gate ();
}

/* pthread_once rather than g_once_init_enter: the sanitizers see it. */
static void
thread_pool_start (void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;

  pthread_once (&once, thread_pool_start_once);
}

/* Adds a worker in the first free slot; FALSE when the cap is reached. */
gboolean
_pool_thread_pool_inject_worker (void)
{
  gboolean injected = FALSE;

  _pool_mutex_lock (&thread_pool.lock);
  for (guint i = thread_pool.min_workers;
       !_pool_thread_pool_is_shutting_down () && i < POOL_THREAD_POOL_MAX_WORKERS; i++)
    {
      if (g_atomic_int_get (&workers[i].alive))
        continue;
      if ((int) i >= g_atomic_int_get (&thread_pool.n_slots))
        g_atomic_int_set (&thread_pool.n_slots, (int) i + 1);
      start_worker (&workers[i]);
      injected = TRUE;
      break;
    }
  _pool_mutex_unlock (&thread_pool.lock);
  return injected;
}

static void
wake_one_idle_worker (void)
{
  int expected = 0;

  /* seq_cst, after the item was published with a seq_cst operation */
  if (__atomic_load_n (&thread_pool.n_idle, __ATOMIC_SEQ_CST) == 0)
    return;
  /* a wake-up on its way: its worker looks at the queues after clearing
   * the flag, so it will see this item */
  if (__atomic_load_n (&thread_pool.wake_requested, __ATOMIC_SEQ_CST) != 0 ||
      !__atomic_compare_exchange_n (&thread_pool.wake_requested, &expected, 1, FALSE,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    return;
  _pool_mutex_lock (&thread_pool.lock);
  if (__atomic_load_n (&thread_pool.n_idle, __ATOMIC_SEQ_CST) > 0)
    _pool_cond_signal (&thread_pool.work_available);
  else
    {
      /* the sleepers left on their own: each looks at the queues again
       * before it parks, after registering in @n_idle */
      __atomic_store_n (&thread_pool.wake_requested, 0, __ATOMIC_SEQ_CST);
    }
  _pool_mutex_unlock (&thread_pool.lock);
}

static inline void
enqueue (PoolWorkItem  item,
         gboolean      prefer_local,
         const char   *label)
{
  gboolean local;

  thread_pool_start ();

  local = prefer_local && current_worker != NULL;
  /* recorded before the push: no thread can take it before it is queued */
  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    item = _pool_trace_queued (item, local ? POOL_TRACE_QUEUE_LOCAL : POOL_TRACE_QUEUE_GLOBAL,
                               local ? (int) current_worker->index : -1, label, NULL);

  if (local)
    _pool_local_queue_push (&current_worker->queue, item);
  else
    _pool_global_queue_push (&thread_pool.global, item);

  wake_one_idle_worker ();
}

void
_pool_thread_pool_enqueue (PoolWorkItem item,
                           gboolean     prefer_local)
{
  enqueue (item, prefer_local, NULL);
}

/* As _pool_thread_pool_enqueue(), naming the item in the trace ("timer"). */
void
_pool_thread_pool_enqueue_labeled (PoolWorkItem  item,
                                   gboolean      prefer_local,
                                   const char   *label)
{
  enqueue (item, prefer_local, label);
}

/* TryPopCustomWorkItem: takes @item back from this worker's local queue, so
 * a waiter can run it inline. The queue's reference passes to the caller. */
gboolean
_pool_thread_pool_try_pop_local (PoolWorkItem item)
{
  if (current_worker == NULL || !_pool_local_queue_pop_if (&current_worker->queue, &item))
    return FALSE;
  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    _pool_trace_taken (item, POOL_TRACE_KIND_DEQUEUED, POOL_TRACE_QUEUE_LOCAL,
                       (int) current_worker->index);
  return TRUE;
}

/* The dequeue order, as written at the top of this file. */
static gboolean
try_dequeue (PoolWorker   *self,
             PoolWorkItem *item)
{
  int n_slots;

  if (_pool_local_queue_pop (&self->queue, item))
    {
      if (G_UNLIKELY (_pool_trace_is_enabled ()))
        _pool_trace_taken (*item, POOL_TRACE_KIND_DEQUEUED, POOL_TRACE_QUEUE_LOCAL, (int) self->index);
      return TRUE;
    }

  if (_pool_global_queue_pop (&thread_pool.global, item))
    {
      if (G_UNLIKELY (_pool_trace_is_enabled ()))
        _pool_trace_taken (*item, POOL_TRACE_KIND_DEQUEUED, POOL_TRACE_QUEUE_GLOBAL, -1);
      return TRUE;
    }

  n_slots = g_atomic_int_get (&thread_pool.n_slots);
  for (int i = 1; i < n_slots; i++)
    {
      PoolWorker *victim = &workers[(self->index + (guint) i) % (guint) n_slots];

      if (_pool_local_queue_steal (&victim->queue, item))
        {
          if (G_UNLIKELY (_pool_trace_is_enabled ()))
            _pool_trace_taken (*item, POOL_TRACE_KIND_STOLEN, POOL_TRACE_QUEUE_LOCAL,
                               (int) victim->index);
          return TRUE;
        }
    }
  return FALSE;
}

/* The one deliberate abort: an error escaping a fire-and-forget callback
 * (a work item, an async void method) ends the process, as an unhandled
 * exception on a pool thread does. */
G_NORETURN void
_pool_thread_pool_fail (GError     *error,
                        const char *origin,
                        const char *explanation)
{
  g_printerr ("Unhandled error in %s: %s (%s, %d)\n%s\n",
              origin, error->message, g_quark_to_string (error->domain), error->code, explanation);
  abort ();
}

static G_NORETURN void
thread_pool_fail (GError *error)
{
  _pool_thread_pool_fail (error, "a thread-pool work item",
                          "A work item queued with pool_thread_pool_queue_user_work_item() has no "
                          "task to hold its error, so the process ends.");
}

void
_pool_thread_pool_run_item (PoolWorkItem item)
{
  GError *error = NULL;

  if (item.callback == _pool_task_run_work_item || item.callback == _pool_trace_item_run)
    {
      /* tasks and items queued while tracing record their own spans */
      item.callback (item.state, &error);
    }
  else if (_pool_trace_is_enabled ())
    {
      gint64 start_us = g_get_monotonic_time ();

      item.callback (item.state, &error);
      _pool_trace_record_item (start_us, g_get_monotonic_time ());
    }
  else
    {
      item.callback (item.state, &error);
    }

  if (error != NULL)
    thread_pool_fail (error);
}

static gboolean
work_is_visible (void)
{
  int n_slots = g_atomic_int_get (&thread_pool.n_slots);

  if (_pool_global_queue_get_length (&thread_pool.global) > 0)
    return TRUE;
  for (int i = 0; i < n_slots; i++)
    if (_pool_local_queue_get_length (&workers[i].queue) > 0)
      return TRUE;
  return FALSE;
}

/* Parks until work is visible. Returns FALSE when this (extra) worker has
 * been idle long enough to retire; its slot is then free. */
static gboolean
park (PoolWorker *self)
{
  gboolean extra = self->index >= thread_pool.min_workers;
  gint64 idle_since = g_get_monotonic_time ();
  gboolean keep = TRUE;

  _pool_mutex_lock (&thread_pool.lock);
  __atomic_fetch_add (&thread_pool.n_idle, 1, __ATOMIC_SEQ_CST);
  while (!work_is_visible () && !_pool_thread_pool_is_shutting_down ())
    {
      /* (re-read each time: tests shorten it while workers sleep) */
      gint64 retire_at = idle_since + _pool_thread_pool_get_retire_after_us ();

      gboolean signaled;

      if (!extra)
        {
          _pool_cond_wait (&thread_pool.work_available, &thread_pool.lock);
          /* before looking at the queues again (see the top of this file) */
          __atomic_store_n (&thread_pool.wake_requested, 0, __ATOMIC_SEQ_CST);
          continue;
        }
      signaled = _pool_cond_wait_until (&thread_pool.work_available, &thread_pool.lock,
                                        retire_at);
      __atomic_store_n (&thread_pool.wake_requested, 0, __ATOMIC_SEQ_CST);
      if (!signaled &&
          g_get_monotonic_time () >= retire_at &&
          !work_is_visible ())
        {
          g_atomic_int_set (&self->alive, 0);
          g_atomic_int_add (&thread_pool.n_workers, -1);
          keep = FALSE;
          break;
        }
    }
  __atomic_fetch_sub (&thread_pool.n_idle, 1, __ATOMIC_SEQ_CST);
  _pool_mutex_unlock (&thread_pool.lock);
  return keep;
}

/* Workers run at a lower priority than the thread that queued their work:
 * when the pool saturates every core, the UI thread still gets a core as
 * soon as it wakes (CFS weighs nice 0 three times nice 5), which keeps the
 * main loop's hand-offs and frames on time. Not lower: against other
 * programs at nice 0 (a screen recorder, a build), a worker at nice 10 got
 * a tenth of a core, and a 2 s blur on it took 17-32 s while the same blur
 * on the UI thread took 2 s, teaching that Task.Run is slow; at nice 5 it
 * took 6-10 s, as at nice 0 (8-9 s), on that machine (load 4-6, 2 cores). */
#define WORKER_NICENESS 5

/* And a longer time slice than the kernel's default (Linux 6.12 and later,
 * EEVDF: sched_attr.sched_runtime of a SCHED_OTHER thread is its slice;
 * older kernels ignore it). A running thread is left to run out its slice
 * unless the thread that wakes asks for a shorter one: with the default
 * slice on both, a woken UI thread waited for the next tick behind a
 * spinning worker, and 1-2 % of the hand-offs to it took 3.7 ms (4 ms
 * ticks) with every worker busy. With workers at 6 ms, a thread at the
 * default slice (the UI thread, any other program's) preempts them when
 * it wakes: hand-off p99 with every worker busy 0.03-0.07 ms (was 0.9-3.8
 * ms), measured by bench-pool on a 2-core machine. Workers run as long in
 * total (the weights decide that), in fewer, longer turns. */
#define WORKER_SLICE_NS (6 * 1000 * 1000)

/* struct sched_attr (linux/sched/types.h), which glibc 2.36 does not declare */
typedef struct
{
  guint32 size;
  guint32 sched_policy;
  guint64 sched_flags;
  gint32  sched_nice;
  guint32 sched_priority;
  guint64 sched_runtime;
  guint64 sched_deadline;
  guint64 sched_period;
} PoolSchedAttr;

static void
lower_priority (void)
{
#ifdef __linux__
#ifdef SYS_sched_setattr
  /* the nice value and the slice in one call; the thread's own (tid 0) */
  PoolSchedAttr attr = { sizeof attr, SCHED_OTHER, 0, WORKER_NICENESS, 0, WORKER_SLICE_NS, 0, 0 };

  if (syscall (SYS_sched_setattr, 0, &attr, 0) == 0)
    return;
  g_debug ("could not set the slice of a pool worker: %s", g_strerror (errno));
#endif
  /* per-thread on Linux: the nice value belongs to the task (thread) */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICENESS) != 0)
    g_debug ("could not lower the priority of a pool worker: %s", g_strerror (errno));
#endif
}

static gpointer
worker_main (gpointer data)
{
  PoolWorker *self = data;
  gboolean woken = FALSE;

  current_worker = self;
  _pool_thread_set_role (POOL_THREAD_ROLE_WORKER, (int) self->index);
  lower_priority ();

  while (!_pool_thread_pool_is_shutting_down ())
    {
      PoolWorkItem item;

      gboolean found = try_dequeue (self, &item);

      /* spin a little before sleeping: waking a thread costs far more than
       * finding the next item a few microseconds later */
      for (int spin = 0; !found && spin < SPIN_ROUNDS; spin++)
        {
          g_thread_yield ();
          found = try_dequeue (self, &item);
        }

      if (found)
        {
          /* the first item after a wake-up: pass the wake-up on while more
           * work waits (see the top of this file) */
          if (G_UNLIKELY (woken) && work_is_visible ())
            wake_one_idle_worker ();
          woken = FALSE;
          _pool_thread_pool_run_item (item);
          __atomic_store_n (&self->completed, self->completed + 1, __ATOMIC_RELAXED);
          continue;
        }

      if (!park (self))
        return NULL;
      woken = TRUE;
    }

  /* at exit: take nothing more; the exit handler waits for this */
  _pool_mutex_lock (&thread_pool.lock);
  g_atomic_int_set (&self->alive, 0);
  g_atomic_int_add (&thread_pool.n_workers, -1);
  _pool_cond_broadcast (&thread_pool.worker_gone);
  _pool_mutex_unlock (&thread_pool.lock);
  return NULL;
}

gboolean
_pool_thread_pool_is_shutting_down (void)
{
  return __atomic_load_n (&thread_pool.shutting_down, __ATOMIC_ACQUIRE) != 0;
}

/* Half a second: long enough for the short items a pool runs, short enough
 * that a program quitting while an item that ignores cancellation runs (the
 * frozen blur of tasklab's quit test) still ends within a second. */
#define EXIT_GRACE_US (G_USEC_PER_SEC / 2)

/* The atexit handler (see the top of this file). */
static void
thread_pool_shutdown_at_exit (void)
{
  /* a worker calling exit() is one of them, and will not stop */
  int remaining = current_worker != NULL ? 1 : 0;
  gint64 deadline = g_get_monotonic_time () + EXIT_GRACE_US;

  if (getpid () != thread_pool.owner_pid)
    return;

  _pool_mutex_lock (&thread_pool.lock);
  __atomic_store_n (&thread_pool.shutting_down, 1, __ATOMIC_RELEASE);
  _pool_cond_broadcast (&thread_pool.work_available);
  while (g_atomic_int_get (&thread_pool.n_workers) > remaining &&
         g_get_monotonic_time () < deadline)
    _pool_cond_wait_until (&thread_pool.worker_gone, &thread_pool.lock, deadline);
  _pool_mutex_unlock (&thread_pool.lock);

  _pool_timer_shutdown ();
}

static gpointer
dedicated_main (gpointer data)
{
  PoolWorkItem *item = data;

  _pool_thread_set_role (POOL_THREAD_ROLE_DEDICATED, -1);
  if (_pool_trace_is_enabled ())
    _pool_trace_taken (*item, POOL_TRACE_KIND_DEQUEUED, POOL_TRACE_QUEUE_DEDICATED, -1);
  _pool_thread_pool_run_item (*item);
  g_free (item);
  return NULL;
}

/* LongRunning: a thread of its own, outside the pool. */
void
_pool_thread_pool_start_dedicated (PoolWorkItem item)
{
  if (_pool_trace_is_enabled ())
    item = _pool_trace_queued (item, POOL_TRACE_QUEUE_DEDICATED, -1, NULL, NULL);
  g_thread_unref (g_thread_new ("pool-dedicated", dedicated_main, g_memdup2 (&item, sizeof item)));
}

guint
_pool_thread_pool_get_idle_count (void)
{
  return (guint) g_atomic_int_get (&thread_pool.n_idle);
}

gint64
_pool_thread_pool_get_retire_after_us (void)
{
  return (gint64) g_atomic_int_get (&thread_pool.retire_after_ms) * 1000;
}

/* For tests: how long an injected worker stays idle before it retires. */
void
_pool_thread_pool_set_retire_after_ms (guint ms)
{
  thread_pool_start ();
  g_atomic_int_set (&thread_pool.retire_after_ms, (int) ms);
  _pool_mutex_lock (&thread_pool.lock);
  _pool_cond_broadcast (&thread_pool.work_available);
  _pool_mutex_unlock (&thread_pool.lock);
}

/**
 * pool_thread_pool_queue_user_work_item:
 * @callback: the work; an error it sets ends the process
 * @state: passed to @callback
 * @prefer_local: from a worker, queue on its local queue rather than the
 *   global one
 *
 * The C twin of `ThreadPool.QueueUserWorkItem(Action<TState>, TState,
 * bool preferLocal)`: fire and forget, no task, nothing allocated.
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
  return current_worker != NULL;
}

/**
 * pool_thread_pool_get_thread_count:
 *
 * The C twin of `ThreadPool.ThreadCount`: the workers alive now.
 */
guint
pool_thread_pool_get_thread_count (void)
{
  thread_pool_start ();
  return (guint) g_atomic_int_get (&thread_pool.n_workers);
}

/**
 * pool_thread_pool_get_busy_thread_count:
 *
 * Workers running (or blocked inside) a work item right now: a gauge for the
 * window, and what tells a thread held by blocking I/O from a free one.
 */
guint
pool_thread_pool_get_busy_thread_count (void)
{
  int busy;

  thread_pool_start ();
  busy = g_atomic_int_get (&thread_pool.n_workers) - g_atomic_int_get (&thread_pool.n_idle);
  return (guint) MAX (0, busy);
}

/* For per-thread counters: this worker's slot, or the shared last one. */
guint
_pool_thread_pool_get_counter_slot (void)
{
  return current_worker != NULL ? current_worker->index : POOL_THREAD_POOL_MAX_WORKERS;
}

/**
 * pool_thread_pool_get_global_queue_length:
 *
 * Items waiting in the global queue (approximate while the pool works).
 */
guint
pool_thread_pool_get_global_queue_length (void)
{
  thread_pool_start ();
  return (guint) MIN (_pool_global_queue_get_length (&thread_pool.global), G_MAXUINT);
}

/**
 * pool_thread_pool_get_local_queue_length:
 *
 * Items waiting in the workers' local queues, all together.
 */
guint
pool_thread_pool_get_local_queue_length (void)
{
  gsize pending = 0;
  int n_slots;

  thread_pool_start ();
  n_slots = g_atomic_int_get (&thread_pool.n_slots);
  for (int i = 0; i < n_slots; i++)
    pending += _pool_local_queue_get_length (&workers[i].queue);
  return (guint) MIN (pending, G_MAXUINT);
}

/**
 * pool_thread_pool_get_blocked_thread_count:
 *
 * Pool threads blocked right now in a wait for a task (pool_task_wait()):
 * the blocking the starvation scenario shows. Blocking elsewhere (sleeps,
 * blocking I/O) is not seen; those threads count as busy.
 */
guint
pool_thread_pool_get_blocked_thread_count (void)
{
  return (guint) MAX (0, g_atomic_int_get (&thread_pool.n_blocked));
}

void
_pool_thread_pool_notify_blocked (gboolean blocked)
{
  if (current_worker != NULL)
    g_atomic_int_add (&thread_pool.n_blocked, blocked ? 1 : -1);
}

/**
 * pool_thread_pool_get_pending_work_item_count:
 *
 * The C twin of `ThreadPool.PendingWorkItemCount`: queued, not yet started.
 */
guint
pool_thread_pool_get_pending_work_item_count (void)
{
  gsize pending;
  int n_slots;

  thread_pool_start ();
  pending = _pool_global_queue_get_length (&thread_pool.global);
  n_slots = g_atomic_int_get (&thread_pool.n_slots);
  for (int i = 0; i < n_slots; i++)
    pending += _pool_local_queue_get_length (&workers[i].queue);
  return (guint) MIN (pending, G_MAXUINT);
}

/**
 * pool_thread_pool_get_completed_work_item_count:
 *
 * The C twin of `ThreadPool.CompletedWorkItemCount`.
 */
guint
pool_thread_pool_get_completed_work_item_count (void)
{
  guint64 completed = 0;
  int n_slots;

  thread_pool_start ();
  n_slots = g_atomic_int_get (&thread_pool.n_slots);
  for (int i = 0; i < n_slots; i++)
    completed += __atomic_load_n (&workers[i].completed, __ATOMIC_RELAXED);
  return (guint) completed;
}

/**
 * pool_thread_pool_get_min_threads:
 *
 * The C twin of `ThreadPool.GetMinThreads`: the workers the pool keeps
 * (one per core); more are injected only when work starves.
 */
guint
pool_thread_pool_get_min_threads (void)
{
  thread_pool_start ();
  return thread_pool.min_workers;
}
