/* lab-event-words.h — one trace event in a speaker's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-trace-model.h"

G_BEGIN_DECLS

char *lab_event_words_describe (LabTraceModel        *model,
                                const PoolTraceEvent *event,
                                gboolean              is_end);

G_END_DECLS
