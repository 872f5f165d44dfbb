/* lab-image.h — an RGBA8 image in memory, shared by reference; loading
 * and saving it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include <pool.h>

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

/**
 * LabImageError:
 * @LAB_IMAGE_ERROR_UNSUPPORTED: not an image, or a format TaskLab does not
 *   read or write
 * @LAB_IMAGE_ERROR_CORRUPT: empty, truncated or damaged
 * @LAB_IMAGE_ERROR_TOO_LARGE: over one of the limits below, or more than
 *   memory allows
 *
 * Loading and saving report these; failures of the file system (no such
 * file, no permission, no space) come in the %G_IO_ERROR domain.
 */
typedef enum
{
  LAB_IMAGE_ERROR_UNSUPPORTED,
  LAB_IMAGE_ERROR_CORRUPT,
  LAB_IMAGE_ERROR_TOO_LARGE,
} LabImageError;

/* Larger images are refused from their header, before any pixel is decoded
 * or any memory is set aside for them. */
#define LAB_IMAGE_MAX_SIDE      16384
#define LAB_IMAGE_MAX_PIXELS    (64 * 1024 * 1024)
#define LAB_IMAGE_MAX_FILE_SIZE (512 * 1024 * 1024)

/* JPEG quality when the caller passes 0. */
#define LAB_IMAGE_DEFAULT_JPEG_QUALITY 90

GType     lab_image_get_type    (void) G_GNUC_CONST;
GQuark    lab_image_error_quark (void);
LabImage *lab_image_new         (int             width,
                                 int             height);
LabImage *lab_image_try_new     (int             width,
                                 int             height,
                                 GError        **error);
LabImage *lab_image_ref         (LabImage       *image);
void      lab_image_unref       (LabImage       *image);
LabImage *lab_image_load_bytes  (GBytes         *bytes,
                                 GError        **error);
LabImage *lab_image_load_file   (const char     *path,
                                 GError        **error);
gboolean  lab_image_save        (const LabImage *image,
                                 const char     *path,
                                 int             jpeg_quality,
                                 GError        **error);
gboolean  lab_image_save_full   (const LabImage         *image,
                                 const char             *path,
                                 int                     jpeg_quality,
                                 PoolCancellationToken  *token,
                                 GError                **error);
GBytes   *lab_image_encode      (const LabImage *image,
                                 const char     *file_name,
                                 int             jpeg_quality,
                                 GError        **error);
gboolean  lab_image_check_save_path
                                (const char     *path,
                                 GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabImage, lab_image_unref)

G_END_DECLS
