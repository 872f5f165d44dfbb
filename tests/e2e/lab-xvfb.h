/* lab-xvfb.h — a private X server for tests that open windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <signal.h>
#include <sys/prctl.h>

/* Child setup for every process a test starts: it dies with the test, so a
 * failed assertion (which aborts the test) leaves no window or X server
 * running behind it. */
static inline void
lab_test_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct
{
  GSubprocess *server;
  char        *display;   /* ":N" */
} LabXvfb;

/* Starts Xvfb on a free display it picks itself (-displayfd), or returns
 * NULL with @error set when Xvfb is not installed or does not start. */
static inline LabXvfb *
lab_xvfb_start (GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  LabXvfb *xvfb_server;
  char number[32] = { 0 };
  gssize n = 0;
  int fds[2];

  if (xvfb == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Xvfb is not installed");
      return NULL;
    }
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, lab_test_child_setup, NULL, NULL);
  xvfb_server = g_new0 (LabXvfb, 1);
  xvfb_server->server = g_subprocess_launcher_spawn (launcher, error, xvfb, "-displayfd", "3",
                                                     "-screen", "0", "1920x1200x24",
                                                     "-nolisten", "tcp", NULL);
  if (xvfb_server->server == NULL)
    {
      close (fds[0]);
      g_free (xvfb_server);
      return NULL;
    }

  /* Xvfb writes the display number and a newline once it accepts clients. */
  while (n < (gssize) sizeof number - 1)
    {
      gssize r = read (fds[0], number + n, sizeof number - 1 - n);

      if (r <= 0 || strchr (number, '\n') != NULL)
        break;
      n += r;
    }
  close (fds[0]);
  g_strstrip (number);
  if (number[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Xvfb did not start");
      g_subprocess_force_exit (xvfb_server->server);
      g_object_unref (xvfb_server->server);
      g_free (xvfb_server);
      return NULL;
    }

  xvfb_server->display = g_strconcat (":", number, NULL);
  return xvfb_server;
}

static inline void
lab_xvfb_stop (LabXvfb *xvfb_server)
{
  if (xvfb_server == NULL)
    return;
  g_subprocess_send_signal (xvfb_server->server, SIGTERM);
  g_subprocess_wait (xvfb_server->server, NULL, NULL);
  g_object_unref (xvfb_server->server);
  g_free (xvfb_server->display);
  g_free (xvfb_server);
}

/* A launcher for TaskLab on @xvfb_server's display: it dies with the test,
 * never reaches a Wayland session, and draws with cairo (Xvfb has no GPU:
 * GTK's GL renderer would run on llvmpipe and compete with the pool for
 * the CPU). */
static inline GSubprocessLauncher *
lab_xvfb_launcher_new (LabXvfb          *xvfb_server,
                       GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, lab_test_child_setup, NULL, NULL);
  if (xvfb_server != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", xvfb_server->display, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", FALSE);
  return launcher;
}
