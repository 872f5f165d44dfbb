/* lab-image-check-jpeg.c — JPEG: segments whole, and every scan's tables
 * defined before it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

#include <string.h>

/* What the segments seen so far define. stb_image 2.27 does not clear its
 * decoder's tables, so a scan that uses a Huffman table no segment defined
 * decodes with whatever the memory held, and can trip an assert() inside
 * libstb that ends the process (found by tests/fuzz/). Refuse such files. */
typedef struct
{
  gboolean quantization[4];
  gboolean huffman[2][4];        /* [DC, AC][table] */
  gboolean progressive;
  guint    n_components;
  guint8   component_id[4];
  guint8   component_table[4];   /* quantization table */
} JpegTables;

static gboolean
jpeg_segment (JpegTables    *tables,
              guint          marker,
              const guint8  *p,
              gsize          length,
              GError       **error)
{
  LabImageReader r = { p, length, 0 };

  switch (marker)
    {
    case 0xDB:  /* DQT: precision and table, then 64 values of 8 or 16 bits */
      while (_lab_image_has (&r, 1))
        {
          guint8 pq_tq = p[r.pos++];

          if (!_lab_image_skip (&r, (pq_tq >> 4) != 0 ? 128 : 64))
            return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG, "a quantization table is cut short",
                                       error);
          tables->quantization[pq_tq & 3] = TRUE;
        }
      return TRUE;

    case 0xC4:  /* DHT: class and table, 16 counts, the symbols */
      while (_lab_image_has (&r, 17))
        {
          guint8 tc_th = p[r.pos];
          guint n = 0;

          for (int i = 1; i <= 16; i++)
            n += p[r.pos + i];
          r.pos += 17;
          if ((tc_th >> 4) > 1 || n > 256 || !_lab_image_skip (&r, n))
            return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG, "a Huffman table is invalid", error);
          tables->huffman[tc_th >> 4][tc_th & 3] = TRUE;
        }
      return TRUE;

    case 0xC0: case 0xC1: case 0xC2:  /* SOF: the frames stb decodes */
      if (tables->n_components > 0)
        return TRUE;  /* stb reads the first */
      if (length < 6 || p[5] == 0 || p[5] > 4 || length < 6 + 3u * p[5])
        return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG, "its frame header is invalid", error);
      tables->progressive = marker == 0xC2;
      tables->n_components = p[5];
      for (guint i = 0; i < tables->n_components; i++)
        {
          tables->component_id[i] = p[6 + 3 * i];
          tables->component_table[i] = p[8 + 3 * i] & 3;
        }
      return TRUE;

    case 0xDA:  /* SOS: components with their DC and AC tables; Ss, Se, Ah/Al */
      {
        guint count = length >= 1 ? p[0] : 0;
        guint ss, ah;

        if (tables->n_components == 0 || count == 0 || length < 4 + 2u * count)
          return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG, "a scan header is invalid", error);
        ss = p[1 + 2 * count];
        ah = p[3 + 2 * count] >> 4;
        for (guint i = 0; i < count; i++)
          {
            guint id = p[1 + 2 * i], dc = p[2 + 2 * i] >> 4, ac = p[2 + 2 * i] & 15;
            gboolean needs_dc = !tables->progressive || (ss == 0 && ah == 0);
            gboolean needs_ac = !tables->progressive || ss > 0;
            guint c;

            for (c = 0; c < tables->n_components && tables->component_id[c] != id; c++)
              ;
            if (c == tables->n_components)
              return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG,
                                         "a scan names a component the frame has not", error);
            if (!tables->quantization[tables->component_table[c]] ||
                (needs_dc && (dc > 3 || !tables->huffman[0][dc])) ||
                (needs_ac && (ac > 3 || !tables->huffman[1][ac])))
              return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG,
                                         "a scan uses a table the file does not define", error);
          }
        return TRUE;
      }

    default:
      return TRUE;
    }
}

/* Walks the markers from SOI to EOI, skipping segments by their length and
 * entropy-coded data up to the next marker, and checks that every scan's
 * tables were defined before it. */
gboolean
_lab_image_check_jpeg (const guint8  *data,
                       gsize          size,
                       GError       **error)
{
  LabImageReader r = { data, size, 2 };
  JpegTables tables = { 0 };

  for (;;)
    {
      guint marker, length;

      if (!_lab_image_has (&r, 2))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_JPEG, error);
      if (data[r.pos] != 0xFF)
        return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG, "a segment is followed by garbage",
                                   error);
      while (_lab_image_has (&r, 2) && data[r.pos + 1] == 0xFF)
        r.pos++;  /* fill bytes */
      if (!_lab_image_has (&r, 2))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_JPEG, error);
      marker = data[r.pos + 1];
      r.pos += 2;

      if (marker == 0xD9)
        return TRUE;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        continue;
      if (!_lab_image_has (&r, 2))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_JPEG, error);
      length = _lab_image_be16 (data + r.pos);
      if (length < 2)
        return _lab_image_damaged (LAB_IMAGE_FORMAT_JPEG, "a segment has an impossible length",
                                   error);
      if (!_lab_image_has (&r, length))
        return _lab_image_truncated (LAB_IMAGE_FORMAT_JPEG, error);
      if (!jpeg_segment (&tables, marker, data + r.pos + 2, length - 2, error))
        return FALSE;
      r.pos += length;

      if (marker == 0xDA)
        {
          /* entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte)
           * or a restart marker, anything else is the next marker */
          for (;;)
            {
              const guint8 *ff = memchr (data + r.pos, 0xFF, size - r.pos);

              if (ff == NULL || (gsize) (ff - data) + 1 >= size)
                return _lab_image_truncated (LAB_IMAGE_FORMAT_JPEG, error);
              r.pos = ff - data;
              if (ff[1] == 0x00 || (ff[1] >= 0xD0 && ff[1] <= 0xD7))
                r.pos += 2;
              else
                break;
            }
        }
    }
}
