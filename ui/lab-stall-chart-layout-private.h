/* lab-stall-chart-layout-private.h — the stall chart's parts, shared by its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lab-stall-chart.c lays out the frame (figures, axes, the one-frame line)
 * and draws; lab-stall-chart-bars.c lays out the data: the bars, the
 * marked longest gap and the baseline's band.
 */
#pragma once

#include <math.h>

#include "lab-chart.h"
#include "lab-stall-chart.h"
#include "lab-verdict.h"

G_BEGIN_DECLS

#define SCALE_MIN_MS    2.0
#define SCALE_MAX_MS    5000.0

typedef enum
{
  LEVEL_BEAT,      /* within a frame */
  LEVEL_SLOW,      /* over a frame */
  LEVEL_STALL,     /* a freeze */
  LEVEL_MACHINE,   /* over a frame, but the machine's, not the scenario's */
  N_LEVELS
} BarLevel;

typedef struct
{
  graphene_rect_t rect;
  BarLevel        level;
} Bar;


struct _LabStallChart
{
  LabChart         parent_instance;

  /* owned: the data */
  LabStallSeries  *series;
  gint64           window_start_us;  /* with window_span_us > 0: a fixed window */
  gint64           window_span_us;

  /* prepared by prepare_frame() (size, style, figures) */
  float            em;
  graphene_rect_t  plot;
  GArray          *grid;             /* graphene_rect_t hairlines */
  GArray          *texts;            /* LabText: axis labels, header */
  graphene_rect_t  threshold;        /* the dashed one-frame line */
  GskRoundedRect   threshold_label_bg; /* keeps its label readable over bars */
  GdkRGBA          background;
  float            dash_on;
  float            dash_period;
  GdkRGBA          foreground;
  GdkRGBA          level_colors[N_LEVELS];
  guint            threshold_label;  /* index in texts */
  graphene_point_t threshold_label_at;     /* where prepare_frame() put the label */
  graphene_rect_t  threshold_label_bounds; /* and its backdrop */
  GdkRGBA          threshold_color;
  guint            n_frame_texts;    /* texts of the frame; place_after_bars() adds after */
  PangoLayout     *machine_legend;   /* "grey: the machine's hiccups…", once needed */

  /* what the frame was laid out for */
  gboolean         frame_valid;
  int              frame_width;
  int              frame_height;
  double           frame_longest_ms;
  guint            frame_missed;

  /* prepared by prepare_bars() (data, clock) */
  GArray          *bars;             /* Bar */
  GArray          *bucket_max;       /* double per bucket, scratch */
  GArray          *bucket_owner;     /* guint per bucket, scratch */
  gboolean         has_marker;
  double           marker_ms;
  LabStallCause    marker_cause;
  gboolean         has_machine_bar;
  char            *marker_text;
  gboolean         has_baseline;
  graphene_rect_t  baseline_band;
  graphene_point_t baseline_label_at;
  PangoLayout     *baseline_label;   /* "baseline", once needed */
  PangoLayout     *marker_layout;
  GskRoundedRect   marker_pill;
  graphene_point_t marker_text_at;
  graphene_rect_t  marker_bar;
  GdkRGBA          marker_color;
  GdkRGBA          marker_text_color;
};

static inline double
_lab_stall_chart_scale_fraction (double gap_ms)
{
  double clamped = CLAMP (gap_ms, SCALE_MIN_MS, SCALE_MAX_MS);

  return log (clamped / SCALE_MIN_MS) / log (SCALE_MAX_MS / SCALE_MIN_MS);
}

static inline float
_lab_stall_chart_y_for_gap (LabStallChart *self,
           double         gap_ms)
{
  return self->plot.origin.y + self->plot.size.height * (float) (1.0 - _lab_stall_chart_scale_fraction (gap_ms));
}

static inline BarLevel
_lab_stall_chart_level_for_gap (double        gap_ms,
               LabStallCause cause)
{
  if (cause == LAB_STALL_CAUSE_MACHINE && gap_ms > LAB_FRAME_MS)
    return LEVEL_MACHINE;
  if (lab_verdict_gap_is_freeze (gap_ms))
    return LEVEL_STALL;
  if (gap_ms > LAB_FRAME_MS)
    return LEVEL_SLOW;
  return LEVEL_BEAT;
}

void _lab_stall_chart_prepare_bars (LabStallChart        *self,
                                    const LabStallSample *samples,
                                    guint                 n_samples,
                                    gint64                end_us,
                                    gint64                window_us,
                                    gboolean              snap);

G_END_DECLS
