/* test-instruments.c — the live instruments draw what the data says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline, the stall chart and the pool gauges run in real windows on
 * a private Xvfb with the Cairo renderer, each bound to its model (a trace
 * model, a stall series, a run monitor); the tests check the prepared
 * layout (rows, rectangles, links, the marked stall) and the PNG export,
 * not pixels alone. Without Xvfb they are skipped.
 */
#include "lab-pool-gauges.h"
#include "lab-chips.h"
#include "lab-stall-chart-private.h"
#include "lab-timeline-private.h"
#include "test-instruments-util.h"

static LabTimeline *
show_timeline (GtkWidget **window)
{
  GtkWidget *timeline = lab_timeline_new ();

  *window = instruments_show (timeline, 900, 400);
  return LAB_TIMELINE (timeline);
}

/* A new model of @n_events of @events (all when 0), shown by @timeline. */
static LabTraceModel *
set_events (LabTimeline          *timeline,
            const PoolTraceEvent *events,
            guint                 n_events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 0);

  lab_trace_model_append (model, events, n_events);
  lab_timeline_set_model (timeline, model);
  g_object_unref (model);
  return model;
}

#define EVENTS(array) ((const PoolTraceEvent *) (gpointer) (array)->data), (array)->len

/* One row per lane of the model, titled as the model names its threads; none without a model. */
static void
test_timeline_lanes_one_per_thread (void)
{
  GtkWidget *window;
  LabTimeline *timeline;
  PoolTraceEvent events[] = {
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 2, NULL, 1, 0, 0, 10),
    UI_EVENT (1, POOL_TRACE_KIND_TASK, 1, NULL, 0, 0, 5),
    WORKER_EVENT (2, POOL_TRACE_KIND_TASK, 3, NULL, 0, 0, 2, 20),
    WORKER_EVENT (3, POOL_TRACE_KIND_TASK, 4, NULL, 0, 0, 25, 30),
    WORKER_EVENT (4, POOL_TRACE_KIND_REGION, 4, "blur", 0, 0, 26, 29),
  };

  LabTraceModel *model;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  model = set_events (timeline, events, G_N_ELEMENTS (events));

  /* the rows are the model's lanes, in its order, with its names */
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (lab_timeline_get_layout (timeline)), ==, 3);
  for (guint row = 0; row < 3; row++)
    g_assert_cmpstr (lab_timeline_layout_get_row_title (lab_timeline_get_layout (timeline), row), ==,
                     lab_trace_model_get_lane_at_row (model, row)->title);
  g_assert_cmpstr (lab_timeline_layout_get_row_title (lab_timeline_get_layout (timeline), 0), ==,
                   "UI thread");

  lab_timeline_set_model (timeline, NULL);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (lab_timeline_get_layout (timeline)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The baseline (before the work's start) is a band from the rows' left edge, over its share of
 * the span, named where the name fits; a model without a work start has none. */
static void
test_timeline_baseline_band (void)
{
  const PoolTraceEvent events[] = {
    WORKER_EVENT (1, POOL_TRACE_KIND_TASK, 2, NULL, 0, 0, 250, 1000),
    WORKER_EVENT (2, POOL_TRACE_KIND_REGION, 2, "blur", 0, 0, 260, 990),
  };
  GtkWidget *window;
  LabTimeline *timeline;
  LabTraceModel *model;
  graphene_rect_t band, bar;
  gboolean named;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  model = set_events (timeline, events, G_N_ELEMENTS (events));
  lab_chart_ensure_layout (LAB_CHART (timeline));
  g_assert_false (lab_timeline_layout_get_baseline (lab_timeline_get_layout (timeline), NULL, NULL));

  lab_trace_model_set_work_start (model, ORIGIN_US + MS (250));
  lab_chart_ensure_layout (LAB_CHART (timeline));
  g_assert_true (lab_timeline_layout_get_baseline (lab_timeline_get_layout (timeline), &band,
                                                   &named));
  g_assert_true (named);
  g_assert_true (lab_timeline_layout_get_event_bounds (lab_timeline_get_layout (timeline), 1, &bar,
                                                       NULL, NULL));
  /* the band ends where the task's bar begins, at the work's start */
  g_assert_cmpfloat (fabsf (band.origin.x + band.size.width - bar.origin.x), <=, 1.5f);
  g_assert_cmpfloat (band.size.width, >, 20.0f);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A worker the pool injects mid-run adds a row as the model grows, and the widget grows to show it. */
static void
test_timeline_lanes_injected_worker (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  GtkWidget *window;
  LabTimeline *timeline;
  int height_before, natural_before, natural_after;

  LabTraceModel *model;
  PoolTraceEvent io = IO_EVENT (9, "download", 0, 300);

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);

  /* before the injection: only what ran on the UI thread and workers 1, 2 */
  model = set_events (timeline, (const PoolTraceEvent *) (gpointer) events->data, 6);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (lab_timeline_get_layout (timeline)), ==, 3);
  instruments_wait_frames (window, 1);
  height_before = gtk_widget_get_height (GTK_WIDGET (timeline));
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      NULL, &natural_before, NULL, NULL);

  /* the trace goes on with worker 5 (injected) and a dedicated thread */
  lab_trace_model_append (model, &g_array_index (events, PoolTraceEvent, 6), events->len - 6);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (lab_timeline_get_layout (timeline)), ==, 5);
  g_assert_cmpstr (lab_timeline_layout_get_row_title (lab_timeline_get_layout (timeline), 3), ==, "Worker 5");
  g_assert_cmpstr (lab_timeline_layout_get_row_title (lab_timeline_get_layout (timeline), 4), ==, "Dedicated 1");
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      NULL, &natural_after, NULL, NULL);
  g_assert_cmpint (natural_after, >, natural_before);
  g_assert_cmpint (height_before, >, 0);

  /* awaited I/O gets the last row */
  lab_trace_model_append (model, &io, 1);
  g_assert_cmpuint (lab_timeline_layout_get_n_rows (lab_timeline_get_layout (timeline)), ==, 6);
  g_assert_cmpstr (lab_timeline_layout_get_row_title (lab_timeline_get_layout (timeline), 5), ==,
                   "I/O (no thread)");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A task's wait in the queue ends where its bar starts, above it, on its lane. */
static void
test_timeline_queue_wait_before_bar (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  graphene_rect_t bar, wait, plain_bar;
  gboolean has_wait = FALSE;
  GtkWidget *window;
  LabTimeline *timeline;
  float lane_top, lane_bottom;

  LabTimelineLayout *layout;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  set_events (timeline, EVENTS (events));
  layout = lab_timeline_get_layout (timeline);

  /* event 6: task 5 queued at 50 ms, started at 550 ms on worker 5 (row 3) */
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 6, &bar, &wait, &has_wait));
  g_assert_true (has_wait);
  g_assert_cmpfloat_with_epsilon (wait.origin.x + wait.size.width, bar.origin.x, 1.0);
  g_assert_cmpfloat (wait.origin.x, <, bar.origin.x);
  /* 500 ms of waiting for 350 ms of running */
  g_assert_cmpfloat_with_epsilon (wait.size.width / bar.size.width, 500.0 / 350.0, 0.05);
  g_assert_cmpfloat (wait.origin.y + wait.size.height, <=, bar.origin.y);
  lane_top = lab_timeline_layout_get_row_y (layout, 3);
  lane_bottom = lab_timeline_layout_get_row_y (layout, 4);
  g_assert_cmpfloat (wait.origin.y, >=, lane_top);
  g_assert_cmpfloat (bar.origin.y + bar.size.height, <=, lane_bottom);

  /* a task that never waited in a queue has no wait band */
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 7, &plain_bar, NULL, &has_wait));
  g_assert_false (has_wait);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The model's hand-off link is an arrow from the end of the worker's bar to the UI bar. */
static void
test_timeline_links_hand_off (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  graphene_rect_t worker_bar, ui_bar;
  graphene_point_t from, to;
  GtkWidget *window;
  LabTimeline *timeline;

  LabTimelineLayout *layout;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  set_events (timeline, EVENTS (events));
  layout = lab_timeline_get_layout (timeline);

  g_assert_cmpuint (lab_timeline_layout_get_n_links (layout), ==, 1);
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 2, &worker_bar, NULL, NULL));
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 3, &ui_bar, NULL, NULL));
  g_assert_true (lab_timeline_layout_get_link_ends (layout, 0, &from, &to));
  g_assert_cmpfloat_with_epsilon (from.x, worker_bar.origin.x + worker_bar.size.width, 1.0);
  g_assert_cmpfloat (from.y, >, worker_bar.origin.y);
  g_assert_cmpfloat (from.y, <, worker_bar.origin.y + worker_bar.size.height);
  g_assert_cmpfloat_with_epsilon (to.x, ui_bar.origin.x, 1.0);
  g_assert_cmpfloat_with_epsilon (to.y, ui_bar.origin.y + ui_bar.size.height, 1.0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* While live the right edge follows the frame clock; afterwards the span fits the events. */
static void
test_timeline_live_follows_now (void)
{
  GtkWidget *window;
  LabTimeline *timeline;
  graphene_rect_t live_bar, fitted_bar;
  gint64 origin = g_get_monotonic_time () - 1000 * 1000;
  PoolTraceEvent event = WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 2, NULL, 0, 0, 0, 0);

  INSTRUMENTS_REQUIRE_DISPLAY ();
  /* a 100 ms task at the start of a run that began a second ago */
  event.start_us = origin;
  event.end_us = origin + MS (100);
  g_autoptr(LabTraceModel) model = lab_trace_model_new (origin, 0);

  timeline = show_timeline (&window);
  lab_trace_model_append (model, &event, 1);
  lab_timeline_set_model (timeline, model);

  lab_chart_set_live (LAB_CHART (timeline), TRUE);
  instruments_wait_frames (window, 2);
  g_assert_true (lab_timeline_layout_get_event_bounds (lab_timeline_get_layout (timeline), 0,
                                                       &live_bar, NULL, NULL));

  lab_chart_set_live (LAB_CHART (timeline), FALSE);
  g_assert_true (lab_timeline_layout_get_event_bounds (lab_timeline_get_layout (timeline), 0,
                                                       &fitted_bar, NULL, NULL));
  /* live: 100 ms of at least 1 s; fitted: 100 ms of 102 ms */
  g_assert_cmpfloat (live_bar.size.width * 5, <, fitted_bar.size.width);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Live, the axis holds still up to the next round span past now (and at least the span the
 * timeline is given): what is drawn stays where it is, and a line marks now; past that span, the
 * axis steps to the next one. Not live, no line. */
static void
test_timeline_live_axis_holds_still (void)
{
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout = lab_timeline_layout_new ();
  graphene_rect_t first, same, stepped;
  float now_x, later_x, x;
  PoolTraceEvent event = WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 2, NULL, 0, 0, 0, 100);
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  lab_trace_model_append (model, &event, 1);

  /* 1.1 s and 1.4 s into the run: both on a 1.5 s axis */
  lab_timeline_layout_compute (layout, GTK_WIDGET (timeline), model, 900, 300,
                               ORIGIN_US + MS (1100), 0);
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 0, &first, NULL, NULL));
  g_assert_true (lab_timeline_layout_get_now_x (layout, &now_x));
  g_assert_cmpfloat_with_epsilon (now_x, lab_timeline_layout_x_for_time (layout, ORIGIN_US + MS (1100)),
                                  1.0);
  g_assert_cmpfloat_with_epsilon (first.size.width * 15,
                                  lab_timeline_layout_x_for_time (layout, ORIGIN_US + MS (1500)) -
                                  lab_timeline_layout_x_for_time (layout, ORIGIN_US), 15.0);
  lab_timeline_layout_compute (layout, GTK_WIDGET (timeline), model, 900, 300,
                               ORIGIN_US + MS (1400), 0);
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 0, &same, NULL, NULL));
  g_assert_true (graphene_rect_equal (&first, &same));
  g_assert_true (lab_timeline_layout_get_now_x (layout, &later_x));
  g_assert_cmpfloat (later_x, >, now_x + 50);

  /* 1.6 s: a 2 s axis, the bar three quarters as wide */
  lab_timeline_layout_compute (layout, GTK_WIDGET (timeline), model, 900, 300,
                               ORIGIN_US + MS (1600), 0);
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 0, &stepped, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (stepped.size.width, first.size.width * 0.75f, 1.0);

  /* given 2.7 s (a run's planned length), the axis is 3 s from the start */
  lab_timeline_layout_compute (layout, GTK_WIDGET (timeline), model, 900, 300,
                               ORIGIN_US + MS (1100), ORIGIN_US + MS (2700));
  g_assert_true (lab_timeline_layout_get_event_bounds (layout, 0, &stepped, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (stepped.size.width, first.size.width / 2, 1.0);

  lab_timeline_layout_compute (layout, GTK_WIDGET (timeline), model, 900, 300, 0, 0);
  g_assert_false (lab_timeline_layout_get_now_x (layout, &x));
  lab_timeline_layout_free (layout);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A full trace of tiny work items (the ring holds 65536) merges into a few rectangles per pixel. */
static void
test_timeline_large_trace (void)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  gint64 started;
  int width;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  for (guint i = 0; i < 65536; i++)
    {
      /* 10 µs items back to back on two workers, 330 ms in all */
      double start = (i / 2) * 0.01;
      PoolTraceEvent event = WORKER_EVENT (i, POOL_TRACE_KIND_WORK_ITEM, 0, NULL, (int) (i % 2),
                                           0, start, start + 0.009);

      g_array_append_val (events, event);
    }
  timeline = show_timeline (&window);
  width = gtk_widget_get_width (GTK_WIDGET (timeline));

  started = g_get_monotonic_time ();
  set_events (timeline, EVENTS (events));
  layout = lab_timeline_get_layout (timeline);
  g_test_message ("65536 events modelled and laid out in %.1f ms",
                  (g_get_monotonic_time () - started) / 1000.0);

  g_assert_cmpuint (lab_timeline_layout_get_n_rows (layout), ==, 3);
  g_assert_cmpuint (lab_timeline_layout_get_n_bars (layout), >, 0);
  g_assert_cmpuint (lab_timeline_layout_get_n_bars (layout), <=, 2 * (guint) width);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The PNG export is a real picture of the widget at its size, written atomically. */
static void
test_timeline_png_export (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tasklab-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "timeline.png", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "timeline.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GtkWidget *window;
  LabTimeline *timeline;
  int width, height;
  gboolean varied = FALSE;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  set_events (timeline, EVENTS (events));
  instruments_wait_frames (window, 1);
  width = gtk_widget_get_width (GTK_WIDGET (timeline));
  height = gtk_widget_get_height (GTK_WIDGET (timeline));

  g_assert_true (lab_chart_save_png (LAB_CHART (timeline), path, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 4; i < (gsize) width * height * 4 && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;
  g_assert_true (varied);

  /* an unwritable place: an error, no file */
  g_assert_false (lab_chart_save_png (LAB_CHART (timeline), bad_path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
add_heartbeats (LabStallSeries *series,
                gint64         *now,
                double          seconds)
{
  for (gint64 end = *now + (gint64) (seconds * G_USEC_PER_SEC); *now < end;)
    {
      *now += 4000;
      lab_stall_series_add (series, *now, 4.0 + (*now / 4000) % 3);
    }
}

/* A stall chart of @series in a window of its own. */
static LabStallChart *
show_stall_chart (LabStallSeries  *series,
                  GtkWidget      **window)
{
  GtkWidget *chart = lab_stall_chart_new ();

  *window = instruments_show (chart, 800, 260);
  lab_stall_chart_set_series (LAB_STALL_CHART (chart), series);
  return LAB_STALL_CHART (chart);
}

/* The longest gap in view gets the "N ms stall" mark over exactly its time. */
static void
test_stall_chart_marks_longest (void)
{
  GtkWidget *window, *chart_widget;
  LabStallChart *chart;
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  graphene_rect_t bar, pill;
  gint64 now = ORIGIN_US;
  float bars_before;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  chart = show_stall_chart (series, &window);
  chart_widget = GTK_WIDGET (chart);

  add_heartbeats (series, &now, 2.0);
  now += MS (120);
  lab_stall_series_add (series, now, 120.0);
  add_heartbeats (series, &now, 2.0);
  bars_before = lab_stall_chart_get_n_bars (chart);
  now += MS (1987);
  lab_stall_series_add (series, now, 1987.0);
  add_heartbeats (series, &now, 1.0);

  g_assert_cmpstr (lab_stall_chart_get_marker_text (chart), ==, "1987 ms stall");
  g_assert_cmpfloat (lab_stall_series_get_longest_ms (series), ==, 1987.0);
  /* floor (gap / 16.67) - 1 per gap: 6 for 120 ms, 118 for 1987 ms */
  g_assert_cmpuint (lab_stall_series_get_frames_missed (series), ==, 6 + 118);

  /* the marked block spans 1987 ms of the 10 s window and stands above the rest */
  g_assert_true (lab_stall_chart_get_marker_bounds (chart, &bar, &pill));
  g_assert_cmpfloat (bars_before, >, 10);
  {
    float plot_width = gtk_widget_get_width (chart_widget);

    g_assert_cmpfloat (bar.size.width, >, plot_width * 0.17f);
    g_assert_cmpfloat (bar.size.width, <, plot_width * 0.21f);
  }
  g_assert_cmpfloat (pill.origin.y + pill.size.height, <=, bar.origin.y + 1.0f);

  /* no series: no mark */
  lab_stall_chart_set_series (chart, NULL);
  g_assert_null (lab_stall_chart_get_marker_text (chart));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A smooth loop (every gap within a frame) has no mark and misses no frame. */
static void
test_stall_chart_smooth (void)
{
  GtkWidget *window;
  LabStallChart *chart;
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  gint64 now = ORIGIN_US;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  chart = show_stall_chart (series, &window);
  add_heartbeats (series, &now, 3.0);
  lab_stall_series_add (series, now + MS (16), 16.0);

  g_assert_null (lab_stall_chart_get_marker_text (chart));
  g_assert_cmpuint (lab_stall_series_get_frames_missed (series), ==, 0);
  g_assert_cmpuint (lab_stall_chart_get_n_bars (chart), >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The baseline is a band over exactly its time, there only once the series has one. */
static void
test_stall_chart_baseline_band (void)
{
  GtkWidget *window, *chart_widget;
  LabStallChart *chart;
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  graphene_rect_t band, bar;
  gint64 now = ORIGIN_US, work_start;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  chart = show_stall_chart (series, &window);
  chart_widget = GTK_WIDGET (chart);
  add_heartbeats (series, &now, 1.0);
  /* a second of beats, a 200 ms hiccup, 50 ms more: the baseline */
  now += MS (200);
  lab_stall_series_add (series, now, 200.0);
  add_heartbeats (series, &now, 0.05);
  g_assert_false (lab_stall_chart_get_baseline_band (chart, NULL));

  work_start = now;
  lab_stall_series_set_baseline (series, ORIGIN_US, work_start);
  add_heartbeats (series, &now, 3.0);
  g_assert_cmpfloat (lab_stall_series_get_baseline_longest_ms (series), ==, 200.0);

  g_assert_true (lab_stall_chart_get_baseline_band (chart, &band));
  g_assert_true (lab_stall_chart_get_marker_bounds (chart, &bar, NULL));
  /* the hiccup lies inside the band, which ends where the work began */
  g_assert_cmpfloat (bar.origin.x, >=, band.origin.x - 1.0f);
  g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, band.origin.x + band.size.width + 1.0f);
  {
    float plot_width = gtk_widget_get_width (chart_widget);
    float seconds = (work_start - ORIGIN_US) / (float) G_USEC_PER_SEC;

    /* the window is 10 s wide: the band is its baseline's share of it */
    g_assert_cmpfloat (band.size.width, >, plot_width * 0.8f * seconds / 10.0f);
    g_assert_cmpfloat (band.size.width, <, plot_width * 1.0f * seconds / 10.0f + 2.0f);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Chips kept to two lines: every chip shown, the "+N" one too, lies within
 * the height the widget asked for, whatever the count it says. */
static void
test_chips_stay_in_their_lines (void)
{
  const char *texts[] = { "Ran on: Worker 2, Worker 1, Worker 3",
                          "canceled before start: Canceled",
                          "canceled during run, not observed: RanToCompletion",
                          "observed, same token: Canceled", "thrown: Faulted",
                          "Longest stall: 244 ms", "Frames missed: 496", "Pool threads held: 4",
                          "Machine hiccup: 301 ms", "one more", "and another", "the last",
                          NULL };
  INSTRUMENTS_REQUIRE_DISPLAY ();
  /* every width, pixel by pixel (a line full to within the "+N" chip's few
   * pixels is what went wrong), each a first layout, when the "+N" label
   * does not say its count yet: measured for the width, allocated the
   * height asked for, as a box does */
  for (int width = 200; width <= 760; width++)
    {
      GtkWidget *chips = g_object_ref_sink (lab_chips_new ());
      int height;

      lab_chips_set_max_lines (LAB_CHIPS (chips), 2);
      lab_chips_set_texts (LAB_CHIPS (chips), texts);
      gtk_widget_measure (chips, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
      g_assert_cmpint (height, >, 0);
      gtk_widget_size_allocate (chips, &(GtkAllocation) { 0, 0, width, height }, -1);
      for (GtkWidget *child = gtk_widget_get_first_child (chips); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          graphene_rect_t bounds;

          if (!gtk_widget_get_child_visible (child) || !gtk_widget_get_visible (child))
            continue;
          g_assert_true (gtk_widget_compute_bounds (child, chips, &bounds));
          g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height + 0.5f);
        }
      g_object_unref (chips);
    }
}

static const char *
gauge_text (LabPoolGauges *gauges,
            const char    *name)
{
  return lab_pool_gauges_get_value_text (gauges, name);
}

/* The gauges show the counters the run's monitor reads from the pool: every worker
 * busy, two items queued behind them, and the items completed since the run began. */
static void
test_gauges_pool_values (void)
{
  GtkWidget *window, *gauges_widget;
  LabPoolGauges *gauges;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("gauges", 1, "Gauges", expected);
  guint n_blocking = pool_thread_pool_get_min_threads ();
  g_autofree char *expected_completed = g_strdup_printf ("%u", n_blocking + 2);
  const LabPoolCounters *counters;
  InstrumentsGate gate;
  gboolean matched = FALSE;
  gint64 deadline;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  gauges_widget = lab_pool_gauges_new ();
  gauges = LAB_POOL_GAUGES (gauges_widget);
  window = instruments_show (gauges_widget, 700, 140);
  g_assert_cmpstr (gauge_text (gauges, "completed"), ==, "0");
  lab_run_monitor_start (monitor);
  lab_pool_gauges_set_monitor (gauges, monitor);
  g_assert_cmpstr (gauge_text (gauges, "completed"), ==, "0");

  /* every worker blocked, two more items waiting behind them */
  instruments_gate_init (&gate);
  instruments_gate_starve_pool (&gate, n_blocking, 2);

  /* the pool may inject a thread meanwhile: compare when nothing moved */
  counters = lab_run_monitor_get_counters (monitor);
  for (int attempt = 0; attempt < 20 && !matched; attempt++)
    {
      g_autofree char *threads_text = NULL, *busy_text = NULL, *queued_text = NULL;

      lab_run_monitor_update (monitor);
      if (counters->threads != pool_thread_pool_get_thread_count () ||
          counters->busy != pool_thread_pool_get_busy_thread_count () ||
          counters->queued_global + counters->queued_local != pool_thread_pool_get_pending_work_item_count ())
        continue;
      threads_text = g_strdup_printf ("%u", counters->threads);
      busy_text = g_strdup_printf ("%u", counters->busy);
      queued_text = g_strdup_printf ("%u", counters->queued_global + counters->queued_local);
      g_assert_cmpstr (gauge_text (gauges, "threads"), ==, threads_text);
      g_assert_cmpstr (gauge_text (gauges, "busy"), ==, busy_text);
      g_assert_cmpstr (gauge_text (gauges, "queued"), ==, queued_text);
      g_assert_cmpuint (counters->busy, >=, n_blocking);
      matched = TRUE;
    }
  g_assert_true (matched);

  /* let them all finish: completed counts the run's items */
  instruments_gate_open (&gate, n_blocking + 2);
  /* a worker counts an item once its callback has returned: wait for that */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      lab_run_monitor_update (monitor);
      g_thread_yield ();
    }
  while (g_strcmp0 (gauge_text (gauges, "completed"), expected_completed) != 0 &&
         g_get_monotonic_time () < deadline);
  g_assert_cmpstr (gauge_text (gauges, "completed"), ==, expected_completed);
  lab_run_monitor_finish (monitor, NULL);

  /* no run: zeros again */
  lab_pool_gauges_set_monitor (gauges, NULL);
  g_assert_cmpstr (gauge_text (gauges, "completed"), ==, "0");
  instruments_gate_clear (&gate);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
trivial_item (gpointer   state,
              GError   **error)
{
}

/* The "threads" gauge's number as its label shows it now, without asking the
 * gauges (which would show what they kept first). */
static const char *
shown_threads_label (LabPoolGauges *gauges)
{
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (gauges));

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (box)));
}

/* Off screen, the gauges keep the counters rather than set their labels (a
 * label's new text lays the whole window out again); shown again, they show
 * the last counters, and asking for a value gives the kept one. */
static void
test_gauges_hidden_defers (void)
{
  GtkWidget *window, *gauges_widget;
  LabPoolGauges *gauges;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("gauges", 1, "Gauges", expected);
  g_autofree char *threads_text = NULL;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  /* a pool with threads: the "threads" gauge is not 0 */
  pool_thread_pool_queue_user_work_item (trivial_item, NULL, FALSE);
  g_assert_cmpuint (pool_thread_pool_get_thread_count (), >, 0);

  gauges_widget = lab_pool_gauges_new ();
  gauges = LAB_POOL_GAUGES (gauges_widget);
  window = instruments_show (gauges_widget, 700, 140);
  gtk_widget_set_visible (gauges_widget, FALSE);
  g_assert_false (gtk_widget_get_mapped (gauges_widget));

  lab_run_monitor_start (monitor);
  lab_run_monitor_update (monitor);
  threads_text = g_strdup_printf ("%u", lab_run_monitor_get_counters (monitor)->threads);
  g_assert_cmpstr (threads_text, !=, "0");
  lab_pool_gauges_set_monitor (gauges, monitor);
  g_assert_cmpstr (shown_threads_label (gauges), ==, "0");

  gtk_widget_set_visible (gauges_widget, TRUE);
  g_assert_true (gtk_widget_get_mapped (gauges_widget));
  g_assert_cmpstr (shown_threads_label (gauges), ==, threads_text);

  /* hidden again, no run: kept; asked, shown */
  gtk_widget_set_visible (gauges_widget, FALSE);
  lab_pool_gauges_set_monitor (gauges, NULL);
  g_assert_cmpstr (shown_threads_label (gauges), ==, threads_text);
  g_assert_cmpstr (gauge_text (gauges, "threads"), ==, "0");
  g_assert_cmpstr (shown_threads_label (gauges), ==, "0");
  lab_run_monitor_finish (monitor, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  instruments_test_init (&argc, &argv);

  g_test_add_func ("/ui/timeline/lanes/one-per-thread", test_timeline_lanes_one_per_thread);
  g_test_add_func ("/ui/timeline/lanes/injected-worker", test_timeline_lanes_injected_worker);
  g_test_add_func ("/ui/timeline/baseline-band", test_timeline_baseline_band);
  g_test_add_func ("/ui/timeline/queue-wait/before-bar", test_timeline_queue_wait_before_bar);
  g_test_add_func ("/ui/timeline/links/hand-off", test_timeline_links_hand_off);
  g_test_add_func ("/ui/timeline/live/follows-now", test_timeline_live_follows_now);
  g_test_add_func ("/ui/timeline/live/axis-holds-still", test_timeline_live_axis_holds_still);
  g_test_add_func ("/ui/timeline/large-trace", test_timeline_large_trace);
  g_test_add_func ("/ui/timeline/png/export", test_timeline_png_export);
  g_test_add_func ("/ui/stall-chart/marks-longest", test_stall_chart_marks_longest);
  g_test_add_func ("/ui/stall-chart/smooth", test_stall_chart_smooth);
  g_test_add_func ("/ui/stall-chart/baseline-band", test_stall_chart_baseline_band);
  g_test_add_func ("/ui/chips/stay-in-their-lines", test_chips_stay_in_their_lines);
  g_test_add_func ("/ui/gauges/pool-values", test_gauges_pool_values);
  g_test_add_func ("/ui/gauges/hidden-defers", test_gauges_hidden_defers);

  return instruments_test_run ();
}
