/* lab-window-run.c — the window shows one run: the selected scenario's last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application hands the window each run's monitor as the run starts
 * (lab_window_set_monitor()); the window keeps the last one of every
 * scenario. Whatever scenario is selected, the window shows its last run or
 * nothing: the instruments are bound to that run's models (the stall chart
 * to its stall series, the timeline to its trace model, the gauges to its
 * counters), and once it has finished the verdict, the line of measured
 * facts, the chips and the log come from its report. Nothing of another
 * scenario's run stays on screen.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-run-file.h"
#include "lab-window-private.h"

/* the workers a live run keeps room for (most scenarios use one or two) */
#define LIVE_ROOM_WORKERS 2

LabWindowRun *
_lab_window_run_new (LabRunMonitor *monitor)
{
  LabWindowRun *run = g_new0 (LabWindowRun, 1);

  run->monitor = g_object_ref (monitor);
  return run;
}

void
_lab_window_run_free (LabWindowRun *run)
{
  g_clear_object (&run->monitor);
  g_clear_object (&run->result);
  g_free (run);
}

void
_lab_window_update_actions (LabWindow *self)
{
  gboolean running = self->active != NULL || self->waiting;
  gboolean can_run = !running && gtk_list_box_get_selected_row (self->scenario_list) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", !running && self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-timeline", self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-trace", self->shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-run",
                                 self->shown != NULL &&
                                 lab_run_monitor_get_state (self->shown) == LAB_RUN_STATE_FINISHED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-run", !running);
  /* Only while a run waits (its image being timed): once it runs, the pulse
   * and the live instruments say so, and a spinner turning in the header
   * bar on every frame would widen each frame's repaint to the whole window
   * width (bench-ui-cost: frame CPU p99 3.4 ms with it, 1.5 ms without). */
  lab_spinner_set_spinning (self->spinner, self->waiting && self->active == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_list), !running);
  _lab_window_update_compare (self);
}

static void
set_chips (LabWindow          *self,
           const char * const *chips)
{
  lab_chips_set_texts (self->chips_box, chips);
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), chips != NULL && chips[0] != NULL);
}

static void
set_log (LabWindow          *self,
         const char * const *lines)
{
  g_autofree char *text = lines != NULL ? g_strjoinv ("\n", (char **) lines) : NULL;

  gtk_label_set_text (self->log_view, text != NULL ? text : _("The log of a run shows here: "
                                                                "which thread ran each piece of "
                                                                "work, in a C# speaker's words."));
}

static void
set_verdict (LabWindow  *self,
             LabReport  *report)
{
  static const LabVerdict all[] = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_FROZEN,
                                    LAB_VERDICT_DEADLOCKED, LAB_VERDICT_CRASHED_IN_CHILD,
                                    LAB_VERDICT_COMPLETED_EARLY, LAB_VERDICT_FAILED,
                                    LAB_VERDICT_CANCELED };
  GtkWidget *label = GTK_WIDGET (self->verdict_label);
  g_autofree char *title = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_widget_remove_css_class (label, lab_verdict_get_style_class (all[i]));
  if (report == NULL)
    {
      gtk_widget_set_visible (label, FALSE);
      return;
    }
  title = report->error != NULL ? g_strdup (_(lab_verdict_get_title (LAB_VERDICT_FAILED)))
                                : lab_verdicts_get_title (report->verdicts);
  gtk_widget_add_css_class (label, lab_verdict_get_style_class (lab_report_get_verdict (report)));
  gtk_label_set_label (self->verdict_label, title);
  gtk_widget_set_visible (label, TRUE);
}

/* While live, the time the timeline shows from the start at least: the
 * baseline and the work's planned length, with a little room. As long as
 * the run goes as planned its axis then holds still, and a live frame
 * redraws only the shapes that grew, not the whole timeline as a step of
 * the axis does (lab-timeline-time.c). */
static gint64
planned_span_us (LabRunMonitor *monitor)
{
  double planned_ms = lab_run_monitor_get_planned_ms (monitor);

  return planned_ms > 0 ? (gint64) ((LAB_BASELINE_MS + planned_ms) * 1.2 * 1000) : 0;
}

/* Everything that comes from the run's state: live or finished, or none. */
static void
show_state (LabWindow    *self,
            LabWindowRun *run)
{
  LabRunMonitor *monitor = run != NULL ? run->monitor : NULL;
  LabRunState state = monitor != NULL ? lab_run_monitor_get_state (monitor) : LAB_RUN_STATE_READY;
  LabReport *report = state == LAB_RUN_STATE_FINISHED ? lab_run_monitor_get_report (monitor) : NULL;
  gboolean live = state == LAB_RUN_STATE_RUNNING;
  guint workers = live ? MIN (lab_run_monitor_get_counters (monitor)->threads,
                              LIVE_ROOM_WORKERS) : 0;

  /* live, room for a lane and a queue per worker of the pool (the first
   * few: on a machine of many cores, a stage mostly empty until the finish
   * otherwise): a worker's first task adds them within it rather than by a
   * resize, which lays out the whole window again (on X11 waiting for the X
   * server) in the run's first frames; finished, the room goes with the
   * rest of the change */
  lab_timeline_set_reserved_lanes (self->timeline, live ? 1 + workers : 0);
  lab_queue_view_set_reserved_workers (self->queue_view, workers);
  lab_chart_set_live (LAB_CHART (self->stall_chart), live);
  lab_timeline_set_span (self->timeline, live ? planned_span_us (monitor) : 0);
  lab_chart_set_live (LAB_CHART (self->timeline), live);
  lab_pulse_set_running (self->pulse, live);
  set_verdict (self, report);
  set_chips (self, report != NULL ? lab_run_monitor_get_chips (monitor) : NULL);
  set_log (self, report != NULL ? lab_run_monitor_get_log (monitor) : NULL);
  gtk_picture_set_paintable (self->result_picture,
                             run != NULL && run->result != NULL ? GDK_PAINTABLE (run->result) : NULL);
  /* pictures only for a run that made one */
  gtk_stack_page_set_visible (self->pictures_page, run != NULL && run->result != NULL);
  if (report != NULL)
    {
      g_autofree char *description = lab_report_describe (report);

      gtk_label_set_label (self->details_label, description);
    }
  else
    gtk_label_set_label (self->details_label,
                         live ? _("Running… type in the field above to feel it.")
                              : _("Press Run (F5) to start the scenario."));
  _lab_window_update_replay (self);
}

static void
on_finished (LabRunMonitor *monitor,
             LabWindow     *self)
{
  if (self->active == monitor)
    g_clear_object (&self->active);
  if (self->shown == monitor)
    show_state (self, g_hash_table_lookup (self->runs, lab_run_monitor_get_id (monitor)));
  _lab_window_update_actions (self);
  _lab_window_compare_finished (self, monitor);
}

/* After the finish, the last events come in: the log grows by the
 * continuation that finished the run. */
static void
on_updated (LabRunMonitor *monitor,
            LabWindow     *self)
{
  if (self->shown == monitor && lab_run_monitor_get_state (monitor) == LAB_RUN_STATE_FINISHED)
    {
      set_log (self, lab_run_monitor_get_log (monitor));
      _lab_window_update_replay (self);
    }
}

/* Shows scenario @id's last run, or none; binds the instruments to it. */
void
_lab_window_show_run (LabWindow  *self,
                      const char *id)
{
  LabWindowRun *run = id != NULL ? g_hash_table_lookup (self->runs, id) : NULL;
  LabRunMonitor *monitor = run != NULL ? run->monitor : NULL;

  g_set_object (&self->shown, monitor);
  lab_stall_chart_set_series (self->stall_chart,
                              monitor != NULL ? lab_run_monitor_get_stall_series (monitor) : NULL);
  lab_timeline_set_model (self->timeline,
                          monitor != NULL ? lab_run_monitor_get_trace_model (monitor) : NULL);
  lab_pool_gauges_set_monitor (self->gauges, monitor);
  show_state (self, run);
  _lab_window_update_actions (self);
}

/**
 * lab_window_set_waiting:
 * @waiting: a run was asked for and waits (for its image to load or be
 *   timed)
 *
 * Acknowledges the click before the run exists: Run turns into Cancel at
 * once, and Cancel (or Escape) asks to drop the waiting run.
 * lab_window_set_monitor() ends the wait.
 */
void
lab_window_set_waiting (LabWindow *self,
                        gboolean   waiting)
{
  g_return_if_fail (LAB_IS_WINDOW (self));

  self->waiting = waiting;
  _lab_window_update_actions (self);
}

/**
 * lab_window_set_monitor:
 * @monitor: a started run
 *
 * Makes @monitor its scenario's last run (the previous one is forgotten)
 * and shows it if that scenario is selected. While it runs, Run turns into
 * Cancel and the scenario list is locked.
 */
void
lab_window_set_monitor (LabWindow     *self,
                        LabRunMonitor *monitor)
{
  const char *id;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (LAB_IS_RUN_MONITOR (monitor));
  g_return_if_fail (lab_run_monitor_get_state (monitor) != LAB_RUN_STATE_READY);

  id = lab_run_monitor_get_id (monitor);
  g_hash_table_insert (self->runs, g_strdup (id), _lab_window_run_new (monitor));
  g_signal_connect_object (monitor, "finished", G_CALLBACK (on_finished), self, 0);
  g_signal_connect_object (monitor, "updated", G_CALLBACK (on_updated), self, 0);
  if (lab_run_monitor_get_state (monitor) == LAB_RUN_STATE_RUNNING)
    g_set_object (&self->active, monitor);
  self->waiting = FALSE;
  if (g_strcmp0 (lab_window_get_selected_scenario (self), id) == 0)
    _lab_window_show_run (self, id);
  else
    _lab_window_update_actions (self);
}

/**
 * lab_window_open_run:
 * @path: a run saved by Save Run… or `--save-run`
 *
 * Shows the saved run as its scenario's last run, and selects that scenario.
 *
 * Returns: %FALSE with @error set if @path holds no run this TaskLab reads,
 *   or names no scenario of this catalogue
 */
gboolean
lab_window_open_run (LabWindow   *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(LabRunMonitor) monitor = NULL;

  g_return_val_if_fail (LAB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  monitor = lab_run_file_load (path, error);
  if (monitor == NULL)
    return FALSE;
  if (!lab_window_select_scenario (self, lab_run_monitor_get_id (monitor)))
    {
      g_set_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT,
                   _("the run is of a scenario this TaskLab does not have (“%s”)"),
                   lab_run_monitor_get_id (monitor));
      return FALSE;
    }
  lab_window_set_monitor (self, monitor);
  return TRUE;
}

/* The run on screen (the selected scenario's last), or NULL. */
LabRunMonitor *
lab_window_get_shown_monitor (LabWindow *self)
{
  g_return_val_if_fail (LAB_IS_WINDOW (self), NULL);

  return self->shown;
}

/* The picture @monitor's run made; shown with that run. */
void
lab_window_set_result_image (LabWindow     *self,
                             LabRunMonitor *monitor,
                             GdkTexture    *texture)
{
  LabWindowRun *run;

  g_return_if_fail (LAB_IS_WINDOW (self));
  g_return_if_fail (LAB_IS_RUN_MONITOR (monitor));

  run = g_hash_table_lookup (self->runs, lab_run_monitor_get_id (monitor));
  if (run == NULL || run->monitor != monitor)
    return;
  g_set_object (&run->result, texture);
  if (self->shown == monitor)
    {
      gtk_picture_set_paintable (self->result_picture, GDK_PAINTABLE (texture));
      gtk_stack_page_set_visible (self->pictures_page, texture != NULL);
    }
}
