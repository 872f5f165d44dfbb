/* lab-image-scale.h — a smaller copy of an image, for the screen and for
 * the demos' blur.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-image.h"

G_BEGIN_DECLS

LabImage *lab_image_scale_down (LabImage *image,
                                guint     max_side,
                                gsize     max_pixels);

G_END_DECLS
