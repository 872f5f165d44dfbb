/* lab-timeline-draw.c — appends the timeline's prepared shapes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing is worked out here: lab-timeline-layout.c placed every bar,
 * band, arrow and label; this appends them to a snapshot, and tells the
 * tests where they are.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-timeline-layout-private.h"

/* ---- drawing ------------------------------------------------------------ */

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  width,
                const GdkRGBA         *color)
{
  GskRoundedRect outline;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
append_stripes (LabTimelineLayout     *layout,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *fill,
                const GdkRGBA         *stripe)
{
  gtk_snapshot_append_color (snapshot, fill, rect);
  gtk_snapshot_push_repeat (snapshot, rect,
                            &GRAPHENE_RECT_INIT (rect->origin.x, rect->origin.y,
                                                 layout->stripe_period, rect->size.height));
  gtk_snapshot_append_color (snapshot, stripe,
                             &GRAPHENE_RECT_INIT (rect->origin.x, rect->origin.y,
                                                  layout->stripe_width, rect->size.height));
  gtk_snapshot_pop (snapshot);
}

/* A blocked thread: red diagonal lines over a faint red fill. */
static void
append_hatch (LabTimelineLayout     *layout,
              GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              const GdkRGBA         *color)
{
  GdkRGBA fill = lab_rgba_with_alpha (color, 0.22f);
  float period = layout->stripe_period * 1.2f;
  float h = rect->size.height;
  guint n = 0;

  gtk_snapshot_append_color (snapshot, &fill, rect);
  gtk_snapshot_push_clip (snapshot, rect);
  for (float x = rect->origin.x - h; x < rect->origin.x + rect->size.width && n < 2000;
       x += period, n++)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, rect->origin.y + h));
      gtk_snapshot_rotate (snapshot, -45.0f);
      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (0, -layout->stripe_width / 2,
                                                      h * 1.5f, layout->stripe_width));
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_pop (snapshot);
  append_outline (snapshot, rect, 1.0f, color);
}

/* WaitingForChildrenToComplete: hollow, in the task's colour. */
static void
append_child_wait (LabTimelineLayout     *layout,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *rect,
                   const GdkRGBA         *color)
{
  GdkRGBA fill = lab_rgba_with_alpha (color, 0.25f);

  gtk_snapshot_append_color (snapshot, &fill, rect);
  append_outline (snapshot, rect, MIN (layout->line_width, rect->size.height / 2), color);
}

static void
append_mark (GtkSnapshot          *snapshot,
             const GskRoundedRect *disc,
             const GdkRGBA        *color,
             PangoLayout          *glyph,
             const graphene_point_t *glyph_at)
{
  GdkRGBA text;

  gtk_snapshot_push_rounded_clip (snapshot, disc);
  gtk_snapshot_append_color (snapshot, color, &disc->bounds);
  gtk_snapshot_pop (snapshot);
  if (glyph != NULL)
    {
      lab_palette_text_on (color, &text);
      lab_snapshot_append_text (snapshot, glyph, glyph_at, &text);
    }
}

static void
draw_legend_mark (LabTimelineLayout *layout,
                  GtkSnapshot       *snapshot,
                  const Swatch      *swatch)
{
  float d = swatch->rect.size.height + 2;
  GskRoundedRect disc;
  GdkRGBA color;

  gsk_rounded_rect_init_from_rect (&disc,
                                   &GRAPHENE_RECT_INIT (swatch->rect.origin.x +
                                                        (swatch->rect.size.width - d) / 2,
                                                        swatch->rect.origin.y - 1, d, d), d / 2);
  lab_timeline_state_color (swatch->style, &color);
  append_mark (snapshot, &disc, &color, NULL, NULL);
}

/* Bars, queue waits (without instants) and WaitingForChildren bands take
 * their task's colour: their swatches show a few of the palette's colours
 * side by side, not one colour a bar may never have. */
#define SWATCH_SLICES 3

static void
swatch_slice (const Swatch    *swatch,
              guint            slice,
              graphene_rect_t *rect,
              GdkRGBA         *color)
{
  static const guint colours[SWATCH_SLICES] = { 0, 2, 3 };   /* blue, yellow, purple */
  float w = swatch->rect.size.width / SWATCH_SLICES;
  float x0 = roundf (swatch->rect.origin.x + slice * w);
  float x1 = slice + 1 == SWATCH_SLICES ? swatch->rect.origin.x + swatch->rect.size.width
                                        : roundf (swatch->rect.origin.x + (slice + 1) * w);

  graphene_rect_init (rect, x0, swatch->rect.origin.y, x1 - x0, swatch->rect.size.height);
  lab_palette_color (colours[slice], color);
}

static void
draw_swatches (LabTimelineLayout *layout,
               GtkSnapshot       *snapshot)
{
  GdkRGBA io_fill = lab_rgba_with_alpha (&layout->io_color, 0.22f);
  graphene_rect_t slice;
  GdkRGBA color;

  for (guint i = 0; i < layout->swatches->len; i++)
    {
      const Swatch *swatch = &g_array_index (layout->swatches, Swatch, i);

      switch (swatch->style)
        {
        case SWATCH_RUN:
        case SWATCH_INLINE:
          for (guint s = 0; s < SWATCH_SLICES; s++)
            {
              swatch_slice (swatch, s, &slice, &color);
              gtk_snapshot_append_color (snapshot, &color, &slice);
            }
          if (swatch->style == SWATCH_INLINE)
            append_outline (snapshot, &swatch->rect, layout->line_width, &layout->foreground);
          break;
        case SWATCH_WAIT:
          for (guint s = 0; s < SWATCH_SLICES; s++)
            {
              GdkRGBA fill;

              swatch_slice (swatch, s, &slice, &color);
              fill = lab_rgba_with_alpha (&color, 0.28f);
              append_stripes (layout, snapshot, &slice, &fill, &color);
            }
          break;
        case SWATCH_IO:
          gtk_snapshot_append_color (snapshot, &io_fill, &swatch->rect);
          append_outline (snapshot, &swatch->rect, layout->line_width, &layout->io_color);
          break;
        case SWATCH_QUEUE_UI:
        case SWATCH_QUEUE_GLOBAL:
        case SWATCH_QUEUE_LOCAL:
          {
            GdkRGBA stripe, fill;

            lab_timeline_state_color (swatch->style, &stripe);
            fill = lab_rgba_with_alpha (&stripe, 0.3f);
            append_stripes (layout, snapshot, &swatch->rect, &fill, &stripe);
          }
          break;
        case SWATCH_CHILDREN:
          /* two bands of two tasks, darker as on the chart */
          for (guint s = 0; s < 2; s++)
            {
              Swatch half = *swatch;

              half.rect.size.width = roundf (swatch->rect.size.width / 2) - 1;
              half.rect.origin.x += s * (half.rect.size.width + 2);
              swatch_slice (swatch, s * 2, &slice, &color);
              color.red *= 0.7f;
              color.green *= 0.7f;
              color.blue *= 0.7f;
              append_child_wait (layout, snapshot, &half.rect, &color);
            }
          break;
        case SWATCH_BLOCKED:
          {
            GdkRGBA red;

            lab_timeline_state_color (SWATCH_BLOCKED, &red);
            append_hatch (layout, snapshot, &swatch->rect, &red);
          }
          break;
        case SWATCH_DONE:
        case SWATCH_CANCELED:
        case SWATCH_FAULTED:
        default:
          draw_legend_mark (layout, snapshot, swatch);
          break;
        }
    }
}

static void
draw_bars (LabTimelineLayout *layout,
           GtkSnapshot       *snapshot)
{
  GdkRGBA io_fill = lab_rgba_with_alpha (&layout->io_color, 0.22f);

  for (guint i = 0; i < layout->bars->len; i++)
    {
      const BarShape *bar = &g_array_index (layout->bars, BarShape, i);

      if (bar->flags & BAR_IO)
        {
          gtk_snapshot_append_color (snapshot, &io_fill, &bar->rect);
          append_outline (snapshot, &bar->rect, layout->line_width, &layout->io_color);
        }
      else
        {
          gtk_snapshot_append_color (snapshot, &bar->color, &bar->rect);
          if (bar->flags & BAR_INLINE)
            append_outline (snapshot, &bar->rect, layout->line_width, &layout->foreground);
        }
    }
}

/* After the states' hatching, so a blocked thread's bar keeps its name. */
static void
draw_bar_labels (LabTimelineLayout *layout,
                 GtkSnapshot       *snapshot)
{
  for (guint i = 0; i < layout->bars->len; i++)
    {
      const BarShape *bar = &g_array_index (layout->bars, BarShape, i);

      if (bar->label == NULL)
        continue;
      gtk_snapshot_push_clip (snapshot, &bar->rect);
      lab_snapshot_append_text (snapshot, bar->label, &bar->label_at, &bar->label_color);
      gtk_snapshot_pop (snapshot);
    }
}

static void
draw_arrows (LabTimelineLayout *layout,
             GtkSnapshot       *snapshot)
{
  GdkRGBA cycle, halo = lab_rgba_with_alpha (&layout->background, 0.9f);

  /* the cycle's loop crosses the red hatching: a halo of the background
   * under it keeps it readable */
  lab_timeline_state_color (SWATCH_CYCLE, &cycle);
  for (guint i = 0; i < layout->segments->len; i++)
    {
      const Segment *segment = &g_array_index (layout->segments, Segment, i);
      float halo_w = layout->line_width * 2.2f;

      if (!gdk_rgba_equal (&segment->color, &cycle))
        continue;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &segment->at);
      gtk_snapshot_rotate (snapshot, segment->angle);
      gtk_snapshot_append_color (snapshot, &halo,
                                 &GRAPHENE_RECT_INIT (-halo_w / 2, -halo_w / 2,
                                                      segment->length + halo_w / 2, halo_w));
      gtk_snapshot_restore (snapshot);
    }
  for (guint i = 0; i < layout->segments->len; i++)
    {
      const Segment *segment = &g_array_index (layout->segments, Segment, i);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &segment->at);
      gtk_snapshot_rotate (snapshot, segment->angle);
      gtk_snapshot_append_color (snapshot, &segment->color,
                                 &GRAPHENE_RECT_INIT (-layout->line_width / 2, -layout->line_width / 2,
                                                      segment->length + layout->line_width / 2,
                                                      layout->line_width));
      gtk_snapshot_restore (snapshot);
    }
  for (guint i = 0; i < layout->dots->len; i++)
    {
      const Dot *dot = &g_array_index (layout->dots, Dot, i);

      gtk_snapshot_push_rounded_clip (snapshot, &dot->dot);
      gtk_snapshot_append_color (snapshot, &dot->color, &dot->dot.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

static void
draw_states (LabTimelineLayout *layout,
             GtkSnapshot       *snapshot)
{
  for (guint i = 0; i < layout->child_waits->len; i++)
    {
      const ChildWaitShape *shape = &g_array_index (layout->child_waits, ChildWaitShape, i);

      append_child_wait (layout, snapshot, &shape->rect, &shape->color);
    }
  for (guint i = 0; i < layout->hatches->len; i++)
    {
      const HatchShape *hatch = &g_array_index (layout->hatches, HatchShape, i);

      append_hatch (layout, snapshot, &hatch->rect, &hatch->color);
    }
  for (guint i = 0; i < layout->marks->len; i++)
    {
      const MarkShape *mark = &g_array_index (layout->marks, MarkShape, i);

      append_mark (snapshot, &mark->disc, &mark->color, mark->glyph, &mark->glyph_at);
    }
}

static void
draw_callouts (LabTimelineLayout *layout,
               GtkSnapshot       *snapshot)
{
  GdkRGBA backdrop = lab_rgba_with_alpha (&layout->background, 0.94f);

  for (guint i = 0; i < layout->callouts->len; i++)
    {
      const Callout *callout = &g_array_index (layout->callouts, Callout, i);
      float edge = MAX (3.0f, layout->line_width * 1.5f);

      gtk_snapshot_append_color (snapshot, &backdrop, &callout->box);
      append_outline (snapshot, &callout->box, layout->line_width / 2, &callout->edge);
      gtk_snapshot_append_color (snapshot, &callout->edge,
                                 &GRAPHENE_RECT_INIT (callout->box.origin.x, callout->box.origin.y,
                                                      edge, callout->box.size.height));
      lab_snapshot_append_text (snapshot, callout->layout, &callout->at, &layout->foreground);
    }
}

/* The height the words on the chart need under the axis (0 for none),
 * with the legend's lines beyond the one the measure counts. */
float
lab_timeline_layout_get_note_height (LabTimelineLayout *layout)
{
  if (layout->callouts->len == 0)
    return 0;
  return roundf (layout->note_want) +
         MAX (0, layout->plot.origin.y - roundf (layout->em * LEGEND_LINE));
}

void
lab_timeline_layout_set_cursor (LabTimelineLayout *layout,
                                gint64             at_us)
{
  layout->cursor_us = at_us;
}

/* Where the cursor is drawn, if it is on the plot: one multiplication, so
 * the replay can move it on every frame without laying the chart out. */
gboolean
lab_timeline_layout_get_cursor_x (LabTimelineLayout *layout,
                                  float             *x)
{
  double span = (double) (layout->view_end_us - layout->view_start_us);
  float at;

  if (layout->cursor_us == G_MININT64 || span <= 0 || layout->rows->len == 0)
    return FALSE;
  at = layout->plot.origin.x +
       (float) ((layout->cursor_us - layout->view_start_us) / span * layout->plot.size.width);
  if (at < layout->plot.origin.x - 0.5f ||
      at > layout->plot.origin.x + layout->plot.size.width + 0.5f)
    return FALSE;
  if (x != NULL)
    *x = roundf (at);
  return TRUE;
}

/* The baseline's band, if in view, and whether its name fits in it. */
gboolean
lab_timeline_layout_get_baseline (LabTimelineLayout *layout,
                                  graphene_rect_t   *band,
                                  gboolean          *named)
{
  if (band != NULL && layout->has_baseline)
    *band = layout->baseline_band;
  if (named != NULL)
    *named = layout->baseline_label != NULL;
  return layout->has_baseline;
}

static void
draw_cursor (LabTimelineLayout *layout,
             GtkSnapshot       *snapshot)
{
  float x, right, w = MAX (2.0f, layout->line_width);
  GdkRGBA veil = lab_rgba_with_alpha (&layout->background, 0.45f);

  if (!lab_timeline_layout_get_cursor_x (layout, &x))
    return;
  /* what has not happened yet at the cursor, faded */
  right = layout->plot.origin.x + layout->plot.size.width;
  gtk_snapshot_append_color (snapshot, &veil,
                             &GRAPHENE_RECT_INIT (x, layout->plot.origin.y, right - x,
                                                  layout->plot.size.height));
  gtk_snapshot_append_color (snapshot, &layout->foreground,
                             &GRAPHENE_RECT_INIT (x - w / 2, layout->plot.origin.y, w,
                                                  layout->plot.size.height + layout->em * 0.4f));
}

/* While live: where now is on the axis, which holds still. */
static void
draw_now (LabTimelineLayout *layout,
          GtkSnapshot       *snapshot)
{
  GdkRGBA color = lab_rgba_with_alpha (&layout->io_color, 0.8f);

  if (layout->has_now)
    gtk_snapshot_append_color (snapshot, &color, &layout->now_line);
}

gboolean
lab_timeline_layout_get_now_x (LabTimelineLayout *layout,
                               float             *x)
{
  if (layout->has_now)
    *x = layout->now_line.origin.x + layout->now_line.size.width / 2;
  return layout->has_now;
}

/* Appends the prepared shapes; nothing is laid out here. */
void
lab_timeline_layout_draw (LabTimelineLayout *layout,
                          GtkSnapshot       *snapshot,
                          int                height)
{
  GdkRGBA stripe_bg = lab_rgba_with_alpha (&layout->foreground, 0.05f);
  GdkRGBA hairline = lab_rgba_with_alpha (&layout->foreground, 0.14f);
  GdkRGBA dim = lab_rgba_with_alpha (&layout->foreground, 0.75f);

  for (guint i = 0; i < layout->stripes->len; i++)
    gtk_snapshot_append_color (snapshot, &stripe_bg, &g_array_index (layout->stripes, graphene_rect_t, i));
  if (layout->has_baseline)
    {
      GdkRGBA tint = lab_rgba_with_alpha (&layout->foreground, 0.07f);

      gtk_snapshot_append_color (snapshot, &tint, &layout->baseline_band);
      if (layout->baseline_label != NULL)
        lab_snapshot_append_text (snapshot, layout->baseline_label, &layout->baseline_label_at,
                                  &dim);
    }
  for (guint i = 0; i < layout->grid->len; i++)
    gtk_snapshot_append_color (snapshot, &hairline, &g_array_index (layout->grid, graphene_rect_t, i));
  for (guint i = 0; i < layout->rows->len; i++)
    {
      const Row *row = &g_array_index (layout->rows, Row, i);

      lab_snapshot_append_text (snapshot, row->layout, &row->at, &layout->foreground);
    }
  draw_swatches (layout, snapshot);
  for (guint i = 0; i < layout->waits->len; i++)
    {
      const WaitShape *wait = &g_array_index (layout->waits, WaitShape, i);

      append_stripes (layout, snapshot, &wait->rect, &wait->fill, &wait->stripe);
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (layout->plot.origin.x, 0,
                                                         layout->plot.size.width + 1, height));
  draw_bars (layout, snapshot);
  draw_states (layout, snapshot);
  draw_bar_labels (layout, snapshot);
  gtk_snapshot_pop (snapshot);

  for (guint i = 0; i < layout->texts->len; i++)
    {
      const LabText *text = &g_array_index (layout->texts, LabText, i);

      lab_snapshot_append_text (snapshot, text->layout, &text->at, &dim);
    }
  draw_arrows (layout, snapshot);
  draw_callouts (layout, snapshot);
  draw_now (layout, snapshot);
  draw_cursor (layout, snapshot);
}

/* ---- for tests ------------------------------------------------------------ */

/* Where the event at @position was laid out: its bar and its queue wait. */
gboolean
lab_timeline_layout_get_event_bounds (LabTimelineLayout *layout,
                                      guint64            position,
                                      graphene_rect_t   *bar,
                                      graphene_rect_t   *wait,
                                      gboolean          *has_wait)
{
  gboolean found = FALSE;

  if (has_wait != NULL)
    *has_wait = FALSE;
  for (guint i = 0; i < layout->bars->len && !found; i++)
    {
      const BarShape *shape = &g_array_index (layout->bars, BarShape, i);

      if (shape->position == position && !(shape->flags & BAR_IO))
        {
          if (bar != NULL)
            *bar = shape->rect;
          found = TRUE;
        }
    }
  for (guint i = 0; i < layout->waits->len && found; i++)
    {
      const WaitShape *shape = &g_array_index (layout->waits, WaitShape, i);

      if (shape->position == position)
        {
          if (wait != NULL)
            *wait = shape->rect;
          if (has_wait != NULL)
            *has_wait = TRUE;
          break;
        }
    }
  return found;
}

guint
lab_timeline_layout_get_n_links (LabTimelineLayout *layout)
{
  return layout->link_shapes->len;
}

gboolean
lab_timeline_layout_get_link_ends (LabTimelineLayout *layout,
                                   guint              link,
                                   graphene_point_t  *from,
                                   graphene_point_t  *to)
{
  if (link >= layout->link_shapes->len)
    return FALSE;
  *from = g_array_index (layout->link_shapes, LinkShape, link).from;
  *to = g_array_index (layout->link_shapes, LinkShape, link).to;
  return TRUE;
}

/* The top of a row, as laid out. */
float
lab_timeline_layout_get_row_y (LabTimelineLayout *layout,
                               guint              row)
{
  g_return_val_if_fail (row < layout->rows->len, 0);

  return g_array_index (layout->rows, Row, row).y;
}

/* The title drawn at the left of a row. */
const char *
lab_timeline_layout_get_row_title (LabTimelineLayout *layout,
                                   guint              row)
{
  g_return_val_if_fail (row < layout->rows->len, NULL);

  return g_array_index (layout->rows, Row, row).title;
}

guint
lab_timeline_layout_get_n_rows (LabTimelineLayout *layout)
{
  return layout->rows->len;
}

/* How many bars are laid out (tiny ones merge). */
guint
lab_timeline_layout_get_n_bars (LabTimelineLayout *layout)
{
  return layout->bars->len;
}

/* The legend's entries, in order: the states present, by .NET's names. */
guint
lab_timeline_layout_get_n_legend (LabTimelineLayout *layout)
{
  return layout->legend->len;
}

const char *
lab_timeline_layout_get_legend (LabTimelineLayout *layout,
                                guint              entry)
{
  g_return_val_if_fail (entry < layout->legend->len, NULL);

  return g_ptr_array_index (layout->legend, entry);
}

/* The end-state mark of @task_id (a #LabTaskState in @state). */
gboolean
lab_timeline_layout_get_mark (LabTimelineLayout *layout,
                              guint              task_id,
                              int               *state,
                              graphene_rect_t   *disc)
{
  for (guint i = 0; i < layout->marks->len; i++)
    {
      const MarkShape *mark = &g_array_index (layout->marks, MarkShape, i);

      if (mark->task_id != task_id)
        continue;
      if (state != NULL)
        *state = mark->state;
      if (disc != NULL)
        *disc = mark->disc.bounds;
      return TRUE;
    }
  return FALSE;
}

gboolean
lab_timeline_layout_get_child_wait (LabTimelineLayout *layout,
                                    guint              task_id,
                                    graphene_rect_t   *rect)
{
  for (guint i = 0; i < layout->child_waits->len; i++)
    if (g_array_index (layout->child_waits, ChildWaitShape, i).task_id == task_id)
      {
        *rect = g_array_index (layout->child_waits, ChildWaitShape, i).rect;
        return TRUE;
      }
  return FALSE;
}

/* The queue waits (striped bands), in the order they were laid out. */
guint
lab_timeline_layout_get_n_waits (LabTimelineLayout *layout)
{
  return layout->waits->len;
}

void
lab_timeline_layout_get_wait (LabTimelineLayout *layout,
                              guint              wait,
                              graphene_rect_t   *rect,
                              GdkRGBA           *stripe)
{
  g_return_if_fail (wait < layout->waits->len);

  *rect = g_array_index (layout->waits, WaitShape, wait).rect;
  *stripe = g_array_index (layout->waits, WaitShape, wait).stripe;
}

/* The blocked threads (hatched). */
guint
lab_timeline_layout_get_n_hatches (LabTimelineLayout *layout)
{
  return layout->hatches->len;
}

void
lab_timeline_layout_get_hatch (LabTimelineLayout *layout,
                               guint              hatch,
                               graphene_rect_t   *rect)
{
  g_return_if_fail (hatch < layout->hatches->len);

  *rect = g_array_index (layout->hatches, HatchShape, hatch).rect;
}

/* How many line segments (arrows and their heads, the legend's too) have @color. */
guint
lab_timeline_layout_count_segments (LabTimelineLayout *layout,
                                    const GdkRGBA     *color)
{
  guint n = 0;

  for (guint i = 0; i < layout->segments->len; i++)
    n += gdk_rgba_equal (&g_array_index (layout->segments, Segment, i).color, color);
  return n;
}

/* The words on the chart (the wait cycle), or NULL. */
const char *
lab_timeline_layout_get_callout (LabTimelineLayout *layout,
                                 graphene_rect_t   *box)
{
  const Callout *callout;

  if (layout->callouts->len == 0)
    return NULL;
  callout = &g_array_index (layout->callouts, Callout, 0);
  if (box != NULL)
    *box = callout->box;
  return pango_layout_get_text (callout->layout);
}

float
lab_timeline_layout_x_for_time (LabTimelineLayout *layout,
                                gint64             at_us)
{
  return lab_timeline_x_for_time (layout, at_us);
}
