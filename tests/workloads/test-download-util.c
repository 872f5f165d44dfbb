/* test-download-util.c — the download tests' helpers: both forms of
 * download, checks of generated bodies, a refused port, and waits on the
 * main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-download-util.h"

LabSlowServer *server;
GBytes        *file_content;

gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default context until @task completes or @timeout_ms pass. */
void
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
GBytes *
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

void
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
guint16
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

/* Whether the server's connections all closed within @timeout_ms. */
gboolean
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

/* A thread's function: see Canceller. */
gpointer
cancel_from_thread (gpointer data)
{
  Canceller *canceller = data;

  /* the test thread waits (in its main loop, or in curl) meanwhile */
  g_usleep (canceller->delay_ms * 1000);
  canceller->canceled_at = g_get_monotonic_time ();
  pool_cancellation_token_source_cancel (canceller->source);
  return NULL;
}

/* Registers @func as /app/download/async/@name and /app/download/blocking/@name,
 * with the form as its data (TRUE: blocking). */
void
add_both (const char    *name,
          GTestDataFunc  func)
{
  g_autofree char *async_path = g_strdup_printf ("/app/download/async/%s", name);
  g_autofree char *blocking_path = g_strdup_printf ("/app/download/blocking/%s", name);

  g_test_add_data_func (async_path, GINT_TO_POINTER (FALSE), func);
  g_test_add_data_func (blocking_path, GINT_TO_POINTER (TRUE), func);
}

