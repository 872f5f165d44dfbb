/* lab-image-scale.c — a smaller copy of an image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows pictures at the size they have on screen, and the demos
 * blur a working copy of bounded size, so that a 24-megapixel photo costs
 * neither a huge texture drawn on every frame nor a blur that runs for
 * minutes. Each output pixel is the average of the source pixels its area
 * covers (a box filter, exact at any ratio: no aliasing, no blur of its
 * own), in straight alpha weighted by alpha, so transparent pixels do not
 * darken the edges.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>
#include <string.h>

#include "lab-image-scale.h"

/* The weights of the source columns (or rows) for output column @x. */
static void
span (double  scale,
      int     out,
      int     limit,
      int    *first,
      int    *last,
      double *first_weight,
      double *last_weight)
{
  double from = out * scale, to = (out + 1) * scale;

  *first = (int) floor (from);
  *last = MIN ((int) ceil (to) - 1, limit - 1);
  *first_weight = *first + 1 - from;
  *last_weight = to - *last;
  if (*first == *last)
    *first_weight = *last_weight = to - from;
}

/**
 * lab_image_scale_down:
 * @max_side: the longest side allowed, or 0
 * @max_pixels: the most pixels allowed, or 0
 *
 * Returns: (transfer full): @image itself (a new reference) when it is
 *   within both bounds, else a smaller copy with the same aspect ratio
 */
LabImage *
lab_image_scale_down (LabImage *image,
                      guint     max_side,
                      gsize     max_pixels)
{
  double factor = 1.0, sx, sy;
  int width, height;
  LabImage *out;
  g_autofree double *row = NULL;

  g_return_val_if_fail (image != NULL, NULL);

  if (max_side > 0)
    factor = MIN (factor, (double) max_side / MAX (image->width, image->height));
  if (max_pixels > 0)
    factor = MIN (factor, sqrt ((double) max_pixels / ((double) image->width * image->height)));
  if (factor >= 1.0)
    return lab_image_ref (image);

  width = MAX (1, (int) floor (image->width * factor));
  height = MAX (1, (int) floor (image->height * factor));
  sx = (double) image->width / width;
  sy = (double) image->height / height;
  out = lab_image_new (width, height);
  row = g_new (double, (gsize) width * 5);

  for (int y = 0; y < height; y++)
    {
      int y0, y1;
      double wy0, wy1;
      guint8 *dest = out->pixels + (gsize) y * out->stride;

      span (sy, y, image->height, &y0, &y1, &wy0, &wy1);
      memset (row, 0, sizeof (double) * width * 5);
      for (int sy_row = y0; sy_row <= y1; sy_row++)
        {
          double wy = sy_row == y0 ? wy0 : sy_row == y1 ? wy1 : 1.0;
          const guint8 *src = image->pixels + (gsize) sy_row * image->stride;

          for (int x = 0; x < width; x++)
            {
              int x0, x1;
              double wx0, wx1;
              double *acc = row + (gsize) x * 5;

              span (sx, x, image->width, &x0, &x1, &wx0, &wx1);
              for (int sx_col = x0; sx_col <= x1; sx_col++)
                {
                  double w = wy * (sx_col == x0 ? wx0 : sx_col == x1 ? wx1 : 1.0);
                  const guint8 *p = src + (gsize) sx_col * 4;
                  double a = w * p[3];

                  acc[0] += a * p[0];
                  acc[1] += a * p[1];
                  acc[2] += a * p[2];
                  acc[3] += a;
                  acc[4] += w;
                }
            }
        }
      for (int x = 0; x < width; x++)
        {
          const double *acc = row + (gsize) x * 5;
          guint8 *p = dest + (gsize) x * 4;

          for (int c = 0; c < 3; c++)
            p[c] = acc[3] > 0 ? (guint8) CLAMP (acc[c] / acc[3] + 0.5, 0, 255) : 0;
          p[3] = (guint8) CLAMP (acc[3] / MAX (acc[4], 1e-9) + 0.5, 0, 255);
        }
    }
  return out;
}
