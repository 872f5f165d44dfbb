/* lab-stall-meter.h — measures how long the main loop went without running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabStallMeter LabStallMeter;

/**
 * LabStallMeterBeatFunc:
 * @at_us: when the beat ran, g_get_monotonic_time()
 * @gap_ms: time since the previous beat (or since the start)
 * @user_data: the data given to lab_stall_meter_set_beat_func()
 *
 * Called on the meter's context for every beat, a stall included.
 */
typedef void (*LabStallMeterBeatFunc) (gint64   at_us,
                                       double   gap_ms,
                                       gpointer user_data);

LabStallMeter *lab_stall_meter_new                (GMainContext          *context);
void           lab_stall_meter_free               (LabStallMeter         *meter);
void           lab_stall_meter_start              (LabStallMeter         *meter);
void           lab_stall_meter_stop               (LabStallMeter         *meter);
double         lab_stall_meter_get_max_gap_ms     (LabStallMeter         *meter);
guint          lab_stall_meter_get_frames_missed  (LabStallMeter         *meter);
gint64         lab_stall_meter_get_last_beat      (LabStallMeter         *meter);
void           lab_stall_meter_set_beat_func      (LabStallMeter         *meter,
                                                   LabStallMeterBeatFunc  func,
                                                   gpointer               user_data,
                                                   GDestroyNotify         destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabStallMeter, lab_stall_meter_free)

G_END_DECLS
