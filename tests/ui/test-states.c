/* test-states.c — the timeline draws each task's states, the blocked waits
 * and the wait cycle; the queue view shows what waits where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a private Xvfb with the Cairo renderer, from the synthetic run of
 * test-states-trace.h: the tests check the prepared layout (legend, bands,
 * marks, hatches, the cycle's words), a few pixels of the rendered chart,
 * and the queue view's rows and chips. Without Xvfb they are skipped.
 */
#include "lab-instruments-private.h"
#include "lab-task-states.h"
#include "lab-queue-view-private.h"
#include "lab-timeline-private.h"
#include "lab-timeline-layout-private.h"
#include "test-instruments-util.h"
#include "test-states-trace.h"

#define AT(ms) (ORIGIN_US + MS (ms))

static LabTraceModel *
model_of (GArray *events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 1);

  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  return model;
}

static LabTimeline *
show_states (GtkWidget **window,
             GArray     *events)
{
  GtkWidget *timeline = lab_timeline_new ();
  g_autoptr(LabTraceModel) model = model_of (events);

  *window = instruments_show (timeline, 1280, 520);
  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  instruments_wait_frames (*window, 1);
  return LAB_TIMELINE (timeline);
}

static gboolean
legend_has (LabTimelineLayout *layout,
            const char        *entry)
{
  for (guint i = 0; i < lab_timeline_layout_get_n_legend (layout); i++)
    if (g_strcmp0 (lab_timeline_layout_get_legend (layout, i), entry) == 0)
      return TRUE;
  return FALSE;
}

/* The row of the lane titled @title. */
static guint
row_titled (LabTimelineLayout *layout,
            const char        *title)
{
  for (guint r = 0; r < lab_timeline_layout_get_n_rows (layout); r++)
    if (g_strcmp0 (lab_timeline_layout_get_row_title (layout, r), title) == 0)
      return r;
  g_assert_not_reached ();
}

/* The legend lists the states the run has, by .NET's names, and no others. */
static void
test_legend_lists_states_present (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(GArray) await_events = synthetic_await_run ();
  static const char * const present[] = {
    "queued: UI thread's queue", "queued: global queue", "queued: local queue", "Running",
    "WaitingForChildrenToComplete", "RanToCompletion", "Canceled", "Faulted",
    "blocked in Wait()/.Result", "waits for", "wait cycle (deadlock)", "parent → attached child",
  };
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  g_autoptr(LabTraceModel) model = NULL;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_states (&window, events);
  layout = lab_timeline_get_layout (timeline);
  for (guint i = 0; i < G_N_ELEMENTS (present); i++)
    g_assert_true (legend_has (layout, present[i]));
  g_assert_false (legend_has (layout, "waiting in a queue"));   /* the guess without instants */
  g_assert_false (legend_has (layout, "I/O, no thread"));

  /* an await handed to a busy UI thread: no faults, no waits, no children */
  model = model_of (await_events);
  lab_timeline_set_model (timeline, model);
  layout = lab_timeline_get_layout (timeline);
  g_assert_true (legend_has (layout, "queued: UI thread's queue"));
  g_assert_true (legend_has (layout, "RanToCompletion"));
  g_assert_false (legend_has (layout, "Faulted"));
  g_assert_false (legend_has (layout, "WaitingForChildrenToComplete"));
  g_assert_false (legend_has (layout, "blocked in Wait()/.Result"));
  g_assert_false (legend_has (layout, "wait cycle (deadlock)"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
find_wait (LabTimelineLayout *layout,
           guint              row,
           float              x0,
           float              x1,
           GdkRGBA           *stripe)
{
  float top = lab_timeline_layout_get_row_y (layout, row);
  float bottom = row + 1 < lab_timeline_layout_get_n_rows (layout)
                 ? lab_timeline_layout_get_row_y (layout, row + 1) : G_MAXFLOAT;

  for (guint i = 0; i < lab_timeline_layout_get_n_waits (layout); i++)
    {
      graphene_rect_t rect;

      lab_timeline_layout_get_wait (layout, i, &rect, stripe);
      if (rect.origin.y >= top && rect.origin.y < bottom && fabsf (rect.origin.x - x0) <= 1.5f &&
          fabsf (rect.origin.x + rect.size.width - x1) <= 1.5f)
        return TRUE;
    }
  return FALSE;
}

/* A queue wait is drawn on the row of the thread that took the task out, coloured by its queue. */
static void
test_queue_waits_named_by_queue (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  GdkRGBA stripe, local, global, ui;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_states (&window, events);
  layout = lab_timeline_get_layout (timeline);
  gdk_rgba_parse (&local, "#62a0ea");
  gdk_rgba_parse (&global, "#e5a50a");
  gdk_rgba_parse (&ui, "#c061cb");

  /* task 4 waited in worker 1's local queue from 12 to 300 ms, then ran there */
  g_assert_true (find_wait (layout, row_titled (layout, "Worker 1"),
                            lab_timeline_layout_x_for_time (layout, AT (12)),
                            lab_timeline_layout_x_for_time (layout, AT (300)), &stripe));
  g_assert_true (gdk_rgba_equal (&stripe, &local));
  /* task 3, stolen from there at 40 ms: on the thief's row */
  g_assert_true (find_wait (layout, row_titled (layout, "Worker 2"),
                            lab_timeline_layout_x_for_time (layout, AT (10)),
                            lab_timeline_layout_x_for_time (layout, AT (40)), &stripe));
  g_assert_true (gdk_rgba_equal (&stripe, &local));
  g_assert_false (find_wait (layout, row_titled (layout, "Worker 1"),
                             lab_timeline_layout_x_for_time (layout, AT (10)),
                             lab_timeline_layout_x_for_time (layout, AT (40)), &stripe));
  /* tasks 5 and 8 in the global queue from 4 to 60 and 4.5 to 160 ms, then on worker 3:
   * overlapping waits on one row in one kind of queue are one band */
  g_assert_true (find_wait (layout, row_titled (layout, "Worker 3"),
                            lab_timeline_layout_x_for_time (layout, AT (4)),
                            lab_timeline_layout_x_for_time (layout, AT (160)), &stripe));
  g_assert_true (gdk_rgba_equal (&stripe, &global));
  g_assert_false (find_wait (layout, row_titled (layout, "Worker 3"),
                             lab_timeline_layout_x_for_time (layout, AT (4)),
                             lab_timeline_layout_x_for_time (layout, AT (60)), &stripe));
  /* the await, never taken: on the UI thread's row, past the last span to the right edge */
  {
    guint row = row_titled (layout, "UI thread");
    gboolean found = FALSE;

    for (guint i = 0; i < lab_timeline_layout_get_n_waits (layout) && !found; i++)
      {
        graphene_rect_t rect;

        lab_timeline_layout_get_wait (layout, i, &rect, &stripe);
        found = rect.origin.y >= lab_timeline_layout_get_row_y (layout, row) &&
                rect.origin.y < lab_timeline_layout_get_row_y (layout, row + 1) &&
                fabsf (rect.origin.x - lab_timeline_layout_x_for_time (layout, AT (195))) <= 1.5f &&
                rect.origin.x + rect.size.width > lab_timeline_layout_x_for_time (layout, AT (500));
      }
    g_assert_true (found);
  }
  g_assert_true (gdk_rgba_equal (&stripe, &ui));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
pixel_at (GdkTexture *texture,
          float       x,
          float       y,
          GdkRGBA    *color)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  int px = CLAMP ((int) x, 0, width - 1), py = CLAMP ((int) y, 0, height - 1);
  const guchar *p;

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  p = pixels + ((gsize) py * width + px) * 4;
  /* CAIRO_FORMAT_ARGB32, native endian (little): B G R A */
  *color = (GdkRGBA) { p[2] / 255.0f, p[1] / 255.0f, p[0] / 255.0f, p[3] / 255.0f };
}

/* End states are marks at the end of the bars: RanToCompletion, Canceled, Faulted. */
static void
test_end_marks (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  graphene_rect_t disc, band;
  GdkRGBA pixel;
  int state;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_states (&window, events);
  layout = lab_timeline_get_layout (timeline);

  g_assert_true (lab_timeline_layout_get_mark (layout, 3, &state, &disc));
  g_assert_cmpint (state, ==, LAB_TASK_STATE_RAN_TO_COMPLETION);
  g_assert_cmpfloat_with_epsilon (disc.origin.x + disc.size.width / 2,
                                  lab_timeline_layout_x_for_time (layout, AT (200)), 1.5);
  g_assert_true (lab_timeline_layout_get_mark (layout, 5, &state, NULL));
  g_assert_cmpint (state, ==, LAB_TASK_STATE_CANCELED);
  g_assert_true (lab_timeline_layout_get_mark (layout, 4, &state, &disc));
  g_assert_cmpint (state, ==, LAB_TASK_STATE_FAULTED);
  /* the parent faults with its child: its mark ends its WaitingForChildren band */
  g_assert_true (lab_timeline_layout_get_child_wait (layout, 2, &band));
  g_assert_cmpfloat_with_epsilon (band.origin.x,
                                  lab_timeline_layout_x_for_time (layout, AT (300)), 1.5);
  g_assert_cmpfloat_with_epsilon (band.origin.x + band.size.width,
                                  lab_timeline_layout_x_for_time (layout, AT (420)), 1.5);
  g_assert_true (lab_timeline_layout_get_mark (layout, 2, &state, NULL));
  g_assert_cmpint (state, ==, LAB_TASK_STATE_FAULTED);
  /* task 6 is a promise that never completes: no mark */
  g_assert_false (lab_timeline_layout_get_mark (layout, 6, NULL, NULL));

  /* the Faulted mark is red where the glyph is not */
  texture = lab_chart_render_texture (LAB_CHART (timeline), &error);
  g_assert_no_error (error);
  lab_timeline_layout_get_mark (layout, 4, NULL, &disc);
  pixel_at (texture, disc.origin.x + disc.size.width * 0.22f, disc.origin.y + disc.size.height / 2,
            &pixel);
  g_assert_cmpfloat (pixel.red, >, 0.75);
  g_assert_cmpfloat (pixel.green, <, 0.35);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Live, what is still open ends at now, where the line is, not at the right edge (the axis reaches
 * past now): the blocked UI thread's hatching and the await never taken. */
static void
test_open_ends_at_now (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  graphene_rect_t hatch, wait, plot;
  GdkRGBA stripe;
  float now_x;
  guint ui_row;
  gboolean found = FALSE;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_states (&window, events);
  layout = lab_timeline_get_layout (timeline);
  lab_timeline_layout_compute (layout, GTK_WIDGET (timeline), model, 1280, 520, AT (600), 0);
  lab_timeline_get_plot_bounds (timeline, &plot, NULL, NULL);
  g_assert_true (lab_timeline_layout_get_now_x (layout, &now_x));
  g_assert_cmpfloat (now_x, <, plot.origin.x + plot.size.width - 100);

  lab_timeline_layout_get_hatch (layout, 0, &hatch);
  g_assert_cmpfloat_with_epsilon (hatch.origin.x + hatch.size.width, now_x, 1.5);
  ui_row = row_titled (layout, "UI thread");
  for (guint i = 0; i < lab_timeline_layout_get_n_waits (layout) && !found; i++)
    {
      lab_timeline_layout_get_wait (layout, i, &wait, &stripe);
      found = wait.origin.y >= lab_timeline_layout_get_row_y (layout, ui_row) &&
              wait.origin.y < lab_timeline_layout_get_row_y (layout, ui_row + 1) &&
              fabsf (wait.origin.x - lab_timeline_layout_x_for_time (layout, AT (195))) <= 1.5f;
    }
  g_assert_true (found);
  g_assert_cmpfloat_with_epsilon (wait.origin.x + wait.size.width, now_x, 1.5);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The UI thread blocked in .Result is hatched to the end; the cycle is drawn and named. */
static void
test_blocked_and_cycle (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  graphene_rect_t hatch, box;
  GdkRGBA cycle, blocked, pixel;
  float ui_top;
  const char *words;
  gboolean red = FALSE;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_states (&window, events);
  layout = lab_timeline_get_layout (timeline);

  /* worker 3 waits for task 3 from 70 to 140 ms: hatched, with an arrow up to task 3's bar */
  g_assert_cmpuint (lab_timeline_layout_get_n_hatches (layout), ==, 2);
  lab_timeline_layout_get_hatch (layout, 1, &hatch);
  g_assert_cmpfloat (hatch.origin.y, >, lab_timeline_layout_get_row_y (layout, row_titled (layout,
                                                                                      "Worker 3")));
  g_assert_cmpfloat_with_epsilon (hatch.origin.x + hatch.size.width,
                                  lab_timeline_layout_x_for_time (layout, AT (140)), 1.5);
  gdk_rgba_parse (&blocked, "#e01b24");
  /* the arrow and its head, besides the legend's */
  g_assert_cmpuint (lab_timeline_layout_count_segments (layout, &blocked), ==, 3 + 3);

  lab_timeline_layout_get_hatch (layout, 0, &hatch);
  ui_top = lab_timeline_layout_get_row_y (layout, row_titled (layout, "UI thread"));
  g_assert_cmpfloat (hatch.origin.y, >=, ui_top);
  g_assert_cmpfloat (hatch.origin.y, <, lab_timeline_layout_get_row_y (layout, 1));
  g_assert_cmpfloat_with_epsilon (hatch.origin.x,
                                  lab_timeline_layout_x_for_time (layout, AT (5)), 1.5);
  /* never let go: to the right edge, past the last span */
  g_assert_cmpfloat (hatch.origin.x + hatch.size.width, >,
                     lab_timeline_layout_x_for_time (layout, AT (500)));

  words = lab_timeline_layout_get_callout (layout, &box);
  g_assert_nonnull (words);
  g_assert_nonnull (strstr (words, "Deadlock"));
  g_assert_nonnull (strstr (words, "task 6"));
  /* the loop: four legs and two heads of two strokes, besides the legend's arrow (three) */
  gdk_rgba_parse (&cycle, "#ff7800");
  g_assert_cmpuint (lab_timeline_layout_count_segments (layout, &cycle), ==, 3 + 4 + 4);

  /* red hatching on the UI row */
  texture = lab_chart_render_texture (LAB_CHART (timeline), &error);
  g_assert_no_error (error);
  for (float x = hatch.origin.x + 2; x < hatch.origin.x + 60 && !red; x += 1)
    {
      pixel_at (texture, x, hatch.origin.y + hatch.size.height / 2, &pixel);
      red = pixel.red > 0.7 && pixel.green < 0.35 && pixel.blue < 0.35;
    }
  g_assert_true (red);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In a small chart the cycle's words are fewer, and stay off the blocked row. */
static void
test_cycle_words_small (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  GtkWidget *timeline, *window;
  LabTimelineLayout *layout;
  graphene_rect_t box;
  const char *words;
  float ui_top;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = lab_timeline_new ();
  window = instruments_show (timeline, 640, 140);
  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  layout = lab_timeline_get_layout (LAB_TIMELINE (timeline));
  words = lab_timeline_layout_get_callout (layout, &box);
  g_assert_cmpstr (words, ==,
                   "Deadlock: the UI thread waits for task 6, whose code waits in the UI thread's "
                   "own queue");
  ui_top = lab_timeline_layout_get_row_y (layout, row_titled (layout, "UI thread"));
  g_assert_true (box.origin.y >= lab_timeline_layout_get_row_y (layout, 1) - 1 ||
                 box.origin.y + box.size.height <= ui_top + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The cursor is a line at its time; none when unset (G_MININT64). */
static void
test_cursor (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  GtkWidget *window;
  LabTimeline *timeline;
  LabTimelineLayout *layout;
  float x;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = show_states (&window, events);
  layout = lab_timeline_get_layout (timeline);
  g_assert_cmpint (lab_timeline_get_cursor (timeline), ==, G_MININT64);
  g_assert_false (lab_timeline_layout_get_cursor_x (layout, &x));

  lab_timeline_set_cursor (timeline, AT (250));
  g_assert_true (lab_timeline_layout_get_cursor_x (lab_timeline_get_layout (timeline), &x));
  g_assert_cmpfloat_with_epsilon (x, lab_timeline_layout_x_for_time (layout, AT (250)), 1.0);
  lab_timeline_set_cursor (timeline, G_MININT64);
  g_assert_false (lab_timeline_layout_get_cursor_x (layout, &x));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_chips (LabQueueView       *view,
              guint               row,
              const char * const *expected)
{
  g_auto(GStrv) chips = lab_queue_view_dup_row_chips (view, row);
  g_autofree char *got = g_strjoinv (", ", chips);
  g_autofree char *want = g_strjoinv (", ", (GStrv) expected);

  g_assert_cmpstr (got, ==, want);
}

#define CHIPS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* A queue view of @model in a window of its own. */
static LabQueueView *
show_queue_view (GtkWidget     **window,
                 LabTraceModel  *model)
{
  GtkWidget *view = lab_queue_view_new ();

  *window = instruments_show (view, 900, 300);
  lab_queue_view_set_model (LAB_QUEUE_VIEW (view), model);
  return LAB_QUEUE_VIEW (view);
}

/* One row per queue (UI, global, each worker's local), its items oldest first, "empty" if none. */
static void
test_queue_view_rows (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  LabQueueView *view;
  GtkWidget *window;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  view = show_queue_view (&window, model);
  lab_queue_view_set_time (view, AT (20));

  g_assert_cmpuint (lab_queue_view_get_n_rows (view), ==, 5);
  g_assert_cmpstr (lab_queue_view_get_row_title (view, 0), ==, "UI thread's queue");
  g_assert_cmpstr (lab_queue_view_get_row_title (view, 1), ==, "Global queue");
  g_assert_cmpstr (lab_queue_view_get_row_title (view, 2), ==, "Worker 1's local queue");
  assert_chips (view, 0, CHIPS ("empty [empty]"));
  assert_chips (view, 1, CHIPS ("Task 5", "Task 8"));
  assert_chips (view, 2, CHIPS ("Task 3", "Task 4"));
  assert_chips (view, 3, CHIPS ("empty [empty]"));

  /* forward: what came in since is marked, what went out shows where it went */
  lab_queue_view_set_time (view, AT (250));
  assert_chips (view, 0, CHIPS ("await [entering]"));
  assert_chips (view, 1, CHIPS ("Task 5 → Worker 3 [leaving]", "Task 8 → Worker 3 [leaving]"));
  assert_chips (view, 2, CHIPS ("Task 4", "Task 3 stolen by Worker 2 [stolen]"));
  /* back: the state then, nothing marked */
  lab_queue_view_set_time (view, AT (20));
  assert_chips (view, 1, CHIPS ("Task 5", "Task 8"));

  /* live: the latest moment */
  lab_queue_view_set_time (view, G_MININT64);
  assert_chips (view, 0, CHIPS ("await [entering]"));
  assert_chips (view, 1, CHIPS ("Task 5 → Worker 3 [leaving]", "Task 8 → Worker 3 [leaving]"));
  assert_chips (view, 2, CHIPS ("Task 3 stolen by Worker 2 [stolen]",
                                "Task 4 → Worker 1 [leaving]"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The chips are made again on each change of the queues, and laid out then, between frames, not
 * in the next frame's snapshot; a chip's text is shaped once, not on each change. */
static void
test_queue_view_chips_between_frames (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(PangoLayout) task_5 = NULL;
  LabQueueView *view;
  GtkWidget *window;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  view = show_queue_view (&window, model);
  lab_queue_view_set_time (view, AT (20));
  assert_chips (view, 1, CHIPS ("Task 5", "Task 8"));
  task_5 = g_object_ref (lab_queue_view_peek_chip_layout (view, 1, 0));

  lab_queue_view_set_time (view, AT (250));
  lab_queue_view_flush (view);
  g_assert_true (lab_queue_view_is_laid_out (view));
  assert_chips (view, 1, CHIPS ("Task 5 → Worker 3 [leaving]", "Task 8 → Worker 3 [leaving]"));
  lab_queue_view_set_time (view, AT (20));
  assert_chips (view, 1, CHIPS ("Task 5", "Task 8"));
  g_assert_true (lab_queue_view_peek_chip_layout (view, 1, 0) == task_5);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A step forward marks what entered and shows what left: dequeued to a thread, or stolen. */
static void
test_queue_view_steps (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  LabQueueView *view;
  GtkWidget *window;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  view = show_queue_view (&window, model);
  lab_queue_view_set_time (view, AT (11));
  assert_chips (view, 2, CHIPS ("Task 3"));
  lab_queue_view_set_time (view, AT (13));
  assert_chips (view, 2, CHIPS ("Task 3", "Task 4 [entering]"));

  lab_queue_view_set_time (view, AT (41));
  assert_chips (view, 2, CHIPS ("Task 4", "Task 3 stolen by Worker 2 [stolen]"));
  lab_queue_view_set_time (view, AT (61));
  assert_chips (view, 1, CHIPS ("Task 8", "Task 5 → Worker 3 [leaving]"));
  assert_chips (view, 2, CHIPS ("Task 4"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Live, the view follows the events as they are appended; at a past moment, only late ones. */
static void
test_queue_view_follows_model (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  LabQueueView *view;
  GtkWidget *window;
  guint half = 0;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  /* up to task 3's steal (excluded) */
  while (g_array_index (events, PoolTraceEvent, half).kind != POOL_TRACE_KIND_STOLEN)
    half++;
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, half);
  view = show_queue_view (&window, model);
  assert_chips (view, 2, CHIPS ("Task 3", "Task 4"));

  lab_trace_model_append (model, &g_array_index (events, PoolTraceEvent, half), events->len - half);
  assert_chips (view, 2, CHIPS ("Task 3 stolen by Worker 2 [stolen]",
                                "Task 4 → Worker 1 [leaving]"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Many items queued at once and taken by four workers: a few bands, not one per item; the
 * queue view shows the oldest items and how many more. */
static void
test_large_queue (void)
{
  const guint n = 20000;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  g_autoptr(LabTraceModel) model = NULL;
  GtkWidget *timeline, *view, *box, *window;
  g_auto(GStrv) chips = NULL;
  LabTimelineLayout *layout;
  guint64 position = 0;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  timeline = lab_timeline_new ();
  view = lab_queue_view_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  for (guint i = 0; i < n; i++)
    {
      PoolTraceEvent queued = queue_event (position++, POOL_TRACE_KIND_QUEUED, -1, 0, i + 1, "item",
                                           POOL_TRACE_QUEUE_GLOBAL, -1, 1 + i * 0.0001);

      g_array_append_val (events, queued);
    }
  for (guint i = 0; i < n; i++)
    {
      double at = 5 + i * 0.02;
      PoolTraceEvent taken = queue_event (position++, POOL_TRACE_KIND_DEQUEUED, (int) (i % 4), 0,
                                          i + 1, "item", POOL_TRACE_QUEUE_GLOBAL, -1, at);
      PoolTraceEvent item = work_item_event (position++, (int) (i % 4), i + 1, "item", at,
                                             at + 0.015);

      g_array_append_val (events, taken);
      g_array_append_val (events, item);
    }
  model = model_of (events);
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), view);
  window = instruments_show (box, 1280, 600);
  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  lab_queue_view_set_model (LAB_QUEUE_VIEW (view), model);
  lab_queue_view_set_time (LAB_QUEUE_VIEW (view), AT (5 + 100 * 0.02 + 0.001));

  /* one band per worker row */
  layout = lab_timeline_get_layout (LAB_TIMELINE (timeline));
  g_assert_cmpuint (lab_timeline_layout_get_n_waits (layout), ==, 4);
  chips = lab_queue_view_dup_row_chips (LAB_QUEUE_VIEW (view), 1);
  g_assert_cmpuint (g_strv_length (chips), ==, 13);
  g_assert_cmpstr (chips[0], ==, "item");
  g_assert_cmpstr (chips[12], ==, "+19887 more [more]");
  instruments_wait_frames (window, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Compact (presenter mode), the rows of empty queues are hidden and one line says so. */
static void
test_queue_view_compact (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  GtkWidget *view = lab_queue_view_new ();
  LabQueueView *queues = LAB_QUEUE_VIEW (view);
  GtkWidget *window;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = instruments_show (view, 900, 300);
  lab_queue_view_set_model (queues, model);
  lab_queue_view_set_time (queues, AT (20));
  g_assert_null (lab_queue_view_get_summary (queues));
  for (guint row = 0; row < lab_queue_view_get_n_rows (queues); row++)
    g_assert_true (lab_queue_view_get_row_visible (queues, row));

  lab_queue_view_set_compact (queues, TRUE);
  /* at 20 ms: the global queue and worker 1's hold tasks, the UI thread's is empty */
  g_assert_false (lab_queue_view_get_row_visible (queues, 0));
  g_assert_true (lab_queue_view_get_row_visible (queues, 1));
  g_assert_true (lab_queue_view_get_row_visible (queues, 2));
  g_assert_false (lab_queue_view_get_row_visible (queues, 3));
  g_assert_cmpstr (lab_queue_view_get_summary (queues), ==, "The other queues are empty");
  /* the rows keep what they show */
  assert_chips (queues, 0, CHIPS ("empty [empty]"));
  assert_chips (queues, 1, CHIPS ("Task 5", "Task 8"));

  /* before anything was queued */
  lab_queue_view_set_time (queues, ORIGIN_US);
  for (guint row = 0; row < lab_queue_view_get_n_rows (queues); row++)
    g_assert_false (lab_queue_view_get_row_visible (queues, row));
  g_assert_cmpstr (lab_queue_view_get_summary (queues), ==, "Every queue is empty");

  lab_queue_view_set_compact (queues, FALSE);
  g_assert_null (lab_queue_view_get_summary (queues));
  g_assert_true (lab_queue_view_get_row_visible (queues, 0));
  gtk_window_destroy (GTK_WINDOW (window));
}

static float
row_pitch (LabTimelineLayout *layout)
{
  return lab_timeline_layout_get_row_y (layout, 1) - lab_timeline_layout_get_row_y (layout, 0);
}

/* A timeline set to expand uses a tall allocation: taller rows, larger text (within limits);
 * one that does not keeps its usual rows there. */
static void
test_timeline_fills_height (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  GtkWidget *timeline = lab_timeline_new ();
  LabTimelineLayout *layout;
  GtkWidget *window;
  float em, pitch;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = instruments_show (timeline, 1280, 900);
  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  instruments_wait_frames (window, 1);
  em = lab_style_em (timeline);
  layout = lab_timeline_get_layout (LAB_TIMELINE (timeline));
  g_assert_cmpfloat (layout->text_scale, ==, 1.0f);
  g_assert_cmpfloat (row_pitch (layout), <=, em * ROW_HEIGHT + 1);

  gtk_window_destroy (GTK_WINDOW (window));

  timeline = lab_timeline_new ();
  gtk_widget_set_vexpand (timeline, TRUE);
  window = instruments_show (timeline, 1280, 900);
  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  instruments_wait_frames (window, 1);
  layout = lab_timeline_get_layout (LAB_TIMELINE (timeline));
  pitch = row_pitch (layout);
  g_assert_cmpfloat (layout->text_scale, >, 1.0f);
  g_assert_cmpfloat (layout->text_scale, <=, MAX_TEXT_SCALE);
  g_assert_cmpfloat (pitch, >, em * ROW_HEIGHT * 1.2f);
  g_assert_cmpfloat (pitch, <=, em * MAX_TEXT_SCALE * TALL_ROW_HEIGHT + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Squeezed below its least rows, the timeline shrinks its text and keeps every row inside. */
static void
test_timeline_squeezed (void)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  GtkWidget *timeline = lab_timeline_new ();
  LabTimelineLayout *layout;
  GtkWidget *window;
  guint n;
  float em;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = instruments_show (timeline, 1280, 40);
  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  instruments_wait_frames (window, 2);
  em = lab_style_em (timeline);
  layout = lab_timeline_get_layout (LAB_TIMELINE (timeline));
  n = lab_timeline_layout_get_n_rows (layout);
  g_assert_cmpuint (n, >=, 3);
  /* the window is as small as the timeline lets it be: below its least rows at full size */
  g_assert_cmpint (gtk_widget_get_height (timeline), <, em * (AXIS_HEIGHT + n * MIN_ROW_HEIGHT));
  g_assert_cmpfloat (layout->text_scale, <, 1.0f);
  g_assert_cmpfloat (layout->text_scale, >=, MIN_TEXT_SCALE);
  g_assert_cmpfloat (lab_timeline_layout_get_row_y (layout, n - 1) + layout->row_height, <=,
                     gtk_widget_get_height (timeline));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  instruments_test_init (&argc, &argv);

  g_test_add_func ("/ui/states/timeline/legend", test_legend_lists_states_present);
  g_test_add_func ("/ui/states/timeline/queue-waits", test_queue_waits_named_by_queue);
  g_test_add_func ("/ui/states/timeline/end-marks", test_end_marks);
  g_test_add_func ("/ui/states/timeline/blocked-and-cycle", test_blocked_and_cycle);
  g_test_add_func ("/ui/states/timeline/open-ends-at-now", test_open_ends_at_now);
  g_test_add_func ("/ui/states/timeline/cycle-words-small", test_cycle_words_small);
  g_test_add_func ("/ui/states/timeline/cursor", test_cursor);
  g_test_add_func ("/ui/states/queue-view/rows", test_queue_view_rows);
  g_test_add_func ("/ui/states/queue-view/chips-between-frames", test_queue_view_chips_between_frames);
  g_test_add_func ("/ui/states/queue-view/steps", test_queue_view_steps);
  g_test_add_func ("/ui/states/queue-view/follows-model", test_queue_view_follows_model);
  g_test_add_func ("/ui/states/large-queue", test_large_queue);
  g_test_add_func ("/ui/states/queue-view/compact", test_queue_view_compact);
  g_test_add_func ("/ui/states/timeline/fills-height", test_timeline_fills_height);
  g_test_add_func ("/ui/states/timeline/squeezed", test_timeline_squeezed);

  return instruments_test_run ();
}
