/* lab-run-log.h — what a C# speaker's Console.WriteLine lines would have
 * said of a run, from its trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-trace-model.h"

G_BEGIN_DECLS

char *lab_run_log_describe_thread (LabTraceModel *model,
                                   guint          lane);
GStrv lab_run_log_build           (LabTraceModel *model,
                                   guint          ui_thread_serial);

G_END_DECLS
