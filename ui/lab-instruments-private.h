/* lab-instruments-private.h — what the live instruments share: a palette
 * that reads on light and dark backgrounds, and sizes in units of the font.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every size in the stall chart and the timeline is a multiple of the line
 * height of the widget's CSS font, so the zoom (which changes font-size in
 * CSS) scales the drawings with the text. Colours are mid-tones from the
 * GNOME palette: dark enough for white text on some, light enough for black
 * on others, and visible against both a light and a dark window.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LAB_PALETTE_SIZE 8

static inline void
lab_palette_color (guint    index,
                   GdkRGBA *color)
{
  static const char * const palette[LAB_PALETTE_SIZE] = {
    "#3584e4", /* blue */
    "#2ec27e", /* green */
    "#f5c211", /* yellow */
    "#9141ac", /* purple */
    "#ff7800", /* orange */
    "#1c9aa0", /* teal */
    "#dc8add", /* pink */
    "#986a44", /* brown */
  };

  gdk_rgba_parse (color, palette[index % LAB_PALETTE_SIZE]);
}

/* Black or white, whichever reads better on @background. */
static inline void
lab_palette_text_on (const GdkRGBA *background,
                     GdkRGBA       *color)
{
  double luminance = 0.2126 * background->red + 0.7152 * background->green +
                     0.0722 * background->blue;

  if (luminance > 0.5)
    *color = (GdkRGBA) { 0.0f, 0.0f, 0.0f, 0.87f };
  else
    *color = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 1.0f };
}

/* The colour a named CSS colour (@define-color) has for @widget, or @fallback. */
static inline void
lab_style_lookup_color (GtkWidget  *widget,
                        const char *name,
                        const char *fallback,
                        GdkRGBA    *color)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
}

/* The widget's CSS foreground colour. */
static inline void
lab_style_foreground (GtkWidget *widget,
                      GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

/* The window's background colour (opaque), for pictures and label backdrops:
 * the theme's named colour, or white/near-black opposite the text colour. */
static inline void
lab_style_background (GtkWidget *widget,
                      GdkRGBA   *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, "window_bg_color", color) &&
      !gtk_style_context_lookup_color (context, "theme_bg_color", color))
    {
      GdkRGBA foreground;

      gtk_style_context_get_color (context, &foreground);
      gdk_rgba_parse (color, foreground.red + foreground.green + foreground.blue > 1.5f
                             ? "#242424" : "#ffffff");
    }
  color->alpha = 1.0f;
}

static inline GdkRGBA
lab_rgba_with_alpha (const GdkRGBA *color,
                     float          alpha)
{
  GdkRGBA faded = *color;

  faded.alpha *= alpha;
  return faded;
}

/* The em of a widget, as last measured, and what it was measured with. */
typedef struct
{
  PangoContext *context;      /* compared, never dereferenced */
  guint         serial;       /* the context's, at the measure */
  float         em;
} LabStyleEm;

/* The line height of the widget's font, in pixels: the unit of every size.
 * Shaping "Mg" costs a tenth of a millisecond, and the live charts ask on
 * every layout, so the figure is kept with the widget until its Pango
 * context changes (a new font, size or font map changes its serial). */
static inline float
lab_style_em (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  guint serial = pango_context_get_serial (context);
  LabStyleEm *cached = g_object_get_data (G_OBJECT (widget), "lab-style-em");
  PangoLayout *layout;
  int height = 0;

  if (cached != NULL && cached->context == context && cached->serial == serial)
    return cached->em;
  layout = gtk_widget_create_pango_layout (widget, "Mg");
  pango_layout_get_pixel_size (layout, NULL, &height);
  g_object_unref (layout);
  if (cached == NULL)
    {
      cached = g_new (LabStyleEm, 1);
      g_object_set_data_full (G_OBJECT (widget), "lab-style-em", cached, g_free);
    }
  cached->context = context;
  cached->serial = serial;
  cached->em = MAX (8.0f, (float) height);
  return cached->em;
}

/* A layout of @text in the widget's font, with optional Pango markup. */
static inline PangoLayout *
lab_style_layout (GtkWidget  *widget,
                  const char *markup)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);

  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static inline void
lab_layout_size (PangoLayout *layout,
                 float       *width,
                 float       *height)
{
  int w = 0, h = 0;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = (float) w;
  if (height != NULL)
    *height = (float) h;
}

/* A prepared line of text: laid out when the data changes, only appended
 * in snapshot. */
typedef struct
{
  PangoLayout      *layout;
  graphene_point_t  at;
  gboolean          dim;
} LabText;

/* For g_array_set_clear_func on arrays of LabText. */
static inline void
lab_text_clear (gpointer data)
{
  g_clear_object (&((LabText *) data)->layout);
}

static inline void
lab_snapshot_append_text (GtkSnapshot            *snapshot,
                          PangoLayout            *layout,
                          const graphene_point_t *at,
                          const GdkRGBA          *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, at);
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

G_END_DECLS
