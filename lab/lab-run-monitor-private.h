/* lab-run-monitor-private.h — a run monitor's parts, shared by its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lab-run-monitor.c samples (the heartbeat, the threads held, the watched
 * tasks, the trace and the counters); lab-run-monitor-report.c decides
 * whose each stall was and builds the report.
 */
#pragma once

#include "lab-csharp-marks.h"
#include "lab-run-monitor.h"
#include "lab-stall-meter.h"

G_BEGIN_DECLS

typedef struct
{
  char       *name;
  gint64      start_us;
  gint64      end_us;          /* 0 while open */
  double      max_gap_ms;
  double      scenario_stall_ms;
  guint       threads_held_peak;
  double      thread_ms_held;  /* busy workers × time, from the samples; or,
                                * with @held_region, pool threads × time inside it */
  char       *held_region;     /* nullable: count only threads in this region */
  double      ui_thread_ms_held; /* with @held_region: the UI thread's time inside it */
  LabVerdict  verdict;
} Phase;

typedef struct
{
  PoolTask   *task;
  char       *detail_key;
  GPtrArray  *seen;            /* static status names, each change once */
} WatchedTask;

struct _LabRunMonitor
{
  GObject              parent_instance;

  /* immutable after creation */
  char                *id;
  guint                number;
  char                *title;
  LabVerdict           expected[LAB_VERDICT_MAX_PHASES];

  /* UI thread only */
  LabFrameCounterFunc  frame_counter;
  gpointer             frame_counter_data;
  GDestroyNotify       frame_counter_destroy;
  guint64              frames_at_start;
  double               planned_ms;

  LabRunState          state;
  gint64               start_us;
  gint64               end_us;
  guint                ui_serial;
  guint64              trace_position;
  LabStallMeter       *meter;
  LabStallSeries      *series;
  gint64               last_sample_us;
  gint64               last_poll_us;
  guint                threads_held_peak;
  GArray              *phases;           /* Phase */
  LabPoolCounters      baseline;
  LabPoolCounters      counters;
  LabTraceModel       *model;

  /* what the scenario measured */
  PoolTask            *tracked_task;
  GArray              *watched;          /* WatchedTask */
  LabVerdict           verdict;          /* LAB_VERDICT_NONE: from the stall */
  JsonObject          *statuses;
  JsonObject          *details;
  char                *summary;
  LabCsharpMarks      *csharp_marks;     /* any thread: it locks */

  /* once finished */
  LabReport           *report;
  GStrv                log;
  GStrv                chips;
};

Phase      *_lab_run_monitor_open_phase     (LabRunMonitor *self);
void        _lab_run_monitor_note_status    (WatchedTask   *watched);
JsonObject *_lab_run_monitor_ensure_details (LabRunMonitor *self);
double      _lab_run_monitor_phase_stall    (LabRunMonitor *self,
                                             gint64         from_us,
                                             gint64         to_us,
                                             double        *work_ms);
LabReport  *_lab_run_monitor_build_report   (LabRunMonitor *self,
                                             const GError  *error);
LabRunMonitor *_lab_run_monitor_new_finished (LabReport             *report,
                                             LabTraceModel         *model,
                                             LabStallSeries        *series,
                                             guint                  ui_serial,
                                             gint64                 start_us,
                                             gint64                 end_us,
                                             const LabPoolCounters *counters);
LabStallCause _lab_run_monitor_gap_cause    (LabRunMonitor *self,
                                             gint64         at_us,
                                             double         gap_ms);

G_END_DECLS
