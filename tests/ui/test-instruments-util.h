/* test-instruments-util.h — a display for widget tests, and synthetic runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instrument tests and the artefact renderer both need a private X
 * server (tests/e2e/lab-xvfb.h), GTK on the Cairo renderer (the same
 * pixels on any machine), the app's CSS, a window that has drawn a frame,
 * and traces that look like real runs.
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

#include "lab-xvfb.h"

#define ORIGIN_US ((gint64) 1000 * 1000 * 1000)
#define MS(ms)    ((gint64) ((ms) * 1000.0))

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

static inline PoolTraceEvent
trace_event (guint64        position,
             PoolTraceKind  kind,
             guint          task_id,
             const char    *label,
             PoolThreadRole role,
             int            worker_index,
             guint          thread_serial,
             double         queued_ms,
             double         start_ms,
             double         end_ms)
{
  PoolTraceEvent event = { 0, };

  event.position = position;
  event.kind = kind;
  event.task_id = task_id;
  event.label = label;
  event.role = role;
  event.worker_index = role == POOL_THREAD_ROLE_WORKER ? worker_index : -1;
  event.thread_serial = thread_serial;
  event.queued_us = queued_ms > 0 ? ORIGIN_US + MS (queued_ms) : 0;
  event.start_us = ORIGIN_US + MS (start_ms);
  event.end_us = ORIGIN_US + MS (end_ms);
  return event;
}

#define UI_EVENT(pos, kind, id, label, q, s, e) \
  trace_event (pos, kind, id, label, POOL_THREAD_ROLE_UI, -1, 1, q, s, e)
#define WORKER_EVENT(pos, kind, id, label, worker, q, s, e) \
  trace_event (pos, kind, id, label, POOL_THREAD_ROLE_WORKER, worker, 10 + (worker), q, s, e)
#define DEDICATED_EVENT(pos, kind, id, label, serial, q, s, e) \
  trace_event (pos, kind, id, label, POOL_THREAD_ROLE_DEDICATED, -1, serial, q, s, e)

/*
 * A run like scenario 9 with a hand-off: the click queues a blur on worker 1
 * whose result a UI continuation takes; worker 2 runs another task and an
 * inline one; two blocking items starve the pool, so a task waits 500 ms in
 * the queue until the pool injects worker 5; a LongRunning task gets a
 * dedicated thread. Positions are the events' indexes.
 */
static inline GArray *
synthetic_run (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    UI_EVENT (0, POOL_TRACE_KIND_TASK, 1, NULL, 0, 0, 3),
    WORKER_EVENT (1, POOL_TRACE_KIND_REGION, 2, "blur", 0, 0, 6, 796),
    WORKER_EVENT (2, POOL_TRACE_KIND_TASK, 2, NULL, 0, 2, 4, 800),
    UI_EVENT (3, POOL_TRACE_KIND_TASK, 3, NULL, 800.1, 801, 830),
    WORKER_EVENT (4, POOL_TRACE_KIND_TASK, 4, NULL, 1, 10, 12, 400),
    WORKER_EVENT (5, POOL_TRACE_KIND_TASK, 7, NULL, 1, 0, 420, 480),
    WORKER_EVENT (6, POOL_TRACE_KIND_TASK, 5, NULL, 4, 50, 550, 900),
    DEDICATED_EVENT (7, POOL_TRACE_KIND_TASK, 6, NULL, 30, 0, 100, 700),
    WORKER_EVENT (8, POOL_TRACE_KIND_WORK_ITEM, 0, NULL, 1, 0, 490, 540),
  };

  list[5].inlined = TRUE;
  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

/* The parallel blur in tiles: 24 tiles over 4 workers, each tile its own task. */
static inline GArray *
synthetic_tiles (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  double worker_free[4] = { 2, 2, 2, 2 };
  guint64 position = 0;

  for (guint tile = 0; tile < 24; tile++)
    {
      int worker = (int) (tile % 4);
      double start = worker_free[worker] + 0.5;
      double length = 28 + (tile * 7) % 13;
      /* the first tiles wait for a free worker; later ones are started by
       * the tile before them and wait little */
      double queued = tile < 8 ? 1 + tile * 0.2 : start - 0.4 - (tile % 3) * 2.5;
      PoolTraceEvent task = WORKER_EVENT (position++, POOL_TRACE_KIND_TASK, 20 + tile, NULL,
                                          worker, queued, start, start + length);
      PoolTraceEvent region = WORKER_EVENT (position++, POOL_TRACE_KIND_REGION, 20 + tile,
                                            "blur-tile", worker, 0, start + 0.3, start + length - 0.3);

      g_array_append_val (events, region);
      g_array_append_val (events, task);
      worker_free[worker] = start + length;
    }
  return events;
}
