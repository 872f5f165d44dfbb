/* lab-window-compare.c — the window offers "Compare with…" and runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario that forms a "wrong vs right" pair or group names the others
 * (lab_window_set_compare_with(), from the catalogue's compare_with). Once
 * its run has finished, a button beside the verdict offers the comparison
 * (Ctrl+K, win.compare: with all of them; win.compare-with::ID: with one).
 * The app runs one scenario at a time, so the window keeps the finished
 * run's monitor, selects each other scenario in turn and asks for its run
 * (::run-requested), as F5 would, so the room watches it live; when the
 * last has finished, the runs open stacked in a LabCompareWindow, which
 * holds them from then on. A scenario that names itself (the download's
 * three ways) offers its own run's phases stacked, with no other run.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-compare-window.h"
#include "lab-event-log.h"
#include "lab-window-private.h"

/* how long the room sees a result before the next run of a comparison */
#define NEXT_RUN_PAUSE_MS 800
#define NEXT_RUN_RETRY_MS 250
#define NEXT_RUN_TRIES    40

static const char * const *
compare_targets (LabWindow  *self,
                 const char *id)
{
  return id != NULL && self->compare_with != NULL ? g_hash_table_lookup (self->compare_with, id)
                                                 : NULL;
}

/* "3" from "3. StartNew with the default scheduler", else the title. */
static char *
short_name (LabWindow  *self,
            const char *id)
{
  const char *title = _lab_window_get_scenario_title (self, id);
  char *end = NULL;
  guint64 number;

  if (title == NULL)
    return g_strdup (id);
  number = g_ascii_strtoull (title, &end, 10);
  if (end != title && end != NULL && *end == '.')
    return g_strdup_printf ("%" G_GUINT64_FORMAT, number);
  return g_strdup (title);
}

/* The scenario compares the phases of its own run. */
static gboolean
compares_phases (const char         *id,
                 const char * const *targets)
{
  return targets != NULL && g_strcmp0 (targets[0], id) == 0 && targets[1] == NULL;
}

/* Offered once the shown run of a scenario with pairs has finished. */
void
_lab_window_update_compare (LabWindow *self)
{
  const char *id = lab_window_get_selected_scenario (self);
  const char * const *targets = compare_targets (self, id);
  gboolean busy = self->active != NULL || self->waiting || self->compare_runs != NULL;
  gboolean offered = targets != NULL && !busy && self->shown != NULL &&
                     lab_run_monitor_get_state (self->shown) == LAB_RUN_STATE_FINISHED &&
                     (!compares_phases (id, targets) ||
                      lab_compare_window_has_phases (self->shown));
  g_autofree char *label = NULL;

  if (self->compare_box == NULL)
    return;
  gtk_widget_set_visible (self->compare_box, offered);
  if (!offered)
    return;
  if (compares_phases (id, targets))
    label = g_strdup (_("Compare its phases stacked"));
  else if (targets[1] == NULL)
    label = g_strdup_printf (_("Compare with %s"),
                             _lab_window_get_scenario_title (self, targets[0]));
  else
    {
      g_autofree char *own = short_name (self, id);
      g_autofree char *first = short_name (self, targets[0]);
      g_autofree char *second = short_name (self, targets[1]);

      label = g_strdup_printf (_("Compare %s vs %s vs %s"), own, first, second);
    }
  gtk_label_set_label (GTK_LABEL (gtk_button_get_child (self->compare_button)), label);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_menu), targets[1] != NULL);
  if (targets[1] != NULL)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      for (guint i = 0; targets[i] != NULL; i++)
        {
          const char *title = _lab_window_get_scenario_title (self, targets[i]);
          g_autofree char *item = g_strdup_printf (_("Compare with %s"), title);
          g_autofree char *action = g_strdup_printf ("win.compare-with::%s", targets[i]);

          g_menu_append (menu, item, action);
        }
      gtk_menu_button_set_menu_model (self->compare_menu, G_MENU_MODEL (menu));
    }
}

static void
clear_comparison (LabWindow *self)
{
  g_clear_handle_id (&self->compare_source, g_source_remove);
  g_clear_pointer (&self->compare_runs, g_ptr_array_unref);
  g_clear_pointer (&self->compare_todo, g_ptr_array_unref);
}

static gboolean
request_next_run (gpointer data)
{
  LabWindow *self = data;
  g_autofree char *id = NULL;

  self->compare_source = 0;
  /* done, or the application took it: its monitor is in (or it waits for the image) */
  if (self->compare_todo == NULL || self->compare_todo->len == 0 ||
      self->active != NULL || self->waiting)
    return G_SOURCE_REMOVE;
  if (self->compare_tries++ >= NEXT_RUN_TRIES)
    {
      clear_comparison (self);
      lab_window_show_error (self, _("The comparison stopped: the next run did not start."));
      _lab_window_update_actions (self);
      return G_SOURCE_REMOVE;
    }
  id = g_strdup (g_ptr_array_index (self->compare_todo, 0));
  if (g_strcmp0 (lab_window_get_selected_scenario (self), id) != 0)
    lab_window_select_scenario (self, id);
  g_signal_emit (self, _lab_window_signals[LAB_WINDOW_RUN_REQUESTED], 0, id);
  /* still busy finishing the last run: again shortly */
  if (self->compare_source == 0 && self->active == NULL && !self->waiting &&
      self->compare_todo != NULL && self->compare_todo->len > 0 &&
      g_str_equal (g_ptr_array_index (self->compare_todo, 0), id))
    self->compare_source = g_timeout_add (NEXT_RUN_RETRY_MS, request_next_run, self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next_run (LabWindow *self,
                   guint      pause_ms)
{
  g_clear_handle_id (&self->compare_source, g_source_remove);
  self->compare_tries = 0;
  self->compare_source = g_timeout_add (pause_ms, request_next_run, self);
}

static void
set_compare_window (LabWindow        *self,
                    LabCompareWindow *compare)
{
  if (self->compare_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->compare_window),
                                  (gpointer *) &self->compare_window);
  self->compare_window = compare;
  g_object_add_weak_pointer (G_OBJECT (compare), (gpointer *) &self->compare_window);
  gtk_window_present (GTK_WINDOW (compare));
}

/**
 * lab_window_show_phases:
 * @monitor: a finished run measured in phases (the download's three ways)
 *
 * Opens its phases stacked on one time scale, a row per phase.
 *
 * Returns: (transfer none) (nullable): that window; %NULL if the run has
 *   fewer than two timed phases
 */
LabCompareWindow *
lab_window_show_phases (LabWindow     *self,
                        LabRunMonitor *monitor)
{
  LabCompareWindow *compare;

  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  compare = lab_compare_window_new_phases (GTK_WINDOW (self), monitor);
  if (compare == NULL)
    return NULL;
  set_compare_window (self, compare);
  lab_event_log_write ("compare-shown phases");
  return compare;
}

/**
 * lab_window_show_comparison:
 * @monitors: (array length=n_monitors): finished runs, in the order to stack them
 *
 * Opens them stacked on one time scale in a window of their own, which
 * keeps them alive while it is open.
 *
 * Returns: (transfer none): that window
 */
LabCompareWindow *
lab_window_show_comparison (LabWindow      *self,
                            LabRunMonitor **monitors,
                            guint           n_monitors)
{
  LabCompareWindow *compare;

  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  compare = lab_compare_window_new (GTK_WINDOW (self), monitors, n_monitors);
  set_compare_window (self, compare);
  lab_event_log_write ("compare-shown %u", n_monitors);
  return compare;
}

/* The last comparison shown, while it is open (for tests). */
LabCompareWindow *
lab_window_get_compare_window (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return self->compare_window;
}

/* A run ended: the next of the comparison under way, or the comparison. */
void
_lab_window_compare_finished (LabWindow     *self,
                              LabRunMonitor *monitor)
{
  LabReport *report = lab_run_monitor_get_report (monitor);

  if (self->compare_todo == NULL || self->compare_todo->len == 0 ||
      g_strcmp0 (lab_run_monitor_get_id (monitor), g_ptr_array_index (self->compare_todo, 0)) != 0)
    return;
  if (report != NULL && lab_report_get_verdict (report) == LAB_VERDICT_CANCELED)
    {
      clear_comparison (self);
      lab_window_show_error (self, _("The comparison was canceled with its run."));
      return;
    }
  g_ptr_array_add (self->compare_runs, g_object_ref (monitor));
  g_ptr_array_remove_index (self->compare_todo, 0);
  if (self->compare_todo->len > 0)
    {
      schedule_next_run (self, NEXT_RUN_PAUSE_MS);
      return;
    }
  lab_window_show_comparison (self, (LabRunMonitor **) self->compare_runs->pdata,
                              self->compare_runs->len);
  clear_comparison (self);
}

/**
 * lab_window_compare:
 * @target: (nullable): the scenario to compare the shown run with; %NULL:
 *   all those its scenario names
 *
 * Runs @target (or each) after the shown, finished run, then shows them
 * stacked. Says in a toast why not when it cannot.
 *
 * Returns: %TRUE if the comparison started
 */
gboolean
lab_window_compare (LabWindow  *self,
                    const char *target)
{
  const char *id;
  const char * const *targets;

  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);

  id = lab_window_get_selected_scenario (self);
  targets = compare_targets (self, id);
  if (self->active != NULL || self->waiting || self->compare_runs != NULL)
    {
      lab_window_show_error (self, _("A run is in progress: compare once it has finished."));
      return FALSE;
    }
  if (targets == NULL)
    {
      lab_window_show_error (self, _("This scenario has no other to compare with: "
                                     "2, 3 and 4 have, and 1 and 5."));
      return FALSE;
    }
  if (target != NULL && !g_strv_contains (targets, target))
    {
      lab_window_show_error (self, _("These two scenarios do not make a pair."));
      return FALSE;
    }
  if (self->shown == NULL || lab_run_monitor_get_state (self->shown) != LAB_RUN_STATE_FINISHED)
    {
      lab_window_show_error (self, _("Run the scenario first (F5), then compare it (Ctrl+K)."));
      return FALSE;
    }
  if (compares_phases (id, targets))
    {
      if (lab_window_show_phases (self, self->shown) == NULL)
        {
          lab_window_show_error (self, _("This run has fewer than two phases to compare "
                                         "(it was cut short)."));
          return FALSE;
        }
      return TRUE;
    }
  self->compare_runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->compare_runs, g_object_ref (self->shown));
  self->compare_todo = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; targets[i] != NULL; i++)
    if (target == NULL || g_str_equal (targets[i], target))
      g_ptr_array_add (self->compare_todo, g_strdup (targets[i]));
  _lab_window_update_actions (self);
  schedule_next_run (self, 0);
  return TRUE;
}

/* Ctrl+K: with all the scenarios it is paired with. */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lab_event_log_write ("action %s", action_name);
  lab_window_compare (LAB_WINDOW (widget), NULL);
}

static void
compare_with_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  lab_event_log_write ("action %s %s", action_name, g_variant_get_string (parameter, NULL));
  lab_window_compare (LAB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/**
 * lab_window_set_compare_with:
 * @id: a scenario the window lists
 * @others: (array zero-terminated=1) (nullable): the scenarios it forms a
 *   "wrong vs right" pair or group with
 */
void
lab_window_set_compare_with (LabWindow          *self,
                             const char         *id,
                             const char * const *others)
{
  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (others == NULL || others[0] == NULL)
    g_hash_table_remove (self->compare_with, id);
  else
    g_hash_table_insert (self->compare_with, g_strdup (id), g_strdupv ((char **) others));
  _lab_window_update_compare (self);
}

void
_lab_window_class_init_compare (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.compare-with", "s", compare_with_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "win.compare", NULL);
}

/* The offer sits beside the verdict: a button, and a menu for one of a group. */
void
_lab_window_init_compare (LabWindow *self)
{
  GtkWidget *verdict = GTK_WIDGET (self->verdict_label);
  GtkWidget *outcome = gtk_widget_get_parent (verdict);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  self->compare_with = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_strfreev);
  self->compare_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->compare_box, "linked");
  gtk_widget_set_valign (self->compare_box, GTK_ALIGN_CENTER);
  self->compare_button = GTK_BUTTON (gtk_button_new ());
  label = gtk_label_new (NULL);
  /* a long title gives way before the stage does */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_button_set_child (self->compare_button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->compare_button), "win.compare");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_button),
                               _("Run the other way too and show both on one time scale (Ctrl+K)"));
  gtk_box_append (GTK_BOX (self->compare_box), GTK_WIDGET (self->compare_button));
  self->compare_menu = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_menu), _("Compare with one of them"));
  gtk_box_append (GTK_BOX (self->compare_box), GTK_WIDGET (self->compare_menu));
  gtk_widget_set_visible (self->compare_box, FALSE);

  /* the verdict moves into a line of its own with the offer */
  g_object_ref (verdict);
  gtk_box_insert_child_after (GTK_BOX (outcome), line, verdict);
  gtk_box_remove (GTK_BOX (outcome), verdict);
  gtk_box_append (GTK_BOX (line), verdict);
  g_object_unref (verdict);
  gtk_box_append (GTK_BOX (line), self->compare_box);
}

void
_lab_window_dispose_compare (LabWindow *self)
{
  clear_comparison (self);
  g_clear_pointer (&self->compare_with, g_hash_table_unref);
  /* the template's disposal takes the offer's widgets */
  self->compare_box = NULL;
  self->compare_button = NULL;
  self->compare_menu = NULL;
  if (self->compare_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->compare_window),
                                    (gpointer *) &self->compare_window);
      self->compare_window = NULL;
    }
}
