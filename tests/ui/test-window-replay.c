/* test-window-replay.c — the window replays a finished run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real LabWindow on a private Xvfb. A run saved and opened again shows the
 * replay bar; its actions move one cursor that the timeline, the queue view
 * and the lit C# line follow; it ticks only while playing; a new run brings
 * the live view back. Scenario 2 (StartNew inside a UI task), run for real,
 * is replayed at 0.25× and drawn at three cursor positions at 1280×720 and
 * 1920×1080 into artifacts/ for a person to look at.
 */
#include <glib/gstdio.h>

#include "lab-blur.h"
#include "lab-run-file.h"
#include "lab-scenario-run.h"
#include "lab-window-private.h"
#include "test-instruments-util.h"


static const char csharp[] =
  "void OnRunClicked()\n"
  "{\n"
  "    var task = Task.Run(() => Blur(image));\n"
  "}\n";

static LabWindow *
new_window (void)
{
  LabWindow *window = g_object_new (LAB_TYPE_WINDOW, NULL);

  lab_window_add_scenario (window, "zero", "Group", "0. Zero", "Zero.", "More.", "// C#",
                           "/* C */", FALSE);
  lab_window_add_scenario (window, "first", "Group", "1. First", "The first.", "More.", csharp,
                           "/* C */", FALSE);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 1);
  return window;
}

static void
activate (LabWindow  *window,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

static gboolean lit_seen;

/* Steps back from the cursor to the run's start with win.replay-previous:
 * every step moves the timeline's cursor and the queue view's time back and
 * names an event; sets lit_seen if line 3 (the task's) was lit on the way.
 * Returns: the cursor at the start */
static gint64
step_back_through (LabWindow *window)
{
  gint64 cursor = lab_timeline_get_cursor (window->timeline);
  guint steps = 0;

  lit_seen = FALSE;
  for (;;)
    {
      activate (window, "win.replay-previous");
      if (lab_timeline_get_cursor (window->timeline) == cursor)
        break;
      g_assert_cmpint (lab_timeline_get_cursor (window->timeline), <, cursor);
      cursor = lab_timeline_get_cursor (window->timeline);
      g_assert_cmpint (lab_queue_view_get_time (window->queue_view), ==, cursor);
      g_assert_cmpstr (lab_replay_bar_get_event_text (window->replay_bar), !=, "");
      g_test_message ("%s: C# line %d", lab_replay_bar_get_event_text (window->replay_bar),
                      lab_code_view_get_highlighted_line (window->csharp_view) + 1);
      if (lab_code_view_get_highlighted_line (window->csharp_view) == 2)
        lit_seen = TRUE;
      steps++;
    }
  g_assert_cmpuint (steps, >=, 4);
  return cursor;
}

/* A saved run, opened: the replay bar shows, stepping moves the timeline's
 * cursor and lights the task's C# line, playing ticks and moves the cursor,
 * pausing stops the ticks, and a new run leaves replay mode. */
static void
test_open_saved_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tasklab-replay-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autoptr(LabRunMonitor) saved = NULL;
  g_autoptr(LabRunMonitor) next = NULL;
  g_autoptr(GError) error = NULL;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabWindow *window, *other;
  gint64 end, cursor, before;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = new_window ();
  lab_window_select_scenario (window, "first");
  saved = instruments_run_on_worker (window, "first", 3, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->replay_bar)));
  step_back_through (window);
  g_assert_true (lit_seen);
  g_assert_true (lab_run_file_save (saved, path, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));

  other = new_window ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (other->replay_bar)));
  g_assert_cmpint (lab_timeline_get_cursor (other->timeline), ==, G_MININT64);
  g_assert_true (lab_window_open_run (other, path, &error));
  g_assert_no_error (error);
  instruments_wait_frames (GTK_WIDGET (other), 2);

  /* the whole run, the cursor at its end; idle: no ticks */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (other->replay_bar)));
  g_assert_nonnull (other->replay);
  end = lab_replay_get_end (other->replay);
  g_assert_cmpint (lab_timeline_get_cursor (other->timeline), ==, end);
  g_assert_cmpint (lab_queue_view_get_time (other->queue_view), ==, end);
  g_assert_false (lab_replay_bar_get_ticking (other->replay_bar));

  /* step back through the run: the cursor moves, the task's line lights */
  cursor = step_back_through (other);
  g_assert_true (lit_seen);
  g_assert_cmpint (cursor, <, end);
  activate (other, "win.replay-next");
  g_assert_cmpint (lab_timeline_get_cursor (other->timeline), >, cursor);

  /* play: the frame clock moves the cursor; pause: no more ticks. From the
   * start at the slowest speed, so that a slow frame (a sanitizer, a busy
   * machine) does not carry the cursor to the end, which stops the play */
  lab_replay_set_speed (other->replay, 0.1);
  lab_replay_set_cursor (other->replay, lab_replay_get_start (other->replay));
  before = lab_replay_get_cursor (other->replay);
  activate (other, "win.replay-toggle");
  g_assert_true (lab_replay_get_playing (other->replay));
  g_assert_true (lab_replay_bar_get_ticking (other->replay_bar));
  for (int i = 0; i < 100 && lab_replay_get_cursor (other->replay) == before; i++)
    instruments_wait_frames (GTK_WIDGET (other), 1);
  g_assert_cmpint (lab_replay_get_cursor (other->replay), >, before);
  g_assert_true (lab_replay_get_playing (other->replay));
  activate (other, "win.replay-toggle");
  g_assert_false (lab_replay_get_playing (other->replay));
  g_assert_false (lab_replay_bar_get_ticking (other->replay_bar));

  /* a new run: the live view again */
  next = lab_run_monitor_new ("first", 1, "first", expected);
  lab_run_monitor_start (next);
  lab_window_set_monitor (other, next);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (other->replay_bar)));
  g_assert_null (other->replay);
  g_assert_cmpint (lab_timeline_get_cursor (other->timeline), ==, G_MININT64);
  g_assert_cmpint (lab_queue_view_get_time (other->queue_view), ==, G_MININT64);
  g_assert_cmpint (lab_code_view_get_highlighted_line (other->csharp_view), ==, -1);
  lab_run_monitor_finish (next, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (other->replay_bar)));

  gtk_window_destroy (GTK_WINDOW (other));
  g_unlink (path);
  g_rmdir (dir);
}

static void
on_completed (LabScenarioRun *run,
              gboolean       *done)
{
  *done = TRUE;
}

static gboolean
start_cb (gpointer run)
{
  lab_scenario_run_start (run);
  return G_SOURCE_REMOVE;
}

/* Runs scenario @id for real in @window, as the application does: started
 * from the main loop, as a click is, so the thread is the UI thread. */
static LabRunMonitor *
run_scenario (LabWindow  *window,
              const char *id)
{
  const LabScenario *scenario = lab_scenarios_find (id);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) image = lab_image_load_file (LAB_SAMPLE_IMAGE, &error);
  g_autoptr(LabScenarioRun) run = NULL;
  LabRunMonitor *monitor;
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  lab_window_add_scenario (window, scenario->id, scenario->group, scenario->title,
                           scenario->summary, "", scenario->csharp, "", scenario->downloads);
  g_assert_true (lab_window_select_scenario (window, scenario->id));
  monitor = lab_run_monitor_new (scenario->id, scenario->number, scenario->title,
                                 scenario->expected);
  run = lab_scenario_run_new (scenario, monitor, image, 6.0,
                              lab_blur_calibrate_passes (image, 6.0, 600));
  g_signal_connect (run, "completed", G_CALLBACK (on_completed), &done);
  lab_run_monitor_set_frame_counter (monitor, (LabFrameCounterFunc) lab_window_get_frame_count,
                                     window, NULL);
  lab_run_monitor_start (monitor);
  lab_window_set_monitor (window, monitor);
  g_idle_add (start_cb, run);
  g_assert_true (instruments_iterate_until (instruments_is_true, &done, 60 * 1000));
  /* the last continuations and their events */
  instruments_wait_frames (GTK_WIDGET (window), 3);
  g_assert_cmpint (lab_run_monitor_get_state (monitor), ==, LAB_RUN_STATE_FINISHED);
  return monitor;
}

/* A scenario replayed at 0.25×: playing moves the cursor at a quarter of real
 * time (generous bounds); three moments drawn at two window sizes, each with
 * a C# line lit. */
static void
test_replay_artifacts (gconstpointer data)
{
  const char *id = data;
  static const struct { int width, height; } sizes[] = { { 1280, 720 }, { 1920, 1080 } };
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabWindow *window;
  LabReplay *replay;
  const char *output_dir;
  gint64 start, end, t0, c0, positions[3];

  INSTRUMENTS_REQUIRE_DISPLAY ();
  output_dir = instruments_artifacts_dir ("artifacts");

  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  monitor = run_scenario (window, id);
  replay = window->replay;
  g_assert_nonnull (replay);
  start = lab_replay_get_start (replay);
  end = lab_replay_get_end (replay);
  g_assert_cmpfloat (lab_replay_get_speed (replay), ==, 0.25);

  /* play for about 0.4 s of real time: about 0.1 s of the run */
  lab_replay_set_cursor (replay, start);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.replay-toggle", NULL);
  t0 = g_get_monotonic_time ();
  c0 = lab_replay_get_cursor (replay);
  instruments_frames_for (GTK_WIDGET (window), 0, 400);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.replay-toggle", NULL);
  g_test_message ("0.25×: %" G_GINT64_FORMAT " µs of the run in %" G_GINT64_FORMAT " µs",
                  lab_replay_get_cursor (replay) - c0, g_get_monotonic_time () - t0);
  g_assert_cmpint (lab_replay_get_cursor (replay) - c0, >, 0);
  g_assert_cmpint (lab_replay_get_cursor (replay) - c0, <=, (g_get_monotonic_time () - t0) / 2);

  /* the first moment after the click, the middle of the freeze, near the end */
  lab_replay_set_cursor (replay, start);
  lab_replay_step (replay, 1);
  lab_replay_step (replay, 1);
  positions[0] = lab_replay_get_cursor (replay);
  positions[1] = start + (end - start) / 2;
  lab_replay_set_cursor (replay, end);
  lab_replay_step (replay, -1);
  positions[2] = lab_replay_get_cursor (replay);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), sizes[s].width, sizes[s].height);
      instruments_wait_frames (GTK_WIDGET (window), 3);
      for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
        {
          g_autofree char *name = g_strdup_printf ("replay-%s-%dx%d-%u.png", id,
                                                   sizes[s].width, sizes[s].height, p + 1);

          lab_replay_set_cursor (replay, positions[p]);
          instruments_wait_frames (GTK_WIDGET (window), 2);
          g_test_message ("%s: %s (C# line %u)", name,
                          lab_replay_bar_get_event_text (window->replay_bar),
                          lab_replay_get_current_line (replay));
          g_assert_true (instruments_save_png (GTK_WIDGET (window), INSTRUMENTS_PNG_DEFAULT,
                                               output_dir, name));
          g_assert_cmpuint (lab_replay_get_current_line (replay), >, 0);
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  instruments_test_init (&argc, &argv);

  g_test_add_func ("/ui/window-replay/open-saved-run", test_open_saved_run);
  g_test_add_data_func ("/ui/window-replay/artifacts/start-new-in-ui-task",
                        "start-new-in-ui-task", test_replay_artifacts);
  g_test_add_data_func ("/ui/window-replay/artifacts/attached-children",
                        "attached-children", test_replay_artifacts);
  g_test_add_data_func ("/ui/window-replay/artifacts/result-deadlock",
                        "result-deadlock", test_replay_artifacts);

  return instruments_test_run ();
}
