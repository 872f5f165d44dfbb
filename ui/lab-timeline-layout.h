/* lab-timeline-layout.h — the timeline's shapes, worked out from a trace
 * model for one size and one span of time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-trace-model.h"

G_BEGIN_DECLS

typedef struct _LabTimelineLayout LabTimelineLayout;

LabTimelineLayout *lab_timeline_layout_new          (void);
void               lab_timeline_layout_free         (LabTimelineLayout      *layout);
void               lab_timeline_layout_forget_style (LabTimelineLayout      *layout);
void               lab_timeline_layout_forget_model (LabTimelineLayout      *layout);
void               lab_timeline_layout_compute      (LabTimelineLayout      *layout,
                                                     GtkWidget              *widget,
                                                     LabTraceModel          *model,
                                                     int                     width,
                                                     int                     height,
                                                     gint64                  now_us,
                                                     gint64                  fixed_end_us);
void               lab_timeline_layout_draw         (LabTimelineLayout      *layout,
                                                     GtkSnapshot            *snapshot,
                                                     int                     height);
float              lab_timeline_layout_get_note_height (LabTimelineLayout   *layout);
void               lab_timeline_layout_set_cursor   (LabTimelineLayout      *layout,
                                                     gint64                  at_us);
gboolean           lab_timeline_layout_get_cursor_x (LabTimelineLayout      *layout,
                                                     float                  *x);
gboolean           lab_timeline_layout_get_now_x    (LabTimelineLayout      *layout,
                                                     float                  *x);
void               lab_timeline_layout_measure_height (GtkWidget            *widget,
                                                     guint                   n_lanes,
                                                     int                    *minimum,
                                                     int                    *natural);

/* what the tests read */
gboolean           lab_timeline_layout_get_event_bounds (LabTimelineLayout  *layout,
                                                     guint64                 position,
                                                     graphene_rect_t        *bar,
                                                     graphene_rect_t        *wait,
                                                     gboolean               *has_wait);
guint              lab_timeline_layout_get_n_links  (LabTimelineLayout      *layout);
gboolean           lab_timeline_layout_get_link_ends (LabTimelineLayout     *layout,
                                                     guint                   link,
                                                     graphene_point_t       *from,
                                                     graphene_point_t       *to);
float              lab_timeline_layout_get_row_y    (LabTimelineLayout      *layout,
                                                     guint                   row);
const char        *lab_timeline_layout_get_row_title (LabTimelineLayout     *layout,
                                                     guint                   row);
guint              lab_timeline_layout_get_n_rows   (LabTimelineLayout      *layout);
guint              lab_timeline_layout_get_n_bars   (LabTimelineLayout      *layout);
gboolean           lab_timeline_layout_get_baseline (LabTimelineLayout      *layout,
                                                     graphene_rect_t        *band,
                                                     gboolean               *named);
/* the states (lab-timeline-states.c) */
guint              lab_timeline_layout_get_n_legend (LabTimelineLayout      *layout);
const char        *lab_timeline_layout_get_legend   (LabTimelineLayout      *layout,
                                                     guint                   entry);
gboolean           lab_timeline_layout_get_mark     (LabTimelineLayout      *layout,
                                                     guint                   task_id,
                                                     int                    *state,
                                                     graphene_rect_t        *disc);
gboolean           lab_timeline_layout_get_child_wait (LabTimelineLayout    *layout,
                                                     guint                   task_id,
                                                     graphene_rect_t        *rect);
guint              lab_timeline_layout_get_n_waits  (LabTimelineLayout      *layout);
void               lab_timeline_layout_get_wait     (LabTimelineLayout      *layout,
                                                     guint                   wait,
                                                     graphene_rect_t        *rect,
                                                     GdkRGBA                *stripe);
guint              lab_timeline_layout_get_n_hatches (LabTimelineLayout     *layout);
void               lab_timeline_layout_get_hatch    (LabTimelineLayout      *layout,
                                                     guint                   hatch,
                                                     graphene_rect_t        *rect);
guint              lab_timeline_layout_count_segments (LabTimelineLayout    *layout,
                                                     const GdkRGBA          *color);
const char        *lab_timeline_layout_get_callout  (LabTimelineLayout      *layout,
                                                     graphene_rect_t        *box);
float              lab_timeline_layout_x_for_time   (LabTimelineLayout      *layout,
                                                     gint64                  at_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabTimelineLayout, lab_timeline_layout_free)

G_END_DECLS
