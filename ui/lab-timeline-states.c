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
 * The stays, links and task bars are collected incrementally as instants
 * and items arrive; the states and waits are recomputed when the model
 * changed, at most every REFRESH_US while live (the timeline lays itself
 * out on every frame then).
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <math.h>

#include "lab-timeline-layout-private.h"
#include "lab-waits.h"

#define REFRESH_US  (250 * 1000)
#define MAX_CYCLE_PROBES 16

typedef struct
{
  guint          task_id;
  guint64        item_id;
  PoolTraceQueue queue;
  int            queue_index;
  gint64         queued_us;
  gint64         left_us;        /* G_MAXINT64 while still queued */
  guint          thread_serial;  /* of the thread that took it out, 0 while queued */
} Stay;

typedef struct
{
  guint  parent;
  guint  child;
  guint  thread_serial;
  gint64 at_us;
} ChildLink;

struct _LabTimelineStates
{
  LabTraceModel *model;          /* borrowed: only compared, to notice a new model */

  /* collected incrementally */
  guint          scanned_items;
  guint          scanned_instants;
  GArray        *stays;          /* Stay, by QUEUED */
  GHashTable    *queued_tasks;   /* task id → stay index + 1, while queued */
  GHashTable    *queued_items;   /* item id → stay index + 1, while queued */
  GArray        *child_links;    /* ChildLink */
  GHashTable    *task_items;     /* task id → index + 1 of its first TASK item */
  GHashTable    *worker_lanes;   /* worker index + 1 → lane + 1 */

  /* recomputed on change */
  gboolean       stale;
  gint64         refreshed_at_us;
  GArray        *task_states;    /* LabTaskStateSpan */
  GArray        *waits;          /* LabTraceWait */
  char          *cycle;          /* in words, or NULL */
  guint          cycle_lane;
  guint          cycle_wait;     /* index in @waits */
};

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

static void
reset (LabTimelineStates *states)
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
  reset (states);
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
      reset (states);
      states->model = model;
    }
  if (n_items < states->scanned_items || n_instants < states->scanned_instants)
    {
      reset (states);
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

static SwatchStyle
queue_style (PoolTraceQueue queue)
{
  switch (queue)
    {
    case POOL_TRACE_QUEUE_MAIN_CONTEXT: return SWATCH_QUEUE_UI;
    case POOL_TRACE_QUEUE_LOCAL: return SWATCH_QUEUE_LOCAL;
    case POOL_TRACE_QUEUE_GLOBAL:
    default: return SWATCH_QUEUE_GLOBAL;
    }
}

static SwatchStyle
final_style (LabTaskState state)
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
    used[queue_style (g_array_index (states->stays, Stay, i).queue)] = TRUE;
  for (guint i = 0; states->task_states != NULL && i < states->task_states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states->task_states, LabTaskStateSpan, i);

      if (span->state == LAB_TASK_STATE_WAITING_FOR_CHILDREN)
        used[SWATCH_CHILDREN] = TRUE;
      else if (lab_task_state_is_final (span->state))
        used[final_style (span->state)] = TRUE;
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
    used[SWATCH_CHILD_LINK] = g_hash_table_contains (states->task_items,
                                                     GUINT_TO_POINTER (g_array_index (states->child_links,
                                                                                      ChildLink, i).child));
}

/* ---- layout ------------------------------------------------------------- */

/* The row of each thread serial and each lane, for this layout. */
typedef struct
{
  LabTimelineLayout *layout;
  LabTraceModel     *model;
  GHashTable        *serial_rows;    /* thread serial → row + 1 */
  guint              ui_row;         /* G_MAXUINT if none */
} Rows;

static guint
row_of_serial (Rows  *rows,
               guint  serial)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (rows->serial_rows, GUINT_TO_POINTER (serial))) - 1;
}

static guint
row_of_lane (Rows  *rows,
             guint  lane)
{
  return lane < lab_trace_model_get_n_lanes (rows->model)
         ? lab_trace_model_get_lane (rows->model, lane)->row : G_MAXUINT;
}

static float
row_top (Rows  *rows,
         guint  row)
{
  return g_array_index (rows->layout->rows, Row, row).y;
}

static float
view_x (LabTimelineLayout *layout,
        gint64             at_us)
{
  float left = layout->plot.origin.x, right = left + layout->plot.size.width;

  if (at_us >= layout->view_end_us)
    return right;
  return CLAMP (lab_timeline_x_for_time (layout, at_us), left, right);
}

/* Where a stay is drawn: the thread that took it out, or its queue's owner. */
static guint
stay_row (LabTimelineStates *states,
          Rows              *rows,
          const Stay        *stay)
{
  if (stay->thread_serial != 0)
    return row_of_serial (rows, stay->thread_serial);
  if (stay->queue == POOL_TRACE_QUEUE_MAIN_CONTEXT)
    return rows->ui_row;
  if (stay->queue == POOL_TRACE_QUEUE_LOCAL)
    {
      guint lane = GPOINTER_TO_UINT (g_hash_table_lookup (states->worker_lanes,
                                                          GINT_TO_POINTER (stay->queue_index + 1)));

      return lane != 0 ? row_of_lane (rows, lane - 1) : G_MAXUINT;
    }
  return G_MAXUINT;
}

static gboolean
stay_rect (LabTimelineStates *states,
           Rows              *rows,
           const Stay        *stay,
           graphene_rect_t   *rect)
{
  LabTimelineLayout *layout = rows->layout;
  guint row = stay_row (states, rows, stay);
  float x0, x1;

  if (row >= layout->rows->len)
    return FALSE;
  x0 = view_x (layout, stay->queued_us);
  x1 = view_x (layout, stay->left_us);
  if (x1 - x0 < 1.0f)
    return FALSE;
  graphene_rect_init (rect, x0, roundf (row_top (rows, row) + layout->row_height * WAIT_TOP),
                      x1 - x0, MAX (2.0f, roundf (layout->row_height * WAIT_HEIGHT)));
  return TRUE;
}

static void
layout_stays (LabTimelineStates *states,
              Rows              *rows)
{
  for (guint i = 0; i < states->stays->len; i++)
    {
      const Stay *stay = &g_array_index (states->stays, Stay, i);
      WaitShape wait;
      GdkRGBA color;

      if (!stay_rect (states, rows, stay, &wait.rect))
        continue;
      lab_timeline_state_color (queue_style (stay->queue), &color);
      wait.fill = lab_rgba_with_alpha (&color, 0.3f);
      wait.stripe = color;
      wait.position = G_MAXUINT64;
      g_array_append_val (rows->layout->waits, wait);
    }
}

static void
add_mark (LabTimelineLayout *layout,
          guint              row,
          float              x,
          LabTaskState       state,
          guint              task_id,
          gboolean           on_band,
          float             *last_right)
{
  float bar_y, bar_h, d, w, h, cy;
  g_autofree char *markup = NULL;
  MarkShape mark;

  lab_timeline_bar_rows (layout, row, &bar_y, &bar_h);
  d = roundf (MIN (layout->em * 0.95f, bar_h * 0.8f));
  cy = on_band ? g_array_index (layout->rows, Row, row).y +
                 layout->row_height * (WAIT_TOP + WAIT_HEIGHT / 2)
               : bar_y + bar_h / 2;
  /* only where there is room: marks do not pile up on tiny tasks */
  last_right += on_band ? layout->rows->len : 0;
  if (x - d / 2 < last_right[row] + layout->em * 0.1f)
    return;
  last_right[row] = x + d / 2;
  gsk_rounded_rect_init_from_rect (&mark.disc,
                                   &GRAPHENE_RECT_INIT (roundf (x - d / 2), roundf (cy - d / 2), d, d),
                                   d / 2);
  lab_timeline_state_color (final_style (state), &mark.color);
  markup = g_strdup_printf ("<small><b>%s</b></small>", lab_timeline_mark_glyph (state));
  mark.glyph = lab_timeline_cached_label (layout, markup);
  lab_layout_size (mark.glyph, &w, &h);
  mark.glyph_at = GRAPHENE_POINT_INIT (mark.disc.bounds.origin.x + (d - w) / 2,
                                       mark.disc.bounds.origin.y + (d - h) / 2);
  mark.state = state;
  mark.task_id = task_id;
  g_array_append_val (layout->marks, mark);
}

static void
layout_task_states (LabTimelineStates *states,
                    Rows              *rows)
{
  LabTimelineLayout *layout = rows->layout;
  /* the right edge of the last mark on each row's bars, then on its bands */
  g_autofree float *last_right = g_new (float, MAX (1, 2 * layout->rows->len));
  guint task = 0, lane = G_MAXUINT;

  for (guint r = 0; r < 2 * layout->rows->len; r++)
    last_right[r] = -G_MAXFLOAT;
  for (guint i = 0; states->task_states != NULL && i < states->task_states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states->task_states, LabTaskStateSpan, i);
      guint row;

      if (span->task_id != task)
        {
          task = span->task_id;
          lane = G_MAXUINT;
        }
      if (span->state == LAB_TASK_STATE_RUNNING)
        lane = span->lane;
      if (lane == G_MAXUINT || (row = row_of_lane (rows, lane)) >= layout->rows->len)
        continue;
      if (span->from_us > layout->view_end_us)
        continue;
      if (span->state == LAB_TASK_STATE_WAITING_FOR_CHILDREN)
        {
          ChildWaitShape shape;
          float x0 = view_x (layout, span->from_us), x1 = view_x (layout, span->to_us);

          if (x1 - x0 < 1.0f)
            continue;
          graphene_rect_init (&shape.rect, x0,
                              roundf (row_top (rows, row) + layout->row_height * WAIT_TOP),
                              x1 - x0, MAX (3.0f, roundf (layout->row_height * WAIT_HEIGHT)));
          lab_palette_color (task, &shape.color);
          shape.task_id = task;
          g_array_append_val (layout->child_waits, shape);
        }
      else if (lab_task_state_is_final (span->state))
        /* after WaitingForChildren, at the end of that band, clear of the
         * children's marks on the bar */
        add_mark (layout, row, view_x (layout, span->from_us), span->state, task,
                  i > 0 && g_array_index (states->task_states, LabTaskStateSpan, i - 1).state ==
                           LAB_TASK_STATE_WAITING_FOR_CHILDREN,
                  last_right);
    }
}

/* The bar of @task_id's first run: its row and its start. */
static gboolean
task_bar (LabTimelineStates *states,
          Rows              *rows,
          guint              task_id,
          guint             *row,
          const LabTraceItem **item)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (states->task_items,
                                                       GUINT_TO_POINTER (task_id)));

  if (index == 0)
    return FALSE;
  *item = lab_trace_model_get_item (rows->model, index - 1);
  *row = row_of_lane (rows, (*item)->lane);
  return *row < rows->layout->rows->len;
}

/* From @row at @x to the start of @item's bar, on the edge facing it. */
static void
arrow_to_bar (Rows               *rows,
              guint               row,
              float               x,
              guint               to_row,
              const LabTraceItem *item,
              ArrowStyle          style)
{
  LabTimelineLayout *layout = rows->layout;
  float y, h, to_y, to_h;
  float to_x = MAX (x, view_x (layout, item->event.start_us));

  if (to_row == row)
    return;
  lab_timeline_bar_rows (layout, row, &y, &h);
  lab_timeline_bar_rows (layout, to_row, &to_y, &to_h);
  lab_timeline_add_arrow (layout, &GRAPHENE_POINT_INIT (x, y + h / 2),
                          &GRAPHENE_POINT_INIT (to_x, to_row < row ? to_y + to_h : to_y), style);
}

static void
layout_waits (LabTimelineStates *states,
              Rows              *rows)
{
  LabTimelineLayout *layout = rows->layout;
  GdkRGBA color;

  lab_timeline_state_color (SWATCH_BLOCKED, &color);
  for (guint i = 0; states->waits != NULL && i < states->waits->len; i++)
    {
      const LabTraceWait *wait = &g_array_index (states->waits, LabTraceWait, i);
      guint row = row_of_lane (rows, wait->lane), to_row;
      const LabTraceItem *item;
      HatchShape hatch;
      float bar_y, bar_h, x0, x1;

      if (row >= layout->rows->len || wait->from_us > layout->view_end_us)
        continue;
      x0 = view_x (layout, wait->from_us);
      x1 = MAX (view_x (layout, wait->to_us), x0 + 2.0f);
      lab_timeline_bar_rows (layout, row, &bar_y, &bar_h);
      graphene_rect_init (&hatch.rect, x0, bar_y, x1 - x0, bar_h);
      hatch.color = color;
      g_array_append_val (layout->hatches, hatch);
      if (task_bar (states, rows, wait->waited_task_id, &to_row, &item))
        arrow_to_bar (rows, row, x0, to_row, item, ARROW_WAIT);
    }
}

static void
layout_child_links (LabTimelineStates *states,
                    Rows              *rows)
{
  for (guint i = 0; i < states->child_links->len; i++)
    {
      const ChildLink *link = &g_array_index (states->child_links, ChildLink, i);
      guint row = row_of_serial (rows, link->thread_serial), to_row;
      const LabTraceItem *item;

      if (row < rows->layout->rows->len && task_bar (states, rows, link->child, &to_row, &item))
        arrow_to_bar (rows, row, view_x (rows->layout, link->at_us), to_row, item, ARROW_CHILD);
    }
}

/* How much of @box covers bars and marks. */
static float
covered (LabTimelineLayout     *layout,
         const graphene_rect_t *box)
{
  graphene_rect_t overlap;
  float area = 0;

  for (guint i = 0; i < layout->bars->len; i++)
    if (graphene_rect_intersection (box, &g_array_index (layout->bars, BarShape, i).rect, &overlap))
      area += overlap.size.width * overlap.size.height;
  for (guint i = 0; i < layout->marks->len; i++)
    if (graphene_rect_intersection (box, &g_array_index (layout->marks, MarkShape, i).disc.bounds,
                                    &overlap))
      area += 4 * overlap.size.width * overlap.size.height;
  return area;
}

/* The words of the cycle on a backdrop, in a row other than the blocked
 * one, where they hide the fewest bars (in a deadlock, the workers are idle
 * after the wait: the right of the chart is usually free). */
static void
add_callout (LabTimelineStates *states,
             Rows              *rows,
             guint              row)
{
  LabTimelineLayout *layout = rows->layout;
  float plot_right = layout->plot.origin.x + layout->plot.size.width;
  float plot_bottom = layout->plot.origin.y + layout->plot.size.height;
  float width = MIN (layout->plot.size.width * 0.6f, layout->em * 38);
  float pad = roundf (layout->em * 0.4f), w, h, best = G_MAXFLOAT;
  Callout callout;

  callout.layout = gtk_widget_create_pango_layout (layout->widget, states->cycle);
  pango_layout_set_wrap (callout.layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (callout.layout, (int) (width * PANGO_SCALE));
  lab_layout_size (callout.layout, &w, &h);
  w = roundf (w + 2 * pad);
  h = roundf (h + 2 * pad);
  graphene_rect_init (&callout.box, roundf (plot_right - w), roundf (layout->plot.origin.y), w, h);
  for (guint r = 0; r <= layout->rows->len; r++)
    {
      /* below the top of row @r, or (r == n) at the bottom of the plot */
      float y = r < layout->rows->len ? row_top (rows, r) + layout->em * 0.2f : plot_bottom - h;

      if (r == row || y + h > plot_bottom + 1 || y < layout->plot.origin.y ||
          (y < row_top (rows, row) + layout->row_height && y + h > row_top (rows, row)))
        continue;
      for (float x = plot_right - w; x >= layout->plot.origin.x - 1; x -= MAX (w / 4, 1.0f))
        {
          graphene_rect_t box = GRAPHENE_RECT_INIT (roundf (x), roundf (y), w, h);
          float cost = covered (layout, &box);

          if (cost < best)
            {
              best = cost;
              callout.box = box;
            }
        }
    }
  callout.at = GRAPHENE_POINT_INIT (callout.box.origin.x + pad, callout.box.origin.y + pad);
  lab_timeline_state_color (SWATCH_CYCLE, &callout.edge);
  g_array_append_val (layout->callouts, callout);
}

/* A closed loop of arrows around the blocked thread's hatch and the work
 * queued behind it on the same thread: up from the thread to its queue,
 * across, down into the thread, and back. */
static void
layout_cycle (LabTimelineStates *states,
              Rows              *rows)
{
  LabTimelineLayout *layout = rows->layout;
  const LabTraceWait *wait;
  guint row;
  float hx0, hx1, qx0 = -1, qx1 = -1, bar_y, bar_h, band_top, s, left, right, top, bottom, mid;

  if (states->cycle == NULL || states->waits == NULL || states->cycle_wait >= states->waits->len)
    return;
  wait = &g_array_index (states->waits, LabTraceWait, states->cycle_wait);
  row = row_of_lane (rows, states->cycle_lane);
  if (row >= layout->rows->len)
    return;
  hx0 = view_x (layout, wait->from_us);
  hx1 = view_x (layout, wait->to_us);
  /* the queued work behind the wait: a stay on this row during the wait */
  for (guint i = 0; i < states->stays->len; i++)
    {
      const Stay *stay = &g_array_index (states->stays, Stay, i);
      graphene_rect_t rect;

      if (stay->left_us <= wait->from_us || stay->queued_us >= wait->to_us ||
          stay->queue != POOL_TRACE_QUEUE_MAIN_CONTEXT || !stay_rect (states, rows, stay, &rect) ||
          stay_row (states, rows, stay) != row)
        continue;
      qx0 = MAX (rect.origin.x, hx0);
      qx1 = MIN (rect.origin.x + rect.size.width, hx1);
      break;
    }
  if (qx0 < 0 || qx1 <= qx0)
    {
      qx0 = hx0;
      qx1 = hx1;
    }
  lab_timeline_bar_rows (layout, row, &bar_y, &bar_h);
  band_top = row_top (rows, row) + layout->row_height * WAIT_TOP;
  s = MIN (layout->em * 2.0f, MAX (layout->em * 1.0f, (qx1 - qx0) / 2 - layout->em * 0.3f));
  mid = MIN ((qx0 + qx1) / 2, layout->plot.origin.x + layout->plot.size.width - s - layout->em);
  left = roundf (mid - s);
  right = roundf (mid + s);
  top = roundf (band_top - layout->em * 0.35f);
  bottom = roundf (bar_y + bar_h * 0.7f);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (left, bottom), &GRAPHENE_POINT_INIT (left, top),
                         ARROW_CYCLE, FALSE);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (left, top), &GRAPHENE_POINT_INIT (right, top),
                         ARROW_CYCLE, FALSE);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (right, top), &GRAPHENE_POINT_INIT (right, bottom),
                         ARROW_CYCLE, TRUE);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (right, bottom),
                         &GRAPHENE_POINT_INIT (left, bottom), ARROW_CYCLE, TRUE);
  add_callout (states, rows, row);
}

/* Adds the states' shapes to @layout, laid out (rows, plot, view) already. */
void
lab_timeline_states_layout (LabTimelineStates *states,
                            LabTimelineLayout *layout,
                            LabTraceModel     *model)
{
  Rows rows = { layout, model, g_hash_table_new (NULL, NULL), G_MAXUINT };

  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    {
      const LabTraceLane *lane = lab_trace_model_get_lane (model, i);

      if (lane->thread_serial != 0)
        g_hash_table_insert (rows.serial_rows, GUINT_TO_POINTER (lane->thread_serial),
                             GUINT_TO_POINTER (lane->row + 1));
      if (lane->kind == LAB_LANE_UI)
        rows.ui_row = lane->row;
    }
  layout_stays (states, &rows);
  layout_task_states (states, &rows);
  layout_waits (states, &rows);
  layout_child_links (states, &rows);
  layout_cycle (states, &rows);
  g_hash_table_unref (rows.serial_rows);
}
