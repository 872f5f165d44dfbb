/* pool-trace-private.h — how the pool records trace events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every hook is behind _pool_trace_is_enabled(), a relaxed load of one
 * global: with the trace off, the pool's paths cost that load and a branch.
 */
#pragma once

#include "pool-types.h"
#include "pool-trace.h"
#include "pool-thread-pool-private.h"

G_BEGIN_DECLS

/* atomic; written by pool_trace_set_enabled() only */
extern int _pool_trace_enabled;

static inline gboolean
_pool_trace_is_enabled (void)
{
  return __atomic_load_n (&_pool_trace_enabled, __ATOMIC_RELAXED) != 0;
}

void _pool_thread_set_role    (PoolThreadRole role,
                               int            worker_index);
void _pool_trace_record_task  (guint          task_id,
                               gboolean       inlined,
                               gint64         queued_us,
                               gint64         start_us,
                               gint64         end_us);
void _pool_trace_record_item  (gint64         start_us,
                               gint64         end_us);

/* A work item queued while tracing travels wrapped in one of these (one
 * allocation, only then), so that its serial and label reach the thread
 * that runs it: queues still hold plain PoolWorkItems. Tasks are never
 * wrapped: their id says which they are. */
typedef struct
{
  PoolWorkItem  item;
  guint64       item_id;
  const char   *label;
  gint64        queued_us;   /* its span's queue wait starts here, as a task's does */
} PoolTraceItem;

/* The callback of a wrapped item: runs it, records its span, frees the
 * wrapper. */
void         _pool_trace_item_run     (gpointer        data,
                                       GError        **error);
/* Frees the wrapper of an item that will never run; returns the item. */
PoolWorkItem _pool_trace_item_discard (PoolWorkItem    item);

/* QUEUED, before @item is pushed where another thread can see it; returns
 * what to push (@item wrapped, for a work item). With @awaited, first the
 * LINK from that task to the item (the code after an await). */
PoolWorkItem _pool_trace_queued       (PoolWorkItem    item,
                                       PoolTraceQueue  queue,
                                       int             queue_index,
                                       const char     *label,
                                       PoolTask       *awaited);
/* DEQUEUED or STOLEN, by the thread that took @item out to run it. */
void         _pool_trace_taken        (PoolWorkItem    item,
                                       PoolTraceKind   kind,
                                       PoolTraceQueue  queue,
                                       int             queue_index);
/* @item's serial, or 0 for a task or an item queued while not tracing. */
guint64      _pool_trace_item_get_id  (PoolWorkItem    item);

/* Status changes while tracing: the change and its STATUS event happen
 * under the trace's lock, so that the events are in the order of the
 * changes even when two threads change one task (a parent going
 * WaitingForChildrenToComplete as its last child completes it). */
gboolean     _pool_trace_status_cas   (PoolTask       *task,
                                       int             from,
                                       int             to);
void         _pool_trace_status_set   (PoolTask       *task,
                                       int             to);
void         _pool_trace_record_status (PoolTask      *task);
void         _pool_trace_record_link  (guint           task_id,
                                       guint           other_task_id,
                                       guint64         item_id,
                                       PoolTraceLink   link);
void         _pool_trace_record_wait  (PoolTraceKind   kind,
                                       guint           task_id,
                                       guint           other_task_id);

G_END_DECLS
