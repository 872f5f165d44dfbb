/* lab-image.h — an RGBA8 image in memory, shared by reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LAB_TYPE_IMAGE (lab_image_get_type ())

/* Pixels are RGBA, 8 bits per channel, straight (not premultiplied) alpha,
 * rows of @stride bytes. */
typedef struct
{
  /* immutable after creation */
  int     width;
  int     height;
  gsize   stride;
  guint8 *pixels;

  /* atomic */
  int     ref_count;
} LabImage;

#define LAB_IMAGE_ERROR (lab_image_error_quark ())

typedef enum
{
  LAB_IMAGE_ERROR_UNSUPPORTED,
  LAB_IMAGE_ERROR_CORRUPT,
  LAB_IMAGE_ERROR_TOO_LARGE,
} LabImageError;

/* Larger images are refused from their header, before any pixel is decoded. */
#define LAB_IMAGE_MAX_SIDE   16384
#define LAB_IMAGE_MAX_PIXELS (64 * 1024 * 1024)

GType     lab_image_get_type    (void) G_GNUC_CONST;
GQuark    lab_image_error_quark (void);
LabImage *lab_image_new         (int            width,
                                 int            height);
LabImage *lab_image_ref         (LabImage      *image);
void      lab_image_unref       (LabImage      *image);
LabImage *lab_image_load_bytes  (GBytes        *bytes,
                                 GError       **error);
LabImage *lab_image_load_file   (const char    *path,
                                 GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabImage, lab_image_unref)

G_END_DECLS
