/* lab-image-check-private.h — what the format checks (lab-image-check*.c)
 * share: a bounds-checked reader, byte-order reads, an overflow-safe
 * multiply, the two messages, and one check per format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every read is bounds-checked: this is the first code to see a hostile
 * file, and the fuzz target (tests/fuzz/) runs it. Sizes from a header are
 * multiplied with _lab_image_mul(), which saturates instead of wrapping.
 */
#pragma once

#include "lab-image-private.h"

G_BEGIN_DECLS

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;   /* invariant: pos <= size */
} LabImageReader;

/* Whether @n more bytes can be read. */
static inline gboolean
_lab_image_has (const LabImageReader *r,
                guint64               n)
{
  return r->size - r->pos >= n;
}

/* Skips @n bytes; FALSE (and no move) when there are not that many. */
static inline gboolean
_lab_image_skip (LabImageReader *r,
                 guint64         n)
{
  if (!_lab_image_has (r, n))
    return FALSE;
  r->pos += n;
  return TRUE;
}

/* a * b, or G_MAXUINT64 when it does not fit: sizes from a hostile header */
static inline guint64
_lab_image_mul (guint64 a,
                guint64 b)
{
  return b != 0 && a > G_MAXUINT64 / b ? G_MAXUINT64 : a * b;
}

static inline guint
_lab_image_be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

static inline guint32
_lab_image_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static inline guint
_lab_image_le16 (const guint8 *p)
{
  return (guint) p[1] << 8 | p[0];
}

static inline guint32
_lab_image_le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

/* lab-image-check.c: set @error and return FALSE */
gboolean _lab_image_truncated  (LabImageFormat   format,
                                GError         **error);
gboolean _lab_image_damaged    (LabImageFormat   format,
                                const char      *what,
                                GError         **error);

/* lab-image-check-pnm.c: an integer of a PNM header, as stb reads it */
gboolean _lab_image_pnm_integer (LabImageReader *r,
                                 guint64        *value);

/* lab-image-check-FORMAT.c: FALSE with @error set when the file is cut
 * short or otherwise refused */
gboolean _lab_image_check_png  (const guint8  *data,
                                gsize          size,
                                GError       **error);
gboolean _lab_image_check_jpeg (const guint8  *data,
                                gsize          size,
                                GError       **error);
gboolean _lab_image_check_gif  (const guint8  *data,
                                gsize          size,
                                GError       **error);
gboolean _lab_image_check_bmp  (const guint8  *data,
                                gsize          size,
                                GError       **error);
gboolean _lab_image_check_psd  (const guint8  *data,
                                gsize          size,
                                GError       **error);
gboolean _lab_image_check_pnm  (const guint8  *data,
                                gsize          size,
                                GError       **error);
gboolean _lab_image_check_tga  (const guint8  *data,
                                gsize          size,
                                GError       **error);

G_END_DECLS
