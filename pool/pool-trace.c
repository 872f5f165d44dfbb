/* pool-trace.c — a bounded, thread-safe record of which thread ran what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Events go into a ring of TRACE_CAPACITY entries; the oldest are
 * overwritten. Readers remember a position and copy what came after it.
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-lock-private.h"
#include "pool-trace-private.h"
#include "pool-task.h"

#define TRACE_CAPACITY (1u << 16)

static struct
{
  PoolMutex       lock;
  /* protected by @lock */
  PoolTraceEvent *ring;
  guint64         next_position;
} trace = { PTHREAD_MUTEX_INITIALIZER, NULL, 0 };

/* owner thread only */
static __thread PoolThreadRole thread_role = POOL_THREAD_ROLE_OTHER;
static __thread int thread_worker_index = -1;
static __thread guint thread_serial;

static int last_thread_serial;
static int enabled;

/**
 * pool_trace_set_enabled:
 *
 * Turns the recording of task and work-item events on or off (it is off at
 * start: a trace costs a lock per event, which the benchmarks leave out).
 * Regions are recorded only while it is on, too.
 */
void
pool_trace_set_enabled (gboolean trace_enabled)
{
  g_atomic_int_set (&enabled, trace_enabled ? 1 : 0);
}

gboolean
_pool_trace_is_enabled (void)
{
  return g_atomic_int_get (&enabled);
}

void
_pool_thread_set_role (PoolThreadRole role,
                       int            worker_index)
{
  thread_role = role;
  thread_worker_index = worker_index;
}

/**
 * pool_trace_get_thread_role:
 *
 * The role of the calling thread: a pool worker, a dedicated (LongRunning)
 * thread, the UI thread (the one that owns the default #GMainContext right
 * now), or another thread.
 */
PoolThreadRole
pool_trace_get_thread_role (void)
{
  if (thread_role != POOL_THREAD_ROLE_OTHER)
    return thread_role;
  if (g_main_context_is_owner (g_main_context_default ()))
    return POOL_THREAD_ROLE_UI;
  return POOL_THREAD_ROLE_OTHER;
}

const char *
pool_thread_role_to_string (PoolThreadRole role)
{
  switch (role)
    {
    case POOL_THREAD_ROLE_UI: return "ui";
    case POOL_THREAD_ROLE_WORKER: return "worker";
    case POOL_THREAD_ROLE_DEDICATED: return "dedicated";
    case POOL_THREAD_ROLE_OTHER:
    default: return "other";
    }
}

/**
 * pool_trace_get_thread_serial:
 *
 * A small number for the calling thread (1, 2, …, in order of first use),
 * the same one its trace events carry: the C twin of
 * `Environment.CurrentManagedThreadId` for the log's "on thread N".
 */
guint
pool_trace_get_thread_serial (void)
{
  if (thread_serial == 0)
    thread_serial = (guint) g_atomic_int_add (&last_thread_serial, 1) + 1;
  return thread_serial;
}

/* Gives @event its position and stores it in the ring. */
static void
trace_append (PoolTraceEvent *event)
{
  _pool_mutex_lock (&trace.lock);
  if (trace.ring == NULL)
    trace.ring = g_new0 (PoolTraceEvent, TRACE_CAPACITY);
  event->position = trace.next_position++;
  trace.ring[event->position % TRACE_CAPACITY] = *event;
  _pool_mutex_unlock (&trace.lock);
}

static void
trace_record (PoolTraceKind  kind,
              guint          task_id,
              const char    *label,
              gboolean       inlined,
              gint64         queued_us,
              gint64         start_us,
              gint64         end_us)
{
  PoolTraceEvent event = { 0, };

  if (!_pool_trace_is_enabled ())
    return;
  pool_trace_get_thread_serial ();

  event.kind = kind;
  event.task_id = task_id;
  event.label = label;
  event.role = pool_trace_get_thread_role ();
  event.worker_index = event.role == POOL_THREAD_ROLE_WORKER ? thread_worker_index : -1;
  event.thread_serial = thread_serial;
  event.inlined = inlined;
  event.queued_us = queued_us;
  event.start_us = start_us;
  event.end_us = end_us;

  trace_append (&event);
}

void
_pool_trace_record_task (guint    task_id,
                         gboolean inlined,
                         gint64   queued_us,
                         gint64   start_us,
                         gint64   end_us)
{
  trace_record (POOL_TRACE_KIND_TASK, task_id, NULL, inlined, queued_us, start_us, end_us);
}

void
_pool_trace_record_item (gint64 queued_us,
                         gint64 start_us,
                         gint64 end_us)
{
  trace_record (POOL_TRACE_KIND_WORK_ITEM, 0, NULL, FALSE, queued_us, start_us, end_us);
}

/**
 * pool_trace_get_position:
 *
 * Returns: the position the next event will have
 */
guint64
pool_trace_get_position (void)
{
  guint64 position;

  _pool_mutex_lock (&trace.lock);
  position = trace.next_position;
  _pool_mutex_unlock (&trace.lock);
  return position;
}

/**
 * pool_trace_copy_since:
 * @position: a value from pool_trace_get_position()
 *
 * Returns: (transfer full): the #PoolTraceEvent recorded at or after
 *   @position that are still in the ring, oldest first
 */
GArray *
pool_trace_copy_since (guint64 position)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));

  _pool_mutex_lock (&trace.lock);
  if (trace.next_position > TRACE_CAPACITY)
    position = MAX (position, trace.next_position - TRACE_CAPACITY);
  for (guint64 p = position; p < trace.next_position; p++)
    g_array_append_val (events, trace.ring[p % TRACE_CAPACITY]);
  _pool_mutex_unlock (&trace.lock);

  return events;
}

/**
 * pool_trace_begin_region:
 *
 * Starts a region of work the caller wants to see in the trace.
 *
 * Returns: the start time, to pass to pool_trace_end_region()
 */
gint64
pool_trace_begin_region (void)
{
  return g_get_monotonic_time ();
}

/**
 * pool_trace_end_region:
 * @label: a static string naming the region
 * @begin_us: the value pool_trace_begin_region() returned
 *
 * Records a region on the calling thread, with the task running it if any.
 */
void
pool_trace_end_region (const char *label,
                       gint64      begin_us)
{
  g_return_if_fail (label != NULL);

  trace_record (POOL_TRACE_KIND_REGION, pool_task_get_current_id (), label, FALSE, 0,
                begin_us, g_get_monotonic_time ());
}

/**
 * pool_trace_record_io:
 * @label: a static string naming the operation
 *
 * Records I/O that was in flight between @begin_us and @end_us without a
 * thread waiting for it (an awaited download): the timeline's I/O lane.
 * The event's role is %POOL_THREAD_ROLE_OTHER and its thread serial 0.
 */
void
pool_trace_record_io (const char *label,
                      gint64      begin_us,
                      gint64      end_us)
{
  PoolTraceEvent event = { 0, };

  g_return_if_fail (label != NULL);

  if (!_pool_trace_is_enabled ())
    return;
  event.kind = POOL_TRACE_KIND_IO;
  event.label = label;
  event.role = POOL_THREAD_ROLE_OTHER;
  event.worker_index = -1;
  event.start_us = begin_us;
  event.end_us = end_us;

  trace_append (&event);
}
