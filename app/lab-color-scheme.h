/* lab-color-scheme.h — follow the desktop's light or dark preference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void lab_color_scheme_follow_system (void);

G_END_DECLS
