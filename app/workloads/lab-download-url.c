/* lab-download-url.c — URLs: checked before curl sees them, and shown in
 * messages (valid UTF-8, no control characters, no password, not endless).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"

#include <string.h>

#define MAX_SHOWN_URL 300   /* characters of a URL quoted in an error */

/* A URL fit for a message: valid UTF-8, no control characters, no password,
 * not endless. */
char *
_lab_download_display_url (const char *url)
{
  g_autofree char *valid = NULL;
  char *without_password = NULL;
  GString *shown = g_string_new (NULL);
  guint n_chars = 0;

  if (strchr (url, '@') != NULL)
    {
      CURLU *parsed = curl_url ();

      if (curl_url_set (parsed, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
        {
          curl_url_set (parsed, CURLUPART_PASSWORD, NULL, 0);
          curl_url_get (parsed, CURLUPART_URL, &without_password, 0);
        }
      curl_url_cleanup (parsed);
    }

  valid = g_utf8_make_valid (without_password != NULL ? without_password : url, -1);
  curl_free (without_password);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n_chars > MAX_SHOWN_URL)
        {
          g_string_append (shown, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (shown, "%%%02X", c & 0xff);
      else
        g_string_append_unichar (shown, c);
    }
  return g_string_free (shown, FALSE);
}

/* The host of @url fit for a message (all of @url when it has none). */
char *
_lab_download_display_host (const char *url)
{
  CURLU *parsed = curl_url ();
  char *host = NULL;
  char *copy;

  if (curl_url_set (parsed, CURLUPART_URL, url, 0) == CURLUE_OK)
    curl_url_get (parsed, CURLUPART_HOST, &host, 0);
  copy = _lab_download_display_url (host != NULL ? host : url);
  curl_free (host);
  curl_url_cleanup (parsed);
  return copy;
}

/* FALSE with @error set for a URL we refuse before curl sees it: malformed,
 * or a scheme other than http and https. */
gboolean
_lab_download_check_url (const char  *url,
                         GError     **error)
{
  CURLU *parsed = curl_url ();
  CURLUcode code = curl_url_set (parsed, CURLUPART_URL, url, 0);
  char *scheme = NULL;
  gboolean ok = FALSE;

  if (code != CURLUE_OK)
    {
      g_autofree char *shown = _lab_download_display_url (url);

      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                   "Not a valid URL: \"%s\" (%s)", shown, curl_url_strerror (code));
    }
  else if (curl_url_get (parsed, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
           (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_autofree char *shown = _lab_download_display_url (url);
      g_autofree char *shown_scheme = _lab_download_display_url (scheme != NULL ? scheme : "?");

      g_set_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_INVALID_URL,
                   "Only http and https URLs can be downloaded, not %s: %s", shown_scheme, shown);
    }
  else
    {
      ok = TRUE;
    }

  curl_free (scheme);
  curl_url_cleanup (parsed);
  return ok;
}
