/* test-download.c — downloads, awaited and blocking, against the slow
 * server: every success and every failure the demos can meet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile inputs are made here: the slow server misbehaves on request,
 * a refused port is one we bound and closed, an unresolvable host is under
 * .invalid. Only 127.0.0.1 is ever contacted. The async tests iterate the
 * default main context; none sleeps.
 */
#include <string.h>

#include <pool.h>

#include "lab-download.h"
#include "lab-slow-server.h"

#define FILE_SIZE   (300 * 1000)
#define WAIT_MS     20000   /* the longest any test waits for a download */
#define PROMPT_MS   2000    /* "promptly", generously */
/* Cancelling is immediate: the async form removes the transfer at the
 * context's next iteration, the blocking form shuts its sockets down. curl's
 * own check (the progress callback) comes only about once a second while a
 * server hangs, so this bound, still generous, tells them apart. */
#define CANCEL_MS   500

static LabSlowServer *server;
static GBytes        *file_content;   /* served at /files/test.bin */

/* Helpers */

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default context until @task completes or @timeout_ms pass. */
static void
iterate_until_completed (PoolTask *task,
                         guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add (timeout_ms, on_deadline, &expired);

  while (!pool_task_is_completed (task) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  g_assert_true (pool_task_is_completed (task));
}

static char *
url_for (const char *url_or_path)
{
  if (url_or_path[0] == '/')
    return lab_slow_server_get_url (server, url_or_path);
  return g_strdup (url_or_path);
}

/* Downloads with either form; the async one on the default context. */
static GBytes *
download (const char              *url_or_path,
          const LabDownloadLimits *limits,
          gboolean                 blocking,
          GError                 **error)
{
  g_autofree char *url = url_for (url_or_path);
  g_autoptr(PoolTask) task = NULL;
  GBytes *body;

  if (blocking)
    return lab_download_blocking (url, limits, NULL, error);

  task = lab_download_async (url, limits, NULL, NULL);
  iterate_until_completed (task, WAIT_MS);
  body = pool_task_get_result (task, error);
  if (body == NULL)
    {
      g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_FAULTED);
      return NULL;
    }
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
  return g_bytes_ref (body);   /* the task owns its result */
}

static void
assert_generated (GBytes *body,
                  gsize   size)
{
  const guint8 *data;
  gsize length;

  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &length);
  g_assert_cmpuint (length, ==, size);
  for (gsize i = 0; i < length; i++)
    if (data[i] != LAB_SLOW_SERVER_GENERATED_BYTE (i))
      g_error ("byte %" G_GSIZE_FORMAT " is %u, expected %u", i, data[i],
               LAB_SLOW_SERVER_GENERATED_BYTE (i));
}

/* A port on 127.0.0.1 where nothing listens: one we bound, then closed. */
static guint16
refused_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

/* @pattern with {port} replaced by the server's port, {refused} by a closed one. */
static char *
expand_url (const char *pattern)
{
  g_autofree char *port = g_strdup_printf ("%u", lab_slow_server_get_port (server));
  g_autofree char *refused = NULL;
  g_auto(GStrv) parts = g_strsplit (pattern, "{port}", -1);
  g_autofree char *with_port = g_strjoinv (port, parts);
  g_auto(GStrv) more_parts = NULL;

  if (strstr (with_port, "{refused}") == NULL)
    return g_steal_pointer (&with_port);
  refused = g_strdup_printf ("%u", refused_port ());
  more_parts = g_strsplit (with_port, "{refused}", -1);
  return g_strjoinv (refused, more_parts);
}

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

static gboolean
wait_for_no_server_connections (guint timeout_ms)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add (timeout_ms, on_deadline, &expired);

  while (lab_slow_server_get_n_connections (server) > 0 && !expired)
    {
      /* the server runs on its own thread: just let time pass here */
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
      if (g_main_context_pending (NULL))
        continue;
      g_usleep (1000);
    }
  if (!expired)
    g_source_remove (deadline);
  return lab_slow_server_get_n_connections (server) == 0;
}

/* The failure cases, each run with both forms */

typedef struct
{
  const char        *name;
  const char        *url;        /* a path on the server, or a URL with {port} or {refused} */
  LabDownloadLimits  limits;
  LabDownloadError   code;
  const char        *message;    /* a part the message must contain */
} FailureCase;

static const FailureCase failure_cases[] = {
  /* A missing file is an HTTP error naming the status and its reason. */
  { "404", "/no/such/file", { 0 }, LAB_DOWNLOAD_ERROR_HTTP,
    "HTTP 404 Not Found for http://127.0.0.1:" },
  /* A server error is an HTTP error naming the status. */
  { "500", "/files/test.bin?status=500", { 0 }, LAB_DOWNLOAD_ERROR_HTTP,
    "HTTP 500 Internal Server Error" },
  /* Any status of 400 or more fails, even one curl has no name for. */
  { "599", "/files/test.bin?status=599", { 0 }, LAB_DOWNLOAD_ERROR_HTTP, "HTTP 599" },
  /* Nothing listening: the connection is refused, and the message says so. */
  { "refused", "http://127.0.0.1:{refused}/images/sample.jpg", { 0 }, LAB_DOWNLOAD_ERROR_CONNECT,
    "Connection refused by http://127.0.0.1:" },
  /* https to a server that does not speak TLS fails as a TLS error. */
  { "tls/not-tls", "https://127.0.0.1:{port}/files/test.bin", { 0 }, LAB_DOWNLOAD_ERROR_TLS,
    "The secure connection to https://127.0.0.1:" },
  /* A password in the URL never appears in a message. */
  { "password-hidden", "http://user:s3cret@127.0.0.1:{port}/no/such/file", { 0 },
    LAB_DOWNLOAD_ERROR_HTTP, "HTTP 404 Not Found for http://user@127.0.0.1:" },
  /* Control characters and broken UTF-8 in a URL are refused, and the message stays clean. */
  { "malformed/control", "http://127.0.0.1/\x01\n\xff\xfe", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL,
    "Not a valid URL: \"http://127.0.0.1/%01%0A\xef\xbf\xbd\xef\xbf\xbd\"" },
  /* A host that cannot exist (RFC 6761 .invalid) fails to resolve and is named. */
  { "unresolvable", "http://tasklab-test.invalid/images/sample.jpg", { .connect_timeout_ms = 5000 },
    LAB_DOWNLOAD_ERROR_RESOLVE, "Could not resolve host tasklab-test.invalid" },
  /* Garbage is not a URL. */
  { "malformed/garbage", "not a url at all", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL,
    "Not a valid URL" },
  /* An empty string is not a URL. */
  { "malformed/empty", "", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL, "Not a valid URL" },
  /* A scheme without a host is not a URL. */
  { "malformed/no-host", "http://", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL, "Not a valid URL" },
  /* Spaces inside the host are refused. */
  { "malformed/space", "http://exa mple.invalid/", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL,
    "Not a valid URL" },
  /* A broken IPv6 literal is refused. */
  { "malformed/ipv6", "http://[::1/x", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL, "Not a valid URL" },
  /* A port out of range is refused. */
  { "malformed/port", "http://127.0.0.1:99999/", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL,
    "Not a valid URL" },
  /* file:// is never read, even when asked directly. */
  { "scheme/file", "file:///etc/passwd", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL, "not file" },
  /* Nor is any other protocol curl knows. */
  { "scheme/ftp", "ftp://127.0.0.1/x", { 0 }, LAB_DOWNLOAD_ERROR_INVALID_URL, "not ftp" },
  /* The server hangs up after part of the announced body: truncated, with the counts. */
  { "close-mid-body", "/files/test.bin?close_after=1000", { 0 }, LAB_DOWNLOAD_ERROR_TRUNCATED,
    "closed before the whole body arrived" },
  /* The server resets the connection mid-body: truncated. */
  { "reset-mid-body", "/files/test.bin?reset=1", { 0 }, LAB_DOWNLOAD_ERROR_TRUNCATED, "reset" },
  /* Six redirects when five are allowed: too many. */
  { "redirect/six", "/files/test.bin?redirect=6", { 0 }, LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS,
    "Too many redirects" },
  /* A redirect loop ends at the limit with a clear error. */
  { "redirect/loop", "/files/test.bin?redirect=loop", { 0 }, LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS,
    "a redirect loop?" },
  /* A lower limit is honoured. */
  { "redirect/limit", "/files/test.bin?redirect=2", { .max_redirects = 1 },
    LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS, "stopped after 1 (the limit is 1" },
  /* With redirects off, a redirect is an error, not a body. */
  { "redirect/off", "/files/test.bin?redirect=1", { .max_redirects = -1 },
    LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS, "redirects are off" },
  /* A redirect to file:// is refused, and the message names it. */
  { "redirect/file", "/files/test.bin?redirect_to=file%3A%2F%2F%2Fetc%2Fpasswd", { 0 },
    LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT,
    "Refused to follow a redirect to file:///etc/passwd (only http and https)" },
  /* A redirect to ftp:// is refused, and the message names it. */
  { "redirect/ftp", "/files/test.bin?redirect_to=ftp%3A%2F%2F127.0.0.1%2Fx", { 0 },
    LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT, "ftp://127.0.0.1/x" },
  /* A redirect to something curl cannot parse is refused. */
  { "redirect/garbage", "/files/test.bin?redirect_to=http%3A%2F%2F%5B%3A%3A1", { 0 },
    LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT, "malformed URL" },
  /* A body announced larger than the cap stops before it is read, naming the cap. */
  { "too-large/announced", "/files/test.bin?size=2000", { .max_body_bytes = 1000 },
    LAB_DOWNLOAD_ERROR_TOO_LARGE, "The body is larger than 1000 bytes; download stopped" },
  /* A body without a length is stopped when it crosses the cap. */
  { "too-large/unannounced", "/files/test.bin?size=200000&no_length=1",
    { .max_body_bytes = 64 * 1024 },
    LAB_DOWNLOAD_ERROR_TOO_LARGE, "larger than 64 KiB" },
  /* The default cap is 16 MiB. */
  { "too-large/default", "/files/test.bin?size=16777217", { 0 }, LAB_DOWNLOAD_ERROR_TOO_LARGE,
    "larger than 16 MiB" },
  /* A server that accepts and never answers trips the low-speed limit. */
  { "hang/low-speed", "/files/test.bin?hang=1", { .low_speed_bytes = 1000, .low_speed_time_s = 1 },
    LAB_DOWNLOAD_ERROR_TIMED_OUT, "less than 1000 bytes per second" },
  /* ... or the overall timeout, whichever comes first. */
  { "hang/timeout", "/files/test.bin?hang=1", { .timeout_ms = 300 }, LAB_DOWNLOAD_ERROR_TIMED_OUT,
    "Timed out after 300 ms" },
  /* A trickle slower than the low-speed limit fails the same way. */
  { "trickle", "/files/test.bin?rate=100", { .low_speed_bytes = 1000, .low_speed_time_s = 1 },
    LAB_DOWNLOAD_ERROR_TIMED_OUT, "Timed out" },
};

typedef struct
{
  const FailureCase *failure;
  gboolean           blocking;
} FailureTest;

static void
test_failure (gconstpointer data)
{
  const FailureTest *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  url = expand_url (test->failure->url);

  body = download (url, &test->failure->limits, test->blocking, &error);
  g_assert_null (body);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, LAB_DOWNLOAD_ERROR, (int) test->failure->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_null (strstr (error->message, "s3cret"));
  g_assert_nonnull (strstr (error->message, test->failure->message));
}

/* Successes, with both forms */

/* The body is exactly the served file. */
static void
test_ok (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/files/test.bin", NULL, GPOINTER_TO_INT (data), &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (body, file_content));
}

/* A generated body arrives byte for byte, with or without a Content-Length. */
static void
test_generated (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/x?size=100003", NULL, GPOINTER_TO_INT (data), &error);
  g_autoptr(GBytes) unannounced = NULL;

  g_assert_no_error (error);
  assert_generated (body, 100003);
  unannounced = download ("/x?size=70001&no_length=1", NULL, GPOINTER_TO_INT (data), &error);
  g_assert_no_error (error);
  assert_generated (unannounced, 70001);
}

/* An empty body is an empty GBytes, not an error. */
static void
test_empty (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/x?size=0", NULL, GPOINTER_TO_INT (data), &error);

  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
}

/* A body exactly at the cap is accepted. */
static void
test_at_cap (gconstpointer data)
{
  LabDownloadLimits limits = { .max_body_bytes = 5000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/x?size=5000&no_length=1", &limits, GPOINTER_TO_INT (data),
                                     &error);

  g_assert_no_error (error);
  assert_generated (body, 5000);
}

/* A chain of five redirects (the limit) is followed to the file. */
static void
test_redirect_chain (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/files/test.bin?redirect=5", NULL, GPOINTER_TO_INT (data),
                                     &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (body, file_content));
}

/* A redirect to another http URL is followed. */
static void
test_redirect_to_http (gconstpointer data)
{
  g_autofree char *target = lab_slow_server_get_url (server, "/files/test.bin");
  g_autofree char *escaped = g_uri_escape_string (target, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/elsewhere?redirect_to=%s", escaped);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download (path, NULL, GPOINTER_TO_INT (data), &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (body, file_content));
}

/* A 200 KB body at 1 MB/s takes at least 100 ms: the rate limit is real. */
static void
test_rate (gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/x?size=200000&rate=1000000", NULL, GPOINTER_TO_INT (data),
                                     &error);

  g_assert_no_error (error);
  assert_generated (body, 200000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
}

/* latency_ms=300 delays the answer by at least that. */
static void
test_latency (gconstpointer data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download ("/x?size=10&latency_ms=300", NULL, GPOINTER_TO_INT (data),
                                     &error);

  g_assert_no_error (error);
  assert_generated (body, 10);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
}

/* A URL of 100 000 characters fails cleanly, and the message quotes only
 * the start of it. */
static void
test_long_url (gconstpointer data)
{
  GString *url = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_string_printf (url, "http://127.0.0.1:%u/", refused_port ());
  while (url->len < 100000)
    g_string_append (url, "abcdefghij");
  body = download (url->str, NULL, GPOINTER_TO_INT (data), &error);
  g_string_free (url, TRUE);
  g_assert_null (body);
  g_test_message ("%s", error->message);
  g_assert_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_CONNECT);
  g_assert_cmpuint (strlen (error->message), <, 1000);
  g_assert_nonnull (strstr (error->message, "abcdefghijabcdefghij"));
  g_assert_nonnull (strstr (error->message, "…"));
}

/* Async only */

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

typedef struct
{
  PoolCancellationTokenSource *source;
  guint                        delay_ms;
  gint64                       canceled_at;   /* read after the join */
} Canceller;

static gpointer
cancel_from_thread (gpointer data)
{
  Canceller *canceller = data;

  /* the test thread waits (in its main loop, or in curl) meanwhile */
  g_usleep (canceller->delay_ms * 1000);
  canceller->canceled_at = g_get_monotonic_time ();
  pool_cancellation_token_source_cancel (canceller->source);
  return NULL;
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

/* Blocking only */

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

static void
add_both (const char    *name,
          GTestDataFunc  func)
{
  g_autofree char *async_path = g_strdup_printf ("/app/download/async/%s", name);
  g_autofree char *blocking_path = g_strdup_printf ("/app/download/blocking/%s", name);

  g_test_add_data_func (async_path, GINT_TO_POINTER (FALSE), func);
  g_test_add_data_func (blocking_path, GINT_TO_POINTER (TRUE), func);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree FailureTest *failure_tests = g_new0 (FailureTest, 2 * G_N_ELEMENTS (failure_cases));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  guint8 *content = g_malloc (FILE_SIZE);
  int status;

  g_test_init (&argc, &argv, NULL);

  server = lab_slow_server_new (&error);
  g_assert_no_error (error);
  for (gsize i = 0; i < FILE_SIZE; i++)
    content[i] = (guint8) g_rand_int (rand);
  file_content = g_bytes_new_take (content, FILE_SIZE);
  lab_slow_server_add_file (server, "/files/test.bin", file_content, "application/octet-stream");

  add_both ("ok", test_ok);
  add_both ("generated", test_generated);
  add_both ("empty", test_empty);
  add_both ("at-cap", test_at_cap);
  add_both ("redirect/chain-of-five", test_redirect_chain);
  add_both ("redirect/to-http", test_redirect_to_http);
  add_both ("rate", test_rate);
  add_both ("latency", test_latency);
  add_both ("malformed/long", test_long_url);

  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      for (guint blocking = 0; blocking < 2; blocking++)
        {
          FailureTest *test = &failure_tests[2 * i + blocking];
          g_autofree char *path = g_strdup_printf ("/app/download/%s/%s",
                                                   blocking ? "blocking" : "async",
                                                   failure_cases[i].name);

          test->failure = &failure_cases[i];
          test->blocking = blocking;
          g_test_add_data_func (path, test, test_failure);
        }
    }

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
  g_test_add_func ("/app/download/blocking/cancel/hang", test_blocking_cancel_hang);
  g_test_add_func ("/app/download/blocking/cancel/before-start", test_blocking_already_canceled);
  g_test_add_func ("/app/download/blocking/task-run", test_blocking_in_task_run);
  g_test_add_func ("/app/download/blocking/task-run-canceled", test_blocking_in_task_run_canceled);

  status = g_test_run ();

  lab_slow_server_free (server);
  g_bytes_unref (file_content);
  return status;
}
