/* test-csharp-needles.c — every C# needle written in a scenario's source
 * finds its line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario marks the line of its C# each task, item, region and phase
 * belongs to by a piece of that line's text (lab_scenario_run_mark_*). A
 * needle that matches nothing is only reported when its code runs, and some
 * run only on a path a test may not take (a canceled run, a last pass). So
 * this reads each scenario's source, takes the literal needles of its mark
 * calls (the last argument), and looks each up in its C#, without running
 * anything. Needles passed through a variable are checked where they run:
 * the headless runs make a needle that matches nothing fatal.
 */
#include <string.h>

#include "lab-csharp-marks.h"
#include "lab-scenario.h"

#define MARK_CALL "lab_scenario_run_mark_"

/* Past the string literal at @p (on its opening quote). */
static const char *
skip_literal (const char *p)
{
  for (p++; *p != '\0' && *p != '"'; p++)
    if (*p == '\\' && p[1] != '\0')
      p++;
  return *p == '"' ? p + 1 : p;
}

/* The literals in @arg, unescaped, added to @needles. */
static void
add_literals (const char *arg,
              const char *end,
              GPtrArray  *needles)
{
  for (const char *p = arg; p < end; p++)
    if (*p == '"')
      {
        const char *close = skip_literal (p);
        g_autofree char *escaped = g_strndup (p + 1, close - p - 2);

        g_ptr_array_add (needles, g_strcompress (escaped));
        p = close - 1;
      }
}

/* @source without its comments (a mark call named in one is no call). */
static char *
strip_comments (const char *source)
{
  GString *code = g_string_new (NULL);

  for (const char *p = source; *p != '\0';)
    {
      if (*p == '"')
        {
          const char *close = skip_literal (p);

          g_string_append_len (code, p, close - p);
          p = close;
        }
      else if (g_str_has_prefix (p, "/*"))
        p = strstr (p + 2, "*/") != NULL ? strstr (p + 2, "*/") + 2 : p + strlen (p);
      else if (g_str_has_prefix (p, "//"))
        p += strcspn (p, "\n");
      else
        g_string_append_c (code, *p++);
    }
  return g_string_free (code, FALSE);
}

/* The literal needles of every mark call in @source; *@n_calls gets how
 * many mark calls there are. */
static GPtrArray *
find_needles (const char *source,
              guint      *n_calls)
{
  GPtrArray *needles = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = strip_comments (source);
  const char *call = code;

  *n_calls = 0;
  while ((call = strstr (call, MARK_CALL)) != NULL)
    {
      const char *p = strchr (call, '(');
      const char *last_arg;
      int depth = 0;

      /* the name, a space, then the call's "(" */
      call += strlen (MARK_CALL);
      if (p == NULL || p - call > (gssize) strspn (call, "abcdefghijklmnopqrstuvwxyz_") + 1)
        continue;
      last_arg = p + 1;
      for (; *p != '\0'; p++)
        {
          if (*p == '"')
            p = skip_literal (p) - 1;
          else if (*p == '(')
            depth++;
          else if (*p == ')' && --depth == 0)
            break;
          else if (*p == ',' && depth == 1)
            last_arg = p + 1;
        }
      g_assert_cmpint (*p, ==, ')');
      add_literals (last_arg, p, needles);
      (*n_calls)++;
      call = p;
    }
  return needles;
}

static void
test_needles_found (gconstpointer data)
{
  const LabScenario *scenario = data;
  g_autofree char *path = g_build_filename (LAB_SCENARIOS_DIR, scenario->source_file, NULL);
  g_autofree char *source = NULL;
  g_autoptr(GPtrArray) needles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *c_panel = lab_scenario_dup_c_source (scenario);
  g_auto(GStrv) panel_lines = g_strsplit (c_panel, "\n", -1);
  guint n_calls;

  g_assert_true (g_file_get_contents (path, &source, NULL, &error));
  g_assert_no_error (error);
  /* the C panel shows the program, not the replay's bookkeeping; every line
   * it shows is a line of the file, as written */
  g_assert_cmpuint (strlen (c_panel), >, 0);
  g_assert_null (strstr (c_panel, "lab_scenario_run_mark_"));
  for (guint i = 0; panel_lines[i] != NULL; i++)
    g_assert_nonnull (strstr (source, panel_lines[i]));
  if (g_strcmp0 (scenario->id, "task-run") == 0)
    g_assert_nonnull (strstr (c_panel, "pool_task_await (blur, TRUE, show_blurred"));

  needles = find_needles (source, &n_calls);
  /* every scenario says where its work is */
  g_assert_cmpuint (n_calls, >=, 1);
  for (guint i = 0; i < needles->len; i++)
    {
      const char *needle = g_ptr_array_index (needles, i);

      g_test_message ("%s: \"%s\" is line %u", scenario->id, needle,
                      lab_csharp_find_line (scenario->csharp, needle));
      if (lab_csharp_find_line (scenario->csharp, needle) == 0)
        g_error ("%s: no line of its C# holds \"%s\"", scenario->source_file, needle);
    }
}

/* The reader itself: a needle found, one not, an escaped quote, both
 * sides of a choice, and a needle in a variable. */
static void
test_reader (void)
{
  const char *source =
    "  lab_scenario_run_mark_task (run, task, \"Task.Run(\");\n"
    "  lab_scenario_run_mark_label (run, \"blur\", \"Blur(\\\"x\\\", f (y))\");\n"
    "  lab_scenario_run_mark_await (run, t, last ? \"a;\" : \"b;\");\n"
    "  lab_scenario_run_mark_current_task (run, fetch->needle);\n"
    "  /* lab_scenario_run_mark_task() names it */\n";
  guint n_calls;
  g_autoptr(GPtrArray) needles = find_needles (source, &n_calls);

  g_assert_cmpuint (n_calls, ==, 4);
  g_assert_cmpuint (needles->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (needles, 0), ==, "Task.Run(");
  g_assert_cmpstr (g_ptr_array_index (needles, 1), ==, "Blur(\"x\", f (y))");
  g_assert_cmpstr (g_ptr_array_index (needles, 2), ==, "a;");
  g_assert_cmpstr (g_ptr_array_index (needles, 3), ==, "b;");
}

int
main (int   argc,
      char *argv[])
{
  const LabScenario * const *scenarios;
  guint n_scenarios;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/csharp-needles/reader", test_reader);
  scenarios = lab_scenarios_get_all (&n_scenarios);
  for (guint i = 0; i < n_scenarios; i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/csharp-needles/%s", scenarios[i]->id);

      g_test_add_data_func (path, scenarios[i], test_needles_found);
    }
  return g_test_run ();
}
