/* lab-stall-meter.c — a heartbeat on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A high-priority timeout beats every few milliseconds while the meter runs.
 * When the thread that iterates the context is busy (a blur in a click
 * handler, a task on the UI scheduler), the beats stop; the longest gap
 * between two beats is the stall the user saw. The meter sums the frames
 * each gap made the window miss (lab_verdict_frames_missed() defines them).
 * An optional beat function sees every gap as it is measured.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-stall-meter.h"
#include "lab-verdict.h"

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

static gboolean
on_beat (gpointer data)
{
  LabStallMeter *meter = data;
  gint64 now = g_get_monotonic_time ();
  gint64 gap_us = now - meter->last_beat_us;

  meter->max_gap_us = MAX (meter->max_gap_us, gap_us);
  meter->frames_missed += lab_verdict_frames_missed (gap_us / 1000.0);
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

/* When the heartbeat last beat (or the measurement started), g_get_monotonic_time(). */
gint64
lab_stall_meter_get_last_beat (LabStallMeter *meter)
{
  return meter->last_beat_us;
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
