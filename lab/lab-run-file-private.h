/* lab-run-file-private.h — the parts of a saved run kept in files of their
 * own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-run-file.h"

G_BEGIN_DECLS

/* lab-run-file-marks.c: the "csharp_marks" member */
void     _lab_run_file_add_csharp_marks       (JsonBuilder    *builder,
                                               LabRunMonitor  *monitor);
gboolean _lab_run_file_csharp_marks_from_json (JsonObject     *root,
                                               LabRunMonitor  *monitor,
                                               GError        **error);

G_END_DECLS
