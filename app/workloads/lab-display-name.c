/* lab-display-name.c — a file name fit for a one-line message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file name is any bytes but "/" and NUL: it may hold a newline, an
 * escape sequence, a carriage return that hides what came before it, or a
 * right-to-left override that shows the extension backwards. Every message
 * the workloads build from a path is one line a user can trust, so the name
 * goes through g_filename_display_name() (valid UTF-8, the file-name
 * encoding honoured) and then every character that would break the line or
 * disguise the text is written as an escape: \n, \r, \t, \xNN for the other
 * control characters, \u{NNNN} for line and paragraph separators and the
 * bidirectional controls.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-display-name.h"

#include <string.h>

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * lab_display_name:
 * @filename: a path or a name, in the file-name encoding
 *
 * @filename for a message: valid UTF-8 on one line, with control
 * characters, line separators and bidirectional controls escaped (a
 * backslash is left as it is).
 *
 * Returns: (transfer full): the name to show
 */
char *
lab_display_name (const char *filename)
{
  g_autofree char *display = NULL;
  GString *shown;

  g_return_val_if_fail (filename != NULL, NULL);

  display = g_filename_display_name (filename);
  shown = g_string_sized_new (strlen (display));
  for (const char *p = display; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (c == '\n')
        g_string_append (shown, "\\n");
      else if (c == '\r')
        g_string_append (shown, "\\r");
      else if (c == '\t')
        g_string_append (shown, "\\t");
      else if (c < 0x100 && type == G_UNICODE_CONTROL)
        g_string_append_printf (shown, "\\x%02X", c);
      else if (type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR ||
               type == G_UNICODE_PARAGRAPH_SEPARATOR || is_bidi_control (c))
        g_string_append_printf (shown, "\\u{%04X}", c);
      else
        g_string_append_unichar (shown, c);
    }
  return g_string_free (shown, FALSE);
}
