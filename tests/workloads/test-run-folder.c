/* test-run-folder.c — the temporary folder of a run, and clearing those of
 * runs that died.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything happens inside a private folder made for the test, never in
 * the real temporary folder, so other TaskLab processes are never touched.
 */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lab-run-folder.h"

static char *
make_parent (void)
{
  g_autoptr(GError) error = NULL;
  char *parent = g_dir_make_tmp ("test-run-folder-XXXXXX", &error);

  g_assert_no_error (error);
  return parent;
}

static void
write_file (const char *folder,
            const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, "x", 1, NULL));
}

/* A PID no process has: a child's, once it has been reaped. */
static GPid
dead_pid (void)
{
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    _exit (0);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return (GPid) pid;
}

/* The folder is tasklab-PID-XXXXXX in the parent, private (0700), empty. */
static void
test_create (void)
{
  g_autofree char *parent = make_parent ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = lab_run_folder_create (parent, &error);
  g_autofree char *name = NULL;
  g_autofree char *expected_prefix = g_strdup_printf ("tasklab-%d-", (int) getpid ());
  GStatBuf st;
  GPid pid = 0;

  g_assert_no_error (error);
  name = g_path_get_basename (folder);
  g_assert_true (g_str_has_prefix (name, expected_prefix));
  g_assert_true (lab_run_folder_parse_name (name, &pid));
  g_assert_cmpint (pid, ==, getpid ());
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (lab_run_folder_remove (folder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rmdir (parent), ==, 0);
}

/* A folder that cannot be made is an error of one line naming the parent. */
static void
test_create_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = lab_run_folder_create ("/nonexistent/\nplace", &error);

  g_assert_null (folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, "/nonexistent/\\nplace"));
}

/* Removal takes files, folders inside folders and links, and never what a
 * link points to. Removing it again is not an error. */
static void
test_remove_recursive (void)
{
  g_autofree char *parent = make_parent ();
  g_autofree char *outside = make_parent ();
  g_autofree char *outside_file = g_build_filename (outside, "keep.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = lab_run_folder_create (parent, &error);
  g_autofree char *deep = g_build_filename (folder, "a", "b", "c", NULL);
  g_autofree char *link_to_folder = g_build_filename (folder, "a", "outside", NULL);
  g_autofree char *link_to_file = g_build_filename (folder, "keep-link.txt", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (deep, 0700), ==, 0);
  write_file (folder, "result.png");
  write_file (deep, "tile.bin");
  write_file (outside, "keep.txt");
  g_assert_cmpint (symlink (outside, link_to_folder), ==, 0);
  g_assert_cmpint (symlink (outside_file, link_to_file), ==, 0);

  g_assert_true (lab_run_folder_remove (folder, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside_file, G_FILE_TEST_IS_REGULAR));

  g_assert_true (lab_run_folder_remove (folder, &error));
  g_assert_no_error (error);

  g_unlink (outside_file);
  g_assert_cmpint (g_rmdir (outside), ==, 0);
  g_assert_cmpint (g_rmdir (parent), ==, 0);
}

/* A path that is not a run folder is never removed. */
static void
test_remove_refuses_other_folders (void)
{
  g_autofree char *parent = make_parent ();
  g_autofree char *other = g_build_filename (parent, "tasklab-important", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  write_file (other, "data.txt");
  g_assert_false (lab_run_folder_remove (other, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (lab_run_folder_remove (parent, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *data = g_build_filename (other, "data.txt", NULL);

    g_unlink (data);
  }
  g_rmdir (other);
  g_rmdir (parent);
}

/* Names: only tasklab-PID-XXXXXX. */
static void
test_parse_name (void)
{
  GPid pid = 0;

  g_assert_true (lab_run_folder_parse_name ("tasklab-1234-aB3_x-", &pid));
  g_assert_cmpint (pid, ==, 1234);
  g_assert_false (lab_run_folder_parse_name ("tasklab-1234-abcde", NULL));
  g_assert_false (lab_run_folder_parse_name ("tasklab-1234-abcdefg", NULL));
  g_assert_false (lab_run_folder_parse_name ("tasklab--abcdef", NULL));
  g_assert_false (lab_run_folder_parse_name ("tasklab-0-abcdef", NULL));
  g_assert_false (lab_run_folder_parse_name ("tasklab-test-abcdef", NULL));
  g_assert_false (lab_run_folder_parse_name ("tasklab-99999999999-abcdef", NULL));
  g_assert_false (lab_run_folder_parse_name ("tasklab-12-abc/ef", NULL));
  g_assert_false (lab_run_folder_parse_name ("other-12-abcdef", NULL));
}

/* At start-up: the folders of dead processes go; those of live ones (this
 * one, pid 1), other names, links and plain files stay. */
static void
test_remove_stale (void)
{
  g_autofree char *parent = make_parent ();
  g_autofree char *outside = make_parent ();
  GPid dead = dead_pid ();
  g_autofree char *dead_name = g_strdup_printf ("tasklab-%d-aaaaaa", (int) dead);
  g_autofree char *dead_folder = g_build_filename (parent, dead_name, NULL);
  g_autofree char *dead_inner = g_build_filename (dead_folder, "inner", NULL);
  g_autofree char *own_name = g_strdup_printf ("tasklab-%d-bbbbbb", (int) getpid ());
  g_autofree char *own_folder = g_build_filename (parent, own_name, NULL);
  g_autofree char *init_folder = g_build_filename (parent, "tasklab-1-cccccc", NULL);
  g_autofree char *other_folder = g_build_filename (parent, "tasklab-notes-dddddd", NULL);
  g_autofree char *link_name = g_strdup_printf ("tasklab-%d-eeeeee", (int) dead);
  g_autofree char *dead_link = g_build_filename (parent, link_name, NULL);
  g_autofree char *file_name = g_strdup_printf ("tasklab-%d-ffffff", (int) dead);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dead_inner, 0700), ==, 0);
  write_file (dead_inner, "partial.png");
  g_assert_cmpint (g_mkdir (own_folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (init_folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (other_folder, 0700), ==, 0);
  write_file (outside, "keep.txt");
  g_assert_cmpint (symlink (outside, dead_link), ==, 0);
  write_file (parent, file_name);

  g_assert_cmpuint (lab_run_folder_remove_stale (parent), ==, 1);
  g_assert_false (g_file_test (dead_folder, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (own_folder, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (init_folder, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other_folder, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (dead_link, G_FILE_TEST_IS_SYMLINK));
  {
    g_autofree char *kept = g_build_filename (outside, "keep.txt", NULL);
    g_autofree char *file = g_build_filename (parent, file_name, NULL);

    g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
    g_unlink (kept);
    g_unlink (file);
  }
  /* nothing more the second time */
  g_assert_cmpuint (lab_run_folder_remove_stale (parent), ==, 0);

  g_assert_true (lab_run_folder_remove (own_folder, &error));
  g_assert_true (lab_run_folder_remove (init_folder, &error));
  g_assert_no_error (error);
  g_rmdir (other_folder);
  g_unlink (dead_link);
  g_assert_cmpint (g_rmdir (outside), ==, 0);
  g_assert_cmpint (g_rmdir (parent), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/run-folder/create", test_create);
  g_test_add_func ("/app/run-folder/create-fails", test_create_fails);
  g_test_add_func ("/app/run-folder/remove/recursive", test_remove_recursive);
  g_test_add_func ("/app/run-folder/remove/refuses-other-folders",
                   test_remove_refuses_other_folders);
  g_test_add_func ("/app/run-folder/parse-name", test_parse_name);
  g_test_add_func ("/app/run-folder/remove-stale", test_remove_stale);

  return g_test_run ();
}
