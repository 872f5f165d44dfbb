/* lab-window.c — the TaskLab main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window knows nothing of scenarios beyond their texts: the "run"
 * action emits ::run-requested with the selected scenario's id, and the
 * application answers with lab_window_show_outcome() and the result image.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-pool-gauges.h"
#include "lab-pulse.h"
#include "lab-stall-chart.h"
#include "lab-timeline.h"
#include <string.h>

#include "lab-window.h"

struct _LabWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkButton            *run_button;
  GtkButton            *cancel_button;
  GtkToggleButton      *presenter_button;
  GtkMenuButton        *freeze_button;
  GtkAdjustment        *freeze_adjustment;
  GtkSpinner           *spinner;
  GtkWidget            *sidebar;
  GtkSearchEntry       *search_entry;
  GtkPaned             *paned;
  GtkWidget            *stall_chart_slot;
  GtkWidget            *gauges_slot;
  GtkWidget            *timeline_slot;
  GtkLabel             *log_view;
  GtkWidget            *log_expander;   /* hidden while the log is empty */   /* a label: it measures at once, unlike a text view */
  GtkWidget            *url_row;
  GtkFlowBox           *chips_box;
  GtkEntry             *url_entry;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkListBox           *scenario_list;
  GtkLabel             *title_label;
  GtkLabel             *summary_label;
  LabPulse             *pulse;
  GtkEntry             *type_entry;
  GtkLabel             *verdict_label;
  GtkLabel             *details_label;
  GtkPicture           *source_picture;
  GtkPicture           *result_picture;
  GtkTextView          *csharp_view;
  GtkTextView          *c_view;

  /* instruments (children of the slots) */
  LabStallChart        *stall_chart;
  LabTimeline          *timeline;
  LabPoolGauges        *gauges;

  /* owned */
  GPtrArray            *groups;    /* section names, in order of appearance */
  guint                 n_rows;
  gboolean              running;
  gboolean              presenter;
  int                   zoom_percent;
  GtkCssProvider       *zoom_css;
};

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  RUN_REQUESTED,
  CANCEL_REQUESTED,
  RESET_REQUESTED,
  FREEZE_CHANGED,
  IMAGE_DROPPED,
  N_SIGNALS
};

#define BASE_FONT_PT 11.0
#define PRESENTER_SCALE 1.5

static guint signals[N_SIGNALS];

typedef struct
{
  gboolean downloads;  /* shows the URL field */
  guint group_order;   /* sections in the order they first appear */
  guint order;         /* then rows in the order they were added */
  char *id;
  char *group;
  char *title;
  char *summary;
  char *csharp;
  char *c_source;
} ScenarioTexts;

static void
scenario_texts_free (ScenarioTexts *texts)
{
  g_free (texts->id);
  g_free (texts->group);
  g_free (texts->title);
  g_free (texts->summary);
  g_free (texts->csharp);
  g_free (texts->c_source);
  g_free (texts);
}

static ScenarioTexts *
row_get_texts (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "lab-scenario") : NULL;
}

static void
update_actions (LabWindow *self)
{
  gboolean can_run = !self->running &&
                     gtk_list_box_get_selected_row (self->scenario_list) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", self->running);
}

/* Text size follows the zoom, and presenter mode multiplies it; every
 * instrument sizes itself from the font, so all of it scales. */
static void
apply_font_size (LabWindow *self)
{
  double pt = BASE_FONT_PT * self->zoom_percent / 100.0 * (self->presenter ? PRESENTER_SCALE : 1.0);
  g_autofree char *css = g_strdup_printf ("window.tasklab { font-size: %.1fpt; }", pt);

  gtk_css_provider_load_from_data (self->zoom_css, css, -1);
}

static void
on_row_selected (GtkListBox    *list,
                 GtkListBoxRow *row,
                 LabWindow     *self)
{
  ScenarioTexts *texts = row_get_texts (row);

  if (texts != NULL)
    {
      gtk_label_set_label (self->title_label, texts->title);
      gtk_widget_set_visible (self->url_row, texts->downloads);
      gtk_label_set_label (self->summary_label, texts->summary);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->csharp_view), texts->csharp, -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->c_view), texts->c_source, -1);
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
      gtk_label_set_label (self->details_label, "Press Run (F5) to start the scenario.");
      gtk_picture_set_paintable (self->result_picture, NULL);
    }
  update_actions (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  const char *id = lab_window_get_selected_scenario (self);

  if (id != NULL && !self->running)
    g_signal_emit (self, signals[RUN_REQUESTED], 0, id);
}

/* Moves to the next visible (not filtered out) scenario in @delta's direction. */
static void
move_selection (LabWindow *self,
                int        delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->scenario_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->running)
    return;
  for (index += delta; index >= 0; index += delta)
    {
      GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->scenario_list, index);

      if (next == NULL)
        return;
      if (gtk_widget_get_child_visible (GTK_WIDGET (next)))
        {
          gtk_list_box_select_row (self->scenario_list, next);
          gtk_widget_grab_focus (GTK_WIDGET (next));
          return;
        }
    }
}



void lab_window_set_chips (LabWindow *self, const char * const *chips);

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->running)
    g_signal_emit (self, signals[CANCEL_REQUESTED], 0);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->running)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
  gtk_label_set_label (self->details_label, "Press Run (F5) to start the scenario.");
  gtk_picture_set_paintable (self->result_picture, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->type_entry), "");
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  lab_window_clear_log (self);
  lab_window_set_chips (self, NULL);
  g_signal_emit (self, signals[RESET_REQUESTED], 0);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    self->zoom_percent = MIN (300, self->zoom_percent + 10);
  else if (g_str_equal (action_name, "win.zoom-out"))
    self->zoom_percent = MAX (50, self->zoom_percent - 10);
  else
    self->zoom_percent = 100;
  apply_font_size (self);
}

/* Presenter mode: large type, high contrast, the sidebar out of the way
 * (Page Up/Page Down still move between scenarios). */
static void
set_presenter (LabWindow *self,
               gboolean   presenter)
{
  self->presenter = presenter;
  gtk_widget_set_visible (self->sidebar, !presenter);
  if (presenter)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
  apply_font_size (self);
  g_object_notify (G_OBJECT (self), "presenter-mode");
}

static void
presenter_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  set_presenter (self, !self->presenter);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (self->presenter)
    set_presenter (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean filter_row (GtkListBoxRow *row, gpointer data);

/* The first scenario the search leaves visible becomes the selected one. */
static void
on_search_changed (GtkSearchEntry *entry,
                   LabWindow      *self)
{
  GtkListBoxRow *selected;

  gtk_list_box_invalidate_filter (self->scenario_list);
  gtk_list_box_invalidate_headers (self->scenario_list);

  selected = gtk_list_box_get_selected_row (self->scenario_list);
  if (self->running || (selected != NULL && filter_row (selected, self)))
    return;
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->scenario_list, i);

      if (row == NULL)
        return;
      if (filter_row (row, self))
        {
          gtk_list_box_select_row (self->scenario_list, row);
          return;
        }
    }
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  LabWindow *self = data;
  ScenarioTexts *texts = row_get_texts (row);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *haystack = NULL;
  g_autofree char *needle = NULL;

  if (query == NULL || query[0] == '\0')
    return TRUE;
  haystack = g_utf8_casefold (g_strjoin (" ", texts->title, texts->summary, texts->group,
                                         texts->csharp, NULL), -1);
  needle = g_utf8_casefold (query, -1);
  return strstr (haystack, needle) != NULL;
}

/* Rows grouped by section, so each section title appears once. */
static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       data)
{
  ScenarioTexts *x = row_get_texts (a);
  ScenarioTexts *y = row_get_texts (b);

  if (x->group_order != y->group_order)
    return x->group_order < y->group_order ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* A section title above the first scenario of each group. */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       data)
{
  ScenarioTexts *texts = row_get_texts (row);
  ScenarioTexts *previous = row_get_texts (before);
  GtkWidget *header;

  if (previous != NULL && g_strcmp0 (previous->group, texts->group) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (texts->group);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "sidebar-group");
  gtk_list_box_row_set_header (row, header);
}

static void
on_freeze_changed (GtkAdjustment *adjustment,
                   LabWindow     *self)
{
  double seconds = gtk_adjustment_get_value (adjustment);
  g_autofree char *label = g_strdup_printf ("Freeze %.1f s", seconds);

  gtk_menu_button_set_label (self->freeze_button, label);
  g_signal_emit (self, signals[FREEZE_CHANGED], 0, seconds);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LabWindow     *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || self->running)
    return FALSE;
  g_signal_emit (self, signals[IMAGE_DROPPED], 0, file);
  return TRUE;
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_selection (LAB_WINDOW (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_selection (LAB_WINDOW (widget), 1);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (LAB_WINDOW (widget)->error_revealer, FALSE);
}

static void lab_window_get_property (GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec);
static void lab_window_set_property (GObject *object, guint prop_id, const GValue *value,
                                     GParamSpec *pspec);
static void lab_window_finalize     (GObject *object);

static void
lab_window_class_init (LabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_window_get_property;
  object_class->set_property = lab_window_set_property;
  object_class->finalize = lab_window_finalize;

  g_type_ensure (LAB_TYPE_PULSE);

  /**
   * LabWindow::run-requested:
   * @id: the selected scenario
   *
   * The user asked to run a scenario (Run button, F5).
   */
  signals[RUN_REQUESTED] =
    g_signal_new ("run-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Escape / the Cancel button, while a run is in progress */
  signals[CANCEL_REQUESTED] =
    g_signal_new ("cancel-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Ctrl+R: results and instruments cleared */
  signals[RESET_REQUESTED] =
    g_signal_new ("reset-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the freeze length preference, in seconds */
  signals[FREEZE_CHANGED] =
    g_signal_new ("freeze-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  /* a file dropped on the window */
  signals[IMAGE_DROPPED] =
    g_signal_new ("image-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  g_object_class_install_property (G_OBJECT_CLASS (klass), 1,
    g_param_spec_boolean ("presenter-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tasklab/TaskLab/lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, presenter_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, freeze_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, freeze_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, stall_chart_slot);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, gauges_slot);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, log_expander);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, chips_box);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, url_entry);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, pulse);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, type_entry);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, details_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, source_picture);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, result_picture);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, csharp_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, c_view);

  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.previous-scenario", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "win.next-scenario", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "win.presenter-mode", "presenter-mode");
  gtk_widget_class_install_action (widget_class, "win.toggle-presenter", NULL, presenter_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-presenter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "win.previous-scenario", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "win.next-scenario", NULL);

}

static void
lab_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LabWindow *self = LAB_WINDOW (object);

  if (prop_id == 1)
    g_value_set_boolean (value, self->presenter);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LabWindow *self = LAB_WINDOW (object);

  if (prop_id == 1)
    {
      if (self->presenter != g_value_get_boolean (value))
        set_presenter (self, g_value_get_boolean (value));
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_window_finalize (GObject *object)
{
  LabWindow *self = LAB_WINDOW (object);

  gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                 GTK_STYLE_PROVIDER (self->zoom_css));
  g_clear_object (&self->zoom_css);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  G_OBJECT_CLASS (lab_window_parent_class)->finalize (object);
}

static void
lab_window_init (LabWindow *self)
{
  GtkEventController *shortcuts;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->scenario_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->freeze_adjustment, "value-changed", G_CALLBACK (on_freeze_changed), self);
  gtk_list_box_set_filter_func (self->scenario_list, filter_row, self, NULL);
  gtk_list_box_set_header_func (self->scenario_list, update_header, NULL, NULL);
  gtk_list_box_set_sort_func (self->scenario_list, sort_rows, NULL, NULL);
  self->groups = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
  gtk_widget_set_visible (self->log_expander, FALSE);

  self->zoom_percent = 100;
  self->zoom_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->zoom_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  apply_font_size (self);

  /* Page Up / Page Down belong to the presenter, wherever the focus is
   * (the scrolled content would take them otherwise): capture phase. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                      gtk_named_action_new ("win.previous-scenario")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                      gtk_named_action_new ("win.next-scenario")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->stall_chart = LAB_STALL_CHART (lab_stall_chart_new ());
  gtk_box_append (GTK_BOX (self->stall_chart_slot), GTK_WIDGET (self->stall_chart));
  self->gauges = LAB_POOL_GAUGES (lab_pool_gauges_new ());
  gtk_box_append (GTK_BOX (self->gauges_slot), GTK_WIDGET (self->gauges));
  self->timeline = LAB_TIMELINE (lab_timeline_new ());
  gtk_box_append (GTK_BOX (self->timeline_slot), GTK_WIDGET (self->timeline));

  update_actions (self);
}

LabStallChart *
lab_window_get_stall_chart (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return self->stall_chart;
}

LabTimeline *
lab_window_get_timeline (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return self->timeline;
}

LabPoolGauges *
lab_window_get_gauges (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return self->gauges;
}

LabWindow *
lab_window_new (GtkApplication *application)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", application, NULL);
}

/**
 * lab_window_add_scenario:
 *
 * Adds a row to the sidebar; the texts fill the page when it is selected.
 * @downloads: the scenario fetches an image, so the URL field shows with it
 */
void
lab_window_add_scenario (LabWindow  *self,
                         const char *id,
                         const char *group,
                         const char *title,
                         const char *summary,
                         const char *csharp,
                         const char *c_source,
                         gboolean    downloads)
{
  ScenarioTexts *texts = g_new0 (ScenarioTexts, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);

  g_return_if_fail (LAB_IS_WINDOW (self));

  guint group_order;

  if (!g_ptr_array_find_with_equal_func (self->groups, group, g_str_equal, &group_order))
    {
      group_order = self->groups->len;
      g_ptr_array_add (self->groups, g_strdup (group));
    }
  texts->group_order = group_order;
  texts->order = self->n_rows++;
  texts->downloads = downloads;
  texts->id = g_strdup (id);
  texts->group = g_strdup (group);
  texts->title = g_strdup (title);
  texts->summary = g_strdup (summary);
  texts->csharp = g_strdup (csharp);
  texts->c_source = g_strdup (c_source);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "lab-scenario", texts,
                          (GDestroyNotify) scenario_texts_free);
  gtk_list_box_append (self->scenario_list, row);

  if (gtk_list_box_get_selected_row (self->scenario_list) == NULL)
    gtk_list_box_select_row (self->scenario_list, GTK_LIST_BOX_ROW (row));
}

void
lab_window_select_scenario (LabWindow  *self,
                            const char *id)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->scenario_list, i);

      if (row == NULL)
        return;
      if (g_strcmp0 (row_get_texts (row)->id, id) == 0)
        {
          gtk_list_box_select_row (self->scenario_list, row);
          return;
        }
    }
}

const char *
lab_window_get_selected_scenario (LabWindow *self)
{
  ScenarioTexts *texts;

  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  texts = row_get_texts (gtk_list_box_get_selected_row (self->scenario_list));
  return texts != NULL ? texts->id : NULL;
}

void
lab_window_set_source_image (LabWindow  *self,
                             GdkTexture *texture)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_picture_set_paintable (self->source_picture, GDK_PAINTABLE (texture));
  gtk_picture_set_paintable (self->result_picture, NULL);
}

void
lab_window_set_result_image (LabWindow  *self,
                             GdkTexture *texture)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_picture_set_paintable (self->result_picture, GDK_PAINTABLE (texture));
}

/* While a scenario runs, Run is disabled and the spinner turns. */
void
lab_window_set_running (LabWindow *self,
                        gboolean   running)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  self->running = running;
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_list), !running);
  if (running)
    {
      lab_window_set_chips (self, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
      gtk_label_set_label (self->details_label, "Running… type in the field above to feel it.");
      gtk_picture_set_paintable (self->result_picture, NULL);
    }
  update_actions (self);
}

/**
 * lab_window_show_outcome:
 * @verdict: "responsive", "frozen" or "failed"
 * @details: one line of measured facts
 */
void
lab_window_show_outcome (LabWindow  *self,
                         const char *verdict,
                         const char *details)
{
  static const char * const verdicts[] = { "responsive", "frozen", "failed", "deadlocked",
                                           "crashed-in-child", "completed-early", "canceled" };
  g_autofree char *title = NULL;

  g_return_if_fail (LAB_IS_WINDOW (self));

  const char *style = verdict;

  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), verdicts[i]);
  /* phases joined with "+": coloured by the worst of them */
  if (strchr (verdict, '+') != NULL)
    style = strstr (verdict, "frozen") != NULL ? "frozen" : "responsive";
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), style);

  title = g_strdup_printf ("%c%s", g_ascii_toupper (verdict[0]), verdict + 1);
  g_strdelimit (title, "-", ' ');
  {
    g_auto(GStrv) parts = g_strsplit (title, "+", -1);

    g_free (title);
    title = g_strjoinv (" · ", parts);
  }
  gtk_label_set_label (self->verdict_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), TRUE);
  gtk_label_set_label (self->details_label, details);
}

/* Shows @message in a banner until dismissed; the window keeps working. */
void
lab_window_show_error (LabWindow  *self,
                       const char *message)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

/* Frames the responsiveness animation has drawn. */
guint64
lab_window_get_frame_count (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), 0);

  return lab_pulse_get_frame_count (self->pulse);
}

/* The freeze preference shown in the header bar, in seconds. */
void
lab_window_set_freeze_seconds (LabWindow *self,
                               double     seconds)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_adjustment_set_value (self->freeze_adjustment, seconds);
}

/* The field the audience types into (the event log watches it). */
GtkEditable *
lab_window_get_type_entry (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return GTK_EDITABLE (self->type_entry);
}

/* The log a C# speaker would print: "UI on thread 1", … */
void
lab_window_append_log (LabWindow  *self,
                       const char *line)
{
  const char *text;
  g_autofree char *joined = NULL;

  g_return_if_fail (LAB_IS_WINDOW (self));

  text = gtk_label_get_text (self->log_view);
  joined = text[0] != '\0' ? g_strconcat (text, "\n", line, NULL) : g_strdup (line);
  gtk_label_set_text (self->log_view, joined);
  gtk_widget_set_visible (self->log_expander, TRUE);
}

void
lab_window_clear_log (LabWindow *self)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_label_set_text (self->log_view, "");
  gtk_widget_set_visible (self->log_expander, FALSE);
}

/* What the URL field holds ("" for the built-in server). */
const char *
lab_window_get_url (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

void
lab_window_set_url (LabWindow  *self,
                    const char *url)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url != NULL ? url : "");
}

/**
 * lab_window_set_chips:
 * @chips: (nullable): "Label: value" strings, %NULL-terminated; %NULL hides them
 *
 * The measured facts of the last run as chips under the verdict.
 */
void
lab_window_set_chips (LabWindow          *self,
                      const char * const *chips)
{
  GtkWidget *child;

  g_return_if_fail (LAB_IS_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))) != NULL)
    gtk_flow_box_remove (self->chips_box, child);
  for (guint i = 0; chips != NULL && chips[i] != NULL; i++)
    {
      GtkWidget *chip = gtk_label_new (chips[i]);

      gtk_widget_add_css_class (chip, "chip");
      gtk_widget_set_halign (chip, GTK_ALIGN_START);
      gtk_flow_box_append (self->chips_box, chip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), chips != NULL && chips[0] != NULL);
}
