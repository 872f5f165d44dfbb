/* test-download.c — downloads, awaited and blocking, against the slow
 * server: every success and every failure the demos can meet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile inputs are made here: the slow server misbehaves on request,
 * a refused port is one we bound and closed, an unresolvable host is under
 * .invalid. Only 127.0.0.1 is ever contacted. The async tests iterate the
 * default main context; none sleeps.
 *
 * This file starts the server and registers the tests, which live by
 * subject: test-download-ok.c (successes, both forms), -failures.c (every
 * error, both forms), -async.c and -blocking.c (what only one form does);
 * their helpers are in test-download-util.{h,c}.
 */
#include "test-download-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
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

  /* in this order: the paths' order in the TAP output is the one it always was */
  test_download_add_ok_tests ();
  test_download_add_failure_tests ();
  test_download_add_async_tests ();
  test_download_add_blocking_tests ();

  status = g_test_run ();

  lab_slow_server_free (server);
  g_bytes_unref (file_content);
  return status;
}
