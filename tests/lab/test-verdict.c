/* test-verdict.c — the one definition of a frame, a freeze and frames missed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-verdict.h"

/* Frames missed per gap: floor (gap / 16.7 ms) - 1, never below zero. */
static void
test_frames_missed_definition (void)
{
  g_assert_cmpuint (lab_verdict_frames_missed (4.0), ==, 0);
  g_assert_cmpuint (lab_verdict_frames_missed (16.0), ==, 0);
  g_assert_cmpuint (lab_verdict_frames_missed (20.0), ==, 0);
  g_assert_cmpuint (lab_verdict_frames_missed (1000.0 / 30.0), ==, 1);
  g_assert_cmpuint (lab_verdict_frames_missed (50.1), ==, 2);
  g_assert_cmpuint (lab_verdict_frames_missed (2000.0), ==, 119);
}

/* Frozen takes a stall of at least 250 ms and of half the work's duration. */
static void
test_stall_threshold (void)
{
  /* a 2 s blur on the UI thread freezes it for about 2 s */
  g_assert_cmpint (lab_verdict_for_stall (1900.0, 2000.0), ==, LAB_VERDICT_FROZEN);
  /* a 2 s run with a 419 ms hiccup (a busy laptop) is not frozen */
  g_assert_cmpint (lab_verdict_for_stall (419.0, 2000.0), ==, LAB_VERDICT_RESPONSIVE);
  g_assert_cmpint (lab_verdict_for_stall (999.0, 2000.0), ==, LAB_VERDICT_RESPONSIVE);
  g_assert_cmpint (lab_verdict_for_stall (1000.0, 2000.0), ==, LAB_VERDICT_FROZEN);
  /* short work: the 250 ms floor */
  g_assert_cmpint (lab_verdict_for_stall (249.0, 300.0), ==, LAB_VERDICT_RESPONSIVE);
  g_assert_cmpint (lab_verdict_for_stall (250.0, 300.0), ==, LAB_VERDICT_FROZEN);
  g_assert_cmpint (lab_verdict_for_stall (0.0, 0.0), ==, LAB_VERDICT_RESPONSIVE);
  g_assert_cmpfloat (lab_verdict_freeze_threshold_ms (4000.0), ==, 2000.0);
  g_assert_cmpfloat (lab_verdict_freeze_threshold_ms (100.0), ==, LAB_FREEZE_MIN_MS);
  g_assert_true (lab_verdict_gap_is_freeze (2000.0));
  g_assert_false (lab_verdict_gap_is_freeze (16.0));
}

/* Every verdict has a report word that names it back, and a title. */
static void
test_names_round_trip (void)
{
  for (LabVerdict v = LAB_VERDICT_RESPONSIVE; v <= LAB_VERDICT_CANCELED; v++)
    {
      g_assert_cmpint (lab_verdict_from_string (lab_verdict_to_string (v)), ==, v);
      g_assert_cmpstr (lab_verdict_get_title (v), !=, "");
    }
  g_assert_cmpstr (lab_verdict_to_string (LAB_VERDICT_CRASHED_IN_CHILD), ==, "crashed-in-child");
  g_assert_cmpint (lab_verdict_from_string ("sideways"), ==, LAB_VERDICT_NONE);
  g_assert_cmpint (lab_verdict_from_string (NULL), ==, LAB_VERDICT_NONE);
}

/* A list of phase verdicts is written with "+", parsed back, compared, and coloured by its worst. */
static void
test_lists (void)
{
  LabVerdict download[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE,
                                                  LAB_VERDICT_FROZEN };
  LabVerdict parsed[LAB_VERDICT_MAX_PHASES];
  LabVerdict one[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autofree char *text = lab_verdicts_to_string (download);
  g_autofree char *title = lab_verdicts_get_title (download);

  g_assert_cmpstr (text, ==, "responsive+responsive+frozen");
  g_assert_cmpstr (title, ==, "Responsive · Responsive · Frozen");
  g_assert_true (lab_verdicts_parse (text, parsed));
  g_assert_true (lab_verdicts_equal (parsed, download));
  g_assert_false (lab_verdicts_equal (one, download));
  g_assert_cmpuint (lab_verdicts_count (download), ==, 3);
  g_assert_cmpint (lab_verdicts_worst (download), ==, LAB_VERDICT_FROZEN);
  g_assert_false (lab_verdicts_parse ("responsive+maybe", parsed));
  g_assert_false (lab_verdicts_parse ("frozen+frozen+frozen+frozen+frozen", parsed));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/verdict/frames-missed-definition", test_frames_missed_definition);
  g_test_add_func ("/lab/verdict/stall-threshold", test_stall_threshold);
  g_test_add_func ("/lab/verdict/names-round-trip", test_names_round_trip);
  g_test_add_func ("/lab/verdict/lists", test_lists);
  return g_test_run ();
}
