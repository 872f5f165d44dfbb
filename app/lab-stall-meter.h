/* lab-stall-meter.h — measures how long the main loop went without running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabStallMeter LabStallMeter;

LabStallMeter *lab_stall_meter_new            (GMainContext  *context);
void           lab_stall_meter_free           (LabStallMeter *meter);
void           lab_stall_meter_start          (LabStallMeter *meter);
void           lab_stall_meter_stop           (LabStallMeter *meter);
double         lab_stall_meter_get_max_gap_ms (LabStallMeter *meter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabStallMeter, lab_stall_meter_free)

G_END_DECLS
