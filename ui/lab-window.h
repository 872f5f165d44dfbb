/* lab-window.h — the TaskLab main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-pool-gauges.h"
#include "lab-stall-chart.h"
#include "lab-timeline.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())

G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, GtkApplicationWindow)

LabWindow  *lab_window_new                   (GtkApplication *application);
void        lab_window_add_scenario          (LabWindow      *self,
                                              const char     *id,
                                              const char     *group,
                                              const char     *title,
                                              const char     *summary,
                                              const char     *csharp,
                                              const char     *c_source,
                                              gboolean        downloads);
void        lab_window_select_scenario       (LabWindow      *self,
                                              const char     *id);
const char *lab_window_get_selected_scenario (LabWindow      *self);
void        lab_window_set_source_image      (LabWindow      *self,
                                              GdkTexture     *texture);
void        lab_window_set_result_image      (LabWindow      *self,
                                              GdkTexture     *texture);
void        lab_window_set_running           (LabWindow      *self,
                                              gboolean        running);
void        lab_window_show_outcome          (LabWindow      *self,
                                              const char     *verdict,
                                              const char     *details);
void        lab_window_show_error            (LabWindow      *self,
                                              const char     *message);
guint64     lab_window_get_frame_count       (LabWindow      *self);
void        lab_window_set_freeze_seconds    (LabWindow      *self,
                                              double          seconds);
GtkEditable *lab_window_get_type_entry       (LabWindow      *self);
LabStallChart *lab_window_get_stall_chart   (LabWindow      *self);
LabTimeline *lab_window_get_timeline         (LabWindow      *self);
LabPoolGauges *lab_window_get_gauges        (LabWindow      *self);
void        lab_window_append_log            (LabWindow      *self,
                                              const char     *line);
void        lab_window_clear_log             (LabWindow      *self);
void        lab_window_set_chips             (LabWindow      *self,
                                              const char * const *chips);
const char *lab_window_get_url               (LabWindow      *self);
void        lab_window_set_url               (LabWindow      *self,
                                              const char     *url);

G_END_DECLS
