/* lab-queue-view.h — the scheduler queues at one moment of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-trace-model.h"

G_BEGIN_DECLS

#define LAB_TYPE_QUEUE_VIEW (lab_queue_view_get_type ())

G_DECLARE_FINAL_TYPE (LabQueueView, lab_queue_view, LAB, QUEUE_VIEW, GtkWidget)

GtkWidget     *lab_queue_view_new       (void);
void           lab_queue_view_set_model (LabQueueView  *self,
                                         LabTraceModel *model);
LabTraceModel *lab_queue_view_get_model (LabQueueView  *self);
void           lab_queue_view_set_time  (LabQueueView  *self,
                                         gint64         at_us);
gint64         lab_queue_view_get_time  (LabQueueView  *self);
void           lab_queue_view_set_compact (LabQueueView *self,
                                         gboolean      compact);
gboolean       lab_queue_view_get_compact (LabQueueView *self);
void           lab_queue_view_set_reserved_workers (LabQueueView *self,
                                                    guint         n_workers);
guint          lab_queue_view_get_reserved_workers (LabQueueView *self);

G_END_DECLS
