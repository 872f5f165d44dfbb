/* lab-waits.h — who blocked waiting for which task, and the wait cycle that
 * makes a deadlock (.Result on the UI thread for a task whose await posts
 * back to the UI thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <pool.h>

#include "lab-trace-model.h"

G_BEGIN_DECLS

/**
 * LabTraceWait:
 * @lane: the blocked thread's lane
 * @waiting_task_id: the task running on that thread, 0 if none (the UI
 *   thread)
 * @waited_task_id: the task it waits for
 * @from_us: when it blocked
 * @to_us: when it stopped blocking; %G_MAXINT64 if it never did
 */
typedef struct
{
  guint  lane;
  guint  waiting_task_id;
  guint  waited_task_id;
  gint64 from_us;
  gint64 to_us;
} LabTraceWait;

GArray *lab_waits_compute           (LabTraceModel *model);
char   *lab_waits_describe_cycle_at (LabTraceModel *model,
                                     gint64         at_us,
                                     guint         *lane);

G_END_DECLS
