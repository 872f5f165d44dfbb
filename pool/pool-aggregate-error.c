/* pool-aggregate-error.c — an error made of errors, as AggregateException.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GError cannot hold other errors, but an extended error domain (GLib
 * 2.68's g_error_domain_register_static) can carry
 * private data that GLib copies and frees with the error: here, the inner
 * errors. So an aggregate is an ordinary GError (g_error_copy and
 * g_error_free handle the whole tree) whose leaves are the errors delegates
 * reported, and an aggregate may hold aggregates (a parent holds one per
 * faulted attached child).
 */

#include <pthread.h>

#include "pool-aggregate-error.h"

typedef struct
{
  GPtrArray *inner;   /* GError*, owned */
} PoolAggregateErrorPrivate;

static void
pool_aggregate_error_private_init (PoolAggregateErrorPrivate *priv)
{
  priv->inner = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

static void
pool_aggregate_error_private_copy (const PoolAggregateErrorPrivate *src,
                                   PoolAggregateErrorPrivate       *dest)
{
  for (guint i = 0; i < src->inner->len; i++)
    g_ptr_array_add (dest->inner, g_error_copy (g_ptr_array_index (src->inner, i)));
}

static void
pool_aggregate_error_private_clear (PoolAggregateErrorPrivate *priv)
{
  g_clear_pointer (&priv->inner, g_ptr_array_unref);
}

/* What G_DEFINE_EXTENDED_ERROR expands to, but registered under
 * pthread_once: the macro's g_once_init_leave() happens inside GLib, where
 * the thread sanitizer cannot see it publish the quark. */
static PoolAggregateErrorPrivate *
pool_aggregate_error_get_private (const GError *error)
{
  /* the private data sits before the GError, aligned as gtype.c aligns */
  const gsize alignment = 2 * sizeof (gsize);
  const gsize offset = (sizeof (PoolAggregateErrorPrivate) + (alignment - 1)) & -alignment;

  return (PoolAggregateErrorPrivate *) (((guint8 *) error) - offset);
}

static void
error_private_init (GError *error)
{
  pool_aggregate_error_private_init (pool_aggregate_error_get_private (error));
}

static void
error_private_copy (const GError *src,
                    GError       *dest)
{
  pool_aggregate_error_private_copy (pool_aggregate_error_get_private (src),
                                     pool_aggregate_error_get_private (dest));
}

static void
error_private_clear (GError *error)
{
  pool_aggregate_error_private_clear (pool_aggregate_error_get_private (error));
}

static GQuark aggregate_error_quark;

static void
register_domain (void)
{
  aggregate_error_quark = g_error_domain_register_static ("pool-aggregate-error-quark",
                                                          sizeof (PoolAggregateErrorPrivate),
                                                          error_private_init,
                                                          error_private_copy,
                                                          error_private_clear);
}

GQuark
pool_aggregate_error_quark (void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;

  pthread_once (&once, register_domain);
  return aggregate_error_quark;
}

/**
 * pool_aggregate_error_new:
 * @inner_errors: (array length=n_inner_errors): the errors it holds (copied)
 *
 * The C twin of `new AggregateException(innerExceptions)`. Its message is
 * .NET's: "One or more errors occurred." followed by each inner message.
 *
 * Returns: (transfer full): a %POOL_AGGREGATE_ERROR error
 */
GError *
pool_aggregate_error_new (GError * const *inner_errors,
                          guint           n_inner_errors)
{
  g_autoptr(GString) message = g_string_new ("One or more errors occurred.");
  PoolAggregateErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (inner_errors != NULL || n_inner_errors == 0, NULL);

  for (guint i = 0; i < n_inner_errors; i++)
    g_string_append_printf (message, " (%s)", inner_errors[i]->message);
  error = g_error_new_literal (POOL_AGGREGATE_ERROR, POOL_AGGREGATE_ERROR_AGGREGATE, message->str);
  priv = pool_aggregate_error_get_private (error);
  for (guint i = 0; i < n_inner_errors; i++)
    g_ptr_array_add (priv->inner, g_error_copy (inner_errors[i]));
  return error;
}

/**
 * pool_error_is_aggregate:
 *
 * Returns: %TRUE if @error is a %POOL_AGGREGATE_ERROR (`is AggregateException`)
 */
gboolean
pool_error_is_aggregate (const GError *error)
{
  return error != NULL && error->domain == POOL_AGGREGATE_ERROR;
}

/**
 * pool_aggregate_error_get_inner_errors:
 *
 * The C twin of `AggregateException.InnerExceptions`.
 *
 * Returns: (transfer none) (element-type GError): the errors @error holds
 */
const GPtrArray *
pool_aggregate_error_get_inner_errors (const GError *error)
{
  g_return_val_if_fail (pool_error_is_aggregate (error), NULL);

  return pool_aggregate_error_get_private (error)->inner;
}

static void
flatten_into (const GError *error,
              GPtrArray    *leaves)
{
  const GPtrArray *inner;

  if (!pool_error_is_aggregate (error))
    {
      g_ptr_array_add (leaves, g_error_copy (error));
      return;
    }
  inner = pool_aggregate_error_get_private (error)->inner;
  for (guint i = 0; i < inner->len; i++)
    flatten_into (g_ptr_array_index (inner, i), leaves);
}

/**
 * pool_aggregate_error_flatten:
 *
 * The C twin of `AggregateException.Flatten().InnerExceptions`: the leaves
 * of @error, depth first. A non-aggregate error flattens to itself.
 *
 * Returns: (transfer full) (element-type GError): copies of the leaves
 */
GPtrArray *
pool_aggregate_error_flatten (const GError *error)
{
  GPtrArray *leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  g_return_val_if_fail (error != NULL, leaves);

  flatten_into (error, leaves);
  return leaves;
}
