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

/* The Chrome "pid" of the "Tasks" process: one row per task, its states as
 * slices; a task's row is "tid" LAB_TRACE_EXPORT_TASK_TID_BASE + its id. */
#define LAB_TRACE_EXPORT_TASKS_PID      2
#define LAB_TRACE_EXPORT_TASK_TID_BASE  1000000
/* Only the first (lowest id) tasks get rows; the rest are counted in the
 * file's "otherData" and in the process's name. Likewise for blocked waits. */
#define LAB_TRACE_EXPORT_MAX_STATE_TASKS 1000
#define LAB_TRACE_EXPORT_MAX_WAITS       10000

char     *lab_trace_export_to_chrome_json  (LabTraceModel  *model);
gboolean  lab_trace_export_chrome_json     (LabTraceModel  *model,
                                            const char     *path,
                                            GError        **error);

G_END_DECLS
