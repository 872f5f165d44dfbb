/* lab-blur-command.c — `tasklab --blur IN --sigma S --output OUT
 * [--threads N]`: load, blur on the pool, save, without a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For scripts and for the tests: success is exit status 0 and no output;
 * any failure (bad option, unreadable or hostile input, unwritable output)
 * is one line on stderr, "tasklab: …", and status 1 (2 for a misused
 * option). The output file is written atomically, so a failed run leaves
 * an existing file as it was.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-blur-command.h"
#include "lab-blur-parallel.h"
#include "lab-image.h"

/**
 * lab_blur_command_run:
 * @threads: at most this many tiles at once; 0 for one per pool thread
 *
 * Returns: the process exit status
 */
int
lab_blur_command_run (const char *input,
                      double      sigma,
                      const char *output,
                      guint       threads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) source = NULL;
  g_autoptr(PoolTask) blur = NULL;
  LabImage *result;

  g_return_val_if_fail (input != NULL && output != NULL, 2);

  source = lab_image_load_file (input, &error);
  if (source == NULL)
    {
      g_printerr ("tasklab: %s\n", error->message);
      return 1;
    }

  blur = lab_blur_parallel (source, sigma, threads, NULL, NULL, NULL);
  result = pool_task_get_result (blur, &error);
  if (result == NULL)
    {
      g_printerr ("tasklab: cannot blur “%s”: %s\n", input, error->message);
      return 1;
    }

  if (!lab_image_save (result, output, 0, &error))
    {
      g_printerr ("tasklab: %s\n", error->message);
      return 1;
    }
  return 0;
}

/**
 * lab_blur_command_handle_options:
 *
 * For #GApplication::handle-local-options: runs the command when --blur is
 * given.
 *
 * Returns: the exit status, or -1 when --blur is not on the command line
 */
int
lab_blur_command_handle_options (GVariantDict *options)
{
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  double sigma = 0;
  int threads = 0;
  gboolean has_sigma, has_output, has_threads;

  has_sigma = g_variant_dict_lookup (options, "sigma", "d", &sigma);
  has_output = g_variant_dict_lookup (options, "output", "^ay", &output);
  has_threads = g_variant_dict_lookup (options, "threads", "i", &threads);

  if (!g_variant_dict_lookup (options, "blur", "^ay", &input))
    {
      if (has_sigma || has_output || has_threads)
        {
          g_printerr ("tasklab: --sigma, --output and --threads go with --blur FILE\n");
          return 2;
        }
      return -1;
    }

  if (!has_sigma || !(sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA))
    {
      g_printerr ("tasklab: --blur needs --sigma from %g to %g pixels\n",
                  LAB_BLUR_MIN_SIGMA, LAB_BLUR_MAX_SIGMA);
      return 2;
    }
  if (!has_output || *output == '\0')
    {
      g_printerr ("tasklab: --blur needs --output FILE (.png, .jpg or .bmp)\n");
      return 2;
    }
  if (threads < 0 || threads > 1024)
    {
      g_printerr ("tasklab: --threads takes 1 to 1024 (0 or none: one per core), not %d\n",
                  threads);
      return 2;
    }

  return lab_blur_command_run (input, sigma, output, (guint) threads);
}
