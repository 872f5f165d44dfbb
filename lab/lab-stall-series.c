/* lab-stall-series.c — see lab-stall-series.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every beat of the run's heartbeat is one sample (about 250 a second while
 * the loop idles, one for a whole freeze). The series keeps them in order
 * with the longest gap and the frames missed (lab_verdict_frames_missed()),
 * and says ::changed after each addition or attribution, so a chart can
 * redraw. A gap's cause is told later than the gap: the trace that says
 * what ran on the UI thread is read a poll after the beat.
 *
 * A run's first moments are its baseline (LAB_BASELINE_MS): the UI thread
 * idles, watched, before the scenario's work starts, so any gap then is
 * the machine's. The series keeps where the baseline lies, for the chart
 * and the report.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-stall-series.h"
#include "lab-verdict.h"

struct _LabStallSeries
{
  GObject  parent_instance;

  GArray  *samples;          /* LabStallSample, oldest first */
  double   longest_ms;
  gint64   longest_at_us;
  guint    frames_missed;
  guint    n_attributed;     /* samples before this index have their cause */
  gint64   baseline_from_us; /* 0: no baseline */
  gint64   baseline_to_us;
};

G_DEFINE_FINAL_TYPE (LabStallSeries, lab_stall_series, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lab_stall_series_finalize (GObject *object)
{
  g_array_unref (LAB_STALL_SERIES (object)->samples);

  G_OBJECT_CLASS (lab_stall_series_parent_class)->finalize (object);
}

static void
lab_stall_series_class_init (LabStallSeriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_stall_series_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lab_stall_series_init (LabStallSeries *self)
{
  self->samples = g_array_new (FALSE, FALSE, sizeof (LabStallSample));
}

LabStallSeries *
lab_stall_series_new (void)
{
  return g_object_new (LAB_TYPE_STALL_SERIES, NULL);
}

/* One beat: the loop beat at @at_us after a gap of @gap_ms. */
void
lab_stall_series_add (LabStallSeries *self,
                      gint64          at_us,
                      double          gap_ms)
{
  LabStallSample sample = { at_us, gap_ms, LAB_STALL_CAUSE_UNKNOWN };

  g_return_if_fail (LAB_IS_STALL_SERIES (self));

  g_array_append_val (self->samples, sample);
  if (gap_ms > self->longest_ms)
    {
      self->longest_ms = gap_ms;
      self->longest_at_us = at_us;
    }
  self->frames_missed += lab_verdict_frames_missed (gap_ms);
  g_signal_emit (self, signals[CHANGED], 0);
}

const LabStallSample *
lab_stall_series_get_samples (LabStallSeries *self,
                              guint          *n_samples)
{
  g_return_val_if_fail (LAB_IS_STALL_SERIES (self), NULL);

  *n_samples = self->samples->len;
  return (const LabStallSample *) self->samples->data;
}

double
lab_stall_series_get_longest_ms (LabStallSeries *self)
{
  g_return_val_if_fail (LAB_IS_STALL_SERIES (self), 0.0);

  return self->longest_ms;
}

/* When the longest gap ended. */
gint64
lab_stall_series_get_longest_at (LabStallSeries *self)
{
  g_return_val_if_fail (LAB_IS_STALL_SERIES (self), 0);

  return self->longest_at_us;
}

guint
lab_stall_series_get_frames_missed (LabStallSeries *self)
{
  g_return_val_if_fail (LAB_IS_STALL_SERIES (self), 0);

  return self->frames_missed;
}

/**
 * lab_stall_series_attribute:
 * @up_to_us: attribute the gaps that ended by then (what the trace covers)
 * @cause_func: decides one gap's cause
 *
 * Gives each gap not yet attributed that ended by @up_to_us its cause, in
 * order, and says ::changed if any was given.
 */
void
lab_stall_series_attribute (LabStallSeries   *self,
                            gint64            up_to_us,
                            LabStallCauseFunc cause_func,
                            gpointer          data)
{
  guint first = self->n_attributed;

  g_return_if_fail (LAB_IS_STALL_SERIES (self));
  g_return_if_fail (cause_func != NULL);

  while (self->n_attributed < self->samples->len)
    {
      LabStallSample *sample = &g_array_index (self->samples, LabStallSample, self->n_attributed);

      if (sample->at_us > up_to_us)
        break;
      sample->cause = cause_func (sample, data);
      self->n_attributed++;
    }
  if (self->n_attributed > first)
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * lab_stall_series_set_baseline:
 * @from_us: when the run's measuring started
 * @to_us: when the scenario's work started
 *
 * Marks the run's baseline: the gaps within it (the idle UI thread's) are
 * the machine's.
 */
void
lab_stall_series_set_baseline (LabStallSeries *self,
                               gint64          from_us,
                               gint64          to_us)
{
  g_return_if_fail (LAB_IS_STALL_SERIES (self));
  g_return_if_fail (from_us <= to_us);

  self->baseline_from_us = from_us;
  self->baseline_to_us = to_us;
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * lab_stall_series_get_baseline:
 * @from_us: (out) (optional): the baseline's start
 * @to_us: (out) (optional): its end, when the scenario's work started
 *
 * Returns: whether the series has a baseline
 */
gboolean
lab_stall_series_get_baseline (LabStallSeries *self,
                               gint64         *from_us,
                               gint64         *to_us)
{
  g_return_val_if_fail (LAB_IS_STALL_SERIES (self), FALSE);

  if (from_us != NULL)
    *from_us = self->baseline_from_us;
  if (to_us != NULL)
    *to_us = self->baseline_to_us;
  return self->baseline_to_us > 0;
}

/* The longest gap within the baseline, cut at its ends: a gap that runs on
 * into the work (the work's own freeze, from the last beat of the
 * baseline) counts only for its part before the work (0: no baseline). */
double
lab_stall_series_get_baseline_longest_ms (LabStallSeries *self)
{
  double longest_ms = 0.0;

  g_return_val_if_fail (LAB_IS_STALL_SERIES (self), 0.0);

  for (guint i = 0; i < self->samples->len; i++)
    {
      const LabStallSample *sample = &g_array_index (self->samples, LabStallSample, i);
      gint64 from_us = MAX (sample->at_us - (gint64) (sample->gap_ms * 1000.0),
                            self->baseline_from_us);
      gint64 to_us = MIN (sample->at_us, self->baseline_to_us);

      if (to_us > from_us)
        longest_ms = MAX (longest_ms, (to_us - from_us) / 1000.0);
    }
  return longest_ms;
}
