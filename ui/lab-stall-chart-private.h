/* lab-stall-chart-private.h — what the tests read of the stall chart's layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-stall-chart.h"

G_BEGIN_DECLS

gboolean lab_stall_chart_get_marker_bounds (LabStallChart   *self,
                                            graphene_rect_t *bar,
                                            graphene_rect_t *pill);
guint    lab_stall_chart_get_n_bars        (LabStallChart   *self);
gboolean lab_stall_chart_get_baseline_band (LabStallChart   *self,
                                            graphene_rect_t *band);

G_END_DECLS
