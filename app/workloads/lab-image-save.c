/* lab-image-save.c — saving a LabImage with stb_image_write, atomically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The image is encoded in memory, then written into a temporary file beside
 * the target (same folder, so same file system), flushed to disk, and
 * renamed over the target: a rename either happens whole or not at all, so
 * whatever goes wrong — no space, no permission, the folder gone, a write
 * error, a cancellation — the previous file is still there, untouched, and
 * the temporary file is removed. Encoding first keeps the temporary file's
 * life as short as the write: a process killed while it encodes leaves
 * nothing behind. The error says which step failed and why, in the words
 * of the system.
 */
#define G_LOG_DOMAIN "Lab"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stb_image_write.h>

#include "lab-display-name.h"
#include "lab-image-private.h"

typedef enum
{
  SAVE_PNG,
  SAVE_JPEG,
  SAVE_BMP,
} SaveFormat;

/* The encoded file, in memory: it is complete before the temporary file
 * exists, so the file is only there for as long as writing takes. */
typedef struct
{
  guint8 *data;
  gsize   length;
  gsize   allocated;
  gboolean out_of_memory;   /* later writes are skipped */
} Encoded;

/* the stbi_write_func */
static void
append_encoded (void *context,
                void *data,
                int   size)
{
  Encoded *encoded = context;

  if (size <= 0 || encoded->out_of_memory)
    return;
  if ((gsize) size > encoded->allocated - encoded->length)
    {
      gsize wanted = MAX (encoded->length + size, MAX (encoded->allocated * 2, 65536));
      guint8 *grown = g_try_realloc (encoded->data, wanted);

      if (grown == NULL)
        {
          encoded->out_of_memory = TRUE;
          return;
        }
      encoded->data = grown;
      encoded->allocated = wanted;
    }
  memcpy (encoded->data + encoded->length, data, size);
  encoded->length += size;
}

static gboolean
format_from_path (const char  *path,
                  SaveFormat  *format)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *extension = dot != NULL ? g_ascii_strdown (dot + 1, -1) : NULL;

  if (g_strcmp0 (extension, "png") == 0)
    *format = SAVE_PNG;
  else if (g_strcmp0 (extension, "jpg") == 0 || g_strcmp0 (extension, "jpeg") == 0)
    *format = SAVE_JPEG;
  else if (g_strcmp0 (extension, "bmp") == 0)
    *format = SAVE_BMP;
  else
    return FALSE;
  return TRUE;
}

/* JPEG has no alpha: composite onto white, as image editors do on export. */
static guint8 *
flatten_onto_white (const LabImage *image)
{
  guint8 *rgb = g_try_malloc ((gsize) image->width * image->height * 3);

  if (rgb == NULL)
    return NULL;
  for (int y = 0; y < image->height; y++)
    {
      const guint8 *in = image->pixels + (gsize) y * image->stride;
      guint8 *out = rgb + (gsize) y * image->width * 3;

      for (int x = 0; x < image->width; x++)
        {
          guint alpha = in[x * 4 + 3];

          for (int c = 0; c < 3; c++)
            out[x * 3 + c] = (in[x * 4 + c] * alpha + 255 * (255 - alpha) + 127) / 255;
        }
    }
  return rgb;
}

/* Rows without padding, as the BMP writer wants them. */
static const guint8 *
packed_rows (const LabImage  *image,
             guint8         **copy)
{
  gsize row = (gsize) image->width * 4;

  *copy = NULL;
  if (image->stride == row)
    return image->pixels;
  *copy = g_try_malloc (row * image->height);
  if (*copy == NULL)
    return NULL;
  for (int y = 0; y < image->height; y++)
    memcpy (*copy + row * y, image->pixels + image->stride * y, row);
  return *copy;
}

static gboolean
encode (const LabImage *image,
        SaveFormat      format,
        int             jpeg_quality,
        Encoded        *writer)
{
  g_autofree guint8 *copy = NULL;
  const guint8 *rows;

  switch (format)
    {
    case SAVE_PNG:
      return stbi_write_png_to_func (append_encoded, writer, image->width, image->height, 4,
                                     image->pixels, (int) image->stride) != 0;
    case SAVE_JPEG:
      copy = flatten_onto_white (image);
      return copy != NULL &&
             stbi_write_jpg_to_func (append_encoded, writer, image->width, image->height, 3, copy,
                                     jpeg_quality) != 0;
    case SAVE_BMP:
      rows = packed_rows (image, &copy);
      return rows != NULL &&
             stbi_write_bmp_to_func (append_encoded, writer, image->width, image->height, 4,
                                     rows) != 0;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* Writes all of @data; 0 or the errno of the failure. The token is seen
 * between slices. */
#define WRITE_SLICE (1024 * 1024)

static int
write_encoded (int                    fd,
               const guint8          *data,
               gsize                  length,
               PoolCancellationToken *token,
               gboolean              *canceled)
{
  while (length > 0)
    {
      gssize n;

      if (pool_cancellation_token_is_cancellation_requested (token))
        {
          *canceled = TRUE;
          return 0;
        }
      n = write (fd, data, MIN (length, WRITE_SLICE));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      if (n == 0)
        return EIO;
      data += n;
      length -= n;
    }
  return 0;
}

/* The file @path names once its symbolic links are followed: saving
 * through a link replaces the file it points to (as editors do), not the
 * link. A dangling link names the file to create. %NULL with @error set
 * for a loop. */
static char *
follow_links (const char  *path,
              GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (int depth = 0; depth < 40; depth++)
    {
      g_autofree char *target = NULL;
      struct stat st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        return g_steal_pointer (&current);
      if (!g_path_is_absolute (target))
        {
          g_autofree char *folder = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (folder, target, NULL);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&target);
        }
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS, g_strerror (ELOOP));
  return NULL;
}

static gboolean
fail_errno (GError     **error,
            int          saved_errno,
            const char  *display,
            const char  *step)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Cannot save “%s”: %s%s", display, step, g_strerror (saved_errno));
  return FALSE;
}

/* Checks @path as a place to save: its extension, and that it (or the file
 * its links lead to) is not a folder. Sets *@format and *@target (the file
 * to replace). */
static gboolean
check_save_path (const char  *path,
                 SaveFormat  *format,
                 char       **target,
                 GError     **error)
{
  g_autofree char *display = lab_display_name (path);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *followed = NULL;
  struct stat st;

  if (!format_from_path (path, format))
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED,
                   "Cannot save “%s”: TaskLab saves .png, .jpg (or .jpeg) and .bmp files",
                   display);
      return FALSE;
    }
  followed = follow_links (path, &local_error);
  if (followed == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Cannot save “%s”: ",
                                  display);
      return FALSE;
    }
  if (g_stat (followed, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "Cannot save “%s”: it is a folder", display);
      return FALSE;
    }
  if (target != NULL)
    *target = g_steal_pointer (&followed);
  return TRUE;
}

/**
 * lab_image_check_save_path:
 * @path: where an image is to be saved
 *
 * Checks, before any work is done for it, that lab_image_save() can write
 * @path: its extension names a format TaskLab writes, and it is not a
 * folder (nor a link to one). It does not try to write.
 *
 * Returns: %TRUE when @path may be given to lab_image_save()
 */
gboolean
lab_image_check_save_path (const char  *path,
                           GError     **error)
{
  SaveFormat format;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*path == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           "Cannot save: no file name given");
      return FALSE;
    }
  return check_save_path (path, &format, NULL, error);
}

/**
 * lab_image_encode:
 * @file_name: a file name (or path) whose extension picks the format: .png,
 *   .jpg or .jpeg, .bmp (any case); nothing is read or written there
 * @jpeg_quality: 1 to 100 for JPEG, or 0 for %LAB_IMAGE_DEFAULT_JPEG_QUALITY;
 *   ignored for the other formats
 *
 * Encodes @image in memory, as lab_image_save() does before it writes: for
 * a caller that writes the bytes itself (asynchronously, say). JPEG has no
 * alpha: transparent pixels are composited onto white.
 *
 * Returns: (transfer full) (nullable): the encoded file
 */
GBytes *
lab_image_encode (const LabImage  *image,
                  const char      *file_name,
                  int              jpeg_quality,
                  GError         **error)
{
  g_autofree char *display = NULL;
  Encoded encoded = { 0 };
  SaveFormat format;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (jpeg_quality >= 0 && jpeg_quality <= 100, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = lab_display_name (file_name);
  if (!format_from_path (file_name, &format))
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED,
                   "Cannot encode “%s”: TaskLab writes .png, .jpg (or .jpeg) and .bmp files",
                   display);
      return NULL;
    }
  if (!encode (image, format, jpeg_quality != 0 ? jpeg_quality : LAB_IMAGE_DEFAULT_JPEG_QUALITY,
               &encoded) || encoded.out_of_memory)
    {
      g_free (encoded.data);
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "Cannot encode “%s”: not enough memory to encode the image", display);
      return NULL;
    }
  return g_bytes_new_take (encoded.data, encoded.length);
}

/**
 * lab_image_save:
 * @path: where to save; the extension picks the format: .png, .jpg or
 *   .jpeg, .bmp (any case)
 * @jpeg_quality: 1 to 100 for JPEG, or 0 for %LAB_IMAGE_DEFAULT_JPEG_QUALITY;
 *   ignored for the other formats
 *
 * lab_image_save_full() without a token.
 *
 * Returns: %TRUE when @path holds the new image
 */
gboolean
lab_image_save (const LabImage  *image,
                const char      *path,
                int              jpeg_quality,
                GError         **error)
{
  return lab_image_save_full (image, path, jpeg_quality, NULL, error);
}

/**
 * lab_image_save_full:
 * @path: where to save; the extension picks the format: .png, .jpg or
 *   .jpeg, .bmp (any case)
 * @jpeg_quality: 1 to 100 for JPEG, or 0 for %LAB_IMAGE_DEFAULT_JPEG_QUALITY;
 *   ignored for the other formats
 * @token: (nullable): seen before and after encoding, between slices of the
 *   write and before the rename; once seen, the temporary file is removed,
 *   @path is left as it was, and @error is the token's canceled error
 *
 * Saves @image atomically: it is encoded in memory first, then written to a
 * temporary file in the folder of the file it replaces, flushed, and renamed
 * over it. On failure (or cancellation) @path is as it was (absent, or the
 * previous file whole) and no temporary file is left; the temporary file
 * exists only while the encoded bytes are written. When @path is a symbolic
 * link, the file it leads to is replaced and the link kept, as editors do.
 * An existing file keeps its permissions; a new one gets the usual ones
 * (0666 less the umask). JPEG has no alpha: transparent pixels are
 * composited onto white. File names in messages go through
 * lab_display_name().
 *
 * Returns: %TRUE when @path holds the new image
 */
gboolean
lab_image_save_full (const LabImage         *image,
                     const char             *path,
                     int                     jpeg_quality,
                     PoolCancellationToken  *token,
                     GError                **error)
{
  g_autofree char *display = NULL;
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temporary = NULL;
  Encoded encoded = { 0 };
  SaveFormat format;
  struct stat st;
  gboolean existed, canceled = FALSE;
  int fd = -1, saved_errno;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (jpeg_quality >= 0 && jpeg_quality <= 100, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return FALSE;
  display = lab_display_name (path);
  if (!check_save_path (path, &format, &target, error))
    return FALSE;
  if (jpeg_quality == 0)
    jpeg_quality = LAB_IMAGE_DEFAULT_JPEG_QUALITY;

  if (!encode (image, format, jpeg_quality, &encoded) || encoded.out_of_memory)
    {
      g_free (encoded.data);
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "Cannot save “%s”: not enough memory to encode the image", display);
      return FALSE;
    }
  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    {
      g_free (encoded.data);
      return FALSE;
    }

  existed = g_stat (target, &st) == 0;
  folder = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  temporary = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (temporary, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      g_autofree char *folder_display = lab_display_name (folder);
      g_autofree char *step = g_strdup_printf ("cannot create a file in “%s”: ", folder_display);

      saved_errno = errno;
      g_free (encoded.data);
      return fail_errno (error, saved_errno, display, step);
    }
  if (existed)
    fchmod (fd, st.st_mode & 07777);  /* best effort, as GLib does */

  saved_errno = write_encoded (fd, encoded.data, encoded.length, token, &canceled);
  g_clear_pointer (&encoded.data, g_free);
  if (canceled)
    goto failed;
  if (saved_errno != 0)
    {
      fail_errno (error, saved_errno, display, "");
      goto failed;
    }
  if (fsync (fd) != 0)
    {
      fail_errno (error, errno, display, "");
      goto failed;
    }
  saved_errno = g_close (fd, NULL) ? 0 : errno;
  fd = -1;
  if (saved_errno != 0)
    {
      fail_errno (error, saved_errno, display, "");
      goto failed;
    }
  if (pool_cancellation_token_is_cancellation_requested (token))
    {
      canceled = TRUE;
      goto failed;
    }
  if (g_rename (temporary, target) != 0)
    {
      fail_errno (error, errno, display, "");
      goto failed;
    }

  /* make the rename itself durable; the new file is complete either way */
  {
    int dir_fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

    if (dir_fd >= 0)
      {
        fsync (dir_fd);
        g_close (dir_fd, NULL);
      }
  }
  return TRUE;

failed:
  if (fd >= 0)
    g_close (fd, NULL);
  g_unlink (temporary);
  if (canceled)
    pool_cancellation_token_set_canceled_error (token, error);
  return FALSE;
}
