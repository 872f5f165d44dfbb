/* lab-chips.h — a row of short labels that wraps, left to right.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_CHIPS (lab_chips_get_type ())

G_DECLARE_FINAL_TYPE (LabChips, lab_chips, LAB, CHIPS, GtkWidget)

GtkWidget *lab_chips_new       (void);
void       lab_chips_set_texts (LabChips           *self,
                                const char * const *texts);
guint      lab_chips_get_n_chips (LabChips         *self);
void       lab_chips_set_max_lines (LabChips       *self,
                                  guint           max_lines);

G_END_DECLS
