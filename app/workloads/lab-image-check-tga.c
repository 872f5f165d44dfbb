/* lab-image-check-tga.c — TGA: the pixels, raw or run-length, are there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

gboolean
_lab_image_check_tga (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  LabImageReader r = { data, size, 18 };
  guint type, pixel_bytes;
  guint64 pixels, count = 0;

  if (size < 18)
    return _lab_image_truncated (LAB_IMAGE_FORMAT_TGA, error);
  type = data[2];
  pixel_bytes = (data[16] + 7u) / 8;
  pixels = (guint64) _lab_image_le16 (data + 12) * _lab_image_le16 (data + 14);
  if (pixel_bytes == 0 || pixels == 0)
    return TRUE;  /* stb's own error */

  if (!_lab_image_skip (&r, data[0]))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_TGA, error);
  if (data[1] == 1 &&
      !_lab_image_skip (&r, (guint64) _lab_image_le16 (data + 5) * ((data[7] + 7u) / 8)))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_TGA, error);

  if (type < 8)
    return _lab_image_has (&r, pixels * pixel_bytes)
           ? TRUE : _lab_image_truncated (LAB_IMAGE_FORMAT_TGA, error);

  /* run-length packets: a header byte, then one pixel (a run) or n pixels */
  while (count < pixels)
    {
      guint8 header;
      guint n;

      if (!_lab_image_has (&r, 1))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_TGA, error);
      header = data[r.pos++];
      n = (header & 0x7F) + 1u;
      if (!_lab_image_skip (&r, (header & 0x80) != 0 ? pixel_bytes : (guint64) n * pixel_bytes))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_TGA, error);
      count += n;
    }
  return TRUE;
}
