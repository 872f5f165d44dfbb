/* lab-trace-export.h — a run's trace as Chrome Trace Event JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lab-trace-model.h"

G_BEGIN_DECLS

/* The Chrome "tid" of the I/O row: awaited I/O holds no thread. */
#define LAB_TRACE_EXPORT_IO_TID 9999

char     *lab_trace_export_to_chrome_json  (LabTraceModel  *model);
gboolean  lab_trace_export_chrome_json     (LabTraceModel  *model,
                                            const char     *path,
                                            GError        **error);

G_END_DECLS
