/* lab-frame-stats.c — see lab-frame-stats.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame's work on the UI thread runs from the frame clock's "before-paint"
 * to its "after-paint": the tick callbacks (the pulse, the live charts),
 * the layout and the drawing. While a run is in progress (the scenario's
 * own work is elsewhere, for a responsive scenario), each frame's duration
 * is kept; at exit, FILE gets one line of key=value figures. Off unless
 * TASKLAB_FRAME_STATS names a file.
 */
#define G_LOG_DOMAIN "Lab"

#include <stdio.h>
#include <stdlib.h>

#include "lab-frame-stats.h"

static struct
{
  const char *path;
  GArray     *durations_ms;   /* double */
  gint64      began_us;
  gboolean    active;
} stats;

static void
on_before_paint (GdkFrameClock *clock,
                 gpointer       data)
{
  stats.began_us = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  double ms = (g_get_monotonic_time () - stats.began_us) / 1000.0;

  if (stats.active && stats.began_us > 0)
    g_array_append_val (stats.durations_ms, ms);
  stats.began_us = 0;
}

static void
on_map (GtkWidget *window,
        gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

/* Measures @window's frames, if TASKLAB_FRAME_STATS asks for it. */
void
lab_frame_stats_watch (GtkWidget *window)
{
  stats.path = g_getenv ("TASKLAB_FRAME_STATS");
  if (stats.path == NULL || stats.path[0] == '\0')
    return;
  stats.durations_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
}

/* Frames count only while a run is in progress. */
void
lab_frame_stats_set_active (gboolean active)
{
  stats.active = active;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  fraction)
{
  guint i = (guint) (fraction * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* frames=N frame_work_ms_p50=… frame_work_ms_p99=… frame_work_ms_max=… */
void
lab_frame_stats_write (void)
{
  FILE *file;

  if (stats.durations_ms == NULL)
    return;
  file = fopen (stats.path, "w");
  if (file == NULL)
    return;
  qsort (stats.durations_ms->data, stats.durations_ms->len, sizeof (double), compare_doubles);
  if (stats.durations_ms->len > 0)
    fprintf (file, "frames=%u frame_work_ms_p50=%.3f frame_work_ms_p99=%.3f frame_work_ms_max=%.3f\n",
             stats.durations_ms->len, percentile (stats.durations_ms, 0.5),
             percentile (stats.durations_ms, 0.99),
             g_array_index (stats.durations_ms, double, stats.durations_ms->len - 1));
  else
    fprintf (file, "frames=0\n");
  fclose (file);
  g_clear_pointer (&stats.durations_ms, g_array_unref);
}
