/* lab-queue-snapshot.h — what waited in each queue (the UI thread's, the
 * global one, each worker's local one) at one moment of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <pool.h>

#include "lab-trace-model.h"

G_BEGIN_DECLS

/**
 * LabQueueEntry:
 * @task_id: the queued task, 0 for a work item
 * @item_id: the queued work item's serial, 0 for a task
 * @label: a work item's label ("await", "timer", …) or %NULL
 * @queued_us: when it entered the queue
 */
typedef struct
{
  guint       task_id;
  guint64     item_id;
  const char *label;
  gint64      queued_us;
} LabQueueEntry;

/**
 * LabQueue:
 * @queue: which kind of queue: %POOL_TRACE_QUEUE_MAIN_CONTEXT (the UI
 *   thread's), %POOL_TRACE_QUEUE_GLOBAL or %POOL_TRACE_QUEUE_LOCAL
 * @queue_index: the worker index for a local queue, else -1
 * @title: "UI thread's queue", "Global queue", "Worker 1's local queue"
 * @entries: the #LabQueueEntry waiting there, oldest first
 */
typedef struct
{
  PoolTraceQueue queue;
  int            queue_index;
  char          *title;
  GArray        *entries;
} LabQueue;

GPtrArray *lab_queue_snapshot_at (LabTraceModel *model,
                                  gint64         at_us);

G_END_DECLS
