/* test-click-through.c — the real window driven by real input events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaskLab runs in a private Xvfb as a user would start it; xdotool sends X
 * key and pointer events through XTEST, as a keyboard and mouse would. The app writes what it saw to TASKLAB_EVENT_LOG
 * with CLOCK_MONOTONIC timestamps, so the test can tell when typed text
 * reached the field: at once during a responsive run, only after the freeze
 * during a frozen one.
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab-xvfb.h"

static LabXvfb *xvfb;

typedef struct
{
  GSubprocess *app;
  char        *log_path;
  char        *window;       /* X window id */
  int          entry_x, entry_y;
} Session;

static char *
read_log (Session *session)
{
  char *contents = NULL;

  if (!g_file_get_contents (session->log_path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* The timestamp of the first log line starting with @prefix after @since, or 0. */
static gint64
find_event (Session    *session,
            const char *prefix,
            gint64      since)
{
  g_autofree char *log = read_log (session);
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strchr (lines[i], ' ');
      gint64 at;

      if (space == NULL)
        continue;
      at = g_ascii_strtoll (lines[i], NULL, 10);
      if (at >= since && g_str_has_prefix (space + 1, prefix))
        return at;
    }
  return 0;
}

static gint64
wait_event (Session    *session,
            const char *prefix,
            gint64      since,
            int         timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  for (;;)
    {
      gint64 at = find_event (session, prefix, since);

      if (at != 0)
        return at;
      if (g_get_monotonic_time () > deadline)
        g_error ("no “%s” event within %d s; log:\n%s", prefix, timeout_s,
                 read_log (session));
      g_usleep (20 * 1000);
    }
}

static char *
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, lab_test_child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", xvfb->display, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return out;
}

static gboolean
skip_without_tools (void)
{
  g_autofree char *tool = g_find_program_in_path ("xdotool");

  if (xvfb == NULL || tool == NULL)
    {
      g_test_skip ("needs Xvfb and xdotool");
      return TRUE;
    }
  return FALSE;
}

static void
session_start (Session    *session,
               const char *first_arg,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_auto(GStrv) bounds = NULL;
  gint64 at;
  va_list args;
  int fd;

  fd = g_file_open_tmp ("tasklab-events-XXXXXX", &session->log_path, &error);
  g_assert_no_error (error);
  close (fd);

  g_ptr_array_add (argv, (gpointer) g_getenv ("TASKLAB"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "TASKLAB_EVENT_LOG", session->log_path, TRUE);
  session->app = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  at = wait_event (session, "entry-at ", 0, 30);
  {
    g_autofree char *log = read_log (session);
    char *line = strstr (log, "entry-at ");

    bounds = g_strsplit (line + strlen ("entry-at "), " ", 4);
    session->entry_x = atoi (bounds[0]) + 20;
    session->entry_y = atoi (bounds[1]) + atoi (bounds[3]) / 2;
  }
  (void) at;

  found = xdotool ("search", "--sync", "--onlyvisible", "--name", "TaskLab", NULL);
  session->window = g_strdup (g_strstrip (found));
  g_assert_cmpstr (session->window, !=, "");
  if (strchr (session->window, '\n') != NULL)
    *strchr (session->window, '\n') = '\0';
}

static void
session_stop (Session *session)
{
  if (session->app != NULL)
    {
      g_subprocess_force_exit (session->app);
      g_subprocess_wait (session->app, NULL, NULL);
      g_clear_object (&session->app);
    }
  g_unlink (session->log_path);
  g_free (session->log_path);
  g_free (session->window);
}

static void
click_entry (Session *session)
{
  g_autofree char *x = g_strdup_printf ("%d", session->entry_x);
  g_autofree char *y = g_strdup_printf ("%d", session->entry_y);

  /* XTEST events (not --window, which sends synthetic events GTK ignores) */
  g_free (xdotool ("windowfocus", "--sync", session->window, NULL));
  g_free (xdotool ("mousemove", "--window", session->window, x, y, "click", "1", NULL));
}

/* Scenario 1 from the keyboard (F5): text typed during the run reaches the
 * field within a generous bound, while the blur still runs on a worker. */
static void
test_typing_during_responsive_run (void)
{
  Session session = { 0, };
  gint64 started, sent, typed, ended;

  if (skip_without_tools ())
    return;

  session_start (&session, "--freeze-ms", "2500", NULL);
  click_entry (&session);
  g_free (xdotool ("key", "F5", NULL));
  started = wait_event (&session, "run-start task-run", 0, 30);

  g_usleep (200 * 1000);
  g_free (xdotool ("type", "--delay", "20", "hi", NULL));
  sent = g_get_monotonic_time ();
  typed = wait_event (&session, "typed hi", started, 30);
  ended = wait_event (&session, "run-end task-run responsive", started, 60);

  g_test_message ("text arrived %" G_GINT64_FORMAT " ms after the last key; run ended %"
                  G_GINT64_FORMAT " ms later", (typed - sent) / 1000, (ended - typed) / 1000);
  g_assert_cmpint (typed - sent, <, 500 * 1000);
  g_assert_cmpint (typed, <, ended);
  session_stop (&session);
}

/* Scenario 5, four rows down the sidebar (Page Down follows the numbers, then F5): text typed
 * during the freeze reaches the field only when the blur on the UI thread is over. */
static void
test_typing_during_frozen_run (void)
{
  Session session = { 0, };
  gint64 started, typed, ended, first_char;

  if (skip_without_tools ())
    return;

  session_start (&session, "--freeze-ms", "2000", NULL);
  click_entry (&session);
  g_free (xdotool ("key", "Page_Down", "Page_Down", "Page_Down", "Page_Down", NULL));
  click_entry (&session);
  g_free (xdotool ("key", "F5", NULL));
  started = wait_event (&session, "run-start blur-in-click-handler", 0, 30);

  g_usleep (300 * 1000);
  g_free (xdotool ("type", "--delay", "20", "ok", NULL));
  first_char = wait_event (&session, "typed o", started, 60);
  typed = wait_event (&session, "typed ok", started, 60);
  ended = wait_event (&session, "run-end blur-in-click-handler frozen", started, 60);

  g_test_message ("typed during the freeze; the field saw it %" G_GINT64_FORMAT
                  " ms after the run started, the run ended at %" G_GINT64_FORMAT " ms",
                  (first_char - started) / 1000, (ended - started) / 1000);
  /* nothing reached the field while the UI thread was blurring */
  g_assert_cmpint (first_char, >=, ended - 50 * 1000);
  g_assert_cmpint (typed, >=, first_char);
  session_stop (&session);
}

static gint64 exit_time;

static gpointer
wait_for_exit (gpointer data)
{
  g_subprocess_wait (data, NULL, NULL);
  g_atomic_pointer_set (&exit_time, g_get_monotonic_time ());
  return NULL;
}

/* Quitting (Ctrl+Q) while a run is in flight ends the process cleanly within a second. */
static void
test_quit_during_run (void)
{
  Session session = { 0, };
  GThread *exited_at;
  gint64 sent;

  if (skip_without_tools ())
    return;

  session_start (&session, "--freeze-ms", "3000", NULL);
  click_entry (&session);
  g_free (xdotool ("key", "F5", NULL));
  wait_event (&session, "run-start task-run", 0, 30);
  g_usleep (300 * 1000);

  g_free (xdotool ("key", "ctrl+q", NULL));
  sent = g_get_monotonic_time ();
  exited_at = g_thread_new ("wait", wait_for_exit, session.app);
  while (g_atomic_pointer_get (&exit_time) == 0 &&
         g_get_monotonic_time () - sent < 10 * G_USEC_PER_SEC)
    g_usleep (5 * 1000);
  if (g_atomic_pointer_get (&exit_time) == 0)
    g_subprocess_force_exit (session.app);
  g_thread_join (exited_at);
  g_test_message ("exited %" G_GINT64_FORMAT " ms after Ctrl+Q", (exit_time - sent) / 1000);
  g_assert_cmpint (exit_time - sent, <, 1000 * 1000);
  g_assert_true (g_subprocess_get_if_exited (session.app));
  g_assert_cmpint (g_subprocess_get_exit_status (session.app), ==, 0);
  g_clear_object (&session.app);
  session_stop (&session);
}

/* Presses @key in the main window and waits for @action to be logged as activated. */
static gint64
press_for_action (Session    *session,
                  const char *key,
                  const char *action,
                  gint64      since)
{
  g_autofree char *event = g_strdup_printf ("action %s", action);

  g_free (xdotool ("windowfocus", "--sync", session->window, NULL));
  g_free (xdotool ("key", key, NULL));
  return wait_event (session, event, since, 20);
}

/* The rest of the first log line starting with @prefix after @since (its
 * timestamp in *@at), or NULL. */
static char *
find_event_text (Session    *session,
                 const char *prefix,
                 gint64      since,
                 gint64     *at)
{
  g_autofree char *log = read_log (session);
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strchr (lines[i], ' ');

      if (space == NULL)
        continue;
      *at = g_ascii_strtoll (lines[i], NULL, 10);
      if (*at >= since && g_str_has_prefix (space + 1, prefix))
        return g_strdup (space + 1 + strlen (prefix));
    }
  return NULL;
}

typedef struct
{
  gint64 at;        /* when it was logged */
  gint64 cursor_us; /* from the run's start */
  int    line;      /* the lit C# line, 0 for none */
} ReplayState;

/* Presses @key and reads the replay's state the action logged after it. */
static ReplayState
press_replay_key (Session    *session,
                  const char *key,
                  const char *action,
                  gint64      since)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  ReplayState state = { 0, };

  since = press_for_action (session, key, action, since);
  for (;;)
    {
      g_autofree char *text = find_event_text (session, "replay-at ", since, &state.at);

      if (text != NULL)
        {
          g_assert_cmpint (sscanf (text, "%" G_GINT64_FORMAT " line %d", &state.cursor_us,
                                   &state.line), ==, 2);
          return state;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("no replay state after %s; log:\n%s", key, read_log (session));
      g_usleep (20 * 1000);
    }
}

/* After a run, real key presses drive the replay: Left steps back (the
 * cursor moves back, a C# line gets lit on the way), Right forward, Space
 * plays and pauses (the cursor moved meanwhile). In the field the audience
 * types in, Space is a space and the replay does not move. */
static void
test_replay_keys (void)
{
  Session session = { 0, };
  ReplayState state, previous;
  gint64 since;
  gboolean lit = FALSE;

  if (skip_without_tools ())
    return;

  session_start (&session, "--freeze-ms", "600", NULL);
  click_entry (&session);
  g_free (xdotool ("key", "F5", NULL));
  since = wait_event (&session, "run-start task-run", 0, 30);
  since = wait_event (&session, "run-end task-run", since, 60) + 1;

  /* typing in the field: the space is the field's */
  g_free (xdotool ("type", "--delay", "30", "a b", NULL));
  since = wait_event (&session, "typed a b", since, 20) + 1;
  g_assert_cmpint (find_event (&session, "action win.replay-", 0), ==, 0);

  /* the focus on the scenario list (down and back up to the run's scenario) */
  since = press_for_action (&session, "Page_Down", "win.next-scenario", since) + 1;
  since = press_for_action (&session, "Page_Up", "win.previous-scenario", since) + 1;

  previous = press_replay_key (&session, "Left", "win.replay-previous", since);
  lit = previous.line > 0;
  for (guint i = 0; i < 12 && !lit; i++)
    {
      state = press_replay_key (&session, "Left", "win.replay-previous", previous.at + 1);
      g_test_message ("Left: %" G_GINT64_FORMAT " µs, line %d", state.cursor_us, state.line);
      g_assert_cmpint (state.cursor_us, <=, previous.cursor_us);
      lit = state.line > 0;
      previous = state;
    }
  g_assert_true (lit);
  state = press_replay_key (&session, "Right", "win.replay-next", previous.at + 1);
  g_assert_cmpint (state.cursor_us, >, previous.cursor_us);

  /* back into the run's first half, then play for 0.8 s (about 0.2 s of the run) */
  for (guint i = 0; i < 40 && state.cursor_us > 300 * 1000; i++)
    state = press_replay_key (&session, "Left", "win.replay-previous", state.at + 1);
  g_assert_cmpint (state.cursor_us, <=, 300 * 1000);
  previous = press_replay_key (&session, "space", "win.replay-toggle", state.at + 1);
  g_usleep (800 * 1000);
  state = press_replay_key (&session, "space", "win.replay-toggle", previous.at + 1);
  g_test_message ("played %" G_GINT64_FORMAT " µs of the run",
                  state.cursor_us - previous.cursor_us);
  g_assert_cmpint (state.cursor_us, >, previous.cursor_us);
  session_stop (&session);
}

/* Every shortcut the README lists reaches its action (a dialog it opens is
 * closed with Escape before the next key). */
static void
test_readme_shortcuts (void)
{
  static const struct {
    const char *key;
    const char *action;
    gboolean    closes_with_escape;
    const char *then;          /* an event to wait for after the action */
  } keys[] = {
    { "F4", "win.details", FALSE },            { "F4", "win.details", FALSE },
    { "F8", "win.show-keys", FALSE },          { "F8", "win.show-keys", FALSE },
    { "F9", "win.toggle-presenter", FALSE },   { "F9", "win.toggle-presenter", FALSE },
    { "F11", "win.fullscreen", FALSE },        { "F11", "win.fullscreen", FALSE },
    { "ctrl+plus", "win.zoom-in", FALSE },     { "ctrl+minus", "win.zoom-out", FALSE },
    { "ctrl+0", "win.zoom-reset", FALSE },
    { "Page_Down", "win.next-scenario", FALSE },    { "Page_Up", "win.previous-scenario", FALSE },
    { "alt+Down", "win.next-scenario", FALSE },     { "alt+Up", "win.previous-scenario", FALSE },
    { "F5", "win.run", FALSE, "run-start task-run" },
    { "Escape", "win.cancel", FALSE, "run-end task-run" },
    /* the run ended: the replay bar shows; a list row has the focus */
    { "space", "win.replay-toggle", FALSE },   { "space", "win.replay-toggle", FALSE },
    { "Left", "win.replay-previous", FALSE },  { "Right", "win.replay-next", FALSE },
    { "ctrl+r", "win.reset", FALSE },
    { "ctrl+k", "win.compare", FALSE },
    { "ctrl+comma", "app.preferences", TRUE },
    { "ctrl+o", "app.open", TRUE },
    { "ctrl+question", "win.show-help-overlay", TRUE },
    { "ctrl+f", "win.search", FALSE },
  };
  Session session = { 0, };
  gint64 since = 0;
  GThread *exited_at;
  gint64 sent;

  if (skip_without_tools ())
    return;

  session_start (&session, "--freeze-ms", "3000", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      since = press_for_action (&session, keys[i].key, keys[i].action, since) + 1;
      g_test_message ("%s → %s", keys[i].key, keys[i].action);
      if (keys[i].then != NULL)
        since = wait_event (&session, keys[i].then, since, 30) + 1;
      if (keys[i].closes_with_escape)
        {
          g_usleep (500 * 1000);
          g_free (xdotool ("key", "Escape", NULL));
          g_usleep (300 * 1000);
        }
    }

  /* Ctrl+Q last: the process ends */
  exit_time = 0;
  since = press_for_action (&session, "ctrl+q", "app.quit", since);
  sent = g_get_monotonic_time ();
  exited_at = g_thread_new ("wait", wait_for_exit, session.app);
  while (g_atomic_pointer_get (&exit_time) == 0 &&
         g_get_monotonic_time () - sent < 10 * G_USEC_PER_SEC)
    g_usleep (5 * 1000);
  if (g_atomic_pointer_get (&exit_time) == 0)
    g_subprocess_force_exit (session.app);
  g_thread_join (exited_at);
  g_assert_true (g_subprocess_get_if_exited (session.app));
  g_clear_object (&session.app);
  session_stop (&session);
}

/* Wrong vs right from the keyboard: after scenario 1 (Task.Run), Ctrl+K runs
 * its pair, scenario 5 (the blur in the click handler), then opens both
 * stacked. */
static void
test_compare_pair (void)
{
  Session session = { 0, };
  gint64 since;

  if (skip_without_tools ())
    return;

  session_start (&session, "--freeze-ms", "1000", NULL);
  since = press_for_action (&session, "F5", "win.run", 0);
  since = wait_event (&session, "run-end task-run", since, 60) + 1;
  since = press_for_action (&session, "ctrl+k", "win.compare", since) + 1;
  since = wait_event (&session, "run-start blur-in-click-handler", since, 30) + 1;
  /* the window opens the comparison as the run finishes, the log's run-end comes after */
  wait_event (&session, "run-end blur-in-click-handler frozen", since, 60);
  wait_event (&session, "compare-shown 2", since, 30);
  session_stop (&session);
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

  g_test_add_func ("/e2e/click-through/typing-during-responsive-run", test_typing_during_responsive_run);
  g_test_add_func ("/e2e/click-through/typing-during-frozen-run", test_typing_during_frozen_run);
  g_test_add_func ("/e2e/click-through/quit-during-run", test_quit_during_run);
  g_test_add_func ("/e2e/click-through/readme-shortcuts", test_readme_shortcuts);
  g_test_add_func ("/e2e/click-through/replay-keys", test_replay_keys);
  g_test_add_func ("/e2e/click-through/compare-pair", test_compare_pair);

  status = g_test_run ();
  lab_xvfb_stop (xvfb);
  return status;
}
