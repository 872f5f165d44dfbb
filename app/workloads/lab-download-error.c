/* lab-download-error.c — the error domain, and a failed transfer turned into
 * a message a user can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"
#include "lab-http-status.h"

#include <errno.h>
#include <string.h>

G_DEFINE_QUARK (lab-download-error-quark, lab_download_error)

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
request_detail (LabDownloadRequest *request,
                CURLcode            code)
{
  return request->errbuf[0] != '\0' ? request->errbuf : curl_easy_strerror (code);
}

static void
set_reset_error (GError     **error,
                 curl_off_t   received,
                 const char  *url)
{
  g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TRUNCATED,
               "The connection was reset by the server after %" CURL_FORMAT_CURL_OFF_T
               " bytes of the body from %s", received, url);
}

/* Sets @error from a failed transfer. */
void
_lab_download_request_set_error (LabDownloadRequest  *request,
                                 CURLcode             code,
                                 GError             **error)
{
  const char *effective = NULL;
  const char *redirect_url = NULL;
  const char *where;
  long status = 0, n_redirects = 0, os_errno = 0;
  curl_off_t received = 0, expected = -1, connected_us = 0;
  g_autofree char *url = NULL;
  g_autofree char *given = _lab_download_display_url (request->url);
  const char *detail = request_detail (request, code);

  curl_easy_getinfo (request->easy, CURLINFO_EFFECTIVE_URL, &effective);
  curl_easy_getinfo (request->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (request->easy, CURLINFO_REDIRECT_COUNT, &n_redirects);
  curl_easy_getinfo (request->easy, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo (request->easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
  curl_easy_getinfo (request->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
  /* 0 until the connection (with its TLS handshake) was made */
  curl_easy_getinfo (request->easy, CURLINFO_PRETRANSFER_TIME_T, &connected_us);
  url = _lab_download_display_url (effective != NULL && effective[0] != '\0' ? effective
                                                                           : request->url);
  /* the URL whose host a message names */
  where = effective != NULL ? effective : request->url;

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
      if (code == CURLE_FILESIZE_EXCEEDED || request->too_large)
        {
          g_autofree char *cap = format_cap (request->limits.max_body_bytes);

          if (request->encoding[0] != '\0')
            g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TOO_LARGE,
                         "The body is larger than %s once decompressed (it came %s-encoded: "
                         "a decompression bomb?); download stopped (%s)",
                         cap, request->encoding, url);
          else
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
      if (n_redirects > 0 || _lab_download_status_is_redirect (status))
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
      if (n_redirects > 0 || _lab_download_status_is_redirect (status))
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_UNSAFE_REDIRECT,
                     "The server redirected to a malformed URL from %s (%s)", url, detail);
      else
        g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                     "Not a valid URL: %s (%s)", url, detail);
      return;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      {
        g_autofree char *host = _lab_download_display_host (where);

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
          g_autofree char *host = _lab_download_display_host (where);

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
        set_reset_error (error, received, url);
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
        set_reset_error (error, received, url);
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
        g_autofree char *target =
          _lab_download_display_url (redirect_url != NULL ? redirect_url : "?");

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
