/* pool-aggregate-error.h — POOL_AGGREGATE_ERROR, the C twin of AggregateException.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define POOL_AGGREGATE_ERROR (pool_aggregate_error_quark ())

/**
 * PoolAggregateErrorCode:
 * @POOL_AGGREGATE_ERROR_AGGREGATE: one or more errors occurred; they are the
 *   error's inner errors (pool_aggregate_error_get_inner_errors())
 */
typedef enum
{
  POOL_AGGREGATE_ERROR_AGGREGATE,
} PoolAggregateErrorCode;

GQuark           pool_aggregate_error_quark            (void);
GError          *pool_aggregate_error_new              (GError * const *inner_errors,
                                                        guint           n_inner_errors);
const GPtrArray *pool_aggregate_error_get_inner_errors (const GError   *error);
GPtrArray       *pool_aggregate_error_flatten          (const GError   *error);
gboolean         pool_error_is_aggregate               (const GError   *error);

G_END_DECLS
