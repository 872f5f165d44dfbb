/* test-image-util.h — small images in every format TaskLab reads, made in
 * memory, for the image tests and the fuzzer's seed corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests make their own inputs, good and hostile, rather than keep files:
 * PNG, BMP, TGA and JPEG through stb_image_write, and GIF, PSD and PNM with
 * the few lines each format needs.
 */
#pragma once

#include <string.h>

#include <gio/gio.h>
#include <stb/stb_image_write.h>

#include "lab-image.h"

/* An opaque image whose colours are all on a 6×6×6 cube, so that GIF keeps
 * them exactly. */
static inline LabImage *
test_image_new (int width,
                int height)
{
  LabImage *image = lab_image_new (width, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

        p[0] = 51 * ((x / 3) % 6);
        p[1] = 51 * ((y / 2) % 6);
        p[2] = 51 * ((x + y) % 6);
        p[3] = 255;
      }
  return image;
}

static inline void
test_append (void *context,
             void *data,
             int   size)
{
  g_byte_array_append (context, data, size);
}

/* "png", "bmp", "tga", "tga-rle" or "jpg" */
static inline GBytes *
test_encode_stb (const LabImage *image,
                 const char     *format)
{
  GByteArray *out = g_byte_array_new ();
  int ok;

  if (g_str_equal (format, "png"))
    ok = stbi_write_png_to_func (test_append, out, image->width, image->height, 4,
                                 image->pixels, (int) image->stride);
  else if (g_str_equal (format, "bmp"))
    ok = stbi_write_bmp_to_func (test_append, out, image->width, image->height, 4, image->pixels);
  else if (g_str_has_prefix (format, "tga"))
    {
      stbi_write_tga_with_rle = g_str_equal (format, "tga-rle");
      ok = stbi_write_tga_to_func (test_append, out, image->width, image->height, 4, image->pixels);
    }
  else
    ok = stbi_write_jpg_to_func (test_append, out, image->width, image->height, 4,
                                 image->pixels, 90);
  g_assert_true (ok);
  return g_byte_array_free_to_bytes (out);
}

static inline void
test_put16le (GByteArray *out,
              guint       v)
{
  guint8 b[2] = { v & 0xFF, v >> 8 };

  g_byte_array_append (out, b, 2);
}

static inline void
test_put16be (GByteArray *out,
              guint       v)
{
  guint8 b[2] = { v >> 8, v & 0xFF };

  g_byte_array_append (out, b, 2);
}

static inline void
test_put32be (GByteArray *out,
              guint32     v)
{
  test_put16be (out, v >> 16);
  test_put16be (out, v & 0xFFFF);
}

/* GIF89a, a 216-colour cube palette, LZW with 9-bit codes (a clear code
 * every 254 pixels keeps the code size from growing). */
static inline GBytes *
test_encode_gif (const LabImage *image)
{
  GByteArray *out = g_byte_array_new ();
  guint8 block[256];
  guint length = 0, bits = 0, since_clear = 0;
  guint32 accumulator = 0;

#define GIF_EMIT(code)                                                  \
  G_STMT_START {                                                        \
    accumulator |= (guint32) (code) << bits;                            \
    bits += 9;                                                          \
    while (bits >= 8)                                                   \
      {                                                                 \
        block[1 + length++] = accumulator & 0xFF;                       \
        accumulator >>= 8;                                              \
        bits -= 8;                                                      \
        if (length == 255)                                              \
          {                                                             \
            block[0] = 255;                                             \
            g_byte_array_append (out, block, 256);                      \
            length = 0;                                                 \
          }                                                             \
      }                                                                 \
  } G_STMT_END

  g_byte_array_append (out, (const guint8 *) "GIF89a", 6);
  test_put16le (out, image->width);
  test_put16le (out, image->height);
  g_byte_array_append (out, (const guint8 *) "\xF7\x00\x00", 3);
  for (int i = 0; i < 256; i++)
    {
      guint8 rgb[3] = { 51 * (i / 36 % 6), 51 * (i / 6 % 6), 51 * (i % 6) };

      g_byte_array_append (out, rgb, 3);
    }
  g_byte_array_append (out, (const guint8 *) "\x2C\0\0\0\0", 5);
  test_put16le (out, image->width);
  test_put16le (out, image->height);
  g_byte_array_append (out, (const guint8 *) "\x00\x08", 2);

  GIF_EMIT (256);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

        GIF_EMIT (36 * (p[0] / 51) + 6 * (p[1] / 51) + p[2] / 51);
        if (++since_clear == 254)
          {
            GIF_EMIT (256);
            since_clear = 0;
          }
      }
  GIF_EMIT (257);
  if (bits > 0)
    block[1 + length++] = accumulator & 0xFF;
  if (length > 0)
    {
      block[0] = length;
      g_byte_array_append (out, block, length + 1);
    }
  g_byte_array_append (out, (const guint8 *) "\x00\x3B", 2);
#undef GIF_EMIT
  return g_byte_array_free_to_bytes (out);
}

/* PSD, RGBA, 8 bits, raw or PackBits (as literal runs) */
static inline GBytes *
test_encode_psd (const LabImage *image,
                 gboolean        rle)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) "8BPS\0\1\0\0\0\0\0\0", 12);
  test_put16be (out, 4);
  test_put32be (out, image->height);
  test_put32be (out, image->width);
  test_put16be (out, 8);
  test_put16be (out, 3);
  test_put32be (out, 0);
  test_put32be (out, 0);
  test_put32be (out, 0);
  test_put16be (out, rle ? 1 : 0);

  if (rle)
    {
      /* literal runs of up to 128 bytes: a count byte n - 1, then n bytes */
      guint row_length = image->width + (image->width + 127) / 128;

      for (int c = 0; c < 4; c++)
        for (int y = 0; y < image->height; y++)
          test_put16be (out, row_length);
      for (int c = 0; c < 4; c++)
        for (int y = 0; y < image->height; y++)
          for (int x = 0; x < image->width; x += 128)
            {
              guint8 n = MIN (128, image->width - x);
              guint8 count = n - 1;

              g_byte_array_append (out, &count, 1);
              for (int i = 0; i < n; i++)
                g_byte_array_append (out, image->pixels + (gsize) y * image->stride +
                                          (gsize) (x + i) * 4 + c, 1);
            }
    }
  else
    {
      for (int c = 0; c < 4; c++)
        for (int y = 0; y < image->height; y++)
          for (int x = 0; x < image->width; x++)
            g_byte_array_append (out, image->pixels + (gsize) y * image->stride +
                                      (gsize) x * 4 + c, 1);
    }
  return g_byte_array_free_to_bytes (out);
}

/* binary PNM: P6 (colour) or P5 (the red channel as grey), with a comment */
static inline GBytes *
test_encode_pnm (const LabImage *image,
                 gboolean        grey)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree char *header = g_strdup_printf ("P%c\n# made by TaskLab's tests\n%d %d\n255\n",
                                             grey ? '5' : '6', image->width, image->height);

  g_byte_array_append (out, (const guint8 *) header, strlen (header));
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      g_byte_array_append (out, image->pixels + (gsize) y * image->stride + (gsize) x * 4,
                           grey ? 1 : 3);
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  const char *name;
  gboolean    lossless;   /* decodes to exactly the pixels encoded */
  gboolean    grey;       /* keeps only the red channel */
} TestFormat;

static const TestFormat test_formats[] = {
  { "png", TRUE, FALSE },
  { "jpg", FALSE, FALSE },
  { "bmp", TRUE, FALSE },
  { "gif", TRUE, FALSE },
  { "tga", TRUE, FALSE },
  { "tga-rle", TRUE, FALSE },
  { "psd", TRUE, FALSE },
  { "psd-rle", TRUE, FALSE },
  { "ppm", TRUE, FALSE },
  { "pgm", TRUE, TRUE },
};

static inline GBytes *
test_encode (const LabImage *image,
             const char     *format)
{
  if (g_str_equal (format, "gif"))
    return test_encode_gif (image);
  if (g_str_has_prefix (format, "psd"))
    return test_encode_psd (image, g_str_equal (format, "psd-rle"));
  if (g_str_equal (format, "ppm") || g_str_equal (format, "pgm"))
    return test_encode_pnm (image, g_str_equal (format, "pgm"));
  return test_encode_stb (image, format);
}
