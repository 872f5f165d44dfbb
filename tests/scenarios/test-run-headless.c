/* test-run-headless.c — every scenario, run without a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenarios need no GTK: a GMainLoop stands in for the UI thread, and
 * each run is measured by its
 * own LabRunMonitor as in the window; the bundled photo is the picture, and
 * the built-in slow server serves it to the download scenarios. So the scenarios' code (their hand-offs
 * between workers and the UI thread above all) runs in the release build
 * and in the ThreadSanitizer and AddressSanitizer builds, where no window is
 * at hand. Here every run must complete, within a bound, with a report, and
 * its report's first verdict and error are checked where no sanitizer slows
 * the machine; a cancelled run must end Canceled, not as a failure.
 */
#include <json-glib/json-glib.h>
#include <string.h>
#include <pool.h>

#include "lab-blur.h"
#include "lab-csharp-marks.h"
#include "lab-download.h"
#include "lab-crash-demo.h"
#include "lab-scenario-run.h"
#include "lab-slow-server.h"

/* The window's sigma (app/lab-application-private.h) and a short freeze. */
#define SIGMA         6.0
#define FREEZE_MS     800.0
#define RUN_BOUND_S   120

static LabImage      *image;
static guint          passes;
static LabSlowServer *server;

typedef struct
{
  GMainLoop *loop;
  gboolean   timed_out;
} Waiter;

static void
on_completed (LabScenarioRun *run,
              Waiter         *waiter)
{
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_timeout (gpointer data)
{
  Waiter *waiter = data;

  waiter->timed_out = TRUE;
  g_main_loop_quit (waiter->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_run (gpointer run)
{
  lab_scenario_run_cancel (run);
  return G_SOURCE_REMOVE;
}

/* Runs @scenario to its end on this thread's loop; cancels it after
 * @cancel_after_ms when that is not 0. */
static LabRunMonitor *
run_scenario_at (const LabScenario *scenario,
                 const char        *url,
                 guint              cancel_after_ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { loop, FALSE };
  LabRunMonitor *monitor = lab_run_monitor_new (scenario->id, scenario->number, scenario->title,
                                                scenario->expected);
  g_autoptr(LabScenarioRun) run = lab_scenario_run_new (scenario, monitor, image, SIGMA, passes);
  guint timeout = g_timeout_add_seconds (RUN_BOUND_S, on_timeout, &waiter);

  g_signal_connect (run, "completed", G_CALLBACK (on_completed), &waiter);
  lab_scenario_run_set_url (run, url);
  lab_run_monitor_start (monitor);
  lab_scenario_run_start (run);
  if (cancel_after_ms > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, cancel_after_ms, cancel_run, g_object_ref (run),
                        g_object_unref);
  if (!lab_scenario_run_is_completed (run))
    g_main_loop_run (loop);
  if (!waiter.timed_out)
    g_source_remove (timeout);

  g_assert_false (waiter.timed_out);
  g_assert_true (lab_scenario_run_is_completed (run));
  g_assert_cmpint (lab_run_monitor_get_state (monitor), ==, LAB_RUN_STATE_FINISHED);
  /* let late continuations and posts drain before the next run */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return monitor;
}

static LabRunMonitor *
run_scenario (const LabScenario *scenario,
              guint              cancel_after_ms)
{
  return run_scenario_at (scenario, NULL, cancel_after_ms);
}

static gboolean
under_sanitizer (void)
{
  return g_getenv ("LAB_UNDER_SANITIZER") != NULL;
}

static void
test_scenario_completes (gconstpointer data)
{
  const LabScenario *scenario = data;
  g_autoptr(LabRunMonitor) monitor = run_scenario (scenario, 0);
  LabReport *report = lab_run_monitor_get_report (monitor);
  g_autofree char *json = lab_report_to_json (report);

  g_test_message ("%s", json);
  g_assert_nonnull (report);
  g_assert_cmpuint (lab_verdicts_count (report->verdicts), >=, 1);
  if (under_sanitizer ())
    return;
  /* the measured verdicts: a sanitizer's slowdown could flip a freeze's scale */
  g_assert_null (report->error);
  for (guint i = 0; i < lab_verdicts_count (scenario->expected); i++)
    g_assert_cmpstr (lab_verdict_to_string (report->verdicts[i]), ==,
                     lab_verdict_to_string (scenario->expected[i]));
}

/* Escape during a blur launched with the run's token: the blur observes it
 * between passes and the run ends soon, Canceled, with no error shown. */
static void
test_cancel_ends_canceled (gconstpointer data)
{
  const LabScenario *scenario = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LabRunMonitor) monitor = run_scenario (scenario, 50);
  LabReport *report = lab_run_monitor_get_report (monitor);
  double elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s: ended %s after %.0f ms", scenario->id, report->status, elapsed_ms);
  g_assert_cmpstr (report->status, ==, "Canceled");
  g_assert_null (report->error);
  if (!under_sanitizer ())
    g_assert_cmpfloat (elapsed_ms, <, 10 * FREEZE_MS);
}

/* A download scenario against a server that fails: it ends by itself, soon,
 * with a one-line error that names the server; never "Out of memory" nor a
 * claim about the URL's protocol. */
typedef struct
{
  const char *scenario;
  const char *path;          /* the fault, on the built-in slow server */
  const char *message;       /* a part of the error */
} DownloadFault;

static const DownloadFault download_faults[] = {
  { "download-three-ways", "/x?size=1000&http09=1", "no status line" },
  { "download-three-ways", "/x?size=1000&header_bytes=200000", "header line longer" },
  { "download-three-ways", "/x?size=1073741824&encoding=gzip", "16 MiB" },
  { "download-three-ways", "/x?size=1000&length=5000", "closed before" },
  { "start-new-async-delegate", "/x?size=1000&http09=1", "no status line" },
  { "recommended-pipeline", "/x?size=1073741824&encoding=gzip", "16 MiB" },
};

static void
test_download_fault (gconstpointer data)
{
  const DownloadFault *fault = data;
  g_autofree char *url = lab_slow_server_get_url (server, fault->path);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LabRunMonitor) monitor = run_scenario_at (lab_scenarios_find (fault->scenario), url, 0);
  LabReport *report = lab_run_monitor_get_report (monitor);
  double elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s against %s: %.0f ms, %s", fault->scenario, fault->path, elapsed_ms,
                  report->error);
  g_assert_nonnull (report->error);
  g_assert_nonnull (strstr (report->error, fault->message));
  g_assert_nonnull (strstr (report->error, "127.0.0.1"));
  g_assert_null (strchr (report->error, '\n'));
  g_assert_null (strstr (report->error, "Out of memory"));
  g_assert_cmpfloat (elapsed_ms, <, 60 * 1000);
}

/* A server that trickles forever: Escape (quitting cancels the run too)
 * ends the run within a second or so, whichever phase it is in. */
static void
test_download_trickle_canceled (gconstpointer data)
{
  const LabScenario *scenario = data;
  g_autofree char *url = lab_slow_server_get_url (server, "/x?size=10000000&rate=1500");
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LabRunMonitor) monitor = run_scenario_at (scenario, url, 1500);
  LabReport *report = lab_run_monitor_get_report (monitor);
  double elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s: ended %s after %.0f ms (error: %s)", scenario->id, report->status,
                  elapsed_ms, report->error);
  /* cancelled at 1.5 s; a phase that blocks the UI thread by design is cut
   * at LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS */
  g_assert_cmpfloat (elapsed_ms, <, 1500 + LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS + 2000);
}

/* The C# line of each event: which line of the scenario's C# the replay
 * lights for it. What a line is expected to hold is searched in the C#, as
 * the scenarios do, so an edit of the C# moves both. */
typedef enum
{
  EVERY,     /* every event of the kind and label; of a wait, the UI thread's */
  SOME,      /* at least one of them */
  HOLDING,   /* every task span holding a region of the label */
  FIRST,     /* the first task span to start */
  LAST,      /* the last task span to start */
} Pick;

typedef struct
{
  PoolTraceKind  kind;
  Pick           pick;
  const char    *label;
  const char    *needle;   /* a piece of the expected line */
} ExpectedLine;

typedef struct
{
  const char         *scenario;
  const ExpectedLine *lines;
  guint               n_lines;
} ExpectedLines;

static const ExpectedLine task_run_lines[] = {
  { POOL_TRACE_KIND_TASK, EVERY, NULL, "var blurred = await Task.Run(" },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "() => Blur(image, token), token);" },
  { POOL_TRACE_KIND_WORK_ITEM, EVERY, "await", "preview.Image = blurred;" },
};

static const ExpectedLine start_new_in_ui_task_lines[] = {
  { POOL_TRACE_KIND_TASK, HOLDING, "blur", "Task.Factory.StartNew(() => Blur(image, token), token)" },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "Task.Factory.StartNew(() => Blur(image, token), token)" },
  { POOL_TRACE_KIND_TASK, FIRST, NULL, "    Task.Factory.StartNew(() =>" },
  { POOL_TRACE_KIND_TASK, LAST, NULL, ".ContinueWith(t => preview.Image = t.Result, ui);" },
};

/* (the StartNew parent's continuation runs last, on a worker, and may
 * record its span after the run has taken its last events) */
static const ExpectedLine attached_children_lines[] = {
  { POOL_TRACE_KIND_TASK, HOLDING, "blur", "Task.Factory.StartNew(() => Blur(image), " },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "Task.Factory.StartNew(() => Blur(image), " },
  { POOL_TRACE_KIND_TASK, SOME, NULL, "var a = Task.Factory.StartNew(() => StartChildren(" },
  { POOL_TRACE_KIND_TASK, SOME, NULL, "var b = Task.Run(() => StartChildren(" },
  { POOL_TRACE_KIND_TASK, SOME, NULL, "b.ContinueWith(_ => Done(\"Task.Run parent\"), sync);" },
  { POOL_TRACE_KIND_TASK, SOME, NULL, ".ContinueWith(_ => Done($\"{parent} child {n}\"), sync);" },
};

static const ExpectedLine cancellation_lines[] = {
  /* t2 ignores the token: it always runs; t1 never does */
  { POOL_TRACE_KIND_TASK, SOME, NULL, "var t2 = Task.Run(() => Blur(image), cts2.Token);" },
  { POOL_TRACE_KIND_TASK, LAST, NULL, ".ContinueWith(_ => ShowStatuses(t1, t2, t3, t4), ui);" },
};

static const ExpectedLine result_deadlock_lines[] = {
  { POOL_TRACE_KIND_TASK, HOLDING, "blur", "var blurred = await Task.Run(() => Blur(image));" },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "var blurred = await Task.Run(() => Blur(image));" },
  { POOL_TRACE_KIND_REGION, EVERY, "blocked in .Result", "preview.Image = BlurAsync().Result;" },
  { POOL_TRACE_KIND_WAIT_BEGIN, EVERY, NULL, "preview.Image = BlurAsync().Result;" },
  { POOL_TRACE_KIND_WAIT_END, EVERY, NULL, "preview.Image = BlurAsync().Result;" },
  { POOL_TRACE_KIND_WORK_ITEM, EVERY, "await", "status.Text = \"blurred\";" },
  /* once .Result is let go, what the assignment gets */
  { POOL_TRACE_KIND_TASK, LAST, NULL, "preview.Image = BlurAsync().Result;" },
};

static const ExpectedLines expected_lines[] = {
  { "task-run", task_run_lines, G_N_ELEMENTS (task_run_lines) },
  { "start-new-in-ui-task", start_new_in_ui_task_lines, G_N_ELEMENTS (start_new_in_ui_task_lines) },
  { "attached-children", attached_children_lines, G_N_ELEMENTS (attached_children_lines) },
  { "cancellation", cancellation_lines, G_N_ELEMENTS (cancellation_lines) },
  { "result-deadlock", result_deadlock_lines, G_N_ELEMENTS (result_deadlock_lines) },
};

static gboolean
holds_region (LabTraceModel *model,
              guint          task_id,
              const char    *label)
{
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      if (event->kind == POOL_TRACE_KIND_REGION && event->task_id == task_id &&
          g_strcmp0 (event->label, label) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The events @expected is about, in start order. */
static GPtrArray *
picked_events (LabTraceModel      *model,
               GArray             *instants,
               const ExpectedLine *expected)
{
  GPtrArray *events = g_ptr_array_new ();
  const PoolTraceEvent *first = NULL, *last = NULL;

  /* a wait, from the pool's trace: the UI thread's */
  if (pool_trace_kind_is_instant (expected->kind))
    {
      for (guint i = 0; i < instants->len; i++)
        {
          const PoolTraceEvent *event = &g_array_index (instants, PoolTraceEvent, i);

          if (event->kind == expected->kind && event->role == POOL_THREAD_ROLE_UI)
            g_ptr_array_add (events, (gpointer) event);
        }
      return events;
    }

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      if (event->kind != expected->kind)
        continue;
      if (expected->pick == FIRST || expected->pick == LAST)
        {
          if (first == NULL || event->start_us < first->start_us)
            first = event;
          if (last == NULL || event->start_us >= last->start_us)
            last = event;
        }
      else if (expected->pick == HOLDING ? holds_region (model, event->task_id, expected->label)
                                         : g_strcmp0 (event->label, expected->label) == 0)
        g_ptr_array_add (events, (gpointer) event);
    }
  if (expected->pick == FIRST || expected->pick == LAST)
    g_ptr_array_add (events, (gpointer) (expected->pick == FIRST ? first : last));
  return events;
}

static void
test_csharp_lines (gconstpointer data)
{
  const ExpectedLines *expected = data;
  const LabScenario *scenario = lab_scenarios_find (expected->scenario);
  guint64 since = pool_trace_get_position ();
  g_autoptr(LabRunMonitor) monitor = run_scenario (scenario, 0);
  LabTraceModel *model = lab_run_monitor_get_trace_model (monitor);
  g_autoptr(GArray) instants = pool_trace_copy_events_since (since);
  g_autoptr(GHashTable) span_lines = g_hash_table_new (NULL, NULL);
  guint n_lines = 1, n_task_instants = 0;

  for (const char *c = scenario->csharp; *c != '\0'; c++)
    if (*c == '\n' && c[1] != '\0')
      n_lines++;

  /* every task span and region belongs to a line of the C# */
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;
      guint line = lab_run_monitor_get_csharp_line (monitor, event);

      if (event->kind != POOL_TRACE_KIND_TASK && event->kind != POOL_TRACE_KIND_REGION)
        continue;
      g_test_message ("%s %u (%s) on %s, at %.0f ms: line %u",
                      pool_trace_kind_to_string (event->kind), event->task_id,
                      event->label != NULL ? event->label : "",
                      pool_thread_role_to_string (event->role),
                      (event->start_us - lab_run_monitor_get_start_time (monitor)) / 1000.0, line);
      g_assert_cmpuint (line, >=, 1);
      g_assert_cmpuint (line, <=, n_lines);
      if (event->kind == POOL_TRACE_KIND_TASK)
        g_hash_table_insert (span_lines, GUINT_TO_POINTER (event->task_id),
                             GUINT_TO_POINTER (line));
    }

  /* a task's instants (the model holds spans only: the pool's trace, since
   * the run began) belong to its span's line */
  for (guint i = 0; i < instants->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (instants, PoolTraceEvent, i);
      guint span_line = GPOINTER_TO_UINT (g_hash_table_lookup (span_lines,
                                                               GUINT_TO_POINTER (event->task_id)));

      if ((event->kind == POOL_TRACE_KIND_QUEUED || event->kind == POOL_TRACE_KIND_DEQUEUED ||
           event->kind == POOL_TRACE_KIND_STOLEN || event->kind == POOL_TRACE_KIND_STATUS) &&
          span_line != 0)
        {
          g_assert_cmpuint (lab_run_monitor_get_csharp_line (monitor, event), ==, span_line);
          n_task_instants++;
        }
    }
  g_assert_cmpuint (n_task_instants, >=, 1);

  /* and the ones a speaker names, to the line they would point at */
  for (guint i = 0; i < expected->n_lines; i++)
    {
      const ExpectedLine *line = &expected->lines[i];
      guint want = lab_csharp_find_line (scenario->csharp, line->needle);
      g_autoptr(GPtrArray) events = picked_events (model, instants, line);
      gboolean seen = FALSE;

      g_assert_cmpuint (want, !=, 0);
      g_assert_cmpuint (events->len, >=, 1);
      for (guint j = 0; j < events->len; j++)
        {
          guint got = lab_run_monitor_get_csharp_line (monitor, g_ptr_array_index (events, j));

          if (line->pick != SOME)
            g_assert_cmpuint (got, ==, want);
          seen |= got == want;
        }
      if (!seen)
        g_error ("%s: no %s on line %u (%s)", scenario->id, pool_trace_kind_to_string (line->kind),
                 want, line->needle);
    }
}

int
main (int   argc,
      char *argv[])
{
  const LabScenario * const *scenarios;
  guint n_scenarios;
  g_autoptr(GError) error = NULL;
  char *jpeg;
  gsize jpeg_size;
  int status;

  /* scenario 7 starts this very executable as its child */
  if (argc > 1 && g_strcmp0 (argv[1], "--" LAB_CRASH_DEMO_OPTION) == 0)
    {
      g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);

      g_variant_dict_insert (options, LAB_CRASH_DEMO_OPTION, "b", TRUE);
      return lab_crash_demo_handle_options (options);
    }

  g_test_init (&argc, &argv, NULL);
  g_main_context_acquire (NULL);

  image = lab_image_load_file (LAB_SAMPLE_IMAGE, &error);
  g_assert_no_error (error);
  if (!g_file_get_contents (LAB_SAMPLE_IMAGE, &jpeg, &jpeg_size, &error))
    g_error ("%s", error->message);
  server = lab_slow_server_get_default (&error);
  g_assert_no_error (error);
  lab_slow_server_add_file (server, "/images/sample.jpg", g_bytes_new_take (jpeg, jpeg_size),
                            "image/jpeg");
  passes = lab_blur_calibrate_passes (image, SIGMA, FREEZE_MS);
  g_test_message ("%u passes of the blur take about %.0f ms here", passes, FREEZE_MS);

  scenarios = lab_scenarios_get_all (&n_scenarios);
  for (guint i = 0; i < n_scenarios; i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/%s/completes", scenarios[i]->id);

      g_test_add_data_func (path, scenarios[i], test_scenario_completes);
    }
  for (guint i = 0; i < n_scenarios; i++)
    if (g_str_equal (scenarios[i]->id, "task-run") ||
        g_str_equal (scenarios[i]->id, "start-new-default-scheduler") ||
        g_str_equal (scenarios[i]->id, "hide-scheduler") ||
        g_str_equal (scenarios[i]->id, "queue-user-work-item"))
      {
        g_autofree char *path = g_strdup_printf ("/scenarios/%s/cancel-ends-canceled",
                                                 scenarios[i]->id);

        g_test_add_data_func (path, scenarios[i], test_cancel_ends_canceled);
      }

  for (guint i = 0; i < G_N_ELEMENTS (expected_lines); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/%s/csharp-lines",
                                               expected_lines[i].scenario);

      g_test_add_data_func (path, &expected_lines[i], test_csharp_lines);
    }

  for (guint i = 0; i < G_N_ELEMENTS (download_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/%s/fault/%u", download_faults[i].scenario, i);

      g_test_add_data_func (path, &download_faults[i], test_download_fault);
    }
  for (guint i = 0; i < n_scenarios; i++)
    if (scenarios[i]->downloads)
      {
        g_autofree char *path = g_strdup_printf ("/scenarios/%s/trickle-canceled", scenarios[i]->id);

        g_test_add_data_func (path, scenarios[i], test_download_trickle_canceled);
      }

  status = g_test_run ();
  lab_image_unref (image);
  g_main_context_release (NULL);
  return status;
}
