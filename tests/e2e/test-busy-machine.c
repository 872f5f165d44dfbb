/* test-busy-machine.c — every verdict holds while other programs use the CPU.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A speaker's laptop also runs a screen recorder, slides and a browser. This
 * test keeps every core busy with CPU-bound processes of its own (nice 0,
 * as an ordinary program runs; each bounded in time by an alarm, and ended
 * by the test), runs `--run all` in the window, and asserts that each
 * scenario's measured verdict is its expected one: a verdict that flips
 * when the machine is busy would teach the opposite lesson.
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab-xvfb.h"

/* Longer than the run can take (the meson timeout ends the test first). */
#define HOG_SECONDS 900

static LabXvfb *xvfb;

/* One CPU-bound process: spins until the test ends it or its alarm does. */
static GPid
start_hog (void)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      volatile guint64 spins = 0;

      prctl (PR_SET_PDEATHSIG, SIGKILL);
      alarm (HOG_SECONDS);
      for (;;)
        spins++;
    }
  return pid;
}

static void
stop_hog (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  /* still spinning when ended: the machine was busy the whole run */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
}

static void
test_all_verdicts_with_busy_cores (void)
{
  const char *argv[] = { g_getenv ("TASKLAB"), "--run", "all", "--report", "json",
                         "--freeze-ms", "1200", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GArray) hogs = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_cores = g_get_num_processors ();
  guint n_reports = 0;

  if (xvfb == NULL)
    {
      g_test_skip ("Xvfb is not available");
      return;
    }

  for (guint i = 0; i < n_cores; i++)
    {
      GPid hog = start_hog ();

      g_array_append_val (hogs, hog);
    }
  g_test_message ("%u CPU-bound processes keep every core busy", n_cores);

  launcher = lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < hogs->len; i++)
    stop_hog (g_array_index (hogs, GPid, i));

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_test_message ("tasklab stderr: %s", err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  lines = g_strsplit (g_strchomp (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *report;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      report = json_node_get_object (json_parser_get_root (parser));
      g_test_message ("%-28s expected %-10s measured %-10s scenario stall %5.0f ms, "
                      "machine stall %5.0f ms",
                      json_object_get_string_member (report, "id"),
                      json_object_get_string_member (report, "expected_verdict"),
                      json_object_get_string_member (report, "verdict"),
                      json_object_get_double_member (report, "scenario_stall_ms"),
                      json_object_get_double_member (report, "machine_stall_ms"));
      n_reports++;
    }
  /* every report first, then the assertions: one failure shows all verdicts */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *report;

      json_parser_load_from_data (parser, lines[i], -1, NULL);
      report = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (report, "verdict"), ==,
                       json_object_get_string_member (report, "expected_verdict"));
    }
  g_assert_cmpuint (n_reports, ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  xvfb = lab_xvfb_start (&error);
  if (xvfb == NULL)
    g_test_message ("no display for the window tests: %s", error->message);

  g_test_add_func ("/e2e/busy-machine/all-verdicts-as-expected",
                   test_all_verdicts_with_busy_cores);

  status = g_test_run ();
  lab_xvfb_stop (xvfb);
  return status;
}
