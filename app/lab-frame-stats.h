/* lab-frame-stats.h — how long TaskLab's own work takes per frame, for the
 * UI-cost benchmark (TASKLAB_FRAME_STATS=FILE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void lab_frame_stats_watch      (GtkWidget *window);
void lab_frame_stats_set_active (gboolean   active);
void lab_frame_stats_begin_work (void);
void lab_frame_stats_write      (void);

G_END_DECLS
