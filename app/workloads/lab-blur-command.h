/* lab-blur-command.h — `tasklab --blur IN --sigma S --output OUT`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int lab_blur_command_handle_options (GVariantDict *options);
int lab_blur_command_run            (const char   *input,
                                     double        sigma,
                                     const char   *output,
                                     guint         threads);

G_END_DECLS
