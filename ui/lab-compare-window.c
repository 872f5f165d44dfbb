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
 * A run measured in phases (the download's three ways) can be stacked
 * with itself, a row per phase (lab_compare_window_new_phases()): each row
 * then starts at its phase's start and shows that phase's slice of the
 * trace and of the stall series (the spans mostly in it).
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
  LabTraceModel *model;         /* owned: the run's, or a phase's slice of it */
  LabStallSeries *series;       /* owned: the same */
  gint64         start_us;      /* the row's time zero: the run's or the phase's start */
  gint64         length_us;     /* from there to its last recorded thing */
  char          *title;
  char          *verdict_name;  /* a phase's verdict ("frozen"); NULL: the run's */
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
  gboolean        phases;        /* the rows are one run's phases */

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

/* A span is a phase's when its middle falls in the phase. */
static gboolean
in_phase (gint64 start_us,
          gint64 end_us,
          gint64 from_us,
          gint64 to_us)
{
  gint64 middle = start_us + (end_us - start_us) / 2;

  return middle >= from_us && middle < to_us;
}

typedef struct
{
  const LabStallSample *samples;
  guint                 n_samples;
  guint                 next;
} SliceCauses;

/* The cause the run gave the same gap. */
static LabStallCause
original_cause (const LabStallSample *sample,
                gpointer              data)
{
  SliceCauses *causes = data;

  while (causes->next < causes->n_samples && causes->samples[causes->next].at_us < sample->at_us)
    causes->next++;
  return causes->next < causes->n_samples ? causes->samples[causes->next].cause
                                          : LAB_STALL_CAUSE_UNKNOWN;
}

/* The gaps of @series mostly in [@from_us, @to_us) (their middle is), with
 * their causes: a phase's own figures (its longest stall, its frames
 * missed). A freeze ends with the beat after the phase's last call, so it
 * belongs to the phase by its middle, not its end. */
static LabStallSeries *
slice_series (LabStallSeries *series,
              gint64          from_us,
              gint64          to_us)
{
  LabStallSeries *slice = lab_stall_series_new ();
  SliceCauses causes = { NULL, 0, 0 };

  causes.samples = lab_stall_series_get_samples (series, &causes.n_samples);
  for (guint i = 0; i < causes.n_samples; i++)
    if (in_phase (causes.samples[i].at_us - (gint64) (causes.samples[i].gap_ms * 1000.0),
                  causes.samples[i].at_us, from_us, to_us))
      lab_stall_series_add (slice, causes.samples[i].at_us, causes.samples[i].gap_ms);
  lab_stall_series_attribute (slice, to_us, original_cause, &causes);
  return slice;
}

/* The UI thread's serial in @model, or 0. */
static guint
ui_serial (LabTraceModel *model)
{
  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    if (lab_trace_model_get_lane (model, i)->kind == LAB_LANE_UI)
      return lab_trace_model_get_lane (model, i)->thread_serial;
  return 0;
}

/* The items of @model mostly in [@from_us, @to_us) (their middle is), with
 * @from_us as time zero, and the exact links between them. */
static LabTraceModel *
slice_model (LabTraceModel *model,
             gint64         from_us,
             gint64         to_us)
{
  LabTraceModel *slice = lab_trace_model_new (from_us, ui_serial (model));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      if (in_phase (event->start_us, event->end_us, from_us, to_us))
        g_array_append_val (events, *event);
    }
  lab_trace_model_append (slice, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  for (guint i = 0; i < lab_trace_model_get_n_links (model); i++)
    {
      const LabTraceLink *link = lab_trace_model_get_link (model, i);

      if (link->kind == LAB_TRACE_LINK_TASK)
        {
          const LabTraceItem *from = lab_trace_model_get_item (model, link->from_item);
          const LabTraceItem *to = lab_trace_model_get_item (model, link->to_item);

          lab_trace_model_add_task_link (slice, from->event.task_id, to->event.task_id);
        }
    }
  return slice;
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
set_verdict (GtkLabel *label,
             Row      *row)
{
  LabReport *report = lab_run_monitor_get_report (row->monitor);
  g_autofree char *title = NULL;
  LabVerdict verdict;

  if (report == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return;
    }
  if (row->verdict_name != NULL)
    {
      verdict = lab_verdict_from_string (row->verdict_name);
      title = g_strdup (_(lab_verdict_get_title (verdict)));
    }
  else
    {
      verdict = report->error != NULL ? LAB_VERDICT_FAILED : lab_report_get_verdict (report);
      title = report->error != NULL ? g_strdup (_(lab_verdict_get_title (LAB_VERDICT_FAILED)))
                                    : lab_verdicts_get_title (report->verdicts);
    }
  gtk_label_set_label (label, title);
  gtk_widget_add_css_class (GTK_WIDGET (label), lab_verdict_get_style_class (verdict));
}

/* "1. Task.Run" and what it took. */
static GtkWidget *
make_header (Row *row)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  g_autofree char *length = format_duration (row->length_us);
  g_autofree char *facts = NULL;
  GtkWidget *label;

  label = gtk_label_new (row->title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "compare-title");
  gtk_box_append (GTK_BOX (header), label);

  label = gtk_label_new (NULL);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "verdict");
  row->verdict = GTK_LABEL (label);
  set_verdict (row->verdict, row);
  gtk_box_append (GTK_BOX (header), label);

  facts = row->verdict_name != NULL ? g_strdup_printf (_("phase %s"), length)
                                    : g_strdup_printf (_("run %s"), length);
  label = gtk_label_new (facts);
  gtk_widget_add_css_class (label, "compare-facts");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (header), label);
  return header;
}

/* "2. StartNew inside a UI task" */
static char *
run_title (LabRunMonitor *monitor)
{
  LabReport *report = lab_run_monitor_get_report (monitor);

  return report != NULL && report->number > 0
         ? g_strdup_printf ("%u. %s", report->number, _(lab_run_monitor_get_title (monitor)))
         : g_strdup (_(lab_run_monitor_get_title (monitor)));
}

/* @row has its monitor, model, start, length and title. */
static void
add_row (LabCompareWindow *self,
         GtkBox           *rows,
         Row              *row)
{
  GtkWidget *chart, *timeline;

  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (row->box, "compare-row");
  gtk_box_append (GTK_BOX (row->box), make_header (row));

  chart = lab_stall_chart_new ();
  row->stall_chart = LAB_STALL_CHART (chart);
  lab_stall_chart_set_series (row->stall_chart, row->series);
  /* the room a row has to spare goes to the strip: the freeze, tall */
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_box_append (GTK_BOX (row->box), chart);

  timeline = lab_timeline_new ();
  row->timeline = LAB_TIMELINE (timeline);
  lab_timeline_set_model (row->timeline, row->model);
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
    self->span_us = MAX (self->span_us, self->rows[r].length_us);
  self->span_us += self->span_us / SPAN_ROOM;
  for (guint r = 0; r < self->n_rows; r++)
    {
      Row *row = &self->rows[r];

      lab_stall_chart_set_window (row->stall_chart, row->start_us, self->span_us);
      lab_timeline_set_span (row->timeline, self->span_us);
    }
  span = format_duration (self->span_us);
  text = self->phases ? g_strdup_printf (_("%s · one time scale: %s from each phase's start"),
                                          self->names, span)
                      : g_strdup_printf (_("%s · one time scale: %s from each run's start"),
                                          self->names, span);
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
    {
      g_clear_object (&self->rows[r].monitor);
      g_clear_object (&self->rows[r].model);
      g_clear_object (&self->rows[r].series);
      g_free (self->rows[r].title);
      g_free (self->rows[r].verdict_name);
    }
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

/* The frame: a header bar, and a scrolled stack for the rows. */
static LabCompareWindow *
compare_window_new (GtkWindow  *parent,
                    GtkWidget **rows)
{
  LabCompareWindow *self = g_object_new (LAB_TYPE_COMPARE_WINDOW, NULL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      if (gtk_widget_has_css_class (GTK_WIDGET (parent), "presenter"))
        gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
    }
  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Wrong vs Right"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  gtk_box_append (GTK_BOX (content), header);

  *rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (*rows, "compare-rows");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), *rows);
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->content = scrolled;
  gtk_widget_add_css_class (scrolled, "compare-body");
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);
  return self;
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
  GtkWidget *rows;
  LabCompareWindow *self = compare_window_new (parent, &rows);
  GString *names = g_string_new (NULL);

  g_return_val_if_fail (monitors != NULL || n_monitors == 0, self);

  for (guint i = 0; i < MIN (n_monitors, LAB_COMPARE_MAX_RUNS); i++)
    {
      LabReport *report;
      Row *row;

      g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitors[i]), self);
      row = &self->rows[self->n_rows++];
      row->monitor = g_object_ref (monitors[i]);
      row->model = g_object_ref (lab_run_monitor_get_trace_model (monitors[i]));
      row->series = g_object_ref (lab_run_monitor_get_stall_series (monitors[i]));
      row->start_us = lab_run_monitor_get_start_time (monitors[i]);
      row->length_us = run_length (monitors[i]);
      row->title = run_title (monitors[i]);
      add_row (self, GTK_BOX (rows), row);

      report = lab_run_monitor_get_report (monitors[i]);
      if (names->len > 0)
        g_string_append (names, _(" vs "));
      if (report != NULL && report->number > 0)
        g_string_append_printf (names, "%u", report->number);
      else
        g_string_append (names, lab_run_monitor_get_id (monitors[i]));
    }
  self->names = g_string_free (names, FALSE);
  apply_scale (self);
  return self;
}

/* The phases @report measured that say when they started: at most
 * LAB_COMPARE_MAX_RUNS, as JSON objects. */
static guint
timed_phases (LabReport   *report,
              JsonObject **phases)
{
  guint n = 0;

  for (guint i = 0; report != NULL && report->phases != NULL &&
                    i < json_array_get_length (report->phases) && n < LAB_COMPARE_MAX_RUNS; i++)
    {
      JsonObject *phase = json_array_get_object_element (report->phases, i);

      if (phase != NULL && json_object_has_member (phase, "start_ms") &&
          json_object_has_member (phase, "duration_ms") && json_object_has_member (phase, "name"))
        phases[n++] = phase;
    }
  return n;
}

/* Whether @monitor's run was measured in two phases or more, each timed. */
gboolean
lab_compare_window_has_phases (LabRunMonitor *monitor)
{
  JsonObject *phases[LAB_COMPARE_MAX_RUNS];

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitor), FALSE);

  return timed_phases (lab_run_monitor_get_report (monitor), phases) >= 2;
}

/**
 * lab_compare_window_new_phases:
 * @parent: (nullable): the main window
 * @monitor: a finished run measured in phases (the download's three ways)
 *
 * A row per phase, each from its phase's start, on one time scale.
 *
 * Returns: (transfer floating) (nullable): the window, not yet shown; %NULL
 *   if the run has fewer than two timed phases
 */
LabCompareWindow *
lab_compare_window_new_phases (GtkWindow     *parent,
                               LabRunMonitor *monitor)
{
  JsonObject *phases[LAB_COMPARE_MAX_RUNS];
  LabReport *report;
  LabCompareWindow *self;
  g_autofree char *title = NULL;
  GString *names = g_string_new (NULL);
  GtkWidget *rows;
  guint n;

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitor), NULL);

  report = lab_run_monitor_get_report (monitor);
  n = timed_phases (report, phases);
  if (n < 2)
    {
      g_string_free (names, TRUE);
      return NULL;
    }
  self = compare_window_new (parent, &rows);
  self->phases = TRUE;
  title = run_title (monitor);
  adw_window_title_set_title (self->window_title, title);
  for (guint i = 0; i < n; i++)
    {
      Row *row = &self->rows[self->n_rows++];
      const char *name = json_object_get_string_member (phases[i], "name");
      gint64 start = lab_run_monitor_get_start_time (monitor) +
                     (gint64) (json_object_get_double_member (phases[i], "start_ms") * 1000.0);
      gint64 end = start +
                   (gint64) (json_object_get_double_member (phases[i], "duration_ms") * 1000.0);

      row->monitor = g_object_ref (monitor);
      row->model = slice_model (lab_run_monitor_get_trace_model (monitor), start, end);
      row->series = slice_series (lab_run_monitor_get_stall_series (monitor), start, end);
      row->start_us = start;
      row->length_us = MAX (MAX (end, lab_trace_model_get_end (row->model)) - start, 1);
      row->title = g_strdup (name);
      row->verdict_name =
        g_strdup (json_object_get_string_member_with_default (phases[i], "verdict", "none"));
      add_row (self, GTK_BOX (rows), row);
      if (names->len > 0)
        g_string_append (names, _(" vs "));
      g_string_append (names, name);
    }
  self->names = g_string_free (names, FALSE);
  apply_scale (self);
  return self;
}

guint
lab_compare_window_get_n_rows (LabCompareWindow *self)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), 0);

  return self->n_rows;
}

/* The time a row starts at: its run's start, or its phase's. */
gint64
lab_compare_window_get_row_start (LabCompareWindow *self,
                                  guint             row)
{
  g_return_val_if_fail (LAB_IS_COMPARE_WINDOW (self), 0);
  g_return_val_if_fail (row < self->n_rows, 0);

  return self->rows[row].start_us;
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
