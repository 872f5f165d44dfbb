/* lab-image-save.c — saving a LabImage with stb_image_write, atomically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is encoded into a temporary file beside the target (same folder,
 * so same file system), flushed to disk, and renamed over the target: a
 * rename either happens whole or not at all, so whatever goes wrong — no
 * space, no permission, the folder gone, a write error — the previous file
 * is still there, untouched, and the temporary file is removed. The error
 * says which step failed and why, in the words of the system.
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

#include "lab-image-private.h"

typedef enum
{
  SAVE_PNG,
  SAVE_JPEG,
  SAVE_BMP,
} SaveFormat;

/* stb's JPEG writer hands over one byte at a time: buffer. */
#define WRITE_BUFFER_SIZE 65536

typedef struct
{
  int     fd;
  int     saved_errno;  /* the first write error; later writes are skipped */
  gsize   used;
  guint8 *buffer;       /* WRITE_BUFFER_SIZE bytes */
} Writer;

static void
write_through (Writer       *writer,
               const guint8 *p,
               gsize         size)
{
  while (size > 0 && writer->saved_errno == 0)
    {
      gssize n = write (writer->fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        writer->saved_errno = errno;
      else if (n == 0)
        writer->saved_errno = EIO;
      else
        {
          p += n;
          size -= n;
        }
    }
}

static void
writer_flush (Writer *writer)
{
  write_through (writer, writer->buffer, writer->used);
  writer->used = 0;
}

/* the stbi_write_func */
static void
write_all (void *context,
           void *data,
           int   size)
{
  Writer *writer = context;

  if (size <= 0 || writer->saved_errno != 0)
    return;
  if (writer->used + size > WRITE_BUFFER_SIZE)
    writer_flush (writer);
  if (size >= WRITE_BUFFER_SIZE)
    write_through (writer, data, size);
  else
    {
      memcpy (writer->buffer + writer->used, data, size);
      writer->used += size;
    }
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
        Writer         *writer)
{
  g_autofree guint8 *copy = NULL;
  const guint8 *rows;

  switch (format)
    {
    case SAVE_PNG:
      return stbi_write_png_to_func (write_all, writer, image->width, image->height, 4,
                                     image->pixels, (int) image->stride) != 0;
    case SAVE_JPEG:
      copy = flatten_onto_white (image);
      return copy != NULL &&
             stbi_write_jpg_to_func (write_all, writer, image->width, image->height, 3, copy,
                                     jpeg_quality) != 0;
    case SAVE_BMP:
      rows = packed_rows (image, &copy);
      return rows != NULL &&
             stbi_write_bmp_to_func (write_all, writer, image->width, image->height, 4, rows) != 0;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
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

/**
 * lab_image_save:
 * @path: where to save; the extension picks the format: .png, .jpg or
 *   .jpeg, .bmp (any case)
 * @jpeg_quality: 1 to 100 for JPEG, or 0 for %LAB_IMAGE_DEFAULT_JPEG_QUALITY;
 *   ignored for the other formats
 *
 * Saves @image atomically: a temporary file in @path's folder, flushed, then
 * renamed over @path. On failure @path is as it was (absent, or the previous
 * file whole) and no temporary file is left. An existing file keeps its
 * permissions; a new one gets the usual ones (0666 less the umask). JPEG has
 * no alpha: transparent pixels are composited onto white.
 *
 * Returns: %TRUE when @path holds the new image
 */
gboolean
lab_image_save (const LabImage  *image,
                const char      *path,
                int              jpeg_quality,
                GError         **error)
{
  g_autofree char *display = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temporary = NULL;
  g_autofree guint8 *buffer = g_malloc (WRITE_BUFFER_SIZE);
  Writer writer = { -1, 0, 0, buffer };
  SaveFormat format;
  struct stat st;
  gboolean existed;
  int saved_errno;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (jpeg_quality >= 0 && jpeg_quality <= 100, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (!format_from_path (path, &format))
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED,
                   "Cannot save “%s”: TaskLab saves .png, .jpg (or .jpeg) and .bmp files",
                   display);
      return FALSE;
    }
  if (jpeg_quality == 0)
    jpeg_quality = LAB_IMAGE_DEFAULT_JPEG_QUALITY;

  existed = g_stat (path, &st) == 0;
  if (existed && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "Cannot save “%s”: it is a folder", display);
      return FALSE;
    }

  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  temporary = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  writer.fd = g_mkstemp_full (temporary, O_WRONLY | O_CLOEXEC, 0666);
  if (writer.fd < 0)
    {
      g_autofree char *folder_display = g_filename_display_name (folder);
      g_autofree char *step = g_strdup_printf ("cannot create a file in “%s”: ", folder_display);

      return fail_errno (error, errno, display, step);
    }
  if (existed)
    fchmod (writer.fd, st.st_mode & 07777);  /* best effort, as GLib does */

  if (encode (image, format, jpeg_quality, &writer))
    writer_flush (&writer);
  else
    {
      if (writer.saved_errno == 0)
        {
          g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                       "Cannot save “%s”: not enough memory to encode the image", display);
          goto failed;
        }
    }
  if (writer.saved_errno != 0)
    {
      fail_errno (error, writer.saved_errno, display, "");
      goto failed;
    }
  if (fsync (writer.fd) != 0)
    {
      fail_errno (error, errno, display, "");
      goto failed;
    }
  saved_errno = g_close (writer.fd, NULL) ? 0 : errno;
  writer.fd = -1;
  if (saved_errno != 0)
    {
      fail_errno (error, saved_errno, display, "");
      goto failed;
    }
  if (g_rename (temporary, path) != 0)
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
  if (writer.fd >= 0)
    g_close (writer.fd, NULL);
  g_unlink (temporary);
  return FALSE;
}
