/* lab-run-folder.c — a temporary folder for one run, and clearing those of
 * runs that died.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario that writes files (the pipeline saves its result) gets a
 * folder of its own, "tasklab-PID-XXXXXX" in the temporary folder, mode
 * 0700, and removes it on every way out. A process that is killed cannot
 * remove anything; so at start-up the app removes the run folders whose
 * process is gone. The PID in the name is what tells: kill(pid, 0) failing
 * with ESRCH means no such process (EPERM means one that is not ours: alive,
 * kept). A PID reused by a later process keeps its folder until that process
 * ends too: erring on the side of keeping.
 *
 * Removal never follows a symbolic link: the tree is walked with openat()
 * and O_NOFOLLOW, and a link inside is removed, not what it points to. Only
 * folders named as above, and (for stale ones) owned by this user, are
 * removed.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-run-folder.h"
#include "lab-display-name.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#define MAX_DEPTH 128   /* folders inside a run folder; deeper is refused */

/**
 * lab_run_folder_parse_name:
 * @name: a file name, without folder
 * @pid: (out) (optional): the PID in it
 *
 * Returns: %TRUE when @name is "tasklab-PID-XXXXXX", PID in decimal and
 *   XXXXXX six letters, digits, "-" or "_" (what g_mkdtemp() puts there)
 */
gboolean
lab_run_folder_parse_name (const char *name,
                           GPid       *pid)
{
  const char *p, *digits;
  guint64 value = 0;

  g_return_val_if_fail (name != NULL, FALSE);

  if (!g_str_has_prefix (name, LAB_RUN_FOLDER_PREFIX))
    return FALSE;
  digits = p = name + strlen (LAB_RUN_FOLDER_PREFIX);
  while (g_ascii_isdigit (*p))
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > G_MAXINT)
        return FALSE;
      p++;
    }
  if (p == digits || value == 0 || *p != '-' || strlen (p + 1) != 6)
    return FALSE;
  for (const char *q = p + 1; *q != '\0'; q++)
    if (!g_ascii_isalnum (*q) && *q != '_' && *q != '-')
      return FALSE;
  if (pid != NULL)
    *pid = (GPid) value;
  return TRUE;
}

/**
 * lab_run_folder_create:
 * @parent: (nullable): where to make it; %NULL for g_get_tmp_dir()
 *
 * Makes a new, empty folder "tasklab-PID-XXXXXX" (mode 0700) in @parent,
 * PID this process's. Remove it with lab_run_folder_remove() on every way
 * out of the run; lab_run_folder_remove_stale() removes it after a crash.
 *
 * Returns: (transfer full) (nullable): its path
 */
char *
lab_run_folder_create (const char  *parent,
                       GError     **error)
{
  g_autofree char *name = g_strdup_printf (LAB_RUN_FOLDER_PREFIX "%d-XXXXXX", (int) getpid ());
  g_autofree char *path = g_build_filename (parent != NULL ? parent : g_get_tmp_dir (), name,
                                            NULL);
  int saved_errno;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdtemp_full (path, 0700) != NULL)
    return g_steal_pointer (&path);

  saved_errno = errno;
  {
    g_autofree char *display = lab_display_name (parent != NULL ? parent : g_get_tmp_dir ());

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "Cannot make a folder for the run in “%s”: %s", display,
                 g_strerror (saved_errno));
  }
  return NULL;
}

/* Removes @name in @parent_fd and all it holds; a link is removed, never
 * followed. 0 or an errno. */
static int
remove_tree_at (int         parent_fd,
                const char *name,
                guint       depth)
{
  DIR *dir;
  struct dirent *entry;
  int fd, saved_errno = 0;

  if (unlinkat (parent_fd, name, 0) == 0)
    return 0;
  if (errno == ENOENT)
    return 0;
  if (errno != EISDIR && errno != EPERM)
    return errno;
  if (depth >= MAX_DEPTH)
    return ELOOP;

  fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return errno;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      saved_errno = errno;
      close (fd);
      return saved_errno;
    }
  while ((errno = 0, entry = readdir (dir)) != NULL)
    {
      int failed;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      failed = remove_tree_at (dirfd (dir), entry->d_name, depth + 1);
      if (failed != 0 && saved_errno == 0)
        saved_errno = failed;   /* go on: remove what can be removed */
    }
  if (errno != 0 && saved_errno == 0)
    saved_errno = errno;
  closedir (dir);
  if (unlinkat (parent_fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT && saved_errno == 0)
    saved_errno = errno;
  return saved_errno;
}

static int
remove_run_folder (const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  int parent_fd, failed;

  parent_fd = g_open (parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (parent_fd < 0)
    return errno == ENOENT ? 0 : errno;
  failed = remove_tree_at (parent_fd, name, 0);
  g_close (parent_fd, NULL);
  return failed;
}

/**
 * lab_run_folder_remove:
 * @path: a folder made by lab_run_folder_create()
 *
 * Removes @path and everything in it, without following symbolic links.
 * A folder already gone is not an error. Refuses (with
 * %G_IO_ERROR_INVALID_ARGUMENT) a path whose name is not a run folder's.
 * When some entry cannot be removed, the others still are, and the error
 * names the first failure.
 *
 * Returns: %TRUE when @path is gone
 */
gboolean
lab_run_folder_remove (const char  *path,
                       GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  int failed;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_path_get_basename (path);
  display = lab_display_name (path);
  if (!lab_run_folder_parse_name (name, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Not removing “%s”: it is not a TaskLab run folder", display);
      return FALSE;
    }
  failed = remove_run_folder (path);
  if (failed != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (failed),
                   "Cannot remove the run folder “%s”: %s", display, g_strerror (failed));
      return FALSE;
    }
  return TRUE;
}

static gboolean
process_is_gone (GPid pid)
{
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

/**
 * lab_run_folder_remove_stale:
 * @parent: (nullable): where to look; %NULL for g_get_tmp_dir()
 *
 * Removes the run folders in @parent left by processes that are gone (see
 * the file's comment): named "tasklab-PID-XXXXXX", a real folder (not a
 * link), owned by this user, its PID not this process and no running
 * process. Call it once at start-up; failures are logged with g_debug()
 * and skipped.
 *
 * Returns: how many were removed
 */
guint
lab_run_folder_remove_stale (const char *parent)
{
  const char *folder = parent != NULL ? parent : g_get_tmp_dir ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint removed = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      GPid pid;
      int failed;

      if (!lab_run_folder_parse_name (name, &pid) || pid == (GPid) getpid ())
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
        continue;
      if (!process_is_gone (pid))
        continue;
      failed = remove_run_folder (path);
      if (failed == 0)
        removed++;
      else
        g_debug ("Could not remove the stale run folder %s: %s", path, g_strerror (failed));
    }
  return removed;
}
