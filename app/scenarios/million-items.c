/* A million tiny items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What does handing one tiny piece of work to the pool cost? This run
 * queues a million items that do almost nothing, once per API: Task.Run,
 * Task.Factory.StartNew, ThreadPool.QueueUserWorkItem, and
 * QueueUserWorkItem with a state and preferLocal. It measures the time per
 * item, and estimates the memory each one needs while it waits in the queue.
 * The table sits beside .NET's published figures (192, 192, 80 and 56 bytes
 * per operation). A task is an object that can be awaited, continued,
 * cancelled and can hold an error, so it costs the most; a work item is just
 * a function and its state. Everything runs on the pool, never on the UI
 * thread, and the trace is off while it measures, so the window stays
 * responsive.
 *
 * How it measures. Time: one pool task queues the million items (so
 * Task.Run, StartNew and preferLocal use that worker's local queue, as from
 * any pool thread), and the clock stops when the last one has run on any
 * worker. Bytes: TaskLab cannot count malloc calls, so it reads the heap
 * bytes in use (malloc's own headers included) before and after queueing
 * 20 000 items while every worker is held, so none runs yet, and divides
 * by 20 000; the median of seven rounds. glibc's mallinfo2() sums every
 * arena, and the UI thread drawing a frame meanwhile adds or frees
 * megabytes there; so the count uses malloc_info() and reads only the arena
 * of the measuring thread, found by a probe allocation (mallinfo2() when no
 * arena can be told apart). An estimate, and the report says which.
 */
#include <glib/gi18n.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab-scenario-run.h"

#define TIME_ITEMS   1000000
#define MEMORY_ITEMS 20000
#define MEMORY_ROUNDS 7   /* the median: a frame drawn meanwhile can add megabytes */

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
# define HAVE_MALLINFO2 1
#endif

typedef enum
{
  API_TASK_RUN,
  API_START_NEW,
  API_QUEUE_USER_WORK_ITEM,
  API_QUEUE_USER_WORK_ITEM_LOCAL,
  N_APIS
} Api;

static const struct
{
  const char *name;
  double      dotnet_bytes;
} apis[N_APIS] = {
  { "Task.Run", 192 },
  { "Task.Factory.StartNew", 192 },
  { "ThreadPool.QueueUserWorkItem", 80 },
  { "QueueUserWorkItem(state, preferLocal)", 56 },
};

/* Counts items down; the last one wakes the driver. */
typedef struct
{
  gint   remaining;   /* atomic */
  gint64 done_us;
  GMutex lock;
  GCond  cond;
  gboolean done;      /* @lock */
} Countdown;

/* Holds a worker until opened, so nothing runs while memory is measured. */
typedef struct
{
  gint     holding;   /* atomic: holders that started */
  gint     released;  /* atomic: holders that returned */
  GMutex   lock;
  GCond    cond;
  gboolean open;      /* @lock */
} Gate;

typedef struct
{
  Api        api;
  guint      n;
  Countdown *countdown;
  Countdown  produced;
} Producer;

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
  g_mutex_init (&countdown->lock);
  g_cond_init (&countdown->cond);
  countdown->done = FALSE;
}

static void
countdown_clear (Countdown *countdown)
{
  g_mutex_clear (&countdown->lock);
  g_cond_clear (&countdown->cond);
}

static inline void
countdown_tick (Countdown *countdown)
{
  if (!g_atomic_int_dec_and_test (&countdown->remaining))
    return;
  countdown->done_us = g_get_monotonic_time ();
  g_mutex_lock (&countdown->lock);
  countdown->done = TRUE;
  g_cond_signal (&countdown->cond);
  g_mutex_unlock (&countdown->lock);
}

static void
countdown_wait (Countdown *countdown)
{
  g_mutex_lock (&countdown->lock);
  while (!countdown->done)
    g_cond_wait (&countdown->cond, &countdown->lock);
  g_mutex_unlock (&countdown->lock);
}

/* Bytes in use, per malloc arena, from glibc's malloc_info(): the arena's
 * memory from the system minus its free chunks (headers included). */
#define MAX_ARENAS 256

typedef struct
{
  guint  n;
  gint64 in_use[MAX_ARENAS];
} Arenas;

static gint64
read_size (const char *from,
           const char *end,
           const char *tag)
{
  const char *at = strstr (from, tag);

  if (at == NULL || at > end || (at = strstr (at, "size=\"")) == NULL || at > end)
    return 0;
  return g_ascii_strtoll (at + strlen ("size=\""), NULL, 10);
}

static gboolean
read_arenas (Arenas *arenas)
{
  char *text = NULL;
  size_t length = 0;
  FILE *stream = open_memstream (&text, &length);
  const char *heap;

  arenas->n = 0;
  if (stream == NULL)
    return FALSE;
  malloc_info (0, stream);
  fclose (stream);
  for (heap = strstr (text, "<heap nr=\""); heap != NULL && arenas->n < MAX_ARENAS;
       heap = strstr (heap + 1, "<heap nr=\""))
    {
      const char *end = strstr (heap, "</heap>");

      if (end == NULL)
        break;
      arenas->in_use[arenas->n++] = read_size (heap, end, "<system type=\"current\"") -
                                    read_size (heap, end, "<total type=\"fast\"") -
                                    read_size (heap, end, "<total type=\"rest\"");
    }
  free (text);
  return arenas->n > 0;
}

/* Which arena this thread allocates from: the one that grows by a probe's
 * size. -1 if none or several did. */
static int
find_own_arena (void)
{
  enum { N_PROBES = 64, PROBE_SIZE = 4000 };
  gpointer probes[N_PROBES];
  Arenas before, after;
  int own = -1;

  if (!read_arenas (&before))
    return -1;
  for (guint i = 0; i < N_PROBES; i++)
    probes[i] = g_malloc (PROBE_SIZE);
  read_arenas (&after);
  for (guint i = 0; i < N_PROBES; i++)
    g_free (probes[i]);

  for (guint i = 0; i < MIN (before.n, after.n); i++)
    {
      gint64 grown = after.in_use[i] - before.in_use[i];

      if (grown >= N_PROBES * PROBE_SIZE && grown < N_PROBES * (PROBE_SIZE + 1024))
        {
          if (own >= 0)
            return -1;
          own = (int) i;
        }
    }
  return own;
}

/* Heap bytes in use: in @arena alone when known (another thread's
 * allocations elsewhere do not count), else in all of them (mallinfo2). */
static gint64
bytes_in_use (int arena)
{
  Arenas arenas;

  if (arena >= 0 && read_arenas (&arenas) && (guint) arena < arenas.n)
    return arenas.in_use[arena];
#ifdef HAVE_MALLINFO2
  return (gint64) mallinfo2 ().uordblks;
#else
  return 0;
#endif
}

static void
hold_worker (gpointer   state,
             GError   **error)
{
  Gate *gate = state;

  g_atomic_int_inc (&gate->holding);
  g_mutex_lock (&gate->lock);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
  g_atomic_int_inc (&gate->released);   /* the last touch of @gate */
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->open = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

/* [snippet] */
/* The tiny items: count down, nothing else. */
static gpointer
tiny_task (gpointer   data,
           GError   **error)
{
  countdown_tick (data);
  return NULL;
}

static void
tiny_work_item (gpointer   state,
                GError   **error)
{
  countdown_tick (state);
}

/* One item through @api. */
static inline void
queue_one (Api        api,
           Countdown *countdown)
{
  switch (api)
    {
    case API_TASK_RUN:                    /* Task.Run(() => ...) */
      pool_task_unref (pool_task_run (tiny_task, countdown, NULL));
      break;
    case API_START_NEW:                   /* Task.Factory.StartNew(() => ...) */
      pool_task_unref (pool_task_factory_start_new (tiny_task, countdown, NULL));
      break;
    case API_QUEUE_USER_WORK_ITEM:        /* ThreadPool.QueueUserWorkItem(_ => ...) */
      pool_thread_pool_queue_user_work_item (tiny_work_item, countdown, FALSE);
      break;
    case API_QUEUE_USER_WORK_ITEM_LOCAL:  /* QueueUserWorkItem(static s => ..., state, true) */
      pool_thread_pool_queue_user_work_item (tiny_work_item, countdown, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The producer: a task on a pool worker that queues all the items. */
static gpointer
produce (gpointer   data,
         GError   **error)
{
  Producer *producer = data;

  for (guint i = 0; i < producer->n; i++)
    queue_one (producer->api, producer->countdown);
  countdown_tick (&producer->produced);
  return NULL;
}
/* [/snippet] */

/* Queues @n items through @api from a pool worker; returns when the last
 * one ran (g_get_monotonic_time()). */
static gint64
run_batch (Api   api,
           guint n)
{
  Countdown countdown;
  Producer producer = { api, n, &countdown, { 0, } };
  gint64 done_us;

  countdown_init (&countdown, n);
  countdown_init (&producer.produced, 1);
  pool_task_unref (pool_task_run (produce, &producer, NULL));
  countdown_wait (&producer.produced);
  countdown_wait (&countdown);
  done_us = countdown.done_us;
  countdown_clear (&producer.produced);
  countdown_clear (&countdown);
  return done_us;
}

/* Memory: every worker held, so nothing runs; the driver queues
 * MEMORY_ITEMS itself (from a thread outside the pool they all go to the
 * global queue) and reads the heap bytes in use before and after. */
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

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  for (guint i = 0; i < n_held; i++)
    pool_thread_pool_queue_user_work_item (hold_worker, &gate, FALSE);
  while ((guint) g_atomic_int_get (&gate.holding) < n_held && g_get_monotonic_time () < deadline)
    g_usleep (500);
  /* isolated: no worker ran, and the count is of this thread's arena alone,
   * not the main one, where the UI thread draws its frames */
  *isolated = (guint) g_atomic_int_get (&gate.holding) == n_held && arena > 0;

  countdown_init (&countdown, MEMORY_ITEMS);
  before = bytes_in_use (arena);
  for (guint i = 0; i < MEMORY_ITEMS; i++)
    queue_one (api, &countdown);
  after = bytes_in_use (arena);

  gate_open (&gate);
  countdown_wait (&countdown);
  /* @gate lives on this stack: wait until every holder has let go of it */
  while ((guint) g_atomic_int_get (&gate.released) < n_held)
    g_usleep (500);
  countdown_clear (&countdown);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
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
  int arena = find_own_arena ();

  bench->arena = arena;
  pool_trace_set_enabled (FALSE);
  /* once, unmeasured: the global queue grows to hold MEMORY_ITEMS (and stays) */
  measure_bytes (API_QUEUE_USER_WORK_ITEM, arena, &bench->isolated[0]);
  for (Api api = 0; api < N_APIS; api++)
    {
      gint64 start_us, done_us;

      if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
        break;

      {
        double rounds[MEMORY_ROUNDS];

        bench->isolated[api] = TRUE;
        for (guint round = 0; round < MEMORY_ROUNDS; round++)
          {
            gboolean isolated;

            rounds[round] = measure_bytes (api, arena, &isolated);
            bench->isolated[api] &= isolated;
          }
        qsort (rounds, MEMORY_ROUNDS, sizeof (double), compare_doubles);
        bench->bytes_per_item[api] = rounds[MEMORY_ROUNDS / 2];
      }

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
  GString *line = g_string_new (NULL);

  pool_task_get_result (driver, &driver_error);
  for (guint api = 0; api < bench->rows_done; api++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "api", apis[api].name);
      json_object_set_int_member (row, "items", TIME_ITEMS);
      json_object_set_double_member (row, "ns_per_item", bench->ns_per_item[api]);
      json_object_set_double_member (row, "items_per_s", 1e9 / MAX (bench->ns_per_item[api], 1e-3));
#ifdef HAVE_MALLINFO2
      json_object_set_double_member (row, "bytes_per_item", bench->bytes_per_item[api]);
#else
      json_object_set_null_member (row, "bytes_per_item");
#endif
      json_object_set_boolean_member (row, "bytes_isolated", bench->isolated[api]);
      json_object_set_double_member (row, "dotnet_bytes_per_op", apis[api].dotnet_bytes);
      json_array_add_object_element (rows, row);
      /* one line per API: a table the window can show */
      g_string_append_printf (line, "\n%s: %.0f ns and %.0f B per item (.NET: %.0f B)",
                              apis[api].name, bench->ns_per_item[api],
                              bench->bytes_per_item[api], apis[api].dotnet_bytes);
    }
  lab_scenario_run_add_detail_node (run, "rows", json_node_init_array (json_node_alloc (), rows));
  json_array_unref (rows);
  lab_scenario_run_add_detail (run, "bytes_method",
                               "heap bytes in use (malloc headers included) before and after "
                               "queueing %d items from a thread outside the pool while every "
                               "worker is held, divided by %d, median of %d rounds, read from %s: "
                               "an estimate (TaskLab cannot interpose malloc)",
                               MEMORY_ITEMS, MEMORY_ITEMS, MEMORY_ROUNDS,
                               bench->arena > 0
                               ? "glibc malloc_info(), the measuring thread's own arena only"
                               : "glibc mallinfo2(), all arenas (other threads' allocations in "
                                 "that window count too)");
  lab_scenario_run_add_detail (run, "time_method",
                               "%d items queued by one pool task, from its start until the last "
                               "item ran on any worker, divided by %d", TIME_ITEMS, TIME_ITEMS);
  lab_scenario_run_set_summary (run, "%d items per API, on the pool:%s", TIME_ITEMS, line->str);
  g_string_free (line, TRUE);

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

  bench->run = g_object_ref (run);
  /* Task.Factory.StartNew(Measure, TaskCreationOptions.LongRunning) */
  driver = pool_task_factory_start_new_full (drive, bench, NULL, NULL,
                                             POOL_TASK_CREATION_LONG_RUNNING,
                                             pool_scheduler_get_default ());
  lab_scenario_run_track_task (run, driver);
  pool_task_unref (pool_task_continue_with (driver, show_table, bench, NULL,
                                            lab_scenario_run_get_ui_scheduler (run)));
}

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_PERFORMANCE,
  .title = N_("A million tiny items"),
  .summary = N_("A million items that do almost nothing, through Task.Run, StartNew, "
                "QueueUserWorkItem and QueueUserWorkItem(state, preferLocal): time per item and "
                "an estimate of the bytes each needs (from glibc's malloc statistics), beside "
                ".NET's figures (192, 192, 80, 56 B). Runs on the pool with the trace off: "
                "responsive."),
  .csharp =
    "[MemoryDiagnoser]\n"
    "public class Dispatch\n"
    "{\n"
    "    [Benchmark] public Task Run() => Task.Run(() => Tick());          // 192 B\n"
    "    [Benchmark] public Task StartNew() =>\n"
    "        Task.Factory.StartNew(() => Tick());                          // 192 B\n"
    "    [Benchmark] public void Queue() =>\n"
    "        ThreadPool.QueueUserWorkItem(_ => Tick());                    //  80 B\n"
    "    [Benchmark] public void QueueLocal() =>\n"
    "        ThreadPool.QueueUserWorkItem(static s => s.Tick(), this,\n"
    "                                     preferLocal: true);              //  56 B\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
