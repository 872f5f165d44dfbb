/* pool-cancellation-token.h — CancellationTokenSource and CancellationToken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A source cancels; its token observes. In C the token is a reference to
 * its source seen read-only: %NULL is CancellationToken.None.
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

typedef struct _PoolCancellationTokenSource PoolCancellationTokenSource;
typedef struct _PoolCancellationToken       PoolCancellationToken;

/**
 * PoolCancellationCallback:
 * @data: the data given to pool_cancellation_token_register()
 *
 * Runs once, on the thread that cancels (or on the registering thread when
 * the token was already cancelled), as CancellationToken.Register does.
 */
typedef void (*PoolCancellationCallback) (gpointer data);

/* The error a delegate reports when it observes its token: domain
 * POOL_CANCELED_ERROR, code = the id of the token's source. The pool compares
 * that id with the task's launch token (OperationCanceledException.CancellationToken). */
#define POOL_CANCELED_ERROR (pool_canceled_error_quark ())
GQuark pool_canceled_error_quark (void);

#define POOL_TYPE_CANCELLATION_TOKEN_SOURCE (pool_cancellation_token_source_get_type ())

GType                        pool_cancellation_token_source_get_type      (void) G_GNUC_CONST;
PoolCancellationTokenSource *pool_cancellation_token_source_new           (void);
PoolCancellationTokenSource *pool_cancellation_token_source_new_linked    (PoolCancellationToken       *first,
                                                                           PoolCancellationToken       *second);
PoolCancellationTokenSource *pool_cancellation_token_source_ref           (PoolCancellationTokenSource *source);
void                         pool_cancellation_token_source_unref         (PoolCancellationTokenSource *source);
PoolCancellationToken       *pool_cancellation_token_source_get_token     (PoolCancellationTokenSource *source);
void                         pool_cancellation_token_source_cancel        (PoolCancellationTokenSource *source);
void                         pool_cancellation_token_source_cancel_after  (PoolCancellationTokenSource *source,
                                                                           guint                        delay_ms);
gboolean                     pool_cancellation_token_source_is_cancellation_requested
                                                                          (PoolCancellationTokenSource *source);

PoolCancellationToken       *pool_cancellation_token_ref                  (PoolCancellationToken       *token);
void                         pool_cancellation_token_unref                (PoolCancellationToken       *token);
guint                        pool_cancellation_token_get_id               (PoolCancellationToken       *token);
gboolean                     pool_cancellation_token_is_cancellation_requested
                                                                          (PoolCancellationToken       *token);
gboolean                     pool_cancellation_token_can_be_canceled      (PoolCancellationToken       *token);
gboolean                     pool_cancellation_token_throw_if_cancellation_requested
                                                                          (PoolCancellationToken       *token,
                                                                           GError                     **error);
void                         pool_cancellation_token_set_canceled_error   (PoolCancellationToken       *token,
                                                                           GError                     **error);
gulong                       pool_cancellation_token_register             (PoolCancellationToken       *token,
                                                                           PoolCancellationCallback     callback,
                                                                           gpointer                     data,
                                                                           GDestroyNotify               data_destroy);
void                         pool_cancellation_token_unregister           (PoolCancellationToken       *token,
                                                                           gulong                       registration);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoolCancellationTokenSource, pool_cancellation_token_source_unref)

G_END_DECLS
