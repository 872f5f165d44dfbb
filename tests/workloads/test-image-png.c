/* test-image-png.c — PNGs built chunk by chunk: a decompression bomb, a
 * huge image with almost no data, and chunks that fail their CRC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-image-load.h"

static guint32
crc32_of (const guint8 *data,
          gsize         length)
{
  guint32 crc = 0xFFFFFFFF;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1));
    }
  return ~crc;
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         length)
{
  GByteArray *crc_input = g_byte_array_new ();

  test_put32be (out, length);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  g_byte_array_append (crc_input, data, length);
  g_byte_array_append (out, crc_input->data, crc_input->len);
  test_put32be (out, crc32_of (crc_input->data, crc_input->len));
  g_byte_array_unref (crc_input);
}

/* A PNG of @width × @height RGBA8 whose IDAT inflates to @inflated zero bytes. */
static GBytes *
png_with_idat (guint32 width,
               guint32 height,
               gsize   inflated)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9));
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);
  guint8 *compressed = g_malloc (1 << 20);
  GByteArray *idat = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  gsize left = inflated;

  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;
  ihdr[9] = 6;

  for (;;)
    {
      gsize chunk = MIN (left, (gsize) 1 << 20), read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (compressor, zeros, chunk, compressed, 1 << 20,
                                    chunk == left ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &read, &written, NULL);
      g_assert_cmpint (result, !=, G_CONVERTER_ERROR);
      g_byte_array_append (idat, compressed, written);
      left -= read;
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  png_chunk (out, "IHDR", ihdr, 13);
  png_chunk (out, "IDAT", idat->data, idat->len);
  png_chunk (out, "IEND", NULL, 0);
  g_byte_array_unref (idat);
  g_free (compressed);
  return g_byte_array_free_to_bytes (out);
}

/* A 16×16 PNG whose data inflates to 64 MB (a decompression bomb) is refused
 * once the data passes what 16×16 needs, never decoded into memory. */
void
test_load_png_bomb (void)
{
  g_autoptr(GBytes) bomb = png_with_idat (16, 16, 64 << 20);
  g_autoptr(GBytes) honest = png_with_idat (16, 16, 16 * (1 + 16 * 4));
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;

  g_test_message ("bomb: %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (bomb));
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 256 * 1024);
  loaded = lab_image_load_bytes (bomb, &error);
  g_assert_null (loaded);
  assert_refused (error, LAB_IMAGE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "bomb"));
  g_clear_error (&error);

  /* the same construction with the right amount of data decodes */
  loaded = lab_image_load_bytes (honest, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->width, ==, 16);
}

/* A PNG that declares the largest allowed image but carries almost no data is
 * refused as truncated before anything of its declared size is allocated. */
void
test_load_png_short_data (void)
{
  g_autoptr(GBytes) bytes = png_with_idat (8192, 8192, 4096);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = lab_image_load_bytes (bytes, &error);

  g_assert_null (loaded);
  assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "truncated"));
}

/* A 2×2 palette PNG, with a tEXt chunk: IHDR, PLTE, tEXt, IDAT, IEND. */
static GBytes *
png_with_palette (void)
{
  static const guint8 ihdr[13] = { 0, 0, 0, 2, 0, 0, 0, 2, 8, 3, 0, 0, 0 };
  static const guint8 plte[6] = { 255, 0, 0, 0, 0, 255 };
  static const guint8 rows[6] = { 0, 0, 1, 0, 1, 0 };   /* filter byte, two indices */
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9));
  guint8 idat[256];
  gsize read = 0, written = 0;
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpint (g_converter_convert (compressor, rows, sizeof rows, idat, sizeof idat,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, NULL),
                   ==, G_CONVERTER_FINISHED);
  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  png_chunk (out, "PLTE", plte, sizeof plte);
  png_chunk (out, "tEXt", (const guint8 *) "Comment\0TaskLab", 15);
  png_chunk (out, "IDAT", idat, written);
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

/* Where the chunk of type @type ends (the offset of its CRC). */
static gsize
png_crc_offset (GBytes     *png,
                const char *type)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (png, &size);

  for (gsize at = 8; at + 12 <= size;)
    {
      guint32 length = (guint32) data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 |
                       data[at + 3];

      if (memcmp (data + at + 4, type, 4) == 0)
        return at + 8 + length;
      at += 12 + length;
    }
  g_assert_not_reached ();
}

static GBytes *
with_byte_flipped (GBytes *bytes,
                   gsize   at)
{
  gsize size = g_bytes_get_size (bytes);
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), size);

  g_assert_cmpuint (at, <, size);
  data[at] ^= 0x01;
  return g_bytes_new_take (data, size);
}

/* A PNG whose critical chunk (IHDR, PLTE, IDAT, IEND) fails its CRC, or
 * whose compressed data had a bit flipped, is refused as damaged; a bad CRC
 * on an ancillary chunk (tEXt), which no decoder needs, is not. */
void
test_load_png_crc (void)
{
  static const char *const critical[] = { "IHDR", "PLTE", "IDAT", "IEND" };
  g_autoptr(GBytes) good = png_with_palette ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = lab_image_load_bytes (good, &error);

  g_assert_no_error (error);
  g_assert_cmpint (loaded->width, ==, 2);
  g_assert_cmpmem (loaded->pixels, 4, "\xff\x00\x00\xff", 4);
  g_clear_pointer (&loaded, lab_image_unref);

  for (guint i = 0; i < G_N_ELEMENTS (critical); i++)
    {
      g_autoptr(GBytes) bad = with_byte_flipped (good, png_crc_offset (good, critical[i]) + 3);
      g_autofree char *expected = g_strdup_printf ("its %s chunk fails its CRC check",
                                                   critical[i]);

      loaded = lab_image_load_bytes (bad, &error);
      g_test_message ("%s: %s", critical[i], error != NULL ? error->message : "decoded");
      g_assert_null (loaded);
      assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, expected));
      g_clear_error (&error);
    }

  /* a bit of the compressed pixels (the last byte before the CRC is the
   * Adler-32 checksum's, which stb does not check either) */
  {
    g_autoptr(GBytes) bad = with_byte_flipped (good, png_crc_offset (good, "IDAT") - 1);

    loaded = lab_image_load_bytes (bad, &error);
    g_assert_null (loaded);
    assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
    g_clear_error (&error);
  }

  /* an ancillary chunk's CRC: skipped, as every decoder does */
  {
    g_autoptr(GBytes) bad = with_byte_flipped (good, png_crc_offset (good, "tEXt"));

    loaded = lab_image_load_bytes (bad, &error);
    g_assert_no_error (error);
    g_assert_nonnull (loaded);
    g_clear_pointer (&loaded, lab_image_unref);
  }
}
