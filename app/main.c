/* main.c — TaskLab's entry point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>

#include "lab-application.h"

/* With the Cairo renderer, GDK draws each frame into a new image the size of
 * what changed, and frees it after. glibc serves a block that large with
 * mmap() and gives it back with munmap() (its threshold adapts only after
 * such a free, and only to that size); the next larger frame page-faults
 * every page again, zeroed by the kernel. That made the first live frames of
 * a run (where the whole timeline changes) cost 100 page faults and about
 * 1 ms more on the UI thread. A fixed threshold, the largest glibc takes,
 * keeps these blocks in the heap and reuses them from frame to frame (a
 * 1920x1080 window's image is 8 MB); a big image's pixels are still mapped
 * on their own. */
#define FRAME_IMAGE_MMAP_THRESHOLD (32 * 1024 * 1024)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LabApplication) application = NULL;
  int status;

  /* before any thread allocates */
  mallopt (M_MMAP_THRESHOLD, FRAME_IMAGE_MMAP_THRESHOLD);

  /* before anything prints: --help's option descriptions are translated
   * through the default domain (GApplication's main option group has none
   * of its own), and so are the .ui files */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* logging on stderr, debug messages too (GLib 2.74 writes those to
   * stdout): stdout carries what other tools read, --report json and --list */
  g_log_writer_default_set_use_stderr (TRUE);

  application = lab_application_new ();
  status = g_application_run (G_APPLICATION (application), argc, argv);
  return status != 0 ? status : lab_application_get_exit_status (application);
}
