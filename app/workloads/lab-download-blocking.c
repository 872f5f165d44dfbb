/* lab-download-blocking.c — lab_download_blocking(): curl_easy_perform()
 * on the calling thread, with sockets of its own so that a token can shut
 * them down and wake curl at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"

#include <sys/socket.h>
#include <unistd.h>

/* CURLOPT_OPENSOCKETFUNCTION of the blocking form: on curl's thread. */
static curl_socket_t
on_open_socket (void                 *data,
                curlsocktype          purpose,
                struct curl_sockaddr *address)
{
  LabDownloadRequest *request = data;
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
  LabDownloadRequest *request = data;
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
  LabDownloadRequest *request = data;

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
  LabDownloadRequest request = { 0, };
  GBytes *body = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return NULL;

  if (_lab_download_request_init (&request, url, limits, token, error))
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
      body = _lab_download_request_finish (&request, code, error);
    }
  _lab_download_request_clear (&request);
  return body;
}
