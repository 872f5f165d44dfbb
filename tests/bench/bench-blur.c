/* bench-blur.c — how fast the blur is, how exact, and against libvips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A generated 6000×4000 RGBA image (lab_blur_test_image_new: gradients,
 * hard edges, noise, transparency), blurred at sigma 2, 8 and 20 with 1 and
 * 2 tiles at a time on the pool: the best of three runs, after three untimed
 * ones. Accuracy is the PSNR against the exact separable Gaussian over a
 * 384×256 window at the bottom-left corner: two edges, noise, and alpha
 * fading to transparent. When `vips`
 * (libvips-tools) is on the PATH, the same image in vips' native .v format
 * is blurred by `vips gaussblur` with VIPS_CONCURRENCY=2, timed whole
 * (process, read, blur, write), best of two.
 * Codec time (PNG and JPEG, encode and decode) is reported on its own lines.
 *
 * Prints key=value lines, asserts nothing:
 *   bench=codec format=png op=save ms=… bytes=…
 *   bench=blur sigma=8 threads=2 mpix_per_s=… psnr_db=…
 *   bench=vips sigma=8 threads=2 mpix_per_s=…
 *   ratio=blur/vips sigma=8 value=…
 */
#include <math.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <pool.h>

#include "lab-blur-parallel.h"
#include "lab-blur-reference.h"

#define RUNS 3

static int width = 6000;
static int height = 4000;

static const GOptionEntry entries[] = {
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Image width (default 6000)", "W" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Image height (default 4000)", "H" },
  { NULL }
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
bench_codec (LabImage   *image,
             const char *folder,
             const char *format)
{
  g_autofree char *name = g_strdup_printf ("codec.%s", format);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;
  GStatBuf st;
  double start;

  start = now_ms ();
  if (!lab_image_save (image, path, 90, &error))
    {
      g_printerr ("bench-blur: %s\n", error->message);
      return;
    }
  g_stat (path, &st);
  g_print ("bench=codec format=%s op=save ms=%.0f bytes=%" G_GINT64_FORMAT "\n", format,
           now_ms () - start, (gint64) st.st_size);

  start = now_ms ();
  loaded = lab_image_load_file (path, &error);
  if (loaded == NULL)
    g_printerr ("bench-blur: %s\n", error->message);
  else
    g_print ("bench=codec format=%s op=load ms=%.0f\n", format, now_ms () - start);
  g_unlink (path);
}

/* Best wall time of RUNS blurs, in ms; the last result in *out. */
static double
time_blur (LabImage  *image,
           double     sigma,
           guint      threads,
           LabImage **out)
{
  double best = G_MAXDOUBLE;

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PoolTask) task = NULL;
      double start = now_ms ();
      LabImage *result;

      task = lab_blur_parallel (image, sigma, threads, NULL, NULL, NULL);
      result = pool_task_get_result (task, &error);
      if (result == NULL)
        g_error ("bench-blur: %s", error->message);
      best = MIN (best, now_ms () - start);
      g_clear_pointer (out, lab_image_unref);
      *out = lab_image_ref (result);
    }
  return best;
}

/* Wall time of `vips gaussblur in.v out.v sigma` on 2 threads, best of two,
 * in ms; negative if vips failed. */
static double
time_vips (const char *vips,
           const char *input,
           const char *output,
           double      sigma)
{
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "VIPS_CONCURRENCY", "2", TRUE);
  char sigma_text[G_ASCII_DTOSTR_BUF_SIZE];
  double best = -1;

  g_ascii_dtostr (sigma_text, sizeof sigma_text, sigma);
  for (int run = 0; run < 2; run++)
    {
      const char *argv[] = { vips, "gaussblur", input, output, sigma_text, NULL };
      g_autoptr(GError) error = NULL;
      int status;
      double start = now_ms ();

      if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                         &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("bench-blur: vips gaussblur: %s\n", error->message);
          return -1;
        }
      best = best < 0 ? now_ms () - start : MIN (best, now_ms () - start);
    }
  return best;
}

/* in.v for vips, converted by vips from a PNG we write (not timed). */
static char *
prepare_vips_input (const char *vips,
                    LabImage   *image,
                    const char *folder)
{
  g_autofree char *png = g_build_filename (folder, "vips-in.png", NULL);
  char *native = g_build_filename (folder, "vips-in.v", NULL);
  const char *argv[] = { vips, "copy", png, native, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (!lab_image_save (image, png, 0, &error) ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-blur: cannot prepare vips' input: %s\n", error->message);
      g_unlink (png);
      g_free (native);
      return NULL;
    }
  g_unlink (png);
  return native;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark the blur");
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) image = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *vips = NULL;
  g_autofree char *vips_input = NULL;
  g_autofree char *vips_output = NULL;
  const double sigmas[] = { 2.0, 8.0, 20.0 };
  const guint threads[] = { 1, 2 };
  double megapixels;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || width < 16 || height < 16)
    {
      g_printerr ("bench-blur: %s\n", error != NULL ? error->message : "image too small");
      return 2;
    }

  folder = g_dir_make_tmp ("bench-blur-XXXXXX", &error);
  g_assert_no_error (error);
  image = lab_blur_test_image_new (width, height);
  megapixels = (double) width * height / 1e6;
  g_print ("bench=blur-setup width=%d height=%d pool_threads=%u\n", width, height,
           pool_thread_pool_get_thread_count ());

  bench_codec (image, folder, "png");
  bench_codec (image, folder, "jpg");

  vips = g_find_program_in_path ("vips");
  if (vips != NULL)
    {
      vips_input = prepare_vips_input (vips, image, folder);
      vips_output = g_build_filename (folder, "vips-out.v", NULL);
    }
  else
    g_print ("bench=vips skipped=not-installed\n");

  /* untimed: the pool's threads start, the allocator settles */
  {
    g_autoptr(LabImage) warm = NULL;

    time_blur (image, sigmas[0], 1, &warm);
  }

  for (guint s = 0; s < G_N_ELEMENTS (sigmas); s++)
    {
      int window_width = MIN (384, width), window_height = MIN (256, height);
      int window_y = height - window_height;
      g_autoptr(LabImage) reference = lab_blur_reference (image, sigmas[s], 0, window_y,
                                                          window_width, window_height);
      double blur_mpix_per_s = 0;

      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          g_autoptr(LabImage) result = NULL;
          double ms = time_blur (image, sigmas[s], threads[t], &result);

          blur_mpix_per_s = megapixels / (ms / 1000.0);
          g_print ("bench=blur sigma=%g threads=%u mpix_per_s=%.1f psnr_db=%.2f\n",
                   sigmas[s], threads[t], blur_mpix_per_s,
                   lab_blur_psnr (reference, result, 0, window_y));
        }

      if (vips_input != NULL)
        {
          double ms = time_vips (vips, vips_input, vips_output, sigmas[s]);

          if (ms > 0)
            {
              double vips_mpix_per_s = megapixels / (ms / 1000.0);

              g_print ("bench=vips sigma=%g threads=2 mpix_per_s=%.1f\n", sigmas[s],
                       vips_mpix_per_s);
              g_print ("ratio=blur/vips sigma=%g value=%.2f\n", sigmas[s],
                       blur_mpix_per_s / vips_mpix_per_s);
            }
        }
    }

  if (vips_input != NULL)
    g_unlink (vips_input);
  if (vips_output != NULL)
    g_unlink (vips_output);
  g_rmdir (folder);
  return 0;
}
