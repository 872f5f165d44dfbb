/* lab-blur-command.c — `tasklab --blur IN --sigma S --output OUT
 * [--threads N]`: load, blur on the pool, save, without a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For scripts and for the tests: success is exit status 0 and no output;
 * any failure (bad option, unreadable or hostile input, unwritable output)
 * is one line on stderr, "tasklab: …", and status 1 (2 for a misused
 * option). The output is checked (its extension, not a folder) before
 * anything is read or blurred, and written atomically, so a failed run
 * leaves an existing file as it was.
 *
 * Interrupted (SIGINT, Ctrl+C, or SIGTERM): the work runs on a thread of its
 * own while this thread iterates a main context that watches both signals
 * (g_unix_signal_source_new(): the handler GLib installs only wakes the
 * context, so no thread is killed mid-write). The first signal cancels the
 * token the blur and the save observe: the blur stops between tiles, the
 * save removes its temporary file and leaves the output as it was, and the
 * command returns 128 + the signal's number (130, 143) after one line on
 * stderr. A second signal ends the process at once, as if nothing handled
 * it. A run whose save had already completed when the signal came returns
 * 0: its output is whole.
 */
#define G_LOG_DOMAIN "Lab"

#include <signal.h>

#include <glib-unix.h>

#include "lab-blur-command.h"
#include "lab-blur-parallel.h"
#include "lab-display-name.h"
#include "lab-image.h"

typedef struct
{
  /* immutable while the work thread runs */
  const char                  *input;
  const char                  *output;
  double                       sigma;
  guint                        threads;
  PoolCancellationTokenSource *cancel;
  GMainContext                *context;

  /* written by the work thread, read after g_thread_join() */
  GError                      *error;
  int                          status;

  /* atomic */
  int                          done;

  /* the thread running the command only */
  int                          signal;     /* the first one that came, 0 for none */
} Command;

/* The work thread: load, blur, save. Returns the exit status. */
static int
command_work (Command *command)
{
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (command->cancel);
  g_autoptr(LabImage) source = NULL;
  g_autoptr(PoolTask) blur = NULL;
  LabImage *result;

  source = lab_image_load_file (command->input, &command->error);
  if (source == NULL)
    return 1;
  if (pool_cancellation_token_throw_if_cancellation_requested (token, &command->error))
    return 1;

  blur = lab_blur_parallel (source, command->sigma, command->threads, token, NULL, NULL);
  result = pool_task_get_result (blur, &command->error);
  if (result == NULL)
    {
      if (!g_error_matches (command->error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED))
        {
          g_autofree char *display = lab_display_name (command->input);

          g_prefix_error (&command->error, "Cannot blur “%s”: ", display);
        }
      return 1;
    }

  if (!lab_image_save_full (result, command->output, 0, token, &command->error))
    return 1;
  return 0;
}

static gpointer
command_thread (gpointer data)
{
  Command *command = data;

  command->status = command_work (command);
  g_atomic_int_set (&command->done, 1);
  g_main_context_wakeup (command->context);
  return NULL;
}

static gboolean
on_signal (gpointer data)
{
  Command **slot = data;
  Command *command = slot[0];
  int signo = GPOINTER_TO_INT (slot[1]);

  if (command->signal != 0)
    {
      /* the second: end now, as an unhandled signal would */
      signal (signo, SIG_DFL);
      raise (signo);
      return G_SOURCE_CONTINUE;
    }
  command->signal = signo;
  pool_cancellation_token_source_cancel (command->cancel);
  return G_SOURCE_CONTINUE;
}

/**
 * lab_blur_command_run:
 * @threads: at most this many tiles at once; 0 for one per pool thread
 *
 * Blurs @input into @output (see the file's comment for the exit statuses
 * and what SIGINT and SIGTERM do). Call it on the main thread, without a
 * main loop running: it iterates a context of its own while it waits.
 *
 * Returns: the process exit status
 */
int
lab_blur_command_run (const char *input,
                      double      sigma,
                      const char *output,
                      guint       threads)
{
  static const int signals[] = { SIGINT, SIGTERM };
  g_autoptr(GError) error = NULL;
  Command command = { input, output, sigma, threads };
  gpointer slots[G_N_ELEMENTS (signals)][2];
  GSource *sources[G_N_ELEMENTS (signals)];
  GThread *thread;

  g_return_val_if_fail (input != NULL && output != NULL, 2);

  /* before anything is read or blurred */
  if (!lab_image_check_save_path (output, &error))
    {
      g_printerr ("tasklab: %s\n", error->message);
      return 1;
    }

  command.cancel = pool_cancellation_token_source_new ();
  command.context = g_main_context_new ();
  g_main_context_push_thread_default (command.context);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      slots[i][0] = &command;
      slots[i][1] = GINT_TO_POINTER (signals[i]);
      sources[i] = g_unix_signal_source_new (signals[i]);
      g_source_set_static_name (sources[i], "[lab] blur command signal");
      g_source_set_callback (sources[i], on_signal, slots[i], NULL);
      g_source_attach (sources[i], command.context);
    }

  thread = g_thread_new ("tasklab-blur", command_thread, &command);
  while (!g_atomic_int_get (&command.done))
    g_main_context_iteration (command.context, TRUE);
  g_thread_join (thread);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_source_destroy (sources[i]);
      g_source_unref (sources[i]);
    }
  g_main_context_pop_thread_default (command.context);
  g_main_context_unref (command.context);
  pool_cancellation_token_source_unref (command.cancel);

  if (command.status != 0 && command.signal != 0)
    {
      g_autofree char *display = lab_display_name (output);

      g_printerr ("tasklab: interrupted (%s); “%s” was not written\n",
                  command.signal == SIGINT ? "SIGINT" : "SIGTERM", display);
      g_clear_error (&command.error);
      return 128 + command.signal;
    }
  if (command.status != 0)
    {
      g_printerr ("tasklab: %s\n", command.error->message);
      g_clear_error (&command.error);
    }
  return command.status;
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
