/* lab-blur.c — a separable Gaussian blur on RGBA8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Straightforward and exact: a normalised kernel of radius ceil(3 sigma),
 * edges extended, colour premultiplied by alpha while blurring so that
 * transparent pixels do not bleed dark halos. Its cost grows with sigma.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>
#include <string.h>

#include <pool.h>

#include "lab-blur.h"

static float *
make_kernel (double sigma,
             int   *radius_out)
{
  int radius = MAX (1, (int) ceil (3.0 * sigma));
  float *kernel = g_new (float, 2 * radius + 1);
  double sum = 0;

  for (int i = -radius; i <= radius; i++)
    {
      double w = exp (-(double) (i * i) / (2.0 * sigma * sigma));

      kernel[i + radius] = (float) w;
      sum += w;
    }
  for (int i = 0; i < 2 * radius + 1; i++)
    kernel[i] = (float) (kernel[i] / sum);

  *radius_out = radius;
  return kernel;
}

/* One direction of the blur over float RGBA: @count lines of @length pixels;
 * pixel i of line l is at in[(l * line_step + i * step) * 4]. */
static void
blur_lines (const float *in,
            float       *out,
            int          count,
            int          length,
            gsize        line_step,
            gsize        step,
            const float *kernel,
            int          radius)
{
  for (int l = 0; l < count; l++)
    {
      const float *line_in = in + (gsize) l * line_step * 4;
      float *line_out = out + (gsize) l * line_step * 4;

      for (int i = 0; i < length; i++)
        {
          float acc[4] = { 0, 0, 0, 0 };

          for (int k = -radius; k <= radius; k++)
            {
              int j = CLAMP (i + k, 0, length - 1);
              const float *p = line_in + (gsize) j * step * 4;
              float w = kernel[k + radius];

              acc[0] += w * p[0];
              acc[1] += w * p[1];
              acc[2] += w * p[2];
              acc[3] += w * p[3];
            }
          memcpy (line_out + (gsize) i * step * 4, acc, sizeof acc);
        }
    }
}

/**
 * lab_blur_gaussian:
 *
 * Returns: (transfer full): @source blurred with a Gaussian of @sigma pixels
 */
LabImage *
lab_blur_gaussian (const LabImage *source,
                   double          sigma)
{
  gsize n = (gsize) source->width * source->height;
  float *a = g_new (float, n * 4);
  float *b = g_new (float, n * 4);
  LabImage *result;
  float *kernel;
  int radius;

  g_return_val_if_fail (sigma > 0, NULL);

  for (int y = 0; y < source->height; y++)
    {
      const guint8 *row = source->pixels + (gsize) y * source->stride;
      float *dst = a + (gsize) y * source->width * 4;

      for (int x = 0; x < source->width; x++)
        {
          float alpha = row[x * 4 + 3] / 255.0f;

          dst[x * 4 + 0] = row[x * 4 + 0] * alpha;
          dst[x * 4 + 1] = row[x * 4 + 1] * alpha;
          dst[x * 4 + 2] = row[x * 4 + 2] * alpha;
          dst[x * 4 + 3] = row[x * 4 + 3];
        }
    }

  kernel = make_kernel (sigma, &radius);
  blur_lines (a, b, source->height, source->width, source->width, 1, kernel, radius);
  blur_lines (b, a, source->width, source->height, 1, source->width, kernel, radius);
  g_free (kernel);

  result = lab_image_new (source->width, source->height);
  for (int y = 0; y < source->height; y++)
    {
      const float *src = a + (gsize) y * source->width * 4;
      guint8 *row = result->pixels + (gsize) y * result->stride;

      for (int x = 0; x < source->width; x++)
        {
          float alpha = src[x * 4 + 3];
          float unpremultiply = alpha > 0.0f ? 255.0f / alpha : 0.0f;

          for (int c = 0; c < 3; c++)
            row[x * 4 + c] = (guint8) CLAMP (src[x * 4 + c] * unpremultiply + 0.5f, 0.0f, 255.0f);
          row[x * 4 + 3] = (guint8) CLAMP (alpha + 0.5f, 0.0f, 255.0f);
        }
    }

  g_free (a);
  g_free (b);
  return result;
}

LabBlurJob *
lab_blur_job_new (LabImage *source,
                  double    sigma,
                  guint     passes)
{
  LabBlurJob *job = g_new0 (LabBlurJob, 1);

  job->source = lab_image_ref (source);
  job->sigma = sigma;
  job->passes = MAX (1, passes);
  return job;
}

void
lab_blur_job_free (LabBlurJob *job)
{
  g_clear_pointer (&job->source, lab_image_unref);
  g_free (job);
}

/**
 * lab_blur_job_run:
 *
 * Runs the job on the calling thread and records it in the pool's trace as
 * a "blur" region, so reports can say which thread did the work.
 *
 * Returns: (transfer full): the blurred image
 */
LabImage *
lab_blur_job_run (LabBlurJob *job)
{
  gint64 begin = pool_trace_begin_region ();
  LabImage *image = lab_image_ref (job->source);

  for (guint i = 0; i < job->passes; i++)
    {
      LabImage *next = lab_blur_gaussian (image, job->sigma);

      lab_image_unref (image);
      image = next;
    }

  pool_trace_end_region ("blur", begin);
  return image;
}

/**
 * lab_blur_job_task_func:
 * @job: a #LabBlurJob
 *
 * lab_blur_job_run() as a #PoolTaskFunc, the delegate the scenarios launch.
 *
 * Returns: (transfer full): the blurred #LabImage
 */
gpointer
lab_blur_job_task_func (gpointer   job,
                        GError   **error)
{
  return lab_blur_job_run (job);
}

/**
 * lab_blur_calibrate_passes:
 *
 * Times one pass over a band of @source and returns how many passes of
 * @sigma over the whole image take about @target_ms on this machine.
 */
guint
lab_blur_calibrate_passes (LabImage *source,
                           double    sigma,
                           double    target_ms)
{
  int band_height = MAX (1, source->height / 4);
  g_autoptr(LabImage) band = lab_image_new (source->width, band_height);
  g_autoptr(LabImage) blurred = NULL;
  double band_ms, pass_ms;
  gint64 start;

  memcpy (band->pixels, source->pixels, band->stride * (gsize) band_height);
  start = g_get_monotonic_time ();
  blurred = lab_blur_gaussian (band, sigma);
  band_ms = (g_get_monotonic_time () - start) / 1000.0;
  pass_ms = MAX (0.1, band_ms * source->height / band_height);

  return (guint) CLAMP (round (target_ms / pass_ms), 1, 256);
}
