/* lab-image-check.c — is this file whole, and safe for stb to decode?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * stb_image decodes truncated BMP, TGA, PNM, PSD and GIF files without a
 * word, filling the missing rows with zeros; it grows its PNG inflate
 * buffer without bound, so a small PNG of a few pixels whose compressed data
 * expands to gigabytes would be decoded into memory; and it decodes a JPEG
 * scan with Huffman tables the file never defined from uninitialised memory,
 * which can end in an assert() inside libstb. The checks here walk each
 * format's structure (never its pixels, except PNG's compressed stream, which
 * is inflated into a small buffer and counted) and refuse what is cut short
 * or expands beyond what the header declared, a PNG whose critical chunks
 * fail their CRC, and a PNM whose maximum sample value is 0, with a message
 * that says so.
 * They run after the header's dimensions have passed the limits, before stb
 * allocates anything. Every read is bounds-checked: this is the first code to
 * see a hostile file, and the fuzz target (tests/fuzz/) runs it.
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include <gio/gio.h>

#include "lab-image-private.h"

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;   /* invariant: pos <= size */
} Reader;

static gboolean
has (const Reader *r,
     guint64       n)
{
  return r->size - r->pos >= n;
}

static gboolean
skip (Reader  *r,
      guint64  n)
{
  if (!has (r, n))
    return FALSE;
  r->pos += n;
  return TRUE;
}

/* a * b, or G_MAXUINT64 when it does not fit: sizes from a hostile header */
static guint64
mul (guint64 a,
     guint64 b)
{
  return b != 0 && a > G_MAXUINT64 / b ? G_MAXUINT64 : a * b;
}

static guint
be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint
le16 (const guint8 *p)
{
  return (guint) p[1] << 8 | p[0];
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

const char *
_lab_image_format_name (LabImageFormat format)
{
  switch (format)
    {
    case LAB_IMAGE_FORMAT_PNG: return "PNG";
    case LAB_IMAGE_FORMAT_JPEG: return "JPEG";
    case LAB_IMAGE_FORMAT_GIF: return "GIF";
    case LAB_IMAGE_FORMAT_BMP: return "BMP";
    case LAB_IMAGE_FORMAT_PSD: return "PSD";
    case LAB_IMAGE_FORMAT_PNM: return "PNM";
    case LAB_IMAGE_FORMAT_TGA: return "TGA";
    case LAB_IMAGE_FORMAT_OTHER:
    case LAB_IMAGE_FORMAT_UNKNOWN:
    default: return "image";
    }
}

/**
 * _lab_image_sniff_format:
 *
 * The format from the file's signature. TGA has none: anything that is not
 * one of the others is tried as TGA last, as stb does.
 */
LabImageFormat
_lab_image_sniff_format (const guint8 *data,
                         gsize         size)
{
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return LAB_IMAGE_FORMAT_PNG;
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return LAB_IMAGE_FORMAT_JPEG;
  if (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return LAB_IMAGE_FORMAT_GIF;
  if (size >= 2 && data[0] == 'B' && data[1] == 'M')
    return LAB_IMAGE_FORMAT_BMP;
  if (size >= 4 && memcmp (data, "8BPS", 4) == 0)
    return LAB_IMAGE_FORMAT_PSD;
  if (size >= 2 && data[0] == 'P' && (data[1] == '5' || data[1] == '6'))
    return LAB_IMAGE_FORMAT_PNM;
  /* Radiance HDR and Softimage PIC: stb reads them, TaskLab does not */
  if ((size >= 2 && memcmp (data, "#?", 2) == 0) ||
      (size >= 4 && memcmp (data, "\x53\x80\xF6\x34", 4) == 0))
    return LAB_IMAGE_FORMAT_OTHER;
  if (size >= 18 && data[1] <= 1 &&
      (data[2] == 1 || data[2] == 2 || data[2] == 3 ||
       data[2] == 9 || data[2] == 10 || data[2] == 11))
    return LAB_IMAGE_FORMAT_TGA;
  return LAB_IMAGE_FORMAT_UNKNOWN;
}

static gboolean
truncated (LabImageFormat   format,
           GError         **error)
{
  g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
               "The %s file is truncated: it ends before its image data does",
               _lab_image_format_name (format));
  return FALSE;
}

static gboolean
damaged (LabImageFormat   format,
         const char      *what,
         GError         **error)
{
  g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
               "The %s file is damaged (%s)", _lab_image_format_name (format), what);
  return FALSE;
}

/* ---- PNG --------------------------------------------------------------- */

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
        gboolean ok = png_crc (chunk + 4, 4 + (gsize) length) == be32 (chunk + 8 + length);

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
        ok = TRUE;
#endif
        return ok;
      }
  return TRUE;
}

/* Bytes of filtered scanlines an image of this size inflates to. */
static guint64
png_raw_size (guint32 width,
              guint32 height,
              guint   bits_per_pixel,
              gboolean interlaced)
{
  static const guint start_x[7] = { 0, 4, 0, 2, 0, 1, 0 };
  static const guint start_y[7] = { 0, 0, 4, 0, 2, 0, 1 };
  static const guint step_x[7] = { 8, 8, 4, 4, 2, 2, 1 };
  static const guint step_y[7] = { 8, 8, 8, 4, 4, 2, 2 };
  guint64 total = 0;

  if (!interlaced)
    return mul (height, 1 + ((guint64) width * bits_per_pixel + 7) / 8);

  for (int pass = 0; pass < 7; pass++)
    {
      guint64 w = width > start_x[pass] ? (width - start_x[pass] + step_x[pass] - 1) / step_x[pass] : 0;
      guint64 h = height > start_y[pass] ? (height - start_y[pass] + step_y[pass] - 1) / step_y[pass] : 0;

      if (w > 0 && h > 0)
        total += mul (h, 1 + (w * bits_per_pixel + 7) / 8);
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
          return damaged (LAB_IMAGE_FORMAT_PNG, local_error->message, error);
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
        return damaged (LAB_IMAGE_FORMAT_PNG, "the compressed data does not advance", error);
    }
  return TRUE;
}

static gboolean
check_png (const guint8  *data,
           gsize          size,
           GError       **error)
{
  Reader r = { data, size, 8 };
  PngStream stream = { 0 };
  gboolean raw_deflate = FALSE;
  gboolean ok = FALSE;

  for (;;)
    {
      const guint8 *chunk = data + r.pos;
      guint32 length;

      if (!has (&r, 12))
        {
          truncated (LAB_IMAGE_FORMAT_PNG, error);
          break;
        }
      length = be32 (chunk);
      if (length > G_MAXINT32)
        {
          damaged (LAB_IMAGE_FORMAT_PNG, "a chunk claims more than 2 GB", error);
          break;
        }
      if (!has (&r, 12 + (guint64) length))
        {
          truncated (LAB_IMAGE_FORMAT_PNG, error);
          break;
        }
      if (!png_critical_crc_ok (chunk, length))
        {
          g_autofree char *what = g_strdup_printf ("its %.4s chunk fails its CRC check",
                                                   (const char *) chunk + 4);

          damaged (LAB_IMAGE_FORMAT_PNG, what, error);
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
              damaged (LAB_IMAGE_FORMAT_PNG, "it does not begin with a header chunk", error);
              break;
            }
          width = be32 (chunk + 8);
          height = be32 (chunk + 12);
          depth = chunk[16];
          colour = chunk[17];
          if (colour > 6 || channels[colour] == 0 ||
              (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16))
            {
              damaged (LAB_IMAGE_FORMAT_PNG, "impossible colour type or bit depth", error);
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
            truncated (LAB_IMAGE_FORMAT_PNG, error);
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

/* ---- JPEG -------------------------------------------------------------- */

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
  Reader r = { p, length, 0 };

  switch (marker)
    {
    case 0xDB:  /* DQT: precision and table, then 64 values of 8 or 16 bits */
      while (has (&r, 1))
        {
          guint8 pq_tq = p[r.pos++];

          if (!skip (&r, (pq_tq >> 4) != 0 ? 128 : 64))
            return damaged (LAB_IMAGE_FORMAT_JPEG, "a quantization table is cut short", error);
          tables->quantization[pq_tq & 3] = TRUE;
        }
      return TRUE;

    case 0xC4:  /* DHT: class and table, 16 counts, the symbols */
      while (has (&r, 17))
        {
          guint8 tc_th = p[r.pos];
          guint n = 0;

          for (int i = 1; i <= 16; i++)
            n += p[r.pos + i];
          r.pos += 17;
          if ((tc_th >> 4) > 1 || n > 256 || !skip (&r, n))
            return damaged (LAB_IMAGE_FORMAT_JPEG, "a Huffman table is invalid", error);
          tables->huffman[tc_th >> 4][tc_th & 3] = TRUE;
        }
      return TRUE;

    case 0xC0: case 0xC1: case 0xC2:  /* SOF: the frames stb decodes */
      if (tables->n_components > 0)
        return TRUE;  /* stb reads the first */
      if (length < 6 || p[5] == 0 || p[5] > 4 || length < 6 + 3u * p[5])
        return damaged (LAB_IMAGE_FORMAT_JPEG, "its frame header is invalid", error);
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
          return damaged (LAB_IMAGE_FORMAT_JPEG, "a scan header is invalid", error);
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
              return damaged (LAB_IMAGE_FORMAT_JPEG, "a scan names a component the frame has not",
                              error);
            if (!tables->quantization[tables->component_table[c]] ||
                (needs_dc && (dc > 3 || !tables->huffman[0][dc])) ||
                (needs_ac && (ac > 3 || !tables->huffman[1][ac])))
              return damaged (LAB_IMAGE_FORMAT_JPEG, "a scan uses a table the file does not define",
                              error);
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
static gboolean
check_jpeg (const guint8  *data,
            gsize          size,
            GError       **error)
{
  Reader r = { data, size, 2 };
  JpegTables tables = { 0 };

  for (;;)
    {
      guint marker, length;

      if (!has (&r, 2))
        return truncated (LAB_IMAGE_FORMAT_JPEG, error);
      if (data[r.pos] != 0xFF)
        return damaged (LAB_IMAGE_FORMAT_JPEG, "a segment is followed by garbage", error);
      while (has (&r, 2) && data[r.pos + 1] == 0xFF)
        r.pos++;  /* fill bytes */
      if (!has (&r, 2))
        return truncated (LAB_IMAGE_FORMAT_JPEG, error);
      marker = data[r.pos + 1];
      r.pos += 2;

      if (marker == 0xD9)
        return TRUE;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        continue;
      if (!has (&r, 2))
        return truncated (LAB_IMAGE_FORMAT_JPEG, error);
      length = be16 (data + r.pos);
      if (length < 2)
        return damaged (LAB_IMAGE_FORMAT_JPEG, "a segment has an impossible length", error);
      if (!has (&r, length))
        return truncated (LAB_IMAGE_FORMAT_JPEG, error);
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
                return truncated (LAB_IMAGE_FORMAT_JPEG, error);
              r.pos = ff - data;
              if (ff[1] == 0x00 || (ff[1] >= 0xD0 && ff[1] <= 0xD7))
                r.pos += 2;
              else
                break;
            }
        }
    }
}

/* ---- GIF --------------------------------------------------------------- */

static gboolean
skip_sub_blocks (Reader *r)
{
  for (;;)
    {
      guint8 length;

      if (!has (r, 1))
        return FALSE;
      length = r->data[r->pos++];
      if (length == 0)
        return TRUE;
      if (!skip (r, length))
        return FALSE;
    }
}

/* The first frame must be there whole: stb decodes only that one. */
static gboolean
check_gif (const guint8  *data,
           gsize          size,
           GError       **error)
{
  Reader r = { data, size, 6 };
  guint8 flags;

  if (!has (&r, 7))
    return truncated (LAB_IMAGE_FORMAT_GIF, error);
  flags = data[r.pos + 4];
  r.pos += 7;
  if ((flags & 0x80) != 0 && !skip (&r, 3u << ((flags & 7) + 1)))
    return truncated (LAB_IMAGE_FORMAT_GIF, error);

  for (;;)
    {
      guint8 block;

      if (!has (&r, 1))
        return truncated (LAB_IMAGE_FORMAT_GIF, error);
      block = data[r.pos++];
      switch (block)
        {
        case 0x21:  /* extension: label, then sub-blocks */
          if (!skip (&r, 1) || !skip_sub_blocks (&r))
            return truncated (LAB_IMAGE_FORMAT_GIF, error);
          break;

        case 0x2C:  /* image: descriptor, local colours, code size, sub-blocks */
          if (!has (&r, 9))
            return truncated (LAB_IMAGE_FORMAT_GIF, error);
          flags = data[r.pos + 8];
          r.pos += 9;
          if ((flags & 0x80) != 0 && !skip (&r, 3u << ((flags & 7) + 1)))
            return truncated (LAB_IMAGE_FORMAT_GIF, error);
          if (!skip (&r, 1) || !skip_sub_blocks (&r))
            return truncated (LAB_IMAGE_FORMAT_GIF, error);
          return TRUE;

        case 0x3B:
          return damaged (LAB_IMAGE_FORMAT_GIF, "it holds no image", error);

        default:
          return damaged (LAB_IMAGE_FORMAT_GIF, "unknown block", error);
        }
    }
}

/* ---- BMP --------------------------------------------------------------- */

static gboolean
check_bmp (const guint8  *data,
           gsize          size,
           GError       **error)
{
  guint32 offset, header_size, compression = 0;
  gint64 width, height;
  guint bits;
  guint64 row_bytes, start;

  if (size < 18)
    return truncated (LAB_IMAGE_FORMAT_BMP, error);
  offset = le32 (data + 10);
  header_size = le32 (data + 14);
  if (header_size == 12)
    {
      if (size < 26)
        return truncated (LAB_IMAGE_FORMAT_BMP, error);
      width = le16 (data + 18);
      height = le16 (data + 20);
      bits = le16 (data + 24);
    }
  else
    {
      if (size < 34)
        return truncated (LAB_IMAGE_FORMAT_BMP, error);
      width = (gint32) le32 (data + 18);
      height = (gint32) le32 (data + 22);
      bits = le16 (data + 28);
      compression = le32 (data + 30);
    }

  /* stb refuses RLE and odd headers with its own message */
  if (width <= 0 || height == 0 || bits == 0 || bits > 32 ||
      (compression != 0 && compression != 3 && compression != 6))
    return TRUE;

  row_bytes = ((guint64) width * bits + 31) / 32 * 4;
  start = MAX ((guint64) offset, 14 + (guint64) header_size);
  if (start > size || mul (row_bytes, ABS (height)) > size - start)
    return truncated (LAB_IMAGE_FORMAT_BMP, error);
  return TRUE;
}

/* ---- TGA --------------------------------------------------------------- */

static gboolean
check_tga (const guint8  *data,
           gsize          size,
           GError       **error)
{
  Reader r = { data, size, 18 };
  guint type, pixel_bytes;
  guint64 pixels, count = 0;

  if (size < 18)
    return truncated (LAB_IMAGE_FORMAT_TGA, error);
  type = data[2];
  pixel_bytes = (data[16] + 7u) / 8;
  pixels = (guint64) le16 (data + 12) * le16 (data + 14);
  if (pixel_bytes == 0 || pixels == 0)
    return TRUE;  /* stb's own error */

  if (!skip (&r, data[0]))
    return truncated (LAB_IMAGE_FORMAT_TGA, error);
  if (data[1] == 1 && !skip (&r, (guint64) le16 (data + 5) * ((data[7] + 7u) / 8)))
    return truncated (LAB_IMAGE_FORMAT_TGA, error);

  if (type < 8)
    return has (&r, pixels * pixel_bytes) ? TRUE : truncated (LAB_IMAGE_FORMAT_TGA, error);

  /* run-length packets: a header byte, then one pixel (a run) or n pixels */
  while (count < pixels)
    {
      guint8 header;
      guint n;

      if (!has (&r, 1))
        return truncated (LAB_IMAGE_FORMAT_TGA, error);
      header = data[r.pos++];
      n = (header & 0x7F) + 1u;
      if (!skip (&r, (header & 0x80) != 0 ? pixel_bytes : (guint64) n * pixel_bytes))
        return truncated (LAB_IMAGE_FORMAT_TGA, error);
      count += n;
    }
  return TRUE;
}

/* ---- PNM --------------------------------------------------------------- */

static gboolean
pnm_is_space (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* As stb reads it: whitespace and # comments, then digits. */
static gboolean
pnm_integer (Reader  *r,
             guint64 *value)
{
  for (;;)
    {
      while (has (r, 1) && pnm_is_space (r->data[r->pos]))
        r->pos++;
      if (!has (r, 1) || r->data[r->pos] != '#')
        break;
      while (has (r, 1) && r->data[r->pos] != '\n' && r->data[r->pos] != '\r')
        r->pos++;
    }
  if (!has (r, 1) || !g_ascii_isdigit (r->data[r->pos]))
    return FALSE;
  *value = 0;
  while (has (r, 1) && g_ascii_isdigit (r->data[r->pos]))
    {
      *value = MIN (*value * 10 + (r->data[r->pos] - '0'), G_MAXUINT32);
      r->pos++;
    }
  return TRUE;
}

static gboolean
check_pnm (const guint8  *data,
           gsize          size,
           GError       **error)
{
  Reader r = { data, size, 2 };
  guint64 width, height, max_value, sample_bytes, channels = data[1] == '6' ? 3 : 1;

  if (!pnm_integer (&r, &width) || !pnm_integer (&r, &height) || !pnm_integer (&r, &max_value))
    return has (&r, 1) ? damaged (LAB_IMAGE_FORMAT_PNM, "bad header", error)
                       : truncated (LAB_IMAGE_FORMAT_PNM, error);
  /* stb would read samples of any maximum; a maximum of 0 has no meaning
   * (every sample would be 0/0), over 65535 the format has none */
  if (max_value == 0)
    return damaged (LAB_IMAGE_FORMAT_PNM, "its maximum sample value is 0", error);
  if (max_value > 65535)
    return damaged (LAB_IMAGE_FORMAT_PNM, "its maximum sample value is over 65535", error);
  /* one whitespace character ends the header */
  if (!skip (&r, 1))
    return truncated (LAB_IMAGE_FORMAT_PNM, error);
  sample_bytes = max_value > 255 ? 2 : 1;
  if (!has (&r, mul (mul (width, height), channels * sample_bytes)))
    return truncated (LAB_IMAGE_FORMAT_PNM, error);
  return TRUE;
}

/* ---- PSD --------------------------------------------------------------- */

static gboolean
check_psd (const guint8  *data,
           gsize          size,
           GError       **error)
{
  Reader r = { data, size, 26 };
  guint channels, depth;
  guint64 width, height, planes;

  if (size < 26)
    return truncated (LAB_IMAGE_FORMAT_PSD, error);
  channels = be16 (data + 12);
  height = be32 (data + 14);
  width = be32 (data + 18);
  depth = be16 (data + 22);
  if (channels == 0 || channels > 16 || (depth != 8 && depth != 16))
    return TRUE;  /* stb's own error */
  planes = MIN (channels, 4);

  /* colour mode data, image resources, layers and masks: each a length, then data */
  for (int i = 0; i < 3; i++)
    {
      if (!has (&r, 4))
        return truncated (LAB_IMAGE_FORMAT_PSD, error);
      r.pos += 4;
      if (!skip (&r, be32 (data + r.pos - 4)))
        return truncated (LAB_IMAGE_FORMAT_PSD, error);
    }
  if (!has (&r, 2))
    return truncated (LAB_IMAGE_FORMAT_PSD, error);
  r.pos += 2;

  if (be16 (data + r.pos - 2) == 0)
    return has (&r, mul (mul (width, height), planes * (depth / 8))) ? TRUE
                                                           : truncated (LAB_IMAGE_FORMAT_PSD, error);
  if (be16 (data + r.pos - 2) == 1)
    {
      /* a table of compressed row lengths for every channel, then the rows */
      const guint8 *counts = data + r.pos;
      guint64 needed = 0;

      if (!skip (&r, mul (height, channels * 2)))
        return truncated (LAB_IMAGE_FORMAT_PSD, error);
      for (guint64 row = 0; row < planes * height; row++)
        needed += be16 (counts + row * 2);
      return has (&r, needed) ? TRUE : truncated (LAB_IMAGE_FORMAT_PSD, error);
    }
  return TRUE;  /* unknown compression: stb's own error */
}

/**
 * _lab_image_peek_size:
 *
 * The width and height the header declares, read here rather than by stb,
 * which refuses some large sizes with a vague message of its own: so that
 * any image over the limits gets the message with the limits.
 *
 * Returns: %FALSE when the header is too short or has no size
 */
gboolean
_lab_image_peek_size (LabImageFormat  format,
                      const guint8   *data,
                      gsize           size,
                      guint64        *width,
                      guint64        *height)
{
  Reader r = { data, size, 0 };

  switch (format)
    {
    case LAB_IMAGE_FORMAT_PNG:
      if (size < 24 || memcmp (data + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = be32 (data + 16);
      *height = be32 (data + 20);
      return TRUE;

    case LAB_IMAGE_FORMAT_JPEG:
      /* the first start-of-frame marker, segments skipped by length */
      r.pos = 2;
      while (has (&r, 4) && data[r.pos] == 0xFF)
        {
          guint marker = data[r.pos + 1];

          if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
              marker != 0xCC)
            {
              if (!has (&r, 9))
                return FALSE;
              *height = be16 (data + r.pos + 5);
              *width = be16 (data + r.pos + 7);
              return TRUE;
            }
          if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) ||
              marker == 0xFF)
            {
              r.pos += marker == 0xFF ? 1 : 2;
              continue;
            }
          if (marker == 0xDA || !skip (&r, 2 + (guint64) be16 (data + r.pos + 2)))
            return FALSE;
        }
      return FALSE;

    case LAB_IMAGE_FORMAT_GIF:
      if (size < 10)
        return FALSE;
      *width = le16 (data + 6);
      *height = le16 (data + 8);
      return TRUE;

    case LAB_IMAGE_FORMAT_BMP:
      if (size < 26)
        return FALSE;
      if (le32 (data + 14) == 12)
        {
          *width = le16 (data + 18);
          *height = le16 (data + 20);
          return TRUE;
        }
      *width = ABS ((gint64) (gint32) le32 (data + 18));
      *height = ABS ((gint64) (gint32) le32 (data + 22));
      return TRUE;

    case LAB_IMAGE_FORMAT_PSD:
      if (size < 22)
        return FALSE;
      *height = be32 (data + 14);
      *width = be32 (data + 18);
      return TRUE;

    case LAB_IMAGE_FORMAT_PNM:
      r.pos = 2;
      return pnm_integer (&r, width) && pnm_integer (&r, height);

    case LAB_IMAGE_FORMAT_TGA:
      if (size < 18)
        return FALSE;
      *width = le16 (data + 12);
      *height = le16 (data + 14);
      return TRUE;

    case LAB_IMAGE_FORMAT_OTHER:
    case LAB_IMAGE_FORMAT_UNKNOWN:
    default:
      return FALSE;
    }
}

/**
 * _lab_image_check_complete:
 *
 * Refuses a file that is cut short, or (PNG) whose compressed data expands
 * beyond its declared size. Call it once the header's dimensions are known to
 * be within the limits.
 */
gboolean
_lab_image_check_complete (LabImageFormat   format,
                           const guint8    *data,
                           gsize            size,
                           GError         **error)
{
  switch (format)
    {
    case LAB_IMAGE_FORMAT_PNG: return check_png (data, size, error);
    case LAB_IMAGE_FORMAT_JPEG: return check_jpeg (data, size, error);
    case LAB_IMAGE_FORMAT_GIF: return check_gif (data, size, error);
    case LAB_IMAGE_FORMAT_BMP: return check_bmp (data, size, error);
    case LAB_IMAGE_FORMAT_TGA: return check_tga (data, size, error);
    case LAB_IMAGE_FORMAT_PNM: return check_pnm (data, size, error);
    case LAB_IMAGE_FORMAT_PSD: return check_psd (data, size, error);
    case LAB_IMAGE_FORMAT_OTHER:
    case LAB_IMAGE_FORMAT_UNKNOWN:
    default: return TRUE;
    }
}
