/* lab-verdict.c — see lab-verdict.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frames missed: the compositor asks for a frame every LAB_FRAME_MS
 * (1000 / 60 = 16.67 ms at 60 Hz). A gap of g ms between two beats of the
 * main loop spans floor (g / 16.67) frame intervals; the first of them is
 * the frame the loop was working towards anyway, so floor (g / 16.67) - 1
 * frames were missed (never below zero). A 20 ms gap misses none, a 34 ms
 * gap one, a 2000 ms freeze 119.
 *
 * Frozen or responsive: a busy machine (a screen recorder, a browser, a
 * build) can keep any thread off the CPU for a few hundred milliseconds,
 * which a fixed line of 100 ms would call a freeze. So the verdict compares
 * the scenario's stall with the scenario's own scale: frozen means the UI
 * thread was kept from its loop by the scenario's work (the run monitor
 * counts only the gaps that the scenario's work on the UI thread covered,
 * see lab-run-monitor.c) for at least LAB_FREEZE_MIN_MS and for at least
 * LAB_FREEZE_FRACTION of the work's measured duration (the time its work
 * regions took, the blur or the download). A 2 s blur on the UI
 * thread stalls it about 2 s: frozen. A blur on a worker while the machine
 * is busy may see a 400 ms hiccup with nothing of the scenario on the UI
 * thread: responsive, and the hiccup is reported as the machine's.
 *
 * A list of verdicts (one per measured phase) ends with LAB_VERDICT_NONE or
 * after LAB_VERDICT_MAX_PHASES entries. Its text form joins the names with
 * "+" ("responsive+responsive+frozen"): the report's "verdict" field, which
 * scripts compare with "expected_verdict".
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "lab-verdict.h"

static const struct
{
  const char *name;
  const char *title;
  const char *style;   /* the CSS class the window colours it with */
} verdict_info[] = {
  [LAB_VERDICT_NONE]             = { "none", N_("Not run"), "none" },
  [LAB_VERDICT_RESPONSIVE]       = { "responsive", N_("Responsive"), "responsive" },
  [LAB_VERDICT_FROZEN]           = { "frozen", N_("Frozen"), "frozen" },
  [LAB_VERDICT_DEADLOCKED]       = { "deadlocked", N_("Deadlocked"), "deadlocked" },
  [LAB_VERDICT_CRASHED_IN_CHILD] = { "crashed-in-child", N_("Crashed in the child"), "crashed" },
  [LAB_VERDICT_COMPLETED_EARLY]  = { "completed-early", N_("Completed early"), "early" },
  [LAB_VERDICT_FAILED]           = { "failed", N_("Failed"), "failed" },
  [LAB_VERDICT_CANCELED]         = { "canceled", N_("Canceled"), "canceled" },
};

/* How bad each is, for a run whose phases differ: the worst colours it. */
static const guint severity[] = {
  [LAB_VERDICT_NONE]             = 0,
  [LAB_VERDICT_RESPONSIVE]       = 1,
  [LAB_VERDICT_CANCELED]         = 2,
  [LAB_VERDICT_COMPLETED_EARLY]  = 3,
  [LAB_VERDICT_FROZEN]           = 4,
  [LAB_VERDICT_CRASHED_IN_CHILD] = 5,
  [LAB_VERDICT_DEADLOCKED]       = 6,
  [LAB_VERDICT_FAILED]           = 7,
};

static gboolean
is_valid (LabVerdict verdict)
{
  return (guint) verdict < G_N_ELEMENTS (verdict_info);
}

/**
 * lab_verdict_freeze_threshold_ms:
 * @duration_ms: how long the work took
 *
 * Returns: the shortest stall that makes work of @duration_ms frozen
 */
double
lab_verdict_freeze_threshold_ms (double duration_ms)
{
  return MAX (LAB_FREEZE_MIN_MS, LAB_FREEZE_FRACTION * duration_ms);
}

/**
 * lab_verdict_for_stall:
 * @scenario_stall_ms: the longest gap of the main loop that the scenario's
 *   own work on the UI thread caused
 * @duration_ms: how long the work took
 *
 * Returns: %LAB_VERDICT_FROZEN when the stall reaches
 *   lab_verdict_freeze_threshold_ms(), else %LAB_VERDICT_RESPONSIVE (see
 *   the top of this file)
 */
LabVerdict
lab_verdict_for_stall (double scenario_stall_ms,
                       double duration_ms)
{
  return scenario_stall_ms >= lab_verdict_freeze_threshold_ms (duration_ms)
         ? LAB_VERDICT_FROZEN : LAB_VERDICT_RESPONSIVE;
}

/* Whether one gap of the main loop is long enough to be a freeze, whoever
 * caused it (the stall chart colours it so). */
gboolean
lab_verdict_gap_is_freeze (double gap_ms)
{
  return gap_ms >= LAB_FREEZE_MIN_MS;
}

/**
 * lab_verdict_frames_missed:
 * @gap_ms: a gap between two beats of the main loop
 *
 * Returns: the frames a gap of @gap_ms made the window miss:
 *   floor (@gap_ms / LAB_FRAME_MS) - 1, and 0 for gaps under two frames
 */
guint
lab_verdict_frames_missed (double gap_ms)
{
  /* the epsilon keeps an exact multiple of a frame from rounding down */
  double frames = floor (gap_ms / LAB_FRAME_MS + 1e-9);

  return frames >= 2.0 ? (guint) frames - 1 : 0;
}

/* "responsive", "crashed-in-child", …: the report's words. */
const char *
lab_verdict_to_string (LabVerdict verdict)
{
  g_return_val_if_fail (is_valid (verdict), "none");

  return verdict_info[verdict].name;
}

/* The verdict named @name, or %LAB_VERDICT_NONE. */
LabVerdict
lab_verdict_from_string (const char *name)
{
  for (guint i = 1; name != NULL && i < G_N_ELEMENTS (verdict_info); i++)
    if (g_str_equal (verdict_info[i].name, name))
      return (LabVerdict) i;
  return LAB_VERDICT_NONE;
}

/* "Responsive", "Crashed in the child", …: the window's words. */
const char *
lab_verdict_get_title (LabVerdict verdict)
{
  g_return_val_if_fail (is_valid (verdict), "");

  return _(verdict_info[verdict].title);
}

const char *
lab_verdict_get_style_class (LabVerdict verdict)
{
  g_return_val_if_fail (is_valid (verdict), "none");

  return verdict_info[verdict].style;
}

guint
lab_verdicts_count (const LabVerdict *verdicts)
{
  guint n = 0;

  while (n < LAB_VERDICT_MAX_PHASES && verdicts[n] != LAB_VERDICT_NONE)
    n++;
  return n;
}

/* "responsive+frozen" (see the top of this file). */
char *
lab_verdicts_to_string (const LabVerdict *verdicts)
{
  GString *text = g_string_new (NULL);
  guint n = lab_verdicts_count (verdicts);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, '+');
      g_string_append (text, lab_verdict_to_string (verdicts[i]));
    }
  if (n == 0)
    g_string_append (text, lab_verdict_to_string (LAB_VERDICT_NONE));
  return g_string_free (text, FALSE);
}

/**
 * lab_verdicts_parse:
 * @text: a list in its text form
 * @verdicts: (out caller-allocates) (array fixed-size=4): the list
 *
 * Returns: %TRUE if every part of @text names a verdict
 */
gboolean
lab_verdicts_parse (const char *text,
                    LabVerdict *verdicts)
{
  g_auto(GStrv) names = g_strsplit (text, "+", -1);
  guint n = g_strv_length (names);

  memset (verdicts, 0, sizeof (LabVerdict) * LAB_VERDICT_MAX_PHASES);
  if (n == 0 || n > LAB_VERDICT_MAX_PHASES)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      verdicts[i] = lab_verdict_from_string (names[i]);
      if (verdicts[i] == LAB_VERDICT_NONE)
        return FALSE;
    }
  return TRUE;
}

gboolean
lab_verdicts_equal (const LabVerdict *a,
                    const LabVerdict *b)
{
  guint n = lab_verdicts_count (a);

  if (n != lab_verdicts_count (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (a[i] != b[i])
      return FALSE;
  return TRUE;
}

/* The most serious of the list: what the window colours a phased run with. */
LabVerdict
lab_verdicts_worst (const LabVerdict *verdicts)
{
  LabVerdict worst = LAB_VERDICT_NONE;
  guint n = lab_verdicts_count (verdicts);

  for (guint i = 0; i < n; i++)
    if (severity[verdicts[i]] > severity[worst])
      worst = verdicts[i];
  return worst;
}

/* "Responsive · Responsive · Frozen". */
char *
lab_verdicts_get_title (const LabVerdict *verdicts)
{
  GString *title = g_string_new (NULL);
  guint n = lab_verdicts_count (verdicts);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (title, " · ");
      g_string_append (title, lab_verdict_get_title (verdicts[i]));
    }
  if (n == 0)
    g_string_append (title, lab_verdict_get_title (LAB_VERDICT_NONE));
  return g_string_free (title, FALSE);
}
