/* lab-slow-server-request.c — the request line and its parameters: parsed,
 * and every parameter checked before any is acted on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-slow-server-private.h"

#include <string.h>

#define MAX_RATE           (G_GUINT64_CONSTANT (1) << 32)
#define MAX_REDIRECTS      1000

/* Reads an unsigned parameter; FALSE (and a 400) when it is not one. */
static gboolean
param_uint (LabSlowServerConnection *conn,
            GHashTable              *params,
            const char              *name,
            guint64                  min,
            guint64                  max,
            guint64                 *value)
{
  const char *text = params != NULL ? g_hash_table_lookup (params, name) : NULL;

  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      g_autofree char *detail =
        g_strdup_printf ("%s must be a whole number from %" G_GUINT64_FORMAT " to %"
                         G_GUINT64_FORMAT, name, min, max);

      _lab_slow_server_refuse (conn, 400, detail);
      return FALSE;
    }
  return TRUE;
}

/* Bytes below 0x20 and DEL: what no request line, URL or header value has. */
gboolean
_lab_slow_server_has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
param_flag (GHashTable *params,
            const char *name)
{
  return params != NULL && g_strcmp0 (g_hash_table_lookup (params, name), "1") == 0;
}

/* Parses the request head of @conn into @request. FALSE when the request is
 * refused: @conn then holds a 4xx answer. */
gboolean
_lab_slow_server_request_parse (LabSlowServerRequest    *request,
                                LabSlowServerConnection *conn)
{
  const char *line_end = memchr (conn->head, '\n', conn->head_length);
  g_autofree char *line = g_strndup (conn->head, line_end - conn->head);
  g_auto(GStrv) parts = NULL;
  GHashTable *params;
  const char *flag;
  char *query_mark;

  *request = (LabSlowServerRequest) {
    .size = G_MAXUINT64,
    .close_after = G_MAXUINT64,
    .length = G_MAXUINT64,
  };

  g_strchomp (line);   /* the \r */
  if (_lab_slow_server_has_control_characters (line) || !g_utf8_validate (line, -1, NULL))
    {
      _lab_slow_server_refuse (conn, 400, "the request line has control characters");
      return FALSE;
    }

  parts = g_strsplit (line, " ", -1);
  if (g_strv_length (parts) != 3 ||
      (strcmp (parts[2], "HTTP/1.1") != 0 && strcmp (parts[2], "HTTP/1.0") != 0) ||
      parts[1][0] != '/')
    {
      _lab_slow_server_refuse (conn, 400, "expected \"GET /path HTTP/1.1\"");
      return FALSE;
    }
  if (strcmp (parts[0], "GET") != 0)
    {
      _lab_slow_server_refuse (conn, 405, "only GET is served");
      return FALSE;
    }

  request->raw_path = g_strdup (parts[1]);
  query_mark = strchr (request->raw_path, '?');
  if (query_mark != NULL)
    {
      *query_mark = '\0';
      request->raw_query = query_mark + 1;
    }
  request->path = g_uri_unescape_string (request->raw_path, NULL);
  if (request->path == NULL)
    {
      _lab_slow_server_refuse (conn, 400, "the path is not validly escaped");
      return FALSE;
    }
  if (request->raw_query != NULL && request->raw_query[0] != '\0')
    {
      request->params = g_uri_parse_params (request->raw_query, -1, "&", G_URI_PARAMS_NONE,
                                            NULL);
      if (request->params == NULL)
        {
          _lab_slow_server_refuse (conn, 400, "the query is not name=value&…");
          return FALSE;
        }
    }
  params = request->params;

  /* Validate every parameter before acting on any. */
  if (!param_uint (conn, params, "latency_ms", 0, LAB_SLOW_SERVER_MAX_LATENCY_MS,
                   &request->latency_ms) ||
      !param_uint (conn, params, "status", 200, 599, &request->status) ||
      !param_uint (conn, params, "size", 0, LAB_SLOW_SERVER_MAX_SIZE, &request->size) ||
      !param_uint (conn, params, "rate", 1, MAX_RATE, &request->rate) ||
      !param_uint (conn, params, "close_after", 0, G_MAXUINT64 - 1, &request->close_after) ||
      !param_uint (conn, params, "header_bytes", 1, LAB_SLOW_SERVER_MAX_HEADER_BYTES,
                   &request->header_bytes) ||
      !param_uint (conn, params, "length", 0, G_MAXUINT64 - 1, &request->length))
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      static const char *const flags[] = {
        "hang", "reset", "no_length", "stall_after_head", "endless_head", "http09"
      };

      flag = params != NULL ? g_hash_table_lookup (params, flags[i]) : NULL;
      if (flag != NULL && strcmp (flag, "1") != 0 && strcmp (flag, "0") != 0)
        {
          g_autofree char *detail = g_strdup_printf ("%s must be 0 or 1", flags[i]);

          _lab_slow_server_refuse (conn, 400, detail);
          return FALSE;
        }
    }
  request->encoding = params != NULL ? g_hash_table_lookup (params, "encoding") : NULL;
  if (request->encoding != NULL && strcmp (request->encoding, "gzip") != 0 &&
      strcmp (request->encoding, "deflate") != 0 && strcmp (request->encoding, "broken") != 0)
    {
      _lab_slow_server_refuse (conn, 400, "encoding must be gzip, deflate or broken");
      return FALSE;
    }
  request->redirect_to = params != NULL ? g_hash_table_lookup (params, "redirect_to") : NULL;
  if (request->redirect_to != NULL &&
      (request->redirect_to[0] == '\0' ||
       _lab_slow_server_has_control_characters (request->redirect_to)))
    {
      _lab_slow_server_refuse (conn, 400, "redirect_to must be a URL");
      return FALSE;
    }
  request->redirect = params != NULL ? g_hash_table_lookup (params, "redirect") : NULL;
  if (request->redirect != NULL && strcmp (request->redirect, "loop") != 0 &&
      !g_ascii_string_to_unsigned (request->redirect, 10, 1, MAX_REDIRECTS, NULL, NULL))
    {
      _lab_slow_server_refuse (conn, 400, "redirect must be loop or a whole number from 1 to 1000");
      return FALSE;
    }

  request->hang = param_flag (params, "hang");
  request->reset = param_flag (params, "reset");
  request->no_length = param_flag (params, "no_length");
  request->stall_after_head = param_flag (params, "stall_after_head");
  request->endless_head = param_flag (params, "endless_head");
  request->http09 = param_flag (params, "http09");
  return TRUE;
}

/* redirect=N: N - 1 as the next redirect's value, "loop" for loop, NULL
 * when this is the last redirect. */
char *
_lab_slow_server_request_next_redirect (const LabSlowServerRequest *request)
{
  guint64 n;

  if (strcmp (request->redirect, "loop") == 0)
    return g_strdup ("loop");
  if (g_ascii_string_to_unsigned (request->redirect, 10, 1, MAX_REDIRECTS, &n, NULL) && n > 1)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, n - 1);
  return NULL;
}

void
_lab_slow_server_request_clear (LabSlowServerRequest *request)
{
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->raw_path, g_free);
}
