/* test-slow-server.c — the built-in slow HTTP server, spoken to with raw
 * sockets: each query parameter, and every kind of bad client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client here is deliberately dumb (blocking GSocket with a timeout),
 * so it can send what no HTTP library would. The server runs on its own
 * thread; these tests block the test thread freely.
 */
#define _GNU_SOURCE   /* memmem */
#include <stdio.h>
#include <string.h>

#include "lab-slow-server.h"

#define SOCKET_TIMEOUT_S 10
#define PROMPT_MS        2000

static LabSlowServer *server;
static const char     file_text[] = "The quick brown fox jumps over the lazy dog.\n";

typedef struct
{
  guint       status;
  char       *status_line;
  GHashTable *headers;      /* lower-case name → value */
  GBytes     *body;
  GError     *read_error;   /* how reading ended, if not by EOF */
} Response;

static void
response_free (Response *response)
{
  g_free (response->status_line);
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_error (&response->read_error);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static GSocket *
connect_raw (LabSlowServer *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address =
    g_inet_socket_address_new (loopback, lab_slow_server_get_port (to));
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_set_timeout (socket, SOCKET_TIMEOUT_S);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  return socket;
}

static void
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  g_autoptr(GError) error = NULL;

  while (length > 0)
    {
      gssize sent = g_socket_send (socket, data, length, NULL, &error);

      g_assert_no_error (error);
      data += sent;
      length -= sent;
    }
}

/* Reads until EOF (or an error, kept in the response). */
static Response *
read_response (GSocket *socket)
{
  Response *response = g_new0 (Response, 1);
  g_autoptr(GByteArray) all = g_byte_array_new ();
  char buffer[16384];
  const char *data, *head_end, *line_end;
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = NULL;

  for (;;)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &response->read_error);

      if (n <= 0)
        break;
      g_byte_array_append (all, (guint8 *) buffer, n);
    }

  response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_byte_array_append (all, (guint8 *) "", 1);   /* for the string functions below */
  data = (const char *) all->data;
  head_end = strstr (data, "\r\n\r\n");
  if (head_end == NULL)
    {
      response->body = g_bytes_new (NULL, 0);
      return response;
    }

  head = g_strndup (data, head_end - data);
  lines = g_strsplit (head, "\r\n", -1);
  response->status_line = g_strdup (lines[0]);
  sscanf (lines[0], "HTTP/1.1 %u", &response->status);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      g_assert_nonnull (colon);
      g_hash_table_insert (response->headers,
                           g_ascii_strdown (lines[i], colon - lines[i]),
                           g_strstrip (g_strdup (colon + 1)));
    }
  line_end = head_end + 4;
  response->body = g_bytes_new (line_end, all->len - 1 - (line_end - data));
  return response;
}

/* Sends @request as it is, reads the answer to the end. */
static Response *
exchange (const char *request,
          gsize       length)
{
  g_autoptr(GSocket) socket = connect_raw (server);

  send_all (socket, request, length);
  return read_response (socket);
}

static Response *
get (const char *path_and_query)
{
  g_autofree char *request =
    g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path_and_query);

  return exchange (request, strlen (request));
}

static const char *
header (Response   *response,
        const char *name)
{
  return g_hash_table_lookup (response->headers, name);
}

static void
assert_status (Response *response,
               guint     status)
{
  g_test_message ("%s", response->status_line != NULL ? response->status_line : "(no status line)");
  g_assert_cmpuint (response->status, ==, status);
}

static void
assert_serving (void)
{
  g_autoptr(Response) response = get ("/files/fox.txt");

  assert_status (response, 200);
}

static gboolean
wait_until_n_connections (LabSlowServer *on,
                          guint          n)
{
  gint64 deadline = g_get_monotonic_time () + PROMPT_MS * 1000;

  /* the server lives on another thread: poll its counter */
  while (lab_slow_server_get_n_connections (on) != n && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  return lab_slow_server_get_n_connections (on) == n;
}

/* The server listens on 127.0.0.1 at a port of its own, and builds its URLs. */
static void
test_port_and_url (void)
{
  g_autofree char *url = lab_slow_server_get_url (server, "/a?b=c");
  g_autofree char *root = lab_slow_server_get_url (server, NULL);
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/a?b=c",
                                               lab_slow_server_get_port (server));

  g_assert_cmpuint (lab_slow_server_get_port (server), !=, 0);
  g_assert_cmpstr (url, ==, expected);
  g_assert_true (g_str_has_suffix (root, "/"));
}

/* An added file is served with its type and length, then the connection closes. */
static void
test_serves_file (void)
{
  g_autoptr(Response) response = get ("/files/fox.txt");
  g_autofree char *length = g_strdup_printf ("%zu", strlen (file_text));

  assert_status (response, 200);
  g_assert_no_error (response->read_error);
  g_assert_cmpstr (header (response, "content-type"), ==, "text/plain");
  g_assert_cmpstr (header (response, "content-length"), ==, length);
  g_assert_cmpstr (header (response, "connection"), ==, "close");
  g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                   file_text, strlen (file_text));
}

/* A path with escapes is unescaped before the lookup. */
static void
test_escaped_path (void)
{
  g_autoptr(Response) response = get ("/files/fo%78.txt");

  assert_status (response, 200);
}

/* An unknown path is a 404 with a short text body. */
static void
test_not_found (void)
{
  g_autoptr(Response) response = get ("/files/nothing-here");

  assert_status (response, 404);
  g_assert_cmpuint (g_bytes_get_size (response->body), >, 0);
}

/* size=N serves N generated bytes; no_length=1 leaves out Content-Length. */
static void
test_generated (void)
{
  g_autoptr(Response) response = get ("/anything?size=1000");
  g_autoptr(Response) unannounced = get ("/anything?size=1000&no_length=1");
  const guint8 *data;

  assert_status (response, 200);
  g_assert_cmpstr (header (response, "content-length"), ==, "1000");
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 1000);
  data = g_bytes_get_data (response->body, NULL);
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (data[i], ==, LAB_SLOW_SERVER_GENERATED_BYTE (i));

  assert_status (unannounced, 200);
  g_assert_null (header (unannounced, "content-length"));
  g_assert_true (g_bytes_equal (unannounced->body, response->body));
}

/* status=CODE answers that status and its reason phrase. */
static void
test_status (void)
{
  g_autoptr(Response) response = get ("/files/fox.txt?status=503");

  assert_status (response, 503);
  g_assert_cmpstr (response->status_line, ==, "HTTP/1.1 503 Service Unavailable");
}

/* redirect=N points at the same URL with N-1, keeping the other parameters. */
static void
test_redirect (void)
{
  g_autoptr(Response) three = get ("/files/fox.txt?x=1&redirect=3&y=2");
  g_autoptr(Response) one = get ("/files/fox.txt?redirect=1&x=1");
  g_autoptr(Response) only = get ("/files/fox.txt?redirect=1");
  g_autoptr(Response) loop = get ("/files/fox.txt?redirect=loop");

  assert_status (three, 302);
  g_assert_cmpstr (header (three, "location"), ==, "/files/fox.txt?x=1&redirect=2&y=2");
  g_assert_cmpstr (header (one, "location"), ==, "/files/fox.txt?x=1");
  g_assert_cmpstr (header (only, "location"), ==, "/files/fox.txt");
  g_assert_cmpstr (header (loop, "location"), ==, "/files/fox.txt?redirect=loop");
}

/* redirect_to=URL redirects anywhere, unchecked: the client must refuse. */
static void
test_redirect_to (void)
{
  g_autoptr(Response) response = get ("/x?redirect_to=file%3A%2F%2F%2Fetc%2Fpasswd");

  assert_status (response, 302);
  g_assert_cmpstr (header (response, "location"), ==, "file:///etc/passwd");
}

/* close_after=N announces the whole body and closes after N bytes of it. */
static void
test_close_after (void)
{
  g_autoptr(Response) response = get ("/x?size=5000&close_after=1234");

  assert_status (response, 200);
  g_assert_cmpstr (header (response, "content-length"), ==, "5000");
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 1234);
}

/* reset=1 resets the connection mid-body: the client never gets the whole body. */
static void
test_reset (void)
{
  g_autoptr(Response) response = get ("/x?size=100000&reset=1");

  g_test_message ("read %" G_GSIZE_FORMAT " body bytes, ended by %s",
                  g_bytes_get_size (response->body),
                  response->read_error != NULL ? response->read_error->message : "EOF");
  g_assert_cmpuint (g_bytes_get_size (response->body), <, 100000);
}

/* latency_ms delays the first byte; rate paces the body. */
static void
test_latency_and_rate (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Response) delayed = get ("/x?size=10&latency_ms=200");
  gint64 middle = g_get_monotonic_time ();
  g_autoptr(Response) paced = get ("/x?size=100000&rate=500000");
  gint64 end = g_get_monotonic_time ();

  assert_status (delayed, 200);
  assert_status (paced, 200);
  g_assert_cmpuint (g_bytes_get_size (paced->body), ==, 100000);
  g_assert_cmpint (middle - start, >=, 200 * 1000);
  g_assert_cmpint (end - middle, >=, 150 * 1000);   /* 100 KB at 500 KB/s: ~200 ms */
}

/* Reads at most @max bytes for at most about @timeout_s in all (the server
 * may keep sending, or stop without closing). */
static GBytes *
read_some (GSocket *socket,
           gsize    max,
           guint    timeout_s)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  char buffer[16384];
  gint64 end = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  g_socket_set_timeout (socket, timeout_s);
  while (all->len < max && g_get_monotonic_time () < end)
    {
      gssize n = g_socket_receive (socket, buffer, MIN (sizeof buffer, max - all->len), NULL,
                                   NULL);

      if (n <= 0)
        break;
      g_byte_array_append (all, (guint8 *) buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return size >= strlen (text) && memmem (data, size, text, strlen (text)) != NULL;
}

/* stall_after_head=1 sends the head, then nothing, with the connection open. */
static void
test_stall_after_head (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  const char request[] = "GET /x?size=1000&stall_after_head=1 HTTP/1.1\r\n\r\n";
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  char byte;

  send_all (socket, request, strlen (request));
  got = read_some (socket, 1 << 20, 1);
  g_assert_true (bytes_contain (got, "HTTP/1.1 200 OK\r\n"));
  g_assert_true (bytes_contain (got, "Content-Length: 1000\r\n"));
  g_assert_true (bytes_contain (got, "\r\n\r\n"));
  g_assert_false (bytes_contain (got, "\x01\x02\x03"));   /* no body byte */
  g_assert_cmpint (g_socket_receive (socket, &byte, 1, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpuint (lab_slow_server_get_n_connections (server), ==, 1);
  g_socket_close (socket, NULL);
  g_assert_true (wait_until_n_connections (server, 0));
}

/* endless_head=1 sends the status line, then header lines without end (paced by rate). */
static void
test_endless_head (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  const char request[] = "GET /x?endless_head=1 HTTP/1.1\r\n\r\n";
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GSocket) slow = connect_raw (server);
  const char slow_request[] = "GET /x?endless_head=1&rate=1000 HTTP/1.1\r\n\r\n";
  g_autoptr(GBytes) slow_got = NULL;

  send_all (socket, request, strlen (request));
  got = read_some (socket, 1 << 20, SOCKET_TIMEOUT_S);
  g_assert_cmpuint (g_bytes_get_size (got), ==, 1 << 20);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (got, NULL), "HTTP/1.1 200 OK\r\nX-Trickle: x"));
  g_assert_false (bytes_contain (got, "\r\n\r\n"));
  g_socket_close (socket, NULL);

  send_all (slow, slow_request, strlen (slow_request));
  slow_got = read_some (slow, 1 << 20, 1);   /* ends by the timeout: a second's worth */
  g_test_message ("%" G_GSIZE_FORMAT " bytes in a second at 1000 B/s",
                  g_bytes_get_size (slow_got));
  g_assert_cmpuint (g_bytes_get_size (slow_got), >, 17);
  g_assert_cmpuint (g_bytes_get_size (slow_got), <, 5000);
  g_socket_close (slow, NULL);
  g_assert_true (wait_until_n_connections (server, 0));
}

/* header_bytes=N adds one header line of N bytes of padding. */
static void
test_header_bytes (void)
{
  g_autoptr(Response) response = get ("/x?size=10&header_bytes=200000");
  const char *padding;

  assert_status (response, 200);
  padding = header (response, "x-padding");
  g_assert_nonnull (padding);
  g_assert_cmpuint (strlen (padding), ==, 200000);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 10);
}

/* http09=1 answers with the body alone. */
static void
test_http09 (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  const char request[] = "GET /files/fox.txt?http09=1 HTTP/1.1\r\n\r\n";
  g_autoptr(GBytes) got = NULL;

  send_all (socket, request, strlen (request));
  got = read_some (socket, 1 << 20, SOCKET_TIMEOUT_S);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got),
                   file_text, strlen (file_text));
}

/* encoding=gzip|deflate compresses on the fly: the body decompresses to what
 * would have been sent, and no Content-Length is announced. */
static void
test_encoding (void)
{
  static const struct { const char *name; GZlibCompressorFormat format; } encodings[] = {
    { "gzip", G_ZLIB_COMPRESSOR_FORMAT_GZIP },
    { "deflate", G_ZLIB_COMPRESSOR_FORMAT_ZLIB },
  };

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/x?size=200000&encoding=%s", encodings[i].name);
      g_autoptr(Response) response = get (path);
      g_autoptr(GConverter) decompressor =
        G_CONVERTER (g_zlib_decompressor_new (encodings[i].format));
      gsize size, read = 0, written = 0;
      const guint8 *data = g_bytes_get_data (response->body, &size);
      g_autofree guint8 *out = g_malloc (300000);

      assert_status (response, 200);
      g_assert_cmpstr (header (response, "content-encoding"), ==, encodings[i].name);
      g_assert_null (header (response, "content-length"));
      g_assert_cmpuint (size, <, 20000);
      g_assert_cmpint (g_converter_convert (decompressor, data, size, out, 300000,
                                            G_CONVERTER_INPUT_AT_END, &read, &written, NULL),
                       ==, G_CONVERTER_FINISHED);
      g_assert_cmpuint (written, ==, 200000);
      for (gsize k = 0; k < written; k++)
        g_assert_cmpuint (out[k], ==, LAB_SLOW_SERVER_GENERATED_BYTE (k));
    }
}

/* A gzip bomb: 1 GiB that comes as a few MB; a client that leaves early
 * costs the server nothing more. */
static void
test_gzip_bomb (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  const char request[] = "GET /x?size=1073741824&encoding=gzip HTTP/1.1\r\n\r\n";
  g_autoptr(GBytes) got = NULL;

  send_all (socket, request, strlen (request));
  got = read_some (socket, 256 * 1024, SOCKET_TIMEOUT_S);
  g_assert_true (bytes_contain (got, "Content-Encoding: gzip\r\n"));
  g_socket_close (socket, NULL);
  g_assert_true (wait_until_n_connections (server, 0));
  assert_serving ();
}

/* encoding=broken says gzip and sends the body as it is. */
static void
test_broken_encoding (void)
{
  g_autoptr(Response) response = get ("/files/fox.txt?encoding=broken");

  assert_status (response, 200);
  g_assert_cmpstr (header (response, "content-encoding"), ==, "gzip");
  g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                   file_text, strlen (file_text));
}

/* length=N announces N, whatever the body: shorter or longer than it. */
static void
test_length_lies (void)
{
  g_autoptr(Response) shorter = get ("/x?size=1000&length=500");
  g_autoptr(Response) longer = get ("/x?size=1000&length=5000");

  assert_status (shorter, 200);
  g_assert_cmpstr (header (shorter, "content-length"), ==, "500");
  g_assert_cmpuint (g_bytes_get_size (shorter->body), ==, 1000);
  assert_status (longer, 200);
  g_assert_cmpstr (header (longer, "content-length"), ==, "5000");
  g_assert_cmpuint (g_bytes_get_size (longer->body), ==, 1000);
}

/* hang=1 never answers; when the client leaves, the server lets go too. */
static void
test_hang_then_leave (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  const char request[] = "GET /files/fox.txt?hang=1 HTTP/1.1\r\n\r\n";
  char byte;
  g_autoptr(GError) error = NULL;

  send_all (socket, request, strlen (request));
  g_socket_set_timeout (socket, 1);
  g_assert_cmpint (g_socket_receive (socket, &byte, 1, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (wait_until_n_connections (server, 1));
  g_socket_close (socket, NULL);
  g_assert_true (wait_until_n_connections (server, 0));
  assert_serving ();
}

/* Garbage instead of a request line is a 400, and the server keeps serving. */
static void
test_garbage (void)
{
  const char garbage[] = "\x01\x02\xff\xfe nonsense\r\n\r\n";
  g_autoptr(Response) response = exchange (garbage, sizeof garbage - 1);
  g_autoptr(Response) no_version = get ("/files/fox.txt HTTP/1.1 extra");
  g_autoptr(Response) relative = exchange ("GET files HTTP/1.1\r\n\r\n", 22);

  assert_status (response, 400);
  assert_status (no_version, 400);
  assert_status (relative, 400);
  assert_serving ();
}

/* Random bytes with blank lines in them never crash the server. */
static void
test_random_noise (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 20; round++)
    {
      guint8 noise[600];
      g_autoptr(Response) response = NULL;

      for (guint i = 0; i < sizeof noise; i++)
        noise[i] = (guint8) g_rand_int (rand);
      memcpy (noise + 300, "\r\n\r\n", 4);
      response = exchange ((const char *) noise, sizeof noise);
      g_assert_cmpuint (response->status, >=, 400);
    }
  assert_serving ();
}

/* A first line with binary in it (a TLS ClientHello) is answered at once,
 * without waiting for a blank line that will never come. */
static void
test_binary_answered_at_once (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);
  const char client_hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
  g_autoptr(Response) response = NULL;

  send_all (socket, client_hello, sizeof client_hello - 1);
  g_socket_set_timeout (socket, 2);   /* the server's own head timeout is 10 s */
  response = read_response (socket);
  g_assert_no_error (response->read_error);
  assert_status (response, 400);
}

/* Methods other than GET are refused with 405. */
static void
test_method (void)
{
  const char post[] = "POST /files/fox.txt HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
  g_autoptr(Response) response = exchange (post, strlen (post));

  assert_status (response, 405);
}

/* A request head over the bound is refused with 431, not buffered. */
static void
test_oversized_head (void)
{
  GString *request = g_string_new ("GET /files/fox.txt HTTP/1.1\r\n");
  g_autoptr(Response) response = NULL;

  while (request->len < LAB_SLOW_SERVER_MAX_REQUEST_HEAD + 1000)
    g_string_append (request, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
  response = exchange (request->str, request->len);
  g_string_free (request, TRUE);
  assert_status (response, 431);
  assert_serving ();
}

/* Each bad parameter value is a 400 naming the parameter. */
static void
test_bad_parameters (void)
{
  const char *bad[] = {
    "/x?latency_ms=abc", "/x?latency_ms=-1", "/x?latency_ms=99999999999", "/x?size=-5",
    "/x?size=1e3", "/x?status=99", "/x?status=600", "/x?rate=0", "/x?hang=2", "/x?reset=yes",
    "/x?redirect=0", "/x?redirect=sometimes", "/x?redirect_to=", "/x?close_after=x",
    "/x?a&&b", "/x?redirect_to=%0d%0aSet-Cookie:%20x", "/%00", "/x%zz",
    "/x?encoding=br", "/x?encoding=", "/x?header_bytes=0", "/x?header_bytes=99999999999",
    "/x?length=-1", "/x?http09=yes", "/x?stall_after_head=2", "/x?endless_head=x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Response) response = get (bad[i]);

      g_test_message ("%s", bad[i]);
      assert_status (response, 400);
      g_assert_null (header (response, "set-cookie"));
    }
  assert_serving ();
}

/* A client that sends half a head and leaves costs nothing after it leaves. */
static void
test_half_head_then_leave (void)
{
  g_autoptr(GSocket) socket = connect_raw (server);

  send_all (socket, "GET /files/fox.t", 16);
  g_assert_true (wait_until_n_connections (server, 1));
  g_socket_close (socket, NULL);
  g_assert_true (wait_until_n_connections (server, 0));
}

/* A hundred hanging clients at once do not stop the server answering others. */
static void
test_many_connections (void)
{
  enum { N = 100 };
  GSocket *sockets[N];
  const char request[] = "GET /x?hang=1 HTTP/1.1\r\n\r\n";
  guint requests = lab_slow_server_get_n_requests (server);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (guint i = 0; i < N; i++)
    {
      sockets[i] = connect_raw (server);
      send_all (sockets[i], request, strlen (request));
    }
  while (lab_slow_server_get_n_requests (server) < requests + N &&
         g_get_monotonic_time () < deadline)
    g_usleep (2000);
  g_assert_cmpuint (lab_slow_server_get_n_requests (server), ==, requests + N);
  assert_serving ();
  for (guint i = 0; i < N; i++)
    g_object_unref (sockets[i]);
  g_assert_true (wait_until_n_connections (server, 0));
}

/* Freeing a server with clients mid-request closes them and returns. */
static void
test_free_with_open_connections (void)
{
  g_autoptr(GError) error = NULL;
  LabSlowServer *own = lab_slow_server_new (&error);
  g_autoptr(GSocket) hanging = NULL;
  g_autoptr(GSocket) paced = NULL;
  const char hang[] = "GET /x?hang=1 HTTP/1.1\r\n\r\n";
  const char slow[] = "GET /x?size=10000000&rate=1000 HTTP/1.1\r\n\r\n";
  g_autoptr(Response) hang_response = NULL;
  g_autoptr(Response) slow_response = NULL;

  g_assert_no_error (error);
  hanging = connect_raw (own);
  paced = connect_raw (own);
  send_all (hanging, hang, strlen (hang));
  send_all (paced, slow, strlen (slow));
  while (lab_slow_server_get_n_requests (own) < 2)
    g_usleep (2000);

  lab_slow_server_free (own);
  hang_response = read_response (hanging);
  slow_response = read_response (paced);
  g_assert_cmpuint (hang_response->status, ==, 0);
  g_assert_cmpuint (g_bytes_get_size (slow_response->body), <, 10000000);
}

/* The default server is made once and then shared. */
static void
test_default (void)
{
  g_autoptr(GError) error = NULL;
  LabSlowServer *first = lab_slow_server_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (lab_slow_server_get_default (NULL) == first);
  g_assert_cmpuint (lab_slow_server_get_port (first), !=, lab_slow_server_get_port (server));
  /* this test program has no bundled images compiled in */
  g_assert_cmpuint (lab_slow_server_add_resources (first, "/images/", "/no/such/dir/"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) fox = g_bytes_new_static (file_text, strlen (file_text));
  int status;

  g_test_init (&argc, &argv, NULL);

  server = lab_slow_server_new (&error);
  g_assert_no_error (error);
  lab_slow_server_add_file (server, "/files/fox.txt", fox, "text/plain");

  g_test_add_func ("/app/slow-server/port-and-url", test_port_and_url);
  g_test_add_func ("/app/slow-server/serves-file", test_serves_file);
  g_test_add_func ("/app/slow-server/escaped-path", test_escaped_path);
  g_test_add_func ("/app/slow-server/not-found", test_not_found);
  g_test_add_func ("/app/slow-server/generated", test_generated);
  g_test_add_func ("/app/slow-server/status", test_status);
  g_test_add_func ("/app/slow-server/redirect", test_redirect);
  g_test_add_func ("/app/slow-server/redirect-to", test_redirect_to);
  g_test_add_func ("/app/slow-server/close-after", test_close_after);
  g_test_add_func ("/app/slow-server/reset", test_reset);
  g_test_add_func ("/app/slow-server/latency-and-rate", test_latency_and_rate);
  g_test_add_func ("/app/slow-server/hang-then-leave", test_hang_then_leave);
  g_test_add_func ("/app/slow-server/fault/stall-after-head", test_stall_after_head);
  g_test_add_func ("/app/slow-server/fault/endless-head", test_endless_head);
  g_test_add_func ("/app/slow-server/fault/header-bytes", test_header_bytes);
  g_test_add_func ("/app/slow-server/fault/http09", test_http09);
  g_test_add_func ("/app/slow-server/fault/encoding", test_encoding);
  g_test_add_func ("/app/slow-server/fault/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/app/slow-server/fault/broken-encoding", test_broken_encoding);
  g_test_add_func ("/app/slow-server/fault/length-lies", test_length_lies);
  g_test_add_func ("/app/slow-server/bad/garbage", test_garbage);
  g_test_add_func ("/app/slow-server/bad/random-noise", test_random_noise);
  g_test_add_func ("/app/slow-server/bad/binary-answered-at-once", test_binary_answered_at_once);
  g_test_add_func ("/app/slow-server/bad/method", test_method);
  g_test_add_func ("/app/slow-server/bad/oversized-head", test_oversized_head);
  g_test_add_func ("/app/slow-server/bad/parameters", test_bad_parameters);
  g_test_add_func ("/app/slow-server/bad/half-head-then-leave", test_half_head_then_leave);
  g_test_add_func ("/app/slow-server/many-connections", test_many_connections);
  g_test_add_func ("/app/slow-server/free-with-open-connections", test_free_with_open_connections);
  g_test_add_func ("/app/slow-server/default", test_default);

  status = g_test_run ();
  lab_slow_server_free (server);
  return status;
}
