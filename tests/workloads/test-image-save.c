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
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
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

int
main (int   argc,
      char *argv[])
{
  /* the messages' “quotes” and “×” reach the log as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/image/save/lossless-round-trip", test_save_lossless_round_trip);
  g_test_add_func ("/app/image/save/jpeg", test_save_jpeg);
  g_test_add_func ("/app/image/save/unknown-extension", test_save_unknown_extension);
  g_test_add_func ("/app/image/save/replaces", test_save_replaces);
  g_test_add_func ("/app/image/save/bad-paths", test_save_bad_paths);
  g_test_add_func ("/app/image/save/no-permission", test_save_no_permission);
  g_test_add_func ("/app/image/save/write-failure", test_save_write_failure);
  g_test_add_func ("/app/image/save/full-disk", test_save_full_disk);

  return g_test_run ();
}
