/* lab-display-name.h — a file name fit for a one-line message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lab_display_name (const char *filename);

G_END_DECLS
