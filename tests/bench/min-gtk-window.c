/* min-gtk-window.c — the peer of the start-up and UI-cost benchmarks: a
 * minimal GTK 4 application window that prints when its first frame is
 * drawn, then quits (or, with --stay, stays open, idle).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <stdio.h>

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       application)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, application);
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (application);
}

static gboolean stay;

static void
on_map (GtkWidget *window,
        gpointer   application)
{
  if (stay)
    return;
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), application);
}

static void
on_activate (GtkApplication *application)
{
  GtkWidget *window = gtk_application_window_new (application);

  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello"));
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
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
