/* test-frame-cost.c — what a live window costs per frame, counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are noise on a shared machine; work is not. While a run is live the
 * pulse, the spinner and the charts move on every frame, and none of them
 * may make the window lay itself out again: on X11 each layout of a
 * toplevel waits for the X server's replies (its monitor, its work area).
 * These tests count the toplevel's layouts (GdkToplevel::compute-size) over
 * frames in which every live instrument moves, and check that they still
 * move; the queue view's content changes without a layout, and only a new
 * row costs one, unless room was kept for it (the timeline's lanes alike):
 * a live run in the window keeps room for its first workers'. Without Xvfb they
 * are skipped.
 */
#include "lab-instruments-private.h"
#include "lab-pool-gauges.h"
#include "lab-pulse.h"
#include "lab-queue-view-private.h"
#include "lab-spinner.h"
#include "lab-stall-chart-private.h"
#include "lab-timeline-private.h"
#include "lab-window-private.h"
#include "lab-test-instants.h"
#include "test-instruments-util.h"

static void
on_compute_size (GdkToplevel     *toplevel,
                 GdkToplevelSize *size,
                 guint           *count)
{
  (*count)++;
}

static LabTimelineLayout *
timeline_layout (GtkWidget *timeline)
{
  return lab_timeline_get_layout (LAB_TIMELINE (timeline));
}

typedef struct
{
  LabStallSeries *series;
  gint64          now_us;
} Beats;

/* a heartbeat every 4 ms, as the stall meter records them while idle */
static gboolean
add_beat (gpointer data)
{
  Beats *beats = data;

  beats->now_us = g_get_monotonic_time ();
  lab_stall_series_add (beats->series, beats->now_us, 4.0);
  return G_SOURCE_CONTINUE;
}

/* Live pulse, spinner, timeline and stall chart move with the frames; the window stays laid out. */
static void
test_live_instruments_no_relayout (void)
{
  GtkWidget *box, *pulse, *spinner, *timeline, *chart;
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  gint64 origin = g_get_monotonic_time ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (origin, 0);
  PoolTraceEvent event = WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 2, NULL, 0, 0, 0, 0);
  Beats beats = { series, origin };
  GtkWidget *window;
  GdkSurface *surface;
  guint layouts = 0, beat_source;
  gulong handler;
  guint64 pulse_frames;
  double angle;
  guint bars;
  float bar_width;
  graphene_rect_t bar;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  pulse = lab_pulse_new ();
  spinner = lab_spinner_new ();
  timeline = lab_timeline_new ();
  chart = lab_stall_chart_new ();
  /* a 20 ms task at the start of the run */
  event.start_us = origin;
  event.end_us = origin + MS (20);
  lab_trace_model_append (model, &event, 1);
  gtk_widget_set_vexpand (timeline, TRUE);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), pulse);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_box_append (GTK_BOX (box), timeline);
  window = instruments_show (box, 900, 700);
  surface = gtk_native_get_surface (GTK_NATIVE (window));

  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  lab_stall_chart_set_series (LAB_STALL_CHART (chart), series);
  lab_chart_set_live (LAB_CHART (timeline), TRUE);
  lab_chart_set_live (LAB_CHART (chart), TRUE);
  lab_pulse_set_running (LAB_PULSE (pulse), TRUE);
  lab_spinner_set_spinning (LAB_SPINNER (spinner), TRUE);
  beat_source = g_timeout_add (4, add_beat, &beats);
  /* settle: the first frames lay out what was set above */
  instruments_wait_frames (window, 3);

  pulse_frames = lab_pulse_get_frame_count (LAB_PULSE (pulse));
  angle = lab_spinner_get_angle (LAB_SPINNER (spinner));
  bars = lab_stall_chart_get_n_bars (LAB_STALL_CHART (chart));
  g_assert_true (lab_timeline_layout_get_event_bounds (timeline_layout (timeline), 0, &bar,
                                                       NULL, NULL));
  bar_width = bar.size.width;

  handler = g_signal_connect (surface, "compute-size", G_CALLBACK (on_compute_size), &layouts);
  /* 30 frames of a second's worth of beats and more than a live interval of time */
  instruments_frames_for (window, 30, 300);
  g_signal_handler_disconnect (surface, handler);
  g_source_remove (beat_source);

  /* everything moved ... */
  g_assert_cmpuint (lab_pulse_get_frame_count (LAB_PULSE (pulse)), >=, pulse_frames + 30);
  g_assert_cmpfloat (lab_spinner_get_angle (LAB_SPINNER (spinner)), !=, angle);
  g_assert_cmpuint (lab_stall_chart_get_n_bars (LAB_STALL_CHART (chart)), >, bars);
  /* the task's bar is laid out over a longer run so far: narrower */
  g_assert_true (lab_timeline_layout_get_event_bounds (timeline_layout (timeline), 0, &bar,
                                                       NULL, NULL));
  g_assert_cmpfloat (bar.size.width, <, bar_width);
  /* ... and the window was not laid out again */
  g_assert_cmpuint (layouts, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
marker_after_beat (LabStallChart   *chart,
                   LabStallSeries  *series,
                   gint64           at_us,
                   graphene_rect_t *bar)
{
  lab_stall_series_add (series, at_us, 1.0);
  return lab_stall_chart_get_marker_bounds (chart, bar, NULL);
}

/* Between two steps of its time grid, the stall chart lays out the same shapes: no redraw. */
static void
test_stall_chart_steps (void)
{
  GtkWidget *window, *chart;
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  graphene_rect_t bars[3];
  gint64 now = ORIGIN_US;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  chart = lab_stall_chart_new ();
  window = instruments_show (chart, 800, 260);
  lab_stall_chart_set_series (LAB_STALL_CHART (chart), series);
  for (int i = 0; i < 500; i++)
    lab_stall_series_add (series, now += 4000, 4.0);
  lab_stall_series_add (series, now += MS (500), 500.0);
  for (int i = 0; i < 250; i++)
    lab_stall_series_add (series, now += 4000, 4.0);

  /* two beats, 1 ms apart: a grid step (tens of ms) falls between at most one pair */
  for (int i = 0; i < 3; i++)
    g_assert_true (marker_after_beat (LAB_STALL_CHART (chart), series, now += MS (1), &bars[i]));
  g_assert_true (graphene_rect_equal (&bars[0], &bars[1]) ||
                 graphene_rect_equal (&bars[1], &bars[2]));
  /* a second later, the stall has moved left by a tenth of the plot */
  for (int i = 0; i < 250; i++)
    lab_stall_series_add (series, now += 4000, 4.0);
  g_assert_true (lab_stall_chart_get_marker_bounds (LAB_STALL_CHART (chart), &bars[2], NULL));
  g_assert_cmpfloat (bars[2].origin.x, <, bars[1].origin.x - gtk_widget_get_width (chart) * 0.08f);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The spinner turns once a second while spinning, and stands (hidden) otherwise. */
static void
test_spinner_turns (void)
{
  GtkWidget *spinner, *window;
  double first;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  spinner = lab_spinner_new ();
  window = instruments_show (spinner, 40, 40);
  g_assert_false (lab_spinner_get_spinning (LAB_SPINNER (spinner)));
  instruments_wait_frames (window, 3);
  g_assert_cmpfloat (lab_spinner_get_angle (LAB_SPINNER (spinner)), ==, 0.0);
  g_assert_cmpint (gtk_widget_get_width (spinner), ==, gtk_widget_get_height (spinner));

  lab_spinner_set_spinning (LAB_SPINNER (spinner), TRUE);
  instruments_wait_frames (window, 2);
  first = lab_spinner_get_angle (LAB_SPINNER (spinner));
  instruments_frames_for (window, 0, 100);
  /* a tenth of a second or more later: turned, within one turn */
  g_assert_cmpfloat (lab_spinner_get_angle (LAB_SPINNER (spinner)), !=, first);
  g_assert_cmpfloat (lab_spinner_get_angle (LAB_SPINNER (spinner)), >=, 0.0);
  g_assert_cmpfloat (lab_spinner_get_angle (LAB_SPINNER (spinner)), <, 360.0);

  lab_spinner_set_spinning (LAB_SPINNER (spinner), FALSE);
  instruments_wait_frames (window, 2);
  g_assert_cmpfloat (lab_spinner_get_angle (LAB_SPINNER (spinner)), ==, 0.0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The em is measured again when the widget's font changes (zoom), not on every call. */
static void
test_em_follows_font (void)
{
  GtkWidget *label, *window;
  g_autoptr(GtkCssProvider) css = NULL;
  float small, large;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  label = gtk_label_new ("Mg");
  window = instruments_show (label, 200, 100);
  css = gtk_css_provider_new ();
  gtk_widget_add_css_class (label, "frame-cost-test");
  gtk_css_provider_load_from_data (css, "label.frame-cost-test { font-size: 10px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  instruments_wait_frames (window, 2);
  small = lab_style_em (label);
  g_assert_cmpfloat (lab_style_em (label), ==, small);

  gtk_css_provider_load_from_data (css, "label.frame-cost-test { font-size: 30px; }", -1);
  instruments_wait_frames (window, 2);
  large = lab_style_em (label);
  g_assert_cmpfloat (large, >, small * 2);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_item (gpointer   state,
            GError   **error)
{
  g_atomic_int_inc ((int *) state);
}

/* The pool gauges on a page of a stack that is not shown (the details pane's
 * "Pool" while another page shows): the run's counters change, the window is
 * not laid out again; shown, the gauges give the last counters. */
static void
test_hidden_gauges_no_relayout (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("gauges", 1, "Gauges", expected);
  GtkWidget *stack, *shown, *gauges, *window;
  GdkSurface *surface;
  guint layouts = 0;
  int done = 0;
  gulong handler;
  g_autofree char *completed = NULL;
  gint64 deadline;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  stack = gtk_stack_new ();
  shown = gtk_label_new ("another page");
  gauges = lab_pool_gauges_new ();
  gtk_stack_add_named (GTK_STACK (stack), shown, "shown");
  gtk_stack_add_named (GTK_STACK (stack), gauges, "pool");
  gtk_stack_set_visible_child (GTK_STACK (stack), shown);
  window = instruments_show (stack, 600, 300);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  lab_run_monitor_start (monitor);
  lab_pool_gauges_set_monitor (LAB_POOL_GAUGES (gauges), monitor);
  instruments_wait_frames (window, 3);

  handler = g_signal_connect (surface, "compute-size", G_CALLBACK (on_compute_size), &layouts);
  /* items complete: the counters the monitor reads change */
  for (guint i = 0; i < 5; i++)
    pool_thread_pool_queue_user_work_item (count_item, &done, FALSE);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      lab_run_monitor_update (monitor);
      instruments_wait_frames (window, 1);
    }
  while (lab_run_monitor_get_counters (monitor)->completed < 5 &&
         g_get_monotonic_time () < deadline);
  g_assert_cmpuint (lab_run_monitor_get_counters (monitor)->completed, >=, 5);
  instruments_wait_frames (window, 3);
  g_signal_handler_disconnect (surface, handler);
  g_assert_cmpuint (layouts, ==, 0);

  /* shown: the last counters */
  completed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                               lab_run_monitor_get_counters (monitor)->completed);
  gtk_stack_set_visible_child (GTK_STACK (stack), gauges);
  instruments_wait_frames (window, 2);
  g_assert_cmpstr (lab_pool_gauges_get_value_text (LAB_POOL_GAUGES (gauges), "completed"), ==,
                   completed);
  lab_run_monitor_finish (monitor, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

#define QE(kind, w, task, item, label, queue, index, ms) \
  queue_event (0, POOL_TRACE_KIND_##kind, w, task, item, label, POOL_TRACE_QUEUE_##queue, index, ms)

/* Appends @event to @model and shows it: the view's refresh, then frames. */
static void
append_and_show (LabTraceModel  *model,
                 PoolTraceEvent  event,
                 LabQueueView   *view,
                 GtkWidget      *window)
{
  lab_trace_model_append (model, &event, 1);
  lab_queue_view_flush (view);
  instruments_wait_frames (window, 1);
}

/* A live run: the queues' content changes on every refresh and the window is
 * not laid out again (on X11 a layout of the toplevel costs a frame); a new
 * row lays it out once; compact, a queue that fills and empties again does
 * not either once it was shown. */
static void
test_queue_view_draw_only (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  GtkWidget *window;
  LabQueueView *view;
  GdkSurface *surface;
  g_auto(GStrv) chips = NULL;
  guint layouts = 0, changes = 0, per_resize;
  gulong handler;
  int height;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  view = LAB_QUEUE_VIEW (lab_queue_view_new ());
  /* at the top of the window, its own height */
  gtk_widget_set_valign (GTK_WIDGET (view), GTK_ALIGN_START);
  window = instruments_show (GTK_WIDGET (view), 900, 300);
  lab_queue_view_set_model (view, model);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  handler = g_signal_connect (surface, "compute-size", G_CALLBACK (on_compute_size), &layouts);
  instruments_wait_frames (window, 3);
  /* the UI thread's and the global queue are there before any event */
  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 2);
  height = gtk_widget_get_height (GTK_WIDGET (view));
  /* what one resize of the view costs the window (on X11, two toplevel
   * layouts): the count can fail */
  layouts = 0;
  gtk_widget_queue_resize (GTK_WIDGET (view));
  instruments_wait_frames (window, 3);
  per_resize = layouts;
  g_assert_cmpuint (per_resize, >=, 1);
  layouts = 0;

  /* the UI thread queues tasks to the global queue (more than a row shows)
   * and posts to its own queue, which it empties again */
  for (guint i = 0; i < 30; i++)
    {
      g_auto(GStrv) before = lab_queue_view_dup_row_chips (view, 1);
      g_auto(GStrv) after = NULL;

      append_and_show (model, QE (QUEUED, -1, 100 + i, 0, NULL, GLOBAL, -1, 10 + i), view, window);
      if (i % 2 == 0)
        append_and_show (model, QE (QUEUED, -1, 0, 1000 + i, "await", MAIN_CONTEXT, -1, 10.5 + i),
                         view, window);
      else
        append_and_show (model, QE (DEQUEUED, -1, 0, 1000 + i - 1, "await", MAIN_CONTEXT, -1,
                                   10.5 + i),
                         view, window);
      after = lab_queue_view_dup_row_chips (view, 1);
      changes += !g_strv_equal ((const char * const *) before, (const char * const *) after);
    }
  instruments_wait_frames (window, 2);
  g_assert_cmpuint (changes, ==, 30);
  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 2);
  chips = lab_queue_view_dup_row_chips (view, 1);
  g_assert_cmpuint (g_strv_length (chips), ==, 13);
  g_assert_cmpstr (chips[12], ==, "+18 more [more]");
  g_assert_cmpuint (layouts, ==, 0);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), ==, height);

  /* a worker takes a task: its local queue is a new row, one resize */
  append_and_show (model, QE (DEQUEUED, 0, 100, 0, NULL, GLOBAL, -1, 50), view, window);
  instruments_wait_frames (window, 3);
  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 3);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), >, height);
  g_assert_cmpuint (layouts, <=, per_resize);

  /* compact: the UI thread's queue fills (its row shows: the size is for the
   * most rows shown since the model was set) ... */
  lab_queue_view_set_compact (view, TRUE);
  append_and_show (model, QE (QUEUED, -1, 0, 2000, "await", MAIN_CONTEXT, -1, 60), view, window);
  g_assert_true (lab_queue_view_get_row_visible (view, 0));
  instruments_wait_frames (window, 3);
  layouts = 0;
  /* ... and empties and fills again: drawn only */
  for (guint i = 0; i < 10; i++)
    {
      append_and_show (model, QE (DEQUEUED, -1, 0, 2000 + i, "await", MAIN_CONTEXT, -1, 61 + i),
                       view, window);
      /* (what left shows one step longer) */
      append_and_show (model, QE (QUEUED, -1, 200 + i, 0, NULL, GLOBAL, -1, 61.2 + i), view,
                       window);
      g_assert_false (lab_queue_view_get_row_visible (view, 0));
      append_and_show (model, QE (QUEUED, -1, 0, 2001 + i, "await", MAIN_CONTEXT, -1, 61.5 + i),
                       view, window);
      g_assert_true (lab_queue_view_get_row_visible (view, 0));
    }
  instruments_wait_frames (window, 2);
  g_assert_cmpuint (layouts, ==, 0);

  g_signal_handler_disconnect (surface, handler);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A timeline in a window, with the UI thread's lane, and the window's
 * layouts counted from when it settled. */
typedef struct
{
  LabTraceModel     *model;
  GtkWidget         *window;
  LabTimeline       *timeline;
  LabTimelineLayout *layout;
  GdkSurface        *surface;
  gulong             handler;
  guint              layouts;
} TimelineCase;

static void
timeline_case_open (TimelineCase *c,
                    guint         reserved_lanes)
{
  PoolTraceEvent ui = UI_EVENT (1, POOL_TRACE_KIND_TASK, 2, NULL, 0, 0, 10);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  c->model = lab_trace_model_new (ORIGIN_US, 1);
  c->timeline = LAB_TIMELINE (lab_timeline_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->timeline));
  c->window = instruments_show (box, 900, 600);
  lab_trace_model_append (c->model, &ui, 1);
  lab_timeline_set_model (c->timeline, c->model);
  lab_timeline_set_reserved_lanes (c->timeline, reserved_lanes);
  g_assert_cmpuint (lab_timeline_get_reserved_lanes (c->timeline), ==, reserved_lanes);
  c->layout = lab_timeline_get_layout (c->timeline);
  c->surface = gtk_native_get_surface (GTK_NATIVE (c->window));
  c->handler = g_signal_connect (c->surface, "compute-size", G_CALLBACK (on_compute_size),
                                 &c->layouts);
  instruments_wait_frames (c->window, 3);
  c->layouts = 0;
}

static void
timeline_case_close (TimelineCase *c)
{
  g_signal_handler_disconnect (c->surface, c->handler);
  gtk_window_destroy (GTK_WINDOW (c->window));
  g_clear_object (&c->model);
}

/* A lane that leaves the timeline's heights as they were (the second: the
 * least is two lanes' worth) does not lay the window out again; a third
 * lane, which needs more height, does. */
static void
test_timeline_lane_no_relayout (void)
{
  PoolTraceEvent first = WORKER_EVENT (2, POOL_TRACE_KIND_TASK, 3, NULL, 0, 0, 5, 30);
  PoolTraceEvent second = WORKER_EVENT (3, POOL_TRACE_KIND_TASK, 4, NULL, 1, 0, 6, 40);
  TimelineCase c = { 0, };

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline_case_open (&c, 0);

  lab_trace_model_append (c.model, &first, 1);
  instruments_wait_frames (c.window, 3);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (c.layout), ==, 2);
  g_assert_cmpuint (c.layouts, ==, 0);

  lab_trace_model_append (c.model, &second, 1);
  instruments_wait_frames (c.window, 3);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (c.layout), ==, 3);
  g_assert_cmpuint (c.layouts, >=, 1);

  timeline_case_close (&c);
}

/* Room kept for two workers' queues: their rows appear without laying the
 * window out, the height as it was; a third worker's, past the room, does
 * (the count can fail); no room any more: the size is for the rows shown. */
static void
test_queue_view_reserved_workers (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  GtkWidget *window;
  LabQueueView *view;
  GdkSurface *surface;
  guint layouts = 0;
  gulong handler;
  int height;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  view = LAB_QUEUE_VIEW (lab_queue_view_new ());
  gtk_widget_set_valign (GTK_WIDGET (view), GTK_ALIGN_START);
  window = instruments_show (GTK_WIDGET (view), 900, 300);
  lab_queue_view_set_model (view, model);
  lab_queue_view_set_reserved_workers (view, 2);
  g_assert_cmpuint (lab_queue_view_get_reserved_workers (view), ==, 2);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  handler = g_signal_connect (surface, "compute-size", G_CALLBACK (on_compute_size), &layouts);
  instruments_wait_frames (window, 3);
  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 2);
  height = gtk_widget_get_height (GTK_WIDGET (view));
  layouts = 0;

  /* two workers take a task each: two new rows, in the room kept */
  append_and_show (model, QE (QUEUED, -1, 100, 0, NULL, GLOBAL, -1, 10), view, window);
  append_and_show (model, QE (QUEUED, -1, 101, 0, NULL, GLOBAL, -1, 11), view, window);
  append_and_show (model, QE (DEQUEUED, 0, 100, 0, NULL, GLOBAL, -1, 20), view, window);
  append_and_show (model, QE (DEQUEUED, 1, 101, 0, NULL, GLOBAL, -1, 21), view, window);
  instruments_wait_frames (window, 3);
  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 4);
  g_assert_cmpstr (lab_queue_view_get_row_title (view, 3), ==, "Worker 2's local queue");
  g_assert_cmpuint (layouts, ==, 0);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), ==, height);

  /* the room given back: the rows shown keep theirs */
  lab_queue_view_set_reserved_workers (view, 0);
  instruments_wait_frames (window, 3);
  g_assert_cmpuint (layouts, ==, 0);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), ==, height);

  /* a third worker (one the pool injected): past the room, a resize */
  append_and_show (model, QE (QUEUED, -1, 102, 0, NULL, GLOBAL, -1, 30), view, window);
  append_and_show (model, QE (DEQUEUED, 2, 102, 0, NULL, GLOBAL, -1, 31), view, window);
  instruments_wait_frames (window, 3);
  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 5);
  g_assert_cmpuint (layouts, >=, 1);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), >, height);

  g_signal_handler_disconnect (surface, handler);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Room kept for three lanes (the UI thread and two workers): the third lane
 * is laid out within the timeline, without a layout of the window; a fourth,
 * past the room, is not. */
static void
test_timeline_reserved_lanes (void)
{
  PoolTraceEvent first = WORKER_EVENT (2, POOL_TRACE_KIND_TASK, 3, NULL, 0, 0, 5, 30);
  PoolTraceEvent second = WORKER_EVENT (3, POOL_TRACE_KIND_TASK, 4, NULL, 1, 0, 6, 40);
  PoolTraceEvent third = WORKER_EVENT (4, POOL_TRACE_KIND_TASK, 5, NULL, 2, 0, 7, 50);
  TimelineCase c = { 0, };

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline_case_open (&c, 3);

  lab_trace_model_append (c.model, &first, 1);
  lab_trace_model_append (c.model, &second, 1);
  instruments_wait_frames (c.window, 3);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (c.layout), ==, 3);
  g_assert_cmpuint (c.layouts, ==, 0);

  lab_trace_model_append (c.model, &third, 1);
  instruments_wait_frames (c.window, 3);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (c.layout), ==, 4);
  g_assert_cmpuint (c.layouts, >=, 1);

  timeline_case_close (&c);
}

static gboolean
workers_shown (LabWindow *window,
               guint      workers)
{
  return lab_queue_view_get_n_rows (window->queue_view) >= 2 + workers &&
         lab_trace_model_get_n_lanes (lab_timeline_get_model (window->timeline)) >= workers;
}

/* A live run in the real window, as the application shows one: once the
 * click has been acknowledged (Run turns into Cancel), the pool's workers
 * run their first items and their lanes and queue rows appear in the room
 * the window kept for them, without a layout of the window (on X11 it waits
 * for the X server, in the run's first frames); finished, the room goes. */
static void
test_window_live_run_no_relayout (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("live", 1, "Live", expected);
  InstrumentsGate gate;
  LabWindow *window;
  GdkSurface *surface;
  guint layouts = 0, quiet = 0, threads, workers;
  gulong handler;
  gint64 deadline;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  /* the application's style (AdwApplication does this): without it, GTK's
   * own theme animates the scrollbars, laying the window out on every frame */
  adw_init ();
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "live", "Group", "1. Live", "Live.", "More on it.", "// C#",
                           "/* C */", FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 2);

  lab_run_monitor_start (monitor);
  lab_window_set_monitor (window, monitor);
  threads = lab_run_monitor_get_counters (monitor)->threads;
  g_assert_cmpuint (threads, >=, 1);
  /* room for two workers at most (or the one there is) */
  workers = MIN (threads, 2);
  g_assert_cmpuint (lab_timeline_get_reserved_lanes (window->timeline), ==, 1 + workers);
  g_assert_cmpuint (lab_queue_view_get_reserved_workers (window->queue_view), ==, workers);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  handler = g_signal_connect (surface, "compute-size", G_CALLBACK (on_compute_size), &layouts);
  /* the click acknowledged (Run turns into Cancel, the views start over):
   * ten frames in a row without a layout */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (quiet < 10 && g_get_monotonic_time () < deadline)
    {
      layouts = 0;
      instruments_wait_frames (GTK_WIDGET (window), 1);
      quiet = layouts == 0 ? quiet + 1 : 0;
    }
  g_assert_cmpuint (quiet, ==, 10);
  layouts = 0;

  /* as many workers each run an item */
  instruments_gate_init (&gate);
  instruments_gate_starve_pool (&gate, workers, 0);
  instruments_gate_open (&gate, workers);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      lab_run_monitor_update (monitor);
      instruments_frames_for (GTK_WIDGET (window), 1, 20);
    }
  while (!workers_shown (window, workers) && g_get_monotonic_time () < deadline);
  g_assert_true (workers_shown (window, workers));
  instruments_wait_frames (GTK_WIDGET (window), 3);
  g_signal_handler_disconnect (surface, handler);
  g_assert_cmpuint (layouts, ==, 0);

  lab_run_monitor_finish (monitor, NULL);
  instruments_wait_frames (GTK_WIDGET (window), 1);
  g_assert_cmpuint (lab_timeline_get_reserved_lanes (window->timeline), ==, 0);
  g_assert_cmpuint (lab_queue_view_get_reserved_workers (window->queue_view), ==, 0);
  instruments_gate_clear (&gate);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A chart that counts its layouts. */
G_DECLARE_FINAL_TYPE (CountChart, count_chart, COUNT, CHART, LabChart)

struct _CountChart
{
  LabChart parent_instance;
  guint    layouts;
};

G_DEFINE_FINAL_TYPE (CountChart, count_chart, LAB_TYPE_CHART)

static void
count_chart_layout (LabChart *chart,
                    int       width,
                    int       height,
                    gint64    now_us)
{
  COUNT_CHART (chart)->layouts++;
}

static void
count_chart_draw (LabChart    *chart,
                  GtkSnapshot *snapshot)
{
}

static void
count_chart_class_init (CountChartClass *klass)
{
  LAB_CHART_CLASS (klass)->layout = count_chart_layout;
  LAB_CHART_CLASS (klass)->draw = count_chart_draw;
}

static void
count_chart_init (CountChart *self)
{
}

/* Live, data that changes on every frame (a run's first frames) is laid out
 * once per live interval (50 ms), not on every frame; not live, each change
 * before the next frame. */
static void
test_chart_live_data_coalesced (void)
{
  CountChart *chart = g_object_new (count_chart_get_type (), NULL);
  GtkWidget *window;
  guint frames = 0;
  gint64 began;
  double elapsed_ms;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = instruments_show (GTK_WIDGET (chart), 400, 200);
  lab_chart_set_live (LAB_CHART (chart), TRUE);
  instruments_wait_frames (window, 3);
  chart->layouts = 0;
  began = g_get_monotonic_time ();
  while (frames < 30 || g_get_monotonic_time () - began < 300 * 1000)
    {
      lab_chart_invalidate (LAB_CHART (chart));
      instruments_wait_frames (window, 1);
      frames++;
    }
  elapsed_ms = (g_get_monotonic_time () - began) / 1000.0;
  /* still laid out while live, but not on every frame of new data */
  g_assert_cmpuint (chart->layouts, >=, 2);
  g_assert_cmpfloat (chart->layouts, <=, elapsed_ms / 50.0 + 2);

  lab_chart_set_live (LAB_CHART (chart), FALSE);
  instruments_wait_frames (window, 2);
  chart->layouts = 0;
  for (guint i = 0; i < 5; i++)
    {
      lab_chart_invalidate (LAB_CHART (chart));
      instruments_wait_frames (window, 1);
    }
  g_assert_cmpuint (chart->layouts, ==, 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Narrow, a row's chips stay on one line: those that fit, then how many more. */
static void
test_queue_view_narrow (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  g_auto(GStrv) drawn = NULL;
  GtkWidget *window;
  LabQueueView *view;
  guint n;
  float end = 0;
  int height;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  view = LAB_QUEUE_VIEW (lab_queue_view_new ());
  window = instruments_show (GTK_WIDGET (view), 520, 200);
  lab_queue_view_set_model (view, model);
  instruments_wait_frames (window, 2);
  height = gtk_widget_get_height (GTK_WIDGET (view));
  for (guint i = 0; i < 5; i++)
    {
      PoolTraceEvent event = QE (QUEUED, -1, 100 + i, 0, NULL, GLOBAL, -1, 10 + i);

      lab_trace_model_append (model, &event, 1);
    }
  lab_queue_view_flush (view);
  instruments_wait_frames (window, 2);

  drawn = lab_queue_view_dup_row_drawn (view, 1, &end);
  n = g_strv_length (drawn);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (n, <, 6);
  g_assert_cmpstr (drawn[0], ==, "Task 100");
  /* the entries drawn and the count of the others make the five */
  g_assert_cmpuint (n - 1 + g_ascii_strtoull (drawn[n - 1] + 1, NULL, 10), ==, 5);
  g_assert_true (g_str_has_suffix (drawn[n - 1], " more [more]"));
  g_assert_cmpfloat (end, <=, gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), ==, height);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  instruments_test_init (&argc, &argv);

  g_test_add_func ("/ui/frame-cost/live-instruments/no-relayout",
                   test_live_instruments_no_relayout);
  g_test_add_func ("/ui/frame-cost/gauges/hidden-no-relayout", test_hidden_gauges_no_relayout);
  g_test_add_func ("/ui/frame-cost/stall-chart/steps", test_stall_chart_steps);
  g_test_add_func ("/ui/frame-cost/spinner/turns", test_spinner_turns);
  g_test_add_func ("/ui/frame-cost/em/follows-font", test_em_follows_font);
  g_test_add_func ("/ui/frame-cost/queue-view/draw-only", test_queue_view_draw_only);
  g_test_add_func ("/ui/frame-cost/queue-view/narrow", test_queue_view_narrow);
  g_test_add_func ("/ui/frame-cost/timeline/lane-no-relayout", test_timeline_lane_no_relayout);
  g_test_add_func ("/ui/frame-cost/queue-view/reserved-workers", test_queue_view_reserved_workers);
  g_test_add_func ("/ui/frame-cost/timeline/reserved-lanes", test_timeline_reserved_lanes);
  g_test_add_func ("/ui/frame-cost/chart/live-data-coalesced", test_chart_live_data_coalesced);
  /* last: it loads the application's style (adw_init) */
  g_test_add_func ("/ui/frame-cost/window/live-run-no-relayout", test_window_live_run_no_relayout);

  return instruments_test_run ();
}
