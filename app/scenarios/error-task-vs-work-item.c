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
 * The window shows all of it under the verdict: the task's status and the
 * message it holds, how the child ended, and what the child wrote last on
 * stderr.
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

  /* what the window shows, once both halves are back */
  PoolTaskStatus  task_status;
  char           *task_error;     /* the message the faulted task holds */
  char           *child_exit;     /* "killed by signal 6 (Aborted)", "exited with status 3" */
  char           *child_message;  /* its stderr line that names the error */
  char           *child_last_line;
  gboolean        child_signaled;
} ErrorDemo;

static void
error_demo_free (ErrorDemo *demo)
{
  g_clear_object (&demo->child);
  g_clear_object (&demo->run);
  g_free (demo->task_error);
  g_free (demo->child_exit);
  g_free (demo->child_message);
  g_free (demo->child_last_line);
  g_free (demo);
}

/* Both halves are back: show them (UI thread). The statuses are the chips
 * under the verdict: the task's status and error, then how the child ended
 * and its last words. */
static void
error_demo_maybe_complete (ErrorDemo *demo)
{
  LabScenarioRun *run = demo->run;

  if (!demo->task_done || !demo->child_done)
    return;

  /* two chips, one a line, so that both fit above the "+N" of the rest */
  {
    g_autofree char *shown = g_strdup_printf ("%s — %s",
                                              pool_task_status_to_string (demo->task_status),
                                              demo->task_error);

    lab_scenario_run_add_detail (run, "task_status", "%s",
                                 pool_task_status_to_string (demo->task_status));
    lab_scenario_run_add_detail (run, "task_error", "%s", demo->task_error);
    lab_scenario_run_set_status_string (run, "Task.Run", shown);
  }
  if (demo->child_exit != NULL)
    {
      g_autofree char *shown = g_strdup_printf (_("%s — its stderr: “%s”"), demo->child_exit,
                                                demo->child_message);

      lab_scenario_run_add_detail (run, "child_exit", "%s", demo->child_exit);
      lab_scenario_run_add_detail (run, "child_message", "%s", demo->child_message);
      lab_scenario_run_add_detail (run, "child_last_line", "%s", demo->child_last_line);
      lab_scenario_run_set_status_string (run, "QueueUserWorkItem's child process", shown);
      lab_scenario_run_set_summary (run, "Task.Run: %s, its error shown: %s · "
                                    "QueueUserWorkItem: the child process %s; its stderr: %s · "
                                    "this window lives on",
                                    pool_task_status_to_string (demo->task_status),
                                    demo->task_error, demo->child_exit, demo->child_message);
    }
  /* measured: the process was ended by a signal */
  if (demo->child_signaled)
    lab_scenario_run_set_verdict (run, LAB_VERDICT_CRASHED_IN_CHILD);
  lab_scenario_run_complete (run, NULL, NULL);
  error_demo_free (demo);
}

/* The child's stderr: the line that names the error (else the last one),
 * and the last line. */
static void
read_last_words (const char  *stderr_text,
                 char       **message,
                 char       **last_line)
{
  g_auto(GStrv) lines = g_strsplit (stderr_text != NULL ? stderr_text : "", "\n", -1);
  const char *named = NULL, *last = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (named == NULL && strstr (lines[i], "Unhandled error") != NULL)
        named = lines[i];
      if (lines[i][0] != '\0')
        last = lines[i];
    }
  *last_line = g_strdup (last != NULL ? last : _("(nothing)"));
  *message = g_strdup (named != NULL ? named : *last_line);
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

  /* status.Text = $"{t.Status}: {t.Exception.InnerException.Message}" */
  pool_task_get_result (task, &task_error);
  demo->task_status = pool_task_get_status (task);
  demo->task_error = g_strdup (task_error != NULL ? task_error->message : _("(none)"));
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

  g_subprocess_communicate_utf8_finish (demo->child, result, NULL, &child_stderr, &error);
  lab_scenario_run_add_detail_number (demo->run, "child_ms",
                                      (g_get_monotonic_time () - demo->start_us) / 1000.0);

  if (error != NULL)
    lab_scenario_run_add_detail (demo->run, "child_error", "%s", error->message);
  else
    {
      read_last_words (child_stderr, &demo->child_message, &demo->child_last_line);
      demo->child_signaled = g_subprocess_get_if_signaled (demo->child);
      if (demo->child_signaled)
        demo->child_exit = g_strdup_printf (_("killed by signal %d (%s)"),
                                            g_subprocess_get_term_sig (demo->child),
                                            g_strsignal (g_subprocess_get_term_sig (demo->child)));
      else
        demo->child_exit = g_strdup_printf (_("exited with status %d"),
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
  g_autoptr(PoolTask) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = NULL;

  demo->run = g_object_ref (run);
  demo->start_us = g_get_monotonic_time ();

  /* Task.Run(() => LoadPhoto("holiday-photo.jpg"))
   *     .ContinueWith(t => status.Text = $"{t.Status}: {…Message}", ui); */
  load = pool_task_run (load_missing_photo, NULL, NULL);
  pool_task_set_result_destroy (load, (GDestroyNotify) lab_image_unref);
  lab_scenario_run_track_task (run, load);
  lab_scenario_run_mark_task (run, load, "Task.Run(() => LoadPhoto(");
  shown = pool_task_continue_with (load, show_task_error, demo, NULL, ui);
  lab_scenario_run_mark_task (run, shown, ".ContinueWith(t => status.Text =");

  /* ThreadPool.QueueUserWorkItem(_ => LoadPhoto("holiday-photo.jpg")), in a
   * copy of this program: `tasklab --crash-demo`; its stderr is read without
   * blocking */
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
                "the UI shows its message. In QueueUserWorkItem nothing holds it: the error escapes "
                "and the process ends. TaskLab lets that happen in a child copy of itself and shows "
                "how the child ended and its last words; this window survives."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    var ui = TaskScheduler.FromCurrentSynchronizationContext();\n"
    "\n"
    "    // Captured: the task ends Faulted, the process lives.\n"
    "    Task.Run(() => LoadPhoto(\"holiday-photo.jpg\"))\n"
    "        .ContinueWith(t => status.Text =\n"
    "            $\"{t.Status}: {t.Exception.InnerException.Message}\", ui);\n"
    "\n"
    "    // Not captured: the exception escapes on a pool\n"
    "    // thread and ends the process. TaskLab runs this in\n"
    "    // a child process and shows how the child ended,\n"
    "    // with the last words it wrote to stderr.\n"
    "    ThreadPool.QueueUserWorkItem(_ => LoadPhoto(\"holiday-photo.jpg\"));\n"
    "}\n",
  .expected = { LAB_VERDICT_CRASHED_IN_CHILD },
  .start = start,
};
