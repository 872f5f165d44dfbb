/* lab-scenario-run.c — runs a scenario, with its monitor measuring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application makes the run's LabRunMonitor (the window watches it)
 * and starts it; lab_scenario_run_start() then calls the scenario, which
 * launches its work through the pool exactly as the C# it mirrors and, on
 * the UI thread, ends the run with lab_scenario_run_show_result() (a
 * continuation on the UI scheduler) or lab_scenario_run_complete(). That
 * finishes the monitor, which builds the report from the measurements
 * alone, and emits ::completed.
 *
 * A scenario may set its own verdict only from a condition it measured: a
 * timed-out wait (deadlocked), an outer task completed before its inner
 * one (completed early), a child process ended by a signal (crashed in the
 * child). Nothing here decides an outcome in advance.
 */
#define G_LOG_DOMAIN "Lab"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab-scenario-run.h"

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
# define HAVE_MALLINFO2 1
#endif

struct _LabScenarioRun
{
  GObject            parent_instance;

  /* immutable after creation */
  const LabScenario *scenario;
  LabRunMonitor     *monitor;
  LabImage          *source;
  double             sigma;
  guint              passes;
  PoolScheduler     *ui_scheduler;
  PoolCancellationTokenSource *cancellation;

  /* UI thread only */
  char              *url;
  gboolean           started;
  gboolean           completed;
  LabImage          *result;
};

G_DEFINE_FINAL_TYPE (LabScenarioRun, lab_scenario_run, G_TYPE_OBJECT)

enum {
  COMPLETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lab_scenario_run_finalize (GObject *object)
{
  LabScenarioRun *self = LAB_SCENARIO_RUN (object);

  g_clear_object (&self->monitor);
  g_clear_pointer (&self->source, lab_image_unref);
  g_clear_pointer (&self->ui_scheduler, pool_scheduler_unref);
  g_clear_pointer (&self->cancellation, pool_cancellation_token_source_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->result, lab_image_unref);

  G_OBJECT_CLASS (lab_scenario_run_parent_class)->finalize (object);
}

static void
lab_scenario_run_class_init (LabScenarioRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lab_scenario_run_finalize;

  /**
   * LabScenarioRun::completed:
   *
   * The result is back on the UI thread and the monitor has finished.
   */
  signals[COMPLETED] =
    g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lab_scenario_run_init (LabScenarioRun *self)
{
}

/**
 * lab_scenario_run_new:
 * @monitor: the run's monitor, started or not
 * @source: the image the scenario blurs
 * @passes: blur passes that take about the freeze length on one thread
 */
LabScenarioRun *
lab_scenario_run_new (const LabScenario *scenario,
                      LabRunMonitor     *monitor,
                      LabImage          *source,
                      double             sigma,
                      guint              passes)
{
  LabScenarioRun *self;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitor), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self = g_object_new (LAB_TYPE_SCENARIO_RUN, NULL);
  self->scenario = scenario;
  self->monitor = g_object_ref (monitor);
  self->source = lab_image_ref (source);
  self->sigma = sigma;
  self->passes = passes;
  self->ui_scheduler = pool_main_context_scheduler_new (NULL);
  self->cancellation = pool_cancellation_token_source_new ();
  return self;
}

/* Call from the UI thread; ::completed follows once the result is shown. */
void
lab_scenario_run_start (LabScenarioRun *self)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  if (lab_run_monitor_get_state (self->monitor) == LAB_RUN_STATE_READY)
    lab_run_monitor_start (self->monitor);
  /* what the monitor saw until now is the baseline */
  lab_run_monitor_begin_work (self->monitor);
  /* a scenario may complete inside start (a blur in the click handler), and
   * whoever listens to ::completed may drop its reference there */
  g_object_ref (self);
  self->scenario->start (self);
  g_object_unref (self);
}

/**
 * lab_scenario_run_cancel:
 *
 * Cancels the run's token (the window's Escape). Scenarios that pass it to
 * their work end sooner, Canceled; the others run to their end.
 */
void
lab_scenario_run_cancel (LabScenarioRun *self)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  pool_cancellation_token_source_cancel (self->cancellation);
}

const LabScenario *
lab_scenario_run_get_scenario (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->scenario;
}

LabRunMonitor *
lab_scenario_run_get_monitor (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->monitor;
}

LabImage *
lab_scenario_run_get_source (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->source;
}

double
lab_scenario_run_get_sigma (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), 0.0);

  return self->sigma;
}

/* How many blur passes take about the freeze length on one thread. */
guint
lab_scenario_run_get_passes (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), 0);

  return self->passes;
}

/* The calibrated blur of the source: it takes about the freeze length on one thread. */
LabBlurJob *
lab_scenario_run_new_blur_job (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return lab_blur_job_new (self->source, self->sigma, self->passes);
}

/**
 * lab_scenario_run_new_cancellable_blur_job:
 *
 * `Blur(image, token)`: the calibrated blur, looking at the run's token (the
 * window's Escape) before each pass.
 */
LabBlurJob *
lab_scenario_run_new_cancellable_blur_job (LabScenarioRun *self)
{
  LabBlurJob *job = lab_scenario_run_new_blur_job (self);

  lab_blur_job_observe_token (job, pool_cancellation_token_source_get_token (self->cancellation));
  return job;
}

/**
 * lab_scenario_run_new_blur_job_for_image:
 * @image: what to blur (a downloaded copy, a tile ...)
 * @fraction: of the calibrated passes, above 0 (at least one pass); at most
 *   4, for a blur meant to be stopped long before its end
 *
 * A blur job as heavy as @fraction of the calibrated one, for @image.
 */
LabBlurJob *
lab_scenario_run_new_blur_job_for_image (LabScenarioRun *self,
                                         LabImage       *image,
                                         double          fraction)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);
  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (fraction > 0.0 && fraction <= 4.0, NULL);

  return lab_blur_job_new (image, self->sigma, MAX (1, (guint) (self->passes * fraction + 0.5)));
}

/* The UI thread's scheduler: TaskScheduler.FromCurrentSynchronizationContext(). */
PoolScheduler *
lab_scenario_run_get_ui_scheduler (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->ui_scheduler;
}

/* The token the window's Escape cancels (borrowed; valid while the run lives). */
PoolCancellationToken *
lab_scenario_run_get_cancellation_token (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return pool_cancellation_token_source_get_token (self->cancellation);
}

/* The task whose final status the report gives. */
void
lab_scenario_run_track_task (LabScenarioRun *self,
                             PoolTask       *task)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_track_task (self->monitor, task);
}

/* Replaces the stall's verdict with one the scenario measured (see the top). */
void
lab_scenario_run_set_verdict (LabScenarioRun *self,
                              LabVerdict      verdict)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_set_verdict (self->monitor, verdict);
}

/* A task the scenario shows, by name, with its status as read now. */
void
lab_scenario_run_set_status (LabScenarioRun *self,
                             const char     *name,
                             PoolTaskStatus  status)
{
  lab_scenario_run_set_status_string (self, name, pool_task_status_to_string (status));
}

/* For outcomes that are not a task's status: "crashed in the child", "no task". */
void
lab_scenario_run_set_status_string (LabScenarioRun *self,
                                    const char     *name,
                                    const char     *status)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_set_status (self->monitor, name, status);
}

/* Reports every status @task goes through, under @detail_key. */
void
lab_scenario_run_watch_task (LabScenarioRun *self,
                             PoolTask       *task,
                             const char     *detail_key)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_watch_task (self->monitor, task, detail_key);
}

void
lab_scenario_run_add_detail (LabScenarioRun *self,
                             const char     *key,
                             const char     *format,
                             ...)
{
  g_autofree char *value = NULL;
  va_list args;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  lab_run_monitor_add_detail (self->monitor, key, value);
}

void
lab_scenario_run_add_detail_number (LabScenarioRun *self,
                                    const char     *key,
                                    double          value)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_add_detail_number (self->monitor, key, value);
}

/* Takes @node (an array or object of measured facts). */
void
lab_scenario_run_add_detail_node (LabScenarioRun *self,
                                  const char     *key,
                                  JsonNode       *node)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_add_detail_node (self->monitor, key, node);
}

/* The line the window shows under the verdict: the facts the scenario measured. */
void
lab_scenario_run_set_summary (LabScenarioRun *self,
                              const char     *format,
                              ...)
{
  g_autofree char *summary = NULL;
  va_list args;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  summary = g_strdup_vprintf (format, args);
  va_end (args);
  lab_run_monitor_set_summary (self->monitor, summary);
}

/* See lab_run_monitor_begin_phase(). */
void
lab_scenario_run_begin_phase (LabScenarioRun *self,
                              const char     *name)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_begin_phase (self->monitor, name);
}

/* See lab_run_monitor_begin_phase_full(): threads held counted inside @held_region only. */
void
lab_scenario_run_begin_phase_full (LabScenarioRun *self,
                                   const char     *name,
                                   const char     *held_region)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  lab_run_monitor_begin_phase_full (self->monitor, name, held_region);
}

/* See lab_run_monitor_end_phase(). */
LabVerdict
lab_scenario_run_end_phase (LabScenarioRun *self,
                            double         *thread_ms_held)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), LAB_VERDICT_NONE);

  return lab_run_monitor_end_phase (self->monitor, thread_ms_held);
}

/* The run's trace so far (every event recorded up to now). */
LabTraceModel *
lab_scenario_run_get_trace_model (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  lab_run_monitor_update (self->monitor);
  return lab_run_monitor_get_trace_model (self->monitor);
}

/* What .NET throws as OperationCanceledException (TaskCanceledException). */
static gboolean
is_cancellation (const GError *error)
{
  return error->domain == POOL_CANCELED_ERROR ||
         g_error_matches (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
}

/**
 * lab_scenario_run_complete:
 * @result: (nullable): the image to show, if the scenario made one
 * @error: (nullable): why the run failed, if it did
 *
 * Ends the run on the UI thread: the monitor finishes (the report, the log,
 * the chips) and ::completed is emitted. Once only.
 */
void
lab_scenario_run_complete (LabScenarioRun *self,
                           LabImage       *result,
                           const GError   *error)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (self->started && !self->completed);

  self->completed = TRUE;
  if (result != NULL)
    self->result = lab_image_ref (result);
  /* a run that ends because its token was cancelled (Escape) ends Canceled,
   * an outcome, not a failure: status Canceled, no error */
  if (error != NULL && is_cancellation (error) &&
      pool_cancellation_token_source_is_cancellation_requested (self->cancellation))
    {
      lab_run_monitor_set_verdict (self->monitor, LAB_VERDICT_CANCELED);
      error = NULL;
    }
  lab_run_monitor_finish (self->monitor, error);
  g_signal_emit (self, signals[COMPLETED], 0);
}

/**
 * lab_scenario_run_show_result:
 * @blur_task: the completed blur
 * @run: the #LabScenarioRun
 *
 * The continuation most scenarios attach on the UI scheduler: it takes the
 * blurred image (or the error) back on the UI thread and ends the run.
 */
gpointer
lab_scenario_run_show_result (PoolTask  *blur_task,
                              gpointer   run,
                              GError   **error)
{
  LabScenarioRun *self = LAB_SCENARIO_RUN (run);
  g_autoptr(GError) blur_error = NULL;
  LabImage *image = pool_task_get_result (blur_task, &blur_error);

  lab_scenario_run_complete (self, image, blur_error);
  return NULL;
}

LabImage *
lab_scenario_run_get_result (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  return self->result;
}

gboolean
lab_scenario_run_is_completed (LabScenarioRun *self)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), FALSE);

  return self->completed;
}

/* The URL the window's field holds, or NULL for the built-in slow server. */
void
lab_scenario_run_set_url (LabScenarioRun *self,
                          const char     *url)
{
  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  g_free (self->url);
  self->url = url != NULL && url[0] != '\0' ? g_strdup (url) : NULL;
}

/**
 * lab_scenario_run_dup_download_url:
 * @path_and_query: what to fetch from @server when no URL was given
 *
 * Where the download scenarios fetch from: the URL typed in the window, or
 * the built-in slow server (offline, the same every time).
 */
char *
lab_scenario_run_dup_download_url (LabScenarioRun *self,
                                   LabSlowServer  *server,
                                   const char     *path_and_query)
{
  g_return_val_if_fail (LAB_IS_SCENARIO_RUN (self), NULL);

  if (self->url != NULL)
    return g_strdup (self->url);
  return lab_slow_server_get_url (server, path_and_query);
}

/* ---- the heap probe --------------------------------------------------------
 *
 * TaskLab cannot count malloc calls, so a scenario that wants to know what
 * an item costs reads the heap bytes in use before and after queueing many
 * of them. glibc's mallinfo2() sums every arena, and the UI thread drawing
 * a frame meanwhile adds or frees megabytes there; so the count reads
 * malloc_info() and only the arena of the measuring thread, found by a
 * probe allocation (mallinfo2() when no arena can be told apart). Bytes in
 * use include malloc's own chunk headers: an estimate.
 */

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

/* Bytes in use per arena: the arena's memory from the system minus its
 * free chunks (headers included). */
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

/**
 * lab_scenario_heap_find_own_arena:
 *
 * Which malloc arena the calling thread allocates from: the one that grows
 * by a probe's size. 0 is the main arena, where the UI thread allocates too.
 *
 * Returns: the arena's index, or -1 if none or several grew
 */
int
lab_scenario_heap_find_own_arena (void)
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

/**
 * lab_scenario_heap_get_bytes_in_use:
 * @arena: from lab_scenario_heap_find_own_arena(), or -1
 *
 * Returns: the heap bytes in use in @arena alone when known (another
 *   thread's allocations elsewhere do not count), else in all of them
 *   (mallinfo2()); 0 when neither can be read
 */
gint64
lab_scenario_heap_get_bytes_in_use (int arena)
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
