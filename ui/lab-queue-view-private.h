/* lab-queue-view-private.h — what the tests read of the queue view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-queue-view.h"

G_BEGIN_DECLS

void        lab_queue_view_flush         (LabQueueView *self);
guint       lab_queue_view_get_n_rows    (LabQueueView *self);
const char *lab_queue_view_get_row_title (LabQueueView *self,
                                          guint         row);
GStrv       lab_queue_view_dup_row_chips (LabQueueView *self,
                                          guint         row);
const char *lab_queue_view_get_summary   (LabQueueView *self);
gboolean    lab_queue_view_get_row_visible (LabQueueView *self,
                                          guint         row);
GStrv       lab_queue_view_dup_row_drawn (LabQueueView *self,
                                          guint         row,
                                          float        *end);
gboolean    lab_queue_view_is_laid_out   (LabQueueView *self);
PangoLayout *lab_queue_view_peek_chip_layout (LabQueueView *self,
                                          guint         row,
                                          guint         chip);

G_END_DECLS
