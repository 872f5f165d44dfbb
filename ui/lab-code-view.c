/* lab-code-view.c — code on the stage: all of it, sized to fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A speaker talks about the C#: every line of it must be on screen beside
 * the live result, at any window size and zoom. So, with "fit" on, the
 * view never scrolls and never clips: when its text does not fit the space
 * it is given, its font steps down (to MIN_SCALE of the CSS font); when
 * there is room to spare, it grows (to MAX_SCALE), for the back row. Lines
 * stay whole while the font is at least WHOLE_LINES_DOWN_TO of its size;
 * below that, long lines wrap (at words or characters, the continuation
 * indented) if that lets the font be PREFER_WHOLE_LINES times larger. The zoom and presenter mode change the CSS font, so they grow
 * the code as far as the space allows. Without "fit" (the C panel, inside
 * a scrolled window) the font stays, long lines wrap at the width, and the
 * view asks for the height it needs.
 *
 * A light touch of colour helps from the back of a room: comments dimmed,
 * strings and keywords coloured. One line can be lit (the replay lights
 * the C# line that the current event belongs to).
 *
 * The layout is made in size_allocate; snapshot only appends it.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>
#include <string.h>

#include "lab-code-view.h"
#include "lab-instruments-private.h"

#define MIN_SCALE   0.35
#define MAX_SCALE   1.4
#define WHOLE_LINES_DOWN_TO 0.8  /* whole lines while the font is at least this */
#define PREFER_WHOLE_LINES 1.3   /* below it, wrap only for a font this much larger */
#define PAD_EM      0.45

struct _LabCodeView
{
  GtkWidget    parent_instance;

  char        *text;
  gboolean     fit;
  int          highlighted;      /* line, or -1 */

  /* prepared in size_allocate */
  PangoLayout *layout;
  double       scale;
  guint        n_lines;          /* lines of text (not wrapped rows) */
  guint        n_visible;
  float        pad;
  graphene_rect_t highlight_rect;
  gboolean     has_highlight;
};

G_DEFINE_FINAL_TYPE (LabCodeView, lab_code_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIT,
  N_PROPS
};

static const char * const keywords[] = {
  "async", "await", "var", "new", "void", "return", "static", "using", "for", "foreach",
  "if", "else", "try", "catch", "throw", "while", "int", "string", "bool", "true", "false",
  "null", "class", "public", "private", "gpointer", "gboolean", "const", "struct", "typedef",
  "sizeof", "unsigned", "char", "double", "guint", "in", "out", "ref", NULL
};

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
add_color (PangoAttrList *attrs,
           const GdkRGBA *color,
           guint          start,
           guint          end)
{
  PangoAttribute *attr = pango_attr_foreground_new ((guint16) (color->red * 65535),
                                                    (guint16) (color->green * 65535),
                                                    (guint16) (color->blue * 65535));

  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
  if (color->alpha < 1.0f)
    {
      attr = pango_attr_foreground_alpha_new ((guint16) (color->alpha * 65535));
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (attrs, attr);
    }
}

/* Comments, strings and keywords, for C# and C alike. */
static PangoAttrList *
colour_code (LabCodeView *self,
             const char  *text)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  GdkRGBA comment, string, keyword;
  gsize len = strlen (text);

  /* libadwaita's named colours follow light, dark and high contrast */
  lab_style_foreground (GTK_WIDGET (self), &comment);
  comment.alpha = 0.62f;
  lab_style_lookup_color (GTK_WIDGET (self), "success_color", "#1b8553", &string);
  lab_style_lookup_color (GTK_WIDGET (self), "accent_color", "#1c71d8", &keyword);

  for (gsize i = 0; i < len;)
    {
      if (text[i] == '/' && text[i + 1] == '/')
        {
          gsize end = i;

          while (end < len && text[end] != '\n')
            end++;
          add_color (attrs, &comment, i, end);
          i = end;
        }
      else if (text[i] == '/' && text[i + 1] == '*')
        {
          const char *close = strstr (text + i + 2, "*/");
          gsize end = close != NULL ? (gsize) (close - text) + 2 : len;

          add_color (attrs, &comment, i, end);
          i = end;
        }
      else if (text[i] == '"')
        {
          gsize end = i + 1;

          while (end < len && text[end] != '"' && text[end] != '\n')
            end += text[end] == '\\' && end + 1 < len ? 2 : 1;
          end = MIN (end + 1, len);
          add_color (attrs, &string, i, end);
          i = end;
        }
      else if (is_word_char (text[i]) && (i == 0 || !is_word_char (text[i - 1])))
        {
          gsize end = i;

          while (end < len && is_word_char (text[end]))
            end++;
          for (guint k = 0; keywords[k] != NULL; k++)
            if (strlen (keywords[k]) == end - i && strncmp (text + i, keywords[k], end - i) == 0)
              {
                PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

                add_color (attrs, &keyword, i, end);
                bold->start_index = i;
                bold->end_index = end;
                pango_attr_list_insert (attrs, bold);
                break;
              }
          i = end;
        }
      else
        i++;
    }
  return attrs;
}

/* The widget's CSS font at @scale of its size. */
static void
set_scale (LabCodeView *self,
           double       scale)
{
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  int size = pango_font_description_get_size (font);

  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, MAX (1, (int) (size * scale)));
  else
    pango_font_description_set_size (font, MAX (PANGO_SCALE, (int) (size * scale)));
  pango_layout_set_font_description (self->layout, font);
  /* a wrapped line's continuation is indented by about two characters */
  pango_layout_set_indent (self->layout, -(int) (size * scale * 1.2));
  pango_font_description_free (font);
  self->scale = scale;
}

static void
ensure_layout (LabCodeView *self)
{
  if (self->layout != NULL)
    return;
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text != NULL ? self->text : "");
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  if (self->text != NULL)
    {
      PangoAttrList *attrs = colour_code (self, self->text);

      pango_layout_set_attributes (self->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  set_scale (self, 1.0);
}

static void
layout_size (LabCodeView *self,
             float       *width,
             float       *height)
{
  lab_layout_size (self->layout, width, height);
}

/* Whether the text fits @width × @height at @scale, wrapped at @wrap_width (-1: no wrap). */
static gboolean
fits (LabCodeView *self,
      double       scale,
      int          wrap_width,
      float        width,
      float        height)
{
  float w, h;

  set_scale (self, scale);
  pango_layout_set_width (self->layout, wrap_width >= 0 ? wrap_width * PANGO_SCALE : -1);
  layout_size (self, &w, &h);
  return w <= width && h <= height;
}

/* The largest scale in [MIN_SCALE, MAX_SCALE] at which the text fits (MIN_SCALE if none). */
static double
best_scale (LabCodeView *self,
            int          wrap_width,
            float        width,
            float        height)
{
  double low = MIN_SCALE, high = MAX_SCALE;

  if (fits (self, MAX_SCALE, wrap_width, width, height))
    return MAX_SCALE;
  if (!fits (self, MIN_SCALE, wrap_width, width, height))
    return MIN_SCALE;
  for (int i = 0; i < 12; i++)
    {
      double mid = (low + high) / 2;

      if (fits (self, mid, wrap_width, width, height))
        low = mid;
      else
        high = mid;
    }
  return low;
}

static void
prepare_highlight (LabCodeView *self)
{
  PangoLayoutIter *iter;
  int line = 0;

  self->has_highlight = FALSE;
  if (self->highlighted < 0 || self->text == NULL)
    return;
  iter = pango_layout_get_iter (self->layout);
  /* the rows of text line @highlighted: from its first byte to the next newline */
  {
    const char *p = self->text;
    int start_index, end_index;
    int y0 = G_MAXINT, y1 = 0;

    while (line < self->highlighted && (p = strchr (p, '\n')) != NULL)
      {
        p++;
        line++;
      }
    if (p == NULL)
      {
        pango_layout_iter_free (iter);
        return;
      }
    start_index = p - self->text;
    end_index = strchr (p, '\n') != NULL ? (int) (strchr (p, '\n') - self->text) : (int) strlen (self->text);
    do
      {
        PangoLayoutLine *row = pango_layout_iter_get_line_readonly (iter);
        int top, bottom;

        if (row->start_index + row->length < start_index || row->start_index > end_index)
          continue;
        pango_layout_iter_get_line_yrange (iter, &top, &bottom);
        y0 = MIN (y0, top);
        y1 = MAX (y1, bottom);
      }
    while (pango_layout_iter_next_line (iter));
    if (y0 < y1)
      {
        graphene_rect_init (&self->highlight_rect, 0, self->pad + (float) y0 / PANGO_SCALE,
                            gtk_widget_get_width (GTK_WIDGET (self)),
                            (float) (y1 - y0) / PANGO_SCALE);
        self->has_highlight = TRUE;
      }
  }
  pango_layout_iter_free (iter);
}

/* A text line is visible when every row it wraps into is inside @height. */
static void
count_visible (LabCodeView *self,
               float        height)
{
  PangoLayoutIter *iter = pango_layout_get_iter (self->layout);
  int visible_end = 0;
  guint visible = 0;

  do
    {
      PangoLayoutLine *row = pango_layout_iter_get_line_readonly (iter);
      int top, bottom;

      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      if (self->pad + (float) bottom / PANGO_SCALE > height + 0.5f)
        break;
      visible_end = row->start_index + row->length;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  for (const char *line = self->text; line != NULL && *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      int end_index = end != NULL ? (int) (end - self->text) : (int) strlen (self->text);

      if (end_index > visible_end)
        break;
      visible++;
      line = end != NULL ? end + 1 : NULL;
    }
  self->n_visible = visible;
}

static void
lab_code_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  LabCodeView *self = LAB_CODE_VIEW (widget);
  float inner_w, inner_h;

  ensure_layout (self);
  self->pad = roundf (lab_style_em (widget) * PAD_EM);
  inner_w = MAX (1.0f, width - 2 * self->pad);
  inner_h = MAX (1.0f, height - 2 * self->pad);

  if (!self->fit)
    {
      set_scale (self, 1.0);
      pango_layout_set_width (self->layout, (int) inner_w * PANGO_SCALE);
    }
  else
    {
      double unwrapped = best_scale (self, -1, inner_w, inner_h);
      double wrapped = best_scale (self, (int) inner_w, inner_w, inner_h);

      /* whole lines, unless wrapping the long ones lets the font be much
       * larger (a long comment should not make all the code small) */
      if (fits (self, unwrapped, -1, inner_w, inner_h) &&
          (unwrapped >= WHOLE_LINES_DOWN_TO || wrapped < unwrapped * PREFER_WHOLE_LINES))
        ;
      else
        fits (self, wrapped, (int) inner_w, inner_w, inner_h);
    }
  count_visible (self, height - self->pad);
  prepare_highlight (self);
}

static void
lab_code_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  LabCodeView *self = LAB_CODE_VIEW (widget);
  float pad = roundf (lab_style_em (widget) * PAD_EM);
  float w, h;

  ensure_layout (self);
  set_scale (self, 1.0);
  pango_layout_set_width (self->layout, -1);
  layout_size (self, &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* narrower than the longest line: fitted, or (not fitted) wrapped */
      *natural = (int) ceilf (w + 2 * pad);
      *minimum = MIN (*natural, (int) ceilf (lab_style_em (widget) * 6));
    }
  else
    {
      if (!self->fit && for_size > 0)
        {
          pango_layout_set_width (self->layout, (int) MAX (1, for_size - 2 * pad) * PANGO_SCALE);
          layout_size (self, &w, &h);
        }
      *natural = (int) ceilf (h + 2 * pad);
      *minimum = self->fit ? MIN (*natural, (int) ceilf (lab_style_em (widget) * 2 + 2 * pad))
                           : *natural;
    }
}

static void
lab_code_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LabCodeView *self = LAB_CODE_VIEW (widget);
  GdkRGBA foreground, highlight;

  if (self->layout == NULL)
    return;
  lab_style_foreground (widget, &foreground);
  lab_style_lookup_color (widget, "lab_code_highlight", "#f6d32d", &highlight);
  highlight.alpha = 0.45f;
  {
    GdkRGBA panel = lab_rgba_with_alpha (&foreground, 0.05f);
    float text_h;
    GskRoundedRect box;

    lab_layout_size (self->layout, NULL, &text_h);
    gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                                MIN (text_h + 2 * self->pad,
                                                                     gtk_widget_get_height (widget))),
                                     self->pad);
    gtk_snapshot_push_rounded_clip (snapshot, &box);
    gtk_snapshot_append_color (snapshot, &panel, &box.bounds);
    gtk_snapshot_pop (snapshot);
  }
  if (self->has_highlight)
    gtk_snapshot_append_color (snapshot, &highlight, &self->highlight_rect);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                         gtk_widget_get_height (widget)));
  lab_snapshot_append_text (snapshot, self->layout, &GRAPHENE_POINT_INIT (self->pad, self->pad),
                            &foreground);
  gtk_snapshot_pop (snapshot);
}

static void
lab_code_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LabCodeView *self = LAB_CODE_VIEW (widget);

  GTK_WIDGET_CLASS (lab_code_view_parent_class)->css_changed (widget, change);
  /* the font (zoom) or the colours (light, dark, contrast) */
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
}

static void
lab_code_view_finalize (GObject *object)
{
  LabCodeView *self = LAB_CODE_VIEW (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (lab_code_view_parent_class)->finalize (object);
}

static void
lab_code_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  if (prop_id == PROP_FIT)
    g_value_set_boolean (value, LAB_CODE_VIEW (object)->fit);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_code_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  if (prop_id == PROP_FIT)
    lab_code_view_set_fit (LAB_CODE_VIEW (object), g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lab_code_view_class_init (LabCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lab_code_view_finalize;
  object_class->get_property = lab_code_view_get_property;
  object_class->set_property = lab_code_view_set_property;
  g_object_class_install_property (object_class, PROP_FIT,
    g_param_spec_boolean ("fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  widget_class->size_allocate = lab_code_view_size_allocate;
  widget_class->measure = lab_code_view_measure;
  widget_class->snapshot = lab_code_view_snapshot;
  widget_class->css_changed = lab_code_view_css_changed;
  gtk_widget_class_set_css_name (widget_class, "codeview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
lab_code_view_init (LabCodeView *self)
{
  self->fit = TRUE;
  self->highlighted = -1;
  self->scale = 1.0;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
lab_code_view_new (void)
{
  return g_object_new (LAB_TYPE_CODE_VIEW, NULL);
}

void
lab_code_view_set_text (LabCodeView *self,
                        const char  *text)
{
  g_return_if_fail (LAB_IS_CODE_VIEW (self));

  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
  /* trailing newlines are not lines */
  g_strchomp (self->text);
  self->n_lines = self->text[0] != '\0' ? 1 : 0;
  for (const char *p = self->text; (p = strchr (p, '\n')) != NULL; p++)
    self->n_lines++;
  g_clear_object (&self->layout);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
lab_code_view_get_text (LabCodeView *self)
{
  g_return_val_if_fail (LAB_IS_CODE_VIEW (self), NULL);

  return self->text;
}

/**
 * lab_code_view_set_fit:
 * @fit: %TRUE (the default) to fit every line into the space given,
 *   %FALSE to keep the font and ask for the room the text needs
 */
void
lab_code_view_set_fit (LabCodeView *self,
                       gboolean     fit)
{
  g_return_if_fail (LAB_IS_CODE_VIEW (self));

  self->fit = !!fit;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Lights text line @line (from 0), or none when -1. */
void
lab_code_view_set_highlighted_line (LabCodeView *self,
                                    int          line)
{
  g_return_if_fail (LAB_IS_CODE_VIEW (self));

  if (self->highlighted == line)
    return;
  self->highlighted = line;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
lab_code_view_get_highlighted_line (LabCodeView *self)
{
  g_return_val_if_fail (LAB_IS_CODE_VIEW (self), -1);

  return self->highlighted;
}

guint
lab_code_view_get_n_lines (LabCodeView *self)
{
  g_return_val_if_fail (LAB_IS_CODE_VIEW (self), 0);

  return self->n_lines;
}

/* Text lines wholly on screen, as last laid out. */
guint
lab_code_view_get_n_visible_lines (LabCodeView *self)
{
  g_return_val_if_fail (LAB_IS_CODE_VIEW (self), 0);

  return self->n_visible;
}

/* The font's scale, as last laid out (1: the CSS font). */
double
lab_code_view_get_scale (LabCodeView *self)
{
  g_return_val_if_fail (LAB_IS_CODE_VIEW (self), 1.0);

  return self->scale;
}
