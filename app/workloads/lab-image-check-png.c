/* lab-image-check-png.c — PNG: chunks whole, critical CRCs right, and
 * compressed data that inflates to no more than the header declares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

#include <string.h>

#include <gio/gio.h>

/* CRC-32 as PNG defines it (ISO 3309, reflected, polynomial 0xEDB88320),
 * a byte at a time from a table made on first use. */
static guint32
png_crc (const guint8 *data,
         gsize         length)
{
  static guint32 table[256];
  static gsize table_ready;
  guint32 crc = 0xFFFFFFFF;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFF;
}

/* The chunks a decoder cannot do without: a bit changed in one of them is
 * a damaged image, which stb would decode without a word (it never checks
 * a CRC). Ancillary chunks are skipped by stb anyway. A fuzzing build
 * accepts any CRC, as libpng's does, so that the fuzzer reaches the checks
 * that follow. */
static gboolean
png_critical_crc_ok (const guint8 *chunk,
                     guint32       length)
{
  static const char critical[][5] = { "IHDR", "PLTE", "IDAT", "IEND" };

  for (guint i = 0; i < G_N_ELEMENTS (critical); i++)
    if (memcmp (chunk + 4, critical[i], 4) == 0)
      {
        gboolean ok =
          png_crc (chunk + 4, 4 + (gsize) length) == _lab_image_be32 (chunk + 8 + length);

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
        ok = TRUE;
#endif
        return ok;
      }
  return TRUE;
}

/* Bytes of filtered scanlines an image of this size inflates to. */
static guint64
png_raw_size (guint32  width,
              guint32  height,
              guint    bits_per_pixel,
              gboolean interlaced)
{
  static const guint start_x[7] = { 0, 4, 0, 2, 0, 1, 0 };
  static const guint start_y[7] = { 0, 0, 4, 0, 2, 0, 1 };
  static const guint step_x[7] = { 8, 8, 4, 4, 2, 2, 1 };
  static const guint step_y[7] = { 8, 8, 8, 4, 4, 2, 2 };
  guint64 total = 0;

  if (!interlaced)
    return _lab_image_mul (height, 1 + ((guint64) width * bits_per_pixel + 7) / 8);

  for (int pass = 0; pass < 7; pass++)
    {
      guint64 w = width > start_x[pass]
                  ? (width - start_x[pass] + step_x[pass] - 1) / step_x[pass] : 0;
      guint64 h = height > start_y[pass]
                  ? (height - start_y[pass] + step_y[pass] - 1) / step_y[pass] : 0;

      if (w > 0 && h > 0)
        total += _lab_image_mul (h, 1 + (w * bits_per_pixel + 7) / 8);
    }
  return total;
}

typedef struct
{
  GConverter *inflater;
  guint8     *buffer;
  guint64     inflated;
  guint64     expected;  /* what the header's size needs */
  guint64     limit;     /* a little more: some encoders pad */
  gboolean    finished;
} PngStream;

static gboolean
png_inflate (PngStream     *stream,
             const guint8  *in,
             gsize          length,
             GError       **error)
{
  while (length > 0 && !stream->finished)
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;

      result = g_converter_convert (stream->inflater, in, length, stream->buffer, 65536,
                                    G_CONVERTER_NO_FLAGS, &bytes_read, &bytes_written,
                                    &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            return TRUE;
          return _lab_image_damaged (LAB_IMAGE_FORMAT_PNG, local_error->message, error);
        }
      in += bytes_read;
      length -= bytes_read;
      stream->inflated += bytes_written;
      if (stream->inflated > stream->limit)
        {
          g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                       "The PNG file's compressed data expands beyond the %" G_GUINT64_FORMAT
                       " bytes its header declares (a decompression bomb?); refused",
                       stream->limit);
          return FALSE;
        }
      if (result == G_CONVERTER_FINISHED)
        stream->finished = TRUE;
      else if (bytes_read == 0 && bytes_written == 0)
        return _lab_image_damaged (LAB_IMAGE_FORMAT_PNG, "the compressed data does not advance",
                                   error);
    }
  return TRUE;
}

gboolean
_lab_image_check_png (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  LabImageReader r = { data, size, 8 };
  PngStream stream = { 0 };
  gboolean raw_deflate = FALSE;
  gboolean ok = FALSE;

  for (;;)
    {
      const guint8 *chunk = data + r.pos;
      guint32 length;

      if (!_lab_image_has (&r, 12))
        {
          _lab_image_truncated (LAB_IMAGE_FORMAT_PNG, error);
          break;
        }
      length = _lab_image_be32 (chunk);
      if (length > G_MAXINT32)
        {
          _lab_image_damaged (LAB_IMAGE_FORMAT_PNG, "a chunk claims more than 2 GB", error);
          break;
        }
      if (!_lab_image_has (&r, 12 + (guint64) length))
        {
          _lab_image_truncated (LAB_IMAGE_FORMAT_PNG, error);
          break;
        }
      if (!png_critical_crc_ok (chunk, length))
        {
          g_autofree char *what = g_strdup_printf ("its %.4s chunk fails its CRC check",
                                                   (const char *) chunk + 4);

          _lab_image_damaged (LAB_IMAGE_FORMAT_PNG, what, error);
          break;
        }

      if (stream.inflater == NULL)
        {
          static const guint channels[7] = { 1, 0, 3, 1, 2, 0, 4 };
          guint32 width, height;
          guint depth, colour;

          /* Apple's CgBI comes first, then IHDR, and deflate without zlib header */
          if (memcmp (chunk + 4, "CgBI", 4) == 0 && !raw_deflate)
            {
              raw_deflate = TRUE;
              r.pos += 12 + length;
              continue;
            }
          if (memcmp (chunk + 4, "IHDR", 4) != 0 || length != 13)
            {
              _lab_image_damaged (LAB_IMAGE_FORMAT_PNG, "it does not begin with a header chunk",
                                  error);
              break;
            }
          width = _lab_image_be32 (chunk + 8);
          height = _lab_image_be32 (chunk + 12);
          depth = chunk[16];
          colour = chunk[17];
          if (colour > 6 || channels[colour] == 0 ||
              (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16))
            {
              _lab_image_damaged (LAB_IMAGE_FORMAT_PNG, "impossible colour type or bit depth",
                                  error);
              break;
            }
          stream.expected = png_raw_size (width, height, channels[colour] * depth, chunk[20] != 0);
          stream.limit = stream.expected + 1024 + stream.expected / 256;
          stream.inflater = G_CONVERTER (g_zlib_decompressor_new (raw_deflate
                                                                  ? G_ZLIB_COMPRESSOR_FORMAT_RAW
                                                                  : G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
          stream.buffer = g_malloc (65536);
        }
      else if (memcmp (chunk + 4, "IDAT", 4) == 0)
        {
          if (!png_inflate (&stream, chunk + 8, length, error))
            break;
        }
      else if (memcmp (chunk + 4, "IEND", 4) == 0)
        {
          /* stb would allocate the declared size before finding it short */
          if (!stream.finished || stream.inflated < stream.expected)
            _lab_image_truncated (LAB_IMAGE_FORMAT_PNG, error);
          else
            ok = TRUE;
          break;
        }
      r.pos += 12 + length;
    }

  g_clear_object (&stream.inflater);
  g_free (stream.buffer);
  return ok;
}
