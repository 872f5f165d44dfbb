/* test-await.c — await: where the code after it resumes, the UI deadlock,
 * and awaited waits that hold no thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test's main thread plays the UI thread: code "on the UI thread" runs
 * inside a callback dispatched by the default main context.
 */
#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

typedef struct
{
  gint           resumed;   /* atomic, set last */
  PoolThreadRole role;
  GThread       *thread;
} Resumed;

static void
on_resumed (PoolTask *task,
            gpointer  data)
{
  Resumed *resumed = data;

  resumed->role = pool_trace_get_thread_role ();
  resumed->thread = g_thread_self ();
  g_atomic_int_set (&resumed->resumed, TRUE);
}

static gpointer
short_work (gpointer  data,
            GError  **error)
{
  g_usleep (10 * 1000);
  return NULL;
}

typedef struct
{
  gboolean  configure_await;   /* TRUE = continue on captured context */
  PoolTask *task;
  Resumed   resumed;
} AwaitCase;

/* Runs on the UI thread (a main-context callback): await Task.Run(...). */
static gboolean
await_from_ui (gpointer data)
{
  AwaitCase *c = data;

  c->task = pool_task_run (short_work, NULL, NULL);
  pool_task_await (c->task, c->configure_await, on_resumed, &c->resumed, NULL);
  return G_SOURCE_REMOVE;
}

static void
run_await_case (AwaitCase *c)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_idle_add (await_from_ui, c);
  while (!g_atomic_int_get (&c->resumed.resumed))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  pool_task_unref (c->task);
}

/* await on the UI thread resumes on the UI thread, after a worker ran the task. */
static void
test_await_resumes_on_ui (void)
{
  AwaitCase c = { TRUE, };

  run_await_case (&c);
  g_assert_cmpint (c.resumed.role, ==, POOL_THREAD_ROLE_UI);
  g_assert_true (c.resumed.thread == g_thread_self ());
}

/* ConfigureAwait(false) resumes on the thread that completed the task, a worker. */
static void
test_configure_await_false_resumes_on_worker (void)
{
  AwaitCase c = { FALSE, };

  run_await_case (&c);
  g_assert_cmpint (c.resumed.role, ==, POOL_THREAD_ROLE_WORKER);
}

typedef struct
{
  PoolTaskCompletionSource *load;   /* LoadAsync()'s task */
} LoadAsync;

/* The rest of "LoadAsync" after its await: needs the UI thread. */
static void
finish_load (PoolTask *task,
             gpointer  data)
{
  LoadAsync *load = data;

  pool_task_completion_source_try_set_result (load->load, g_strdup ("image"), g_free);
}

typedef struct
{
  LoadAsync load;
  gboolean  timed_out;
  gboolean  done;
} DeadlockCase;

/* On the UI thread: start LoadAsync (which awaits with the UI context
 * captured), then block on its .Result — the classic deadlock. */
static gboolean
block_on_result (gpointer data)
{
  DeadlockCase *c = data;
  g_autoptr(PoolTask) io = pool_task_delay (20, NULL);
  g_autoptr(GError) error = NULL;

  pool_task_await (io, TRUE, finish_load, &c->load, NULL);
  c->timed_out = !pool_task_wait_full (pool_task_completion_source_get_task (c->load.load),
                                       500, NULL, &error) &&
                 g_error_matches (error, POOL_TASK_ERROR, POOL_TASK_ERROR_TIMED_OUT);
  c->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Blocking the UI thread on a task whose continuation needs the UI thread never
 * completes (detected by a timeout here); once the UI thread is free, it does. */
static void
test_blocking_ui_on_ui_continuation_deadlocks (void)
{
  DeadlockCase c = { { pool_task_completion_source_new (POOL_TASK_CREATION_NONE) }, };
  PoolTask *load = pool_task_completion_source_get_task (c.load.load);

  g_idle_add (block_on_result, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (c.timed_out);
  g_assert_false (pool_task_is_completed (load));

  pool_test_iterate_until_completed (load);
  g_assert_cmpstr (pool_task_get_result (load, NULL), ==, "image");
  pool_task_completion_source_free (c.load.load);
}

static gpointer
blocking_io (gpointer  data,
             GError  **error)
{
  g_usleep (300 * 1000);
  return NULL;
}

/* An awaited delay (I/O) holds no pool thread; blocking I/O in Task.Run holds one. */
static void
test_awaited_wait_holds_no_thread (void)
{
  g_autoptr(PoolTask) delay = NULL;
  g_autoptr(PoolTask) blocking = NULL;
  guint busy_during_delay, busy_during_blocking;

  /* let earlier tests' work drain */
  while (pool_thread_pool_get_busy_thread_count () > 0)
    g_usleep (1000);

  delay = pool_task_delay (300, NULL);
  g_usleep (100 * 1000);
  busy_during_delay = pool_thread_pool_get_busy_thread_count ();
  g_assert_true (pool_task_wait (delay, NULL));

  blocking = pool_task_run (blocking_io, NULL, NULL);
  g_usleep (100 * 1000);
  busy_during_blocking = pool_thread_pool_get_busy_thread_count ();
  g_assert_true (pool_task_wait (blocking, NULL));

  g_assert_cmpuint (busy_during_delay, ==, 0);
  g_assert_cmpuint (busy_during_blocking, ==, 1);
}

static __thread gboolean inside_yield_call;

typedef struct
{
  GThread  *thread;
  gboolean  ran_inline;
  gint      done;
} Yielded;

static void
after_yield (PoolTask *task,
             gpointer  data)
{
  Yielded *yielded = data;

  g_assert_true (pool_task_is_completed (task));
  yielded->thread = g_thread_self ();
  yielded->ran_inline = inside_yield_call;
  g_atomic_int_set (&yielded->done, TRUE);
}

static gpointer
yield_from_pool (gpointer  data,
                 GError  **error)
{
  inside_yield_call = TRUE;
  pool_task_yield (after_yield, data, NULL);
  inside_yield_call = FALSE;
  return NULL;
}

/* await Task.Yield() never resumes inline: on the UI thread it comes back
 * through the context later, on a pool thread through the queue. */
static void
test_yield_never_inline (void)
{
  Yielded on_ui = { 0, }, on_pool = { 0, };
  g_autoptr(PoolTask) task = NULL;

  g_main_context_acquire (NULL);
  inside_yield_call = TRUE;
  pool_task_yield (after_yield, &on_ui, NULL);
  inside_yield_call = FALSE;
  g_assert_false (g_atomic_int_get (&on_ui.done));
  while (!g_atomic_int_get (&on_ui.done))
    g_main_context_iteration (NULL, TRUE);
  g_main_context_release (NULL);
  g_assert_true (on_ui.thread == g_thread_self ());
  g_assert_false (on_ui.ran_inline);

  task = pool_task_run (yield_from_pool, &on_pool, NULL);
  pool_task_wait (task, NULL);
  while (!g_atomic_int_get (&on_pool.done))
    g_usleep (100);
  g_assert_false (on_pool.ran_inline);
}

static void
async_void_fails (PoolTask  *task,
                  gpointer   data,
                  GError   **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "escaped the async void method");
}

static gpointer
nothing_to_do (gpointer  data,
               GError  **error)
{
  return NULL;
}

/* An error escaping the code after an await in an async void method ends
 * the process (shown in a child process). */
static void
test_async_void_error_ends_process (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PoolTask) task = NULL;

      g_main_context_acquire (NULL);
      task = pool_task_run (nothing_to_do, NULL, NULL);
      pool_task_await_async_void (task, TRUE, async_void_fails, NULL, NULL);
      for (;;)
        g_main_context_iteration (NULL, TRUE);
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*async void*escaped the async void method*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/await/resumes-on-ui", test_await_resumes_on_ui);
  g_test_add_func ("/pool/await/configure-await-false-resumes-on-worker", test_configure_await_false_resumes_on_worker);
  g_test_add_func ("/pool/await/blocking-ui-deadlocks", test_blocking_ui_on_ui_continuation_deadlocks);
  g_test_add_func ("/pool/await/awaited-wait-holds-no-thread", test_awaited_wait_holds_no_thread);
  g_test_add_func ("/pool/await/yield/never-inline", test_yield_never_inline);
  g_test_add_func ("/pool/await/async-void/error-ends-process", test_async_void_error_ends_process);

  return g_test_run ();
}
