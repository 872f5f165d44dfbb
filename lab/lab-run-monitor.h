/* lab-run-monitor.h — one run, measured: every sampler and the finished
 * run's data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <pool.h>

#include "lab-pool-counters.h"
#include "lab-report.h"
#include "lab-stall-series.h"
#include "lab-trace-model.h"
#include "lab-verdict.h"

G_BEGIN_DECLS

/**
 * LabRunState:
 * @LAB_RUN_STATE_READY: made, not started
 * @LAB_RUN_STATE_RUNNING: measuring
 * @LAB_RUN_STATE_FINISHED: the report, the log and the chips are ready
 */
typedef enum
{
  LAB_RUN_STATE_READY,
  LAB_RUN_STATE_RUNNING,
  LAB_RUN_STATE_FINISHED,
} LabRunState;

/* Frames the window has drawn so far (the application provides it). */
typedef guint64 (*LabFrameCounterFunc) (gpointer user_data);

#define LAB_TYPE_RUN_MONITOR (lab_run_monitor_get_type ())

G_DECLARE_FINAL_TYPE (LabRunMonitor, lab_run_monitor, LAB, RUN_MONITOR, GObject)

LabRunMonitor        *lab_run_monitor_new                (const char            *id,
                                                          guint                  number,
                                                          const char            *title,
                                                          const LabVerdict      *expected);
void                  lab_run_monitor_set_frame_counter  (LabRunMonitor         *self,
                                                          LabFrameCounterFunc    func,
                                                          gpointer               user_data,
                                                          GDestroyNotify         destroy);
void                  lab_run_monitor_set_planned_ms     (LabRunMonitor         *self,
                                                          double                 planned_ms);
double                lab_run_monitor_get_planned_ms     (LabRunMonitor         *self);
void                  lab_run_monitor_start              (LabRunMonitor         *self);
void                  lab_run_monitor_begin_work         (LabRunMonitor         *self);
double                lab_run_monitor_get_baseline_remaining_ms (LabRunMonitor    *self);
void                  lab_run_monitor_finish             (LabRunMonitor         *self,
                                                          const GError          *error);
void                  lab_run_monitor_update             (LabRunMonitor         *self);

/* what the scenario measured (UI thread, before finishing) */
void                  lab_run_monitor_track_task         (LabRunMonitor         *self,
                                                          PoolTask              *task);
void                  lab_run_monitor_watch_task         (LabRunMonitor         *self,
                                                          PoolTask              *task,
                                                          const char            *detail_key);
void                  lab_run_monitor_set_verdict        (LabRunMonitor         *self,
                                                          LabVerdict             verdict);
void                  lab_run_monitor_set_status         (LabRunMonitor         *self,
                                                          const char            *name,
                                                          const char            *status);
void                  lab_run_monitor_add_detail         (LabRunMonitor         *self,
                                                          const char            *key,
                                                          const char            *value);
void                  lab_run_monitor_add_detail_number  (LabRunMonitor         *self,
                                                          const char            *key,
                                                          double                 value);
void                  lab_run_monitor_add_detail_node    (LabRunMonitor         *self,
                                                          const char            *key,
                                                          JsonNode              *node);
void                  lab_run_monitor_set_summary        (LabRunMonitor         *self,
                                                          const char            *summary);
void                  lab_run_monitor_begin_phase        (LabRunMonitor         *self,
                                                          const char            *name);
void                  lab_run_monitor_begin_phase_full   (LabRunMonitor         *self,
                                                          const char            *name,
                                                          const char            *held_region);
LabVerdict            lab_run_monitor_end_phase          (LabRunMonitor         *self,
                                                          double                *thread_ms_held);

/* Which line of the scenario's C# (1-based) each traced event belongs to,
 * so a replay can light the line of the event it stands on
 * (lab-run-monitor-marks.c; any thread). get_csharp_line() gives 0 when
 * nothing marks the event, else:
 * - a task's span and its queued, dequeued, stolen and status instants:
 *   the task's mark; an unmarked continuation or child (the pool's own, for
 *   an await or a combinator) the line of the task it comes from (by the
 *   trace's links);
 * - a work item's span and instants: the mark of the await it resumes
 *   (mark_await), else of its label ("await", "timer", "yield", a caller's;
 *   NULL: the unlabelled ones, QueueUserWorkItem);
 * - a region: its label's mark, else the line of the task it ran in;
 * - an I/O span: its I/O mark (mark_io), else its label's;
 * - WAIT_BEGIN, WAIT_END: the waiting site (mark_wait, by the waited task:
 *   .Result, .Wait()), else the waited task's line;
 * - LINK: a child's or ContinueWith continuation's own line (the link is
 *   recorded as it is made), else its parent's or antecedent's; an await's
 *   link (recorded as the awaited task completes) the awaited task's line.
 * Phases are no events: get_phase_line() by name. */
void                  lab_run_monitor_mark_task          (LabRunMonitor         *self,
                                                          guint                  task_id,
                                                          guint                  csharp_line);
void                  lab_run_monitor_mark_label         (LabRunMonitor         *self,
                                                          const char            *label,
                                                          guint                  csharp_line);
void                  lab_run_monitor_mark_wait          (LabRunMonitor         *self,
                                                          guint                  waited_task_id,
                                                          guint                  csharp_line);
void                  lab_run_monitor_mark_await         (LabRunMonitor         *self,
                                                          guint                  awaited_task_id,
                                                          guint                  csharp_line);
void                  lab_run_monitor_mark_io            (LabRunMonitor         *self,
                                                          const char            *label,
                                                          guint                  csharp_line);
void                  lab_run_monitor_mark_phase         (LabRunMonitor         *self,
                                                          const char            *name,
                                                          guint                  csharp_line);
guint                 lab_run_monitor_get_csharp_line    (LabRunMonitor         *self,
                                                          const PoolTraceEvent  *event);
guint                 lab_run_monitor_get_phase_line     (LabRunMonitor         *self,
                                                          const char            *name);

/* for the instruments and the application */
const char           *lab_run_monitor_get_id             (LabRunMonitor         *self);
const char           *lab_run_monitor_get_title          (LabRunMonitor         *self);
LabRunState           lab_run_monitor_get_state          (LabRunMonitor         *self);
gint64                lab_run_monitor_get_start_time     (LabRunMonitor         *self);
gint64                lab_run_monitor_get_end_time       (LabRunMonitor         *self);
LabTraceModel        *lab_run_monitor_get_trace_model    (LabRunMonitor         *self);
LabStallSeries       *lab_run_monitor_get_stall_series   (LabRunMonitor         *self);
const LabPoolCounters *lab_run_monitor_get_counters      (LabRunMonitor         *self);
LabReport            *lab_run_monitor_get_report         (LabRunMonitor         *self);
const char * const   *lab_run_monitor_get_log            (LabRunMonitor         *self);
const char * const   *lab_run_monitor_get_chips          (LabRunMonitor         *self);

G_END_DECLS
