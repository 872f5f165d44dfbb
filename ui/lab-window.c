/* lab-window.c — the TaskLab main window and its list of scenarios.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window knows nothing of scenarios beyond their texts: the "run"
 * action emits ::run-requested with the selected scenario's id, and the
 * application answers with the run's monitor (lab_window_set_monitor()),
 * which the window shows (lab-window-run.c).
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-window-private.h"

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PRESENTER_MODE,
  N_PROPS
};

guint _lab_window_signals[LAB_WINDOW_N_SIGNALS];

typedef struct
{
  gboolean downloads;  /* shows the URL field */
  guint group_order;   /* sections in the order they first appear */
  guint order;         /* then rows in the order they were added */
  char *id;
  char *group;
  char *title;
  char *summary;
  char *info;
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
  g_free (texts->info);
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
      /* the whole of it when the stage has to cut it short */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), texts->summary);
      gtk_label_set_label (self->info_label, texts->info);
      lab_code_view_set_text (self->csharp_view, texts->csharp);
      lab_code_view_set_text (self->c_view, texts->c_source);
      adw_window_title_set_subtitle (self->window_title, texts->title);
    }
  _lab_window_show_run (self, texts != NULL ? texts->id : NULL);
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  LabWindow *self = data;
  ScenarioTexts *texts = row_get_texts (row);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *joined = NULL;
  g_autofree char *haystack = NULL;
  g_autofree char *needle = NULL;

  if (query == NULL || query[0] == '\0')
    return TRUE;
  joined = g_strjoin (" ", texts->title, texts->summary, texts->info, texts->group, texts->csharp,
                      NULL);
  haystack = g_utf8_casefold (joined, -1);
  needle = g_utf8_casefold (query, -1);
  return strstr (haystack, needle) != NULL;
}

/* The first scenario the search leaves visible becomes the selected one. */
static void
on_search_changed (GtkSearchEntry *entry,
                   LabWindow      *self)
{
  GtkListBoxRow *selected;

  gtk_list_box_invalidate_filter (self->scenario_list);
  gtk_list_box_invalidate_headers (self->scenario_list);

  selected = gtk_list_box_get_selected_row (self->scenario_list);
  if (self->active != NULL || (selected != NULL && filter_row (selected, self)))
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

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LabWindow     *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || self->active != NULL)
    return FALSE;
  g_signal_emit (self, _lab_window_signals[LAB_WINDOW_IMAGE_DROPPED], 0, file);
  return TRUE;
}

static void
on_typed (GtkEditable *entry,
          LabWindow   *self)
{
  g_signal_emit (self, _lab_window_signals[LAB_WINDOW_TYPED], 0, gtk_editable_get_text (entry));
}

static void
lab_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LabWindow *self = LAB_WINDOW (object);

  if (prop_id == PROP_PRESENTER_MODE)
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

  if (prop_id == PROP_PRESENTER_MODE)
    {
      if (self->presenter != g_value_get_boolean (value))
        _lab_window_set_presenter (self, g_value_get_boolean (value));
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_window_dispose (GObject *object)
{
  LabWindow *self = LAB_WINDOW (object);

  /* the list emits ::row-selected as it goes; the instruments go first */
  if (self->scenario_list != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario_list, self);
  _lab_window_dispose_replay (self);
  g_clear_object (&self->shown);
  g_clear_object (&self->active);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  _lab_window_dispose_compare (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LAB_TYPE_WINDOW);

  G_OBJECT_CLASS (lab_window_parent_class)->dispose (object);
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
lab_window_class_init (LabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_window_get_property;
  object_class->set_property = lab_window_set_property;
  object_class->dispose = lab_window_dispose;
  object_class->finalize = lab_window_finalize;

  g_type_ensure (LAB_TYPE_CHIPS);
  g_type_ensure (LAB_TYPE_CODE_VIEW);
  g_type_ensure (LAB_TYPE_KEYSTROKE_OVERLAY);
  g_type_ensure (LAB_TYPE_PULSE);
  g_type_ensure (LAB_TYPE_SPINNER);
  g_type_ensure (LAB_TYPE_STALL_CHART);
  g_type_ensure (LAB_TYPE_POOL_GAUGES);
  g_type_ensure (LAB_TYPE_TIMELINE);
  _lab_window_class_init_compare (widget_class);

  /**
   * LabWindow::run-requested:
   * @id: the selected scenario
   *
   * The user asked to run a scenario (Run button, F5).
   */
  _lab_window_signals[LAB_WINDOW_RUN_REQUESTED] =
    g_signal_new ("run-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Escape / the Cancel button, while a run is in progress */
  _lab_window_signals[LAB_WINDOW_CANCEL_REQUESTED] =
    g_signal_new ("cancel-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* a file dropped on the window */
  _lab_window_signals[LAB_WINDOW_IMAGE_DROPPED] =
    g_signal_new ("image-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  /* the audience's field changed (its text), for the end-to-end tests' log */
  _lab_window_signals[LAB_WINDOW_TYPED] =
    g_signal_new ("typed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_object_class_install_property (object_class, PROP_PRESENTER_MODE,
    g_param_spec_boolean ("presenter-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tasklab/TaskLab/lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, keystrokes);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, presenter_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, sidebar_flap);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, details_flap);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, stage);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, csharp_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, url_entry);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, pulse);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, type_entry);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, details_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, chips_box);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, details_stack);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, info_label);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, c_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, stall_chart);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, gauges);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, pictures_page);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, source_picture);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, result_picture);

  _lab_window_class_init_actions (widget_class);
  _lab_window_class_init_replay (widget_class);
}

static void
lab_window_init (LabWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new_with_free_func (g_free);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) _lab_window_run_free);
  g_signal_connect (self->scenario_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->type_entry, "changed", G_CALLBACK (on_typed), self);
  gtk_list_box_set_filter_func (self->scenario_list, filter_row, self, NULL);
  gtk_list_box_set_header_func (self->scenario_list, update_header, NULL, NULL);
  gtk_list_box_set_sort_func (self->scenario_list, sort_rows, NULL, NULL);

  self->zoom_percent = 100;
  self->zoom_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->zoom_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  _lab_window_apply_font_size (self);
  lab_chips_set_max_lines (self->chips_box, 3);
  _lab_window_init_shortcuts (self);
  _lab_window_init_replay_keys (self);
  _lab_window_init_compare (self);
  lab_keystroke_overlay_watch (self->keystrokes, GTK_WIDGET (self));

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _lab_window_show_run (self, NULL);
}

LabWindow *
lab_window_new (GtkApplication *application)
{
  return g_object_new (LAB_TYPE_WINDOW, "application", application, NULL);
}

/**
 * lab_window_add_scenario:
 * @summary: the short explanation shown under the title
 * @info: the whole explanation, in the details pane
 * @downloads: the scenario fetches an image, so the URL field shows with it
 *
 * Adds a row to the sidebar; the texts fill the page when it is selected.
 */
void
lab_window_add_scenario (LabWindow  *self,
                         const char *id,
                         const char *group,
                         const char *title,
                         const char *summary,
                         const char *info,
                         const char *csharp,
                         const char *c_source,
                         gboolean    downloads)
{
  ScenarioTexts *texts;
  GtkWidget *row, *label;
  guint group_order;

  g_return_if_fail (LAB_IS_WINDOW (self));

  if (!g_ptr_array_find_with_equal_func (self->groups, group, g_str_equal, &group_order))
    {
      group_order = self->groups->len;
      g_ptr_array_add (self->groups, g_strdup (group));
    }
  texts = g_new0 (ScenarioTexts, 1);
  texts->group_order = group_order;
  texts->order = self->n_rows++;
  texts->downloads = downloads;
  texts->id = g_strdup (id);
  texts->group = g_strdup (group);
  texts->title = g_strdup (title);
  texts->summary = g_strdup (summary);
  texts->info = g_strdup (info);
  texts->csharp = g_strdup (csharp);
  texts->c_source = g_strdup (c_source);

  row = gtk_list_box_row_new ();
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "lab-scenario", texts,
                          (GDestroyNotify) scenario_texts_free);
  gtk_list_box_append (self->scenario_list, row);

  if (gtk_list_box_get_selected_row (self->scenario_list) == NULL)
    gtk_list_box_select_row (self->scenario_list, GTK_LIST_BOX_ROW (row));
}

/* Returns: %FALSE if the window lists no scenario @id */
gboolean
lab_window_select_scenario (LabWindow  *self,
                            const char *id)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->scenario_list, i);

      if (row == NULL)
        return FALSE;
      if (g_strcmp0 (row_get_texts (row)->id, id) == 0)
        {
          gtk_list_box_select_row (self->scenario_list, row);
          return TRUE;
        }
    }
}

/* The title of scenario @id ("2. StartNew inside a UI task"), or NULL. */
const char *
_lab_window_get_scenario_title (LabWindow  *self,
                                const char *id)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->scenario_list, i);

      if (row == NULL)
        return NULL;
      if (g_strcmp0 (row_get_texts (row)->id, id) == 0)
        return row_get_texts (row)->title;
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

/* The picture every scenario blurs. */
void
lab_window_set_source_image (LabWindow  *self,
                             GdkTexture *texture)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  gtk_picture_set_paintable (self->source_picture, GDK_PAINTABLE (texture));
}

/* Shows @message as a toast; the window keeps working. */
void
lab_window_show_error (LabWindow  *self,
                       const char *message)
{
  AdwToast *toast;

  g_return_if_fail (LAB_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Frames the responsiveness animation has drawn. */
guint64
lab_window_get_frame_count (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), 0);

  return lab_pulse_get_frame_count (self->pulse);
}

/* Text and instruments at @percent of their size (Ctrl+plus and Ctrl+minus). */
void
lab_window_set_zoom (LabWindow *self,
                     int        percent)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  self->zoom_percent = CLAMP (percent, 50, 300);
  _lab_window_apply_font_size (self);
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

/* Where the audience's field is, in window coordinates (for tests that click it). */
gboolean
lab_window_get_type_field_bounds (LabWindow       *self,
                                  graphene_rect_t *bounds)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  return gtk_widget_compute_bounds (GTK_WIDGET (self->type_entry), GTK_WIDGET (self), bounds);
}

static gboolean
bounds_of (GtkWidget       *widget,
           LabWindow       *self,
           graphene_rect_t *bounds)
{
  return gtk_widget_get_mapped (widget) &&
         gtk_widget_compute_bounds (widget, GTK_WIDGET (self), bounds);
}

/**
 * lab_window_get_stage_layout:
 * @layout: (out caller-allocates): where the stage's parts are
 *
 * Where the C# view, the verdict and the Run button are, in the window's
 * coordinates, as GTK laid them out, and how many of the C# lines show.
 */
void
lab_window_get_stage_layout (LabWindow      *self,
                             LabStageLayout *layout)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  memset (layout, 0, sizeof *layout);
  layout->window_width = gtk_widget_get_width (GTK_WIDGET (self));
  layout->window_height = gtk_widget_get_height (GTK_WIDGET (self));
  layout->has_csharp = bounds_of (GTK_WIDGET (self->csharp_view), self, &layout->csharp);
  layout->has_verdict = bounds_of (GTK_WIDGET (self->verdict_label), self, &layout->verdict);
  layout->has_run_button = bounds_of (GTK_WIDGET (self->run_button), self, &layout->run_button);
  layout->csharp_lines = lab_code_view_get_n_lines (self->csharp_view);
  layout->csharp_lines_visible = lab_code_view_get_n_visible_lines (self->csharp_view);
  layout->csharp_scale = lab_code_view_get_scale (self->csharp_view);
}
