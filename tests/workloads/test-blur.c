/* test-blur.c — the blur: accuracy against the exact Gaussian, edges, alpha,
 * odd sizes, and the scenarios' job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>
#include <pool.h>

#include "lab-blur.h"
#include "lab-blur-reference.h"

static void
test_psnr (gconstpointer data)
{
  double sigma = *(const double *) data;
  /* large enough that the middle is far from every edge at sigma 20 */
  g_autoptr(LabImage) source = lab_blur_test_image_new (360, 270);
  g_autoptr(LabImage) reference = lab_blur_reference (source, sigma, 0, 0, 360, 270);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) blurred = lab_blur_gaussian (source, sigma, &error);
  double psnr;

  g_assert_no_error (error);
  psnr = lab_blur_psnr (reference, blurred, 0, 0);
  g_test_message ("sigma %g: %.2f dB", sigma, psnr);
  g_assert_cmpfloat (psnr, >=, 50.0);
}

/* The measure itself: identical images are infinitely close, and a blur
 * with the wrong sigma is far below the bar. */
static void
test_psnr_discriminates (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (200, 150);
  g_autoptr(LabImage) reference = lab_blur_reference (source, 8.0, 0, 0, 200, 150);
  g_autoptr(LabImage) wrong = lab_blur_gaussian (source, 7.0, NULL);

  g_assert_true (isinf (lab_blur_psnr (reference, reference, 0, 0)));
  g_assert_cmpfloat (lab_blur_psnr (reference, wrong, 0, 0), <, 45.0);
}

/* A flat image stays exactly flat, up to its edges: the edge is extended,
 * not faded to black. */
static void
test_flat_stays_flat (void)
{
  const double sigmas[] = { LAB_BLUR_MIN_SIGMA, 1.0, 8.0, 60.0, LAB_BLUR_MAX_SIGMA };

  for (guint s = 0; s < G_N_ELEMENTS (sigmas); s++)
    {
      g_autoptr(LabImage) flat = lab_image_new (45, 33);
      g_autoptr(LabImage) blurred = NULL;

      for (gsize i = 0; i < flat->stride * flat->height; i += 4)
        memcpy (flat->pixels + i, "\xC8\x64\x32\xFF", 4);
      blurred = lab_blur_gaussian (flat, sigmas[s], NULL);
      g_assert_cmpmem (blurred->pixels, blurred->stride * blurred->height,
                       flat->pixels, flat->stride * flat->height);
    }
}

/* White next to transparent black: every visible pixel of the result is
 * white. Blurring straight alpha would give a grey halo. */
static void
test_no_dark_halo (void)
{
  g_autoptr(LabImage) image = lab_image_new (64, 40);
  g_autoptr(LabImage) blurred = NULL;
  guint visible = 0;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width / 2; x++)
      memset (image->pixels + (gsize) y * image->stride + (gsize) x * 4, 0xFF, 4);

  blurred = lab_blur_gaussian (image, 6.0, NULL);
  for (int y = 0; y < blurred->height; y++)
    for (int x = 0; x < blurred->width; x++)
      {
        const guint8 *p = blurred->pixels + (gsize) y * blurred->stride + (gsize) x * 4;

        if (p[3] == 0)
          {
            g_assert_cmpuint (p[0] | p[1] | p[2], ==, 0);
            continue;
          }
        visible++;
        for (int c = 0; c < 3; c++)
          g_assert_cmpuint (p[c], >=, 254);
      }
  /* the halo is there: alpha fades well past the middle */
  g_assert_cmpuint (visible, >, (guint) (image->width / 2 + 12) * image->height);
}

/* Sizes that leave partial strips, an odd row, or a single pixel: still the
 * exact Gaussian to within 50 dB. */
static void
test_odd_sizes (void)
{
  const int sizes[][2] = { { 1, 1 }, { 1, 9 }, { 9, 1 }, { 17, 3 }, { 37, 23 }, { 33, 64 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      int w = sizes[i][0], h = sizes[i][1];
      g_autoptr(LabImage) source = lab_blur_test_image_new (w, h);
      g_autoptr(LabImage) reference = lab_blur_reference (source, 3.0, 0, 0, w, h);
      g_autoptr(LabImage) blurred = lab_blur_gaussian (source, 3.0, NULL);
      double psnr = lab_blur_psnr (reference, blurred, 0, 0);

      g_test_message ("%d×%d: %.2f dB", w, h, psnr);
      g_assert_cmpfloat (psnr, >=, 50.0);
    }
}

/* The scenarios' job runs on the calling thread only: one "blur" region
 * there, and no task started. */
static void
test_job_runs_on_calling_thread (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (96, 64);
  g_autoptr(LabBlurJob) job = lab_blur_job_new (source, 4.0, 3);
  guint64 position = pool_trace_get_position ();
  g_autoptr(LabImage) result = lab_blur_job_run (job);
  g_autoptr(GArray) events = pool_trace_copy_since (position);
  guint regions = 0;

  g_assert_nonnull (result);
  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      g_assert_cmpint (event->kind, ==, POOL_TRACE_KIND_REGION);
      g_assert_cmpstr (event->label, ==, "blur");
      g_assert_cmpint (event->role, ==, pool_trace_get_thread_role ());
      regions++;
    }
  g_assert_cmpuint (regions, ==, 1);
}

/* Three passes of the job are three successive blurs. */
static void
test_job_passes (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (80, 60);
  g_autoptr(LabBlurJob) job = lab_blur_job_new (source, 2.0, 3);
  g_autoptr(LabImage) once = lab_blur_gaussian (source, 2.0, NULL);
  g_autoptr(LabImage) twice = lab_blur_gaussian (once, 2.0, NULL);
  g_autoptr(LabImage) thrice = lab_blur_gaussian (twice, 2.0, NULL);
  g_autoptr(LabImage) result = lab_blur_job_run (job);

  g_assert_cmpmem (result->pixels, result->stride * result->height,
                   thrice->pixels, thrice->stride * thrice->height);
}

/* Calibration asks for more passes when more time is wanted. */
static void
test_calibrate_scales (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (400, 300);
  guint short_passes = lab_blur_calibrate_passes (source, 6.0, 50);
  guint long_passes = lab_blur_calibrate_passes (source, 6.0, 5000);

  g_test_message ("50 ms: %u passes, 5000 ms: %u passes", short_passes, long_passes);
  g_assert_cmpuint (short_passes, >=, 1);
  g_assert_cmpuint (long_passes, >, 10 * short_passes);
}

int
main (int   argc,
      char *argv[])
{
  static const double sigma_2 = 2.0, sigma_8 = 8.0, sigma_20 = 20.0;
  static const double sigma_small = 0.6, sigma_large = 60.0;

  /* the messages' “quotes” and “×” reach the log as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  /* the tests read which thread ran what from the pool's trace */
  pool_trace_set_enabled (TRUE);

  /* within 50 dB of the exact separable Gaussian, edges included */
  g_test_add_data_func ("/app/blur/psnr/sigma-2", &sigma_2, test_psnr);
  g_test_add_data_func ("/app/blur/psnr/sigma-8", &sigma_8, test_psnr);
  g_test_add_data_func ("/app/blur/psnr/sigma-20", &sigma_20, test_psnr);
  g_test_add_data_func ("/app/blur/psnr/sigma-0.6", &sigma_small, test_psnr);
  g_test_add_data_func ("/app/blur/psnr/sigma-60", &sigma_large, test_psnr);
  g_test_add_func ("/app/blur/psnr/discriminates", test_psnr_discriminates);
  g_test_add_func ("/app/blur/edges/flat-stays-flat", test_flat_stays_flat);
  g_test_add_func ("/app/blur/alpha/no-dark-halo", test_no_dark_halo);
  g_test_add_func ("/app/blur/odd-sizes", test_odd_sizes);
  g_test_add_func ("/app/blur/job/runs-on-calling-thread", test_job_runs_on_calling_thread);
  g_test_add_func ("/app/blur/job/passes", test_job_passes);
  g_test_add_func ("/app/blur/calibrate/scales", test_calibrate_scales);

  return g_test_run ();
}
