/* lab-report.c — a run's report: its JSON form, its line and its chips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-report.h"

void
lab_report_free (LabReport *report)
{
  g_free (report->id);
  g_free (report->title);
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

/* The run's one verdict: the worst of its phases', for the window. */
LabVerdict
lab_report_get_verdict (LabReport *report)
{
  return report->error != NULL ? LAB_VERDICT_FAILED : lab_verdicts_worst (report->verdicts);
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

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Adds @object (a copy of the reference), or {} when it is NULL. */
static void
add_object_or_empty (JsonBuilder *builder,
                     const char  *name,
                     JsonObject  *object)
{
  json_builder_set_member_name (builder, name);
  if (object != NULL)
    {
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), object));
      return;
    }
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
}

/**
 * lab_json_round_numbers:
 * @json: a JSON document
 *
 * JSON-GLib writes doubles with 17 significant digits (75.209 becomes
 * 75.209000000000003); this rewrites every fractional number outside
 * strings with at most three decimals (0.001 ms for times).
 *
 * Returns: (transfer full): the same document, rounded
 */
char *
lab_json_round_numbers (const char *json)
{
  GString *out = g_string_sized_new (strlen (json));
  gboolean in_string = FALSE;

  for (const char *p = json; *p != '\0';)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            g_string_append_len (out, p, 2), p += 2;
          else
            {
              in_string = *p != '"';
              g_string_append_c (out, *p++);
            }
          continue;
        }
      if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *end = p + 1;
          gboolean fractional = FALSE;

          while (g_ascii_isdigit (*end) || *end == '.' || *end == 'e' || *end == 'E' ||
                 *end == '+' || *end == '-')
            fractional |= !g_ascii_isdigit (*end++);
          if (fractional)
            {
              char buffer[G_ASCII_DTOSTR_BUF_SIZE];
              double value = g_ascii_strtod (p, NULL);
              gsize len;

              g_ascii_formatd (buffer, sizeof buffer, "%.3f", value);
              /* 12.500 → 12.5, 3.000 → 3.0 (still a double to a reader) */
              len = strlen (buffer);
              while (len > 2 && buffer[len - 1] == '0' && buffer[len - 2] != '.')
                buffer[--len] = '\0';
              g_string_append (out, g_str_equal (buffer, "-0.0") ? "0.0" : buffer);
            }
          else
            g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* One JSON object on one line, for --report json. */
char *
lab_report_to_json (LabReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *verdict = lab_verdicts_to_string (report->verdicts);
  g_autofree char *expected = lab_verdicts_to_string (report->expected);
  g_autofree char *json = NULL;
  g_auto(GStrv) chips = NULL;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "id", report->id);
  add_int (builder, "number", report->number);
  add_string_or_null (builder, "title", report->title);
  add_string_or_null (builder, "verdict", verdict);
  add_string_or_null (builder, "expected_verdict", expected);
  add_double (builder, "ui_max_stall_ms", report->ui_max_stall_ms);
  add_double (builder, "scenario_stall_ms", report->scenario_stall_ms);
  add_double (builder, "machine_stall_ms", report->machine_stall_ms);
  add_double (builder, "baseline_ms", report->baseline_ms);
  add_double (builder, "baseline_stall_ms", report->baseline_stall_ms);
  add_strv (builder, "work_ran_on", (const char * const *) report->work_ran_on);
  add_strv (builder, "work_threads", (const char * const *) report->work_threads);
  add_string_or_null (builder, "status", report->status);
  add_double (builder, "duration_ms", report->duration_ms);
  add_double (builder, "work_ms", report->work_ms);
  add_int (builder, "frames", (gint64) report->frames);
  add_int (builder, "frames_missed", (gint64) report->frames_missed);
  add_int (builder, "threads_held_peak", report->threads_held_peak);
  add_string_or_null (builder, "error", report->error);
  add_string_or_null (builder, "summary", report->summary);
  add_object_or_empty (builder, "statuses", report->statuses);
  json_builder_set_member_name (builder, "phases");
  if (report->phases != NULL)
    json_builder_add_value (builder, json_node_init_array (json_node_alloc (), report->phases));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  add_object_or_empty (builder, "details", report->details);
  /* what the window shows under the verdict, word for word (tests read it) */
  chips = lab_report_dup_chips (report);
  add_strv (builder, "chips", (const char * const *) chips);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  return lab_json_round_numbers (json);
}

/* " · the machine was busy: …" when a long gap was not the scenario's. */
static char *
describe_machine (LabReport *report)
{
  if (report->machine_stall_ms < LAB_FREEZE_MIN_MS)
    return g_strdup ("");
  /* mostly before the work: seen in the baseline */
  if (report->baseline_stall_ms >= 0.5 * report->machine_stall_ms)
    return g_strdup_printf (_(" · the machine was busy: a %.0f ms hiccup before the work began"),
                            report->machine_stall_ms);
  return g_strdup_printf (_(" · the machine was busy: a %.0f ms hiccup not caused by the scenario"),
                          report->machine_stall_ms);
}

/* One line for the window: where the work ran, the status and the stall. */
char *
lab_report_describe (LabReport *report)
{
  g_autofree char *threads = NULL;
  g_autofree char *task = NULL;
  g_autofree char *machine = describe_machine (report);

  threads = report->work_threads != NULL && report->work_threads[0] != NULL
            ? g_strjoinv (", ", report->work_threads) : g_strdup (_("no thread"));
  task = report->status != NULL ? g_strdup_printf (_(" · task %s"), report->status) : g_strdup ("");

  if (report->error != NULL)
    return g_strdup_printf (_("%s%s. Longest UI stall %.0f ms."),
                            report->error, task, report->ui_max_stall_ms);

  /* a scenario that measures more than one blur says what it measured */
  if (report->summary != NULL)
    return g_strdup_printf (_("%s · longest UI stall %.0f ms · %.1f s%s"),
                            report->summary, report->ui_max_stall_ms,
                            report->duration_ms / 1000.0, machine);

  return g_strdup_printf (_("Blur ran on %s for %.0f ms%s · longest UI stall %.0f ms · "
                            "%" G_GUINT64_FORMAT " frames drawn in %.1f s%s"),
                          threads, report->work_ms, task, report->ui_max_stall_ms,
                          report->frames, report->duration_ms / 1000.0, machine);
}

static void
add_chip (GStrvBuilder *chips,
          char         *text)
{
  g_strv_builder_add (chips, text);
  g_free (text);
}

/**
 * lab_report_dup_chips:
 *
 * Returns: (transfer full): the report's measured facts as short
 *   "Label: value" strings: where the work ran, the statuses, the stall,
 *   the frames missed, the pool threads held
 */
GStrv
lab_report_dup_chips (LabReport *report)
{
  g_autoptr(GStrvBuilder) chips = g_strv_builder_new ();

  if (report->work_threads != NULL && report->work_threads[0] != NULL)
    {
      g_autofree char *threads = g_strjoinv (", ", report->work_threads);

      add_chip (chips, g_strdup_printf (_("Ran on: %s"), threads));
    }
  if (report->statuses != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (report->statuses);

      for (GList *l = names; l != NULL; l = l->next)
        add_chip (chips, g_strdup_printf ("%s: %s", (const char *) l->data,
                                                     json_object_get_string_member (report->statuses,
                                                                                    l->data)));
    }
  else if (report->status != NULL)
    add_chip (chips, g_strdup_printf (_("Status: %s"), report->status));
  add_chip (chips, g_strdup_printf (_("Longest stall: %.0f ms"), report->ui_max_stall_ms));
  if (report->machine_stall_ms >= LAB_FREEZE_MIN_MS)
    add_chip (chips, g_strdup_printf (_("Machine hiccup: %.0f ms"), report->machine_stall_ms));
  add_chip (chips, g_strdup_printf (_("Frames missed: %" G_GUINT64_FORMAT),
                                               report->frames_missed));
  add_chip (chips, g_strdup_printf (_("Pool threads held: %u"), report->threads_held_peak));
  return g_strv_builder_end (chips);
}
