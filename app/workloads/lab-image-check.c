/* lab-image-check.c — is this file whole, and safe for stb to decode? The
 * formats' names and signatures, the messages, and the dispatch to one file
 * per format (lab-image-check-FORMAT.c).
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

#include "lab-image-check-private.h"

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

gboolean
_lab_image_truncated (LabImageFormat   format,
                      GError         **error)
{
  g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
               "The %s file is truncated: it ends before its image data does",
               _lab_image_format_name (format));
  return FALSE;
}

gboolean
_lab_image_damaged (LabImageFormat   format,
                    const char      *what,
                    GError         **error)
{
  g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_CORRUPT,
               "The %s file is damaged (%s)", _lab_image_format_name (format), what);
  return FALSE;
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
  LabImageReader r = { data, size, 0 };

  switch (format)
    {
    case LAB_IMAGE_FORMAT_PNG:
      if (size < 24 || memcmp (data + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = _lab_image_be32 (data + 16);
      *height = _lab_image_be32 (data + 20);
      return TRUE;

    case LAB_IMAGE_FORMAT_JPEG:
      /* the first start-of-frame marker, segments skipped by length */
      r.pos = 2;
      while (_lab_image_has (&r, 4) && data[r.pos] == 0xFF)
        {
          guint marker = data[r.pos + 1];

          if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
              marker != 0xCC)
            {
              if (!_lab_image_has (&r, 9))
                return FALSE;
              *height = _lab_image_be16 (data + r.pos + 5);
              *width = _lab_image_be16 (data + r.pos + 7);
              return TRUE;
            }
          if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) ||
              marker == 0xFF)
            {
              r.pos += marker == 0xFF ? 1 : 2;
              continue;
            }
          if (marker == 0xDA ||
              !_lab_image_skip (&r, 2 + (guint64) _lab_image_be16 (data + r.pos + 2)))
            return FALSE;
        }
      return FALSE;

    case LAB_IMAGE_FORMAT_GIF:
      if (size < 10)
        return FALSE;
      *width = _lab_image_le16 (data + 6);
      *height = _lab_image_le16 (data + 8);
      return TRUE;

    case LAB_IMAGE_FORMAT_BMP:
      if (size < 26)
        return FALSE;
      if (_lab_image_le32 (data + 14) == 12)
        {
          *width = _lab_image_le16 (data + 18);
          *height = _lab_image_le16 (data + 20);
          return TRUE;
        }
      *width = ABS ((gint64) (gint32) _lab_image_le32 (data + 18));
      *height = ABS ((gint64) (gint32) _lab_image_le32 (data + 22));
      return TRUE;

    case LAB_IMAGE_FORMAT_PSD:
      if (size < 22)
        return FALSE;
      *height = _lab_image_be32 (data + 14);
      *width = _lab_image_be32 (data + 18);
      return TRUE;

    case LAB_IMAGE_FORMAT_PNM:
      r.pos = 2;
      return _lab_image_pnm_integer (&r, width) && _lab_image_pnm_integer (&r, height);

    case LAB_IMAGE_FORMAT_TGA:
      if (size < 18)
        return FALSE;
      *width = _lab_image_le16 (data + 12);
      *height = _lab_image_le16 (data + 14);
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
    case LAB_IMAGE_FORMAT_PNG: return _lab_image_check_png (data, size, error);
    case LAB_IMAGE_FORMAT_JPEG: return _lab_image_check_jpeg (data, size, error);
    case LAB_IMAGE_FORMAT_GIF: return _lab_image_check_gif (data, size, error);
    case LAB_IMAGE_FORMAT_BMP: return _lab_image_check_bmp (data, size, error);
    case LAB_IMAGE_FORMAT_TGA: return _lab_image_check_tga (data, size, error);
    case LAB_IMAGE_FORMAT_PNM: return _lab_image_check_pnm (data, size, error);
    case LAB_IMAGE_FORMAT_PSD: return _lab_image_check_psd (data, size, error);
    case LAB_IMAGE_FORMAT_OTHER:
    case LAB_IMAGE_FORMAT_UNKNOWN:
    default: return TRUE;
    }
}
