/* render-instruments.c — pictures of the instruments, for a human to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders the timeline, the stall chart, the pool gauges and a panel with
 * all of them (as the window's live area would hold them) from synthetic
 * runs, light and dark, and zoomed, into PNG files in the directory given
 * on the command line (tests/ui/artifacts/ in the build tree). Tests check
 * the layout; these pictures are for checking that it looks right:
 * contrast, sizes, labels that do not collide.
 */
#include "lab-instruments-private.h"
#include "lab-pool-gauges.h"
#include "lab-pulse.h"
#include "lab-stall-chart.h"
#include "lab-timeline.h"
#include "test-instruments-util.h"

static const char *output_dir;

static void
save_timeline_png (LabTimeline *timeline,
                   const char  *name)
{
  g_autofree char *path = g_build_filename (output_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!lab_chart_save_png (LAB_CHART (timeline), path, &error))
    g_printerr ("could not write %s: %s\n", path, error->message);
  else
    g_test_message ("wrote %s", path);
}

/* The 140 ms gap is the machine's (another program had the CPU); the rest are the scenario's. */
static LabStallCause
synthetic_cause (const LabStallSample *sample,
                 gpointer              data)
{
  return sample->gap_ms == 140.0 ? LAB_STALL_CAUSE_MACHINE : LAB_STALL_CAUSE_SCENARIO;
}

static void
feed_stall_chart (LabStallChart *chart)
{
  g_autoptr(LabStallSeries) series = lab_stall_series_new ();
  gint64 now = ORIGIN_US;

  for (int i = 0; i < 300; i++)
    lab_stall_series_add (series, now += 4000, 4.0 + (i % 5) * 0.4);
  lab_stall_series_add (series, now += MS (140), 140.0);
  for (int i = 0; i < 200; i++)
    lab_stall_series_add (series, now += 4000, 4.0 + (i % 5) * 0.4);
  lab_stall_series_add (series, now += MS (38), 38.0);
  for (int i = 0; i < 300; i++)
    lab_stall_series_add (series, now += 4000, 4.0 + (i % 3) * 0.5);
  lab_stall_series_add (series, now += MS (1987), 1987.0);
  for (int i = 0; i < 900; i++)
    lab_stall_series_add (series, now += 4000, 4.0 + (i % 4) * 0.3);
  lab_stall_series_add (series, now += MS (22), 22.0);
  for (int i = 0; i < 200; i++)
    lab_stall_series_add (series, now += 4000, 4.0);
  lab_stall_series_attribute (series, now, synthetic_cause, NULL);
  /* the run's first quarter second: the idle loop watched before the work */
  lab_stall_series_set_baseline (series, ORIGIN_US, ORIGIN_US + MS (250));
  lab_stall_chart_set_series (chart, series);
}

static void
feed_timeline (LabTimeline *timeline,
               gboolean     tiles)
{
  g_autoptr(GArray) events = tiles ? synthetic_tiles () : synthetic_run ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);

  if (!tiles)
    {
      PoolTraceEvent io = IO_EVENT (events->len, "download", 1, 260);

      g_array_append_val (events, io);
    }
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  lab_timeline_set_model (timeline, model);
}

/* The pool's counters as a run's monitor reads them now. */
static void
feed_gauges (LabPoolGauges *gauges,
             LabRunMonitor *monitor)
{
  lab_run_monitor_update (monitor);
  lab_pool_gauges_set_monitor (gauges, monitor);
}

static void
render_theme (LabRunMonitor *monitor,
              gboolean       dark,
              const char    *suffix)
{
  GtkWidget *timeline = lab_timeline_new ();
  GtkWidget *tiles = lab_timeline_new ();
  GtkWidget *chart = lab_stall_chart_new ();
  GtkWidget *gauges = lab_pool_gauges_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *window;
  g_autofree char *name = NULL;

  instruments_set_dark (dark);
  instruments_set_margins (box, 12);
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), tiles);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_box_append (GTK_BOX (box), gauges);
  window = instruments_show (box, 1100, 900);

  feed_timeline (LAB_TIMELINE (timeline), FALSE);
  feed_timeline (LAB_TIMELINE (tiles), TRUE);
  feed_stall_chart (LAB_STALL_CHART (chart));
  feed_gauges (LAB_POOL_GAUGES (gauges), monitor);
  instruments_wait_frames (window, 2);

  g_free (name), name = g_strdup_printf ("timeline-%s.png", suffix);
  save_timeline_png (LAB_TIMELINE (timeline), name);
  g_free (name), name = g_strdup_printf ("timeline-tiles-%s.png", suffix);
  save_timeline_png (LAB_TIMELINE (tiles), name);
  g_free (name), name = g_strdup_printf ("stall-chart-%s.png", suffix);
  instruments_save_png (chart, INSTRUMENTS_PNG_BACKGROUND | INSTRUMENTS_PNG_BORDER_BOX,
                        output_dir, name);
  g_free (name), name = g_strdup_printf ("gauges-%s.png", suffix);
  instruments_save_png (gauges, INSTRUMENTS_PNG_BACKGROUND | INSTRUMENTS_PNG_BORDER_BOX,
                        output_dir, name);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The live area as the window could hold it: pulse, entry, chart, gauges, timeline. */
static void
render_panel (LabRunMonitor *monitor,
              gboolean       dark,
              double         zoom,
              const char    *name)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autofree char *css_text = g_strdup_printf ("window.zoomed { font-size: %.0f%%; }", zoom * 100);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *chart = lab_stall_chart_new ();
  GtkWidget *gauges = lab_pool_gauges_new ();
  GtkWidget *timeline = lab_timeline_new ();
  GtkWidget *pulse = lab_pulse_new ();
  GtkWidget *window;

  instruments_set_dark (dark);
  gtk_css_provider_load_from_data (css, css_text, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  gtk_widget_add_css_class (box, "live");
  instruments_set_margins (box, 12);
  gtk_box_append (GTK_BOX (box), instruments_heading ("Responsiveness"));
  gtk_widget_set_hexpand (pulse, TRUE);
  gtk_box_append (GTK_BOX (row), pulse);
  gtk_editable_set_text (GTK_EDITABLE (entry), "typing while it blurs…");
  gtk_widget_set_size_request (entry, 280, -1);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_box_append (GTK_BOX (box), instruments_heading ("Thread pool"));
  gtk_box_append (GTK_BOX (box), gauges);
  gtk_box_append (GTK_BOX (box), instruments_heading ("Threads"));
  gtk_box_append (GTK_BOX (box), timeline);

  window = gtk_window_new ();
  gtk_widget_add_css_class (window, "zoomed");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  instruments_wait_frames (window, 2);

  feed_stall_chart (LAB_STALL_CHART (chart));
  feed_timeline (LAB_TIMELINE (timeline), FALSE);
  feed_gauges (LAB_POOL_GAUGES (gauges), monitor);
  instruments_wait_frames (window, 2);
  instruments_save_png (box, INSTRUMENTS_PNG_BACKGROUND | INSTRUMENTS_PNG_BORDER_BOX,
                        output_dir, name);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
}

int
main (int   argc,
      char *argv[])
{
  int status;
  /* static: the workers blocked on it outlive main()'s frame, and the items
   * still queued when it returns run after it */
  static InstrumentsGate gate;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabRunMonitor *monitor;

  output_dir = instruments_render_begin (argc, argv, &status);
  if (output_dir == NULL)
    return status;

  instruments_gate_init (&gate);
  monitor = lab_run_monitor_new ("render", 1, "Render", expected);
  lab_run_monitor_start (monitor);
  /* every worker blocked and three items queued: the gauges show a starving pool */
  instruments_gate_starve_pool (&gate, pool_thread_pool_get_min_threads (), 3);

  render_theme (monitor, FALSE, "light");
  render_theme (monitor, TRUE, "dark");
  render_panel (monitor, FALSE, 1.0, "panel-light.png");
  render_panel (monitor, TRUE, 1.0, "panel-dark.png");
  render_panel (monitor, FALSE, 1.5, "panel-zoom-light.png");

  instruments_gate_open (&gate, 0);
  lab_run_monitor_finish (monitor, NULL);
  g_object_unref (monitor);
  return instruments_render_end (output_dir);
}
