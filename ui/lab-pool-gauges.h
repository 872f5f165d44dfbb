/* lab-pool-gauges.h — the thread pool's counters, big enough for a room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-run-monitor.h"

G_BEGIN_DECLS

#define LAB_TYPE_POOL_GAUGES (lab_pool_gauges_get_type ())

G_DECLARE_FINAL_TYPE (LabPoolGauges, lab_pool_gauges, LAB, POOL_GAUGES, GtkWidget)

GtkWidget  *lab_pool_gauges_new             (void);
void        lab_pool_gauges_set_monitor     (LabPoolGauges *self,
                                             LabRunMonitor *monitor);
const char *lab_pool_gauges_get_value_text  (LabPoolGauges *self,
                                             const char    *gauge);

G_END_DECLS
