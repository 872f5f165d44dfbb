/* test-download-failures.c — every failure a download can meet, each run
 * awaited and blocking: HTTP errors, refused and unresolvable hosts, TLS,
 * malformed URLs and schemes, truncated bodies, redirects, size caps,
 * time limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile inputs are made here: the slow server misbehaves on request,
 * a refused port is one we bound and closed, an unresolvable host is under
 * .invalid. Only 127.0.0.1 is ever contacted.
 */
#include <string.h>

#include "test-download-util.h"

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

void
test_download_add_failure_tests (void)
{
  static FailureTest failure_tests[2 * G_N_ELEMENTS (failure_cases)];

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
}
