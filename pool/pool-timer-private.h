/* pool-timer-private.h — one thread that fires callbacks at due times
 * (the pool's System.Threading.Timer, behind delays and cancel-after).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*PoolTimerFunc) (gpointer data);

/* Calls @func (@data) on the timer thread once g_get_monotonic_time() reaches
 * @due_us, unless cancelled first. Returns an id for _pool_timer_cancel(). */
guint64  _pool_timer_schedule (gint64         due_us,
                               PoolTimerFunc  func,
                               gpointer       data,
                               GDestroyNotify data_destroy);
/* Returns TRUE if the callback will not run (it was removed before firing). */
gboolean _pool_timer_cancel   (guint64        id);
void     _pool_timer_shutdown (void);

G_END_DECLS
