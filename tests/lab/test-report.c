/* test-report.c — verdicts and the JSON report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "lab-report.h"
#include "lab-stall-meter.h"

/* The verdict follows the measured stall, with the line at LAB_FROZEN_STALL_MS. */
static void
test_verdict_threshold (void)
{
  g_assert_cmpstr (lab_report_verdict_for (0.0), ==, "responsive");
  g_assert_cmpstr (lab_report_verdict_for (LAB_FROZEN_STALL_MS - 1), ==, "responsive");
  g_assert_cmpstr (lab_report_verdict_for (LAB_FROZEN_STALL_MS), ==, "frozen");
  g_assert_cmpstr (lab_report_verdict_for (2000.0), ==, "frozen");
}

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
  report->verdict = g_strdup ("responsive");
  report->expected_verdict = g_strdup ("responsive");
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
  report->verdict = g_strdup ("responsive+frozen");
  report->expected_verdict = g_strdup ("responsive+frozen");
  report->status = g_strdup ("None");
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
  report->verdict = g_strdup ("responsive");
  report->expected_verdict = g_strdup ("responsive");
  report->status = g_strdup ("RanToCompletion");

  json = lab_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "statuses")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "phases")), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "details")), ==, 0);
  g_assert_true (json_object_get_null_member (object, "summary"));
}

static gboolean
block_main_loop (gpointer data)
{
  g_usleep (300 * 1000);
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A dispatch that blocks the main loop for 300 ms shows as a stall of about that. */
static void
test_stall_meter_sees_blocked_loop (void)
{
  g_autoptr(LabStallMeter) meter = lab_stall_meter_new (NULL);
  gboolean blocked = FALSE;

  lab_stall_meter_start (meter);
  g_timeout_add (20, block_main_loop, &blocked);
  while (!blocked)
    g_main_context_iteration (NULL, TRUE);
  lab_stall_meter_stop (meter);
  g_assert_cmpfloat (lab_stall_meter_get_max_gap_ms (meter), >=, 290.0);
}

/* An idle loop iterated normally shows no stall anywhere near a freeze. */
static void
test_stall_meter_idle_loop (void)
{
  g_autoptr(LabStallMeter) meter = lab_stall_meter_new (NULL);
  gint64 end = g_get_monotonic_time () + 200 * 1000;

  lab_stall_meter_start (meter);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  lab_stall_meter_stop (meter);
  g_assert_cmpfloat (lab_stall_meter_get_max_gap_ms (meter), <, LAB_FROZEN_STALL_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/report/verdict-threshold", test_verdict_threshold);
  g_test_add_func ("/app/report/json-fields", test_json_fields);
  g_test_add_func ("/app/report/json-measured-extras", test_json_measured_extras);
  g_test_add_func ("/app/report/json-empty-extras", test_json_empty_extras);
  g_test_add_func ("/app/stall-meter/sees-blocked-loop", test_stall_meter_sees_blocked_loop);
  g_test_add_func ("/app/stall-meter/idle-loop", test_stall_meter_idle_loop);

  return g_test_run ();
}
