/* test-stall-meter.c — the heartbeat sees the main loop's gaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-stall-meter.h"
#include "lab-stall-series.h"
#include "lab-verdict.h"

static gboolean
block_main_loop (gpointer data)
{
  g_usleep (300 * 1000);
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A dispatch that blocks the main loop for 300 ms shows as a stall of about that. */
static void
test_stall_meter_sees_blocked_loop (void)
{
  g_autoptr(LabStallMeter) meter = lab_stall_meter_new (NULL);
  gboolean blocked = FALSE;

  lab_stall_meter_start (meter);
  g_timeout_add (20, block_main_loop, &blocked);
  while (!blocked)
    g_main_context_iteration (NULL, TRUE);
  lab_stall_meter_stop (meter);
  g_assert_cmpfloat (lab_stall_meter_get_max_gap_ms (meter), >=, 290.0);
}

/* An idle loop iterated normally shows no stall anywhere near a freeze. */
static void
test_stall_meter_idle_loop (void)
{
  g_autoptr(LabStallMeter) meter = lab_stall_meter_new (NULL);
  gint64 end = g_get_monotonic_time () + 200 * 1000;

  lab_stall_meter_start (meter);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  lab_stall_meter_stop (meter);
  g_assert_cmpfloat (lab_stall_meter_get_max_gap_ms (meter), <, LAB_FREEZE_MIN_MS);
}

static gboolean
block_for_120_ms (gpointer data)
{
  /* the UI thread busy for 120 ms, like a blur in a click handler */
  g_usleep (120 * 1000);
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
collect_gap (gint64   at_us,
             double   gap_ms,
             gpointer data)
{
  lab_stall_series_add (data, at_us, gap_ms);
}

/* The beat function sees every gap, the stall included; a series of them agrees with the meter. */
static void
test_stall_meter_beat_func (void)
{
  g_autoptr(LabStallMeter) meter = lab_stall_meter_new (NULL);
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  gboolean blocked = FALSE;

  lab_stall_meter_set_beat_func (meter, collect_gap, g_object_ref (series), g_object_unref);
  lab_stall_meter_start (meter);
  g_timeout_add (20, block_for_120_ms, &blocked);
  while (!blocked)
    g_main_context_iteration (NULL, TRUE);
  lab_stall_meter_stop (meter);

  g_assert_cmpfloat (lab_stall_series_get_longest_ms (series), ==, lab_stall_meter_get_max_gap_ms (meter));
  g_assert_cmpfloat (lab_stall_series_get_longest_ms (series), >=, 115.0);
  g_assert_cmpuint (lab_stall_meter_get_frames_missed (meter), ==,
                    lab_stall_series_get_frames_missed (series));
  g_assert_cmpuint (lab_stall_series_get_frames_missed (series), >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/stall-meter/sees-blocked-loop", test_stall_meter_sees_blocked_loop);
  g_test_add_func ("/lab/stall-meter/idle-loop", test_stall_meter_idle_loop);
  g_test_add_func ("/lab/stall-meter/beat-func", test_stall_meter_beat_func);
  return g_test_run ();
}
