/* lab-spinner.c — the header bar's "busy" spinner, turned by the frame clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It looks like GtkSpinner under Adwaita: the theme's
 * process-working-symbolic icon in the text colour, as large as the
 * widget's smaller side (16 px by default), one turn a second, invisible
 * while not spinning (and keeping its room, so the header bar does not
 * move). GtkSpinner turns with a CSS animation, and in GTK 4.8 each step of
 * a CSS animation has the window validate its styles and lay itself out
 * again; on X11 that layout asks the X server for the monitor and its work
 * area (several round trips) on every frame of a run. Here a tick callback
 * sets the angle and queues a redraw of these few pixels only; the
 * snapshot appends the icon, rotated about its centre.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-instruments-private.h"
#include "lab-spinner.h"

#define TURN_US     G_USEC_PER_SEC
#define ICON_NAME   "process-working-symbolic"
#define ICON_SIZE   16

struct _LabSpinner
{
  GtkWidget     parent_instance;

  gboolean      spinning;
  gint64        started_us;    /* the frame time when it started turning */
  double        angle;         /* degrees, set by the tick callback */
  guint         tick_id;

  /* looked up at the size and scale drawn, dropped when the style changes */
  GtkIconPaintable *icon;
  int           icon_size;
  int           icon_scale;
  GdkRGBA       colors[4];     /* the symbolic colours, as GTK gives them to icons */
  gboolean      colors_valid;
};

G_DEFINE_FINAL_TYPE (LabSpinner, lab_spinner, GTK_TYPE_WIDGET)

static gint64
frame_time (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  return clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  LabSpinner *self = LAB_SPINNER (widget);
  gint64 elapsed = gdk_frame_clock_get_frame_time (clock) - self->started_us;

  self->angle = 360.0 * (double) (MAX (elapsed, 0) % TURN_US) / TURN_US;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
update_tick (LabSpinner *self)
{
  gboolean want = self->spinning && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static GtkIconPaintable *
ensure_icon (LabSpinner *self,
             int         size)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int scale = gtk_widget_get_scale_factor (widget);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

  if (self->icon != NULL && self->icon_size == size && self->icon_scale == scale)
    return self->icon;
  g_clear_object (&self->icon);
  self->icon = gtk_icon_theme_lookup_icon (theme, ICON_NAME, NULL, size, scale,
                                           gtk_widget_get_direction (widget), 0);
  self->icon_size = size;
  self->icon_scale = scale;
  return self->icon;
}

static void
lab_spinner_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  LabSpinner *self = LAB_SPINNER (widget);
  float width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int size = (int) MIN (width, height);
  GtkIconPaintable *icon;

  if (!self->spinning || size <= 0)
    return;
  icon = ensure_icon (self, size);
  if (icon == NULL)
    return;
  if (!self->colors_valid)
    {
      lab_style_foreground (widget, &self->colors[0]);
      lab_style_lookup_color (widget, "error_color", "#e01b24", &self->colors[1]);
      lab_style_lookup_color (widget, "warning_color", "#e5a50a", &self->colors[2]);
      lab_style_lookup_color (widget, "success_color", "#2ec27e", &self->colors[3]);
      self->colors_valid = TRUE;
    }

  gtk_snapshot_save (snapshot);
  if (!gtk_widget_is_sensitive (widget))
    gtk_snapshot_push_opacity (snapshot, 0.5);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2.0f, height / 2.0f));
  gtk_snapshot_rotate (snapshot, (float) self->angle);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-size / 2.0f, -size / 2.0f));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, size, size,
                                            self->colors, G_N_ELEMENTS (self->colors));
  if (!gtk_widget_is_sensitive (widget))
    gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);
}

static void
lab_spinner_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = *natural = ICON_SIZE;
}

static void
lab_spinner_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lab_spinner_parent_class)->css_changed (widget, change);
  /* the icon theme or the colours */
  g_clear_object (&LAB_SPINNER (widget)->icon);
  LAB_SPINNER (widget)->colors_valid = FALSE;
}

static void
lab_spinner_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_spinner_parent_class)->map (widget);
  update_tick (LAB_SPINNER (widget));
}

static void
lab_spinner_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_spinner_parent_class)->unmap (widget);
  update_tick (LAB_SPINNER (widget));
}

static void
lab_spinner_finalize (GObject *object)
{
  g_clear_object (&LAB_SPINNER (object)->icon);

  G_OBJECT_CLASS (lab_spinner_parent_class)->finalize (object);
}

static void
lab_spinner_class_init (LabSpinnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lab_spinner_finalize;
  widget_class->snapshot = lab_spinner_snapshot;
  widget_class->measure = lab_spinner_measure;
  widget_class->css_changed = lab_spinner_css_changed;
  widget_class->map = lab_spinner_map;
  widget_class->unmap = lab_spinner_unmap;
  gtk_widget_class_set_css_name (widget_class, "labspinner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
lab_spinner_init (LabSpinner *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Running"), -1);
}

GtkWidget *
lab_spinner_new (void)
{
  return g_object_new (LAB_TYPE_SPINNER, NULL);
}

/* Turns (from angle 0) while @spinning; hidden, keeping its room, otherwise. */
void
lab_spinner_set_spinning (LabSpinner *self,
                          gboolean    spinning)
{
  g_return_if_fail (LAB_IS_SPINNER (self));

  spinning = !!spinning;
  if (self->spinning == spinning)
    return;
  self->spinning = spinning;
  self->started_us = frame_time (GTK_WIDGET (self));
  self->angle = 0.0;
  update_tick (self);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, spinning, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lab_spinner_get_spinning (LabSpinner *self)
{
  g_return_val_if_fail (LAB_IS_SPINNER (self), FALSE);

  return self->spinning;
}

/* The angle it is drawn at, in degrees (for tests). */
double
lab_spinner_get_angle (LabSpinner *self)
{
  g_return_val_if_fail (LAB_IS_SPINNER (self), 0.0);

  return self->angle;
}
