/* test-compare-pairs.c — the catalogue's "wrong vs right" pairs and groups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario names the scenarios to compare it with (compare_with); the
 * window offers "Compare with…" from them. Every name must be a scenario,
 * the relation goes both ways, and a scenario names itself only alone, to
 * compare the phases of its run.
 */
#include "lab-scenario.h"

static gboolean
pairs_with (const LabScenario *scenario,
            const char        *id)
{
  for (guint i = 0; i < LAB_SCENARIO_MAX_COMPARE && scenario->compare_with[i] != NULL; i++)
    if (g_str_equal (scenario->compare_with[i], id))
      return TRUE;
  return FALSE;
}

static void
test_named_pairs (void)
{
  const LabScenario *two = lab_scenarios_find ("2");
  const LabScenario *five = lab_scenarios_find ("5");

  g_assert_nonnull (two);
  g_assert_true (pairs_with (two, lab_scenarios_find ("3")->id));
  g_assert_true (pairs_with (two, lab_scenarios_find ("4")->id));
  g_assert_true (pairs_with (lab_scenarios_find ("3"), two->id));
  g_assert_true (pairs_with (lab_scenarios_find ("4"), lab_scenarios_find ("3")->id));
  g_assert_nonnull (five);
  g_assert_true (pairs_with (five, lab_scenarios_find ("1")->id));
  g_assert_true (pairs_with (lab_scenarios_find ("1"), five->id));
  /* the download's three ways: the phases of its own run */
  g_assert_cmpstr (lab_scenarios_find ("download-three-ways")->compare_with[0], ==,
                   "download-three-ways");
  /* QueueUserWorkItem makes no pair */
  g_assert_null (lab_scenarios_find ("queue-user-work-item")->compare_with[0]);
}

static void
test_every_pair_both_ways (void)
{
  guint n_scenarios, n_pairs = 0;
  const LabScenario * const *scenarios = lab_scenarios_get_all (&n_scenarios);

  for (guint s = 0; s < n_scenarios; s++)
    for (guint i = 0; i < LAB_SCENARIO_MAX_COMPARE && scenarios[s]->compare_with[i] != NULL; i++)
      {
        const char *other_id = scenarios[s]->compare_with[i];
        const LabScenario *other = lab_scenarios_find (other_id);

        g_test_message ("%s ↔ %s", scenarios[s]->id, other_id);
        g_assert_nonnull (other);
        g_assert_cmpstr (other->id, ==, other_id);
        g_assert_true (pairs_with (other, scenarios[s]->id));
        /* itself: its phases, and then nothing else */
        if (other == scenarios[s])
          {
            g_assert_cmpuint (i, ==, 0);
            g_assert_null (scenarios[s]->compare_with[1]);
            g_assert_cmpuint (lab_verdicts_count (scenarios[s]->expected), >=, 2);
          }
        n_pairs++;
      }
  g_assert_cmpuint (n_pairs, >=, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/compare/named-pairs", test_named_pairs);
  g_test_add_func ("/scenarios/compare/every-pair-both-ways", test_every_pair_both_ways);
  return g_test_run ();
}
