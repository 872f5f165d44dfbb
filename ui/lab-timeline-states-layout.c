/* lab-timeline-states-layout.c — the shapes of the task states, the queue
 * waits, the blocked waits and the wait cycle on the timeline (see
 * lab-timeline-states.c for what each looks like and why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <math.h>

#include "lab-timeline-states-private.h"
#include "lab-waits.h"

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

  /* what is still open (G_MAXINT64) ends at now */
  return CLAMP (lab_timeline_x_for_time (layout, MIN (at_us, layout->drawn_end_us)), left, right);
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
  if (x1 < x0)
    return FALSE;
  graphene_rect_init (rect, x0, roundf (row_top (rows, row) + layout->row_height * WAIT_TOP),
                      x1 - x0, MAX (2.0f, roundf (layout->row_height * WAIT_HEIGHT)));
  return TRUE;
}

/* Waits on the same row in the same kind of queue that overlap or touch
 * are one band: a million items queued at once draw as one, not a million. */
static void
layout_stays (LabTimelineStates *states,
              Rows              *rows)
{
  GArray *waits = rows->layout->waits;
  guint n_slots = 3 * MAX (1, rows->layout->rows->len);
  g_autofree guint *last = g_new (guint, n_slots);

  for (guint i = 0; i < n_slots; i++)
    last[i] = G_MAXUINT;
  for (guint i = 0; i < states->stays->len; i++)
    {
      const Stay *stay = &g_array_index (states->stays, Stay, i);
      SwatchStyle style = lab_timeline_queue_style (stay->queue);
      guint row = stay_row (states, rows, stay), slot;
      WaitShape wait;
      GdkRGBA color;

      if (!stay_rect (states, rows, stay, &wait.rect))
        continue;
      slot = row * 3 + (style - SWATCH_QUEUE_UI);
      if (last[slot] != G_MAXUINT)
        {
          WaitShape *previous = &g_array_index (waits, WaitShape, last[slot]);
          float right = previous->rect.origin.x + previous->rect.size.width;

          if (wait.rect.origin.x <= right + 1.0f)
            {
              previous->rect.size.width = MAX (right, wait.rect.origin.x + wait.rect.size.width) -
                                          previous->rect.origin.x;
              continue;
            }
        }
      if (wait.rect.size.width < 1.0f)
        continue;
      lab_timeline_state_color (style, &color);
      wait.fill = lab_rgba_with_alpha (&color, 0.3f);
      wait.stripe = color;
      wait.position = G_MAXUINT64;
      last[slot] = waits->len;
      g_array_append_val (waits, wait);
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
                                   &GRAPHENE_RECT_INIT (roundf (x - d / 2), roundf (cy - d / 2),
                                                        d, d),
                                   d / 2);
  lab_timeline_state_color (lab_timeline_final_style (state), &mark.color);
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
          /* darker, for an outline that reads on a light background too */
          shape.color.red *= 0.7f;
          shape.color.green *= 0.7f;
          shape.color.blue *= 0.7f;
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

/* Where @callout's box goes: under the axis if the widget has the room,
 * else over the rows other than the blocked one, where it hides the fewest
 * bars (in a deadlock the workers are idle after the wait: the right of the
 * chart is usually free); unless @any_height, only if it covers at most half
 * of the rows' height. FALSE if it fits nowhere but over the blocked row. */
static gboolean
place_callout (Rows     *rows,
               guint     row,
               float     loop_x,
               gboolean  any_height,
               Callout  *callout)
{
  LabTimelineLayout *layout = rows->layout;
  float left = roundf (layout->em * 0.3f);
  float plot_right = layout->plot.origin.x + layout->plot.size.width;
  float plot_bottom = layout->plot.origin.y + layout->plot.size.height;
  float w = callout->box.size.width, h = callout->box.size.height, best = G_MAXFLOAT;

  if (plot_bottom + layout->em * (AXIS_HEIGHT + 0.3f) + h <= layout->height)
    {
      /* under the loop, as far as the width allows */
      float x = CLAMP (loop_x - w / 2, left, plot_right - w);

      callout->box.origin = GRAPHENE_POINT_INIT (roundf (x),
                                                 roundf (plot_bottom +
                                                         layout->em * (AXIS_HEIGHT + 0.3f)));
      return TRUE;
    }
  /* over the rows, only words that leave most of the chart in view */
  if (h > layout->plot.size.height / 2 && !any_height)
    return FALSE;
  for (guint r = 0; r <= layout->rows->len; r++)
    {
      /* below the top of row @r, or (r == n) at the bottom of the plot */
      float y = r < layout->rows->len ? row_top (rows, r) + layout->em * 0.2f : plot_bottom - h;

      if (r == row || y + h > plot_bottom + 1 || y < layout->plot.origin.y ||
          (y < row_top (rows, row) + layout->row_height && y + h > row_top (rows, row)))
        continue;
      for (float x = plot_right - w; x >= left - 1; x -= MAX (w / 4, 1.0f))
        {
          graphene_rect_t box = GRAPHENE_RECT_INIT (roundf (x), roundf (y), w, h);
          float cost = covered (layout, &box);

          if (cost < best)
            {
              best = cost;
              callout->box = box;
            }
        }
    }
  return best < G_MAXFLOAT;
}

static void
set_callout_text (LabTimelineLayout *layout,
                  Callout           *callout,
                  const char        *text)
{
  float pad = roundf (layout->em * 0.4f);
  float width = MIN (layout->plot.origin.x + layout->plot.size.width - 2 * pad - layout->em * 0.3f,
                     layout->em * 38);
  float w, h;

  g_clear_object (&callout->layout);
  callout->layout = gtk_widget_create_pango_layout (layout->widget, text);
  lab_timeline_note_font (layout, callout->layout);
  pango_layout_set_wrap (callout->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (callout->layout, (int) (width * PANGO_SCALE));
  lab_layout_size (callout->layout, &w, &h);
  /* until placed: at the bottom right of the plot */
  graphene_rect_init (&callout->box,
                      roundf (layout->plot.origin.x + layout->plot.size.width - w - 2 * pad),
                      roundf (layout->plot.origin.y + layout->plot.size.height - h - 2 * pad),
                      roundf (w + 2 * pad), roundf (h + 2 * pad));
}

/* The words of the cycle on a backdrop; in a small chart, fewer words. */
static void
add_callout (LabTimelineStates  *states,
             Rows               *rows,
             guint               row,
             const LabTraceWait *wait,
             float               loop_x)
{
  LabTimelineLayout *layout = rows->layout;
  float pad = roundf (layout->em * 0.4f);
  Callout callout = { GRAPHENE_RECT_INIT (0, 0, 0, 0), NULL, GRAPHENE_POINT_INIT (0, 0), { 0 } };

  const LabTraceLane *lane = lab_trace_model_get_lane (rows->model, wait->lane);
  /* TRANSLATORS: "UI thread", a task's number */
  g_autofree char *text = g_strdup_printf (_("Deadlock: the %s waits for task %u, whose code "
                                             "waits in the %s's own queue"),
                                           lane->title, wait->waited_task_id, lane->title);
  gboolean fits;

  set_callout_text (layout, &callout, states->cycle);
  /* the rows leave room for the words under the axis at the next layout:
   * for all of them if the rows keep a fair height (that of the font's
   * size) beside them, else for the short form */
  layout->note_want = callout.box.size.height + roundf (layout->em * NOTE_SPACE);
  fits = layout->height >= layout->note_want + lab_style_em (layout->widget) *
                                              (AXIS_HEIGHT + layout->rows->len * LEGEND_ROW);
  if (!fits || !place_callout (rows, row, loop_x, FALSE, &callout))
    {
      set_callout_text (layout, &callout, text);
      if (!fits)
        layout->note_want = callout.box.size.height + roundf (layout->em * NOTE_SPACE);
      place_callout (rows, row, loop_x, TRUE, &callout);
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
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (left, bottom),
                         &GRAPHENE_POINT_INIT (left, top), ARROW_CYCLE, FALSE);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (left, top),
                         &GRAPHENE_POINT_INIT (right, top), ARROW_CYCLE, FALSE);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (right, top),
                         &GRAPHENE_POINT_INIT (right, bottom), ARROW_CYCLE, TRUE);
  lab_timeline_add_line (layout, &GRAPHENE_POINT_INIT (right, bottom),
                         &GRAPHENE_POINT_INIT (left, bottom), ARROW_CYCLE, TRUE);
  add_callout (states, rows, row, wait, (left + right) / 2);
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
