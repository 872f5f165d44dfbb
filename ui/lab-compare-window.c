/* lab-compare-window.c — wrong vs right: runs stacked on one time scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row is one finished run: its title and verdict, then the same
 * instruments the main window shows, bound to that run's models (the stall
 * chart to its stall series, the timeline to its trace model). Every row
 * starts at its own run's start and spans the same time, the longest run's,
 * so a 2 s freeze is as wide in every row and a run that ended early ends
 * early on screen. The plots are lined up too: the charts' own margins
 * (the lanes' titles, the stall axis's labels) differ, so after each
 * layout the window gives every chart the margins that put all the plots
 * at the same x and width; with the same span, every chart then has the
 * same microseconds per pixel.
 *
 * The window holds a reference on each run's monitor: the runs stay alive
 * while they are shown, whatever the main window does meanwhile.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-chart.h"
#include "lab-compare-window.h"
#include "lab-instruments-private.h"
#include "lab-verdict.h"

/* a little room after the longest run's end, as the timeline keeps alone */
#define SPAN_ROOM 50
/* from this size on, the type is larger */
#define LARGE_WIDTH  1600
#define LARGE_HEIGHT 960

typedef struct
{
  LabRunMonitor *monitor;       /* owned */
  GtkWidget     *box;
  GtkLabel      *verdict;
  LabStallChart *stall_chart;
  LabTimeline   *timeline;
} Row;

struct _LabCompareWindow
{
  AdwWindow       parent_instance;

  /* owned */
  Row             rows[LAB_COMPARE_MAX_RUNS];
  guint           n_rows;
  gint64          span_us;
  guint           align_id;
  char           *names;         /* "2 vs 3 vs 4" */

  /* borrowed */
  GtkWidget      *content;
  AdwWindowTitle *window_title;
};

G_DEFINE_FINAL_TYPE (LabCompareWindow, lab_compare_window, ADW_TYPE_WINDOW)

/* ---- one scale ------------------------------------------------------------ */

/* From the start to the last thing the run recorded. */
static gint64
run_length (LabRunMonitor *monitor)
{
  gint64 start = lab_run_monitor_get_start_time (monitor);
  gint64 end = MAX (lab_run_monitor_get_end_time (monitor),
                    lab_trace_model_get_end (lab_run_monitor_get_trace_model (monitor)));

  return MAX (end - start, 1);
}

static char *
format_duration (gint64 us)
{
  if (us >= 10 * G_USEC_PER_SEC)
    return g_strdup_printf (_("%.0f s"), us / 1e6);
  if (us >= G_USEC_PER_SEC)
    return g_strdup_printf (_("%.2f s"), us / 1e6);
  return g_strdup_printf (_("%.0f ms"), us / 1e3);
}

/* A chart's plot: left margin and right margin, in its own coordinates. */
static gboolean
plot_margins (GtkWidget *chart,
              float     *left,
              float     *right)
{
  graphene_rect_t plot;
  int width = gtk_widget_get_width (chart);

  if (width <= 0)
    return FALSE;
  if (LAB_IS_TIMELINE (chart))
    lab_timeline_get_plot_bounds (LAB_TIMELINE (chart), &plot, NULL, NULL);
  else
    lab_stall_chart_get_plot_bounds (LAB_STALL_CHART (chart), &plot);
  *left = plot.origin.x;
  *right = width - (plot.origin.x + plot.size.width);
  return TRUE;
}

/* Every chart's plot at the same x and the same width: the widest left and
 * right margins for all. A chart's margins do not depend on its width, so
 * this settles after one more layout. */
static gboolean
align_plots (gpointer data)
{
  LabCompareWindow *self = data;
  GtkWidget *charts[2 * LAB_COMPARE_MAX_RUNS];
  float left[2 * LAB_COMPARE_MAX_RUNS], right[2 * LAB_COMPARE_MAX_RUNS];
  float max_left = 0, max_right = 0;
  guint n = 0;

  self->align_id = 0;
  /* projected at full HD, larger type (relative to the main window's zoom) */
  if (gtk_widget_get_width (GTK_WIDGET (self)) >= LARGE_WIDTH &&
      gtk_widget_get_height (GTK_WIDGET (self)) >= LARGE_HEIGHT)
    gtk_widget_add_css_class (self->content, "large");
  else
    gtk_widget_remove_css_class (self->content, "large");
  for (guint r = 0; r < self->n_rows; r++)
    {
      charts[n++] = GTK_WIDGET (self->rows[r].stall_chart);
      charts[n++] = GTK_WIDGET (self->rows[r].timeline);
    }
  for (guint i = 0; i < n; i++)
    {
      if (!plot_margins (charts[i], &left[i], &right[i]))
        return G_SOURCE_REMOVE;
      max_left = MAX (max_left, left[i]);
      max_right = MAX (max_right, right[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      /* GTK ignores a margin set to what it is already */
      gtk_widget_set_margin_start (charts[i], (int) roundf (max_left - left[i]));
      gtk_widget_set_margin_end (charts[i], (int) roundf (max_right - right[i]));
    }
  return G_SOURCE_REMOVE;
}

static void
lab_compare_window_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  LabCompareWindow *self = LAB_COMPARE_WINDOW (widget);

  GTK_WIDGET_CLASS (lab_compare_window_parent_class)->size_allocate (widget, width, height,
                                                                      baseline);
  /* margins change the layout: not while it is being allocated */
  if (self->align_id == 0)
    self->align_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, align_plots, self, NULL);
}

/* ---- rows ----------------------------------------------------------------- */

static void
set_verdict (GtkLabel      *label,
             LabRunMonitor *monitor)
{
  LabReport *report = lab_run_monitor_get_report (monitor);
  g_autofree char *title = NULL;

  if (report == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return;
    }
  title = report->error != NULL ? g_strdup (_(lab_verdict_get_title (LAB_VERDICT_FAILED)))
                                : lab_verdicts_get_title (report->verdicts);
  gtk_label_set_label (label, title);
  gtk_widget_add_css_class (GTK_WIDGET (label),
                            lab_verdict_get_style_class (lab_report_get_verdict (report)));
}

/* "1. Task.Run" and what it took. */
static GtkWidget *
make_header (Row *row)
{
  LabReport *report = lab_run_monitor_get_report (row->monitor);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  g_autofree char *title = NULL;
  g_autofree char *length = format_duration (run_length (row->monitor));
  g_autofree char *facts = NULL;
  GtkWidget *label;

  title = report != NULL && report->number > 0
          ? g_strdup_printf ("%u. %s", report->number, _(lab_run_monitor_get_title (row->monitor)))
          : g_strdup (_(lab_run_monitor_get_title (row->monitor)));
  label = gtk_label_new (title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "compare-title");
  gtk_box_append (GTK_BOX (header), label);

  label = gtk_label_new (NULL);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "verdict");
  row->verdict = GTK_LABEL (label);
  set_verdict (row->verdict, row->monitor);
  gtk_box_append (GTK_BOX (header), label);

  facts = g_strdup_printf (_("run %s"), length);
  label = gtk_label_new (facts);
  gtk_widget_add_css_class (label, "compare-facts");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (header), label);
  return header;
}

static void
add_row (LabCompareWindow *self,
         GtkBox           *rows,
         LabRunMonitor    *monitor)
{
  Row *row = &self->rows[self->n_rows++];
  GtkWidget *chart, *timeline;

  row->monitor = g_object_ref (monitor);
  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (row->box, "compare-row");
  gtk_box_append (GTK_BOX (row->box), make_header (row));

  chart = lab_stall_chart_new ();
  row->stall_chart = LAB_STALL_CHART (chart);
  lab_stall_chart_set_series (row->stall_chart, lab_run_monitor_get_stall_series (monitor));
  /* the room a row has to spare goes to the strip: the freeze, tall */
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_box_append (GTK_BOX (row->box), chart);

  timeline = lab_timeline_new ();
  row->timeline = LAB_TIMELINE (timeline);
  lab_timeline_set_model (row->timeline, lab_run_monitor_get_trace_model (monitor));
  gtk_box_append (GTK_BOX (row->box), timeline);

  if (self->n_rows > 1)
    gtk_box_append (rows, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_widget_set_vexpand (row->box, TRUE);
  gtk_box_append (rows, row->box);
}

/* The longest run's length for all, each from its own start. */
static void
apply_scale (LabCompareWindow *self)
{
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;

  self->span_us = 0;
  for (guint r = 0; r < self->n_rows; r++)
    self->span_us = MAX (self->span_us, run_length (self->rows[r].monitor));
  self->span_us += self->span_us / SPAN_ROOM;
  for (guint r = 0; r < self->n_rows; r++)
    {
      Row *row = &self->rows[r];

      lab_stall_chart_set_window (row->stall_chart, lab_run_monitor_get_start_time (row->monitor),
                                  self->span_us);
      lab_timeline_set_span (row->timeline, self->span_us);
    }
  span = format_duration (self->span_us);
  text = g_strdup_printf (_("%s · one time scale: %s from each run's start"), self->names, span);
  adw_window_title_set_subtitle (self->window_title, text);
}

/* ---- the window ----------------------------------------------------------- */

static void
lab_compare_window_dispose (GObject *object)
{
  LabCompareWindow *self = LAB_COMPARE_WINDOW (object);

  g_clear_handle_id (&self->align_id, g_source_remove);
  G_OBJECT_CLASS (lab_compare_window_parent_class)->dispose (object);
}

static void
lab_compare_window_finalize (GObject *object)
{
  LabCompareWindow *self = LAB_COMPARE_WINDOW (object);

  for (guint r = 0; r < self->n_rows; r++)
    g_clear_object (&self->rows[r].monitor);
  g_free (self->names);
  G_OBJECT_CLASS (lab_compare_window_parent_class)->finalize (object);
}

static void
lab_compare_window_class_init (LabCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_compare_window_dispose;
  object_class->finalize = lab_compare_window_finalize;
  widget_class->size_allocate = lab_compare_window_size_allocate;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
lab_compare_window_init (LabCompareWindow *self)
{
  /* the main window's zoom and presenter size apply here too (window.tasklab) */
  gtk_widget_add_css_class (GTK_WIDGET (self), "tasklab");
  gtk_widget_add_css_class (GTK_WIDGET (self), "compare");
  gtk_window_set_title (GTK_WINDOW (self), _("Compare Runs"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 720);
}

/**
 * lab_compare_window_new:
 * @parent: (nullable): the main window; its presenter mode applies here too
 * @monitors: (array length=n_monitors): finished runs, in the order to stack them
 * @n_monitors: 2 or 3 (at most %LAB_COMPARE_MAX_RUNS; more are left out)
 *
 * Returns: (transfer floating): the window, not yet shown
 */
LabCompareWindow *
lab_compare_window_new (GtkWindow      *parent,
                        LabRunMonitor **monitors,
                        guint           n_monitors)
{
  LabCompareWindow *self = g_object_new (LAB_TYPE_COMPARE_WINDOW, NULL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GString *titles = g_string_new (NULL);

  g_return_val_if_fail (monitors != NULL || n_monitors == 0, self);

  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      if (gtk_widget_has_css_class (GTK_WIDGET (parent), "presenter"))
        gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
    }
  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Wrong vs Right"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  gtk_box_append (GTK_BOX (content), header);
  self->content = body;
  gtk_widget_add_css_class (body, "compare-body");
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (content), body);

  gtk_widget_add_css_class (rows, "compare-rows");
  for (guint i = 0; i < MIN (n_monitors, LAB_COMPARE_MAX_RUNS); i++)
    {
      LabReport *report;

      g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitors[i]), self);
      add_row (self, GTK_BOX (rows), monitors[i]);
      report = lab_run_monitor_get_report (monitors[i]);
      if (titles->len > 0)
        g_string_append (titles, _(" vs "));
      if (report != NULL && report->number > 0)
        g_string_append_printf (titles, "%u", report->number);
      else
        g_string_append (titles, lab_run_monitor_get_id (monitors[i]));
    }
  self->names = g_string_free (titles, FALSE);
  apply_scale (self);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), rows);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (body), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);
  return self;
}

guint
lab_compare_window_get_n_rows (LabCompareWindow *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), 0);

  return self->n_rows;
}

LabRunMonitor *
lab_compare_window_get_monitor (LabCompareWindow *self,
                                guint             row)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  return self->rows[row].monitor;
}

LabTimeline *
lab_compare_window_get_timeline (LabCompareWindow *self,
                                 guint             row)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  return self->rows[row].timeline;
}

LabStallChart *
lab_compare_window_get_stall_chart (LabCompareWindow *self,
                                    guint             row)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  return self->rows[row].stall_chart;
}

GtkLabel *
lab_compare_window_get_verdict_label (LabCompareWindow *self,
                                      guint             row)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  return self->rows[row].verdict;
}

/* The time every row shows from its run's start. */
gint64
lab_compare_window_get_span (LabCompareWindow *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), 0);

  return self->span_us;
}

/**
 * lab_compare_window_save_png:
 *
 * Draws the window's content as it was last drawn, for slides and tests.
 */
gboolean
lab_compare_window_save_png (LabCompareWindow  *self,
                             const char        *path,
                             GError           **error)
{
  GtkWidget *widget;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  GdkRGBA background;
  int width, height;

  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), FALSE);

  widget = adw_window_get_content (ADW_WINDOW (self));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0 || !gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The comparison has no size yet: show it before saving it"));
      return FALSE;
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  lab_style_background (widget, &background);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (self)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = gdk_texture_save_to_png_bytes (texture);
  return g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), error);
}
