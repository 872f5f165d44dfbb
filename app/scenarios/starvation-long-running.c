/* Blocked pool threads vs LongRunning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thread pool keeps about one worker per core. When work blocks them
 * (a Thread.Sleep, a synchronous read, a .Wait()), every worker is stuck and
 * a short job queued behind them just waits. The pool notices the starvation
 * and adds a thread, but only about every half second, on purpose: threads
 * are expensive. This run measures how long one short item waits behind as
 * many blocking items as there are workers. Then it does the same with the
 * blocking items started as LongRunning: each gets a dedicated thread of its
 * own, the workers stay free, and the short item starts at once. The window
 * stays responsive in both cases; what suffers is the pool.
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

static gpointer finish (PoolTask *all, gpointer data, GError **error);
static gpointer start_starved_pool (PoolTask *all, gpointer data, GError **error);

/* [snippet] */
/* Queues @n items that block, then one short item; continues on the UI
 * thread once all of them are done. */
static void
block_then_queue_short_item (Starvation              *starvation,
                             PoolTaskCreationOptions  options,
                             guint                    block_ms,
                             PoolContinuationFunc     then)
{
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (starvation->run);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);
  g_autoptr(PoolTask) all = NULL;

  /* for (i < n) Task.Factory.StartNew(() => Thread.Sleep(ms), options); */
  for (guint i = 0; i < starvation->n_blockers; i++)
    g_ptr_array_add (tasks, pool_task_factory_start_new_full (block_thread,
                                                              GUINT_TO_POINTER (block_ms), NULL,
                                                              NULL, options,
                                                              pool_scheduler_get_default ()));

  /* Task.Run(ShortItem): how long until a worker takes it? */
  starvation->short_started_us = 0;
  starvation->short_queued_us = g_get_monotonic_time ();
  g_ptr_array_add (tasks, pool_task_run (short_item, starvation, NULL));

  all = pool_task_when_all ((PoolTask * const *) tasks->pdata, tasks->len);
  pool_task_unref (pool_task_continue_with (all, then, starvation, NULL, ui));
}

static void
start (LabScenarioRun *run)
{
  Starvation *starvation = g_new0 (Starvation, 1);

  starvation->run = g_object_ref (run);
  starvation->injections_ms = g_array_new (FALSE, FALSE, sizeof (double));
  /* as many blocking items as the pool has workers now (one per core at rest) */
  starvation->workers_before = pool_thread_pool_get_thread_count ();
  starvation->n_blockers = MAX (pool_thread_pool_get_min_threads (), starvation->workers_before);

  /* first with LongRunning: dedicated threads, the workers stay free */
  block_then_queue_short_item (starvation, POOL_TASK_CREATION_LONG_RUNNING,
                               BLOCK_LONG_RUNNING_MS, start_starved_pool);
}

/* then on the pool's own workers: all of them blocked */
static gpointer
start_starved_pool (PoolTask  *all,
                    gpointer   data,
                    GError   **error)
{
  Starvation *starvation = data;

  starvation->long_running_delay_ms = (starvation->short_started_us -
                                       starvation->short_queued_us) / 1000.0;

  starvation->workers_before = pool_thread_pool_get_thread_count ();
  starvation->workers_peak = starvation->workers_before;
  starvation->pool_phase_start_us = g_get_monotonic_time ();
  starvation->sampler_id = g_timeout_add (10, watch_thread_count, starvation);
  block_then_queue_short_item (starvation, POOL_TASK_CREATION_NONE, BLOCK_ON_POOL_MS, finish);
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

  g_clear_handle_id (&starvation->sampler_id, g_source_remove);
  watch_thread_count (starvation);
  starvation->pool_delay_ms = (starvation->short_started_us - starvation->short_queued_us) / 1000.0;

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
  lab_scenario_run_add_detail_number (run, "workers_before", starvation->workers_before);
  lab_scenario_run_add_detail_number (run, "workers_peak", starvation->workers_peak);
  lab_scenario_run_add_detail_node (run, "injections_ms", json_node_init_array (json_node_alloc (),
                                                                                injections));
  json_array_unref (injections);
  lab_scenario_run_set_summary (run, "A short item behind %u blocking items waited %.0f ms "
                                "with LongRunning, %.0f ms on the blocked pool · the pool grew "
                                "%u → %u worker(s)%s%s",
                                starvation->n_blockers, starvation->long_running_delay_ms,
                                starvation->pool_delay_ms, starvation->workers_before,
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
                "until the pool injects a thread (about every half second while starved). Started "
                "as LongRunning, the blocking items get dedicated threads and the short item runs "
                "at once. The report gives both delays."),
  .csharp =
    "// Every worker blocked: a short item waits for the pool to inject a thread.\n"
    "for (int i = 0; i < Environment.ProcessorCount; i++)\n"
    "    Task.Run(() => Thread.Sleep(1500));\n"
    "var queued = Stopwatch.StartNew();\n"
    "await Task.Run(() => Console.WriteLine($\"waited {queued.ElapsedMilliseconds} ms\"));\n"
    "\n"
    "// LongRunning: a dedicated thread each; the workers stay free.\n"
    "for (int i = 0; i < Environment.ProcessorCount; i++)\n"
    "    Task.Factory.StartNew(() => Thread.Sleep(600),\n"
    "                          TaskCreationOptions.LongRunning);\n"
    "queued.Restart();\n"
    "await Task.Run(() => Console.WriteLine($\"waited {queued.ElapsedMilliseconds} ms\"));\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
