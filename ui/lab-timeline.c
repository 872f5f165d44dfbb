/* lab-timeline.c — which thread ran what, one lane per thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline draws a run's trace model (lab/lab-trace-model.h), never
 * what a scenario expected: the model gives the lanes, their names, the
 * items and the links; lab-timeline-layout.c turns them into shapes when
 * the model changes, the size or the style does, or (while live) as time
 * passes; the snapshot only appends them. A lane appears when its thread
 * first records something, so the workers the pool injects while others
 * block show up as new lanes during the run. With the trace's instants,
 * each task's states, the blocked waits and a deadlock's wait cycle are
 * drawn too (lab-timeline-states.c). The replay's cursor is a line that
 * moving only redraws.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-instruments-private.h"
#include "lab-timeline-layout-private.h"
#include "lab-timeline-private.h"

struct _LabTimeline
{
  LabChart           parent_instance;

  /* owned */
  LabTraceModel     *model;
  LabTimelineLayout *layout;

  gint64             cursor_us;    /* G_MININT64: live, no cursor */
  float              note_height;  /* the room asked for the cycle's words */
  guint              measured_lanes; /* the lanes the last height was measured for */
  guint              reserved_lanes; /* the lanes the height is for at least */
  guint              resize_id;
  gint64             span_us;   /* > 0: a fixed span from the origin (compare view) */
};

G_DEFINE_FINAL_TYPE (LabTimeline, lab_timeline, LAB_TYPE_CHART)

static gboolean
resize_cb (gpointer data)
{
  LabTimeline *self = data;

  self->resize_id = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
lab_timeline_layout_vfunc (LabChart *chart,
                           int       width,
                           int       height,
                           gint64    now_us)
{
  LabTimeline *self = LAB_TIMELINE (chart);

  /* a fixed span: the right edge is the later of origin + span and the
   * model's end */
  gint64 fixed_end_us = self->span_us > 0 && self->model != NULL
                        ? lab_trace_model_get_origin (self->model) + self->span_us : 0;

  lab_timeline_layout_compute (self->layout, GTK_WIDGET (self), self->model, width, height,
                               now_us, fixed_end_us);
  /* the words of a wait cycle appeared or went: ask for room for them
   * under the axis, after this allocation */
  if (lab_timeline_layout_get_note_height (self->layout) != self->note_height &&
      self->resize_id == 0)
    self->resize_id = g_idle_add (resize_cb, self);
}

static void
lab_timeline_draw (LabChart    *chart,
                   GtkSnapshot *snapshot)
{
  LabTimeline *self = LAB_TIMELINE (chart);

  lab_timeline_layout_draw (self->layout, snapshot, gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
lab_timeline_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  LabTimeline *self = LAB_TIMELINE (widget);
  float em = lab_style_em (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (em * 10);
      *natural = (int) (em * 44);
    }
  else
    {
      guint n_lanes = self->model != NULL ? lab_trace_model_get_n_lanes (self->model) : 0;

      n_lanes = MAX (n_lanes, self->reserved_lanes);

      self->measured_lanes = n_lanes;
      lab_timeline_layout_measure_height (widget, n_lanes, minimum, natural);
      self->note_height = lab_timeline_layout_get_note_height (self->layout);
      *natural += (int) self->note_height;
    }
}

static void
lab_timeline_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  lab_timeline_layout_forget_style (LAB_TIMELINE (widget)->layout);
  GTK_WIDGET_CLASS (lab_timeline_parent_class)->css_changed (widget, change);
}

static void
on_items_changed (LabTraceModel *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  LabTimeline   *self)
{
  lab_chart_invalidate (LAB_CHART (self));
}

/* A resize only if the heights asked for change: a lane within them (the
 * least is two lanes' worth, or the lanes reserved) is laid out within the
 * timeline; a resize would lay the window out again, which on X11 waits
 * for the X server. */
static void
update_size (LabTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_lanes = self->model != NULL ? lab_trace_model_get_n_lanes (self->model) : 0;
  int old_minimum, old_natural, minimum, natural;

  lab_timeline_layout_measure_height (widget, self->measured_lanes, &old_minimum, &old_natural);
  lab_timeline_layout_measure_height (widget, MAX (n_lanes, self->reserved_lanes),
                                      &minimum, &natural);
  if (minimum != old_minimum || natural != old_natural)
    gtk_widget_queue_resize (widget);
}

static void
on_lanes_changed (LabTraceModel *model,
                  LabTimeline   *self)
{
  update_size (self);
  lab_chart_invalidate (LAB_CHART (self));
}

static void
lab_timeline_dispose (GObject *object)
{
  lab_timeline_set_model (LAB_TIMELINE (object), NULL);
  g_clear_handle_id (&LAB_TIMELINE (object)->resize_id, g_source_remove);

  G_OBJECT_CLASS (lab_timeline_parent_class)->dispose (object);
}

static void
lab_timeline_finalize (GObject *object)
{
  g_clear_pointer (&LAB_TIMELINE (object)->layout, lab_timeline_layout_free);

  G_OBJECT_CLASS (lab_timeline_parent_class)->finalize (object);
}

static void
lab_timeline_class_init (LabTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LabChartClass *chart_class = LAB_CHART_CLASS (klass);

  object_class->dispose = lab_timeline_dispose;
  object_class->finalize = lab_timeline_finalize;
  widget_class->measure = lab_timeline_measure;
  widget_class->css_changed = lab_timeline_css_changed;
  chart_class->layout = lab_timeline_layout_vfunc;
  chart_class->draw = lab_timeline_draw;
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_timeline_init (LabTimeline *self)
{
  self->layout = lab_timeline_layout_new ();
  self->cursor_us = G_MININT64;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline of the threads that ran each piece of work"),
                                  -1);
}

GtkWidget *
lab_timeline_new (void)
{
  return g_object_new (LAB_TYPE_TIMELINE, NULL);
}

/**
 * lab_timeline_set_model:
 * @model: (nullable): the run's trace model; %NULL shows nothing
 *
 * Shows @model and redraws when it changes.
 */
void
lab_timeline_set_model (LabTimeline   *self,
                        LabTraceModel *model)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));
  g_return_if_fail (model == NULL || LAB_IS_TRACE_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  lab_timeline_layout_forget_model (self->layout);
  if (model != NULL)
    {
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect (model, "lanes-changed", G_CALLBACK (on_lanes_changed), self);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  lab_chart_invalidate (LAB_CHART (self));
}

LabTraceModel *
lab_timeline_get_model (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), NULL);

  return self->model;
}

/**
 * lab_timeline_set_reserved_lanes:
 * @n_lanes: the lanes to make room for, or 0
 *
 * Asks for the height of @n_lanes lanes at least (the rows are drawn at
 * the top, the room left is under the axis): while a run is live, those of
 * the threads it may use (the UI thread's and the pool's workers), so that
 * a worker's lane appearing is laid out within the timeline, not by a
 * resize that lays out the whole window again (on X11 it waits for the X
 * server, in the middle of the live run). 0 (the default) keeps no room.
 */
void
lab_timeline_set_reserved_lanes (LabTimeline *self,
                                 guint        n_lanes)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));

  if (self->reserved_lanes == n_lanes)
    return;
  self->reserved_lanes = n_lanes;
  update_size (self);
}

guint
lab_timeline_get_reserved_lanes (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), 0);

  return self->reserved_lanes;
}

/**
 * lab_timeline_set_cursor:
 * @at_us: a moment of the run (g_get_monotonic_time() clock), or
 *   %G_MININT64 for none (live)
 *
 * Draws a vertical line at @at_us (the replay's cursor). Moving it only
 * redraws: the shapes do not depend on it.
 */
void
lab_timeline_set_cursor (LabTimeline *self,
                         gint64       at_us)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));

  if (self->cursor_us == at_us)
    return;
  self->cursor_us = at_us;
  lab_timeline_layout_set_cursor (self->layout, at_us);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
lab_timeline_get_cursor (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), G_MININT64);

  return self->cursor_us;
}

/* For tests: the layout as it is now (laid out first if stale). */
LabTimelineLayout *
lab_timeline_get_layout (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), NULL);

  lab_chart_ensure_layout (LAB_CHART (self));
  return self->layout;
}

/**
 * lab_timeline_set_span:
 * @span_us: the time shown from the model's origin at least; 0 fits it to
 *   the model
 *
 * The compare view gives each run's timeline the same span (the longest
 * run's), so that with the same plot width they share one scale. While a
 * run is live, the window gives its planned length, so that the axis does
 * not step while the run goes as planned.
 */
void
lab_timeline_set_span (LabTimeline *self,
                       gint64       span_us)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));
  g_return_if_fail (span_us >= 0);

  if (self->span_us == span_us)
    return;
  self->span_us = span_us;
  lab_chart_invalidate (LAB_CHART (self));
}

/**
 * lab_timeline_get_plot_bounds:
 * @plot: (out): where the lanes' bars are drawn, in the widget
 * @start_us: (out) (optional): the time at the plot's left edge
 * @end_us: (out) (optional): the time at its right edge
 *
 * As laid out now. Its left and right margins depend on the lanes' titles
 * and the font only, so the compare view can line several plots up.
 */
void
lab_timeline_get_plot_bounds (LabTimeline     *self,
                              graphene_rect_t *plot,
                              gint64          *start_us,
                              gint64          *end_us)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));

  lab_chart_ensure_layout (LAB_CHART (self));
  *plot = self->layout->plot;
  if (start_us != NULL)
    *start_us = self->layout->view_start_us;
  if (end_us != NULL)
    *end_us = self->layout->view_end_us;
}
