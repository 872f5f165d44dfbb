/* min-gtk-window.c — the peer of the start-up and UI-cost benchmarks: a
 * minimal GTK 4 application window that prints when its first frame is
 * drawn, then quits (or, with --stay, stays open, idle; or, with
 * --animate SECONDS, moves one small ball every frame for that long, as
 * TaskLab's pulse does, its frames measured as TaskLab's are when
 * TASKLAB_FRAME_STATS names a file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "lab-frame-stats.h"

#define BALL_SIZE 24
#define SETTLE_MS 1000

static gboolean stay;
static double animate_seconds;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       application)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, application);
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (application);
}

static void
draw_ball (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  gint64 now = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (area)));
  double phase = (now % G_USEC_PER_SEC) / (double) G_USEC_PER_SEC;

  cairo_arc (cr, BALL_SIZE / 2.0 + phase * (width - BALL_SIZE), height / 2.0, BALL_SIZE / 2.0,
             0, 2 * G_PI);
  cairo_fill (cr);
}

static gboolean
on_tick (GtkWidget     *area,
         GdkFrameClock *clock,
         gpointer       data)
{
  gtk_widget_queue_draw (area);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_animation_over (gpointer application)
{
  lab_frame_stats_write ();
  g_application_quit (application);
  return G_SOURCE_REMOVE;
}

/* the frames after the window settled, as TaskLab's run starts after a
 * click on a window shown for a while */
static gboolean
on_settled (gpointer application)
{
  lab_frame_stats_set_active (TRUE);
  lab_frame_stats_begin_work ();
  g_timeout_add ((guint) (animate_seconds * 1000), on_animation_over, application);
  return G_SOURCE_REMOVE;
}

static void
on_map (GtkWidget *window,
        gpointer   application)
{
  if (animate_seconds > 0)
    {
      g_timeout_add (SETTLE_MS, on_settled, application);
      return;
    }
  if (stay)
    return;
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), application);
}

static void
on_activate (GtkApplication *application)
{
  GtkWidget *window = gtk_application_window_new (application);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Hello"));
  if (animate_seconds > 0)
    {
      GtkWidget *area = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), BALL_SIZE);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_ball, NULL, NULL);
      gtk_widget_add_tick_callback (area, on_tick, NULL, NULL);
      gtk_box_append (GTK_BOX (box), area);
      gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
      lab_frame_stats_watch (window);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect (window, "map", G_CALLBACK (on_map), application);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application =
    gtk_application_new ("org.tasklab.MinimalWindow", G_APPLICATION_NON_UNIQUE);

  if (argc > 1 && g_str_equal (argv[argc - 1], "--stay"))
    {
      stay = TRUE;
      argc--;
    }
  else if (argc > 2 && g_str_equal (argv[argc - 2], "--animate"))
    {
      animate_seconds = g_ascii_strtod (argv[argc - 1], NULL);
      argc -= 2;
    }
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
