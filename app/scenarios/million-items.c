/* A million tiny items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What does handing one tiny piece of work to the pool cost? This run
 * queues a million items that do almost nothing, through each of the four
 * calls of a published BenchmarkDotNet run (MemoryDiagnoser, .NET 11
 * preview, x64): Task.Run(() => Work(state)), Task.Factory.StartNew(() =>
 * Work(state)), ThreadPool.QueueUserWorkItem(s => Work((State)s), state) and
 * ThreadPool.QueueUserWorkItem(static s => Work(s), state, preferLocal:
 * false). The table gives, per call, the C time and the C memory per item,
 * beside the bytes .NET allocated per call in that run (192, 192, 80 and
 * 56). A task is an object that can be awaited, continued, cancelled and can
 * hold an error, so it costs the most; a work item is just a function and
 * its state. Everything runs on the pool, never on the UI thread, and the
 * trace is off while it measures, so the window stays responsive.
 *
 * The columns. C ns/item: the wall time from the first item queued to the
 * last one run (on any worker), divided by the million: queueing and
 * running, all workers together. C bytes/item: the C heap in use for each
 * item while it waits in the queue. .NET allocated/op: the bytes the
 * garbage collector allocated per call, from that BenchmarkDotNet run: not
 * the same measure (a GC allocation count, not heap in use), so read the
 * two byte columns for their order, not for their difference.
 *
 * How it measures. As in the benchmark, the calls are made from a thread
 * that is not a pool worker (here a LongRunning task: a dedicated thread of
 * the default scheduler), so every item goes to the pool's global queue.
 * Time: that thread queues the million items and the clock stops when the
 * last one has run. Bytes: TaskLab cannot count malloc calls, so with every
 * worker held (nothing runs) it reads the heap bytes in use in its own
 * malloc arena before and after queueing 20 000 items, divides by 20 000,
 * and keeps the median of seven rounds (lab_scenario_heap_get_bytes_in_use():
 * malloc's chunk headers included; all arenas when its own cannot be told
 * apart, and the report says which). In C the two QueueUserWorkItem rows are
 * the same call: the pool has one work item, a function and its state stored
 * by value in the queue (its slots are allocated once, not per item), so
 * there is no per-call object like .NET's callback objects of 80 and 56 B.
 * And StartNew without a scheduler is what the benchmark measured; real code
 * names TaskScheduler.Default (scenarios 2 and 3 show why).
 */
#include <glib/gi18n.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "lab-scenario-run.h"

#define TIME_ITEMS    1000000
#define MEMORY_ITEMS  20000
#define MEMORY_ROUNDS 7   /* the median: a frame drawn meanwhile can add megabytes */

typedef enum
{
  API_TASK_RUN,
  API_START_NEW,
  API_QUEUE_USER_WORK_ITEM,
  API_QUEUE_USER_WORK_ITEM_STATIC,
  N_APIS
} Api;

/* The rows: the C# call the benchmark measured, what .NET allocated per
 * call in that run, and the C that mirrors it. */
static const struct
{
  const char *csharp;
  double      dotnet_bytes;
  const char *c;
  const char *benchmark;   /* its [Benchmark] method in the C# */
} apis[N_APIS] = {
  { "Task.Run(() => Work(state))", 192,
    "pool_task_run (work, state, NULL)", "Run" },
  { "Task.Factory.StartNew(() => Work(state))", 192,
    "pool_task_factory_start_new (work, state, NULL)", "StartNew" },
  { "ThreadPool.QueueUserWorkItem(s => Work((State)s), state)", 80,
    "pool_thread_pool_queue_user_work_item (work_item, state, FALSE)", "Queue" },
  { "ThreadPool.QueueUserWorkItem(static s => Work(s), state, preferLocal: false)", 56,
    "pool_thread_pool_queue_user_work_item (work_item, state, FALSE)", "QueueStatic" },
};

#define DOTNET_RUN "BenchmarkDotNet, MemoryDiagnoser, .NET 11 preview, x64"

/* Counts items down; the last one wakes the driver. (pthread, not GMutex:
 * ThreadSanitizer sees pthread's hand-offs, not an uninstrumented GLib's.) */
typedef struct
{
  gint            remaining;   /* atomic */
  gint64          done_us;
  pthread_mutex_t lock;
  pthread_cond_t  cond;
  gboolean        done;        /* @lock */
} Countdown;

/* Holds a worker until opened, so nothing runs while memory is measured. */
typedef struct
{
  gint            holding;   /* atomic: holders that started */
  gint            released;  /* atomic: holders that returned */
  pthread_mutex_t lock;
  pthread_cond_t  cond;
  gboolean        open;      /* @lock */
} Gate;

typedef struct
{
  LabScenarioRun *run;
  double          ns_per_item[N_APIS];
  double          bytes_per_item[N_APIS];
  guint           rows_done;
  gboolean        isolated[N_APIS];
  int             arena;            /* the driver's malloc arena, -1 if unknown */
} Bench;

static void
countdown_init (Countdown *countdown,
                guint      n)
{
  g_atomic_int_set (&countdown->remaining, (gint) n);
  pthread_mutex_init (&countdown->lock, NULL);
  pthread_cond_init (&countdown->cond, NULL);
  countdown->done = FALSE;
}

static void
countdown_clear (Countdown *countdown)
{
  pthread_mutex_destroy (&countdown->lock);
  pthread_cond_destroy (&countdown->cond);
}

static inline void
countdown_tick (Countdown *countdown)
{
  if (!g_atomic_int_dec_and_test (&countdown->remaining))
    return;
  countdown->done_us = g_get_monotonic_time ();
  pthread_mutex_lock (&countdown->lock);
  countdown->done = TRUE;
  pthread_cond_signal (&countdown->cond);
  pthread_mutex_unlock (&countdown->lock);
}

static void
countdown_wait (Countdown *countdown)
{
  pthread_mutex_lock (&countdown->lock);
  while (!countdown->done)
    pthread_cond_wait (&countdown->cond, &countdown->lock);
  pthread_mutex_unlock (&countdown->lock);
}

static void
hold_worker (gpointer   state,
             GError   **error)
{
  Gate *gate = state;

  g_atomic_int_inc (&gate->holding);
  pthread_mutex_lock (&gate->lock);
  while (!gate->open)
    pthread_cond_wait (&gate->cond, &gate->lock);
  pthread_mutex_unlock (&gate->lock);
  g_atomic_int_inc (&gate->released);   /* the last touch of @gate */
}

static void
gate_open (Gate *gate)
{
  pthread_mutex_lock (&gate->lock);
  gate->open = TRUE;
  pthread_cond_broadcast (&gate->cond);
  pthread_mutex_unlock (&gate->lock);
}

/* [snippet] */
/* static void Work(State s): count down, nothing else. As a task's delegate... */
static gpointer
work (gpointer   state,
      GError   **error)
{
  countdown_tick (state);
  return NULL;
}

/* ... and as a work item's callback. */
static void
work_item (gpointer   state,
           GError   **error)
{
  countdown_tick (state);
}

/* One call, as the benchmark's row @api makes it. */
static inline void
queue_one (Api        api,
           Countdown *state)
{
  switch (api)
    {
    case API_TASK_RUN:                     /* Task.Run(() => Work(state)) */
      pool_task_unref (pool_task_run (work, state, NULL));
      break;
    case API_START_NEW:                    /* Task.Factory.StartNew(() => Work(state)) */
      pool_task_unref (pool_task_factory_start_new (work, state, NULL));
      break;
    case API_QUEUE_USER_WORK_ITEM:         /* ThreadPool.QueueUserWorkItem(s => Work((State)s), state) */
      pool_thread_pool_queue_user_work_item (work_item, state, FALSE);
      break;
    case API_QUEUE_USER_WORK_ITEM_STATIC:  /* ThreadPool.QueueUserWorkItem(static s => Work(s), state,
                                            *                              preferLocal: false) */
      pool_thread_pool_queue_user_work_item (work_item, state, FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Time: @n calls through @api from this thread (not a pool worker, as the
 * benchmark's); returns when the last item ran (g_get_monotonic_time()). */
static gint64
run_batch (Api   api,
           guint n)
{
  Countdown state;
  gint64 done_us;

  countdown_init (&state, n);
  for (guint i = 0; i < n; i++)
    queue_one (api, &state);
  countdown_wait (&state);
  done_us = state.done_us;
  countdown_clear (&state);
  return done_us;
}
/* [/snippet] */

/* Memory: every worker held, so nothing runs; the driver queues
 * MEMORY_ITEMS and reads the heap bytes in use before and after. */
static double
measure_bytes (Api       api,
               int       arena,
               gboolean *isolated)
{
  guint n_held = pool_thread_pool_get_thread_count ();
  Gate gate = { 0, };
  Countdown countdown;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  gint64 before, after;

  pthread_mutex_init (&gate.lock, NULL);
  pthread_cond_init (&gate.cond, NULL);
  for (guint i = 0; i < n_held; i++)
    pool_thread_pool_queue_user_work_item (hold_worker, &gate, FALSE);
  while ((guint) g_atomic_int_get (&gate.holding) < n_held && g_get_monotonic_time () < deadline)
    g_usleep (500);
  /* isolated: no worker ran, and the count is of this thread's arena alone,
   * not the main one, where the UI thread draws its frames */
  *isolated = (guint) g_atomic_int_get (&gate.holding) == n_held && arena > 0;

  countdown_init (&countdown, MEMORY_ITEMS);
  before = lab_scenario_heap_get_bytes_in_use (arena);
  for (guint i = 0; i < MEMORY_ITEMS; i++)
    queue_one (api, &countdown);
  after = lab_scenario_heap_get_bytes_in_use (arena);

  gate_open (&gate);
  countdown_wait (&countdown);
  /* @gate lives on this stack: wait until every holder has let go of it */
  while ((guint) g_atomic_int_get (&gate.released) < n_held)
    g_usleep (500);
  countdown_clear (&countdown);
  pthread_mutex_destroy (&gate.lock);
  pthread_cond_destroy (&gate.cond);
  return ((double) after - (double) before) / MEMORY_ITEMS;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The driver: a LongRunning task (a dedicated thread of the default
 * scheduler), so it can wait without holding a worker. */
static gpointer
drive (gpointer   data,
       GError   **error)
{
  Bench *bench = data;
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (bench->run);
  int arena = lab_scenario_heap_find_own_arena ();

  bench->arena = arena;
  pool_trace_set_enabled (FALSE);
  /* once, unmeasured: the global queue grows to hold MEMORY_ITEMS (and stays) */
  measure_bytes (API_QUEUE_USER_WORK_ITEM, arena, &bench->isolated[0]);
  for (Api api = 0; api < N_APIS; api++)
    {
      double rounds[MEMORY_ROUNDS];
      gint64 start_us, done_us;

      if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
        break;

      bench->isolated[api] = TRUE;
      for (guint round = 0; round < MEMORY_ROUNDS; round++)
        {
          gboolean isolated;

          rounds[round] = measure_bytes (api, arena, &isolated);
          bench->isolated[api] &= isolated;
        }
      qsort (rounds, MEMORY_ROUNDS, sizeof (double), compare_doubles);
      bench->bytes_per_item[api] = rounds[MEMORY_ROUNDS / 2];

      start_us = g_get_monotonic_time ();
      done_us = run_batch (api, TIME_ITEMS);
      bench->ns_per_item[api] = (done_us - start_us) * 1000.0 / TIME_ITEMS;
      bench->rows_done++;
    }
  pool_trace_set_enabled (TRUE);
  return NULL;
}

static gpointer
show_table (PoolTask  *driver,
            gpointer   data,
            GError   **error)
{
  Bench *bench = data;
  LabScenarioRun *run = bench->run;
  g_autoptr(GError) driver_error = NULL;
  JsonArray *rows = json_array_new ();
  JsonObject *columns = json_object_new ();
  GString *table = g_string_new (_("API · C ns/item · C bytes/item · .NET allocated/op"));

  pool_task_get_result (driver, &driver_error);
  for (guint api = 0; api < bench->rows_done; api++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "api", apis[api].csharp);
      json_object_set_string_member (row, "c", apis[api].c);
      json_object_set_int_member (row, "items", TIME_ITEMS);
      json_object_set_double_member (row, "ns_per_item", bench->ns_per_item[api]);
      json_object_set_double_member (row, "items_per_s", 1e9 / MAX (bench->ns_per_item[api], 1e-3));
      json_object_set_double_member (row, "bytes_per_item", bench->bytes_per_item[api]);
      json_object_set_boolean_member (row, "bytes_isolated", bench->isolated[api]);
      json_object_set_double_member (row, "dotnet_bytes_per_op", apis[api].dotnet_bytes);
      json_array_add_object_element (rows, row);
      /* (+ 0.0: an estimate of -0.2 B reads 0 B, not -0 B) */
      g_string_append_printf (table, "\n%s · %.0f ns · %.0f B · %.0f B", apis[api].csharp,
                              bench->ns_per_item[api], round (bench->bytes_per_item[api]) + 0.0,
                              apis[api].dotnet_bytes);
      /* the C columns of the row, short, as a chip on the stage, named by its
       * [Benchmark] method (whose comment in the C# gives .NET's bytes) */
      {
        g_autofree char *name = g_strdup_printf (_("%s (C)"), apis[api].benchmark);
        g_autofree char *chip = g_strdup_printf (_("%.0f ns, %.0f B"), bench->ns_per_item[api],
                                                 round (bench->bytes_per_item[api]) + 0.0);

        lab_scenario_run_set_status_string (run, name, chip);
      }
    }
  /* one line: what each column measures */
  g_string_append_c (table, '\n');
  g_string_append_printf (table, _("C ns/item: first item queued to last item run, ÷ %d · "
                                   "C bytes/item: C heap in use per waiting item (an estimate) · "
                                   ".NET allocated/op: GC bytes allocated per call (%s)"),
                          TIME_ITEMS, DOTNET_RUN);

  json_object_set_string_member (columns, "ns_per_item",
                                 "wall time from the first item queued to the last one run, "
                                 "divided by the number of items");
  json_object_set_string_member (columns, "bytes_per_item",
                                 bench->arena > 0
                                 ? "C heap bytes in use per item waiting in the queue (malloc "
                                   "headers included), the measuring thread's own arena"
                                 : "C heap bytes in use per item waiting in the queue (malloc "
                                   "headers included), all arenas: other threads' allocations "
                                   "count too");
  json_object_set_string_member (columns, "dotnet_bytes_per_op",
                                 "bytes the .NET GC allocated per call, " DOTNET_RUN);
  lab_scenario_run_add_detail_node (run, "rows", json_node_init_array (json_node_alloc (), rows));
  lab_scenario_run_add_detail_node (run, "columns", json_node_init_object (json_node_alloc (), columns));
  json_array_unref (rows);
  json_object_unref (columns);
  lab_scenario_run_set_summary (run, "%s", table->str);
  g_string_free (table, TRUE);

  lab_scenario_run_complete (run, NULL, driver_error);
  g_clear_object (&bench->run);
  g_free (bench);
  return NULL;
}

static void
start (LabScenarioRun *run)
{
  Bench *bench = g_new0 (Bench, 1);
  g_autoptr(PoolTask) driver = NULL;
  g_autoptr(PoolTask) shown = NULL;

  bench->run = g_object_ref (run);
  /* the driver: Task.Factory.StartNew(Measure, CancellationToken.None,
   *     TaskCreationOptions.LongRunning, TaskScheduler.Default) */
  driver = pool_task_factory_start_new_full (drive, bench, NULL, NULL,
                                             POOL_TASK_CREATION_LONG_RUNNING,
                                             pool_scheduler_get_default ());
  lab_scenario_run_track_task (run, driver);
  /* (the benchmark's runner: the class it measures) */
  lab_scenario_run_mark_task (run, driver, "public class Dispatch");
  shown = pool_task_continue_with (driver, show_table, bench, NULL,
                                   lab_scenario_run_get_ui_scheduler (run));
  lab_scenario_run_mark_task (run, shown, "public class Dispatch");
}

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_PERFORMANCE,
  .title = N_("A million tiny items"),
  .summary = N_("A million tiny items through each of four pool calls. A table gives the C time "
                "and memory per item beside the bytes .NET allocated per call in a published "
                "benchmark: tasks cost the most, work items the least. Responsive."),
  .csharp =
    "[MemoryDiagnoser]   // .NET 11 preview, x64: bytes per call\n"
    "public class Dispatch\n"
    "{\n"
    "    readonly State state = new();\n"
    "\n"
    "    [Benchmark]      // 192 B\n"
    "    public Task Run() => Task.Run(() => Work(state));\n"
    "\n"
    "    [Benchmark]      // 192 B\n"
    "    public Task StartNew() =>\n"
    "        Task.Factory.StartNew(() => Work(state));\n"
    "\n"
    "    [Benchmark]      // 80 B\n"
    "    public bool Queue() => ThreadPool.QueueUserWorkItem(\n"
    "        s => Work((State)s), state);\n"
    "\n"
    "    [Benchmark]      // 56 B\n"
    "    public bool QueueStatic() => ThreadPool.QueueUserWorkItem(\n"
    "        static s => Work(s), state, preferLocal: false);\n"
    "\n"
    "    static void Work(State s) => s.Tick();\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
