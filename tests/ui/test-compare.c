/* test-compare.c — runs stacked on one time scale, and the offer to compare.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real runs on the pool (a "blur" region on the UI thread, or on a worker
 * while the main loop goes on), real windows on a private Xvfb. The
 * pictures of the compare window go to $LAB_ARTIFACTS_DIR (tests/ui/artifacts/
 * in the build tree) at 1280×720 and 1920×1080, for a person to look at.
 */
#include <glib/gstdio.h>

#include "lab-compare-window.h"
#include "lab-run-file.h"
#include "lab-stall-chart-private.h"
#include "lab-window-private.h"
#include "test-instruments-util.h"


/* Lets the main loop beat for @ms. */
static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A finished run of @id: the blur for @ms on the UI thread (the window
 * freezes) or on a worker (the main loop goes on beating). */
static LabRunMonitor *
make_run (const char *id,
          guint       number,
          const char *title,
          gboolean    on_ui_thread,
          guint       ms)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabRunMonitor *monitor = lab_run_monitor_new (id, number, title, expected);

  /* the owner of the default main context is the UI thread */
  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  iterate_for (60);
  if (on_ui_thread)
    instruments_blur_region (&ms, NULL);
  else
    {
      g_autoptr(PoolTask) task = pool_task_run (instruments_blur_region, &ms, NULL);

      while (!pool_task_is_completed (task))
        iterate_for (2);
      lab_run_monitor_track_task (monitor, task);
    }
  iterate_for (60);
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);
  return monitor;
}

/* @widget's rectangle @rect, in @window's coordinates. */
static graphene_rect_t
in_window (GtkWidget             *widget,
           GtkWidget             *window,
           const graphene_rect_t *rect)
{
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (widget, window, &rect->origin, &at));
  return GRAPHENE_RECT_INIT (at.x, at.y, rect->size.width, rect->size.height);
}

static void
save_artifact (LabCompareWindow *window,
               const char       *name)
{
  const char *dir = instruments_artifacts_dir (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_true (lab_compare_window_save_png (window, path, &error));
  g_assert_no_error (error);
  g_test_message ("wrote %s", path);
}

/* Every row's stall strip and timeline: the same plot x and width, the
 * same span from its own run's start, so the same µs per pixel. */
static void
assert_one_scale (LabCompareWindow *window,
                  gint64            longest_us)
{
  GtkWidget *root = GTK_WIDGET (window);
  gint64 span = lab_compare_window_get_span (window);
  graphene_rect_t first = { 0, };
  double first_us_per_px = 0;

  g_assert_cmpint (span, >=, longest_us);
  g_assert_cmpint (span, <=, longest_us + longest_us / 20);
  for (guint r = 0; r < lab_compare_window_get_n_rows (window); r++)
    {
      LabTimeline *timeline = lab_compare_window_get_timeline (window, r);
      LabStallChart *chart = lab_compare_window_get_stall_chart (window, r);
      graphene_rect_t plot, stall_plot, at, stall_at;
      gint64 start, end;
      double us_per_px;

      lab_timeline_get_plot_bounds (timeline, &plot, &start, &end);
      lab_stall_chart_get_plot_bounds (chart, &stall_plot);
      at = in_window (GTK_WIDGET (timeline), root, &plot);
      stall_at = in_window (GTK_WIDGET (chart), root, &stall_plot);

      /* each row from its own run's start, for the same time */
      g_assert_cmpint (start, ==, lab_compare_window_get_row_start (window, r));
      g_assert_cmpint (end - start, ==, span);
      us_per_px = (end - start) / (double) plot.size.width;
      g_test_message ("row %u: plot x %.1f width %.1f, %.1f µs per pixel", r, at.origin.x,
                      at.size.width, us_per_px);

      /* the stall strip above it on the same x range */
      g_assert_cmpfloat_with_epsilon (stall_at.origin.x, at.origin.x, 1.01);
      g_assert_cmpfloat_with_epsilon (stall_at.size.width, at.size.width, 1.01);
      if (r == 0)
        {
          first = at;
          first_us_per_px = us_per_px;
          continue;
        }
      g_assert_cmpfloat_with_epsilon (at.origin.x, first.origin.x, 1.01);
      g_assert_cmpfloat_with_epsilon (at.size.width, first.size.width, 1.01);
      g_assert_cmpfloat_with_epsilon (us_per_px, first_us_per_px, first_us_per_px * 0.01);
      /* lower in the window than the row before */
      g_assert_cmpfloat (at.origin.y, >, first.origin.y);
    }
}

/* A frozen run and a responsive one, the responsive one shorter: both rows
 * with a verdict, on the longer run's scale. */
static void
test_one_time_scale (void)
{
  static const struct { int width, height; const char *name; } sizes[] = {
    { 1280, 720, "compare-1280x720.png" },
    { 1920, 1080, "compare-1920x1080.png" },
  };
  g_autoptr(LabRunMonitor) frozen = NULL;
  g_autoptr(LabRunMonitor) responsive = NULL;
  LabRunMonitor *runs[2];
  gint64 frozen_us, responsive_us;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  frozen = make_run ("blur-in-click-handler", 5, "The blur in the click handler", TRUE, 700);
  responsive = make_run ("task-run", 1, "Task.Run", FALSE, 250);
  frozen_us = lab_run_monitor_get_end_time (frozen) - lab_run_monitor_get_start_time (frozen);
  responsive_us = lab_run_monitor_get_end_time (responsive) -
                  lab_run_monitor_get_start_time (responsive);
  g_assert_cmpint (frozen_us, >, responsive_us);
  runs[0] = frozen;
  runs[1] = responsive;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      LabCompareWindow *window = lab_compare_window_new (NULL, runs, 2);

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[s].width, sizes[s].height);
      gtk_window_present (GTK_WINDOW (window));
      instruments_wait_frames (GTK_WIDGET (window), 4);

      g_assert_cmpuint (lab_compare_window_get_n_rows (window), ==, 2);
      for (guint r = 0; r < 2; r++)
        {
          GtkLabel *verdict = lab_compare_window_get_verdict_label (window, r);

          g_assert_true (lab_compare_window_get_monitor (window, r) == runs[r]);
          g_assert_cmpint (lab_compare_window_get_row_start (window, r), ==,
                           lab_run_monitor_get_start_time (runs[r]));
          g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (verdict)));
          g_assert_cmpstr (gtk_label_get_text (verdict), ==,
                           r == 0 ? "Frozen" : "Responsive");
          g_assert_true (lab_timeline_get_model (lab_compare_window_get_timeline (window, r)) ==
                         lab_run_monitor_get_trace_model (runs[r]));
        }
      /* the freeze is labelled in the first row's strip only */
      g_assert_nonnull (lab_stall_chart_get_marker_text (
                          lab_compare_window_get_stall_chart (window, 0)));
      assert_one_scale (window, MAX (frozen_us, lab_trace_model_get_end (
                                       lab_run_monitor_get_trace_model (frozen)) -
                                     lab_run_monitor_get_start_time (frozen)));
      save_artifact (window, sizes[s].name);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* Three runs, from saved files (what --compare opens). */
static void
test_three_saved_runs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tasklab-compare-XXXXXX", NULL);
  LabRunMonitor *runs[3];
  LabCompareWindow *window;
  gint64 longest = 0;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  runs[0] = make_run ("start-new-in-ui-task", 2, "StartNew inside a UI task", TRUE, 500);
  runs[1] = make_run ("start-new-default-scheduler", 3, "StartNew with TaskScheduler.Default",
                      FALSE, 300);
  runs[2] = make_run ("hide-scheduler", 4, "TaskCreationOptions.HideScheduler", FALSE, 350);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/run-%u.json", dir, i);
      g_autoptr(GError) error = NULL;
      LabRunMonitor *loaded;

      g_assert_true (lab_run_file_save (runs[i], path, &error));
      g_assert_no_error (error);
      loaded = lab_run_file_load (path, &error);
      g_assert_no_error (error);
      g_object_unref (runs[i]);
      runs[i] = loaded;
      longest = MAX (longest,
                     MAX (lab_run_monitor_get_end_time (loaded),
                          lab_trace_model_get_end (lab_run_monitor_get_trace_model (loaded))) -
                     lab_run_monitor_get_start_time (loaded));
      g_unlink (path);
    }
  g_rmdir (dir);

  window = lab_compare_window_new (NULL, runs, 3);
  /* the window keeps the runs alive */
  for (guint i = 0; i < 3; i++)
    g_object_unref (runs[i]);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 4);
  g_assert_cmpuint (lab_compare_window_get_n_rows (window), ==, 3);
  g_assert_cmpstr (lab_run_monitor_get_id (lab_compare_window_get_monitor (window, 2)), ==,
                   "hide-scheduler");
  assert_one_scale (window, longest);
  save_artifact (window, "compare-three-1280x720.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* One run in three phases (the download's three ways): a worker twice, then
 * the UI thread. */
static LabRunMonitor *
make_phased_run (void)
{
  static const struct { const char *name; gboolean on_ui_thread; guint ms; } phases[] = {
    { "await", FALSE, 120 },
    { "Task.Run(blocking)", FALSE, 200 },
    { "blocking on the UI thread", TRUE, 400 },
  };
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE,
                                                  LAB_VERDICT_FROZEN };
  LabRunMonitor *monitor = lab_run_monitor_new ("download-three-ways", 12, "Download", expected);

  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      guint ms = phases[i].ms;

      lab_run_monitor_begin_phase (monitor, phases[i].name);
      iterate_for (40);
      if (phases[i].on_ui_thread)
        instruments_blur_region (&ms, NULL);
      else
        {
          g_autoptr(PoolTask) task = pool_task_run (instruments_blur_region, &ms, NULL);

          while (!pool_task_is_completed (task))
            iterate_for (2);
        }
      iterate_for (40);
      lab_run_monitor_end_phase (monitor, NULL);
    }
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);
  return monitor;
}

/* The download's three ways: a row per phase of its one run, each from its
 * phase's start, holding only what started in that phase. */
static void
test_phases (void)
{
  g_autoptr(LabRunMonitor) run = NULL;
  LabCompareWindow *window;
  JsonArray *phases;
  gint64 longest = 0;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  run = make_phased_run ();
  phases = lab_run_monitor_get_report (run)->phases;
  g_assert_cmpuint (json_array_get_length (phases), ==, 3);
  g_assert_true (lab_compare_window_has_phases (run));

  window = lab_compare_window_new_phases (NULL, run);
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 4);
  g_assert_cmpuint (lab_compare_window_get_n_rows (window), ==, 3);
  for (guint r = 0; r < 3; r++)
    {
      JsonObject *phase = json_array_get_object_element (phases, r);
      gint64 start = lab_run_monitor_get_start_time (run) +
                     (gint64) (json_object_get_double_member (phase, "start_ms") * 1000.0);
      gint64 end = start + (gint64) (json_object_get_double_member (phase, "duration_ms") * 1000.0);
      LabTraceModel *slice = lab_timeline_get_model (lab_compare_window_get_timeline (window, r));
      GtkLabel *verdict = lab_compare_window_get_verdict_label (window, r);
      const LabStallSample *samples;
      LabStallSeries *series;
      guint n_samples;

      g_assert_cmpint (lab_compare_window_get_row_start (window, r), ==, start);
      g_assert_cmpint (lab_trace_model_get_origin (slice), ==, start);
      /* the phase's blur, and nothing of the other phases */
      g_assert_cmpuint (lab_trace_model_get_n_items (slice), >=, 1);
      for (guint i = 0; i < lab_trace_model_get_n_items (slice); i++)
        {
          const PoolTraceEvent *event = &lab_trace_model_get_item (slice, i)->event;

          g_assert_cmpint ((event->start_us + event->end_us) / 2, >=, start);
          g_assert_cmpint ((event->start_us + event->end_us) / 2, <, end);
        }
      g_assert_cmpstr (gtk_label_get_text (verdict), ==, r == 2 ? "Frozen" : "Responsive");
      /* the strip's gaps (and so its figures) are the phase's own */
      series = lab_stall_chart_get_series (lab_compare_window_get_stall_chart (window, r));
      g_assert_true (series != lab_run_monitor_get_stall_series (run));
      samples = lab_stall_series_get_samples (series, &n_samples);
      g_assert_cmpuint (n_samples, >, 0);
      for (guint i = 0; i < n_samples; i++)
        {
          gint64 middle = samples[i].at_us - (gint64) (samples[i].gap_ms * 500.0);

          g_assert_cmpint (middle, >=, start - 1);
          g_assert_cmpint (middle, <, end + 1);
        }
      if (r == 2)
        g_assert_cmpfloat (lab_stall_series_get_longest_ms (series), >=, 350.0);
      longest = MAX (longest, MAX (end, lab_trace_model_get_end (slice)) - start);
    }
  assert_one_scale (window, longest);
  save_artifact (window, "compare-phases-1280x720.png");
  gtk_window_destroy (GTK_WINDOW (window));

  /* a run without phases has none to stack */
  g_clear_object (&run);
  run = make_run ("task-run", 1, "Task.Run", FALSE, 20);
  g_assert_false (lab_compare_window_has_phases (run));
  g_assert_null (lab_compare_window_new_phases (NULL, run));
}

static void
on_run_requested (LabWindow  *window,
                  const char *id,
                  char      **requested)
{
  g_free (*requested);
  *requested = g_strdup (id);
}

/* What the application does on ::run-requested: a run of @id, shown live. */
static LabRunMonitor *
run_in_window (LabWindow  *window,
               const char *id,
               guint       number)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabRunMonitor *monitor = lab_run_monitor_new (id, number, id, expected);
  guint ms = 30;
  g_autoptr(PoolTask) task = NULL;

  lab_run_monitor_start (monitor);
  lab_window_set_monitor (window, monitor);
  task = pool_task_run (instruments_blur_region, &ms, NULL);
  while (!pool_task_is_completed (task))
    iterate_for (2);
  lab_run_monitor_track_task (monitor, task);
  lab_run_monitor_finish (monitor, NULL);
  instruments_wait_frames (GTK_WIDGET (window), 1);
  return monitor;
}

static gboolean
is_requested (gpointer requested)
{
  return *(char **) requested != NULL;
}

/* Runs the main loop until the window asks for a run (5 s at most). */
static void
wait_requested (char **requested)
{
  instruments_iterate_until (is_requested, requested, 5000);
}

/* Scenario 2 offers "Compare with…" once its run has finished; a scenario
 * without a pair does not. Choosing one runs it and shows both stacked. */
static void
test_offer (void)
{
  static const char * const group[] = { "start-new-default-scheduler", "hide-scheduler", NULL };
  g_autoptr(LabRunMonitor) first = NULL;
  g_autoptr(LabRunMonitor) lone = NULL;
  g_autoptr(LabRunMonitor) second = NULL;
  g_autofree char *requested = NULL;
  LabCompareWindow *compare;
  LabRunMonitor *kept = NULL;
  LabWindow *window;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "start-new-in-ui-task", "Group", "2. StartNew inside a UI task",
                           "Two.", "More.", "// C#", "/* C */", FALSE);
  lab_window_add_scenario (window, "start-new-default-scheduler", "Group",
                           "3. StartNew with TaskScheduler.Default", "Three.", "More.", "// C#",
                           "/* C */", FALSE);
  lab_window_add_scenario (window, "hide-scheduler", "Group", "4. HideScheduler", "Four.",
                           "More.", "// C#", "/* C */", FALSE);
  lab_window_add_scenario (window, "queue-user-work-item", "Group", "6. QueueUserWorkItem",
                           "Six.", "More.", "// C#", "/* C */", FALSE);
  lab_window_set_compare_with (window, "start-new-in-ui-task", group);
  g_signal_connect (window, "run-requested", G_CALLBACK (on_run_requested), &requested);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 1);

  /* not before the run */
  g_assert_false (gtk_widget_get_visible (window->compare_box));
  g_assert_false (lab_window_compare (window, NULL));
  first = run_in_window (window, "start-new-in-ui-task", 2);
  g_assert_true (gtk_widget_get_mapped (window->compare_box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (window->compare_button))),
                   ==, "Compare 2 vs 3 vs 4");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->compare_menu)));

  /* a scenario without a pair offers nothing, and Ctrl+K says so */
  lab_window_select_scenario (window, "queue-user-work-item");
  lone = run_in_window (window, "queue-user-work-item", 6);
  g_assert_false (gtk_widget_get_visible (window->compare_box));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  iterate_for (50);
  g_assert_null (requested);

  /* with one of the group: it runs, then both show stacked */
  lab_window_select_scenario (window, "start-new-in-ui-task");
  instruments_wait_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_get_visible (window->compare_box));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-with", "s",
                                             "hide-scheduler"));
  wait_requested (&requested);
  g_assert_cmpstr (requested, ==, "hide-scheduler");
  g_assert_cmpstr (lab_window_get_selected_scenario (window), ==, "hide-scheduler");
  second = run_in_window (window, "hide-scheduler", 4);
  compare = lab_window_get_compare_window (window);
  g_assert_nonnull (compare);
  g_assert_cmpuint (lab_compare_window_get_n_rows (compare), ==, 2);
  g_assert_true (lab_compare_window_get_monitor (compare, 0) == first);
  g_assert_true (lab_compare_window_get_monitor (compare, 1) == second);

  /* the first run is kept alive by the comparison, whatever the window forgets */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &kept);
  kept = first;
  g_clear_object (&first);
  lab_window_select_scenario (window, "start-new-in-ui-task");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_null (lab_window_get_shown_monitor (window));
  g_assert_nonnull (kept);
  g_assert_true (lab_compare_window_get_monitor (compare, 0) == kept);
  g_object_remove_weak_pointer (G_OBJECT (kept), (gpointer *) &kept);
  gtk_window_destroy (GTK_WINDOW (compare));
  g_assert_null (lab_window_get_compare_window (window));

  /* Ctrl+K: with the whole group, one run after the other, then three rows */
  first = run_in_window (window, "start-new-in-ui-task", 2);
  g_clear_pointer (&requested, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  wait_requested (&requested);
  g_assert_cmpstr (requested, ==, "start-new-default-scheduler");
  g_clear_pointer (&requested, g_free);
  g_clear_object (&second);
  second = run_in_window (window, "start-new-default-scheduler", 3);
  g_assert_null (lab_window_get_compare_window (window));
  g_assert_false (gtk_widget_get_visible (window->compare_box));
  wait_requested (&requested);
  g_assert_cmpstr (requested, ==, "hide-scheduler");
  g_clear_object (&lone);
  lone = run_in_window (window, "hide-scheduler", 4);
  compare = lab_window_get_compare_window (window);
  g_assert_nonnull (compare);
  g_assert_cmpuint (lab_compare_window_get_n_rows (compare), ==, 3);
  g_assert_true (lab_compare_window_get_monitor (compare, 0) == first);
  g_assert_true (lab_compare_window_get_monitor (compare, 1) == second);
  g_assert_true (lab_compare_window_get_monitor (compare, 2) == lone);
  gtk_window_destroy (GTK_WINDOW (compare));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The download names itself: once its run has finished, the offer stacks
 * the run's own phases, and asks for no other run. */
static void
test_offer_phases (void)
{
  static const char * const itself[] = { "download-three-ways", NULL };
  g_autoptr(LabRunMonitor) run = NULL;
  g_autofree char *requested = NULL;
  LabCompareWindow *compare;
  LabWindow *window;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "download-three-ways", "Group", "12. Download", "Twelve.",
                           "More.", "// C#", "/* C */", TRUE);
  lab_window_set_compare_with (window, "download-three-ways", itself);
  g_signal_connect (window, "run-requested", G_CALLBACK (on_run_requested), &requested);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 1);
  g_assert_false (gtk_widget_get_visible (window->compare_box));

  run = make_phased_run ();
  lab_window_set_monitor (window, run);
  instruments_wait_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_get_mapped (window->compare_box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (window->compare_button))),
                   ==, "Compare its phases stacked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->compare_menu)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  iterate_for (50);
  g_assert_null (requested);
  compare = lab_window_get_compare_window (window);
  g_assert_nonnull (compare);
  g_assert_cmpuint (lab_compare_window_get_n_rows (compare), ==, 3);
  gtk_window_destroy (GTK_WINDOW (compare));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  instruments_test_init (&argc, &argv);

  g_test_add_func ("/ui/compare/one-time-scale", test_one_time_scale);
  g_test_add_func ("/ui/compare/three-saved-runs", test_three_saved_runs);
  g_test_add_func ("/ui/compare/phases", test_phases);
  g_test_add_func ("/ui/compare/offer", test_offer);
  g_test_add_func ("/ui/compare/offer-phases", test_offer_phases);

  return instruments_test_run ();
}
