/* lab-http-status.h — the reason phrases of HTTP status codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the slow server (which writes them) and the download (which
 * names them in its errors when the server sent none, as HTTP/2 servers do).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *lab_http_status_reason (guint status);

G_END_DECLS
