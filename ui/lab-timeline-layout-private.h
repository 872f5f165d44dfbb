/* lab-timeline-layout-private.h — the timeline's shapes, shared by the
 * code that works them out (lab-timeline-layout.c; its span of time and
 * axis in lab-timeline-time.c, its legend and task states in their own
 * files) and the code that draws them (lab-timeline-draw.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-instruments-private.h"
#include "lab-timeline-layout.h"
#include "lab-task-states.h"

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
/* A timeline set to expand (the stage's) uses the height it is given: its
 * rows grow up to TALL_ROW_HEIGHT and its text up to MAX_TEXT_SCALE times
 * the font, so that no empty band is left under the lanes. Any timeline
 * squeezed below MIN_ROW_HEIGHT rows shrinks its text, down to
 * MIN_TEXT_SCALE, rather than scroll (presenter mode on a small screen). */
#define TALL_ROW_HEIGHT 3.4f
#define MAX_TEXT_SCALE 1.25f
#define MIN_TEXT_SCALE 0.5f
#define NOTE_SPACE     0.9f   /* over the words under the axis, in ems */
/* The words of a wait cycle are at the font's size, or at this scale of it
 * when the rest of the text is smaller: not at the rows' scale, which
 * depends on the room the words leave (the two would chase each other). */
#define NOTE_SCALE     0.7f
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
  GdkRGBA          color;
} Segment;

/* an arrow's tail */
typedef struct
{
  GskRoundedRect   dot;
  GdkRGBA          color;
} Dot;

typedef enum
{
  ARROW_HAND_OFF,              /* a result handed to the UI thread */
  ARROW_CHILD,                 /* a parent to an attached child: dashed */
  ARROW_WAIT,                  /* a blocked thread to the task it waits for */
  ARROW_CYCLE,                 /* the wait cycle of a deadlock */
} ArrowStyle;

/* a blocked thread: hatched over its bar */
typedef struct
{
  graphene_rect_t rect;
  GdkRGBA         color;
} HatchShape;

/* a task's end state: a round mark with a glyph at the end of its bar */
typedef struct
{
  GskRoundedRect   disc;
  GdkRGBA          color;
  PangoLayout     *glyph;      /* borrowed from the label cache */
  graphene_point_t glyph_at;
  LabTaskState     state;
  guint            task_id;
} MarkShape;

/* WaitingForChildrenToComplete: a hollow band after the task's bar */
typedef struct
{
  graphene_rect_t rect;
  GdkRGBA         color;
  guint           task_id;
} ChildWaitShape;

/* words on the chart (the wait cycle), on a backdrop */
typedef struct
{
  graphene_rect_t  box;
  PangoLayout     *layout;     /* owned */
  graphene_point_t at;
  GdkRGBA          edge;
} Callout;

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
  SWATCH_QUEUE_UI,
  SWATCH_QUEUE_GLOBAL,
  SWATCH_QUEUE_LOCAL,
  SWATCH_CHILDREN,
  SWATCH_DONE,
  SWATCH_CANCELED,
  SWATCH_FAULTED,
  SWATCH_BLOCKED,
  SWATCH_HAND_OFF,             /* arrows, drawn as one */
  SWATCH_CHILD_LINK,
  SWATCH_WAIT_LINK,
  SWATCH_CYCLE,
  N_SWATCHES
} SwatchStyle;

typedef struct
{
  graphene_rect_t rect;
  SwatchStyle     style;
} Swatch;

/* What the states add to the chart, worked out once per change of the
 * model (lab-timeline-states.c), not per layout: the timeline lays itself
 * out on every frame while live. */
typedef struct _LabTimelineStates LabTimelineStates;

LabTimelineStates *lab_timeline_states_new       (void);
void               lab_timeline_states_free      (LabTimelineStates *states);
void               lab_timeline_states_reset     (LabTimelineStates *states);
gboolean           lab_timeline_states_update    (LabTimelineStates *states,
                                                  LabTraceModel     *model,
                                                  gint64             now_us);
void               lab_timeline_states_used      (LabTimelineStates *states,
                                                  gboolean          *used);
void               lab_timeline_states_layout    (LabTimelineStates *states,
                                                  LabTimelineLayout *layout,
                                                  LabTraceModel     *model);
void               lab_timeline_state_color      (SwatchStyle        style,
                                                  GdkRGBA           *color);
const char        *lab_timeline_mark_glyph       (LabTaskState       state);

float              lab_timeline_layout_legend    (LabTimelineLayout *layout,
                                                  LabTraceModel     *model,
                                                  float              left,
                                                  float              width);

/* shared by lab-timeline-layout.c and lab-timeline-states.c */
PangoLayout *lab_timeline_cached_label (LabTimelineLayout      *layout,
                                        const char             *markup);
/* lab-timeline-scale.c */
void         lab_timeline_scale_font   (LabTimelineLayout      *layout,
                                        PangoLayout            *label);
void         lab_timeline_note_font    (LabTimelineLayout      *layout,
                                        PangoLayout            *label);
void         lab_timeline_set_text_scale (LabTimelineLayout    *layout,
                                        GtkWidget              *widget,
                                        float                   scale);
float        lab_timeline_text_scale_for (LabTimelineLayout    *layout,
                                        GtkWidget              *widget,
                                        guint                   n_rows,
                                        float                   height);
void         lab_timeline_add_text     (LabTimelineLayout      *layout,
                                        PangoLayout            *label,
                                        float                   x,
                                        float                   y);
float        lab_timeline_x_for_time   (LabTimelineLayout      *layout,
                                        gint64                  time_us);
void         lab_timeline_layout_time  (LabTimelineLayout      *layout,
                                        LabTraceModel          *model,
                                        gint64                  now_us,
                                        gint64                  fixed_end_us);
void         lab_timeline_layout_axis  (LabTimelineLayout      *layout,
                                        float                   top,
                                        int                     width);
void         lab_timeline_bar_rows     (LabTimelineLayout      *layout,
                                        guint                   row,
                                        float                  *bar_y,
                                        float                  *bar_h);
void         lab_timeline_add_line     (LabTimelineLayout      *layout,
                                        const graphene_point_t *from,
                                        const graphene_point_t *to,
                                        ArrowStyle              style,
                                        gboolean                head);
void         lab_timeline_add_arrow    (LabTimelineLayout      *layout,
                                        const graphene_point_t *from,
                                        const graphene_point_t *to,
                                        ArrowStyle              style);

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
  float            em;             /* the font's line height × text_scale */
  float            text_scale;     /* of the widget's font, for every label */
  PangoFontDescription *font;      /* the widget's font × text_scale; NULL at 1 */
  float            legend_ems;     /* the legend's height at the last layout, in ems */
  float            note_want;      /* the room the cycle's words want under the axis */
  int              note_width;     /* the size note_want was worked out for */
  int              note_height;
  gboolean         note_small;     /* the words at NOTE_SCALE */
  guint            again;          /* laying out again, for note_want */
  int              height;         /* the widget's */
  float            row_height;
  float            line_width;
  float            stripe_width;
  float            stripe_period;
  graphene_rect_t  plot;           /* the rows' drawing area, right of the titles */
  gint64           origin_us;
  gint64           view_start_us;
  gint64           view_end_us;
  gint64           drawn_end_us;   /* what is still open ends here: now while live */
  gboolean         has_now;        /* live: now is marked */
  graphene_rect_t  now_line;
  gint64           cursor_us;      /* G_MININT64: none */
  gboolean         has_baseline;   /* the run's baseline is in view */
  graphene_rect_t  baseline_band;  /* over the rows, origin to the work's start */
  PangoLayout     *baseline_label; /* borrowed from the label cache; NULL: no room */
  graphene_point_t baseline_label_at;
  GdkRGBA          foreground;
  GdkRGBA          io_color;
  GdkRGBA          background;

  /* the shapes */
  GArray          *rows;           /* Row, by row */
  GArray          *stripes;        /* graphene_rect_t: every other row's background */
  GArray          *grid;           /* graphene_rect_t hairlines */
  GArray          *texts;          /* LabText: axis labels, legend, empty message */
  GArray          *waits;          /* WaitShape */
  GArray          *bars;           /* BarShape */
  GArray          *segments;       /* Segment: arrows */
  GArray          *dots;           /* Dot: arrows' tails */
  GArray          *hatches;        /* HatchShape: blocked threads */
  GArray          *marks;          /* MarkShape: end states */
  GArray          *child_waits;    /* ChildWaitShape */
  GArray          *callouts;       /* Callout: the wait cycle in words */
  GPtrArray       *legend;         /* char *: the legend's entries, for tests */
  LabTimelineStates *states;       /* owned: the states, cached per model change */
  GArray          *link_shapes;    /* LinkShape, for tests */
  GArray          *swatches;       /* Swatch: the legend */
  GHashTable      *label_cache;    /* markup → PangoLayout */
  GtkWidget       *widget;         /* borrowed, during compute only */
};


G_END_DECLS
