/* lab-pulse.h — a frame-clock animation that stops when the UI thread does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_PULSE (lab_pulse_get_type ())

G_DECLARE_FINAL_TYPE (LabPulse, lab_pulse, LAB, PULSE, GtkWidget)

GtkWidget *lab_pulse_new              (void);
guint64    lab_pulse_get_frame_count  (LabPulse *self);
void       lab_pulse_set_running      (LabPulse *self,
                                       gboolean  running);

G_END_DECLS
