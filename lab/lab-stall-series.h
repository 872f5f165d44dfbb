/* lab-stall-series.h — the main loop's gaps over a run, for the stall chart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LabStallCause:
 * @LAB_STALL_CAUSE_UNKNOWN: not attributed yet (the trace has not caught up)
 * @LAB_STALL_CAUSE_SCENARIO: the scenario's own work held the UI thread
 * @LAB_STALL_CAUSE_MACHINE: the machine's hiccup: nothing of the scenario ran
 *   on the UI thread for most of the gap (another program had the CPU)
 *
 * Who a gap belongs to, decided by the run monitor with the rule the
 * verdict uses (lab-run-monitor-report.c).
 */
typedef enum
{
  LAB_STALL_CAUSE_UNKNOWN,
  LAB_STALL_CAUSE_SCENARIO,
  LAB_STALL_CAUSE_MACHINE,
} LabStallCause;

/**
 * LabStallSample:
 * @at_us: when the main loop beat again, g_get_monotonic_time()
 * @gap_ms: how long it went without beating before that
 * @cause: who the gap belongs to, once known
 */
typedef struct
{
  gint64        at_us;
  double        gap_ms;
  LabStallCause cause;
} LabStallSample;

typedef LabStallCause (*LabStallCauseFunc) (const LabStallSample *sample,
                                            gpointer              data);

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
void                  lab_stall_series_attribute         (LabStallSeries   *self,
                                                          gint64            up_to_us,
                                                          LabStallCauseFunc cause_func,
                                                          gpointer          data);
void                  lab_stall_series_set_baseline      (LabStallSeries *self,
                                                          gint64          from_us,
                                                          gint64          to_us);
gboolean              lab_stall_series_get_baseline      (LabStallSeries *self,
                                                          gint64         *from_us,
                                                          gint64         *to_us);
double                lab_stall_series_get_baseline_longest_ms (LabStallSeries *self);

G_END_DECLS
