/* lab-run-log.c — see lab-run-log.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "UI on thread 1: Run clicked", then one line per piece of work in the
 * order the trace recorded it ("Task 2 ran on Worker 1 (thread 3) after
 * 0.1 ms in a queue"), then "Result shown on thread 1 (the UI thread)".
 * Threads are named as the trace model names them, with the serial a C#
 * speaker would print as Environment.CurrentManagedThreadId. Long traces
 * are cut short after MAX_LINES lines of work.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-run-log.h"

#define MAX_LINES 14

/* "Worker 1 (thread 3)", "the UI thread (thread 1)", _("no thread (I/O)"). */
char *
lab_run_log_describe_thread (LabTraceModel *model,
                             guint          lane_index)
{
  const LabTraceLane *lane = lab_trace_model_get_lane (model, lane_index);

  switch (lane->kind)
    {
    case LAB_LANE_IO:
      return g_strdup (_("no thread (I/O)"));
    case LAB_LANE_UI:
      return g_strdup_printf (_("the %s (thread %u)"), lane->title, lane->thread_serial);
    case LAB_LANE_WORKER:
    case LAB_LANE_DEDICATED:
    case LAB_LANE_OTHER:
    default:
      return g_strdup_printf (_("%s (thread %u)"), lane->title, lane->thread_serial);
    }
}

static char *
describe_item (LabTraceModel      *model,
               const LabTraceItem *item)
{
  const PoolTraceEvent *event = &item->event;
  g_autofree char *thread = lab_run_log_describe_thread (model, item->lane);
  double ms = (event->end_us - event->start_us) / 1000.0;

  switch (event->kind)
    {
    case POOL_TRACE_KIND_IO:
      return g_strdup_printf (_("%s in flight for %.0f ms with no thread waiting (I/O)"),
                              event->label, ms);
    case POOL_TRACE_KIND_REGION:
      return g_strdup_printf (_("%s on %s for %.0f ms"), event->label, thread, ms);
    case POOL_TRACE_KIND_TASK:
      if (event->inlined)
        return g_strdup_printf (_("Task %u ran inline on %s"), event->task_id, thread);
      return g_strdup_printf (_("Task %u ran on %s after %.1f ms in a queue"), event->task_id, thread,
                              event->queued_us > 0 ? (event->start_us - event->queued_us) / 1000.0
                                                   : 0.0);
    case POOL_TRACE_KIND_WORK_ITEM:
    default:
      if (event->role == POOL_THREAD_ROLE_UI)
        return g_strdup_printf (_("Posted callback ran on %s"), thread);
      return g_strdup_printf (_("Work item ran on %s"), thread);
    }
}

/**
 * lab_run_log_build:
 * @ui_thread_serial: the UI thread's serial (the click and the result)
 *
 * Returns: (transfer full): the log's lines
 */
GStrv
lab_run_log_build (LabTraceModel *model,
                   guint          ui_thread_serial)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  guint n_items = lab_trace_model_get_n_items (model);
  guint written = 0, skipped = lab_trace_model_get_n_dropped (model);
  g_autofree char *first = g_strdup_printf (_("UI on thread %u: Run clicked"), ui_thread_serial);
  g_autofree char *last = g_strdup_printf (_("Result shown on thread %u (the UI thread)"),
                                           ui_thread_serial);

  g_strv_builder_add (lines, first);
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *line = NULL;

      if (written >= MAX_LINES)
        {
          skipped++;
          continue;
        }
      line = describe_item (model, lab_trace_model_get_item (model, i));
      g_strv_builder_add (lines, line);
      written++;
    }
  if (skipped > 0)
    {
      g_autofree char *line = g_strdup_printf (_("… and %u more (export the trace to see them all)"),
                                               skipped);

      g_strv_builder_add (lines, line);
    }
  g_strv_builder_add (lines, last);
  return g_strv_builder_end (lines);
}
