/* lab-window-replay.c — the window replays a finished run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Once the shown run has finished (or a saved one is opened), the replay
 * bar appears under the instruments and one cursor drives the timeline's
 * cursor line, the queue view's moment and the lit C# line. A run in
 * progress, or none, leaves replay mode: the live view comes back.
 *
 * Space, Left and Right play/pause and step; they are the speaker's only
 * while the bar shows and the focus is not in a text field (the field the
 * audience types in, the URL field, the search), where they type and move
 * the caret as ever. They are caught in the capture phase so that a focused
 * button or list row does not take them first.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-event-log.h"
#include "lab-window-private.h"

/* Where the cursor is and which C# line is lit, for the tests that drive the
 * real window from outside. */
static void
log_replay_state (LabWindow *self)
{
  if (self->replay == NULL || !lab_event_log_is_enabled ())
    return;
  lab_event_log_write ("replay-at %" G_GINT64_FORMAT " line %d",
                       lab_replay_get_cursor (self->replay) - lab_replay_get_start (self->replay),
                       lab_code_view_get_highlighted_line (self->csharp_view) + 1);
}

static void
on_cursor (LabReplay  *replay,
           GParamSpec *pspec,
           LabWindow  *self)
{
  gint64 at_us = lab_replay_get_cursor (replay);

  lab_timeline_set_cursor (self->timeline, at_us);
  lab_queue_view_set_time (self->queue_view, at_us);
  /* the code view counts lines from 0, -1 for none; the marks from 1, 0 for none */
  lab_code_view_set_highlighted_line (self->csharp_view,
                                      (int) lab_replay_get_current_line (replay) - 1);
}

static void
leave_replay (LabWindow *self)
{
  if (self->replay != NULL)
    g_signal_handlers_disconnect_by_data (self->replay, self);
  lab_replay_bar_set_replay (self->replay_bar, NULL);
  g_clear_object (&self->replay);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), FALSE);
  lab_timeline_set_cursor (self->timeline, G_MININT64);
  lab_queue_view_set_time (self->queue_view, G_MININT64);
  lab_code_view_set_highlighted_line (self->csharp_view, -1);
}

/* Replay mode for a finished shown run; the live view for any other. */
void
_lab_window_update_replay (LabWindow *self)
{
  LabRunMonitor *monitor = self->shown;
  gboolean finished = monitor != NULL &&
                      lab_run_monitor_get_state (monitor) == LAB_RUN_STATE_FINISHED;

  lab_queue_view_set_model (self->queue_view,
                            monitor != NULL ? lab_run_monitor_get_trace_model (monitor) : NULL);
  gtk_widget_set_visible (self->queue_scroller, monitor != NULL);
  if (!finished)
    {
      leave_replay (self);
      return;
    }
  if (self->replay != NULL && lab_replay_get_monitor (self->replay) == monitor)
    {
      /* late events: the end (and a cursor that follows it) may have moved */
      g_object_notify (G_OBJECT (self->replay), "cursor");
      return;
    }
  leave_replay (self);
  self->replay = lab_replay_new (monitor);
  g_signal_connect (self->replay, "notify::cursor", G_CALLBACK (on_cursor), self);
  lab_replay_bar_set_replay (self->replay_bar, self->replay);
  on_cursor (self->replay, NULL, self);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), TRUE);
}

void
_lab_window_dispose_replay (LabWindow *self)
{
  if (self->replay != NULL)
    g_signal_handlers_disconnect_by_data (self->replay, self);
  if (self->replay_bar != NULL)
    lab_replay_bar_set_replay (self->replay_bar, NULL);
  g_clear_object (&self->replay);
}

static void
replay_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LabWindow *self = LAB_WINDOW (widget);

  lab_event_log_write ("action %s", action_name);

  if (self->replay == NULL)
    return;
  if (g_str_equal (action_name, "win.replay-toggle"))
    lab_replay_set_playing (self->replay, !lab_replay_get_playing (self->replay));
  else
    {
      /* a step pauses: the speaker takes over */
      lab_replay_set_playing (self->replay, FALSE);
      lab_replay_step (self->replay, g_str_equal (action_name, "win.replay-next") ? 1 : -1);
    }
  log_replay_state (self);
}

/* Whether the key is the replay's: the bar shows, no text field has the
 * focus, and the key is for the window itself (not for a popover open over
 * it, such as the speed's list, where the arrows choose). */
static gboolean
keys_are_replays (LabWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkEventController *keys = g_object_get_data (G_OBJECT (self), "lab-replay-keys");
  GdkEvent *event = keys != NULL ? gtk_event_controller_get_current_event (keys) : NULL;

  if (self->replay == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->replay_bar)))
    return FALSE;
  if (event != NULL && gdk_event_get_surface (event) != gtk_native_get_surface (GTK_NATIVE (self)))
    return FALSE;
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_EDITABLE (widget))
      return FALSE;
  return TRUE;
}

static gboolean
on_replay_key (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  LabWindow *self = LAB_WINDOW (widget);

  if (!keys_are_replays (self))
    return FALSE;
  return gtk_widget_activate_action (widget, (const char *) data, NULL);
}

void
_lab_window_class_init_replay (GtkWidgetClass *widget_class)
{
  g_type_ensure (LAB_TYPE_QUEUE_VIEW);
  g_type_ensure (LAB_TYPE_REPLAY_BAR);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, queue_scroller);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, LabWindow, replay_bar);
  gtk_widget_class_install_action (widget_class, "win.replay-toggle", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "win.replay-previous", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "win.replay-next", NULL, replay_action);
}

void
_lab_window_init_replay_keys (LabWindow *self)
{
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_space, "win.replay-toggle" },
    { GDK_KEY_KP_Space, "win.replay-toggle" },
    { GDK_KEY_Left, "win.replay-previous" },
    { GDK_KEY_KP_Left, "win.replay-previous" },
    { GDK_KEY_Right, "win.replay-next" },
    { GDK_KEY_KP_Right, "win.replay-next" },
  };
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                        gtk_callback_action_new (on_replay_key, (gpointer) keys[i].action, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  g_object_set_data (G_OBJECT (self), "lab-replay-keys", shortcuts);
}
