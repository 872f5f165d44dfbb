/* test-scenarios-util.c — running tasklab on the test's display and
 * reading what it reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-scenarios-util.h"

LabXvfb *xvfb;

void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->out);
  g_free (outcome->err);
}

/* Runs tasklab with @argv (NULL-terminated, without the program) on the test's display. */
void
run_tasklab (Outcome            *outcome,
             const char * const *argv)
{
  run_tasklab_with_env (outcome, argv, NULL, NULL);
}

/* The same with @name=@value in TaskLab's environment (not this one's:
 * setenv is not safe once threads run). */
void
run_tasklab_with_env (Outcome            *outcome,
                      const char * const *argv,
                      const char         *name,
                      const char         *value)
{
  g_autoptr(GSubprocessLauncher) launcher =
    lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (args, (gpointer) g_getenv ("TASKLAB"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  if (name != NULL)
    g_subprocess_launcher_setenv (launcher, name, value, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &outcome->out, &outcome->err, &error);
  g_assert_no_error (error);
  outcome->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                        : -1;
}

JsonObject *
run_report (const char *id,
            const char *extra)
{
  const char *argv[] = { "--run", id, "--report", "json", "--freeze-ms", "1200", extra, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0, };
  JsonObject *report;

  if (xvfb == NULL)
    return NULL;

  run_tasklab (&outcome, argv);
  if (outcome.status != 0)
    g_test_message ("tasklab stderr: %s", outcome.err);
  g_assert_cmpint (outcome.status, ==, 0);
  json_parser_load_from_data (parser, outcome.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  report = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_test_message ("report: %s", outcome.out);
  outcome_clear (&outcome);
  return report;
}

char *
joined_roles (JsonObject *report)
{
  JsonArray *roles = json_object_get_array_member (report, "work_ran_on");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  for (guint i = 0; i < json_array_get_length (roles); i++)
    g_strv_builder_add (builder, json_array_get_string_element (roles, i));
  values = g_strv_builder_end (builder);
  return g_strjoinv (",", values);
}

gboolean
skip_without_display (void)
{
  if (xvfb == NULL)
    {
      g_test_skip ("Xvfb is not available");
      return TRUE;
    }
  return FALSE;
}

/* --- --run all: every scenario in one window, one JSON object per line ---- */

static GPtrArray *all_reports;   /* (JsonObject *), in catalogue order */

/* Runs --run all once for the tests below and keeps the reports. */
GPtrArray *
get_all_reports (void)
{
  /* screenshots of every scenario, kept as test artefacts in the build tree */
  g_autofree char *shots = g_build_filename (g_getenv ("MESON_BUILD_ROOT") != NULL
                                             ? g_getenv ("MESON_BUILD_ROOT") : g_get_tmp_dir (),
                                             "screenshots", NULL);
  g_autofree char *shots_arg = g_strconcat ("--screenshot-dir=", shots, NULL);
  const char *argv[] = { "--run", "all", "--report", "json", "--freeze-ms", "1200", shots_arg,
                         NULL };
  Outcome outcome = { 0, };
  g_auto(GStrv) lines = NULL;

  if (all_reports != NULL)
    return all_reports;

  all_reports = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  run_tasklab (&outcome, argv);
  if (outcome.status != 0)
    g_test_message ("tasklab stderr: %s", outcome.err);
  g_assert_cmpint (outcome.status, ==, 0);

  lines = g_strsplit (g_strchomp (outcome.out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *shot = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("report: %s", lines[i]);
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (all_reports,
                       json_object_ref (json_node_get_object (json_parser_get_root (parser))));
      shot = g_strdup_printf ("%s/%s.png", shots,
                              json_object_get_string_member (
                                json_node_get_object (json_parser_get_root (parser)), "id"));
      g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));
    }
  outcome_clear (&outcome);
  return all_reports;
}

/* Drops the reports of `--run all`, when the tests are over. */
void
free_all_reports (void)
{
  g_clear_pointer (&all_reports, g_ptr_array_unref);
}

JsonObject *
report_for (const char *id)
{
  GPtrArray *reports = get_all_reports ();

  for (guint i = 0; i < reports->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (reports, i), "id"), id) == 0)
      return g_ptr_array_index (reports, i);
  g_assert_not_reached ();
  return NULL;
}

JsonObject *
details_of (JsonObject *report)
{
  return json_object_get_object_member (report, "details");
}

const char *
status_of (JsonObject *report,
           const char *name)
{
  JsonObject *statuses = json_object_get_object_member (report, "statuses");

  g_assert_true (json_object_has_member (statuses, name));
  return json_object_get_string_member (statuses, name);
}

gboolean
roles_include (JsonObject *report,
               const char *role)
{
  JsonArray *roles = json_object_get_array_member (report, "work_ran_on");

  for (guint i = 0; i < json_array_get_length (roles); i++)
    if (g_strcmp0 (json_array_get_string_element (roles, i), role) == 0)
      return TRUE;
  return FALSE;
}

/* The window's chip that starts with @prefix (the chips are the report's, word for word). */
const char *
chip_starting (JsonObject *report,
               const char *prefix)
{
  JsonArray *chips = json_object_get_array_member (report, "chips");

  for (guint i = 0; chips != NULL && i < json_array_get_length (chips); i++)
    if (g_str_has_prefix (json_array_get_string_element (chips, i), prefix))
      return json_array_get_string_element (chips, i);
  return NULL;
}

/* .NET has no TaskStatus "None": no chip and no summary of @report says it. */
void
assert_no_status_none (JsonObject *report)
{
  JsonArray *chips = json_object_get_array_member (report, "chips");

  g_assert_cmpuint (json_array_get_length (chips), >, 0);
  for (guint i = 0; i < json_array_get_length (chips); i++)
    g_assert_null (strstr (json_array_get_string_element (chips, i), "None"));
  if (!json_object_get_null_member (report, "summary"))
    g_assert_null (strstr (json_object_get_string_member (report, "summary"), "None"));
}
JsonObject *
phase_of (JsonObject *report,
          guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (report, "phases"), index);
}
