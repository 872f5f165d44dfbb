/* lab-timeline-private.h — what the tests read of the timeline's layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-timeline.h"

G_BEGIN_DECLS

gboolean lab_timeline_get_event_bounds (LabTimeline     *self,
                                        guint64          position,
                                        graphene_rect_t *bar,
                                        graphene_rect_t *wait,
                                        gboolean        *has_wait);
guint    lab_timeline_get_n_links      (LabTimeline     *self);
gboolean lab_timeline_get_link_ends    (LabTimeline     *self,
                                        guint            link,
                                        graphene_point_t *from,
                                        graphene_point_t *to);
float    lab_timeline_get_lane_y       (LabTimeline     *self,
                                        guint            lane);
guint    lab_timeline_get_n_bars       (LabTimeline     *self);

G_END_DECLS
