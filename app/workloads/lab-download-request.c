/* lab-download-request.c — one request, shared by both forms: the easy
 * handle with its safety options, and the callbacks that collect the body
 * (with its cap), the status line and cancellation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"

#include <string.h>

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

static size_t
on_body (char   *data,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  LabDownloadRequest *request = user_data;
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
  LabDownloadRequest *request = user_data;
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
  LabDownloadRequest *request = user_data;

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

void
_lab_download_request_clear (LabDownloadRequest *request)
{
  /* closes the connections (the blocking form: through on_close_socket()) */
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
gboolean
_lab_download_request_init (LabDownloadRequest       *request,
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
  _lab_download_limits_resolve (resolved, limits);
  request->deadline_us = _lab_download_limits_deadline (resolved);

  if (!_lab_download_check_url (url, error))
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
  _lab_download_limits_apply (resolved, easy);
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
GBytes *
_lab_download_request_finish (LabDownloadRequest  *request,
                              CURLcode             code,
                              GError             **error)
{
  long status = 0;

  if (request->canceled || (code != CURLE_OK &&
                            pool_cancellation_token_is_cancellation_requested (request->token)))
    {
      pool_cancellation_token_set_canceled_error (request->token, error);
      return NULL;
    }

  curl_easy_getinfo (request->easy, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK ||
      (request->limits.max_redirects < 0 && _lab_download_status_is_redirect (status)))
    {
      _lab_download_request_set_error (request, code, error);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
}

