/* lab-waits.c — see lab-waits.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A wait runs from a thread's WAIT_BEGIN to that thread's next WAIT_END
 * (the pool records them only when the thread really blocks, and a blocked
 * thread begins no other wait).
 *
 * The wait cycle is named only from what the events show at the moment:
 * the UI thread is in a wait for a task that has not completed, and the
 * work that would let the UI thread's queue move sits in that queue, which
 * only the UI thread empties. Two shapes:
 *  - the task waited for sits in the UI thread's queue itself (a task for the
 *    UI scheduler, waited for on the UI thread and not inlined);
 *  - the task waited for is a promise (an async method's task: it started
 *    WaitingForActivation and no thread ever took it to run, so only code
 *    can complete it), and the code after an await, posted there when its
 *    awaited task completed, waits in the UI thread's queue. That this code
 *    is what would complete the promise is the classic .Result deadlock;
 *    the words say what is seen and leave the rest to the speaker.
 * A worker blocked on work in its own local queue is no cycle: another
 * worker can steal it.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-queue-snapshot.h"
#include "lab-task-states.h"
#include "lab-trace-model-private.h"
#include "lab-waits.h"

static guint
lane_of_event (LabTraceModel        *model,
               const PoolTraceEvent *event)
{
  if (event->role == POOL_THREAD_ROLE_UI)
    return _lab_trace_model_get_ui_lane (model);
  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    {
      const LabTraceLane *lane = lab_trace_model_get_lane (model, i);

      if (lane->kind != LAB_LANE_IO && lane->thread_serial == event->thread_serial)
        return i;
    }
  return G_MAXUINT;
}

static int
compare_waits (gconstpointer a,
               gconstpointer b)
{
  const LabTraceWait *wa = a, *wb = b;

  return wa->from_us < wb->from_us ? -1 : wa->from_us > wb->from_us;
}

/**
 * lab_waits_compute:
 *
 * Returns: (transfer full) (element-type LabTraceWait): every wait in the
 *   trace, by start; a wait with no end yet ends at %G_MAXINT64. A thread
 *   that recorded no span yet has lane %G_MAXUINT.
 */
GArray *
lab_waits_compute (LabTraceModel *model)
{
  GArray *waits = g_array_new (FALSE, FALSE, sizeof (LabTraceWait));
  g_autoptr(GHashTable) open = g_hash_table_new (NULL, NULL);   /* thread → wait + 1 */

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), waits);

  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);
      gpointer thread = GUINT_TO_POINTER (event->thread_serial);

      if (event->kind == POOL_TRACE_KIND_WAIT_BEGIN)
        {
          LabTraceWait wait = { lane_of_event (model, event), event->task_id,
                                event->other_task_id, event->start_us, G_MAXINT64 };

          g_array_append_val (waits, wait);
          g_hash_table_replace (open, thread, GUINT_TO_POINTER (waits->len));
        }
      else if (event->kind == POOL_TRACE_KIND_WAIT_END)
        {
          guint index = GPOINTER_TO_UINT (g_hash_table_lookup (open, thread));

          if (index == 0)
            continue;
          g_array_index (waits, LabTraceWait, index - 1).to_us = event->start_us;
          g_hash_table_remove (open, thread);
        }
    }
  /* one thread's waits are in order; across threads, by start */
  g_array_sort (waits, compare_waits);
  return waits;
}

/* Whether @task_id is a promise at @at_us: its first state was
 * WaitingForActivation and no thread has taken it to run. */
static gboolean
is_promise (GArray *states,
            guint   task_id,
            gint64  at_us)
{
  gboolean first = TRUE;

  for (guint i = 0; i < states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states, LabTaskStateSpan, i);

      if (span->task_id != task_id || span->from_us > at_us)
        continue;
      if (first && span->state != LAB_TASK_STATE_WAITING_FOR_ACTIVATION)
        return FALSE;
      first = FALSE;
      if (span->state == LAB_TASK_STATE_QUEUED || span->state == LAB_TASK_STATE_RUNNING)
        return FALSE;
    }
  return !first;
}

/* The awaited task of the posted item @item_id (its LINK), 0 if none. */
static guint
awaited_task (LabTraceModel *model,
              guint64        item_id)
{
  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);

      if (event->kind == POOL_TRACE_KIND_LINK && event->link == POOL_TRACE_LINK_CONTINUATION &&
          event->other_task_id == 0 && event->item_id == item_id)
        return event->task_id;
    }
  return 0;
}

/* The cycle of @wait (the UI thread's, open at @at_us) in words, or NULL. */
static char *
describe_ui_wait (LabTraceModel      *model,
                  GArray             *states,
                  const LabQueue     *ui_queue,
                  const LabTraceWait *wait,
                  gint64              at_us)
{
  LabTaskStateSpan waited;
  guint task = wait->waited_task_id;

  if (!lab_task_states_lookup (states, task, at_us, &waited) ||
      lab_task_state_is_final (waited.state))
    return NULL;

  for (guint i = 0; i < ui_queue->entries->len; i++)
    {
      const LabQueueEntry *entry = &g_array_index (ui_queue->entries, LabQueueEntry, i);

      if (entry->task_id == task)
        return g_strdup_printf (_("Deadlock: the UI thread is blocked waiting for task %u "
                                  "(.Result or .Wait()). Task %u waits in the UI "
                                  "thread's queue, behind the wait: it cannot run until the "
                                  "wait ends."),
                                task, task);
    }

  if (!is_promise (states, task, at_us))
    return NULL;
  for (guint i = 0; i < ui_queue->entries->len; i++)
    {
      const LabQueueEntry *entry = &g_array_index (ui_queue->entries, LabQueueEntry, i);
      LabTaskStateSpan antecedent;
      guint awaited;

      if (entry->item_id == 0)
        continue;
      awaited = awaited_task (model, entry->item_id);
      if (awaited == 0 || !lab_task_states_lookup (states, awaited, at_us, &antecedent) ||
          !lab_task_state_is_final (antecedent.state))
        continue;
      return g_strdup_printf (_("Deadlock: the UI thread is blocked waiting for task %u "
                                "(.Result or .Wait()). No thread runs task %u: code must "
                                "complete it, as with an async method's task. The code after "
                                "an await of task %u (done) waits in the UI thread's queue, "
                                "behind the wait: it cannot run until the wait ends."),
                              task, task, awaited);
    }
  return NULL;
}

/**
 * lab_waits_describe_cycle_at:
 * @at_us: a moment, g_get_monotonic_time()
 * @lane: (out) (optional): the blocked thread's lane
 *
 * Returns: (transfer full) (nullable): the wait cycle at @at_us in words a
 *   speaker can read aloud, or %NULL when the events show none
 */
char *
lab_waits_describe_cycle_at (LabTraceModel *model,
                             gint64         at_us,
                             guint         *lane)
{
  g_autoptr(GArray) waits = NULL;
  g_autoptr(GArray) states = NULL;
  g_autoptr(GPtrArray) queues = NULL;
  guint ui_lane;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), NULL);

  ui_lane = _lab_trace_model_get_ui_lane (model);
  waits = lab_waits_compute (model);
  for (guint i = 0; i < waits->len; i++)
    {
      const LabTraceWait *wait = &g_array_index (waits, LabTraceWait, i);
      char *words;

      if (wait->lane != ui_lane || ui_lane == G_MAXUINT || wait->from_us > at_us ||
          wait->to_us <= at_us)
        continue;
      if (states == NULL)
        {
          states = lab_task_states_compute (model);
          queues = lab_queue_snapshot_at (model, at_us);
        }
      /* the UI thread's queue comes first */
      words = describe_ui_wait (model, states, g_ptr_array_index (queues, 0), wait, at_us);
      if (words != NULL)
        {
          if (lane != NULL)
            *lane = wait->lane;
          return words;
        }
    }
  return NULL;
}
