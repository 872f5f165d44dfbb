/* lab-chart.h — what the instruments' charts share: a model's changes
 * redraw them, a live chart follows the frame clock, and each can be saved
 * as a picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_CHART (lab_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (LabChart, lab_chart, LAB, CHART, GtkWidget)

/**
 * LabChartClass:
 * @layout: works out every shape for the chart's size, its data and, while
 *   live, @now_us (the frame clock's time; 0 when not live)
 * @draw: appends the shapes @layout prepared, nothing else
 */
struct _LabChartClass
{
  GtkWidgetClass parent_class;

  void (*layout) (LabChart    *chart,
                  int          width,
                  int          height,
                  gint64       now_us);
  void (*draw)   (LabChart    *chart,
                  GtkSnapshot *snapshot);
};

void        lab_chart_invalidate      (LabChart     *self);
void        lab_chart_ensure_layout   (LabChart     *self);
void        lab_chart_set_live        (LabChart     *self,
                                       gboolean      live);
gboolean    lab_chart_get_live        (LabChart     *self);
GdkTexture *lab_chart_render_texture  (LabChart     *self,
                                       GError      **error);
gboolean    lab_chart_save_png        (LabChart     *self,
                                       const char   *path,
                                       GError      **error);

G_END_DECLS
