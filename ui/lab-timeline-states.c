/* lab-timeline-states.c — what the task states, the queues and the waits
 * add to the timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from the model's instants (lab/lab-task-states.h, lab/lab-waits.h):
 *
 * - every stay in a queue, QUEUED to DEQUEUED or STOLEN, is a striped band
 *   at the top of the row of the thread that took it out (the lane that
 *   then runs it), coloured by the queue (the UI thread's, the global one,
 *   a worker's local one); one still queued is drawn to the right edge on
 *   its queue's own thread (the UI thread, or the local queue's worker);
 * - WaitingForChildrenToComplete is a hollow band after the task's bar;
 * - the end state is a round mark at the end of the bar (✓ RanToCompletion,
 *   – Canceled, ! Faulted), where there is room for it;
 * - a thread blocked in Wait()/.Result is hatched, with an arrow to the task
 *   it waits for when that task ran somewhere;
 * - the wait cycle of a deadlock is a loop of arrows around the blocked
 *   thread and the work queued behind it, and its description in words;
 * - a parent's attached children are dashed arrows from the moment the
 *   parent created them to their bars.
 *
 * This file keeps what they are read from; lab-timeline-states-layout.c
 * turns it into shapes. The stays, links and task bars are collected incrementally as instants
 * and items arrive; the states and waits are recomputed when the model
 * changed, at most every REFRESH_US while live (the timeline lays itself
 * out on every frame then).
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-timeline-states-private.h"
#include "lab-waits.h"

#define REFRESH_US  (250 * 1000)
#define MAX_CYCLE_PROBES 16

LabTimelineStates *
lab_timeline_states_new (void)
{
  LabTimelineStates *states = g_new0 (LabTimelineStates, 1);

  states->stays = g_array_new (FALSE, FALSE, sizeof (Stay));
  states->queued_tasks = g_hash_table_new (NULL, NULL);
  states->queued_items = g_hash_table_new (NULL, NULL);
  states->child_links = g_array_new (FALSE, FALSE, sizeof (ChildLink));
  states->task_items = g_hash_table_new (NULL, NULL);
  states->worker_lanes = g_hash_table_new (NULL, NULL);
  return states;
}

/* Forgets the model: a new one may come at the same address. */
void
lab_timeline_states_reset (LabTimelineStates *states)
{
  states->model = NULL;
  states->scanned_items = 0;
  states->scanned_instants = 0;
  g_array_set_size (states->stays, 0);
  g_hash_table_remove_all (states->queued_tasks);
  g_hash_table_remove_all (states->queued_items);
  g_array_set_size (states->child_links, 0);
  g_hash_table_remove_all (states->task_items);
  g_hash_table_remove_all (states->worker_lanes);
  g_clear_pointer (&states->task_states, g_array_unref);
  g_clear_pointer (&states->waits, g_array_unref);
  g_clear_pointer (&states->cycle, g_free);
  states->refreshed_at_us = 0;
  states->stale = TRUE;
}

void
lab_timeline_states_free (LabTimelineStates *states)
{
  lab_timeline_states_reset (states);
  g_array_unref (states->stays);
  g_hash_table_unref (states->queued_tasks);
  g_hash_table_unref (states->queued_items);
  g_array_unref (states->child_links);
  g_hash_table_unref (states->task_items);
  g_hash_table_unref (states->worker_lanes);
  g_free (states);
}

static void
scan_instant (LabTimelineStates    *states,
              const PoolTraceEvent *event)
{
  GHashTable *open = event->task_id != 0 ? states->queued_tasks : states->queued_items;
  gpointer key = event->task_id != 0 ? GUINT_TO_POINTER (event->task_id)
                                     : GSIZE_TO_POINTER ((gsize) event->item_id);

  switch (event->kind)
    {
    case POOL_TRACE_KIND_QUEUED:
      if (event->queue == POOL_TRACE_QUEUE_DEDICATED || event->queue == POOL_TRACE_QUEUE_NONE)
        break;
      {
        Stay stay = { event->task_id, event->item_id, event->queue, event->queue_index,
                      event->start_us, G_MAXINT64, 0 };

        g_array_append_val (states->stays, stay);
        g_hash_table_insert (open, key, GUINT_TO_POINTER (states->stays->len));
      }
      break;
    case POOL_TRACE_KIND_DEQUEUED:
    case POOL_TRACE_KIND_STOLEN:
      {
        guint index = GPOINTER_TO_UINT (g_hash_table_lookup (open, key));
        Stay *stay;

        if (index == 0)
          break;
        stay = &g_array_index (states->stays, Stay, index - 1);
        stay->left_us = event->start_us;
        stay->thread_serial = event->thread_serial;
        g_hash_table_remove (open, key);
      }
      break;
    case POOL_TRACE_KIND_LINK:
      if (event->link == POOL_TRACE_LINK_PARENT_CHILD && event->other_task_id != 0)
        {
          ChildLink link = { event->task_id, event->other_task_id, event->thread_serial,
                             event->start_us };

          g_array_append_val (states->child_links, link);
        }
      break;
    default:
      break;
    }
}

/**
 * lab_timeline_states_update:
 * @now_us: the frame time while live, 0 otherwise
 *
 * Catches up with @model. Returns: whether anything changed.
 */
gboolean
lab_timeline_states_update (LabTimelineStates *states,
                            LabTraceModel     *model,
                            gint64             now_us)
{
  guint n_items = lab_trace_model_get_n_items (model);
  guint n_instants = lab_trace_model_get_n_instants (model);
  gint64 end_us;

  if (states->model != model)
    {
      lab_timeline_states_reset (states);
      states->model = model;
    }
  if (n_items < states->scanned_items || n_instants < states->scanned_instants)
    {
      lab_timeline_states_reset (states);
      states->model = model;
    }
  if (n_items == states->scanned_items && n_instants == states->scanned_instants && !states->stale)
    return FALSE;

  for (; states->scanned_instants < n_instants; states->scanned_instants++)
    scan_instant (states, lab_trace_model_get_instant (model, states->scanned_instants));
  for (; states->scanned_items < n_items; states->scanned_items++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, states->scanned_items);

      if (item->event.kind == POOL_TRACE_KIND_TASK &&
          !g_hash_table_contains (states->task_items, GUINT_TO_POINTER (item->event.task_id)))
        g_hash_table_insert (states->task_items, GUINT_TO_POINTER (item->event.task_id),
                             GUINT_TO_POINTER (states->scanned_items + 1));
      if (item->event.role == POOL_THREAD_ROLE_WORKER && item->event.worker_index >= 0)
        g_hash_table_insert (states->worker_lanes, GINT_TO_POINTER (item->event.worker_index + 1),
                             GUINT_TO_POINTER (item->lane + 1));
    }

  states->stale = TRUE;
  /* while live, the states and waits follow at most every REFRESH_US */
  if (now_us != 0 && states->task_states != NULL && now_us - states->refreshed_at_us < REFRESH_US)
    return TRUE;
  states->stale = FALSE;
  states->refreshed_at_us = now_us;

  g_clear_pointer (&states->task_states, g_array_unref);
  g_clear_pointer (&states->waits, g_array_unref);
  g_clear_pointer (&states->cycle, g_free);
  if (n_instants == 0)
    return TRUE;
  states->task_states = lab_task_states_compute (model);
  states->waits = lab_waits_compute (model);

  /* a cycle lasts as long as its wait: look just before each wait ends */
  end_us = lab_trace_model_get_end (model);
  for (guint i = 0; i < states->waits->len && i < MAX_CYCLE_PROBES && states->cycle == NULL; i++)
    {
      const LabTraceWait *wait = &g_array_index (states->waits, LabTraceWait, i);
      gint64 at_us = wait->to_us == G_MAXINT64 ? MAX (end_us, wait->from_us) : wait->to_us - 1;

      states->cycle = lab_waits_describe_cycle_at (model, at_us, &states->cycle_lane);
      states->cycle_wait = i;
    }
  return TRUE;
}

/* The colours of the states, mid-tones that read on light, dark and
 * high-contrast backgrounds (see lab-instruments-private.h). */
void
lab_timeline_state_color (SwatchStyle  style,
                          GdkRGBA     *color)
{
  const char *spec;

  switch (style)
    {
    case SWATCH_QUEUE_UI: spec = "#c061cb"; break;         /* magenta */
    case SWATCH_QUEUE_GLOBAL: spec = "#e5a50a"; break;     /* amber */
    case SWATCH_QUEUE_LOCAL: spec = "#62a0ea"; break;      /* light blue */
    case SWATCH_DONE: spec = "#26a269"; break;             /* green */
    case SWATCH_CANCELED: spec = "#77767b"; break;         /* grey */
    case SWATCH_FAULTED: spec = "#e01b24"; break;          /* red */
    case SWATCH_BLOCKED:
    case SWATCH_WAIT_LINK: spec = "#e01b24"; break;        /* the stall chart's red */
    case SWATCH_CYCLE: spec = "#ff7800"; break;            /* orange */
    default: spec = "#9a9996"; break;
    }
  gdk_rgba_parse (color, spec);
}

SwatchStyle
lab_timeline_queue_style (PoolTraceQueue queue)
{
  switch (queue)
    {
    case POOL_TRACE_QUEUE_MAIN_CONTEXT: return SWATCH_QUEUE_UI;
    case POOL_TRACE_QUEUE_LOCAL: return SWATCH_QUEUE_LOCAL;
    case POOL_TRACE_QUEUE_GLOBAL:
    default: return SWATCH_QUEUE_GLOBAL;
    }
}

SwatchStyle
lab_timeline_final_style (LabTaskState state)
{
  return state == LAB_TASK_STATE_FAULTED ? SWATCH_FAULTED
         : state == LAB_TASK_STATE_CANCELED ? SWATCH_CANCELED : SWATCH_DONE;
}

const char *
lab_timeline_mark_glyph (LabTaskState state)
{
  return state == LAB_TASK_STATE_FAULTED ? "!"
         : state == LAB_TASK_STATE_CANCELED ? "–" : "✓";
}

/* Which legend entries the states need. */
void
lab_timeline_states_used (LabTimelineStates *states,
                          gboolean          *used)
{
  for (guint i = 0; i < states->stays->len; i++)
    used[lab_timeline_queue_style (g_array_index (states->stays, Stay, i).queue)] = TRUE;
  for (guint i = 0; states->task_states != NULL && i < states->task_states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states->task_states, LabTaskStateSpan, i);

      if (span->state == LAB_TASK_STATE_WAITING_FOR_CHILDREN)
        used[SWATCH_CHILDREN] = TRUE;
      else if (lab_task_state_is_final (span->state))
        used[lab_timeline_final_style (span->state)] = TRUE;
    }
  for (guint i = 0; states->waits != NULL && i < states->waits->len; i++)
    {
      const LabTraceWait *wait = &g_array_index (states->waits, LabTraceWait, i);

      used[SWATCH_BLOCKED] = TRUE;
      used[SWATCH_WAIT_LINK] |= g_hash_table_contains (states->task_items,
                                                       GUINT_TO_POINTER (wait->waited_task_id));
    }
  used[SWATCH_CYCLE] = states->cycle != NULL;
  for (guint i = 0; i < states->child_links->len && !used[SWATCH_CHILD_LINK]; i++)
    {
      const ChildLink *link = &g_array_index (states->child_links, ChildLink, i);

      used[SWATCH_CHILD_LINK] = g_hash_table_contains (states->task_items,
                                                       GUINT_TO_POINTER (link->child));
    }
}
