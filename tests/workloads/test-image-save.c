/* test-image-save.c — saving images: formats, and the previous file kept
 * whole whenever saving fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Failures are real, not mocked: a folder that does not exist, a folder the
 * process may not write (dropping root when running as root), a full disk
 * (a 256 KiB tmpfs mounted in a private mount namespace, when the process
 * may mount; skipped otherwise), and a write failure injected by the kernel
 * (RLIMIT_FSIZE). The risky ones run in a subprocess.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-image-util.h"

/* A noisy image: compresses badly, so its PNG is large. */
static LabImage *
noise_image_new (int width,
                 int height)
{
  LabImage *image = lab_image_new (width, height);
  GRand *rand = g_rand_new_with_seed (width * 31 + height);

  for (gsize i = 0; i < image->stride * height; i++)
    image->pixels[i] = g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  return image;
}

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *folder = g_dir_make_tmp ("tasklab-save-XXXXXX", &error);

  g_assert_no_error (error);
  return folder;
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @folder, sorted, joined by spaces. */
static char *
list_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_same_image (const LabImage *a,
                   const LabImage *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  for (int y = 0; y < a->height; y++)
    g_assert_cmpmem (a->pixels + (gsize) y * a->stride, a->width * 4,
                     b->pixels + (gsize) y * b->stride, b->width * 4);
}

/* PNG and BMP keep every pixel, alpha included; the extension picks the
 * format, in any case. */
static void
test_save_lossless_round_trip (void)
{
  g_autofree char *folder = make_folder ();
  g_autoptr(LabImage) image = noise_image_new (41, 23);
  const char *names[] = { "out.png", "OUT.PNG", "out.bmp", "out.Bmp" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabImage) loaded = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (lab_image_save (image, path, 0, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_str_has_suffix (names[i] + 4, "png") || g_str_has_suffix (names[i] + 4, "PNG")
                     ? memcmp (contents, "\x89PNG", 4) == 0
                     : memcmp (contents, "BM", 2) == 0);
      loaded = lab_image_load_file (path, &error);
      g_assert_no_error (error);
      assert_same_image (image, loaded);
    }
  remove_folder (folder);
}

/* JPEG: close to the original, smaller at lower quality, and transparent
 * pixels come out white (JPEG has no alpha). */
static void
test_save_jpeg (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *high = g_build_filename (folder, "high.jpg", NULL);
  g_autofree char *low = g_build_filename (folder, "low.jpeg", NULL);
  g_autoptr(LabImage) image = test_image_new (64, 48);
  g_autoptr(LabImage) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf high_stat, low_stat;

  /* the left 8 columns transparent (black underneath) */
  for (int y = 0; y < image->height; y++)
    memset (image->pixels + (gsize) y * image->stride, 0, 8 * 4);

  g_assert_true (lab_image_save (image, high, 95, &error));
  g_assert_true (lab_image_save (image, low, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (high, &high_stat), ==, 0);
  g_assert_cmpint (g_stat (low, &low_stat), ==, 0);
  g_assert_cmpint (low_stat.st_size, <, high_stat.st_size);

  loaded = lab_image_load_file (high, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->width, ==, 64);
  /* a transparent pixel, well inside the transparent band */
  g_assert_cmpuint (loaded->pixels[10 * loaded->stride + 2 * 4 + 0], >=, 240);
  g_assert_cmpuint (loaded->pixels[10 * loaded->stride + 2 * 4 + 3], ==, 255);
  remove_folder (folder);
}

/* Encoding in memory gives the bytes a save would write; an unknown extension is refused. */
static void
test_save_encode (void)
{
  g_autoptr(LabImage) image = test_image_new (64, 48);
  g_autoptr(LabImage) loaded = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;

  png = lab_image_encode (image, "out.png", 0, &error);
  g_assert_no_error (error);
  loaded = lab_image_load_bytes (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->width, ==, 64);
  g_assert_cmpint (loaded->height, ==, 48);
  g_assert_cmpmem (loaded->pixels, 64 * 4, image->pixels, 64 * 4);

  jpeg = lab_image_encode (image, "/some/folder/out.JPG", 90, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (jpeg), >, 2);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (jpeg, NULL))[0], ==, 0xFF);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (jpeg, NULL))[1], ==, 0xD8);

  none = lab_image_encode (image, "out.tiff", 0, &error);
  g_assert_null (none);
  g_assert_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED);
}

/* An unknown extension is refused and creates nothing. */
static void
test_save_unknown_extension (void)
{
  g_autofree char *folder = make_folder ();
  g_autoptr(LabImage) image = test_image_new (4, 4);
  const char *names[] = { "out.tif", "out", "png" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *listing = NULL;

      g_assert_false (lab_image_save (image, path, 0, &error));
      g_assert_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, ".png"));
      listing = list_folder (folder);
      g_assert_cmpstr (listing, ==, "");
    }
  remove_folder (folder);
}

/* Saving over a file replaces it whole, keeps its permissions, and leaves no
 * temporary file behind. */
static void
test_save_replaces (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "picture.png", NULL);
  g_autoptr(LabImage) first = test_image_new (30, 20);
  g_autoptr(LabImage) second = noise_image_new (50, 40);
  g_autoptr(LabImage) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  GStatBuf st;

  g_assert_true (lab_image_save (first, path, 0, &error));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (lab_image_save (second, path, 0, &error));
  g_assert_no_error (error);

  loaded = lab_image_load_file (path, &error);
  g_assert_no_error (error);
  assert_same_image (second, loaded);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "picture.png");
  remove_folder (folder);
}

/* A folder that does not exist, and a path that is a folder: clear errors. */
static void
test_save_bad_paths (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *gone = g_build_filename (folder, "gone", "out.png", NULL);
  g_autofree char *is_folder = g_build_filename (folder, "folder.png", NULL);
  g_autoptr(LabImage) image = test_image_new (4, 4);
  g_autoptr(GError) error = NULL;

  g_assert_false (lab_image_save (image, gone, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "out.png"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (is_folder, 0755), ==, 0);
  g_assert_false (lab_image_save (image, is_folder, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_rmdir (is_folder);
  remove_folder (folder);
}

/* In a subprocess: @old saved at @path, then saving @image there fails with
 * @expected_errno, and the old file is untouched with nothing left beside. */
static void
assert_save_fails_keeping_old (const char *path,
                               LabImage   *old,
                               LabImage   *image,
                               int         expected_errno)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *listing = NULL;
  g_autoptr(LabImage) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (lab_image_save (image, path, 0, &error));
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_nonnull (strstr (error->message, g_strerror (expected_errno)));
  g_assert_nonnull (strstr (error->message, base));
  g_clear_error (&error);

  loaded = lab_image_load_file (path, &error);
  g_assert_no_error (error);
  assert_same_image (old, loaded);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, base);
}

/* A folder the process may not write: permission denied, old file kept. */
static void
test_save_no_permission (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LabImage) old = test_image_new (8, 8);

  if (g_test_subprocess ())
    {
      g_autoptr(LabImage) image = noise_image_new (16, 16);

      path = g_strdup (g_getenv ("TASKLAB_TEST_PATH"));
      if (geteuid () == 0)
        {
          /* root writes anywhere: become nobody */
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      assert_save_fails_keeping_old (path, old, image, EACCES);
      return;
    }

  folder = make_folder ();
  path = g_build_filename (folder, "kept.png", NULL);
  g_assert_true (lab_image_save (old, path, 0, NULL));
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  g_setenv ("TASKLAB_TEST_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  remove_folder (folder);
  g_test_trap_assert_passed ();
}

/* The kernel refuses to let the file grow past 64 KiB (RLIMIT_FSIZE): a write
 * fails halfway, the old file is kept. */
static void
test_save_write_failure (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LabImage) old = test_image_new (8, 8);

  if (g_test_subprocess ())
    {
      g_autoptr(LabImage) image = noise_image_new (300, 300);
      struct rlimit limit = { 64 * 1024, 64 * 1024 };

      path = g_strdup (g_getenv ("TASKLAB_TEST_PATH"));
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      assert_save_fails_keeping_old (path, old, image, EFBIG);
      return;
    }

  folder = make_folder ();
  path = g_build_filename (folder, "kept.png", NULL);
  g_assert_true (lab_image_save (old, path, 0, NULL));
  g_setenv ("TASKLAB_TEST_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  remove_folder (folder);
  g_test_trap_assert_passed ();
}

/* In a private mount namespace, a 256 KiB tmpfs over @folder. */
static gboolean
mount_small_tmpfs (const char *folder)
{
  return unshare (CLONE_NEWNS) == 0 &&
         mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
         mount ("tmpfs", folder, "tmpfs", 0, "size=256k") == 0;
}

/* A full disk (a small tmpfs): no space left, old file kept. Skipped where
 * the process may not mount. */
static void
test_save_full_disk (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LabImage) old = test_image_new (8, 8);
  int status;
  pid_t pid;

  if (g_test_subprocess ())
    {
      g_autoptr(LabImage) image = noise_image_new (400, 400);

      folder = g_strdup (g_getenv ("TASKLAB_TEST_FOLDER"));
      path = g_build_filename (folder, "kept.png", NULL);
      g_assert_true (mount_small_tmpfs (folder));
      g_assert_true (lab_image_save (old, path, 0, NULL));
      assert_save_fails_keeping_old (path, old, image, ENOSPC);
      return;
    }

  folder = make_folder ();
  /* can this process mount at all? ask a throwaway child */
  pid = fork ();
  if (pid == 0)
    _exit (mount_small_tmpfs (folder) ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      remove_folder (folder);
      g_test_skip ("cannot mount a tmpfs here (needs CAP_SYS_ADMIN); "
                   "/app/image/save/write-failure covers a failing write");
      return;
    }

  g_setenv ("TASKLAB_TEST_FOLDER", folder, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  remove_folder (folder);
  g_test_trap_assert_passed ();
}

/* Saving through a symbolic link (relative, absolute, a chain of two)
 * replaces the file the links lead to and keeps the links; a dangling link
 * makes the file it names. */
static void
test_save_through_symlink (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *target = g_build_filename (folder, "target.png", NULL);
  g_autofree char *link = g_build_filename (folder, "link.png", NULL);
  g_autofree char *chain = g_build_filename (folder, "chain.png", NULL);
  g_autofree char *dangling = g_build_filename (folder, "dangling.png", NULL);
  g_autofree char *created = g_build_filename (folder, "created.png", NULL);
  g_autoptr(LabImage) first = test_image_new (30, 20);
  g_autoptr(LabImage) second = noise_image_new (50, 40);
  g_autoptr(LabImage) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  GStatBuf st;

  g_assert_true (lab_image_save (first, target, 0, &error));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("target.png", link), ==, 0);
  g_assert_cmpint (symlink (link, chain), ==, 0);
  g_assert_cmpint (symlink ("created.png", dangling), ==, 0);

  g_assert_true (lab_image_save (second, chain, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (chain, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (target, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  loaded = lab_image_load_file (target, &error);
  g_assert_no_error (error);
  assert_same_image (second, loaded);
  g_clear_pointer (&loaded, lab_image_unref);

  g_assert_true (lab_image_save (first, dangling, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  loaded = lab_image_load_file (created, &error);
  g_assert_no_error (error);
  assert_same_image (first, loaded);

  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "chain.png created.png dangling.png link.png target.png");
  remove_folder (folder);
}

/* Links that loop are an error of one line, and nothing is written. */
static void
test_save_symlink_loop (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *a = g_build_filename (folder, "a.png", NULL);
  g_autofree char *b = g_build_filename (folder, "b.png", NULL);
  g_autoptr(LabImage) image = test_image_new (4, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (symlink ("b.png", a), ==, 0);
  g_assert_cmpint (symlink ("a.png", b), ==, 0);
  g_assert_false (lab_image_save (image, a, 0, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_nonnull (strstr (error->message, "a.png"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
  g_assert_false (lab_image_check_save_path (a, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "a.png b.png");
  remove_folder (folder);
}

/* lab_image_check_save_path() says before any work whether a path can be
 * saved to: the extension, and not a folder (nor a link to one). */
static void
test_save_check_path (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *is_folder = g_build_filename (folder, "folder.png", NULL);
  g_autofree char *to_folder = g_build_filename (folder, "to-folder.png", NULL);
  g_autofree char *fine = g_build_filename (folder, "new.JPEG", NULL);
  g_autofree char *gif = g_build_filename (folder, "new.gif", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_image_check_save_path (fine, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fine, G_FILE_TEST_EXISTS));

  g_assert_false (lab_image_check_save_path (gif, &error));
  g_assert_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, ".png, .jpg"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (is_folder, 0755), ==, 0);
  g_assert_cmpint (symlink ("folder.png", to_folder), ==, 0);
  g_assert_false (lab_image_check_save_path (is_folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);
  g_assert_false (lab_image_check_save_path (to_folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  g_assert_false (lab_image_check_save_path ("", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);

  g_rmdir (is_folder);
  remove_folder (folder);
}

/* Control characters in the path stay escaped in every message of the
 * save: one line. */
static void
test_save_control_characters (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *unsupported = g_build_filename (folder, "a\nb.gif", NULL);
  g_autofree char *gone = g_build_filename (folder, "gone\x1b[1m", "out\r.png", NULL);
  g_autoptr(LabImage) image = test_image_new (4, 4);
  g_autoptr(GError) error = NULL;

  g_assert_false (lab_image_save (image, unsupported, 0, &error));
  g_test_message ("%s", error->message);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, "a\\nb.gif"));
  g_clear_error (&error);

  g_assert_false (lab_image_save (image, gone, 0, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_nonnull (strstr (error->message, "gone\\x1B[1m/out\\r.png"));
  remove_folder (folder);
}

/* A token cancelled before the save: nothing is written, the token's
 * error. */
static void
test_save_canceled_before (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "never.png", NULL);
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  PoolCancellationToken *token = pool_cancellation_token_source_get_token (source);
  g_autoptr(LabImage) image = test_image_new (4, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  pool_cancellation_token_source_cancel (source);
  g_assert_false (lab_image_save_full (image, path, 0, token, &error));
  g_assert_error (error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (token));
  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "");
  remove_folder (folder);
}

typedef struct
{
  const char                  *folder;
  PoolCancellationTokenSource *source;
  int                          stop;   /* atomic */
  gboolean                     saw_temporary;
} Canceller;

/* Cancels as soon as a temporary file shows in the folder. */
static gpointer
cancel_when_temporary_appears (gpointer data)
{
  Canceller *canceller = data;

  while (!g_atomic_int_get (&canceller->stop))
    {
      g_autofree char *listing = list_folder (canceller->folder);

      if (strstr (listing, ".big.bmp.") != NULL)
        {
          pool_cancellation_token_source_cancel (canceller->source);
          canceller->saw_temporary = TRUE;
          break;
        }
      g_thread_yield ();
    }
  return NULL;
}

/* A token cancelled while the encoded image is written: the temporary file
 * is removed and the old file kept. (When the write wins the race, the new
 * file is whole: either way nothing is left beside it.) */
static void
test_save_canceled_while_writing (void)
{
  g_autofree char *folder = make_folder ();
  g_autofree char *path = g_build_filename (folder, "big.bmp", NULL);
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autoptr(LabImage) old = test_image_new (8, 8);
  g_autoptr(LabImage) image = noise_image_new (3000, 3000);
  g_autoptr(LabImage) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  Canceller canceller = { folder, source, 0, FALSE };
  GThread *thread;
  gboolean saved;

  g_assert_true (lab_image_save (old, path, 0, &error));
  thread = g_thread_new ("canceller", cancel_when_temporary_appears, &canceller);
  saved = lab_image_save_full (image, path, 0, pool_cancellation_token_source_get_token (source),
                               &error);
  g_atomic_int_set (&canceller.stop, 1);
  g_thread_join (thread);
  g_test_message ("temporary file %s; save %s", canceller.saw_temporary ? "seen" : "not seen",
                  saved ? "completed" : "canceled");

  listing = list_folder (folder);
  g_assert_cmpstr (listing, ==, "big.bmp");
  loaded = lab_image_load_file (path, NULL);
  if (saved)
    assert_same_image (image, loaded);
  else
    {
      g_assert_error (error, POOL_CANCELED_ERROR, (int) pool_cancellation_token_get_id (
                        pool_cancellation_token_source_get_token (source)));
      assert_same_image (old, loaded);
    }
  remove_folder (folder);
}

int
main (int   argc,
      char *argv[])
{
  /* the messages' “quotes” and “×” reach the log as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/image/save/lossless-round-trip", test_save_lossless_round_trip);
  g_test_add_func ("/app/image/save/jpeg", test_save_jpeg);
  g_test_add_func ("/app/image/save/encode", test_save_encode);
  g_test_add_func ("/app/image/save/unknown-extension", test_save_unknown_extension);
  g_test_add_func ("/app/image/save/replaces", test_save_replaces);
  g_test_add_func ("/app/image/save/bad-paths", test_save_bad_paths);
  g_test_add_func ("/app/image/save/no-permission", test_save_no_permission);
  g_test_add_func ("/app/image/save/write-failure", test_save_write_failure);
  g_test_add_func ("/app/image/save/full-disk", test_save_full_disk);
  g_test_add_func ("/app/image/save/through-symlink", test_save_through_symlink);
  g_test_add_func ("/app/image/save/symlink-loop", test_save_symlink_loop);
  g_test_add_func ("/app/image/save/check-path", test_save_check_path);
  g_test_add_func ("/app/image/save/control-characters", test_save_control_characters);
  g_test_add_func ("/app/image/save/canceled/before", test_save_canceled_before);
  g_test_add_func ("/app/image/save/canceled/while-writing", test_save_canceled_while_writing);

  return g_test_run ();
}
