/* lab-blur.h — the Gaussian blur the scenarios launch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-image.h"

G_BEGIN_DECLS

/* What one click blurs: @passes successive Gaussian blurs of @sigma, the
 * number of passes calibrated so that the whole job takes a set time. */
typedef struct
{
  LabImage *source;
  double    sigma;
  guint     passes;
} LabBlurJob;

LabImage   *lab_blur_gaussian           (const LabImage *source,
                                         double          sigma);
LabBlurJob *lab_blur_job_new            (LabImage       *source,
                                         double          sigma,
                                         guint           passes);
void        lab_blur_job_free           (LabBlurJob     *job);
LabImage   *lab_blur_job_run            (LabBlurJob     *job);
gpointer    lab_blur_job_task_func      (gpointer        job,
                                         GError        **error);
guint       lab_blur_calibrate_passes   (LabImage       *source,
                                         double          sigma,
                                         double          target_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabBlurJob, lab_blur_job_free)

G_END_DECLS
