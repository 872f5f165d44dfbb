/* lab-stall-meter.c — a heartbeat on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A high-priority timeout beats every few milliseconds while the meter runs.
 * When the thread that iterates the context is busy (a blur in a click
 * handler, a task on the UI scheduler), the beats stop; the longest gap
 * between two beats is the stall the user saw.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-stall-meter.h"

#define BEAT_INTERVAL_MS 4

struct _LabStallMeter
{
  GMainContext *context;
  GSource      *heartbeat;
  gint64        last_beat_us;
  gint64        max_gap_us;
};

static gboolean
on_beat (gpointer data)
{
  LabStallMeter *meter = data;
  gint64 now = g_get_monotonic_time ();

  meter->max_gap_us = MAX (meter->max_gap_us, now - meter->last_beat_us);
  meter->last_beat_us = now;
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
