/* lab-timeline.h — which thread ran what, one lane per thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart.h"
#include "lab-trace-model.h"

G_BEGIN_DECLS

#define LAB_TYPE_TIMELINE (lab_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LabTimeline, lab_timeline, LAB, TIMELINE, LabChart)

GtkWidget     *lab_timeline_new        (void);
void           lab_timeline_set_model  (LabTimeline   *self,
                                        LabTraceModel *model);
LabTraceModel *lab_timeline_get_model  (LabTimeline   *self);
void           lab_timeline_set_reserved_lanes (LabTimeline *self,
                                                guint        n_lanes);
guint          lab_timeline_get_reserved_lanes (LabTimeline *self);
void           lab_timeline_set_cursor (LabTimeline   *self,
                                        gint64         at_us);
gint64         lab_timeline_get_cursor (LabTimeline   *self);
void           lab_timeline_set_span   (LabTimeline   *self,
                                        gint64         span_us);
void           lab_timeline_get_plot_bounds (LabTimeline     *self,
                                        graphene_rect_t *plot,
                                        gint64          *start_us,
                                        gint64          *end_us);

G_END_DECLS
