/* bench-pool.c — what it costs to hand work to the pool, against the peers a
 * C developer would otherwise pick, all measured in one run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints key=value lines (medians over the rounds):
 *   bench=NAME items_per_s=… allocs_per_item=… bytes_per_item=… cpu_ns_per_item=…
 *     (cpu_ns_per_item: the whole process's CPU time over the round, per
 *     item: less at the mercy of other processes on the machine than the
 *     rate, though it counts workers spinning for work too)
 *   ratio=NAME/PEER value=… paired=…   (the ratio of the medians; the median
 *     of the rounds' own ratios)
 *   bench=handoff p50_us=… p99_us=… busy=0|1   (and handoff-g-idle-add)
 *   ratio=handoff-p99/handoff-g-idle-add-p99 value=… busy=0|1
 *   bench=speedup tasks=64 workers1_ms=… workers2_ms=… value=…
 *   bench=heartbeat max_gap_ms=… seconds=…
 *   and with --per-round, first, each throughput round:
 *   round=N bench=NAME total_ms=… produce_ms=… producer_cpu_ms=… process_cpu_ms=…
 * Options: --items N (default 1000000), --rounds N (default 5),
 * --heartbeat-seconds S (default 10), --only NAME[,NAME…] (name prefixes;
 * the throughput variants chosen run interleaved, round by round),
 * --per-round, --trace (record the pool's trace throughout, as a run in the
 * window does; then a first line bench=config trace=1).
 */
#include <gio/gio.h>
#include <pool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc-counter.h"

static int n_items = 1000000;
static int n_rounds = 5;
static int heartbeat_seconds = 10;
static char *only;
static gboolean trace;
static gboolean per_round;

/* --- completion counting ------------------------------------------------- */

/* Each thread that runs items counts them in a cache line of its own, and
 * the producer adds the lines up. One count shared by the workers would make
 * the bench's bookkeeping the cost measured: with two workers on two cores,
 * every item moved that cache line from one core to the other (two locked
 * increments per item cost more than QueueUserWorkItem's whole path). */
#define MAX_COUNTING_THREADS 512
#define POLL_US              100

typedef struct
{
  gint64 count;   /* written by its thread only */
} __attribute__ ((aligned (64))) ThreadCount;

static ThreadCount thread_counts[MAX_COUNTING_THREADS];
static gint n_counting_threads;
static __thread ThreadCount *my_count;
static gint64 counted_before;   /* the sum when the round began */
static gint64 round_target;

/* An item's work: @amount added to its thread's own count. */
static inline void
item_done (gint amount)
{
  if (G_UNLIKELY (my_count == NULL))
    {
      gint slot = g_atomic_int_add (&n_counting_threads, 1);

      g_assert (slot < MAX_COUNTING_THREADS);
      my_count = &thread_counts[slot];
    }
  __atomic_store_n (&my_count->count, my_count->count + amount, __ATOMIC_RELEASE);
}

static gint64
counted (void)
{
  gint64 sum = 0;
  gint n = MIN (g_atomic_int_get (&n_counting_threads), MAX_COUNTING_THREADS);

  for (gint i = 0; i < n; i++)
    sum += __atomic_load_n (&thread_counts[i].count, __ATOMIC_ACQUIRE);
  return sum;
}

static void
expect_items (int n)
{
  counted_before = counted ();
  round_target = counted_before + n;
}

/* Until every item of the round has run: the producer looks every
 * POLL_US, a wait at most that long on rounds of 50 ms or more. */
static void
wait_items (void)
{
  while (counted () < round_target)
    g_usleep (POLL_US);
  g_assert (counted () == round_target);
}

/* --- the variants -------------------------------------------------------- */

/* What the items capture: the amount each adds to its thread's count. */
typedef struct
{
  gint amount;
} Closure;

static const gint one = 1;

static gpointer
closure_task (gpointer  data,
              GError  **error)
{
  Closure *closure = data;

  item_done (closure->amount);
  return NULL;
}

static gpointer
plain_task (gpointer  data,
            GError  **error)
{
  item_done (1);
  return NULL;
}

static void
plain_work_item (gpointer  state,
                 GError  **error)
{
  item_done (*(const gint *) state);
}

/* Task.Run(() => count += amount), each thread counting on its own: the
 * closure captured by value into the task, one allocation. */
static void
run_task_run (int n)
{
  Closure closure = { 1 };

  for (int i = 0; i < n; i++)
    pool_task_unref (pool_task_run_with_closure (closure_task, &closure, sizeof closure));
}

/* The same with the closure as a separate heap block: two allocations. */
static void
run_task_run_heap_closure (int n)
{
  for (int i = 0; i < n; i++)
    {
      Closure *closure = g_new (Closure, 1);

      closure->amount = 1;
      pool_task_unref (pool_task_run (closure_task, closure, g_free));
    }
}

static void
run_start_new (int n)
{
  PoolScheduler *scheduler = pool_scheduler_get_default ();

  for (int i = 0; i < n; i++)
    pool_task_unref (pool_task_factory_start_new_full (plain_task, NULL, NULL, NULL,
                                                       POOL_TASK_CREATION_NONE, scheduler));
}

static void
run_queue_user_work_item (int n)
{
  for (int i = 0; i < n; i++)
    pool_thread_pool_queue_user_work_item (plain_work_item, (gpointer) &one, FALSE);
}

static gpointer
produce_locally (gpointer  data,
                 GError  **error)
{
  int n = GPOINTER_TO_INT (data);

  for (int i = 0; i < n; i++)
    pool_thread_pool_queue_user_work_item (plain_work_item, (gpointer) &one, TRUE);
  return NULL;
}

static void
run_queue_user_work_item_local (int n)
{
  pool_task_unref (pool_task_run (produce_locally, GINT_TO_POINTER (n), NULL));
}

static GThreadPool *gthread_pool;

static void
gthread_pool_func (gpointer data,
                   gpointer user_data)
{
  item_done (*(const gint *) data);
}

static void
run_gthread_pool (int n)
{
  for (int i = 0; i < n; i++)
    g_thread_pool_push (gthread_pool, (gpointer) &one, NULL);
}

static void
gtask_func (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  item_done (1);
}

static void
run_gtask (int n)
{
  for (int i = 0; i < n; i++)
    {
      GTask *task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_run_in_thread (task, gtask_func);
      g_object_unref (task);
    }
}

/* The plain peer: a ring buffer under one mutex, workers on a condition variable. */
static struct
{
  GMutex    lock;
  GCond     cond;
  gpointer *ring;
  gsize     head, length, capacity;
  GThread **threads;
  guint     n_threads;
} plain_queue;

static gpointer
plain_queue_worker (gpointer data)
{
  for (;;)
    {
      gpointer item;

      g_mutex_lock (&plain_queue.lock);
      while (plain_queue.length == 0)
        g_cond_wait (&plain_queue.cond, &plain_queue.lock);
      item = plain_queue.ring[plain_queue.head];
      plain_queue.head = (plain_queue.head + 1) % plain_queue.capacity;
      plain_queue.length--;
      g_mutex_unlock (&plain_queue.lock);

      item_done (*(const gint *) item);
    }
  return NULL;
}

static void
run_plain_queue (int n)
{
  for (int i = 0; i < n; i++)
    {
      g_mutex_lock (&plain_queue.lock);
      plain_queue.ring[(plain_queue.head + plain_queue.length) % plain_queue.capacity] = (gpointer) &one;
      plain_queue.length++;
      g_cond_signal (&plain_queue.cond);
      g_mutex_unlock (&plain_queue.lock);
    }
}

static void
plain_queue_start (void)
{
  plain_queue.capacity = (gsize) n_items + 1;
  plain_queue.ring = g_new (gpointer, plain_queue.capacity);
  plain_queue.n_threads = g_get_num_processors ();
  for (guint i = 0; i < plain_queue.n_threads; i++)
    g_thread_unref (g_thread_new ("plain-queue", plain_queue_worker, NULL));
}

typedef struct
{
  const char *name;
  void      (*run) (int n);
  int         divisor;   /* run n / divisor items (slow peers) */
} Variant;

typedef struct
{
  double items_per_s;
  double allocs_per_item;
  double bytes_per_item;
  double cpu_ns_per_item;
} Figures;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), (int (*)(const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

/* The samples of one variant, one per round. */
typedef struct
{
  double rates[32], allocs[32], bytes[32], cpu_ns[32];
} Samples;

static void
measure_round (const Variant *variant,
               Samples       *samples,
               int            round)
{
  int n = n_items / variant->divisor;
  AllocCount before, after;
  struct timespec cpu_start, cpu_end, process_start, process_end;
  gint64 start, produced, end;
  double process_ns;

  expect_items (n);
  before = alloc_counter_read ();
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &process_start);
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu_start);
  start = g_get_monotonic_time ();
  variant->run (n);
  produced = g_get_monotonic_time ();
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu_end);
  wait_items ();
  end = g_get_monotonic_time ();
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &process_end);
  process_ns = (process_end.tv_sec - process_start.tv_sec) * 1e9 +
               (process_end.tv_nsec - process_start.tv_nsec);
  after = alloc_counter_read ();

  samples->rates[round] = n / ((end - start) / 1e6);
  samples->allocs[round] = (double) (after.allocations - before.allocations) / n;
  samples->bytes[round] = (double) (after.bytes - before.bytes) / n;
  samples->cpu_ns[round] = process_ns / n;

  /* whether this thread (the producer) or the workers bound the round */
  if (per_round)
    printf ("round=%d bench=%s total_ms=%.1f produce_ms=%.1f producer_cpu_ms=%.1f "
            "process_cpu_ms=%.1f\n",
            round, variant->name, (end - start) / 1e3, (produced - start) / 1e3,
            ((cpu_end.tv_sec - cpu_start.tv_sec) * 1e9 +
             (cpu_end.tv_nsec - cpu_start.tv_nsec)) / 1e6, process_ns / 1e6);

  /* let GTask's completions (posted to this context) be freed between rounds */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static Figures
summarize (const Variant *variant,
           const Samples *samples)
{
  double rates[32], allocs[32], bytes[32], cpu_ns[32];
  Figures figures;

  memcpy (rates, samples->rates, sizeof rates);
  memcpy (allocs, samples->allocs, sizeof allocs);
  memcpy (bytes, samples->bytes, sizeof bytes);
  memcpy (cpu_ns, samples->cpu_ns, sizeof cpu_ns);
  figures.items_per_s = median (rates, n_rounds);
  figures.allocs_per_item = median (allocs, n_rounds);
  figures.bytes_per_item = median (bytes, n_rounds);
  figures.cpu_ns_per_item = median (cpu_ns, n_rounds);
  printf ("bench=%s items_per_s=%.0f allocs_per_item=%.3f bytes_per_item=%.1f "
          "cpu_ns_per_item=%.1f\n",
          variant->name, figures.items_per_s, figures.allocs_per_item, figures.bytes_per_item,
          figures.cpu_ns_per_item);
  fflush (stdout);
  return figures;
}

/* --only takes a comma-separated list of name prefixes */
static gboolean
selected (const char *name)
{
  g_auto(GStrv) prefixes = NULL;

  if (only == NULL)
    return TRUE;
  prefixes = g_strsplit (only, ",", -1);
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (prefixes[i][0] != '\0' && g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

static void
bench_throughput (void)
{
  static const Variant variants[] = {
    { "task-run", run_task_run, 1 },
    { "task-run-heap-closure", run_task_run_heap_closure, 1 },
    { "start-new", run_start_new, 1 },
    { "queue-user-work-item", run_queue_user_work_item, 1 },
    { "queue-user-work-item-local", run_queue_user_work_item_local, 1 },
    { "gthreadpool", run_gthread_pool, 1 },
    { "g-task-run-in-thread", run_gtask, 5 },
    { "mutex-condvar-queue", run_plain_queue, 1 },
  };
  enum { N_VARIANTS = G_N_ELEMENTS (variants) };
  Figures figures[N_VARIANTS] = { { 0, } };
  Samples *samples = g_new0 (Samples, N_VARIANTS);
  guint chosen[N_VARIANTS], n_chosen = 0;
  /* indices into variants[] */
  static const struct { guint a, b; } ratios[] = {
    { 3, 5 }, { 4, 5 }, { 0, 5 }, { 2, 5 }, { 3, 7 }, { 3, 6 }, { 0, 6 },
  };

  gthread_pool = g_thread_pool_new (gthread_pool_func, NULL, g_get_num_processors (), TRUE, NULL);
  plain_queue_start ();
  pool_thread_pool_get_thread_count (); /* start the workers outside the timing */

  for (guint i = 0; i < N_VARIANTS; i++)
    if (selected (variants[i].name))
      chosen[n_chosen++] = i;

  /* Interleaved: each round runs every chosen variant once, starting one
   * further along each time, so that a change in the load of this shared
   * machine falls on all of them alike rather than on whichever variant's
   * rounds it happened to meet. */
  for (int round = 0; round < n_rounds; round++)
    for (guint k = 0; k < n_chosen; k++)
      {
        guint i = chosen[(k + (guint) round) % n_chosen];

        measure_round (&variants[i], &samples[i], round);
      }

  for (guint k = 0; k < n_chosen; k++)
    figures[chosen[k]] = summarize (&variants[chosen[k]], &samples[chosen[k]]);

  /* value: the ratio of the medians; paired: the median of the rounds'
   * own ratios (each from two runs close in time) */
  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    {
      Figures *a = &figures[ratios[i].a], *b = &figures[ratios[i].b];
      double per_round[32];

      if (a->items_per_s <= 0 || b->items_per_s <= 0)
        continue;
      for (int round = 0; round < n_rounds; round++)
        per_round[round] = samples[ratios[i].a].rates[round] / samples[ratios[i].b].rates[round];
      printf ("ratio=%s/%s value=%.2f paired=%.2f\n", variants[ratios[i].a].name,
              variants[ratios[i].b].name, a->items_per_s / b->items_per_s,
              median (per_round, n_rounds));
    }
  fflush (stdout);
  g_free (samples);
}

/* --- hand-off to the UI thread ------------------------------------------- */

typedef struct
{
  gint64 completed_at;
  gint64 latencies[4096];
  int    n;
  GMainLoop *loop;
  PoolScheduler *ui;
  gboolean use_g_idle_add;
} Handoff;

static gboolean next_handoff (gpointer data);

static void
record_latency (Handoff *h)
{
  h->latencies[h->n++] = g_get_monotonic_time () - g_atomic_pointer_get (&h->completed_at);
  if (h->n == G_N_ELEMENTS (h->latencies))
    g_main_loop_quit (h->loop);
  else
    g_idle_add (next_handoff, h);
}

static gpointer
on_ui_continuation (PoolTask  *antecedent,
                    gpointer   data,
                    GError   **error)
{
  record_latency (data);
  return NULL;
}

static gboolean
on_idle (gpointer data)
{
  record_latency (data);
  return G_SOURCE_REMOVE;
}

/* A thread outside the pool completes the work, then the UI thread picks it up. */
static gpointer
complete_from_thread (gpointer data)
{
  gpointer *args = data;
  Handoff *h = args[0];
  PoolTaskCompletionSource *tcs = args[1];

  g_usleep (200);
  g_atomic_pointer_set (&h->completed_at, g_get_monotonic_time ());
  if (h->use_g_idle_add)
    g_idle_add (on_idle, h);
  else
    pool_task_completion_source_try_set_result (tcs, NULL, NULL);
  return NULL;
}

static gboolean
next_handoff (gpointer data)
{
  Handoff *h = data;
  g_autoptr(PoolTaskCompletionSource) tcs = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  gpointer args[2] = { h, tcs };

  if (!h->use_g_idle_add)
    pool_task_unref (pool_task_continue_with (pool_task_completion_source_get_task (tcs),
                                              on_ui_continuation, h, NULL, h->ui));
  g_thread_join (g_thread_new ("completer", complete_from_thread, args));
  return G_SOURCE_REMOVE;
}

static gint spin_stop;

static gpointer
spin (gpointer  data,
      GError  **error)
{
  volatile guint64 x = 0;

  while (!g_atomic_int_get (&spin_stop))
    for (int i = 0; i < 10000; i++)
      x += (guint64) i * i;
  return NULL;
}

static GPtrArray *
saturate_pool (void)
{
  GPtrArray *spinners = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);

  g_atomic_int_set (&spin_stop, 0);
  for (guint i = 0; i < pool_thread_pool_get_thread_count (); i++)
    g_ptr_array_add (spinners, pool_task_run (spin, NULL, NULL));
  g_usleep (50 * 1000);
  return spinners;
}

static void
stop_saturation (GPtrArray *spinners)
{
  g_atomic_int_set (&spin_stop, 1);
  for (guint i = 0; i < spinners->len; i++)
    pool_task_wait (g_ptr_array_index (spinners, i), NULL);
  g_ptr_array_unref (spinners);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Returns the p99 in µs. */
static gint64
bench_handoff_once (gboolean busy,
                    gboolean use_g_idle_add)
{
  gint64 p99;
  Handoff *h = g_new0 (Handoff, 1);
  GPtrArray *spinners = busy ? saturate_pool () : NULL;

  h->loop = g_main_loop_new (NULL, FALSE);
  h->ui = pool_main_context_scheduler_new (NULL);
  h->use_g_idle_add = use_g_idle_add;
  g_idle_add (next_handoff, h);
  g_main_loop_run (h->loop);

  if (spinners != NULL)
    stop_saturation (spinners);

  qsort (h->latencies, h->n, sizeof (gint64), (int (*)(const void *, const void *)) compare_gint64);
  p99 = h->latencies[h->n * 99 / 100];
  printf ("bench=%s p50_us=%" G_GINT64_FORMAT " p99_us=%" G_GINT64_FORMAT " busy=%d\n",
          use_g_idle_add ? "handoff-g-idle-add" : "handoff",
          h->latencies[h->n / 2], p99, busy ? 1 : 0);
  fflush (stdout);
  g_main_loop_unref (h->loop);
  pool_scheduler_unref (h->ui);
  g_free (h);
  return p99;
}

static void
bench_handoff (void)
{
  for (int busy = 0; busy <= 1; busy++)
    {
      gint64 pool_p99 = bench_handoff_once (busy, FALSE);
      gint64 peer_p99 = bench_handoff_once (busy, TRUE);

      printf ("ratio=handoff-p99/handoff-g-idle-add-p99 value=%.2f busy=%d\n",
              (double) pool_p99 / MAX (peer_p99, 1), busy);
    }
}

/* --- parallel speed-up --------------------------------------------------- */

static gpointer
cpu_chunk (gpointer  data,
           GError  **error)
{
  volatile double x = 1.0;

  for (int i = 0; i < 2000000; i++)
    x = x * 1.0000001 + 1e-9;
  return NULL;
}

static double
time_64_tasks_ms (void)
{
  PoolTask *tasks[64];
  g_autoptr(PoolTask) all = NULL;
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < 64; i++)
    tasks[i] = pool_task_run (cpu_chunk, NULL, NULL);
  all = pool_task_when_all (tasks, 64);
  pool_task_wait (all, NULL);
  for (int i = 0; i < 64; i++)
    pool_task_unref (tasks[i]);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
best_of_three_64_tasks_ms (void)
{
  double best = G_MAXDOUBLE;

  for (int i = 0; i < 3; i++)
    best = MIN (best, time_64_tasks_ms ());
  return best;
}

static void
bench_speedup (const char *self)
{
  const char *argv[] = { self, "--speedup-child", trace ? "--trace" : NULL, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "POOL_FORCE_WORKER_THREADS", "1", TRUE);
  double one, two;

  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, NULL))
    return;
  one = g_ascii_strtod (out, NULL);
  two = best_of_three_64_tasks_ms ();
  printf ("bench=speedup tasks=64 workers=%u workers1_ms=%.1f workers%u_ms=%.1f value=%.2f\n",
          pool_thread_pool_get_thread_count (), one, pool_thread_pool_get_thread_count (), two,
          one / two);
  fflush (stdout);
}

/* --- the UI thread's heartbeat under a saturated pool ------------------- */

typedef struct
{
  gint64     last;
  gint64     max_gap;
  GMainLoop *loop;
} Heartbeat;

static gboolean
beat (gpointer data)
{
  Heartbeat *hb = data;
  gint64 now = g_get_monotonic_time ();

  hb->max_gap = MAX (hb->max_gap, now - hb->last);
  hb->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
stop_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
bench_heartbeat (void)
{
  Heartbeat hb = { 0, };
  GPtrArray *spinners = saturate_pool ();
  guint beat_id;

  hb.loop = g_main_loop_new (NULL, FALSE);
  hb.last = g_get_monotonic_time ();
  beat_id = g_timeout_add_full (G_PRIORITY_HIGH, 5, beat, &hb, NULL);
  g_timeout_add_seconds (heartbeat_seconds, stop_loop, hb.loop);
  g_main_loop_run (hb.loop);
  g_source_remove (beat_id);
  stop_saturation (spinners);

  printf ("bench=heartbeat max_gap_ms=%.1f seconds=%d interval_ms=5 busy_workers=%u\n",
          hb.max_gap / 1000.0, heartbeat_seconds, pool_thread_pool_get_thread_count ());
  fflush (stdout);
  g_main_loop_unref (hb.loop);
}

int
main (int   argc,
      char *argv[])
{
  gboolean speedup_child = FALSE;
  GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &n_items, "Items per round", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Rounds (median reported)", "N" },
    { "heartbeat-seconds", 0, 0, G_OPTION_ARG_INT, &heartbeat_seconds, "Heartbeat duration", "S" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only benchmarks whose name starts so", "NAME,…" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Record the pool's trace throughout", NULL },
    { "per-round", 0, 0, G_OPTION_ARG_NONE, &per_round, "Print each throughput round too", NULL },
    { "speedup-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &speedup_child, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— libpool benchmarks");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-pool: %s\n", error->message);
      return 2;
    }
  n_rounds = CLAMP (n_rounds, 1, 32);

  if (speedup_child)
    {
      pool_trace_set_enabled (trace);
      printf ("%.3f\n", best_of_three_64_tasks_ms ());
      return 0;
    }

  if (trace)
    {
      pool_trace_set_enabled (TRUE);
      printf ("bench=config trace=1\n");
    }

  bench_throughput ();
  if (selected ("handoff"))
    bench_handoff ();
  if (selected ("speedup"))
    bench_speedup (argv[0]);
  if (selected ("heartbeat"))
    bench_heartbeat ();
  return 0;
}
