/* lab-image-check-psd.c — PSD: the sections and the image data, raw or
 * RLE, are there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

gboolean
_lab_image_check_psd (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  LabImageReader r = { data, size, 26 };
  guint channels, depth;
  guint64 width, height, planes;

  if (size < 26)
    return _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
  channels = _lab_image_be16 (data + 12);
  height = _lab_image_be32 (data + 14);
  width = _lab_image_be32 (data + 18);
  depth = _lab_image_be16 (data + 22);
  if (channels == 0 || channels > 16 || (depth != 8 && depth != 16))
    return TRUE;  /* stb's own error */
  planes = MIN (channels, 4);

  /* colour mode data, image resources, layers and masks: each a length, then data */
  for (int i = 0; i < 3; i++)
    {
      if (!_lab_image_has (&r, 4))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
      r.pos += 4;
      if (!_lab_image_skip (&r, _lab_image_be32 (data + r.pos - 4)))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
    }
  if (!_lab_image_has (&r, 2))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
  r.pos += 2;

  if (_lab_image_be16 (data + r.pos - 2) == 0)
    return _lab_image_has (&r, _lab_image_mul (_lab_image_mul (width, height),
                                               planes * (depth / 8)))
           ? TRUE : _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
  if (_lab_image_be16 (data + r.pos - 2) == 1)
    {
      /* a table of compressed row lengths for every channel, then the rows */
      const guint8 *counts = data + r.pos;
      guint64 needed = 0;

      if (!_lab_image_skip (&r, _lab_image_mul (height, channels * 2)))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
      for (guint64 row = 0; row < planes * height; row++)
        needed += _lab_image_be16 (counts + row * 2);
      return _lab_image_has (&r, needed) ? TRUE
                                         : _lab_image_truncated (LAB_IMAGE_FORMAT_PSD, error);
    }
  return TRUE;  /* unknown compression: stb's own error */
}
