/* lab-timeline-layout.c — see lab-timeline-layout.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per lane of the trace model, in the model's row order, titled
 * with the model's names. Bars: a task is coloured by its id (a stable
 * palette, so each tile of the parallel blur has its own colour), a work
 * item is grey, a region recorded inside a task (the blur marks itself
 * "blur", each tile "blur-tile") is a dark band at the bottom of its task's
 * bar and names the bar; a region outside any task is a bar of its own;
 * awaited I/O is hollow, on its own row. The time a task waited in its
 * scheduler's queue (queued_us to start_us) is a striped band above the
 * row's bars, ending where the bar starts (a trace without instants, from
 * a version-1 run file; with instants, lab-timeline-states.c draws every
 * stay in a queue, named, and the task states). A task that ran inline has an
 * outline. The model's links are arrows from the end of one bar to the
 * start of another. Bars under two pixels that touch the previous one on
 * their row merge with it, so a trace of tiny items stays a few hundred
 * rectangles.
 *
 * The span of time and the axis are lab-timeline-time.c's.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <math.h>

#include "lab-timeline-layout-private.h"

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_object (&row->layout);
  g_clear_pointer (&row->title, g_free);
}

static void
callout_clear (gpointer data)
{
  g_clear_object (&((Callout *) data)->layout);
}

LabTimelineLayout *
lab_timeline_layout_new (void)
{
  LabTimelineLayout *layout = g_new0 (LabTimelineLayout, 1);

  layout->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (layout->rows, row_clear);
  layout->stripes = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  layout->grid = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  layout->texts = g_array_new (FALSE, TRUE, sizeof (LabText));
  g_array_set_clear_func (layout->texts, lab_text_clear);
  layout->waits = g_array_new (FALSE, FALSE, sizeof (WaitShape));
  layout->bars = g_array_new (FALSE, FALSE, sizeof (BarShape));
  layout->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  layout->dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  layout->hatches = g_array_new (FALSE, FALSE, sizeof (HatchShape));
  layout->marks = g_array_new (FALSE, FALSE, sizeof (MarkShape));
  layout->child_waits = g_array_new (FALSE, FALSE, sizeof (ChildWaitShape));
  layout->callouts = g_array_new (FALSE, FALSE, sizeof (Callout));
  g_array_set_clear_func (layout->callouts, callout_clear);
  layout->legend = g_ptr_array_new_with_free_func (g_free);
  layout->states = lab_timeline_states_new ();
  layout->link_shapes = g_array_new (FALSE, FALSE, sizeof (LinkShape));
  layout->swatches = g_array_new (FALSE, FALSE, sizeof (Swatch));
  layout->label_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  layout->cursor_us = G_MININT64;
  layout->text_scale = 1.0f;
  layout->legend_ems = LEGEND_LINE;
  return layout;
}

void
lab_timeline_layout_free (LabTimelineLayout *layout)
{
  g_array_unref (layout->rows);
  g_array_unref (layout->stripes);
  g_array_unref (layout->grid);
  g_array_unref (layout->texts);
  g_array_unref (layout->waits);
  g_array_unref (layout->bars);
  g_array_unref (layout->segments);
  g_array_unref (layout->dots);
  g_array_unref (layout->hatches);
  g_array_unref (layout->marks);
  g_array_unref (layout->child_waits);
  g_array_unref (layout->callouts);
  g_ptr_array_unref (layout->legend);
  lab_timeline_states_free (layout->states);
  g_array_unref (layout->link_shapes);
  g_array_unref (layout->swatches);
  g_hash_table_unref (layout->label_cache);
  g_clear_pointer (&layout->font, pango_font_description_free);
  g_free (layout);
}

/* The font or the colours changed: laid-out text is stale. */
void
lab_timeline_layout_forget_style (LabTimelineLayout *layout)
{
  g_array_set_size (layout->bars, 0);
  g_array_set_size (layout->texts, 0);
  g_array_set_size (layout->rows, 0);
  /* marks borrow their glyphs from the cache too */
  g_array_set_size (layout->marks, 0);
  g_array_set_size (layout->callouts, 0);
  g_hash_table_remove_all (layout->label_cache);
  g_clear_pointer (&layout->font, pango_font_description_free);
  layout->text_scale = 1.0f;
}

/* Another model is shown: what was read from the last one is stale. */
void
lab_timeline_layout_forget_model (LabTimelineLayout *layout)
{
  lab_timeline_states_reset (layout->states);
  layout->note_want = 0;
  layout->legend_ems = LEGEND_LINE;
}

/* ---- helpers -------------------------------------------------------------- */

PangoLayout *
lab_timeline_cached_label (LabTimelineLayout *layout,
              const char        *markup)
{
  PangoLayout *label = g_hash_table_lookup (layout->label_cache, markup);

  if (label == NULL)
    {
      label = lab_style_layout (layout->widget, markup);
      lab_timeline_scale_font (layout, label);
      g_hash_table_insert (layout->label_cache, g_strdup (markup), label);
    }
  return label;
}

void
lab_timeline_add_text (LabTimelineLayout *layout,
          PangoLayout       *label,
          float              x,
          float              y)
{
  LabText text = { g_object_ref (label), GRAPHENE_POINT_INIT (x, y), FALSE };

  g_array_append_val (layout->texts, text);
}

static void
add_rect (GArray *rects,
          float   x,
          float   y,
          float   width,
          float   height)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, width, height);

  g_array_append_val (rects, rect);
}

void
lab_timeline_bar_rows (LabTimelineLayout *layout,
          guint              row,
          float             *bar_y,
          float             *bar_h)
{
  float top = g_array_index (layout->rows, Row, row).y;

  *bar_y = roundf (top + layout->row_height * BAR_TOP);
  *bar_h = roundf (layout->row_height * (1.0f - BAR_TOP - BAR_BOTTOM));
}

static void
add_segment (LabTimelineLayout      *layout,
             const graphene_point_t *from,
             const graphene_point_t *to,
             const GdkRGBA          *color)
{
  Segment segment;

  segment.at = *from;
  segment.length = sqrtf ((to->x - from->x) * (to->x - from->x) +
                          (to->y - from->y) * (to->y - from->y));
  segment.angle = atan2f (to->y - from->y, to->x - from->x) * 180.0f / (float) G_PI;
  segment.color = *color;
  g_array_append_val (layout->segments, segment);
}

static void
arrow_color (LabTimelineLayout *layout,
             ArrowStyle         style,
             GdkRGBA           *color)
{
  switch (style)
    {
    case ARROW_CYCLE:
      lab_timeline_state_color (SWATCH_CYCLE, color);
      break;
    case ARROW_WAIT:
      lab_timeline_state_color (SWATCH_BLOCKED, color);
      break;
    case ARROW_CHILD:
    case ARROW_HAND_OFF:
    default:
      *color = lab_rgba_with_alpha (&layout->foreground, 0.9f);
      break;
    }
}

/* A line from @from to @to; a head at @to unless @head is FALSE (the legs
 * of the cycle's loop); dashed for a parent-child link. */
void
lab_timeline_add_line (LabTimelineLayout      *layout,
                       const graphene_point_t *from,
                       const graphene_point_t *to,
                       ArrowStyle              style,
                       gboolean                head)
{
  float angle = atan2f (to->y - from->y, to->x - from->x);
  float dx = to->x - from->x, dy = to->y - from->y;
  float length = sqrtf (dx * dx + dy * dy);
  float head_len = layout->em * 0.55f;
  graphene_point_t wing;
  GdkRGBA color;

  arrow_color (layout, style, &color);
  if (style == ARROW_CHILD)
    {
      float dash = layout->em * 0.45f, gap = layout->em * 0.3f;

      for (float d = 0; d < length; d += dash + gap)
        {
          float e = MIN (d + dash, length);

          graphene_point_t a = GRAPHENE_POINT_INIT (from->x + d * cosf (angle),
                                                    from->y + d * sinf (angle));
          graphene_point_t b = GRAPHENE_POINT_INIT (from->x + e * cosf (angle),
                                                    from->y + e * sinf (angle));

          add_segment (layout, &a, &b, &color);
        }
    }
  else
    add_segment (layout, from, to, &color);
  for (int side = -1; side <= 1 && head; side += 2)
    {
      float wing_angle = angle + (float) G_PI + side * (float) G_PI / 6.0f;

      wing = GRAPHENE_POINT_INIT (to->x + head_len * cosf (wing_angle),
                                  to->y + head_len * sinf (wing_angle));
      add_segment (layout, to, &wing, &color);
    }
}

void
lab_timeline_add_arrow (LabTimelineLayout      *layout,
                        const graphene_point_t *from,
                        const graphene_point_t *to,
                        ArrowStyle              style)
{
  float size = roundf (layout->em * 0.36f);
  Dot tail;

  lab_timeline_add_line (layout, from, to, style, TRUE);
  gsk_rounded_rect_init_from_rect (&tail.dot,
                                   &GRAPHENE_RECT_INIT (from->x - size / 2, from->y - size / 2,
                                                        size, size),
                                   size / 2);
  arrow_color (layout, style, &tail.color);
  g_array_append_val (layout->dots, tail);
}

/* The first label of @candidates that fits @width, or NULL. */
static PangoLayout *
fitting_label (LabTimelineLayout  *layout,
               const char * const *candidates,
               guint               n_candidates,
               float               width)
{
  for (guint i = 0; i < n_candidates; i++)
    {
      PangoLayout *label;
      float w;

      if (candidates[i] == NULL)
        continue;
      label = lab_timeline_cached_label (layout, candidates[i]);
      lab_layout_size (label, &w, NULL);
      if (w + layout->em * 0.5f <= width)
        return label;
    }
  return NULL;
}

static void
color_for_event (const PoolTraceEvent *event,
                 GdkRGBA              *color)
{
  if (event->task_id != 0)
    lab_palette_color (event->task_id, color);
  else if (event->kind == POOL_TRACE_KIND_REGION && event->label != NULL)
    lab_palette_color (g_str_hash (event->label), color);
  else
    gdk_rgba_parse (color, "#9a9996");     /* a work item: no task, grey */
}

static void
label_bar (LabTimelineLayout  *layout,
           BarShape           *bar,
           const LabTraceItem *item)
{
  const PoolTraceEvent *event = &item->event;
  g_autofree char *full = NULL, *medium = NULL, *id = NULL;
  const char *region = event->kind == POOL_TRACE_KIND_REGION || event->kind == POOL_TRACE_KIND_IO
                       ? event->label : item->region;
  const char *inline_mark = event->inlined ? _(" · inline") : "";
  const char *candidates[3] = { NULL, };
  float w, h, text_bottom;

  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
      full = region != NULL
             ? g_markup_printf_escaped (_("Task %u · %s%s"), event->task_id, region, inline_mark)
             : g_strdup_printf (_("Task %u%s"), event->task_id, inline_mark);
      medium = region != NULL ? g_markup_printf_escaped ("#%u %s", event->task_id, region) : NULL;
      id = g_strdup_printf ("#%u", event->task_id);
      break;
    case POOL_TRACE_KIND_WORK_ITEM:
      /* on the UI thread, a work item is a callback posted to it
       * (SynchronizationContext.Post), not a thread-pool work item */
      if (event->role == POOL_THREAD_ROLE_UI)
        full = region != NULL ? g_markup_printf_escaped (_("Posted callback · %s"), region)
                              : g_strdup (_("Posted callback"));
      else
        full = region != NULL ? g_markup_printf_escaped (_("Work item · %s"), region)
                              : g_strdup (_("Work item"));
      medium = region != NULL ? g_markup_escape_text (region, -1) : NULL;
      break;
    case POOL_TRACE_KIND_IO:
    case POOL_TRACE_KIND_REGION:
    default:
      full = g_markup_escape_text (region != NULL ? region : "region", -1);
      break;
    }
  candidates[0] = full;
  candidates[1] = medium;
  candidates[2] = id;

  bar->label = fitting_label (layout, candidates, G_N_ELEMENTS (candidates), bar->rect.size.width);
  if (bar->label == NULL)
    return;
  lab_layout_size (bar->label, &w, &h);
  text_bottom = bar->rect.origin.y + bar->rect.size.height -
                (item->region != NULL ? roundf (layout->row_height * BAND_HEIGHT) : 0);
  bar->label_at = GRAPHENE_POINT_INIT (roundf (bar->rect.origin.x + layout->em * 0.25f),
                                       roundf ((bar->rect.origin.y + text_bottom - h) / 2.0f));
  if (bar->flags & BAR_IO)
    bar->label_color = layout->foreground;
  else
    lab_palette_text_on (&bar->color, &bar->label_color);
}

/* A bar under two pixels joins the previous one on its row if they touch. */
static gboolean
merge_tiny (LabTimelineLayout *layout,
            guint             *last_tiny,
            guint              row,
            float              x0,
            float              x1)
{
  BarShape *previous;

  if (x1 - x0 >= 2.0f || last_tiny[row] == G_MAXUINT)
    return FALSE;
  previous = &g_array_index (layout->bars, BarShape, last_tiny[row]);
  if (x0 > previous->rect.origin.x + previous->rect.size.width + 1.0f)
    return FALSE;
  previous->rect.size.width = MAX (previous->rect.size.width, x1 - previous->rect.origin.x);
  previous->position = G_MAXUINT64;
  return TRUE;
}

static guint
row_of (LabTraceModel      *model,
        const LabTraceItem *item)
{
  return lab_trace_model_get_lane (model, item->lane)->row;
}

static void
add_wait (LabTimelineLayout    *layout,
          const PoolTraceEvent *event,
          guint                 row,
          float                 x0,
          const GdkRGBA        *color)
{
  float w0 = MAX (lab_timeline_x_for_time (layout, event->queued_us), layout->plot.origin.x);
  WaitShape wait;

  if (x0 - w0 < 1.0f)
    return;
  graphene_rect_init (&wait.rect, w0,
                      roundf (g_array_index (layout->rows, Row, row).y + layout->row_height * WAIT_TOP),
                      x0 - w0, MAX (2.0f, roundf (layout->row_height * WAIT_HEIGHT)));
  wait.fill = lab_rgba_with_alpha (color, 0.28f);
  wait.stripe = *color;
  wait.position = event->position;
  g_array_append_val (layout->waits, wait);
}

static void
layout_items (LabTimelineLayout *layout,
              LabTraceModel     *model)
{
  /* with instants, lab-timeline-states.c draws every queue wait, named */
  gboolean guess_waits = lab_trace_model_get_n_instants (model) == 0;
  float plot_left = layout->plot.origin.x;
  float plot_right = plot_left + layout->plot.size.width;
  guint n_rows = layout->rows->len;
  g_autofree guint *last_tiny = g_new (guint, MAX (1, n_rows));
  float band = MAX (2.0f, roundf (layout->row_height * BAND_HEIGHT));

  for (guint r = 0; r < n_rows; r++)
    last_tiny[r] = G_MAXUINT;

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, i);
      const PoolTraceEvent *event = &item->event;
      gboolean io = event->kind == POOL_TRACE_KIND_IO;
      guint row = row_of (model, item);
      float x0 = MAX (lab_timeline_x_for_time (layout, event->start_us), plot_left);
      float x1 = MIN (lab_timeline_x_for_time (layout, event->end_us), plot_right);
      float bar_y, bar_h;
      BarShape bar = { GRAPHENE_RECT_INIT (0, 0, 0, 0), { 0 }, 0, event->position, NULL,
                       GRAPHENE_POINT_INIT (0, 0), { 0 } };

      if (x1 < plot_left || x0 > plot_right)
        continue;
      lab_timeline_bar_rows (layout, row, &bar_y, &bar_h);
      x1 = MAX (x1, x0 + 1.0f);
      if (io)
        {
          bar.color = layout->io_color;
          bar.flags = BAR_IO;
        }
      else
        color_for_event (event, &bar.color);

      if (guess_waits && event->queued_us > 0 && event->queued_us < event->start_us)
        add_wait (layout, event, row, x0, &bar.color);

      if (item->container != G_MAXUINT)
        {
          /* a region inside its task: a darker band at the bottom of the bar */
          bar.flags = BAR_BAND;
          bar.color.red *= 0.55f;
          bar.color.green *= 0.55f;
          bar.color.blue *= 0.55f;
          graphene_rect_init (&bar.rect, x0, bar_y + bar_h - band, x1 - x0, band);
          g_array_append_val (layout->bars, bar);
          continue;
        }

      if (!io && merge_tiny (layout, last_tiny, row, x0, x1))
        continue;
      graphene_rect_init (&bar.rect, x0, bar_y, x1 - x0, bar_h);
      if (event->inlined)
        bar.flags |= BAR_INLINE;
      label_bar (layout, &bar, item);
      g_array_append_val (layout->bars, bar);
      last_tiny[row] = x1 - x0 < 2.0f ? layout->bars->len - 1 : G_MAXUINT;
    }
}

static void
layout_links (LabTimelineLayout *layout,
              LabTraceModel     *model)
{
  for (guint i = 0; i < lab_trace_model_get_n_links (model); i++)
    {
      const LabTraceLink *link = lab_trace_model_get_link (model, i);
      const LabTraceItem *from = lab_trace_model_get_item (model, link->from_item);
      const LabTraceItem *to = lab_trace_model_get_item (model, link->to_item);
      guint from_row = row_of (model, from), to_row = row_of (model, to);
      float from_y, from_h, to_y, to_h;
      LinkShape shape;

      lab_timeline_bar_rows (layout, from_row, &from_y, &from_h);
      lab_timeline_bar_rows (layout, to_row, &to_y, &to_h);
      shape.from = GRAPHENE_POINT_INIT (lab_timeline_x_for_time (layout, from->event.end_us),
                                        from_y + from_h / 2);
      /* the head stops at the edge of the receiving bar, on the side it comes from */
      shape.to = GRAPHENE_POINT_INIT (lab_timeline_x_for_time (layout, to->event.start_us),
                                      to_row < from_row ? to_y + to_h : to_y);
      g_array_append_val (layout->link_shapes, shape);
      lab_timeline_add_arrow (layout, &shape.from, &shape.to, ARROW_HAND_OFF);
    }
}

/* Titles, in row order; they decide where the plot starts. */
static float
layout_rows (LabTimelineLayout *layout,
             LabTraceModel     *model)
{
  guint n_lanes = model != NULL ? lab_trace_model_get_n_lanes (model) : 0;
  float title_width = 0, w;

  g_array_set_size (layout->rows, 0);
  for (guint r = 0; r < n_lanes; r++)
    {
      const LabTraceLane *lane = lab_trace_model_get_lane_at_row (model, r);
      g_autofree char *markup = g_markup_printf_escaped (lane->kind == LAB_LANE_UI ? "<b>%s</b>" : "%s",
                                                         lane->title);
      Row row = { g_object_ref (lab_timeline_cached_label (layout, markup)),
                  GRAPHENE_POINT_INIT (0, 0), 0, g_strdup (lane->title) };

      lab_layout_size (row.layout, &w, NULL);
      title_width = MAX (title_width, w);
      g_array_append_val (layout->rows, row);
    }
  return title_width;
}

/* The run's baseline (the idle UI thread watched before the work,
 * LAB_BASELINE_MS): a tinted band over the rows from the click to the
 * work's start, named when the name fits in it. */
static void
layout_baseline (LabTimelineLayout *layout,
                 LabTraceModel     *model)
{
  gint64 work_start_us = model != NULL ? lab_trace_model_get_work_start (model) : 0;
  double span = (double) (layout->view_end_us - layout->view_start_us);
  float x1, w, h;

  layout->has_baseline = FALSE;
  layout->baseline_label = NULL;
  if (work_start_us <= layout->view_start_us || span <= 0 || layout->rows->len == 0)
    return;
  x1 = layout->plot.origin.x +
       roundf ((float) ((MIN (work_start_us, layout->view_end_us) - layout->view_start_us) / span *
                        layout->plot.size.width));
  graphene_rect_init (&layout->baseline_band, layout->plot.origin.x, layout->plot.origin.y,
                      MAX (1.0f, x1 - layout->plot.origin.x), layout->plot.size.height);
  layout->has_baseline = TRUE;
  layout->baseline_label = lab_timeline_cached_label (layout, _("<small>baseline</small>"));
  lab_layout_size (layout->baseline_label, &w, &h);
  if (w + layout->em * 0.3f > layout->baseline_band.size.width)
    {
      layout->baseline_label = NULL;
      return;
    }
  /* at the foot of the rows, under the bars' labels */
  layout->baseline_label_at = GRAPHENE_POINT_INIT (layout->plot.origin.x + layout->em * 0.15f,
                                                   layout->plot.origin.y +
                                                   layout->plot.size.height - h);
}

/**
 * lab_timeline_layout_compute:
 * @widget: the widget whose font and colours to use
 * @model: (nullable): what to show
 * @now_us: while live, the frame clock's time (what is open ends there,
 *   and the right edge is the round span past it); 0 to fit the span to
 *   the model
 * @fixed_end_us: if not 0, the right edge at least (runs compared on one
 *   scale, or a live run's planned length), without the room after the
 *   last bar
 */
void
lab_timeline_layout_compute (LabTimelineLayout *layout,
                             GtkWidget         *widget,
                             LabTraceModel     *model,
                             int                width,
                             int                height,
                             gint64             now_us,
                             gint64             fixed_end_us)
{
  float title_width, top, w, h;
  float note_want = layout->note_want;
  gboolean same_size = width == layout->note_width && height == layout->note_height;
  gboolean note_small = layout->note_small;

  layout->widget = widget;
  g_array_set_size (layout->stripes, 0);
  g_array_set_size (layout->grid, 0);
  /* bars borrow their labels from the cache: empty it only between layouts */
  g_array_set_size (layout->bars, 0);
  if (g_hash_table_size (layout->label_cache) > LABEL_CACHE_MAX)
    g_hash_table_remove_all (layout->label_cache);
  g_array_set_size (layout->texts, 0);
  g_array_set_size (layout->waits, 0);
  g_array_set_size (layout->segments, 0);
  g_array_set_size (layout->dots, 0);
  g_array_set_size (layout->link_shapes, 0);
  g_array_set_size (layout->swatches, 0);
  g_array_set_size (layout->hatches, 0);
  g_array_set_size (layout->marks, 0);
  g_array_set_size (layout->child_waits, 0);
  g_array_set_size (layout->callouts, 0);
  g_ptr_array_set_size (layout->legend, 0);
  if (model != NULL)
    lab_timeline_states_update (layout->states, model, now_us);

  lab_timeline_set_text_scale (layout, widget,
                               lab_timeline_text_scale_for (layout, widget,
                                                            model != NULL
                                                            ? lab_trace_model_get_n_lanes (model)
                                                            : 0,
                                                            height));
  layout->em = lab_style_em (widget) * layout->text_scale;
  /* the words go small with the rest of the text, and at the same size
   * stay small: at full size they would squeeze the rest again */
  layout->note_small = layout->text_scale < 1.0f || (same_size && note_small);
  layout->height = height;
  layout->line_width = MAX (2.0f, roundf (layout->em / 8.0f));
  layout->stripe_width = MAX (2.0f, roundf (layout->em / 7.0f));
  layout->stripe_period = layout->stripe_width * 2.5f;
  lab_style_foreground (widget, &layout->foreground);
  lab_style_lookup_color (widget, "lab_accent", "#3584e4", &layout->io_color);
  lab_style_background (widget, &layout->background);

  title_width = layout_rows (layout, model);
  {
    float plot_left = title_width + layout->em * 0.8f;
    float plot_width = MAX (1.0f, width - title_width - layout->em * 1.3f);
    float rows_space;

    /* the legend may use the width under the titles too */
    top = model != NULL && lab_trace_model_get_n_items (model) > 0
          ? lab_timeline_layout_legend (layout, model, roundf (layout->em * 0.3f),
                                        width - layout->em * 0.6f)
          : 0;
    /* the rows share what is left above the axis, within their range; when
     * that squeezes them, the legend goes and they get its room */
    rows_space = height - top - roundf (layout->em * AXIS_HEIGHT) - layout->note_want;
    if (top > 0 && rows_space / MAX (1, layout->rows->len) < layout->em * LEGEND_ROW)
      {
        g_array_set_size (layout->swatches, 0);
        g_array_set_size (layout->texts, 0);
        g_array_set_size (layout->segments, 0);
        g_array_set_size (layout->dots, 0);
        g_ptr_array_set_size (layout->legend, 0);
        rows_space += top;
        top = 0;
      }
    layout->row_height = roundf (CLAMP (rows_space / MAX (1, layout->rows->len),
                                        layout->em * MIN_ROW_HEIGHT,
                                        layout->em * (gtk_widget_get_vexpand (widget)
                                                      ? TALL_ROW_HEIGHT : ROW_HEIGHT)));
    if (top > 0)
      layout->legend_ems = top / layout->em;
    graphene_rect_init (&layout->plot, plot_left, top, plot_width,
                        layout->rows->len * layout->row_height);
  }

  lab_timeline_layout_time (layout, model, now_us, fixed_end_us);

  for (guint r = 0; r < layout->rows->len; r++)
    {
      Row *row = &g_array_index (layout->rows, Row, r);
      float bar_y, bar_h;

      row->y = layout->plot.origin.y + r * layout->row_height;
      if (r % 2 == 0)
        add_rect (layout->stripes, 0, row->y, width, layout->row_height);
      lab_timeline_bar_rows (layout, r, &bar_y, &bar_h);
      lab_layout_size (row->layout, NULL, &h);
      row->at = GRAPHENE_POINT_INIT (roundf (layout->em * 0.3f), roundf (bar_y + (bar_h - h) / 2));
    }

  layout_baseline (layout, model);
  if ((model == NULL || lab_trace_model_get_n_items (model) == 0) && now_us == 0)
    {
      const char *text = _("Run the scenario to see which thread runs each piece of work");
      PangoLayout *empty = lab_timeline_cached_label (layout, text);

      lab_layout_size (empty, &w, &h);
      lab_timeline_add_text (layout, empty, MAX (0, (width - w) / 2),
                layout->plot.origin.y + layout->plot.size.height + layout->em * 0.5f);
    }
  else
    {
      lab_timeline_layout_axis (layout, layout->plot.origin.y + layout->plot.size.height, width);
      layout_items (layout, model);
      layout_links (layout, model);
      if (lab_trace_model_get_n_instants (model) > 0)
        lab_timeline_states_layout (layout->states, layout, model);
    }
  layout->widget = NULL;
  if (layout->callouts->len == 0)
    layout->note_want = 0;
  /* at the same size and the same size of words, the room only grows: the
   * words wrap to another line at a slightly larger scale, and the rows
   * would go back and forth */
  else if (same_size && note_small == layout->note_small)
    layout->note_want = MAX (layout->note_want, note_want);
  layout->note_width = width;
  layout->note_height = height;
  /* the words of a wait cycle appeared (or went): lay the rows out again
   * with room for them under the axis (the room depends on the text's
   * scale, which depends on the room: a few times at most) */
  if (fabsf (layout->note_want - note_want) >= 1.0f && layout->again < 3)
    {
      layout->again++;
      lab_timeline_layout_compute (layout, widget, model, width, height, now_us, fixed_end_us);
      layout->again--;
    }
}

