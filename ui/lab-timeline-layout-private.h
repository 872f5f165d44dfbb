/* lab-timeline-layout-private.h — the timeline's shapes, shared by the
 * code that works them out (lab-timeline-layout.c) and the code that draws
 * them (lab-timeline-draw.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-instruments-private.h"
#include "lab-timeline-layout.h"

G_BEGIN_DECLS

#define MIN_SPAN_US        (50 * 1000)
#define LABEL_CACHE_MAX    4096

/* Geometry: the legend (a line of it, in ems), the rows, the axis (in
 * ems). A row is ROW_HEIGHT ems when there is room and shrinks down to
 * MIN_ROW_HEIGHT when the widget is given less (the stage keeps every lane
 * on screen); within a row, fractions of its height: a striped band for
 * queue waits, then the bars. */
#define LEGEND_LINE    1.6f
#define ROW_HEIGHT     2.4f
#define MIN_ROW_HEIGHT 1.0f   /* below 1.4, the legend gives its room to the rows */
#define LEGEND_ROW     1.4f
#define AXIS_HEIGHT    1.5f
#define WAIT_TOP       0.09f
#define WAIT_HEIGHT    0.16f
#define BAR_TOP        0.30f
#define BAR_BOTTOM     0.09f
#define BAND_HEIGHT    0.12f

typedef enum
{
  BAR_INLINE = 1 << 0,
  BAR_IO     = 1 << 1,
  BAR_BAND   = 1 << 2,
} BarFlags;

typedef struct
{
  graphene_rect_t  rect;
  GdkRGBA          color;
  BarFlags         flags;
  guint64          position;    /* of the event, G_MAXUINT64 for merged bars */
  PangoLayout     *label;       /* borrowed from the label cache */
  graphene_point_t label_at;
  GdkRGBA          label_color;
} BarShape;

typedef struct
{
  graphene_rect_t rect;
  GdkRGBA         fill;
  GdkRGBA         stripe;
  guint64         position;
} WaitShape;

/* a thick line: a rectangle rotated about its start */
typedef struct
{
  graphene_point_t at;
  float            angle;       /* degrees */
  float            length;
} Segment;

typedef struct
{
  graphene_point_t from;
  graphene_point_t to;
} LinkShape;

typedef enum
{
  SWATCH_RUN,
  SWATCH_WAIT,
  SWATCH_INLINE,
  SWATCH_IO,
} SwatchStyle;

typedef struct
{
  graphene_rect_t rect;
  SwatchStyle     style;
} Swatch;

typedef struct
{
  PangoLayout     *layout;
  graphene_point_t at;
  float            y;          /* the row's top */
  char            *title;
} Row;

struct _LabTimelineLayout
{
  /* the geometry of the last layout */
  float            em;
  float            row_height;
  float            line_width;
  float            stripe_width;
  float            stripe_period;
  graphene_rect_t  plot;           /* the rows' drawing area, right of the titles */
  gint64           origin_us;
  gint64           view_start_us;
  gint64           view_end_us;
  gint64           cursor_us;      /* G_MININT64: none */
  GdkRGBA          foreground;
  GdkRGBA          io_color;

  /* the shapes */
  GArray          *rows;           /* Row, by row */
  GArray          *stripes;        /* graphene_rect_t: every other row's background */
  GArray          *grid;           /* graphene_rect_t hairlines */
  GArray          *texts;          /* LabText: axis labels, legend, empty message */
  GArray          *waits;          /* WaitShape */
  GArray          *bars;           /* BarShape */
  GArray          *segments;       /* Segment: arrows */
  GArray          *dots;           /* GskRoundedRect: arrows' tails */
  GArray          *link_shapes;    /* LinkShape, for tests */
  GArray          *swatches;       /* Swatch: the legend */
  GHashTable      *label_cache;    /* markup → PangoLayout */
  GtkWidget       *widget;         /* borrowed, during compute only */
};


G_END_DECLS
