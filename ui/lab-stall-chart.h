/* lab-stall-chart.h — a strip chart of the main loop's gaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-chart.h"
#include "lab-stall-series.h"

G_BEGIN_DECLS

#define LAB_TYPE_STALL_CHART (lab_stall_chart_get_type ())

G_DECLARE_FINAL_TYPE (LabStallChart, lab_stall_chart, LAB, STALL_CHART, LabChart)

GtkWidget  *lab_stall_chart_new                (void);
void        lab_stall_chart_set_series         (LabStallChart  *self,
                                                LabStallSeries *series);
LabStallSeries *lab_stall_chart_get_series     (LabStallChart  *self);
const char *lab_stall_chart_get_marker_text    (LabStallChart  *self);
void        lab_stall_chart_set_window         (LabStallChart  *self,
                                                gint64          start_us,
                                                gint64          span_us);
void        lab_stall_chart_get_plot_bounds    (LabStallChart  *self,
                                                graphene_rect_t *plot);

G_END_DECLS
