/* lab-stall-chart.h — a strip chart of the main loop's gaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_STALL_CHART (lab_stall_chart_get_type ())

G_DECLARE_FINAL_TYPE (LabStallChart, lab_stall_chart, LAB, STALL_CHART, GtkWidget)

GtkWidget  *lab_stall_chart_new                (void);
void        lab_stall_chart_add_gap            (LabStallChart *self,
                                                gint64         at_us,
                                                double         gap_ms);
void        lab_stall_chart_reset              (LabStallChart *self);
void        lab_stall_chart_set_live           (LabStallChart *self,
                                                gboolean       live);
gboolean    lab_stall_chart_get_live           (LabStallChart *self);
double      lab_stall_chart_get_longest_ms     (LabStallChart *self);
guint       lab_stall_chart_get_frames_missed  (LabStallChart *self);
const char *lab_stall_chart_get_marker_text    (LabStallChart *self);

G_END_DECLS
