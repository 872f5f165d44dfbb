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

static void
draw_swatches (LabTimelineLayout *layout,
               GtkSnapshot       *snapshot)
{
  GdkRGBA io_fill = lab_rgba_with_alpha (&layout->io_color, 0.22f);
  GdkRGBA color;

  lab_palette_color (0, &color);
  for (guint i = 0; i < layout->swatches->len; i++)
    {
      const Swatch *swatch = &g_array_index (layout->swatches, Swatch, i);

      switch (swatch->style)
        {
        case SWATCH_RUN:
          gtk_snapshot_append_color (snapshot, &color, &swatch->rect);
          break;
        case SWATCH_WAIT:
          {
            GdkRGBA fill = lab_rgba_with_alpha (&color, 0.28f);

            append_stripes (layout, snapshot, &swatch->rect, &fill, &color);
          }
          break;
        case SWATCH_INLINE:
          gtk_snapshot_append_color (snapshot, &color, &swatch->rect);
          append_outline (snapshot, &swatch->rect, layout->line_width, &layout->foreground);
          break;
        case SWATCH_IO:
        default:
          gtk_snapshot_append_color (snapshot, &io_fill, &swatch->rect);
          append_outline (snapshot, &swatch->rect, layout->line_width, &layout->io_color);
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
      if (bar->label != NULL)
        {
          gtk_snapshot_push_clip (snapshot, &bar->rect);
          lab_snapshot_append_text (snapshot, bar->label, &bar->label_at, &bar->label_color);
          gtk_snapshot_pop (snapshot);
        }
    }
}

static void
draw_arrows (LabTimelineLayout *layout,
             GtkSnapshot       *snapshot)
{
  GdkRGBA arrow = lab_rgba_with_alpha (&layout->foreground, 0.9f);

  for (guint i = 0; i < layout->segments->len; i++)
    {
      const Segment *segment = &g_array_index (layout->segments, Segment, i);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &segment->at);
      gtk_snapshot_rotate (snapshot, segment->angle);
      gtk_snapshot_append_color (snapshot, &arrow,
                                 &GRAPHENE_RECT_INIT (-layout->line_width / 2, -layout->line_width / 2,
                                                      segment->length + layout->line_width / 2,
                                                      layout->line_width));
      gtk_snapshot_restore (snapshot);
    }
  for (guint i = 0; i < layout->dots->len; i++)
    {
      const GskRoundedRect *dot = &g_array_index (layout->dots, GskRoundedRect, i);

      gtk_snapshot_push_rounded_clip (snapshot, dot);
      gtk_snapshot_append_color (snapshot, &arrow, &dot->bounds);
      gtk_snapshot_pop (snapshot);
    }
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
  if (at < layout->plot.origin.x - 0.5f || at > layout->plot.origin.x + layout->plot.size.width + 0.5f)
    return FALSE;
  if (x != NULL)
    *x = roundf (at);
  return TRUE;
}

static void
draw_cursor (LabTimelineLayout *layout,
             GtkSnapshot       *snapshot)
{
  float x, w = MAX (2.0f, layout->line_width);

  if (!lab_timeline_layout_get_cursor_x (layout, &x))
    return;
  gtk_snapshot_append_color (snapshot, &layout->foreground,
                             &GRAPHENE_RECT_INIT (x - w / 2, layout->plot.origin.y, w,
                                                  layout->plot.size.height + layout->em * 0.4f));
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
  gtk_snapshot_pop (snapshot);

  for (guint i = 0; i < layout->texts->len; i++)
    {
      const LabText *text = &g_array_index (layout->texts, LabText, i);

      lab_snapshot_append_text (snapshot, text->layout, &text->at, &dim);
    }
  draw_arrows (layout, snapshot);
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
