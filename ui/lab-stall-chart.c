/* lab-stall-chart.c — the main loop's gaps over the last ten seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run's stall series (lab/lab-stall-series.h) holds every gap between
 * two beats of the heartbeat (about 4 ms while the loop is idle, the whole
 * freeze when it was blocked). Each
 * gap is drawn over the time it covered, as tall as its length on a log
 * scale (2 ms at the bottom, 5 s at the top), so the idle heartbeat is a low
 * carpet and a 2 s freeze a wide, tall red block. A dashed line marks one
 * frame (16.7 ms); the longest gap in view is labelled ("1987 ms stall");
 * the header gives the figures since the last reset: the longest stall and
 * the frames missed, as the series counts them (lab/lab-verdict.h defines
 * a frame, a freeze and a missed frame once for everything). The run's
 * baseline, the idle UI thread watched before the work starts
 * (LAB_BASELINE_MS), is a tinted band labelled "baseline": what the
 * machine does with nothing of the scenario running.
 *
 * While live, the right edge follows the frame clock, so the chart scrolls
 * and, like the pulse, stops scrolling while the UI thread is blocked.
 * Given a window (lab_stall_chart_set_window(): the compare view), it shows
 * that span of time from its start instead, lower and without an axis of
 * its own (the timeline under it has it), so several runs share one scale.
 * The
 * rectangles are computed when the series changes or on the frame clock
 * (LabChart); the snapshot only appends them. The frame around them (the
 * header's figures, the axes and their labels) is laid out again only when
 * the size, the style or the figures change, not for every beat: a live
 * chart gets a new beat every few milliseconds.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <math.h>

#include "lab-instruments-private.h"
#include "lab-stall-chart-layout-private.h"
#include "lab-stall-chart-private.h"
#include "lab-verdict.h"

#define SPAN_US         (10 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (LabStallChart, lab_stall_chart, LAB_TYPE_CHART)


static double
longest_ms (LabStallChart *self)
{
  return self->series != NULL ? lab_stall_series_get_longest_ms (self->series) : 0.0;
}

static guint
frames_missed (LabStallChart *self)
{
  return self->series != NULL ? lab_stall_series_get_frames_missed (self->series) : 0;
}

static void
add_text (LabStallChart *self,
          const char    *markup,
          float          x,
          float          y,
          gboolean       dim)
{
  LabText text = { lab_style_layout (GTK_WIDGET (self), markup), GRAPHENE_POINT_INIT (x, y), dim };

  g_array_append_val (self->texts, text);
}

static void
add_hairline (LabStallChart *self,
              float          x,
              float          y,
              float          width,
              float          height)
{
  graphene_rect_t line = GRAPHENE_RECT_INIT (x, y, width, height);

  g_array_append_val (self->grid, line);
}

static char *
header_markup (LabStallChart *self)
{
  g_autofree char *longest = longest_ms (self) > 0
                             ? g_strdup_printf ("%.0f ms", longest_ms (self))
                             : g_strdup ("—");

  return g_strdup_printf (_("Longest stall <span size=\"x-large\" weight=\"bold\">%s</span>"
                            "    Frames missed <span size=\"x-large\" weight=\"bold\">%u</span>"),
                          longest, frames_missed (self));
}

/* The frame: figures, axes, grid and the one-frame line. */
static void
prepare_frame (LabStallChart *self,
               float          width,
               float          height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  static const double grid_ms[] = { 10.0, 100.0, 1000.0 };
  g_autofree char *header = NULL;
  g_autoptr(PangoLayout) probe = NULL;
  float label_width = 0, header_height = 0, axis_height = 0, threshold_y, w, h;

  g_array_set_size (self->grid, 0);
  g_array_set_size (self->texts, 0);
  self->em = lab_style_em (widget);

  lab_style_foreground (widget, &self->foreground);
  self->level_colors[LEVEL_BEAT] = lab_rgba_with_alpha (&self->foreground, 0.35f);
  lab_style_lookup_color (widget, "lab_warning", "#e5a50a", &self->level_colors[LEVEL_SLOW]);
  lab_style_lookup_color (widget, "lab_stall", "#e01b24", &self->level_colors[LEVEL_STALL]);
  self->level_colors[LEVEL_MACHINE] = lab_rgba_with_alpha (&self->foreground, 0.6f);
  self->threshold_color = lab_rgba_with_alpha (&self->foreground, 0.85f);

  /* header: the figures */
  header = header_markup (self);
  add_text (self, header, 0, 0, FALSE);
  lab_layout_size (g_array_index (self->texts, LabText, 0).layout, NULL, &header_height);

  /* the widest y label decides where the plot starts */
  probe = lab_style_layout (widget, "<small>1000 ms</small>");
  lab_layout_size (probe, &label_width, &axis_height);

  graphene_rect_init (&self->plot,
                      label_width + self->em * 0.5f,
                      header_height + self->em * 0.6f,
                      MAX (1.0f, width - label_width - self->em * 0.75f),
                      MAX (1.0f, height - header_height - self->em * 0.6f -
                                 (self->window_span_us > 0 ? self->em * 0.3f
                                                           : axis_height * 1.25f)));

  /* y grid: 10, 100, 1000 ms */
  for (guint i = 0; i < G_N_ELEMENTS (grid_ms); i++)
    {
      float y = _lab_stall_chart_y_for_gap (self, grid_ms[i]);
      g_autofree char *markup = g_strdup_printf ("<small>%.0f ms</small>", grid_ms[i]);

      add_hairline (self, self->plot.origin.x, y, self->plot.size.width, 1.0f);
      add_text (self, markup, 0, 0, TRUE);
      lab_layout_size (g_array_index (self->texts, LabText, self->texts->len - 1).layout, &w, &h);
      g_array_index (self->texts, LabText, self->texts->len - 1).at =
        GRAPHENE_POINT_INIT (self->plot.origin.x - self->em * 0.35f - w, y - h / 2.0f);
    }
  /* baseline */
  add_hairline (self, self->plot.origin.x, self->plot.origin.y + self->plot.size.height,
                self->plot.size.width, 1.0f);

  /* x axis: seconds before the right edge; a fixed window has the axis of
   * the timeline under it */
  for (int s = 0; s <= 10 && self->window_span_us == 0; s += 2)
    {
      float x = self->plot.origin.x + self->plot.size.width * (float) (10 - s) / 10.0f;
      g_autofree char *markup = s == 0 ? g_strdup (_("<small>now</small>"))
                                       : g_strdup_printf (_("<small>−%d s</small>"), s);

      add_hairline (self, x, self->plot.origin.y + self->plot.size.height, 1.0f, self->em * 0.25f);
      add_text (self, markup, 0, 0, TRUE);
      lab_layout_size (g_array_index (self->texts, LabText, self->texts->len - 1).layout, &w, &h);
      x = CLAMP (x - w / 2.0f, self->plot.origin.x, width - w);
      g_array_index (self->texts, LabText, self->texts->len - 1).at =
        GRAPHENE_POINT_INIT (x, self->plot.origin.y + self->plot.size.height + self->em * 0.25f);
    }

  /* the one-frame line, dashed, labelled at its right end */
  threshold_y = _lab_stall_chart_y_for_gap (self, LAB_FRAME_MS);
  self->dash_on = roundf (self->em * 0.5f);
  self->dash_period = roundf (self->em * 0.8f);
  graphene_rect_init (&self->threshold, self->plot.origin.x, roundf (threshold_y - 1.0f),
                      self->plot.size.width, 2.0f);
  add_text (self, _("<small>16.7 ms · 1 frame</small>"), 0, 0, FALSE);
  self->threshold_label = self->texts->len - 1;
  lab_layout_size (g_array_index (self->texts, LabText, self->texts->len - 1).layout, &w, &h);
  g_array_index (self->texts, LabText, self->texts->len - 1).at =
    GRAPHENE_POINT_INIT (self->plot.origin.x + self->plot.size.width - w - self->em * 0.3f,
                         threshold_y - h - 2.0f);
  gsk_rounded_rect_init_from_rect (&self->threshold_label_bg,
                                   &GRAPHENE_RECT_INIT (self->plot.origin.x + self->plot.size.width
                                                        - w - self->em * 0.6f,
                                                        threshold_y - h - 2.0f,
                                                        w + self->em * 0.6f, h),
                                   h / 4.0f);
  lab_style_background (widget, &self->background);
  self->background.alpha = 0.85f;
  self->threshold_label_at = g_array_index (self->texts, LabText, self->threshold_label).at;
  self->threshold_label_bounds = self->threshold_label_bg.bounds;
  self->n_frame_texts = self->texts->len;
}

/* The frame again if what it shows changed: size, style (frame_valid) or figures. */
static void
ensure_frame (LabStallChart *self,
              int            width,
              int            height)
{
  if (self->frame_valid && self->frame_width == width && self->frame_height == height &&
      self->frame_longest_ms == longest_ms (self) && self->frame_missed == frames_missed (self))
    return;
  prepare_frame (self, width, height);
  self->frame_valid = TRUE;
  self->frame_width = width;
  self->frame_height = height;
  self->frame_longest_ms = longest_ms (self);
  self->frame_missed = frames_missed (self);
}

/* While live, now; otherwise the last beat. */
static gint64
view_end_us (const LabStallSample *samples,
             guint                 n_samples,
             gint64                now_us)
{
  if (now_us > 0)
    return now_us;
  if (n_samples > 0)
    return samples[n_samples - 1].at_us;
  return 0;
}


/* What depends on the bars: the legend of the machine's grey, and the
 * one-frame label, moved to the left end when the marker would cover it. */
static void
place_after_bars (LabStallChart *self,
                  float          width)
{
  LabText *label;
  graphene_rect_t overlap;
  float header_width, w, h;

  /* from the frame as prepare_frame() left it */
  g_array_set_size (self->texts, self->n_frame_texts);
  label = &g_array_index (self->texts, LabText, self->threshold_label);
  label->at = self->threshold_label_at;
  self->threshold_label_bg.bounds = self->threshold_label_bounds;

  if (self->has_marker &&
      graphene_rect_intersection (&self->marker_pill.bounds, &self->threshold_label_bg.bounds,
                                  &overlap))
    {
      float dx = self->plot.origin.x + self->em * 0.3f - label->at.x;

      label->at.x += dx;
      self->threshold_label_bg.bounds.origin.x += dx;
    }

  if (self->has_machine_bar)
    {
      if (self->machine_legend == NULL)
        self->machine_legend =
          lab_style_layout (GTK_WIDGET (self),
                            _("<small>grey: the machine's hiccups, not the scenario's</small>"));
      lab_layout_size (g_array_index (self->texts, LabText, 0).layout, &header_width, NULL);
      lab_layout_size (self->machine_legend, &w, &h);
      if (header_width + self->em + w <= width)
        {
          LabText legend = { g_object_ref (self->machine_legend),
                             GRAPHENE_POINT_INIT (width - w, 0), TRUE };

          g_array_append_val (self->texts, legend);
        }
    }
}

static void
lab_stall_chart_layout (LabChart *chart,
                        int       width,
                        int       height,
                        gint64    now_us)
{
  LabStallChart *self = LAB_STALL_CHART (chart);
  const LabStallSample *samples = NULL;
  guint n_samples = 0;

  if (self->series != NULL)
    samples = lab_stall_series_get_samples (self->series, &n_samples);
  ensure_frame (self, width, height);
  if (self->window_span_us > 0)
    _lab_stall_chart_prepare_bars (self, samples, n_samples,
                                   self->window_start_us + self->window_span_us,
                                   self->window_span_us, FALSE);
  else
    _lab_stall_chart_prepare_bars (self, samples, n_samples,
                                   view_end_us (samples, n_samples, now_us), SPAN_US, TRUE);
  place_after_bars (self, width);
}

static void
lab_stall_chart_draw (LabChart    *chart,
                      GtkSnapshot *snapshot)
{
  LabStallChart *self = LAB_STALL_CHART (chart);
  GdkRGBA hairline = lab_rgba_with_alpha (&self->foreground, 0.18f);
  GdkRGBA dim = lab_rgba_with_alpha (&self->foreground, 0.7f);

  if (self->has_baseline)
    {
      GdkRGBA tint = lab_rgba_with_alpha (&self->foreground, 0.08f);

      gtk_snapshot_append_color (snapshot, &tint, &self->baseline_band);
      lab_snapshot_append_text (snapshot, self->baseline_label, &self->baseline_label_at, &dim);
    }
  for (guint i = 0; i < self->grid->len; i++)
    gtk_snapshot_append_color (snapshot, &hairline, &g_array_index (self->grid, graphene_rect_t, i));

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);

      gtk_snapshot_append_color (snapshot, &self->level_colors[bar->level], &bar->rect);
    }

  gtk_snapshot_push_repeat (snapshot, &self->threshold,
                            &GRAPHENE_RECT_INIT (self->threshold.origin.x, self->threshold.origin.y,
                                                 self->dash_period, self->threshold.size.height));
  gtk_snapshot_append_color (snapshot, &self->threshold_color,
                             &GRAPHENE_RECT_INIT (self->threshold.origin.x, self->threshold.origin.y,
                                                  self->dash_on, self->threshold.size.height));
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_push_rounded_clip (snapshot, &self->threshold_label_bg);
  gtk_snapshot_append_color (snapshot, &self->background, &self->threshold_label_bg.bounds);
  gtk_snapshot_pop (snapshot);

  for (guint i = 0; i < self->texts->len; i++)
    {
      const LabText *text = &g_array_index (self->texts, LabText, i);

      lab_snapshot_append_text (snapshot, text->layout, &text->at, text->dim ? &dim : &self->foreground);
    }

  if (self->has_marker)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &self->marker_pill);
      gtk_snapshot_append_color (snapshot, &self->marker_color, &self->marker_pill.bounds);
      gtk_snapshot_pop (snapshot);
      lab_snapshot_append_text (snapshot, self->marker_layout, &self->marker_text_at, &self->marker_text_color);
    }
}

static void
lab_stall_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  float em = lab_style_em (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (em * 16);
      *natural = (int) (em * 30);
    }
  else if (LAB_STALL_CHART (widget)->window_span_us > 0)
    {
      /* a strip above a timeline, in a stack of runs: lower, no axis of its own */
      *minimum = (int) (em * 4.5f);
      *natural = (int) (em * 5.5f);
    }
  else
    {
      *minimum = (int) (em * 7);
      *natural = (int) (em * 9);
    }
}

static void
lab_stall_chart_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  g_clear_object (&LAB_STALL_CHART (widget)->marker_layout);
  g_clear_object (&LAB_STALL_CHART (widget)->machine_legend);
  g_clear_object (&LAB_STALL_CHART (widget)->baseline_label);
  LAB_STALL_CHART (widget)->frame_valid = FALSE;
  GTK_WIDGET_CLASS (lab_stall_chart_parent_class)->css_changed (widget, change);
}

static void
lab_stall_chart_dispose (GObject *object)
{
  lab_stall_chart_set_series (LAB_STALL_CHART (object), NULL);

  G_OBJECT_CLASS (lab_stall_chart_parent_class)->dispose (object);
}

static void
lab_stall_chart_finalize (GObject *object)
{
  LabStallChart *self = LAB_STALL_CHART (object);

  g_clear_pointer (&self->grid, g_array_unref);
  g_clear_pointer (&self->texts, g_array_unref);
  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->bucket_max, g_array_unref);
  g_clear_pointer (&self->bucket_owner, g_array_unref);
  g_clear_object (&self->marker_layout);
  g_clear_object (&self->machine_legend);
  g_clear_object (&self->baseline_label);
  g_clear_pointer (&self->marker_text, g_free);

  G_OBJECT_CLASS (lab_stall_chart_parent_class)->finalize (object);
}

static void
lab_stall_chart_class_init (LabStallChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_stall_chart_dispose;
  object_class->finalize = lab_stall_chart_finalize;
  widget_class->measure = lab_stall_chart_measure;
  widget_class->css_changed = lab_stall_chart_css_changed;
  LAB_CHART_CLASS (klass)->layout = lab_stall_chart_layout;
  LAB_CHART_CLASS (klass)->draw = lab_stall_chart_draw;
  gtk_widget_class_set_css_name (widget_class, "stallchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_stall_chart_init (LabStallChart *self)
{
  self->grid = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->texts = g_array_new (FALSE, TRUE, sizeof (LabText));
  g_array_set_clear_func (self->texts, lab_text_clear);
  self->bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  self->bucket_max = g_array_new (FALSE, FALSE, sizeof (double));
  self->bucket_owner = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Gaps in the main loop over the last ten seconds"),
                                  -1);
}

GtkWidget *
lab_stall_chart_new (void)
{
  return g_object_new (LAB_TYPE_STALL_CHART, NULL);
}

static void
on_series_changed (LabStallSeries *series,
                   LabStallChart  *self)
{
  lab_chart_invalidate (LAB_CHART (self));
}

/**
 * lab_stall_chart_set_series:
 * @series: (nullable): the run's gaps; %NULL shows an empty chart
 *
 * Shows @series and redraws when it changes.
 */
void
lab_stall_chart_set_series (LabStallChart  *self,
                            LabStallSeries *series)
{
  g_return_if_fail (LAB_IS_STALL_CHART (self));
  g_return_if_fail (series == NULL || LAB_IS_STALL_SERIES (series));

  if (self->series == series)
    return;
  if (self->series != NULL)
    g_signal_handlers_disconnect_by_data (self->series, self);
  g_set_object (&self->series, series);
  if (series != NULL)
    g_signal_connect (series, "changed", G_CALLBACK (on_series_changed), self);
  lab_chart_invalidate (LAB_CHART (self));
}

LabStallSeries *
lab_stall_chart_get_series (LabStallChart *self)
{
  g_return_val_if_fail (LAB_IS_STALL_CHART (self), NULL);

  return self->series;
}

/* The label on the longest gap in view ("1987 ms stall"), or %NULL. */
const char *
lab_stall_chart_get_marker_text (LabStallChart *self)
{
  g_return_val_if_fail (LAB_IS_STALL_CHART (self), NULL);

  lab_chart_ensure_layout (LAB_CHART (self));
  return self->has_marker ? self->marker_text : NULL;
}

/* For tests: the marked bar and the label's pill, as laid out. */
gboolean
lab_stall_chart_get_marker_bounds (LabStallChart   *self,
                                   graphene_rect_t *bar,
                                   graphene_rect_t *pill)
{
  g_return_val_if_fail (LAB_IS_STALL_CHART (self), FALSE);

  lab_chart_ensure_layout (LAB_CHART (self));
  if (!self->has_marker)
    return FALSE;
  if (bar != NULL)
    *bar = self->marker_bar;
  if (pill != NULL)
    *pill = self->marker_pill.bounds;
  return TRUE;
}

/* For tests: the baseline's band, as laid out, if it is in view. */
gboolean
lab_stall_chart_get_baseline_band (LabStallChart   *self,
                                   graphene_rect_t *band)
{
  g_return_val_if_fail (LAB_IS_STALL_CHART (self), FALSE);

  lab_chart_ensure_layout (LAB_CHART (self));
  if (self->has_baseline && band != NULL)
    *band = self->baseline_band;
  return self->has_baseline;
}

/* For tests: how many bars are laid out. */
guint
lab_stall_chart_get_n_bars (LabStallChart *self)
{
  g_return_val_if_fail (LAB_IS_STALL_CHART (self), 0);

  lab_chart_ensure_layout (LAB_CHART (self));
  return self->bars->len;
}

/**
 * lab_stall_chart_set_window:
 * @start_us: the window's start (a run's start), g_get_monotonic_time()
 * @span_us: its length; 0 goes back to the last ten seconds
 *
 * Shows the gaps from @start_us for @span_us, the axis in time since
 * @start_us: the compare view gives every run's chart the same span.
 */
void
lab_stall_chart_set_window (LabStallChart *self,
                            gint64         start_us,
                            gint64         span_us)
{
  g_return_if_fail (LAB_IS_STALL_CHART (self));
  g_return_if_fail (span_us >= 0);

  self->window_start_us = start_us;
  self->window_span_us = span_us;
  self->frame_valid = FALSE;   /* the axis and its labels depend on the window */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  lab_chart_invalidate (LAB_CHART (self));
}

/* The plot's bounds in the chart, as laid out: its left and right margins
 * depend on the font only, so the compare view can line several plots up. */
void
lab_stall_chart_get_plot_bounds (LabStallChart   *self,
                                 graphene_rect_t *plot)
{
  g_return_if_fail (LAB_IS_STALL_CHART (self));

  lab_chart_ensure_layout (LAB_CHART (self));
  *plot = self->plot;
}
