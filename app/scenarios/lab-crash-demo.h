/* lab-crash-demo.h — the child process of scenario 7: an error escapes a
 * work item and the pool ends the process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The hidden option the parent passes to its child. */
#define LAB_CRASH_DEMO_OPTION "crash-demo"

/* A file that does not exist: loading it is the work item's real error. */
#define LAB_CRASH_DEMO_MISSING_FILE "/nonexistent/tasklab/holiday-photo.jpg"

int   lab_crash_demo_handle_options (GVariantDict  *options);
char *lab_crash_demo_get_executable (GError       **error);

G_END_DECLS
