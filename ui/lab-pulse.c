/* lab-pulse.c — a ball that crosses a track once a second, one step per frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The position comes from the frame clock, so the ball moves only when the
 * UI thread gets to draw frames: while it is blocked, the ball stands still,
 * which the audience sees. The tick callback computes the rectangles; the
 * snapshot only appends them.
 */
#define G_LOG_DOMAIN "Lab"

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
  LAB_PULSE (widget)->ball_size = ball_size (widget);
  lab_pulse_layout (LAB_PULSE (widget), g_get_monotonic_time ());
}

static void
lab_pulse_class_init (LabPulseClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = lab_pulse_snapshot;
  widget_class->measure = lab_pulse_measure;
  widget_class->size_allocate = lab_pulse_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "pulse");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_pulse_init (LabPulse *self)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Animation that stops while the UI thread is blocked",
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
