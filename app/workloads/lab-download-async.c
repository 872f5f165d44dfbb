/* lab-download-async.c — lab_download_async(): a transfer on a GMainContext,
 * holding no thread while it waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"

/* An async download. */
struct _LabDownloadTransfer
{
  /* atomic */
  int                       ref_count;
  int                       posts;         /* see transfer_post() */

  /* immutable after lab_download_async() returns */
  GMainContext             *context;
  gulong                    registration;  /* on request.token, 0 if none */
  GError                   *early_error;   /* a bad URL, reported on the context */

  /* the thread owning @context only */
  LabDownloadRequest        request;
  PoolTaskCompletionSource *completion;    /* until completed */
  LabDownloadMulti         *multi;         /* while the easy handle is in it */
  gboolean                  finished;
  gint64                    started_us;    /* when curl got it, for the trace */
};

static LabDownloadTransfer *
transfer_ref (LabDownloadTransfer *transfer)
{
  g_atomic_int_inc (&transfer->ref_count);
  return transfer;
}

static void
transfer_unref (gpointer data)
{
  LabDownloadTransfer *transfer = data;

  if (!g_atomic_int_dec_and_test (&transfer->ref_count))
    return;

  g_assert (transfer->multi == NULL);
  _lab_download_request_clear (&transfer->request);
  g_clear_pointer (&transfer->completion, pool_task_completion_source_free);
  g_clear_error (&transfer->early_error);
  g_main_context_unref (transfer->context);
  g_free (transfer);
}

/* Completes the task with @body, or @error (a canceled error makes it
 * Canceled); on a thread owning the context. Takes both. */
static void
transfer_complete (LabDownloadTransfer *transfer,
                   GBytes              *body,
                   GError              *error)
{
  g_autoptr(PoolTaskCompletionSource) completion = g_steal_pointer (&transfer->completion);
  LabDownloadMulti *multi = g_steal_pointer (&transfer->multi);

  g_assert (!transfer->finished);
  transfer->finished = TRUE;
  /* the time on the wire, with no thread waiting: the timeline's I/O lane */
  if (transfer->started_us != 0)
    pool_trace_record_io ("download", transfer->started_us, g_get_monotonic_time ());

  if (multi != NULL)
    _lab_download_multi_remove_handle (multi, transfer->request.easy);
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
    _lab_download_multi_unref (multi);
  transfer_unref (transfer);   /* the reference held while running */
}

/* curl ended @transfer with @code, or it was canceled: completes its task. */
void
_lab_download_transfer_finish (LabDownloadTransfer *transfer,
                               CURLcode             code)
{
  GError *error = NULL;
  GBytes *body = _lab_download_request_finish (&transfer->request, code, &error);

  transfer_complete (transfer, body, error);
}

static void
transfer_start (LabDownloadTransfer *transfer)
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
      _lab_download_transfer_finish (transfer, CURLE_ABORTED_BY_CALLBACK);
      return;
    }

  transfer->multi = _lab_download_multi_get (transfer->context);
  transfer->started_us = g_get_monotonic_time ();
  curl_easy_setopt (transfer->request.easy, CURLOPT_PRIVATE, transfer);
  code = _lab_download_multi_add_handle (transfer->multi, transfer->request.easy);
  if (code != CURLM_OK)
    {
      LabDownloadMulti *multi = g_steal_pointer (&transfer->multi);

      _lab_download_multi_unref (multi);
      transfer_complete (transfer, NULL,
                         g_error_new (LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_FAILED,
                                      "Could not start the download: %s",
                                      curl_multi_strerror (code)));
    }
}

/* In a posted callback, before anything else: pairs with transfer_post(). */
static void
transfer_acquire (LabDownloadTransfer *transfer)
{
  (void) g_atomic_int_get (&transfer->posts);
}

static gboolean
on_start (gpointer data)
{
  LabDownloadTransfer *transfer = data;

  transfer_acquire (transfer);
  if (!transfer->finished && transfer->multi == NULL)
    transfer_start (transfer);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancel (gpointer data)
{
  LabDownloadTransfer *transfer = data;

  transfer_acquire (transfer);
  /* Not started yet: on_start() sees the token. */
  if (!transfer->finished && transfer->multi != NULL)
    {
      transfer->request.canceled = TRUE;
      _lab_download_transfer_finish (transfer, CURLE_ABORTED_BY_CALLBACK);
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
transfer_post (LabDownloadTransfer *transfer,
               int                  priority,
               GSourceFunc          func,
               const char          *name)
{
  GSource *source = g_idle_source_new ();
  /* read before the source's reference is taken: once attached, the
   * context's thread may drop the last other one (see post_to_context() in
   * pool/pool-main-context-scheduler.c) */
  GMainContext *context = transfer->context;

  g_atomic_int_inc (&transfer->posts);

  g_source_set_priority (source, priority);
  g_source_set_static_name (source, name);
  g_source_set_callback (source, func, transfer_ref (transfer), transfer_unref);
  g_source_attach (source, context);
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
  LabDownloadTransfer *transfer;
  PoolTask *task;

  g_return_val_if_fail (url != NULL, NULL);

  transfer = g_new0 (LabDownloadTransfer, 1);
  transfer->ref_count = 1;   /* held while running, dropped in transfer_complete() */
  transfer->context = context != NULL ? g_main_context_ref (context)
                                      : g_main_context_ref_thread_default ();
  transfer->completion = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  task = pool_task_ref (pool_task_completion_source_get_task (transfer->completion));

  if (!_lab_download_request_init (&transfer->request, url, limits, token, &transfer->early_error))
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
