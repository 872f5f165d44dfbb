/* test-scenarios-all-phases.c — `--run all`, what was measured: (12) the
 * download's three phases, (13) the .Result deadlock and its watchdog, (14)
 * the pipeline's stages, (15) the tiles per worker, (16) the million-items
 * table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "test-scenarios-util.h"

/* 12: three phases, each counting only the threads blocked in the download
 * call: awaited I/O blocks none, Task.Run blocks a pool thread for the whole
 * wait, the UI thread blocks itself (frozen), cut at 3 s at most. */
void
test_all_download_phases (void)
{
  JsonObject *report, *phase;
  JsonArray *phases;
  double timeout_ms;

  if (skip_without_display ())
    return;

  report = report_for ("download-three-ways");
  phases = json_object_get_array_member (report, "phases");
  g_assert_cmpuint (json_array_get_length (phases), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (phase_of (report, i), "threads_held_in"), ==,
                     "download");

  /* await: the server's 700 ms pass with no thread blocked */
  phase = phase_of (report, 0);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "responsive");
  g_assert_cmpfloat (json_object_get_double_member (phase, "duration_ms"), >=, 650.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);

  /* Task.Run: one pool thread blocked for (nearly) the whole phase */
  phase = phase_of (report, 1);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "responsive");
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), >=, 650.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);

  /* on the UI thread: frozen, no pool thread, the UI thread blocked, within the bound */
  phase = phase_of (report, 2);
  timeout_ms = json_object_get_double_member (details_of (report), "ui_thread_timeout_ms");
  g_assert_cmpfloat (timeout_ms, ==, 3000.0);
  g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "frozen");
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), >=, 650.0);
  g_assert_cmpfloat (json_object_get_double_member (phase, "duration_ms"), <, timeout_ms + 500.0);

  g_assert_nonnull (strstr (json_object_get_string_member (report, "summary"),
                            "await: responsive"));
  g_assert_nonnull (strstr (json_object_get_string_member (report, "summary"),
                            "no pool thread blocked · Task.Run"));
  g_assert_true (roles_include (report, "worker"));
  g_assert_true (roles_include (report, "ui"));
}

/* 13: a deadlock is reported only once the cycle existed (the blur done, the
 * code after its await queued to the UI thread, the UI thread blocked in
 * .Result), the watchdog counts from that moment, and the task then completes. */
void
test_all_result_deadlock_detected_and_broken (void)
{
  JsonObject *report, *details;
  double blocked_ms, before_cycle_ms, watchdog_ms;

  if (skip_without_display ())
    return;

  report = report_for ("result-deadlock");
  details = details_of (report);
  g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==, "deadlocked");
  /* the cycle: the awaited blur was over, its continuation queued, the method not done */
  g_assert_cmpstr (status_of (report, "awaited Task.Run blur"), ==, "RanToCompletion");
  g_assert_cmpstr (status_of (report, "BlurAsync at the timeout"), ==, "WaitingForActivation");
  g_assert_cmpstr (json_object_get_string_member (details, "continuation_queued_while_ui_blocked"),
                   ==, "yes");
  g_assert_cmpstr (status_of (report, "BlurAsync after the watchdog"), ==, "RanToCompletion");
  /* the watchdog counted from the cycle, not from the click: the UI thread
   * was blocked for the blur's time before it, plus the watchdog's */
  blocked_ms = json_object_get_double_member (details, "ui_thread_blocked_ms");
  before_cycle_ms = json_object_get_double_member (details, "blur_before_cycle_ms");
  watchdog_ms = json_object_get_double_member (details, "watchdog_waited_ms");
  g_assert_cmpfloat (watchdog_ms, >=, 1450.0);
  g_assert_cmpfloat (watchdog_ms, <, 3000.0);
  g_assert_cmpfloat (before_cycle_ms, >, 0.0);
  g_assert_cmpfloat (fabs (blocked_ms - (before_cycle_ms + watchdog_ms)), <, 100.0);
  /* the pool's trace agrees: a task on the UI thread sat queued through the watchdog's time */
  g_assert_cmpfloat (json_object_get_double_member (details, "continuation_waited_in_ui_queue_ms"),
                     >=, watchdog_ms - 50.0);
  g_assert_cmpfloat (json_object_get_double_member (report, "ui_max_stall_ms"), >=, 1400.0);
  /* the UI thread's stall is the scenario's (blocked in .Result), not the machine's */
  g_assert_cmpfloat (json_object_get_double_member (report, "scenario_stall_ms"), >=, 1400.0);
}

/* 14: each stage a phase counting the threads inside its own work: the
 * awaited download and the awaited asynchronous write hold no pool thread,
 * the Task.Run blur holds one; the blur worked on at most 2 megapixels; the
 * file was written whole, and the run's folder is gone after the run. */
void
test_all_pipeline (void)
{
  static const char * const names[] = { "download", "blur", "write" };
  JsonObject *report, *details, *phase;
  g_autofree char *roles = NULL;

  if (skip_without_display ())
    return;

  report = report_for ("recommended-pipeline");
  details = details_of (report);
  roles = joined_roles (report);
  g_assert_cmpstr (roles, ==, "worker");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "phases")), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      phase = phase_of (report, i);
      g_assert_cmpstr (json_object_get_string_member (phase, "name"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (phase, "threads_held_in"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (phase, "verdict"), ==, "responsive");
      g_assert_cmpfloat (json_object_get_double_member (phase, "ui_thread_ms_held"), ==, 0.0);
    }
  /* I/O: no thread held, in the download nor in the write */
  g_assert_cmpfloat (json_object_get_double_member (phase_of (report, 0), "thread_ms_held"), ==,
                     0.0);
  g_assert_cmpint (json_object_get_int_member (phase_of (report, 2), "threads_held_peak"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (phase_of (report, 2), "thread_ms_held"), ==,
                     0.0);
  g_assert_cmpfloat (json_object_get_double_member (phase_of (report, 2), "duration_ms"), >, 0.0);
  /* CPU: one pool thread, for most of the blur's phase */
  phase = phase_of (report, 1);
  g_assert_cmpint (json_object_get_int_member (phase, "threads_held_peak"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (phase, "thread_ms_held"), >,
                     json_object_get_double_member (phase, "duration_ms") * 0.5);
  /* a bounded working copy, and the whole encoded file on disk */
  g_assert_cmpfloat (json_object_get_double_member (details, "work_pixels"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (details, "work_pixels"), <=, 2000000.0);
  g_assert_cmpfloat (json_object_get_double_member (details, "saved_bytes"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (details, "saved_bytes"), ==,
                     json_object_get_double_member (details, "encoded_bytes"));
  g_assert_false (g_file_test (json_object_get_string_member (details, "run_folder"),
                               G_FILE_TEST_EXISTS));
}

/* 15: every tile ran on a pool worker, counted per worker from the trace; every pass cut the
 * same tiles and the click handler's await resumed on the UI thread after each pass. */
void
test_all_parallel_tiles (void)
{
  JsonObject *report, *details, *by_thread;
  g_autoptr(GList) threads = NULL;
  gint64 counted = 0, passes;

  if (skip_without_display ())
    return;

  report = report_for ("parallel-tiles");
  details = details_of (report);
  by_thread = json_object_get_object_member (details, "tiles_by_thread");
  threads = json_object_get_members (by_thread);
  passes = json_object_get_int_member (details, "passes");
  g_assert_cmpint (json_object_get_int_member (details, "tiles"), >, 0);
  for (GList *l = threads; l != NULL; l = l->next)
    {
      g_assert_true (g_str_has_prefix (l->data, "Worker "));
      counted += json_object_get_int_member (by_thread, l->data);
    }
  g_assert_cmpint (counted, ==, json_object_get_int_member (details, "tiles"));
  g_assert_cmpint (passes, >=, 1);
  g_assert_cmpint (json_object_get_int_member (details, "passes_done"), ==, passes);
  g_assert_cmpint (json_object_get_int_member (details, "passes_resumed_on_ui_thread"), ==, passes);
  g_assert_cmpint (json_object_get_int_member (details, "tiles_per_pass"), >=, 2);
  g_assert_cmpint (json_object_get_int_member (details, "tiles_per_pass") * passes, ==,
                   json_object_get_int_member (details, "tiles"));
  g_assert_cmpstr (roles_include (report, "ui") ? "ui" : "workers only", ==, "workers only");
  assert_no_status_none (report);
}

/* 16: one row per call of the published benchmark, in its order, with C time and bytes per item
 * beside .NET's allocated bytes from that run; tasks cost more bytes than work items; the
 * window's line is the table, with a header and one line saying what each column measures. */
void
test_all_million_items_table (void)
{
  const struct { const char *api; double dotnet_bytes; } expected[] = {
    { "Task.Run(() => Work(state))", 192 },
    { "Task.Factory.StartNew(() => Work(state))", 192 },
    { "ThreadPool.QueueUserWorkItem(s => Work((State)s), state)", 80 },
    { "ThreadPool.QueueUserWorkItem(static s => Work(s), state, preferLocal: false)", 56 },
  };
  JsonObject *report, *columns;
  JsonArray *rows;
  const char *summary;

  if (skip_without_display ())
    return;

  report = report_for ("million-items");
  rows = json_object_get_array_member (details_of (report), "rows");
  summary = json_object_get_string_member (report, "summary");
  g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (expected));
  g_assert_true (g_str_has_prefix (summary,
                                   "API · C ns/item · C bytes/item · .NET allocated/op\n"));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autofree char *line = NULL;

      g_assert_cmpstr (json_object_get_string_member (row, "api"), ==, expected[i].api);
      g_assert_cmpfloat (json_object_get_double_member (row, "dotnet_bytes_per_op"), ==,
                         expected[i].dotnet_bytes);
      g_assert_cmpint (json_object_get_int_member (row, "items"), ==, 1000000);
      g_assert_cmpfloat (json_object_get_double_member (row, "ns_per_item"), >, 0.0);
      g_assert_true (json_object_has_member (row, "bytes_per_item"));
      /* the same row in the window's table */
      line = g_strdup_printf ("\n%s · ", expected[i].api);
      g_assert_nonnull (strstr (summary, line));
    }
  /* and on the stage: one chip per row, named by the C#'s [Benchmark] method */
  {
    const char *methods[] = { "Run (C): ", "StartNew (C): ", "Queue (C): ", "QueueStatic (C): " };

    for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
      {
        const char *chip = chip_starting (report, methods[i]);
        double row_bytes = json_object_get_double_member (json_array_get_object_element (rows, i),
                                                          "bytes_per_item");
        const char *bytes;

        g_assert_nonnull (chip);
        g_assert_true (g_str_has_suffix (chip, " B"));
        bytes = strrchr (chip, ',');
        g_assert_nonnull (bytes);
        /* the chip's bytes are the row's, rounded to a byte */
        g_assert_cmpfloat (ABS (g_ascii_strtod (bytes + 1, NULL) - row_bytes), <=, 0.501);
      }
  }
  /* the preferLocal row is the benchmark's: preferLocal: false, and the C queues globally too */
  g_assert_null (strstr (summary, "preferLocal: true"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rows, 3),
                                                          "c"),
                            "FALSE"));
  /* one line says what each column measures */
  g_assert_nonnull (strstr (summary, "\nC ns/item: "));
  g_assert_nonnull (strstr (summary, "C bytes/item: "));
  g_assert_nonnull (strstr (summary,
                            ".NET allocated/op: GC bytes allocated per call (BenchmarkDotNet"));
  columns = json_object_get_object_member (details_of (report), "columns");
  g_assert_true (json_object_has_member (columns, "ns_per_item"));
  g_assert_true (json_object_has_member (columns, "bytes_per_item"));
  g_assert_true (json_object_has_member (columns, "dotnet_bytes_per_op"));
  /* a task costs more C heap than a work item */
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (rows, 0),
                                                    "bytes_per_item"), >,
                     json_object_get_double_member (json_array_get_object_element (rows, 2),
                                                    "bytes_per_item"));
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (rows, 1),
                                                    "bytes_per_item"), >,
                     json_object_get_double_member (json_array_get_object_element (rows, 3),
                                                    "bytes_per_item"));
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
}
