/* lab-queue-snapshot.c — see lab-queue-snapshot.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replays the queue instants up to the moment: a task or work item is in a
 * queue from its QUEUED to its DEQUEUED or STOLEN (the pool records the
 * QUEUED before any other thread can see the item, so the two never come in
 * the wrong order). A task handed to a dedicated thread of its own waits in
 * no queue and is not shown. A task the pool inlined while it sat in a queue
 * stays there until a thread takes it out and finds it done, as in .NET.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-queue-snapshot.h"
#include "lab-trace-model-private.h"

static void
queue_free (gpointer data)
{
  LabQueue *queue = data;

  g_free (queue->title);
  g_array_unref (queue->entries);
  g_free (queue);
}

static LabQueue *
queue_new (PoolTraceQueue  kind,
           int             queue_index,
           char           *title)
{
  LabQueue *queue = g_new0 (LabQueue, 1);

  queue->queue = kind;
  queue->queue_index = queue_index;
  queue->title = title;
  queue->entries = g_array_new (FALSE, FALSE, sizeof (LabQueueEntry));
  return queue;
}

static void
note_worker (GHashTable *workers,
             int         worker_index)
{
  if (worker_index >= 0)
    g_hash_table_add (workers, GINT_TO_POINTER (worker_index + 1));
}

/* Every worker in the trace (whatever the moment, so the queues shown do
 * not come and go with the cursor), by index. */
static GPtrArray *
workers_seen (LabTraceModel *model)
{
  g_autoptr(GHashTable) workers = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    {
      GArray *on_lane = _lab_trace_model_get_lane_items (model, i);

      if (lab_trace_model_get_lane (model, i)->kind == LAB_LANE_WORKER && on_lane->len > 0)
        note_worker (workers,
                     lab_trace_model_get_item (model, g_array_index (on_lane, guint, 0))
                       ->event.worker_index);
    }
  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);

      if (event->role == POOL_THREAD_ROLE_WORKER)
        note_worker (workers, event->worker_index);
      if (event->queue == POOL_TRACE_QUEUE_LOCAL)
        note_worker (workers, event->queue_index);
    }
  return _lab_sorted_uint_keys (workers);
}

static LabQueue *
find_queue (GPtrArray      *queues,
            PoolTraceQueue  kind,
            int             queue_index)
{
  for (guint i = 0; i < queues->len; i++)
    {
      LabQueue *queue = g_ptr_array_index (queues, i);

      if (queue->queue == kind &&
          (kind != POOL_TRACE_QUEUE_LOCAL || queue->queue_index == queue_index))
        return queue;
    }
  return NULL;
}

/* Where a queued task or work item sits: its queue and entry. */
typedef struct
{
  LabQueue *queue;
  guint     entry;
} Slot;

#define TAKEN_OUT G_MININT64    /* an entry's queued_us once taken out */

/* The slot table of @event's task (by id) or work item (by the address of
 * its id in the model, which outlives the snapshot). */
static GHashTable *
slots_for (GHashTable           *task_slots,
           GHashTable           *item_slots,
           const PoolTraceEvent *event,
           gconstpointer        *key)
{
  *key = event->task_id != 0 ? GUINT_TO_POINTER (event->task_id) : (gconstpointer) &event->item_id;
  return event->task_id != 0 ? task_slots : item_slots;
}

/* Drops the entries taken out, keeping the order of the others. */
static void
compact (LabQueue *queue)
{
  guint kept = 0;

  for (guint i = 0; i < queue->entries->len; i++)
    {
      const LabQueueEntry *entry = &g_array_index (queue->entries, LabQueueEntry, i);

      if (entry->queued_us != TAKEN_OUT)
        g_array_index (queue->entries, LabQueueEntry, kept++) = *entry;
    }
  g_array_set_size (queue->entries, kept);
}

/**
 * lab_queue_snapshot_at:
 * @at_us: a moment, g_get_monotonic_time()
 *
 * Returns: (transfer full) (element-type LabQueue): the UI thread's
 *   queue first, then the global queue, then one local queue per worker
 *   seen in the trace (by worker index), each with what waited in it at
 *   @at_us, oldest first
 */
GPtrArray *
lab_queue_snapshot_at (LabTraceModel *model,
                       gint64         at_us)
{
  GPtrArray *queues = g_ptr_array_new_with_free_func (queue_free);
  g_autoptr(GPtrArray) workers = NULL;
  /* task id or &item_id → Slot: taking out is by key, not by a scan (a
   * million queued items) */
  g_autoptr(GHashTable) task_slots = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) item_slots = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            NULL, g_free);

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), queues);

  g_ptr_array_add (queues, queue_new (POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                                      g_strdup (_("UI thread's queue"))));
  g_ptr_array_add (queues, queue_new (POOL_TRACE_QUEUE_GLOBAL, -1, g_strdup (_("Global queue"))));
  workers = workers_seen (model);
  for (guint i = 0; i < workers->len; i++)
    {
      int index = GPOINTER_TO_INT (g_ptr_array_index (workers, i)) - 1;

      /* TRANSLATORS: %d is a worker's number, from 1 */
      g_ptr_array_add (queues, queue_new (POOL_TRACE_QUEUE_LOCAL, index,
                                          g_strdup_printf (_("Worker %d's local queue"),
                                                           index + 1)));
    }

  /* instants are in position order; the threads' clocks agree closely
   * enough that only the moment decides */
  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);
      GHashTable *slots;
      gconstpointer key;
      LabQueue *queue;
      Slot *slot;

      if (event->start_us > at_us || (event->task_id == 0 && event->item_id == 0))
        continue;
      slots = slots_for (task_slots, item_slots, event, &key);
      switch (event->kind)
        {
        case POOL_TRACE_KIND_QUEUED:
          queue = find_queue (queues, event->queue, event->queue_index);
          if (queue != NULL)
            {
              LabQueueEntry entry = { event->task_id, event->task_id != 0 ? 0 : event->item_id,
                                      event->task_id != 0 ? NULL : event->label,
                                      event->start_us };

              g_array_append_val (queue->entries, entry);
              slot = g_new (Slot, 1);
              *slot = (Slot) { queue, queue->entries->len - 1 };
              g_hash_table_replace (slots, (gpointer) key, slot);
            }
          break;
        case POOL_TRACE_KIND_DEQUEUED:
        case POOL_TRACE_KIND_STOLEN:
          slot = g_hash_table_lookup (slots, key);
          if (slot != NULL)
            {
              LabQueueEntry *entry = &g_array_index (slot->queue->entries, LabQueueEntry,
                                                     slot->entry);

              entry->queued_us = TAKEN_OUT;
              g_hash_table_remove (slots, key);
            }
          break;
        default:
          break;
        }
    }
  for (guint q = 0; q < queues->len; q++)
    compact (g_ptr_array_index (queues, q));
  return queues;
}
