/* lab-trace-model.h — lanes, items and links, computed once from the pool's
 * trace, for everything that shows or reports where work ran; and the
 * trace's instants, kept apart, for the task states, queues and waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <pool.h>

G_BEGIN_DECLS

/**
 * LabLaneKind:
 * @LAB_LANE_UI: the UI thread
 * @LAB_LANE_WORKER: a thread-pool worker
 * @LAB_LANE_DEDICATED: a thread made for one LongRunning task
 * @LAB_LANE_OTHER: a thread the pool knows nothing about
 * @LAB_LANE_IO: awaited I/O in flight, holding no thread
 *
 * Lanes are shown in this order (then by worker index or first appearance).
 */
typedef enum
{
  LAB_LANE_UI,
  LAB_LANE_WORKER,
  LAB_LANE_DEDICATED,
  LAB_LANE_OTHER,
  LAB_LANE_IO,
} LabLaneKind;

/**
 * LabTraceLane:
 * @kind: what kind of thread
 * @thread_serial: the thread's serial in the trace (0 for I/O)
 * @title: the thread's name, the same in every view and report: "UI thread",
 *   "Worker N" (worker index + 1), "Dedicated N" and "Thread N" (numbered in
 *   order of first appearance), "I/O (no thread)"
 * @row: its place from the top, in display order
 *
 * A lane's index never changes once it is added, nor its title; its row
 * does when a lane that sorts before it appears.
 */
typedef struct
{
  LabLaneKind  kind;
  guint        thread_serial;
  char        *title;
  guint        row;
  /*< private >*/
  guint        sort_key;
} LabTraceLane;

/**
 * LabTraceItem:
 * @event: the pool's trace event (a task, a work item, a region, or I/O)
 * @lane: the index of the lane it ran on
 * @container: for a region recorded inside a task or work item on the same
 *   thread, that item's index; otherwise %G_MAXUINT
 * @region: for a task or work item, the label of the first region recorded
 *   inside it ("blur"), or %NULL
 */
typedef struct
{
  PoolTraceEvent  event;
  guint           lane;
  guint           container;
  const char     *region;
} LabTraceItem;

typedef enum
{
  LAB_TRACE_LINK_HAND_OFF,    /* a result handed to a continuation on the UI thread */
  LAB_TRACE_LINK_TASK,        /* an exact task → task link (lab_trace_model_add_task_link()) */
} LabTraceLinkKind;

/**
 * LabTraceLink:
 * @kind: how the link was found
 * @from_item: the item whose end hands something over
 * @to_item: the item that receives it
 */
typedef struct
{
  LabTraceLinkKind kind;
  guint            from_item;
  guint            to_item;
} LabTraceLink;

#define LAB_TYPE_TRACE_MODEL (lab_trace_model_get_type ())

G_DECLARE_FINAL_TYPE (LabTraceModel, lab_trace_model, LAB, TRACE_MODEL, GObject)

LabTraceModel      *lab_trace_model_new               (gint64                 origin_us,
                                                       guint                  ui_thread_serial);
void                lab_trace_model_append            (LabTraceModel         *self,
                                                       const PoolTraceEvent  *events,
                                                       guint                  n_events);
void                lab_trace_model_add_task_link     (LabTraceModel         *self,
                                                       guint                  from_task_id,
                                                       guint                  to_task_id);
void                lab_trace_model_set_guess_hand_offs (LabTraceModel       *self,
                                                       gboolean               guess);
gint64              lab_trace_model_get_origin        (LabTraceModel         *self);
void                lab_trace_model_set_work_start    (LabTraceModel         *self,
                                                       gint64                 at_us);
gint64              lab_trace_model_get_work_start    (LabTraceModel         *self);
gint64              lab_trace_model_get_end           (LabTraceModel         *self);
guint               lab_trace_model_get_n_items       (LabTraceModel         *self);
const LabTraceItem *lab_trace_model_get_item          (LabTraceModel         *self,
                                                       guint                  index);
guint               lab_trace_model_get_n_dropped     (LabTraceModel         *self);
/* every instant event appended so far (QUEUED … LINK), in position order */
guint               lab_trace_model_get_n_instants    (LabTraceModel         *self);
const PoolTraceEvent *lab_trace_model_get_instant     (LabTraceModel         *self,
                                                       guint                  index);
guint               lab_trace_model_get_n_lanes       (LabTraceModel         *self);
const LabTraceLane *lab_trace_model_get_lane          (LabTraceModel         *self,
                                                       guint                  index);
const LabTraceLane *lab_trace_model_get_lane_at_row   (LabTraceModel         *self,
                                                       guint                  row);
const char         *lab_trace_model_get_thread_name   (LabTraceModel         *self,
                                                       guint                  thread_serial);
guint               lab_trace_model_get_n_links       (LabTraceModel         *self);
const LabTraceLink *lab_trace_model_get_link          (LabTraceModel         *self,
                                                       guint                  index);
GStrv               lab_trace_model_dup_region_threads (LabTraceModel        *self,
                                                       const char            *label);
guint               lab_trace_model_count_region_lanes (LabTraceModel        *self,
                                                       const char            *label,
                                                       LabLaneKind            kind);
double              lab_trace_model_get_region_ms     (LabTraceModel         *self,
                                                       gint64                 from_us,
                                                       gint64                 to_us);
double              lab_trace_model_get_ui_busy_ms    (LabTraceModel         *self,
                                                       gint64                 from_us,
                                                       gint64                 to_us);

G_END_DECLS
