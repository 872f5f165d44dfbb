/* lab-download.h — downloading a URL into memory, awaited or blocking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two ways scenario 12 compares: lab_download_async() is awaited I/O
 * (HttpClient.GetByteArrayAsync): libcurl's multi interface driven by a
 * GMainContext, holding no thread while it waits. lab_download_blocking() is
 * curl_easy_perform(), which holds its thread for the whole transfer (the
 * thread of a Task.Run, or the UI thread when called from a click).
 *
 * Both refuse what a downloader of untrusted URLs must refuse: schemes
 * other than http and https (also in redirects), more than a few redirects,
 * bodies over a cap, servers that stall; and they verify TLS certificates.
 */
#pragma once

#include <gio/gio.h>

#include <pool.h>

G_BEGIN_DECLS

#define LAB_DOWNLOAD_ERROR (lab_download_error_quark ())

/**
 * LabDownloadError:
 * @LAB_DOWNLOAD_ERROR_INVALID_URL: malformed, or a scheme other than http/https
 * @LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT: a redirect to another protocol
 * @LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS: more redirects than allowed (loops)
 * @LAB_DOWNLOAD_ERROR_HTTP: the server answered with a status of 400 or more
 * @LAB_DOWNLOAD_ERROR_TOO_LARGE: the body is larger than the cap
 * @LAB_DOWNLOAD_ERROR_RESOLVE: the host name could not be resolved
 * @LAB_DOWNLOAD_ERROR_CONNECT: the connection was refused or failed
 * @LAB_DOWNLOAD_ERROR_TIMED_OUT: a timeout or the low-speed limit ran out
 * @LAB_DOWNLOAD_ERROR_TRUNCATED: the connection closed or was reset before
 *   the whole body arrived
 * @LAB_DOWNLOAD_ERROR_TLS: the TLS handshake or the certificate check failed
 * @LAB_DOWNLOAD_ERROR_FAILED: anything else
 * @LAB_DOWNLOAD_ERROR_BAD_RESPONSE: the server's answer is not HTTP that
 *   can be accepted: no status line (HTTP/0.9), a header line or headers
 *   too long, a body that does not decompress
 */
typedef enum
{
  LAB_DOWNLOAD_ERROR_INVALID_URL,
  LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT,
  LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS,
  LAB_DOWNLOAD_ERROR_HTTP,
  LAB_DOWNLOAD_ERROR_TOO_LARGE,
  LAB_DOWNLOAD_ERROR_RESOLVE,
  LAB_DOWNLOAD_ERROR_CONNECT,
  LAB_DOWNLOAD_ERROR_TIMED_OUT,
  LAB_DOWNLOAD_ERROR_TRUNCATED,
  LAB_DOWNLOAD_ERROR_TLS,
  LAB_DOWNLOAD_ERROR_FAILED,
  LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
} LabDownloadError;

#define LAB_DOWNLOAD_DEFAULT_CONNECT_TIMEOUT_MS 10000
#define LAB_DOWNLOAD_DEFAULT_LOW_SPEED_BYTES    1024
#define LAB_DOWNLOAD_DEFAULT_LOW_SPEED_TIME_S   20
#define LAB_DOWNLOAD_DEFAULT_TIMEOUT_MS         (5 * 60 * 1000)
#define LAB_DOWNLOAD_DEFAULT_MAX_BODY_BYTES     (16 * 1024 * 1024)
#define LAB_DOWNLOAD_DEFAULT_MAX_REDIRECTS      5

/* The bound for a download that blocks the UI thread on purpose (the
 * "blocking download on the UI thread" demo): pass it as timeout_ms. */
#define LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS       3000

/* Status lines and headers of a transfer together (redirects included);
 * more is refused. */
#define LAB_DOWNLOAD_MAX_HEADER_BYTES           (256 * 1024)

/**
 * LabDownloadLimits:
 * @connect_timeout_ms: for name resolution and the connection
 * @low_speed_bytes: the transfer fails when slower than this many bytes
 *   per second ...
 * @low_speed_time_s: ... for this many seconds in a row (a hanging server)
 * @timeout_ms: for the whole transfer: name resolution, connection, TLS,
 *   redirects, headers and body; lab_download_blocking() returns within it
 *   (see there)
 * @max_body_bytes: the largest body accepted; a larger one stops the
 *   transfer as soon as it is known to be larger
 * @max_redirects: how many redirects are followed; -1 follows none
 *
 * A zero field means its LAB_DOWNLOAD_DEFAULT_* value, so a zeroed struct
 * (or %NULL) is the safe default everywhere.
 */
typedef struct
{
  guint connect_timeout_ms;
  guint low_speed_bytes;
  guint low_speed_time_s;
  guint timeout_ms;
  gsize max_body_bytes;
  int   max_redirects;
} LabDownloadLimits;

GQuark    lab_download_error_quark (void);
PoolTask *lab_download_async       (const char               *url,
                                    const LabDownloadLimits  *limits,
                                    PoolCancellationToken    *token,
                                    GMainContext             *context);
GBytes   *lab_download_blocking    (const char               *url,
                                    const LabDownloadLimits  *limits,
                                    PoolCancellationToken    *token,
                                    GError                  **error);

G_END_DECLS
