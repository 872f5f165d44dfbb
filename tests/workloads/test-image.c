/* test-image.c — loading images: every format, and every way a file can be
 * bad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hostile inputs are made here, from good files: cut short, bytes changed,
 * headers that claim huge sizes, a PNG whose data expands without end.
 * Each must give a clear LabImageError and leave the process running; the
 * suite also runs under AddressSanitizer (tests/quickstart.sh).
 *
 * This file holds what a good file gives (every format decodes) and
 * LabImage's own limits, and registers every test; the rest are in
 * test-image-damaged.c, test-image-png.c and test-image-files.c (see
 * test-image-load.h).
 */
#include <locale.h>

#include "test-image-load.h"

static void
assert_same_pixels (const LabImage *a,
                    const LabImage *b,
                    gboolean        grey)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      {
        const guint8 *p = a->pixels + (gsize) y * a->stride + (gsize) x * 4;
        const guint8 *q = b->pixels + (gsize) y * b->stride + (gsize) x * 4;

        if (grey)
          {
            g_assert_cmpuint (q[0], ==, p[0]);
            g_assert_cmpuint (q[1], ==, p[0]);
            g_assert_cmpuint (q[2], ==, p[0]);
          }
        else
          g_assert_cmpmem (p, 4, q, 4);
      }
}

/* Each format decodes to the pixels it was given (JPEG to nearly them). */
static void
test_load_formats (void)
{
  g_autoptr(LabImage) image = test_image_new (67, 41);

  for (guint i = 0; i < G_N_ELEMENTS (test_formats); i++)
    {
      g_autoptr(GBytes) bytes = test_encode (image, test_formats[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabImage) loaded = lab_image_load_bytes (bytes, &error);

      g_test_message ("%s", test_formats[i].name);
      g_assert_no_error (error);
      g_assert_cmpint (loaded->width, ==, 67);
      g_assert_cmpint (loaded->height, ==, 41);
      g_assert_cmpuint (loaded->stride, ==, 67 * 4);
      if (test_formats[i].lossless)
        assert_same_pixels (image, loaded, test_formats[i].grey);
      else
        {
          glong differences = 0;

          for (gsize k = 0; k < loaded->stride * loaded->height; k++)
            differences += ABS (loaded->pixels[k] - image->pixels[k]);
          /* sharp 3-pixel stripes lose some colour to chroma subsampling;
           * a wrong decode is off by ~100 */
          g_assert_cmpfloat ((double) differences / (loaded->stride * loaded->height), <, 30.0);
        }
    }
}

/* lab_image_try_new() refuses sizes over the limits instead of aborting. */
static void
test_try_new_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) image = lab_image_try_new (LAB_IMAGE_MAX_SIDE, LAB_IMAGE_MAX_SIDE, &error);

  g_assert_null (image);
  assert_refused (error, LAB_IMAGE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  image = lab_image_try_new (3, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->stride, ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  /* the messages' “quotes” and “×” reach the log as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/image/load/formats", test_load_formats);
  g_test_add_func ("/app/image/load/truncated", test_load_truncated);
  g_test_add_func ("/app/image/load/corrupted", test_load_corrupted);
  g_test_add_func ("/app/image/load/empty", test_load_empty);
  g_test_add_func ("/app/image/load/not-an-image", test_load_not_an_image);
  g_test_add_func ("/app/image/load/huge-dimensions", test_load_huge_dimensions);
  g_test_add_func ("/app/image/load/jpeg-undefined-table", test_load_jpeg_undefined_table);
  g_test_add_func ("/app/image/load/png-bomb", test_load_png_bomb);
  g_test_add_func ("/app/image/load/png-short-data", test_load_png_short_data);
  g_test_add_func ("/app/image/load/png-crc", test_load_png_crc);
  g_test_add_func ("/app/image/load/pnm-maxval", test_load_pnm_maxval);
  g_test_add_func ("/app/image/load/file-errors", test_load_file_errors);
  g_test_add_func ("/app/image/load/not-regular", test_load_not_regular);
  g_test_add_func ("/app/image/load/control-characters-in-name",
                   test_load_control_characters_in_name);
  g_test_add_func ("/app/image/try-new/limits", test_try_new_limits);

  return g_test_run ();
}
