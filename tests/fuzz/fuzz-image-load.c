/* fuzz-image-load.c — libFuzzer target: lab_image_load_bytes() on anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loader is the first code to see a hostile file. Whatever the bytes,
 * it must return an image within the limits whose every pixel can be read,
 * or a LabImageError; never crash, read out of bounds or leak (ASan and
 * UBSan watch). Seeds: small images in every format (make-image-corpus.c).
 */
#include <stdint.h>
#include <stdlib.h>

#include "lab-image.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) image = lab_image_load_bytes (bytes, &error);

  if (image != NULL)
    {
      guint sum = 0;

      if (error != NULL || image->width <= 0 || image->height <= 0 ||
          image->width > LAB_IMAGE_MAX_SIDE || image->height > LAB_IMAGE_MAX_SIDE ||
          (gint64) image->width * image->height > LAB_IMAGE_MAX_PIXELS)
        abort ();
      /* every byte of every row exists */
      for (int y = 0; y < image->height; y++)
        sum += image->pixels[(gsize) y * image->stride + (gsize) image->width * 4 - 1];
      (void) sum;
    }
  else if (error == NULL || error->domain != LAB_IMAGE_ERROR || error->message == NULL)
    abort ();
  return 0;
}
