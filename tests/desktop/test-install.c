/* test-install.c — TaskLab installed into a DESTDIR runs with no build tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `meson install --destdir` into a temporary folder, then the installed
 * binary, started from an empty folder: --list, and one scenario in the
 * real window on a private Xvfb. When strace is there, both runs are traced
 * and must not touch the source or build folders: what TaskLab reads (the
 * .ui files, the CSS, the bundled image, the scenarios' sources) is
 * compiled into it.
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "lab-xvfb.h"

static char     *destdir;      /* the temporary DESTDIR */
static char     *workdir;      /* an empty folder the installed binary runs in */
static char     *installed;    /* the installed tasklab, under destdir */
static gboolean  install_done;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->out, g_free);
  g_clear_pointer (&outcome->err, g_free);
}

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set: run this test through meson test", name);
  return value;
}

/* Runs @argv in @cwd, with DISPLAY set to @display (or none), and waits. */
static void
spawn (Outcome            *outcome,
       const char         *cwd,
       const char         *display,
       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_child_setup (launcher, lab_test_child_setup, NULL, NULL);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  if (display != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  /* the messages in their own words, whatever the machine's language */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &outcome->out, &outcome->err, &error);
  g_assert_no_error (error);
  outcome->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                         : -1;
}

/* strace, when it is there and may trace here (a container may forbid it). */
static const char *
usable_strace (void)
{
  static const char *strace;
  static gsize checked;

  if (g_once_init_enter (&checked))
    {
      const char *path = g_getenv ("STRACE");

      if (path != NULL && path[0] != '\0')
        {
          const char *argv[] = { path, "-o", "/dev/null", "true", NULL };
          Outcome outcome = { 0, };

          spawn (&outcome, workdir, NULL, argv);
          if (outcome.status == 0)
            strace = path;
          else
            g_test_message ("strace cannot trace here: %s", outcome.err);
          outcome_clear (&outcome);
        }
      g_once_init_leave (&checked, 1);
    }
  return strace;
}

/* Runs the installed tasklab with @args, traced into @trace when strace is usable. */
static void
run_installed (Outcome            *outcome,
               const char         *display,
               const char         *trace,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (trace != NULL && usable_strace () != NULL)
    {
      g_ptr_array_add (argv, (gpointer) usable_strace ());
      g_ptr_array_add (argv, (gpointer) "-f");
      g_ptr_array_add (argv, (gpointer) "-e");
      g_ptr_array_add (argv, (gpointer) "trace=%file");
      g_ptr_array_add (argv, (gpointer) "-o");
      g_ptr_array_add (argv, (gpointer) trace);
    }
  g_ptr_array_add (argv, installed);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  spawn (outcome, workdir, display, (const char * const *) argv->pdata);
}

/* No file operation in @trace names the source or the build folder (the
 * build folder is inside the source one; the DESTDIR may be anywhere). */
static void
assert_trace_stays_out_of_the_tree (const char *trace)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *source_root = env ("MESON_SOURCE_ROOT");
  guint n_lines;

  if (usable_strace () == NULL)
    {
      g_test_message ("no strace: not checked that the run stays out of the source folder");
      return;
    }
  g_file_get_contents (trace, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, >, 10);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (lines[i]);

      /* the DESTDIR and the working folder are the test's own */
      g_string_replace (line, destdir, "DESTDIR", 0);
      g_string_replace (line, workdir, "WORKDIR", 0);
      if (strstr (line->str, source_root) != NULL)
        {
          g_test_fail_printf ("the installed tasklab touched the source tree: %s", lines[i]);
          return;
        }
    }
  g_test_message ("%u file operations traced, none in %s", n_lines, source_root);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

/* Every file under @root, relative to it, into @files. */
static void
list_files (const char *root,
            const char *relative,
            GPtrArray  *files)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *full = g_build_filename (root, child, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        list_files (root, child, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&child));
    }
}

/* `meson install --destdir` installs the binary, the desktop file, the
 * metainfo, both icons and the man page where the XDG and FHS layouts put
 * them, and nothing else (translations aside). */
static void
test_install_files (void)
{
  const char *build_root = env ("MESON_BUILD_ROOT");
  const char *app_id = env ("APP_ID");
  g_autofree char *log_path = g_build_filename (build_root, "meson-logs", "install-log.txt", NULL);
  g_autofree char *saved_log = NULL;
  g_autofree char *bin_dir = g_build_filename (destdir, env ("INSTALL_BINDIR"), NULL);
  const char *data_dir = env ("INSTALL_DATADIR");
  const char *locale_dir = env ("INSTALL_LOCALEDIR");
  g_autofree char *desktop_name = g_strconcat (app_id, ".desktop", NULL);
  g_autofree char *metainfo_name = g_strconcat (app_id, ".metainfo.xml", NULL);
  g_autofree char *icon_name = g_strconcat (app_id, ".svg", NULL);
  g_autofree char *symbolic_name = g_strconcat (app_id, "-symbolic.svg", NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *argv[] = { env ("MESON"), "install", "-C", build_root, "--no-rebuild", "--quiet",
                         "--destdir", destdir, NULL };
  Outcome outcome = { 0, };

  /* meson install rewrites the log `ninja uninstall` reads: keep the one of
   * a real install, if there is one */
  g_file_get_contents (log_path, &saved_log, NULL, NULL);
  spawn (&outcome, build_root, NULL, argv);
  if (saved_log != NULL)
    g_file_set_contents (log_path, saved_log, -1, NULL);
  else
    g_remove (log_path);
  if (outcome.status != 0)
    g_test_message ("meson install: %s%s", outcome.out, outcome.err);
  g_assert_cmpint (outcome.status, ==, 0);
  outcome_clear (&outcome);

  installed = g_build_filename (bin_dir, "tasklab", NULL);
  g_assert_true (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE));
  install_done = TRUE;

  /* what is installed: absolute paths under the prefix, inside DESTDIR */
  g_ptr_array_add (expected, g_build_filename (env ("INSTALL_BINDIR"), "tasklab", NULL));
  g_ptr_array_add (expected, g_build_filename (data_dir, "applications", desktop_name, NULL));
  g_ptr_array_add (expected, g_build_filename (data_dir, "metainfo", metainfo_name, NULL));
  g_ptr_array_add (expected, g_build_filename (data_dir, "icons", "hicolor", "scalable", "apps",
                                               icon_name, NULL));
  g_ptr_array_add (expected, g_build_filename (data_dir, "icons", "hicolor", "symbolic", "apps",
                                               symbolic_name, NULL));
  g_ptr_array_add (expected, g_build_filename (env ("INSTALL_MANDIR"), "man1", "tasklab.1", NULL));

  list_files (destdir, "", files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *file = g_build_filename ("/", g_ptr_array_index (files, i), NULL);
      gboolean known = FALSE;

      for (guint j = 0; j < expected->len && !known; j++)
        known = g_str_equal (file, g_ptr_array_index (expected, j));
      /* one .mo per language in po/LINGUAS */
      known = known || (g_str_has_prefix (file, locale_dir) &&
                        g_str_has_suffix (file, "/tasklab.mo"));
      if (!known)
        g_test_fail_printf ("installed, but not expected: %s", file);
    }
  for (guint j = 0; j < expected->len; j++)
    {
      const char *file = g_ptr_array_index (expected, j);
      gboolean found = FALSE;

      for (guint i = 0; i < files->len && !found; i++)
        found = g_str_equal (file + 1, g_ptr_array_index (files, i));
      if (!found)
        g_test_fail_printf ("not installed: %s", file);
    }
  g_test_message ("%u files installed under %s", files->len, destdir);
}

/* The installed tasklab lists the scenarios with no display and no build tree. */
static void
test_installed_list (void)
{
  const char *args[] = { "--list", NULL };
  g_autofree char *trace = g_build_filename (destdir, "list.strace", NULL);
  g_auto(GStrv) lines = NULL;
  Outcome outcome = { 0, };

  if (!install_done)
    {
      g_test_skip ("not installed");
      return;
    }
  run_installed (&outcome, NULL, trace, args);
  g_assert_cmpint (outcome.status, ==, 0);
  lines = g_strsplit (g_strchomp (outcome.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 16);
  g_assert_cmpstr (lines[0], ==, "task-run\tTask.Run from a click");
  outcome_clear (&outcome);
  assert_trace_stays_out_of_the_tree (trace);
}

/* The installed tasklab opens its window, runs Task.Run on a pool worker
 * (the bundled image, compiled in, is blurred) and reports it. */
static void
test_installed_run (void)
{
  const char *args[] = { "--run", "task-run", "--report", "json", "--freeze-ms", "1200", NULL };
  g_autofree char *trace = g_build_filename (destdir, "run.strace", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *report;
  JsonArray *roles;
  LabXvfb *xvfb;
  Outcome outcome = { 0, };

  if (!install_done)
    {
      g_test_skip ("not installed");
      return;
    }
  xvfb = lab_xvfb_start (&error);
  if (xvfb == NULL)
    {
      g_test_skip (error->message);
      return;
    }
  run_installed (&outcome, xvfb->display, trace, args);
  lab_xvfb_stop (xvfb);
  if (outcome.status != 0)
    g_test_message ("tasklab stderr: %s", outcome.err);
  g_assert_cmpint (outcome.status, ==, 0);
  g_test_message ("report: %s", outcome.out);

  json_parser_load_from_data (parser, outcome.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "id"), ==, "task-run");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "RanToCompletion");
  g_assert_true (json_object_get_null_member (report, "error"));
  roles = json_object_get_array_member (report, "work_ran_on");
  g_assert_cmpuint (json_array_get_length (roles), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "worker");
  /* the verdict is timing; the e2e suite asserts it, here strace may slow the UI thread */
  g_assert_nonnull (json_object_get_string_member (report, "verdict"));
  g_assert_cmpfloat (json_object_get_double_member (report, "work_ms"), >, 0.0);
  outcome_clear (&outcome);

  assert_trace_stays_out_of_the_tree (trace);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  destdir = g_dir_make_tmp ("tasklab-destdir-XXXXXX", &error);
  g_assert_no_error (error);
  workdir = g_dir_make_tmp ("tasklab-cwd-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/desktop/install/files", test_install_files);
  g_test_add_func ("/desktop/install/list", test_installed_list);
  g_test_add_func ("/desktop/install/run", test_installed_run);
  status = g_test_run ();

  remove_tree (destdir);
  remove_tree (workdir);
  g_free (destdir);
  g_free (workdir);
  g_free (installed);
  return status;
}
