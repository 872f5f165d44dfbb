/* bench-ui-cost.c — what TaskLab's own drawing costs the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In a private Xvfb at 1920×1080 with the Cairo renderer (the tests'
 * setting, the slowest one), in one run:
 *
 *  - idle: TaskLab's window open with nothing running, against a minimal
 *    GTK 4 window, each for IDLE_SECONDS after it settled: the CPU each
 *    process used (user + system time from /proc), in % of one core;
 *  - during a run: scenario 1 (the blur on a worker: the UI thread does only
 *    TaskLab's own work), the duration of each frame's work on the UI thread
 *    (the frame clock's before-paint to after-paint), as the app records it
 *    with TASKLAB_FRAME_STATS.
 *
 * Prints key=value lines:
 *   bench=ui-cost idle_cpu_percent=… peer_idle_cpu_percent=… ratio=…
 *   bench=ui-cost frames=… frame_work_ms_p50=… frame_work_ms_p99=… frame_work_ms_max=…
 *     frame_cpu_ms_p50=… frame_cpu_ms_p99=… (the UI thread's CPU time per frame,
 *     which a busy machine does not inflate as it does the wall time), the same
 *     by phase (update_, layout_, paint_cpu_ms_p50/p99/max), after_paint_ms_p50/p99/max
 *     (GDK's own end of frame), frame_work_before_after_paint_ms_p50/p99/max (the
 *     frame's wall time up to GDK's end of frame), window_relayouts (from the
 *     click), live_relayouts (from the work's start) and the live frames they
 *     fell in, live_relayouts_at, and frames_over_2ms with the frames' numbers in
 *     the run, frames_over_2ms_at, frame_page_faults_max and _total (the pages the
 *     UI thread faulted in during a frame; see app/lab-frame-stats.c); the frames
 *     of the live run, from the work's start
 *   bench=ui-cost scenario=task-run click_frames=… click_frame_work_ms_max=…
 *     click_frame_cpu_ms_max=… click_relayouts=… (the frames from the click to the
 *     work's start: the click acknowledged, the stage started over, the baseline)
 *   bench=ui-cost peer=min-gtk-window frames=… (the same figures for the peer,
 *     a minimal GTK window at 1920×1080 moving one small ball every frame for
 *     PEER_SECONDS, after it settled: what any GTK 4 window's frame costs here)
 *   ratio=KEY/peer value=… tasklab=… peer=… (for the compared_keys)
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../e2e/lab-xvfb.h"

#define SETTLE_SECONDS 3
#define IDLE_SECONDS   5
#define PEER_SECONDS   "2"

/* the figures compared with the peer's, which pays GDK's and X's share of
 * a frame as TaskLab does */
static const char * const compared_keys[] = {
  "frame_work_ms_p50", "frame_work_ms_p99", "frame_cpu_ms_p50", "frame_cpu_ms_p99",
  "after_paint_ms_p99", "frame_work_before_after_paint_ms_p99",
};

/* User + system CPU time of @pid so far, in clock ticks. */
static gint64
cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* the command name may hold spaces: count fields after its ')' */
  after = strrchr (text, ')');
  if (after == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  return g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10);
}

static GSubprocess *
spawn (LabXvfb            *xvfb,
       const char * const *argv,
       const char         *frame_stats)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, lab_test_child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", xvfb->display, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", FALSE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (frame_stats != NULL)
    g_subprocess_launcher_setenv (launcher, "TASKLAB_FRAME_STATS", frame_stats, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_printerr ("bench-ui-cost: %s\n", error->message);
  return process;
}

/* % of one core @argv's process uses while idle. */
static double
idle_cpu_percent (LabXvfb            *xvfb,
                  const char * const *argv)
{
  g_autoptr(GSubprocess) process = spawn (xvfb, argv, NULL);
  GPid pid;
  gint64 before, after;
  long ticks_per_s = sysconf (_SC_CLK_TCK);

  if (process == NULL)
    return -1;
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
  g_usleep (SETTLE_SECONDS * G_USEC_PER_SEC);
  before = cpu_ticks (pid);
  g_usleep (IDLE_SECONDS * G_USEC_PER_SEC);
  after = cpu_ticks (pid);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  if (before < 0 || after < 0)
    return -1;
  return 100.0 * (after - before) / ticks_per_s / IDLE_SECONDS;
}

/* The lines TASKLAB_FRAME_STATS wrote for @argv's run (NULL if none). */
static GStrv
frame_stats (LabXvfb            *xvfb,
             const char * const *argv)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GSubprocess) process = NULL;
  int fd = g_file_open_tmp ("tasklab-frames-XXXXXX.txt", &path, NULL);

  if (fd < 0)
    return NULL;
  close (fd);
  process = spawn (xvfb, argv, path);
  if (process != NULL)
    g_subprocess_wait (process, NULL, NULL);
  g_file_get_contents (path, &text, NULL, NULL);
  g_unlink (path);
  return text != NULL ? g_strsplit (text, "\n", -1) : NULL;
}

/* The value of " KEY=" in a line of key=value figures, or -1. */
static double
stats_value (const char *line,
             const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *at = strstr (line, needle);

  return at != NULL ? g_ascii_strtod (at + strlen (needle), NULL) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  LabXvfb *xvfb;
  double idle, peer;

  if (argc < 3)
    {
      g_printerr ("usage: %s TASKLAB MIN-GTK-WINDOW\n", argv[0]);
      return 2;
    }
  xvfb = lab_xvfb_start (&error);
  if (xvfb == NULL)
    {
      g_print ("bench=ui-cost skipped=\"%s\"\n", error->message);
      return 0;
    }

  {
    const char *tasklab[] = { argv[1], "--window-size", "1920x1080", NULL };
    const char *minimal[] = { argv[2], "--stay", NULL };

    idle = idle_cpu_percent (xvfb, tasklab);
    peer = idle_cpu_percent (xvfb, minimal);
    g_print ("bench=ui-cost idle_cpu_percent=%.2f peer_idle_cpu_percent=%.2f ratio=%.2f seconds=%d\n",
             idle, peer, peer > 0 ? idle / peer : 0.0, IDLE_SECONDS);
  }

  {
    const char *run[] = { argv[1], "--run", "task-run", "--report", "json", "--window-size",
                          "1920x1080", NULL };
    const char *animate[] = { argv[2], "--animate", PEER_SECONDS, NULL };
    g_auto(GStrv) lines = frame_stats (xvfb, run);
    g_auto(GStrv) peer_lines = frame_stats (xvfb, animate);
    const char *own = NULL, *peer = NULL;

    for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
      if (lines[i][0] != '\0')
        {
          g_print ("bench=ui-cost scenario=task-run %s\n", lines[i]);
          if (g_str_has_prefix (lines[i], "frames="))
            own = lines[i];
        }
    for (guint i = 0; peer_lines != NULL && peer_lines[i] != NULL; i++)
      if (g_str_has_prefix (peer_lines[i], "frames="))
        {
          g_print ("bench=ui-cost peer=min-gtk-window %s\n", peer_lines[i]);
          peer = peer_lines[i];
        }
    if (own != NULL && peer != NULL)
      for (guint i = 0; i < G_N_ELEMENTS (compared_keys); i++)
        {
          double a = stats_value (own, compared_keys[i]);
          double b = stats_value (peer, compared_keys[i]);

          if (a >= 0 && b > 0)
            g_print ("ratio=%s/peer value=%.2f tasklab=%.3f peer=%.3f\n",
                     compared_keys[i], a / b, a, b);
        }
  }

  lab_xvfb_stop (xvfb);
  return 0;
}
