/* lab-event-log.h — a line per user-visible event, for tests that drive the
 * real window from outside (TASKLAB_EVENT_LOG=FILE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean lab_event_log_is_enabled (void);
void     lab_event_log_write      (const char *format,
                                   ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
