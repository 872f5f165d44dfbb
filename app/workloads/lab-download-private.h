/* lab-download-private.h — what lab-download*.c share and nothing else needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why two forms: the TPL fact scenario 12 shows is that awaited I/O holds no
 * thread while a blocking call holds one for the whole wait. The async form
 * (lab-download-async.c) drives curl's multi interface from a GMainContext
 * (lab-download-multi.c): curl tells us which sockets to watch
 * (CURLMOPT_SOCKETFUNCTION, one g_unix_fd_source per socket) and when to
 * wake it (CURLMOPT_TIMERFUNCTION, one timeout source), and we call
 * curl_multi_socket_action() from those sources. No thread is created for it
 * (except that Debian's libcurl resolves host names on a short-lived thread
 * of its own; numeric addresses such as 127.0.0.1 skip the resolver). The
 * blocking form is curl_easy_perform() (lab-download-blocking.c).
 *
 * Both forms share one LabDownloadRequest (lab-download-request.c): the easy
 * handle with the safety options (the limits: lab-download-limits.c; the URL
 * checked before curl sees it: lab-download-url.c), and the callbacks that
 * collect the body (with its cap), the status line and cancellation. Errors
 * are translated into messages a user can act on (lab-download-error.c).
 *
 * Cancelling the blocking form: curl's progress callback sees the token,
 * but only about once a second while a server hangs. So the blocking form
 * also opens its sockets itself (CURLOPT_OPENSOCKETFUNCTION) and the
 * token's callback shuts them down, which wakes curl at once; the sockets
 * are closed under the same lock, so a descriptor is never reused under it.
 *
 * Threads, for the async form: everything touching a CURLM or an easy
 * handle in it runs on the thread that owns the transfer's GMainContext
 * (g_main_context_is_owner()), so the handles are never used from two
 * threads at once. One LabDownloadMulti per context, created with the first
 * transfer and freed after the last. A cancellation token fires on any
 * thread: its callback only attaches a high-priority idle source to the
 * context, which removes the easy handle there.
 *
 * The locks are pthread ones, not GMutex, for the reason pool-lock-private.h
 * gives: ThreadSanitizer cannot see GMutex's ordering.
 */
#pragma once

#include "lab-download.h"

#include <curl/curl.h>
#include <pthread.h>

G_BEGIN_DECLS

/* One request, shared by both forms. */
typedef struct
{
  /* immutable after _lab_download_request_init() */
  char                  *url;
  LabDownloadLimits      limits;        /* with the defaults filled in */
  PoolCancellationToken *token;         /* owned, nullable */

  /* the thread running the transfer only */
  CURL                  *easy;
  GByteArray            *body;
  gboolean               too_large;     /* the body went over the cap */
  gboolean               canceled;      /* a callback saw the token */
  gboolean               deadline_passed; /* the progress callback stopped it */
  gint64                 deadline_us;   /* monotonic; the backstop of timeout_ms */
  gsize                  header_bytes;  /* of every head of the transfer */
  gboolean               headers_too_large;
  gboolean               headers_done;  /* the blank line that ends a head came */
  char                   encoding[16];  /* Content-Encoding of the last head, "" none */
  char                   reason[64];    /* of the last status line */
  char                   errbuf[CURL_ERROR_SIZE];

  /* the blocking form's sockets, which a token shuts down from its thread */
  pthread_mutex_t        sockets_lock;
  GArray                *sockets;       /* curl_socket_t; protected by @sockets_lock */
} LabDownloadRequest;

/* An async download (lab-download-async.c). */
typedef struct _LabDownloadTransfer LabDownloadTransfer;

/* The curl multi handle of one GMainContext (lab-download-multi.c). */
typedef struct _LabDownloadMulti LabDownloadMulti;

/* A status that redirects (3xx). */
static inline gboolean
_lab_download_status_is_redirect (long status)
{
  return status >= 300 && status < 400;
}

/* lab-download-request.c */
gboolean          _lab_download_request_init        (LabDownloadRequest       *request,
                                                     const char               *url,
                                                     const LabDownloadLimits  *limits,
                                                     PoolCancellationToken    *token,
                                                     GError                  **error);
GBytes           *_lab_download_request_finish      (LabDownloadRequest       *request,
                                                     CURLcode                  code,
                                                     GError                  **error);
void              _lab_download_request_clear       (LabDownloadRequest       *request);

/* lab-download-limits.c */
void              _lab_download_limits_resolve      (LabDownloadLimits        *resolved,
                                                     const LabDownloadLimits  *limits);
gint64            _lab_download_limits_deadline     (const LabDownloadLimits  *resolved);
void              _lab_download_limits_apply        (const LabDownloadLimits  *resolved,
                                                     CURL                     *easy);

/* lab-download-url.c */
gboolean          _lab_download_check_url           (const char               *url,
                                                     GError                  **error);
char             *_lab_download_display_url         (const char               *url);
char             *_lab_download_display_host        (const char               *url);

/* lab-download-error.c */
void              _lab_download_request_set_error   (LabDownloadRequest       *request,
                                                     CURLcode                  code,
                                                     GError                  **error);

/* lab-download-multi.c; on a thread owning the context */
LabDownloadMulti *_lab_download_multi_get           (GMainContext             *context);
void              _lab_download_multi_unref         (LabDownloadMulti         *multi);
CURLMcode         _lab_download_multi_add_handle    (LabDownloadMulti         *multi,
                                                     CURL                     *easy);
void              _lab_download_multi_remove_handle (LabDownloadMulti         *multi,
                                                     CURL                     *easy);

/* lab-download-async.c; called by the multi when curl finished @transfer */
void              _lab_download_transfer_finish     (LabDownloadTransfer      *transfer,
                                                     CURLcode                  code);

G_END_DECLS
