/* lab-blur-reference.c — the exact Gaussian the fast blur is measured
 * against, the measure, and the image it is measured on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference is the textbook separable convolution, in double precision:
 * a sampled Gaussian of radius ceil (6 sigma) (what it leaves out is below
 * 1e-8 of the total), normalised to sum 1, edges extended by repeating the
 * edge pixels, colour premultiplied by alpha, rounded to 8 bits exactly as
 * the blur rounds (lab-blur-vector-private.h). Its cost grows with sigma,
 * so it can compute just a window of the output. Used by the tests and the
 * benchmark; never on a user's image.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>
#include <string.h>

#include "lab-blur-reference.h"

/**
 * lab_blur_reference:
 * @x: (in): left of the window of the result to compute
 * @y: top of the window
 *
 * Returns: (transfer full): the window (@x, @y, @width, @height) of @source
 *   blurred by an exact Gaussian of @sigma
 */
LabImage *
lab_blur_reference (const LabImage *source,
                    double          sigma,
                    int             x,
                    int             y,
                    int             width,
                    int             height)
{
  int radius = (int) ceil (6.0 * sigma);
  int rows = height + 2 * radius;
  g_autofree double *kernel = g_new (double, 2 * radius + 1);
  g_autofree double *horizontal = NULL;
  LabImage *result;
  double sum = 0;

  g_return_val_if_fail (source != NULL && sigma > 0, NULL);
  g_return_val_if_fail (x >= 0 && y >= 0 && width > 0 && height > 0, NULL);
  g_return_val_if_fail (x + width <= source->width && y + height <= source->height, NULL);

  for (int i = -radius; i <= radius; i++)
    sum += kernel[i + radius] = exp (-(double) i * i / (2.0 * sigma * sigma));
  for (int i = 0; i <= 2 * radius; i++)
    kernel[i] /= sum;

  /* rows y - radius .. y + height + radius (edge rows repeated), window columns */
  horizontal = g_new0 (double, (gsize) rows * width * 4);
  for (int r = 0; r < rows; r++)
    {
      const guint8 *in = source->pixels +
                         (gsize) CLAMP (y - radius + r, 0, source->height - 1) * source->stride;
      double *out = horizontal + (gsize) r * width * 4;

      for (int i = 0; i < width; i++)
        for (int k = -radius; k <= radius; k++)
          {
            const guint8 *p = in + (gsize) CLAMP (x + i + k, 0, source->width - 1) * 4;
            double w = kernel[k + radius] * p[3] / 255.0;

            out[i * 4 + 0] += w * p[0];
            out[i * 4 + 1] += w * p[1];
            out[i * 4 + 2] += w * p[2];
            out[i * 4 + 3] += kernel[k + radius] * p[3];
          }
    }

  result = lab_image_new (width, height);
  for (int j = 0; j < height; j++)
    for (int i = 0; i < width; i++)
      {
        double v[4] = { 0, 0, 0, 0 };
        guint8 *out = result->pixels + (gsize) j * result->stride + (gsize) i * 4;

        for (int k = 0; k <= 2 * radius; k++)
          for (int c = 0; c < 4; c++)
            v[c] += kernel[k] * horizontal[((gsize) (j + k) * width + i) * 4 + c];

        if (v[3] < 0.5)
          continue;  /* transparent black */
        for (int c = 0; c < 3; c++)
          out[c] = (guint8) (CLAMP (v[c] * 255.0 / v[3], 0.0, 255.0) + 0.5);
        out[3] = (guint8) (CLAMP (v[3], 0.0, 255.0) + 0.5);
      }
  return result;
}

/**
 * lab_blur_psnr:
 * @reference: the exact result, or a window of it
 * @image: the image to measure, at least as large
 * @x: where @reference's window lies in @image
 *
 * Peak signal-to-noise ratio in dB over premultiplied channels (colour
 * times alpha, and alpha): the image as seen over black. The colour of a
 * nearly transparent pixel is invisible and, divided by a tiny alpha,
 * arbitrary; weighting by alpha measures what shows.
 *
 * Returns: the PSNR in dB; infinity for identical images
 */
double
lab_blur_psnr (const LabImage *reference,
               const LabImage *image,
               int             x,
               int             y)
{
  double squares = 0;

  g_return_val_if_fail (reference != NULL && image != NULL, 0);
  g_return_val_if_fail (x >= 0 && y >= 0, 0);
  g_return_val_if_fail (x + reference->width <= image->width &&
                        y + reference->height <= image->height, 0);

  for (int j = 0; j < reference->height; j++)
    {
      const guint8 *a = reference->pixels + (gsize) j * reference->stride;
      const guint8 *b = image->pixels + (gsize) (y + j) * image->stride + (gsize) x * 4;

      for (int i = 0; i < reference->width * 4; i += 4)
        {
          for (int c = 0; c < 3; c++)
            {
              double d = (a[i + c] * a[i + 3] - b[i + c] * b[i + 3]) / 255.0;

              squares += d * d;
            }
          squares += (double) (a[i + 3] - b[i + 3]) * (a[i + 3] - b[i + 3]);
        }
    }
  if (squares == 0)
    return INFINITY;
  return 10.0 * log10 (255.0 * 255.0 /
                       (squares / ((double) reference->width * reference->height * 4)));
}

/**
 * lab_blur_test_image_new:
 *
 * A hard, repeatable image to blur: smooth gradients, sharp-edged discs and
 * bars in saturated colours, a fine checkerboard, a patch of noise, a
 * transparent hole and a band of fading alpha. The same size gives the same
 * pixels on any machine.
 *
 * Returns: (transfer full): the image
 */
LabImage *
lab_blur_test_image_new (int width,
                         int height)
{
  LabImage *image = lab_image_new (width, height);
  guint32 state = 0x9E3779B9u;

  for (int j = 0; j < height; j++)
    for (int i = 0; i < width; i++)
      {
        guint8 *p = image->pixels + (gsize) j * image->stride + (gsize) i * 4;
        double fx = (i + 0.5) / width, fy = (j + 0.5) / height;
        double dx = fx - 0.3, dy = fy - 0.4, hx = fx - 0.45, hy = fy - 0.75;
        int r = (int) (255 * fx), g = (int) (255 * fy), b = (128 + i * 3 + j * 5) % 256, a = 255;

        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;

        if (dx * dx + dy * dy < 0.04)
          r = 255, g = 20, b = 20;
        if (fx > 0.55 && fx < 0.8 && fy > 0.1 && fy < 0.45)
          r = 10, g = 10, b = 240;
        if (fx > 0.6 && fy > 0.55 && fy < 0.9)
          r = g = b = ((i / 4 + j / 4) % 2) * 255;
        if (fx < 0.25 && fy > 0.65)
          r = state & 255, g = (state >> 8) & 255, b = (state >> 16) & 255;
        if (hx * hx + hy * hy < 0.01)
          a = 0, r = g = b = 0;
        if (fy > 0.93)
          a = (int) (255 * fx);

        p[0] = r;
        p[1] = g;
        p[2] = b;
        p[3] = a;
      }
  return image;
}
