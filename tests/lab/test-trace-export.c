/* test-trace-export.c — the Chrome Trace Event JSON of a trace model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lab-test-instants.h"
#include "lab-trace-export.h"

/* One "X" event per span with its ts/dur, on a row named as the model names its lane. */
static void
test_chrome_json (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tasklab-lab-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "trace.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  PoolTraceEvent io = IO_EVENT (9, "download", 10, 300);
  JsonArray *trace_events;
  guint n_complete = 0, n_io = 0;

  g_array_append_val (events, io);
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  g_assert_true (lab_trace_export_chrome_json (model, path, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  trace_events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                               "traceEvents");
  g_assert_nonnull (trace_events);

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);

      if (g_strcmp0 (json_object_get_string_member (object, "ph"), "M") == 0 &&
          g_strcmp0 (json_object_get_string_member (object, "name"), "thread_name") == 0)
        g_hash_table_insert (names, GINT_TO_POINTER (json_object_get_int_member (object, "tid")),
                             g_strdup (json_object_get_string_member (
                               json_object_get_object_member (object, "args"), "name")));
    }

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);
      const PoolTraceEvent *event;
      JsonObject *args;

      if (g_strcmp0 (json_object_get_string_member (object, "ph"), "X") != 0)
        continue;
      n_complete++;
      if (g_strcmp0 (json_object_get_string_member (object, "cat"), "io") == 0)
        {
          n_io++;
          g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, LAB_TRACE_EXPORT_IO_TID);
          g_assert_cmpint (json_object_get_int_member (object, "dur"), ==, MS (290));
          continue;
        }
      args = json_object_get_object_member (object, "args");
      event = &g_array_index (events, PoolTraceEvent, json_object_get_int_member (args, "position"));
      g_assert_cmpint (json_object_get_int_member (object, "ts"), ==, event->start_us - ORIGIN_US);
      g_assert_cmpint (json_object_get_int_member (object, "dur"), ==, event->end_us - event->start_us);
      g_assert_cmpint (json_object_get_int_member (object, "pid"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, event->thread_serial);
      g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (event->thread_serial)), ==,
                       lab_trace_model_get_thread_name (model, event->thread_serial));
    }
  g_assert_cmpuint (n_complete, ==, events->len);
  g_assert_cmpuint (n_io, ==, 1);

  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (1)), ==, "UI thread");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (10)), ==, "Worker 1");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (14)), ==, "Worker 5");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (30)), ==, "Dedicated 1");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (LAB_TRACE_EXPORT_IO_TID)), ==,
                   "I/O (no thread)");

  /* each link is a flow: "s" on its source's row, "f" bound to its target's start */
  g_assert_cmpuint (lab_trace_model_get_n_links (model), >=, 1);
  for (guint l = 0; l < lab_trace_model_get_n_links (model); l++)
    {
      const LabTraceLink *link = lab_trace_model_get_link (model, l);
      const LabTraceItem *to = lab_trace_model_get_item (model, link->to_item);
      const LabTraceItem *from = lab_trace_model_get_item (model, link->from_item);
      guint found = 0;

      for (guint i = 0; i < json_array_get_length (trace_events); i++)
        {
          JsonObject *object = json_array_get_object_element (trace_events, i);
          const char *ph = json_object_get_string_member (object, "ph");

          if (!json_object_has_member (object, "id") ||
              json_object_get_int_member (object, "id") != l + 1)
            continue;
          if (g_str_equal (ph, "s"))
            {
              g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, from->event.thread_serial);
              g_assert_cmpint (json_object_get_int_member (object, "ts"), <, from->event.end_us - ORIGIN_US);
              found |= 1;
            }
          else if (g_str_equal (ph, "f"))
            {
              g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, to->event.thread_serial);
              g_assert_cmpint (json_object_get_int_member (object, "ts"), ==, to->event.start_us - ORIGIN_US);
              g_assert_cmpstr (json_object_get_string_member (object, "bp"), ==, "e");
              found |= 2;
            }
        }
      g_assert_cmpuint (found, ==, 3);
    }

  /* an unwritable place: an error, no file */
  g_assert_false (lab_trace_export_chrome_json (model, bad_path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

static LabTraceModel *
model_of (GArray *events)
{
  LabTraceModel *model = lab_trace_model_new (ORIGIN_US, 1);

  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  return model;
}

/* The export of @model, parsed (it must parse) */
static JsonParser *
export_parsed (LabTraceModel *model)
{
  g_autofree char *json = lab_trace_export_to_chrome_json (model);
  JsonParser *parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return parser;
}

static JsonArray *
trace_events_of (JsonParser *parser)
{
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "traceEvents");
}

static JsonObject *
other_data_of (JsonParser *parser)
{
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "otherData");
}

/* The events of @cat on row (@pid, @tid), in file order (transfer container) */
static GPtrArray *
row_events (JsonArray  *trace_events,
            int         pid,
            int         tid,
            const char *cat)
{
  GPtrArray *row = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);

      if (json_object_get_int_member (object, "pid") == pid &&
          json_object_get_int_member (object, "tid") == tid &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "cat", ""), cat) == 0)
        g_ptr_array_add (row, object);
    }
  return row;
}

/* The "args"."name" of the metadata event @name of (@pid, @tid); tid 0: the process's */
static const char *
metadata_name (JsonArray  *trace_events,
               int         pid,
               int         tid,
               const char *name)
{
  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);

      if (g_strcmp0 (json_object_get_string_member (object, "ph"), "M") == 0 &&
          g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0 &&
          json_object_get_int_member (object, "pid") == pid &&
          json_object_get_int_member (object, "tid") == tid)
        return json_object_get_string_member (json_object_get_object_member (object, "args"),
                                              "name");
    }
  return NULL;
}

static void
assert_state (GPtrArray  *row,
              guint       index,
              const char *name,
              double      from_ms,
              double      to_ms)
{
  JsonObject *object;

  g_assert_cmpuint (index, <, row->len);
  object = g_ptr_array_index (row, index);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, name);
  g_assert_cmpint (json_object_get_int_member (object, "ts"), ==, MS (from_ms));
  if (to_ms < 0)
    {
      /* a final state: an instant on the task's row */
      g_assert_cmpstr (json_object_get_string_member (object, "ph"), ==, "i");
      g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "t");
      g_assert_false (json_object_has_member (object, "dur"));
    }
  else
    {
      g_assert_cmpstr (json_object_get_string_member (object, "ph"), ==, "X");
      g_assert_cmpint (json_object_get_int_member (object, "dur"), ==, MS (to_ms - from_ms));
    }
}

/* A task run on the UI thread, waiting for its children, faulted: one slice per state, in
 * order, the queue in the WaitingToRun slice's name, then an instant for the final state. */
static void
test_task_states (void)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  PoolTraceEvent list[] = {
    status_event (0, -1, 6, POOL_TASK_STATUS_CREATED, 10),
    status_event (1, -1, 6, POOL_TASK_STATUS_WAITING_TO_RUN, 11),
    queue_event (2, POOL_TRACE_KIND_QUEUED, -1, 6, 0, NULL, POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 11),
    queue_event (3, POOL_TRACE_KIND_DEQUEUED, -1, 6, 0, NULL, POOL_TRACE_QUEUE_MAIN_CONTEXT, -1,
                 20),
    status_event (4, -1, 6, POOL_TASK_STATUS_RUNNING, 20),
    UI_EVENT (5, POOL_TRACE_KIND_TASK, 6, NULL, 11, 20, 50),
    status_event (6, -1, 6, POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE, 50),
    status_event (7, -1, 6, POOL_TASK_STATUS_FAULTED, 70),
  };
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) row = NULL;
  JsonArray *trace_events;
  JsonObject *other;
  guint n_complete = 0;

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  model = model_of (events);
  parser = export_parsed (model);
  trace_events = trace_events_of (parser);

  row = row_events (trace_events, LAB_TRACE_EXPORT_TASKS_PID,
                    LAB_TRACE_EXPORT_TASK_TID_BASE + 6, "task-state");
  g_assert_cmpuint (row->len, ==, 5);
  assert_state (row, 0, "Created", 10, 11);
  assert_state (row, 1, "WaitingToRun (UI thread's queue)", 11, 20);
  assert_state (row, 2, "Running", 20, 50);
  assert_state (row, 3, "WaitingForChildrenToComplete", 50, 70);
  assert_state (row, 4, "Faulted", 70, -1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (g_ptr_array_index (row, 2), "args"),
                     "thread"), ==, "UI thread");
  g_assert_cmpstr (metadata_name (trace_events, LAB_TRACE_EXPORT_TASKS_PID,
                                  LAB_TRACE_EXPORT_TASK_TID_BASE + 6, "thread_name"), ==,
                   "Task 6");
  g_assert_cmpstr (metadata_name (trace_events, LAB_TRACE_EXPORT_TASKS_PID, 0, "process_name"),
                   ==, "Tasks");

  /* the task's span is still the one "X" of the UI thread's row; every event has a
   * "pid" and a "tid", as the file's readers expect */
  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);

      g_assert_true (json_object_has_member (object, "pid"));
      g_assert_true (json_object_has_member (object, "tid"));
      if (json_object_get_int_member (object, "pid") == 1 &&
          g_strcmp0 (json_object_get_string_member (object, "ph"), "X") == 0)
        n_complete++;
    }
  g_assert_cmpuint (n_complete, ==, 1);

  other = other_data_of (parser);
  g_assert_cmpint (json_object_get_int_member (other, "task_state_tasks"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (other, "task_state_tasks_written"), ==, 1);
  g_assert_false (json_object_get_boolean_member (other, "task_states_capped"));
}

/* Scenario 1's shape: the task queued on the global queue, run on worker 1. */
static void
test_task_states_worker (void)
{
  g_autoptr(GArray) events = synthetic_await_run ();
  g_autoptr(LabTraceModel) model = model_of (events);
  g_autoptr(JsonParser) parser = export_parsed (model);
  g_autoptr(GPtrArray) row = row_events (trace_events_of (parser), LAB_TRACE_EXPORT_TASKS_PID,
                                         LAB_TRACE_EXPORT_TASK_TID_BASE + 2, "task-state");

  g_assert_cmpuint (row->len, ==, 4);
  assert_state (row, 0, "Created", 1, 2);
  assert_state (row, 1, "WaitingToRun (Global queue)", 2, 3);
  assert_state (row, 2, "Running", 3, 801);
  assert_state (row, 3, "RanToCompletion", 801, -1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (g_ptr_array_index (row, 2), "args"),
                     "thread"), ==, "Worker 1");
}

/* The UI thread's .Result for a promise: a slice on the UI thread's row, from block to
 * release; a wait never released lasts to the trace's end. */
static void
test_wait (void)
{
  g_autoptr(GArray) events = synthetic_result_deadlock ();
  PoolTraceEvent never_released = wait_event (15, POOL_TRACE_KIND_WAIT_BEGIN, 0, 2, 3, 50);
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) ui_row = NULL, worker_row = NULL, task_row = NULL;
  JsonArray *trace_events;
  JsonObject *wait, *args, *other;

  g_array_append_val (events, never_released);
  model = model_of (events);
  parser = export_parsed (model);
  trace_events = trace_events_of (parser);

  ui_row = row_events (trace_events, 1, 1, "wait");
  g_assert_cmpuint (ui_row->len, ==, 1);
  wait = g_ptr_array_index (ui_row, 0);
  g_assert_cmpstr (json_object_get_string_member (wait, "name"), ==,
                   "blocked in Wait()/.Result for task 3");
  g_assert_cmpstr (json_object_get_string_member (wait, "ph"), ==, "X");
  g_assert_cmpint (json_object_get_int_member (wait, "ts"), ==, MS (5));
  g_assert_cmpint (json_object_get_int_member (wait, "dur"), ==, MS (1595));
  args = json_object_get_object_member (wait, "args");
  g_assert_cmpint (json_object_get_int_member (args, "waited_task_id"), ==, 3);
  g_assert_false (json_object_has_member (args, "waiting_task_id"));
  g_assert_false (json_object_has_member (args, "until_end_of_trace"));

  /* worker 1 (serial 10) running task 2 blocks at 50 ms and is never let go */
  worker_row = row_events (trace_events, 1, 10, "wait");
  g_assert_cmpuint (worker_row->len, ==, 1);
  wait = g_ptr_array_index (worker_row, 0);
  args = json_object_get_object_member (wait, "args");
  g_assert_cmpint (json_object_get_int_member (wait, "ts"), ==, MS (50));
  g_assert_cmpint (json_object_get_int_member (wait, "dur"), ==, MS (1603 - 50));
  g_assert_cmpint (json_object_get_int_member (args, "waiting_task_id"), ==, 2);
  g_assert_true (json_object_get_boolean_member (args, "until_end_of_trace"));

  /* the promise: WaitingForActivation until the UI thread completes it */
  task_row = row_events (trace_events, LAB_TRACE_EXPORT_TASKS_PID,
                         LAB_TRACE_EXPORT_TASK_TID_BASE + 3, "task-state");
  g_assert_cmpuint (task_row->len, ==, 2);
  assert_state (task_row, 0, "WaitingForActivation", 1, 1602);
  assert_state (task_row, 1, "RanToCompletion", 1602, -1);

  other = other_data_of (parser);
  g_assert_cmpint (json_object_get_int_member (other, "waits"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (other, "waits_written"), ==, 2);
}

/* More tasks than the cap: rows for the first ones only, the rest counted in otherData
 * and in the process's name; the file stays small. */
static void
test_cap (void)
{
  const guint n_tasks = LAB_TRACE_EXPORT_MAX_STATE_TASKS + 7;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  g_autofree char *json = NULL;
  g_autofree char *expected_name = NULL;
  JsonArray *trace_events;
  JsonObject *other;
  guint n_states = 0, n_rows_named = 0;
  gint64 max_tid = 0;

  /* tasks 2 … n_tasks + 1, recorded in descending id order: the cap keeps the lowest ids */
  for (guint i = 0; i < n_tasks; i++)
    {
      guint task_id = n_tasks + 1 - i;
      PoolTraceEvent created = status_event (2 * i, 0, task_id, POOL_TASK_STATUS_CREATED, 1 + i);
      PoolTraceEvent done = status_event (2 * i + 1, 0, task_id,
                                          POOL_TASK_STATUS_RAN_TO_COMPLETION, 1.5 + i);

      g_array_append_val (events, created);
      g_array_append_val (events, done);
    }
  model = model_of (events);
  parser = export_parsed (model);
  trace_events = trace_events_of (parser);

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);

      if (json_object_get_int_member (object, "pid") == LAB_TRACE_EXPORT_TASKS_PID &&
          g_strcmp0 (json_object_get_string_member (object, "name"), "thread_name") == 0)
        n_rows_named++;
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "cat", ""),
                     "task-state") != 0)
        continue;
      n_states++;
      g_hash_table_add (rows, GINT_TO_POINTER (json_object_get_int_member (object, "tid")));
      max_tid = MAX (max_tid, json_object_get_int_member (object, "tid"));
    }
  g_assert_cmpuint (g_hash_table_size (rows), ==, LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  g_assert_cmpuint (n_rows_named, ==, LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  g_assert_cmpuint (n_states, ==, 2 * LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  g_assert_cmpint (max_tid, ==,
                   LAB_TRACE_EXPORT_TASK_TID_BASE + LAB_TRACE_EXPORT_MAX_STATE_TASKS + 1);

  other = other_data_of (parser);
  g_assert_cmpint (json_object_get_int_member (other, "task_state_tasks"), ==, n_tasks);
  g_assert_cmpint (json_object_get_int_member (other, "task_state_tasks_written"), ==,
                   LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  g_assert_cmpint (json_object_get_int_member (other, "task_state_tasks_cap"), ==,
                   LAB_TRACE_EXPORT_MAX_STATE_TASKS);
  g_assert_true (json_object_get_boolean_member (other, "task_states_capped"));
  expected_name = g_strdup_printf ("Tasks (the first %u of %u)",
                                   LAB_TRACE_EXPORT_MAX_STATE_TASKS, n_tasks);
  g_assert_cmpstr (metadata_name (trace_events, LAB_TRACE_EXPORT_TASKS_PID, 0, "process_name"),
                   ==, expected_name);

  /* a few hundred bytes a task written, nothing for the rest */
  json = lab_trace_export_to_chrome_json (model);
  g_assert_cmpuint (strlen (json), <, 1000 * LAB_TRACE_EXPORT_MAX_STATE_TASKS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/trace-export/chrome-json", test_chrome_json);
  g_test_add_func ("/lab/trace-export/task-states", test_task_states);
  g_test_add_func ("/lab/trace-export/task-states-worker", test_task_states_worker);
  g_test_add_func ("/lab/trace-export/wait", test_wait);
  g_test_add_func ("/lab/trace-export/cap", test_cap);
  return g_test_run ();
}
