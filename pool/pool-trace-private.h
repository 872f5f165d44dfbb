/* pool-trace-private.h — how the pool records trace events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pool-types.h"
#include "pool-trace.h"

G_BEGIN_DECLS

gboolean _pool_trace_is_enabled (void);
void _pool_thread_set_role    (PoolThreadRole role,
                               int            worker_index);
void _pool_trace_record_task  (guint          task_id,
                               gboolean       inlined,
                               gint64         queued_us,
                               gint64         start_us,
                               gint64         end_us);
void _pool_trace_record_item  (gint64         queued_us,
                               gint64         start_us,
                               gint64         end_us);

G_END_DECLS
