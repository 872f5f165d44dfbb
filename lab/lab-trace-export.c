/* lab-trace-export.c — a run's trace as Chrome Trace Event JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format chrome://tracing and ui.perfetto.dev open: an object with a
 * "traceEvents" array. Every pool trace event becomes one complete event
 * ("ph": "X") with its start ("ts") and duration ("dur") in microseconds
 * from the run's origin; the thread that ran it is the "tid" (the pool's
 * thread serial, so two threads never share a row). Metadata events
 * ("ph": "M") name the rows the way the window's timeline does: "UI thread",
 * "Worker N" (worker index + 1), "Dedicated N" (in order of first
 * appearance), "Thread N" for others, and sort them in that order. Awaited
 * I/O, which holds no thread, gets a row of its own. A task's wait in its
 * scheduler's queue is an argument of its event ("queue_wait_us").
 *
 * The file is written to a temporary file and renamed over @path, so a
 * failed export never leaves half a file behind.
 */
#define G_LOG_DOMAIN "Lab"

#include <json-glib/json-glib.h>

#include "lab-trace-export.h"

#define PROCESS_ID 1

typedef struct
{
  guint  serial;
  char  *name;
  int    sort_index;
} ThreadRow;

static void
thread_row_clear (gpointer data)
{
  g_free (((ThreadRow *) data)->name);
}

static ThreadRow *
find_row (GArray *rows,
          guint   serial)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, ThreadRow, i).serial == serial)
      return &g_array_index (rows, ThreadRow, i);
  return NULL;
}

/* One row per thread serial, named and sorted like the timeline's lanes. */
static GArray *
collect_rows (const PoolTraceEvent *events,
              guint                 n_events)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (ThreadRow));

  g_array_set_clear_func (rows, thread_row_clear);
  for (guint i = 0; i < n_events; i++)
    {
      const PoolTraceEvent *event = &events[i];
      ThreadRow row = { event->thread_serial, NULL, 0 };

      if (find_row (rows, event->thread_serial) != NULL)
        continue;
      switch (event->role)
        {
        case POOL_THREAD_ROLE_UI:
          row.name = g_strdup ("UI thread");
          row.sort_index = 0;
          break;
        case POOL_THREAD_ROLE_WORKER:
          row.name = g_strdup_printf ("Worker %d", event->worker_index + 1);
          row.sort_index = 100 + event->worker_index;
          break;
        case POOL_THREAD_ROLE_DEDICATED:
          /* numbered below, in order of thread serial */
          row.sort_index = 10000;
          break;
        case POOL_THREAD_ROLE_OTHER:
        default:
          row.name = g_strdup_printf ("Thread %u", event->thread_serial);
          row.sort_index = 20000 + (int) event->thread_serial;
          break;
        }
      g_array_append_val (rows, row);
    }

  /* Dedicated threads: 1, 2, ... in the order they first recorded anything. */
  for (guint i = 0; i < rows->len; i++)
    {
      ThreadRow *row = &g_array_index (rows, ThreadRow, i);
      guint rank = 1;

      if (row->name != NULL)
        continue;
      for (guint j = 0; j < rows->len; j++)
        {
          const ThreadRow *other = &g_array_index (rows, ThreadRow, j);

          if (other->sort_index == 10000 && other->serial < row->serial)
            rank++;
        }
      row->name = g_strdup_printf ("Dedicated %u", rank);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      ThreadRow *row = &g_array_index (rows, ThreadRow, i);

      if (row->sort_index == 10000)
        row->sort_index = 10000 + (int) row->serial;
    }
  return rows;
}

static char *
event_name (const PoolTraceEvent *event)
{
  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
      return g_strdup_printf ("Task %u%s", event->task_id, event->inlined ? " (inline)" : "");
    case POOL_TRACE_KIND_WORK_ITEM:
      return g_strdup ("Work item");
    case POOL_TRACE_KIND_REGION:
    default:
      return g_strdup (event->label != NULL ? event->label : "region");
    }
}

static const char *
event_category (const PoolTraceEvent *event)
{
  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK: return "task";
    case POOL_TRACE_KIND_WORK_ITEM: return "work-item";
    case POOL_TRACE_KIND_REGION:
    default: return "region";
    }
}

static void
add_metadata (JsonBuilder *builder,
              const char  *name,
              int          tid,
              const char  *arg_name,
              JsonNode    *arg_value)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "ph");
  json_builder_add_string_value (builder, "M");
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, PROCESS_ID);
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, tid);
  json_builder_set_member_name (builder, "args");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, arg_name);
  json_builder_add_value (builder, arg_value);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
begin_complete_event (JsonBuilder *builder,
                      const char  *name,
                      const char  *category,
                      gint64       ts_us,
                      gint64       dur_us,
                      int          tid)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "cat");
  json_builder_add_string_value (builder, category);
  json_builder_set_member_name (builder, "ph");
  json_builder_add_string_value (builder, "X");
  json_builder_set_member_name (builder, "ts");
  json_builder_add_int_value (builder, ts_us);
  json_builder_set_member_name (builder, "dur");
  json_builder_add_int_value (builder, MAX (dur_us, 0));
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, PROCESS_ID);
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, tid);
}

/**
 * lab_trace_export_to_chrome_json:
 * @events: (array length=n_events): trace events, as pool_trace_copy_since() gives them
 * @io_spans: (array length=n_io_spans) (nullable): awaited I/O in flight
 * @origin_us: the time that becomes ts 0 (the run's start)
 *
 * Returns: (transfer full): the Chrome Trace Event JSON document
 */
char *
lab_trace_export_to_chrome_json (const PoolTraceEvent *events,
                                 guint                 n_events,
                                 const LabTraceSpan   *io_spans,
                                 guint                 n_io_spans,
                                 gint64                origin_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) rows = collect_rows (events, n_events);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "displayTimeUnit");
  json_builder_add_string_value (builder, "ms");
  json_builder_set_member_name (builder, "traceEvents");
  json_builder_begin_array (builder);

  add_metadata (builder, "process_name", 0, "name", json_node_init_string (json_node_alloc (), "TaskLab"));
  for (guint i = 0; i < rows->len; i++)
    {
      const ThreadRow *row = &g_array_index (rows, ThreadRow, i);

      add_metadata (builder, "thread_name", (int) row->serial, "name",
                    json_node_init_string (json_node_alloc (), row->name));
      add_metadata (builder, "thread_sort_index", (int) row->serial, "sort_index",
                    json_node_init_int (json_node_alloc (), row->sort_index));
    }
  if (n_io_spans > 0)
    {
      add_metadata (builder, "thread_name", LAB_TRACE_EXPORT_IO_TID, "name",
                    json_node_init_string (json_node_alloc (), "I/O (no thread)"));
      add_metadata (builder, "thread_sort_index", LAB_TRACE_EXPORT_IO_TID, "sort_index",
                    json_node_init_int (json_node_alloc (), 30000));
    }

  for (guint i = 0; i < n_events; i++)
    {
      const PoolTraceEvent *event = &events[i];
      g_autofree char *name = event_name (event);

      begin_complete_event (builder, name, event_category (event),
                            event->start_us - origin_us, event->end_us - event->start_us,
                            (int) event->thread_serial);
      json_builder_set_member_name (builder, "args");
      json_builder_begin_object (builder);
      if (event->kind == POOL_TRACE_KIND_TASK || event->task_id != 0)
        {
          json_builder_set_member_name (builder, "task_id");
          json_builder_add_int_value (builder, event->task_id);
        }
      if (event->queued_us > 0)
        {
          json_builder_set_member_name (builder, "queue_wait_us");
          json_builder_add_int_value (builder, event->start_us - event->queued_us);
        }
      json_builder_set_member_name (builder, "inlined");
      json_builder_add_boolean_value (builder, event->inlined);
      json_builder_set_member_name (builder, "thread_role");
      json_builder_add_string_value (builder, pool_thread_role_to_string (event->role));
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, (gint64) event->position);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  for (guint i = 0; i < n_io_spans; i++)
    {
      const LabTraceSpan *span = &io_spans[i];

      begin_complete_event (builder, span->label != NULL ? span->label : "I/O", "io",
                            span->start_us - origin_us, span->end_us - span->start_us,
                            LAB_TRACE_EXPORT_IO_TID);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * lab_trace_export_chrome_json_full:
 * @path: where to write; replaced atomically
 *
 * Writes lab_trace_export_to_chrome_json() to @path.
 */
gboolean
lab_trace_export_chrome_json_full (const PoolTraceEvent  *events,
                                   guint                  n_events,
                                   const LabTraceSpan    *io_spans,
                                   guint                  n_io_spans,
                                   gint64                 origin_us,
                                   const char            *path,
                                   GError               **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (events != NULL || n_events == 0, FALSE);
  g_return_val_if_fail (io_spans != NULL || n_io_spans == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = lab_trace_export_to_chrome_json (events, n_events, io_spans, n_io_spans, origin_us);
  /* g_file_set_contents writes a temporary file and renames it over @path */
  return g_file_set_contents (path, json, -1, error);
}

/**
 * lab_trace_export_chrome_json:
 * @events: (array length=n_events): trace events of a run
 * @origin_us: the time that becomes ts 0
 * @path: where to write; replaced atomically
 *
 * Saves the trace so that ui.perfetto.dev or chrome://tracing opens it.
 */
gboolean
lab_trace_export_chrome_json (const PoolTraceEvent  *events,
                              guint                  n_events,
                              gint64                 origin_us,
                              const char            *path,
                              GError               **error)
{
  return lab_trace_export_chrome_json_full (events, n_events, NULL, 0, origin_us, path, error);
}
