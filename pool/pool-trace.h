/* pool-trace.h — a record of which thread ran each piece of work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool records one event per task or work item it runs; code outside the
 * pool can record regions of its own (the blur marks itself). Readers take a
 * position, let work run, then copy the events recorded since.
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

/**
 * PoolThreadRole:
 * @POOL_THREAD_ROLE_OTHER: a thread the pool knows nothing about
 * @POOL_THREAD_ROLE_UI: the thread that owns the default #GMainContext
 * @POOL_THREAD_ROLE_WORKER: a thread-pool worker
 * @POOL_THREAD_ROLE_DEDICATED: a thread made for one LongRunning task
 */
typedef enum
{
  POOL_THREAD_ROLE_OTHER,
  POOL_THREAD_ROLE_UI,
  POOL_THREAD_ROLE_WORKER,
  POOL_THREAD_ROLE_DEDICATED,
} PoolThreadRole;

typedef enum
{
  POOL_TRACE_KIND_TASK,
  POOL_TRACE_KIND_WORK_ITEM,
  POOL_TRACE_KIND_REGION,
  POOL_TRACE_KIND_IO,         /* I/O in flight, holding no thread */
} PoolTraceKind;

/**
 * PoolTraceEvent:
 * @position: the event's place in the trace (increases by one per event)
 * @kind: what ran
 * @task_id: the task's id for %POOL_TRACE_KIND_TASK, else 0
 * @label: a region's label (a static string), else %NULL
 * @role: the role of the thread that ran it
 * @worker_index: the worker's index for %POOL_THREAD_ROLE_WORKER, else -1
 * @thread_serial: a small number per thread, in order of first appearance
 * @inlined: %TRUE when a task ran inline on a thread that waited for it or
 *   that completed its antecedent, not from a scheduler's queue
 * @queued_us: when a task entered its scheduler's queue (0 if it never did):
 *   @start_us - @queued_us is how long it waited for a thread
 * @start_us: start, g_get_monotonic_time()
 * @end_us: end, g_get_monotonic_time()
 */
typedef struct
{
  guint64         position;
  PoolTraceKind   kind;
  guint           task_id;
  const char     *label;
  PoolThreadRole  role;
  int             worker_index;
  guint           thread_serial;
  gboolean        inlined;
  gint64          queued_us;
  gint64          start_us;
  gint64          end_us;
} PoolTraceEvent;

void        pool_trace_set_enabled      (gboolean        trace_enabled);
guint64     pool_trace_get_position     (void);
GArray     *pool_trace_copy_since       (guint64         position);
gint64      pool_trace_begin_region     (void);
void        pool_trace_end_region       (const char     *label,
                                         gint64          begin_us);
void        pool_trace_record_io        (const char     *label,
                                         gint64          begin_us,
                                         gint64          end_us);
PoolThreadRole pool_trace_get_thread_role (void);
guint       pool_trace_get_thread_serial (void);
const char *pool_thread_role_to_string  (PoolThreadRole  role);

G_END_DECLS
