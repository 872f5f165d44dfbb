/* pool-trace.h — a record of which thread ran each piece of work, and of
 * how the work got there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pool records one span per task or work item it runs; code outside the
 * pool can record regions of its own (the blur marks itself). Readers take a
 * position, let work run, then copy the events recorded since:
 * pool_trace_copy_since() gives the spans only (what a timeline of threads
 * needs), pool_trace_copy_events_since() gives the spans and the instants in
 * between (queued, dequeued, stolen, status changes, waits, links: what a
 * view of task states and queues needs). Both share one sequence of
 * positions, so a position from either call is good for the other.
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

/**
 * PoolTraceKind:
 *
 * Spans (start_us < end_us, or equal for a very short one) say what ran
 * where; instants (start_us == end_us) say what happened to a task or work
 * item in between. The .NET event each mirrors is named where there is one:
 * TplEventSource ("System.Threading.Tasks.TplEventSource") and
 * FrameworkEventSource's thread-pool events.
 *
 * Spans:
 * @POOL_TRACE_KIND_TASK: a task's delegate ran (TplEventSource
 *   TaskStarted (8) at its start, TaskCompleted (9) at its end)
 * @POOL_TRACE_KIND_WORK_ITEM: a work item ran (a QueueUserWorkItem
 *   callback, a main-context post, the code after an await posted to a
 *   context, a timer firing, the code after a yield); @item_id and @label say
 *   which
 * @POOL_TRACE_KIND_REGION: a region marked with pool_trace_end_region()
 * @POOL_TRACE_KIND_IO: I/O in flight, holding no thread
 *
 * Instants:
 * @POOL_TRACE_KIND_QUEUED: a task (@task_id) or work item (@item_id, @label)
 *   entered @queue (@queue_index: the worker for a local queue). Recorded by
 *   the queueing thread before the item is visible to any other thread, so
 *   it always comes before its DEQUEUED or STOLEN. TplEventSource
 *   TaskScheduled (7); FrameworkEventSource ThreadPoolEnqueueWork (30)
 * @POOL_TRACE_KIND_DEQUEUED: the recording thread took the task or work item
 *   out of @queue to run it: a worker from its local queue or the global one,
 *   the main-context's thread from its queue (even for a task that was
 *   inlined meanwhile and now does nothing), a dedicated thread, or a thread
 *   waiting for the task that popped it back from its own local queue to run
 *   it inline. A task whose launch token fired while queued is dequeued too,
 *   then ends Canceled. FrameworkEventSource ThreadPoolDequeueWork (31)
 * @POOL_TRACE_KIND_STOLEN: as DEQUEUED, taken by a worker (the recording
 *   thread) from another worker's local queue: @queue is
 *   %POOL_TRACE_QUEUE_LOCAL, @queue_index the victim. (.NET records a steal
 *   as a plain dequeue.)
 * @POOL_TRACE_KIND_STATUS: @task_id's #PoolTaskStatus became @status. One
 *   per change, in the order of the changes; a task's first one is the status
 *   it was created with (Created for a delegate task, WaitingForActivation
 *   for a continuation or promise). A delegate task goes Created,
 *   WaitingToRun, Running, (WaitingForChildrenToComplete,) then
 *   RanToCompletion, Canceled or Faulted; the final one comes after its TASK
 *   span. The passing claims .NET never shows are left out: Start's Created ->
 *   WaitingForActivation on the way to the queue, and a promise's
 *   WaitingForActivation -> Running while it completes. (TplEventSource has
 *   no status event; TaskCompleted (9) carries IsExceptional.)
 * @POOL_TRACE_KIND_WAIT_BEGIN: the recording thread blocks in
 *   pool_task_wait() (or .Result, or a wait built on it) for @other_task_id;
 *   @task_id is the task running on that thread, or 0. Only when it really
 *   blocks: a wait for a completed task, or one that ran the task inline,
 *   records nothing. TplEventSource TaskWaitBegin (10), Behavior Synchronous
 * @POOL_TRACE_KIND_WAIT_END: the same thread stopped blocking (the task
 *   completed, the wait timed out or its token fired). TplEventSource
 *   TaskWaitEnd (11)
 * @POOL_TRACE_KIND_LINK: @task_id leads to @other_task_id, as @link says:
 *   a parent to the attached child it just created, an antecedent to a
 *   ContinueWith continuation; for an await that resumes by posting to a
 *   context, the awaited task to the posted work item (@other_task_id 0,
 *   @item_id the item). TplEventSource AwaitTaskContinuationScheduled (12)
 *   for the await; AsyncCausalityTracer's TraceOperationRelation (16) is the
 *   nearest to the others
 */
typedef enum
{
  POOL_TRACE_KIND_TASK,
  POOL_TRACE_KIND_WORK_ITEM,
  POOL_TRACE_KIND_REGION,
  POOL_TRACE_KIND_IO,         /* I/O in flight, holding no thread */
  POOL_TRACE_KIND_QUEUED,
  POOL_TRACE_KIND_DEQUEUED,
  POOL_TRACE_KIND_STOLEN,
  POOL_TRACE_KIND_STATUS,
  POOL_TRACE_KIND_WAIT_BEGIN,
  POOL_TRACE_KIND_WAIT_END,
  POOL_TRACE_KIND_LINK,
} PoolTraceKind;

/**
 * PoolTraceQueue:
 * @POOL_TRACE_QUEUE_NONE: not a queue event
 * @POOL_TRACE_QUEUE_GLOBAL: the thread pool's global FIFO
 * @POOL_TRACE_QUEUE_LOCAL: a worker's local deque (@queue_index: the worker)
 * @POOL_TRACE_QUEUE_MAIN_CONTEXT: a main-context scheduler's queue (the UI
 *   thread's, waiting for the main loop)
 * @POOL_TRACE_QUEUE_DEDICATED: handed to a new thread of its own
 *   (LongRunning)
 *
 * Which queue a QUEUED, DEQUEUED or STOLEN event is about.
 */
typedef enum
{
  POOL_TRACE_QUEUE_NONE,
  POOL_TRACE_QUEUE_GLOBAL,
  POOL_TRACE_QUEUE_LOCAL,
  POOL_TRACE_QUEUE_MAIN_CONTEXT,
  POOL_TRACE_QUEUE_DEDICATED,
} PoolTraceQueue;

/**
 * PoolTraceLink:
 * @POOL_TRACE_LINK_NONE: not a link event
 * @POOL_TRACE_LINK_PARENT_CHILD: @task_id created the attached child
 *   @other_task_id (TaskCreationOptions.AttachedToParent)
 * @POOL_TRACE_LINK_CONTINUATION: @other_task_id continues @task_id
 *   (ContinueWith); from an await that posts to a context, @other_task_id is
 *   0 and @item_id the posted code after the await
 */
typedef enum
{
  POOL_TRACE_LINK_NONE,
  POOL_TRACE_LINK_PARENT_CHILD,
  POOL_TRACE_LINK_CONTINUATION,
} PoolTraceLink;

/**
 * PoolTraceEvent:
 * @position: the event's place in the trace (increases by one per event,
 *   spans and instants alike: pool_trace_copy_since() leaves gaps where the
 *   instants are)
 * @kind: what ran, or what happened
 * @task_id: the task's id for %POOL_TRACE_KIND_TASK and the task events
 *   (queued, dequeued, stolen, status; the waiting task for a wait; the
 *   parent or antecedent for a link); the task running a region; else 0
 * @label: a region's label (a static string); a work item's ("await" for the
 *   code after an await, "timer", "yield", or the caller's, from
 *   pool_main_context_scheduler_post_with_label()), else %NULL
 * @role: the role of the thread that ran it
 * @worker_index: the worker's index for %POOL_THREAD_ROLE_WORKER, else -1
 * @thread_serial: a small number per thread, in order of first appearance
 * @inlined: %TRUE when a task ran inline on a thread that waited for it or
 *   that completed its antecedent, not from a scheduler's queue
 * @queued_us: when a task entered its scheduler's queue (0 if it never did):
 *   @start_us - @queued_us is how long it waited for a thread
 * @start_us: start, g_get_monotonic_time()
 * @end_us: end, g_get_monotonic_time() (equal to @start_us for an instant)
 * @item_id: a work item's serial (1, 2, …), given while tracing to the work
 *   items queued then (0 otherwise, and for tasks): on its QUEUED, DEQUEUED,
 *   STOLEN and WORK_ITEM events, and on an await's LINK
 * @queue: the queue of a QUEUED, DEQUEUED or STOLEN event, else
 *   %POOL_TRACE_QUEUE_NONE
 * @queue_index: the worker whose local queue it is for
 *   %POOL_TRACE_QUEUE_LOCAL (for STOLEN: the victim), else -1
 * @status: the new status of a STATUS event
 * @other_task_id: the task waited for (WAIT_BEGIN, WAIT_END), the child or
 *   continuation (LINK), else 0
 * @link: what a LINK event links, else %POOL_TRACE_LINK_NONE
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
  /* added for the task-state and queue views */
  guint64         item_id;
  PoolTraceQueue  queue;
  int             queue_index;
  PoolTaskStatus  status;
  guint           other_task_id;
  PoolTraceLink   link;
} PoolTraceEvent;

void        pool_trace_set_enabled      (gboolean        trace_enabled);
guint64     pool_trace_get_position     (void);
GArray     *pool_trace_copy_since       (guint64         position);
GArray     *pool_trace_copy_events_since (guint64        position);
gboolean    pool_trace_kind_is_instant  (PoolTraceKind   kind);
const char *pool_trace_kind_to_string   (PoolTraceKind   kind);
const char *pool_trace_queue_to_string  (PoolTraceQueue  queue);
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
