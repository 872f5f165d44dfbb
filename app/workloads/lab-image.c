/* lab-image.c — LabImage, and decoding files with stb_image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading trusts nothing in the file. In order: the file's size (read no
 * more than LAB_IMAGE_MAX_FILE_SIZE, and only from a regular file), its
 * signature (one of the formats TaskLab accepts), its header's dimensions
 * (refused over the limits before anything is allocated: a small file that
 * claims 100000×100000 costs microseconds), its structure (complete, and for
 * PNG not expanding past its declared size: lab-image-check*.c), and only
 * then stb_image decodes it. Each refusal is a GError that says what was
 * wrong and, for limits, what the limit is.
 */
#define G_LOG_DOMAIN "Lab"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stb_image.h>

#include "lab-display-name.h"
#include "lab-image-private.h"

G_DEFINE_BOXED_TYPE (LabImage, lab_image, lab_image_ref, lab_image_unref)
G_DEFINE_QUARK (lab-image-error-quark, lab_image_error)

/**
 * _lab_image_try_alloc:
 *
 * Uninitialised memory for pixels, released with g_free(); on huge pages
 * where the kernel offers them, for large buffers (fewer TLB misses when a
 * blur walks down columns, touching a new page every row).
 *
 * Returns: (nullable): the memory, or %NULL when there is not enough
 */
gpointer
_lab_image_try_alloc (gsize size)
{
  gpointer memory = NULL;
  gsize alignment = size >= 8 * 1024 * 1024 ? 2 * 1024 * 1024 : 64;

  if (posix_memalign (&memory, alignment, MAX (size, 1)) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  if (alignment > 64)
    madvise (memory, size - size % alignment, MADV_HUGEPAGE);
#endif
  return memory;
}

static LabImage *
lab_image_new_take (int     width,
                    int     height,
                    guint8 *pixels)
{
  LabImage *image = g_new0 (LabImage, 1);

  image->ref_count = 1;
  image->width = width;
  image->height = height;
  image->stride = (gsize) width * 4;
  image->pixels = pixels;
  return image;
}

/**
 * lab_image_new:
 *
 * A transparent black image. Sizes are the caller's responsibility; for sizes
 * that come from outside, use lab_image_try_new().
 */
LabImage *
lab_image_new (int width,
               int height)
{
  g_return_val_if_fail (width > 0 && width <= LAB_IMAGE_MAX_SIDE, NULL);
  g_return_val_if_fail (height > 0 && height <= LAB_IMAGE_MAX_SIDE, NULL);

  return lab_image_new_take (width, height, g_malloc0 ((gsize) width * 4 * (gsize) height));
}

/**
 * lab_image_try_new:
 *
 * An image whose pixels are not initialised, for code that writes every
 * pixel; refused with %LAB_IMAGE_ERROR_TOO_LARGE over the limits or when
 * memory runs out.
 *
 * Returns: (transfer full) (nullable): the image
 */
LabImage *
lab_image_try_new (int      width,
                   int      height,
                   GError **error)
{
  guint8 *pixels;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if (width > LAB_IMAGE_MAX_SIDE || height > LAB_IMAGE_MAX_SIDE ||
      (gint64) width * height > LAB_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "A %d×%d image is over TaskLab's limits (%d pixels a side, %d megapixels)",
                   width, height, LAB_IMAGE_MAX_SIDE, LAB_IMAGE_MAX_PIXELS / (1024 * 1024));
      return NULL;
    }

  pixels = _lab_image_try_alloc ((gsize) width * 4 * (gsize) height);
  if (pixels == NULL)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "Not enough memory for a %d×%d image", width, height);
      return NULL;
    }
  return lab_image_new_take (width, height, pixels);
}

LabImage *
lab_image_ref (LabImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);

  g_atomic_int_inc (&image->ref_count);
  return image;
}

void
lab_image_unref (LabImage *image)
{
  g_return_if_fail (image != NULL);

  if (g_atomic_int_dec_and_test (&image->ref_count))
    {
      g_free (image->pixels);
      g_free (image);
    }
}

static gboolean
check_file_size (guint64   size,
                 GError  **error)
{
  if (size > LAB_IMAGE_MAX_FILE_SIZE)
    {
      g_autofree char *have = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "The file is %s; TaskLab opens files up to %d MiB", have,
                   LAB_IMAGE_MAX_FILE_SIZE >> 20);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_dimensions (guint64   width,
                  guint64   height,
                  GError  **error)
{
  if (width > LAB_IMAGE_MAX_SIDE || height > LAB_IMAGE_MAX_SIDE ||
      width * height > LAB_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "The image is %" G_GUINT64_FORMAT "×%" G_GUINT64_FORMAT "; TaskLab opens "
                   "images up to %d pixels a side and %d megapixels in all",
                   width, height, LAB_IMAGE_MAX_SIDE, LAB_IMAGE_MAX_PIXELS / (1024 * 1024));
      return FALSE;
    }
  return TRUE;
}

/**
 * lab_image_load_bytes:
 *
 * Decodes PNG, JPEG, BMP, GIF (first frame), TGA, PSD or PNM (binary P5/P6)
 * data into RGBA. The header is read first: an image over
 * %LAB_IMAGE_MAX_SIDE on a side or %LAB_IMAGE_MAX_PIXELS in all is refused
 * without decoding it; so is a truncated file, and a PNG whose compressed
 * data expands beyond its declared size.
 *
 * Returns: (transfer full) (nullable): the image
 */
LabImage *
lab_image_load_bytes (GBytes  *bytes,
                      GError **error)
{
  gsize size;
  const guint8 *data;
  int width, height, channels;
  guint64 declared_width, declared_height;
  LabImageFormat format;
  stbi_uc *decoded;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      g_set_error_literal (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT, "The file is empty");
      return NULL;
    }
  if (!check_file_size (size, error))
    return NULL;

  format = _lab_image_sniff_format (data, size);
  if (_lab_image_peek_size (format, data, size, &declared_width, &declared_height) &&
      !check_dimensions (declared_width, declared_height, error))
    return NULL;
  if (format == LAB_IMAGE_FORMAT_OTHER || format == LAB_IMAGE_FORMAT_UNKNOWN ||
      !stbi_info_from_memory (data, (int) size, &width, &height, &channels))
    {
      if (format == LAB_IMAGE_FORMAT_OTHER || format == LAB_IMAGE_FORMAT_UNKNOWN ||
          format == LAB_IMAGE_FORMAT_TGA)
        g_set_error_literal (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED,
                             "Not an image TaskLab can read; use PNG, JPEG, BMP, GIF, TGA, PSD "
                             "or PNM");
      else
        g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
                     "The %s file is damaged or truncated: its header cannot be read (%s)",
                     _lab_image_format_name (format), stbi_failure_reason ());
      return NULL;
    }

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
                   "The %s file is damaged: it claims to be %d×%d pixels",
                   _lab_image_format_name (format), width, height);
      return NULL;
    }
  if (!check_dimensions (width, height, error))
    return NULL;

  if (!_lab_image_check_complete (format, data, size, error))
    return NULL;

  {
    int decoded_width, decoded_height;

    decoded = stbi_load_from_memory (data, (int) size, &decoded_width, &decoded_height,
                                     &channels, 4);
    if (decoded == NULL)
      {
        g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
                     "The %s file is damaged and cannot be decoded (%s)",
                     _lab_image_format_name (format), stbi_failure_reason ());
        return NULL;
      }
    if (decoded_width != width || decoded_height != height)
      {
        stbi_image_free (decoded);
        g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
                     "The %s file is damaged: its header and its data disagree on its size",
                     _lab_image_format_name (format));
        return NULL;
      }
  }

  /* stb allocates with malloc(), which g_free() releases */
  return lab_image_new_take (width, height, decoded);
}

/* What a path names when it is not a regular file, for the message. */
static gboolean
refuse_not_regular (mode_t    mode,
                    GError  **error)
{
  const char *kind;

  if (S_ISREG (mode))
    return TRUE;
  if (S_ISDIR (mode))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                           "It is a folder, not an image file");
      return FALSE;
    }
  if (S_ISFIFO (mode))
    kind = "a named pipe (FIFO)";
  else if (S_ISCHR (mode))
    kind = "a character device";
  else if (S_ISBLK (mode))
    kind = "a block device";
  else if (S_ISSOCK (mode))
    kind = "a socket";
  else
    kind = "not a regular file";
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "It is %s, not an image file",
               kind);
  return FALSE;
}

static gboolean
fail_errno (int       saved_errno,
            GError  **error)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

/* Reads at most LAB_IMAGE_MAX_FILE_SIZE bytes of a regular file: never a
 * device, a FIFO or a file that keeps growing, and never blocks on one.
 * The path is looked at before it is opened (opening a device can have
 * effects of its own; opening a FIFO waits for a writer, forever), then
 * opened with O_NONBLOCK (the path may have changed in between: a FIFO
 * opens at once that way) and looked at again through the descriptor, and
 * only a regular file is read, in blocking mode again. */
static GBytes *
read_file (const char  *path,
           GError     **error)
{
  struct stat st;
  guint8 *contents;
  gsize length = 0;
  int fd, flags, saved_errno;

  if (g_stat (path, &st) == 0 && !refuse_not_regular (st.st_mode, error))
    return NULL;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      fail_errno (errno, error);
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      g_close (fd, NULL);
      fail_errno (saved_errno, error);
      return NULL;
    }
  if (!refuse_not_regular (st.st_mode, error) || !check_file_size (st.st_size, error))
    {
      g_close (fd, NULL);
      return NULL;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags < 0 || fcntl (fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    {
      saved_errno = errno;
      g_close (fd, NULL);
      fail_errno (saved_errno, error);
      return NULL;
    }

  contents = g_try_malloc (MAX (st.st_size, 1));
  if (contents == NULL)
    {
      g_close (fd, NULL);
      g_set_error_literal (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                           "Not enough memory to read the file");
      return NULL;
    }
  while (length < (gsize) st.st_size)
    {
      gssize n = read (fd, contents + length, st.st_size - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          g_free (contents);
          g_close (fd, NULL);
          fail_errno (saved_errno, error);
          return NULL;
        }
      if (n == 0)
        break;  /* the file shrank: decode what is there */
      length += n;
    }
  g_close (fd, NULL);
  return g_bytes_new_take (contents, length);
}

/**
 * lab_image_load_file:
 *
 * Reads @path and decodes it with lab_image_load_bytes(); errors begin with
 * “Cannot open “name”: ”, the name shown with lab_display_name(). Anything
 * but a regular file (a folder, a named pipe, a device, a socket) is
 * refused at once, with a message that says what it is; the call never
 * waits for a writer or a device. It reads and decodes on the calling
 * thread: call it off the UI thread for files of any size.
 *
 * Returns: (transfer full) (nullable): the image
 */
LabImage *
lab_image_load_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  LabImage *image = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = read_file (path, &local_error);
  if (bytes != NULL)
    image = lab_image_load_bytes (bytes, &local_error);
  if (image == NULL)
    {
      display = lab_display_name (path);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Cannot open “%s”: ",
                                  display);
    }
  return image;
}
