/* lab-image-check-gif.c — GIF: the first frame there whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

static gboolean
skip_sub_blocks (LabImageReader *r)
{
  for (;;)
    {
      guint8 length;

      if (!_lab_image_has (r, 1))
        return FALSE;
      length = r->data[r->pos++];
      if (length == 0)
        return TRUE;
      if (!_lab_image_skip (r, length))
        return FALSE;
    }
}

/* The first frame must be there whole: stb decodes only that one. */
gboolean
_lab_image_check_gif (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  LabImageReader r = { data, size, 6 };
  guint8 flags;

  if (!_lab_image_has (&r, 7))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);
  flags = data[r.pos + 4];
  r.pos += 7;
  if ((flags & 0x80) != 0 && !_lab_image_skip (&r, 3u << ((flags & 7) + 1)))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);

  for (;;)
    {
      guint8 block;

      if (!_lab_image_has (&r, 1))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);
      block = data[r.pos++];
      switch (block)
        {
        case 0x21:  /* extension: label, then sub-blocks */
          if (!_lab_image_skip (&r, 1) || !skip_sub_blocks (&r))
            return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);
          break;

        case 0x2C:  /* image: descriptor, local colours, code size, sub-blocks */
          if (!_lab_image_has (&r, 9))
            return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);
          flags = data[r.pos + 8];
          r.pos += 9;
          if ((flags & 0x80) != 0 && !_lab_image_skip (&r, 3u << ((flags & 7) + 1)))
            return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);
          if (!_lab_image_skip (&r, 1) || !skip_sub_blocks (&r))
            return _lab_image_truncated (LAB_IMAGE_FORMAT_GIF, error);
          return TRUE;

        case 0x3B:
          return _lab_image_damaged (LAB_IMAGE_FORMAT_GIF, "it holds no image", error);

        default:
          return _lab_image_damaged (LAB_IMAGE_FORMAT_GIF, "unknown block", error);
        }
    }
}
