/* lab-spinner.h — the header bar's "busy" spinner, turned by the frame clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_SPINNER (lab_spinner_get_type ())

G_DECLARE_FINAL_TYPE (LabSpinner, lab_spinner, LAB, SPINNER, GtkWidget)

GtkWidget *lab_spinner_new          (void);
void       lab_spinner_set_spinning (LabSpinner *self,
                                     gboolean    spinning);
gboolean   lab_spinner_get_spinning (LabSpinner *self);
double     lab_spinner_get_angle    (LabSpinner *self);

G_END_DECLS
