/* lab-download-multi.c — one curl multi handle per GMainContext, driven by
 * the sources that watch its sockets and its timer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here runs on the thread owning the context, but for the table
 * of multis, which is looked up and changed under @multis_lock.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"

#include <glib-unix.h>

struct _LabDownloadMulti
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
static GHashTable      *multis;   /* GMainContext → LabDownloadMulti; protected by @multis_lock */

static LabDownloadMulti *
multi_ref (LabDownloadMulti *multi)
{
  pthread_mutex_lock (&multis_lock);
  multi->ref_count++;
  pthread_mutex_unlock (&multis_lock);
  return multi;
}

/* On a thread owning the context. */
void
_lab_download_multi_unref (LabDownloadMulti *multi)
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
multi_socket_action (LabDownloadMulti *multi,
                     curl_socket_t     fd,
                     int               events)
{
  CURLMsg *message;
  int running, left;

  multi_ref (multi);
  curl_multi_socket_action (multi->multi, fd, events, &running);
  while ((message = curl_multi_info_read (multi->multi, &left)) != NULL)
    {
      LabDownloadTransfer *transfer = NULL;

      if (message->msg != CURLMSG_DONE)
        continue;
      curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &transfer);
      _lab_download_transfer_finish (transfer, message->data.result);
    }
  _lab_download_multi_unref (multi);
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
  LabDownloadMulti *multi = data;

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
  LabDownloadMulti *multi = user_data;
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
  LabDownloadMulti *multi = user_data;

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

/* The multi of @context, made on first use; on a thread owning it. */
LabDownloadMulti *
_lab_download_multi_get (GMainContext *context)
{
  LabDownloadMulti *multi;

  pthread_mutex_lock (&multis_lock);
  if (multis == NULL)
    multis = g_hash_table_new (NULL, NULL);
  multi = g_hash_table_lookup (multis, context);
  if (multi == NULL)
    {
      multi = g_new0 (LabDownloadMulti, 1);
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


CURLMcode
_lab_download_multi_add_handle (LabDownloadMulti *multi,
                                CURL             *easy)
{
  return curl_multi_add_handle (multi->multi, easy);
}

void
_lab_download_multi_remove_handle (LabDownloadMulti *multi,
                                   CURL             *easy)
{
  curl_multi_remove_handle (multi->multi, easy);
}
