/* lab-chart.c — see lab-chart.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is handed a model and calls lab_chart_invalidate() when the model
 * changes; the shapes are then worked out once before the next frame is
 * drawn, and the snapshot only appends them. While live, the chart's right
 * edge is now: it lays itself out every LIVE_INTERVAL_US of the frame
 * clock, which stops while the UI thread is blocked, as the audience should
 * see.
 *
 * While live, new data waits for that interval too: as a run starts, the
 * trace fills in on every frame.
 *
 * New data or a new "now" changes the shapes, never the chart's size, so
 * they are worked out in a tick callback (the frame's update phase) and
 * only a redraw is queued. Queueing an allocation instead would have the
 * whole window lay itself out again, and on X11 each layout of a toplevel
 * asks the X server for its monitor and work area: several round trips per
 * frame. A new size (size_allocate) lays the chart out there.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-chart.h"
#include "lab-instruments-private.h"

#define LIVE_INTERVAL_US (50 * 1000)

typedef struct
{
  gboolean live;
  gboolean layout_valid;
  gboolean has_shapes;         /* laid out at least once */
  guint    tick_id;            /* while live or out of date, and mapped */
  gint64   laid_out_at_us;     /* the frame time of the last live layout */
  int      laid_out_width;
  int      laid_out_height;
} LabChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LabChart, lab_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
layout_time (LabChart *self)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);
  GdkFrameClock *clock;

  if (!priv->live)
    return 0;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  return clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static void
do_layout (LabChart *self)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  priv->laid_out_at_us = layout_time (self);
  LAB_CHART_GET_CLASS (self)->layout (self, width, height, priv->laid_out_at_us);
  priv->layout_valid = TRUE;
  priv->has_shapes = TRUE;
  priv->laid_out_width = width;
  priv->laid_out_height = height;
}

static void update_tick (LabChart *self);

/* The data changed: lay out again before the next frame is drawn. */
void
lab_chart_invalidate (LabChart *self)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (LAB_IS_CHART (self));

  priv->layout_valid = FALSE;
  /* off screen (a closed details pane), it lays out when it is shown again */
  if (!gtk_widget_get_mapped (widget))
    return;
  /* not given a size yet: size_allocate lays it out */
  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    {
      gtk_widget_queue_allocate (widget);
      return;
    }
  update_tick (self);
}

/* Lays out now if the shapes are out of date (for exports and tests). */
void
lab_chart_ensure_layout (LabChart *self)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);

  g_return_if_fail (LAB_IS_CHART (self));

  if (!priv->layout_valid ||
      priv->laid_out_width != gtk_widget_get_width (GTK_WIDGET (self)) ||
      priv->laid_out_height != gtk_widget_get_height (GTK_WIDGET (self)))
    do_layout (self);
}

/* Before the frame is drawn: new shapes for new data or, while live, for
 * the time that passed; a redraw, no relayout. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  LabChart *self = LAB_CHART (widget);
  LabChartPrivate *priv = lab_chart_get_instance_private (self);
  gboolean due = priv->live &&
                 gdk_frame_clock_get_frame_time (clock) - priv->laid_out_at_us >= LIVE_INTERVAL_US;

  /* live, new data waits for the next interval (a few frames at most): as a
   * run starts, the trace fills in on every frame, and a layout and redraw
   * of the chart on each of them made the run's first frames its slowest */
  if ((!priv->layout_valid && (!priv->live || !priv->has_shapes)) || due)
    {
      do_layout (self);
      gtk_widget_queue_draw (widget);
    }
  if (priv->live)
    return G_SOURCE_CONTINUE;
  priv->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
update_tick (LabChart *self)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);
  gboolean want = (priv->live || !priv->layout_valid) && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && priv->tick_id == 0)
    priv->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!want && priv->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), priv->tick_id);
      priv->tick_id = 0;
    }
}

/**
 * lab_chart_set_live:
 * @live: %TRUE while a run is in progress: the right edge follows the
 *   frame clock; %FALSE fits the picture to the data
 */
void
lab_chart_set_live (LabChart *self,
                    gboolean  live)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);

  g_return_if_fail (LAB_IS_CHART (self));

  live = !!live;
  if (priv->live == live)
    return;
  priv->live = live;
  update_tick (self);
  lab_chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
lab_chart_get_live (LabChart *self)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (self);

  g_return_val_if_fail (LAB_IS_CHART (self), FALSE);

  return priv->live;
}

static void
lab_chart_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  lab_chart_ensure_layout (LAB_CHART (widget));
}

static void
lab_chart_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (LAB_CHART (widget));

  /* out of date only until the next tick: meanwhile, the last shapes */
  if (priv->has_shapes)
    LAB_CHART_GET_CLASS (widget)->draw (LAB_CHART (widget), snapshot);
}

static void
lab_chart_css_changed (GtkWidget         *widget,
                       GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lab_chart_parent_class)->css_changed (widget, change);
  /* font size (zoom) or colours (light/dark): sizes and colours change */
  lab_chart_invalidate (LAB_CHART (widget));
  gtk_widget_queue_resize (widget);
}

static void
lab_chart_map (GtkWidget *widget)
{
  LabChartPrivate *priv = lab_chart_get_instance_private (LAB_CHART (widget));

  GTK_WIDGET_CLASS (lab_chart_parent_class)->map (widget);
  update_tick (LAB_CHART (widget));
  if (!priv->layout_valid)
    lab_chart_invalidate (LAB_CHART (widget));
}

static void
lab_chart_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_chart_parent_class)->unmap (widget);
  update_tick (LAB_CHART (widget));
}

static void
lab_chart_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  if (prop_id == PROP_LIVE)
    g_value_set_boolean (value, lab_chart_get_live (LAB_CHART (object)));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_chart_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  if (prop_id == PROP_LIVE)
    lab_chart_set_live (LAB_CHART (object), g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_chart_class_init (LabChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_chart_get_property;
  object_class->set_property = lab_chart_set_property;
  widget_class->size_allocate = lab_chart_size_allocate;
  widget_class->snapshot = lab_chart_snapshot;
  widget_class->css_changed = lab_chart_css_changed;
  widget_class->map = lab_chart_map;
  widget_class->unmap = lab_chart_unmap;

  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_chart_init (LabChart *self)
{
}

/**
 * lab_chart_render_texture:
 *
 * Draws the chart as it is on screen, over the window's background colour,
 * at the widget's size and scale.
 *
 * Returns: (transfer full): the picture, or %NULL with @error set if the
 *   widget has no size yet
 */
GdkTexture *
lab_chart_render_texture (LabChart  *self,
                          GError   **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) own_renderer = NULL;
  GskRenderer *renderer = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  GdkTexture *texture;
  GdkRGBA background;

  g_return_val_if_fail (LAB_IS_CHART (self), NULL);

  if (width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The chart has no size yet: show it before saving it"));
      return NULL;
    }
  lab_chart_ensure_layout (self);
  lab_style_background (widget, &background);

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  LAB_CHART_GET_CLASS (self)->draw (self, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  if (native != NULL && gtk_widget_get_realized (GTK_WIDGET (native)))
    renderer = gtk_native_get_renderer (native);
  if (renderer == NULL)
    {
      own_renderer = gsk_cairo_renderer_new ();
      if (!gsk_renderer_realize (own_renderer, NULL, error))
        return NULL;
      renderer = own_renderer;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width * scale, height * scale));
  if (own_renderer != NULL)
    gsk_renderer_unrealize (own_renderer);
  return texture;
}

/**
 * lab_chart_save_png:
 * @path: the file to write; replaced atomically (a temporary file, renamed)
 *
 * Saves the chart as a PNG, for slides and bug reports.
 */
gboolean
lab_chart_save_png (LabChart    *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;

  g_return_val_if_fail (LAB_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  texture = lab_chart_render_texture (self, error);
  if (texture == NULL)
    return FALSE;
  png = gdk_texture_save_to_png_bytes (texture);
  return g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), error);
}
