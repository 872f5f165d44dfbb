/* lab-application.c — the application: options, the image, runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window asks for a run (::run-requested); the application makes the
 * run's monitor and hands it to the window, which shows it live, then
 * starts the scenario. When the run completes the window shows its report
 * (the monitor says so); the application puts the result picture beside it
 * and, when run from the command line (lab-headless.c), prints the report.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib-unix.h>
#include <math.h>
#include <glib/gi18n.h>
#include <signal.h>

#include "lab-application-private.h"
#include "lab-blur.h"
#include "lab-blur-command.h"
#include "lab-crash-demo.h"
#include "lab-event-log.h"
#include "lab-frame-stats.h"
#include "lab-renderer.h"
#include "lab-run-folder.h"

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "list", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the scenarios (ID and title) and exit"), NULL },
  { "run", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Run a scenario (or “all”, one after the other) in the window, then exit"), N_("ID") },
  { "report", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --run: print the measured report (json)"), N_("FORMAT") },
  { "image", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Blur this image instead of the bundled one"), N_("FILE") },
  { "freeze-ms", 0, 0, G_OPTION_ARG_INT, NULL, N_("How long a frozen scenario freezes (default 2000)"), N_("MS") },
  { "url", 0, 0, G_OPTION_ARG_STRING, NULL, N_("What the download scenarios fetch (default: the built-in slow server)"), N_("URL") },
  { "screenshot-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --run: save the window as DIR/ID.png after each scenario"), N_("DIR") },
  { "export-trace", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --run ID: save the run's trace for ui.perfetto.dev as FILE"), N_("FILE") },
  { "save-run", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --run ID: save the finished run as FILE, to open later"), N_("FILE") },
  { "open", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open a saved run in the window (with --report json: print its report)"), N_("FILE") },
  { "compare", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, N_("Open two or three saved runs stacked on one time scale: --compare FILE1 FILE2 [FILE3] (one run measured in phases: its phases)"), N_("FILE1") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE2 [FILE3]]") },
  { "presenter", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start in presenter mode (large type, keys shown)"), NULL },
  { "zoom", 0, 0, G_OPTION_ARG_INT, NULL, N_("Text and instruments at PERCENT of their size (50 to 300)"), N_("PERCENT") },
  { "window-size", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open the window at this size, as WIDTHxHEIGHT"), N_("SIZE") },
  { "layout-report", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "With --run: add where the stage's parts lie to each report (tests)", NULL },
  { LAB_CRASH_DEMO_OPTION, 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "Scenario 7's child: let an error escape a work item", NULL },
  { "first-frame-and-quit", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "Print the time of the first frame and quit (startup benchmark)", NULL },
  { "blur", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Blur FILE without a window (with --sigma, --output), then exit"), N_("FILE") },
  { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, NULL, N_("With --blur: the Gaussian's sigma in pixels"), N_("S") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --blur: where to save (.png, .jpg, .bmp)"), N_("FILE") },
  { "threads", 0, 0, G_OPTION_ARG_INT, NULL, N_("With --blur: at most N tiles at once (default: one per core)"), N_("N") },
  { NULL }
};

/* On stderr, and in the window's banner when there is a window. */
void
_lab_application_report_error (LabApplication *self,
                               const char     *message)
{
  g_printerr ("tasklab: %s\n", message);
  if (self->window != NULL)
    lab_window_show_error (self->window, message);
}

/* ---- runs ----------------------------------------------------------------- */

static guint64
count_frames (gpointer data)
{
  LabApplication *self = data;

  return self->window != NULL ? lab_window_get_frame_count (self->window) : 0;
}

static void
on_run_completed (LabScenarioRun *run,
                  LabApplication *self)
{
  LabRunMonitor *monitor = lab_scenario_run_get_monitor (run);
  LabReport *report = lab_run_monitor_get_report (monitor);
  LabImage *result = lab_scenario_run_get_result (run);
  g_autofree char *verdict = lab_verdicts_to_string (report->verdicts);

  g_signal_handlers_disconnect_by_func (run, on_run_completed, self);
  lab_frame_stats_set_active (FALSE);
  if (result != NULL && self->window != NULL)
    _lab_application_show_result (self, monitor, result);
  if (report->error != NULL)
    {
      g_autofree char *description = lab_report_describe (report);

      g_printerr ("tasklab: %s\n", description);
    }
  lab_event_log_write ("run-end %s %s", report->id, verdict);

  /* headless: the next one starts once this one has been drawn */
  if (!_lab_application_report_run (self, run))
    g_clear_object (&self->run);
}

static void
start_work (LabApplication *self)
{
  lab_frame_stats_begin_work ();
  lab_scenario_run_start (self->run);
}

static gboolean
start_after_baseline (gpointer data)
{
  LabApplication *self = data;

  self->baseline_source = 0;
  if (self->run != NULL)
    start_work (self);
  return G_SOURCE_REMOVE;
}

static void
on_acknowledged (GdkFrameClock  *clock,
                 LabApplication *self)
{
  LabRunMonitor *monitor;
  double remaining_ms;

  g_signal_handlers_disconnect_by_func (clock, on_acknowledged, self);
  if (self->run == NULL)
    return;
  monitor = lab_scenario_run_get_monitor (self->run);
  remaining_ms = lab_run_monitor_get_baseline_remaining_ms (monitor);
  if (remaining_ms > 0)
    self->baseline_source = g_timeout_add ((guint) ceil (remaining_ms), start_after_baseline, self);
  else
    start_work (self);
}

/* The click is acknowledged on screen (Run has turned into Cancel) before
 * the scenario starts: a scenario that blocks the UI thread would
 * otherwise freeze the window with the click not shown as taken. Then the
 * idle UI thread is watched for the rest of the baseline (LAB_BASELINE_MS),
 * so that a busy machine shows before the work does. */
static void
start_when_acknowledged (LabApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->window));

  if (clock == NULL)
    {
      start_work (self);
      return;
    }
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_acknowledged), self);
  gtk_widget_queue_draw (GTK_WIDGET (self->window));
}

void
_lab_application_start_run (LabApplication *self,
                            const char     *id)
{
  const LabScenario *scenario = lab_scenarios_find (id);
  g_autoptr(LabRunMonitor) monitor = NULL;

  g_return_if_fail (scenario != NULL);

  if (self->run != NULL)
    return;
  if (self->image == NULL || self->passes_per_s == 0)
    {
      /* still decoding, or the blur is being timed on this image: run as
       * soon as it is ready; meanwhile Run is Cancel already */
      self->pending = scenario;
      if (self->window != NULL)
        lab_window_set_waiting (self->window, TRUE);
      return;
    }
  /* passes from the blur's speed and the freeze length, before any measurement */
  if (self->passes == 0)
    self->passes = (guint) MAX (1.0, self->passes_per_s * self->freeze_ms / 1000.0 + 0.5);

  monitor = lab_run_monitor_new (scenario->id, scenario->number, scenario->title, scenario->expected);
  lab_run_monitor_set_frame_counter (monitor, count_frames, self, NULL);
  lab_run_monitor_set_planned_ms (monitor, self->freeze_ms);
  self->run = lab_scenario_run_new (scenario, monitor, self->image, LAB_BLUR_SIGMA, self->passes);
  if (scenario->downloads)
    lab_scenario_run_set_url (self->run, lab_window_get_url (self->window));
  g_signal_connect (self->run, "completed", G_CALLBACK (on_run_completed), self);
  lab_event_log_write ("run-start %s", scenario->id);
  lab_run_monitor_start (monitor);
  lab_window_set_monitor (self->window, monitor);
  lab_frame_stats_set_active (TRUE);
  start_when_acknowledged (self);
}

/* A run asked for while the image was loading or being timed. */
void
_lab_application_start_pending (LabApplication *self)
{
  const LabScenario *pending = g_steal_pointer (&self->pending);

  if (pending != NULL)
    _lab_application_start_run (self, pending->id);
  if (self->cancel_pending && self->run != NULL)
    lab_scenario_run_cancel (self->run);
  self->cancel_pending = FALSE;
}

static void
on_run_requested (LabWindow      *window,
                  const char     *id,
                  LabApplication *self)
{
  _lab_application_start_run (self, id);
}

/* The preference: a new freeze length means measuring the blur again. */
static void
on_freeze_changed (LabSettings    *settings,
                   GParamSpec     *pspec,
                   LabApplication *self)
{
  self->freeze_ms = lab_settings_get_freeze_ms (settings);
  self->passes = 0;
}

/* Escape or the Cancel button: the run's token, which the long scenarios observe. */
static void
on_cancel_requested (LabWindow      *window,
                     LabApplication *self)
{
  if (self->run != NULL)
    lab_scenario_run_cancel (self->run);
  else if (self->pending != NULL && self->script != NULL)
    /* a script goes on to report every run: this one starts cancelled */
    self->cancel_pending = TRUE;
  else if (self->pending != NULL)
    {
      self->pending = NULL;
      lab_window_set_waiting (window, FALSE);
    }
}

static void
on_image_dropped (LabWindow      *window,
                  GFile          *file,
                  LabApplication *self)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    _lab_application_open_image_file (self, path);
  else
    _lab_application_report_error (self, _("TaskLab can open local files only: save the image "
                                           "to a folder first."));
}

static void
on_typed (LabWindow      *window,
          const char     *text,
          LabApplication *self)
{
  lab_event_log_write ("typed %s", text);
}

/* ---- the application ------------------------------------------------------ */

/* What lab_renderer_choose() chose, as GSK made it for the window. */
static void
on_window_realized (GtkWidget *window)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_debug ("The window is drawn by %s", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
}

static void
lab_application_activate (GApplication *application)
{
  LabApplication *self = LAB_APPLICATION (application);
  const LabScenario * const *scenarios;
  guint n_scenarios;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  self->window = lab_window_new (GTK_APPLICATION (self));
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  g_signal_connect_after (self->window, "realize", G_CALLBACK (on_window_realized), NULL);
  g_signal_connect (self->window, "run-requested", G_CALLBACK (on_run_requested), self);
  g_signal_connect (self->window, "image-dropped", G_CALLBACK (on_image_dropped), self);
  g_signal_connect (self->window, "cancel-requested", G_CALLBACK (on_cancel_requested), self);
  if (lab_event_log_is_enabled ())
    g_signal_connect (self->window, "typed", G_CALLBACK (on_typed), self);
  if (self->open_run != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!lab_window_open_run (self->window, self->open_run, &error))
        {
          g_autofree char *name = g_filename_display_name (self->open_run);
          g_autofree char *message = g_strdup_printf (_("%s was not opened: %s"), name,
                                                      error->message);

          _lab_application_report_error (self, message);
        }
    }
  /* the window's GActions: show-help-overlay (Ctrl+?) */
  _lab_application_log_activations (G_ACTION_MAP (self->window), "win");
  if (self->url != NULL)
    lab_window_set_url (self->window, self->url);
  if (self->window_width > 0)
    gtk_window_set_default_size (GTK_WINDOW (self->window), self->window_width, self->window_height);
  if (self->zoom_percent > 0)
    lab_window_set_zoom (self->window, self->zoom_percent);
  if (self->presenter)
    g_object_set (self->window, "presenter-mode", TRUE, NULL);

  scenarios = lab_scenarios_get_all (&n_scenarios);
  for (guint i = 0; i < n_scenarios; i++)
    {
      g_autofree char *c_source = lab_scenario_dup_c_source (scenarios[i]);
      g_autofree char *info = lab_scenario_dup_info (scenarios[i]);
      g_autofree char *title = g_strdup_printf ("%u. %s", scenarios[i]->number,
                                                _(scenarios[i]->title));

      lab_window_add_scenario (self->window, scenarios[i]->id, _(scenarios[i]->group), title,
                               _(scenarios[i]->summary), info, scenarios[i]->csharp, c_source,
                               scenarios[i]->downloads);
      lab_window_set_compare_with (self->window, scenarios[i]->id, scenarios[i]->compare_with);
    }

  _lab_application_load_first_image (self);
  _lab_application_watch_first_frame (self);
  lab_frame_stats_watch (GTK_WIDGET (self->window));
  gtk_window_present (GTK_WINDOW (self->window));
  /* --compare: the saved runs stacked, over the window */
  if (self->compare_runs != NULL && self->compare_runs->len == 1)
    {
      lab_window_show_phases (self->window, g_ptr_array_index (self->compare_runs, 0));
      _lab_application_screenshot_compare (self);
    }
  else if (self->compare_runs != NULL)
    {
      lab_window_show_comparison (self->window, (LabRunMonitor **) self->compare_runs->pdata,
                                  self->compare_runs->len);
      _lab_application_screenshot_compare (self);
    }
}

static void
print_scenarios (FILE *stream)
{
  const LabScenario * const *scenarios;
  guint n_scenarios;

  scenarios = lab_scenarios_get_all (&n_scenarios);
  for (guint i = 0; i < n_scenarios; i++)
    fprintf (stream, "%s\t%s\n", scenarios[i]->id, scenarios[i]->title);
}

static int
lab_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  LabApplication *self = LAB_APPLICATION (application);
  gboolean unknown_id = FALSE;
  int status;

  /* --crash-demo: scenario 7's child process, which the pool ends */
  status = lab_crash_demo_handle_options (options);
  if (status >= 0)
    return status;

  /* --blur IN --sigma S --output OUT: the blur without a window */
  status = lab_blur_command_handle_options (options);
  if (status >= 0)
    return status;

  if (g_variant_dict_contains (options, "list"))
    {
      print_scenarios (stdout);
      return 0;
    }

  g_variant_dict_lookup (options, "image", "^ay", &self->image_path);
  g_variant_dict_lookup (options, "freeze-ms", "i", &self->freeze_ms);
  g_variant_dict_lookup (options, "url", "s", &self->url);
  g_variant_dict_lookup (options, "zoom", "i", &self->zoom_percent);
  self->presenter = g_variant_dict_contains (options, "presenter");
  if (self->freeze_ms < 0 || self->freeze_ms > 60000)
    {
      g_printerr ("tasklab: --freeze-ms takes 0 to 60000 milliseconds, not %d\n", self->freeze_ms);
      return 2;
    }
  if (g_variant_dict_contains (options, "zoom") && (self->zoom_percent < 50 || self->zoom_percent > 300))
    {
      g_printerr ("tasklab: --zoom takes 50 to 300 percent, not %d\n", self->zoom_percent);
      return 2;
    }
  if (g_variant_dict_contains (options, "window-size"))
    {
      g_autofree char *size = NULL;

      g_variant_dict_lookup (options, "window-size", "s", &size);
      if (sscanf (size, "%dx%d", &self->window_width, &self->window_height) != 2 ||
          self->window_width < 320 || self->window_height < 240 ||
          self->window_width > 16384 || self->window_height > 16384)
        {
          g_printerr ("tasklab: --window-size takes WIDTHxHEIGHT (for example 1280x720), not “%s”\n",
                      size);
          return 2;
        }
    }

  status = _lab_application_parse_script (self, options, &unknown_id);
  if (unknown_id)
    print_scenarios (stderr);
  if (status >= 0)
    return status;

  /* Scripted runs use only what the command line says: no preferences. */
  if (self->script == NULL)
    {
      g_autofree char *path = lab_settings_dup_default_path ();

      g_clear_object (&self->settings);
      self->settings = lab_settings_new (path);
    }
  if (self->freeze_ms == 0)
    self->freeze_ms = self->script != NULL ? LAB_DEFAULT_FREEZE_MS
                                           : lab_settings_get_freeze_ms (self->settings);
  g_signal_connect (self->settings, "notify::freeze-ms", G_CALLBACK (on_freeze_changed), self);
  return -1;
}

/* SIGTERM or SIGINT (Ctrl+C): quit as Ctrl+Q does, so that shutdown cancels
 * the run and what it made is removed (the pipeline's folder). */
static gboolean
on_quit_signal (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

static void
lab_application_startup (GApplication *application)
{
  LabApplication *self = LAB_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  guint removed;

  /* Cairo when GL is software-rendered: its first half before GTK opens
   * the display, its second before any window is realized (GSK reads
   * GSK_RENDERER for the first one) */
  lab_renderer_before_display ();
  G_APPLICATION_CLASS (lab_application_parent_class)->startup (application);
  self->renderer_line = lab_renderer_choose (gdk_display_get_default ());
  self->ui_scheduler = pool_main_context_scheduler_new (NULL);

  /* the run folders of TaskLab processes that were killed (see lab-run-folder.c) */
  removed = lab_run_folder_remove_stale (NULL);
  if (removed > 0)
    g_debug ("Removed %u run folders left by processes that ended", removed);
  g_unix_signal_add (SIGTERM, on_quit_signal, self);
  g_unix_signal_add (SIGINT, on_quit_signal, self);

  gtk_css_provider_load_from_resource (css, "/org/tasklab/TaskLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  _lab_application_init_actions (self);
}

static void
lab_application_shutdown (GApplication *application)
{
  LabApplication *self = LAB_APPLICATION (application);

  /* quitting mid-run: cancel it, so that its token's callbacks clean up now
   * (the loop will not run its continuations any more) */
  if (self->run != NULL && !lab_scenario_run_is_completed (self->run))
    lab_scenario_run_cancel (self->run);
  g_clear_handle_id (&self->baseline_source, g_source_remove);
  lab_frame_stats_write ();
  G_APPLICATION_CLASS (lab_application_parent_class)->shutdown (application);
}

static void
lab_application_finalize (GObject *object)
{
  LabApplication *self = LAB_APPLICATION (object);

  g_clear_object (&self->run);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->bundled, lab_image_unref);
  g_clear_pointer (&self->script, g_ptr_array_unref);
  g_clear_pointer (&self->ui_scheduler, pool_scheduler_unref);
  g_clear_pointer (&self->image, lab_image_unref);
  g_free (self->screenshot_dir);
  g_free (self->export_trace);
  g_free (self->save_run);
  g_free (self->open_run);
  g_clear_pointer (&self->compare_runs, g_ptr_array_unref);
  g_free (self->url);
  g_free (self->image_path);
  g_free (self->renderer_line);

  G_OBJECT_CLASS (lab_application_parent_class)->finalize (object);
}

static void
lab_application_class_init (LabApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lab_application_finalize;
  application_class->activate = lab_application_activate;
  application_class->startup = lab_application_startup;
  application_class->shutdown = lab_application_shutdown;
  application_class->handle_local_options = lab_application_handle_local_options;
}

static void
lab_application_init (LabApplication *self)
{
  self->settings = lab_settings_new (NULL);
  /* GApplication's main option group has no translation domain of its own:
   * it translates the descriptions through the default one, which main()
   * sets to GETTEXT_PACKAGE with textdomain() */
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            "Shows, live and measured, how work reaches threads.");
}

LabApplication *
lab_application_new (void)
{
  return g_object_new (LAB_TYPE_APPLICATION,
                       "application-id", "org.tasklab.TaskLab",
                       "resource-base-path", "/org/tasklab/TaskLab",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/* What the program ends with besides GApplication's own status (see lab-headless.c). */
int
lab_application_get_exit_status (LabApplication *self)
{
  g_return_val_if_fail (LAB_IS_APPLICATION (self), 1);

  return self->exit_status;
}
