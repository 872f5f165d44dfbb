/* test-image-damaged.c — good files made bad: cut short, bytes changed,
 * empty, not an image at all, headers that claim huge sizes, a JPEG with
 * tables it never defines, a PNM with an impossible maximum sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each must give a clear LabImageError and leave the process running; the
 * suite also runs under AddressSanitizer (tests/quickstart.sh).
 */
#include "test-image-load.h"

/* A file cut anywhere before its image data ends is refused, never decoded
 * with zeros in place of the missing rows. */
void
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
void
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
void
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
void
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
void
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
void
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

/* A PNM whose maximum sample value is 0 (or over 65535, which stb refuses
 * itself) is refused as damaged; so is one of 16-bit samples (over 255),
 * which Debian's stb 2.27 over-reads (CVE-2021-42716; the last case is the
 * fuzzer's reproducer, comments ended by carriage returns); 1 and 255 are
 * fine. */
void
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
