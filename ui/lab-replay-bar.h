/* lab-replay-bar.h — play, pause, step and scrub through a finished run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-replay.h"

G_BEGIN_DECLS

#define LAB_TYPE_REPLAY_BAR (lab_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (LabReplayBar, lab_replay_bar, LAB, REPLAY_BAR, GtkWidget)

GtkWidget  *lab_replay_bar_new            (void);
void        lab_replay_bar_set_replay     (LabReplayBar *self,
                                           LabReplay    *replay);
LabReplay  *lab_replay_bar_get_replay     (LabReplayBar *self);
gboolean    lab_replay_bar_get_ticking    (LabReplayBar *self);
const char *lab_replay_bar_get_event_text (LabReplayBar *self);

G_END_DECLS
