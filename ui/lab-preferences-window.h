/* lab-preferences-window.h — the freeze length and the image to blur.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LAB_TYPE_PREFERENCES_WINDOW (lab_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LabPreferencesWindow, lab_preferences_window, LAB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *lab_preferences_window_new (GtkWindow *parent);

G_END_DECLS
