/* lab-task-states.h — each task's TPL status over a run (Created, Queued,
 * Running, …), read from the trace's STATUS and queue instants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <pool.h>

#include "lab-trace-model.h"

G_BEGIN_DECLS

/**
 * LabTaskState:
 * @LAB_TASK_STATE_CREATED: TaskStatus.Created
 * @LAB_TASK_STATE_WAITING_FOR_ACTIVATION: TaskStatus.WaitingForActivation
 * @LAB_TASK_STATE_QUEUED: TaskStatus.WaitingToRun, in a known queue
 * @LAB_TASK_STATE_RUNNING: TaskStatus.Running
 * @LAB_TASK_STATE_WAITING_FOR_CHILDREN: TaskStatus.WaitingForChildrenToComplete
 * @LAB_TASK_STATE_RAN_TO_COMPLETION: TaskStatus.RanToCompletion
 * @LAB_TASK_STATE_CANCELED: TaskStatus.Canceled
 * @LAB_TASK_STATE_FAULTED: TaskStatus.Faulted
 */
typedef enum
{
  LAB_TASK_STATE_CREATED,
  LAB_TASK_STATE_WAITING_FOR_ACTIVATION,
  LAB_TASK_STATE_QUEUED,                 /* WaitingToRun, in @queue */
  LAB_TASK_STATE_RUNNING,
  LAB_TASK_STATE_WAITING_FOR_CHILDREN,
  LAB_TASK_STATE_RAN_TO_COMPLETION,
  LAB_TASK_STATE_CANCELED,
  LAB_TASK_STATE_FAULTED,
} LabTaskState;

/**
 * LabTaskStateSpan:
 * @task_id: the task
 * @state: its state from @from_us to @to_us
 * @queue: for %LAB_TASK_STATE_QUEUED, the queue it waits in, else
 *   %POOL_TRACE_QUEUE_NONE
 * @queue_index: the worker index for a %POOL_TRACE_QUEUE_LOCAL queue, else -1
 * @lane: the model lane it runs on while %LAB_TASK_STATE_RUNNING, else
 *   %G_MAXUINT
 * @from_us: when it entered the state (g_get_monotonic_time())
 * @to_us: when it left it; %G_MAXINT64 while still in it (final states stay
 *   open)
 */
typedef struct
{
  guint          task_id;
  LabTaskState   state;
  PoolTraceQueue queue;
  int            queue_index;
  guint          lane;
  gint64         from_us;
  gint64         to_us;
} LabTaskStateSpan;

const char *lab_task_state_to_string (LabTaskState      state);
gboolean    lab_task_state_is_final  (LabTaskState      state);
GArray     *lab_task_states_compute  (LabTraceModel    *model);
gboolean    lab_task_states_lookup   (GArray           *states,
                                      guint             task_id,
                                      gint64            at_us,
                                      LabTaskStateSpan *out);

G_END_DECLS
