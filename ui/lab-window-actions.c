/* lab-window-actions.c — what the window's keys and buttons do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-event-log.h"
#include "lab-run-file.h"
#include "lab-trace-export.h"
#include "lab-window-private.h"

#define BASE_FONT_PT 11.0
#define PRESENTER_SCALE 1.5

/* Text size follows the zoom, and presenter mode multiplies it; every
 * instrument sizes itself from the font, so all of it scales. */
void
_lab_window_apply_font_size (LabWindow *self)
{
  double pt = BASE_FONT_PT * self->zoom_percent / 100.0 * (self->presenter ? PRESENTER_SCALE : 1.0);
  g_autofree char *css = g_strdup_printf ("window.tasklab { font-size: %.1fpt; }", pt);

  gtk_css_provider_load_from_data (self->zoom_css, css, -1);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  const char *id = lab_window_get_selected_scenario (self);

  lab_event_log_write ("action %s", action_name);

  if (id != NULL && self->active == NULL)
    g_signal_emit (self, _lab_window_signals[LAB_WINDOW_RUN_REQUESTED], 0, id);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

  if (self->active != NULL || self->waiting)
    g_signal_emit (self, _lab_window_signals[LAB_WINDOW_CANCEL_REQUESTED], 0);
}

/* Ctrl+R: the selected scenario's last run is forgotten; the screen is as before it. */
static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  const char *id = lab_window_get_selected_scenario (self);

  lab_event_log_write ("action %s", action_name);

  if (self->active != NULL || id == NULL)
    return;
  g_hash_table_remove (self->runs, id);
  gtk_editable_set_text (GTK_EDITABLE (self->type_entry), "");
  _lab_window_show_run (self, id);
}

/* Moves to the next visible (not filtered out) scenario in @delta's direction. */
void
_lab_window_move_selection (LabWindow *self,
                            int        delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->scenario_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->active != NULL)
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

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  lab_event_log_write ("action %s", action_name);
  _lab_window_move_selection (LAB_WINDOW (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  lab_event_log_write ("action %s", action_name);
  _lab_window_move_selection (LAB_WINDOW (widget), 1);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

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

  lab_event_log_write ("action %s", action_name);

  if (g_str_equal (action_name, "win.zoom-in"))
    self->zoom_percent = MIN (300, self->zoom_percent + 10);
  else if (g_str_equal (action_name, "win.zoom-out"))
    self->zoom_percent = MAX (50, self->zoom_percent - 10);
  else
    self->zoom_percent = 100;
  _lab_window_apply_font_size (self);
}

/* Presenter mode: large type, high contrast, the sidebar out of the way
 * (Page Up/Page Down still move between scenarios), the keys pressed shown
 * unless the speaker turned that off. */
void
_lab_window_set_presenter (LabWindow *self,
                           gboolean   presenter)
{
  self->presenter = presenter;
  /* folded: when opened anyway, the sidebar lies over the stage, which keeps its width */
  adw_flap_set_fold_policy (self->sidebar_flap, presenter ? ADW_FLAP_FOLD_POLICY_ALWAYS
                                                          : ADW_FLAP_FOLD_POLICY_AUTO);
  adw_flap_set_reveal_flap (self->sidebar_flap, !presenter);
  /* a room reads the code and the result; the explanation is the speaker's */
  gtk_label_set_lines (self->summary_label, presenter ? 2 : 3);
  lab_chips_set_max_lines (self->chips_box, presenter ? 2 : 3);
  lab_queue_view_set_compact (self->queue_view, presenter);
  if (!self->keys_chosen)
    lab_keystroke_overlay_set_enabled (self->keystrokes, presenter);
  if (presenter)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presenter");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presenter");
  _lab_window_apply_font_size (self);
  g_object_notify (G_OBJECT (self), "presenter-mode");
}

static void
presenter_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

  _lab_window_set_presenter (self, !self->presenter);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

  adw_flap_set_reveal_flap (self->sidebar_flap, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* F4: the details pane (info, the C, log, stalls, pool, pictures). */
static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

  adw_flap_set_reveal_flap (self->details_flap, !adw_flap_get_reveal_flap (self->details_flap));
}

/* F8: the keys pressed, shown in a corner (on by default in presenter mode). */
static void
show_keys_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

  self->keys_chosen = TRUE;
  lab_keystroke_overlay_set_enabled (self->keystrokes,
                                     !lab_keystroke_overlay_get_enabled (self->keystrokes));
}

typedef enum { EXPORT_TIMELINE_PNG, EXPORT_TRACE_JSON, EXPORT_RUN } ExportKind;

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    LabWindow       *self)
{
  ExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "lab-export-kind"));
  LabRunMonitor *monitor = g_object_get_data (G_OBJECT (dialog), "lab-export-monitor");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean saved;

      if (path == NULL)
        saved = FALSE, g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                            _("TaskLab saves to local folders only"));
      else if (kind == EXPORT_TIMELINE_PNG)
        saved = lab_chart_save_png (LAB_CHART (self->timeline), path, &error);
      else if (kind == EXPORT_RUN)
        saved = lab_run_file_save (monitor, path, &error);
      else
        saved = lab_trace_export_chrome_json (lab_run_monitor_get_trace_model (monitor), path, &error);
      if (!saved)
        {
          g_autofree char *message = g_strdup_printf (_("Not exported: %s"), error->message);

          lab_window_show_error (self, message);
        }
    }
  g_object_unref (dialog);
}

static void
on_open_run_response (GtkNativeDialog *dialog,
                      int              response,
                      LabWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        lab_window_show_error (self, _("TaskLab opens runs from local folders only."));
      else if (!lab_window_open_run (self, path, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Not opened: %s"), error->message);

          lab_window_show_error (self, message);
        }
    }
  g_object_unref (dialog);
}

/* A run saved earlier (Save Run…, or --save-run), shown as its scenario's last run. */
static void
open_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  lab_event_log_write ("action %s", action_name);
  dialog = gtk_file_chooser_native_new (_("Open Run"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("TaskLab runs"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_run_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The shown run's timeline as a PNG, its trace for Perfetto, or the run itself. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);
  ExportKind kind = g_str_equal (action_name, "win.export-timeline") ? EXPORT_TIMELINE_PNG
                    : g_str_equal (action_name, "win.save-run")      ? EXPORT_RUN
                                                                     : EXPORT_TRACE_JSON;
  static const char * const titles[] = { N_("Export Timeline"), N_("Export Trace"), N_("Save Run") };
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  lab_event_log_write ("action %s", action_name);

  if (self->shown == NULL)
    {
      lab_window_show_error (self, _("Nothing to export yet: run a scenario first (F5)."));
      return;
    }
  dialog = gtk_file_chooser_native_new (_(titles[kind]), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        kind == EXPORT_RUN ? _("_Save") : _("_Export"),
                                        _("_Cancel"));
  name = kind == EXPORT_TIMELINE_PNG ? g_strdup ("tasklab-timeline.png")
         : kind == EXPORT_RUN        ? g_strdup_printf ("%s.tasklab-run.json",
                                                        lab_run_monitor_get_id (self->shown))
                                     : g_strdup ("tasklab-trace.json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "lab-export-kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (dialog), "lab-export-monitor", g_object_ref (self->shown),
                          g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
_lab_window_class_init_actions (GtkWidgetClass *widget_class)
{
  static const struct { guint key; GdkModifierType mods; const char *action; } bindings[] = {
    { GDK_KEY_F5, 0, "win.run" },
    { GDK_KEY_Escape, 0, "win.cancel" },
    { GDK_KEY_r, GDK_CONTROL_MASK, "win.reset" },
    { GDK_KEY_F11, 0, "win.fullscreen" },
    { GDK_KEY_F9, 0, "win.toggle-presenter" },
    { GDK_KEY_F4, 0, "win.details" },
    { GDK_KEY_F8, 0, "win.show-keys" },
    { GDK_KEY_f, GDK_CONTROL_MASK, "win.search" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset" },
    { GDK_KEY_Up, GDK_ALT_MASK, "win.previous-scenario" },
    { GDK_KEY_Down, GDK_ALT_MASK, "win.next-scenario" },
  };

  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.previous-scenario", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "win.next-scenario", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.details", NULL, details_action);
  gtk_widget_class_install_action (widget_class, "win.show-keys", NULL, show_keys_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "win.presenter-mode", "presenter-mode");
  gtk_widget_class_install_action (widget_class, "win.toggle-presenter", NULL, presenter_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.export-timeline", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-trace", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.save-run", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-run", NULL, open_run_action);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].key, bindings[i].mods,
                                         bindings[i].action, NULL);
}

/* Page Up / Page Down belong to the presenter, wherever the focus is (the
 * scrolled content would take them otherwise): capture phase. */
void
_lab_window_init_shortcuts (LabWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                      gtk_named_action_new ("win.previous-scenario")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                      gtk_named_action_new ("win.next-scenario")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}
