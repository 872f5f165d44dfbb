/* lab-keystroke-overlay.h — the keys a speaker presses, shown briefly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_TYPE_KEYSTROKE_OVERLAY (lab_keystroke_overlay_get_type ())

G_DECLARE_FINAL_TYPE (LabKeystrokeOverlay, lab_keystroke_overlay, LAB, KEYSTROKE_OVERLAY, GtkWidget)

GtkWidget  *lab_keystroke_overlay_new      (void);
void        lab_keystroke_overlay_watch    (LabKeystrokeOverlay *self,
                                            GtkWidget           *window);
void        lab_keystroke_overlay_set_enabled (LabKeystrokeOverlay *self,
                                            gboolean             enabled);
gboolean    lab_keystroke_overlay_get_enabled (LabKeystrokeOverlay *self);
const char *lab_keystroke_overlay_get_text (LabKeystrokeOverlay *self);
char       *lab_keystroke_overlay_describe_key (guint            keyval,
                                            GdkModifierType      state);

G_END_DECLS
