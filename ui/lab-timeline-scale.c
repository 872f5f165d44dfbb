/* lab-timeline-scale.c — how large the timeline draws: its heights for a
 * box, and its text's scale for the height it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every size in the timeline is in ems of its text, so a scale of the text
 * scales the whole chart: a timeline set to expand grows it (up to
 * MAX_TEXT_SCALE) with the room a large stage has to spare, and any
 * timeline squeezed below its least rows shrinks it (down to
 * MIN_TEXT_SCALE) rather than scroll.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-timeline-layout-private.h"

/**
 * lab_timeline_layout_measure_height:
 * @minimum: (out): the height with the rows at their smallest
 * @natural: (out): the height with the rows at their full size
 *
 * The widget's heights for @n_lanes rows (legend, rows, axis). A timeline
 * set to expand asks for its rows at their tallest, with its text at its
 * largest: a box gives it the room the stage has to spare, and what is left
 * over goes under the stage's last part rather than under the lanes.
 */
void
lab_timeline_layout_measure_height (GtkWidget *widget,
                                    guint      n_lanes,
                                    int       *minimum,
                                    int       *natural)
{
  float em = lab_style_em (widget);
  float frame = roundf (em * LEGEND_LINE) + roundf (em * AXIS_HEIGHT);

  n_lanes = MAX (n_lanes, 2);
  /* at its smallest, without the legend, the text at its smallest */
  *minimum = (int) ceilf (em * MIN_TEXT_SCALE * (AXIS_HEIGHT + n_lanes * MIN_ROW_HEIGHT));
  if (gtk_widget_get_vexpand (widget))
    *natural = (int) ceilf (em * MAX_TEXT_SCALE *
                            (2 * LEGEND_LINE + AXIS_HEIGHT + n_lanes * TALL_ROW_HEIGHT));
  else
    *natural = (int) ceilf (frame + n_lanes * roundf (em * ROW_HEIGHT));
}

/* @label in the widget's font at the layout's text scale. */
void
lab_timeline_scale_font (LabTimelineLayout *layout,
                         PangoLayout       *label)
{
  if (layout->font != NULL)
    pango_layout_set_font_description (label, layout->font);
}

static PangoFontDescription *
scaled_font (GtkWidget *widget,
             float      scale)
{
  const PangoFontDescription *base =
    pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  PangoFontDescription *font = pango_font_description_copy (base);
  int size = pango_font_description_get_size (base);

  if (pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (font, size * scale);
  else
    pango_font_description_set_size (font, (int) (size * scale));
  return font;
}

/* @label (the words of a wait cycle) at the text's scale when that is 1 or
 * more, else at NOTE_SCALE: not at a scale below 1, which depends on the
 * room the words leave (see note_small). */
void
lab_timeline_note_font (LabTimelineLayout *layout,
                        PangoLayout       *label)
{
  g_autoptr(PangoFontDescription) font = NULL;

  if (!layout->note_small)
    {
      lab_timeline_scale_font (layout, label);
      return;
    }
  font = scaled_font (layout->widget, NOTE_SCALE);
  pango_layout_set_font_description (label, font);
}

/* The text at @scale times the widget's font: laid-out text is stale when
 * that changes. */
void
lab_timeline_set_text_scale (LabTimelineLayout *layout,
                             GtkWidget         *widget,
                             float              scale)
{
  /* a few steps only, so that a height changing by a pixel keeps the
   * labels; down, so that what was worked out for @scale fits */
  scale = floorf (scale * 20.0f + 0.001f) / 20.0f;
  if (scale == layout->text_scale)
    return;
  g_array_set_size (layout->rows, 0);
  g_hash_table_remove_all (layout->label_cache);
  g_clear_pointer (&layout->font, pango_font_description_free);
  layout->text_scale = scale;
  if (scale == 1.0f)
    return;
  layout->font = scaled_font (widget, scale);
}

/* The text's scale for @height: 1 while the rows fit between their least
 * and their usual height; more (within MAX_TEXT_SCALE) in a timeline set to
 * expand that has room for more; less (down to MIN_TEXT_SCALE) when even
 * the least rows do not fit. */
float
lab_timeline_text_scale_for (LabTimelineLayout *layout,
                             GtkWidget         *widget,
                             guint              n_rows,
                             float              height)
{
  float em = lab_style_em (widget);
  float n = (float) MAX (1, n_rows);
  float usual = em * (layout->legend_ems + AXIS_HEIGHT + n * ROW_HEIGHT);
  float least = em * (AXIS_HEIGHT + n * MIN_ROW_HEIGHT);

  /* the words under the axis keep their size (see NOTE_SCALE) */
  height -= layout->note_want;
  if (gtk_widget_get_vexpand (widget) && height > usual)
    return MIN (MAX_TEXT_SCALE, height / usual);
  if (height < least)
    return MAX (MIN_TEXT_SCALE, height / least);
  return 1.0f;
}
