/* test-report.c — verdicts and the JSON report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "lab-report.h"

/* The JSON object carries every field the tools read, with their values. */
static void
test_json_fields (void)
{
  g_autoptr(LabReport) report = g_new0 (LabReport, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *object;
  const char *roles[] = { "worker", NULL };

  report->id = g_strdup ("task-run");
  report->number = 1;
  report->title = g_strdup ("Task.Run \"quoted\"");
  report->verdicts[0] = LAB_VERDICT_RESPONSIVE;
  report->expected[0] = LAB_VERDICT_RESPONSIVE;
  report->ui_max_stall_ms = 12.5;
  report->work_ran_on = g_strdupv ((char **) roles);
  report->status = g_strdup ("RanToCompletion");
  report->duration_ms = 2000.0;

  json = lab_report_to_json (report);
  g_assert_null (strchr (json, '\n'));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "task-run");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Task.Run \"quoted\"");
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "responsive");
  g_assert_cmpfloat (json_object_get_double_member (object, "ui_max_stall_ms"), ==, 12.5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "work_ran_on")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "RanToCompletion");
  g_assert_true (json_object_get_null_member (object, "error"));
  /* the window's chips, word for word */
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "chips"), 0),
                   ==, "Status: RanToCompletion");
}

/* The measured extras: statuses, phases and details as objects, the gauges as numbers. */
static void
test_json_measured_extras (void)
{
  g_autoptr(LabReport) report = g_new0 (LabReport, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *line = NULL;
  JsonObject *object, *phase;
  JsonArray *rows;

  report->id = g_strdup ("download-three-ways");
  report->title = g_strdup ("Download");
  report->verdicts[0] = report->expected[0] = LAB_VERDICT_RESPONSIVE;
  report->verdicts[1] = report->expected[1] = LAB_VERDICT_FROZEN;
  report->threads_held_peak = 3;
  report->frames_missed = 42;
  report->summary = g_strdup ("await: responsive · UI thread: frozen");
  report->statuses = json_object_new ();
  json_object_set_string_member (report->statuses, "observed, same token", "Canceled");
  report->phases = json_array_new ();
  phase = json_object_new ();
  json_object_set_string_member (phase, "name", "await");
  json_object_set_int_member (phase, "threads_held_peak", 0);
  json_array_add_object_element (report->phases, phase);
  report->details = json_object_new ();
  rows = json_array_new ();
  json_array_add_int_element (rows, 192);
  json_object_set_array_member (report->details, "rows", rows);

  json = lab_report_to_json (report);
  g_assert_null (strchr (json, '\n'));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "threads_held_peak"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "frames_missed"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "responsive+frozen");
  g_assert_cmpstr (json_object_get_string_member (object, "expected_verdict"), ==, "responsive+frozen");
  /* no task tracked: the status is null, not a word */
  g_assert_true (json_object_get_null_member (object, "status"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "statuses"),
                                                  "observed, same token"), ==, "Canceled");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "phases")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (object, "details"),
                                                                         "rows")), ==, 1);
  line = lab_report_describe (report);
  g_assert_nonnull (strstr (line, "await: responsive"));
}

/* Without extras, statuses/phases/details are empty, never missing. */
static void
test_json_empty_extras (void)
{
  g_autoptr(LabReport) report = g_new0 (LabReport, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *object;

  report->id = g_strdup ("task-run");
  report->title = g_strdup ("Task.Run");
  report->verdicts[0] = LAB_VERDICT_RESPONSIVE;
  report->expected[0] = LAB_VERDICT_RESPONSIVE;
  report->status = g_strdup ("RanToCompletion");

  json = lab_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "statuses")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "phases")), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "details")), ==, 0);
  g_assert_true (json_object_get_null_member (object, "summary"));
}

/* Times are written to 0.001 ms, not with JSON-GLib's 17 digits; strings are untouched. */
static void
test_json_rounded_numbers (void)
{
  g_autoptr(LabReport) report = g_new0 (LabReport, 1);
  g_autofree char *json = NULL;
  g_autofree char *rounded = lab_json_round_numbers ("{\"a\":75.209000000000003,\"b\":\"1.23456789\","
                                                     "\"c\":[-0.0001,12,3.5e-1,1e3]}");

  g_assert_cmpstr (rounded, ==, "{\"a\":75.209,\"b\":\"1.23456789\",\"c\":[0.0,12,0.35,1000.0]}");

  report->id = g_strdup ("task-run");
  report->title = g_strdup ("Task.Run");
  report->verdicts[0] = report->expected[0] = LAB_VERDICT_RESPONSIVE;
  report->ui_max_stall_ms = 75.209;
  report->duration_ms = 2000.0001;
  json = lab_report_to_json (report);
  g_assert_nonnull (strstr (json, "\"ui_max_stall_ms\":75.209,"));
  g_assert_nonnull (strstr (json, "\"duration_ms\":2000.0,"));
}

/* The chips give where the work ran, the statuses (or the one status), the stall and the pool. */
static void
test_chips (void)
{
  g_autoptr(LabReport) report = g_new0 (LabReport, 1);
  const char *threads[] = { "Worker 1", "Dedicated 1", NULL };
  g_auto(GStrv) chips = NULL;
  g_auto(GStrv) without_task = NULL;
  g_autofree char *line = NULL;

  report->work_threads = g_strdupv ((char **) threads);
  report->status = g_strdup ("RanToCompletion");
  report->ui_max_stall_ms = 1987.4;
  report->frames_missed = 118;
  report->threads_held_peak = 2;
  chips = lab_report_dup_chips (report);
  g_assert_cmpuint (g_strv_length (chips), ==, 5);
  g_assert_cmpstr (chips[0], ==, "Ran on: Worker 1, Dedicated 1");
  g_assert_cmpstr (chips[1], ==, "Status: RanToCompletion");
  g_assert_cmpstr (chips[2], ==, "Longest stall: 1987 ms");
  g_assert_cmpstr (chips[3], ==, "Frames missed: 118");
  g_assert_cmpstr (chips[4], ==, "Pool threads held: 2");

  /* no task: no status chip, and no "None" anywhere */
  g_clear_pointer (&report->status, g_free);
  without_task = lab_report_dup_chips (report);
  g_assert_cmpuint (g_strv_length (without_task), ==, 4);
  line = lab_report_describe (report);
  g_assert_null (strstr (line, "None"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/report/json-fields", test_json_fields);
  g_test_add_func ("/lab/report/json-measured-extras", test_json_measured_extras);
  g_test_add_func ("/lab/report/json-empty-extras", test_json_empty_extras);
  g_test_add_func ("/lab/report/json-rounded-numbers", test_json_rounded_numbers);
  g_test_add_func ("/lab/report/chips", test_chips);

  return g_test_run ();
}
