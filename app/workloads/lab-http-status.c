/* lab-http-status.c — the reason phrases of HTTP status codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the codes a download demo or a test is likely to meet; the others get
 * the name of their class, so a message always has words in it.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-http-status.h"

static const struct
{
  guint       status;
  const char *reason;
} reasons[] = {
  { 200, "OK" },
  { 201, "Created" },
  { 202, "Accepted" },
  { 204, "No Content" },
  { 206, "Partial Content" },
  { 301, "Moved Permanently" },
  { 302, "Found" },
  { 303, "See Other" },
  { 304, "Not Modified" },
  { 307, "Temporary Redirect" },
  { 308, "Permanent Redirect" },
  { 400, "Bad Request" },
  { 401, "Unauthorized" },
  { 403, "Forbidden" },
  { 404, "Not Found" },
  { 405, "Method Not Allowed" },
  { 406, "Not Acceptable" },
  { 408, "Request Timeout" },
  { 409, "Conflict" },
  { 410, "Gone" },
  { 413, "Content Too Large" },
  { 414, "URI Too Long" },
  { 415, "Unsupported Media Type" },
  { 418, "I'm a teapot" },
  { 429, "Too Many Requests" },
  { 431, "Request Header Fields Too Large" },
  { 451, "Unavailable For Legal Reasons" },
  { 500, "Internal Server Error" },
  { 501, "Not Implemented" },
  { 502, "Bad Gateway" },
  { 503, "Service Unavailable" },
  { 504, "Gateway Timeout" },
};

/**
 * lab_http_status_reason:
 * @status: an HTTP status code
 *
 * Returns: (transfer none): the reason phrase of @status ("Not Found"), or
 *   the name of its class ("Client Error") for codes not listed
 */
const char *
lab_http_status_reason (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].status == status)
      return reasons[i].reason;

  switch (status / 100)
    {
    case 1: return "Informational";
    case 2: return "Success";
    case 3: return "Redirection";
    case 4: return "Client Error";
    case 5: return "Server Error";
    default: return "Unknown Status";
    }
}
