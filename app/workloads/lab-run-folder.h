/* lab-run-folder.h — a temporary folder for one run, and clearing those of
 * runs that died.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder names this module makes and removes:
 * "tasklab-" PID "-" six characters of g_mkdtemp(). */
#define LAB_RUN_FOLDER_PREFIX "tasklab-"

char     *lab_run_folder_create       (const char  *parent,
                                       GError     **error);
gboolean  lab_run_folder_remove       (const char  *path,
                                       GError     **error);
guint     lab_run_folder_remove_stale (const char  *parent);
gboolean  lab_run_folder_parse_name   (const char  *name,
                                       GPid        *pid);

G_END_DECLS
