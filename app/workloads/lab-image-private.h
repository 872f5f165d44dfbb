/* lab-image-private.h — what lab-image*.c share and nothing else needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-image.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_IMAGE_FORMAT_UNKNOWN,
  LAB_IMAGE_FORMAT_PNG,
  LAB_IMAGE_FORMAT_JPEG,
  LAB_IMAGE_FORMAT_GIF,
  LAB_IMAGE_FORMAT_BMP,
  LAB_IMAGE_FORMAT_PSD,
  LAB_IMAGE_FORMAT_PNM,
  LAB_IMAGE_FORMAT_TGA,
  LAB_IMAGE_FORMAT_OTHER,   /* a format stb reads that TaskLab does not accept */
} LabImageFormat;

gpointer        _lab_image_try_alloc      (gsize           size);
LabImageFormat  _lab_image_sniff_format   (const guint8   *data,
                                           gsize           size);
const char     *_lab_image_format_name    (LabImageFormat  format);
gboolean        _lab_image_peek_size      (LabImageFormat  format,
                                           const guint8   *data,
                                           gsize           size,
                                           guint64        *width,
                                           guint64        *height);
gboolean        _lab_image_check_complete (LabImageFormat  format,
                                           const guint8   *data,
                                           gsize           size,
                                           GError        **error);

G_END_DECLS
