/* lab-frame-stats.c — see lab-frame-stats.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame's work on the UI thread runs from the frame clock's "before-paint"
 * to its "after-paint": the tick callbacks (the pulse, the live charts),
 * the layout and the drawing. While a run's work is in progress (the
 * scenario's own work is elsewhere, for a responsive scenario), each
 * frame's duration is kept; at exit, FILE gets one line of key=value
 * figures, and a second line for the frames between the click and the
 * work's start (the click acknowledged on screen, the baseline): a
 * once-per-run change of the whole stage, not the live run's per-frame
 * cost, so kept apart and not hidden. Off unless TASKLAB_FRAME_STATS names
 * a file.
 *
 * Wall time counts whatever else the machine runs (a busy machine preempts
 * the UI thread mid-frame), so each frame's CPU time on the UI thread is
 * kept too, whole and by phase: "update" (tick callbacks), "layout"
 * (measure and size_allocate) and "paint" (snapshot and rendering). A
 * phase starts in an emission hook, which GObject runs before any handler
 * of the frame clock's signal, and ends in a handler connected after GTK's
 * own (the window's surface connects them when it is realized, before map).
 *
 * Two counts say where wall time goes that no CPU figure shows:
 * window_relayouts, how often the toplevel was laid out again during the
 * run (on X11, each asks the X server for the monitor and its work area,
 * waiting for its replies; one layout of the window is two of these), from
 * the click, of which live_relayouts from the work's start (with the frames
 * they fell in: a live run should have none) and click_relayouts before it,
 * and after_paint_ms, the wall time of GDK's own
 * end of frame (on X11 without a window manager, as under Xvfb, it asks the
 * X server about the window manager on every frame). A third,
 * frame_page_faults, counts the pages the UI thread touched for the first
 * time during a frame (minor page faults): each costs a trip into the
 * kernel, which a large new image to draw into pays per page.
 */
#define _GNU_SOURCE     /* RUSAGE_THREAD */
#define G_LOG_DOMAIN "Lab"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "lab-frame-stats.h"

typedef enum
{
  PHASE_UPDATE,
  PHASE_LAYOUT,
  PHASE_PAINT,
  N_PHASES
} Phase;

static const char * const phase_names[N_PHASES] = { "update", "layout", "paint" };

static struct
{
  const char *path;
  GArray     *durations_ms;           /* double: wall time, whole frame */
  GArray     *cpu_ms;                 /* double: UI-thread CPU time, whole frame */
  GArray     *phase_cpu_ms[N_PHASES]; /* double: UI-thread CPU time per phase */
  gint64      began_us;
  gint64      began_cpu_ns;
  gint64      phase_began_ns[N_PHASES];
  gint64      phase_ns[N_PHASES];
  gboolean    active;
  gboolean    working;                /* the scenario's work has started */
  GArray     *click_ms;               /* double: wall time of the frames before it */
  GArray     *click_cpu_ms;           /* double: their CPU time */
  guint       relayouts;              /* the toplevel's compute-size, while active */
  guint       click_relayouts;        /* those before the work's start */
  GString    *relayouts_at;           /* the live frames (1 for the first) they fell in */
  GArray     *after_paint_ms;         /* double: wall time of GDK's after-paint handlers */
  GArray     *before_end_ms;          /* double: wall time of the frame before them */
  gint64      after_paint_began_us;
  long        began_faults;
  guint64     faults_total;           /* minor page faults of the live frames */
  long        faults_max;             /* the most in one live frame */
} stats;

/* CPU time the calling thread has used, in nanoseconds. */
static gint64
thread_cpu_ns (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return 0;
  return (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

/* Minor page faults of the calling thread so far. */
static long
thread_page_faults (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return usage.ru_minflt;
}

static void
on_before_paint (GdkFrameClock *clock,
                 gpointer       data)
{
  stats.began_us = g_get_monotonic_time ();
  stats.began_cpu_ns = thread_cpu_ns ();
  stats.began_faults = thread_page_faults ();
  for (guint i = 0; i < N_PHASES; i++)
    stats.phase_ns[i] = 0;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now_us = g_get_monotonic_time ();
  double ms = (now_us - stats.began_us) / 1000.0;
  double cpu_ms = (thread_cpu_ns () - stats.began_cpu_ns) / 1e6;
  double after_ms = (now_us - stats.after_paint_began_us) / 1000.0;
  double before_end_ms = (stats.after_paint_began_us - stats.began_us) / 1000.0;
  long faults;

  if (stats.active && !stats.working && stats.began_us > 0)
    {
      g_array_append_val (stats.click_ms, ms);
      g_array_append_val (stats.click_cpu_ms, cpu_ms);
    }
  else if (stats.active && stats.began_us > 0)
    {
      g_array_append_val (stats.durations_ms, ms);
      g_array_append_val (stats.cpu_ms, cpu_ms);
      g_array_append_val (stats.after_paint_ms, after_ms);
      g_array_append_val (stats.before_end_ms, before_end_ms);
      faults = thread_page_faults () - stats.began_faults;
      stats.faults_total += faults;
      stats.faults_max = MAX (stats.faults_max, faults);
      for (guint i = 0; i < N_PHASES; i++)
        {
          double phase_ms = stats.phase_ns[i] / 1e6;

          g_array_append_val (stats.phase_cpu_ms[i], phase_ms);
        }
    }
  stats.began_us = 0;
}

/* an emission hook: before every handler of the phase's signal */
static gboolean
on_phase_begin (GSignalInvocationHint *hint,
                guint                  n_params,
                const GValue          *params,
                gpointer               data)
{
  stats.phase_began_ns[GPOINTER_TO_UINT (data)] = thread_cpu_ns ();
  return TRUE;
}

static gboolean
on_after_paint_begin (GSignalInvocationHint *hint,
                      guint                  n_params,
                      const GValue          *params,
                      gpointer               data)
{
  stats.after_paint_began_us = g_get_monotonic_time ();
  return TRUE;
}

static void
on_phase_end (GdkFrameClock *clock,
              gpointer       data)
{
  Phase phase = GPOINTER_TO_UINT (data);

  if (stats.phase_began_ns[phase] > 0)
    stats.phase_ns[phase] += thread_cpu_ns () - stats.phase_began_ns[phase];
  stats.phase_began_ns[phase] = 0;
}

static void
on_compute_size (GdkToplevel     *toplevel,
                 GdkToplevelSize *size,
                 gpointer         data)
{
  if (!stats.active)
    return;
  stats.relayouts++;
  if (!stats.working)
    stats.click_relayouts++;
  else
    g_string_append_printf (stats.relayouts_at, "%s%u", stats.relayouts_at->len > 0 ? "," : "",
                            stats.durations_ms->len + 1);
}

static void
on_map (GtkWidget *window,
        gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  for (guint i = 0; i < N_PHASES; i++)
    {
      guint id = g_signal_lookup (phase_names[i], GDK_TYPE_FRAME_CLOCK);

      g_signal_add_emission_hook (id, 0, on_phase_begin, GUINT_TO_POINTER (i), NULL);
      g_signal_connect_after (clock, phase_names[i], G_CALLBACK (on_phase_end),
                              GUINT_TO_POINTER (i));
    }
  g_signal_add_emission_hook (g_signal_lookup ("after-paint", GDK_TYPE_FRAME_CLOCK), 0,
                              on_after_paint_begin, NULL, NULL);
  g_signal_connect (surface, "compute-size", G_CALLBACK (on_compute_size), NULL);
}

/* Measures @window's frames, if TASKLAB_FRAME_STATS asks for it. */
void
lab_frame_stats_watch (GtkWidget *window)
{
  stats.path = g_getenv ("TASKLAB_FRAME_STATS");
  if (stats.path == NULL || stats.path[0] == '\0')
    return;
  stats.durations_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stats.cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stats.after_paint_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stats.before_end_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stats.click_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stats.click_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  stats.relayouts_at = g_string_new (NULL);
  for (guint i = 0; i < N_PHASES; i++)
    stats.phase_cpu_ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
}

/* Frames count only while a run is in progress: from the click, the
 * frames that acknowledge it (Run turns into Cancel, the views start over)
 * apart, then, from lab_frame_stats_begin_work(), the frames of the live
 * run. */
void
lab_frame_stats_set_active (gboolean active)
{
  stats.active = active;
  stats.working = FALSE;
}

/* The scenario's work starts now (after the baseline). */
void
lab_frame_stats_begin_work (void)
{
  stats.working = stats.active;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values; then its @fraction percentile. */
static double
percentile (GArray *values,
            double  fraction)
{
  guint i = (guint) (fraction * (values->len - 1) + 0.5);

  qsort (values->data, values->len, sizeof (double), compare_doubles);
  return g_array_index (values, double, MIN (i, values->len - 1));
}

#define OVER_MS 2.0    /* the budget of TaskLab's own work per frame */

/* The frames (1 for the run's first) whose wall time was over OVER_MS, in
 * order: "1,19" (or "none"); before the arrays are sorted. */
static char *
frames_over (GArray *durations_ms,
             guint  *count)
{
  GString *list = g_string_new (NULL);

  *count = 0;
  for (guint i = 0; i < durations_ms->len; i++)
    if (g_array_index (durations_ms, double, i) > OVER_MS)
      {
        g_string_append_printf (list, "%s%u", list->len > 0 ? "," : "", i + 1);
        (*count)++;
      }
  if (list->len == 0)
    g_string_append (list, "none");
  return g_string_free (list, FALSE);
}

/* frames=N frame_work_ms_p50=… frame_work_ms_p99=… frame_work_ms_max=…
 * frame_cpu_ms_p50=… frame_cpu_ms_p99=… frame_cpu_ms_max=… update_cpu_ms_p50=… …
 * paint_cpu_ms_max=… after_paint_ms_p50=… after_paint_ms_p99=… after_paint_ms_max=…
 * frame_work_before_after_paint_ms_p50=… …_p99=… …_max=… (the frame's wall time up
 * to GDK's end of frame: the phases TaskLab's code runs in)
 * window_relayouts=N (from the click) live_relayouts=N (from the work's start)
 * live_relayouts_at=3,3 (the frames they fell in) frames_over_2ms=N frames_over_2ms_at=1,19
 * (the frames' numbers in the run) frame_page_faults_max=N frame_page_faults_total=N;
 * click_frames=N … click_relayouts=N */
void
lab_frame_stats_write (void)
{
  FILE *file;

  if (stats.durations_ms == NULL)
    return;
  file = fopen (stats.path, "w");
  if (file == NULL)
    return;
  if (stats.durations_ms->len > 0)
    {
      guint n_over;
      g_autofree char *over = frames_over (stats.durations_ms, &n_over);

      fprintf (file, "frames=%u frame_work_ms_p50=%.3f frame_work_ms_p99=%.3f "
               "frame_work_ms_max=%.3f frame_cpu_ms_p50=%.3f frame_cpu_ms_p99=%.3f "
               "frame_cpu_ms_max=%.3f",
               stats.durations_ms->len, percentile (stats.durations_ms, 0.5),
               percentile (stats.durations_ms, 0.99), percentile (stats.durations_ms, 1.0),
               percentile (stats.cpu_ms, 0.5), percentile (stats.cpu_ms, 0.99),
               percentile (stats.cpu_ms, 1.0));
      for (guint i = 0; i < N_PHASES; i++)
        fprintf (file, " %s_cpu_ms_p50=%.3f %s_cpu_ms_p99=%.3f %s_cpu_ms_max=%.3f",
                 phase_names[i], percentile (stats.phase_cpu_ms[i], 0.5),
                 phase_names[i], percentile (stats.phase_cpu_ms[i], 0.99),
                 phase_names[i], percentile (stats.phase_cpu_ms[i], 1.0));
      fprintf (file, " after_paint_ms_p50=%.3f after_paint_ms_p99=%.3f after_paint_ms_max=%.3f"
               " frame_work_before_after_paint_ms_p50=%.3f"
               " frame_work_before_after_paint_ms_p99=%.3f"
               " frame_work_before_after_paint_ms_max=%.3f"
               " window_relayouts=%u live_relayouts=%u live_relayouts_at=%s"
               " frames_over_2ms=%u frames_over_2ms_at=%s"
               " frame_page_faults_max=%ld frame_page_faults_total=%" G_GUINT64_FORMAT "\n",
               percentile (stats.after_paint_ms, 0.5), percentile (stats.after_paint_ms, 0.99),
               percentile (stats.after_paint_ms, 1.0), percentile (stats.before_end_ms, 0.5),
               percentile (stats.before_end_ms, 0.99), percentile (stats.before_end_ms, 1.0),
               stats.relayouts, stats.relayouts - stats.click_relayouts,
               stats.relayouts_at->len > 0 ? stats.relayouts_at->str : "none", n_over, over,
               stats.faults_max, stats.faults_total);
    }
  else
    fprintf (file, "frames=0\n");
  if (stats.click_ms->len > 0)
    fprintf (file, "click_frames=%u click_frame_work_ms_max=%.3f click_frame_cpu_ms_max=%.3f"
             " click_relayouts=%u\n",
             stats.click_ms->len, percentile (stats.click_ms, 1.0),
             percentile (stats.click_cpu_ms, 1.0), stats.click_relayouts);
  fclose (file);
  g_clear_pointer (&stats.durations_ms, g_array_unref);
  g_clear_pointer (&stats.cpu_ms, g_array_unref);
  g_clear_pointer (&stats.after_paint_ms, g_array_unref);
  g_clear_pointer (&stats.before_end_ms, g_array_unref);
  g_clear_pointer (&stats.click_ms, g_array_unref);
  g_clear_pointer (&stats.click_cpu_ms, g_array_unref);
  g_string_free (g_steal_pointer (&stats.relayouts_at), TRUE);
  for (guint i = 0; i < N_PHASES; i++)
    g_clear_pointer (&stats.phase_cpu_ms[i], g_array_unref);
}
