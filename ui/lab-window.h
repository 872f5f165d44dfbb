/* lab-window.h — the TaskLab main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-run-monitor.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())

G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

typedef struct _LabCompareWindow LabCompareWindow;

/**
 * LabStageLayout:
 *
 * Where the stage's parts lie in the window (window coordinates), as GTK
 * laid them out; for the tests that check that everything fits.
 */
typedef struct
{
  int             window_width;
  int             window_height;
  gboolean        has_csharp;
  graphene_rect_t csharp;
  gboolean        has_verdict;
  graphene_rect_t verdict;
  gboolean        has_run_button;
  graphene_rect_t run_button;
  guint           csharp_lines;
  guint           csharp_lines_visible;
  double          csharp_scale;
} LabStageLayout;

LabWindow     *lab_window_new                   (GtkApplication *application);
void           lab_window_add_scenario          (LabWindow      *self,
                                                 const char     *id,
                                                 const char     *group,
                                                 const char     *title,
                                                 const char     *summary,
                                                 const char     *info,
                                                 const char     *csharp,
                                                 const char     *c_source,
                                                 gboolean        downloads);
gboolean       lab_window_select_scenario       (LabWindow      *self,
                                                 const char     *id);
const char    *lab_window_get_selected_scenario (LabWindow      *self);
void           lab_window_set_monitor           (LabWindow      *self,
                                                 LabRunMonitor  *monitor);
LabRunMonitor *lab_window_get_shown_monitor     (LabWindow      *self);
void           lab_window_set_result_image      (LabWindow      *self,
                                                 LabRunMonitor  *monitor,
                                                 GdkTexture     *texture);
void           lab_window_set_source_image      (LabWindow      *self,
                                                 GdkTexture     *texture);
void           lab_window_show_error            (LabWindow      *self,
                                                 const char     *message);
guint64        lab_window_get_frame_count       (LabWindow      *self);
void           lab_window_set_zoom              (LabWindow      *self,
                                                 int             percent);
const char    *lab_window_get_url               (LabWindow      *self);
gboolean       lab_window_open_run              (LabWindow      *self,
                                                 const char     *path,
                                                 GError        **error);
void           lab_window_set_compare_with      (LabWindow      *self,
                                                 const char     *id,
                                                 const char * const *others);
gboolean       lab_window_compare               (LabWindow      *self,
                                                 const char     *target);
LabCompareWindow *lab_window_show_comparison    (LabWindow      *self,
                                                 LabRunMonitor **monitors,
                                                 guint           n_monitors);
LabCompareWindow *lab_window_show_phases        (LabWindow      *self,
                                                 LabRunMonitor  *monitor);
LabCompareWindow *lab_window_get_compare_window (LabWindow      *self);
void           lab_window_set_waiting           (LabWindow      *self,
                                                 gboolean        waiting);
void           lab_window_set_url               (LabWindow      *self,
                                                 const char     *url);
gboolean       lab_window_get_type_field_bounds (LabWindow      *self,
                                                 graphene_rect_t *bounds);
void           lab_window_get_stage_layout      (LabWindow      *self,
                                                 LabStageLayout *layout);

G_END_DECLS
