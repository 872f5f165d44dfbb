/* lab-replay-bar.c — play, pause, step and scrub through a finished run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under the instruments once a run has finished: a play/pause button, the
 * previous and next event, the speed, a scrubber with the cursor's time,
 * and a line naming the event under the cursor in a speaker's words. The
 * buttons activate the window's actions (win.replay-toggle,
 * win.replay-previous, win.replay-next), so a click, a key and a test all
 * go the same way and land in the event log.
 *
 * Playing is driven by this widget's frame clock, and only while playing:
 * the tick callback is added when the replay starts playing and removed when
 * it stops, so an idle window draws no frames for it.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-replay-bar.h"

static const double speeds[] = { 0.1, 0.25, 0.5, 1.0 };

struct _LabReplayBar
{
  GtkWidget    parent_instance;

  /* children */
  GtkWidget   *box;
  GtkButton   *play_button;
  GtkDropDown *speed_dropdown;
  GtkScale    *scale;
  GtkLabel    *time_label;
  GtkLabel    *event_label;

  /* owned */
  LabReplay   *replay;
  guint        tick_id;
  gint64       last_frame_us;   /* 0 until the first tick after play */
  gboolean     updating;        /* the scale moves because the cursor did */
  gboolean     in_tick;         /* the tick callback removes itself, by its result */
};

G_DEFINE_FINAL_TYPE (LabReplayBar, lab_replay_bar, GTK_TYPE_WIDGET)

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  LabReplayBar *self = LAB_REPLAY_BAR (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->replay == NULL)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* the first frame only starts the count: no jump after a pause */
  self->in_tick = TRUE;
  if (self->last_frame_us != 0)
    lab_replay_advance (self->replay, now - self->last_frame_us);
  self->in_tick = FALSE;
  self->last_frame_us = now;
  if (!lab_replay_get_playing (self->replay))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_ticking (LabReplayBar *self)
{
  if (self->tick_id != 0 && !self->in_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

static void
on_playing (LabReplay    *replay,
            GParamSpec   *pspec,
            LabReplayBar *self)
{
  gboolean playing = lab_replay_get_playing (replay);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause (Space)") : _("Play (Space)"));
  if (playing && self->tick_id == 0)
    {
      self->last_frame_us = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
    }
  else if (!playing)
    stop_ticking (self);
}

static void
on_speed (LabReplay    *replay,
          GParamSpec   *pspec,
          LabReplayBar *self)
{
  double speed = lab_replay_get_speed (replay);

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (G_APPROX_VALUE (speeds[i], speed, 1e-9))
      gtk_drop_down_set_selected (self->speed_dropdown, i);
}

static void
on_speed_selected (GtkDropDown  *dropdown,
                   GParamSpec   *pspec,
                   LabReplayBar *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->replay != NULL && selected < G_N_ELEMENTS (speeds))
    lab_replay_set_speed (self->replay, speeds[selected]);
}

static void
on_cursor (LabReplay    *replay,
           GParamSpec   *pspec,
           LabReplayBar *self)
{
  gint64 start = lab_replay_get_start (replay);
  double at_ms = (lab_replay_get_cursor (replay) - start) / 1000.0;
  double end_ms = (lab_replay_get_end (replay) - start) / 1000.0;
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->scale));
  g_autofree char *time = NULL;
  g_autofree char *words = lab_replay_describe_current (replay);

  self->updating = TRUE;
  gtk_adjustment_configure (adjustment, at_ms, 0, MAX (end_ms, 1), end_ms / 200, end_ms / 20, 0);
  self->updating = FALSE;
  /* Translators: the replay's cursor and the run's length, in seconds */
  time = g_strdup_printf (_("%.3f s / %.2f s"), at_ms / 1000, end_ms / 1000);
  gtk_label_set_label (self->time_label, time);
  gtk_label_set_label (self->event_label,
                       words != NULL ? words : _("The start of the run: nothing happened yet"));
}

static void
on_scale_moved (GtkRange     *range,
                LabReplayBar *self)
{
  if (self->updating || self->replay == NULL)
    return;
  lab_replay_set_cursor (self->replay, lab_replay_get_start (self->replay) +
                                       (gint64) (gtk_range_get_value (range) * 1000));
}

static void
lab_replay_bar_dispose (GObject *object)
{
  LabReplayBar *self = LAB_REPLAY_BAR (object);

  lab_replay_bar_set_replay (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lab_replay_bar_parent_class)->dispose (object);
}

static void
lab_replay_bar_class_init (LabReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_replay_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "replaybar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
action_button (const char *icon,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
lab_replay_bar_init (LabReplayBar *self)
{
  static const char * const speed_names[] = { "0.1×", "0.25×", "0.5×", "1×", NULL };
  GtkWidget *controls;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (self->box), controls);
  self->play_button = GTK_BUTTON (action_button ("media-playback-start-symbolic",
                                                 "win.replay-toggle", _("Play (Space)")));
  gtk_widget_add_css_class (GTK_WIDGET (self->play_button), "circular");
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->play_button));
  gtk_box_append (GTK_BOX (controls),
                  action_button ("go-previous-symbolic", "win.replay-previous",
                                 _("Previous event (Left)")));
  gtk_box_append (GTK_BOX (controls),
                  action_button ("go-next-symbolic", "win.replay-next", _("Next event (Right)")));

  self->speed_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (speed_names));
  gtk_drop_down_set_selected (self->speed_dropdown, 1);
  gtk_widget_set_valign (GTK_WIDGET (self->speed_dropdown), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->speed_dropdown),
                               _("Replay speed: a fraction of real time"));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->speed_dropdown));
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (on_speed_selected), self);

  self->scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1));
  gtk_scale_set_draw_value (self->scale, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->scale), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->scale), 80, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Replay cursor"), -1);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->scale));
  g_signal_connect (self->scale, "value-changed", G_CALLBACK (on_scale_moved), self);

  self->time_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "replay-time");
  /* the total goes first when the stage is narrow: it never widens the window */
  gtk_label_set_ellipsize (self->time_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (self->time_label, 7);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->time_label));

  self->event_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->event_label, 0);
  gtk_label_set_ellipsize (self->event_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->event_label), "replay-event");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->event_label));
}

GtkWidget *
lab_replay_bar_new (void)
{
  return g_object_new (LAB_TYPE_REPLAY_BAR, NULL);
}

/* @replay: (nullable): the replay the bar shows and drives */
void
lab_replay_bar_set_replay (LabReplayBar *self,
                           LabReplay    *replay)
{
  g_return_if_fail (LAB_IS_REPLAY_BAR (self));

  if (self->replay == replay)
    return;
  stop_ticking (self);
  if (self->replay != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->replay, self);
      lab_replay_set_playing (self->replay, FALSE);
    }
  g_set_object (&self->replay, replay);
  if (replay == NULL)
    return;
  g_signal_connect (replay, "notify::cursor", G_CALLBACK (on_cursor), self);
  g_signal_connect (replay, "notify::playing", G_CALLBACK (on_playing), self);
  g_signal_connect (replay, "notify::speed", G_CALLBACK (on_speed), self);
  on_cursor (replay, NULL, self);
  on_playing (replay, NULL, self);
  on_speed (replay, NULL, self);
}

LabReplay *
lab_replay_bar_get_replay (LabReplayBar *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY_BAR (self), NULL);

  return self->replay;
}

/* Whether a tick callback runs (only while playing). */
gboolean
lab_replay_bar_get_ticking (LabReplayBar *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY_BAR (self), FALSE);

  return self->tick_id != 0;
}

/* The line naming the event under the cursor. */
const char *
lab_replay_bar_get_event_text (LabReplayBar *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY_BAR (self), NULL);

  return gtk_label_get_label (self->event_label);
}
