/* main.c — TaskLab's entry point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "lab-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LabApplication) application = NULL;
  int status;

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
