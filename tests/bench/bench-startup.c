/* bench-startup.c — from launch to the first frame on screen: TaskLab
 * against a minimal GTK 4 window, in a private Xvfb, in one run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each program prints "first-frame <CLOCK_MONOTONIC µs>" when its window has
 * drawn; the time is counted from just before the spawn. Prints
 *   bench=startup first_frame_ms=… peer_ms=… ratio=… rounds=…  (medians)
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../e2e/lab-xvfb.h"

#define ROUNDS 7

static double
time_to_first_frame_ms (LabXvfb            *xvfb,
                        const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start;
  char *line;

  g_subprocess_launcher_setenv (launcher, "DISPLAY", xvfb->display, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", FALSE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return -1;
    }
  line = out != NULL ? strstr (out, "first-frame ") : NULL;
  if (line == NULL)
    return -1;
  return (g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10) - start) / 1000.0;
}

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (LabXvfb            *xvfb,
           const char * const *argv)
{
  double samples[ROUNDS];

  /* one unmeasured launch warms the file cache */
  time_to_first_frame_ms (xvfb, argv);
  for (int i = 0; i < ROUNDS; i++)
    samples[i] = time_to_first_frame_ms (xvfb, argv);
  qsort (samples, ROUNDS, sizeof (double), compare);
  return samples[ROUNDS / 2];
}

int
main (int   argc,
      char *argv[])
{
  const char *tasklab = argc > 1 ? argv[1] : g_getenv ("TASKLAB");
  const char *peer = argc > 2 ? argv[2] : g_getenv ("MIN_GTK_WINDOW");
  const char *tasklab_argv[] = { tasklab, "--first-frame-and-quit", NULL };
  const char *peer_argv[] = { peer, NULL };
  g_autoptr(GError) error = NULL;
  LabXvfb *xvfb;
  double ours, theirs;

  if (tasklab == NULL || peer == NULL)
    {
      g_printerr ("usage: bench-startup TASKLAB MIN-GTK-WINDOW\n");
      return 2;
    }
  xvfb = lab_xvfb_start (&error);
  if (xvfb == NULL)
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return 0;
    }

  ours = median_ms (xvfb, tasklab_argv);
  theirs = median_ms (xvfb, peer_argv);
  printf ("bench=startup first_frame_ms=%.0f peer_ms=%.0f ratio=%.2f rounds=%d\n",
          ours, theirs, ours / theirs, ROUNDS);
  lab_xvfb_stop (xvfb);
  return 0;
}
