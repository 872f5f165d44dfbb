/* lab-trace-hand-offs.c — the trace model's hand-off links to the UI thread,
 * read from the instants rather than guessed from times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A task or work item that runs on the UI lane after a QUEUED into the
 * main-context queue was handed over by the thread that queued it. The link
 * starts at the task it continues when a LINK names one that ran (the
 * antecedent of a ContinueWith, the awaited task of an await: LINK
 * CONTINUATION with the posted item's id). An awaited promise runs on no
 * thread: when I/O ended just before the post (within LINK_BEFORE_US: the
 * I/O lane records no thread, so this one is read from the times), the link
 * starts there. Otherwise (a work item that posts) it starts at the item
 * that ran on the queuing thread at that moment, or that had just ended
 * there. Other work the UI thread queued itself, or that ran inline, hands
 * nothing over.
 *
 * The source may be recorded after its target (a thread records a span at
 * its end, and a work item can post before it ends), so targets wait in
 * @pending until their source is known or can no longer come.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-trace-model-private.h"

#define LINK_BEFORE_US (5 * 1000)

typedef struct
{
  guint  thread_serial;
  gint64 queued_us;
} Queued;

typedef struct
{
  guint  target;
  guint  antecedent;       /* task id, 0 if no LINK names one */
  guint  thread_serial;    /* of the queuing thread, 0 for the UI thread */
  gint64 queued_us;
} Pending;

struct _LabTraceHandOffs
{
  GHashTable *queued_tasks;      /* task id → Queued, into the main context */
  GHashTable *queued_items;      /* item id → Queued, into the main context */
  GHashTable *task_antecedents;  /* continuation task id → antecedent task id */
  GHashTable *item_antecedents;  /* posted item id → awaited task id */
  GArray     *pending;           /* Pending */
};

LabTraceHandOffs *
_lab_trace_hand_offs_new (void)
{
  LabTraceHandOffs *self = g_new0 (LabTraceHandOffs, 1);

  self->queued_tasks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->queued_items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->task_antecedents = g_hash_table_new (NULL, NULL);
  self->item_antecedents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  return self;
}

void
_lab_trace_hand_offs_free (LabTraceHandOffs *self)
{
  g_hash_table_unref (self->queued_tasks);
  g_hash_table_unref (self->queued_items);
  g_hash_table_unref (self->task_antecedents);
  g_hash_table_unref (self->item_antecedents);
  g_array_unref (self->pending);
  g_free (self);
}

static gint64 *
dup_id (guint64 id)
{
  gint64 *key = g_new (gint64, 1);

  *key = (gint64) id;
  return key;
}

void
_lab_trace_hand_offs_note_instant (LabTraceHandOffs     *self,
                                   const PoolTraceEvent *event)
{
  if (event->kind == POOL_TRACE_KIND_QUEUED && event->queue == POOL_TRACE_QUEUE_MAIN_CONTEXT)
    {
      Queued *queued = g_new (Queued, 1);

      queued->thread_serial = event->role == POOL_THREAD_ROLE_UI ? 0 : event->thread_serial;
      queued->queued_us = event->start_us;
      if (event->item_id != 0)
        g_hash_table_replace (self->queued_items, dup_id (event->item_id), queued);
      else
        g_hash_table_replace (self->queued_tasks, GUINT_TO_POINTER (event->task_id), queued);
    }
  else if (event->kind == POOL_TRACE_KIND_LINK && event->link == POOL_TRACE_LINK_CONTINUATION)
    {
      if (event->other_task_id != 0)
        g_hash_table_replace (self->task_antecedents, GUINT_TO_POINTER (event->other_task_id),
                              GUINT_TO_POINTER (event->task_id));
      else if (event->item_id != 0)
        g_hash_table_replace (self->item_antecedents, dup_id (event->item_id),
                              GUINT_TO_POINTER (event->task_id));
    }
}

/* The item at @index just arrived on the UI lane. */
void
_lab_trace_hand_offs_note_target (LabTraceHandOffs *self,
                                  LabTraceModel    *model,
                                  guint             index)
{
  const PoolTraceEvent *event = &lab_trace_model_get_item (model, index)->event;
  const Queued *queued = NULL;
  Pending pending = { index, 0, 0, 0 };
  gint64 key = (gint64) event->item_id;

  if (event->inlined)
    return;
  if (event->kind == POOL_TRACE_KIND_TASK)
    {
      gpointer task = GUINT_TO_POINTER (event->task_id);

      queued = g_hash_table_lookup (self->queued_tasks, task);
      pending.antecedent = GPOINTER_TO_UINT (g_hash_table_lookup (self->task_antecedents, task));
    }
  else if (event->kind == POOL_TRACE_KIND_WORK_ITEM && event->item_id != 0)
    {
      queued = g_hash_table_lookup (self->queued_items, &key);
      pending.antecedent = GPOINTER_TO_UINT (g_hash_table_lookup (self->item_antecedents, &key));
    }
  /* not from the main-context queue */
  if (queued == NULL)
    return;
  pending.thread_serial = queued->thread_serial;
  pending.queued_us = queued->queued_us;
  g_array_append_val (self->pending, pending);
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

/* The I/O that ended last in the LINK_BEFORE_US before @queued_us, or
 * G_MAXUINT. */
static guint
io_before (LabTraceModel *model,
           gint64         queued_us)
{
  guint best = G_MAXUINT;
  gint64 best_end = queued_us - LINK_BEFORE_US;

  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    {
      GArray *on_lane;

      if (lab_trace_model_get_lane (model, i)->kind != LAB_LANE_IO)
        continue;
      on_lane = _lab_trace_model_get_lane_items (model, i);
      for (guint k = 0; k < on_lane->len; k++)
        {
          guint index = g_array_index (on_lane, guint, k);
          gint64 end_us = lab_trace_model_get_item (model, index)->event.end_us;

          if (end_us >= best_end && end_us <= queued_us)
            {
              best = index;
              best_end = end_us;
            }
        }
    }
  return best;
}

/* The source of @pending's hand-off, G_MAXUINT for none, or G_MAXUINT - 1
 * while it may still come. */
static guint
find_source (LabTraceModel *model,
             const Pending *pending)
{
  guint from = pending->antecedent != 0
               ? _lab_trace_model_get_task_item (model, pending->antecedent) : G_MAXUINT;
  guint lane;
  guint enclosing = G_MAXUINT, before = G_MAXUINT;
  gint64 enclosing_start = G_MININT64, before_end = pending->queued_us - LINK_BEFORE_US;
  gboolean moved_on = FALSE;
  GArray *on_lane;

  if (from != G_MAXUINT)
    return lab_trace_model_get_item (model, from)->lane != _lab_trace_model_get_ui_lane (model)
           ? from : G_MAXUINT;
  if (pending->antecedent != 0)
    {
      /* a promise: its I/O was recorded before it completed */
      from = io_before (model, pending->queued_us);
      if (from != G_MAXUINT)
        return from;
    }
  if (pending->thread_serial == 0)
    return G_MAXUINT;
  lane = lane_of_thread (model, pending->thread_serial);
  if (lane == G_MAXUINT)
    return G_MAXUINT - 1;
  /* newest first: one thread's items are recorded as they end (an outer
   * one after those inside it), so none before the first that ended before
   * the window can enclose the moment or end within it */
  on_lane = _lab_trace_model_get_lane_items (model, lane);
  for (guint k = on_lane->len; k-- > 0;)
    {
      guint i = g_array_index (on_lane, guint, k);
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      if (event->end_us < pending->queued_us - LINK_BEFORE_US)
        break;
      if (event->kind == POOL_TRACE_KIND_REGION)
        continue;
      if (event->start_us > pending->queued_us)
        moved_on = TRUE;
      else if (event->end_us >= pending->queued_us)
        {
          /* the innermost (an inline task inside another) queued it */
          if (event->start_us >= enclosing_start)
            {
              enclosing = i;
              enclosing_start = event->start_us;
            }
        }
      else if (event->end_us >= before_end)
        {
          before = i;
          before_end = event->end_us;
        }
    }
  if (enclosing != G_MAXUINT)
    return enclosing;
  return moved_on ? before : G_MAXUINT - 1;
}

/* Links the targets whose source is known now; TRUE if it added any. */
gboolean
_lab_trace_hand_offs_resolve (LabTraceHandOffs *self,
                              LabTraceModel    *model)
{
  gboolean added = FALSE;

  for (guint i = 0; i < self->pending->len;)
    {
      const Pending *pending = &g_array_index (self->pending, Pending, i);
      guint from = find_source (model, pending);

      if (from == G_MAXUINT - 1)
        {
          i++;
          continue;
        }
      if (from != G_MAXUINT)
        {
          _lab_trace_model_add_hand_off (model, from, pending->target);
          added = TRUE;
        }
      g_array_remove_index (self->pending, i);
    }
  return added;
}
