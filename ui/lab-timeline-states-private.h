/* lab-timeline-states-private.h — what the timeline reads from the task
 * states, shared by lab-timeline-states.c (which keeps it up to date) and
 * lab-timeline-states-layout.c (which draws it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-timeline-layout-private.h"

G_BEGIN_DECLS

typedef struct
{
  guint          task_id;
  guint64        item_id;
  PoolTraceQueue queue;
  int            queue_index;
  gint64         queued_us;
  gint64         left_us;        /* G_MAXINT64 while still queued */
  guint          thread_serial;  /* of the thread that took it out, 0 while queued */
} Stay;

typedef struct
{
  guint  parent;
  guint  child;
  guint  thread_serial;
  gint64 at_us;
} ChildLink;

struct _LabTimelineStates
{
  LabTraceModel *model;          /* borrowed: only compared, to notice a new model */

  /* collected incrementally */
  guint          scanned_items;
  guint          scanned_instants;
  GArray        *stays;          /* Stay, by QUEUED */
  GHashTable    *queued_tasks;   /* task id → stay index + 1, while queued */
  GHashTable    *queued_items;   /* item id → stay index + 1, while queued */
  GArray        *child_links;    /* ChildLink */
  GHashTable    *task_items;     /* task id → index + 1 of its first TASK item */
  GHashTable    *worker_lanes;   /* worker index + 1 → lane + 1 */

  /* recomputed on change */
  gboolean       stale;
  gint64         refreshed_at_us;
  GArray        *task_states;    /* LabTaskStateSpan */
  GArray        *waits;          /* LabTraceWait */
  char          *cycle;          /* in words, or NULL */
  guint          cycle_lane;
  guint          cycle_wait;     /* index in @waits */
};

SwatchStyle lab_timeline_queue_style (PoolTraceQueue queue);
SwatchStyle lab_timeline_final_style (LabTaskState   state);

G_END_DECLS
