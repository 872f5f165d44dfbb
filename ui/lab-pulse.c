/* lab-pulse.c — a ball that crosses a track once a second, one step per frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The position comes from the frame clock, so the ball moves only when the
 * UI thread gets to draw frames: while it is blocked, the ball stands still,
 * which the audience sees. It moves while a run is in progress ("running");
 * an idle window draws no frames for it (an animation at 60 frames a second
 * would cost a third of a core under Xvfb). The tick callback computes the
 * rectangles and damages only the track's strip; the snapshot only appends.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-instruments-private.h"
#include "lab-pulse.h"

#define PERIOD_US (1200 * 1000)

struct _LabPulse
{
  GtkWidget        parent_instance;

  /* from the font, at each size allocation (not per frame) */
  float            ball_size;

  /* prepared by the tick callback, read by snapshot */
  graphene_rect_t  track;
  GskRoundedRect   ball;
  guint64          frames;
  guint            tick_id;
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (LabPulse, lab_pulse, GTK_TYPE_WIDGET)

/* The ball scales with the text, so zoom and presenter mode scale it. */
static float
ball_size (GtkWidget *widget)
{
  return MAX (12.0f, 1.3f * lab_style_em (widget));
}

static void
lab_pulse_layout (LabPulse *self,
                  gint64    frame_time_us)
{
  float BALL_SIZE = self->ball_size;
  float width = gtk_widget_get_width (GTK_WIDGET (self));
  float height = gtk_widget_get_height (GTK_WIDGET (self));
  double phase = (double) (frame_time_us % PERIOD_US) / PERIOD_US;
  double travel = phase < 0.5 ? phase * 2.0 : 2.0 - phase * 2.0;
  float x = (float) (travel * MAX (0.0f, width - BALL_SIZE));
  float y = (height - BALL_SIZE) / 2.0f;

  graphene_rect_init (&self->track, 0, height / 2.0f - 2.0f, width, 4.0f);
  gsk_rounded_rect_init_from_rect (&self->ball,
                                   &GRAPHENE_RECT_INIT (x, y, BALL_SIZE, BALL_SIZE),
                                   BALL_SIZE / 2.0f);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  LabPulse *self = LAB_PULSE (widget);

  self->frames++;
  lab_pulse_layout (self, gdk_frame_clock_get_frame_time (clock));
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
lab_pulse_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  LabPulse *self = LAB_PULSE (widget);
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  color.alpha *= 0.25f;
  gtk_snapshot_append_color (snapshot, &color, &self->track);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_push_rounded_clip (snapshot, &self->ball);
  gtk_snapshot_append_color (snapshot, &color, &self->ball.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
lab_pulse_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  float BALL_SIZE = ball_size (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) BALL_SIZE * 2;
      *natural = (int) BALL_SIZE * 12;
    }
  else
    {
      *minimum = *natural = (int) BALL_SIZE + 8;
    }
}

static void
lab_pulse_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  LabPulse *self = LAB_PULSE (widget);

  self->ball_size = ball_size (widget);
  /* at rest at the start of the track until a run moves it */
  lab_pulse_layout (self, self->running ? g_get_monotonic_time () : 0);
}

static void
update_tick (LabPulse *self)
{
  gboolean want = self->running && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
lab_pulse_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_pulse_parent_class)->map (widget);
  update_tick (LAB_PULSE (widget));
}

static void
lab_pulse_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_pulse_parent_class)->unmap (widget);
  update_tick (LAB_PULSE (widget));
}

static void
lab_pulse_class_init (LabPulseClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = lab_pulse_snapshot;
  widget_class->measure = lab_pulse_measure;
  widget_class->size_allocate = lab_pulse_size_allocate;
  widget_class->map = lab_pulse_map;
  widget_class->unmap = lab_pulse_unmap;
  gtk_widget_class_set_css_name (widget_class, "pulse");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_pulse_init (LabPulse *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Animation that stops while the UI thread is blocked"),
                                  -1);
}

GtkWidget *
lab_pulse_new (void)
{
  return g_object_new (LAB_TYPE_PULSE, NULL);
}

/* Frames drawn since the widget was created. */
guint64
lab_pulse_get_frame_count (LabPulse *self)
{
  g_return_val_if_fail (LAB_IS_PULSE (self), 0);

  return self->frames;
}

/* While a run is in progress the ball moves with every frame drawn. */
void
lab_pulse_set_running (LabPulse *self,
                       gboolean  running)
{
  g_return_if_fail (LAB_IS_PULSE (self));

  self->running = !!running;
  update_tick (self);
}
