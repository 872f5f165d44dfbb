/* lab-pool-gauges.c — the thread pool's counters, big enough for a room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of large numbers with small captions: the pool's counters as the
 * run's monitor last read them (lab/lab-pool-counters.h): threads (with how
 * many the pool injected above its minimum), busy threads, threads blocked
 * in a wait, queued work items (global and local), tasks allocated and
 * items completed since the run started. Without a run, every gauge is 0.
 *
 * The numbers are GtkLabels, so screen readers read them and the CSS font
 * (and the zoom) sizes them; a label's text changes only when its value does.
 *
 * Off screen (the details pane closed, or another of its pages shown), the
 * counters are only kept, and shown when the gauges are mapped again: a
 * label's new text queues a resize that reaches the window however hidden
 * the label is, and on X11 each layout of the toplevel waits for the X
 * server (bench-ui-cost: window_relayouts).
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-pool-gauges.h"

typedef enum
{
  GAUGE_THREADS,
  GAUGE_BUSY,
  GAUGE_BLOCKED,
  GAUGE_QUEUED,
  GAUGE_TASKS,
  GAUGE_COMPLETED,
  N_GAUGES
} Gauge;

static const struct
{
  const char *name;
  const char *caption;
} gauge_info[N_GAUGES] = {
  [GAUGE_THREADS]   = { "threads", N_("threads") },
  [GAUGE_BUSY]      = { "busy", N_("busy") },
  [GAUGE_BLOCKED]   = { "blocked", N_("blocked in a wait") },
  [GAUGE_QUEUED]    = { "queued", N_("queued") },
  [GAUGE_TASKS]     = { "tasks", N_("tasks allocated") },
  [GAUGE_COMPLETED] = { "completed", N_("completed") },
};

struct _LabPoolGauges
{
  GtkWidget  parent_instance;

  /* child widgets */
  GtkWidget *boxes[N_GAUGES];
  GtkLabel  *values[N_GAUGES];
  GtkLabel  *captions[N_GAUGES];

  /* owned */
  LabRunMonitor *monitor;
  guint      shown_global;
  guint      shown_local;
  guint      shown[N_GAUGES];
  gboolean   shown_valid[N_GAUGES];
  guint      shown_injected;
  LabPoolCounters pending;     /* the last counters, while unmapped */
  gboolean   has_pending;
};

G_DEFINE_FINAL_TYPE (LabPoolGauges, lab_pool_gauges, GTK_TYPE_WIDGET)

/* 1234567 → "1 234 567" (thin spaces), readable from afar */
static char *
format_count (guint value)
{
  g_autofree char *digits = g_strdup_printf ("%u", value);
  GString *out = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, "\u2009");
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
show_value (LabPoolGauges *self,
            Gauge          gauge,
            guint          value)
{
  g_autofree char *text = NULL;

  if (self->shown_valid[gauge] && self->shown[gauge] == value)
    return;
  self->shown[gauge] = value;
  self->shown_valid[gauge] = TRUE;
  text = format_count (value);
  gtk_label_set_label (self->values[gauge], text);
}

static void
show_counters (LabPoolGauges         *self,
               const LabPoolCounters *counters)
{
  guint injected = counters->injected;

  show_value (self, GAUGE_THREADS, counters->threads);
  show_value (self, GAUGE_BUSY, counters->busy);
  show_value (self, GAUGE_BLOCKED, counters->blocked);
  show_value (self, GAUGE_QUEUED, counters->queued_global + counters->queued_local);
  show_value (self, GAUGE_TASKS, (guint) MIN (counters->tasks_created, G_MAXUINT));
  show_value (self, GAUGE_COMPLETED, (guint) MIN (counters->completed, G_MAXUINT));
  if (counters->queued_global != self->shown_global || counters->queued_local != self->shown_local)
    {
      g_autofree char *caption = g_strdup_printf (_("queued: %u global · %u local"),
                                                  counters->queued_global, counters->queued_local);

      gtk_label_set_label (self->captions[GAUGE_QUEUED], caption);
      self->shown_global = counters->queued_global;
      self->shown_local = counters->queued_local;
    }

  if (injected != self->shown_injected)
    {
      g_autofree char *caption = injected > 0
                                 ? g_strdup_printf (_("threads · %u injected"), injected)
                                 : g_strdup ("threads");

      gtk_label_set_label (self->captions[GAUGE_THREADS], caption);
      if (injected > 0)
        gtk_widget_add_css_class (self->boxes[GAUGE_THREADS], "injected");
      else
        gtk_widget_remove_css_class (self->boxes[GAUGE_THREADS], "injected");
      self->shown_injected = injected;
    }
  if (self->shown[GAUGE_QUEUED] > 0)
    gtk_widget_add_css_class (self->boxes[GAUGE_QUEUED], "waiting");
  else
    gtk_widget_remove_css_class (self->boxes[GAUGE_QUEUED], "waiting");
}

/* Shows @counters now if the gauges are on screen, else when they are mapped. */
static void
update_counters (LabPoolGauges         *self,
                 const LabPoolCounters *counters)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->has_pending = FALSE;
      show_counters (self, counters);
      return;
    }
  self->pending = *counters;
  self->has_pending = TRUE;
}

static void
flush_pending (LabPoolGauges *self)
{
  if (!self->has_pending)
    return;
  self->has_pending = FALSE;
  show_counters (self, &self->pending);
}

static void
on_updated (LabRunMonitor *monitor,
            LabPoolGauges *self)
{
  update_counters (self, lab_run_monitor_get_counters (monitor));
}

/**
 * lab_pool_gauges_set_monitor:
 * @monitor: (nullable): the run whose counters to show; %NULL shows zeros
 */
void
lab_pool_gauges_set_monitor (LabPoolGauges *self,
                             LabRunMonitor *monitor)
{
  static const LabPoolCounters zero = { 0, };

  g_return_if_fail (LAB_IS_POOL_GAUGES (self));
  g_return_if_fail (monitor == NULL || LAB_IS_RUN_MONITOR (monitor));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    {
      g_signal_connect (monitor, "updated", G_CALLBACK (on_updated), self);
      update_counters (self, lab_run_monitor_get_counters (monitor));
    }
  else
    update_counters (self, &zero);
}

/**
 * lab_pool_gauges_get_value_text:
 * @gauge: "threads", "busy", "blocked", "queued", "tasks" or "completed"
 *
 * Returns: the number shown (or to show once the gauges are mapped again),
 *   as text (for tests and accessibility checks)
 */
const char *
lab_pool_gauges_get_value_text (LabPoolGauges *self,
                                const char    *gauge)
{
  g_return_val_if_fail (LAB_IS_POOL_GAUGES (self), NULL);

  flush_pending (self);
  for (guint i = 0; i < N_GAUGES; i++)
    if (g_strcmp0 (gauge_info[i].name, gauge) == 0)
      return gtk_label_get_label (self->values[i]);
  return NULL;
}

static void
lab_pool_gauges_dispose (GObject *object)
{
  LabPoolGauges *self = LAB_POOL_GAUGES (object);
  GtkWidget *child;

  lab_pool_gauges_set_monitor (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_pool_gauges_parent_class)->dispose (object);
}

static void
lab_pool_gauges_map (GtkWidget *widget)
{
  LabPoolGauges *self = LAB_POOL_GAUGES (widget);

  /* before the children are mapped: the labels' new sizes are measured in
   * the layout this map is part of */
  flush_pending (self);
  GTK_WIDGET_CLASS (lab_pool_gauges_parent_class)->map (widget);
}

static void
lab_pool_gauges_class_init (LabPoolGaugesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_pool_gauges_dispose;
  widget_class->map = lab_pool_gauges_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "poolgauges");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lab_pool_gauges_init (LabPoolGauges *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  /* three a row: the details pane is narrow */
  gtk_grid_layout_set_column_homogeneous (GTK_GRID_LAYOUT (layout), TRUE);
  gtk_grid_layout_set_row_spacing (GTK_GRID_LAYOUT (layout), 8);
  gtk_grid_layout_set_column_spacing (GTK_GRID_LAYOUT (layout), 8);
  for (guint i = 0; i < N_GAUGES; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *value = gtk_label_new ("0");
      GtkWidget *caption = gtk_label_new (_(gauge_info[i].caption));

      gtk_widget_add_css_class (box, "gauge");
      gtk_widget_add_css_class (box, gauge_info[i].name);
      gtk_widget_add_css_class (value, "gauge-value");
      gtk_widget_add_css_class (caption, "gauge-caption");
      gtk_label_set_width_chars (GTK_LABEL (value), 3);
      /* six gauges share the width: captions wrap rather than widen the window */
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (caption), 12);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL, -1);
      gtk_widget_set_parent (box, GTK_WIDGET (self));
      g_object_set (gtk_layout_manager_get_layout_child (layout, box),
                    "row", i / 3, "column", i % 3, NULL);

      self->boxes[i] = box;
      self->values[i] = GTK_LABEL (value);
      self->captions[i] = GTK_LABEL (caption);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thread pool"), -1);
}

GtkWidget *
lab_pool_gauges_new (void)
{
  return g_object_new (LAB_TYPE_POOL_GAUGES, NULL);
}
