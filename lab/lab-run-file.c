/* lab-run-file.c — see lab-run-file.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A speaker prepares runs at home and opens them on stage: the file holds
 * everything the window draws of a finished run, and nothing it computes
 * again (the log, the chips, the hand-off links it guesses). It is JSON:
 *
 *   {
 *     "format": "tasklab-run", "version": 2,
 *     "report": { the report as --report json prints it },
 *     "start_us": …, "end_us": …, "ui_thread_serial": …,
 *     "work_start_us": … (optional: where the baseline ends, see LAB_BASELINE_MS),
 *     "counters": { "threads", "injected", "busy", "blocked",
 *                   "queued_global", "queued_local", "tasks_created",
 *                   "completed" },
 *     "trace": [ { "position", "kind" (task, work-item, region, io,
 *                  queued, dequeued, stolen, status, wait-begin, wait-end,
 *                  link), "task_id", "label", "role" (other, ui, worker,
 *                  dedicated), "worker_index", "thread_serial", "inlined",
 *                  "queued_us", "start_us", "end_us",
 *                  and only where not the default: "item_id" (0),
 *                  "queue" (none, global, local, main-context, dedicated;
 *                  with "queue_index"), "status" (created,
 *                  waiting-for-activation, waiting-to-run, running,
 *                  waiting-for-children, ran-to-completion, canceled,
 *                  faulted; on a status event), "other_task_id" (0),
 *                  "link" (none, parent-child, continuation) }, … ],
 *     "task_links": [ [from_task_id, to_task_id], … ],
 *     "stalls": [ [at_us, gap_ms, "scenario" | "machine" | "unknown"], … ],
 *     "csharp_marks": { optional: which C# line each event belongs to
 *       "marks": [ { "kind" (task, label, wait, await, io, phase), "id" (a
 *                    task id) or "label", "line" }, … ] }
 *   }
 *
 * The trace holds the spans and the instants in between, in position order
 * (version 1 held spans only, and opens with no instants: its hand-off links
 * are guessed again). Times are g_get_monotonic_time() microseconds of the
 * machine that ran it; only their differences matter. A newer version is refused with a message
 * that says so; a damaged file with one that says what is wrong. Saving
 * writes a temporary file and renames it over the path.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lab-run-file-private.h"
#include "lab-run-monitor-private.h"

#define FORMAT_NAME "tasklab-run"

G_DEFINE_QUARK (lab-run-file-error-quark, lab_run_file_error)

/* in the order of the pool's enums */
static const char * const kind_names[] = {
  "task", "work-item", "region", "io", "queued", "dequeued", "stolen", "status",
  "wait-begin", "wait-end", "link",
};
static const char * const queue_names[] = {
  "none", "global", "local", "main-context", "dedicated",
};
static const char * const status_names[] = {
  "created", "waiting-for-activation", "waiting-to-run", "running", "waiting-for-children",
  "ran-to-completion", "canceled", "faulted",
};
static const char * const link_names[] = { "none", "parent-child", "continuation" };
static const char * const role_names[] = { "other", "ui", "worker", "dedicated" };
static const char * const cause_names[] = { "unknown", "scenario", "machine" };

static int
index_of (const char * const *names,
          guint               n_names,
          const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return (int) i;
  return -1;
}

/* ---- saving ---------------------------------------------------------------- */

static void
add_event (JsonBuilder          *builder,
           const PoolTraceEvent *event)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, (gint64) event->position);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[event->kind]);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_int_value (builder, event->task_id);
  json_builder_set_member_name (builder, "label");
  if (event->label != NULL)
    json_builder_add_string_value (builder, event->label);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role_names[event->role]);
  json_builder_set_member_name (builder, "worker_index");
  json_builder_add_int_value (builder, event->worker_index);
  json_builder_set_member_name (builder, "thread_serial");
  json_builder_add_int_value (builder, event->thread_serial);
  json_builder_set_member_name (builder, "inlined");
  json_builder_add_boolean_value (builder, event->inlined);
  json_builder_set_member_name (builder, "queued_us");
  json_builder_add_int_value (builder, event->queued_us);
  json_builder_set_member_name (builder, "start_us");
  json_builder_add_int_value (builder, event->start_us);
  json_builder_set_member_name (builder, "end_us");
  json_builder_add_int_value (builder, event->end_us);
  /* version 2: what the instants (and a work item's id) add, when set */
  if (event->item_id != 0)
    {
      json_builder_set_member_name (builder, "item_id");
      json_builder_add_int_value (builder, (gint64) event->item_id);
    }
  if (event->queue != POOL_TRACE_QUEUE_NONE && (guint) event->queue < G_N_ELEMENTS (queue_names))
    {
      json_builder_set_member_name (builder, "queue");
      json_builder_add_string_value (builder, queue_names[event->queue]);
      json_builder_set_member_name (builder, "queue_index");
      json_builder_add_int_value (builder, event->queue_index);
    }
  if (event->kind == POOL_TRACE_KIND_STATUS && (guint) event->status < G_N_ELEMENTS (status_names))
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_names[event->status]);
    }
  if (event->other_task_id != 0)
    {
      json_builder_set_member_name (builder, "other_task_id");
      json_builder_add_int_value (builder, event->other_task_id);
    }
  if (event->link != POOL_TRACE_LINK_NONE && (guint) event->link < G_N_ELEMENTS (link_names))
    {
      json_builder_set_member_name (builder, "link");
      json_builder_add_string_value (builder, link_names[event->link]);
    }
  json_builder_end_object (builder);
}

/* The model's spans and instants, merged back into position order. */
static void
add_trace (JsonBuilder   *builder,
           LabTraceModel *model)
{
  guint n_items = lab_trace_model_get_n_items (model);
  guint n_instants = lab_trace_model_get_n_instants (model);

  for (guint i = 0, j = 0; i < n_items || j < n_instants;)
    {
      const PoolTraceEvent *span = i < n_items
                                   ? &lab_trace_model_get_item (model, i)->event : NULL;
      const PoolTraceEvent *instant = j < n_instants
                                      ? lab_trace_model_get_instant (model, j) : NULL;
      const PoolTraceEvent *event;

      if (span != NULL && (instant == NULL || span->position <= instant->position))
        {
          event = span;
          i++;
        }
      else
        {
          event = instant;
          j++;
        }
      /* a kind this version cannot name is not saved */
      if ((guint) event->kind < G_N_ELEMENTS (kind_names) &&
          (guint) event->role < G_N_ELEMENTS (role_names))
        add_event (builder, event);
    }
}

static void
add_uint (JsonBuilder *builder,
          const char  *name,
          guint64      value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) value);
}

/**
 * lab_run_file_to_json:
 * @monitor: a finished run
 *
 * Returns: (transfer full) (nullable): the run as a file's contents, or
 *   %NULL with @error set when @monitor has not finished
 */
char *
lab_run_file_to_json (LabRunMonitor  *monitor,
                      GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) report_parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *report_json = NULL;
  const LabStallSample *samples;
  guint n_samples;
  gint64 work_start_us;

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitor), NULL);

  if (monitor->state != LAB_RUN_STATE_FINISHED)
    {
      g_set_error_literal (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NOT_FINISHED,
                           _("Only a finished run can be saved: wait for it to end."));
      return NULL;
    }

  report_json = lab_report_to_json (monitor->report);
  if (!json_parser_load_from_data (report_parser, report_json, -1, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  add_uint (builder, "version", LAB_RUN_FILE_VERSION);
  json_builder_set_member_name (builder, "report");
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (report_parser)));
  json_builder_set_member_name (builder, "start_us");
  json_builder_add_int_value (builder, monitor->start_us);
  json_builder_set_member_name (builder, "end_us");
  json_builder_add_int_value (builder, monitor->end_us);
  add_uint (builder, "ui_thread_serial", monitor->ui_serial);
  if (lab_stall_series_get_baseline (monitor->series, NULL, &work_start_us))
    {
      json_builder_set_member_name (builder, "work_start_us");
      json_builder_add_int_value (builder, work_start_us);
    }

  json_builder_set_member_name (builder, "counters");
  json_builder_begin_object (builder);
  add_uint (builder, "threads", monitor->counters.threads);
  add_uint (builder, "injected", monitor->counters.injected);
  add_uint (builder, "busy", monitor->counters.busy);
  add_uint (builder, "blocked", monitor->counters.blocked);
  add_uint (builder, "queued_global", monitor->counters.queued_global);
  add_uint (builder, "queued_local", monitor->counters.queued_local);
  add_uint (builder, "tasks_created", monitor->counters.tasks_created);
  add_uint (builder, "completed", monitor->counters.completed);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "trace");
  json_builder_begin_array (builder);
  add_trace (builder, monitor->model);
  json_builder_end_array (builder);

  /* the exact links a scenario declared; guessed hand-offs are guessed again */
  json_builder_set_member_name (builder, "task_links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lab_trace_model_get_n_links (monitor->model); i++)
    {
      const LabTraceLink *link = lab_trace_model_get_link (monitor->model, i);

      if (link->kind != LAB_TRACE_LINK_TASK)
        continue;
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder,
                                  lab_trace_model_get_item (monitor->model, link->from_item)->event.task_id);
      json_builder_add_int_value (builder,
                                  lab_trace_model_get_item (monitor->model, link->to_item)->event.task_id);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stalls");
  json_builder_begin_array (builder);
  samples = lab_stall_series_get_samples (monitor->series, &n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, samples[i].at_us);
      json_builder_add_double_value (builder, samples[i].gap_ms);
      json_builder_add_string_value (builder, cause_names[samples[i].cause]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  _lab_run_file_add_csharp_marks (builder, monitor);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * lab_run_file_save:
 * @path: where to write; replaced atomically
 */
gboolean
lab_run_file_save (LabRunMonitor  *monitor,
                   const char     *path,
                   GError        **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitor), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = lab_run_file_to_json (monitor, error);
  /* g_file_set_contents writes a temporary file and renames it over @path */
  return json != NULL && g_file_set_contents (path, json, -1, error);
}

/* ---- opening --------------------------------------------------------------- */

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT,
               _("This TaskLab run is damaged (%s) and cannot be opened."), what);
  return FALSE;
}

static gboolean
member_is (JsonObject  *object,
           const char  *name,
           JsonNodeType type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_TYPE (node) == type;
}

static GStrv
strv_from_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static char *
dup_string_or_null (JsonObject *object,
                    const char *name)
{
  return member_is (object, name, JSON_NODE_VALUE)
         ? g_strdup (json_object_get_string_member_with_default (object, name, NULL))
         : NULL;
}

static LabReport *
report_from_json (JsonObject  *object,
                  GError     **error)
{
  g_autoptr(LabReport) report = g_new0 (LabReport, 1);

  if (!member_is (object, "id", JSON_NODE_VALUE) || !member_is (object, "verdict", JSON_NODE_VALUE) ||
      !lab_verdicts_parse (json_object_get_string_member (object, "verdict"), report->verdicts) ||
      !member_is (object, "expected_verdict", JSON_NODE_VALUE) ||
      !lab_verdicts_parse (json_object_get_string_member (object, "expected_verdict"),
                           report->expected))
    {
      corrupt (error, _("its report has no scenario or verdict"));
      return NULL;
    }
  report->id = g_strdup (json_object_get_string_member (object, "id"));
  report->number = (guint) json_object_get_int_member_with_default (object, "number", 0);
  report->title = dup_string_or_null (object, "title");
  report->ui_max_stall_ms = json_object_get_double_member_with_default (object, "ui_max_stall_ms", 0);
  report->scenario_stall_ms = json_object_get_double_member_with_default (object, "scenario_stall_ms", 0);
  report->machine_stall_ms = json_object_get_double_member_with_default (object, "machine_stall_ms", 0);
  report->baseline_ms = json_object_get_double_member_with_default (object, "baseline_ms", 0);
  report->baseline_stall_ms = json_object_get_double_member_with_default (object,
                                                                          "baseline_stall_ms", 0);
  report->work_ran_on = strv_from_array (member_is (object, "work_ran_on", JSON_NODE_ARRAY)
                                         ? json_object_get_array_member (object, "work_ran_on") : NULL);
  report->work_threads = strv_from_array (member_is (object, "work_threads", JSON_NODE_ARRAY)
                                          ? json_object_get_array_member (object, "work_threads") : NULL);
  report->status = dup_string_or_null (object, "status");
  report->duration_ms = json_object_get_double_member_with_default (object, "duration_ms", 0);
  report->work_ms = json_object_get_double_member_with_default (object, "work_ms", 0);
  report->frames = (guint64) json_object_get_int_member_with_default (object, "frames", 0);
  report->frames_missed = (guint64) json_object_get_int_member_with_default (object, "frames_missed", 0);
  report->threads_held_peak = (guint) json_object_get_int_member_with_default (object, "threads_held_peak", 0);
  report->error = dup_string_or_null (object, "error");
  report->summary = dup_string_or_null (object, "summary");
  /* the report writes none as empty: read empty as none */
  if (member_is (object, "statuses", JSON_NODE_OBJECT) &&
      json_object_get_size (json_object_get_object_member (object, "statuses")) > 0)
    report->statuses = json_object_ref (json_object_get_object_member (object, "statuses"));
  if (member_is (object, "phases", JSON_NODE_ARRAY) &&
      json_array_get_length (json_object_get_array_member (object, "phases")) > 0)
    report->phases = json_array_ref (json_object_get_array_member (object, "phases"));
  if (member_is (object, "details", JSON_NODE_OBJECT) &&
      json_object_get_size (json_object_get_object_member (object, "details")) > 0)
    report->details = json_object_ref (json_object_get_object_member (object, "details"));
  return g_steal_pointer (&report);
}

/* A version-2 name member: its index, @fallback when absent, -1 if unknown. */
static int
name_member (JsonObject         *object,
             const char         *member,
             const char * const *names,
             guint               n_names,
             int                 fallback)
{
  if (!member_is (object, member, JSON_NODE_VALUE))
    return fallback;
  return index_of (names, n_names,
                   json_object_get_string_member_with_default (object, member, NULL));
}

static gboolean
event_from_json (JsonNode       *node,
                 gint64          version,
                 PoolTraceEvent *event)
{
  JsonObject *object;
  const char *label;
  int kind, role, queue, status, link;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  kind = index_of (kind_names, G_N_ELEMENTS (kind_names),
                   json_object_get_string_member_with_default (object, "kind", NULL));
  role = index_of (role_names, G_N_ELEMENTS (role_names),
                   json_object_get_string_member_with_default (object, "role", NULL));
  queue = name_member (object, "queue", queue_names, G_N_ELEMENTS (queue_names), 0);
  status = name_member (object, "status", status_names, G_N_ELEMENTS (status_names), 0);
  link = name_member (object, "link", link_names, G_N_ELEMENTS (link_names), 0);
  /* version 1 held spans only */
  if (kind < 0 || role < 0 || queue < 0 || status < 0 || link < 0 ||
      (version < 2 && pool_trace_kind_is_instant (kind)) ||
      !member_is (object, "start_us", JSON_NODE_VALUE) ||
      !member_is (object, "end_us", JSON_NODE_VALUE))
    return FALSE;
  label = member_is (object, "label", JSON_NODE_VALUE) ? json_object_get_string_member (object, "label")
                                                       : NULL;

  *event = (PoolTraceEvent) {
    .position = (guint64) json_object_get_int_member_with_default (object, "position", 0),
    .kind = kind,
    .task_id = (guint) json_object_get_int_member_with_default (object, "task_id", 0),
    /* the model keeps labels as the pool does: static strings */
    .label = label != NULL ? g_intern_string (label) : NULL,
    .role = role,
    .worker_index = (int) json_object_get_int_member_with_default (object, "worker_index", -1),
    .thread_serial = (guint) json_object_get_int_member_with_default (object, "thread_serial", 0),
    .inlined = json_object_get_boolean_member_with_default (object, "inlined", FALSE),
    .queued_us = json_object_get_int_member_with_default (object, "queued_us", 0),
    .start_us = json_object_get_int_member (object, "start_us"),
    .end_us = json_object_get_int_member (object, "end_us"),
    .item_id = (guint64) json_object_get_int_member_with_default (object, "item_id", 0),
    .queue = queue,
    .queue_index = (int) json_object_get_int_member_with_default (object, "queue_index", -1),
    .status = status,
    .other_task_id = (guint) json_object_get_int_member_with_default (object, "other_task_id", 0),
    .link = link,
  };
  return event->end_us >= event->start_us;
}

/* The saved causes, handed out in the series' order. */
typedef struct
{
  GArray *causes;   /* LabStallCause */
  guint   next;
} SavedCauses;

static LabStallCause
saved_cause (const LabStallSample *sample,
             gpointer              data)
{
  SavedCauses *saved = data;

  return g_array_index (saved->causes, LabStallCause, saved->next++);
}

static void
counters_from_json (JsonObject      *object,
                    LabPoolCounters *counters)
{
  counters->threads = (guint) json_object_get_int_member_with_default (object, "threads", 0);
  counters->injected = (guint) json_object_get_int_member_with_default (object, "injected", 0);
  counters->busy = (guint) json_object_get_int_member_with_default (object, "busy", 0);
  counters->blocked = (guint) json_object_get_int_member_with_default (object, "blocked", 0);
  counters->queued_global = (guint) json_object_get_int_member_with_default (object, "queued_global", 0);
  counters->queued_local = (guint) json_object_get_int_member_with_default (object, "queued_local", 0);
  counters->tasks_created = (guint64) json_object_get_int_member_with_default (object, "tasks_created", 0);
  counters->completed = (guint64) json_object_get_int_member_with_default (object, "completed", 0);
}

/**
 * lab_run_file_from_json:
 *
 * Returns: (transfer full) (nullable): the finished run @json holds, or
 *   %NULL with @error set (#LAB_RUN_FILE_ERROR, or #JSON_PARSER_ERROR when
 *   it is not JSON at all)
 */
LabRunMonitor *
lab_run_file_from_json (const char  *json,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LabTraceModel) model = NULL;
  g_autoptr(LabStallSeries) series = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) causes = NULL;
  g_autoptr(LabReport) report = NULL;
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabPoolCounters counters = { 0, };
  JsonObject *root;
  JsonArray *array;
  gint64 version, start_us, end_us, work_start_us;
  guint ui_serial;
  SavedCauses saved;

  if (!json_parser_load_from_data (parser, json, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      g_strcmp0 (json_object_get_string_member_with_default (
                   json_node_get_object (json_parser_get_root (parser)), "format", NULL),
                 FORMAT_NAME) != 0)
    {
      g_set_error_literal (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NOT_A_RUN,
                           _("This file is not a TaskLab run (save one with Save Run or "
                             "tasklab --run ID --save-run FILE)."));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_int_member_with_default (root, "version", 0);
  if (version > LAB_RUN_FILE_VERSION)
    {
      g_set_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_NEWER_VERSION,
                   _("This run was saved by a newer TaskLab (file version %" G_GINT64_FORMAT
                     ", this one reads up to %d): update TaskLab to open it."),
                   version, LAB_RUN_FILE_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      corrupt (error, _("no version"));
      return NULL;
    }
  if (!member_is (root, "report", JSON_NODE_OBJECT) || !member_is (root, "trace", JSON_NODE_ARRAY) ||
      !member_is (root, "stalls", JSON_NODE_ARRAY) || !member_is (root, "start_us", JSON_NODE_VALUE) ||
      !member_is (root, "end_us", JSON_NODE_VALUE))
    {
      corrupt (error, _("a part is missing"));
      return NULL;
    }
  report = report_from_json (json_object_get_object_member (root, "report"), error);
  if (report == NULL)
    return NULL;
  start_us = json_object_get_int_member (root, "start_us");
  end_us = json_object_get_int_member (root, "end_us");
  ui_serial = (guint) json_object_get_int_member_with_default (root, "ui_thread_serial", 0);
  if (end_us < start_us)
    {
      corrupt (error, _("it ends before it starts"));
      return NULL;
    }
  if (member_is (root, "counters", JSON_NODE_OBJECT))
    counters_from_json (json_object_get_object_member (root, "counters"), &counters);

  array = json_object_get_array_member (root, "trace");
  events = g_array_sized_new (FALSE, FALSE, sizeof (PoolTraceEvent), json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PoolTraceEvent event;

      if (!event_from_json (json_array_get_element (array, i), version, &event))
        {
          g_autofree char *what = g_strdup_printf (_("event %u of its trace"), i + 1);

          corrupt (error, what);
          return NULL;
        }
      g_array_append_val (events, event);
    }
  model = lab_trace_model_new (start_us, ui_serial);
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  if (member_is (root, "task_links", JSON_NODE_ARRAY))
    {
      array = json_object_get_array_member (root, "task_links");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (pair == NULL || json_array_get_length (pair) != 2)
            {
              corrupt (error, _("a link between tasks"));
              return NULL;
            }
          lab_trace_model_add_task_link (model, (guint) json_array_get_int_element (pair, 0),
                                         (guint) json_array_get_int_element (pair, 1));
        }
    }

  array = json_object_get_array_member (root, "stalls");
  series = lab_stall_series_new ();
  causes = g_array_new (FALSE, FALSE, sizeof (LabStallCause));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonArray *sample = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      int cause;

      if (sample == NULL || json_array_get_length (sample) != 3 ||
          (cause = index_of (cause_names, G_N_ELEMENTS (cause_names),
                             json_array_get_string_element (sample, 2))) < 0)
        {
          g_autofree char *what = g_strdup_printf (_("stall %u"), i + 1);

          corrupt (error, what);
          return NULL;
        }
      lab_stall_series_add (series, json_array_get_int_element (sample, 0),
                            json_array_get_double_element (sample, 1));
      g_array_append_val (causes, cause);
    }
  saved = (SavedCauses) { causes, 0 };
  lab_stall_series_attribute (series, G_MAXINT64, saved_cause, &saved);
  work_start_us = json_object_get_int_member_with_default (root, "work_start_us", 0);
  if (work_start_us >= start_us && work_start_us <= end_us)
    {
      lab_stall_series_set_baseline (series, start_us, work_start_us);
      lab_trace_model_set_work_start (model, work_start_us);
    }

  monitor = _lab_run_monitor_new_finished (g_steal_pointer (&report), model, series, ui_serial,
                                           start_us, end_us, &counters);
  if (!_lab_run_file_csharp_marks_from_json (root, monitor, error))
    return NULL;
  return g_steal_pointer (&monitor);
}

/**
 * lab_run_file_load:
 *
 * Returns: (transfer full) (nullable): the finished run saved in @path
 */
LabRunMonitor *
lab_run_file_load (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return lab_run_file_from_json (contents, (gssize) length, error);
}
