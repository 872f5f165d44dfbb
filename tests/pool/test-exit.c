/* test-exit.c — the pool shuts its threads down when the process exits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test runs its case in child processes, several times. A child
 * registers an atexit handler before the pool starts, so it runs after the
 * pool's: it marks the process as torn down, and a pool item that still runs
 * after that aborts the child.
 */
#include <stdlib.h>

#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

#define RUNS 5

static gint torn_down;

/* what a real program tears down (GTK, a display, its modules) takes a
 * while; an item still running meanwhile sees it */
static void
tear_down_at_exit (void)
{
  g_atomic_int_set (&torn_down, 1);
  g_usleep (50000);
}

static void
check_not_torn_down (void)
{
  if (g_atomic_int_get (&torn_down))
    {
      g_printerr ("a pool item ran after the process tore down\n");
      abort ();
    }
}

/* a few milliseconds of work that notices a tear-down under it */
static void
busy_item (gpointer   state,
           GError   **error)
{
  gint64 end = g_get_monotonic_time () + 2000;

  check_not_torn_down ();
  while (g_get_monotonic_time () < end)
    check_not_torn_down ();
}

static void
exit_item (gpointer   state,
           GError   **error)
{
  exit (0);
}

static void
blocked_item (gpointer   state,
              GError   **error)
{
  static GMutex lock;
  static GCond never;

  g_mutex_lock (&lock);
  for (;;)
    g_cond_wait (&never, &lock);
}

static void
run_children (gint64 max_ms)
{
  for (int i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_message ("child %d exited after %" G_GINT64_FORMAT " ms", i,
                      (g_get_monotonic_time () - start) / 1000);
      g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, max_ms);
    }
}

/* Returning from main while every worker is busy and more items wait: the
 * running items finish before the process tears down, the waiting ones
 * never start. */
static void
test_exit_with_busy_workers (void)
{
  if (g_test_subprocess ())
    {
      atexit (tear_down_at_exit);
      for (int i = 0; i < 2000; i++)
        pool_thread_pool_queue_user_work_item (busy_item, NULL, FALSE);
      g_usleep (5000);
      return;
    }
  run_children (5000);
}

/* exit() called from a worker: the handler does not wait for its own thread. */
static void
test_exit_from_worker (void)
{
  if (g_test_subprocess ())
    {
      atexit (tear_down_at_exit);
      for (int i = 0; i < 20; i++)
        pool_thread_pool_queue_user_work_item (busy_item, NULL, FALSE);
      pool_thread_pool_queue_user_work_item (exit_item, NULL, FALSE);
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }
  /* far less than the second it would wait for itself */
  run_children (900);
}

/* Parked workers and a delay still pending: exit is prompt, the timer never fires. */
static void
test_exit_with_parked_workers_and_delay (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PoolTask) delay = NULL;

      atexit (tear_down_at_exit);
      pool_thread_pool_queue_user_work_item (busy_item, NULL, FALSE);
      delay = pool_task_delay (10000, NULL);
      g_usleep (20000);
      return;
    }
  run_children (900);
}

/* A worker blocked for good: exit waits a bounded time for it, then goes on. */
static void
test_exit_with_blocked_worker (void)
{
  if (g_test_subprocess ())
    {
      atexit (tear_down_at_exit);
      pool_thread_pool_queue_user_work_item (blocked_item, NULL, FALSE);
      g_usleep (10000);
      return;
    }
  run_children (4000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#if defined(__SANITIZE_THREAD__)
  /* the thread sanitizer sleeps a second at exit by default: the children
   * would all look as slow as one that waited for a blocked worker */
  {
    g_autofree char *options = g_strdup_printf ("%s atexit_sleep_ms=0",
                                                g_getenv ("TSAN_OPTIONS") ? g_getenv ("TSAN_OPTIONS") : "");

    g_setenv ("TSAN_OPTIONS", options, TRUE);
  }
#endif

  g_test_add_func ("/pool/exit/busy-workers", test_exit_with_busy_workers);
  g_test_add_func ("/pool/exit/from-worker", test_exit_from_worker);
  g_test_add_func ("/pool/exit/parked-workers-delay-pending", test_exit_with_parked_workers_and_delay);
  g_test_add_func ("/pool/exit/blocked-worker", test_exit_with_blocked_worker);
  return g_test_run ();
}
