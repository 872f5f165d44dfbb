/* test-instruments.c — the live instruments draw what the data says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline, the stall chart and the pool gauges run in real windows on
 * a private Xvfb with the Cairo renderer; the tests check the prepared
 * layout (lanes, rectangles, links, the marked stall) and the exports (PNG,
 * Chrome Trace Event JSON), not pixels alone. Without Xvfb the widget tests
 * are skipped; the export and meter tests run anyway.
 */
#include <json-glib/json-glib.h>

#include "lab-pool-gauges.h"
#include "lab-stall-chart-private.h"
#include "lab-stall-meter.h"
#include "lab-timeline-private.h"
#include "lab-trace-export.h"
#include "test-instruments-util.h"

static gboolean have_display;
static char *no_display_reason;

#define REQUIRE_DISPLAY()                       \
  G_STMT_START {                                \
    if (!have_display)                          \
      {                                         \
        g_test_skip (no_display_reason);        \
        return;                                 \
      }                                         \
  } G_STMT_END

static LabTimeline *
show_timeline (GtkWidget **window)
{
  GtkWidget *timeline = lab_timeline_new ();

  *window = instruments_show (timeline, 900, 400);
  return LAB_TIMELINE (timeline);
}

static void
set_events (LabTimeline *timeline,
            GArray      *events)
{
  lab_timeline_set_events (timeline, (const PoolTraceEvent *) (gpointer) events->data,
                           events->len, ORIGIN_US);
}

/* One lane per thread that ran something, the UI thread's first, workers by index. */
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

  REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  lab_timeline_set_events (timeline, events, G_N_ELEMENTS (events), ORIGIN_US);

  g_assert_cmpuint (lab_timeline_get_n_lanes (timeline), ==, 3);
  g_assert_cmpstr (lab_timeline_get_lane_title (timeline, 0), ==, "UI thread");
  g_assert_cmpstr (lab_timeline_get_lane_title (timeline, 1), ==, "Worker 1");
  g_assert_cmpstr (lab_timeline_get_lane_title (timeline, 2), ==, "Worker 2");

  lab_timeline_clear (timeline);
  g_assert_cmpuint (lab_timeline_get_n_lanes (timeline), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A worker the pool injects mid-run adds a lane, and the widget grows to show it. */
static void
test_timeline_lanes_injected_worker (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  GtkWidget *window;
  LabTimeline *timeline;
  int height_before, natural_before, natural_after;

  REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);

  /* before the injection: only what ran on the UI thread and workers 1, 2 */
  lab_timeline_set_events (timeline, (PoolTraceEvent *) (gpointer) events->data, 6, ORIGIN_US);
  g_assert_cmpuint (lab_timeline_get_n_lanes (timeline), ==, 3);
  instruments_wait_frames (window, 1);
  height_before = gtk_widget_get_height (GTK_WIDGET (timeline));
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      NULL, &natural_before, NULL, NULL);

  /* the trace so far includes worker 5 (injected) and a dedicated thread */
  set_events (timeline, events);
  g_assert_cmpuint (lab_timeline_get_n_lanes (timeline), ==, 5);
  g_assert_cmpstr (lab_timeline_get_lane_title (timeline, 3), ==, "Worker 5");
  g_assert_cmpstr (lab_timeline_get_lane_title (timeline, 4), ==, "Dedicated 1");
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1,
                      NULL, &natural_after, NULL, NULL);
  g_assert_cmpint (natural_after, >, natural_before);
  g_assert_cmpint (height_before, >, 0);

  /* awaited I/O gets the last lane */
  lab_timeline_add_io_span (timeline, "download", ORIGIN_US, ORIGIN_US + MS (300));
  g_assert_cmpuint (lab_timeline_get_n_lanes (timeline), ==, 6);
  g_assert_cmpstr (lab_timeline_get_lane_title (timeline, 5), ==, "I/O (no thread)");
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

  REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  set_events (timeline, events);

  /* event 6: task 5 queued at 50 ms, started at 550 ms on worker 5 (lane 3) */
  g_assert_true (lab_timeline_get_event_bounds (timeline, 6, &bar, &wait, &has_wait));
  g_assert_true (has_wait);
  g_assert_cmpfloat_with_epsilon (wait.origin.x + wait.size.width, bar.origin.x, 1.0);
  g_assert_cmpfloat (wait.origin.x, <, bar.origin.x);
  /* 500 ms of waiting for 350 ms of running */
  g_assert_cmpfloat_with_epsilon (wait.size.width / bar.size.width, 500.0 / 350.0, 0.05);
  g_assert_cmpfloat (wait.origin.y + wait.size.height, <=, bar.origin.y);
  lane_top = lab_timeline_get_lane_y (timeline, 3);
  lane_bottom = lane_top + (lab_timeline_get_lane_y (timeline, 4) - lane_top);
  g_assert_cmpfloat (wait.origin.y, >=, lane_top);
  g_assert_cmpfloat (bar.origin.y + bar.size.height, <=, lane_bottom);

  /* a task that never waited in a queue has no wait band */
  g_assert_true (lab_timeline_get_event_bounds (timeline, 7, &plain_bar, NULL, &has_wait));
  g_assert_false (has_wait);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A UI task queued as a worker's task ends gets an arrow from that end; others get none. */
static void
test_timeline_links_hand_off (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  graphene_rect_t worker_bar, ui_bar;
  graphene_point_t from, to;
  GtkWidget *window;
  LabTimeline *timeline;

  REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  set_events (timeline, events);

  g_assert_cmpuint (lab_timeline_get_n_links (timeline), ==, 1);
  g_assert_true (lab_timeline_get_event_bounds (timeline, 2, &worker_bar, NULL, NULL));
  g_assert_true (lab_timeline_get_event_bounds (timeline, 3, &ui_bar, NULL, NULL));
  g_assert_true (lab_timeline_get_link_ends (timeline, 0, &from, &to));
  g_assert_cmpfloat_with_epsilon (from.x, worker_bar.origin.x + worker_bar.size.width, 1.0);
  g_assert_cmpfloat (from.y, >, worker_bar.origin.y);
  g_assert_cmpfloat (from.y, <, worker_bar.origin.y + worker_bar.size.height);
  g_assert_cmpfloat_with_epsilon (to.x, ui_bar.origin.x, 1.0);
  g_assert_cmpfloat_with_epsilon (to.y, ui_bar.origin.y + ui_bar.size.height, 1.0);

  /* no guessing: no arrow; an exact link by task ids: one again */
  lab_timeline_set_guess_links (timeline, FALSE);
  g_assert_cmpuint (lab_timeline_get_n_links (timeline), ==, 0);
  lab_timeline_add_link (timeline, 6, 3);
  g_assert_cmpuint (lab_timeline_get_n_links (timeline), ==, 1);
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

  REQUIRE_DISPLAY ();
  /* a 100 ms task at the start of a run that began a second ago */
  event.start_us = origin;
  event.end_us = origin + MS (100);
  timeline = show_timeline (&window);
  lab_timeline_set_events (timeline, &event, 1, origin);

  lab_timeline_set_live (timeline, TRUE);
  instruments_wait_frames (window, 2);
  g_assert_true (lab_timeline_get_event_bounds (timeline, 0, &live_bar, NULL, NULL));

  lab_timeline_set_live (timeline, FALSE);
  g_assert_true (lab_timeline_get_event_bounds (timeline, 0, &fitted_bar, NULL, NULL));
  /* live: 100 ms of at least 1 s; fitted: 100 ms of 102 ms */
  g_assert_cmpfloat (live_bar.size.width * 5, <, fitted_bar.size.width);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A full trace of tiny work items (the ring holds 65536) merges into a few rectangles per pixel. */
static void
test_timeline_large_trace (void)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  GtkWidget *window;
  LabTimeline *timeline;
  gint64 started;
  int width;

  REQUIRE_DISPLAY ();
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
  set_events (timeline, events);
  g_test_message ("65536 events laid out in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);

  g_assert_cmpuint (lab_timeline_get_n_lanes (timeline), ==, 3);
  g_assert_cmpuint (lab_timeline_get_n_bars (timeline), >, 0);
  g_assert_cmpuint (lab_timeline_get_n_bars (timeline), <=, 2 * (guint) width);
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

  REQUIRE_DISPLAY ();
  timeline = show_timeline (&window);
  set_events (timeline, events);
  instruments_wait_frames (window, 1);
  width = gtk_widget_get_width (GTK_WIDGET (timeline));
  height = gtk_widget_get_height (GTK_WIDGET (timeline));

  g_assert_true (lab_timeline_save_png (timeline, path, &error));
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
  g_assert_false (lab_timeline_save_png (timeline, bad_path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
add_heartbeats (LabStallChart *chart,
                gint64        *now,
                double         seconds)
{
  for (gint64 end = *now + (gint64) (seconds * G_USEC_PER_SEC); *now < end;)
    {
      *now += 4000;
      lab_stall_chart_add_gap (chart, *now, 4.0 + (*now / 4000) % 3);
    }
}

/* The longest gap in view gets the "N ms stall" mark over exactly its time. */
static void
test_stall_chart_marks_longest (void)
{
  GtkWidget *window, *chart_widget;
  LabStallChart *chart;
  graphene_rect_t bar, pill;
  gint64 now = ORIGIN_US;
  float bars_before;

  REQUIRE_DISPLAY ();
  chart_widget = lab_stall_chart_new ();
  chart = LAB_STALL_CHART (chart_widget);
  window = instruments_show (chart_widget, 800, 260);
  lab_stall_chart_set_live (chart, FALSE);

  add_heartbeats (chart, &now, 2.0);
  now += MS (120);
  lab_stall_chart_add_gap (chart, now, 120.0);
  add_heartbeats (chart, &now, 2.0);
  bars_before = lab_stall_chart_get_n_bars (chart);
  now += MS (1987);
  lab_stall_chart_add_gap (chart, now, 1987.0);
  add_heartbeats (chart, &now, 1.0);

  g_assert_cmpstr (lab_stall_chart_get_marker_text (chart), ==, "1987 ms stall");
  g_assert_cmpfloat (lab_stall_chart_get_longest_ms (chart), ==, 1987.0);
  /* floor (gap / 16.67) - 1 per gap: 6 for 120 ms, 118 for 1987 ms */
  g_assert_cmpuint (lab_stall_chart_get_frames_missed (chart), ==, 6 + 118);

  /* the marked block spans 1987 ms of the 10 s window and stands above the rest */
  g_assert_true (lab_stall_chart_get_marker_bounds (chart, &bar, &pill));
  g_assert_cmpfloat (bars_before, >, 10);
  {
    float plot_width = gtk_widget_get_width (chart_widget);

    g_assert_cmpfloat (bar.size.width, >, plot_width * 0.17f);
    g_assert_cmpfloat (bar.size.width, <, plot_width * 0.21f);
  }
  g_assert_cmpfloat (pill.origin.y + pill.size.height, <=, bar.origin.y + 1.0f);

  lab_stall_chart_reset (chart);
  g_assert_null (lab_stall_chart_get_marker_text (chart));
  g_assert_cmpuint (lab_stall_chart_get_frames_missed (chart), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A smooth loop (every gap within a frame) has no mark and misses no frame. */
static void
test_stall_chart_smooth (void)
{
  GtkWidget *window, *chart_widget;
  LabStallChart *chart;
  gint64 now = ORIGIN_US;

  REQUIRE_DISPLAY ();
  chart_widget = lab_stall_chart_new ();
  chart = LAB_STALL_CHART (chart_widget);
  window = instruments_show (chart_widget, 800, 260);
  lab_stall_chart_set_live (chart, FALSE);
  add_heartbeats (chart, &now, 3.0);
  lab_stall_chart_add_gap (chart, now + MS (16), 16.0);

  g_assert_null (lab_stall_chart_get_marker_text (chart));
  g_assert_cmpuint (lab_stall_chart_get_frames_missed (chart), ==, 0);
  g_assert_cmpuint (lab_stall_chart_get_n_bars (chart), >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GMutex  lock;
  GCond   cond;
  guint   running;
  guint   done;
  gboolean open;
} Gate;

static void
blocking_item (gpointer   state,
               GError   **error)
{
  Gate *gate = state;

  g_mutex_lock (&gate->lock);
  gate->running++;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  gate->done++;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

/* The gauges show the pool's own counters: threads, busy, queued, completed this run. */
static void
test_gauges_pool_values (void)
{
  GtkWidget *window, *gauges_widget;
  LabPoolGauges *gauges;
  guint n_blocking = pool_thread_pool_get_min_threads ();
  g_autofree char *expected = g_strdup_printf ("%u", n_blocking + 2);
  Gate gate = { 0, };
  gboolean matched = FALSE;
  gint64 deadline;

  REQUIRE_DISPLAY ();
  gauges_widget = lab_pool_gauges_new ();
  gauges = LAB_POOL_GAUGES (gauges_widget);
  window = instruments_show (gauges_widget, 700, 140);
  lab_pool_gauges_reset_completed (gauges);
  g_assert_cmpstr (lab_pool_gauges_get_value_text (gauges, "completed"), ==, "0");

  /* every worker blocked, two more items waiting behind them */
  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  for (guint i = 0; i < n_blocking; i++)
    pool_thread_pool_queue_user_work_item (blocking_item, &gate, FALSE);
  g_mutex_lock (&gate.lock);
  while (gate.running < n_blocking)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
  pool_thread_pool_queue_user_work_item (blocking_item, &gate, FALSE);
  pool_thread_pool_queue_user_work_item (blocking_item, &gate, FALSE);

  /* the pool may inject a thread meanwhile: compare when nothing moved */
  for (int attempt = 0; attempt < 20 && !matched; attempt++)
    {
      guint threads = pool_thread_pool_get_thread_count ();
      guint busy = pool_thread_pool_get_busy_thread_count ();
      guint queued = pool_thread_pool_get_pending_work_item_count ();
      g_autofree char *threads_text = g_strdup_printf ("%u", threads);
      g_autofree char *busy_text = g_strdup_printf ("%u", busy);
      g_autofree char *queued_text = g_strdup_printf ("%u", queued);

      lab_pool_gauges_refresh (gauges);
      if (threads != pool_thread_pool_get_thread_count () ||
          busy != pool_thread_pool_get_busy_thread_count () ||
          queued != pool_thread_pool_get_pending_work_item_count ())
        continue;
      g_assert_cmpstr (lab_pool_gauges_get_value_text (gauges, "threads"), ==, threads_text);
      g_assert_cmpstr (lab_pool_gauges_get_value_text (gauges, "busy"), ==, busy_text);
      g_assert_cmpstr (lab_pool_gauges_get_value_text (gauges, "queued"), ==, queued_text);
      g_assert_cmpuint (busy, >=, n_blocking);
      matched = TRUE;
    }
  g_assert_true (matched);

  /* let them all finish: completed counts the run's items */
  g_mutex_lock (&gate.lock);
  gate.open = TRUE;
  g_cond_broadcast (&gate.cond);
  while (gate.done < n_blocking + 2)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
  /* a worker counts an item once its callback has returned: wait for that */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      lab_pool_gauges_refresh (gauges);
      g_thread_yield ();
    }
  while (g_strcmp0 (lab_pool_gauges_get_value_text (gauges, "completed"), expected) != 0 &&
         g_get_monotonic_time () < deadline);
  g_assert_cmpstr (lab_pool_gauges_get_value_text (gauges, "completed"), ==, expected);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Chrome JSON has one "X" event per trace event with its ts/dur, and named threads. */
static void
test_trace_export_chrome_json (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tasklab-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "trace.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  JsonArray *trace_events;
  guint n_complete = 0;

  g_assert_true (lab_trace_export_chrome_json ((PoolTraceEvent *) (gpointer) events->data,
                                               events->len, ORIGIN_US, path, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  trace_events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                               "traceEvents");
  g_assert_nonnull (trace_events);

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);
      const char *ph = json_object_get_string_member (object, "ph");

      if (g_strcmp0 (ph, "M") == 0 &&
          g_strcmp0 (json_object_get_string_member (object, "name"), "thread_name") == 0)
        g_hash_table_insert (names, GINT_TO_POINTER (json_object_get_int_member (object, "tid")),
                             g_strdup (json_object_get_string_member (
                               json_object_get_object_member (object, "args"), "name")));
    }

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);
      const PoolTraceEvent *event;
      JsonObject *args;

      if (g_strcmp0 (json_object_get_string_member (object, "ph"), "X") != 0)
        continue;
      n_complete++;
      args = json_object_get_object_member (object, "args");
      event = &g_array_index (events, PoolTraceEvent, json_object_get_int_member (args, "position"));
      g_assert_cmpint (json_object_get_int_member (object, "ts"), ==, event->start_us - ORIGIN_US);
      g_assert_cmpint (json_object_get_int_member (object, "dur"), ==, event->end_us - event->start_us);
      g_assert_cmpint (json_object_get_int_member (object, "pid"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, event->thread_serial);
      g_assert_nonnull (g_hash_table_lookup (names, GINT_TO_POINTER (event->thread_serial)));
    }
  g_assert_cmpuint (n_complete, ==, events->len);

  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (1)), ==, "UI thread");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (10)), ==, "Worker 1");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (14)), ==, "Worker 5");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (30)), ==, "Dedicated 1");

  /* an unwritable place: an error, no file */
  g_assert_false (lab_trace_export_chrome_json ((PoolTraceEvent *) (gpointer) events->data,
                                                events->len, ORIGIN_US, bad_path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

/* Frames missed per gap: floor (gap / 16.7 ms) - 1, never below zero. */
static void
test_stall_meter_frames_missed_definition (void)
{
  g_assert_cmpuint (lab_stall_frames_missed_for_gap (4.0), ==, 0);
  g_assert_cmpuint (lab_stall_frames_missed_for_gap (16.0), ==, 0);
  g_assert_cmpuint (lab_stall_frames_missed_for_gap (20.0), ==, 0);
  g_assert_cmpuint (lab_stall_frames_missed_for_gap (1000.0 / 30.0), ==, 1);
  g_assert_cmpuint (lab_stall_frames_missed_for_gap (50.1), ==, 2);
  g_assert_cmpuint (lab_stall_frames_missed_for_gap (2000.0), ==, 119);
}

static gboolean
block_main_loop (gpointer data)
{
  /* the UI thread busy for 120 ms, like a blur in a click handler */
  g_usleep (120 * 1000);
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
collect_gap (gint64   at_us,
             double   gap_ms,
             gpointer data)
{
  g_array_append_val ((GArray *) data, gap_ms);
}

/* The beat function sees every gap, the stall included, and they add up to the meter's figure. */
static void
test_stall_meter_beat_func (void)
{
  g_autoptr(LabStallMeter) meter = lab_stall_meter_new (NULL);
  GArray *gaps = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean blocked = FALSE;
  guint frames = 0;
  double longest = 0;

  lab_stall_meter_set_beat_func (meter, collect_gap, gaps, (GDestroyNotify) g_array_unref);
  lab_stall_meter_start (meter);
  g_timeout_add (20, block_main_loop, &blocked);
  while (!blocked)
    g_main_context_iteration (NULL, TRUE);
  lab_stall_meter_stop (meter);

  g_assert_cmpuint (gaps->len, >, 1);
  for (guint i = 0; i < gaps->len; i++)
    {
      frames += lab_stall_frames_missed_for_gap (g_array_index (gaps, double, i));
      longest = MAX (longest, g_array_index (gaps, double, i));
    }
  g_assert_cmpfloat (longest, ==, lab_stall_meter_get_max_gap_ms (meter));
  g_assert_cmpfloat (longest, >=, 115.0);
  g_assert_cmpuint (lab_stall_meter_get_frames_missed (meter), ==, frames);
  g_assert_cmpuint (frames, >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  LabXvfb *xvfb;
  int status;

  g_test_init (&argc, &argv, NULL);
  xvfb = instruments_display_start (&no_display_reason);
  have_display = xvfb != NULL;

  g_test_add_func ("/ui/timeline/lanes/one-per-thread", test_timeline_lanes_one_per_thread);
  g_test_add_func ("/ui/timeline/lanes/injected-worker", test_timeline_lanes_injected_worker);
  g_test_add_func ("/ui/timeline/queue-wait/before-bar", test_timeline_queue_wait_before_bar);
  g_test_add_func ("/ui/timeline/links/hand-off", test_timeline_links_hand_off);
  g_test_add_func ("/ui/timeline/live/follows-now", test_timeline_live_follows_now);
  g_test_add_func ("/ui/timeline/large-trace", test_timeline_large_trace);
  g_test_add_func ("/ui/timeline/png/export", test_timeline_png_export);
  g_test_add_func ("/ui/stall-chart/marks-longest", test_stall_chart_marks_longest);
  g_test_add_func ("/ui/stall-chart/smooth", test_stall_chart_smooth);
  g_test_add_func ("/ui/gauges/pool-values", test_gauges_pool_values);
  g_test_add_func ("/ui/trace-export/chrome-json", test_trace_export_chrome_json);
  g_test_add_func ("/app/stall-meter/frames-missed-definition", test_stall_meter_frames_missed_definition);
  g_test_add_func ("/app/stall-meter/beat-func", test_stall_meter_beat_func);

  status = g_test_run ();
  lab_xvfb_stop (xvfb);
  g_free (no_display_reason);
  return status;
}
