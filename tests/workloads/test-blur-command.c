/* test-blur-command.c — `tasklab --blur`: what it checks first, what its
 * messages show, and what a signal leaves behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signal tests run the command in a child process (this program run
 * again with --child) and send it SIGTERM or SIGINT while it works: the
 * folder must hold no temporary file afterwards, and the output must be
 * either the old file, whole, or the new one, whole.
 */
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lab-blur-command.h"
#include "test-image-util.h"

#define CHILD_WAIT_S 120   /* generous: a busy machine, a sanitizer build */

static LabImage *
noise_image_new (int width,
                 int height)
{
  LabImage *image = lab_image_new (width, height);
  GRand *rand = g_rand_new_with_seed (width * 31 + height);

  for (gsize i = 0; i < image->stride * height; i++)
    image->pixels[i] = g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  return image;
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

/* The first hidden temporary file of a save to @base in @folder, if any. */
static char *
find_temporary (const char *folder,
                const char *base)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return g_strdup (name);
  return NULL;
}

/* In a subprocess: the command's stderr is one line matching @pattern. */
static void
assert_one_line_error (const char *pattern)
{
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*\n*\n*");
  g_test_trap_assert_stderr (pattern);
}

/* An output TaskLab cannot write (its extension, or a folder) is refused
 * before the input is even read: the input here does not exist, and the
 * message is about the output. */
static void
test_output_checked_first (void)
{
  if (g_test_subprocess ())
    exit (lab_blur_command_run ("/nonexistent/in.png", 4.0, "/tmp/tasklab-never.gif", 0));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  assert_one_line_error ("tasklab: Cannot save “/tmp/tasklab-never.gif”: TaskLab saves .png*\n");
}

static void
test_output_folder_checked_first (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *folder = g_dir_make_tmp ("tasklab-blur-XXXXXX", NULL);
      g_autofree char *output = g_build_filename (folder, "looks-like.png", NULL);
      int status;

      g_assert_cmpint (g_mkdir (output, 0700), ==, 0);
      status = lab_blur_command_run ("/nonexistent/in.png", 4.0, output, 0);
      g_rmdir (output);
      g_rmdir (folder);
      exit (status);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  assert_one_line_error ("tasklab: Cannot save “*looks-like.png”: it is a folder\n");
}

/* Control characters in the names stay escaped: one line on stderr. */
static void
test_control_characters (void)
{
  if (g_test_subprocess ())
    exit (lab_blur_command_run ("/nonexistent/in.png", 4.0, "/tmp/out\n\x1b[2Jx.gif", 0));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  assert_one_line_error ("tasklab: Cannot save “/tmp/out\\n\\x1B[2Jx.gif”: *\n");
}

static void
test_control_characters_input (void)
{
  if (g_test_subprocess ())
    exit (lab_blur_command_run ("/nonexistent/in\r\n.png", 4.0, "/tmp/tasklab-never.png", 0));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  assert_one_line_error ("tasklab: Cannot open “/nonexistent/in\\r\\n.png”: *\n");
}

typedef enum
{
  SIGNAL_WHEN_TEMPORARY_APPEARS,   /* during the save */
  SIGNAL_AT_ONCE,                  /* during the load or the blur */
} SignalWhen;

typedef struct
{
  SignalWhen when;
  int        signo;
} SignalCase;

/* Runs the command in a child on a large noisy image, signals it, and
 * checks what is left. */
static void
test_signal (gconstpointer data)
{
  const SignalCase *signal_case = data;
  g_autofree char *folder = g_dir_make_tmp ("tasklab-blur-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (folder, "in.png", NULL);
  g_autofree char *output = g_build_filename (folder, "out.png", NULL);
  g_autoptr(LabImage) old = test_image_new (16, 16);
  g_autoptr(LabImage) noise = noise_image_new (1000, 1000);
  g_autoptr(LabImage) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *temporary = NULL;
  g_autofree char *child_stderr = NULL;
  const char *argv[] = { "/proc/self/exe", "--child", input, output, NULL };
  gboolean signaled = FALSE;
  GPid pid;
  int err_fd, status = 0;
  gint64 start, end;

  g_assert_true (lab_image_save (noise, input, 0, &error));
  g_assert_true (lab_image_save (old, output, 0, &error));

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                           NULL, NULL, &err_fd, &error));
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  end = start + CHILD_WAIT_S * G_USEC_PER_SEC;
  for (;;)
    {
      pid_t done = waitpid (pid, &status, WNOHANG);

      g_assert_cmpint (done, >=, 0);
      if (done == pid)
        break;
      if (!signaled)
        {
          gboolean now = signal_case->when == SIGNAL_AT_ONCE
                         ? g_get_monotonic_time () - start > 100 * 1000
                         : (temporary = find_temporary (folder, "out.png")) != NULL;

          if (now)
            {
              g_assert_cmpint (kill (pid, signal_case->signo), ==, 0);
              signaled = TRUE;
            }
        }
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (500);
    }
  {
    g_autoptr(GIOChannel) channel = g_io_channel_unix_new (err_fd);

    g_io_channel_set_close_on_unref (channel, TRUE);
    g_io_channel_read_to_end (channel, &child_stderr, NULL, NULL);
  }
  g_test_message ("signal %s; child: %s, status %d; stderr: %s",
                  signaled ? "sent" : "not sent (the work ended first)",
                  WIFSIGNALED (status) ? "killed" : "exited",
                  WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status),
                  child_stderr != NULL ? child_stderr : "");

  /* nothing left behind, whatever happened */
  g_clear_pointer (&temporary, g_free);
  temporary = find_temporary (folder, "out.png");
  g_assert_null (temporary);
  g_assert_true (WIFEXITED (status));

  written = lab_image_load_file (output, &error);
  g_assert_no_error (error);
  if (WEXITSTATUS (status) == 128 + signal_case->signo)
    {
      /* stopped: the old file as it was, and one line saying so */
      g_assert_cmpint (written->width, ==, 16);
      g_assert_cmpmem (written->pixels, 16 * 16 * 4, old->pixels, 16 * 16 * 4);
      g_assert_true (g_str_has_prefix (child_stderr, "tasklab: interrupted ("));
      g_assert_nonnull (strstr (child_stderr, "was not written\n"));
      g_assert_cmpstr (strchr (child_stderr, '\n'), ==, "\n");
    }
  else
    {
      /* the signal came after the rename: the new file, whole */
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_assert_cmpint (written->width, ==, 1000);
    }
  remove_folder (folder);
}

int
main (int   argc,
      char *argv[])
{
  static const SignalCase during_save = { SIGNAL_WHEN_TEMPORARY_APPEARS, SIGTERM };
  static const SignalCase during_save_int = { SIGNAL_WHEN_TEMPORARY_APPEARS, SIGINT };
  static const SignalCase during_work = { SIGNAL_AT_ONCE, SIGTERM };

  /* the messages' “quotes” reach stderr as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return lab_blur_command_run (argv[2], 4.0, argv[3], 0);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/blur/command/output-checked-first", test_output_checked_first);
  g_test_add_func ("/app/blur/command/output-folder-checked-first",
                   test_output_folder_checked_first);
  g_test_add_func ("/app/blur/command/control-characters/output", test_control_characters);
  g_test_add_func ("/app/blur/command/control-characters/input", test_control_characters_input);
  g_test_add_data_func ("/app/blur/command/signal/sigterm-during-save", &during_save,
                        test_signal);
  g_test_add_data_func ("/app/blur/command/signal/sigint-during-save", &during_save_int,
                        test_signal);
  g_test_add_data_func ("/app/blur/command/signal/sigterm-during-work", &during_work,
                        test_signal);

  return g_test_run ();
}
