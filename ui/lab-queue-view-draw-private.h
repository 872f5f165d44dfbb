/* lab-queue-view-draw-private.h — what the queue view's model side
 * (lab-queue-view.c) and its drawing (lab-queue-view-draw.c) share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-queue-view.h"
#include "lab-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  CHIP_TASK,
  CHIP_ITEM,
  CHIP_ENTERING,
  CHIP_MORE,
  CHIP_LEAVING,
  CHIP_STOLEN,
  CHIP_EMPTY,
} ChipStyle;

/* One chip as the model gives it (the test API reads these); its layout is
 * made when drawn. */
typedef struct
{
  char        *text;
  ChipStyle    style;
  PangoLayout *layout;
} Chip;

/* A chip where it is drawn: what fits in the width, on one line. */
typedef struct
{
  GskRoundedRect    rect;
  graphene_point_t  text_at;
  PangoLayout      *layout;  /* owned */
  ChipStyle         style;
} PlacedChip;

typedef struct
{
  char        *title;
  GArray      *chips;      /* Chip */
  guint        n_entries;  /* in the queue, shown as chips or not */
  char        *signature;  /* what the chips show, to skip rebuilding them */
  gboolean     empty;      /* nothing in it, nothing leaving it */

  PangoLayout *title_layout;
  GArray      *placed;     /* PlacedChip */
} QueueRow;

struct _LabQueueView
{
  GtkWidget      parent_instance;

  /* owned */
  LabTraceModel *model;
  GArray        *rows;         /* QueueRow */
  GHashTable    *shown;        /* "t3" / "i5" of what the rows showed → queue row + 1 */
  const char    *summary;      /* compact: "the other queues are empty", or NULL */
  char          *description;  /* for accessibility */

  gint64         at_us;        /* G_MININT64: the latest moment */
  gint64         shown_at_us;  /* the moment the rows show, G_MININT64 before any */
  guint          shown_instants;
  guint          refresh_id;
  gboolean       compact;

  /* the size: rows since the model was set, never fewer (a resize is a
   * layout of the whole window) */
  guint          peak_rows;    /* rows */
  guint          peak_shown;   /* compact: rows of queues that hold something */
  guint          sized_slots;  /* what the last measure was asked for */
  guint          reserved_workers; /* local queues to make room for beforehand */

  /* the drawing */
  gboolean       dirty;        /* the rows changed since last drawn */
  gboolean       laid_out;
  int            laid_width;
  float          row_height;
  float          title_width;
  float          title_min;    /* 20 characters of the title's font */
  PangoLayout   *summary_layout;
  GHashTable    *chip_layouts; /* "style|text" → PangoLayout, in the font below */
  PangoFontDescription *font;  /* the widget's, as the layouts were made */
};

void      lab_queue_view_chip_clear       (gpointer      data);
void      lab_queue_view_placed_chip_clear (gpointer     data);
void      lab_queue_view_row_clear        (gpointer      data);
void      lab_queue_view_invalidate       (LabQueueView *self);
void      lab_queue_view_update_size      (LabQueueView *self);
gboolean  lab_queue_view_row_is_shown     (LabQueueView *self,
                                           guint         row);
void      lab_queue_view_class_init_draw  (GtkWidgetClass *widget_class);

G_END_DECLS
