/* An error in a task vs an error in a work item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two pieces of work fail the same way: they try to open a photo that does
 * not exist. The one started with Task.Run fails politely: the task holds
 * the error, ends Faulted, and the continuation on the UI thread shows the
 * message. The one queued with ThreadPool.QueueUserWorkItem has no task to
 * hold anything, so the error escapes onto the pool thread, and .NET ends
 * the whole process. To show that without losing the window, TaskLab starts
 * a copy of itself as a child process, lets the child crash that way, and
 * reports how it ended: killed by a signal, with the error in its last words.
 */
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "lab-crash-demo.h"
#include "lab-scenario-run.h"

typedef struct
{
  LabScenarioRun *run;
  GSubprocess    *child;
  gint64          start_us;
  gboolean        task_done;
  gboolean        child_done;
} ErrorDemo;

static void
error_demo_free (ErrorDemo *demo)
{
  g_clear_object (&demo->child);
  g_clear_object (&demo->run);
  g_free (demo);
}

/* Both halves are back: report them (UI thread). */
static void
error_demo_maybe_complete (ErrorDemo *demo)
{
  if (!demo->task_done || !demo->child_done)
    return;
  lab_scenario_run_complete (demo->run, NULL, NULL);
  error_demo_free (demo);
}

/* The line of the child's stderr that names the error, or its last line. */
static char *
find_last_words (const char *stderr_text)
{
  g_auto(GStrv) lines = g_strsplit (stderr_text != NULL ? stderr_text : "", "\n", -1);
  const char *last = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "Unhandled error") != NULL)
        return g_strdup (lines[i]);
      if (lines[i][0] != '\0')
        last = lines[i];
    }
  return g_strdup (last != NULL ? last : "");
}

/* [snippet] */
/* The work that fails: open a photo that is not there. */
static gpointer
load_missing_photo (gpointer   data,
                    GError   **error)
{
  return lab_image_load_file (LAB_CRASH_DEMO_MISSING_FILE, error);
}

/* Task.Run: the task holds the error; the UI thread reads it. */
static gpointer
show_task_error (PoolTask  *task,
                 gpointer   data,
                 GError   **error)
{
  ErrorDemo *demo = data;
  g_autoptr(GError) task_error = NULL;

  pool_task_get_result (task, &task_error);
  lab_scenario_run_set_status (demo->run, "Task.Run", pool_task_get_status (task));
  lab_scenario_run_add_detail (demo->run, "task_error", "%s",
                               task_error != NULL ? task_error->message : "(none)");
  demo->task_done = TRUE;
  error_demo_maybe_complete (demo);
  return NULL;
}

/* QueueUserWorkItem, in a child process: how did it end? */
static void
child_ended (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ErrorDemo *demo = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *child_stderr = NULL;
  g_autofree char *last_words = NULL;

  g_subprocess_communicate_utf8_finish (demo->child, result, NULL, &child_stderr, &error);
  last_words = find_last_words (child_stderr);
  lab_scenario_run_add_detail (demo->run, "child_message", "%s", last_words);
  lab_scenario_run_add_detail_number (demo->run, "child_ms",
                                      (g_get_monotonic_time () - demo->start_us) / 1000.0);

  if (error != NULL)
    lab_scenario_run_add_detail (demo->run, "child_error", "%s", error->message);
  else if (g_subprocess_get_if_signaled (demo->child))
    {
      int signal_number = g_subprocess_get_term_sig (demo->child);

      /* measured: the process was ended by a signal */
      lab_scenario_run_set_verdict (demo->run, LAB_VERDICT_CRASHED_IN_CHILD);
      lab_scenario_run_set_status_string (demo->run, "QueueUserWorkItem", "process ended");
      lab_scenario_run_add_detail (demo->run, "child_exit", "signal %d (%s)",
                                   signal_number, g_strsignal (signal_number));
      lab_scenario_run_set_summary (demo->run, "Task.Run: Faulted, error shown · "
                                    "QueueUserWorkItem: the child process was ended by signal "
                                    "%d (%s) · this window lives on",
                                    signal_number, g_strsignal (signal_number));
    }
  else
    {
      lab_scenario_run_set_status_string (demo->run, "QueueUserWorkItem", "process lived");
      lab_scenario_run_add_detail (demo->run, "child_exit", "exit status %d",
                                   g_subprocess_get_exit_status (demo->child));
    }
  demo->child_done = TRUE;
  error_demo_maybe_complete (demo);
}

static void
start (LabScenarioRun *run)
{
  PoolScheduler *ui = lab_scenario_run_get_ui_scheduler (run);
  ErrorDemo *demo = g_new0 (ErrorDemo, 1);
  g_autoptr(PoolTask) load = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = NULL;

  demo->run = g_object_ref (run);
  demo->start_us = g_get_monotonic_time ();

  /* Task.Run(() => LoadPhoto(missing)).ContinueWith(ShowError, ui) */
  load = pool_task_run (load_missing_photo, NULL, NULL);
  pool_task_set_result_destroy (load, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (run, load);
  pool_task_unref (pool_task_continue_with (load, show_task_error, demo, NULL, ui));

  /* ThreadPool.QueueUserWorkItem(_ => LoadPhoto(missing)), in a copy of this
   * program: `tasklab --crash-demo`; its stderr is read without blocking */
  self_exe = lab_crash_demo_get_executable (&error);
  if (self_exe != NULL)
    demo->child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                    G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                    self_exe, "--" LAB_CRASH_DEMO_OPTION, NULL);
  if (demo->child == NULL)
    {
      lab_scenario_run_add_detail (run, "child_error", "%s", error->message);
      demo->child_done = TRUE;
      return;
    }
  g_subprocess_communicate_utf8_async (demo->child, NULL, NULL, child_ended, demo);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_TRAPS,
  .title = N_("An error in a task vs in a work item"),
  .summary = N_("The same failure twice. In Task.Run the task holds the error, ends Faulted, and "
                "the UI shows it. In QueueUserWorkItem nothing holds it: the error escapes and the "
                "process ends. TaskLab shows that in a child copy of itself; this window survives."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "\n"
    "    // Captured: the task ends Faulted, the process lives.\n"
    "    Task.Run(() => LoadPhoto(\"holiday-photo.jpg\"))\n"
    "        .ContinueWith(t => status.Text = t.Exception.InnerException.Message, ui);\n"
    "\n"
    "    // Not captured: an unhandled exception on a pool thread\n"
    "    // ends the process (here: in a child process).\n"
    "    ThreadPool.QueueUserWorkItem(_ => LoadPhoto(\"holiday-photo.jpg\"));\n"
    "}\n",
  .expected = { LAB_VERDICT_CRASHED_IN_CHILD },
  .start = start,
};
