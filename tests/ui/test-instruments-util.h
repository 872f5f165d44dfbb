/* test-instruments-util.h — a display for widget tests, and synthetic runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instrument tests and the artefact renderer both need a private X
 * server (tests/e2e/lab-xvfb.h), GTK on the Cairo renderer (the same
 * pixels on any machine), the app's CSS, and a window that has drawn a
 * frame; the synthetic traces come from tests/lab/lab-test-trace.h.
 */
#pragma once

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <pool.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lab-test-trace.h"
#include "lab-xvfb.h"

/* Starts Xvfb and GTK on it; returns NULL (and says why) when it cannot. */
static inline LabXvfb *
instruments_display_start (char **why_not)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  LabXvfb *xvfb = lab_xvfb_start (&error);

  if (xvfb == NULL)
    {
      *why_not = g_strdup (error->message);
      return NULL;
    }
  g_setenv ("DISPLAY", xvfb->display, TRUE);
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* no GTK_THEME: it would pin the light variant and hide the dark one */
  g_unsetenv ("GTK_THEME");
  if (!gtk_init_check ())
    {
      *why_not = g_strdup ("GTK could not open the Xvfb display");
      lab_xvfb_stop (xvfb);
      return NULL;
    }
  gtk_css_provider_load_from_resource (css, "/org/tasklab/TaskLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  return xvfb;
}

static void
on_after_paint (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @window has painted @frames more frames (5 s at most). */
static inline void
instruments_wait_frames (GtkWidget *window,
                         guint      frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint painted = 0;
  guint waker = g_timeout_add (5, wake_up, NULL);
  gulong handler = 0;

  while (clock == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      clock = gtk_widget_get_frame_clock (window);
    }
  if (clock != NULL)
    {
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
      gtk_widget_queue_draw (window);
      while (painted < frames && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, TRUE);
          if (painted < frames)
            gtk_widget_queue_draw (window);
        }
      g_signal_handler_disconnect (clock, handler);
    }
  g_source_remove (waker);
}

/* A window of @width × @height showing @child, presented and drawn. */
static inline GtkWidget *
instruments_show (GtkWidget *child,
                  int        width,
                  int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (window, 2);
  return window;
}

static inline void
instruments_set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

