/* lab-window.c — the TaskLab main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window knows nothing of scenarios beyond their texts: the "run"
 * action emits ::run-requested with the selected scenario's id, and the
 * application answers with lab_window_show_outcome() and the result image.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-pulse.h"
#include "lab-window.h"

struct _LabWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkButton            *run_button;
  GtkSpinner           *spinner;
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

  /* owned */
  gboolean              running;
};

G_DEFINE_FINAL_TYPE (LabWindow, lab_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  RUN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *id;
  char *title;
  char *summary;
  char *csharp;
  char *c_source;
} ScenarioTexts;

static void
scenario_texts_free (ScenarioTexts *texts)
{
  g_free (texts->id);
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

static void
move_selection (LabWindow *self,
                int        delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->scenario_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->scenario_list, MAX (0, index));

  if (next != NULL)
    gtk_list_box_select_row (self->scenario_list, next);
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

static void
lab_window_class_init (LabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tasklab/TaskLab/lab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, spinner);
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
  gtk_widget_class_install_action (widget_class, "win.previous-scenario", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "win.next-scenario", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "win.previous-scenario", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "win.next-scenario", NULL);
}

static void
lab_window_init (LabWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->scenario_list, "row-selected", G_CALLBACK (on_row_selected), self);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
  update_actions (self);
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
 */
void
lab_window_add_scenario (LabWindow  *self,
                         const char *id,
                         const char *title,
                         const char *summary,
                         const char *csharp,
                         const char *c_source)
{
  ScenarioTexts *texts = g_new0 (ScenarioTexts, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);

  g_return_if_fail (LAB_IS_WINDOW (self));

  texts->id = g_strdup (id);
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
      ScenarioTexts *texts = row_get_texts (row);

      if (row == NULL)
        return;
      if (g_strcmp0 (texts->id, id) == 0)
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_list), !running);
  if (running)
    {
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
  static const char * const verdicts[] = { "responsive", "frozen", "failed" };
  g_autofree char *title = NULL;

  g_return_if_fail (LAB_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), verdicts[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), verdict);

  title = g_strdup_printf ("%c%s", g_ascii_toupper (verdict[0]), verdict + 1);
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
