/* test-trace.c — the trace's instants: what a view of task states and queues
 * reads (queued, dequeued, stolen, status changes, waits, links).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test turns tracing on, notes the position, runs a few tasks, then
 * reads the events of the tasks it made (other threads may add their own
 * in between) and compares them, as a line of words, with what .NET's
 * TplEventSource would tell in the same order. The test's main thread plays
 * the UI thread when it iterates the default main context.
 */
#include <gio/gio.h>
#include <pool.h>
#include <pthread.h>

#include "pool-test-util.h"

/* --- a gate, with pthread so that ThreadSanitizer sees it ---------------- */

typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t  cond;
  gboolean        open;
} Gate;

#define GATE_INIT { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, FALSE }

static void
gate_open (Gate *gate)
{
  pthread_mutex_lock (&gate->lock);
  gate->open = TRUE;
  pthread_cond_broadcast (&gate->cond);
  pthread_mutex_unlock (&gate->lock);
}

/* Blocks until the gate opens; fails after a generous bound. */
static void
gate_pass (Gate *gate)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  pthread_mutex_lock (&gate->lock);
  while (!gate->open)
    {
      struct timespec ts;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      clock_gettime (CLOCK_REALTIME, &ts);
      ts.tv_nsec += 10 * 1000 * 1000;
      if (ts.tv_nsec >= 1000000000)
        {
          ts.tv_sec++;
          ts.tv_nsec -= 1000000000;
        }
      pthread_cond_timedwait (&gate->cond, &gate->lock, &ts);
    }
  pthread_mutex_unlock (&gate->lock);
}

/* --- reading the trace ---------------------------------------------------- */

static const char *
short_status (PoolTaskStatus status)
{
  return pool_task_status_to_string (status);
}

/* The events about task @id, as words: "status:Created queued:global
 * dequeued:global status:Running task status:RanToCompletion". Local queues
 * are written "local" (their index is checked apart). */
static char *
describe_task (GArray *events,
               guint   id)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->task_id != id)
        continue;
      switch (event->kind)
        {
        case POOL_TRACE_KIND_TASK:
          g_string_append (line, " task");
          break;
        case POOL_TRACE_KIND_QUEUED:
        case POOL_TRACE_KIND_DEQUEUED:
        case POOL_TRACE_KIND_STOLEN:
          g_string_append_printf (line, " %s:%s", pool_trace_kind_to_string (event->kind),
                                  pool_trace_queue_to_string (event->queue));
          break;
        case POOL_TRACE_KIND_STATUS:
          g_string_append_printf (line, " status:%s", short_status (event->status));
          break;
        default:
          break;
        }
    }
  return g_strchug (g_string_free (line, FALSE));
}

/* The index of the first event at or after @from of @kind about @id (as
 * task_id, or other_task_id when @other), or -1. */
static int
find (GArray        *events,
      guint          from,
      PoolTraceKind  kind,
      guint          id,
      gboolean       other)
{
  for (guint i = from; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->kind == kind && (other ? event->other_task_id : event->task_id) == id)
        return (int) i;
    }
  return -1;
}

static const PoolTraceEvent *
event_at (GArray *events,
          int     index)
{
  g_assert_cmpint (index, >=, 0);
  return &g_array_index (events, PoolTraceEvent, index);
}

/* Events are in position order, instants have no length. */
static void
assert_well_formed (GArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (i > 0)
        g_assert_cmpuint (event->position, >, g_array_index (events, PoolTraceEvent, i - 1).position);
      if (pool_trace_kind_is_instant (event->kind))
        g_assert_cmpint (event->start_us, ==, event->end_us);
    }
}

static GArray *
copy_events (guint64 position)
{
  GArray *events = pool_trace_copy_events_since (position);

  assert_well_formed (events);
  return events;
}

/* --- delegates ------------------------------------------------------------ */

static gpointer
nothing (gpointer  data,
         GError  **error)
{
  return NULL;
}

static gpointer
pass_gate (gpointer  data,
           GError  **error)
{
  gate_pass (data);
  return NULL;
}

static gpointer
continue_nothing (PoolTask  *antecedent,
                  gpointer   data,
                  GError   **error)
{
  return NULL;
}

/* --- tests ---------------------------------------------------------------- */

/* Task.Run from a thread outside the pool: TaskScheduled on the global
 * queue, taken from there, TaskStarted, the span, then TaskCompleted; and
 * pool_trace_copy_since() still gives the span alone. */
static void
test_task_run_sequence (void)
{
  guint64 position;
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autofree char *line = NULL;
  const PoolTraceEvent *queued, *dequeued;
  guint id;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  task = pool_task_run (nothing, NULL, NULL);
  id = pool_task_get_id (task);
  pool_test_iterate_until_completed (task);

  events = copy_events (position);
  line = describe_task (events, id);
  g_assert_cmpstr (line, ==, "status:Created status:WaitingToRun queued:global dequeued:global "
                             "status:Running task status:RanToCompletion");

  queued = event_at (events, find (events, 0, POOL_TRACE_KIND_QUEUED, id, FALSE));
  g_assert_cmpint (queued->queue_index, ==, -1);
  g_assert_cmpuint (queued->item_id, ==, 0);
  g_assert_cmpuint (queued->thread_serial, ==, pool_trace_get_thread_serial ());
  dequeued = event_at (events, find (events, 0, POOL_TRACE_KIND_DEQUEUED, id, FALSE));
  g_assert_cmpint (dequeued->role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_cmpint (dequeued->worker_index, >=, 0);

  spans = pool_trace_copy_since (position);
  g_assert_cmpuint (spans->len, >=, 1);
  for (guint i = 0; i < spans->len; i++)
    g_assert_false (pool_trace_kind_is_instant (g_array_index (spans, PoolTraceEvent, i).kind));
  g_assert_cmpint (find (spans, 0, POOL_TRACE_KIND_TASK, id, FALSE), >=, 0);
}

typedef struct
{
  PoolTask *inner;
  int       worker_index;
} Nested;

static gpointer
run_nested (gpointer  data,
            GError  **error)
{
  Nested *nested = data;

  nested->worker_index = -1;
  nested->inner = pool_task_run (nothing, NULL, NULL);
  pool_task_wait (nested->inner, NULL);
  return NULL;
}

/* Task.Run from a worker goes to its local queue; the worker that waits for
 * it pops it back to run it inline (dequeued from its own queue), unless
 * another worker stole it first. */
static void
test_task_run_from_worker_is_local (void)
{
  guint64 position;
  g_autoptr(PoolTask) outer = NULL;
  g_autoptr(GArray) events = NULL;
  Nested nested = { NULL, };
  const PoolTraceEvent *outer_span, *queued, *taken;
  guint id;
  int index;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  outer = pool_task_run (run_nested, &nested, NULL);
  pool_test_iterate_until_completed (outer);
  id = pool_task_get_id (nested.inner);

  events = copy_events (position);
  outer_span = event_at (events, find (events, 0, POOL_TRACE_KIND_TASK, pool_task_get_id (outer), FALSE));
  queued = event_at (events, find (events, 0, POOL_TRACE_KIND_QUEUED, id, FALSE));
  g_assert_cmpint (queued->queue, ==, POOL_TRACE_QUEUE_LOCAL);
  g_assert_cmpint (queued->queue_index, ==, outer_span->worker_index);

  index = find (events, 0, POOL_TRACE_KIND_DEQUEUED, id, FALSE);
  if (index < 0)
    index = find (events, 0, POOL_TRACE_KIND_STOLEN, id, FALSE);
  taken = event_at (events, index);
  g_assert_cmpuint (taken->position, >, queued->position);
  g_assert_cmpint (taken->queue, ==, POOL_TRACE_QUEUE_LOCAL);
  g_assert_cmpint (taken->queue_index, ==, outer_span->worker_index);
  if (taken->kind == POOL_TRACE_KIND_DEQUEUED)
    g_assert_cmpuint (taken->thread_serial, ==, outer_span->thread_serial);
  else
    g_assert_cmpint (taken->worker_index, !=, outer_span->worker_index);

  pool_task_unref (nested.inner);
}

typedef struct
{
  Gate      stolen;     /* opened by the inner task, wherever it runs */
  PoolTask *inner;
} Steal;

static gpointer
open_gate (gpointer  data,
           GError  **error)
{
  gate_open (data);
  return NULL;
}

static gpointer
queue_then_block (gpointer  data,
                  GError  **error)
{
  Steal *steal = data;

  /* local to this worker, which then stays busy until another worker has
   * run the inner task: only a steal can run it */
  steal->inner = pool_task_run (open_gate, &steal->stolen, NULL);
  gate_pass (&steal->stolen);
  return NULL;
}

/* A task queued on a busy worker's local queue is stolen by another worker:
 * STOLEN from that worker's local queue, recorded by the thief. */
static void
test_steal_between_workers (void)
{
  guint64 position;
  g_autoptr(PoolTask) outer = NULL;
  g_autoptr(GArray) events = NULL;
  Steal steal = { GATE_INIT, NULL };
  g_autofree char *line = NULL;
  const PoolTraceEvent *outer_span, *stolen, *inner_span;
  guint id;

  g_assert_cmpuint (pool_thread_pool_get_thread_count (), >=, 2);

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  outer = pool_task_run (queue_then_block, &steal, NULL);
  pool_test_iterate_until_completed (outer);
  pool_test_iterate_until_completed (steal.inner);
  id = pool_task_get_id (steal.inner);

  events = copy_events (position);
  line = describe_task (events, id);
  g_assert_cmpstr (line, ==, "status:Created status:WaitingToRun queued:local stolen:local "
                             "status:Running task status:RanToCompletion");
  outer_span = event_at (events, find (events, 0, POOL_TRACE_KIND_TASK, pool_task_get_id (outer), FALSE));
  stolen = event_at (events, find (events, 0, POOL_TRACE_KIND_STOLEN, id, FALSE));
  inner_span = event_at (events, find (events, 0, POOL_TRACE_KIND_TASK, id, FALSE));
  g_assert_cmpint (stolen->queue_index, ==, outer_span->worker_index);
  g_assert_cmpint (stolen->role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_cmpint (stolen->worker_index, !=, outer_span->worker_index);
  g_assert_cmpuint (stolen->thread_serial, ==, inner_span->thread_serial);

  pool_task_unref (steal.inner);
}

static gpointer
start_new_inside (gpointer  data,
                  GError  **error)
{
  PoolTask **inner = data;

  /* TaskScheduler.Current is the UI scheduler here: scenario 2's trap */
  *inner = pool_task_factory_start_new (nothing, NULL, NULL);
  return NULL;
}

/* StartNew inside a task running on a main-context scheduler queues on the
 * UI thread's queue, and the UI thread takes it out. */
static void
test_start_new_on_main_context (void)
{
  guint64 position;
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  g_autoptr(PoolTask) outer = NULL;
  g_autoptr(PoolTask) inner = NULL;
  g_autoptr(GArray) events = NULL;
  g_autofree char *line = NULL;
  const PoolTraceEvent *queued, *dequeued;
  guint id;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  outer = pool_task_factory_start_new_full (start_new_inside, &inner, NULL, NULL,
                                            POOL_TASK_CREATION_NONE, ui);
  pool_test_iterate_until_completed (outer);
  g_assert_nonnull (inner);
  pool_test_iterate_until_completed (inner);
  id = pool_task_get_id (inner);

  events = copy_events (position);
  line = describe_task (events, id);
  g_assert_cmpstr (line, ==, "status:Created status:WaitingToRun queued:main-context "
                             "dequeued:main-context status:Running task status:RanToCompletion");
  queued = event_at (events, find (events, 0, POOL_TRACE_KIND_QUEUED, id, FALSE));
  g_assert_cmpint (queued->queue_index, ==, -1);
  g_assert_cmpint (queued->role, ==, POOL_THREAD_ROLE_UI);
  dequeued = event_at (events, find (events, 0, POOL_TRACE_KIND_DEQUEUED, id, FALSE));
  g_assert_cmpint (dequeued->role, ==, POOL_THREAD_ROLE_UI);
}

static void
mark_posted (gpointer   state,
             GError   **error)
{
  g_atomic_int_set ((gint *) state, 1);
}

/* A post with a label is a work item: a serial and the label on its
 * QUEUED, DEQUEUED and WORK_ITEM events. */
static void
test_post_with_label (void)
{
  guint64 position;
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  g_autoptr(GArray) events = NULL;
  gint posted = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  const PoolTraceEvent *queued, *dequeued, *span;
  int index;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  pool_main_context_scheduler_post_with_label (ui, mark_posted, &posted, "show result");
  while (!g_atomic_int_get (&posted))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  events = copy_events (position);
  index = find (events, 0, POOL_TRACE_KIND_QUEUED, 0, FALSE);
  queued = event_at (events, index);
  g_assert_cmpuint (queued->item_id, !=, 0);
  g_assert_cmpstr (queued->label, ==, "show result");
  g_assert_cmpint (queued->queue, ==, POOL_TRACE_QUEUE_MAIN_CONTEXT);
  dequeued = event_at (events, find (events, index, POOL_TRACE_KIND_DEQUEUED, 0, FALSE));
  g_assert_cmpuint (dequeued->item_id, ==, queued->item_id);
  span = event_at (events, find (events, index, POOL_TRACE_KIND_WORK_ITEM, 0, FALSE));
  g_assert_cmpuint (span->item_id, ==, queued->item_id);
  g_assert_cmpstr (span->label, ==, "show result");
  g_assert_cmpint (span->role, ==, POOL_THREAD_ROLE_UI);
  g_assert_cmpuint (span->position, >, dequeued->position);
}

typedef struct
{
  Gate      release_child;
  PoolTask *child;
} Family;

static gpointer
start_attached_child (gpointer  data,
                      GError  **error)
{
  Family *family = data;

  family->child = pool_task_factory_start_new_full (pass_gate, &family->release_child, NULL, NULL,
                                                    POOL_TASK_CREATION_ATTACHED_TO_PARENT,
                                                    pool_scheduler_get_default ());
  return NULL;
}

/* StartNew(AttachedToParent) inside a task: a LINK parent -> child, and the
 * parent waits for the child in WaitingForChildrenToComplete. */
static void
test_attached_child_link (void)
{
  guint64 position;
  g_autoptr(PoolTask) parent = NULL;
  g_autoptr(GArray) events = NULL;
  g_autofree char *line = NULL;
  Family family = { GATE_INIT, NULL };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  const PoolTraceEvent *link;
  int created;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  parent = pool_task_factory_start_new_full (start_attached_child, &family, NULL, NULL,
                                             POOL_TASK_CREATION_NONE, pool_scheduler_get_default ());
  while (pool_task_get_status (parent) != POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100);
    }
  gate_open (&family.release_child);
  pool_test_iterate_until_completed (parent);

  events = copy_events (position);
  line = describe_task (events, pool_task_get_id (parent));
  g_assert_cmpstr (line, ==, "status:Created status:WaitingToRun queued:global dequeued:global "
                             "status:Running task status:WaitingForChildrenToComplete "
                             "status:RanToCompletion");
  link = event_at (events, find (events, 0, POOL_TRACE_KIND_LINK, pool_task_get_id (family.child),
                                 TRUE));
  g_assert_cmpint (link->link, ==, POOL_TRACE_LINK_PARENT_CHILD);
  g_assert_cmpuint (link->task_id, ==, pool_task_get_id (parent));
  /* the child exists (Created) before it is linked */
  created = find (events, 0, POOL_TRACE_KIND_STATUS, pool_task_get_id (family.child), FALSE);
  g_assert_cmpuint (event_at (events, created)->position, <, link->position);

  pool_task_unref (family.child);
}

typedef struct
{
  Gate   *gate;
  guint   waited_id;
  guint64 position;
} Watcher;

/* Opens the gate once the trace shows someone blocked waiting for the task. */
static gpointer
open_when_waited_for (gpointer data)
{
  Watcher *watcher = data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GArray) events = pool_trace_copy_events_since (watcher->position);

      if (find (events, 0, POOL_TRACE_KIND_WAIT_BEGIN, watcher->waited_id, TRUE) >= 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (500);
    }
  gate_open (watcher->gate);
  return NULL;
}

/* A Wait that blocks is bracketed by WAIT_BEGIN and WAIT_END naming the task
 * waited for; a Wait on a completed task records nothing. */
static void
test_blocking_wait (void)
{
  guint64 position, after;
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) later = NULL;
  Gate gate = GATE_INIT;
  Watcher watcher;
  GThread *thread;
  const PoolTraceEvent *begin, *end;
  int final;
  guint id;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  task = pool_task_run (pass_gate, &gate, NULL);
  id = pool_task_get_id (task);
  watcher = (Watcher) { &gate, id, position };
  thread = g_thread_new ("watcher", open_when_waited_for, &watcher);
  g_assert_true (pool_task_wait (task, NULL));
  g_thread_join (thread);

  events = copy_events (position);
  begin = event_at (events, find (events, 0, POOL_TRACE_KIND_WAIT_BEGIN, id, TRUE));
  end = event_at (events, find (events, 0, POOL_TRACE_KIND_WAIT_END, id, TRUE));
  g_assert_cmpuint (begin->task_id, ==, 0);
  g_assert_cmpuint (end->task_id, ==, 0);
  g_assert_cmpuint (begin->thread_serial, ==, pool_trace_get_thread_serial ());
  g_assert_cmpuint (end->thread_serial, ==, pool_trace_get_thread_serial ());
  g_assert_cmpuint (begin->position, <, end->position);
  final = find (events, 0, POOL_TRACE_KIND_STATUS, id, FALSE);
  while (event_at (events, final)->status != POOL_TASK_STATUS_RAN_TO_COMPLETION)
    final = find (events, (guint) final + 1, POOL_TRACE_KIND_STATUS, id, FALSE);
  g_assert_cmpuint (event_at (events, final)->position, <, end->position);

  after = pool_trace_get_position ();
  g_assert_true (pool_task_wait (task, NULL));
  later = copy_events (after);
  g_assert_cmpint (find (later, 0, POOL_TRACE_KIND_WAIT_BEGIN, id, TRUE), ==, -1);
}

/* ContinueWith: a LINK antecedent -> continuation; the continuation starts
 * WaitingForActivation and is queued once the antecedent completes. */
static void
test_continuation_link (void)
{
  guint64 position;
  g_autoptr(PoolTask) antecedent = NULL;
  g_autoptr(PoolTask) continuation = NULL;
  g_autoptr(GArray) events = NULL;
  g_autofree char *line = NULL;
  Gate gate = GATE_INIT;
  const PoolTraceEvent *link;
  guint id;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  antecedent = pool_task_run (pass_gate, &gate, NULL);
  continuation = pool_task_continue_with (antecedent, continue_nothing, NULL, NULL,
                                          pool_scheduler_get_default ());
  gate_open (&gate);
  pool_test_iterate_until_completed (continuation);
  id = pool_task_get_id (continuation);

  events = copy_events (position);
  link = event_at (events, find (events, 0, POOL_TRACE_KIND_LINK, id, TRUE));
  g_assert_cmpint (link->link, ==, POOL_TRACE_LINK_CONTINUATION);
  g_assert_cmpuint (link->task_id, ==, pool_task_get_id (antecedent));
  g_assert_cmpuint (link->item_id, ==, 0);
  line = describe_task (events, id);
  /* queued from the worker that completed the antecedent: its local queue */
  g_assert_true (g_str_has_prefix (line, "status:WaitingForActivation status:WaitingToRun "
                                         "queued:local "));
  g_assert_true (g_str_has_suffix (line, "status:Running task status:RanToCompletion"));
}

typedef struct
{
  Gate      gate;
  PoolTask *task;
  gint      resumed;   /* atomic */
} AwaitCase;

static void
on_resumed (PoolTask *task,
            gpointer  data)
{
  g_atomic_int_set (&((AwaitCase *) data)->resumed, 1);
}

/* On the UI thread (a main-context callback): await Task.Run(...). */
static gboolean
await_from_ui (gpointer data)
{
  AwaitCase *c = data;

  c->task = pool_task_run (pass_gate, &c->gate, NULL);
  pool_task_await (c->task, TRUE, on_resumed, c, NULL);
  gate_open (&c->gate);
  return G_SOURCE_REMOVE;
}

/* await on the UI thread: the code after it is posted to the UI thread as a
 * work item labelled "await", linked from the awaited task
 * (AwaitTaskContinuationScheduled). */
static void
test_await_link (void)
{
  guint64 position;
  g_autoptr(GArray) events = NULL;
  AwaitCase c = { GATE_INIT, NULL, 0 };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  const PoolTraceEvent *link = NULL, *queued, *span;
  int index;

  pool_trace_set_enabled (TRUE);
  position = pool_trace_get_position ();
  g_idle_add (await_from_ui, &c);
  while (!g_atomic_int_get (&c.resumed))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }

  events = copy_events (position);
  for (index = find (events, 0, POOL_TRACE_KIND_LINK, pool_task_get_id (c.task), FALSE);
       index >= 0;
       index = find (events, (guint) index + 1, POOL_TRACE_KIND_LINK, pool_task_get_id (c.task), FALSE))
    if (event_at (events, index)->item_id != 0)
      {
        link = event_at (events, index);
        break;
      }
  g_assert_nonnull (link);
  g_assert_cmpint (link->link, ==, POOL_TRACE_LINK_CONTINUATION);
  g_assert_cmpuint (link->other_task_id, ==, 0);

  queued = event_at (events, find (events, (guint) index, POOL_TRACE_KIND_QUEUED, 0, FALSE));
  g_assert_cmpuint (queued->item_id, ==, link->item_id);
  g_assert_cmpstr (queued->label, ==, "await");
  g_assert_cmpint (queued->queue, ==, POOL_TRACE_QUEUE_MAIN_CONTEXT);
  span = event_at (events, find (events, (guint) index, POOL_TRACE_KIND_WORK_ITEM, 0, FALSE));
  g_assert_cmpuint (span->item_id, ==, link->item_id);
  g_assert_cmpstr (span->label, ==, "await");
  g_assert_cmpint (span->role, ==, POOL_THREAD_ROLE_UI);

  pool_task_unref (c.task);
}

static void
count_item (gpointer   state,
            GError   **error)
{
  g_atomic_int_inc ((gint *) state);
}

/* With tracing off nothing is recorded: not a span, not an instant. */
static void
test_nothing_when_off (void)
{
  guint64 position;
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(PoolTask) continuation = NULL;
  g_autoptr(GArray) events = NULL;
  Gate gate = GATE_INIT;
  gint items = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* on, then off: what ran while it was on is complete (this test runs
   * before the others, so that no earlier work is still recording) */
  pool_trace_set_enabled (TRUE);
  task = pool_task_run (nothing, NULL, NULL);
  pool_test_iterate_until_completed (task);
  g_clear_pointer (&task, pool_task_unref);
  g_assert_cmpuint (pool_trace_get_position (), >, 0);

  pool_trace_set_enabled (FALSE);
  position = pool_trace_get_position ();
  task = pool_task_run (pass_gate, &gate, NULL);
  continuation = pool_task_continue_with (task, continue_nothing, NULL, NULL, ui);
  pool_thread_pool_queue_user_work_item (count_item, &items, FALSE);
  pool_main_context_scheduler_post_with_label (ui, count_item, &items, "off");
  gate_open (&gate);
  pool_task_wait (task, NULL);
  pool_test_iterate_until_completed (continuation);
  while (g_atomic_int_get (&items) < 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100);
    }

  g_assert_cmpuint (pool_trace_get_position (), ==, position);
  events = pool_trace_copy_events_since (position);
  g_assert_cmpuint (events->len, ==, 0);
}

/* The helpers' names, and which kinds are instants. */
static void
test_kind_names (void)
{
  g_assert_false (pool_trace_kind_is_instant (POOL_TRACE_KIND_TASK));
  g_assert_false (pool_trace_kind_is_instant (POOL_TRACE_KIND_IO));
  g_assert_true (pool_trace_kind_is_instant (POOL_TRACE_KIND_QUEUED));
  g_assert_true (pool_trace_kind_is_instant (POOL_TRACE_KIND_LINK));
  g_assert_cmpstr (pool_trace_kind_to_string (POOL_TRACE_KIND_STOLEN), ==, "stolen");
  g_assert_cmpstr (pool_trace_kind_to_string (POOL_TRACE_KIND_WAIT_BEGIN), ==, "wait-begin");
  g_assert_cmpstr (pool_trace_queue_to_string (POOL_TRACE_QUEUE_MAIN_CONTEXT), ==, "main-context");
  g_assert_cmpstr (pool_trace_queue_to_string (POOL_TRACE_QUEUE_LOCAL), ==, "local");
}

int
main (int   argc,
      char *argv[])
{
  /* two workers at least, so that one can steal from the other */
  g_setenv ("POOL_FORCE_WORKER_THREADS", "2", FALSE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/trace/kind-names", test_kind_names);
  g_test_add_func ("/pool/trace/nothing-when-off", test_nothing_when_off);
  g_test_add_func ("/pool/trace/task-run/sequence", test_task_run_sequence);
  g_test_add_func ("/pool/trace/task-run/from-worker-is-local", test_task_run_from_worker_is_local);
  g_test_add_func ("/pool/trace/steal", test_steal_between_workers);
  g_test_add_func ("/pool/trace/start-new-on-main-context", test_start_new_on_main_context);
  g_test_add_func ("/pool/trace/post-with-label", test_post_with_label);
  g_test_add_func ("/pool/trace/attached-child-link", test_attached_child_link);
  g_test_add_func ("/pool/trace/blocking-wait", test_blocking_wait);
  g_test_add_func ("/pool/trace/continuation-link", test_continuation_link);
  g_test_add_func ("/pool/trace/await-link", test_await_link);

  return g_test_run ();
}
