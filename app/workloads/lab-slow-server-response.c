/* lab-slow-server-response.c — sending the answer: the head (or a short
 * text answer), then the body in paced writes, then a FIN or a reset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-slow-server-private.h"
#include "lab-http-status.h"

#include <string.h>

#define LINGER_TIMEOUT_MS  5000   /* for the client to close after our answer */
#define RATE_TICKS_PER_S   50     /* a paced body goes out in 20 ms slices */

/* The head and text answers */

void
_lab_slow_server_set_head (LabSlowServerConnection *conn,
                           guint                    status,
                           const char              *content_type,
                           const char              *location,
                           gboolean                 with_length)
{
  GString *head = g_string_new (NULL);

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, lab_http_status_reason (status));
  g_string_append (head, "Server: TaskLab slow server\r\n");
  if (conn->header_bytes > 0)
    {
      g_string_append (head, "X-Padding: ");
      for (guint64 i = 0; i < conn->header_bytes; i++)
        g_string_append_c (head, 'a');
      g_string_append (head, "\r\n");
    }
  if (content_type != NULL)
    g_string_append_printf (head, "Content-Type: %s\r\n", content_type);
  if (conn->encoding != NULL)
    g_string_append_printf (head, "Content-Encoding: %s\r\n", conn->encoding);
  if (conn->declared_length != G_MAXUINT64)
    g_string_append_printf (head, "Content-Length: %" G_GUINT64_FORMAT "\r\n",
                            conn->declared_length);
  else if (with_length && conn->compressor == NULL)
    g_string_append_printf (head, "Content-Length: %" G_GUINT64_FORMAT "\r\n", conn->body_length);
  if (location != NULL)
    g_string_append_printf (head, "Location: %s\r\n", location);
  g_string_append (head, "Cache-Control: no-store\r\nConnection: close\r\n\r\n");

  if (conn->response_head != NULL)
    g_string_free (conn->response_head, TRUE);
  conn->response_head = head;
}

/* A short text answer: errors, redirects, status=CODE. */
void
_lab_slow_server_set_text_answer (LabSlowServerConnection *conn,
                                  guint                    status,
                                  const char              *location,
                                  const char              *detail)
{
  g_autofree char *text = NULL;

  if (status == 204 || status == 304)
    text = g_strdup ("");
  else if (detail != NULL)
    text = g_strdup_printf ("%u %s: %s\n", status, lab_http_status_reason (status), detail);
  else
    text = g_strdup_printf ("%u %s\n", status, lab_http_status_reason (status));

  g_clear_pointer (&conn->body, g_bytes_unref);
  conn->body_kind = LAB_SLOW_SERVER_BODY_BYTES;
  conn->body_length = strlen (text);
  conn->body = g_bytes_new_take (g_steal_pointer (&text), conn->body_length);
  _lab_slow_server_set_head (conn, status, "text/plain; charset=utf-8", location, TRUE);
}

/* Answers a request we refuse; the latency and the other parameters do not
 * apply (they may be what was wrong). */
void
_lab_slow_server_refuse (LabSlowServerConnection *conn,
                         guint                    status,
                         const char              *detail)
{
  conn->header_bytes = 0;
  conn->declared_length = G_MAXUINT64;
  conn->encoding = NULL;
  g_clear_object (&conn->compressor);
  _lab_slow_server_set_text_answer (conn, status, NULL, detail);
  conn->hang = FALSE;
  conn->latency_ms = 0;
  conn->rate = 0;
  conn->reset = FALSE;
  conn->stop_at = G_MAXUINT64;
  conn->stall_after_head = FALSE;
  conn->http09 = FALSE;
  conn->body_kind = LAB_SLOW_SERVER_BODY_BYTES;
}

/* Sending */

static void connection_write_body (LabSlowServerConnection *conn);

/* The whole answer is out: send our FIN, give the client a while to read
 * and close; the pending read closes us when it does. */
static void
connection_finish (LabSlowServerConnection *conn)
{
  if (!g_socket_shutdown (conn->socket, FALSE, TRUE, NULL))
    {
      _lab_slow_server_connection_close (conn, FALSE);
      return;
    }
  _lab_slow_server_connection_close_after (conn, LINGER_TIMEOUT_MS);
}

static void
on_body_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  LabSlowServerConnection *conn = data;
  gboolean ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);

  if (!conn->closed)
    {
      if (!ok)
        {
          _lab_slow_server_connection_close (conn, FALSE);   /* the client went away */
        }
      else
        {
          conn->body_sent += conn->chunk_length;
          if (conn->compressor != NULL)
            conn->wire_start += conn->chunk_length;
          conn->chunk_length = 0;
          connection_write_body (conn);
        }
    }
  _lab_slow_server_connection_unref (conn);
}

static gboolean
on_pacing_done (gpointer data)
{
  LabSlowServerConnection *conn = data;

  _lab_slow_server_connection_timer_fired (conn);
  connection_write_body (conn);
  return G_SOURCE_REMOVE;
}

/* Writes the next slice of the body, or ends the connection the way the
 * request asked. */
static void
connection_write_body (LabSlowServerConnection *conn)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));
  gboolean more = _lab_slow_server_body_has_more (conn);
  guint64 length;
  const guint8 *data;

  if (!more || conn->body_sent >= conn->stop_at)
    {
      if (more || conn->reset)
        _lab_slow_server_connection_close (conn, conn->reset);
      else
        connection_finish (conn);
      return;
    }

  length = MIN (conn->stop_at - conn->body_sent, LAB_SLOW_SERVER_CHUNK_BYTES);
  if (conn->compressor == NULL)
    length = MIN (length, conn->body_length - conn->body_sent);
  else
    length = MIN (length, conn->wire_length - conn->wire_start);
  if (conn->rate > 0)
    {
      gint64 due_us = conn->body_started_us +
                      (gint64) (conn->body_sent * G_USEC_PER_SEC / conn->rate);
      gint64 now_us = g_get_monotonic_time ();

      if (due_us > now_us + 1000)
        {
          _lab_slow_server_connection_set_timer (conn, (guint) ((due_us - now_us) / 1000),
                                                 on_pacing_done);
          return;
        }
      length = MIN (length, MAX (conn->rate / RATE_TICKS_PER_S, 1));
    }

  if (conn->compressor != NULL)
    data = conn->wire + conn->wire_start;
  else
    data = _lab_slow_server_body_slice (conn, conn->body_sent, length);
  conn->chunk_length = length;
  g_output_stream_write_all_async (output, data, length, G_PRIORITY_DEFAULT, conn->cancellable,
                                   on_body_written, _lab_slow_server_connection_ref (conn));
}

static void
on_head_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  LabSlowServerConnection *conn = data;
  gboolean ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);

  if (!conn->closed)
    {
      if (!ok)
        {
          _lab_slow_server_connection_close (conn, FALSE);
        }
      else if (!conn->stall_after_head)
        {
          conn->body_started_us = g_get_monotonic_time ();
          connection_write_body (conn);
        }
      /* stall_after_head: nothing more; the pending read sees the client go */
    }
  _lab_slow_server_connection_unref (conn);
}

/* Writes the head, then the body (paced, cut, compressed as planned). */
void
_lab_slow_server_answer (LabSlowServerConnection *conn)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));

  if (conn->response_head->len == 0)   /* http09=1: the body is all there is */
    {
      conn->body_started_us = g_get_monotonic_time ();
      connection_write_body (conn);
      return;
    }

  g_output_stream_write_all_async (output, conn->response_head->str, conn->response_head->len,
                                   G_PRIORITY_DEFAULT, conn->cancellable, on_head_written,
                                   _lab_slow_server_connection_ref (conn));
}

static gboolean
on_latency_done (gpointer data)
{
  LabSlowServerConnection *conn = data;

  _lab_slow_server_connection_timer_fired (conn);
  _lab_slow_server_answer (conn);
  return G_SOURCE_REMOVE;
}

/* Answers now, or after @delay_ms when it is not 0 (latency_ms). */
void
_lab_slow_server_answer_after (LabSlowServerConnection *conn,
                               guint                    delay_ms)
{
  if (delay_ms > 0)
    _lab_slow_server_connection_set_timer (conn, delay_ms, on_latency_done);
  else
    _lab_slow_server_answer (conn);
}
