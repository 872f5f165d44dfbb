/* lab-blur.c — a Gaussian blur on RGBA8 whose cost does not grow with sigma.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a recursive filter: a direct convolution costs ~6 sigma operations per
 * pixel, and box-blur cascades, though O(1), are too coarse (about 50 dB at
 * sigma 2). Deriche's fourth-order recursive filter (R. Deriche, "Recursively
 * implementing the Gaussian and its derivatives", INRIA RR-1893, 1993; see
 * also P. Getreuer, "A Survey of Gaussian Convolution Algorithms", IPOL 2013)
 * costs the same at any sigma and stays above 60 dB PSNR against the exact
 * kernel. It runs as two second-order sections in parallel, each once forward
 * (causal) and once backward (anticausal), in single precision; the parallel
 * form keeps the poles accurate up to LAB_BLUR_MAX_SIGMA.
 *
 * Edges: the image is extended by repeating its edge pixels forever. For a
 * recursive filter that is exact and free: each section starts in the state
 * it would have reached after an infinite run of the edge value.
 *
 * Alpha: colour is premultiplied by alpha while blurring and divided out at
 * the end, so a transparent pixel (whose colour is meaningless, often black)
 * contributes nothing to its neighbours' colour and leaves no dark halo. A
 * pixel whose blurred alpha rounds to 0 comes out transparent black.
 *
 * Memory and speed: columns first, the source read in strips of
 * LAB_BLUR_STRIP pixels (a cache line of each row), each pair of pixels run
 * down the strip with its filter state in registers, into an intermediate
 * image of 16-bit fixed point (6 fractional bits, far below 8-bit rounding);
 * then rows, four at a time. A recursion is serial, so each loop carries two
 * independent ones that the processor overlaps. Arithmetic is on 8 floats
 * (two RGBA pixels) with GCC vector extensions; on x86-64 the two hot
 * functions are also compiled for x86-64-v3 (AVX2, FMA) and picked at run
 * time. Results never depend on how tiles are spread over threads: see
 * lab-blur-private.h.
 *
 * The files: the coefficients (lab-blur-coefficients.c), the vectors
 * (lab-blur-vector-private.h), the filter's passes and tile runners
 * (lab-blur-filter.c), tiling and buffers (lab-blur-plan.c); here, the blur
 * on the calling thread, the scenarios' job and its calibration.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>
#include <string.h>
#include <time.h>

#include <pool.h>

#include "lab-blur-private.h"

/* ---------------------------------------------------------------------- */
/* On the calling thread                                                   */

/* Both phases, every tile, on this thread. */
static void
plan_run (LabBlurPlan *plan,
          gpointer     scratch)
{
  for (guint tile = 0; tile < plan->n_column_tiles; tile++)
    _lab_blur_plan_run_column_tile (plan, tile, scratch);
  for (guint tile = 0; tile < plan->n_row_tiles; tile++)
    _lab_blur_plan_run_row_tile (plan, tile, scratch);
}

/* The CPU time this thread has used: what a pass costs, whatever else the
 * machine runs meanwhile (wall time would count another program's turns,
 * and a calibration on a busy machine would then make the freeze short). */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* @passes blurs in a row, each of the previous result; the buffers are
 * allocated once and reused (two images in turn), so that every pass after
 * the first costs the same: no page faults, which matters to a scenario
 * whose freeze must last a set time. @pass_ms, if given, receives the CPU
 * time of the cheapest pass after the first. With a @token, it is looked at
 * before each pass: cancelled, the blur stops with its canceled error. */
static LabImage *
blur_passes (const LabImage        *source,
             double                 sigma,
             guint                  passes,
             PoolCancellationToken *token,
             double                *pass_ms,
             GError               **error)
{
  LabBlurPlan plan;
  gpointer scratch;
  LabImage *result;
  gboolean failed = FALSE;

  if (!_lab_blur_plan_init (&plan, source, sigma, error))
    return NULL;

  scratch = _lab_blur_scratch_new (&plan);
  if (pass_ms != NULL)
    *pass_ms = G_MAXDOUBLE;
  for (guint pass = 0; pass < passes && !failed; pass++)
    {
      gint64 start = thread_cpu_us ();

      /* token.ThrowIfCancellationRequested(); */
      if (token != NULL && pool_cancellation_token_throw_if_cancellation_requested (token, error))
        {
          failed = TRUE;
          break;
        }
      if (pass > 0)
        {
          /* the last result is the next source; the source before it, unless
           * it is the caller's image, is overwritten by the next result */
          LabImage *previous = (LabImage *) plan.source;
          LabImage *next = previous != source ? previous
                                              : lab_image_try_new (plan.width, plan.height, error);

          if (next == NULL)
            {
              failed = TRUE;
              break;
            }
          plan.source = plan.result;
          plan.result = next;
        }
      plan_run (&plan, scratch);
      if (pass > 0 && pass_ms != NULL)
        *pass_ms = MIN (*pass_ms, (thread_cpu_us () - start) / 1000.0);
    }
  _lab_blur_scratch_free (scratch);

  result = g_steal_pointer (&plan.result);
  if (plan.source != source)
    lab_image_unref ((LabImage *) plan.source);
  _lab_blur_plan_clear (&plan);
  if (failed)
    g_clear_pointer (&result, lab_image_unref);
  return result;
}

/**
 * lab_blur_gaussian:
 * @sigma: the standard deviation in pixels, from %LAB_BLUR_MIN_SIGMA to
 *   %LAB_BLUR_MAX_SIGMA
 * @error: set when memory for the result cannot be found
 *
 * Blurs @source on the calling thread; gives the same bytes as
 * lab_blur_parallel() with any number of threads.
 *
 * Returns: (transfer full) (nullable): @source blurred with a Gaussian of
 *   @sigma pixels
 */
LabImage *
lab_blur_gaussian (const LabImage  *source,
                   double           sigma,
                   GError         **error)
{
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, NULL);

  return blur_passes (source, sigma, 1, NULL, NULL, error);
}

/* ---------------------------------------------------------------------- */
/* The scenarios' job                                                      */

LabBlurJob *
lab_blur_job_new (LabImage *source,
                  double    sigma,
                  guint     passes)
{
  LabBlurJob *job;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, NULL);

  job = g_new0 (LabBlurJob, 1);
  job->source = lab_image_ref (source);
  job->sigma = sigma;
  job->passes = MAX (1, passes);
  return job;
}

void
lab_blur_job_free (LabBlurJob *job)
{
  g_clear_pointer (&job->source, lab_image_unref);
  g_clear_pointer (&job->token, pool_cancellation_token_unref);
  g_free (job);
}

/**
 * lab_blur_job_observe_token:
 * @token: (nullable): what the job looks at before each pass
 *
 * Makes the job cooperative, as `Blur(image, token)` calling
 * `token.ThrowIfCancellationRequested()` between passes: once @token is
 * cancelled the job ends with its canceled error (POOL_CANCELED_ERROR), which
 * a task launched with the same token takes as Canceled.
 */
void
lab_blur_job_observe_token (LabBlurJob            *job,
                            PoolCancellationToken *token)
{
  g_return_if_fail (job != NULL);

  g_clear_pointer (&job->token, pool_cancellation_token_unref);
  job->token = token != NULL ? pool_cancellation_token_ref (token) : NULL;
}

static LabImage *
lab_blur_job_run_with_error (LabBlurJob  *job,
                             GError     **error)
{
  gint64 begin = pool_trace_begin_region ();
  LabImage *image = blur_passes (job->source, job->sigma, job->passes, job->token, NULL, error);

  pool_trace_end_region ("blur", begin);
  return image;
}

/**
 * lab_blur_job_run:
 *
 * Runs the job on the calling thread, and only there (no task is started),
 * and records it in the pool's trace as a "blur" region, so reports can say
 * which thread did the work.
 *
 * Returns: (transfer full) (nullable): the blurred image; %NULL when
 *   memory ran out (a warning says so) or the job's token was cancelled
 */
LabImage *
lab_blur_job_run (LabBlurJob *job)
{
  g_autoptr(GError) error = NULL;
  LabImage *image;

  g_return_val_if_fail (job != NULL, NULL);

  image = lab_blur_job_run_with_error (job, &error);
  if (image == NULL && !g_error_matches (error, POOL_CANCELED_ERROR, error->code))
    g_warning ("%s", error->message);
  return image;
}

/**
 * lab_blur_job_task_func:
 * @job: a #LabBlurJob
 *
 * lab_blur_job_run() as a #PoolTaskFunc, the delegate the scenarios launch;
 * running out of memory faults the task.
 *
 * Returns: (transfer full): the blurred #LabImage
 */
gpointer
lab_blur_job_task_func (gpointer   job,
                        GError   **error)
{
  return lab_blur_job_run_with_error (job, error);
}

/* Calibration times at most this many pixels; the blur's cost is linear in
 * the number of pixels, so a band predicts the whole. */
#define CALIBRATION_PIXELS (2 * 1024 * 1024)

/**
 * lab_blur_calibrate_passes:
 *
 * Times passes over @source (or a band of it, for a large image), as a job
 * runs them, and returns how many passes of @sigma over the whole image take
 * about @target_ms on this machine.
 */
guint
lab_blur_calibrate_passes (LabImage *source,
                           double    sigma,
                           double    target_ms)
{
  int band_height = (int) CLAMP (CALIBRATION_PIXELS / source->width, 1, source->height);
  g_autoptr(LabImage) band = lab_image_new (source->width, band_height);
  g_autoptr(LabImage) blurred = NULL;
  double band_ms, pass_ms;

  g_return_val_if_fail (source != NULL, 1);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, 1);

  memcpy (band->pixels, source->pixels, band->stride * (gsize) band_height);
  /* the first pass pays for page faults, as only a job's first pass does */
  blurred = blur_passes (band, sigma, 4, NULL, &band_ms, NULL);
  if (blurred == NULL)
    return 1;
  pass_ms = MAX (0.01, band_ms * source->height / band_height);

  return (guint) CLAMP (round (target_ms / pass_ms), 1, 100000);
}
