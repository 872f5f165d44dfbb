/* lab-stall-chart-bars.c — the stall chart's data laid out: each gap a
 * bar over the time it covered, the longest marked, the baseline a band.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-instruments-private.h"
#include "lab-stall-chart-layout-private.h"

/* The baseline's band, where it is in view between @start_us and @end_us. */
static void
prepare_baseline (LabStallChart *self,
                  gint64         start_us,
                  gint64         end_us,
                  gint64         span_us)
{
  gint64 from_us, to_us;
  float x0, x1;

  if (!lab_stall_series_get_baseline (self->series, &from_us, &to_us) ||
      to_us <= start_us || from_us >= end_us)
    return;
  x0 = self->plot.origin.x +
       self->plot.size.width * (float) (MAX (from_us, start_us) - start_us) / span_us;
  x1 = self->plot.origin.x +
       self->plot.size.width * (float) (MIN (to_us, end_us) - start_us) / span_us;
  graphene_rect_init (&self->baseline_band, roundf (x0), self->plot.origin.y,
                      MAX (1.0f, roundf (x1) - roundf (x0)), self->plot.size.height);
  if (self->baseline_label == NULL)
    self->baseline_label = lab_style_layout (GTK_WIDGET (self), _("<small>baseline</small>"));
  /* under the top of the band, starting at its left: narrower than its
   * label, the band lends it the plot to its right */
  self->baseline_label_at = GRAPHENE_POINT_INIT (self->baseline_band.origin.x + self->em * 0.2f,
                                                 self->plot.origin.y + self->em * 0.1f);
  self->has_baseline = TRUE;
}

/* The bars and the marker for the @window_us that end at @end_us.
 *
 * With @snap (a live chart) the buckets lie on a fixed grid of time (the
 * last one holds @end_us), not one that slides with the clock: between two
 * steps of the grid the bars stay where they are, so a live chart, laid out
 * again on every beat, draws the same rectangles and GTK redraws (damages)
 * nothing of it until the grid steps, a bucket's longest gap grows, or the
 * size changes. Without it (a fixed window, as the compare view's, lined up
 * with a timeline) the window is exactly @window_us. */
void
_lab_stall_chart_prepare_bars (LabStallChart        *self,
              const LabStallSample *samples,
              guint                 n_samples,
              gint64                end_us,
              gint64                window_us,
              gboolean              snap)
{
  float bucket_width = MAX (3.0f, roundf (self->em * 0.25f));
  guint n_buckets = (guint) MAX (1.0f, floorf (self->plot.size.width / bucket_width));
  gint64 bucket_us = MAX (1, window_us / n_buckets);
  gint64 span_us = snap ? bucket_us * n_buckets : MAX (1, window_us);
  gint64 start_us;
  float plot_bottom = self->plot.origin.y + self->plot.size.height;
  double *max_ms;
  guint *owner;
  guint longest = G_MAXUINT;

  guint first = 0;

  g_array_set_size (self->bars, 0);
  self->has_marker = FALSE;
  self->has_machine_bar = FALSE;
  self->has_baseline = FALSE;
  if (n_samples == 0)
    return;
  if (snap)
    end_us = (end_us / bucket_us + 1) * bucket_us;
  start_us = end_us - span_us;
  prepare_baseline (self, start_us, end_us, span_us);

  /* only what is in view: the samples are in time order */
  while (first < n_samples && samples[first].at_us < start_us)
    first++;

  g_array_set_size (self->bucket_max, n_buckets);
  g_array_set_size (self->bucket_owner, n_buckets);
  max_ms = (double *) (gpointer) self->bucket_max->data;
  owner = (guint *) (gpointer) self->bucket_owner->data;
  for (guint b = 0; b < n_buckets; b++)
    {
      max_ms[b] = 0.0;
      owner[b] = G_MAXUINT;
    }

  /* each bucket shows the longest gap that covered any of its time */
  for (guint i = first; i < n_samples; i++)
    {
      const LabStallSample *sample = &samples[i];
      gint64 from_us = sample->at_us - (gint64) (sample->gap_ms * 1000.0);
      gint64 b0, b1;

      if (sample->at_us < start_us || from_us > end_us)
        continue;
      b0 = (MAX (from_us, start_us) - start_us) * n_buckets / span_us;
      b1 = (MIN (sample->at_us, end_us) - start_us) * n_buckets / span_us;
      for (gint64 b = CLAMP (b0, 0, n_buckets - 1); b <= CLAMP (b1, 0, n_buckets - 1); b++)
        if (sample->gap_ms > max_ms[b])
          {
            max_ms[b] = sample->gap_ms;
            owner[b] = i;
          }
      if (longest == G_MAXUINT || sample->gap_ms > samples[longest].gap_ms)
        longest = i;
    }

  for (guint b = 0; b < n_buckets;)
    {
      Bar bar;
      guint run = 1;
      float top;

      if (owner[b] == G_MAXUINT)
        {
          b++;
          continue;
        }
      /* a gap longer than a frame is one block over all the time it covered */
      if (max_ms[b] > LAB_FRAME_MS)
        while (b + run < n_buckets && owner[b + run] == owner[b])
          run++;

      top = _lab_stall_chart_y_for_gap (self, max_ms[b]);
      bar.level = _lab_stall_chart_level_for_gap (max_ms[b], samples[owner[b]].cause);
      self->has_machine_bar |= bar.level == LEVEL_MACHINE;
      if (run > 1)
        graphene_rect_init (&bar.rect, self->plot.origin.x + b * bucket_width, top,
                            run * bucket_width, plot_bottom - top);
      else
        graphene_rect_init (&bar.rect, self->plot.origin.x + b * bucket_width + 0.5f, top,
                            bucket_width - 1.0f, MAX (1.0f, plot_bottom - top));
      g_array_append_val (self->bars, bar);
      b += run;
    }

  /* the longest gap in view gets its figure, if it is over a frame */
  if (longest != G_MAXUINT && samples[longest].gap_ms > LAB_FRAME_MS)
    {
      const LabStallSample *sample = &samples[longest];
      gint64 from_us = MAX (sample->at_us - (gint64) (sample->gap_ms * 1000.0), start_us);
      float x0 = self->plot.origin.x +
                 self->plot.size.width * (float) (from_us - start_us) / span_us;
      float x1 = self->plot.origin.x +
                 self->plot.size.width * (float) (MIN (sample->at_us, end_us) - start_us) / span_us;
      float top = _lab_stall_chart_y_for_gap (self, sample->gap_ms);
      float pad_x = roundf (self->em * 0.45f), pad_y = roundf (self->em * 0.12f);
      float w, h, pill_x, pill_y;

      if (self->marker_layout == NULL || sample->gap_ms != self->marker_ms ||
          sample->cause != self->marker_cause)
        {
          g_autofree char *markup = NULL;

          g_free (self->marker_text);
          self->marker_text = sample->cause == LAB_STALL_CAUSE_MACHINE
                              ? g_strdup_printf (_("%.0f ms machine hiccup"), sample->gap_ms)
                              : g_strdup_printf (_("%.0f ms stall"), sample->gap_ms);
          markup = g_strdup_printf ("<b>%s</b>", self->marker_text);
          g_clear_object (&self->marker_layout);
          self->marker_layout = lab_style_layout (GTK_WIDGET (self), markup);
          self->marker_ms = sample->gap_ms;
          self->marker_cause = sample->cause;
        }
      lab_layout_size (self->marker_layout, &w, &h);

      /* above the bar, centred on it, kept inside the plot */
      pill_x = CLAMP ((x0 + x1) / 2.0f - w / 2.0f - pad_x,
                      self->plot.origin.x,
                      self->plot.origin.x + self->plot.size.width - w - 2 * pad_x);
      pill_y = MAX (self->plot.origin.y - self->em * 0.5f, top - h - 2 * pad_y - self->em * 0.2f);
      gsk_rounded_rect_init_from_rect (&self->marker_pill,
                                       &GRAPHENE_RECT_INIT (pill_x, pill_y, w + 2 * pad_x, h + 2 * pad_y),
                                       (h + 2 * pad_y) / 2.0f);
      self->marker_text_at = GRAPHENE_POINT_INIT (pill_x + pad_x, pill_y + pad_y);
      graphene_rect_init (&self->marker_bar, x0, top, MAX (1.0f, x1 - x0), plot_bottom - top);
      self->marker_color = self->level_colors[_lab_stall_chart_level_for_gap (sample->gap_ms, sample->cause)];
      lab_palette_text_on (&self->marker_color, &self->marker_text_color);
      self->has_marker = TRUE;
    }
}
