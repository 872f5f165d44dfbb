/* pool-cancellation-token.c — CancellationTokenSource / CancellationToken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cancel sets the flag once, then runs the registered callbacks on the
 * cancelling thread, newest first (as .NET does), each with the lock released.
 * Unregistering a callback that is running on another thread waits for it
 * to return, so the caller may free what the callback uses afterwards
 * (CancellationTokenRegistration.Dispose).
 */

#include "pool-cancellation-token.h"
#include "pool-lock-private.h"
#include "pool-timer-private.h"

typedef struct
{
  gulong                   id;
  PoolCancellationCallback callback;
  gpointer                 data;
  GDestroyNotify           data_destroy;
} Registration;

struct _PoolCancellationTokenSource
{
  /* atomic */
  int           ref_count;
  int           cancellation_requested;

  /* immutable after creation */
  guint         id;

  PoolMutex     lock;
  PoolCond      callbacks_done;
  /* protected by @lock */
  GArray       *registrations;     /* Registration, oldest first */
  gulong        last_registration;
  gulong        running_registration; /* the callback running now, 0 if none */
  GThread      *cancelling_thread;    /* while callbacks run */
  guint64       timer_id;          /* pending cancel-after, 0 if none */

  /* linked sources: our registrations on the parents' tokens */
  PoolCancellationToken *link_tokens[2];
  gulong                 link_registrations[2];
};

G_DEFINE_BOXED_TYPE (PoolCancellationTokenSource, pool_cancellation_token_source,
                     pool_cancellation_token_source_ref, pool_cancellation_token_source_unref)
/* Not G_DEFINE_QUARK: its unsynchronised cache is a data race when workers
 * first ask for it together. */
GQuark
pool_canceled_error_quark (void)
{
  static GQuark quark;
  GQuark value = __atomic_load_n (&quark, __ATOMIC_ACQUIRE);

  if (value == 0)
    {
      value = g_quark_from_static_string ("pool-canceled-error-quark");
      __atomic_store_n (&quark, value, __ATOMIC_RELEASE);
    }
  return value;
}

static int last_source_id;

#define SOURCE(token) ((PoolCancellationTokenSource *) (token))

/**
 * pool_cancellation_token_source_new:
 *
 * The C twin of `new CancellationTokenSource()`.
 */
PoolCancellationTokenSource *
pool_cancellation_token_source_new (void)
{
  PoolCancellationTokenSource *source = g_new0 (PoolCancellationTokenSource, 1);

  source->ref_count = 1;
  source->id = (guint) g_atomic_int_add (&last_source_id, 1) + 1;
  _pool_mutex_init (&source->lock);
  _pool_cond_init (&source->callbacks_done);
  source->registrations = g_array_new (FALSE, FALSE, sizeof (Registration));
  return source;
}

static void
cancel_linked (gpointer data)
{
  pool_cancellation_token_source_cancel (data);
}

/**
 * pool_cancellation_token_source_new_linked:
 * @first: (nullable): a token
 * @second: (nullable): another token
 *
 * The C twin of `CancellationTokenSource.CreateLinkedTokenSource(a, b)`:
 * cancelled when either token is, or when cancelled itself.
 */
PoolCancellationTokenSource *
pool_cancellation_token_source_new_linked (PoolCancellationToken *first,
                                           PoolCancellationToken *second)
{
  PoolCancellationTokenSource *source = pool_cancellation_token_source_new ();
  PoolCancellationToken *tokens[2] = { first, second };

  for (guint i = 0; i < 2; i++)
    {
      if (tokens[i] == NULL)
        continue;
      source->link_tokens[i] = pool_cancellation_token_ref (tokens[i]);
      /* The registration does not own the source: unref unregisters first. */
      source->link_registrations[i] =
        pool_cancellation_token_register (tokens[i], cancel_linked, source, NULL);
    }
  return source;
}

PoolCancellationTokenSource *
pool_cancellation_token_source_ref (PoolCancellationTokenSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  g_atomic_int_inc (&source->ref_count);
  return source;
}

void
pool_cancellation_token_source_unref (PoolCancellationTokenSource *source)
{
  g_return_if_fail (source != NULL);

  if (!g_atomic_int_dec_and_test (&source->ref_count))
    return;

  for (guint i = 0; i < 2; i++)
    {
      if (source->link_tokens[i] == NULL)
        continue;
      pool_cancellation_token_unregister (source->link_tokens[i], source->link_registrations[i]);
      pool_cancellation_token_unref (source->link_tokens[i]);
    }
  /* a pending cancel-after holds a reference, so none is left here */
  g_assert (source->timer_id == 0 || source->cancellation_requested);

  for (guint i = 0; i < source->registrations->len; i++)
    {
      Registration *r = &g_array_index (source->registrations, Registration, i);

      if (r->data_destroy != NULL)
        r->data_destroy (r->data);
    }
  g_array_unref (source->registrations);
  _pool_cond_clear (&source->callbacks_done);
  _pool_mutex_clear (&source->lock);
  g_free (source);
}

/**
 * pool_cancellation_token_source_get_token:
 *
 * The C twin of `CancellationTokenSource.Token`.
 *
 * Returns: (transfer none): the source's token
 */
PoolCancellationToken *
pool_cancellation_token_source_get_token (PoolCancellationTokenSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return (PoolCancellationToken *) source;
}

/**
 * pool_cancellation_token_source_cancel:
 *
 * The C twin of `CancellationTokenSource.Cancel()`: requests cancellation
 * and runs the registered callbacks on this thread. Later calls do nothing.
 */
void
pool_cancellation_token_source_cancel (PoolCancellationTokenSource *source)
{
  g_return_if_fail (source != NULL);

  if (!g_atomic_int_compare_and_exchange (&source->cancellation_requested, 0, 1))
    return;

  /* Callbacks are taken one at a time, so one unregistered meanwhile never runs. */
  _pool_mutex_lock (&source->lock);
  source->cancelling_thread = g_thread_self ();
  while (source->registrations->len > 0)
    {
      Registration r = g_array_index (source->registrations, Registration,
                                      source->registrations->len - 1);

      g_array_set_size (source->registrations, source->registrations->len - 1);
      source->running_registration = r.id;
      _pool_mutex_unlock (&source->lock);

      r.callback (r.data);
      if (r.data_destroy != NULL)
        r.data_destroy (r.data);

      _pool_mutex_lock (&source->lock);
      source->running_registration = 0;
      _pool_cond_broadcast (&source->callbacks_done);
    }
  source->cancelling_thread = NULL;
  _pool_mutex_unlock (&source->lock);
}

static void
cancel_after_fired (gpointer data)
{
  PoolCancellationTokenSource *source = data;

  _pool_mutex_lock (&source->lock);
  source->timer_id = 0;
  _pool_mutex_unlock (&source->lock);
  pool_cancellation_token_source_cancel (source);
}

/**
 * pool_cancellation_token_source_cancel_after:
 *
 * The C twin of `CancellationTokenSource.CancelAfter(int)`: cancels once
 * @delay_ms have passed; a later call replaces the pending delay.
 */
void
pool_cancellation_token_source_cancel_after (PoolCancellationTokenSource *source,
                                             guint                        delay_ms)
{
  guint64 previous;

  g_return_if_fail (source != NULL);

  if (pool_cancellation_token_source_is_cancellation_requested (source))
    return;

  _pool_mutex_lock (&source->lock);
  previous = source->timer_id;
  source->timer_id = 0;
  _pool_mutex_unlock (&source->lock);
  if (previous != 0)
    _pool_timer_cancel (previous);

  if (delay_ms == 0)
    {
      pool_cancellation_token_source_cancel (source);
      return;
    }

  _pool_mutex_lock (&source->lock);
  source->timer_id = _pool_timer_schedule (g_get_monotonic_time () + (gint64) delay_ms * 1000,
                                           cancel_after_fired,
                                           pool_cancellation_token_source_ref (source),
                                           (GDestroyNotify) pool_cancellation_token_source_unref);
  _pool_mutex_unlock (&source->lock);
}

/**
 * pool_cancellation_token_source_is_cancellation_requested:
 *
 * The C twin of `CancellationTokenSource.IsCancellationRequested`.
 */
gboolean
pool_cancellation_token_source_is_cancellation_requested (PoolCancellationTokenSource *source)
{
  g_return_val_if_fail (source != NULL, FALSE);

  return g_atomic_int_get (&source->cancellation_requested);
}

/* Tokens keep their source alive. */
PoolCancellationToken *
pool_cancellation_token_ref (PoolCancellationToken *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  pool_cancellation_token_source_ref (SOURCE (token));
  return token;
}

void
pool_cancellation_token_unref (PoolCancellationToken *token)
{
  g_return_if_fail (token != NULL);

  pool_cancellation_token_source_unref (SOURCE (token));
}

/* The id that POOL_CANCELED_ERROR codes carry; 0 for %NULL (None). */
guint
pool_cancellation_token_get_id (PoolCancellationToken *token)
{
  return token != NULL ? SOURCE (token)->id : 0;
}

/**
 * pool_cancellation_token_is_cancellation_requested:
 * @token: (nullable): a token, or %NULL for CancellationToken.None
 *
 * The C twin of `CancellationToken.IsCancellationRequested`.
 */
gboolean
pool_cancellation_token_is_cancellation_requested (PoolCancellationToken *token)
{
  return token != NULL && g_atomic_int_get (&SOURCE (token)->cancellation_requested);
}

/**
 * pool_cancellation_token_can_be_canceled:
 *
 * The C twin of `CancellationToken.CanBeCanceled`: %FALSE only for None.
 */
gboolean
pool_cancellation_token_can_be_canceled (PoolCancellationToken *token)
{
  return token != NULL;
}

/**
 * pool_cancellation_token_set_canceled_error:
 *
 * Sets @error to the "operation canceled" error of @token
 * (`new OperationCanceledException(token)`).
 */
void
pool_cancellation_token_set_canceled_error (PoolCancellationToken  *token,
                                            GError                **error)
{
  g_set_error_literal (error, POOL_CANCELED_ERROR, (gint) pool_cancellation_token_get_id (token),
                       "The operation was canceled.");
}

/**
 * pool_cancellation_token_throw_if_cancellation_requested:
 *
 * The C twin of `CancellationToken.ThrowIfCancellationRequested()`: when
 * cancellation was requested, sets @error to the token's canceled error.
 *
 * Returns: %TRUE if cancellation was requested (the caller should return)
 */
gboolean
pool_cancellation_token_throw_if_cancellation_requested (PoolCancellationToken  *token,
                                                         GError                **error)
{
  if (!pool_cancellation_token_is_cancellation_requested (token))
    return FALSE;

  pool_cancellation_token_set_canceled_error (token, error);
  return TRUE;
}

/**
 * pool_cancellation_token_register:
 *
 * The C twin of `CancellationToken.Register(Action<object>, object)`. On an
 * already cancelled token the callback runs now, on this thread, and 0 is
 * returned. On None nothing is registered.
 *
 * Returns: an id for pool_cancellation_token_unregister(), or 0
 */
gulong
pool_cancellation_token_register (PoolCancellationToken    *token,
                                  PoolCancellationCallback  callback,
                                  gpointer                  data,
                                  GDestroyNotify            data_destroy)
{
  PoolCancellationTokenSource *source = SOURCE (token);
  Registration r = { 0, callback, data, data_destroy };

  g_return_val_if_fail (callback != NULL, 0);

  if (token == NULL)
    {
      if (data_destroy != NULL)
        data_destroy (data);
      return 0;
    }

  _pool_mutex_lock (&source->lock);
  if (!g_atomic_int_get (&source->cancellation_requested))
    {
      r.id = ++source->last_registration;
      g_array_append_val (source->registrations, r);
      _pool_mutex_unlock (&source->lock);
      return r.id;
    }
  _pool_mutex_unlock (&source->lock);

  callback (data);
  if (data_destroy != NULL)
    data_destroy (data);
  return 0;
}

/**
 * pool_cancellation_token_unregister:
 *
 * The C twin of `CancellationTokenRegistration.Dispose()`: the callback will
 * not run; if it is running on another thread now, waits for it to return.
 */
void
pool_cancellation_token_unregister (PoolCancellationToken *token,
                                    gulong                 registration)
{
  PoolCancellationTokenSource *source = SOURCE (token);
  Registration removed = { 0, };

  if (token == NULL || registration == 0)
    return;

  _pool_mutex_lock (&source->lock);
  for (guint i = 0; i < source->registrations->len; i++)
    {
      if (g_array_index (source->registrations, Registration, i).id == registration)
        {
          removed = g_array_index (source->registrations, Registration, i);
          g_array_remove_index (source->registrations, i);
          break;
        }
    }
  /* Running on another thread right now: wait until it has returned. */
  while (removed.id == 0 &&
         source->running_registration == registration &&
         source->cancelling_thread != g_thread_self ())
    _pool_cond_wait (&source->callbacks_done, &source->lock);
  _pool_mutex_unlock (&source->lock);

  if (removed.id != 0 && removed.data_destroy != NULL)
    removed.data_destroy (removed.data);
}
