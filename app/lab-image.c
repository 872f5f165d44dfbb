/* lab-image.c — LabImage and decoding with stb_image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <stb_image.h>

#include "lab-image.h"

G_DEFINE_BOXED_TYPE (LabImage, lab_image, lab_image_ref, lab_image_unref)
G_DEFINE_QUARK (lab-image-error-quark, lab_image_error)

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

LabImage *
lab_image_new (int width,
               int height)
{
  g_return_val_if_fail (width > 0 && width <= LAB_IMAGE_MAX_SIDE, NULL);
  g_return_val_if_fail (height > 0 && height <= LAB_IMAGE_MAX_SIDE, NULL);

  return lab_image_new_take (width, height, g_malloc0 ((gsize) width * 4 * (gsize) height));
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

/**
 * lab_image_load_bytes:
 *
 * Decodes PNG, JPEG, BMP, GIF (first frame), TGA, PSD or PNM data into RGBA.
 * The header is read first: an image over %LAB_IMAGE_MAX_SIDE on a side or
 * %LAB_IMAGE_MAX_PIXELS in all is refused without decoding it.
 */
LabImage *
lab_image_load_bytes (GBytes  *bytes,
                      GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int width, height, channels;
  stbi_uc *decoded;

  if (size == 0)
    {
      g_set_error_literal (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT, "The file is empty");
      return NULL;
    }
  if (size > G_MAXINT)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "The file is larger than %d bytes", G_MAXINT);
      return NULL;
    }
  if (!stbi_info_from_memory (data, (int) size, &width, &height, &channels))
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_UNSUPPORTED,
                   "Not an image TaskLab can read (%s); use PNG, JPEG, BMP, GIF, TGA, PSD or PNM",
                   stbi_failure_reason ());
      return NULL;
    }
  if (width <= 0 || height <= 0 ||
      width > LAB_IMAGE_MAX_SIDE || height > LAB_IMAGE_MAX_SIDE ||
      (gint64) width * height > LAB_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                   "The image is %d×%d; TaskLab opens images up to %d pixels a side and "
                   "%d megapixels in all",
                   width, height, LAB_IMAGE_MAX_SIDE, LAB_IMAGE_MAX_PIXELS / (1024 * 1024));
      return NULL;
    }

  decoded = stbi_load_from_memory (data, (int) size, &width, &height, &channels, 4);
  if (decoded == NULL)
    {
      g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
                   "The image is damaged and cannot be decoded (%s)", stbi_failure_reason ());
      return NULL;
    }

  /* stb allocates with malloc(), which g_free() releases */
  return lab_image_new_take (width, height, decoded);
}

/**
 * lab_image_load_file:
 *
 * Reads @path and decodes it with lab_image_load_bytes(); errors name the file.
 */
LabImage *
lab_image_load_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = g_filename_display_name (path);
  char *contents;
  gsize length;
  LabImage *image;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  bytes = g_bytes_new_take (contents, length);
  image = lab_image_load_bytes (bytes, &local_error);
  if (image == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Cannot open “%s”: ", display);
  return image;
}
