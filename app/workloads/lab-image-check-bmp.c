/* lab-image-check-bmp.c — BMP: the rows the header declares are there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

gboolean
_lab_image_check_bmp (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  guint32 offset, header_size, compression = 0;
  gint64 width, height;
  guint bits;
  guint64 row_bytes, start;

  if (size < 18)
    return _lab_image_truncated (LAB_IMAGE_FORMAT_BMP, error);
  offset = _lab_image_le32 (data + 10);
  header_size = _lab_image_le32 (data + 14);
  if (header_size == 12)
    {
      if (size < 26)
        return _lab_image_truncated (LAB_IMAGE_FORMAT_BMP, error);
      width = _lab_image_le16 (data + 18);
      height = _lab_image_le16 (data + 20);
      bits = _lab_image_le16 (data + 24);
    }
  else
    {
      if (size < 34)
        return _lab_image_truncated (LAB_IMAGE_FORMAT_BMP, error);
      width = (gint32) _lab_image_le32 (data + 18);
      height = (gint32) _lab_image_le32 (data + 22);
      bits = _lab_image_le16 (data + 28);
      compression = _lab_image_le32 (data + 30);
    }

  /* stb refuses RLE and odd headers with its own message */
  if (width <= 0 || height == 0 || bits == 0 || bits > 32 ||
      (compression != 0 && compression != 3 && compression != 6))
    return TRUE;

  row_bytes = ((guint64) width * bits + 31) / 32 * 4;
  start = MAX ((guint64) offset, 14 + (guint64) header_size);
  if (start > size || _lab_image_mul (row_bytes, ABS (height)) > size - start)
    return _lab_image_truncated (LAB_IMAGE_FORMAT_BMP, error);
  return TRUE;
}
