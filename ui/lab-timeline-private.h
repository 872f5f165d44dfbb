/* lab-timeline-private.h — what the tests read of the timeline's layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-timeline.h"
#include "lab-timeline-layout.h"

G_BEGIN_DECLS

LabTimelineLayout *lab_timeline_get_layout (LabTimeline *self);

G_END_DECLS
