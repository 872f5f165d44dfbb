/* test-window.c — the window shows the selected scenario's last run, or nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real LabWindow on a private Xvfb, handed the monitor of a real run on
 * the pool (a task that records a "blur" region), as the application does.
 */
#include <glib/gstdio.h>

#include "lab-run-file.h"
#include "lab-window-private.h"
#include "test-instruments-util.h"

/* While a run is live: the timeline follows it, and there is no Run button. */
static void
assert_live (LabWindow *window)
{
  g_assert_true (lab_chart_get_live (LAB_CHART (window->timeline)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->run_button)));
}

/* A finished run of scenario @id, with a task on a worker. */
static LabRunMonitor *
run_on_worker (LabWindow  *window,
               const char *id)
{
  return instruments_run_on_worker (window, id, 0, assert_live);
}

static void
assert_shows_nothing (LabWindow *window)
{
  g_assert_null (lab_window_get_shown_monitor (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->verdict_label)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->chips_box)));
  g_assert_cmpuint (lab_chips_get_n_chips (window->chips_box), ==, 0);
  g_assert_null (strstr (gtk_label_get_text (window->log_view), "Worker"));
  g_assert_null (lab_timeline_get_model (window->timeline));
  g_assert_null (lab_stall_chart_get_series (window->stall_chart));
  g_assert_null (lab_stall_chart_get_marker_text (window->stall_chart));
  g_assert_cmpstr (lab_pool_gauges_get_value_text (window->gauges, "tasks"), ==, "0");
  g_assert_null (gtk_picture_get_paintable (window->result_picture));
  g_assert_false (gtk_stack_page_get_visible (window->pictures_page));
  g_assert_null (strstr (gtk_label_get_text (window->details_label), "Worker"));
}

static void
assert_shows (LabWindow     *window,
              LabRunMonitor *monitor)
{
  g_autofree char *log = NULL;

  g_assert_true (lab_window_get_shown_monitor (window) == monitor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->verdict_label)));
  g_assert_cmpstr (gtk_label_get_text (window->verdict_label), ==, "Responsive");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->chips_box)));
  log = g_strjoinv ("\n", (char **) lab_run_monitor_get_log (monitor));
  g_assert_cmpstr (gtk_label_get_text (window->log_view), ==, log);
  g_assert_true (lab_timeline_get_model (window->timeline) == lab_run_monitor_get_trace_model (monitor));
  g_assert_true (lab_stall_chart_get_series (window->stall_chart) ==
                 lab_run_monitor_get_stall_series (monitor));
  g_assert_false (lab_chart_get_live (LAB_CHART (window->timeline)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->run_button)));
  g_assert_nonnull (strstr (gtk_label_get_text (window->details_label), "Worker"));
}

/* After a run, selecting another scenario shows none of the run's figures, log,
 * chips or timeline; selecting the first again shows its run; Ctrl+R forgets it. */
static void
test_selection_shows_its_own_run (void)
{
  LabWindow *window;
  g_autoptr(LabRunMonitor) first = NULL;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "first", "Group", "1. First", "The first.", "More on the first.",
                           "// C#", "/* C */", FALSE);
  lab_window_add_scenario (window, "second", "Group", "2. Second", "The second.",
                           "More on the second.", "// C#", "/* C */", FALSE);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (lab_window_get_selected_scenario (window), ==, "first");
  assert_shows_nothing (window);

  first = run_on_worker (window, "first");
  assert_shows (window, first);

  lab_window_select_scenario (window, "second");
  instruments_wait_frames (GTK_WIDGET (window), 1);
  g_assert_cmpstr (gtk_label_get_text (window->title_label), ==, "2. Second");
  assert_shows_nothing (window);

  lab_window_select_scenario (window, "first");
  assert_shows (window, first);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  assert_shows_nothing (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* While a run is live, the timeline's axis holds its baseline and its planned length from the
 * start (250 + 2000 ms, with room: 3 s); finished, it fits the run. */
static void
test_live_axis_holds_planned_length (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("first", 1, "first", expected);
  LabWindow *window;
  graphene_rect_t plot;
  gint64 start_us, end_us;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "first", "Group", "1. First", "The first.", "More on the first.",
                           "// C#", "/* C */", FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_present (GTK_WINDOW (window));
  lab_run_monitor_set_planned_ms (monitor, 2000);
  lab_run_monitor_start (monitor);
  lab_window_set_monitor (window, monitor);
  instruments_wait_frames (GTK_WIDGET (window), 2);
  lab_timeline_get_plot_bounds (window->timeline, &plot, &start_us, &end_us);
  g_assert_cmpint (end_us - start_us, ==, 3 * G_USEC_PER_SEC);

  lab_run_monitor_finish (monitor, NULL);
  instruments_wait_frames (GTK_WIDGET (window), 1);
  lab_timeline_get_plot_bounds (window->timeline, &plot, &start_us, &end_us);
  g_assert_cmpint (end_us - start_us, <, G_USEC_PER_SEC);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A run saved and opened in another window: shown as its scenario's last run,
 * that scenario selected; a file of an unknown scenario is refused. */
static void
test_open_saved_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tasklab-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autoptr(LabRunMonitor) first = NULL;
  g_autoptr(GError) error = NULL;
  LabWindow *window, *other;
  LabRunMonitor *opened;

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "first", "Group", "1. First", "The first.", "More.",
                           "// C#", "/* C */", FALSE);
  gtk_window_present (GTK_WINDOW (window));
  first = run_on_worker (window, "first");
  g_assert_true (lab_run_file_save (first, path, &error));
  g_assert_no_error (error);

  other = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (other, "zero", "Group", "0. Zero", "Zero.", "More.", "// C#", "/* C */", FALSE);
  lab_window_add_scenario (other, "first", "Group", "1. First", "The first.", "More.",
                           "// C#", "/* C */", FALSE);
  gtk_window_present (GTK_WINDOW (other));
  instruments_wait_frames (GTK_WIDGET (other), 1);
  g_assert_cmpstr (lab_window_get_selected_scenario (other), ==, "zero");
  g_assert_true (lab_window_open_run (other, path, &error));
  g_assert_no_error (error);
  instruments_wait_frames (GTK_WIDGET (other), 1);
  g_assert_cmpstr (lab_window_get_selected_scenario (other), ==, "first");
  opened = lab_window_get_shown_monitor (other);
  g_assert_nonnull (opened);
  g_assert_true (opened != first);
  assert_shows (other, opened);
  g_assert_cmpuint (lab_chips_get_n_chips (other->chips_box), ==,
                    g_strv_length ((GStrv) lab_run_monitor_get_chips (first)));

  /* a run of a scenario the window does not list */
  lab_window_select_scenario (window, "first");
  gtk_window_destroy (GTK_WINDOW (window));
  window = g_object_new (LAB_TYPE_WINDOW, NULL);
  lab_window_add_scenario (window, "second", "Group", "2. Second", "The second.", "More.",
                           "// C#", "/* C */", FALSE);
  g_assert_false (lab_window_open_run (window, path, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT);
  g_assert_null (lab_window_get_shown_monitor (window));

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (other));
  g_unlink (path);
  g_rmdir (dir);
}

/* The keys a screencast shows: named as a viewer reads them; on by default in
 * presenter mode, F8 toggles them. */
static void
test_keystroke_overlay (void)
{
  static const struct { guint keyval; GdkModifierType state; const char *text; } keys[] = {
    { GDK_KEY_F5, 0, "F5" },
    { GDK_KEY_Escape, 0, "Esc" },
    { GDK_KEY_q, GDK_CONTROL_MASK, "Ctrl+Q" },
    { GDK_KEY_Page_Down, 0, "Page Down" },
    { GDK_KEY_Down, GDK_ALT_MASK, "Alt+↓" },
    { GDK_KEY_h, 0, "h" },
    { GDK_KEY_Control_L, GDK_CONTROL_MASK, NULL },   /* a modifier alone shows nothing */
  };
  LabWindow *window;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *text = lab_keystroke_overlay_describe_key (keys[i].keyval, keys[i].state);

      g_assert_cmpstr (text, ==, keys[i].text);
    }

  INSTRUMENTS_REQUIRE_DISPLAY ();
  window = LAB_WINDOW (lab_window_new (NULL));
  g_assert_false (lab_keystroke_overlay_get_enabled (window->keystrokes));
  g_object_set (window, "presenter-mode", TRUE, NULL);
  g_assert_true (lab_keystroke_overlay_get_enabled (window->keystrokes));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-keys", NULL));
  g_assert_false (lab_keystroke_overlay_get_enabled (window->keystrokes));
  g_object_set (window, "presenter-mode", FALSE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-keys", NULL));
  g_assert_true (lab_keystroke_overlay_get_enabled (window->keystrokes));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  instruments_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/selection-shows-its-own-run", test_selection_shows_its_own_run);
  g_test_add_func ("/ui/window/keystroke-overlay", test_keystroke_overlay);
  g_test_add_func ("/ui/window/open-saved-run", test_open_saved_run);
  g_test_add_func ("/ui/window/live-axis-holds-planned-length", test_live_axis_holds_planned_length);

  return instruments_test_run ();
}
