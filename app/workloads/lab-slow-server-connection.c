/* lab-slow-server-connection.c — a connection: its references, its timer,
 * closing it (with a FIN or a reset), the read that watches the client, and
 * reading the request head.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-slow-server-private.h"

#include <string.h>
#include <sys/socket.h>

#define HEAD_TIMEOUT_MS    10000  /* for the client to send its request head */

LabSlowServerConnection *
_lab_slow_server_connection_ref (LabSlowServerConnection *conn)
{
  conn->ref_count++;
  return conn;
}

void
_lab_slow_server_connection_unref (gpointer data)
{
  LabSlowServerConnection *conn = data;

  if (--conn->ref_count > 0)
    return;

  g_assert (conn->closed);
  g_assert (conn->timer == NULL);
  if (conn->response_head != NULL)
    g_string_free (conn->response_head, TRUE);
  g_clear_pointer (&conn->body, g_bytes_unref);
  g_free (conn->chunk);
  g_free (conn->wire);
  g_clear_object (&conn->compressor);
  g_object_unref (conn->cancellable);
  g_object_unref (conn->connection);
  conn->server->n_alive--;
  g_free (conn);
}

static void
connection_clear_timer (LabSlowServerConnection *conn)
{
  if (conn->timer == NULL)
    return;
  g_source_destroy (conn->timer);
  g_clear_pointer (&conn->timer, g_source_unref);
}

/* Closes now; with @reset, the peer gets a RST instead of a FIN (SO_LINGER
 * with a zero timeout). May drop the last reference: callers that use
 * @conn afterwards hold their own. */
void
_lab_slow_server_connection_close (LabSlowServerConnection *conn,
                                   gboolean                 reset)
{
  if (conn->closed)
    return;

  conn->closed = TRUE;
  g_cancellable_cancel (conn->cancellable);
  connection_clear_timer (conn);
  if (reset)
    {
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };

      if (setsockopt (g_socket_get_fd (conn->socket), SOL_SOCKET, SO_LINGER,
                      &linger, sizeof linger) != 0)
        g_debug ("slow server: could not set SO_LINGER; closing normally");
    }
  g_socket_close (conn->socket, NULL);
  g_atomic_int_add (&conn->server->n_connections, -1);
  g_hash_table_remove (conn->server->connections, conn);
}

void
_lab_slow_server_connection_set_timer (LabSlowServerConnection *conn,
                                       guint                    delay_ms,
                                       GSourceFunc              func)
{
  connection_clear_timer (conn);
  conn->timer = g_timeout_source_new (delay_ms);
  g_source_set_static_name (conn->timer, "[lab] slow server timer");
  g_source_set_callback (conn->timer, func, _lab_slow_server_connection_ref (conn),
                         _lab_slow_server_connection_unref);
  g_source_attach (conn->timer, conn->server->context);
}

/* The timer's callbacks forget the timer first, then act. */
void
_lab_slow_server_connection_timer_fired (LabSlowServerConnection *conn)
{
  g_clear_pointer (&conn->timer, g_source_unref);
}

static gboolean
on_timeout_close (gpointer data)
{
  LabSlowServerConnection *conn = data;

  _lab_slow_server_connection_timer_fired (conn);
  _lab_slow_server_connection_close (conn, FALSE);
  return G_SOURCE_REMOVE;
}

/* Closes @conn in @delay_ms unless something else closes it first. */
void
_lab_slow_server_connection_close_after (LabSlowServerConnection *conn,
                                         guint                    delay_ms)
{
  _lab_slow_server_connection_set_timer (conn, delay_ms, on_timeout_close);
}

/* After the head: a read is always pending until the connection closes. It
 * notices the client leaving and drains what it sends. */
static void
on_discard_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  LabSlowServerConnection *conn = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (!conn->closed)
    {
      if (n <= 0)
        _lab_slow_server_connection_close (conn, FALSE);
      else
        g_input_stream_read_async (G_INPUT_STREAM (source), conn->discard, sizeof conn->discard,
                                   G_PRIORITY_DEFAULT, conn->cancellable, on_discard_read,
                                   _lab_slow_server_connection_ref (conn));
    }
  _lab_slow_server_connection_unref (conn);
}

static void
connection_watch_client (LabSlowServerConnection *conn)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));

  g_input_stream_read_async (input, conn->discard, sizeof conn->discard, G_PRIORITY_DEFAULT,
                             conn->cancellable, on_discard_read,
                             _lab_slow_server_connection_ref (conn));
}

/* Reading the head */

/* TRUE when the request line, as far as it came, has bytes no request line
 * has (a TLS ClientHello, binary noise): answer now, do not wait for more. */
static gboolean
head_is_garbage (const char *head,
                 gsize       length)
{
  for (gsize i = 0; i < length && head[i] != '\n'; i++)
    if (((guchar) head[i] < 0x20 && head[i] != '\r') || head[i] == 0x7f)
      return TRUE;
  return FALSE;
}

static const char *
find_head_end (const char *head,
               gsize       length)
{
  for (gsize i = 0; i + 1 < length; i++)
    {
      if (head[i] != '\n')
        continue;
      if (head[i + 1] == '\n')
        return head + i + 2;
      if (i + 2 < length && head[i + 1] == '\r' && head[i + 2] == '\n')
        return head + i + 3;
    }
  return NULL;
}

static void
connection_handle_request (LabSlowServerConnection *conn)
{
  g_atomic_int_inc (&conn->server->n_requests);
  _lab_slow_server_plan_answer (conn);
  connection_watch_client (conn);

  if (conn->hang)
    return;   /* the pending read closes the connection when the client gives up */
  _lab_slow_server_answer_after (conn, conn->latency_ms);
}

static void
connection_read_head (LabSlowServerConnection *conn);

static void
on_head_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  LabSlowServerConnection *conn = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  gsize searched_from;

  if (conn->closed)
    goto out;

  if (n <= 0)
    {
      _lab_slow_server_connection_close (conn, FALSE);
      goto out;
    }

  /* A terminator may straddle two reads: look again from 3 bytes back. */
  searched_from = conn->head_length >= 3 ? conn->head_length - 3 : 0;
  conn->head_length += n;
  if (find_head_end (conn->head + searched_from, conn->head_length - searched_from) != NULL)
    {
      connection_clear_timer (conn);
      connection_handle_request (conn);
    }
  else if (head_is_garbage (conn->head, conn->head_length))
    {
      connection_clear_timer (conn);
      _lab_slow_server_refuse (conn, 400, "this is not an HTTP request");
      connection_watch_client (conn);
      _lab_slow_server_answer (conn);
    }
  else if (conn->head_length == sizeof conn->head)
    {
      connection_clear_timer (conn);
      _lab_slow_server_refuse (conn, 431, "the request head is over 8 KiB");
      connection_watch_client (conn);
      _lab_slow_server_answer (conn);
    }
  else
    {
      connection_read_head (conn);
    }

out:
  _lab_slow_server_connection_unref (conn);
}

static void
connection_read_head (LabSlowServerConnection *conn)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));

  g_input_stream_read_async (input, conn->head + conn->head_length,
                             sizeof conn->head - conn->head_length, G_PRIORITY_DEFAULT,
                             conn->cancellable, on_head_read,
                             _lab_slow_server_connection_ref (conn));
}

/* A connection just accepted: reads its head, within HEAD_TIMEOUT_MS. */
LabSlowServerConnection *
_lab_slow_server_connection_new (LabSlowServer     *server,
                                 GSocketConnection *connection)
{
  LabSlowServerConnection *conn = g_new0 (LabSlowServerConnection, 1);

  /* held by server->connections, dropped in _lab_slow_server_connection_close() */
  conn->ref_count = 1;
  conn->server = server;
  conn->connection = g_object_ref (connection);
  conn->socket = g_socket_connection_get_socket (connection);
  conn->cancellable = g_cancellable_new ();
  conn->stop_at = G_MAXUINT64;
  conn->declared_length = G_MAXUINT64;
  server->n_alive++;
  g_hash_table_add (server->connections, conn);
  g_atomic_int_inc (&server->n_connections);

  _lab_slow_server_connection_close_after (conn, HEAD_TIMEOUT_MS);
  connection_read_head (conn);
  return conn;
}
