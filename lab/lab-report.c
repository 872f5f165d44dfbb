/* lab-report.c — verdicts and the JSON form of a run's report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <json-glib/json-glib.h>

#include "lab-report.h"

void
lab_report_free (LabReport *report)
{
  g_free (report->id);
  g_free (report->title);
  g_free (report->verdict);
  g_free (report->expected_verdict);
  g_strfreev (report->work_ran_on);
  g_strfreev (report->work_threads);
  g_free (report->status);
  g_free (report->error);
  g_free (report->summary);
  g_clear_pointer (&report->statuses, json_object_unref);
  g_clear_pointer (&report->phases, json_array_unref);
  g_clear_pointer (&report->details, json_object_unref);
  g_free (report);
}

/* The verdict follows the measurement only. */
const char *
lab_report_verdict_for (double ui_max_stall_ms)
{
  return ui_max_stall_ms >= LAB_FROZEN_STALL_MS ? "frozen" : "responsive";
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* Adds @object (a copy of the reference), or {} when it is NULL. */
static void
add_object_or_empty (JsonBuilder *builder,
                     JsonObject  *object)
{
  if (object != NULL)
    {
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), object));
      return;
    }
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
}

/* One JSON object on one line, for --report json. */
char *
lab_report_to_json (LabReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, report->id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, report->number);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, report->title);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, report->verdict);
  json_builder_set_member_name (builder, "expected_verdict");
  json_builder_add_string_value (builder, report->expected_verdict);
  json_builder_set_member_name (builder, "ui_max_stall_ms");
  json_builder_add_double_value (builder, report->ui_max_stall_ms);
  add_strv (builder, "work_ran_on", (const char * const *) report->work_ran_on);
  add_strv (builder, "work_threads", (const char * const *) report->work_threads);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, report->status);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_double_value (builder, report->duration_ms);
  json_builder_set_member_name (builder, "work_ms");
  json_builder_add_double_value (builder, report->work_ms);
  json_builder_set_member_name (builder, "frames");
  json_builder_add_int_value (builder, (gint64) report->frames);
  json_builder_set_member_name (builder, "frames_missed");
  json_builder_add_int_value (builder, (gint64) report->frames_missed);
  json_builder_set_member_name (builder, "threads_held_peak");
  json_builder_add_int_value (builder, report->threads_held_peak);
  json_builder_set_member_name (builder, "error");
  if (report->error != NULL)
    json_builder_add_string_value (builder, report->error);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "summary");
  if (report->summary != NULL)
    json_builder_add_string_value (builder, report->summary);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "statuses");
  add_object_or_empty (builder, report->statuses);
  json_builder_set_member_name (builder, "phases");
  if (report->phases != NULL)
    json_builder_add_value (builder, json_node_init_array (json_node_alloc (), report->phases));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "details");
  add_object_or_empty (builder, report->details);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* One line for the window: where the blur ran, the status and the stall. */
char *
lab_report_describe (LabReport *report)
{
  g_autofree char *threads = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) spoken = NULL;

  /* "ui" is the report's word; a listener reads "the UI thread" */
  for (guint i = 0; report->work_threads != NULL && report->work_threads[i] != NULL; i++)
    g_strv_builder_add (names, g_str_equal (report->work_threads[i], "ui") ? "the UI thread"
                                                                          : report->work_threads[i]);
  spoken = g_strv_builder_end (names);
  threads = spoken[0] != NULL ? g_strjoinv (", ", spoken) : g_strdup ("nowhere");

  if (report->error != NULL)
    return g_strdup_printf ("Task %s: %s. Longest UI stall %.0f ms.",
                            report->status, report->error, report->ui_max_stall_ms);

  /* a scenario that measures more than one blur says what it measured */
  if (report->summary != NULL)
    return g_strdup_printf ("%s · longest UI stall %.0f ms · %.1f s",
                            report->summary, report->ui_max_stall_ms,
                            report->duration_ms / 1000.0);

  return g_strdup_printf ("Blur ran on %s for %.0f ms · task %s · longest UI stall %.0f ms · "
                          "%" G_GUINT64_FORMAT " frames drawn in %.1f s",
                          threads, report->work_ms, report->status, report->ui_max_stall_ms,
                          report->frames, report->duration_ms / 1000.0);
}
