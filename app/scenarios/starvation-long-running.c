/* Blocked pool threads vs LongRunning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thread pool keeps about one worker per core. When work blocks them
 * (a Thread.Sleep, a synchronous read, a .Wait()), every worker is stuck and
 * a short job queued behind them just waits. The pool notices the starvation
 * and adds a thread, but only about every half second, on purpose: threads
 * are expensive. This run measures how long one short item waits behind as
 * many blocking items as there are workers, all on the pool's own workers.
 * Once they are all done, it does the same with the blocking items started
 * as LongRunning (with TaskScheduler.Default named, as StartNew always
 * should): each gets a dedicated thread of its own, the workers stay free,
 * and the short item starts at once. The window stays responsive in both
 * cases; what suffers is the pool.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* How long each blocking item blocks, with and without LongRunning. */
#define BLOCK_ON_POOL_MS      1500
#define BLOCK_LONG_RUNNING_MS 600

typedef struct
{
  LabScenarioRun *run;
  guint           n_blockers;
  guint           workers_before;
  guint           workers_peak;
  gint64          pool_phase_start_us;
  gint64          long_running_start_us;
  guint           sampler_id;
  GArray         *injections_ms;        /* (double) when the worker count went up */

  /* per phase */
  gint64          short_queued_us;
  gint64          short_started_us;     /* written by the short item */
  double          long_running_delay_ms;
  double          pool_delay_ms;
} Starvation;

static void
starvation_free (Starvation *starvation)
{
  g_clear_handle_id (&starvation->sampler_id, g_source_remove);
  g_clear_pointer (&starvation->injections_ms, g_array_unref);
  g_clear_object (&starvation->run);
  g_free (starvation);
}

/* Every 10 ms on the UI thread while the pool is starved: did it add a worker? */
static gboolean
watch_thread_count (gpointer data)
{
  Starvation *starvation = data;
  guint workers = pool_thread_pool_get_thread_count ();

  while (starvation->workers_peak < workers)
    {
      double at_ms = (g_get_monotonic_time () - starvation->pool_phase_start_us) / 1000.0;

      g_array_append_val (starvation->injections_ms, at_ms);
      starvation->workers_peak++;
    }
  return G_SOURCE_CONTINUE;
}

/* A blocking item: the thread it runs on can do nothing else meanwhile. */
static gpointer
block_thread (gpointer   data,
              GError   **error)
{
  gint64 begin = pool_trace_begin_region ();

  g_usleep ((gulong) GPOINTER_TO_UINT (data) * 1000);  /* Thread.Sleep: the blocking it shows */
  pool_trace_end_region ("blocked", begin);
  return NULL;
}

/* The short item: notes when it finally got a thread. */
static gpointer
short_item (gpointer   data,
            GError   **error)
{
  Starvation *starvation = data;
  gint64 begin = pool_trace_begin_region ();

  starvation->short_started_us = g_get_monotonic_time ();
  pool_trace_end_region ("short item", begin);
  return NULL;
}

static gpointer start_long_running (PoolTask *all, gpointer data, GError **error);
static gpointer finish (PoolTask *all, gpointer data, GError **error);

/* [snippet] */
/* Task.WhenAll(work) then continue on the UI thread: `await Task.WhenAll(work)`. */
static void
await_all (Starvation           *starvation,
           GPtrArray            *work,
           PoolContinuationFunc  then,
           const char           *await_line,
           const char           *after_line)
{
  guint64 since = pool_trace_get_position ();
  g_autoptr(PoolTask) all = pool_task_when_all ((PoolTask * const *) work->pdata, work->len);
  g_autoptr(PoolTask) after = NULL;

  lab_scenario_run_mark_tasks_since (starvation->run, since, await_line);
  after = pool_task_continue_with (all, then, starvation, NULL,
                                   lab_scenario_run_get_ui_scheduler (starvation->run));
  lab_scenario_run_mark_task (starvation->run, after, after_line);
}

static void
start (LabScenarioRun *run)
{
  Starvation *starvation = g_new0 (Starvation, 1);
  g_autoptr(GPtrArray) work = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);

  starvation->run = g_object_ref (run);
  starvation->injections_ms = g_array_new (FALSE, FALSE, sizeof (double));
  /* ThreadPool.GetMinThreads(out int min, out _);
   * int n = Math.Max(min, ThreadPool.ThreadCount);  (every worker, one per core at rest) */
  starvation->workers_before = pool_thread_pool_get_thread_count ();
  starvation->n_blockers = MAX (pool_thread_pool_get_min_threads (), starvation->workers_before);
  starvation->workers_peak = starvation->workers_before;
  starvation->pool_phase_start_us = g_get_monotonic_time ();
  starvation->sampler_id = g_timeout_add (10, watch_thread_count, starvation);

  /* 1. for (i < n) work.Add(Task.Run(() => Thread.Sleep(1500)));  every worker blocked */
  for (guint i = 0; i < starvation->n_blockers; i++)
    {
      PoolTask *blocker = pool_task_run (block_thread, GUINT_TO_POINTER (BLOCK_ON_POOL_MS), NULL);

      lab_scenario_run_mark_task (run, blocker, "Thread.Sleep(1500)");
      g_ptr_array_add (work, blocker);
    }

  /* var queued = Stopwatch.StartNew(); work.Add(Task.Run(() => waited = queued.Elapsed)); */
  starvation->short_started_us = 0;
  starvation->short_queued_us = g_get_monotonic_time ();
  g_ptr_array_add (work, pool_task_run (short_item, starvation, NULL));
  lab_scenario_run_mark_task (run, work->pdata[work->len - 1], "waited = queued.Elapsed");

  /* await Task.WhenAll(work); */
  await_all (starvation, work, start_long_running, "await Task.WhenAll(work);", "work.Clear();");
}

static gpointer
start_long_running (PoolTask  *all,
                    gpointer   data,
                    GError   **error)
{
  Starvation *starvation = data;
  g_autoptr(GPtrArray) work = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);

  g_clear_handle_id (&starvation->sampler_id, g_source_remove);
  watch_thread_count (starvation);
  starvation->pool_delay_ms = (starvation->short_started_us - starvation->short_queued_us) / 1000.0;

  /* 2. work.Clear();
   *    for (i < n) work.Add(Task.Factory.StartNew(() => Thread.Sleep(600),
   *        CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)); */
  for (guint i = 0; i < starvation->n_blockers; i++)
    {
      PoolTask *blocker;

      blocker = pool_task_factory_start_new_full (block_thread,
                                                  GUINT_TO_POINTER (BLOCK_LONG_RUNNING_MS),
                                                  NULL, NULL, POOL_TASK_CREATION_LONG_RUNNING,
                                                  pool_scheduler_get_default ());
      lab_scenario_run_mark_task (starvation->run, blocker, "Thread.Sleep(600)");
      g_ptr_array_add (work, blocker);
    }

  /* queued.Restart(); work.Add(Task.Run(() => waitedLong = queued.Elapsed)); */
  starvation->short_started_us = 0;
  starvation->short_queued_us = g_get_monotonic_time ();
  starvation->long_running_start_us = starvation->short_queued_us;
  g_ptr_array_add (work, pool_task_run (short_item, starvation, NULL));
  lab_scenario_run_mark_task (starvation->run, work->pdata[work->len - 1],
                              "waitedLong = queued.Elapsed");

  /* await Task.WhenAll(work);  (the second: told apart by the line before) */
  await_all (starvation, work, finish, "waitedLong = queued.Elapsed));\n    await Task.WhenAll",
             "waitedLong = queued.Elapsed));\n    await Task.WhenAll");
  return NULL;
}
/* [/snippet] */

static gpointer
finish (PoolTask  *all,
        gpointer   data,
        GError   **error)
{
  Starvation *starvation = data;
  LabScenarioRun *run = starvation->run;
  JsonArray *injections = json_array_new ();
  GString *injected_at = g_string_new (NULL);

  starvation->long_running_delay_ms = (starvation->short_started_us -
                                       starvation->short_queued_us) / 1000.0;

  for (guint i = 0; i < starvation->injections_ms->len; i++)
    {
      double at_ms = g_array_index (starvation->injections_ms, double, i);

      json_array_add_double_element (injections, at_ms);
      g_string_append_printf (injected_at, "%s%.0f ms", i > 0 ? ", " : "", at_ms);
    }

  lab_scenario_run_add_detail_number (run, "blocking_items", starvation->n_blockers);
  lab_scenario_run_add_detail_number (run, "min_threads", pool_thread_pool_get_min_threads ());
  lab_scenario_run_add_detail_number (run, "long_running_short_item_delay_ms",
                                      starvation->long_running_delay_ms);
  lab_scenario_run_add_detail_number (run, "blocked_pool_short_item_delay_ms",
                                      starvation->pool_delay_ms);
  lab_scenario_run_add_detail_number (run, "long_running_started_ms",
                                      (starvation->long_running_start_us -
                                       starvation->pool_phase_start_us) / 1000.0);
  lab_scenario_run_add_detail_number (run, "workers_before", starvation->workers_before);
  lab_scenario_run_add_detail_number (run, "workers_peak", starvation->workers_peak);
  lab_scenario_run_add_detail_node (run, "injections_ms", json_node_init_array (json_node_alloc (),
                                                                                injections));
  json_array_unref (injections);
  lab_scenario_run_set_summary (run, "A short item behind %u blocking items waited %.0f ms "
                                "on the blocked pool, %.0f ms with LongRunning · the pool grew "
                                "%u → %u worker(s)%s%s",
                                starvation->n_blockers, starvation->pool_delay_ms,
                                starvation->long_running_delay_ms, starvation->workers_before,
                                starvation->workers_peak,
                                injected_at->len > 0 ? ", injected at " : "", injected_at->str);
  g_string_free (injected_at, TRUE);

  lab_scenario_run_complete (run, NULL, NULL);
  starvation_free (starvation);
  return NULL;
}

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_TRAPS,
  .title = N_("Blocked pool threads vs LongRunning"),
  .summary = N_("As many blocking items as the pool has workers, then one short item: it waits "
                "until the pool injects a thread (about every half second while starved). Then "
                "the same with the blocking items started LongRunning: they get dedicated threads "
                "and the short item runs at once. The report gives both delays."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    ThreadPool.GetMinThreads(out int min, out _);\n"
    "    int n = Math.Max(min, ThreadPool.ThreadCount);\n"
    "    var work = new List<Task>();\n"
    "    // 1. Every worker blocked: the short item waits.\n"
    "    for (int i = 0; i < n; i++)\n"
    "        work.Add(Task.Run(() => Thread.Sleep(1500)));\n"
    "    var queued = Stopwatch.StartNew();\n"
    "    work.Add(Task.Run(() => waited = queued.Elapsed));\n"
    "    await Task.WhenAll(work);\n"
    "    // 2. LongRunning: dedicated threads, workers free.\n"
    "    work.Clear();\n"
    "    for (int i = 0; i < n; i++)\n"
    "        work.Add(Task.Factory.StartNew(() => Thread.Sleep(600),\n"
    "            CancellationToken.None, TaskCreationOptions.LongRunning,\n"
    "            TaskScheduler.Default));\n"
    "    queued.Restart();\n"
    "    work.Add(Task.Run(() => waitedLong = queued.Elapsed));\n"
    "    await Task.WhenAll(work);\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
