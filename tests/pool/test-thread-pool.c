/* test-thread-pool.c — ThreadPool: work items, queues, starvation, injection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <pool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "pool-test-util.h"
#include "pool-thread-pool-private.h"

typedef struct
{
  gint           done;
  PoolThreadRole role;
  guint          task_id;
  gboolean       is_pool_thread;
} Item;

static void
record_item (gpointer  state,
             GError  **error)
{
  Item *item = state;

  item->role = pool_trace_get_thread_role ();
  item->task_id = pool_task_get_current_id ();
  item->is_pool_thread = pool_thread_pool_is_thread_pool_thread ();
  g_atomic_int_set (&item->done, 1);
}

static void
wait_until_set (gint *flag)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (flag))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200);
    }
}

/* A queued work item runs on a pool worker, with no task around it. */
static void
test_queue_user_work_item_runs_on_worker (void)
{
  Item item = { 0, };

  pool_thread_pool_queue_user_work_item (record_item, &item, FALSE);
  wait_until_set (&item.done);
  g_assert_cmpint (item.role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_cmpuint (item.task_id, ==, 0);
  g_assert_true (item.is_pool_thread);
  g_assert_false (pool_thread_pool_is_thread_pool_thread ());
}

typedef struct
{
  gint arrived;
  gint met;
  gint n;
} Rendezvous;

static void
rendezvous_item (gpointer  state,
                 GError  **error)
{
  Rendezvous *r = state;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_atomic_int_inc (&r->arrived);
  while (g_atomic_int_get (&r->arrived) < r->n && g_get_monotonic_time () < deadline)
    g_usleep (100);
  if (g_atomic_int_get (&r->arrived) == r->n)
    g_atomic_int_inc (&r->met);
}

/* A burst queued while every worker sleeps runs on every worker at once:
 * the one wake-up in flight is passed on, not the other workers left asleep
 * until the pool injects threads for the work they would have taken. */
static void
test_burst_wakes_every_worker (void)
{
  Rendezvous r = { 0, 0, (gint) pool_thread_pool_get_min_threads () };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (r.n < 2 || pool_thread_pool_get_thread_count () != (guint) r.n)
    {
      g_test_skip ("needs two workers or more, none injected");
      return;
    }
  while (_pool_thread_pool_get_idle_count () < (guint) r.n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }

  for (gint i = 0; i < r.n; i++)
    pool_thread_pool_queue_user_work_item (rendezvous_item, &r, FALSE);
  while (g_atomic_int_get (&r.met) < r.n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline + 5 * G_USEC_PER_SEC);
      g_usleep (1000);
    }
  /* all met, each on a worker of its own, and no thread was injected for it */
  g_assert_cmpuint (pool_thread_pool_get_thread_count (), ==, (guint) r.n);
}

/* The pool starts one worker per core. */
static void
test_thread_count_is_core_count (void)
{
  g_assert_cmpuint (pool_thread_pool_get_min_threads (), ==, MAX (1, g_get_num_processors ()));
  g_assert_cmpuint (pool_thread_pool_get_thread_count (), >=, pool_thread_pool_get_min_threads ());
}

static void
escape_error (gpointer  state,
              GError  **error)
{
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no such image");
}

/* An error escaping a work item ends the process with a message naming it. */
static void
test_unhandled_error_ends_process (void)
{
  if (g_test_subprocess ())
    {
      pool_thread_pool_queue_user_work_item (escape_error, NULL, FALSE);
      g_usleep (30 * G_USEC_PER_SEC);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Unhandled error in a thread-pool work item: no such image*");
}

/* A NULL callback is a critical, not a crash. */
static void
test_null_callback_is_critical (void)
{
  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*callback != NULL*");
  pool_thread_pool_queue_user_work_item (NULL, NULL, FALSE);
  g_test_assert_expected_messages ();
}

/* Blocking work: each blocker holds its thread until released. */
typedef struct
{
  gint started;
  gint release;
} Gate;

static gpointer
block_on_gate (gpointer  data,
               GError  **error)
{
  Gate *gate = data;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_atomic_int_inc (&gate->started);
  while (!g_atomic_int_get (&gate->release) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  return NULL;
}

typedef struct
{
  gint   done;
  gint64 ran_at;
  gint   blockers_released;   /* copy of the gate's flag when it ran */
  Gate  *gate;
} ShortItem;

static void
short_item (gpointer  state,
            GError  **error)
{
  ShortItem *item = state;

  item->ran_at = g_get_monotonic_time ();
  item->blockers_released = g_atomic_int_get (&item->gate->release);
  g_atomic_int_set (&item->done, 1);
}

static PoolTask **
start_blockers (Gate                    *gate,
                guint                    n,
                PoolTaskCreationOptions  options)
{
  PoolTask **blockers = g_new0 (PoolTask *, n);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (guint i = 0; i < n; i++)
    blockers[i] = pool_task_factory_start_new_full (block_on_gate, gate, NULL, NULL, options,
                                                    pool_scheduler_get_default ());
  while ((guint) g_atomic_int_get (&gate->started) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  return blockers;
}

static void
release_blockers (Gate      *gate,
                  PoolTask **blockers,
                  guint      n)
{
  g_atomic_int_set (&gate->release, 1);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (pool_task_wait (blockers[i], NULL));
      pool_task_unref (blockers[i]);
    }
  g_free (blockers);
}

/* With every worker blocked, a short item waits until the pool injects a
 * thread (about half a second or more), then runs while the blockers still block. */
static void
test_starvation_injects_a_thread (void)
{
  guint n = pool_thread_pool_get_thread_count ();
  Gate gate = { 0, };
  ShortItem item = { 0, 0, 0, &gate };
  PoolTask **blockers = start_blockers (&gate, n, POOL_TASK_CREATION_NONE);
  gint64 queued_at = g_get_monotonic_time ();

  pool_thread_pool_queue_user_work_item (short_item, &item, FALSE);
  wait_until_set (&item.done);
  g_test_message ("short item waited %" G_GINT64_FORMAT " ms", (item.ran_at - queued_at) / 1000);
  g_assert_false (item.blockers_released);
  g_assert_cmpint (item.ran_at - queued_at, >=, 400 * 1000);
  g_assert_cmpuint (pool_thread_pool_get_thread_count (), >, n);
  release_blockers (&gate, blockers, n);
}

/* LongRunning blockers get dedicated threads: a short item runs at once, no injection. */
static void
test_long_running_does_not_starve (void)
{
  guint n = pool_thread_pool_get_min_threads ();
  Gate gate = { 0, };
  ShortItem item = { 0, 0, 0, &gate };
  PoolTask **blockers = start_blockers (&gate, n, POOL_TASK_CREATION_LONG_RUNNING);

  pool_thread_pool_queue_user_work_item (short_item, &item, FALSE);
  wait_until_set (&item.done);
  g_assert_false (item.blockers_released);
  release_blockers (&gate, blockers, n);
}

/* Injected threads retire once idle, back to the minimum. */
static void
test_idle_injected_threads_retire (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  _pool_thread_pool_set_retire_after_ms (100);
  while (pool_thread_pool_get_thread_count () > pool_thread_pool_get_min_threads ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  _pool_thread_pool_set_retire_after_ms (5000);
}

/* Filled from workers: a slot is reserved, written, then counted done. */
typedef struct
{
  gint reserved;
  gint done;
  char names[4];
} Order;

typedef struct
{
  Order *order;
  char   name;
} Step;

static void
append_step (gpointer  state,
             GError  **error)
{
  Step *step = state;
  gint slot = g_atomic_int_add (&step->order->reserved, 1);

  step->order->names[slot] = step->name;
  g_atomic_int_inc (&step->order->done);
}

typedef struct
{
  Order    *order;
  Step      steps[3];
  gboolean  prefer_local;
} Producer;

/* Queues A, B, C from a worker, then returns to let the worker take them. */
static gpointer
produce_three (gpointer  data,
               GError  **error)
{
  Producer *producer = data;

  for (guint i = 0; i < 3; i++)
    pool_thread_pool_queue_user_work_item (append_step, &producer->steps[i], producer->prefer_local);
  return NULL;
}

static char *
run_producer_alone (gboolean prefer_local)
{
  /* keep the other workers blocked so they cannot steal */
  guint others = pool_thread_pool_get_thread_count () - 1;
  Gate gate = { 0, };
  PoolTask **blockers = start_blockers (&gate, others, POOL_TASK_CREATION_NONE);
  Order order = { 0, };
  Producer producer = { &order, { { &order, 'A' }, { &order, 'B' }, { &order, 'C' } }, prefer_local };
  g_autoptr(PoolTask) task = pool_task_run (produce_three, &producer, NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (pool_task_wait (task, NULL));
  while (g_atomic_int_get (&order.done) < 3)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  release_blockers (&gate, blockers, others);
  return g_strndup (order.names, 3);
}

/* preferLocal from a worker: its local queue, taken newest first (LIFO). */
static void
test_prefer_local_is_lifo (void)
{
  g_autofree char *order = run_producer_alone (TRUE);

  g_assert_cmpstr (order, ==, "CBA");
}

/* Without preferLocal: the global queue, oldest first (FIFO). */
static void
test_global_queue_is_fifo (void)
{
  g_autofree char *order = run_producer_alone (FALSE);

  g_assert_cmpstr (order, ==, "ABC");
}

static gpointer
record_thread (gpointer  data,
               GError  **error)
{
  *(GThread **) data = g_thread_self ();
  return NULL;
}

typedef struct
{
  GThread  *parent;
  GThread  *child;
  gboolean  inlined;
} InlineCase;

/* On a worker: start a child (local queue), wait for it at once. */
static gpointer
start_and_wait (gpointer  data,
                GError  **error)
{
  InlineCase *c = data;
  guint64 position = pool_trace_get_position ();
  g_autoptr(PoolTask) child = pool_task_factory_start_new (record_thread, &c->child, NULL);
  g_autoptr(GArray) events = NULL;

  c->parent = g_thread_self ();
  pool_task_wait (child, NULL);
  events = pool_trace_copy_since (position);
  for (guint i = 0; i < events->len; i++)
    {
      PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->task_id == pool_task_get_id (child))
        c->inlined = event->inlined;
    }
  return NULL;
}

/* Waiting on a task still in this worker's local queue runs it inline here. */
static void
test_wait_inlines_from_local_queue (void)
{
  guint others = pool_thread_pool_get_thread_count () - 1;
  Gate gate = { 0, };
  PoolTask **blockers = start_blockers (&gate, others, POOL_TASK_CREATION_NONE);
  InlineCase c = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (start_and_wait, &c, NULL);

  g_assert_true (pool_task_wait (task, NULL));
  release_blockers (&gate, blockers, others);
  g_assert_true (c.child == c.parent);
  g_assert_true (c.inlined);
}

typedef struct
{
  int     nice;
  guint64 slice_ns;
} Priority;

static gpointer
read_priority (gpointer  data,
               GError  **error)
{
  Priority *priority = data;
  guint32 attr[14] = { 0, };   /* struct sched_attr: size, policy, flags (64), nice, … */

  errno = 0;
  priority->nice = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
  g_assert_cmpint (errno, ==, 0);
  if (syscall (SYS_sched_getattr, 0, attr, sizeof attr, 0) == 0)
    memcpy (&priority->slice_ns, &attr[6], sizeof priority->slice_ns);
  return NULL;
}

/* Linux 6.12 or later: a SCHED_OTHER thread's sched_runtime is its slice. */
static gboolean
kernel_has_custom_slices (void)
{
  struct utsname name;
  int major = 0, minor = 0;

  return uname (&name) == 0 && sscanf (name.release, "%d.%d", &major, &minor) == 2 &&
         (major > 6 || (major == 6 && minor >= 12));
}

/* Workers run below the thread that queues their work (nice 5), with a
 * slice longer than the default, so that a thread that wakes (the UI
 * thread) preempts them (see pool-thread-pool.c). */
static void
test_workers_yield_to_woken_threads (void)
{
  Priority priority = { -100, 0 };
  g_autoptr(PoolTask) task = pool_task_run (read_priority, &priority, NULL);

  g_assert_true (pool_task_wait (task, NULL));
  g_assert_cmpint (priority.nice, ==, 5);
  if (kernel_has_custom_slices ())
    g_assert_cmpuint (priority.slice_ns, ==, 6 * 1000 * 1000);
  else
    g_test_message ("this kernel has no per-thread slices: only the nice value is checked");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  pool_trace_set_enabled (TRUE);

  g_test_add_func ("/pool/thread-pool/workers-yield-to-woken-threads",
                   test_workers_yield_to_woken_threads);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/runs-on-worker", test_queue_user_work_item_runs_on_worker);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/unhandled-error-ends-process", test_unhandled_error_ends_process);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/null-callback", test_null_callback_is_critical);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/prefer-local-lifo", test_prefer_local_is_lifo);
  g_test_add_func ("/pool/thread-pool/queue-user-work-item/global-fifo", test_global_queue_is_fifo);
  g_test_add_func ("/pool/thread-pool/thread-count", test_thread_count_is_core_count);
  g_test_add_func ("/pool/thread-pool/burst-wakes-every-worker", test_burst_wakes_every_worker);
  g_test_add_func ("/pool/thread-pool/wait-inlines-from-local-queue", test_wait_inlines_from_local_queue);
  g_test_add_func ("/pool/thread-pool/starvation/injects-a-thread", test_starvation_injects_a_thread);
  g_test_add_func ("/pool/thread-pool/starvation/long-running-does-not-starve", test_long_running_does_not_starve);
  g_test_add_func ("/pool/thread-pool/starvation/idle-threads-retire", test_idle_injected_threads_retire);

  return g_test_run ();
}
