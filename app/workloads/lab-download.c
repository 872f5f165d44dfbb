/* lab-download.c — downloads with libcurl: on a GMainContext, or blocking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why two forms: the TPL fact scenario 12 shows is that awaited I/O holds no
 * thread while a blocking call holds one for the whole wait. The async form
 * drives curl's multi interface from a GMainContext: curl tells us which
 * sockets to watch (CURLMOPT_SOCKETFUNCTION, one g_unix_fd_source per
 * socket) and when to wake it (CURLMOPT_TIMERFUNCTION, one timeout source),
 * and we call curl_multi_socket_action() from those sources. No thread is
 * created for it (except that Debian's libcurl resolves host names on a
 * short-lived thread of its own; numeric addresses such as 127.0.0.1 skip
 * the resolver). The blocking form is curl_easy_perform().
 *
 * Both forms share one Request: the easy handle with the safety options,
 * and the callbacks that collect the body (with its cap), the status line
 * and cancellation. Errors are translated into messages a user can act on.
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
 * threads at once. One Multi per context, created
 * with the first transfer and freed after the last. A cancellation token
 * fires on any thread: its callback only attaches a high-priority idle
 * source to the context, which removes the easy handle there.
 *
 * The locks are pthread ones, not GMutex, for the reason pool-lock-private.h
 * gives: ThreadSanitizer cannot see GMutex's ordering.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download.h"
#include "lab-http-status.h"

#include <curl/curl.h>
#include <errno.h>
#include <glib-unix.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_SHOWN_URL 300   /* characters of a URL quoted in an error */

G_DEFINE_QUARK (lab-download-error-quark, lab_download_error)

/* One request, shared by both forms. */
typedef struct
{
  /* immutable after request_init() */
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
} Request;

typedef struct _Multi Multi;

/* An async download. */
typedef struct
{
  /* atomic */
  int                       ref_count;
  int                       posts;         /* see transfer_post() */

  /* immutable after lab_download_async() returns */
  GMainContext             *context;
  gulong                    registration;  /* on request.token, 0 if none */
  GError                   *early_error;   /* a bad URL, reported on the context */

  /* the thread owning @context only */
  Request                   request;
  PoolTaskCompletionSource *completion;    /* until completed */
  Multi                    *multi;         /* while the easy handle is in it */
  gboolean                  finished;
  gint64                    started_us;    /* when curl got it, for the trace */
} Transfer;

/* The curl multi handle of one GMainContext. */
struct _Multi
{
  int           ref_count;    /* protected by multis_lock */

  /* immutable */
  GMainContext *context;      /* owned; the key in @multis */

  /* the thread owning @context only */
  CURLM        *multi;
  GSource      *timer;        /* curl's timeout, NULL when it has none */
  GHashTable   *sockets;      /* fd → the GSource watching it */
};

static pthread_mutex_t  multis_lock = PTHREAD_MUTEX_INITIALIZER;
static GHashTable      *multis;   /* GMainContext → Multi; protected by @multis_lock */

static void
lab_download_global_init (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      CURLcode code = curl_global_init (CURL_GLOBAL_DEFAULT);

      if (code != CURLE_OK)
        g_warning ("curl_global_init failed: %s", curl_easy_strerror (code));
      g_once_init_leave (&initialized, 1);
    }
}

/* Messages */

/* A URL fit for a message: valid UTF-8, no control characters, no password,
 * not endless. */
static char *
display_url (const char *url)
{
  g_autofree char *valid = NULL;
  char *without_password = NULL;
  GString *shown = g_string_new (NULL);
  guint n_chars = 0;

  if (strchr (url, '@') != NULL)
    {
      CURLU *parsed = curl_url ();

      if (curl_url_set (parsed, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
        {
          curl_url_set (parsed, CURLUPART_PASSWORD, NULL, 0);
          curl_url_get (parsed, CURLUPART_URL, &without_password, 0);
        }
      curl_url_cleanup (parsed);
    }

  valid = g_utf8_make_valid (without_password != NULL ? without_password : url, -1);
  curl_free (without_password);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n_chars > MAX_SHOWN_URL)
        {
          g_string_append (shown, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (shown, "%%%02X", c & 0xff);
      else
        g_string_append_unichar (shown, c);
    }
  return g_string_free (shown, FALSE);
}

/* "16 MiB", "300 KiB", "1000 bytes" */
static char *
format_cap (gsize bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", bytes / (1024 * 1024));
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " KiB", bytes / 1024);
  return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", bytes);
}

static const char *
request_detail (Request  *request,
                CURLcode  code)
{
  return request->errbuf[0] != '\0' ? request->errbuf : curl_easy_strerror (code);
}

static char *
host_of (const char *url)
{
  CURLU *parsed = curl_url ();
  char *host = NULL;
  char *copy;

  if (curl_url_set (parsed, CURLUPART_URL, url, 0) == CURLUE_OK)
    curl_url_get (parsed, CURLUPART_HOST, &host, 0);
  copy = display_url (host != NULL ? host : url);
  curl_free (host);
  curl_url_cleanup (parsed);
  return copy;
}

/* Sets @error from a failed transfer. */
static void
request_set_error (Request   *request,
                   CURLcode   code,
                   GError   **error)
{
  const char *effective = NULL;
  const char *redirect_url = NULL;
  long status = 0, n_redirects = 0, os_errno = 0;
  curl_off_t received = 0, expected = -1, connected_us = 0;
  g_autofree char *url = NULL;
  g_autofree char *given = display_url (request->url);
  const char *detail = request_detail (request, code);

  curl_easy_getinfo (request->easy, CURLINFO_EFFECTIVE_URL, &effective);
  curl_easy_getinfo (request->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (request->easy, CURLINFO_REDIRECT_COUNT, &n_redirects);
  curl_easy_getinfo (request->easy, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo (request->easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
  curl_easy_getinfo (request->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
  /* 0 until the connection (with its TLS handshake) was made */
  curl_easy_getinfo (request->easy, CURLINFO_PRETRANSFER_TIME_T, &connected_us);
  url = display_url (effective != NULL && effective[0] != '\0' ? effective : request->url);

  switch ((int) code)
    {
    case CURLE_HTTP_RETURNED_ERROR:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_HTTP, "HTTP %ld %s for %s",
                   status,
                   request->reason[0] != '\0' ? request->reason
                                              : lab_http_status_reason ((guint) status),
                   url);
      return;

    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (request->headers_too_large)
        {
          g_autofree char *cap = format_cap (LAB_DOWNLOAD_MAX_HEADER_BYTES);

          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
                       "The server sent more than %s of headers; download stopped (%s)",
                       cap, url);
          return;
        }
      if ((code == CURLE_FILESIZE_EXCEEDED || request->too_large) && request->encoding[0] != '\0')
        {
          g_autofree char *cap = format_cap (request->limits.max_body_bytes);

          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TOO_LARGE,
                       "The body is larger than %s once decompressed (it came %s-encoded: "
                       "a decompression bomb?); download stopped (%s)",
                       cap, request->encoding, url);
          return;
        }
      if (code == CURLE_FILESIZE_EXCEEDED || request->too_large)
        {
          g_autofree char *cap = format_cap (request->limits.max_body_bytes);

          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TOO_LARGE,
                       "The body is larger than %s; download stopped (%s)", cap, url);
          return;
        }
      break;

    case CURLE_OUT_OF_MEMORY:
      /* curl's buffer for one header line stops at CURL_MAX_HTTP_HEADER
       * (100 KB) with this code and no message */
      if (!request->headers_done && status > 0)
        {
          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
                       "The server sent a header line longer than curl accepts (100 KB); "
                       "download stopped (%s)", url);
          return;
        }
      break;

    case CURLE_BAD_CONTENT_ENCODING:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
                   "The body from %s cannot be decompressed (%s)", url, detail);
      return;

    case CURLE_WEIRD_SERVER_REPLY:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
                   "The server's answer is not valid HTTP (%s) from %s", detail, url);
      return;

    case CURLE_ABORTED_BY_CALLBACK:
      if (request->deadline_passed)
        {
          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TIMED_OUT,
                       "Timed out after %u ms downloading %s", request->limits.timeout_ms, url);
          return;
        }
      break;

    case CURLE_UNSUPPORTED_PROTOCOL:
      /* curl 7.66 and later refuse HTTP/0.9 (a reply without a status
       * line) with this code: not a question of the URL's scheme */
      if (strstr (request->errbuf, "HTTP/0.9") != NULL)
        {
          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
                       "The server did not answer in HTTP/1.x: its reply has no status line "
                       "(HTTP/0.9, or another protocol on that port); refused (%s)", url);
          return;
        }
      if (n_redirects > 0 || (status >= 300 && status < 400))
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT,
                     "Refused to follow a redirect to %s (only http and https)", url);
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                     "Only http and https URLs can be downloaded, not %s", url);
      return;

    case CURLE_TOO_MANY_REDIRECTS:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS,
                   "Too many redirects from %s: stopped after %ld (the limit is %d; "
                   "a redirect loop?)", given, n_redirects, request->limits.max_redirects);
      return;

    case CURLE_URL_MALFORMAT:
      if (n_redirects > 0 || (status >= 300 && status < 400))
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT,
                     "The server redirected to a malformed URL from %s (%s)", url, detail);
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                     "Not a valid URL: %s (%s)", url, detail);
      return;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      {
        g_autofree char *host = host_of (effective != NULL ? effective : request->url);

        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_RESOLVE,
                     "Could not resolve host %s (%s)", host, detail);
        return;
      }

    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED)
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_CONNECT,
                     "Connection refused by %s (%s)", url, detail);
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_CONNECT,
                     "Could not connect to %s (%s)", url, detail);
      return;

    case CURLE_OPERATION_TIMEDOUT:
      if (strstr (request->errbuf, "too slow") != NULL)
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TIMED_OUT,
                     "Timed out after %u s with less than %u bytes per second from %s",
                     request->limits.low_speed_time_s, request->limits.low_speed_bytes, url);
      else if (connected_us == 0)
        {
          /* the shorter of the two timeouts was the one that ran out */
          guint limit_ms = MIN (request->limits.connect_timeout_ms, request->limits.timeout_ms);
          g_autofree char *host = host_of (effective != NULL ? effective : request->url);

          if (strstr (request->errbuf, "Resolving") != NULL)
            g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TIMED_OUT,
                         "Timed out after %u ms resolving host %s (%s)", limit_ms, host, url);
          else
            g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TIMED_OUT,
                         "Timed out after %u ms connecting to %s (%s)", limit_ms, url, detail);
        }
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TIMED_OUT,
                     "Timed out after %u ms downloading %s (%s)",
                     request->limits.timeout_ms, url, detail);
      return;

    case CURLE_PARTIAL_FILE:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TRUNCATED,
                   "The connection closed before the whole body arrived "
                   "(%" CURL_FORMAT_CURL_OFF_T " of %" CURL_FORMAT_CURL_OFF_T " bytes) from %s",
                   received, expected, url);
      return;

    case CURLE_RECV_ERROR:
      /* curl's own cap on a response's headers (CVE-2023-38039's fix) */
      if (strstr (request->errbuf, "response headers") != NULL)
        {
          g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
                       "The server sent more headers than curl accepts (%s); download stopped "
                       "(%s)", detail, url);
          return;
        }
      if (os_errno == ECONNRESET)
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TRUNCATED,
                     "The connection was reset by the server after %" CURL_FORMAT_CURL_OFF_T
                     " bytes of the body from %s", received, url);
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TRUNCATED,
                     "Receiving from %s failed after %" CURL_FORMAT_CURL_OFF_T " bytes (%s)",
                     url, received, detail);
      return;

    case CURLE_SEND_ERROR:
      /* a reset that curl's poll() sees as an error on the socket while it
       * still counts the request as being sent (seen on busy machines) */
      if (received > 0 || os_errno == ECONNRESET || os_errno == EPIPE ||
          strstr (request->errbuf, "select/poll") != NULL)
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TRUNCATED,
                     "The connection was reset by the server after %" CURL_FORMAT_CURL_OFF_T
                     " bytes of the body from %s", received, url);
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_CONNECT,
                     "Could not send the request to %s (%s)", url, detail);
      return;

    case CURLE_GOT_NOTHING:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TRUNCATED,
                   "The server closed the connection without answering: %s", url);
      return;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TLS,
                   "The secure connection to %s failed (%s)", url, detail);
      return;

    case CURLE_OK:
      /* Only when redirects are off and the server redirected. */
      curl_easy_getinfo (request->easy, CURLINFO_REDIRECT_URL, &redirect_url);
      {
        g_autofree char *target = display_url (redirect_url != NULL ? redirect_url : "?");

        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TOO_MANY_REDIRECTS,
                     "Not following the redirect from %s to %s (redirects are off)",
                     url, target);
      }
      return;

    default:
      break;
    }

  g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_FAILED,
               "Downloading %s failed: %s (%s)", given, curl_easy_strerror (code), detail);
}

/* The request and its callbacks */

static size_t
on_body (char   *data,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  Request *request = user_data;
  gsize length = size * n_items;

  if (pool_cancellation_token_is_cancellation_requested (request->token))
    {
      request->canceled = TRUE;
      return CURL_WRITEFUNC_ERROR;
    }
  if (length > request->limits.max_body_bytes - request->body->len)
    {
      request->too_large = TRUE;
      return CURL_WRITEFUNC_ERROR;
    }

  /* The first bytes: allocate for the announced length at once. */
  if (request->body->len == 0)
    {
      curl_off_t announced = -1;

      curl_easy_getinfo (request->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
      if (announced > 0 && (guint64) announced <= request->limits.max_body_bytes)
        {
          g_byte_array_unref (request->body);
          request->body = g_byte_array_sized_new ((guint) announced);
        }
    }
  g_byte_array_append (request->body, (const guint8 *) data, (guint) length);
  return length;
}

/* Keeps the reason phrase of the last status line ("HTTP/1.1 404 Not Found"). */
static size_t
on_header (char   *data,
           size_t  size,
           size_t  n_items,
           void   *user_data)
{
  Request *request = user_data;
  gsize length = size * n_items;
  const char *p = data, *end = data + length;
  gsize n = 0;

  if (length >= 5 && memcmp (data, "HTTP/", 5) == 0)
    {
      /* a new head (after a redirect or a 1xx); the byte count goes on, so
       * that endless 1xx heads or redirects hit the cap too */
      request->headers_done = FALSE;
      request->encoding[0] = '\0';
    }
  request->header_bytes += length;
  if (request->header_bytes > LAB_DOWNLOAD_MAX_HEADER_BYTES)
    {
      request->headers_too_large = TRUE;
      return 0;   /* CURLE_WRITE_ERROR */
    }
  if ((length == 2 && data[0] == '\r') || (length == 1 && data[0] == '\n'))
    request->headers_done = TRUE;
  if (length > 17 && g_ascii_strncasecmp (data, "Content-Encoding:", 17) == 0)
    {
      const char *value = data + 17;

      n = 0;
      while (value < end && (*value == ' ' || *value == '\t'))
        value++;
      for (; value < end && g_ascii_isalnum (*value) && n + 1 < sizeof request->encoding; value++)
        request->encoding[n++] = g_ascii_tolower (*value);
      request->encoding[n] = '\0';
      return length;
    }

  if (length < 5 || memcmp (data, "HTTP/", 5) != 0)
    return length;

  request->reason[0] = '\0';
  while (p < end && *p != ' ')        /* the version */
    p++;
  while (p < end && *p == ' ')
    p++;
  while (p < end && g_ascii_isdigit (*p)) /* the status */
    p++;
  while (p < end && *p == ' ')
    p++;
  for (; p < end && *p != '\r' && *p != '\n' && n + 1 < sizeof request->reason; p++)
    if (g_ascii_isprint (*p))
      request->reason[n++] = *p;
  request->reason[n] = '\0';
  return length;
}

/* Called by curl at least once a second while the transfer runs. */
static int
on_progress (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  download_now,
             curl_off_t  upload_total,
             curl_off_t  upload_now)
{
  Request *request = user_data;

  if (pool_cancellation_token_is_cancellation_requested (request->token))
    {
      request->canceled = TRUE;
      return 1;
    }
  /* curl's own timeout (CURLOPT_TIMEOUT_MS) normally ends it first */
  if (request->deadline_us != 0 && g_get_monotonic_time () > request->deadline_us)
    {
      request->deadline_passed = TRUE;
      return 1;
    }
  return 0;
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  CURLU *parsed = curl_url ();
  CURLUcode code = curl_url_set (parsed, CURLUPART_URL, url, 0);
  char *scheme = NULL;
  gboolean ok = FALSE;

  if (code != CURLUE_OK)
    {
      g_autofree char *shown = display_url (url);

      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                   "Not a valid URL: \"%s\" (%s)", shown, curl_url_strerror (code));
    }
  else if (curl_url_get (parsed, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
           (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_autofree char *shown = display_url (url);
      g_autofree char *shown_scheme = display_url (scheme != NULL ? scheme : "?");

      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                   "Only http and https URLs can be downloaded, not %s: %s", shown_scheme, shown);
    }
  else
    {
      ok = TRUE;
    }

  curl_free (scheme);
  curl_url_cleanup (parsed);
  return ok;
}

static void
request_clear (Request *request)
{
  /* closes the connections, through on_close_socket() */
  g_clear_pointer (&request->easy, curl_easy_cleanup);
  if (request->sockets != NULL)
    {
      if (request->sockets->len > 0)
        g_debug ("curl left %u sockets open", request->sockets->len);
      g_clear_pointer (&request->sockets, g_array_unref);
      pthread_mutex_destroy (&request->sockets_lock);
    }
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->token, pool_cancellation_token_unref);
  g_clear_pointer (&request->url, g_free);
}

/* Fills @request in and makes its easy handle; FALSE for a URL we refuse. */
static gboolean
request_init (Request                  *request,
              const char               *url,
              const LabDownloadLimits  *limits,
              PoolCancellationToken    *token,
              GError                  **error)
{
  LabDownloadLimits *resolved = &request->limits;
  CURL *easy;

  lab_download_global_init ();

  request->url = g_strdup (url);
  request->token = token != NULL ? pool_cancellation_token_ref (token) : NULL;
  request->body = g_byte_array_new ();
  if (limits != NULL)
    *resolved = *limits;
#define DEFAULT(field, value) if (resolved->field == 0) resolved->field = (value)
  DEFAULT (connect_timeout_ms, LAB_DOWNLOAD_DEFAULT_CONNECT_TIMEOUT_MS);
  DEFAULT (low_speed_bytes, LAB_DOWNLOAD_DEFAULT_LOW_SPEED_BYTES);
  DEFAULT (low_speed_time_s, LAB_DOWNLOAD_DEFAULT_LOW_SPEED_TIME_S);
  DEFAULT (timeout_ms, LAB_DOWNLOAD_DEFAULT_TIMEOUT_MS);
  DEFAULT (max_body_bytes, LAB_DOWNLOAD_DEFAULT_MAX_BODY_BYTES);
  DEFAULT (max_redirects, LAB_DOWNLOAD_DEFAULT_MAX_REDIRECTS);
#undef DEFAULT
  /* a GByteArray holds at most G_MAXUINT bytes */
  resolved->max_body_bytes = MIN (resolved->max_body_bytes, G_MAXUINT);
  /* the backstop, a little after curl's own timeout */
  request->deadline_us = g_get_monotonic_time () + (gint64) resolved->timeout_ms * 1000 + 250000;

  if (!check_url (url, error))
    return FALSE;

  request->easy = easy = curl_easy_init ();
  if (easy == NULL)
    {
      g_set_error_literal (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_FAILED,
                           "Could not start a download: libcurl is out of memory");
      return FALSE;
    }

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, resolved->max_redirects >= 0 ? 1L : 0L);
  curl_easy_setopt (easy, CURLOPT_MAXREDIRS, (long) MAX (resolved->max_redirects, 0));
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) resolved->connect_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, (long) resolved->low_speed_bytes);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long) resolved->low_speed_time_s);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) resolved->timeout_ms);
  curl_easy_setopt (easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) resolved->max_body_bytes);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  /* a resolver thread still waiting on DNS is left to finish on its own,
   * instead of being waited for when the transfer ends (time out, cancel) */
  curl_easy_setopt (easy, CURLOPT_QUICK_EXIT, 1L);
  /* gzip and deflate bodies are decoded: the cap counts decoded bytes */
  curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  curl_easy_setopt (easy, CURLOPT_FAILONERROR, 1L);
  /* the loopback never goes through a proxy */
  curl_easy_setopt (easy, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "TaskLab/" PACKAGE_VERSION);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, request->errbuf);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, request);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, request);
  curl_easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (easy, CURLOPT_XFERINFODATA, request);
  return TRUE;
}

/* The body, or %NULL with @error set: the token's canceled error when a
 * callback saw the token, else a message for @code. */
static GBytes *
request_finish (Request   *request,
                CURLcode   code,
                GError   **error)
{
  long status = 0;

  if (request->canceled || (code != CURLE_OK &&
                            pool_cancellation_token_is_cancellation_requested (request->token)))
    {
      pool_cancellation_token_set_canceled_error (request->token, error);
      return NULL;
    }

  curl_easy_getinfo (request->easy, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK || (request->limits.max_redirects < 0 && status >= 300 && status < 400))
    {
      request_set_error (request, code, error);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
}

/* CURLOPT_OPENSOCKETFUNCTION of the blocking form: on curl's thread. */
static curl_socket_t
on_open_socket (void                 *data,
                curlsocktype          purpose,
                struct curl_sockaddr *address)
{
  Request *request = data;
  curl_socket_t fd = CURL_SOCKET_BAD;

  pthread_mutex_lock (&request->sockets_lock);
  if (!pool_cancellation_token_is_cancellation_requested (request->token))
    {
      fd = socket (address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
      if (fd != CURL_SOCKET_BAD)
        g_array_append_val (request->sockets, fd);
    }
  pthread_mutex_unlock (&request->sockets_lock);
  return fd;
}

/* CURLOPT_CLOSESOCKETFUNCTION of the blocking form: on curl's thread. */
static int
on_close_socket (void          *data,
                 curl_socket_t  fd)
{
  Request *request = data;
  int result;

  pthread_mutex_lock (&request->sockets_lock);
  for (guint i = 0; i < request->sockets->len; i++)
    {
      if (g_array_index (request->sockets, curl_socket_t, i) == fd)
        {
          g_array_remove_index_fast (request->sockets, i);
          break;
        }
    }
  result = close (fd);
  pthread_mutex_unlock (&request->sockets_lock);
  return result;
}

/* The token's callback for the blocking form: on the cancelling thread. */
static void
on_blocking_canceled (gpointer data)
{
  Request *request = data;

  pthread_mutex_lock (&request->sockets_lock);
  for (guint i = 0; i < request->sockets->len; i++)
    shutdown (g_array_index (request->sockets, curl_socket_t, i), SHUT_RDWR);
  pthread_mutex_unlock (&request->sockets_lock);
}

/**
 * lab_download_blocking:
 * @url: an http or https URL
 * @limits: (nullable): the limits, %NULL for the defaults
 * @token: (nullable): cancels the download: its sockets are shut down
 *   and curl returns at once (curl also checks the token about once a second)
 * @error: a %LAB_DOWNLOAD_ERROR, or the token's canceled error
 *
 * Downloads @url with curl_easy_perform(), holding this thread until the
 * transfer ends: the C form of a blocking `WebClient.DownloadData`.
 *
 * The bound: the call returns within @limits->timeout_ms (5 minutes by
 * default) plus a few milliseconds, whatever the server does — a trickle
 * that passes the low-speed check, a stall after the headers, headers that
 * come slowly or never end, a name that takes long to resolve (a resolver
 * thread still waiting is left behind, not waited for:
 * CURLOPT_QUICK_EXIT). curl's total timeout ends the transfer; the
 * progress callback, called at least once a second, ends it too should
 * curl's timer ever be late. The error is then %LAB_DOWNLOAD_ERROR_TIMED_OUT,
 * "Timed out after T ms downloading URL". A caller on the UI thread passes
 * %LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS (3 s): the window freezes for at most
 * that long.
 *
 * Returns: (transfer full) (nullable): the body
 */
GBytes *
lab_download_blocking (const char               *url,
                       const LabDownloadLimits  *limits,
                       PoolCancellationToken    *token,
                       GError                  **error)
{
  Request request = { 0, };
  GBytes *body = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return NULL;

  if (request_init (&request, url, limits, token, error))
    {
      gulong registration;
      CURLcode code;

      pthread_mutex_init (&request.sockets_lock, NULL);
      request.sockets = g_array_new (FALSE, FALSE, sizeof (curl_socket_t));
      curl_easy_setopt (request.easy, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
      curl_easy_setopt (request.easy, CURLOPT_OPENSOCKETDATA, &request);
      curl_easy_setopt (request.easy, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
      curl_easy_setopt (request.easy, CURLOPT_CLOSESOCKETDATA, &request);
      registration = pool_cancellation_token_register (token, on_blocking_canceled, &request, NULL);

      code = curl_easy_perform (request.easy);
      /* waits for a callback running on another thread */
      pool_cancellation_token_unregister (token, registration);
      body = request_finish (&request, code, error);
    }
  request_clear (&request);
  return body;
}

/* The multi handle of a context */

static void transfer_finish (Transfer *transfer, CURLcode code);

static Multi *
multi_ref (Multi *multi)
{
  pthread_mutex_lock (&multis_lock);
  multi->ref_count++;
  pthread_mutex_unlock (&multis_lock);
  return multi;
}

/* On a thread owning the context. */
static void
multi_unref (Multi *multi)
{
  gboolean last;

  pthread_mutex_lock (&multis_lock);
  last = --multi->ref_count == 0;
  if (last)
    g_hash_table_remove (multis, multi->context);
  pthread_mutex_unlock (&multis_lock);

  if (!last)
    return;

  /* may call on_curl_socket() and on_curl_timer() one last time */
  curl_multi_cleanup (multi->multi);
  if (multi->timer != NULL)
    {
      g_source_destroy (multi->timer);
      g_source_unref (multi->timer);
    }
  g_hash_table_unref (multi->sockets);
  g_main_context_unref (multi->context);
  g_free (multi);
}

/* Drives curl after a socket or the timer woke us, then completes the
 * transfers it finished. Holds a reference so that the last transfer
 * finishing does not free @multi under us. */
static void
multi_socket_action (Multi         *multi,
                     curl_socket_t  fd,
                     int            events)
{
  CURLMsg *message;
  int running, left;

  multi_ref (multi);
  curl_multi_socket_action (multi->multi, fd, events, &running);
  while ((message = curl_multi_info_read (multi->multi, &left)) != NULL)
    {
      Transfer *transfer = NULL;

      if (message->msg != CURLMSG_DONE)
        continue;
      curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &transfer);
      transfer_finish (transfer, message->data.result);
    }
  multi_unref (multi);
}

static gboolean
on_socket_ready (int          fd,
                 GIOCondition condition,
                 gpointer     data)
{
  int events = 0;

  if (condition & (G_IO_IN | G_IO_HUP))
    events |= CURL_CSELECT_IN;
  if (condition & G_IO_OUT)
    events |= CURL_CSELECT_OUT;
  if (condition & (G_IO_ERR | G_IO_NVAL))
    events |= CURL_CSELECT_ERR;
  multi_socket_action (data, fd, events);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timer_fired (gpointer data)
{
  Multi *multi = data;

  /* It is us; curl may set a new one during the action. */
  g_clear_pointer (&multi->timer, g_source_unref);
  multi_socket_action (multi, CURL_SOCKET_TIMEOUT, 0);
  return G_SOURCE_REMOVE;
}

/* CURLMOPT_SOCKETFUNCTION: watch @fd for what curl waits for. */
static int
on_curl_socket (CURL          *easy,
                curl_socket_t  fd,
                int            what,
                void          *user_data,
                void          *socket_data)
{
  Multi *multi = user_data;
  GIOCondition condition = 0;
  GSource *watch;

  g_hash_table_remove (multi->sockets, GINT_TO_POINTER (fd));
  if (what == CURL_POLL_REMOVE)
    return 0;

  if (what & CURL_POLL_IN)
    condition |= G_IO_IN;
  if (what & CURL_POLL_OUT)
    condition |= G_IO_OUT;
  watch = g_unix_fd_source_new (fd, condition);
  g_source_set_static_name (watch, "[lab] download socket");
  g_source_set_callback (watch, G_SOURCE_FUNC (on_socket_ready), multi, NULL);
  g_source_attach (watch, multi->context);
  g_hash_table_insert (multi->sockets, GINT_TO_POINTER (fd), watch);
  return 0;
}

/* CURLMOPT_TIMERFUNCTION: wake curl in @timeout_ms (-1: never). */
static int
on_curl_timer (CURLM *curl_multi,
               long   timeout_ms,
               void  *user_data)
{
  Multi *multi = user_data;

  if (multi->timer != NULL)
    {
      g_source_destroy (multi->timer);
      g_clear_pointer (&multi->timer, g_source_unref);
    }
  if (timeout_ms < 0)
    return 0;

  multi->timer = g_timeout_source_new ((guint) MIN (timeout_ms, G_MAXUINT));
  g_source_set_static_name (multi->timer, "[lab] download timer");
  g_source_set_callback (multi->timer, on_timer_fired, multi, NULL);
  g_source_attach (multi->timer, multi->context);
  return 0;
}

static void
destroy_watch (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

/* The Multi of @context, made on first use; on a thread owning it. */
static Multi *
multi_get (GMainContext *context)
{
  Multi *multi;

  pthread_mutex_lock (&multis_lock);
  if (multis == NULL)
    multis = g_hash_table_new (NULL, NULL);
  multi = g_hash_table_lookup (multis, context);
  if (multi == NULL)
    {
      multi = g_new0 (Multi, 1);
      multi->context = g_main_context_ref (context);
      multi->sockets = g_hash_table_new_full (NULL, NULL, NULL, destroy_watch);
      multi->multi = curl_multi_init ();
      curl_multi_setopt (multi->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
      curl_multi_setopt (multi->multi, CURLMOPT_SOCKETDATA, multi);
      curl_multi_setopt (multi->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
      curl_multi_setopt (multi->multi, CURLMOPT_TIMERDATA, multi);
      g_hash_table_insert (multis, context, multi);
    }
  multi->ref_count++;
  pthread_mutex_unlock (&multis_lock);
  return multi;
}

/* Async transfers */

static Transfer *
transfer_ref (Transfer *transfer)
{
  g_atomic_int_inc (&transfer->ref_count);
  return transfer;
}

static void
transfer_unref (gpointer data)
{
  Transfer *transfer = data;

  if (!g_atomic_int_dec_and_test (&transfer->ref_count))
    return;

  g_assert (transfer->multi == NULL);
  request_clear (&transfer->request);
  g_clear_pointer (&transfer->completion, pool_task_completion_source_free);
  g_clear_error (&transfer->early_error);
  g_main_context_unref (transfer->context);
  g_free (transfer);
}

/* Completes the task with @body, or @error (a canceled error makes it
 * Canceled); on a thread owning the context. Takes both. */
static void
transfer_complete (Transfer *transfer,
                   GBytes   *body,
                   GError   *error)
{
  g_autoptr(PoolTaskCompletionSource) completion = g_steal_pointer (&transfer->completion);
  Multi *multi = g_steal_pointer (&transfer->multi);

  g_assert (!transfer->finished);
  transfer->finished = TRUE;
  /* the time on the wire, with no thread waiting: the timeline's I/O lane */
  if (transfer->started_us != 0)
    pool_trace_record_io ("download", transfer->started_us, g_get_monotonic_time ());

  if (multi != NULL)
    curl_multi_remove_handle (multi->multi, transfer->request.easy);
  g_clear_pointer (&transfer->request.easy, curl_easy_cleanup);
  pool_cancellation_token_unregister (transfer->request.token, transfer->registration);

  /* Continuations may run inside these calls: our bookkeeping is done. */
  if (body != NULL)
    pool_task_completion_source_try_set_result (completion, body, (GDestroyNotify) g_bytes_unref);
  else if (error->domain == POOL_CANCELED_ERROR)
    pool_task_completion_source_try_set_canceled (completion);
  else
    pool_task_completion_source_try_set_error (completion, g_steal_pointer (&error));
  g_clear_error (&error);

  if (multi != NULL)
    multi_unref (multi);
  transfer_unref (transfer);   /* the reference held while running */
}

static void
transfer_finish (Transfer *transfer,
                 CURLcode  code)
{
  GError *error = NULL;
  GBytes *body = request_finish (&transfer->request, code, &error);

  transfer_complete (transfer, body, error);
}

static void
transfer_start (Transfer *transfer)
{
  CURLMcode code;

  if (transfer->early_error != NULL)
    {
      transfer_complete (transfer, NULL, g_steal_pointer (&transfer->early_error));
      return;
    }
  if (pool_cancellation_token_is_cancellation_requested (transfer->request.token))
    {
      transfer->request.canceled = TRUE;
      transfer_finish (transfer, CURLE_ABORTED_BY_CALLBACK);
      return;
    }

  transfer->multi = multi_get (transfer->context);
  transfer->started_us = g_get_monotonic_time ();
  curl_easy_setopt (transfer->request.easy, CURLOPT_PRIVATE, transfer);
  code = curl_multi_add_handle (transfer->multi->multi, transfer->request.easy);
  if (code != CURLM_OK)
    {
      Multi *multi = g_steal_pointer (&transfer->multi);

      multi_unref (multi);
      transfer_complete (transfer, NULL,
                         g_error_new (LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_FAILED,
                                      "Could not start the download: %s",
                                      curl_multi_strerror (code)));
    }
}

/* In a posted callback, before anything else: pairs with transfer_post(). */
static void
transfer_acquire (Transfer *transfer)
{
  (void) g_atomic_int_get (&transfer->posts);
}

static gboolean
on_start (gpointer data)
{
  Transfer *transfer = data;

  transfer_acquire (transfer);
  if (!transfer->finished && transfer->multi == NULL)
    transfer_start (transfer);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancel (gpointer data)
{
  Transfer *transfer = data;

  transfer_acquire (transfer);
  /* Not started yet: on_start() sees the token. */
  if (!transfer->finished && transfer->multi != NULL)
    {
      transfer->request.canceled = TRUE;
      transfer_finish (transfer, CURLE_ABORTED_BY_CALLBACK);
    }
  return G_SOURCE_REMOVE;
}

/* Posts @func to the transfer's context. The transfer was filled in on the
 * posting thread and is read on the context's: GLib's lock on the context
 * orders the two, but ThreadSanitizer cannot see inside an uninstrumented
 * GLib. So each post bumps @posts (a release) and each posted callback
 * reads it first (an acquire, in transfer_acquire()): the same order, made
 * visible. */
static void
transfer_post (Transfer    *transfer,
               int          priority,
               GSourceFunc  func,
               const char  *name)
{
  GSource *source = g_idle_source_new ();

  g_atomic_int_inc (&transfer->posts);

  g_source_set_priority (source, priority);
  g_source_set_static_name (source, name);
  g_source_set_callback (source, func, transfer_ref (transfer), transfer_unref);
  g_source_attach (source, transfer->context);
  g_source_unref (source);
}

/* The token's callback: on the cancelling thread, so only post to the context. */
static void
on_token_canceled (gpointer data)
{
  transfer_post (data, G_PRIORITY_HIGH, on_cancel, "[lab] download cancel");
}

/**
 * lab_download_async:
 * @url: an http or https URL
 * @limits: (nullable): the limits, %NULL for the defaults
 * @token: (nullable): cancels the download: the transfer is removed from
 *   curl at the context's next iteration and the task ends Canceled
 * @context: (nullable): the context that drives the transfer and completes
 *   the task; %NULL for the thread-default context
 *
 * Downloads @url without holding a thread: the C form of
 * `HttpClient.GetByteArrayAsync(url, token)`. The transfer progresses only
 * while @context is iterated. Called on the thread running @context (from
 * one of its callbacks), the request starts before this returns; otherwise
 * at the context's next iteration.
 *
 * Returns: (transfer full): a task that completes on @context with the
 *   body (a #GBytes, freed with the task), or Faulted with a
 *   %LAB_DOWNLOAD_ERROR, or Canceled
 */
PoolTask *
lab_download_async (const char              *url,
                    const LabDownloadLimits *limits,
                    PoolCancellationToken   *token,
                    GMainContext            *context)
{
  Transfer *transfer;
  PoolTask *task;

  g_return_val_if_fail (url != NULL, NULL);

  transfer = g_new0 (Transfer, 1);
  transfer->ref_count = 1;   /* held while running, dropped in transfer_complete() */
  transfer->context = context != NULL ? g_main_context_ref (context)
                                      : g_main_context_ref_thread_default ();
  transfer->completion = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  task = pool_task_ref (pool_task_completion_source_get_task (transfer->completion));

  if (!request_init (&transfer->request, url, limits, token, &transfer->early_error))
    {
      transfer_post (transfer, G_PRIORITY_DEFAULT, on_start, "[lab] download error");
      return task;
    }

  if (token != NULL)
    transfer->registration = pool_cancellation_token_register (token, on_token_canceled,
                                                               transfer_ref (transfer),
                                                               transfer_unref);

  /* Acquiring a context another thread is about to use would break its
   * g_main_context_push_thread_default(): start inline only on the thread
   * that is running @context already. */
  if (!pool_cancellation_token_is_cancellation_requested (token) &&
      g_main_context_is_owner (transfer->context))
    transfer_start (transfer);
  else
    {
      transfer_post (transfer, G_PRIORITY_DEFAULT, on_start, "[lab] download start");
    }
  return task;
}
