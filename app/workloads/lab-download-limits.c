/* lab-download-limits.c — a download's limits: the defaults, the deadline,
 * and the curl options that enforce them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-download-private.h"

/* Copies @limits (nullable) into @resolved, a zero field taking its
 * LAB_DOWNLOAD_DEFAULT_* value. */
void
_lab_download_limits_resolve (LabDownloadLimits       *resolved,
                              const LabDownloadLimits *limits)
{
  if (limits != NULL)
    *resolved = *limits;
#define DEFAULT(field, value) if (resolved->field == 0) resolved->field = (value)
  DEFAULT (connect_timeout_ms, LAB_DOWNLOAD_DEFAULT_CONNECT_TIMEOUT_MS);
  DEFAULT (low_speed_bytes, LAB_DOWNLOAD_DEFAULT_LOW_SPEED_BYTES);
  DEFAULT (low_speed_time_s, LAB_DOWNLOAD_DEFAULT_LOW_SPEED_TIME_S);
  DEFAULT (timeout_ms, LAB_DOWNLOAD_DEFAULT_TIMEOUT_MS);
  DEFAULT (max_body_bytes, LAB_DOWNLOAD_DEFAULT_MAX_BODY_BYTES);
  DEFAULT (max_redirects, LAB_DOWNLOAD_DEFAULT_MAX_REDIRECTS);
#undef DEFAULT
  /* a GByteArray holds at most G_MAXUINT bytes */
  resolved->max_body_bytes = MIN (resolved->max_body_bytes, G_MAXUINT);
}

/* The monotonic time at which the progress callback stops a transfer
 * starting now: the backstop, a little after curl's own timeout. */
gint64
_lab_download_limits_deadline (const LabDownloadLimits *resolved)
{
  return g_get_monotonic_time () + (gint64) resolved->timeout_ms * 1000 + 250000;
}

/* Sets the curl options that enforce @resolved on @easy. */
void
_lab_download_limits_apply (const LabDownloadLimits *resolved,
                            CURL                    *easy)
{
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, resolved->max_redirects >= 0 ? 1L : 0L);
  curl_easy_setopt (easy, CURLOPT_MAXREDIRS, (long) MAX (resolved->max_redirects, 0));
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) resolved->connect_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, (long) resolved->low_speed_bytes);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long) resolved->low_speed_time_s);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) resolved->timeout_ms);
  curl_easy_setopt (easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) resolved->max_body_bytes);
}
