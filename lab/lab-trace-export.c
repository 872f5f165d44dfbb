/* lab-trace-export.c — a run's trace as Chrome Trace Event JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format chrome://tracing and ui.perfetto.dev open: an object with a
 * "traceEvents" array. Every span of the trace model becomes one complete
 * event ("ph": "X") with its start ("ts") and duration ("dur") in
 * microseconds from the run's origin; the thread that ran it is the "tid"
 * (the pool's thread serial, so two threads never share a row). Metadata
 * events ("ph": "M") name the rows with the model's lane titles (the names
 * every view and report uses) and sort them in the model's row order.
 * Awaited I/O, which holds no thread, gets a row of its own. A task's wait
 * in its scheduler's queue is an argument of its event ("queue_wait_us").
 * The model's links (a result handed to the UI thread, a task continued by
 * another) become flow events: an arrow from the end of one slice to the
 * start of the other ("ph": "s" then "f" with "bp": "e", one id per link).
 *
 * The file is written to a temporary file and renamed over @path, so a
 * failed export never leaves half a file behind.
 */
#define G_LOG_DOMAIN "Lab"

#include <json-glib/json-glib.h>

#include "lab-trace-export.h"

#define PROCESS_ID 1

static int
lane_tid (const LabTraceLane *lane)
{
  return lane->kind == LAB_LANE_IO ? LAB_TRACE_EXPORT_IO_TID : (int) lane->thread_serial;
}

static char *
event_name (const PoolTraceEvent *event)
{
  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
      return g_strdup_printf ("Task %u%s", event->task_id, event->inlined ? " (inline)" : "");
    case POOL_TRACE_KIND_WORK_ITEM:
      return g_strdup (event->role == POOL_THREAD_ROLE_UI ? "Posted callback" : "Work item");
    case POOL_TRACE_KIND_IO:
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
    case POOL_TRACE_KIND_IO: return "io";
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
add_span (JsonBuilder          *builder,
          const PoolTraceEvent *event,
          gint64                origin_us,
          int                   tid)
{
  g_autofree char *name = event_name (event);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "cat");
  json_builder_add_string_value (builder, event_category (event));
  json_builder_set_member_name (builder, "ph");
  json_builder_add_string_value (builder, "X");
  json_builder_set_member_name (builder, "ts");
  json_builder_add_int_value (builder, event->start_us - origin_us);
  json_builder_set_member_name (builder, "dur");
  json_builder_add_int_value (builder, MAX (event->end_us - event->start_us, 0));
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, PROCESS_ID);
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, tid);
  if (event->kind != POOL_TRACE_KIND_IO)
    {
      json_builder_set_member_name (builder, "args");
      json_builder_begin_object (builder);
      if (event->task_id != 0)
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
    }
  json_builder_end_object (builder);
}

static void
add_flow_end (JsonBuilder          *builder,
              const char           *phase,
              guint                 id,
              const char           *name,
              gint64                ts,
              int                   tid)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "cat");
  json_builder_add_string_value (builder, "flow");
  json_builder_set_member_name (builder, "ph");
  json_builder_add_string_value (builder, phase);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "ts");
  json_builder_add_int_value (builder, ts);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, PROCESS_ID);
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, tid);
  if (phase[0] == 'f')
    {
      /* bind to the slice that starts here, not the one that encloses it */
      json_builder_set_member_name (builder, "bp");
      json_builder_add_string_value (builder, "e");
    }
  json_builder_end_object (builder);
}

/* One link: from inside the end of its source slice to the start of its target. */
static void
add_flow (JsonBuilder       *builder,
          LabTraceModel     *model,
          const LabTraceLink *link,
          guint              id,
          gint64             origin_us)
{
  const LabTraceItem *from = lab_trace_model_get_item (model, link->from_item);
  const LabTraceItem *to = lab_trace_model_get_item (model, link->to_item);
  const char *name = link->kind == LAB_TRACE_LINK_HAND_OFF ? "hand-off" : "continuation";
  gint64 from_ts = MAX (from->event.end_us - 1, from->event.start_us) - origin_us;

  add_flow_end (builder, "s", id, name, from_ts,
                lane_tid (lab_trace_model_get_lane (model, from->lane)));
  add_flow_end (builder, "f", id, name, MAX (to->event.start_us - origin_us, from_ts),
                lane_tid (lab_trace_model_get_lane (model, to->lane)));
}

/**
 * lab_trace_export_to_chrome_json:
 *
 * Returns: (transfer full): the Chrome Trace Event JSON document of @model
 */
char *
lab_trace_export_to_chrome_json (LabTraceModel *model)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 origin_us;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), NULL);

  origin_us = lab_trace_model_get_origin (model);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "displayTimeUnit");
  json_builder_add_string_value (builder, "ms");
  json_builder_set_member_name (builder, "traceEvents");
  json_builder_begin_array (builder);

  add_metadata (builder, "process_name", 0, "name", json_node_init_string (json_node_alloc (), "TaskLab"));
  for (guint i = 0; i < lab_trace_model_get_n_lanes (model); i++)
    {
      const LabTraceLane *lane = lab_trace_model_get_lane (model, i);

      add_metadata (builder, "thread_name", lane_tid (lane), "name",
                    json_node_init_string (json_node_alloc (), lane->title));
      add_metadata (builder, "thread_sort_index", lane_tid (lane), "sort_index",
                    json_node_init_int (json_node_alloc (), lane->row));
    }

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, i);

      add_span (builder, &item->event, origin_us, lane_tid (lab_trace_model_get_lane (model, item->lane)));
    }
  for (guint i = 0; i < lab_trace_model_get_n_links (model); i++)
    add_flow (builder, model, lab_trace_model_get_link (model, i), i + 1, origin_us);

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * lab_trace_export_chrome_json:
 * @path: where to write; replaced atomically
 *
 * Saves the trace so that ui.perfetto.dev or chrome://tracing opens it.
 */
gboolean
lab_trace_export_chrome_json (LabTraceModel  *model,
                              const char     *path,
                              GError        **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = lab_trace_export_to_chrome_json (model);
  /* g_file_set_contents writes a temporary file and renames it over @path */
  return g_file_set_contents (path, json, -1, error);
}
