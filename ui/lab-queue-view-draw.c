/* lab-queue-view-draw.c — the queue view's rows and chips, drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are laid out with Pango layouts and drawn in snapshot rather
 * than made of labels: while a run is live the chips change four times a
 * second, and on X11 every resize that reaches the window makes GTK lay out
 * and present the whole toplevel again. So the size depends only on the
 * number of rows (each row is one line: the chips that do not fit say
 * "+N more"), and a change of content is only redrawn.
 *
 * The look is that of the labels it replaces: the title in bold, 20
 * characters wide at least; pills of the text's colour at 10 %, the ones
 * that just entered ringed in the accent colour, the stolen ones in blue,
 * the ones leaving and "empty" faded.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-instruments-private.h"
#include "lab-queue-view-draw-private.h"
#include "lab-queue-view-private.h"

#define ROW_SPACING   6.0f   /* between rows */
#define TITLE_SPACING 12.0f  /* between a row's title and its chips */
#define CHIP_SPACING  6.0f
#define CHIP_PAD_X    10.0f
#define CHIP_PAD_Y    2.0f   /* none when compact */
#define RING_WIDTH    2.0f
#define TITLE_CHARS   20
#define FADED         0.6f   /* leaving, empty; compact (presenter mode): */
#define FADED_COMPACT 0.85f  /* a projector washes out what is faded */
#define CHIP_LAYOUTS_MAX 512

void
lab_queue_view_chip_clear (gpointer data)
{
  Chip *chip = data;

  g_clear_pointer (&chip->text, g_free);
  g_clear_object (&chip->layout);
}

void
lab_queue_view_placed_chip_clear (gpointer data)
{
  g_clear_object (&((PlacedChip *) data)->layout);
}

void
lab_queue_view_row_clear (gpointer data)
{
  QueueRow *row = data;

  g_clear_pointer (&row->title, g_free);
  g_clear_pointer (&row->signature, g_free);
  g_clear_pointer (&row->chips, g_array_unref);
  g_clear_pointer (&row->placed, g_array_unref);
  g_clear_object (&row->title_layout);
}

/* The rows the size is for: the most since the model was set, or compact
 * the most shown; and room for the local queues of the workers reserved
 * (compact, for the first queue that fills: a stage is short). */
static guint
n_slots (LabQueueView *self)
{
  guint reserved = self->reserved_workers > 0 ? 2 + self->reserved_workers : 0;

  if (self->compact)
    return MAX (self->peak_shown, MIN (reserved, 1));
  return MAX (self->peak_rows, reserved);
}

static float
row_height (LabQueueView *self,
            float         em)
{
  return em + 2.0f * (self->compact ? 0.0f : CHIP_PAD_Y);
}

/* Rows, and compact a line for the empty queues, always kept. */
static float
content_height (LabQueueView *self,
                float         em)
{
  guint n = n_slots (self);
  float height = n * row_height (self, em) + (n > 0 ? (n - 1) * ROW_SPACING : 0.0f);

  if (self->compact)
    height += (n > 0 ? ROW_SPACING : 0.0f) + em;
  return height;
}

/* A resize only when the rows the size is for changed; a redraw only when
 * what the rows show did. */
void
lab_queue_view_update_size (LabQueueView *self)
{
  guint slots = n_slots (self) * 2 + (self->compact ? 1 : 0);

  if (slots != self->sized_slots)
    {
      self->sized_slots = slots;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  if (self->dirty)
    lab_queue_view_invalidate (self);
  self->dirty = FALSE;
}

static void lay_out (LabQueueView *self,
                     int           width);

/* The chips are laid out now: a change of the queues comes from a refresh,
 * which runs between frames, and shaping new chips in the next frame's
 * snapshot made that frame the longest of a live run. */
void
lab_queue_view_invalidate (LabQueueView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  self->laid_out = FALSE;
  if (width > 0)
    lay_out (self, width);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lab_queue_view_row_is_shown (LabQueueView *self,
                             guint         row)
{
  return !self->compact || !g_array_index (self->rows, QueueRow, row).empty;
}

static void
drop_layouts (LabQueueView *self)
{
  for (guint r = 0; r < self->rows->len; r++)
    {
      QueueRow *row = &g_array_index (self->rows, QueueRow, r);

      g_clear_object (&row->title_layout);
      g_array_set_size (row->placed, 0);
      for (guint i = 0; i < row->chips->len; i++)
        g_clear_object (&g_array_index (row->chips, Chip, i).layout);
    }
  g_clear_object (&self->summary_layout);
  g_hash_table_remove_all (self->chip_layouts);
  self->laid_out = FALSE;
}

/* Layouts are made in the widget's font: a new font (the zoom, compact)
 * makes them again. Returns whether the font changed. */
static gboolean
ensure_font (LabQueueView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  g_autoptr(PangoFontDescription) bold = NULL;
  PangoFontMetrics *metrics;
  int char_width;

  if (self->font != NULL && font != NULL && pango_font_description_equal (self->font, font))
    return FALSE;
  drop_layouts (self);
  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = pango_font_description_copy (font);
  /* as a GtkLabel's width-chars: the wider of a character and a digit */
  bold = pango_font_description_copy (font);
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  metrics = pango_context_get_metrics (context, bold, NULL);
  char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                    pango_font_metrics_get_approximate_digit_width (metrics));
  pango_font_metrics_unref (metrics);
  self->title_min = ceilf ((float) char_width * TITLE_CHARS / PANGO_SCALE);
  return TRUE;
}

static PangoLayout *
styled_layout (LabQueueView *self,
               const char   *text,
               PangoWeight   weight,
               PangoStyle    style,
               gboolean      numeric)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (numeric)
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  if (weight != PANGO_WEIGHT_NORMAL)
    pango_attr_list_insert (attrs, pango_attr_weight_new (weight));
  if (style != PANGO_STYLE_NORMAL)
    pango_attr_list_insert (attrs, pango_attr_style_new (style));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

/* Returns: (transfer full) the layout of a chip, from the cache: the chips
 * are made again on each change of the queues, mostly with the same
 * texts ("Task 3", "empty"), and a new layout costs a shaping (the
 * queues' first change of a run took half a millisecond of its frame). */
static PangoLayout *
chip_layout (LabQueueView *self,
             const char   *text,
             ChipStyle     style)
{
  g_autofree char *key = g_strdup_printf ("%d|%s", style, text);
  PangoLayout *layout = g_hash_table_lookup (self->chip_layouts, key);

  if (layout == NULL)
    {
      if (g_hash_table_size (self->chip_layouts) >= CHIP_LAYOUTS_MAX)
        g_hash_table_remove_all (self->chip_layouts);
      layout = styled_layout (self, text,
                              style == CHIP_MORE ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                              style == CHIP_STOLEN || style == CHIP_EMPTY ? PANGO_STYLE_ITALIC
                                                                          : PANGO_STYLE_NORMAL,
                              TRUE);
      g_hash_table_insert (self->chip_layouts, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

static float
chip_width (PangoLayout *layout)
{
  float width;

  lab_layout_size (layout, &width, NULL);
  return width + 2.0f * CHIP_PAD_X;
}

static float
place (LabQueueView *self,
       QueueRow     *row,
       float         x,
       PangoLayout  *layout,
       ChipStyle     style)
{
  PlacedChip placed = { .style = style, .layout = g_object_ref (layout) };
  float width, height;

  lab_layout_size (layout, &width, &height);
  gsk_rounded_rect_init_from_rect (&placed.rect,
                                   &GRAPHENE_RECT_INIT (x, 0, width + 2.0f * CHIP_PAD_X,
                                                        self->row_height),
                                   self->row_height / 2.0f);
  placed.text_at = GRAPHENE_POINT_INIT (x + CHIP_PAD_X, (self->row_height - height) / 2.0f);
  g_array_append_val (row->placed, placed);
  return x + width + 2.0f * CHIP_PAD_X + CHIP_SPACING;
}

static gboolean
is_entry (ChipStyle style)
{
  return style == CHIP_TASK || style == CHIP_ITEM || style == CHIP_ENTERING;
}

/* The chips that fit in @width from @x, on one line: the entries, with room
 * kept for a "+N more" for those that do not fit; then the ones leaving
 * that fit. */
static void
place_chips (LabQueueView *self,
             QueueRow     *row,
             float         x,
             float         width)
{
  g_autoptr(PangoLayout) widest_more = NULL;
  float more_width = 0.0f;
  guint shown = 0;
  gboolean cut = FALSE, leaving_cut = FALSE;

  g_array_set_size (row->placed, 0);
  if (row->n_entries > 1)
    {
      g_autofree char *text = g_strdup_printf (_("+%u more"), row->n_entries);

      widest_more = chip_layout (self, text, CHIP_MORE);
      more_width = CHIP_SPACING + chip_width (widest_more);
    }
  for (guint i = 0; i < row->chips->len; i++)
    {
      Chip *chip = &g_array_index (row->chips, Chip, i);
      float need;

      if (chip->layout == NULL)
        chip->layout = chip_layout (self, chip->text, chip->style);
      if (is_entry (chip->style))
        {
          if (cut)
            continue;
          need = chip_width (chip->layout) + (row->n_entries > shown + 1 ? more_width : 0.0f);
          if (x + need > width)
            {
              g_autofree char *text = g_strdup_printf (_("+%u more"), row->n_entries - shown);
              g_autoptr(PangoLayout) more = chip_layout (self, text, CHIP_MORE);

              cut = TRUE;
              x = place (self, row, x, more, CHIP_MORE);
              continue;
            }
          shown++;
        }
      else if (chip->style == CHIP_MORE)
        {
          if (cut)
            continue;
        }
      else if (chip->style != CHIP_EMPTY)
        {
          leaving_cut = leaving_cut || x + chip_width (chip->layout) > width;
          if (leaving_cut)
            continue;
        }
      x = place (self, row, x, chip->layout, chip->style);
    }
}

static void
lay_out (LabQueueView *self,
         int           width)
{
  float em, x;

  ensure_font (self);
  em = lab_style_em (GTK_WIDGET (self));
  self->row_height = row_height (self, em);
  self->title_width = self->title_min;
  for (guint r = 0; r < self->rows->len; r++)
    {
      QueueRow *row = &g_array_index (self->rows, QueueRow, r);
      float title_width;

      if (row->title_layout == NULL)
        row->title_layout = styled_layout (self, row->title, PANGO_WEIGHT_BOLD,
                                           PANGO_STYLE_NORMAL, FALSE);
      lab_layout_size (row->title_layout, &title_width, NULL);
      self->title_width = MAX (self->title_width, title_width);
    }
  x = self->title_width + TITLE_SPACING;
  for (guint r = 0; r < self->rows->len; r++)
    place_chips (self, &g_array_index (self->rows, QueueRow, r), x, width);
  self->laid_out = TRUE;
  self->laid_width = width;
}

static void
append_chip (LabQueueView     *self,
             GtkSnapshot      *snapshot,
             const PlacedChip *chip,
             const GdkRGBA    *foreground,
             const GdkRGBA    *accent,
             const GdkRGBA    *stolen)
{
  gboolean faded = chip->style == CHIP_LEAVING || chip->style == CHIP_EMPTY;
  const GdkRGBA *ring = chip->style == CHIP_ENTERING ? accent
                        : chip->style == CHIP_STOLEN ? stolen : NULL;
  GdkRGBA fill = ring != NULL ? lab_rgba_with_alpha (ring, 0.25f)
                              : lab_rgba_with_alpha (foreground, 0.10f);

  if (faded)
    gtk_snapshot_push_opacity (snapshot, self->compact ? FADED_COMPACT : FADED);
  if (chip->style != CHIP_EMPTY)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &chip->rect);
      gtk_snapshot_append_color (snapshot, &fill, &chip->rect.bounds);
      gtk_snapshot_pop (snapshot);
    }
  if (ring != NULL)
    {
      const float widths[4] = { RING_WIDTH, RING_WIDTH, RING_WIDTH, RING_WIDTH };
      const GdkRGBA colors[4] = { *ring, *ring, *ring, *ring };

      gtk_snapshot_append_border (snapshot, &chip->rect, widths, colors);
    }
  lab_snapshot_append_text (snapshot, chip->layout, &chip->text_at, foreground);
  if (faded)
    gtk_snapshot_pop (snapshot);
}

static void
append_summary (LabQueueView *self,
                GtkSnapshot  *snapshot,
                float         y,
                int           width,
                const GdkRGBA *foreground)
{
  GdkRGBA color = lab_rgba_with_alpha (foreground, 0.85f);

  if (self->summary_layout == NULL)
    {
      self->summary_layout = styled_layout (self, self->summary, PANGO_WEIGHT_NORMAL,
                                            PANGO_STYLE_ITALIC, FALSE);
      pango_layout_set_ellipsize (self->summary_layout, PANGO_ELLIPSIZE_END);
    }
  else if (g_strcmp0 (pango_layout_get_text (self->summary_layout), self->summary) != 0)
    pango_layout_set_text (self->summary_layout, self->summary, -1);
  pango_layout_set_width (self->summary_layout, width * PANGO_SCALE);
  lab_snapshot_append_text (snapshot, self->summary_layout, &GRAPHENE_POINT_INIT (0, y), &color);
}

static void
lab_queue_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LabQueueView *self = LAB_QUEUE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA foreground, accent, stolen;
  float y = 0.0f, title_height;

  if (!self->laid_out || self->laid_width != width)
    lay_out (self, width);
  lab_style_foreground (widget, &foreground);
  lab_style_lookup_color (widget, "lab_accent", "#3584e4", &accent);
  lab_style_lookup_color (widget, "lab_queue_stolen", "#62a0ea", &stolen);

  for (guint r = 0; r < self->rows->len; r++)
    {
      const QueueRow *row = &g_array_index (self->rows, QueueRow, r);

      if (!lab_queue_view_row_is_shown (self, r))
        continue;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
      lab_layout_size (row->title_layout, NULL, &title_height);
      lab_snapshot_append_text (snapshot, row->title_layout,
                                &GRAPHENE_POINT_INIT (0, (self->row_height - title_height) / 2.0f),
                                &foreground);
      for (guint i = 0; i < row->placed->len; i++)
        append_chip (self, snapshot, &g_array_index (row->placed, PlacedChip, i),
                     &foreground, &accent, &stolen);
      gtk_snapshot_restore (snapshot);
      y += self->row_height + ROW_SPACING;
    }
  if (self->compact && self->summary != NULL)
    append_summary (self, snapshot, y, width, &foreground);
}

static void
lab_queue_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  LabQueueView *self = LAB_QUEUE_VIEW (widget);
  float em = lab_style_em (widget);

  ensure_font (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* the titles and a chip or two; wider, the chips that fit */
      *minimum = (int) ceilf (self->title_min + TITLE_SPACING + 4.0f * em);
      *natural = (int) ceilf (self->title_min + TITLE_SPACING + 30.0f * em);
    }
  else
    *minimum = *natural = (int) ceilf (content_height (self, em));
  self->sized_slots = n_slots (self) * 2 + (self->compact ? 1 : 0);
}

static void
lab_queue_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  LabQueueView *self = LAB_QUEUE_VIEW (widget);

  GTK_WIDGET_CLASS (g_type_class_peek_parent (G_OBJECT_GET_CLASS (widget)))->css_changed (widget,
                                                                                         change);
  /* a new font (the zoom, compact) changes the size and the layouts; colours
   * (read in snapshot) only the drawing */
  if (ensure_font (self))
    {
      gtk_widget_queue_resize (widget);
      lab_queue_view_invalidate (self);
    }
  else
    gtk_widget_queue_draw (widget);
}

static GtkSizeRequestMode
lab_queue_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

void
lab_queue_view_class_init_draw (GtkWidgetClass *widget_class)
{
  widget_class->snapshot = lab_queue_view_snapshot;
  widget_class->measure = lab_queue_view_measure;
  widget_class->css_changed = lab_queue_view_css_changed;
  widget_class->get_request_mode = lab_queue_view_get_request_mode;
}

/* For tests: whether the chips are laid out for the current width. */
gboolean
lab_queue_view_is_laid_out (LabQueueView *self)
{
  return self->laid_out && self->laid_width == gtk_widget_get_width (GTK_WIDGET (self));
}

/* For tests: @row, laid out at the current width as it is drawn. */
static const QueueRow *
row_as_drawn (LabQueueView *self,
              guint         row)
{
  lab_queue_view_flush (self);
  g_return_val_if_fail (row < self->rows->len, NULL);
  if (!self->laid_out || self->laid_width != gtk_widget_get_width (GTK_WIDGET (self)))
    lay_out (self, gtk_widget_get_width (GTK_WIDGET (self)));
  return &g_array_index (self->rows, QueueRow, row);
}

/* For tests: the layout @chip of @row is drawn with. */
PangoLayout *
lab_queue_view_peek_chip_layout (LabQueueView *self,
                                 guint         row,
                                 guint         chip)
{
  const QueueRow *queue_row = row_as_drawn (self, row);

  g_return_val_if_fail (queue_row != NULL && chip < queue_row->placed->len, NULL);
  return g_array_index (queue_row->placed, PlacedChip, chip).layout;
}

/* For tests: the chips of @row as drawn at the current width ("text", or
 * "text [more]" for the count of those that did not fit), and where the
 * last one ends. */
GStrv
lab_queue_view_dup_row_drawn (LabQueueView *self,
                              guint         row,
                              float        *end)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const QueueRow *queue_row = row_as_drawn (self, row);

  g_return_val_if_fail (queue_row != NULL, NULL);
  *end = 0.0f;
  for (guint i = 0; i < queue_row->placed->len; i++)
    {
      const PlacedChip *chip = &g_array_index (queue_row->placed, PlacedChip, i);
      const char *text = pango_layout_get_text (chip->layout);

      if (chip->style == CHIP_MORE)
        {
          g_autofree char *more = g_strdup_printf ("%s [more]", text);

          g_strv_builder_add (builder, more);
        }
      else
        g_strv_builder_add (builder, text);
      *end = chip->rect.bounds.origin.x + chip->rect.bounds.size.width;
    }
  return g_strv_builder_end (builder);
}
