/* lab-settings.h — the preferences a speaker sets once: kept between runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LAB_TYPE_SETTINGS (lab_settings_get_type ())

G_DECLARE_FINAL_TYPE (LabSettings, lab_settings, LAB, SETTINGS, GObject)

LabSettings *lab_settings_new            (const char  *path);
int          lab_settings_get_freeze_ms  (LabSettings *self);
void         lab_settings_set_freeze_ms  (LabSettings *self,
                                          int          freeze_ms);
const char  *lab_settings_get_image_path (LabSettings *self);
void         lab_settings_set_image_path (LabSettings *self,
                                          const char  *path);
char        *lab_settings_dup_default_path (void);

G_END_DECLS
