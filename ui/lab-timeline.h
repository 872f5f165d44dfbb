/* lab-timeline.h — which thread ran what, one lane per thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <pool.h>

G_BEGIN_DECLS

#define LAB_TYPE_TIMELINE (lab_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LabTimeline, lab_timeline, LAB, TIMELINE, GtkWidget)

GtkWidget  *lab_timeline_new              (void);
void        lab_timeline_set_events       (LabTimeline           *self,
                                           const PoolTraceEvent  *events,
                                           guint                  n_events,
                                           gint64                 origin_us);
guint       lab_timeline_add_io_span      (LabTimeline           *self,
                                           const char            *label,
                                           gint64                 start_us,
                                           gint64                 end_us);
void        lab_timeline_end_io_span      (LabTimeline           *self,
                                           guint                  span_id,
                                           gint64                 end_us);
void        lab_timeline_add_link         (LabTimeline           *self,
                                           guint                  from_task_id,
                                           guint                  to_task_id);
void        lab_timeline_set_guess_links  (LabTimeline           *self,
                                           gboolean               guess_links);
void        lab_timeline_clear            (LabTimeline           *self);
void        lab_timeline_set_live         (LabTimeline           *self,
                                           gboolean               live);
gboolean    lab_timeline_get_live         (LabTimeline           *self);
guint       lab_timeline_get_n_lanes      (LabTimeline           *self);
const char *lab_timeline_get_lane_title   (LabTimeline           *self,
                                           guint                  lane);
GdkTexture *lab_timeline_render_texture   (LabTimeline           *self,
                                           GError               **error);
gboolean    lab_timeline_save_png         (LabTimeline           *self,
                                           const char            *path,
                                           GError               **error);

G_END_DECLS
