/* lab-scenarios.c — finding scenarios in the catalogue, and their texts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lab-catalogue.h"

const LabScenario * const *
lab_scenarios_get_all (guint *n_scenarios)
{
  *n_scenarios = lab_catalogue_length;
  return lab_catalogue;
}

/* Finds a scenario by its id or by its catalogue number ("2"). */
const LabScenario *
lab_scenarios_find (const char *id_or_number)
{
  guint64 number = 0;
  gboolean is_number;

  g_return_val_if_fail (id_or_number != NULL, NULL);

  is_number = g_ascii_string_to_unsigned (id_or_number, 10, 1, G_MAXUINT, &number, NULL);
  for (guint i = 0; i < lab_catalogue_length; i++)
    {
      if (g_strcmp0 (lab_catalogue[i]->id, id_or_number) == 0 ||
          (is_number && lab_catalogue[i]->number == number))
        return lab_catalogue[i];
    }
  return NULL;
}

static GBytes *
scenario_source (const LabScenario *scenario)
{
  g_autofree char *path = g_strconcat ("/org/tasklab/TaskLab/scenarios/", scenario->source_file, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/**
 * lab_scenario_dup_info:
 *
 * The Info text: the paragraphs of the header comment of the scenario's own
 * file, after its title and licence lines (as gtk4-demo reads its demos'),
 * so the explanation lives with the code it explains. Falls back to the
 * short summary (translated).
 */
char *
lab_scenario_dup_info (const LabScenario *scenario)
{
  g_autoptr(GBytes) bytes = scenario_source (scenario);
  g_autoptr(GString) info = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *comment = NULL;
  const char *text, *end;
  gboolean in_body = FALSE;

  if (bytes == NULL)
    return g_strdup (_(scenario->summary));
  text = g_bytes_get_data (bytes, NULL);
  end = strstr (text, "*/");
  if (!g_str_has_prefix (text, "/*") || end == NULL)
    return g_strdup (_(scenario->summary));

  comment = g_strndup (text + 2, end - text - 2);
  lines = g_strsplit (comment, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] == '*')
        line = g_strstrip (line + 1);
      if (g_str_has_prefix (line, "SPDX-License-Identifier"))
        {
          in_body = TRUE;
          continue;
        }
      if (!in_body)
        continue;
      if (line[0] == '\0')
        {
          if (info->len > 0 && !g_str_has_suffix (info->str, "\n\n"))
            g_string_append (info, "\n\n");
          continue;
        }
      if (info->len > 0 && !g_str_has_suffix (info->str, "\n"))
        g_string_append_c (info, ' ');
      g_string_append (info, line);
    }
  g_strstrip (info->str);
  if (info->str[0] == '\0')
    return g_strdup (_(scenario->summary));
  return g_strdup (info->str);
}

/* Drops the statements that only tell the replay which C# line a traced
 * task, wait or region belongs to (lab_scenario_run_mark_*): bookkeeping
 * for the replay, not part of the program the panel mirrors. A statement
 * runs from its first line to the line that ends with ";". */
static char *
drop_csharp_marks (const char *snippet)
{
  g_auto(GStrv) lines = g_strsplit (snippet, "\n", -1);
  GString *kept = g_string_new (NULL);
  gboolean in_mark = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *code = lines[i] + strspn (lines[i], " \t");

      if (!in_mark && g_str_has_prefix (code, "lab_scenario_run_mark_"))
        in_mark = TRUE;
      if (in_mark)
        {
          in_mark = !g_str_has_suffix (g_strchomp (lines[i]), ";");
          continue;
        }
      if (kept->len > 0)
        g_string_append_c (kept, '\n');
      g_string_append (kept, lines[i]);
    }
  return g_string_free (kept, FALSE);
}

/**
 * lab_scenario_dup_c_source:
 *
 * The C a scenario runs, cut from its own source file (bundled as a
 * resource) between the [snippet] markers, so the panel cannot drift from
 * the code; without the replay's marks (see drop_csharp_marks()).
 */
char *
lab_scenario_dup_c_source (const LabScenario *scenario)
{
  g_autoptr(GBytes) bytes = scenario_source (scenario);
  const char *text, *begin, *end;

  if (bytes == NULL)
    return g_strdup ("");

  text = g_bytes_get_data (bytes, NULL);
  begin = strstr (text, "/* [snippet] */\n");
  end = begin != NULL ? strstr (begin, "/* [/snippet] */") : NULL;
  if (begin == NULL || end == NULL)
    return g_strndup (text, g_bytes_get_size (bytes));

  begin += strlen ("/* [snippet] */\n");
  {
    g_autofree char *snippet = g_strndup (begin, end - begin);

    return g_strstrip (drop_csharp_marks (snippet));
  }
}
