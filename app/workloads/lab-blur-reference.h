/* lab-blur-reference.h — the exact Gaussian the fast blur is measured
 * against, the measure, and the image it is measured on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-image.h"

G_BEGIN_DECLS

LabImage *lab_blur_reference         (const LabImage *source,
                                      double          sigma,
                                      int             x,
                                      int             y,
                                      int             width,
                                      int             height);
double    lab_blur_psnr              (const LabImage *reference,
                                      const LabImage *image,
                                      int             x,
                                      int             y);
LabImage *lab_blur_test_image_new    (int             width,
                                      int             height);

G_END_DECLS
