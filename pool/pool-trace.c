/* pool-trace.c — a bounded, thread-safe record of which thread ran what,
 * and of how the work got there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spans go into a ring of SPAN_CAPACITY entries, instants into a ring of
 * INSTANT_CAPACITY; in each the oldest are overwritten. One counter gives
 * both their positions, so the two rings merge back into one sequence.
 * Spans have a ring of their own so that a run keeps as many of them as it
 * did before instants were recorded. Readers remember a position and copy
 * what came after it.
 */

#include "pool-lock-private.h"
#include "pool-trace-private.h"
#include "pool-task-private.h"
#include "pool-task.h"

#include <string.h>

#define SPAN_CAPACITY (1u << 16)
#define INSTANT_CAPACITY (1u << 17)

typedef struct
{
  PoolTraceEvent *events;      /* g_new0 on first use */
  guint           capacity;
  guint64         length;      /* events ever stored; the last @capacity are kept */
} TraceRing;

static struct
{
  PoolMutex       lock;
  /* protected by @lock */
  TraceRing       spans;
  TraceRing       instants;
  guint64         next_position;
} trace = { PTHREAD_MUTEX_INITIALIZER, { NULL, SPAN_CAPACITY, 0 }, { NULL, INSTANT_CAPACITY, 0 }, 0 };

/* owner thread only */
static __thread PoolThreadRole thread_role = POOL_THREAD_ROLE_OTHER;
static __thread int thread_worker_index = -1;
static __thread guint thread_serial;

static int last_thread_serial;
int _pool_trace_enabled;
static guint64 last_item_id;    /* atomic */

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
  __atomic_store_n (&_pool_trace_enabled, trace_enabled ? 1 : 0, __ATOMIC_SEQ_CST);
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

static gboolean
kind_is_instant (PoolTraceKind kind)
{
  return kind >= POOL_TRACE_KIND_QUEUED;
}

static void
ring_store_unlocked (TraceRing            *ring,
                     const PoolTraceEvent *event)
{
  if (ring->events == NULL)
    ring->events = g_new0 (PoolTraceEvent, ring->capacity);
  ring->events[ring->length++ % ring->capacity] = *event;
}

/* Gives @event its position and stores it in its ring. */
static void
trace_append_unlocked (PoolTraceEvent *event)
{
  event->position = trace.next_position++;
  ring_store_unlocked (kind_is_instant (event->kind) ? &trace.instants : &trace.spans, event);
}

static void
trace_append (PoolTraceEvent *event)
{
  _pool_mutex_lock (&trace.lock);
  trace_append_unlocked (event);
  _pool_mutex_unlock (&trace.lock);
}

/* The calling thread's part of an event; the rest is zero (-1 for the queue
 * index). */
static void
event_init (PoolTraceEvent *event,
            PoolTraceKind   kind)
{
  memset (event, 0, sizeof *event);
  pool_trace_get_thread_serial ();
  event->kind = kind;
  event->role = pool_trace_get_thread_role ();
  event->worker_index = event->role == POOL_THREAD_ROLE_WORKER ? thread_worker_index : -1;
  event->thread_serial = thread_serial;
  event->queue_index = -1;
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
  PoolTraceEvent event;

  if (!_pool_trace_is_enabled ())
    return;

  event_init (&event, kind);
  event.task_id = task_id;
  event.label = label;
  event.inlined = inlined;
  event.queued_us = queued_us;
  event.start_us = start_us;
  event.end_us = end_us;

  trace_append (&event);
}

/* An instant of the calling thread, now. */
static void
instant_init (PoolTraceEvent *event,
              PoolTraceKind   kind)
{
  event_init (event, kind);
  event->start_us = event->end_us = g_get_monotonic_time ();
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
_pool_trace_record_item (gint64 start_us,
                         gint64 end_us)
{
  trace_record (POOL_TRACE_KIND_WORK_ITEM, 0, NULL, FALSE, 0, start_us, end_us);
}

/* --- work items and queues ------------------------------------------------ */

static guint
item_task_id (PoolWorkItem item)
{
  return item.callback == _pool_task_run_work_item ? pool_task_get_id (item.state) : 0;
}

guint64
_pool_trace_item_get_id (PoolWorkItem item)
{
  return item.callback == _pool_trace_item_run ? ((PoolTraceItem *) item.state)->item_id : 0;
}

/* Pairs with the wrapper _pool_trace_queued() made. */
void
_pool_trace_item_run (gpointer   data,
                      GError   **error)
{
  PoolTraceItem *traced = data;
  PoolTraceEvent event;
  gint64 start_us = g_get_monotonic_time ();

  traced->item.callback (traced->item.state, error);
  if (_pool_trace_is_enabled ())
    {
      event_init (&event, POOL_TRACE_KIND_WORK_ITEM);
      event.label = traced->label;
      event.item_id = traced->item_id;
      event.queued_us = traced->queued_us;
      event.start_us = start_us;
      event.end_us = g_get_monotonic_time ();
      trace_append (&event);
    }
  g_free (traced);
}

PoolWorkItem
_pool_trace_item_discard (PoolWorkItem item)
{
  if (item.callback == _pool_trace_item_run)
    {
      PoolTraceItem *traced = item.state;

      item = traced->item;
      g_free (traced);
    }
  return item;
}

PoolWorkItem
_pool_trace_queued (PoolWorkItem    item,
                    PoolTraceQueue  queue,
                    int             queue_index,
                    const char     *label,
                    PoolTask       *awaited)
{
  PoolTraceEvent event;

  if (!_pool_trace_is_enabled ())
    return item;

  instant_init (&event, POOL_TRACE_KIND_QUEUED);
  event.queue = queue;
  event.queue_index = queue_index;
  event.task_id = item_task_id (item);
  if (event.task_id == 0 && item.callback != _pool_trace_item_run)
    {
      PoolTraceItem *traced = g_new (PoolTraceItem, 1);

      traced->item = item;
      traced->item_id = __atomic_add_fetch (&last_item_id, 1, __ATOMIC_RELAXED);
      traced->label = label;
      traced->queued_us = g_get_monotonic_time ();
      item = (PoolWorkItem) { _pool_trace_item_run, traced };
    }
  event.item_id = _pool_trace_item_get_id (item);
  event.label = event.task_id == 0 ? ((PoolTraceItem *) item.state)->label : NULL;
  if (awaited != NULL && event.item_id != 0)
    {
      _pool_trace_record_link (pool_task_get_id (awaited), 0, event.item_id,
                               POOL_TRACE_LINK_CONTINUATION);
      event.start_us = event.end_us = g_get_monotonic_time ();
    }
  trace_append (&event);
  return item;
}

void
_pool_trace_taken (PoolWorkItem    item,
                   PoolTraceKind   kind,
                   PoolTraceQueue  queue,
                   int             queue_index)
{
  PoolTraceEvent event;

  if (!_pool_trace_is_enabled ())
    return;

  g_assert (kind == POOL_TRACE_KIND_DEQUEUED || kind == POOL_TRACE_KIND_STOLEN);

  instant_init (&event, kind);
  event.queue = queue;
  event.queue_index = queue_index;
  event.task_id = item_task_id (item);
  event.item_id = _pool_trace_item_get_id (item);
  if (event.task_id == 0 && event.item_id == 0)
    return;     /* a work item queued before tracing started: nothing to say which */
  if (event.item_id != 0)
    event.label = ((PoolTraceItem *) item.state)->label;
  trace_append (&event);
}

/* --- task events ---------------------------------------------------------- */

static void
status_event_init (PoolTraceEvent *event,
                   PoolTask       *task,
                   int             status)
{
  instant_init (event, POOL_TRACE_KIND_STATUS);
  event->task_id = pool_task_get_id (task);
  event->status = (PoolTaskStatus) status;
}

gboolean
_pool_trace_status_cas (PoolTask *task,
                        int       from,
                        int       to)
{
  PoolTraceEvent event;
  gboolean changed;

  status_event_init (&event, task, to);
  _pool_mutex_lock (&trace.lock);
  changed = g_atomic_int_compare_and_exchange (&task->status, from, to);
  if (changed)
    {
      event.start_us = event.end_us = g_get_monotonic_time ();
      trace_append_unlocked (&event);
    }
  _pool_mutex_unlock (&trace.lock);
  return changed;
}

void
_pool_trace_status_set (PoolTask *task,
                        int       to)
{
  PoolTraceEvent event;

  status_event_init (&event, task, to);
  _pool_mutex_lock (&trace.lock);
  if (g_atomic_int_exchange (&task->status, to) != to)
    {
      event.start_us = event.end_us = g_get_monotonic_time ();
      trace_append_unlocked (&event);
    }
  _pool_mutex_unlock (&trace.lock);
}

/* The status a task was created with. */
void
_pool_trace_record_status (PoolTask *task)
{
  PoolTraceEvent event;

  if (!_pool_trace_is_enabled ())
    return;

  status_event_init (&event, task, g_atomic_int_get (&task->status));
  trace_append (&event);
}

void
_pool_trace_record_link (guint          task_id,
                         guint          other_task_id,
                         guint64        item_id,
                         PoolTraceLink  link)
{
  PoolTraceEvent event;

  if (!_pool_trace_is_enabled ())
    return;

  instant_init (&event, POOL_TRACE_KIND_LINK);
  event.task_id = task_id;
  event.other_task_id = other_task_id;
  event.item_id = item_id;
  event.link = link;
  trace_append (&event);
}

void
_pool_trace_record_wait (PoolTraceKind kind,
                         guint         task_id,
                         guint         other_task_id)
{
  PoolTraceEvent event;

  if (!_pool_trace_is_enabled ())
    return;

  g_assert (kind == POOL_TRACE_KIND_WAIT_BEGIN || kind == POOL_TRACE_KIND_WAIT_END);

  instant_init (&event, kind);
  event.task_id = task_id;
  event.other_task_id = other_task_id;
  trace_append (&event);
}

/* --- reading -------------------------------------------------------------- */

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

/* The index (in events ever stored) of @ring's first kept event at or after
 * @position; positions increase along the ring. */
static guint64
ring_find_unlocked (const TraceRing *ring,
                    guint64          position)
{
  guint64 low = ring->length > ring->capacity ? ring->length - ring->capacity : 0;
  guint64 high = ring->length;

  while (low < high)
    {
      guint64 middle = low + (high - low) / 2;

      if (ring->events[middle % ring->capacity].position < position)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* The position of @ring's oldest kept event once it has overwritten some,
 * else 0: before it, events of its kind are missing. */
static guint64
ring_complete_from_unlocked (const TraceRing *ring)
{
  if (ring->length <= ring->capacity)
    return 0;
  return ring->events[(ring->length - ring->capacity) % ring->capacity].position;
}

/**
 * pool_trace_copy_since:
 * @position: a value from pool_trace_get_position(), or an event's position
 *   plus one
 *
 * The spans (tasks, work items, regions, I/O) only, as before instants were
 * recorded; their positions have gaps where instants were.
 *
 * Returns: (transfer full): the span #PoolTraceEvent recorded at or after
 *   @position that are still in the ring, oldest first
 */
GArray *
pool_trace_copy_since (guint64 position)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));

  _pool_mutex_lock (&trace.lock);
  if (trace.spans.events != NULL)
    for (guint64 i = ring_find_unlocked (&trace.spans, position); i < trace.spans.length; i++)
      g_array_append_val (events, trace.spans.events[i % trace.spans.capacity]);
  _pool_mutex_unlock (&trace.lock);

  return events;
}

/**
 * pool_trace_copy_events_since:
 * @position: a value from pool_trace_get_position(), or an event's position
 *   plus one
 *
 * Every event, spans and instants (#PoolTraceKind), in position order: what
 * a view of task states and queues replays. Once a ring has overwritten old
 * events, the copy starts where both rings are still complete, so that no
 * span appears without the instants around it, nor the reverse.
 *
 * Returns: (transfer full): the #PoolTraceEvent recorded at or after
 *   @position that are still kept, oldest first
 */
GArray *
pool_trace_copy_events_since (guint64 position)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  guint64 s, i;

  _pool_mutex_lock (&trace.lock);
  position = MAX (position, ring_complete_from_unlocked (&trace.spans));
  position = MAX (position, ring_complete_from_unlocked (&trace.instants));
  s = trace.spans.events != NULL ? ring_find_unlocked (&trace.spans, position) : 0;
  i = trace.instants.events != NULL ? ring_find_unlocked (&trace.instants, position) : 0;
  while (s < trace.spans.length || i < trace.instants.length)
    {
      const PoolTraceEvent *span = s < trace.spans.length
                                   ? &trace.spans.events[s % trace.spans.capacity] : NULL;
      const PoolTraceEvent *instant = i < trace.instants.length
                                      ? &trace.instants.events[i % trace.instants.capacity] : NULL;

      if (instant == NULL || (span != NULL && span->position < instant->position))
        {
          g_array_append_vals (events, span, 1);
          s++;
        }
      else
        {
          g_array_append_vals (events, instant, 1);
          i++;
        }
    }
  _pool_mutex_unlock (&trace.lock);

  return events;
}

/**
 * pool_trace_kind_is_instant:
 *
 * Returns: %TRUE for the kinds recorded at one moment (start_us == end_us),
 *   %FALSE for spans
 */
gboolean
pool_trace_kind_is_instant (PoolTraceKind kind)
{
  return kind_is_instant (kind);
}

/**
 * pool_trace_kind_to_string:
 *
 * Returns: a short name for @kind ("task", "queued", "wait-begin", …)
 */
const char *
pool_trace_kind_to_string (PoolTraceKind kind)
{
  switch (kind)
    {
    case POOL_TRACE_KIND_TASK: return "task";
    case POOL_TRACE_KIND_WORK_ITEM: return "work-item";
    case POOL_TRACE_KIND_REGION: return "region";
    case POOL_TRACE_KIND_IO: return "io";
    case POOL_TRACE_KIND_QUEUED: return "queued";
    case POOL_TRACE_KIND_DEQUEUED: return "dequeued";
    case POOL_TRACE_KIND_STOLEN: return "stolen";
    case POOL_TRACE_KIND_STATUS: return "status";
    case POOL_TRACE_KIND_WAIT_BEGIN: return "wait-begin";
    case POOL_TRACE_KIND_WAIT_END: return "wait-end";
    case POOL_TRACE_KIND_LINK: return "link";
    default: return "unknown";
    }
}

/**
 * pool_trace_queue_to_string:
 *
 * Returns: a short name for @queue ("global", "local", "main-context", …)
 */
const char *
pool_trace_queue_to_string (PoolTraceQueue queue)
{
  switch (queue)
    {
    case POOL_TRACE_QUEUE_NONE: return "none";
    case POOL_TRACE_QUEUE_GLOBAL: return "global";
    case POOL_TRACE_QUEUE_LOCAL: return "local";
    case POOL_TRACE_QUEUE_MAIN_CONTEXT: return "main-context";
    case POOL_TRACE_QUEUE_DEDICATED: return "dedicated";
    default: return "unknown";
    }
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
  event.queue_index = -1;
  event.start_us = begin_us;
  event.end_us = end_us;

  trace_append (&event);
}
