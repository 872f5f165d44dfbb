/* lab-code-view.h — code on the stage: all of it, sized to fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_CODE_VIEW (lab_code_view_get_type ())

G_DECLARE_FINAL_TYPE (LabCodeView, lab_code_view, LAB, CODE_VIEW, GtkWidget)

GtkWidget  *lab_code_view_new                  (void);
void        lab_code_view_set_text             (LabCodeView *self,
                                                const char  *text);
const char *lab_code_view_get_text             (LabCodeView *self);
void        lab_code_view_set_fit              (LabCodeView *self,
                                                gboolean     fit);
void        lab_code_view_set_highlighted_line (LabCodeView *self,
                                                int          line);
int         lab_code_view_get_highlighted_line (LabCodeView *self);
guint       lab_code_view_get_n_lines          (LabCodeView *self);
guint       lab_code_view_get_n_visible_lines  (LabCodeView *self);
double      lab_code_view_get_scale            (LabCodeView *self);

G_END_DECLS
