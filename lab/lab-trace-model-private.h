/* lab-trace-model-private.h — the trace model's parts, shared by its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lab-trace-model.c keeps the lanes, items and links; lab-trace-hand-offs.c
 * draws the exact hand-off links from the queue and link instants.
 */
#pragma once

#include "lab-trace-model.h"

G_BEGIN_DECLS

typedef struct _LabTraceHandOffs LabTraceHandOffs;

/* lab-trace-model.c */
guint             _lab_trace_model_get_ui_lane     (LabTraceModel        *self);
guint             _lab_trace_model_get_task_item   (LabTraceModel        *self,
                                                    guint                 task_id);
GArray           *_lab_trace_model_get_lane_items  (LabTraceModel        *self,
                                                    guint                 lane);
void              _lab_trace_model_add_hand_off    (LabTraceModel        *self,
                                                    guint                 from_item,
                                                    guint                 to_item);

/* lab-trace-model-queries.c */
GPtrArray        *_lab_sorted_uint_keys            (GHashTable           *table);

/* lab-trace-hand-offs.c */
LabTraceHandOffs *_lab_trace_hand_offs_new         (void);
void              _lab_trace_hand_offs_free        (LabTraceHandOffs     *hand_offs);
void              _lab_trace_hand_offs_note_instant (LabTraceHandOffs    *hand_offs,
                                                    const PoolTraceEvent *event);
void              _lab_trace_hand_offs_note_target (LabTraceHandOffs     *hand_offs,
                                                    LabTraceModel        *model,
                                                    guint                 index);
gboolean          _lab_trace_hand_offs_resolve     (LabTraceHandOffs     *hand_offs,
                                                    LabTraceModel        *model);

G_END_DECLS
