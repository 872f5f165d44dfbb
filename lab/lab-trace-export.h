/* lab-trace-export.h — a run's trace as Chrome Trace Event JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <pool.h>

G_BEGIN_DECLS

/**
 * LabTraceSpan:
 * @label: what was in flight (a download, a save)
 * @start_us: start, g_get_monotonic_time()
 * @end_us: end, g_get_monotonic_time()
 *
 * Work in flight that holds no thread: awaited I/O.
 */
typedef struct
{
  const char *label;
  gint64      start_us;
  gint64      end_us;
} LabTraceSpan;

#define LAB_TRACE_EXPORT_IO_TID 9999

gboolean  lab_trace_export_chrome_json       (const PoolTraceEvent  *events,
                                              guint                  n_events,
                                              gint64                 origin_us,
                                              const char            *path,
                                              GError               **error);
gboolean  lab_trace_export_chrome_json_full  (const PoolTraceEvent  *events,
                                              guint                  n_events,
                                              const LabTraceSpan    *io_spans,
                                              guint                  n_io_spans,
                                              gint64                 origin_us,
                                              const char            *path,
                                              GError               **error);
char     *lab_trace_export_to_chrome_json    (const PoolTraceEvent  *events,
                                              guint                  n_events,
                                              const LabTraceSpan    *io_spans,
                                              guint                  n_io_spans,
                                              gint64                 origin_us);

G_END_DECLS
