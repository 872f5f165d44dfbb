/* lab-image-check-pnm.c — PNM (P5, P6): a header stb can read, a maximum
 * sample value that means something, and the samples there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-image-check-private.h"

static gboolean
pnm_is_space (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* As stb reads it: whitespace and # comments, then digits. */
gboolean
_lab_image_pnm_integer (LabImageReader *r,
                        guint64        *value)
{
  for (;;)
    {
      while (_lab_image_has (r, 1) && pnm_is_space (r->data[r->pos]))
        r->pos++;
      if (!_lab_image_has (r, 1) || r->data[r->pos] != '#')
        break;
      while (_lab_image_has (r, 1) && r->data[r->pos] != '\n' && r->data[r->pos] != '\r')
        r->pos++;
    }
  if (!_lab_image_has (r, 1) || !g_ascii_isdigit (r->data[r->pos]))
    return FALSE;
  *value = 0;
  while (_lab_image_has (r, 1) && g_ascii_isdigit (r->data[r->pos]))
    {
      *value = MIN (*value * 10 + (r->data[r->pos] - '0'), G_MAXUINT32);
      r->pos++;
    }
  return TRUE;
}

gboolean
_lab_image_check_pnm (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  LabImageReader r = { data, size, 2 };
  guint64 width, height, max_value, sample_bytes, channels = data[1] == '6' ? 3 : 1;

  if (!_lab_image_pnm_integer (&r, &width) || !_lab_image_pnm_integer (&r, &height) ||
      !_lab_image_pnm_integer (&r, &max_value))
    return _lab_image_has (&r, 1) ? _lab_image_damaged (LAB_IMAGE_FORMAT_PNM, "bad header", error)
                       : _lab_image_truncated (LAB_IMAGE_FORMAT_PNM, error);
  /* stb would read samples of any maximum; a maximum of 0 has no meaning
   * (every sample would be 0/0), over 65535 the format has none */
  if (max_value == 0)
    return _lab_image_damaged (LAB_IMAGE_FORMAT_PNM, "its maximum sample value is 0", error);
  if (max_value > 65535)
    return _lab_image_damaged (LAB_IMAGE_FORMAT_PNM, "its maximum sample value is over 65535",
                               error);
  /* 16-bit samples: Debian 12's stb (2.27) converts them to four channels as
   * if they were 8-bit and then reads past its buffer (CVE-2021-42716; our
   * fuzzer crashed in it), so they are refused before stb sees them */
  if (max_value > 255)
    return _lab_image_damaged (LAB_IMAGE_FORMAT_PNM,
                               "it has 16-bit samples (a maximum sample value over 255), "
                               "which this build cannot read safely", error);
  /* one whitespace character ends the header */
  if (!_lab_image_skip (&r, 1))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_PNM, error);
  sample_bytes = max_value > 255 ? 2 : 1;
  if (!_lab_image_has (&r, _lab_image_mul (_lab_image_mul (width, height),
                                           channels * sample_bytes)))
    return _lab_image_truncated (LAB_IMAGE_FORMAT_PNM, error);
  return TRUE;
}
