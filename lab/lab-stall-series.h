/* lab-stall-series.h — the main loop's gaps over a run, for the stall chart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LabStallSample:
 * @at_us: when the main loop beat again, g_get_monotonic_time()
 * @gap_ms: how long it went without beating before that
 */
typedef struct
{
  gint64 at_us;
  double gap_ms;
} LabStallSample;

#define LAB_TYPE_STALL_SERIES (lab_stall_series_get_type ())

G_DECLARE_FINAL_TYPE (LabStallSeries, lab_stall_series, LAB, STALL_SERIES, GObject)

LabStallSeries       *lab_stall_series_new               (void);
void                  lab_stall_series_add               (LabStallSeries *self,
                                                          gint64          at_us,
                                                          double          gap_ms);
const LabStallSample *lab_stall_series_get_samples       (LabStallSeries *self,
                                                          guint          *n_samples);
double                lab_stall_series_get_longest_ms    (LabStallSeries *self);
gint64                lab_stall_series_get_longest_at    (LabStallSeries *self);
guint                 lab_stall_series_get_frames_missed (LabStallSeries *self);

G_END_DECLS
