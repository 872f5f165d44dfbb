/* lab-blur.h — the Gaussian blur the scenarios launch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One blur, three ways to run it: lab_blur_gaussian() on the calling thread,
 * lab_blur_parallel() (lab-blur-parallel.h) in tiles on the pool, and
 * LabBlurJob, the fixed amount of work a scenario hands to the pool API it
 * demonstrates.
 */
#pragma once

#include <pool.h>

#include "lab-image.h"

G_BEGIN_DECLS

/* Sigmas the blur accepts, in pixels. Above the maximum, single precision
 * can no longer place the filter's poles accurately. */
#define LAB_BLUR_MIN_SIGMA 0.1
#define LAB_BLUR_MAX_SIGMA 250.0

/* What one click blurs: @passes successive Gaussian blurs of @sigma, the
 * number of passes calibrated so that the whole job takes a set time; with
 * a @token, it looks at it before each pass (ThrowIfCancellationRequested). */
typedef struct
{
  LabImage              *source;
  double                 sigma;
  guint                  passes;
  PoolCancellationToken *token;
} LabBlurJob;

LabImage   *lab_blur_gaussian           (const LabImage *source,
                                         double          sigma,
                                         GError        **error);
LabBlurJob *lab_blur_job_new            (LabImage       *source,
                                         double          sigma,
                                         guint           passes);
void        lab_blur_job_free           (LabBlurJob     *job);
void        lab_blur_job_observe_token  (LabBlurJob     *job,
                                         PoolCancellationToken *token);
LabImage   *lab_blur_job_run            (LabBlurJob     *job);
gpointer    lab_blur_job_task_func      (gpointer        job,
                                         GError        **error);
guint       lab_blur_calibrate_passes   (LabImage       *source,
                                         double          sigma,
                                         double          target_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabBlurJob, lab_blur_job_free)

G_END_DECLS
