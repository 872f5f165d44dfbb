/* test-image-files.c — what the file system can hand the loader: missing
 * files, folders, devices, named pipes, sockets, files too large, and names
 * full of control characters; each refused at once, in one clean line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-image-load.h"

/* Files: missing, a folder, a device, too large; each named in the error. */
void
test_load_file_errors (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-test-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (folder, "missing.png", NULL);
  g_autofree char *large = g_build_filename (folder, "large.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;
  int fd;

  loaded = lab_image_load_file (missing, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.png"));
  g_clear_error (&error);

  loaded = lab_image_load_file (folder, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      loaded = lab_image_load_file ("/dev/zero", &error);
      g_assert_null (loaded);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_clear_error (&error);
    }

  /* a sparse file over the size limit: refused from its size, not read */
  fd = g_open (large, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 600 << 20), ==, 0);
  g_close (fd, NULL);
  loaded = lab_image_load_file (large, &error);
  g_assert_null (loaded);
  assert_refused (error, LAB_IMAGE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "large.png"));
  g_assert_nonnull (strstr (error->message, "600.0"));
  g_assert_nonnull (strstr (error->message, "512 MiB"));
  g_clear_error (&error);

  g_unlink (large);
  g_rmdir (folder);
}

typedef struct
{
  const char *path;
  GError     *error;
  LabImage   *image;
  int         done;   /* atomic */
} LoadJob;

static gpointer
load_on_thread (gpointer data)
{
  LoadJob *job = data;

  job->image = lab_image_load_file (job->path, &job->error);
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/* Loads @path on a thread and waits at most 10 s for it (a loader that
 * blocks must fail the test, not hang it). */
static GError *
load_expecting_refusal (const char *path)
{
  LoadJob job = { path, NULL, NULL, 0 };
  GThread *thread = g_thread_new ("load", load_on_thread, &job);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&job.done) && g_get_monotonic_time () < end)
    g_usleep (1000);
  if (!g_atomic_int_get (&job.done))
    {
      /* a writer unblocks an open() of a FIFO; then fail */
      int fd = g_open (path, O_WRONLY | O_NONBLOCK, 0);

      g_thread_join (thread);
      if (fd >= 0)
        g_close (fd, NULL);
      g_clear_pointer (&job.image, lab_image_unref);
      g_clear_error (&job.error);
      g_error ("loading %s did not return within 10 s", path);
    }
  g_thread_join (thread);
  g_assert_null (job.image);
  g_assert_nonnull (job.error);
  g_test_message ("%s", job.error->message);
  g_assert_null (strchr (job.error->message, '\n'));
  return job.error;
}

/* A named pipe, a folder, a character device and a socket are refused at
 * once (never opened blocking: a FIFO would wait for a writer forever),
 * each with a message of one line that says what it is. */
void
test_load_not_regular (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-test-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (folder, "pipe.png", NULL);
  g_autofree char *socket_path = g_build_filename (folder, "socket.png", NULL);
  g_autofree char *link = g_build_filename (folder, "link-to-pipe.png", NULL);
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int socket_fd;
  GError *error;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  error = load_expecting_refusal (fifo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "pipe.png"));
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_error_free (error);

  /* through a symbolic link, the same */
  g_assert_cmpint (symlink (fifo, link), ==, 0);
  error = load_expecting_refusal (link);
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_error_free (error);

  error = load_expecting_refusal (folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_error_free (error);

  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      error = load_expecting_refusal ("/dev/zero");
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_nonnull (strstr (error->message, "character device"));
      g_error_free (error);
    }

  socket_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (socket_fd, >=, 0);
  g_assert_cmpuint (strlen (socket_path), <, sizeof address.sun_path);
  strcpy (address.sun_path, socket_path);
  g_assert_cmpint (bind (socket_fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (socket_fd, 1), ==, 0);
  error = load_expecting_refusal (socket_path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "socket"));
  g_error_free (error);
  close (socket_fd);

  g_unlink (link);
  g_unlink (fifo);
  g_unlink (socket_path);
  g_rmdir (folder);
}

/* A file name with a newline, an escape sequence, a carriage return, a
 * right-to-left override and bytes that are not UTF-8 still gives a message
 * of one line, valid UTF-8, with those characters escaped. */
void
test_load_control_characters_in_name (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "a\nb\x1b[31mred\rc\xe2\x80\xaegnp.\xff.png",
                                            NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;

  g_assert_true (g_file_set_contents (path, "not an image at all, just some text", -1, NULL));
  loaded = lab_image_load_file (path, &error);
  g_assert_null (loaded);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_null (strstr (error->message, "\xe2\x80\xae"));
  g_assert_nonnull (strstr (error->message, "a\\nb\\x1B[31mred\\rc\\u{202E}gnp.\xef\xbf\xbd.png"));
  g_clear_error (&error);

  /* missing: the same name in the file-system error */
  g_unlink (path);
  loaded = lab_image_load_file (path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "a\\nb\\x1B[31mred"));
  g_assert_null (strchr (error->message, '\n'));
  g_rmdir (folder);
}
