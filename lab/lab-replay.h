/* lab-replay.h — a finished run, played back moment by moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lab-run-monitor.h"

G_BEGIN_DECLS

#define LAB_TYPE_REPLAY (lab_replay_get_type ())

G_DECLARE_FINAL_TYPE (LabReplay, lab_replay, LAB, REPLAY, GObject)

LabReplay            *lab_replay_new                  (LabRunMonitor *monitor);
LabRunMonitor        *lab_replay_get_monitor          (LabReplay     *self);
gint64                lab_replay_get_start            (LabReplay     *self);
gint64                lab_replay_get_end              (LabReplay     *self);
gint64                lab_replay_get_cursor           (LabReplay     *self);
void                  lab_replay_set_cursor           (LabReplay     *self,
                                                       gint64         at_us);
gboolean              lab_replay_step                 (LabReplay     *self,
                                                       int            direction);
const PoolTraceEvent *lab_replay_get_current_event    (LabReplay     *self);
gboolean              lab_replay_get_current_is_end   (LabReplay     *self);
guint                 lab_replay_get_current_line     (LabReplay     *self);
char                 *lab_replay_describe_current     (LabReplay     *self);
guint                 lab_replay_get_n_moments        (LabReplay     *self);
double                lab_replay_get_speed            (LabReplay     *self);
void                  lab_replay_set_speed            (LabReplay     *self,
                                                       double         speed);
gboolean              lab_replay_get_playing          (LabReplay     *self);
void                  lab_replay_set_playing          (LabReplay     *self,
                                                       gboolean       playing);
void                  lab_replay_advance              (LabReplay     *self,
                                                       gint64         elapsed_us);

G_END_DECLS
