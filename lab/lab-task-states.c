/* lab-task-states.c — see lab-task-states.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from the trace's instants, in position order: each STATUS opens the
 * task's next state (the pool records one per change, in the order of the
 * changes, the first being the status the task was created with). A
 * QUEUED says which queue a WaitingToRun task waits in (it may come just
 * before or just after the status: the queueing thread records both); a task
 * queued without a WaitingToRun status of its own (a continuation) counts as
 * queued from its QUEUED. DEQUEUED and STOLEN end nothing here: the task is
 * WaitingToRun until its Running status. While Running, the lane is the one
 * of the thread that recorded the status (the thread that runs it), or of
 * the task's span when that thread has no lane yet.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-task-states.h"
#include "lab-trace-model-private.h"

typedef struct
{
  PoolTraceQueue queue;
  int            queue_index;
  gint64         at_us;
} LastQueued;

/**
 * lab_task_state_to_string:
 *
 * Returns: the TPL's name for @state (TaskStatus): "Created",
 *   "WaitingForActivation", "Queued" (for WaitingToRun, as the views say
 *   it), "Running", "WaitingForChildrenToComplete", "RanToCompletion",
 *   "Canceled", "Faulted"
 */
const char *
lab_task_state_to_string (LabTaskState state)
{
  switch (state)
    {
    case LAB_TASK_STATE_CREATED: return "Created";
    case LAB_TASK_STATE_WAITING_FOR_ACTIVATION: return "WaitingForActivation";
    case LAB_TASK_STATE_QUEUED: return "Queued";
    case LAB_TASK_STATE_RUNNING: return "Running";
    case LAB_TASK_STATE_WAITING_FOR_CHILDREN: return "WaitingForChildrenToComplete";
    case LAB_TASK_STATE_RAN_TO_COMPLETION: return "RanToCompletion";
    case LAB_TASK_STATE_CANCELED: return "Canceled";
    case LAB_TASK_STATE_FAULTED: return "Faulted";
    default: return "Unknown";
    }
}

/* RanToCompletion, Canceled, Faulted: Task.IsCompleted */
gboolean
lab_task_state_is_final (LabTaskState state)
{
  return state == LAB_TASK_STATE_RAN_TO_COMPLETION || state == LAB_TASK_STATE_CANCELED ||
         state == LAB_TASK_STATE_FAULTED;
}

static LabTaskState
state_of_status (PoolTaskStatus status)
{
  switch (status)
    {
    case POOL_TASK_STATUS_CREATED: return LAB_TASK_STATE_CREATED;
    case POOL_TASK_STATUS_WAITING_FOR_ACTIVATION: return LAB_TASK_STATE_WAITING_FOR_ACTIVATION;
    case POOL_TASK_STATUS_WAITING_TO_RUN: return LAB_TASK_STATE_QUEUED;
    case POOL_TASK_STATUS_RUNNING: return LAB_TASK_STATE_RUNNING;
    case POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE:
      return LAB_TASK_STATE_WAITING_FOR_CHILDREN;
    case POOL_TASK_STATUS_RAN_TO_COMPLETION: return LAB_TASK_STATE_RAN_TO_COMPLETION;
    case POOL_TASK_STATUS_CANCELED: return LAB_TASK_STATE_CANCELED;
    case POOL_TASK_STATUS_FAULTED: return LAB_TASK_STATE_FAULTED;
    default: return LAB_TASK_STATE_CREATED;
    }
}

static guint
lane_of_thread (LabTraceModel *model,
                guint          thread_serial)
{
  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    {
      const LabTraceLane *lane = lab_trace_model_get_lane (model, i);

      if (lane->kind != LAB_LANE_IO && lane->thread_serial == thread_serial)
        return i;
    }
  return G_MAXUINT;
}

static GArray *
task_spans (GHashTable *by_task,
            guint       task_id)
{
  GArray *spans = g_hash_table_lookup (by_task, GUINT_TO_POINTER (task_id));

  if (spans == NULL)
    {
      spans = g_array_new (FALSE, FALSE, sizeof (LabTaskStateSpan));
      g_hash_table_insert (by_task, GUINT_TO_POINTER (task_id), spans);
    }
  return spans;
}

/* Closes @spans' open state at @at_us (unless final) and opens @state. */
static LabTaskStateSpan *
open_state (GArray       *spans,
            guint         task_id,
            LabTaskState  state,
            gint64        at_us)
{
  LabTaskStateSpan next = { task_id, state, POOL_TRACE_QUEUE_NONE, -1, G_MAXUINT,
                            at_us, G_MAXINT64 };

  if (spans->len > 0)
    {
      LabTaskStateSpan *last = &g_array_index (spans, LabTaskStateSpan, spans->len - 1);

      last->to_us = MAX (last->from_us, at_us);
      next.from_us = last->to_us;
    }
  g_array_append_val (spans, next);
  return &g_array_index (spans, LabTaskStateSpan, spans->len - 1);
}

static void
apply_instant (LabTraceModel        *model,
               GHashTable           *by_task,
               GHashTable           *last_queued,
               const PoolTraceEvent *event)
{
  GArray *spans;
  LabTaskStateSpan *open = NULL, *span;
  LastQueued *queued;

  if (event->task_id == 0 ||
      (event->kind != POOL_TRACE_KIND_STATUS && event->kind != POOL_TRACE_KIND_QUEUED))
    return;
  spans = task_spans (by_task, event->task_id);
  if (spans->len > 0)
    open = &g_array_index (spans, LabTaskStateSpan, spans->len - 1);

  if (event->kind == POOL_TRACE_KIND_QUEUED)
    {
      queued = g_new (LastQueued, 1);
      *queued = (LastQueued) { event->queue, event->queue_index, event->start_us };
      g_hash_table_replace (last_queued, GUINT_TO_POINTER (event->task_id), queued);
      if (open != NULL && open->state == LAB_TASK_STATE_QUEUED)
        span = open;
      else if (open == NULL || open->state == LAB_TASK_STATE_CREATED ||
               open->state == LAB_TASK_STATE_WAITING_FOR_ACTIVATION)
        span = open_state (spans, event->task_id, LAB_TASK_STATE_QUEUED, event->start_us);
      else
        return;   /* queued again while running or done: a no-op re-queue */
      span->queue = event->queue;
      span->queue_index = event->queue == POOL_TRACE_QUEUE_LOCAL ? event->queue_index : -1;
      return;
    }

  if (open != NULL && open->state == LAB_TASK_STATE_QUEUED &&
      state_of_status (event->status) == LAB_TASK_STATE_QUEUED)
    return;     /* its QUEUED came first */
  span = open_state (spans, event->task_id, state_of_status (event->status), event->start_us);
  if (span->state == LAB_TASK_STATE_QUEUED)
    {
      queued = g_hash_table_lookup (last_queued, GUINT_TO_POINTER (event->task_id));
      if (queued != NULL)
        {
          span->queue = queued->queue;
          span->queue_index = queued->queue == POOL_TRACE_QUEUE_LOCAL ? queued->queue_index : -1;
        }
    }
  else if (span->state == LAB_TASK_STATE_RUNNING)
    {
      guint item = _lab_trace_model_get_task_item (model, event->task_id);

      span->lane = lane_of_thread (model, event->thread_serial);
      if (span->lane == G_MAXUINT && item != G_MAXUINT)
        span->lane = lab_trace_model_get_item (model, item)->lane;
    }
}

/**
 * lab_task_states_compute:
 *
 * Returns: (transfer full) (element-type LabTaskStateSpan): every task's
 *   states, grouped by task id (ascending), each task's in time order
 */
GArray *
lab_task_states_compute (LabTraceModel *model)
{
  g_autoptr(GHashTable) by_task = g_hash_table_new_full (NULL, NULL, NULL,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) last_queued = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) ids = NULL;
  GArray *states = g_array_new (FALSE, FALSE, sizeof (LabTaskStateSpan));

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), states);

  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    apply_instant (model, by_task, last_queued, lab_trace_model_get_instant (model, i));
  ids = _lab_sorted_uint_keys (by_task);
  for (guint i = 0; i < ids->len; i++)
    {
      GArray *spans = g_hash_table_lookup (by_task, g_ptr_array_index (ids, i));

      g_array_append_vals (states, spans->data, spans->len);
    }
  return states;
}

/**
 * lab_task_states_lookup:
 * @states: (element-type LabTaskStateSpan): from lab_task_states_compute()
 * @at_us: a moment, g_get_monotonic_time()
 * @out: (out caller-allocates): the state @task_id was in at @at_us
 *
 * Returns: %FALSE if the task did not exist yet at @at_us (or never did)
 */
gboolean
lab_task_states_lookup (GArray           *states,
                        guint             task_id,
                        gint64            at_us,
                        LabTaskStateSpan *out)
{
  guint low = 0, high;

  g_return_val_if_fail (states != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* the first span of @task_id */
  high = states->len;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (states, LabTaskStateSpan, mid).task_id < task_id)
        low = mid + 1;
      else
        high = mid;
    }
  for (guint i = low; i < states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states, LabTaskStateSpan, i);

      if (span->task_id != task_id || span->from_us > at_us)
        break;
      /* spans follow each other; of two that start at the moment, the later wins */
      if (at_us < span->to_us || span->to_us == G_MAXINT64)
        *out = *span;
    }
  return low < states->len && g_array_index (states, LabTaskStateSpan, low).task_id == task_id &&
         g_array_index (states, LabTaskStateSpan, low).from_us <= at_us;
}
