/* lab-test-instants.h — the instants of synthetic traces (queued, status,
 * waits, links), for the tests of task states, queues and waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads as in lab-test-trace.h: the UI thread is serial 1, worker N is
 * serial 10 + N. @worker is -1 for the UI thread.
 */
#pragma once

#include "lab-test-trace.h"

static inline PoolTraceEvent
instant_event (guint64       position,
               PoolTraceKind kind,
               int           worker,
               guint         task_id,
               double        at_ms)
{
  PoolThreadRole role = worker < 0 ? POOL_THREAD_ROLE_UI : POOL_THREAD_ROLE_WORKER;
  guint serial = worker < 0 ? 1 : 10 + (guint) worker;
  PoolTraceEvent event = trace_event (position, kind, task_id, NULL, role, worker, serial, 0,
                                      at_ms, at_ms);

  event.queue_index = -1;
  return event;
}

static inline PoolTraceEvent
status_event (guint64        position,
              int            worker,
              guint          task_id,
              PoolTaskStatus status,
              double         at_ms)
{
  PoolTraceEvent event = instant_event (position, POOL_TRACE_KIND_STATUS, worker, task_id, at_ms);

  event.status = status;
  return event;
}

/* QUEUED, DEQUEUED or STOLEN of a task (@item_id 0) or a work item (@task_id 0) */
static inline PoolTraceEvent
queue_event (guint64         position,
             PoolTraceKind   kind,
             int             worker,
             guint           task_id,
             guint64         item_id,
             const char     *label,
             PoolTraceQueue  queue,
             int             queue_index,
             double          at_ms)
{
  PoolTraceEvent event = instant_event (position, kind, worker, task_id, at_ms);

  event.item_id = item_id;
  event.label = label;
  event.queue = queue;
  event.queue_index = queue_index;
  return event;
}

/* an await of @task_id that posted the work item @item_id */
static inline PoolTraceEvent
await_link_event (guint64 position,
                  int     worker,
                  guint   task_id,
                  guint64 item_id,
                  double  at_ms)
{
  PoolTraceEvent event = instant_event (position, POOL_TRACE_KIND_LINK, worker, task_id, at_ms);

  event.item_id = item_id;
  event.link = POOL_TRACE_LINK_CONTINUATION;
  return event;
}

/* WAIT_BEGIN or WAIT_END on @worker's thread (running @task_id) for @waited */
static inline PoolTraceEvent
wait_event (guint64       position,
            PoolTraceKind kind,
            int           worker,
            guint         task_id,
            guint         waited,
            double        at_ms)
{
  PoolTraceEvent event = instant_event (position, kind, worker, task_id, at_ms);

  event.other_task_id = waited;
  return event;
}

static inline PoolTraceEvent
work_item_event (guint64     position,
                 int         worker,
                 guint64     item_id,
                 const char *label,
                 double      start_ms,
                 double      end_ms)
{
  PoolTraceEvent event = worker < 0
    ? UI_EVENT (position, POOL_TRACE_KIND_WORK_ITEM, 0, label, 0, start_ms, end_ms)
    : WORKER_EVENT (position, POOL_TRACE_KIND_WORK_ITEM, 0, label, worker, 0, start_ms, end_ms);

  event.item_id = item_id;
  return event;
}

/*
 * Scenario 1's shape: the click runs task 2 (the blur) with Task.Run; the
 * code after its await (work item 5) is posted to the UI thread when the blur
 * ends, and the UI thread, busy with task 4 until 850 ms, runs it then.
 */
static inline GArray *
synthetic_await_run (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    status_event (0, -1, 2, POOL_TASK_STATUS_CREATED, 1),
    status_event (1, -1, 2, POOL_TASK_STATUS_WAITING_TO_RUN, 2),
    queue_event (2, POOL_TRACE_KIND_QUEUED, -1, 2, 0, NULL, POOL_TRACE_QUEUE_GLOBAL, -1, 2),
    queue_event (3, POOL_TRACE_KIND_DEQUEUED, 0, 2, 0, NULL, POOL_TRACE_QUEUE_GLOBAL, -1, 3),
    status_event (4, 0, 2, POOL_TASK_STATUS_RUNNING, 3),
    WORKER_EVENT (5, POOL_TRACE_KIND_REGION, 2, "blur", 0, 0, 4, 800),
    WORKER_EVENT (6, POOL_TRACE_KIND_TASK, 2, NULL, 0, 2, 3, 801),
    status_event (7, 0, 2, POOL_TASK_STATUS_RAN_TO_COMPLETION, 801),
    await_link_event (8, 0, 2, 5, 801.5),
    queue_event (9, POOL_TRACE_KIND_QUEUED, 0, 0, 5, "await", POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 801.5),
    UI_EVENT (10, POOL_TRACE_KIND_TASK, 4, NULL, 700, 780, 850),
    queue_event (11, POOL_TRACE_KIND_DEQUEUED, -1, 0, 5, "await",
                 POOL_TRACE_QUEUE_MAIN_CONTEXT, -1, 850),
    work_item_event (12, -1, 5, "await", 850, 860),
  };

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

/*
 * Scenario 13's shape: the UI thread blocks at 5 ms in .Result for task 3 (a
 * promise) while task 2 (the blur) runs on worker 1 until 100 ms; the code
 * after its await (work item 7) is then posted to the UI thread, which is
 * let go at 1600 ms, runs it, and so completes task 3.
 */
static inline GArray *
synthetic_result_deadlock (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    status_event (0, -1, 3, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION, 1),
    status_event (1, -1, 2, POOL_TASK_STATUS_CREATED, 1),
    status_event (2, -1, 2, POOL_TASK_STATUS_WAITING_TO_RUN, 2),
    queue_event (3, POOL_TRACE_KIND_QUEUED, -1, 2, 0, NULL, POOL_TRACE_QUEUE_GLOBAL, -1, 2),
    queue_event (4, POOL_TRACE_KIND_DEQUEUED, 0, 2, 0, NULL, POOL_TRACE_QUEUE_GLOBAL, -1, 3),
    status_event (5, 0, 2, POOL_TASK_STATUS_RUNNING, 3),
    wait_event (6, POOL_TRACE_KIND_WAIT_BEGIN, -1, 0, 3, 5),
    WORKER_EVENT (7, POOL_TRACE_KIND_TASK, 2, NULL, 0, 2, 3, 100),
    status_event (8, 0, 2, POOL_TASK_STATUS_RAN_TO_COMPLETION, 100),
    await_link_event (9, 0, 2, 7, 100.5),
    queue_event (10, POOL_TRACE_KIND_QUEUED, 0, 0, 7, "await", POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 100.5),
    wait_event (11, POOL_TRACE_KIND_WAIT_END, -1, 0, 3, 1600),
    queue_event (12, POOL_TRACE_KIND_DEQUEUED, -1, 0, 7, "await",
                 POOL_TRACE_QUEUE_MAIN_CONTEXT, -1, 1601),
    status_event (13, -1, 3, POOL_TASK_STATUS_RAN_TO_COMPLETION, 1602),
    work_item_event (14, -1, 7, "await", 1601, 1603),
  };

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}
