/* lab-renderer.h — Cairo instead of GL when GL would be software-rendered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_RENDERER_GTK,   /* GL is in hardware: GTK chooses, as it would anyway */
  LAB_RENDERER_CAIRO, /* GL is software-rendered or missing: GSK_RENDERER=cairo */
  LAB_RENDERER_USER,  /* GSK_RENDERER was set by the user: kept as it was */
} LabRendererChoice;

LabRendererChoice lab_renderer_decide         (const char *gsk_renderer,
                                               const char *gl_renderer);
void              lab_renderer_before_display (void);
char             *lab_renderer_choose         (GdkDisplay *display);

G_END_DECLS
