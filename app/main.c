/* main.c — TaskLab's entry point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LabApplication) application = lab_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
