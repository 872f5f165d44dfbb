/* test-trace-model.c — lanes, names, nesting and links, from a trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-test-instants.h"
#include "lab-trace-model.h"

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (LabTraceModel *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  ItemsChanged  *seen)
{
  seen->calls++;
  seen->position = position;
  seen->removed = removed;
  seen->added = added;
}

static const char *
title_at_row (LabTraceModel *model,
              guint          row)
{
  const LabTraceLane *lane = lab_trace_model_get_lane_at_row (model, row);

  return lane != NULL ? lane->title : NULL;
}

static LabTraceModel *
model_of (GArray *events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 0);

  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  return model;
}

/* One lane per thread that ran something: the UI thread's first, workers by index. */
static void
test_lanes_one_per_thread (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);
  PoolTraceEvent events[] = {
    WORKER_EVENT (0, POOL_TRACE_KIND_TASK, 2, NULL, 1, 0, 0, 10),
    UI_EVENT (1, POOL_TRACE_KIND_TASK, 1, NULL, 0, 0, 5),
    WORKER_EVENT (2, POOL_TRACE_KIND_TASK, 3, NULL, 0, 0, 2, 20),
    WORKER_EVENT (3, POOL_TRACE_KIND_REGION, 4, "blur", 0, 0, 26, 29),
    WORKER_EVENT (4, POOL_TRACE_KIND_TASK, 4, NULL, 0, 0, 25, 30),
  };

  g_assert_cmpuint (lab_trace_model_get_n_lanes (model), ==, 0);
  lab_trace_model_append (model, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (lab_trace_model_get_n_lanes (model), ==, 3);
  g_assert_cmpstr (title_at_row (model, 0), ==, "UI thread");
  g_assert_cmpstr (title_at_row (model, 1), ==, "Worker 1");
  g_assert_cmpstr (title_at_row (model, 2), ==, "Worker 2");
  g_assert_cmpuint (lab_trace_model_get_n_items (model), ==, 5);
  g_assert_cmpstr (lab_trace_model_get_thread_name (model, 10), ==, "Worker 1");
  g_assert_cmpstr (lab_trace_model_get_thread_name (model, 1), ==, "UI thread");
  g_assert_null (lab_trace_model_get_thread_name (model, 99));
}

/* Given the UI thread's serial, the model has the UI lane before any event. */
static void
test_lanes_ui_from_the_start (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);

  g_assert_cmpuint (lab_trace_model_get_n_lanes (model), ==, 1);
  g_assert_cmpstr (title_at_row (model, 0), ==, "UI thread");
  g_assert_cmpstr (lab_trace_model_get_thread_name (model, 1), ==, "UI thread");
}

static void
on_lanes_changed (LabTraceModel *model,
                  guint         *calls)
{
  (*calls)++;
}

/* Threads that appear later (an injected worker, a dedicated thread, I/O) add lanes
 * in display order; a lane's name never changes, its row moves. */
static void
test_lanes_appear_in_order (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);
  PoolTraceEvent io = IO_EVENT (9, "download", 0, 300);
  PoolTraceEvent second_dedicated = DEDICATED_EVENT (10, POOL_TRACE_KIND_TASK, 8, NULL, 25, 0, 710, 720);
  const LabTraceLane *dedicated;
  guint lanes_changed = 0;

  g_signal_connect (model, "lanes-changed", G_CALLBACK (on_lanes_changed), &lanes_changed);
  /* before the injection: the UI thread and workers 1, 2 */
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, 6);
  g_assert_cmpuint (lab_trace_model_get_n_lanes (model), ==, 3);
  g_assert_cmpuint (lanes_changed, ==, 3);

  lab_trace_model_append (model, &g_array_index (events, PoolTraceEvent, 6), events->len - 6);
  g_assert_cmpuint (lab_trace_model_get_n_lanes (model), ==, 5);
  g_assert_cmpstr (title_at_row (model, 3), ==, "Worker 5");
  g_assert_cmpstr (title_at_row (model, 4), ==, "Dedicated 1");
  dedicated = lab_trace_model_get_lane_at_row (model, 4);
  g_assert_cmpuint (dedicated->kind, ==, LAB_LANE_DEDICATED);
  g_assert_cmpuint (dedicated->thread_serial, ==, 30);

  /* a second dedicated thread with a smaller serial is still the second */
  lab_trace_model_append (model, &second_dedicated, 1);
  g_assert_cmpstr (title_at_row (model, 5), ==, "Dedicated 2");
  g_assert_cmpstr (lab_trace_model_get_thread_name (model, 30), ==, "Dedicated 1");

  /* awaited I/O gets the last lane */
  lab_trace_model_append (model, &io, 1);
  g_assert_cmpuint (lab_trace_model_get_n_lanes (model), ==, 7);
  g_assert_cmpstr (title_at_row (model, 6), ==, "I/O (no thread)");
  g_assert_cmpuint (lanes_changed, ==, 7);
}

/* A region recorded inside a task on the same thread belongs to it, even when
 * the task arrives in a later batch; ::items-changed reports the region's change. */
static void
test_regions_nest_in_their_task (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);
  PoolTraceEvent region = WORKER_EVENT (0, POOL_TRACE_KIND_REGION, 2, "blur", 0, 0, 6, 796);
  PoolTraceEvent task = WORKER_EVENT (1, POOL_TRACE_KIND_TASK, 2, NULL, 0, 2, 4, 800);
  PoolTraceEvent outside = WORKER_EVENT (2, POOL_TRACE_KIND_REGION, 0, "save", 0, 0, 810, 820);
  ItemsChanged seen = { 0, };

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &seen);
  lab_trace_model_append (model, &region, 1);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.added, ==, 1);
  g_assert_cmpuint (lab_trace_model_get_item (model, 0)->container, ==, G_MAXUINT);

  lab_trace_model_append (model, &task, 1);
  g_assert_cmpuint (seen.calls, ==, 2);
  /* the region changed too: the change starts at it */
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.removed, ==, 1);
  g_assert_cmpuint (seen.added, ==, 2);
  g_assert_cmpuint (lab_trace_model_get_item (model, 0)->container, ==, 1);
  g_assert_cmpstr (lab_trace_model_get_item (model, 1)->region, ==, "blur");

  /* a region after the task is its own item */
  lab_trace_model_append (model, &outside, 1);
  g_assert_cmpuint (seen.position, ==, 2);
  g_assert_cmpuint (seen.removed, ==, 0);
  g_assert_cmpuint (seen.added, ==, 1);
  g_assert_cmpuint (lab_trace_model_get_item (model, 2)->container, ==, G_MAXUINT);
}

/* A UI task queued as a worker's task ends is linked to it; nothing else is. */
static void
test_links_hand_off (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(LabTraceModel) exact = lab_trace_model_new (ORIGIN_US, 0);
  const LabTraceLink *link;

  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 1);
  link = lab_trace_model_get_link (model, 0);
  g_assert_cmpuint (link->kind, ==, LAB_TRACE_LINK_HAND_OFF);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->from_item)->event.position, ==, 2);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->to_item)->event.position, ==, 3);

  /* no guessing: no link; an exact one by task ids, once both are there */
  lab_trace_model_set_guess_hand_offs (exact, FALSE);
  lab_trace_model_add_task_link (exact, 6, 3);
  lab_trace_model_append (exact, (const PoolTraceEvent *) (gpointer) events->data, 4);
  g_assert_cmpuint (lab_trace_model_get_n_links (exact), ==, 0);
  lab_trace_model_append (exact, &g_array_index (events, PoolTraceEvent, 4), events->len - 4);
  g_assert_cmpuint (lab_trace_model_get_n_links (exact), ==, 1);
  link = lab_trace_model_get_link (exact, 0);
  g_assert_cmpuint (link->kind, ==, LAB_TRACE_LINK_TASK);
  g_assert_cmpuint (lab_trace_model_get_item (exact, link->from_item)->event.task_id, ==, 6);
  g_assert_cmpuint (lab_trace_model_get_item (exact, link->to_item)->event.task_id, ==, 3);
}

/* An awaited download's end hands off to the UI continuation that follows it. */
static void
test_links_from_io (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);
  PoolTraceEvent events[] = {
    IO_EVENT (0, "download", 1, 700),
    UI_EVENT (1, POOL_TRACE_KIND_TASK, 9, NULL, 700.2, 701, 702),
  };
  const LabTraceLink *link;

  lab_trace_model_append (model, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 1);
  link = lab_trace_model_get_link (model, 0);
  g_assert_cmpuint (lab_trace_model_get_lane (model, lab_trace_model_get_item (model, link->from_item)->lane)->kind,
                    ==, LAB_LANE_IO);
}

/* Which threads recorded the work regions, by the model's names, first seen first. */
static void
test_region_threads (void)
{
  g_autoptr(GArray) events = synthetic_tiles ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_auto(GStrv) threads = lab_trace_model_dup_region_threads (model, "blur-tile");
  g_auto(GStrv) none = lab_trace_model_dup_region_threads (model, "save");

  g_assert_cmpuint (g_strv_length (threads), ==, 4);
  g_assert_cmpstr (threads[0], ==, "Worker 1");
  g_assert_cmpstr (threads[3], ==, "Worker 4");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (lab_trace_model_count_region_lanes (model, "blur-tile", LAB_LANE_WORKER), ==, 4);
  g_assert_cmpuint (lab_trace_model_count_region_lanes (model, "blur-tile", LAB_LANE_UI), ==, 0);
  /* every tile's region is inside its task */
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, i);

      if (item->event.kind == POOL_TRACE_KIND_REGION)
        g_assert_cmpuint (item->container, ==, i + 1);
    }
}

/* Events that are not spans of work are not items; the end follows the last span. */
static void
test_end_and_non_spans (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(LabTraceModel) model = model_of (events);

  g_assert_cmpint (lab_trace_model_get_origin (model), ==, ORIGIN_US);
  g_assert_cmpint (lab_trace_model_get_end (model), ==, ORIGIN_US + MS (900));
  g_assert_cmpuint (lab_trace_model_get_n_dropped (model), ==, 0);
}

/* Instants are kept apart, in position order; the items stay spans only,
 * and instants alone tell the views with an ::items-changed adding none. */
static void
test_instants_kept_apart (void)
{
  g_autoptr(GArray) events = synthetic_await_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(LabTraceModel) later = lab_trace_model_new (ORIGIN_US, 1);
  PoolTraceEvent status = status_event (0, -1, 1, POOL_TASK_STATUS_CREATED, 1);
  ItemsChanged seen = { 0, };
  guint n_spans = 0;

  for (guint i = 0; i < events->len; i++)
    n_spans += !pool_trace_kind_is_instant (g_array_index (events, PoolTraceEvent, i).kind);
  g_assert_cmpuint (lab_trace_model_get_n_items (model), ==, n_spans);
  g_assert_cmpuint (lab_trace_model_get_n_instants (model), ==, events->len - n_spans);
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    g_assert_false (pool_trace_kind_is_instant (lab_trace_model_get_item (model, i)->event.kind));
  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      g_assert_true (pool_trace_kind_is_instant (lab_trace_model_get_instant (model, i)->kind));
      if (i > 0)
        g_assert_cmpuint (lab_trace_model_get_instant (model, i - 1)->position, <,
                          lab_trace_model_get_instant (model, i)->position);
    }
  g_assert_cmpint (lab_trace_model_get_instant (model, 0)->status, ==, POOL_TASK_STATUS_CREATED);

  g_signal_connect (later, "items-changed", G_CALLBACK (on_items_changed), &seen);
  lab_trace_model_append (later, &status, 1);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.added, ==, 0);
  g_assert_cmpuint (lab_trace_model_get_n_items (later), ==, 0);
}

/* With instants, the code after an await is linked to the task it awaited,
 * even when the UI thread took it up late (where the guess finds nothing). */
static void
test_links_exact_await (void)
{
  g_autoptr(GArray) events = synthetic_await_run ();
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(LabTraceModel) guessed = NULL;
  const LabTraceLink *link;

  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 1);
  link = lab_trace_model_get_link (model, 0);
  g_assert_cmpuint (link->kind, ==, LAB_TRACE_LINK_HAND_OFF);
  g_assert_cmpint (lab_trace_model_get_item (model, link->from_item)->event.kind, ==,
                   POOL_TRACE_KIND_TASK);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->from_item)->event.task_id, ==, 2);
  g_assert_cmpint (lab_trace_model_get_item (model, link->to_item)->event.kind, ==,
                   POOL_TRACE_KIND_WORK_ITEM);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->to_item)->event.item_id, ==, 5);

  /* the same spans without their instants (a version-1 file): guessed, and missed */
  for (guint i = 0; i < events->len; i++)
    if (!pool_trace_kind_is_instant (g_array_index (events, PoolTraceEvent, i).kind))
      g_array_append_val (spans, g_array_index (events, PoolTraceEvent, i));
  guessed = model_of (spans);
  g_assert_cmpuint (lab_trace_model_get_n_links (guessed), ==, 0);
}

/* A work item on a worker that posts to the UI thread is recorded at its
 * end, after the UI thread ran what it posted: the link waits for it. The
 * UI thread's own posts hand nothing over. */
static void
test_links_exact_source_later (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  PoolTraceEvent first[] = {
    queue_event (0, POOL_TRACE_KIND_QUEUED, 0, 0, 31, "progress",
                 POOL_TRACE_QUEUE_MAIN_CONTEXT, -1, 50),
    work_item_event (1, -1, 31, "progress", 51, 52),
    queue_event (2, POOL_TRACE_KIND_QUEUED, -1, 0, 32, "idle", POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 53),
    work_item_event (3, -1, 32, "idle", 54, 55),
  };
  PoolTraceEvent second = work_item_event (4, 0, 30, NULL, 40, 60);
  const LabTraceLink *link;

  lab_trace_model_append (model, first, G_N_ELEMENTS (first));
  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 0);
  lab_trace_model_append (model, &second, 1);
  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 1);
  link = lab_trace_model_get_link (model, 0);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->from_item)->event.item_id, ==, 30);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->to_item)->event.item_id, ==, 31);
}

/* A ContinueWith continuation for the UI scheduler, queued by the worker
 * that completed its antecedent, is linked to the antecedent however late
 * the UI thread runs it. */
static void
test_links_exact_continue_with (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  PoolTraceEvent events[] = {
    status_event (0, -1, 3, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION, 1),
    WORKER_EVENT (1, POOL_TRACE_KIND_TASK, 2, NULL, 1, 1, 2, 100),
    status_event (2, 1, 2, POOL_TASK_STATUS_RAN_TO_COMPLETION, 100),
    instant_event (3, POOL_TRACE_KIND_LINK, 1, 2, 100.1),
    queue_event (4, POOL_TRACE_KIND_QUEUED, 1, 3, 0, NULL, POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 100.2),
    UI_EVENT (5, POOL_TRACE_KIND_TASK, 3, NULL, 100.2, 150, 160),
  };
  const LabTraceLink *link;

  events[3].other_task_id = 3;
  events[3].link = POOL_TRACE_LINK_CONTINUATION;
  lab_trace_model_append (model, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 1);
  link = lab_trace_model_get_link (model, 0);
  g_assert_cmpuint (link->kind, ==, LAB_TRACE_LINK_HAND_OFF);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->from_item)->event.task_id, ==, 2);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->to_item)->event.task_id, ==, 3);
}

/* An awaited download (a promise, run by no thread) hands off from its I/O
 * to the code after the await, even when the UI thread itself posted it. */
static void
test_links_exact_from_io (void)
{
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  PoolTraceEvent events[] = {
    status_event (0, -1, 9, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION, 0.5),
    IO_EVENT (1, "download", 1, 700),
    status_event (2, -1, 9, POOL_TASK_STATUS_RAN_TO_COMPLETION, 700.05),
    await_link_event (3, -1, 9, 40, 700.1),
    queue_event (4, POOL_TRACE_KIND_QUEUED, -1, 0, 40, "await", POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 700.1),
    work_item_event (5, -1, 40, "await", 701, 702),
  };
  const LabTraceLink *link;

  lab_trace_model_append (model, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (lab_trace_model_get_n_links (model), ==, 1);
  link = lab_trace_model_get_link (model, 0);
  g_assert_cmpint (lab_trace_model_get_item (model, link->from_item)->event.kind, ==,
                   POOL_TRACE_KIND_IO);
  g_assert_cmpuint (lab_trace_model_get_item (model, link->to_item)->event.item_id, ==, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/trace-model/lanes/one-per-thread", test_lanes_one_per_thread);
  g_test_add_func ("/lab/trace-model/lanes/ui-from-the-start", test_lanes_ui_from_the_start);
  g_test_add_func ("/lab/trace-model/lanes/appear-in-order", test_lanes_appear_in_order);
  g_test_add_func ("/lab/trace-model/regions/nest-in-their-task", test_regions_nest_in_their_task);
  g_test_add_func ("/lab/trace-model/links/hand-off", test_links_hand_off);
  g_test_add_func ("/lab/trace-model/links/from-io", test_links_from_io);
  g_test_add_func ("/lab/trace-model/links/exact-await", test_links_exact_await);
  g_test_add_func ("/lab/trace-model/links/exact-source-later", test_links_exact_source_later);
  g_test_add_func ("/lab/trace-model/links/exact-from-io", test_links_exact_from_io);
  g_test_add_func ("/lab/trace-model/links/exact-continue-with", test_links_exact_continue_with);
  g_test_add_func ("/lab/trace-model/instants/kept-apart", test_instants_kept_apart);
  g_test_add_func ("/lab/trace-model/region-threads", test_region_threads);
  g_test_add_func ("/lab/trace-model/end", test_end_and_non_spans);
  return g_test_run ();
}
