/* lab-headless.c — scenarios run from the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `--run ID|all --report json` runs the real window: once it has drawn its
 * first frame, each scripted scenario runs in turn; after each, one JSON
 * object on one line on stdout, and (with --screenshot-dir) a picture of
 * the window once the result has been drawn. Then the program quits.
 * `--first-frame-and-quit` (the start-up benchmark) prints when the first
 * frame was drawn and quits.
 */
#define G_LOG_DOMAIN "Lab"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-application-private.h"
#include "lab-compare-window.h"
#include "lab-event-log.h"
#include "lab-run-file.h"
#include "lab-trace-export.h"

/* time for the comparison to be drawn and its plots lined up */
#define COMPARE_SCREENSHOT_DELAY_MS 1500

/* --compare FILE1 FILE2 [FILE3] (or --compare given twice or three times):
 * the files after the first are the command line's remaining arguments.
 * One file alone is a run measured in phases (the download's three ways),
 * stacked phase by phase. Returns -1 to go on, or the exit status. */
static int
parse_compare (LabApplication *self,
               GVariantDict   *options,
               gboolean        with_run)
{
  g_auto(GStrv) compare = NULL;
  g_auto(GStrv) remaining = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  g_variant_dict_lookup (options, "compare", "^aay", &compare);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^aay", &remaining);
  if (compare == NULL && remaining != NULL && remaining[0] != NULL)
    {
      g_autofree char *name = g_filename_display_name (remaining[0]);

      g_printerr ("tasklab: unexpected argument “%s” (a saved run opens with --open FILE, "
                  "two or three with --compare FILE1 FILE2 [FILE3])\n", name);
      return 2;
    }
  if (compare == NULL)
    return -1;
  for (guint i = 0; compare[i] != NULL; i++)
    g_ptr_array_add (files, compare[i]);
  for (guint i = 0; remaining != NULL && remaining[i] != NULL; i++)
    g_ptr_array_add (files, remaining[i]);
  if (files->len > 3)
    {
      g_printerr ("tasklab: --compare takes two or three saved runs: "
                  "--compare FILE1 FILE2 [FILE3] (%u given)\n", files->len);
      return 2;
    }
  if (with_run || self->open_run != NULL)
    {
      g_printerr ("tasklab: --compare shows saved runs; it does not go with --run, --open "
                  "or --report\n");
      return 2;
    }
  self->compare_runs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      LabRunMonitor *monitor = lab_run_file_load (g_ptr_array_index (files, i), &error);

      if (monitor == NULL)
        {
          g_autofree char *name = g_filename_display_name (g_ptr_array_index (files, i));

          g_printerr ("tasklab: %s was not opened: %s\n", name, error->message);
          g_clear_pointer (&self->compare_runs, g_ptr_array_unref);
          return 1;
        }
      g_ptr_array_add (self->compare_runs, monitor);
    }
  if (files->len == 1 && !lab_compare_window_has_phases (g_ptr_array_index (self->compare_runs, 0)))
    {
      g_autofree char *name = g_filename_display_name (g_ptr_array_index (files, 0));

      g_printerr ("tasklab: --compare takes two or three saved runs (--compare FILE1 FILE2 "
                  "[FILE3]), or one measured in phases; %s has no phases to compare\n", name);
      g_clear_pointer (&self->compare_runs, g_ptr_array_unref);
      return 2;
    }
  /* the saved runs open in a window of their own, even beside an open TaskLab */
  g_application_set_flags (G_APPLICATION (self),
                           g_application_get_flags (G_APPLICATION (self)) |
                           G_APPLICATION_NON_UNIQUE);
  return -1;
}

/**
 * _lab_application_parse_script:
 *
 * Reads --run, --report, --screenshot-dir, --export-trace, --save-run,
 * --open (which with --report json prints the saved run's report, here)
 * and --compare FILE1 FILE2 [FILE3] (saved runs, loaded here, so a bad file
 * is refused before any window opens).
 *
 * @unknown_id: set when --run names no scenario (the caller then lists them)
 *
 * Returns: -1 to go on, or the exit status (2 for misused options)
 */
int
_lab_application_parse_script (LabApplication *self,
                               GVariantDict   *options,
                               gboolean       *unknown_id)
{
  g_autofree char *run_id = NULL;
  const char *report = NULL;
  const LabScenario * const *scenarios;
  guint n_scenarios;
  int status;

  g_variant_dict_lookup (options, "run", "s", &run_id);
  g_variant_dict_lookup (options, "report", "&s", &report);
  g_variant_dict_lookup (options, "screenshot-dir", "^ay", &self->screenshot_dir);
  g_variant_dict_lookup (options, "export-trace", "^ay", &self->export_trace);
  g_variant_dict_lookup (options, "save-run", "^ay", &self->save_run);
  g_variant_dict_lookup (options, "open", "^ay", &self->open_run);
  self->layout_report = g_variant_dict_contains (options, "layout-report");
  self->first_frame_and_quit = g_variant_dict_contains (options, "first-frame-and-quit");

  status = parse_compare (self, options, run_id != NULL || report != NULL);
  if (status >= 0)
    return status;
  if (report != NULL && g_strcmp0 (report, "json") != 0)
    {
      g_printerr ("tasklab: --report takes “json”, not “%s”\n", report);
      return 2;
    }
  if (report != NULL && run_id == NULL && self->open_run == NULL)
    {
      g_printerr ("tasklab: --report goes with --run ID or --open FILE\n");
      return 2;
    }
  if (self->open_run != NULL && run_id != NULL)
    {
      g_printerr ("tasklab: --open shows a saved run; it does not go with --run\n");
      return 2;
    }
  if (self->save_run != NULL && (run_id == NULL || g_strcmp0 (run_id, "all") == 0))
    {
      g_printerr ("tasklab: --save-run goes with --run ID (one scenario)\n");
      return 2;
    }
  if (self->open_run != NULL && report != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabRunMonitor) monitor = lab_run_file_load (self->open_run, &error);
      g_autofree char *json = NULL;

      if (monitor == NULL)
        {
          g_autofree char *name = g_filename_display_name (self->open_run);

          g_printerr ("tasklab: %s was not opened: %s\n", name, error->message);
          return 1;
        }
      json = lab_report_to_json (lab_run_monitor_get_report (monitor));
      g_print ("%s\n", json);
      return 0;
    }
  if (self->export_trace != NULL && (run_id == NULL || g_strcmp0 (run_id, "all") == 0))
    {
      g_printerr ("tasklab: --export-trace goes with --run ID (one scenario)\n");
      return 2;
    }
  if (self->open_run != NULL)
    /* the saved run opens in a window of its own, even beside an open TaskLab */
    g_application_set_flags (G_APPLICATION (self),
                             g_application_get_flags (G_APPLICATION (self)) |
                             G_APPLICATION_NON_UNIQUE);
  if (run_id == NULL && !self->first_frame_and_quit)
    return -1;

  /* A scripted run is its own process, even beside an open TaskLab. */
  g_application_set_flags (G_APPLICATION (self),
                           g_application_get_flags (G_APPLICATION (self)) | G_APPLICATION_NON_UNIQUE);
  if (run_id == NULL)
    return -1;

  scenarios = lab_scenarios_get_all (&n_scenarios);
  self->script = g_ptr_array_new ();
  if (g_strcmp0 (run_id, "all") == 0)
    {
      for (guint i = 0; i < n_scenarios; i++)
        g_ptr_array_add (self->script, (gpointer) scenarios[i]);
    }
  else if (lab_scenarios_find (run_id) != NULL)
    g_ptr_array_add (self->script, (gpointer) lab_scenarios_find (run_id));
  else
    {
      g_printerr ("tasklab: no scenario “%s”. Valid IDs (or “all”):\n", run_id);
      *unknown_id = TRUE;
      return 2;
    }
  return -1;
}

/* Headless: the next scripted scenario, or quit when none is left. */
static void
run_next_in_script (LabApplication *self)
{
  const LabScenario *next;

  if (self->script->len == 0)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }
  next = g_ptr_array_steal_index (self->script, 0);
  lab_window_select_scenario (self->window, next->id);
  _lab_application_start_run (self, next->id);
}

static void
on_first_paint (GdkFrameClock  *clock,
                LabApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);

  if (self->first_frame_and_quit)
    {
      g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      fflush (stdout);
      g_application_quit (G_APPLICATION (self));
      return;
    }

  if (lab_event_log_is_enabled ())
    {
      graphene_rect_t bounds;

      if (lab_window_get_type_field_bounds (self->window, &bounds))
        lab_event_log_write ("entry-at %d %d %d %d", (int) bounds.origin.x, (int) bounds.origin.y,
                             (int) bounds.size.width, (int) bounds.size.height);
      lab_event_log_write ("first-frame");
    }

  if (self->script != NULL)
    run_next_in_script (self);
}

static void
on_window_map (GtkWidget      *window,
               LabApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_window_map, self);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint), self);
}

/* Scripts, the start-up benchmark and the event log start at the first frame. */
void
_lab_application_watch_first_frame (LabApplication *self)
{
  if (self->script != NULL || self->first_frame_and_quit || lab_event_log_is_enabled ())
    g_signal_connect (self->window, "map", G_CALLBACK (on_window_map), self);
}

/* The window as it is on screen, rendered to a PNG (screenshots for tests
 * and talks; works under any display, Xvfb included). */
static gboolean
save_window_png (LabApplication  *self,
                 const char      *path,
                 GError         **error)
{
  GtkWidget *widget = GTK_WIDGET (self->window);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self->window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL || renderer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window has nothing drawn yet");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, tmp))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot write %s: %s",
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static void
add_rect (JsonBuilder           *builder,
          const char            *name,
          gboolean               shown,
          const graphene_rect_t *rect)
{
  json_builder_set_member_name (builder, name);
  if (!shown)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, rect->origin.x);
  json_builder_add_double_value (builder, rect->origin.y);
  json_builder_add_double_value (builder, rect->size.width);
  json_builder_add_double_value (builder, rect->size.height);
  json_builder_end_array (builder);
}

/* ,"layout":{…}}: where the stage's parts lie, as GTK laid them out. */
static char *
layout_member (LabApplication *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *object = NULL;
  LabStageLayout layout;

  lab_window_get_stage_layout (self->window, &layout);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "window");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, layout.window_width);
  json_builder_add_int_value (builder, layout.window_height);
  json_builder_end_array (builder);
  add_rect (builder, "csharp", layout.has_csharp, &layout.csharp);
  add_rect (builder, "verdict", layout.has_verdict, &layout.verdict);
  add_rect (builder, "run_button", layout.has_run_button, &layout.run_button);
  json_builder_set_member_name (builder, "csharp_lines");
  json_builder_add_int_value (builder, layout.csharp_lines);
  json_builder_set_member_name (builder, "csharp_lines_visible");
  json_builder_add_int_value (builder, layout.csharp_lines_visible);
  json_builder_set_member_name (builder, "csharp_scale");
  json_builder_add_double_value (builder, layout.csharp_scale);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  object = json_generator_to_data (generator, NULL);
  return g_strdup_printf (",\"layout\":%s}", object);
}

/* The run's report on one line; with --layout-report, the stage's layout added. */
static void
print_report (LabApplication *self,
              LabScenarioRun *run)
{
  g_autofree char *json = lab_report_to_json (lab_run_monitor_get_report (lab_scenario_run_get_monitor (run)));

  if (self->layout_report && g_str_has_suffix (json, "}"))
    {
      g_autofree char *member = layout_member (self);
      g_autofree char *rounded = lab_json_round_numbers (member);

      json[strlen (json) - 1] = '\0';
      g_print ("%s%s\n", json, rounded);
    }
  else
    g_print ("%s\n", json);
  /* one JSON object per line, flushed: a reader sees each as it ends */
  fflush (stdout);
}

/* --compare … --screenshot-dir DIR: DIR/compare.png once it has been drawn, then quit. */
static gboolean
save_compare_png (gpointer data)
{
  LabApplication *self = data;
  LabCompareWindow *compare = self->window != NULL ? lab_window_get_compare_window (self->window)
                                                   : NULL;
  g_autofree char *path = g_build_filename (self->screenshot_dir, "compare.png", NULL);
  g_autoptr(GError) error = NULL;

  if (compare == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the comparison was closed");
  if (compare == NULL || g_mkdir_with_parents (self->screenshot_dir, 0755) != 0 ||
      !lab_compare_window_save_png (compare, path, &error))
    {
      g_printerr ("tasklab: no screenshot of the comparison: %s\n",
                  error != NULL ? error->message : g_strerror (errno));
      self->exit_status = 1;
    }
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

void
_lab_application_screenshot_compare (LabApplication *self)
{
  if (self->screenshot_dir != NULL)
    g_timeout_add (COMPARE_SCREENSHOT_DELAY_MS, save_compare_png, self);
}

static void
on_result_painted (GdkFrameClock  *clock,
                   LabApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_result_painted, self);

  /* printed once the result is on screen: the layout is the one seen */
  if (self->run != NULL)
    print_report (self, self->run);
  if (self->screenshot_dir != NULL && self->run != NULL)
    {
      const LabScenario *scenario = lab_scenario_run_get_scenario (self->run);
      g_autofree char *name = g_strconcat (scenario->id, ".png", NULL);
      g_autofree char *path = g_build_filename (self->screenshot_dir, name, NULL);
      g_autoptr(GError) error = NULL;

      if (g_mkdir_with_parents (self->screenshot_dir, 0755) != 0 ||
          !save_window_png (self, path, &error))
        g_printerr ("tasklab: no screenshot of %s: %s\n", scenario->id,
                    error != NULL ? error->message : g_strerror (errno));
    }
  if (self->export_trace != NULL && self->run != NULL)
    {
      LabRunMonitor *monitor = lab_scenario_run_get_monitor (self->run);
      g_autoptr(GError) error = NULL;

      if (!lab_trace_export_chrome_json (lab_run_monitor_get_trace_model (monitor),
                                         self->export_trace, &error))
        {
          g_autofree char *name = g_filename_display_name (self->export_trace);

          g_printerr ("tasklab: the trace could not be saved as %s: %s\n", name, error->message);
          self->exit_status = 1;
        }
    }
  if (self->save_run != NULL && self->run != NULL)
    {
      LabRunMonitor *monitor = lab_scenario_run_get_monitor (self->run);
      g_autoptr(GError) error = NULL;

      if (!lab_run_file_save (monitor, self->save_run, &error))
        {
          g_autofree char *name = g_filename_display_name (self->save_run);

          g_printerr ("tasklab: the run could not be saved as %s: %s\n", name, error->message);
          self->exit_status = 1;
        }
    }
  g_clear_object (&self->run);
  run_next_in_script (self);
}

/**
 * _lab_application_report_run:
 *
 * When the run is part of a script: once the result has been drawn, prints
 * its report (and saves the screenshot), then goes on to the next scenario.
 *
 * Returns: %TRUE if the script keeps the run until then
 */
gboolean
_lab_application_report_run (LabApplication *self,
                             LabScenarioRun *run)
{
  if (self->script == NULL || self->window == NULL)
    return FALSE;

  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self->window)), "after-paint",
                    G_CALLBACK (on_result_painted), self);
  gtk_widget_queue_draw (GTK_WIDGET (self->window));
  return TRUE;
}

/**
 * _lab_application_input_failed:
 * @message: why the input (--image) cannot be used
 *
 * A scripted run whose input failed runs nothing: each scenario it was to
 * run gets a report with the error and no verdict, and the program ends
 * with status 1 (the README's "Exit status").
 */
void
_lab_application_input_failed (LabApplication *self,
                               const char     *message)
{
  if (self->script == NULL)
    return;
  for (guint i = 0; i < self->script->len; i++)
    {
      const LabScenario *scenario = g_ptr_array_index (self->script, i);
      g_autoptr(LabReport) report = g_new0 (LabReport, 1);
      g_autofree char *json = NULL;

      report->id = g_strdup (scenario->id);
      report->number = scenario->number;
      report->title = g_strdup (scenario->title);
      memcpy (report->expected, scenario->expected, sizeof report->expected);
      report->error = g_strdup (message);
      json = lab_report_to_json (report);
      g_print ("%s\n", json);
    }
  fflush (stdout);
  g_ptr_array_set_size (self->script, 0);
  self->pending = NULL;
  self->exit_status = 1;
  g_application_quit (G_APPLICATION (self));
}
