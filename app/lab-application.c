/* lab-application.c — the application: options, the window, runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window asks for a run (::run-requested); the application builds a
 * LabScenarioRun, starts it, and when it completes puts the result and the
 * measured outcome on the window. With --run ID --report json the same path
 * runs once, after the window has drawn its first frame, and the report is
 * printed on stdout.
 */
#define G_LOG_DOMAIN "Lab"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "lab-application.h"
#include "lab-blur.h"
#include "lab-blur-command.h"
#include "lab-crash-demo.h"
#include "lab-color-scheme.h"
#include "lab-event-log.h"
#include "lab-trace-export.h"
#include "lab-image.h"
#include "lab-scenario-run.h"
#include "lab-window.h"

#define BLUR_SIGMA 6.0
#define DEFAULT_FREEZE_MS 2000

struct _LabApplication
{
  GtkApplication     parent_instance;

  /* from the command line */
  char              *run_id;          /* a scenario id, a number, or "all" */
  char              *screenshot_dir;  /* with --run: a PNG of the window after each */
  char              *url;             /* --url: what the download scenarios fetch */
  gboolean           first_frame_and_quit;
  char              *image_path;
  int                freeze_ms;

  /* owned */
  GPtrArray         *script;          /* scenarios still to run headless (const LabScenario *) */
  PoolScheduler     *ui_scheduler;
  const LabScenario *pending;         /* asked to run before the image was decoded */
  double             passes_per_s;    /* blur passes a second on this machine, 0 if unknown */
  guint              timeline_timer;  /* feeds the timeline while a run is in flight */
  GArray            *last_events;     /* the last run's trace, for export */
  GArray            *last_spans;      /* its I/O spans (LabTraceSpan) */
  guint              io_spans_shown;
  gint64             last_origin_us;
  LabImage          *image;
  guint              passes;        /* calibrated blur passes; 0 until measured */
  LabScenarioRun    *run;
  guint64            frames_at_start;
  int                exit_status;

  /* borrowed */
  LabWindow         *window;
};

G_DEFINE_FINAL_TYPE (LabApplication, lab_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "list", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the scenarios (ID and title) and exit"), NULL },
  { "run", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Run a scenario (or “all”, one after the other) in the window, then exit"), N_("ID") },
  { "report", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --run: print the measured report (json)"), N_("FORMAT") },
  { "image", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Blur this image instead of the bundled one"), N_("FILE") },
  { "freeze-ms", 0, 0, G_OPTION_ARG_INT, NULL, N_("How long a frozen scenario freezes (default 2000)"), N_("MS") },
  { "url", 0, 0, G_OPTION_ARG_STRING, NULL, N_("What the download scenarios fetch (default: the built-in slow server)"), N_("URL") },
  { "screenshot-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --run: save the window as DIR/ID.png after each scenario"), N_("DIR") },
  { LAB_CRASH_DEMO_OPTION, 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "Scenario 7's child: let an error escape a work item", NULL },
  { "first-frame-and-quit", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, "Print the time of the first frame and quit (startup benchmark)", NULL },
  { "blur", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Blur FILE without a window (with --sigma, --output), then exit"), N_("FILE") },
  { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, NULL, N_("With --blur: the Gaussian's sigma in pixels"), N_("S") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("With --blur: where to save (.png, .jpg, .bmp)"), N_("FILE") },
  { "threads", 0, 0, G_OPTION_ARG_INT, NULL, N_("With --blur: at most N tiles at once (default: one per core)"), N_("N") },
  { NULL }
};

static GdkTexture *
texture_for_image (LabImage *image)
{
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (image->pixels,
                                                        image->stride * (gsize) image->height,
                                                        (GDestroyNotify) lab_image_unref,
                                                        lab_image_ref (image));

  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8,
                                 bytes, image->stride);
}

static void
report_error (LabApplication *self,
              const char     *message)
{
  g_printerr ("tasklab: %s\n", message);
  if (self->window != NULL)
    lab_window_show_error (self->window, message);
}

typedef struct
{
  LabImage *image;
  double    passes_per_s;
} Decoded;

static void
decoded_free (Decoded *decoded)
{
  g_clear_pointer (&decoded->image, lab_image_unref);
  g_free (decoded);
}

/* On a pool worker, so the window's first frame does not wait for the JPEG:
 * decode the bundled image and time the blur on it. */
static gpointer
decode_bundled_image (gpointer   data,
                      GError   **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/tasklab/TaskLab/images/sample.jpg",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  Decoded *decoded = g_new0 (Decoded, 1);

  decoded->image = lab_image_load_bytes (bytes, error);
  if (decoded->image == NULL)
    {
      decoded_free (decoded);
      return NULL;
    }
  decoded->passes_per_s = lab_blur_calibrate_passes (decoded->image, BLUR_SIGMA, 1000.0);
  return decoded;
}

/* Shows @image as the source; a later run blurs it. */
static void
set_image (LabApplication *self,
           LabImage       *image)
{
  g_autoptr(GdkTexture) texture = texture_for_image (image);

  g_clear_pointer (&self->image, lab_image_unref);
  self->image = lab_image_ref (image);
  self->passes = 0;
  self->passes_per_s = 0;
  lab_window_set_source_image (self->window, texture);
}

static void
open_image_file (LabApplication *self,
                 const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) image = lab_image_load_file (path, &error);

  if (image == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s. The previous image is still loaded.",
                                                  error->message);
      report_error (self, message);
      return;
    }
  set_image (self, image);
}

static void run_next_in_script (LabApplication *self);

static void
add_chip (GStrvBuilder *chips,
          char         *text)
{
  g_strv_builder_add (chips, text);
  g_free (text);
}

/* The report's measured facts as chips: where, statuses, stall, frames, threads. */
static void
show_chips (LabApplication *self,
            LabReport      *report)
{
  g_autoptr(GStrvBuilder) chips = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  if (report->work_threads != NULL && report->work_threads[0] != NULL)
    {
      g_autofree char *threads = g_strjoinv (", ", report->work_threads);

      add_chip (chips, g_strdup_printf ("Ran on: %s", threads));
    }
  if (report->statuses != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (report->statuses);

      for (GList *l = names; l != NULL; l = l->next)
        add_chip (chips, g_strdup_printf ("%s: %s", (const char *) l->data,
                                                     json_object_get_string_member (report->statuses,
                                                                                    l->data)));
    }
  else if (report->status != NULL)
    add_chip (chips, g_strdup_printf ("Status: %s", report->status));
  add_chip (chips, g_strdup_printf ("Longest stall: %.0f ms", report->ui_max_stall_ms));
  add_chip (chips, g_strdup_printf ("Frames missed: %" G_GUINT64_FORMAT,
                                               report->frames_missed));
  add_chip (chips, g_strdup_printf ("Pool threads held: %u", report->threads_held_peak));
  strv = g_strv_builder_end (chips);
  lab_window_set_chips (self->window, (const char * const *) strv);
}
static void instruments_stop   (LabApplication *self);

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
on_result_painted (GdkFrameClock  *clock,
                   LabApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_result_painted, self);

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
  g_clear_object (&self->run);
  run_next_in_script (self);
}

static void
on_run_completed (LabScenarioRun *run,
                  LabApplication *self)
{
  LabReport *report = lab_scenario_run_get_report (run);
  LabImage *result = lab_scenario_run_get_result (run);

  report->frames = lab_window_get_frame_count (self->window) - self->frames_at_start;
  instruments_stop (self);

  if (result != NULL)
    {
      g_autoptr(GdkTexture) texture = texture_for_image (result);

      lab_window_set_result_image (self->window, texture);
    }

  if (report->error != NULL)
    {
      g_autofree char *description = lab_report_describe (report);

      lab_window_show_outcome (self->window, "failed", description);
      report_error (self, description);
    }
  else
    {
      g_autofree char *description = lab_report_describe (report);

      lab_window_show_outcome (self->window, report->verdict, description);
    }
  lab_window_set_running (self->window, FALSE);
  show_chips (self, report);

  lab_event_log_write ("run-end %s %s", report->id, report->verdict);
  g_signal_handlers_disconnect_by_func (run, on_run_completed, self);

  if (self->script != NULL)
    {
      g_autofree char *json = lab_report_to_json (report);

      /* one JSON object per line, flushed: a reader sees each as it ends */
      g_print ("%s\n", json);
      fflush (stdout);
      /* the next one starts once the result has been drawn (and saved) */
      g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self->window)), "after-paint",
                        G_CALLBACK (on_result_painted), self);
      gtk_widget_queue_draw (GTK_WIDGET (self->window));
    }
  else
    {
      g_clear_object (&self->run);
    }
}

/* Each heartbeat of the run's stall meter goes to the strip chart. */
static void
on_beat (gint64   at_us,
         double   gap_ms,
         gpointer data)
{
  LabApplication *self = data;

  if (self->window != NULL)
    lab_stall_chart_add_gap (lab_window_get_stall_chart (self->window), at_us, gap_ms);
}

/* Moves the trace's I/O events (no thread) from @events to @spans. */
static void
split_io_events (GArray *events,
                 GArray *spans)
{
  for (guint i = 0; i < events->len;)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->kind == POOL_TRACE_KIND_IO)
        {
          LabTraceSpan span = { event->label, event->start_us, event->end_us };

          g_array_append_val (spans, span);
          g_array_remove_index (events, i);
        }
      else
        i++;
    }
}

static void
update_timeline (LabApplication *self)
{
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (LabTraceSpan));
  LabTimeline *timeline;

  if (self->run == NULL || self->window == NULL)
    return;
  timeline = lab_window_get_timeline (self->window);
  events = pool_trace_copy_since (lab_scenario_run_get_trace_position (self->run));
  split_io_events (events, spans);
  lab_timeline_set_events (timeline, (const PoolTraceEvent *) events->data, events->len,
                           lab_scenario_run_get_start_time (self->run));
  /* I/O spans appear once they are over; each only once */
  for (guint i = self->io_spans_shown; i < spans->len; i++)
    {
      LabTraceSpan *span = &g_array_index (spans, LabTraceSpan, i);

      lab_timeline_add_io_span (timeline, span->label, span->start_us, span->end_us);
    }
  self->io_spans_shown = spans->len;
  g_clear_pointer (&self->last_spans, g_array_unref);
  self->last_spans = g_steal_pointer (&spans);
  g_clear_pointer (&self->last_events, g_array_unref);
  self->last_events = g_steal_pointer (&events);
  self->last_origin_us = lab_scenario_run_get_start_time (self->run);
}

static gboolean
on_timeline_tick (gpointer data)
{
  update_timeline (data);
  return G_SOURCE_CONTINUE;
}

static char *
describe_thread (const PoolTraceEvent *event)
{
  switch (event->role)
    {
    case POOL_THREAD_ROLE_UI:
      return g_strdup_printf ("thread %u (the UI thread)", event->thread_serial);
    case POOL_THREAD_ROLE_WORKER:
      return g_strdup_printf ("thread %u (pool worker %d)", event->thread_serial, event->worker_index + 1);
    case POOL_THREAD_ROLE_DEDICATED:
      return g_strdup_printf ("thread %u (a dedicated thread)", event->thread_serial);
    case POOL_THREAD_ROLE_OTHER:
    default:
      return g_strdup_printf ("thread %u", event->thread_serial);
    }
}

/* What a C# speaker's Console.WriteLine lines would have said, from the
 * trace: which thread ran each piece of work. Long traces are summarised. */
static void
write_log (LabApplication *self)
{
  guint written = 0, skipped = 0;

  if (self->last_events == NULL || self->window == NULL)
    return;

  for (guint i = 0; self->last_spans != NULL && i < self->last_spans->len; i++)
    {
      const LabTraceSpan *span = &g_array_index (self->last_spans, LabTraceSpan, i);
      g_autofree char *line = g_strdup_printf ("%s in flight for %.0f ms with no thread waiting (I/O)",
                                               span->label,
                                               (span->end_us - span->start_us) / 1000.0);

      lab_window_append_log (self->window, line);
    }

  for (guint i = 0; i < self->last_events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (self->last_events, PoolTraceEvent, i);
      g_autofree char *thread = describe_thread (event);
      g_autofree char *line = NULL;
      double ms = (event->end_us - event->start_us) / 1000.0;

      if (written >= 14)
        {
          skipped++;
          continue;
        }
      if (event->kind == POOL_TRACE_KIND_REGION)
        line = g_strdup_printf ("%s on %s for %.0f ms", event->label, thread, ms);
      else if (event->kind == POOL_TRACE_KIND_TASK && event->inlined)
        line = g_strdup_printf ("Task %u ran inline on %s", event->task_id, thread);
      else if (event->kind == POOL_TRACE_KIND_TASK)
        line = g_strdup_printf ("Task %u ran on %s after %.1f ms in a queue", event->task_id, thread,
                                event->queued_us > 0 ? (event->start_us - event->queued_us) / 1000.0 : 0.0);
      else
        line = g_strdup_printf ("Work item ran on %s", thread);
      lab_window_append_log (self->window, line);
      written++;
    }
  if (skipped > 0)
    {
      g_autofree char *line = g_strdup_printf ("… and %u more (export the trace to see them all)",
                                               skipped);

      lab_window_append_log (self->window, line);
    }
  {
    g_autofree char *line = g_strdup_printf ("Result shown on thread %u (the UI thread)",
                                             pool_trace_get_thread_serial ());

    lab_window_append_log (self->window, line);
  }
}

static void
instruments_start (LabApplication *self)
{
  LabStallChart *chart = lab_window_get_stall_chart (self->window);
  LabTimeline *timeline = lab_window_get_timeline (self->window);

  lab_stall_chart_reset (chart);
  lab_stall_chart_set_live (chart, TRUE);
  lab_timeline_clear (timeline);
  lab_timeline_set_live (timeline, TRUE);
  self->io_spans_shown = 0;
  lab_pool_gauges_reset_completed (lab_window_get_gauges (self->window));
  lab_window_clear_log (self->window);
  {
    g_autofree char *line = g_strdup_printf ("UI on thread %u: Run clicked",
                                             pool_trace_get_thread_serial ());

    lab_window_append_log (self->window, line);
  }
  lab_stall_meter_set_beat_func (lab_scenario_run_get_stall_meter (self->run), on_beat, self, NULL);
  /* about ten times a second: the timeline lays itself out on each */
  self->timeline_timer = g_timeout_add (100, on_timeline_tick, self);
}

static void
instruments_stop (LabApplication *self)
{
  g_clear_handle_id (&self->timeline_timer, g_source_remove);
  update_timeline (self);
  if (self->window == NULL)
    return;
  lab_stall_chart_set_live (lab_window_get_stall_chart (self->window), FALSE);
  lab_timeline_set_live (lab_window_get_timeline (self->window), FALSE);
  /* the gauges poll; show the pool as the run leaves it, not as it was last polled */
  lab_pool_gauges_refresh (lab_window_get_gauges (self->window));
  write_log (self);
}

static void
start_run (LabApplication *self,
           const char     *id)
{
  const LabScenario *scenario = lab_scenarios_find (id);

  g_return_if_fail (scenario != NULL);

  if (self->run != NULL)
    return;
  if (self->image == NULL)
    {
      /* still decoding: run as soon as the image is there */
      self->pending = scenario;
      return;
    }

  /* Calibrate once per image and freeze length, before any measurement. */
  if (self->passes == 0 && self->passes_per_s > 0)
    self->passes = (guint) MAX (1.0, self->passes_per_s * self->freeze_ms / 1000.0 + 0.5);
  if (self->passes == 0)
    self->passes = lab_blur_calibrate_passes (self->image, BLUR_SIGMA, self->freeze_ms);

  self->run = lab_scenario_run_new (scenario, self->image, BLUR_SIGMA, self->passes);
  if (scenario->downloads)
    lab_scenario_run_set_url (self->run, lab_window_get_url (self->window));
  g_signal_connect (self->run, "completed", G_CALLBACK (on_run_completed), self);
  lab_window_set_running (self->window, TRUE);
  self->frames_at_start = lab_window_get_frame_count (self->window);
  lab_event_log_write ("run-start %s", scenario->id);
  instruments_start (self);
  lab_scenario_run_start (self->run);
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
  start_run (self, next->id);
}

static void
on_run_requested (LabWindow      *window,
                  const char     *id,
                  LabApplication *self)
{
  start_run (self, id);
}

/* The preference: a new freeze length means measuring the blur again. */
static void
on_freeze_changed (LabWindow      *window,
                   double          seconds,
                   LabApplication *self)
{
  int freeze_ms = (int) (seconds * 1000.0 + 0.5);

  if (freeze_ms == self->freeze_ms)
    return;
  self->freeze_ms = freeze_ms;
  self->passes = 0;
}

/* Escape or the Cancel button: the run's token, which the long scenarios observe. */
static void
on_cancel_requested (LabWindow      *window,
                     LabApplication *self)
{
  if (self->run != NULL)
    lab_scenario_run_cancel (self->run);
}

static void
on_reset_requested (LabWindow      *window,
                    LabApplication *self)
{
  lab_stall_chart_reset (lab_window_get_stall_chart (window));
  lab_timeline_clear (lab_window_get_timeline (window));
  lab_pool_gauges_reset_completed (lab_window_get_gauges (window));
  g_clear_pointer (&self->last_events, g_array_unref);
  lab_window_clear_log (window);
}

static void
on_image_dropped (LabWindow      *window,
                  GFile          *file,
                  LabApplication *self)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    open_image_file (self, path);
  else
    report_error (self, "TaskLab can open local files only: save the image to a folder first.");
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

      if (gtk_widget_compute_bounds (GTK_WIDGET (lab_window_get_type_entry (self->window)),
                                     GTK_WIDGET (self->window), &bounds))
        lab_event_log_write ("entry-at %d %d %d %d", (int) bounds.origin.x, (int) bounds.origin.y,
                             (int) bounds.size.width, (int) bounds.size.height);
      lab_event_log_write ("first-frame");
    }

  if (self->script != NULL)
    run_next_in_script (self);
}

static void
on_typed (GtkEditable    *entry,
          LabApplication *self)
{
  lab_event_log_write ("typed %s", gtk_editable_get_text (entry));
}

static void
on_window_map (GtkWidget      *window,
               LabApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_window_map, self);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint), self);
}

/* Back on the UI thread with the decoded bundled image. */
static gpointer
on_bundled_image (PoolTask  *decode,
                  gpointer   data,
                  GError   **error)
{
  LabApplication *self = LAB_APPLICATION (data);
  g_autoptr(GError) decode_error = NULL;
  Decoded *decoded = pool_task_get_result (decode, &decode_error);
  const LabScenario *pending = g_steal_pointer (&self->pending);

  if (self->window == NULL)
    return NULL;
  if (decoded == NULL)
    {
      /* the bundled image is part of the build: this is a broken install */
      g_autofree char *message = g_strdup_printf ("The bundled image cannot be read (%s). "
                                                  "Reinstall TaskLab, or open an image (Ctrl+O).",
                                                  decode_error->message);
      report_error (self, message);
      return NULL;
    }

  set_image (self, decoded->image);
  self->passes_per_s = decoded->passes_per_s;
  /* the gauges count from here: the start-up decode is not the audience's work */
  lab_pool_gauges_reset_completed (lab_window_get_gauges (self->window));
  if (self->image_path != NULL)
    open_image_file (self, self->image_path);
  if (pending != NULL)
    start_run (self, pending->id);
  return NULL;
}

static void
lab_application_activate (GApplication *application)
{
  LabApplication *self = LAB_APPLICATION (application);
  g_autoptr(PoolTask) decode = NULL;
  const LabScenario * const *scenarios;
  guint n_scenarios;

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  self->window = lab_window_new (GTK_APPLICATION (self));
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  g_signal_connect (self->window, "run-requested", G_CALLBACK (on_run_requested), self);
  g_signal_connect (self->window, "freeze-changed", G_CALLBACK (on_freeze_changed), self);
  g_signal_connect (self->window, "image-dropped", G_CALLBACK (on_image_dropped), self);
  g_signal_connect (self->window, "cancel-requested", G_CALLBACK (on_cancel_requested), self);
  g_signal_connect (self->window, "reset-requested", G_CALLBACK (on_reset_requested), self);
  lab_window_set_freeze_seconds (self->window, self->freeze_ms / 1000.0);
  if (self->url != NULL)
    lab_window_set_url (self->window, self->url);

  scenarios = lab_scenarios_get_all (&n_scenarios);
  for (guint i = 0; i < n_scenarios; i++)
    {
      g_autofree char *c_source = lab_scenario_dup_c_source (scenarios[i]);
      g_autofree char *info = lab_scenario_dup_info (scenarios[i]);
      g_autofree char *title = g_strdup_printf ("%u. %s", scenarios[i]->number, scenarios[i]->title);

      lab_window_add_scenario (self->window, scenarios[i]->id, scenarios[i]->group, title,
                               info,
                               scenarios[i]->csharp, c_source, scenarios[i]->downloads);
    }

  decode = pool_task_run (decode_bundled_image, NULL, NULL);
  pool_task_set_result_destroy (decode, (GDestroyNotify) decoded_free);
  pool_task_unref (pool_task_continue_with (decode, on_bundled_image, g_object_ref (self),
                                            g_object_unref, self->ui_scheduler));

  if (self->script != NULL || self->first_frame_and_quit || lab_event_log_is_enabled ())
    g_signal_connect (self->window, "map", G_CALLBACK (on_window_map), self);
  if (lab_event_log_is_enabled ())
    g_signal_connect (lab_window_get_type_entry (self->window), "changed",
                      G_CALLBACK (on_typed), self);

  gtk_window_present (GTK_WINDOW (self->window));
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
  const char *report = NULL;
  int blur_status;

  /* --crash-demo: scenario 7's child process, which the pool ends */
  blur_status = lab_crash_demo_handle_options (options);
  if (blur_status >= 0)
    return blur_status;

  /* --blur IN --sigma S --output OUT: the blur without a window */
  blur_status = lab_blur_command_handle_options (options);
  if (blur_status >= 0)
    return blur_status;

  if (g_variant_dict_contains (options, "list"))
    {
      print_scenarios (stdout);
      return 0;
    }

  g_variant_dict_lookup (options, "run", "s", &self->run_id);
  g_variant_dict_lookup (options, "image", "^ay", &self->image_path);
  g_variant_dict_lookup (options, "freeze-ms", "i", &self->freeze_ms);
  g_variant_dict_lookup (options, "screenshot-dir", "^ay", &self->screenshot_dir);
  g_variant_dict_lookup (options, "url", "s", &self->url);
  self->first_frame_and_quit = g_variant_dict_contains (options, "first-frame-and-quit");
  if (self->first_frame_and_quit)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
  g_variant_dict_lookup (options, "report", "&s", &report);

  if (self->freeze_ms < 0 || self->freeze_ms > 60000)
    {
      g_printerr ("tasklab: --freeze-ms takes 0 to 60000 milliseconds, not %d\n", self->freeze_ms);
      return 2;
    }
  if (self->freeze_ms == 0)
    self->freeze_ms = DEFAULT_FREEZE_MS;

  if (report != NULL && g_strcmp0 (report, "json") != 0)
    {
      g_printerr ("tasklab: --report takes “json”, not “%s”\n", report);
      return 2;
    }
  if (report != NULL && self->run_id == NULL)
    {
      g_printerr ("tasklab: --report goes with --run ID\n");
      return 2;
    }

  if (self->run_id != NULL)
    {
      const LabScenario * const *scenarios;
      guint n_scenarios;

      scenarios = lab_scenarios_get_all (&n_scenarios);
      self->script = g_ptr_array_new ();
      if (g_strcmp0 (self->run_id, "all") == 0)
        {
          for (guint i = 0; i < n_scenarios; i++)
            g_ptr_array_add (self->script, (gpointer) scenarios[i]);
        }
      else if (lab_scenarios_find (self->run_id) != NULL)
        {
          g_ptr_array_add (self->script, (gpointer) lab_scenarios_find (self->run_id));
        }
      else
        {
          g_printerr ("tasklab: no scenario “%s”. Valid IDs (or “all”):\n", self->run_id);
          print_scenarios (stderr);
          return 2;
        }
      /* A scripted run is its own process, even beside an open TaskLab. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  LabApplication  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->window != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        open_image_file (self, path);
      else
        report_error (self, "TaskLab can open local files only.");
    }
  g_object_unref (dialog);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->window == NULL)
    return;

  dialog = gtk_file_chooser_native_new ("Open Image", GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_filter_set_name (filter, "Images");
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

typedef enum { EXPORT_TIMELINE_PNG, EXPORT_TRACE_JSON } ExportKind;

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    LabApplication  *self)
{
  ExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "lab-export-kind"));

  if (response == GTK_RESPONSE_ACCEPT && self->window != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean saved;

      if (path == NULL)
        saved = FALSE, g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                            "TaskLab saves to local folders only");
      else if (kind == EXPORT_TIMELINE_PNG)
        saved = lab_timeline_save_png (lab_window_get_timeline (self->window), path, &error);
      else
        saved = lab_trace_export_chrome_json_full ((const PoolTraceEvent *) self->last_events->data,
                                                   self->last_events->len,
                                                   (const LabTraceSpan *) self->last_spans->data,
                                                   self->last_spans->len, self->last_origin_us,
                                                   path, &error);
      if (!saved)
        {
          g_autofree char *message = g_strdup_printf ("Not exported: %s", error->message);

          report_error (self, message);
        }
    }
  g_object_unref (dialog);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  ExportKind kind = g_str_equal (g_action_get_name (G_ACTION (action)), "export-timeline")
                    ? EXPORT_TIMELINE_PNG : EXPORT_TRACE_JSON;
  GtkFileChooserNative *dialog;

  if (self->window == NULL)
    return;
  if (self->last_events == NULL)
    {
      report_error (self, "Nothing to export yet: run a scenario first (F5).");
      return;
    }

  dialog = gtk_file_chooser_native_new (kind == EXPORT_TIMELINE_PNG ? "Export Timeline"
                                                                    : "Export Trace",
                                        GTK_WINDOW (self->window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        "_Export", "_Cancel");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     kind == EXPORT_TIMELINE_PNG ? "tasklab-timeline.png"
                                                                 : "tasklab-trace.json");
  g_object_set_data (G_OBJECT (dialog), "lab-export-kind", GINT_TO_POINTER (kind));
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  static const char *authors[] = { "The TaskLab developers", NULL };

  gtk_show_about_dialog (self->window != NULL ? GTK_WINDOW (self->window) : NULL,
                         "program-name", "TaskLab",
                         "logo-icon-name", "org.tasklab.TaskLab",
                         "comments", "How work reaches threads: the .NET Task Parallel Library, "
                                     "mirrored in C and measured live.",
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "open", open_action },
  { "about", about_action },
  { "export-timeline", export_action },
  { "export-trace", export_action },
};

static void
lab_application_startup (GApplication *application)
{
  static const char *run_accels[] = { "F5", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (lab_application_parent_class)->startup (application);
  lab_color_scheme_follow_system ();
  LAB_APPLICATION (application)->ui_scheduler = pool_main_context_scheduler_new (NULL);

  gtk_css_provider_load_from_resource (css, "/org/tasklab/TaskLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.run", run_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.open", open_accels);
}

static void
lab_application_finalize (GObject *object)
{
  LabApplication *self = LAB_APPLICATION (object);

  g_clear_object (&self->run);
  g_clear_pointer (&self->script, g_ptr_array_unref);
  g_clear_pointer (&self->ui_scheduler, pool_scheduler_unref);
  g_clear_pointer (&self->last_events, g_array_unref);
  g_clear_pointer (&self->last_spans, g_array_unref);
  g_clear_handle_id (&self->timeline_timer, g_source_remove);
  g_clear_pointer (&self->image, lab_image_unref);
  g_free (self->run_id);
  g_free (self->screenshot_dir);
  g_free (self->url);
  g_free (self->image_path);

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
  application_class->handle_local_options = lab_application_handle_local_options;
}

static void
lab_application_init (LabApplication *self)
{
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
