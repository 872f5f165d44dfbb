/* test-run-file.c — a finished run saved, opened again, and the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-run-file.h"

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
finish_run (PoolTask  *task,
            gpointer   data,
            GError   **error)
{
  lab_run_monitor_finish (data, NULL);
  return NULL;
}

/* A real run: Task.Run on a worker, the result back on the UI thread. */
static LabRunMonitor *
finished_run (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  LabRunMonitor *monitor = lab_run_monitor_new ("task-run", 1, "Task.Run from a click", expected);
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  g_autoptr(PoolTask) task = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_main_context_acquire (NULL);
  lab_run_monitor_start (monitor);
  /* a short baseline: the idle loop watched before the work */
  for (gint64 until = g_get_monotonic_time () + 20 * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  lab_run_monitor_begin_work (monitor);
  task = pool_task_run (blur_region, NULL, NULL);
  lab_run_monitor_track_task (monitor, task);
  lab_run_monitor_set_summary (monitor, "the blur ran on a worker");
  pool_task_unref (pool_task_continue_with (task, finish_run, monitor, NULL, ui));
  while (lab_run_monitor_get_state (monitor) != LAB_RUN_STATE_FINISHED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* the last events, taken in after the finish */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_main_context_release (NULL);
  g_assert_cmpint (lab_run_monitor_get_state (monitor), ==, LAB_RUN_STATE_FINISHED);
  return monitor;
}

static char *
joined (const char * const *strv)
{
  return strv != NULL ? g_strjoinv ("\n", (GStrv) strv) : g_strdup ("");
}

/* Saved and opened: the report, the log, the chips, the trace and the
 * stalls (with their causes) are the run's. */
static void
test_round_trip (void)
{
  g_autoptr(LabRunMonitor) run = finished_run ();
  g_autoptr(LabRunMonitor) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tasklab-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.tasklab", NULL);
  g_autofree char *report = lab_report_to_json (lab_run_monitor_get_report (run));
  g_autofree char *opened_report = NULL;
  g_autofree char *log = joined (lab_run_monitor_get_log (run));
  g_autofree char *opened_log = NULL;
  g_autofree char *chips = joined (lab_run_monitor_get_chips (run));
  g_autofree char *opened_chips = NULL;
  LabTraceModel *model, *opened_model;
  const LabStallSample *samples, *opened_samples;
  guint n_samples, n_opened_samples;

  g_assert_true (lab_run_file_save (run, path, &error));
  g_assert_no_error (error);
  opened = lab_run_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);

  g_assert_cmpint (lab_run_monitor_get_state (opened), ==, LAB_RUN_STATE_FINISHED);
  g_assert_cmpstr (lab_run_monitor_get_id (opened), ==, "task-run");
  opened_report = lab_report_to_json (lab_run_monitor_get_report (opened));
  g_assert_cmpstr (opened_report, ==, report);
  opened_log = joined (lab_run_monitor_get_log (opened));
  g_assert_cmpstr (opened_log, ==, log);
  opened_chips = joined (lab_run_monitor_get_chips (opened));
  g_assert_cmpstr (opened_chips, ==, chips);
  g_assert_cmpint (lab_run_monitor_get_end_time (opened) - lab_run_monitor_get_start_time (opened), ==,
                   lab_run_monitor_get_end_time (run) - lab_run_monitor_get_start_time (run));

  model = lab_run_monitor_get_trace_model (run);
  opened_model = lab_run_monitor_get_trace_model (opened);
  g_assert_cmpuint (lab_trace_model_get_n_items (model), >, 0);
  g_assert_cmpuint (lab_trace_model_get_n_items (opened_model), ==, lab_trace_model_get_n_items (model));
  g_assert_cmpuint (lab_trace_model_get_n_lanes (opened_model), ==, lab_trace_model_get_n_lanes (model));
  g_assert_cmpuint (lab_trace_model_get_n_links (opened_model), ==, lab_trace_model_get_n_links (model));
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *a = &lab_trace_model_get_item (model, i)->event;
      const PoolTraceEvent *b = &lab_trace_model_get_item (opened_model, i)->event;

      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->task_id, ==, b->task_id);
      g_assert_cmpstr (a->label, ==, b->label);
      g_assert_cmpuint (a->thread_serial, ==, b->thread_serial);
      g_assert_cmpint (a->start_us, ==, b->start_us);
      g_assert_cmpint (a->end_us, ==, b->end_us);
    }
  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    g_assert_cmpstr (lab_trace_model_get_lane (opened_model, i)->title, ==,
                     lab_trace_model_get_lane (model, i)->title);
  /* version 2: the instants come back, every field of them */
  g_assert_cmpuint (lab_trace_model_get_n_instants (model), >, 0);
  g_assert_cmpuint (lab_trace_model_get_n_instants (opened_model), ==,
                    lab_trace_model_get_n_instants (model));
  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      const PoolTraceEvent *a = lab_trace_model_get_instant (model, i);
      const PoolTraceEvent *b = lab_trace_model_get_instant (opened_model, i);

      g_assert_cmpuint (a->position, ==, b->position);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->task_id, ==, b->task_id);
      g_assert_cmpstr (a->label, ==, b->label);
      g_assert_cmpint (a->role, ==, b->role);
      g_assert_cmpuint (a->thread_serial, ==, b->thread_serial);
      g_assert_cmpint (a->start_us, ==, b->start_us);
      g_assert_cmpuint (a->item_id, ==, b->item_id);
      g_assert_cmpint (a->queue, ==, b->queue);
      if (a->queue != POOL_TRACE_QUEUE_NONE)
        g_assert_cmpint (a->queue_index, ==, b->queue_index);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpuint (a->other_task_id, ==, b->other_task_id);
      g_assert_cmpint (a->link, ==, b->link);
    }

  samples = lab_stall_series_get_samples (lab_run_monitor_get_stall_series (run), &n_samples);
  opened_samples = lab_stall_series_get_samples (lab_run_monitor_get_stall_series (opened),
                                                 &n_opened_samples);
  g_assert_cmpuint (n_samples, >, 0);
  g_assert_cmpuint (n_opened_samples, ==, n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      g_assert_cmpint (opened_samples[i].at_us, ==, samples[i].at_us);
      g_assert_cmpfloat (opened_samples[i].gap_ms, ==, samples[i].gap_ms);
      g_assert_cmpint (opened_samples[i].cause, ==, samples[i].cause);
    }
  /* and the baseline, before the work */
  {
    gint64 from_us, to_us, opened_from_us, opened_to_us;

    g_assert_true (lab_stall_series_get_baseline (lab_run_monitor_get_stall_series (run),
                                                  &from_us, &to_us));
    g_assert_cmpint (to_us - from_us, >=, 20 * 1000);
    g_assert_true (lab_stall_series_get_baseline (lab_run_monitor_get_stall_series (opened),
                                                  &opened_from_us, &opened_to_us));
    g_assert_cmpint (opened_from_us, ==, from_us);
    g_assert_cmpint (opened_to_us, ==, to_us);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
kind_saved (JsonArray  *trace,
            const char *kind)
{
  for (guint i = 0; i < json_array_get_length (trace); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (trace, i), "kind"),
                   kind) == 0)
      return TRUE;
  return FALSE;
}

/* A version-1 file (spans only, no instant fields) still opens, with no
 * instants; one that holds an instant is damaged. */
static void
test_version_1 (void)
{
  g_autoptr(LabRunMonitor) run = finished_run ();
  g_autofree char *json = lab_run_file_to_json (run, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonArray) spans = json_array_new ();
  g_autoptr(LabRunMonitor) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version_1 = NULL;
  g_autofree char *damaged = NULL;
  JsonObject *root;
  JsonArray *trace;
  LabTraceModel *opened_model;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  trace = json_object_get_array_member (root, "trace");
  g_assert_true (kind_saved (trace, "status"));
  g_assert_true (kind_saved (trace, "queued"));
  for (guint i = 0; i < json_array_get_length (trace); i++)
    {
      JsonObject *event = json_array_get_object_element (trace, i);
      const char *kind = json_object_get_string_member (event, "kind");
      const char * const added[] = { "item_id", "queue", "queue_index", "status",
                                     "other_task_id", "link" };

      if (!g_strv_contains ((const char * const []) { "task", "work-item", "region", "io", NULL },
                            kind))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (added); k++)
        if (json_object_has_member (event, added[k]))
          json_object_remove_member (event, added[k]);
      json_array_add_object_element (spans, json_object_ref (event));
    }
  json_object_set_int_member (root, "version", 1);
  json_object_set_array_member (root, "trace", json_array_ref (spans));
  json_generator_set_root (generator, json_parser_get_root (parser));
  version_1 = json_generator_to_data (generator, NULL);

  opened = lab_run_file_from_json (version_1, -1, &error);
  g_assert_no_error (error);
  opened_model = lab_run_monitor_get_trace_model (opened);
  g_assert_cmpuint (lab_trace_model_get_n_instants (opened_model), ==, 0);
  g_assert_cmpuint (lab_trace_model_get_n_items (opened_model), ==,
                    lab_trace_model_get_n_items (lab_run_monitor_get_trace_model (run)));
  g_assert_cmpuint (lab_trace_model_get_n_items (opened_model), >, 0);

  /* an instant in a version-1 trace is no version-1 trace */
  json_object_set_string_member (json_array_get_object_element (spans, 0), "kind", "status");
  damaged = json_generator_to_data (generator, NULL);
  g_assert_null (lab_run_file_from_json (damaged, -1, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT);
}

/* What is not a run, a run from a newer TaskLab, a damaged run: each a clear error. */
static void
test_refusals (void)
{
  g_autoptr(LabRunMonitor) run = finished_run ();
  g_autofree char *json = lab_run_file_to_json (run, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };
  g_autoptr(LabRunMonitor) unfinished = lab_run_monitor_new ("task-run", 1, "T", expected);
  g_autoptr(GError) error = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *damaged = NULL;
  JsonObject *root;
  JsonArray *trace;

  g_assert_null (lab_run_file_from_json ("not json at all", -1, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NOT_A_RUN);
  g_clear_error (&error);
  g_assert_null (lab_run_file_from_json ("{\"traceEvents\": []}", -1, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NOT_A_RUN);
  g_clear_error (&error);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_int_member (root, "version", LAB_RUN_FILE_VERSION + 1);
  json_generator_set_root (generator, json_parser_get_root (parser));
  newer = json_generator_to_data (generator, NULL);
  g_assert_null (lab_run_file_from_json (newer, -1, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "newer TaskLab"));
  g_clear_error (&error);

  json_object_set_int_member (root, "version", LAB_RUN_FILE_VERSION);
  trace = json_object_get_array_member (root, "trace");
  g_assert_cmpuint (json_array_get_length (trace), >, 0);
  json_object_remove_member (json_array_get_object_element (trace, 0), "start_us");
  damaged = json_generator_to_data (generator, NULL);
  g_assert_null (lab_run_file_from_json (damaged, -1, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "event 1"));
  g_clear_error (&error);

  g_assert_false (lab_run_file_save (unfinished, "/nonexistent/run.tasklab", &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NOT_FINISHED);
  g_clear_error (&error);
  g_assert_false (lab_run_file_save (run, "/nonexistent/run.tasklab", &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test ("/nonexistent/run.tasklab", G_FILE_TEST_EXISTS));
}

/* The C# lines: every kind of mark comes back, and each event of the trace
 * belongs to the same line in the opened run; a file without them opens
 * with none, a damaged one is refused. */
static void
test_csharp_marks_round_trip (void)
{
  g_autoptr(LabRunMonitor) run = finished_run ();
  g_autoptr(LabRunMonitor) opened = NULL;
  g_autoptr(LabRunMonitor) unmarked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autofree char *without = NULL;
  g_autofree char *damaged = NULL;
  LabTraceModel *model = lab_run_monitor_get_trace_model (run);
  PoolTraceEvent wait = { .kind = POOL_TRACE_KIND_WAIT_BEGIN, .other_task_id = 77 };
  PoolTraceEvent io = { .kind = POOL_TRACE_KIND_IO, .label = "download" };
  PoolTraceEvent plain = { .kind = POOL_TRACE_KIND_WORK_ITEM, .item_id = 6 };
  const PoolTraceEvent *worker_task = NULL, *continuation = NULL;
  guint marked = 0;
  JsonObject *root;

  /* the Task.Run on a worker, and its continuation on the UI thread */
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      if (event->kind == POOL_TRACE_KIND_TASK && event->role == POOL_THREAD_ROLE_WORKER)
        worker_task = event;
      else if (event->kind == POOL_TRACE_KIND_TASK && event->role == POOL_THREAD_ROLE_UI)
        continuation = event;
    }
  g_assert_nonnull (worker_task);
  g_assert_nonnull (continuation);
  lab_run_monitor_mark_task (run, worker_task->task_id, 6);
  lab_run_monitor_mark_label (run, "blur", 7);
  lab_run_monitor_mark_label (run, NULL, 3);
  lab_run_monitor_mark_wait (run, 77, 4);
  lab_run_monitor_mark_await (run, 78, 10);
  lab_run_monitor_mark_await (run, 79, 11);
  lab_run_monitor_mark_io (run, "download", 12);
  lab_run_monitor_mark_phase (run, "await", 13);
  /* unmarked, the continuation takes its antecedent's line: the trace's
   * link says whose it is, in the run and in the file */
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (run, continuation), ==, 6);

  json = lab_run_file_to_json (run, &error);
  g_assert_no_error (error);
  opened = lab_run_file_from_json (json, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;
      guint line = lab_run_monitor_get_csharp_line (run, event);

      g_assert_cmpuint (lab_run_monitor_get_csharp_line (opened, event), ==, line);
      if (line != 0)
        marked++;
    }
  /* the two tasks' spans and the "blur" region, at least */
  g_assert_cmpuint (marked, >=, 3);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (opened, &wait), ==, 4);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (opened, &io), ==, 12);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (opened, continuation), ==, 6);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (opened, &plain), ==, 3);
  g_assert_cmpuint (lab_run_monitor_get_phase_line (opened, "await"), ==, 13);
  g_assert_cmpuint (lab_run_monitor_get_phase_line (opened, "blur"), ==, 0);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_object_remove_member (root, "csharp_marks");
  without = json_generator_to_data (generator, NULL);
  unmarked = lab_run_file_from_json (without, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (unmarked, &wait), ==, 0);
  g_assert_cmpuint (lab_run_monitor_get_phase_line (unmarked, "await"), ==, 0);

  json_object_set_string_member (root, "csharp_marks", "line 6");
  damaged = json_generator_to_data (generator, NULL);
  g_assert_null (lab_run_file_from_json (damaged, -1, &error));
  g_assert_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/run-file/round-trip", test_round_trip);
  g_test_add_func ("/lab/run-file/refusals", test_refusals);
  g_test_add_func ("/lab/run-file/version-1", test_version_1);
  g_test_add_func ("/lab/run-file/csharp-marks", test_csharp_marks_round_trip);
  return g_test_run ();
}
