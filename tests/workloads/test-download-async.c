/* test-download-async.c — the awaited form only: cancellation at every
 * moment, completion on the caller's context and thread, no thread of its
 * own, many transfers at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests iterate the default main context; none sleeps.
 */
#include <string.h>

#include "test-download-util.h"

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}


/* A token that fires while the server hangs ends the task Canceled promptly
 * (not at curl's next progress check), and the connection is closed. */
static void
test_async_cancel_hang (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin?hang=1");
  g_autoptr(PoolTask) task = lab_download_async (url, NULL,
                                                 pool_cancellation_token_source_get_token (source),
                                                 NULL);
  g_autoptr(GError) error = NULL;
  gboolean waited = FALSE;
  gint64 canceled_at;

  /* let it connect and send the request (and be between two curl timers) */
  g_timeout_add (300, on_deadline, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pool_task_is_completed (task));
  g_assert_cmpuint (lab_slow_server_get_n_connections (server), ==, 1);

  canceled_at = g_get_monotonic_time ();
  pool_cancellation_token_source_cancel (source);
  iterate_until_completed (task, PROMPT_MS);
  g_test_message ("canceled after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - canceled_at) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - canceled_at, <, CANCEL_MS * 1000);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_null (pool_task_get_result (task, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
  g_assert_true (wait_for_no_server_connections (PROMPT_MS));
}

/* A token cancelled on another thread still cancels promptly: the callback
 * wakes the context. */
static void
test_async_cancel_from_thread (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin?latency_ms=60000");
  g_autoptr(PoolTask) task = lab_download_async (url, NULL,
                                                 pool_cancellation_token_source_get_token (source),
                                                 NULL);
  Canceller canceller = { source, 300, 0 };
  GThread *thread = g_thread_new ("canceller", cancel_from_thread, &canceller);

  iterate_until_completed (task, PROMPT_MS * 2);
  g_thread_join (thread);
  g_test_message ("canceled after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - canceller.canceled_at) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - canceller.canceled_at, <, CANCEL_MS * 1000);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_true (wait_for_no_server_connections (PROMPT_MS));
}

/* A token cancelled before the call gives a Canceled task, on the context. */
static void
test_async_already_canceled (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin");
  g_autoptr(PoolTask) task = NULL;
  guint requests = lab_slow_server_get_n_requests (server);

  pool_cancellation_token_source_cancel (source);
  task = lab_download_async (url, NULL, pool_cancellation_token_source_get_token (source), NULL);
  g_assert_false (pool_task_is_completed (task));
  iterate_until_completed (task, PROMPT_MS);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_cmpuint (lab_slow_server_get_n_requests (server), ==, requests);
}

/* Cancelling after the download completed changes nothing. */
static void
test_async_cancel_after_completion (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autofree char *url = lab_slow_server_get_url (server, "/x?size=1000");
  g_autoptr(PoolTask) task = lab_download_async (url, NULL,
                                                 pool_cancellation_token_source_get_token (source),
                                                 NULL);

  iterate_until_completed (task, WAIT_MS);
  pool_cancellation_token_source_cancel (source);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
  assert_generated (pool_task_get_result (task, NULL), 1000);
}

/* Even an invalid URL completes on the context: never inside the call. */
static void
test_async_error_completes_on_context (void)
{
  g_autoptr(PoolTask) task = lab_download_async ("not a url", NULL, NULL, NULL);

  g_assert_false (pool_task_is_completed (task));
  iterate_until_completed (task, PROMPT_MS);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_FAULTED);
}

/* Eight downloads in flight at once create no thread: curl's sockets are
 * watched by the main loop (a numeric host needs no resolver thread). */
static void
test_async_no_thread (void)
{
  PoolTask *tasks[8];
  guint before, most;
  gboolean all_done = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) warm_up = download ("/x?size=10", NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (warm_up);
  before = count_threads ();
  most = before;
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autofree char *path = g_strdup_printf ("/x?size=%u&latency_ms=100&rate=500000", 50000 + i);
      g_autofree char *url = lab_slow_server_get_url (server, path);

      tasks[i] = lab_download_async (url, NULL, NULL, NULL);
    }
  while (!all_done)
    {
      g_main_context_iteration (NULL, TRUE);
      most = MAX (most, count_threads ());
      all_done = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        all_done = all_done && pool_task_is_completed (tasks[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      assert_generated (pool_task_get_result (tasks[i], NULL), 50000 + i);
      pool_task_unref (tasks[i]);
    }
  g_test_message ("threads: %u before, at most %u during", before, most);
  g_assert_cmpuint (most, <=, before);
}

typedef struct
{
  GMainContext *context;
  int           stop;
  GThread      *thread;
} ContextThread;

static gpointer
run_context (gpointer data)
{
  ContextThread *ct = data;

  g_main_context_push_thread_default (ct->context);
  while (!g_atomic_int_get (&ct->stop))
    g_main_context_iteration (ct->context, TRUE);
  g_main_context_pop_thread_default (ct->context);
  return NULL;
}

static gpointer
record_thread (PoolTask  *antecedent,
               gpointer   data,
               GError   **error)
{
  *(GThread **) data = g_thread_self ();
  return NULL;
}

static gboolean
do_nothing (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* The task completes on the thread iterating the given context, whichever
 * thread called; a synchronous continuation shows which. */
static void
test_async_completes_on_context_thread (void)
{
  ContextThread ct = { g_main_context_new (), 0, NULL };
  g_autofree char *url = lab_slow_server_get_url (server, "/x?size=1000&latency_ms=200");
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(PoolTask) continuation = NULL;
  g_autoptr(GError) error = NULL;
  GThread *completed_on = NULL;

  ct.thread = g_thread_new ("context", run_context, &ct);
  task = lab_download_async (url, NULL, NULL, ct.context);
  continuation = pool_task_continue_with_options (task, record_thread, &completed_on, NULL,
                                                  POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY);
  g_assert_true (pool_task_wait (continuation, &error));
  g_assert_no_error (error);
  assert_generated (pool_task_get_result (task, NULL), 1000);
  g_assert_true (completed_on == ct.thread);

  g_atomic_int_set (&ct.stop, 1);
  g_main_context_invoke (ct.context, do_nothing, NULL);   /* wake it */
  g_thread_join (ct.thread);
  g_main_context_unref (ct.context);
}

/* Many downloads at once, of different sizes and failures, each gets its own answer. */
static void
test_async_concurrent (void)
{
  enum { N = 24 };
  PoolTask *tasks[N];
  gboolean all_done = FALSE;
  gboolean expired = FALSE;
  guint deadline;

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *path = i % 3 == 2 ? g_strdup_printf ("/x?status=%u", 500 + i)
                                         : g_strdup_printf ("/x?size=%u&latency_ms=%u",
                                                            1000 * i, (i * 37) % 200);
      g_autofree char *url = lab_slow_server_get_url (server, path);

      tasks[i] = lab_download_async (url, NULL, NULL, NULL);
    }
  deadline = g_timeout_add (WAIT_MS, on_deadline, &expired);
  while (!all_done && !expired)
    {
      g_main_context_iteration (NULL, TRUE);
      all_done = TRUE;
      for (guint i = 0; i < N; i++)
        all_done = all_done && pool_task_is_completed (tasks[i]);
    }
  if (!expired)
    g_source_remove (deadline);
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(GError) error = NULL;
      GBytes *body = pool_task_get_result (tasks[i], &error);

      if (i % 3 == 2)
        {
          g_autofree char *expected = g_strdup_printf ("HTTP %u ", 500 + i);

          g_assert_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_HTTP);
          g_assert_nonnull (strstr (error->message, expected));
        }
      else
        {
          g_assert_no_error (error);
          assert_generated (body, 1000 * i);
        }
      pool_task_unref (tasks[i]);
    }
}

/* Cancelling one download leaves the others on the same context running. */
static void
test_async_cancel_one_of_many (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  g_autofree char *hang_url = lab_slow_server_get_url (server, "/x?hang=1");
  g_autofree char *slow_url = lab_slow_server_get_url (server, "/x?size=100000&rate=400000");
  g_autoptr(PoolTask) hanging = lab_download_async (hang_url, NULL, token, NULL);
  g_autoptr(PoolTask) slow = lab_download_async (slow_url, NULL, NULL, NULL);
  gboolean waited = FALSE;

  g_timeout_add (50, on_deadline, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  pool_cancellation_token_source_cancel (source);
  iterate_until_completed (hanging, PROMPT_MS);
  g_assert_cmpint (pool_task_get_status (hanging), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_false (pool_task_is_completed (slow));
  iterate_until_completed (slow, WAIT_MS);
  assert_generated (pool_task_get_result (slow, NULL), 100000);
}

void
test_download_add_async_tests (void)
{
  g_test_add_func ("/app/download/async/no-thread", test_async_no_thread);
  g_test_add_func ("/app/download/async/completes-on-context-thread",
                   test_async_completes_on_context_thread);
  g_test_add_func ("/app/download/async/error-completes-on-context",
                   test_async_error_completes_on_context);
  g_test_add_func ("/app/download/async/cancel/hang", test_async_cancel_hang);
  g_test_add_func ("/app/download/async/cancel/from-thread", test_async_cancel_from_thread);
  g_test_add_func ("/app/download/async/cancel/before-start", test_async_already_canceled);
  g_test_add_func ("/app/download/async/cancel/after-completion",
                   test_async_cancel_after_completion);
  g_test_add_func ("/app/download/async/cancel/one-of-many", test_async_cancel_one_of_many);
  g_test_add_func ("/app/download/async/concurrent", test_async_concurrent);
}
