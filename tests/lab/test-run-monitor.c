/* test-run-monitor.c — one run on the real pool, measured by its monitor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run: Task.Run on a worker and a LongRunning task on a dedicated
 * thread each record a "blur" region; when both are done a continuation on
 * the UI scheduler finishes the run. The main loop is driven with
 * g_main_context_iteration, as the window's would be.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-run-monitor.h"
#include "lab-trace-export.h"

static gpointer
blur_region (gpointer   data,
             GError   **error)
{
  gint64 begin = pool_trace_begin_region ();

  g_usleep (30 * 1000);
  pool_trace_end_region ("blur", begin);
  return NULL;
}

static gpointer
finish_run (PoolTask  *all,
            gpointer   data,
            GError   **error)
{
  lab_run_monitor_finish (data, NULL);
  return NULL;
}

static void
on_finished (LabRunMonitor *monitor,
             gboolean      *finished)
{
  *finished = TRUE;
}

static guint64
count_frames (gpointer data)
{
  return ++*(guint64 *) data;
}

/* Runs the two tasks under @monitor and returns once it has finished. */
static void
run_on_worker_and_dedicated (LabRunMonitor *monitor)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  PoolTask *tasks[2];
  g_autoptr(PoolTask) all = NULL;
  gboolean finished = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_signal_connect (monitor, "finished", G_CALLBACK (on_finished), &finished);
  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  g_assert_cmpint (lab_run_monitor_get_state (monitor), ==, LAB_RUN_STATE_RUNNING);

  tasks[0] = pool_task_run (blur_region, NULL, NULL);
  tasks[1] = pool_task_factory_start_new_full (blur_region, NULL, NULL, NULL,
                                               POOL_TASK_CREATION_LONG_RUNNING,
                                               pool_scheduler_get_default ());
  lab_run_monitor_track_task (monitor, tasks[0]);
  lab_run_monitor_watch_task (monitor, tasks[1], "long_running_statuses");
  all = pool_task_when_all (tasks, 2);
  pool_task_unref (pool_task_continue_with (all, finish_run, monitor, NULL, ui));

  while (!finished && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_main_context_release (NULL);
  g_assert_true (finished);
  pool_task_unref (tasks[0]);
  pool_task_unref (tasks[1]);
}

static gboolean
strv_has (const char * const *strv,
          const char         *value)
{
  return strv != NULL && g_strv_contains (strv, value);
}

/* One run with a worker and a dedicated thread: the report, the chips, the log, the
 * trace model's lanes and the Perfetto export all name each thread the same way. */
static void
test_thread_names_agree (void)
{
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *export = NULL;
  g_autofree char *chips = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GPtrArray) exported_names = g_ptr_array_new ();
  JsonArray *events;
  LabTraceModel *model;
  LabReport *report;
  guint64 frames = 0;

  monitor = lab_run_monitor_new ("names", 1, "Thread names", expected);
  lab_run_monitor_set_frame_counter (monitor, count_frames, &frames, NULL);
  run_on_worker_and_dedicated (monitor);
  report = lab_run_monitor_get_report (monitor);
  model = lab_run_monitor_get_trace_model (monitor);
  g_assert_nonnull (report);

  /* the report names one worker and the dedicated thread */
  g_assert_cmpuint (g_strv_length (report->work_threads), ==, 2);
  g_assert_true (strv_has ((const char * const *) report->work_threads, "Dedicated 1"));
  g_assert_true (g_str_has_prefix (report->work_threads[0], "Worker ") ||
                 g_str_has_prefix (report->work_threads[1], "Worker "));
  g_assert_true (strv_has ((const char * const *) report->work_ran_on, "worker"));
  g_assert_true (strv_has ((const char * const *) report->work_ran_on, "dedicated"));
  g_assert_cmpstr (report->status, ==, "RanToCompletion");
  g_assert_cmpuint (report->frames, ==, 1);

  chips = g_strjoinv ("\n", (char **) lab_run_monitor_get_chips (monitor));
  log = g_strjoinv ("\n", (char **) lab_run_monitor_get_log (monitor));
  export = lab_trace_export_to_chrome_json (model);
  g_assert_true (json_parser_load_from_data (parser, export, -1, NULL));
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "name"), "thread_name") == 0)
        g_ptr_array_add (exported_names,
                         (gpointer) json_object_get_string_member (json_object_get_object_member (event, "args"),
                                                                   "name"));
    }

  for (guint i = 0; report->work_threads[i] != NULL; i++)
    {
      const char *name = report->work_threads[i];
      gboolean is_lane = FALSE;

      for (guint l = 0; l < lab_trace_model_get_n_lanes (model); l++)
        is_lane |= g_str_equal (lab_trace_model_get_lane (model, l)->title, name);
      g_assert_true (is_lane);
      g_assert_nonnull (strstr (chips, name));
      g_assert_nonnull (strstr (log, name));
      g_assert_true (g_ptr_array_find_with_equal_func (exported_names, name, g_str_equal, NULL));
    }
  g_assert_true (g_str_has_prefix (log, "UI on thread "));
  g_assert_nonnull (strstr (log, "Result shown on thread "));
}

/* The monitor reads the pool's counters from the start, and the watched task's statuses. */
static void
test_counters_and_statuses (void)
{
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  const LabPoolCounters *counters;
  JsonArray *seen;
  LabReport *report;

  monitor = lab_run_monitor_new ("counters", 2, "Counters", expected);
  run_on_worker_and_dedicated (monitor);
  counters = lab_run_monitor_get_counters (monitor);
  report = lab_run_monitor_get_report (monitor);

  /* Task.Run, the LongRunning task, WhenAll and the continuation: 4 tasks at least */
  g_assert_cmpuint (counters->tasks_created, >=, 4);
  g_assert_cmpuint (counters->threads, >=, 1);
  seen = json_object_get_array_member (report->details, "long_running_statuses");
  g_assert_nonnull (seen);
  g_assert_cmpstr (json_array_get_string_element (seen, json_array_get_length (seen) - 1), ==,
                   "RanToCompletion");
  g_assert_cmpuint (lab_verdicts_count (report->verdicts), ==, 1);
  g_assert_cmpint (report->verdicts[0], ==, LAB_VERDICT_RESPONSIVE);
  g_assert_cmpfloat (report->work_ms, >=, 50.0);
}

/* The UI thread blocked for 300 ms by the scenario's own work: a region in the trace. */
static gboolean
blur_on_ui_thread (gpointer data)
{
  gint64 begin = pool_trace_begin_region ();

  g_usleep (300 * 1000);
  pool_trace_end_region ("blur", begin);
  return G_SOURCE_REMOVE;
}

/* The UI thread kept off its loop for 300 ms by something else (nothing traced):
 * as when the machine is busy. */
static gboolean
hiccup (gpointer data)
{
  g_usleep (300 * 1000);
  return G_SOURCE_REMOVE;
}

static void
iterate_for_ms (int ms)
{
  for (gint64 until = g_get_monotonic_time () + ms * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
}

/* Two phases, one with the scenario's work on the UI thread: the report takes their verdicts. */
static void
test_phases (void)
{
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_FROZEN };
  LabReport *report;

  monitor = lab_run_monitor_new ("phases", 3, "Phases", expected);
  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  lab_run_monitor_begin_phase (monitor, "calm");
  iterate_for_ms (60);
  lab_run_monitor_begin_phase (monitor, "blocked");
  g_idle_add (blur_on_ui_thread, NULL);
  iterate_for_ms (350);
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);

  report = lab_run_monitor_get_report (monitor);
  g_assert_cmpuint (lab_verdicts_count (report->verdicts), ==, 2);
  g_assert_cmpint (report->verdicts[0], ==, LAB_VERDICT_RESPONSIVE);
  g_assert_cmpint (report->verdicts[1], ==, LAB_VERDICT_FROZEN);
  g_assert_cmpuint (json_array_get_length (report->phases), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (report->phases, 1),
                                                    "scenario_stall_ms"), >=, 290.0);
  g_assert_cmpfloat (lab_stall_series_get_longest_ms (lab_run_monitor_get_stall_series (monitor)), >=, 290.0);
  g_assert_null (report->status);
}

/* A pool thread that waits 150 ms inside the region @data names. */
static gpointer
wait_in_region (gpointer   data,
                GError   **error)
{
  gint64 begin = pool_trace_begin_region ();

  g_usleep (150 * 1000);
  pool_trace_end_region (data, begin);
  return NULL;
}

/* A phase with a held region counts only the pool threads inside that
 * region: a worker busy with something else in the same phase is not held. */
static void
test_phase_held_region (void)
{
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE, LAB_VERDICT_RESPONSIVE };
  g_autoptr(PoolTask) held = NULL;
  g_autoptr(PoolTask) other = NULL;
  g_autoptr(PoolTask) later = NULL;
  JsonObject *phase;
  double held_ms = -1.0;
  LabReport *report;

  monitor = lab_run_monitor_new ("held", 12, "Held", expected);
  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  lab_run_monitor_begin_phase_full (monitor, "waits", "download");
  held = pool_task_run (wait_in_region, (gpointer) "download", NULL);
  other = pool_task_run (wait_in_region, (gpointer) "something else", NULL);
  g_assert_true (pool_task_wait (held, NULL));
  g_assert_true (pool_task_wait (other, NULL));
  lab_run_monitor_end_phase (monitor, &held_ms);
  lab_run_monitor_begin_phase_full (monitor, "no wait", "download");
  later = pool_task_run (wait_in_region, (gpointer) "something else", NULL);
  g_assert_true (pool_task_wait (later, NULL));
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);

  g_assert_cmpfloat (held_ms, >=, 140.0);
  g_assert_cmpfloat (held_ms, <, 250.0);
  report = lab_run_monitor_get_report (monitor);
  phase = json_array_get_object_element (report->phases, 0);
  g_assert_cmpstr (json_object_get_string_member (phase, "threads_held_in"), ==, "download");
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);
  phase = json_array_get_object_element (report->phases, 1);
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), ==, 0.0);
}

static LabStallCause
longest_cause (LabRunMonitor *monitor)
{
  guint n_samples;
  const LabStallSample *samples =
    lab_stall_series_get_samples (lab_run_monitor_get_stall_series (monitor), &n_samples);
  guint longest = 0;

  g_assert_cmpuint (n_samples, >, 0);
  for (guint i = 1; i < n_samples; i++)
    if (samples[i].gap_ms > samples[longest].gap_ms)
      longest = i;
  return samples[longest].cause;
}

/* A long gap the scenario's work did not cause is the machine's: reported, not a freeze;
 * the same gap caused by the scenario's work on the UI thread is a freeze. */
static void
test_machine_hiccup_is_not_a_freeze (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  GSourceFunc blockers[] = { hiccup, blur_on_ui_thread };

  for (guint i = 0; i < G_N_ELEMENTS (blockers); i++)
    {
      g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("hiccup", 4, "Hiccup", expected);
      g_autofree char *line = NULL;
      LabReport *report;

      g_main_context_acquire (NULL);
      lab_run_monitor_start (monitor);
      iterate_for_ms (50);
      g_idle_add (blockers[i], NULL);
      iterate_for_ms (350);
      lab_run_monitor_finish (monitor, NULL);
      g_main_context_release (NULL);

      report = lab_run_monitor_get_report (monitor);
      line = lab_report_describe (report);
      g_assert_cmpfloat (report->ui_max_stall_ms, >=, 290.0);
      /* the stall chart's series tells the same by the same rule */
      g_assert_cmpint (longest_cause (monitor), ==,
                       blockers[i] == hiccup ? LAB_STALL_CAUSE_MACHINE : LAB_STALL_CAUSE_SCENARIO);
      if (blockers[i] == hiccup)
        {
          g_assert_cmpint (report->verdicts[0], ==, LAB_VERDICT_RESPONSIVE);
          g_assert_cmpfloat (report->machine_stall_ms, >=, 290.0);
          g_assert_cmpfloat (report->scenario_stall_ms, <, 100.0);
          g_assert_nonnull (strstr (line, "the machine was busy"));
        }
      else
        {
          g_assert_cmpint (report->verdicts[0], ==, LAB_VERDICT_FROZEN);
          g_assert_cmpfloat (report->scenario_stall_ms, >=, 290.0);
          g_assert_null (strstr (line, "the machine was busy"));
        }
    }
}

/* The scale is the work, not the run: a 300 ms freeze after 700 ms of waiting (a busy
 * machine slow to start the work) is still the scenario's freeze. */
static void
test_scale_is_the_work (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_FROZEN };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("late", 5, "Late", expected);
  LabReport *report;

  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  iterate_for_ms (700);
  g_idle_add (blur_on_ui_thread, NULL);
  iterate_for_ms (350);
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);

  report = lab_run_monitor_get_report (monitor);
  g_assert_cmpfloat (report->duration_ms, >=, 1000.0);
  g_assert_cmpint (report->verdicts[0], ==, LAB_VERDICT_FROZEN);
}

/* A hiccup in the baseline (the idle UI thread watched before the work) is the machine's:
 * reported as seen before the work began, never a freeze; the baseline ends at the work. */
static void
test_baseline_hiccup (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("baseline", 7, "Baseline", expected);
  g_autofree char *line = NULL;
  LabStallSeries *series;
  gint64 from_us, to_us;
  LabReport *report;

  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  g_assert_cmpfloat (lab_run_monitor_get_baseline_remaining_ms (monitor), >, 0.0);
  g_assert_cmpfloat (lab_run_monitor_get_baseline_remaining_ms (monitor), <=, LAB_BASELINE_MS);
  iterate_for_ms (20);
  g_idle_add (hiccup, NULL);
  iterate_for_ms (20);
  g_assert_cmpfloat (lab_run_monitor_get_baseline_remaining_ms (monitor), ==, 0.0);
  /* the first beat after the hiccup may come after the work began (as a
   * timeout that starts the work may run before it): counted up to the work */
  lab_run_monitor_begin_work (monitor);
  iterate_for_ms (100);
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);

  series = lab_run_monitor_get_stall_series (monitor);
  g_assert_true (lab_stall_series_get_baseline (series, &from_us, &to_us));
  g_assert_cmpint (from_us, ==, lab_run_monitor_get_start_time (monitor));
  g_assert_cmpint (to_us - from_us, >=, 310 * 1000);
  report = lab_run_monitor_get_report (monitor);
  line = lab_report_describe (report);
  g_assert_cmpfloat (report->baseline_ms, ==, (to_us - from_us) / 1000.0);
  g_assert_cmpfloat (report->baseline_stall_ms, >=, 280.0);
  g_assert_cmpfloat (report->machine_stall_ms, >=, report->baseline_stall_ms);
  g_assert_cmpfloat (report->machine_stall_ms, <, report->baseline_stall_ms + 30.0);
  g_assert_cmpfloat (report->scenario_stall_ms, <, 100.0);
  g_assert_cmpint (report->verdicts[0], ==, LAB_VERDICT_RESPONSIVE);
  g_assert_nonnull (strstr (line, "hiccup before the work began"));
}

/* A run its token cancelled reports status Canceled even with no task tracked, and no error. */
static void
test_canceled_without_task (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) monitor = lab_run_monitor_new ("canceled", 6, "Canceled", expected);
  LabReport *report;

  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  iterate_for_ms (30);
  lab_run_monitor_set_verdict (monitor, LAB_VERDICT_CANCELED);
  lab_run_monitor_finish (monitor, NULL);
  g_main_context_release (NULL);

  report = lab_run_monitor_get_report (monitor);
  g_assert_cmpint (lab_report_get_verdict (report), ==, LAB_VERDICT_CANCELED);
  g_assert_cmpstr (report->status, ==, "Canceled");
  g_assert_null (report->error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/run-monitor/thread-names-agree", test_thread_names_agree);
  g_test_add_func ("/lab/run-monitor/counters-and-statuses", test_counters_and_statuses);
  g_test_add_func ("/lab/run-monitor/phases", test_phases);
  g_test_add_func ("/lab/run-monitor/phase-held-region", test_phase_held_region);
  g_test_add_func ("/lab/run-monitor/machine-hiccup-is-not-a-freeze",
                   test_machine_hiccup_is_not_a_freeze);
  g_test_add_func ("/lab/run-monitor/scale-is-the-work", test_scale_is_the_work);
  g_test_add_func ("/lab/run-monitor/baseline-hiccup", test_baseline_hiccup);
  g_test_add_func ("/lab/run-monitor/canceled-without-task", test_canceled_without_task);
  return g_test_run ();
}
