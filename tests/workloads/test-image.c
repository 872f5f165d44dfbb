/* test-image.c — loading images: every format, and every way a file can be
 * bad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hostile inputs are made here, from good files: cut short, bytes changed,
 * headers that claim huge sizes, a PNG whose data expands without end.
 * Each must give a clear LabImageError and leave the process running; the
 * suite also runs under AddressSanitizer (tests/quickstart.sh).
 */
#include <locale.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-image-util.h"

static void
assert_same_pixels (const LabImage *a,
                    const LabImage *b,
                    gboolean        grey)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  for (int y = 0; y < a->height; y++)
    for (int x = 0; x < a->width; x++)
      {
        const guint8 *p = a->pixels + (gsize) y * a->stride + (gsize) x * 4;
        const guint8 *q = b->pixels + (gsize) y * b->stride + (gsize) x * 4;

        if (grey)
          {
            g_assert_cmpuint (q[0], ==, p[0]);
            g_assert_cmpuint (q[1], ==, p[0]);
            g_assert_cmpuint (q[2], ==, p[0]);
          }
        else
          g_assert_cmpmem (p, 4, q, 4);
      }
}

/* A refusal is a LabImageError with a message of one line. */
static void
assert_refused (GError *error,
                int     code)
{
  g_assert_error (error, LAB_IMAGE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_null (strchr (error->message, '\n'));
}

/* Each format decodes to the pixels it was given (JPEG to nearly them). */
static void
test_load_formats (void)
{
  g_autoptr(LabImage) image = test_image_new (67, 41);

  for (guint i = 0; i < G_N_ELEMENTS (test_formats); i++)
    {
      g_autoptr(GBytes) bytes = test_encode (image, test_formats[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(LabImage) loaded = lab_image_load_bytes (bytes, &error);

      g_test_message ("%s", test_formats[i].name);
      g_assert_no_error (error);
      g_assert_cmpint (loaded->width, ==, 67);
      g_assert_cmpint (loaded->height, ==, 41);
      g_assert_cmpuint (loaded->stride, ==, 67 * 4);
      if (test_formats[i].lossless)
        assert_same_pixels (image, loaded, test_formats[i].grey);
      else
        {
          glong differences = 0;

          for (gsize k = 0; k < loaded->stride * loaded->height; k++)
            differences += ABS (loaded->pixels[k] - image->pixels[k]);
          /* sharp 3-pixel stripes lose some colour to chroma subsampling;
           * a wrong decode is off by ~100 */
          g_assert_cmpfloat ((double) differences / (loaded->stride * loaded->height), <, 30.0);
        }
    }
}

/* A file cut anywhere before its image data ends is refused, never decoded
 * with zeros in place of the missing rows. */
static void
test_load_truncated (void)
{
  g_autoptr(LabImage) image = test_image_new (53, 37);

  for (guint i = 0; i < G_N_ELEMENTS (test_formats); i++)
    {
      g_autoptr(GBytes) bytes = test_encode (image, test_formats[i].name);
      gsize size = g_bytes_get_size (bytes);
      /* a GIF's last byte is its trailer, after the first frame is whole */
      gsize end = g_str_equal (test_formats[i].name, "gif") ? size - 1 : size;
      guint refused = 0;

      g_test_message ("%s, %" G_GSIZE_FORMAT " bytes", test_formats[i].name, size);
      for (gsize cut = 1; cut < end; cut += 1 + cut / 8)
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, cut);
          g_autoptr(GError) error = NULL;
          g_autoptr(LabImage) loaded = lab_image_load_bytes (part, &error);

          if (loaded != NULL)
            g_error ("%s cut to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes was decoded",
                     test_formats[i].name, cut, size);
          g_assert_true (error->domain == LAB_IMAGE_ERROR);
          assert_refused (error, error->code);
          refused++;
        }
      /* the last byte of the image data too */
      {
        g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, 0, end - 1);
        g_autoptr(GError) error = NULL;
        g_autoptr(LabImage) loaded = lab_image_load_bytes (part, &error);

        g_assert_null (loaded);
        assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
      }
      g_assert_cmpuint (refused, >, 20);
    }
}

/* Changed bytes anywhere: the file decodes or is refused with a LabImageError,
 * and nothing crashes (ASan checks the memory). */
static void
test_load_corrupted (void)
{
  g_autoptr(LabImage) image = test_image_new (29, 31);
  GRand *rand = g_rand_new_with_seed (20240229);
  guint decoded = 0, refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (test_formats); i++)
    {
      g_autoptr(GBytes) bytes = test_encode (image, test_formats[i].name);
      gsize size = g_bytes_get_size (bytes);

      for (int round = 0; round < 300; round++)
        {
          guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
          g_autoptr(GBytes) damaged = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(LabImage) loaded = NULL;
          /* mostly the header, where a change matters most */
          int changes = g_rand_int_range (rand, 1, 4);

          for (int c = 0; c < changes; c++)
            {
              gsize at = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, MIN (size, 64))
                                               : g_rand_int_range (rand, 0, size);

              data[at] = g_rand_boolean (rand) ? (guint) g_rand_int_range (rand, 0, 256)
                                               : data[at] ^ (1u << g_rand_int_range (rand, 0, 8));
            }
          damaged = g_bytes_new_take (data, size);
          loaded = lab_image_load_bytes (damaged, &error);
          if (loaded != NULL)
            {
              g_assert_no_error (error);
              g_assert_cmpint (loaded->width, >, 0);
              g_assert_cmpint (loaded->width, <=, LAB_IMAGE_MAX_SIDE);
              g_assert_cmpint (loaded->height, <=, LAB_IMAGE_MAX_SIDE);
              decoded++;
            }
          else
            {
              g_assert_true (error->domain == LAB_IMAGE_ERROR);
              assert_refused (error, error->code);
              refused++;
            }
        }
    }
  g_test_message ("%u decoded, %u refused", decoded, refused);
  g_assert_cmpuint (refused, >, 0);
  g_rand_free (rand);
}

/* An empty file says so. */
static void
test_load_empty (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = lab_image_load_bytes (bytes, &error);

  g_assert_null (loaded);
  assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "empty"));
}

/* Text, an executable, an archive, noise, and formats stb reads that TaskLab
 * does not: "not an image", with the formats it does read. */
static void
test_load_not_an_image (void)
{
  static const char *const samples[] = {
    "Hello, this is a text file and not an image at all.\n",
    "\177ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3E\0",
    "PK\x03\x04\x14\0\0\0\x08\0",
    "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 2 +X 2\n",
    "P3\n2 2\n255\n0 0 0 255 255 255 0 0 0 255 255 255\n",
  };
  guint8 noise[4096];
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (samples[i], strlen (samples[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(LabImage) loaded = lab_image_load_bytes (bytes, &error);

      g_assert_null (loaded);
      assert_refused (error, LAB_IMAGE_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, "PNG"));
    }

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  noise[1] = 0x77;  /* not TGA's colour-map byte */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (noise, sizeof noise);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabImage) loaded = lab_image_load_bytes (bytes, &error);

    g_assert_null (loaded);
    assert_refused (error, LAB_IMAGE_ERROR_UNSUPPORTED);
  }
  g_rand_free (rand);
}

/* Headers claiming huge sizes, in every format, are refused from the header
 * alone, with the limit in the message. */
static void
test_load_huge_dimensions (void)
{
  g_autoptr(LabImage) image = test_image_new (16, 16);

  for (guint i = 0; i < G_N_ELEMENTS (test_formats); i++)
    {
      const char *name = test_formats[i].name;
      g_autoptr(GBytes) bytes = test_encode (image, name);
      gsize size = g_bytes_get_size (bytes);
      guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
      g_autoptr(GBytes) huge = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(LabImage) loaded = NULL;
      gint64 start;

      if (g_str_equal (name, "png"))
        {
          /* IHDR width and height: 100000 × 100000 */
          memcpy (data + 16, "\x00\x01\x86\xA0\x00\x01\x86\xA0", 8);
        }
      else if (g_str_equal (name, "jpg"))
        {
          /* SOF0: height and width 65500 */
          for (gsize k = 2; k + 9 < size; k++)
            if (data[k] == 0xFF && data[k + 1] == 0xC0)
              {
                memcpy (data + k + 5, "\xFF\xDC\xFF\xDC", 4);
                break;
              }
        }
      else if (g_str_equal (name, "bmp"))
        memcpy (data + 18, "\xA0\x86\x01\x00\xA0\x86\x01\x00", 8);
      else if (g_str_equal (name, "gif"))
        memcpy (data + 6, "\xFF\xFF\xFF\xFF", 4);
      else if (g_str_has_prefix (name, "tga"))
        memcpy (data + 12, "\xFF\xFF\xFF\xFF", 4);
      else if (g_str_has_prefix (name, "psd"))
        memcpy (data + 14, "\x00\x01\x86\xA0\x00\x01\x86\xA0", 8);
      else
        {
          /* PNM: rewrite the header */
          const char *header = g_str_equal (name, "pgm") ? "P5 100000 100000 255\n"
                                                         : "P6 100000 100000 255\n";
          g_free (data);
          size = strlen (header) + 64;
          data = g_malloc0 (size);
          memcpy (data, header, strlen (header));
        }

      huge = g_bytes_new_take (data, size);
      start = g_get_monotonic_time ();
      loaded = lab_image_load_bytes (huge, &error);
      g_test_message ("%s: %s (%" G_GINT64_FORMAT " µs)", name,
                      error != NULL ? error->message : "decoded", g_get_monotonic_time () - start);
      g_assert_null (loaded);
      assert_refused (error, LAB_IMAGE_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "16384"));
    }
}

/* A JPEG whose scan uses Huffman tables it never defines is refused: stb
 * would decode with whatever its memory held, and may abort (a case the
 * fuzzer found). */
static void
test_load_jpeg_undefined_table (void)
{
  g_autoptr(LabImage) image = test_image_new (24, 16);
  g_autoptr(GBytes) bytes = test_encode (image, "jpg");
  gsize size = g_bytes_get_size (bytes);
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;
  gboolean found = FALSE;

  /* SOS: FF DA, length, count, then (component, DC << 4 | AC) pairs */
  for (gsize k = 2; k + 6 < size && !found; k++)
    if (data[k] == 0xFF && data[k + 1] == 0xDA)
      {
        data[k + 6] = 0x33;
        found = TRUE;
      }
  g_assert_true (found);
  damaged = g_bytes_new_take (data, size);
  loaded = lab_image_load_bytes (damaged, &error);
  g_assert_null (loaded);
  assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "table"));
}

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
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9));
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
static void
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
static void
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
static void
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

/* A PNM whose maximum sample value is 0 (or over 65535, which stb refuses
 * itself) is refused as damaged; so is one of 16-bit samples (over 255),
 * which Debian's stb 2.27 over-reads (CVE-2021-42716; the last case is the
 * fuzzer's reproducer, comments ended by carriage returns); 1 and 255 are
 * fine. */
static void
test_load_pnm_maxval (void)
{
  static const struct { const char *header; gsize samples; gboolean ok; } cases[] = {
    { "P6\n2 2\n0\n", 12, FALSE },
    { "P5 2 2 0\n", 4, FALSE },
    { "P6\n2 2\n65536\n", 24, FALSE },
    { "P6\n2 2\n1\n", 12, TRUE },
    { "P5\n2 2\n255\n", 4, TRUE },
    { "P5\n2 2\n65535\n", 8, FALSE },
    { "P6\n2 2\n256\n", 24, FALSE },
    { "P5\n# \r\r2\r\r2\r#?\r\r333f", 10, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize header = strlen (cases[i].header);
      guint8 *data = g_malloc0 (header + cases[i].samples);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(LabImage) loaded = NULL;

      memcpy (data, cases[i].header, header);
      bytes = g_bytes_new_take (data, header + cases[i].samples);
      loaded = lab_image_load_bytes (bytes, &error);
      g_test_message ("%s", error != NULL ? error->message : "decoded");
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (loaded->width, ==, 2);
        }
      else
        {
          g_assert_null (loaded);
          assert_refused (error, LAB_IMAGE_ERROR_CORRUPT);
          /* words for a person, not a function's name */
          g_assert_null (strstr (error->message, "_lab_"));
          if (strstr (cases[i].header, "65536") == NULL)
            g_assert_nonnull (strstr (error->message, "maximum sample value"));
        }
    }
}

/* Files: missing, a folder, a device, too large; each named in the error. */
static void
test_load_file_errors (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-test-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (folder, "missing.png", NULL);
  g_autofree char *large = g_build_filename (folder, "large.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;
  int fd;

  loaded = lab_image_load_file (missing, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.png"));
  g_clear_error (&error);

  loaded = lab_image_load_file (folder, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      loaded = lab_image_load_file ("/dev/zero", &error);
      g_assert_null (loaded);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_clear_error (&error);
    }

  /* a sparse file over the size limit: refused from its size, not read */
  fd = g_open (large, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 600 << 20), ==, 0);
  g_close (fd, NULL);
  loaded = lab_image_load_file (large, &error);
  g_assert_null (loaded);
  assert_refused (error, LAB_IMAGE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "large.png"));
  g_assert_nonnull (strstr (error->message, "600.0"));
  g_assert_nonnull (strstr (error->message, "512 MiB"));
  g_clear_error (&error);

  g_unlink (large);
  g_rmdir (folder);
}

typedef struct
{
  const char *path;
  GError     *error;
  LabImage   *image;
  int         done;   /* atomic */
} LoadJob;

static gpointer
load_on_thread (gpointer data)
{
  LoadJob *job = data;

  job->image = lab_image_load_file (job->path, &job->error);
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/* Loads @path on a thread and waits at most 10 s for it (a loader that
 * blocks must fail the test, not hang it). */
static GError *
load_expecting_refusal (const char *path)
{
  LoadJob job = { path, NULL, NULL, 0 };
  GThread *thread = g_thread_new ("load", load_on_thread, &job);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&job.done) && g_get_monotonic_time () < end)
    g_usleep (1000);
  if (!g_atomic_int_get (&job.done))
    {
      /* a writer unblocks an open() of a FIFO; then fail */
      int fd = g_open (path, O_WRONLY | O_NONBLOCK, 0);

      g_thread_join (thread);
      if (fd >= 0)
        g_close (fd, NULL);
      g_clear_pointer (&job.image, lab_image_unref);
      g_clear_error (&job.error);
      g_error ("loading %s did not return within 10 s", path);
    }
  g_thread_join (thread);
  g_assert_null (job.image);
  g_assert_nonnull (job.error);
  g_test_message ("%s", job.error->message);
  g_assert_null (strchr (job.error->message, '\n'));
  return job.error;
}

/* A named pipe, a folder, a character device and a socket are refused at
 * once (never opened blocking: a FIFO would wait for a writer forever),
 * each with a message of one line that says what it is. */
static void
test_load_not_regular (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-test-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (folder, "pipe.png", NULL);
  g_autofree char *socket_path = g_build_filename (folder, "socket.png", NULL);
  g_autofree char *link = g_build_filename (folder, "link-to-pipe.png", NULL);
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int socket_fd;
  GError *error;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  error = load_expecting_refusal (fifo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "pipe.png"));
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_error_free (error);

  /* through a symbolic link, the same */
  g_assert_cmpint (symlink (fifo, link), ==, 0);
  error = load_expecting_refusal (link);
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_error_free (error);

  error = load_expecting_refusal (folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_error_free (error);

  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      error = load_expecting_refusal ("/dev/zero");
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_nonnull (strstr (error->message, "character device"));
      g_error_free (error);
    }

  socket_fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (socket_fd, >=, 0);
  g_assert_cmpuint (strlen (socket_path), <, sizeof address.sun_path);
  strcpy (address.sun_path, socket_path);
  g_assert_cmpint (bind (socket_fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (socket_fd, 1), ==, 0);
  error = load_expecting_refusal (socket_path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "socket"));
  g_error_free (error);
  close (socket_fd);

  g_unlink (link);
  g_unlink (fifo);
  g_unlink (socket_path);
  g_rmdir (folder);
}

/* A file name with a newline, an escape sequence, a carriage return, a
 * right-to-left override and bytes that are not UTF-8 still gives a message
 * of one line, valid UTF-8, with those characters escaped. */
static void
test_load_control_characters_in_name (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "a\nb\x1b[31mred\rc\xe2\x80\xaegnp.\xff.png",
                                            NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) loaded = NULL;

  g_assert_true (g_file_set_contents (path, "not an image at all, just some text", -1, NULL));
  loaded = lab_image_load_file (path, &error);
  g_assert_null (loaded);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_null (strstr (error->message, "\xe2\x80\xae"));
  g_assert_nonnull (strstr (error->message, "a\\nb\\x1B[31mred\\rc\\u{202E}gnp.\xef\xbf\xbd.png"));
  g_clear_error (&error);

  /* missing: the same name in the file-system error */
  g_unlink (path);
  loaded = lab_image_load_file (path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "a\\nb\\x1B[31mred"));
  g_assert_null (strchr (error->message, '\n'));
  g_rmdir (folder);
}

/* lab_image_try_new() refuses sizes over the limits instead of aborting. */
static void
test_try_new_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabImage) image = lab_image_try_new (LAB_IMAGE_MAX_SIDE, LAB_IMAGE_MAX_SIDE, &error);

  g_assert_null (image);
  assert_refused (error, LAB_IMAGE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  image = lab_image_try_new (3, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->stride, ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  /* the messages' “quotes” and “×” reach the log as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/image/load/formats", test_load_formats);
  g_test_add_func ("/app/image/load/truncated", test_load_truncated);
  g_test_add_func ("/app/image/load/corrupted", test_load_corrupted);
  g_test_add_func ("/app/image/load/empty", test_load_empty);
  g_test_add_func ("/app/image/load/not-an-image", test_load_not_an_image);
  g_test_add_func ("/app/image/load/huge-dimensions", test_load_huge_dimensions);
  g_test_add_func ("/app/image/load/jpeg-undefined-table", test_load_jpeg_undefined_table);
  g_test_add_func ("/app/image/load/png-bomb", test_load_png_bomb);
  g_test_add_func ("/app/image/load/png-short-data", test_load_png_short_data);
  g_test_add_func ("/app/image/load/png-crc", test_load_png_crc);
  g_test_add_func ("/app/image/load/pnm-maxval", test_load_pnm_maxval);
  g_test_add_func ("/app/image/load/file-errors", test_load_file_errors);
  g_test_add_func ("/app/image/load/not-regular", test_load_not_regular);
  g_test_add_func ("/app/image/load/control-characters-in-name",
                   test_load_control_characters_in_name);
  g_test_add_func ("/app/image/try-new/limits", test_try_new_limits);

  return g_test_run ();
}
