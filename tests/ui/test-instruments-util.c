/* test-instruments-util.c — what every test under tests/ui shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "lab-instruments-private.h"
#include "test-instruments-util.h"

/* The test program's display: its server, or why there is none. */
static LabXvfb *test_xvfb;
static char *skip_reason;

/* Starts Xvfb and GTK on it; returns NULL (and says why) when it cannot. */
LabXvfb *
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

/* main() of a GTest program: g_test_init() and a display for its tests. */
void
instruments_test_init (int    *argc,
                       char ***argv)
{
  g_test_init (argc, argv, NULL);
  test_xvfb = instruments_display_start (&skip_reason);
}

/* Why the tests that need a display skip: NULL when there is one. */
const char *
instruments_skip_reason (void)
{
  return skip_reason;
}

/* Runs the tests, then stops the display. Returns: g_test_run()'s status */
int
instruments_test_run (void)
{
  int status = g_test_run ();

  g_clear_pointer (&test_xvfb, lab_xvfb_stop);
  g_clear_pointer (&skip_reason, g_free);
  return status;
}

/* main() of an artefact renderer (one TAP test, the output directory its
 * argument): creates the directory and starts the display. Returns: the
 * directory, or NULL when main() is to return *@status at once (2 for a
 * usage error; 0 after a skipped TAP plan when there is no display) */
const char *
instruments_render_begin (int   argc,
                          char *argv[],
                          int  *status)
{
  g_autofree char *why_not = NULL;

  if (argc < 2)
    {
      g_printerr ("usage: %s OUTPUT-DIR\n", argv[0]);
      *status = 2;
      return NULL;
    }
  g_mkdir_with_parents (argv[1], 0755);
  test_xvfb = instruments_display_start (&why_not);
  if (test_xvfb == NULL)
    {
      /* TAP: a skipped plan, so meson reports it as skipped */
      g_print ("1..0 # SKIP %s\n", why_not);
      *status = 0;
      return NULL;
    }
  *status = 0;
  return argv[1];
}

/* Stops the display and reports the renderer's one test passed. Returns: 0 */
int
instruments_render_end (const char *output_dir)
{
  g_clear_pointer (&test_xvfb, lab_xvfb_stop);
  g_print ("1..1\nok 1 rendered into %s\n", output_dir);
  return 0;
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
void
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

/* Draws @window frame after frame: @frames at least, and until @ms have
 * passed since the call. */
void
instruments_frames_for (GtkWidget *window,
                        guint      frames,
                        guint      ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  if (frames > 0)
    instruments_wait_frames (window, frames);
  while (g_get_monotonic_time () < until)
    instruments_wait_frames (window, 1);
}

/* Runs the main loop until @condition holds, @timeout_ms at most.
 * Returns: whether it holds */
gboolean
instruments_iterate_until (InstrumentsCondition condition,
                           gpointer             data,
                           guint                timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* the loop looks at the clock at least every 5 ms, whatever else happens */
  guint waker = g_timeout_add (5, wake_up, NULL);

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);
  return condition (data);
}

/* An #InstrumentsCondition: whether the gboolean at @flag is set. */
gboolean
instruments_is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

/* A window of @width × @height showing @child, presented and drawn. */
GtkWidget *
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

void
instruments_set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

/* A heading over a part of a picture, on the left. */
GtkWidget *
instruments_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

void
instruments_set_margins (GtkWidget *widget,
                         int        margin)
{
  gtk_widget_set_margin_top (widget, margin);
  gtk_widget_set_margin_bottom (widget, margin);
  gtk_widget_set_margin_start (widget, margin);
  gtk_widget_set_margin_end (widget, margin);
}

/* Where a test writes its pictures: $LAB_ARTIFACTS_DIR (tests/ui/artifacts/
 * in the build tree, as meson runs the tests), else @fallback; created.
 * Returns: the directory, or NULL if neither is set */
const char *
instruments_artifacts_dir (const char *fallback)
{
  const char *dir = g_getenv ("LAB_ARTIFACTS_DIR");

  if (dir == NULL)
    dir = fallback;
  if (dir != NULL)
    g_mkdir_with_parents (dir, 0755);
  return dir;
}

/* Draws @widget as it was last drawn on screen into @dir/@name: its content
 * box (gtk_widget_get_width()), or its border box with
 * %INSTRUMENTS_PNG_BORDER_BOX; over the window's background with
 * %INSTRUMENTS_PNG_BACKGROUND (for a widget inside a window: a window draws
 * its own). Returns: whether the file was written */
gboolean
instruments_save_png (GtkWidget           *widget,
                      InstrumentsPngFlags  flags,
                      const char          *dir,
                      const char          *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  graphene_rect_t bounds;

  if ((flags & INSTRUMENTS_PNG_BORDER_BOX) != 0 &&
      gtk_widget_compute_bounds (widget, widget, &bounds))
    {
      width = (int) ceilf (bounds.size.width);
      height = (int) ceilf (bounds.size.height);
    }
  if ((flags & INSTRUMENTS_PNG_BACKGROUND) != 0)
    {
      GdkRGBA background;

      lab_style_background (widget, &background);
      gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_printerr ("could not write %s\n", path);
      return FALSE;
    }
  g_test_message ("wrote %s (%d×%d)", path, width, height);
  return TRUE;
}

/* A pool callback: a "blur" trace region of *@data ms (a guint; 20 ms
 * when @data is NULL) on the thread that runs it. */
gpointer
instruments_blur_region (gpointer   data,
                         GError   **error)
{
  const guint *ms = data;
  gint64 begin = pool_trace_begin_region ();

  g_usleep ((ms != NULL ? *ms : 20) * 1000);
  pool_trace_end_region ("blur", begin);
  return NULL;
}

/* A finished run of scenario @id in @window, as the application runs one:
 * started and shown live (then @while_live is called, unless NULL); a task
 * on a worker, a 20 ms blur, marked as C# line @csharp_line (unless 0);
 * finished once the task is; a frame drawn. Returns: (transfer full) its
 * monitor */
LabRunMonitor *
instruments_run_on_worker (LabWindow            *window,
                           const char           *id,
                           guint                 csharp_line,
                           InstrumentsWhileLive  while_live)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabRunMonitor *monitor = lab_run_monitor_new (id, 1, id, expected);
  g_autoptr(PoolTask) task = NULL;

  lab_run_monitor_start (monitor);
  lab_window_set_monitor (window, monitor);
  if (while_live != NULL)
    while_live (window);
  task = pool_task_run (instruments_blur_region, NULL, NULL);
  if (csharp_line > 0)
    lab_run_monitor_mark_task (monitor, pool_task_get_id (task), csharp_line);
  pool_task_wait (task, NULL);
  lab_run_monitor_track_task (monitor, task);
  lab_run_monitor_finish (monitor, NULL);
  instruments_wait_frames (GTK_WIDGET (window), 1);
  return monitor;
}

void
instruments_gate_init (InstrumentsGate *gate)
{
  *gate = (InstrumentsGate) { .running = 0, };
  pthread_mutex_init (&gate->lock, NULL);
  pthread_cond_init (&gate->cond, NULL);
}

void
instruments_gate_clear (InstrumentsGate *gate)
{
  pthread_mutex_destroy (&gate->lock);
  pthread_cond_destroy (&gate->cond);
}

static void
gate_item (gpointer   data,
           GError   **error)
{
  InstrumentsGate *gate = data;

  pthread_mutex_lock (&gate->lock);
  gate->running++;
  pthread_cond_broadcast (&gate->cond);
  while (!gate->open)
    pthread_cond_wait (&gate->cond, &gate->lock);
  gate->done++;
  pthread_cond_broadcast (&gate->cond);
  pthread_mutex_unlock (&gate->lock);
}

/* Blocks @workers workers of the thread pool at @gate (waits until they all
 * are), then queues @queued more items behind them: a starving pool. */
void
instruments_gate_starve_pool (InstrumentsGate *gate,
                              guint            workers,
                              guint            queued)
{
  for (guint i = 0; i < workers; i++)
    pool_thread_pool_queue_user_work_item (gate_item, gate, FALSE);
  pthread_mutex_lock (&gate->lock);
  while (gate->running < workers)
    pthread_cond_wait (&gate->cond, &gate->lock);
  pthread_mutex_unlock (&gate->lock);
  for (guint i = 0; i < queued; i++)
    pool_thread_pool_queue_user_work_item (gate_item, gate, FALSE);
}

/* Opens @gate, and waits until @done items have gone through it. */
void
instruments_gate_open (InstrumentsGate *gate,
                       guint            done)
{
  pthread_mutex_lock (&gate->lock);
  gate->open = TRUE;
  pthread_cond_broadcast (&gate->cond);
  while (gate->done < done)
    pthread_cond_wait (&gate->cond, &gate->lock);
  pthread_mutex_unlock (&gate->lock);
}
