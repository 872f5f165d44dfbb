/* lab-compare-window.h — two or three runs stacked on one time scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-run-monitor.h"
#include "lab-stall-chart.h"
#include "lab-timeline.h"

G_BEGIN_DECLS

/* the rows a comparison shows at most: 2 vs 3 vs 4 */
#define LAB_COMPARE_MAX_RUNS 3

#define LAB_TYPE_COMPARE_WINDOW (lab_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (LabCompareWindow, lab_compare_window, LAB, COMPARE_WINDOW, AdwWindow)

LabCompareWindow *lab_compare_window_new              (GtkWindow        *parent,
                                                       LabRunMonitor   **monitors,
                                                       guint             n_monitors);
LabCompareWindow *lab_compare_window_new_phases       (GtkWindow        *parent,
                                                       LabRunMonitor    *monitor);
gboolean          lab_compare_window_has_phases       (LabRunMonitor    *monitor);
guint             lab_compare_window_get_n_rows       (LabCompareWindow *self);
gint64            lab_compare_window_get_row_start    (LabCompareWindow *self,
                                                       guint             row);
LabRunMonitor    *lab_compare_window_get_monitor      (LabCompareWindow *self,
                                                       guint             row);
LabTimeline      *lab_compare_window_get_timeline     (LabCompareWindow *self,
                                                       guint             row);
LabStallChart    *lab_compare_window_get_stall_chart  (LabCompareWindow *self,
                                                       guint             row);
GtkLabel         *lab_compare_window_get_verdict_label (LabCompareWindow *self,
                                                       guint             row);
gint64            lab_compare_window_get_span         (LabCompareWindow *self);
gboolean          lab_compare_window_save_png         (LabCompareWindow *self,
                                                       const char       *path,
                                                       GError          **error);

G_END_DECLS
