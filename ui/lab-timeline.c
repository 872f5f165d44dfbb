/* lab-timeline.c — which thread ran what, one lane per thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline draws the pool's trace, never what a scenario expected. One
 * lane per thread: "UI thread" first (always there: an empty UI lane is what
 * a responsive demo looks like), then "Worker N" (worker index + 1) in
 * index order, "Dedicated N" (LongRunning threads, numbered in order of
 * thread serial), other threads, and last "I/O (no thread)" for awaited I/O,
 * which is in flight without holding any thread. A worker's lane appears
 * when it first runs something, so the workers the pool injects while others
 * block show up as new lanes during the run.
 *
 * Bars: a task is coloured by its id (a stable palette, so each tile of the
 * parallel blur has its own colour), a work item is grey, a region a task
 * records (the blur marks itself "blur", each tile "blur-tile") is a dark
 * band at the bottom of its task's bar and names the bar; a region outside
 * any task is a bar of its own. The time a task waited in its scheduler's
 * queue (queued_us to start_us) is a striped band above the lane's bars,
 * ending where the bar starts. A task that ran inline (on the thread that
 * waited for it) has an outline. An arrow goes from a completion to the UI
 * thread when a task on the UI lane was handed the result (see
 * guess_links() for how that is found, or lab_timeline_add_link() for
 * exact links).
 *
 * When the events change, lanes, colours and links are worked out once
 * (rebuild_items); when the size, style or the time span change, every bar,
 * band, arrow and label is placed (relayout); the snapshot only appends the
 * prepared rectangles and layouts. While live, the right edge follows the
 * frame clock.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-instruments-private.h"
#include "lab-timeline-private.h"

#define MIN_SPAN_US        (50 * 1000)
#define LINK_BEFORE_US     (5 * 1000)     /* a completion up to 5 ms before the queueing */
#define LINK_AFTER_US      500            /* or just after it (clock order on two threads) */
#define LABEL_CACHE_MAX    4096

typedef enum
{
  LANE_UI,
  LANE_WORKER,
  LANE_DEDICATED,
  LANE_OTHER,
  LANE_IO,
} LaneKind;

typedef struct
{
  LaneKind     kind;
  guint        key;        /* worker index, or thread serial */
  char        *title;
  /* prepared */
  PangoLayout *layout;
  graphene_point_t title_at;
  float        y;
} Lane;

static void
lane_clear (gpointer data)
{
  Lane *lane = data;

  g_clear_pointer (&lane->title, g_free);
  g_clear_object (&lane->layout);
}

typedef struct
{
  PoolTraceEvent  event;
  guint           lane;
  gboolean        nested;     /* a region inside a task or item on its lane */
  const char     *region;     /* for a task or item: the first region inside */
  GdkRGBA         color;
} Item;

typedef struct
{
  char   *label;
  gint64  start_us;
  gint64  end_us;             /* 0 while in flight */
} IoSpan;

static void
io_span_clear (gpointer data)
{
  g_clear_pointer (&((IoSpan *) data)->label, g_free);
}

typedef struct
{
  guint from_task_id;
  guint to_task_id;
} TaskLink;

typedef struct
{
  gint64 from_us;
  guint  from_lane;
  gint64 to_us;
  guint  to_lane;
} Link;

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
  guint64          position;    /* of the event, G_MAXUINT64 for merged or I/O */
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

struct _LabTimeline
{
  GtkWidget        parent_instance;

  /* owned: the data */
  GArray          *items;          /* Item, by start time */
  GArray          *io_spans;       /* IoSpan */
  GArray          *task_links;     /* TaskLink, from lab_timeline_add_link() */
  GArray          *lanes;          /* Lane, in display order */
  GArray          *links;          /* Link, resolved by rebuild_items() */
  gint64           origin_us;
  gint64           last_end_us;
  gboolean         guess_links;
  gboolean         live;
  guint            tick_id;

  /* prepared by relayout() */
  gboolean         layout_valid;
  float            em;
  float            lane_height;
  graphene_rect_t  plot;           /* the lanes' drawing area, right of the titles */
  gint64           view_start_us;
  gint64           view_end_us;
  GdkRGBA          foreground;
  GdkRGBA          io_color;
  GArray          *stripes;        /* graphene_rect_t: every other lane's background */
  GArray          *grid;           /* graphene_rect_t hairlines */
  GArray          *texts;          /* LabText: axis labels, legend, empty message */
  GArray          *waits;          /* WaitShape */
  GArray          *bars;           /* BarShape */
  GArray          *segments;       /* Segment: arrows */
  GArray          *dots;           /* GskRoundedRect: arrows' tails */
  GArray          *link_shapes;    /* LinkShape, for tests */
  GArray          *swatches;       /* Swatch: the legend */
  float            stripe_width;
  float            stripe_period;
  float            line_width;
  GHashTable      *label_cache;    /* text → PangoLayout */
};

G_DEFINE_FINAL_TYPE (LabTimeline, lab_timeline, GTK_TYPE_WIDGET)

/* ---- the data: lanes, colours, links ------------------------------------ */

static int
lane_compare (gconstpointer a,
              gconstpointer b)
{
  const Lane *la = a, *lb = b;

  if (la->kind != lb->kind)
    return la->kind < lb->kind ? -1 : 1;
  return la->key < lb->key ? -1 : la->key > lb->key;
}

static void
lane_for_event (const PoolTraceEvent *event,
                LaneKind             *kind,
                guint                *key)
{
  switch (event->role)
    {
    case POOL_THREAD_ROLE_UI:
      *kind = LANE_UI;
      *key = 0;
      break;
    case POOL_THREAD_ROLE_WORKER:
      *kind = LANE_WORKER;
      *key = (guint) MAX (event->worker_index, 0);
      break;
    case POOL_THREAD_ROLE_DEDICATED:
      *kind = LANE_DEDICATED;
      *key = event->thread_serial;
      break;
    case POOL_THREAD_ROLE_OTHER:
    default:
      *kind = LANE_OTHER;
      *key = event->thread_serial;
      break;
    }
}

static guint
find_lane (GArray   *lanes,
           LaneKind  kind,
           guint     key)
{
  for (guint i = 0; i < lanes->len; i++)
    {
      const Lane *lane = &g_array_index (lanes, Lane, i);

      if (lane->kind == kind && lane->key == key)
        return i;
    }
  return G_MAXUINT;
}

static void
add_lane (GArray   *lanes,
          LaneKind  kind,
          guint     key)
{
  Lane lane = { kind, key, NULL, NULL, { 0, 0 }, 0 };

  if (find_lane (lanes, kind, key) == G_MAXUINT)
    g_array_append_val (lanes, lane);
}

/* Sorts the lanes and names them; dedicated threads count from 1. */
static void
name_lanes (GArray *lanes)
{
  guint dedicated = 0, other = 0;

  g_array_sort (lanes, lane_compare);
  for (guint i = 0; i < lanes->len; i++)
    {
      Lane *lane = &g_array_index (lanes, Lane, i);

      g_free (lane->title);
      switch (lane->kind)
        {
        case LANE_UI: lane->title = g_strdup ("UI thread"); break;
        case LANE_WORKER: lane->title = g_strdup_printf ("Worker %u", lane->key + 1); break;
        case LANE_DEDICATED: lane->title = g_strdup_printf ("Dedicated %u", ++dedicated); break;
        case LANE_OTHER: lane->title = g_strdup_printf ("Thread %u", ++other); break;
        case LANE_IO:
        default: lane->title = g_strdup ("I/O (no thread)"); break;
        }
    }
}

static int
item_compare (gconstpointer a,
              gconstpointer b)
{
  const PoolTraceEvent *ea = &((const Item *) a)->event;
  const PoolTraceEvent *eb = &((const Item *) b)->event;
  gboolean ra = ea->kind == POOL_TRACE_KIND_REGION, rb = eb->kind == POOL_TRACE_KIND_REGION;

  if (ea->start_us != eb->start_us)
    return ea->start_us < eb->start_us ? -1 : 1;
  /* a container before what it contains */
  if (ra != rb)
    return ra ? 1 : -1;
  if (ea->end_us != eb->end_us)
    return ea->end_us > eb->end_us ? -1 : 1;
  return ea->position < eb->position ? -1 : ea->position > eb->position;
}

static void
color_for_item (const Item *item,
                GdkRGBA    *color)
{
  const PoolTraceEvent *event = &item->event;

  if (event->task_id != 0)
    lab_palette_color (event->task_id, color);
  else if (event->kind == POOL_TRACE_KIND_REGION && event->label != NULL)
    lab_palette_color (g_str_hash (event->label), color);
  else
    gdk_rgba_parse (color, "#9a9996");     /* a work item: no task, grey */
}

static const Item *
find_task (LabTimeline *self,
           guint        task_id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);

      if (item->event.kind == POOL_TRACE_KIND_TASK && item->event.task_id == task_id)
        return item;
    }
  return NULL;
}

static guint
ui_lane (LabTimeline *self)
{
  return find_lane (self->lanes, LANE_UI, 0);
}

/*
 * The hand-off heuristic. A continuation on the UI scheduler enters the
 * scheduler's queue (queued_us, posted with g_idle_add) right after the
 * task it continues ends, on that task's thread. So for each task on the UI
 * lane that came from a queue, the source is the task, work item or I/O span
 * on another lane whose end is closest before queued_us, between 5 ms
 * before and 0.5 ms after it (two threads' clocks are read at slightly
 * different moments). No such completion, no arrow: a UI task queued by the
 * UI thread itself gets none. Regions inside tasks are skipped (their task
 * ends a moment later and is the real source).
 */
typedef struct
{
  gint64 end_us;
  guint  lane;
} Completion;

static int
completion_compare (gconstpointer a,
                    gconstpointer b)
{
  gint64 ea = ((const Completion *) a)->end_us, eb = ((const Completion *) b)->end_us;

  return ea < eb ? -1 : ea > eb;
}

static void
guess_links (LabTimeline *self)
{
  guint ui = ui_lane (self);
  guint io = find_lane (self->lanes, LANE_IO, 0);
  g_autoptr(GArray) completions = g_array_new (FALSE, FALSE, sizeof (Completion));

  /* every completion off the UI thread, by end time, for a binary search */
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *source = &g_array_index (self->items, Item, i);
      Completion completion = { source->event.end_us, source->lane };

      if (source->lane != ui && !source->nested)
        g_array_append_val (completions, completion);
    }
  for (guint i = 0; io != G_MAXUINT && i < self->io_spans->len; i++)
    {
      const IoSpan *span = &g_array_index (self->io_spans, IoSpan, i);
      Completion completion = { span->end_us, io };

      if (span->end_us > 0)
        g_array_append_val (completions, completion);
    }
  g_array_sort (completions, completion_compare);

  for (guint i = 0; i < self->items->len && completions->len > 0; i++)
    {
      const Item *target = &g_array_index (self->items, Item, i);
      gint64 latest = target->event.queued_us + LINK_AFTER_US;
      guint low = 0, high = completions->len;
      const Completion *best;
      Link link;

      if (target->lane != ui || target->event.kind != POOL_TRACE_KIND_TASK ||
          target->event.queued_us <= 0 || target->event.inlined)
        continue;

      /* the last completion at or before @latest */
      while (low < high)
        {
          guint mid = low + (high - low) / 2;

          if (g_array_index (completions, Completion, mid).end_us <= latest)
            low = mid + 1;
          else
            high = mid;
        }
      if (low == 0)
        continue;
      best = &g_array_index (completions, Completion, low - 1);
      if (best->end_us < target->event.queued_us - LINK_BEFORE_US)
        continue;

      link = (Link) { best->end_us, best->lane, target->event.start_us, ui };
      g_array_append_val (self->links, link);
    }
}

static void
resolve_task_links (LabTimeline *self)
{
  for (guint i = 0; i < self->task_links->len; i++)
    {
      const TaskLink *task_link = &g_array_index (self->task_links, TaskLink, i);
      const Item *from = find_task (self, task_link->from_task_id);
      const Item *to = find_task (self, task_link->to_task_id);
      Link link;

      if (from == NULL || to == NULL)
        continue;
      link = (Link) { from->event.end_us, from->lane, to->event.start_us, to->lane };
      g_array_append_val (self->links, link);
    }
}

static void relayout (LabTimeline *self);

/* Lanes, nesting, colours and links for the current data. */
static void
rebuild_items (LabTimeline *self)
{
  guint old_n_lanes = self->lanes->len;
  g_autofree guint *container = NULL;

  g_array_set_size (self->lanes, 0);
  g_array_set_size (self->links, 0);
  self->last_end_us = self->origin_us;

  if (self->items->len > 0 || self->io_spans->len > 0)
    add_lane (self->lanes, LANE_UI, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (self->items, Item, i).event;
      LaneKind kind;
      guint key;

      lane_for_event (event, &kind, &key);
      add_lane (self->lanes, kind, key);
      self->last_end_us = MAX (self->last_end_us, event->end_us);
    }
  if (self->io_spans->len > 0)
    add_lane (self->lanes, LANE_IO, 0);
  for (guint i = 0; i < self->io_spans->len; i++)
    self->last_end_us = MAX (self->last_end_us, g_array_index (self->io_spans, IoSpan, i).end_us);
  name_lanes (self->lanes);

  /* lane, colour, and which regions sit inside a task (same lane, within
   * its time): items are sorted by start, containers first */
  container = g_new (guint, MAX (1, self->lanes->len));
  for (guint l = 0; l < self->lanes->len; l++)
    container[l] = G_MAXUINT;
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      LaneKind kind;
      guint key;

      lane_for_event (&item->event, &kind, &key);
      item->lane = find_lane (self->lanes, kind, key);
      item->nested = FALSE;
      item->region = NULL;
      color_for_item (item, &item->color);

      if (item->event.kind != POOL_TRACE_KIND_REGION)
        {
          guint c = container[item->lane];

          if (c == G_MAXUINT || g_array_index (self->items, Item, c).event.end_us < item->event.end_us)
            container[item->lane] = i;
        }
      else if (container[item->lane] != G_MAXUINT)
        {
          Item *outer = &g_array_index (self->items, Item, container[item->lane]);

          if (outer->event.start_us <= item->event.start_us &&
              outer->event.end_us >= item->event.end_us)
            {
              item->nested = TRUE;
              if (outer->region == NULL)
                outer->region = item->event.label;
            }
        }
    }

  if (self->guess_links)
    guess_links (self);
  resolve_task_links (self);

  if (self->lanes->len != old_n_lanes)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  relayout (self);
}

/* ---- the layout ----------------------------------------------------------- */

static PangoLayout *
cached_label (LabTimeline *self,
              const char  *markup)
{
  PangoLayout *layout = g_hash_table_lookup (self->label_cache, markup);

  if (layout == NULL)
    {
      layout = lab_style_layout (GTK_WIDGET (self), markup);
      g_hash_table_insert (self->label_cache, g_strdup (markup), layout);
    }
  return layout;
}

static void
add_text (LabTimeline *self,
          PangoLayout *layout,
          float        x,
          float        y)
{
  LabText text = { g_object_ref (layout), GRAPHENE_POINT_INIT (x, y) };

  g_array_append_val (self->texts, text);
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

static float
x_for_time (LabTimeline *self,
            gint64       time_us)
{
  double span = (double) (self->view_end_us - self->view_start_us);

  return self->plot.origin.x +
         (float) ((time_us - self->view_start_us) / span * self->plot.size.width);
}

static float
legend_height (LabTimeline *self)
{
  return roundf (self->em * 1.6f);
}

/* Lane geometry, in ems: a striped band for queue waits, then the bars. */
#define WAIT_TOP     0.22f
#define WAIT_HEIGHT  0.38f
#define BAR_TOP      0.72f
#define BAR_BOTTOM   0.22f
#define BAND_HEIGHT  0.28f

static void
bar_rows (LabTimeline *self,
          guint        lane,
          float       *bar_y,
          float       *bar_h)
{
  float top = g_array_index (self->lanes, Lane, lane).y;

  *bar_y = roundf (top + self->em * BAR_TOP);
  *bar_h = roundf (self->lane_height - self->em * (BAR_TOP + BAR_BOTTOM));
}

static void
add_segment (LabTimeline            *self,
             const graphene_point_t *from,
             const graphene_point_t *to)
{
  Segment segment;

  segment.at = *from;
  segment.length = sqrtf ((to->x - from->x) * (to->x - from->x) +
                          (to->y - from->y) * (to->y - from->y));
  segment.angle = atan2f (to->y - from->y, to->x - from->x) * 180.0f / (float) G_PI;
  g_array_append_val (self->segments, segment);
}

static void
add_arrow (LabTimeline            *self,
           const graphene_point_t *from,
           const graphene_point_t *to)
{
  float angle = atan2f (to->y - from->y, to->x - from->x);
  float head = self->em * 0.55f;
  float dot = roundf (self->em * 0.36f);
  graphene_point_t wing;
  GskRoundedRect tail;

  add_segment (self, from, to);
  for (int side = -1; side <= 1; side += 2)
    {
      float wing_angle = angle + (float) G_PI + side * (float) G_PI / 6.0f;

      wing = GRAPHENE_POINT_INIT (to->x + head * cosf (wing_angle), to->y + head * sinf (wing_angle));
      add_segment (self, to, &wing);
    }
  gsk_rounded_rect_init_from_rect (&tail,
                                   &GRAPHENE_RECT_INIT (from->x - dot / 2, from->y - dot / 2, dot, dot),
                                   dot / 2);
  g_array_append_val (self->dots, tail);
}

/* The first label of @candidates that fits @width, or NULL. */
static PangoLayout *
fitting_label (LabTimeline        *self,
               const char * const *candidates,
               guint               n_candidates,
               float               width)
{
  for (guint i = 0; i < n_candidates; i++)
    {
      PangoLayout *layout;
      float w;

      if (candidates[i] == NULL)
        continue;
      layout = cached_label (self, candidates[i]);
      lab_layout_size (layout, &w, NULL);
      if (w + self->em * 0.5f <= width)
        return layout;
    }
  return NULL;
}

static void
label_bar (LabTimeline *self,
           BarShape    *bar,
           const Item  *item)
{
  const PoolTraceEvent *event = &item->event;
  g_autofree char *full = NULL, *medium = NULL, *id = NULL;
  const char *region = event->kind == POOL_TRACE_KIND_REGION ? event->label : item->region;
  const char *inline_mark = event->inlined ? " · inline" : "";
  const char *candidates[4] = { NULL, };
  float w, h, text_bottom;

  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
      full = region != NULL
             ? g_strdup_printf ("Task %u · %s%s", event->task_id, region, inline_mark)
             : g_strdup_printf ("Task %u%s", event->task_id, inline_mark);
      medium = region != NULL ? g_strdup_printf ("#%u %s", event->task_id, region) : NULL;
      id = g_strdup_printf ("#%u", event->task_id);
      break;
    case POOL_TRACE_KIND_WORK_ITEM:
      full = region != NULL ? g_strdup_printf ("Work item · %s", region) : g_strdup ("Work item");
      medium = region != NULL ? g_strdup (region) : NULL;
      break;
    case POOL_TRACE_KIND_REGION:
    default:
      full = g_strdup (region != NULL ? region : "region");
      break;
    }
  candidates[0] = full;
  candidates[1] = medium;
  candidates[2] = id;

  bar->label = fitting_label (self, candidates, 3, bar->rect.size.width);
  if (bar->label == NULL)
    return;
  lab_layout_size (bar->label, &w, &h);
  text_bottom = bar->rect.origin.y + bar->rect.size.height -
                (item->region != NULL ? roundf (self->em * BAND_HEIGHT) : 0);
  bar->label_at = GRAPHENE_POINT_INIT (roundf (bar->rect.origin.x + self->em * 0.25f),
                                       roundf ((bar->rect.origin.y + text_bottom - h) / 2.0f));
  lab_palette_text_on (&bar->color, &bar->label_color);
}

/* A bar under two pixels joins the previous one on its lane if they touch,
 * so a million tiny items stay a few hundred rectangles. */
static gboolean
merge_tiny (LabTimeline *self,
            guint       *last_tiny,
            guint        lane,
            float        x0,
            float        x1)
{
  BarShape *previous;

  if (x1 - x0 >= 2.0f || last_tiny[lane] == G_MAXUINT)
    return FALSE;
  previous = &g_array_index (self->bars, BarShape, last_tiny[lane]);
  if (x0 > previous->rect.origin.x + previous->rect.size.width + 1.0f)
    return FALSE;
  previous->rect.size.width = MAX (previous->rect.size.width, x1 - previous->rect.origin.x);
  previous->position = G_MAXUINT64;
  return TRUE;
}

static void
layout_items (LabTimeline *self)
{
  float plot_left = self->plot.origin.x, plot_right = plot_left + self->plot.size.width;
  g_autofree guint *last_tiny = g_new (guint, MAX (1, self->lanes->len));
  float band = roundf (self->em * BAND_HEIGHT);

  for (guint l = 0; l < self->lanes->len; l++)
    last_tiny[l] = G_MAXUINT;

  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      const PoolTraceEvent *event = &item->event;
      float x0 = MAX (x_for_time (self, event->start_us), plot_left);
      float x1 = MIN (x_for_time (self, event->end_us), plot_right);
      float bar_y, bar_h;
      BarShape bar = { { { 0, 0 }, { 0, 0 } }, item->color, 0, event->position, NULL, { 0, 0 }, { 0 } };

      if (x1 < plot_left || x0 > plot_right)
        continue;
      bar_rows (self, item->lane, &bar_y, &bar_h);
      x1 = MAX (x1, x0 + 1.0f);

      if (event->queued_us > 0 && event->queued_us < event->start_us)
        {
          float w0 = MAX (x_for_time (self, event->queued_us), plot_left);
          WaitShape wait;

          if (x0 - w0 >= 1.0f)
            {
              float wait_y = roundf (g_array_index (self->lanes, Lane, item->lane).y + self->em * WAIT_TOP);

              graphene_rect_init (&wait.rect, w0, wait_y, x0 - w0, roundf (self->em * WAIT_HEIGHT));
              wait.fill = lab_rgba_with_alpha (&item->color, 0.28f);
              wait.stripe = item->color;
              wait.position = event->position;
              g_array_append_val (self->waits, wait);
            }
        }

      if (item->nested)
        {
          /* a region inside its task: a darker band at the bottom of the bar */
          bar.flags = BAR_BAND;
          bar.color.red *= 0.55f;
          bar.color.green *= 0.55f;
          bar.color.blue *= 0.55f;
          graphene_rect_init (&bar.rect, x0, bar_y + bar_h - band, x1 - x0, band);
          g_array_append_val (self->bars, bar);
          continue;
        }

      if (merge_tiny (self, last_tiny, item->lane, x0, x1))
        continue;
      graphene_rect_init (&bar.rect, x0, bar_y, x1 - x0, bar_h);
      if (event->inlined)
        bar.flags |= BAR_INLINE;
      label_bar (self, &bar, item);
      g_array_append_val (self->bars, bar);
      last_tiny[item->lane] = x1 - x0 < 2.0f ? self->bars->len - 1 : G_MAXUINT;
    }

  /* I/O in flight, hollow: it holds no thread */
  for (guint i = 0; i < self->io_spans->len; i++)
    {
      const IoSpan *span = &g_array_index (self->io_spans, IoSpan, i);
      guint lane = find_lane (self->lanes, LANE_IO, 0);
      gint64 end_us = span->end_us > 0 ? span->end_us : self->view_end_us;
      float x0 = MAX (x_for_time (self, span->start_us), plot_left);
      float x1 = MIN (x_for_time (self, end_us), plot_right);
      const char *candidates[1] = { span->label };
      BarShape bar = { { { 0, 0 }, { 0, 0 } }, self->io_color, BAR_IO, G_MAXUINT64, NULL, { 0, 0 }, { 0 } };
      float bar_y, bar_h, w, h;

      if (lane == G_MAXUINT || x1 < plot_left || x0 > plot_right)
        continue;
      bar_rows (self, lane, &bar_y, &bar_h);
      graphene_rect_init (&bar.rect, x0, bar_y, MAX (x1 - x0, 1.0f), bar_h);
      bar.label = fitting_label (self, candidates, 1, bar.rect.size.width);
      if (bar.label != NULL)
        {
          lab_layout_size (bar.label, &w, &h);
          bar.label_at = GRAPHENE_POINT_INIT (roundf (x0 + self->em * 0.25f), roundf (bar_y + (bar_h - h) / 2));
          bar.label_color = self->foreground;
        }
      g_array_append_val (self->bars, bar);
    }
}

static void
layout_links (LabTimeline *self)
{
  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);
      float from_y, from_h, to_y, to_h;
      LinkShape shape;

      bar_rows (self, link->from_lane, &from_y, &from_h);
      bar_rows (self, link->to_lane, &to_y, &to_h);
      shape.from = GRAPHENE_POINT_INIT (x_for_time (self, link->from_us), from_y + from_h / 2);
      /* the head stops at the edge of the UI bar, on the side it comes from */
      shape.to = GRAPHENE_POINT_INIT (x_for_time (self, link->to_us),
                                      link->to_lane < link->from_lane ? to_y + to_h : to_y);
      g_array_append_val (self->link_shapes, shape);
      add_arrow (self, &shape.from, &shape.to);
    }
}

/* Ticks at 1, 2 or 5 × 10^k ms, far enough apart for their labels. */
static void
layout_axis (LabTimeline *self,
             float        top)
{
  PangoLayout *widest = cached_label (self, "<small>10000 ms</small>");
  double span_ms = (self->view_end_us - self->view_start_us) / 1000.0;
  double px_per_ms = self->plot.size.width / span_ms;
  double step = 1.0;
  float widest_w;
  double first;

  lab_layout_size (widest, &widest_w, NULL);
  for (double decade = 0.01; decade < 1e7; decade *= 10)
    {
      static const double mantissas[] = { 1, 2, 5 };
      gboolean found = FALSE;

      for (guint m = 0; m < G_N_ELEMENTS (mantissas) && !found; m++)
        if (decade * mantissas[m] * px_per_ms >= widest_w + self->em * 1.5f)
          {
            step = decade * mantissas[m];
            found = TRUE;
          }
      if (found)
        break;
    }

  first = ceil ((self->view_start_us - self->origin_us) / 1000.0 / step) * step;
  for (double ms = first; self->origin_us + ms * 1000.0 <= self->view_end_us; ms += step)
    {
      float x = x_for_time (self, self->origin_us + (gint64) (ms * 1000.0));
      g_autofree char *markup = g_strdup_printf ("<small>%g ms</small>", ms);
      PangoLayout *layout = cached_label (self, markup);
      float w;

      add_rect (self->grid, roundf (x), self->plot.origin.y, 1.0f, top - self->plot.origin.y + self->em * 0.25f);
      lab_layout_size (layout, &w, NULL);
      add_text (self, layout,
                CLAMP (roundf (x - w / 2), self->plot.origin.x - self->em, gtk_widget_get_width (GTK_WIDGET (self)) - w),
                top + self->em * 0.3f);
    }
}

static void
layout_legend (LabTimeline *self)
{
  static const struct { SwatchStyle style; const char *text; } entries[] = {
    { SWATCH_RUN, "running" },
    { SWATCH_WAIT, "waiting in a queue" },
    { SWATCH_INLINE, "ran inline" },
    { SWATCH_RUN, "result to the UI thread" },   /* drawn as an arrow */
    { SWATCH_IO, "I/O, no thread" },
  };
  float x = self->plot.origin.x;
  float swatch_w = roundf (self->em * 1.4f), swatch_h = roundf (self->em * 0.7f);
  float line_h;

  lab_layout_size (cached_label (self, "<small>Mg</small>"), NULL, &line_h);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *markup = g_strdup_printf ("<small>%s</small>", entries[i].text);
      PangoLayout *layout = cached_label (self, markup);
      float y = roundf (self->em * 0.15f + (line_h - swatch_h) / 2);
      float w;

      if (i == 3)
        add_arrow (self, &GRAPHENE_POINT_INIT (x + self->em * 0.2f, y + swatch_h),
                   &GRAPHENE_POINT_INIT (x + swatch_w, y));
      else
        {
          Swatch swatch = { GRAPHENE_RECT_INIT (x, y, swatch_w, swatch_h), entries[i].style };

          g_array_append_val (self->swatches, swatch);
        }
      lab_layout_size (layout, &w, NULL);
      add_text (self, layout, x + swatch_w + self->em * 0.35f, roundf (self->em * 0.15f));
      x += swatch_w + self->em * 0.35f + w + self->em * 1.2f;
    }
}

static void
relayout (LabTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  float width = gtk_widget_get_width (widget);
  float title_width = 0, top, w, h;
  gint64 span_us;

  g_array_set_size (self->stripes, 0);
  g_array_set_size (self->grid, 0);
  /* bars borrow their labels from the cache: empty it only between layouts */
  if (g_hash_table_size (self->label_cache) > LABEL_CACHE_MAX)
    {
      g_array_set_size (self->bars, 0);
      g_hash_table_remove_all (self->label_cache);
    }
  g_array_set_size (self->texts, 0);
  g_array_set_size (self->waits, 0);
  g_array_set_size (self->bars, 0);
  g_array_set_size (self->segments, 0);
  g_array_set_size (self->dots, 0);
  g_array_set_size (self->link_shapes, 0);
  g_array_set_size (self->swatches, 0);

  self->em = lab_style_em (widget);
  self->lane_height = roundf (self->em * 2.4f);
  self->line_width = MAX (2.0f, roundf (self->em / 8.0f));
  self->stripe_width = MAX (2.0f, roundf (self->em / 7.0f));
  self->stripe_period = self->stripe_width * 2.5f;
  lab_style_foreground (widget, &self->foreground);
  lab_style_lookup_color (widget, "lab_accent", "#3584e4", &self->io_color);

  /* titles decide where the plot starts */
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, i);
      g_autofree char *markup = g_markup_printf_escaped (lane->kind == LANE_UI ? "<b>%s</b>" : "%s",
                                                         lane->title);

      g_clear_object (&lane->layout);
      lane->layout = lab_style_layout (widget, markup);
      lab_layout_size (lane->layout, &w, NULL);
      title_width = MAX (title_width, w);
    }

  top = legend_height (self);
  graphene_rect_init (&self->plot, title_width + self->em * 0.8f, top,
                      MAX (1.0f, width - title_width - self->em * 1.3f),
                      self->lanes->len * self->lane_height);

  /* the time span: the run so far, or up to now while live */
  self->view_start_us = self->origin_us;
  span_us = MAX (self->last_end_us - self->origin_us, MIN_SPAN_US);
  if (!self->live)
    span_us = span_us + span_us / 50;     /* a little room after the last bar */
  self->view_end_us = self->origin_us + span_us;
  if (self->live && self->tick_id != 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
      gint64 now = clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();

      self->view_end_us = MAX (self->view_end_us, now);
    }

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, i);
      float bar_y, bar_h;

      lane->y = self->plot.origin.y + i * self->lane_height;
      if (i % 2 == 0)
        add_rect (self->stripes, 0, lane->y, width, self->lane_height);
      bar_rows (self, i, &bar_y, &bar_h);
      lab_layout_size (lane->layout, NULL, &h);
      lane->title_at = GRAPHENE_POINT_INIT (roundf (self->em * 0.3f), roundf (bar_y + (bar_h - h) / 2));
    }

  if (self->lanes->len == 0)
    {
      PangoLayout *empty = cached_label (self, "Run a scenario to see which thread runs each piece of work");

      lab_layout_size (empty, &w, &h);
      add_text (self, empty, MAX (0, (width - w) / 2), top + self->em * 0.5f);
      self->layout_valid = TRUE;
      return;
    }

  layout_legend (self);
  layout_axis (self, self->plot.origin.y + self->plot.size.height);
  layout_items (self);
  layout_links (self);
  self->layout_valid = TRUE;
  gtk_widget_queue_draw (widget);
}

/* ---- drawing ------------------------------------------------------------- */


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
append_stripes (LabTimeline           *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *fill,
                const GdkRGBA         *stripe)
{
  gtk_snapshot_append_color (snapshot, fill, rect);
  gtk_snapshot_push_repeat (snapshot, rect,
                            &GRAPHENE_RECT_INIT (rect->origin.x, rect->origin.y,
                                                 self->stripe_period, rect->size.height));
  gtk_snapshot_append_color (snapshot, stripe,
                             &GRAPHENE_RECT_INIT (rect->origin.x, rect->origin.y,
                                                  self->stripe_width, rect->size.height));
  gtk_snapshot_pop (snapshot);
}

static void
lab_timeline_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LabTimeline *self = LAB_TIMELINE (widget);
  GdkRGBA stripe_bg = lab_rgba_with_alpha (&self->foreground, 0.05f);
  GdkRGBA hairline = lab_rgba_with_alpha (&self->foreground, 0.14f);
  GdkRGBA dim = lab_rgba_with_alpha (&self->foreground, 0.75f);
  GdkRGBA arrow = lab_rgba_with_alpha (&self->foreground, 0.9f);
  GdkRGBA io_fill = lab_rgba_with_alpha (&self->io_color, 0.22f);

  if (!self->layout_valid)
    return;

  for (guint i = 0; i < self->stripes->len; i++)
    gtk_snapshot_append_color (snapshot, &stripe_bg, &g_array_index (self->stripes, graphene_rect_t, i));
  for (guint i = 0; i < self->grid->len; i++)
    gtk_snapshot_append_color (snapshot, &hairline, &g_array_index (self->grid, graphene_rect_t, i));
  for (guint i = 0; i < self->lanes->len; i++)
    {
      const Lane *lane = &g_array_index (self->lanes, Lane, i);

      lab_snapshot_append_text (snapshot, lane->layout, &lane->title_at, &self->foreground);
    }

  for (guint i = 0; i < self->swatches->len; i++)
    {
      const Swatch *swatch = &g_array_index (self->swatches, Swatch, i);
      GdkRGBA color;

      lab_palette_color (0, &color);
      switch (swatch->style)
        {
        case SWATCH_RUN:
          gtk_snapshot_append_color (snapshot, &color, &swatch->rect);
          break;
        case SWATCH_WAIT:
          {
            GdkRGBA fill = lab_rgba_with_alpha (&color, 0.28f);

            append_stripes (self, snapshot, &swatch->rect, &fill, &color);
          }
          break;
        case SWATCH_INLINE:
          gtk_snapshot_append_color (snapshot, &color, &swatch->rect);
          append_outline (snapshot, &swatch->rect, self->line_width, &self->foreground);
          break;
        case SWATCH_IO:
        default:
          gtk_snapshot_append_color (snapshot, &io_fill, &swatch->rect);
          append_outline (snapshot, &swatch->rect, self->line_width, &self->io_color);
          break;
        }
    }

  for (guint i = 0; i < self->waits->len; i++)
    {
      const WaitShape *wait = &g_array_index (self->waits, WaitShape, i);

      append_stripes (self, snapshot, &wait->rect, &wait->fill, &wait->stripe);
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (self->plot.origin.x, 0,
                                                         self->plot.size.width + 1,
                                                         gtk_widget_get_height (widget)));
  for (guint i = 0; i < self->bars->len; i++)
    {
      const BarShape *bar = &g_array_index (self->bars, BarShape, i);

      if (bar->flags & BAR_IO)
        {
          gtk_snapshot_append_color (snapshot, &io_fill, &bar->rect);
          append_outline (snapshot, &bar->rect, self->line_width, &self->io_color);
        }
      else
        {
          gtk_snapshot_append_color (snapshot, &bar->color, &bar->rect);
          if (bar->flags & BAR_INLINE)
            append_outline (snapshot, &bar->rect, self->line_width, &self->foreground);
        }
      if (bar->label != NULL)
        {
          gtk_snapshot_push_clip (snapshot, &bar->rect);
          lab_snapshot_append_text (snapshot, bar->label, &bar->label_at, &bar->label_color);
          gtk_snapshot_pop (snapshot);
        }
    }
  gtk_snapshot_pop (snapshot);

  for (guint i = 0; i < self->texts->len; i++)
    {
      const LabText *text = &g_array_index (self->texts, LabText, i);

      lab_snapshot_append_text (snapshot, text->layout, &text->at, &dim);
    }

  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &segment->at);
      gtk_snapshot_rotate (snapshot, segment->angle);
      gtk_snapshot_append_color (snapshot, &arrow,
                                 &GRAPHENE_RECT_INIT (-self->line_width / 2, -self->line_width / 2,
                                                      segment->length + self->line_width / 2,
                                                      self->line_width));
      gtk_snapshot_restore (snapshot);
    }
  for (guint i = 0; i < self->dots->len; i++)
    {
      const GskRoundedRect *dot = &g_array_index (self->dots, GskRoundedRect, i);

      gtk_snapshot_push_rounded_clip (snapshot, dot);
      gtk_snapshot_append_color (snapshot, &arrow, &dot->bounds);
      gtk_snapshot_pop (snapshot);
    }
}

/* ---- the widget ------------------------------------------------------------ */

static void
lab_timeline_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  LabTimeline *self = LAB_TIMELINE (widget);
  float em = lab_style_em (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (em * 20);
      *natural = (int) (em * 44);
    }
  else
    {
      guint n_lanes = MAX (self->lanes->len, 2);

      /* legend, lanes, axis: as relayout() places them */
      *minimum = *natural = (int) ceilf (roundf (em * 1.6f) + n_lanes * roundf (em * 2.4f) +
                                         roundf (em * 1.5f));
    }
}

static void
lab_timeline_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  relayout (LAB_TIMELINE (widget));
}

static void
lab_timeline_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  LabTimeline *self = LAB_TIMELINE (widget);

  GTK_WIDGET_CLASS (lab_timeline_parent_class)->css_changed (widget, change);
  /* font size (zoom) or colours (light/dark): every layout is stale */
  g_hash_table_remove_all (self->label_cache);
  self->layout_valid = FALSE;
  gtk_widget_queue_resize (widget);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  relayout (LAB_TIMELINE (widget));
  return G_SOURCE_CONTINUE;
}

static void
update_tick (LabTimeline *self)
{
  gboolean want = self->live && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
lab_timeline_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_timeline_parent_class)->map (widget);
  update_tick (LAB_TIMELINE (widget));
}

static void
lab_timeline_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lab_timeline_parent_class)->unmap (widget);
  update_tick (LAB_TIMELINE (widget));
}

static void
lab_timeline_finalize (GObject *object)
{
  LabTimeline *self = LAB_TIMELINE (object);

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->io_spans, g_array_unref);
  g_clear_pointer (&self->task_links, g_array_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->stripes, g_array_unref);
  g_clear_pointer (&self->grid, g_array_unref);
  g_clear_pointer (&self->texts, g_array_unref);
  g_clear_pointer (&self->waits, g_array_unref);
  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->dots, g_array_unref);
  g_clear_pointer (&self->link_shapes, g_array_unref);
  g_clear_pointer (&self->swatches, g_array_unref);
  g_clear_pointer (&self->label_cache, g_hash_table_unref);

  G_OBJECT_CLASS (lab_timeline_parent_class)->finalize (object);
}

static void
lab_timeline_class_init (LabTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lab_timeline_finalize;
  widget_class->snapshot = lab_timeline_snapshot;
  widget_class->measure = lab_timeline_measure;
  widget_class->size_allocate = lab_timeline_size_allocate;
  widget_class->css_changed = lab_timeline_css_changed;
  widget_class->map = lab_timeline_map;
  widget_class->unmap = lab_timeline_unmap;
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lab_timeline_init (LabTimeline *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->io_spans = g_array_new (FALSE, FALSE, sizeof (IoSpan));
  g_array_set_clear_func (self->io_spans, io_span_clear);
  self->task_links = g_array_new (FALSE, FALSE, sizeof (TaskLink));
  self->lanes = g_array_new (FALSE, TRUE, sizeof (Lane));
  g_array_set_clear_func (self->lanes, lane_clear);
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  self->stripes = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->grid = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->texts = g_array_new (FALSE, TRUE, sizeof (LabText));
  g_array_set_clear_func (self->texts, lab_text_clear);
  self->waits = g_array_new (FALSE, FALSE, sizeof (WaitShape));
  self->bars = g_array_new (FALSE, FALSE, sizeof (BarShape));
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  self->dots = g_array_new (FALSE, FALSE, sizeof (GskRoundedRect));
  self->link_shapes = g_array_new (FALSE, FALSE, sizeof (LinkShape));
  self->swatches = g_array_new (FALSE, FALSE, sizeof (Swatch));
  self->label_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->guess_links = TRUE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Timeline of the threads that ran each piece of work",
                                  -1);
}

GtkWidget *
lab_timeline_new (void)
{
  return g_object_new (LAB_TYPE_TIMELINE, NULL);
}

/**
 * lab_timeline_set_events:
 * @events: (array length=n_events): the run's trace, as pool_trace_copy_since() gives it
 * @origin_us: the run's start (time 0 on the axis), g_get_monotonic_time()
 *
 * Replaces the events shown (I/O spans and links stay until
 * lab_timeline_clear()). Call it again with the longer trace as the run goes
 * on; lanes appear as threads show up.
 */
void
lab_timeline_set_events (LabTimeline          *self,
                         const PoolTraceEvent *events,
                         guint                 n_events,
                         gint64                origin_us)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));
  g_return_if_fail (events != NULL || n_events == 0);

  g_array_set_size (self->items, n_events);
  for (guint i = 0; i < n_events; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      memset (item, 0, sizeof *item);
      item->event = events[i];
    }
  g_array_sort (self->items, item_compare);
  self->origin_us = origin_us;
  rebuild_items (self);
}

/**
 * lab_timeline_add_io_span:
 * @label: what is in flight ("download")
 * @start_us: when it started, g_get_monotonic_time()
 * @end_us: when it ended, or 0 while it is still in flight
 *
 * Shows awaited I/O, which holds no thread, on the "I/O (no thread)" lane.
 *
 * Returns: an id for lab_timeline_end_io_span()
 */
guint
lab_timeline_add_io_span (LabTimeline *self,
                          const char  *label,
                          gint64       start_us,
                          gint64       end_us)
{
  IoSpan span = { g_strdup (label != NULL ? label : "I/O"), start_us, end_us };

  g_return_val_if_fail (LAB_IS_TIMELINE (self), 0);

  g_array_append_val (self->io_spans, span);
  rebuild_items (self);
  return self->io_spans->len - 1;
}

/* Ends an I/O span added with @end_us 0. */
void
lab_timeline_end_io_span (LabTimeline *self,
                          guint        span_id,
                          gint64       end_us)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));
  g_return_if_fail (span_id < self->io_spans->len);

  g_array_index (self->io_spans, IoSpan, span_id).end_us = end_us;
  rebuild_items (self);
}

/**
 * lab_timeline_add_link:
 * @from_task_id: the task whose end hands a result over
 * @to_task_id: the task that receives it (a continuation on the UI thread)
 *
 * Draws an arrow from the end of one task's bar to the start of another's,
 * whatever the lanes; stays until lab_timeline_clear().
 */
void
lab_timeline_add_link (LabTimeline *self,
                       guint        from_task_id,
                       guint        to_task_id)
{
  TaskLink link = { from_task_id, to_task_id };

  g_return_if_fail (LAB_IS_TIMELINE (self));

  g_array_append_val (self->task_links, link);
  rebuild_items (self);
}

/* Whether to guess hand-offs to the UI thread (see guess_links(); on by default). */
void
lab_timeline_set_guess_links (LabTimeline *self,
                              gboolean     guess)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));

  self->guess_links = !!guess;
  rebuild_items (self);
}

/* Forgets the events, I/O spans and links. */
void
lab_timeline_clear (LabTimeline *self)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));

  g_array_set_size (self->items, 0);
  g_array_set_size (self->io_spans, 0);
  g_array_set_size (self->task_links, 0);
  rebuild_items (self);
}

/**
 * lab_timeline_set_live:
 * @live: %TRUE while a run is in progress: the right edge follows the frame
 *   clock; %FALSE fits the span to the events
 */
void
lab_timeline_set_live (LabTimeline *self,
                       gboolean     live)
{
  g_return_if_fail (LAB_IS_TIMELINE (self));

  self->live = !!live;
  update_tick (self);
  relayout (self);
}

gboolean
lab_timeline_get_live (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), FALSE);

  return self->live;
}

/* One lane per thread seen (and the UI thread's, and the I/O lane if any). */
guint
lab_timeline_get_n_lanes (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), 0);

  return self->lanes->len;
}

const char *
lab_timeline_get_lane_title (LabTimeline *self,
                             guint        lane)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (lane < self->lanes->len, NULL);

  return g_array_index (self->lanes, Lane, lane).title;
}

/**
 * lab_timeline_render_texture:
 *
 * Draws the timeline as it is on screen, over the window's background
 * colour, at the widget's size and scale.
 *
 * Returns: (transfer full): the picture, or %NULL with @error set if the
 *   widget has no size yet
 */
GdkTexture *
lab_timeline_render_texture (LabTimeline  *self,
                             GError      **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) own_renderer = NULL;
  GskRenderer *renderer = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  GdkRGBA background;

  g_return_val_if_fail (LAB_IS_TIMELINE (self), NULL);

  if (width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The timeline has no size yet: show it before saving it");
      return NULL;
    }
  if (!self->layout_valid)
    relayout (self);

  lab_style_background (widget, &background);

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  lab_timeline_snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  if (native != NULL && gtk_widget_get_realized (GTK_WIDGET (native)))
    renderer = gtk_native_get_renderer (native);
  if (renderer == NULL)
    {
      own_renderer = gsk_cairo_renderer_new ();
      if (!gsk_renderer_realize (own_renderer, NULL, error))
        return NULL;
      renderer = own_renderer;
    }

  {
    GdkTexture *texture = gsk_renderer_render_texture (renderer, node,
                                                       &GRAPHENE_RECT_INIT (0, 0, width * scale,
                                                                            height * scale));
    if (own_renderer != NULL)
      gsk_renderer_unrealize (own_renderer);
    return texture;
  }
}

/**
 * lab_timeline_save_png:
 * @path: the file to write; replaced atomically (a temporary file, renamed)
 *
 * Saves the timeline as a PNG, for slides and bug reports.
 */
gboolean
lab_timeline_save_png (LabTimeline  *self,
                       const char   *path,
                       GError      **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;

  g_return_val_if_fail (LAB_IS_TIMELINE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  texture = lab_timeline_render_texture (self, error);
  if (texture == NULL)
    return FALSE;
  png = gdk_texture_save_to_png_bytes (texture);
  return g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), error);
}

/* ---- for tests ----------------------------------------------------------- */

/* Where the event at @position was laid out: its bar and its queue wait. */
gboolean
lab_timeline_get_event_bounds (LabTimeline     *self,
                               guint64          position,
                               graphene_rect_t *bar,
                               graphene_rect_t *wait,
                               gboolean        *has_wait)
{
  gboolean found = FALSE;

  g_return_val_if_fail (LAB_IS_TIMELINE (self), FALSE);

  if (has_wait != NULL)
    *has_wait = FALSE;
  for (guint i = 0; i < self->bars->len && !found; i++)
    {
      const BarShape *shape = &g_array_index (self->bars, BarShape, i);

      if (shape->position == position && !(shape->flags & BAR_IO))
        {
          if (bar != NULL)
            *bar = shape->rect;
          found = TRUE;
        }
    }
  for (guint i = 0; i < self->waits->len && found; i++)
    {
      const WaitShape *shape = &g_array_index (self->waits, WaitShape, i);

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
lab_timeline_get_n_links (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), 0);

  return self->links->len;
}

gboolean
lab_timeline_get_link_ends (LabTimeline      *self,
                            guint             link,
                            graphene_point_t *from,
                            graphene_point_t *to)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), FALSE);

  if (link >= self->link_shapes->len)
    return FALSE;
  *from = g_array_index (self->link_shapes, LinkShape, link).from;
  *to = g_array_index (self->link_shapes, LinkShape, link).to;
  return TRUE;
}

/* The top of a lane, as laid out. */
float
lab_timeline_get_lane_y (LabTimeline *self,
                         guint        lane)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), 0);
  g_return_val_if_fail (lane < self->lanes->len, 0);

  return g_array_index (self->lanes, Lane, lane).y;
}

/* How many bars are laid out (tiny ones merge). */
guint
lab_timeline_get_n_bars (LabTimeline *self)
{
  g_return_val_if_fail (LAB_IS_TIMELINE (self), 0);

  return self->bars->len;
}
