/* lab-verdict.h — what a run showed: the one definition of a frame, a
 * freeze and frames missed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One frame at 60 Hz, the budget the main loop has between two frames. */
#define LAB_FRAME_MS (1000.0 / 60.0)

/* A freeze: the scenario's own work kept the UI thread from beating for at
 * least this long, and for at least this fraction of the work's measured
 * duration (see lab_verdict_for_stall()). */
#define LAB_FREEZE_MIN_MS   250.0
#define LAB_FREEZE_FRACTION 0.5

/* A run's baseline: before the scenario's work starts, the window watches
 * its idle UI thread for this long. Any gap then is the machine's (another
 * program had the CPU); the report gives the longest and the stall chart
 * shows the baseline first, so a hiccup seen before the work cannot be
 * mistaken for the scenario's. */
#define LAB_BASELINE_MS 250.0

/* A run measures at most this many phases, each with its own verdict. */
#define LAB_VERDICT_MAX_PHASES 4

/**
 * LabVerdict:
 * @LAB_VERDICT_NONE: nothing measured (ends a list of verdicts)
 * @LAB_VERDICT_RESPONSIVE: the UI thread kept drawing frames
 * @LAB_VERDICT_FROZEN: the scenario's work blocked the UI thread (see
 *   lab_verdict_for_stall())
 * @LAB_VERDICT_DEADLOCKED: a wait timed out with its cycle in place
 * @LAB_VERDICT_CRASHED_IN_CHILD: a child process ended by a signal
 * @LAB_VERDICT_COMPLETED_EARLY: an outer task completed before its inner one
 * @LAB_VERDICT_FAILED: the run could not do its work (an error)
 * @LAB_VERDICT_CANCELED: the run was canceled before it showed anything
 *
 * Every verdict but frozen and responsive is one a scenario measured itself
 * (a timed-out wait, a task's status, a child's exit); none is decided in
 * advance.
 */
typedef enum
{
  LAB_VERDICT_NONE,
  LAB_VERDICT_RESPONSIVE,
  LAB_VERDICT_FROZEN,
  LAB_VERDICT_DEADLOCKED,
  LAB_VERDICT_CRASHED_IN_CHILD,
  LAB_VERDICT_COMPLETED_EARLY,
  LAB_VERDICT_FAILED,
  LAB_VERDICT_CANCELED,
} LabVerdict;

LabVerdict  lab_verdict_for_stall           (double             scenario_stall_ms,
                                             double             duration_ms);
double      lab_verdict_freeze_threshold_ms (double             duration_ms);
gboolean    lab_verdict_gap_is_freeze       (double             gap_ms);
guint       lab_verdict_frames_missed       (double             gap_ms);
const char *lab_verdict_to_string           (LabVerdict         verdict);
LabVerdict  lab_verdict_from_string         (const char        *name);
const char *lab_verdict_get_title           (LabVerdict         verdict);
const char *lab_verdict_get_style_class     (LabVerdict         verdict);

guint       lab_verdicts_count              (const LabVerdict  *verdicts);
char       *lab_verdicts_to_string          (const LabVerdict  *verdicts);
gboolean    lab_verdicts_parse              (const char        *text,
                                             LabVerdict        *verdicts);
gboolean    lab_verdicts_equal              (const LabVerdict  *a,
                                             const LabVerdict  *b);
LabVerdict  lab_verdicts_worst              (const LabVerdict  *verdicts);
char       *lab_verdicts_get_title          (const LabVerdict  *verdicts);

G_END_DECLS
