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
 * Each task's TPL states (lab_task_states_compute()) are slices on a row of
 * the task's own, "Task N", in a second process, "Tasks": "Created",
 * "WaitingToRun (UI thread's queue)", "Running", "WaitingForChildrenToComplete"
 * …, then an instant ("ph": "i", "s": "t") for its final state
 * (RanToCompletion, Canceled, Faulted). A state still open when the trace
 * ends lasts to the end. Why thread rows and not async events ("b"/"e" with
 * one id per task): Perfetto's JSON importer keys an async track by the
 * event's name as well as its id, so a task's states, each named after the
 * state, would land on as many tracks as it has states, none named after the
 * task; a thread row is one track, named by its "thread_name" metadata,
 * sorted by "thread_sort_index", and shows thread-scoped instants in place
 * (chrome://tracing does the same). The rows' "tid"s start at
 * LAB_TRACE_EXPORT_TASK_TID_BASE so they never meet a real thread's
 * (Perfetto's importer finds threads by tid).
 * Each blocked wait (lab_waits_compute()) is a slice "blocked in
 * Wait()/.Result for task N" on the waiting thread's row.
 *
 * Size: a million-item run has far too many tasks for rows of their own, so
 * only the first LAB_TRACE_EXPORT_MAX_STATE_TASKS tasks (by id) get one, and
 * only the first LAB_TRACE_EXPORT_MAX_WAITS waits are written; the file's
 * "otherData" says how many there were and how many were written, and the
 * "Tasks" process's name says so too.
 *
 * The file is written to a temporary file and renamed over @path, so a
 * failed export never leaves half a file behind.
 */
#define G_LOG_DOMAIN "Lab"

#include <json-glib/json-glib.h>

#include "lab-task-states.h"
#include "lab-trace-export.h"
#include "lab-waits.h"

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

/* A metadata event of process @pid's thread @tid (of the process: tid 0; every event
 * has a "tid", as readers of the file expect) */
static void
add_metadata_of (JsonBuilder *builder,
                 int          pid,
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
  json_builder_add_int_value (builder, pid);
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
add_metadata (JsonBuilder *builder,
              const char  *name,
              int          tid,
              const char  *arg_name,
              JsonNode    *arg_value)
{
  add_metadata_of (builder, PROCESS_ID, name, tid, arg_name, arg_value);
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

/* What lab_trace_export_to_chrome_json() wrote of the states and waits. */
typedef struct
{
  guint n_tasks;
  guint n_tasks_written;
  guint n_waits;
  guint n_waits_written;
  guint n_waits_without_thread;
} ExportCounts;

/* The moment the trace ends: its last span's end or last instant. */
static gint64
trace_end (LabTraceModel *model)
{
  gint64 end_us = lab_trace_model_get_end (model);

  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    end_us = MAX (end_us, lab_trace_model_get_instant (model, i)->start_us);
  return end_us;
}

/* Starts an event object; the caller adds what else it needs and ends it. */
static void
begin_event (JsonBuilder *builder,
             const char  *name,
             const char  *cat,
             const char  *phase,
             gint64       ts,
             int          pid,
             int          tid)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "cat");
  json_builder_add_string_value (builder, cat);
  json_builder_set_member_name (builder, "ph");
  json_builder_add_string_value (builder, phase);
  json_builder_set_member_name (builder, "ts");
  json_builder_add_int_value (builder, ts);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, pid);
  json_builder_set_member_name (builder, "tid");
  json_builder_add_int_value (builder, tid);
}

static void
add_task_metadata (JsonBuilder *builder,
                   guint        task_id)
{
  g_autofree char *title = g_strdup_printf ("Task %u", task_id);
  int tid = LAB_TRACE_EXPORT_TASK_TID_BASE + (int) task_id;

  add_metadata_of (builder, LAB_TRACE_EXPORT_TASKS_PID, "thread_name", tid, "name",
                   json_node_init_string (json_node_alloc (), title));
  add_metadata_of (builder, LAB_TRACE_EXPORT_TASKS_PID, "thread_sort_index", tid, "sort_index",
                   json_node_init_int (json_node_alloc (), task_id));
}

/* The slice's name: the TPL's TaskStatus name, with the queue it waits in. */
static char *
state_name (const LabTaskStateSpan *span)
{
  if (span->state != LAB_TASK_STATE_QUEUED)
    return g_strdup (lab_task_state_to_string (span->state));
  switch (span->queue)
    {
    case POOL_TRACE_QUEUE_MAIN_CONTEXT: return g_strdup ("WaitingToRun (UI thread's queue)");
    case POOL_TRACE_QUEUE_GLOBAL: return g_strdup ("WaitingToRun (Global queue)");
    case POOL_TRACE_QUEUE_LOCAL:
      return g_strdup_printf ("WaitingToRun (Worker %d's local queue)", span->queue_index + 1);
    case POOL_TRACE_QUEUE_DEDICATED: return g_strdup ("WaitingToRun (its own thread)");
    case POOL_TRACE_QUEUE_NONE:
    default: return g_strdup ("WaitingToRun");
    }
}

static void
add_state (JsonBuilder            *builder,
           LabTraceModel          *model,
           const LabTaskStateSpan *span,
           gint64                  origin_us,
           gint64                  end_us)
{
  g_autofree char *name = state_name (span);
  gboolean final = lab_task_state_is_final (span->state);
  gboolean open = span->to_us == G_MAXINT64;

  begin_event (builder, name, "task-state", final ? "i" : "X", span->from_us - origin_us,
               LAB_TRACE_EXPORT_TASKS_PID, LAB_TRACE_EXPORT_TASK_TID_BASE + (int) span->task_id);
  if (final)
    {
      json_builder_set_member_name (builder, "s");
      json_builder_add_string_value (builder, "t");
    }
  else
    {
      json_builder_set_member_name (builder, "dur");
      json_builder_add_int_value (builder, MAX ((open ? end_us : span->to_us) - span->from_us, 0));
    }
  json_builder_set_member_name (builder, "args");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_int_value (builder, span->task_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, span->state == LAB_TASK_STATE_QUEUED
                                            ? "WaitingToRun"
                                            : lab_task_state_to_string (span->state));
  if (span->state == LAB_TASK_STATE_RUNNING && span->lane != G_MAXUINT)
    {
      json_builder_set_member_name (builder, "thread");
      json_builder_add_string_value (builder, lab_trace_model_get_lane (model, span->lane)->title);
    }
  if (open && !final)
    {
      json_builder_set_member_name (builder, "until_end_of_trace");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* A row per task (the first LAB_TRACE_EXPORT_MAX_STATE_TASKS), its states in order. */
static void
add_task_states (JsonBuilder   *builder,
                 LabTraceModel *model,
                 gint64         origin_us,
                 gint64         end_us,
                 ExportCounts  *counts)
{
  g_autoptr(GArray) states = lab_task_states_compute (model);
  g_autofree char *title = NULL;
  guint task_id = 0;

  for (guint i = 0; i < states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states, LabTaskStateSpan, i);

      if (i == 0 || span->task_id != task_id)
        {
          task_id = span->task_id;
          if (++counts->n_tasks <= LAB_TRACE_EXPORT_MAX_STATE_TASKS)
            add_task_metadata (builder, task_id);
        }
      if (counts->n_tasks <= LAB_TRACE_EXPORT_MAX_STATE_TASKS)
        add_state (builder, model, span, origin_us, end_us);
    }
  counts->n_tasks_written = MIN (counts->n_tasks, LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  if (counts->n_tasks == 0)
    return;
  if (counts->n_tasks_written < counts->n_tasks)
    title = g_strdup_printf ("Tasks (the first %u of %u)", counts->n_tasks_written,
                             counts->n_tasks);
  else
    title = g_strdup ("Tasks");
  add_metadata_of (builder, LAB_TRACE_EXPORT_TASKS_PID, "process_name", 0, "name",
                   json_node_init_string (json_node_alloc (), title));
  /* below the threads */
  add_metadata_of (builder, LAB_TRACE_EXPORT_TASKS_PID, "process_sort_index", 0, "sort_index",
                   json_node_init_int (json_node_alloc (), LAB_TRACE_EXPORT_TASKS_PID));
}

/* Each blocked wait, on the blocked thread's row. */
static void
add_waits (JsonBuilder   *builder,
           LabTraceModel *model,
           gint64         origin_us,
           gint64         end_us,
           ExportCounts  *counts)
{
  g_autoptr(GArray) waits = lab_waits_compute (model);

  counts->n_waits = waits->len;
  for (guint i = 0; i < waits->len; i++)
    {
      const LabTraceWait *wait = &g_array_index (waits, LabTraceWait, i);
      g_autofree char *name = NULL;
      gboolean open = wait->to_us == G_MAXINT64;

      if (wait->lane == G_MAXUINT)
        {
          counts->n_waits_without_thread++;
          continue;
        }
      if (counts->n_waits_written >= LAB_TRACE_EXPORT_MAX_WAITS)
        continue;
      counts->n_waits_written++;
      name = g_strdup_printf ("blocked in Wait()/.Result for task %u", wait->waited_task_id);
      begin_event (builder, name, "wait", "X", wait->from_us - origin_us, PROCESS_ID,
                   lane_tid (lab_trace_model_get_lane (model, wait->lane)));
      json_builder_set_member_name (builder, "dur");
      json_builder_add_int_value (builder, MAX ((open ? end_us : wait->to_us) - wait->from_us, 0));
      json_builder_set_member_name (builder, "args");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "waited_task_id");
      json_builder_add_int_value (builder, wait->waited_task_id);
      if (wait->waiting_task_id != 0)
        {
          json_builder_set_member_name (builder, "waiting_task_id");
          json_builder_add_int_value (builder, wait->waiting_task_id);
        }
      if (open)
        {
          json_builder_set_member_name (builder, "until_end_of_trace");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* The trace format's free-form metadata: what the caps left out. */
static void
add_other_data (JsonBuilder        *builder,
                const ExportCounts *counts)
{
  json_builder_set_member_name (builder, "otherData");
  json_builder_begin_object (builder);
  add_count (builder, "task_state_tasks", counts->n_tasks);
  add_count (builder, "task_state_tasks_written", counts->n_tasks_written);
  add_count (builder, "task_state_tasks_cap", LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  json_builder_set_member_name (builder, "task_states_capped");
  json_builder_add_boolean_value (builder, counts->n_tasks_written < counts->n_tasks);
  add_count (builder, "waits", counts->n_waits);
  add_count (builder, "waits_written", counts->n_waits_written);
  add_count (builder, "waits_cap", LAB_TRACE_EXPORT_MAX_WAITS);
  add_count (builder, "waits_without_thread", counts->n_waits_without_thread);
  json_builder_end_object (builder);
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
  ExportCounts counts = { 0 };
  gint64 origin_us, end_us;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (model), NULL);

  origin_us = lab_trace_model_get_origin (model);
  end_us = trace_end (model);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "displayTimeUnit");
  json_builder_add_string_value (builder, "ms");
  json_builder_set_member_name (builder, "traceEvents");
  json_builder_begin_array (builder);

  add_metadata (builder, "process_name", 0, "name",
                json_node_init_string (json_node_alloc (), "TaskLab"));
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

      add_span (builder, &item->event, origin_us,
                lane_tid (lab_trace_model_get_lane (model, item->lane)));
    }
  for (guint i = 0; i < lab_trace_model_get_n_links (model); i++)
    add_flow (builder, model, lab_trace_model_get_link (model, i), i + 1, origin_us);
  add_task_states (builder, model, origin_us, end_us, &counts);
  add_waits (builder, model, origin_us, end_us, &counts);

  json_builder_end_array (builder);
  add_other_data (builder, &counts);
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
