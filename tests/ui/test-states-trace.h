/* test-states-trace.h — a synthetic run with every task state, a steal,
 * attached children and the .Result deadlock, for the timeline's states
 * and the queue view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads as in tests/lab/lab-test-trace.h: the UI thread is serial 1,
 * worker N (index) serial 10 + N, shown as "Worker N+1".
 *
 *  - task 2 (queued to the global queue at 1 ms) runs on worker 0 from 3 to
 *    300 ms and creates the attached children 3 and 4 at 10 and 12 ms, into
 *    worker 0's local queue; worker 1 steals task 3 at 40 ms and runs it
 *    to 200 ms (RanToCompletion); worker 0 runs task 4 from 300 ms when
 *    task 2's delegate is done (task 2 is WaitingForChildrenToComplete) to
 *    420 ms: task 4 faults, so task 2 ends Faulted at 420 ms;
 *  - the UI thread queues tasks 5 and 8 to the global queue at 4 ms, then
 *    blocks at 5 ms in .Result on task 6, a promise (an async method's task);
 *  - worker 2 runs task 5 from 60 to 150 ms (Canceled; from 70 to 140 ms it
 *    waits for task 3, until its timeout), then task 8 from 160
 *    to 190 ms; the code after the await of task 8 (work item 7, "await")
 *    is posted to the UI thread's queue at 195 ms, where it waits forever
 *    behind the wait: the deadlock;
 *  - worker 1 runs a timer from 450 to 500 ms, the last span.
 */
#pragma once

#include "lab-test-instants.h"

static inline PoolTraceEvent
parent_link_event (guint64 position,
                   int     worker,
                   guint   parent,
                   guint   child,
                   double  at_ms)
{
  PoolTraceEvent event = instant_event (position, POOL_TRACE_KIND_LINK, worker, parent, at_ms);

  event.other_task_id = child;
  event.link = POOL_TRACE_LINK_PARENT_CHILD;
  return event;
}

#define Q(kind, w, task, item, label, queue, index, ms) \
  queue_event (0, POOL_TRACE_KIND_##kind, w, task, item, label, POOL_TRACE_QUEUE_##queue, index, ms)
#define S(w, task, status, ms) status_event (0, w, task, POOL_TASK_STATUS_##status, ms)

static inline GArray *
synthetic_states_run (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    S (-1, 2, CREATED, 1),
    S (-1, 2, WAITING_TO_RUN, 1),
    Q (QUEUED, -1, 2, 0, NULL, GLOBAL, -1, 1),
    S (-1, 6, WAITING_FOR_ACTIVATION, 2),
    Q (DEQUEUED, 0, 2, 0, NULL, GLOBAL, -1, 3),
    S (0, 2, RUNNING, 3),
    S (-1, 5, CREATED, 4),
    S (-1, 5, WAITING_TO_RUN, 4),
    Q (QUEUED, -1, 5, 0, NULL, GLOBAL, -1, 4),
    S (-1, 8, CREATED, 4.5),
    S (-1, 8, WAITING_TO_RUN, 4.5),
    Q (QUEUED, -1, 8, 0, NULL, GLOBAL, -1, 4.5),
    wait_event (0, POOL_TRACE_KIND_WAIT_BEGIN, -1, 0, 6, 5),
    S (0, 3, CREATED, 10),
    parent_link_event (0, 0, 2, 3, 10),
    S (0, 3, WAITING_TO_RUN, 10),
    Q (QUEUED, 0, 3, 0, NULL, LOCAL, 0, 10),
    S (0, 4, CREATED, 12),
    parent_link_event (0, 0, 2, 4, 12),
    S (0, 4, WAITING_TO_RUN, 12),
    Q (QUEUED, 0, 4, 0, NULL, LOCAL, 0, 12),
    Q (STOLEN, 1, 3, 0, NULL, LOCAL, 0, 40),
    S (1, 3, RUNNING, 40),
    Q (DEQUEUED, 2, 5, 0, NULL, GLOBAL, -1, 60),
    S (2, 5, RUNNING, 60),
    wait_event (0, POOL_TRACE_KIND_WAIT_BEGIN, 2, 5, 3, 70),
    wait_event (0, POOL_TRACE_KIND_WAIT_END, 2, 5, 3, 140),
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 5, NULL, 2, 4, 60, 150),
    S (2, 5, CANCELED, 150),
    Q (DEQUEUED, 2, 8, 0, NULL, GLOBAL, -1, 160),
    S (2, 8, RUNNING, 160),
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 8, NULL, 2, 4.5, 160, 190),
    S (2, 8, RAN_TO_COMPLETION, 190),
    await_link_event (0, 2, 8, 7, 195),
    Q (QUEUED, 2, 0, 7, "await", MAIN_CONTEXT, -1, 195),
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 3, NULL, 1, 10, 40, 200),
    S (1, 3, RAN_TO_COMPLETION, 200),
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 2, NULL, 0, 1, 3, 300),
    S (0, 2, WAITING_FOR_CHILDREN_TO_COMPLETE, 300),
    Q (DEQUEUED, 0, 4, 0, NULL, LOCAL, 0, 300),
    S (0, 4, RUNNING, 300),
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 4, NULL, 0, 12, 300, 420),
    S (0, 4, FAULTED, 420),
    S (0, 2, FAULTED, 420),
    work_item_event (0, 1, 9, "timer", 450, 500),
  };

  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    list[i].position = i;
  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

#undef Q
#undef S
