/* lab-slow-server-body.c — the body's bytes: generated (size=N), endless
 * header lines (endless_head=1), slices of a file or a text, and gzip or
 * deflate on the fly (encoding=E).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-slow-server-private.h"

#include <string.h>

static void
fill_generated (guint8  *buffer,
                guint64  offset,
                gsize    length)
{
  guint value = offset % 251;

  for (gsize i = 0; i < length; i++)
    {
      buffer[i] = (guint8) value;
      if (++value == 251)
        value = 0;
    }
}

/* endless_head=1: "X-Trickle: xxx…x\r\n", 64 bytes a line, forever. */
#define HEADER_LINE "X-Trickle: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
G_STATIC_ASSERT (sizeof HEADER_LINE - 1 == 64);

static void
fill_header_lines (guint8  *buffer,
                   guint64  offset,
                   gsize    length)
{
  for (gsize i = 0; i < length; i++)
    buffer[i] = HEADER_LINE[(offset + i) % 64];
}

/* Up to @length bytes of the body (before compression) from @offset:
 * a pointer into @body, or into @conn->chunk once filled. */
const guint8 *
_lab_slow_server_body_slice (LabSlowServerConnection *conn,
                             guint64                  offset,
                             gsize                    length)
{
  if (conn->body_kind == LAB_SLOW_SERVER_BODY_BYTES)
    return (const guint8 *) g_bytes_get_data (conn->body, NULL) + offset;

  if (conn->chunk == NULL)
    conn->chunk = g_malloc (LAB_SLOW_SERVER_CHUNK_BYTES);
  if (conn->body_kind == LAB_SLOW_SERVER_BODY_GENERATED)
    fill_generated (conn->chunk, offset, length);
  else
    fill_header_lines (conn->chunk, offset, length);
  return conn->chunk;
}

/* Fills @conn->wire with the next compressed bytes; FALSE once the
 * compressed stream has ended and been written. */
static gboolean
compress_more (LabSlowServerConnection *conn)
{
  while (conn->wire_start == conn->wire_length)
    {
      gsize length, bytes_read = 0, bytes_written = 0;
      const guint8 *input;
      GConverterResult result;

      if (conn->compressed_all)
        return FALSE;
      length = (gsize) MIN (conn->body_length - conn->source_sent, LAB_SLOW_SERVER_CHUNK_BYTES);
      input = length > 0 ? _lab_slow_server_body_slice (conn, conn->source_sent, length) : NULL;
      if (conn->wire == NULL)
        conn->wire = g_malloc (2 * LAB_SLOW_SERVER_CHUNK_BYTES);
      result = g_converter_convert (conn->compressor, input, length,
                                    conn->wire, 2 * LAB_SLOW_SERVER_CHUNK_BYTES,
                                    conn->source_sent + length == conn->body_length
                                    ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &bytes_read, &bytes_written, NULL);
      if (result == G_CONVERTER_ERROR)
        {
          conn->compressed_all = TRUE;   /* cannot happen with zlib and room to write */
          return FALSE;
        }
      conn->source_sent += bytes_read;
      conn->wire_start = 0;
      conn->wire_length = bytes_written;
      if (result == G_CONVERTER_FINISHED)
        conn->compressed_all = TRUE;
    }
  return TRUE;
}

/* Whether the body has bytes left to send (on the wire). */
gboolean
_lab_slow_server_body_has_more (LabSlowServerConnection *conn)
{
  if (conn->compressor != NULL)
    return compress_more (conn);
  return conn->body_sent < conn->body_length;
}

/* encoding=gzip or deflate: the body goes through a compressor. */
void
_lab_slow_server_body_compress (LabSlowServerConnection *conn,
                                const char              *encoding)
{
  conn->encoding = strcmp (encoding, "gzip") == 0 ? "gzip" : "deflate";
  /* HTTP's "deflate" is the zlib format (RFC 9110) */
  conn->compressor = G_CONVERTER (g_zlib_compressor_new (strcmp (encoding, "gzip") == 0
                                                         ? G_ZLIB_COMPRESSOR_FORMAT_GZIP
                                                         : G_ZLIB_COMPRESSOR_FORMAT_ZLIB,
                                                         6));
}
