/* lab-timeline-time.c — the timeline's span of time: where a moment is
 * drawn, the axis and its ticks, and, while live, the line at now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The span is the run so far: from the model's origin to its last span
 * (with a little room). While live, it reaches past now, to the next of a
 * few round spans (at least the span the timeline is given: a live run's
 * planned length): between two of them, what is already drawn stays where
 * it is and only what grew changes, so GSK's diff of the nodes redraws
 * that and not the whole timeline (with the Cairo renderer, a live redraw
 * of all of it was the largest part of a frame's work). What is still open
 * (a wait, a stay in a queue) ends at now, which a line marks.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-timeline-layout-private.h"

/* The least of @mantissas × 10^k that is at least @value (> 0). */
static double
round_up (double              value,
          const double       *mantissas,
          guint               n_mantissas)
{
  for (double decade = 1e-3; decade < 1e15; decade *= 10)
    for (guint m = 0; m < n_mantissas; m++)
      if (decade * mantissas[m] >= value)
        return decade * mantissas[m];
  return value;
}

float
lab_timeline_x_for_time (LabTimelineLayout *layout,
                         gint64             time_us)
{
  double span = (double) (layout->view_end_us - layout->view_start_us);

  return layout->plot.origin.x +
         (float) ((time_us - layout->view_start_us) / span * layout->plot.size.width);
}

/**
 * lab_timeline_layout_time:
 * @now_us: while live, the frame clock's time; 0 otherwise
 * @fixed_end_us: if not 0, the right edge at least, without the room after
 *   the last bar
 *
 * The span in view, what is open ends at, and the line at now, for the
 * plot already placed.
 */
void
lab_timeline_layout_time (LabTimelineLayout *layout,
                          LabTraceModel     *model,
                          gint64             now_us,
                          gint64             fixed_end_us)
{
  /* 50, 75, 100, 150 ms… 1, 1.5, 2, 3 s: at most 1.67 times the last, so
   * the bars keep most of the width after a step */
  static const double live_spans[] = { 1, 1.5, 2, 3, 5, 7.5 };
  gint64 span_us, end_us;

  layout->origin_us = model != NULL ? lab_trace_model_get_origin (model) : 0;
  end_us = model != NULL ? lab_trace_model_get_end (model) : 0;
  /* a wait can end, or work be queued, after the last span */
  if (model != NULL && lab_trace_model_get_n_instants (model) > 0)
    end_us = MAX (end_us, lab_trace_model_get_instant (model,
                                                       lab_trace_model_get_n_instants (model) - 1)
                            ->start_us);
  layout->view_start_us = layout->origin_us;
  span_us = MAX (end_us - layout->origin_us, MIN_SPAN_US);
  if (now_us != 0)
    span_us = llround (round_up (MAX (MAX (span_us, now_us - layout->origin_us),
                                      fixed_end_us - layout->origin_us),
                                  live_spans, G_N_ELEMENTS (live_spans)));
  else if (fixed_end_us == 0)
    span_us = span_us + span_us / 50;     /* a little room after the last bar */
  layout->view_end_us = MAX (layout->origin_us + span_us, fixed_end_us);
  layout->drawn_end_us = now_us != 0 ? MIN (MAX (now_us, end_us), layout->view_end_us)
                                     : layout->view_end_us;

  layout->has_now = now_us != 0;
  if (layout->has_now)
    {
      float x = roundf (lab_timeline_x_for_time (layout, layout->drawn_end_us));

      graphene_rect_init (&layout->now_line, x - layout->line_width / 2, layout->plot.origin.y,
                          layout->line_width, layout->plot.size.height + layout->em * 0.25f);
    }
}

/* Ticks at 1, 2 or 5 × 10^k ms, far enough apart for their labels, from
 * @top (the plot's bottom) in a widget @width wide. */
void
lab_timeline_layout_axis (LabTimelineLayout *layout,
                          float              top,
                          int                width)
{
  static const double ticks[] = { 1, 2, 5 };
  PangoLayout *widest = lab_timeline_cached_label (layout, "<small>10000 ms</small>");
  double span_ms = (layout->view_end_us - layout->view_start_us) / 1000.0;
  double px_per_ms = layout->plot.size.width / span_ms;
  double step, first;
  float widest_w;

  lab_layout_size (widest, &widest_w, NULL);
  step = round_up ((widest_w + layout->em * 1.5f) / px_per_ms, ticks, G_N_ELEMENTS (ticks));
  first = ceil ((layout->view_start_us - layout->origin_us) / 1000.0 / step) * step;
  for (double ms = first; layout->origin_us + ms * 1000.0 <= layout->view_end_us; ms += step)
    {
      float x = lab_timeline_x_for_time (layout, layout->origin_us + (gint64) (ms * 1000.0));
      g_autofree char *markup = g_strdup_printf ("<small>%g ms</small>", ms);
      PangoLayout *label = lab_timeline_cached_label (layout, markup);
      graphene_rect_t tick = GRAPHENE_RECT_INIT (roundf (x), layout->plot.origin.y, 1.0f,
                                                 top - layout->plot.origin.y + layout->em * 0.25f);
      float w;

      g_array_append_val (layout->grid, tick);
      lab_layout_size (label, &w, NULL);
      lab_timeline_add_text (layout, label,
                CLAMP (roundf (x - w / 2), layout->plot.origin.x - layout->em, width - w),
                top + layout->em * 0.3f);
    }
}
