/* lab-stall-meter.c — a heartbeat on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A high-priority timeout beats every few milliseconds while the meter runs.
 * When the thread that iterates the context is busy (a blur in a click
 * handler, a task on the UI scheduler), the beats stop; the longest gap
 * between two beats is the stall the user saw.
 *
 * Frames missed: the compositor asks for a frame every LAB_FRAME_MS
 * (1000 / 60 = 16.67 ms at 60 Hz). A gap of g ms spans floor (g / 16.67)
 * frame intervals; the first of them is the frame the loop was working
 * towards anyway, so floor (g / 16.67) - 1 frames were missed (never below
 * zero). A 20 ms gap misses none, a 34 ms gap one, a 2000 ms freeze 119. The meter
 * sums this over every gap of the measurement. An optional beat function
 * sees every gap as it is measured, so a window can chart them live.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-stall-meter.h"

#define BEAT_INTERVAL_MS 4

struct _LabStallMeter
{
  GMainContext *context;
  GSource      *heartbeat;
  gint64        last_beat_us;
  gint64        max_gap_us;
  guint         frames_missed;

  LabStallMeterBeatFunc beat_func;
  gpointer              beat_data;
  GDestroyNotify        beat_destroy;
};

/**
 * lab_stall_frames_missed_for_gap:
 * @gap_ms: a gap between two beats of the main loop
 *
 * Returns: the frames a gap of @gap_ms made the window miss:
 *   floor (@gap_ms / LAB_FRAME_MS) - 1, and 0 for gaps under two frames
 */
guint
lab_stall_frames_missed_for_gap (double gap_ms)
{
  /* the epsilon keeps an exact multiple of a frame from rounding down */
  double frames = floor (gap_ms / LAB_FRAME_MS + 1e-9);

  return frames >= 2.0 ? (guint) frames - 1 : 0;
}

static gboolean
on_beat (gpointer data)
{
  LabStallMeter *meter = data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap_us = now - meter->last_beat_us;

  meter->max_gap_us = MAX (meter->max_gap_us, gap_us);
  meter->frames_missed += lab_stall_frames_missed_for_gap (gap_us / 1000.0);
  meter->last_beat_us = now;
  if (meter->beat_func != NULL)
    meter->beat_func (now, gap_us / 1000.0, meter->beat_data);
  return G_SOURCE_CONTINUE;
}

LabStallMeter *
lab_stall_meter_new (GMainContext *context)
{
  LabStallMeter *meter = g_new0 (LabStallMeter, 1);

  meter->context = g_main_context_ref (context != NULL ? context : g_main_context_default ());
  return meter;
}

void
lab_stall_meter_free (LabStallMeter *meter)
{
  lab_stall_meter_stop (meter);
  lab_stall_meter_set_beat_func (meter, NULL, NULL, NULL);
  g_main_context_unref (meter->context);
  g_free (meter);
}

/* Starts a new measurement; call it from the context's thread. */
void
lab_stall_meter_start (LabStallMeter *meter)
{
  lab_stall_meter_stop (meter);
  meter->last_beat_us = g_get_monotonic_time ();
  meter->max_gap_us = 0;
  meter->frames_missed = 0;
  meter->heartbeat = g_timeout_source_new (BEAT_INTERVAL_MS);
  g_source_set_priority (meter->heartbeat, G_PRIORITY_HIGH);
  g_source_set_static_name (meter->heartbeat, "[lab] stall meter heartbeat");
  g_source_set_callback (meter->heartbeat, on_beat, meter, NULL);
  g_source_attach (meter->heartbeat, meter->context);
}

/* Ends the measurement; the gap up to now counts too. */
void
lab_stall_meter_stop (LabStallMeter *meter)
{
  if (meter->heartbeat == NULL)
    return;

  on_beat (meter);
  g_source_destroy (meter->heartbeat);
  g_clear_pointer (&meter->heartbeat, g_source_unref);
}

double
lab_stall_meter_get_max_gap_ms (LabStallMeter *meter)
{
  return meter->max_gap_us / 1000.0;
}

/* Frames missed over the measurement (see the top of this file). */
guint
lab_stall_meter_get_frames_missed (LabStallMeter *meter)
{
  return meter->frames_missed;
}

/**
 * lab_stall_meter_set_beat_func:
 * @func: (nullable): called on the meter's context with every gap
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data when replaced or when the meter is freed
 *
 * Lets a live chart see every gap (one call per beat, about every 4 ms, and
 * one for a stall when it ends). The measurement itself does not change.
 */
void
lab_stall_meter_set_beat_func (LabStallMeter         *meter,
                               LabStallMeterBeatFunc  func,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  GDestroyNotify old_destroy = meter->beat_destroy;
  gpointer old_data = meter->beat_data;

  meter->beat_func = func;
  meter->beat_data = user_data;
  meter->beat_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}
