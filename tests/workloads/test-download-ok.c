/* test-download-ok.c — downloads that succeed, awaited and blocking: the
 * body whole and exact, redirects followed, the server's rate and latency
 * honoured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-download-util.h"

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


void
test_download_add_ok_tests (void)
{
  add_both ("ok", test_ok);
  add_both ("generated", test_generated);
  add_both ("empty", test_empty);
  add_both ("at-cap", test_at_cap);
  add_both ("redirect/chain-of-five", test_redirect_chain);
  add_both ("redirect/to-http", test_redirect_to_http);
  add_both ("rate", test_rate);
  add_both ("latency", test_latency);
}
