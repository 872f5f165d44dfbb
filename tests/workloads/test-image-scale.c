/* test-image-scale.c — smaller copies of images, for the screen and the blur.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-image-scale.h"

static LabImage *
filled (int    width,
        int    height,
        guint8 r,
        guint8 g,
        guint8 b,
        guint8 a)
{
  LabImage *image = lab_image_new (width, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

        p[0] = r, p[1] = g, p[2] = b, p[3] = a;
      }
  return image;
}

/* Within both bounds, the image itself comes back; over one, a copy with the same aspect. */
static void
test_bounds_and_aspect (void)
{
  g_autoptr(LabImage) image = filled (400, 200, 10, 20, 30, 255);
  g_autoptr(LabImage) same = lab_image_scale_down (image, 400, 400 * 200);
  g_autoptr(LabImage) by_side = lab_image_scale_down (image, 100, 0);
  g_autoptr(LabImage) by_pixels = lab_image_scale_down (image, 0, 20000);

  g_assert_true (same == image);
  g_assert_cmpint (by_side->width, ==, 100);
  g_assert_cmpint (by_side->height, ==, 50);
  g_assert_cmpint (by_pixels->width * by_pixels->height, <=, 20000);
  g_assert_cmpint (by_pixels->width, ==, 200);
  g_assert_cmpint (by_pixels->height, ==, 100);
}

/* A flat colour stays that colour at any ratio, and transparent pixels do not darken edges. */
static void
test_colours_kept (void)
{
  g_autoptr(LabImage) image = filled (301, 77, 200, 100, 50, 255);
  g_autoptr(LabImage) small = NULL;
  g_autoptr(LabImage) half = NULL;

  small = lab_image_scale_down (image, 37, 0);
  for (int y = 0; y < small->height; y++)
    for (int x = 0; x < small->width; x++)
      {
        const guint8 *p = small->pixels + (gsize) y * small->stride + (gsize) x * 4;

        g_assert_cmpint (p[0], ==, 200);
        g_assert_cmpint (p[1], ==, 100);
        g_assert_cmpint (p[2], ==, 50);
        g_assert_cmpint (p[3], ==, 255);
      }

  /* left half transparent black, right half opaque red: the average of a
   * mixed pixel is half-transparent red, not dark red */
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        guint8 *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

        if (x < 150)
          p[0] = p[1] = p[2] = p[3] = 0;
        else
          p[0] = 255, p[1] = p[2] = 0, p[3] = 255;
      }
  half = lab_image_scale_down (image, 2, 0);
  g_assert_cmpint (half->width, ==, 2);
  for (int x = 0; x < half->width; x++)
    {
      const guint8 *p = half->pixels + (gsize) x * 4;

      if (p[3] > 0)
        g_assert_cmpint (p[0], ==, 255);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workloads/image-scale/bounds-and-aspect", test_bounds_and_aspect);
  g_test_add_func ("/workloads/image-scale/colours-kept", test_colours_kept);
  return g_test_run ();
}
