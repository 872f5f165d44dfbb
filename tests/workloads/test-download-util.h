/* test-download-util.h — what the download tests share: the slow server
 * they talk to, the file it serves, the two forms of download, and the
 * waits that never sleep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-download.c starts the server and registers every test; the tests live
 * by subject in test-download-{ok,failures,async,blocking}.c.
 */
#pragma once

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

/* Set by main () before any test runs. */
extern LabSlowServer *server;
extern GBytes        *file_content;   /* served at /files/test.bin */

/* test-download-util.c */

gboolean on_deadline                    (gpointer                 data);
void     iterate_until_completed        (PoolTask                *task,
                                         guint                    timeout_ms);
GBytes  *download                       (const char              *url_or_path,
                                         const LabDownloadLimits *limits,
                                         gboolean                 blocking,
                                         GError                 **error);
void     assert_generated               (GBytes                  *body,
                                         gsize                    size);
guint16  refused_port                   (void);
gboolean wait_for_no_server_connections (guint                    timeout_ms);
void     add_both                       (const char              *name,
                                         GTestDataFunc            func);

/* Cancels @source from another thread after @delay_ms. */
typedef struct
{
  PoolCancellationTokenSource *source;
  guint                        delay_ms;
  gint64                       canceled_at;   /* read after the join */
} Canceller;

gpointer cancel_from_thread             (gpointer                 data);

/* Successes, with both forms: test-download-ok.c */
void test_download_add_ok_tests       (void);
/* Failures, with both forms: test-download-failures.c */
void test_download_add_failure_tests  (void);
/* Async only: test-download-async.c */
void test_download_add_async_tests    (void);
/* Blocking only: test-download-blocking.c */
void test_download_add_blocking_tests (void);
