/* lab-event-log.c — see lab-event-log.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each line starts with g_get_monotonic_time() (CLOCK_MONOTONIC, shared by
 * every process on the machine), so a test can compare when it sent a key
 * with when the window saw it. Off unless TASKLAB_EVENT_LOG names a file.
 */
#define G_LOG_DOMAIN "Lab"

#include <stdio.h>

#include "lab-event-log.h"

static FILE *
event_log (void)
{
  static FILE *file;
  static gsize opened;

  if (g_once_init_enter (&opened))
    {
      const char *path = g_getenv ("TASKLAB_EVENT_LOG");

      if (path != NULL && path[0] != '\0')
        file = fopen (path, "a");
      g_once_init_leave (&opened, 1);
    }
  return file;
}

gboolean
lab_event_log_is_enabled (void)
{
  return event_log () != NULL;
}

void
lab_event_log_write (const char *format,
                     ...)
{
  FILE *file = event_log ();
  g_autofree char *message = NULL;
  va_list args;

  if (file == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (file, "%" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (), message);
  fflush (file);
}
