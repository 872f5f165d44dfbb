/* lab-test-trace.h — synthetic traces that look like real runs, for the
 * model's tests (no window) and the instruments' (tests/ui).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <pool.h>

#define ORIGIN_US ((gint64) 1000 * 1000 * 1000)
#define MS(ms)    ((gint64) ((ms) * 1000.0))

static inline PoolTraceEvent
trace_event (guint64        position,
             PoolTraceKind  kind,
             guint          task_id,
             const char    *label,
             PoolThreadRole role,
             int            worker_index,
             guint          thread_serial,
             double         queued_ms,
             double         start_ms,
             double         end_ms)
{
  PoolTraceEvent event = { 0, };

  event.position = position;
  event.kind = kind;
  event.task_id = task_id;
  event.label = label;
  event.role = role;
  event.worker_index = role == POOL_THREAD_ROLE_WORKER ? worker_index : -1;
  event.thread_serial = thread_serial;
  event.queued_us = queued_ms > 0 ? ORIGIN_US + MS (queued_ms) : 0;
  event.start_us = ORIGIN_US + MS (start_ms);
  event.end_us = ORIGIN_US + MS (end_ms);
  return event;
}

#define UI_EVENT(pos, kind, id, label, q, s, e) \
  trace_event (pos, kind, id, label, POOL_THREAD_ROLE_UI, -1, 1, q, s, e)
#define WORKER_EVENT(pos, kind, id, label, worker, q, s, e) \
  trace_event (pos, kind, id, label, POOL_THREAD_ROLE_WORKER, worker, 10 + (worker), q, s, e)
#define DEDICATED_EVENT(pos, kind, id, label, serial, q, s, e) \
  trace_event (pos, kind, id, label, POOL_THREAD_ROLE_DEDICATED, -1, serial, q, s, e)
#define IO_EVENT(pos, label, s, e) \
  trace_event (pos, POOL_TRACE_KIND_IO, 0, label, POOL_THREAD_ROLE_OTHER, -1, 0, 0, s, e)

/*
 * A run like scenario 9 with a hand-off: the click queues a blur on worker 1
 * whose result a UI continuation takes; worker 2 runs another task and an
 * inline one; two blocking items starve the pool, so a task waits 500 ms in
 * the queue until the pool injects worker 5; a LongRunning task gets a
 * dedicated thread. Positions are the events' indexes; the order is the
 * order a real trace records them in (by end, a region before its task).
 */
static inline GArray *
synthetic_run (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    UI_EVENT (0, POOL_TRACE_KIND_TASK, 1, NULL, 0, 0, 3),
    WORKER_EVENT (1, POOL_TRACE_KIND_REGION, 2, "blur", 0, 0, 6, 796),
    WORKER_EVENT (2, POOL_TRACE_KIND_TASK, 2, NULL, 0, 2, 4, 800),
    UI_EVENT (3, POOL_TRACE_KIND_TASK, 3, NULL, 800.1, 801, 830),
    WORKER_EVENT (4, POOL_TRACE_KIND_TASK, 4, NULL, 1, 10, 12, 400),
    WORKER_EVENT (5, POOL_TRACE_KIND_TASK, 7, NULL, 1, 0, 420, 480),
    WORKER_EVENT (6, POOL_TRACE_KIND_TASK, 5, NULL, 4, 50, 550, 900),
    DEDICATED_EVENT (7, POOL_TRACE_KIND_TASK, 6, NULL, 30, 0, 100, 700),
    WORKER_EVENT (8, POOL_TRACE_KIND_WORK_ITEM, 0, NULL, 1, 0, 490, 540),
  };

  list[5].inlined = TRUE;
  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

/* The parallel blur in tiles: 24 tiles over 4 workers, each tile its own task. */
static inline GArray *
synthetic_tiles (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  double worker_free[4] = { 2, 2, 2, 2 };
  guint64 position = 0;

  for (guint tile = 0; tile < 24; tile++)
    {
      int worker = (int) (tile % 4);
      double start = worker_free[worker] + 0.5;
      double length = 28 + (tile * 7) % 13;
      /* the first tiles wait for a free worker; later ones are started by
       * the tile before them and wait little */
      double queued = tile < 8 ? 1 + tile * 0.2 : start - 0.4 - (tile % 3) * 2.5;
      PoolTraceEvent region = WORKER_EVENT (position++, POOL_TRACE_KIND_REGION, 20 + tile,
                                            "blur-tile", worker, 0, start + 0.3, start + length - 0.3);
      PoolTraceEvent task = WORKER_EVENT (position++, POOL_TRACE_KIND_TASK, 20 + tile, NULL,
                                          worker, queued, start, start + length);

      g_array_append_val (events, region);
      g_array_append_val (events, task);
      worker_free[worker] = start + length;
    }
  return events;
}
