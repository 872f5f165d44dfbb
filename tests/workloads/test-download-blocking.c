/* test-download-blocking.c — the blocking form only: cancelled from another
 * thread or before the call, and run inside Task.Run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-download-util.h"

/* A token cancelled on another thread stops curl_easy_perform at once (its
 * sockets are shut down; curl's own check would take up to a second), with
 * the token's canceled error. */
static void
test_blocking_cancel_hang (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin?hang=1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  Canceller canceller = { source, 300, 0 };
  GThread *thread = g_thread_new ("canceller", cancel_from_thread, &canceller);

  body = lab_download_blocking (url, NULL, token, &error);
  g_thread_join (thread);
  g_assert_null (body);
  g_assert_error (error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (token));
  g_test_message ("canceled after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - canceller.canceled_at) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - canceller.canceled_at, <, CANCEL_MS * 1000);
  g_assert_true (wait_for_no_server_connections (PROMPT_MS));
}

/* A token cancelled before the call: the canceled error, and no request. */
static void
test_blocking_already_canceled (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin");
  g_autoptr(GError) error = NULL;
  guint requests = lab_slow_server_get_n_requests (server);

  pool_cancellation_token_source_cancel (source);
  g_assert_null (lab_download_blocking (url, NULL, token, &error));
  g_assert_error (error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (token));
  g_assert_cmpuint (lab_slow_server_get_n_requests (server), ==, requests);
}

typedef struct
{
  char                  *url;
  PoolCancellationToken *token;
} BlockingJob;

static gpointer
blocking_job (gpointer   data,
              GError   **error)
{
  BlockingJob *job = data;

  return lab_download_blocking (job->url, NULL, job->token, error);
}

/* Task.Run(() => blocking download, token): the token's error makes the
 * task Canceled, as an OperationCanceledException with the same token does. */
static void
test_blocking_in_task_run_canceled (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin?hang=1");
  BlockingJob job = { url, pool_cancellation_token_source_get_token (source) };
  g_autoptr(PoolTask) task = pool_task_run_with_token (blocking_job, &job, NULL, job.token);
  g_autoptr(GError) error = NULL;

  pool_cancellation_token_source_cancel_after (source, 200);
  g_assert_false (pool_task_wait (task, &error));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
}

/* Task.Run(() => blocking download): the body is the task's result. */
static void
test_blocking_in_task_run (void)
{
  g_autofree char *url = lab_slow_server_get_url (server, "/files/test.bin");
  BlockingJob job = { url, NULL };
  g_autoptr(PoolTask) task = pool_task_run (blocking_job, &job, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_assert_true (pool_task_wait (task, &error));
  body = pool_task_get_result (task, &error);
  g_assert_true (g_bytes_equal (body, file_content));
  g_bytes_unref (body);   /* the delegate's result is not owned by the task */
}

void
test_download_add_blocking_tests (void)
{
  g_test_add_func ("/app/download/blocking/cancel/hang", test_blocking_cancel_hang);
  g_test_add_func ("/app/download/blocking/cancel/before-start", test_blocking_already_canceled);
  g_test_add_func ("/app/download/blocking/task-run", test_blocking_in_task_run);
  g_test_add_func ("/app/download/blocking/task-run-canceled", test_blocking_in_task_run_canceled);
}
