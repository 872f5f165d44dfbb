/* test-run-headless.c — every scenario, run without a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenarios need no GTK (headless-run.c: a GMainLoop stands in for the
 * UI thread, each run measured by its own LabRunMonitor as in the window).
 * So the scenarios' code (their hand-offs
 * between workers and the UI thread above all) runs in the release build
 * and in the ThreadSanitizer and AddressSanitizer builds, where no window is
 * at hand. Here every run must complete, within a bound, with a report, and
 * its report's first verdict and error are checked where no sanitizer slows
 * the machine; a cancelled run must end Canceled, not as a failure.
 */
#include <json-glib/json-glib.h>
#include <string.h>
#include <pool.h>

#include "headless-run.h"
#include "lab-download.h"
#include "lab-crash-demo.h"
#include "lab-queue-snapshot.h"
#include "lab-task-states.h"
#include "lab-waits.h"

static void
test_scenario_completes (gconstpointer data)
{
  const LabScenario *scenario = data;
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario (scenario, 0);
  LabReport *report = lab_run_monitor_get_report (monitor);
  g_autofree char *json = lab_report_to_json (report);

  g_test_message ("%s", json);
  g_assert_nonnull (report);
  g_assert_cmpuint (lab_verdicts_count (report->verdicts), >=, 1);
  if (headless_run_under_sanitizer ())
    return;
  /* the measured verdicts: a sanitizer's slowdown could flip a freeze's scale */
  g_assert_null (report->error);
  for (guint i = 0; i < lab_verdicts_count (scenario->expected); i++)
    g_assert_cmpstr (lab_verdict_to_string (report->verdicts[i]), ==,
                     lab_verdict_to_string (scenario->expected[i]));
}

/* Escape during a blur launched with the run's token: the blur observes it
 * between passes and the run ends soon, Canceled, with no error shown. */
static void
test_cancel_ends_canceled (gconstpointer data)
{
  const LabScenario *scenario = data;
  gint64 start;
  g_autoptr(LabRunMonitor) monitor = NULL;
  LabReport *report;
  double elapsed_ms;

  /* the token is looked at between passes: a blur of one pass (a sanitizer
   * on a busy machine makes one pass last the whole freeze) has none */
  if (headless_run_get_passes () < 2)
    {
      g_test_skip ("one pass of the blur lasts the whole freeze here: no moment to cancel at");
      return;
    }
  start = g_get_monotonic_time ();
  monitor = headless_run_scenario (scenario, 50);
  report = lab_run_monitor_get_report (monitor);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s: ended %s after %.0f ms", scenario->id, report->status, elapsed_ms);
  g_assert_cmpstr (report->status, ==, "Canceled");
  g_assert_null (report->error);
  if (!headless_run_under_sanitizer ())
    g_assert_cmpfloat (elapsed_ms, <, 10 * HEADLESS_FREEZE_MS);
}

/* A download scenario against a server that fails: it ends by itself, soon,
 * with a one-line error that names the server; never "Out of memory" nor a
 * claim about the URL's protocol. */
typedef struct
{
  const char *scenario;
  const char *path;          /* the fault, on the built-in slow server */
  const char *message;       /* a part of the error */
} DownloadFault;

static const DownloadFault download_faults[] = {
  { "download-three-ways", "/x?size=1000&http09=1", "no status line" },
  { "download-three-ways", "/x?size=1000&header_bytes=200000", "header line longer" },
  { "download-three-ways", "/x?size=1073741824&encoding=gzip", "16 MiB" },
  { "download-three-ways", "/x?size=1000&length=5000", "closed before" },
  { "start-new-async-delegate", "/x?size=1000&http09=1", "no status line" },
  { "recommended-pipeline", "/x?size=1073741824&encoding=gzip", "16 MiB" },
};

static void
test_download_fault (gconstpointer data)
{
  const DownloadFault *fault = data;
  g_autofree char *url = lab_slow_server_get_url (headless_run_get_server (), fault->path);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario_at (lab_scenarios_find (fault->scenario), url, 0);
  LabReport *report = lab_run_monitor_get_report (monitor);
  double elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s against %s: %.0f ms, %s", fault->scenario, fault->path, elapsed_ms,
                  report->error);
  g_assert_nonnull (report->error);
  g_assert_nonnull (strstr (report->error, fault->message));
  g_assert_nonnull (strstr (report->error, "127.0.0.1"));
  g_assert_null (strchr (report->error, '\n'));
  g_assert_null (strstr (report->error, "Out of memory"));
  g_assert_cmpfloat (elapsed_ms, <, 60 * 1000);
}

/* A server that trickles forever: Escape (quitting cancels the run too)
 * ends the run within a second or so, whichever phase it is in. */
static void
test_download_trickle_canceled (gconstpointer data)
{
  const LabScenario *scenario = data;
  g_autofree char *url = lab_slow_server_get_url (headless_run_get_server (), "/x?size=10000000&rate=1500");
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario_at (scenario, url, 1500);
  LabReport *report = lab_run_monitor_get_report (monitor);
  double elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s: ended %s after %.0f ms (error: %s)", scenario->id, report->status,
                  elapsed_ms, report->error);
  /* cancelled at 1.5 s; a phase that blocks the UI thread by design is cut
   * at LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS */
  g_assert_cmpfloat (elapsed_ms, <, 1500 + LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS + 2000);
}

/* ---- task states, queues and waits, from the recorded trace ------------- */

/* The TASK item that recorded the "blur" region (the blur task), or G_MAXUINT. */
static guint
blur_task_item (LabTraceModel *model)
{
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, i);

      if (item->event.kind == POOL_TRACE_KIND_TASK && g_strcmp0 (item->region, "blur") == 0)
        return i;
    }
  return G_MAXUINT;
}

/* The first instant of @kind about @task_id (or, with @task_id 0, @item_id). */
static const PoolTraceEvent *
find_instant (LabTraceModel *model,
              PoolTraceKind  kind,
              guint          task_id,
              guint64        item_id)
{
  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);

      if (event->kind == kind &&
          (task_id != 0 ? event->task_id == task_id : event->item_id == item_id))
        return event;
    }
  return NULL;
}

/* Whether @task_id went through @state, and the last such span. */
static gboolean
went_through (GArray           *states,
              guint             task_id,
              LabTaskState      state,
              LabTaskStateSpan *out)
{
  gboolean found = FALSE;

  for (guint i = 0; i < states->len; i++)
    {
      const LabTaskStateSpan *span = &g_array_index (states, LabTaskStateSpan, i);

      if (span->task_id == task_id && span->state == state)
        {
          *out = *span;
          found = TRUE;
        }
    }
  return found;
}

/* The last (final) state of @task_id. */
static LabTaskState
last_state (GArray *states,
            guint   task_id)
{
  LabTaskState state = LAB_TASK_STATE_CREATED;

  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, LabTaskStateSpan, i).task_id == task_id)
      state = g_array_index (states, LabTaskStateSpan, i).state;
  return state;
}

static gboolean
queue_holds_task (GPtrArray      *queues,
                  PoolTraceQueue  kind,
                  guint           task_id)
{
  for (guint q = 0; q < queues->len; q++)
    {
      LabQueue *queue = g_ptr_array_index (queues, q);

      for (guint i = 0; queue->queue == kind && i < queue->entries->len; i++)
        if (g_array_index (queue->entries, LabQueueEntry, i).task_id == task_id)
          return TRUE;
    }
  return FALSE;
}

/* Scenario 2 (StartNew in a UI task) and 1 (Task.Run): the blur task is
 * queued (to the UI thread's queue, or to the global one), found there by a
 * snapshot at that moment, runs on the UI lane or on a worker's, and ends
 * RanToCompletion. After Task.Run, the code after the await is linked to
 * the blur task exactly. */
static void
test_blur_task_states (gconstpointer data)
{
  const char *id = data;
  gboolean in_ui = g_str_equal (id, "start-new-in-ui-task");
  PoolTraceQueue expected_queue = in_ui ? POOL_TRACE_QUEUE_MAIN_CONTEXT : POOL_TRACE_QUEUE_GLOBAL;
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario (lab_scenarios_find (id), 0);
  LabTraceModel *model = lab_run_monitor_get_trace_model (monitor);
  g_autoptr(GArray) states = lab_task_states_compute (model);
  g_autoptr(GPtrArray) queues = NULL;
  guint item = blur_task_item (model), task_id, n_hand_offs = 0;
  const PoolTraceEvent *queued, *taken;
  LabTaskStateSpan span;
  LabLaneKind lane_kind;

  g_assert_cmpuint (item, !=, G_MAXUINT);
  task_id = lab_trace_model_get_item (model, item)->event.task_id;
  g_test_message ("%s: the blur is task %u", id, task_id);

  g_assert_true (went_through (states, task_id, LAB_TASK_STATE_QUEUED, &span));
  g_assert_cmpint (span.queue, ==, expected_queue);
  g_assert_true (went_through (states, task_id, LAB_TASK_STATE_RUNNING, &span));
  g_assert_cmpuint (span.lane, <, lab_trace_model_get_n_lanes (model));
  lane_kind = lab_trace_model_get_lane (model, span.lane)->kind;
  g_assert_cmpint (lane_kind, ==, in_ui ? LAB_LANE_UI : LAB_LANE_WORKER);
  g_assert_cmpuint (span.lane, ==, lab_trace_model_get_item (model, item)->lane);
  g_assert_cmpint (last_state (states, task_id), ==, LAB_TASK_STATE_RAN_TO_COMPLETION);
  g_assert_true (lab_task_states_lookup (states, task_id, G_MAXINT64 - 1, &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_RAN_TO_COMPLETION);

  queued = find_instant (model, POOL_TRACE_KIND_QUEUED, task_id, 0);
  taken = find_instant (model, POOL_TRACE_KIND_DEQUEUED, task_id, 0);
  g_assert_nonnull (queued);
  g_assert_nonnull (taken);
  queues = lab_queue_snapshot_at (model, queued->start_us);
  /* unless a spinning worker took it within the same microsecond */
  if (taken->start_us > queued->start_us)
    g_assert_true (queue_holds_task (queues, expected_queue, task_id));
  g_ptr_array_unref (queues);
  queues = lab_queue_snapshot_at (model, lab_trace_model_get_item (model, item)->event.end_us);
  g_assert_false (queue_holds_task (queues, expected_queue, task_id));

  for (guint i = 0; i < lab_trace_model_get_n_links (model); i++)
    {
      const LabTraceLink *link = lab_trace_model_get_link (model, i);
      const LabTraceItem *to = lab_trace_model_get_item (model, link->to_item);

      if (link->kind == LAB_TRACE_LINK_HAND_OFF && link->from_item == item &&
          to->event.kind == POOL_TRACE_KIND_WORK_ITEM && g_strcmp0 (to->event.label, "await") == 0)
        n_hand_offs++;
    }
  /* on the UI thread the await hands nothing over to another thread */
  g_assert_cmpuint (n_hand_offs, ==, in_ui ? 0 : 1);
}

/* Scenario 10: the StartNew parent waits for its attached children
 * (WaitingForChildrenToComplete), then RanToCompletion. */
static void
test_attached_children_states (void)
{
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario (lab_scenarios_find ("attached-children"), 0);
  LabTraceModel *model = lab_run_monitor_get_trace_model (monitor);
  g_autoptr(GArray) states = lab_task_states_compute (model);
  const PoolTraceEvent *child_link = NULL;
  LabTaskStateSpan span;

  for (guint i = 0; i < lab_trace_model_get_n_instants (model) && child_link == NULL; i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);

      if (event->kind == POOL_TRACE_KIND_LINK && event->link == POOL_TRACE_LINK_PARENT_CHILD)
        child_link = event;
    }
  g_assert_nonnull (child_link);
  g_assert_true (went_through (states, child_link->task_id,
                               LAB_TASK_STATE_WAITING_FOR_CHILDREN, &span));
  g_assert_cmpint (last_state (states, child_link->task_id), ==,
                   LAB_TASK_STATE_RAN_TO_COMPLETION);
  g_assert_cmpint (last_state (states, child_link->other_task_id), ==,
                   LAB_TASK_STATE_RAN_TO_COMPLETION);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

/* Scenario 11: its four Task.Run tasks (created first, in this order) end
 * as the lesson says (Canceled, RanToCompletion, Canceled, Faulted), in the
 * scenario's report and in the trace alike, for good; the one canceled before
 * it started was queued but never Running. */
static void
test_cancellation_states (void)
{
  static const char * const names[4] = {
    "canceled before start", "canceled during run, not observed", "observed, same token",
    "observed, no launch token",
  };
  static const char * const lesson[4] = {
    "Canceled", "RanToCompletion", "Canceled", "Faulted",
  };
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario (lab_scenarios_find ("cancellation"), 0);
  LabTraceModel *model = lab_run_monitor_get_trace_model (monitor);
  LabReport *report = lab_run_monitor_get_report (monitor);
  g_autoptr(GArray) states = lab_task_states_compute (model);
  g_autoptr(GArray) delegates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_canceled = 0, n_faulted = 0;
  LabTaskStateSpan span;

  g_test_message ("%s", report->summary);
  g_assert_nonnull (report->statuses);
  /* delegate tasks start Created */
  for (guint i = 0; i < states->len; i++)
    {
      const LabTaskStateSpan *first = &g_array_index (states, LabTaskStateSpan, i);

      if ((i == 0 || g_array_index (states, LabTaskStateSpan, i - 1).task_id != first->task_id) &&
          first->state == LAB_TASK_STATE_CREATED)
        g_array_append_val (delegates, first->task_id);
    }
  g_array_sort (delegates, compare_uint);
  g_assert_cmpuint (delegates->len, >=, 4);
  for (guint i = 0; i < 4; i++)
    {
      guint task_id = g_array_index (delegates, guint, i);
      const char *expected = json_object_get_string_member (report->statuses, names[i]);
      LabTaskState state = last_state (states, task_id);

      g_test_message ("%s: task %u ends %s", names[i], task_id, lab_task_state_to_string (state));
      g_assert_cmpstr (expected, ==, lesson[i]);
      g_assert_cmpstr (lab_task_state_to_string (state), ==, expected);
      g_assert_true (lab_task_state_is_final (state));
      g_assert_true (lab_task_states_lookup (states, task_id, G_MAXINT64 - 1, &span));
      g_assert_cmpint (span.state, ==, state);
      g_assert_cmpint (span.to_us, ==, G_MAXINT64);
      n_canceled += state == LAB_TASK_STATE_CANCELED;
      n_faulted += state == LAB_TASK_STATE_FAULTED;
    }
  g_assert_cmpuint (n_canceled, ==, 2);
  g_assert_cmpuint (n_faulted, ==, 1);
  g_assert_true (went_through (states, g_array_index (delegates, guint, 0),
                               LAB_TASK_STATE_QUEUED, &span));
  g_assert_false (went_through (states, g_array_index (delegates, guint, 0),
                                LAB_TASK_STATE_RUNNING, &span));
  g_assert_cmpint (last_state (states, g_array_index (delegates, guint, 0)), ==,
                   LAB_TASK_STATE_CANCELED);
}

/* Scenario 13: while the blur runs the UI thread already waits, but there is
 * no cycle yet; once the code after the await is queued to the blocked UI
 * thread the cycle is named, for the UI lane; after the watchdog lets the
 * UI thread go, it is gone. */
static void
test_result_deadlock_cycle (void)
{
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario (lab_scenarios_find ("result-deadlock"), 0);
  LabTraceModel *model = lab_run_monitor_get_trace_model (monitor);
  g_autoptr(GArray) waits = lab_waits_compute (model);
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  guint item = blur_task_item (model), blur_id, lane = G_MAXUINT;
  const PoolTraceEvent *link = NULL, *posted;
  const LabTraceWait *wait = NULL;
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GArray) states = NULL;
  const LabQueue *ui_queue;
  LabTaskStateSpan span;
  gboolean found = FALSE;
  gint64 blur_end_us, at_us;

  g_assert_cmpuint (item, !=, G_MAXUINT);
  blur_id = lab_trace_model_get_item (model, item)->event.task_id;
  blur_end_us = lab_trace_model_get_item (model, item)->event.end_us;
  for (guint i = 0; i < waits->len; i++)
    if (lab_trace_model_get_lane (model, g_array_index (waits, LabTraceWait, i).lane)->kind ==
        LAB_LANE_UI)
      wait = &g_array_index (waits, LabTraceWait, i);
  g_assert_nonnull (wait);
  g_assert_cmpuint (wait->waited_task_id, !=, blur_id);
  g_assert_cmpint (wait->from_us, <, blur_end_us);
  g_assert_cmpint (wait->to_us, >, blur_end_us);
  g_assert_cmpint (wait->to_us, !=, G_MAXINT64);

  for (guint i = 0; i < lab_trace_model_get_n_instants (model) && link == NULL; i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (model, i);

      if (event->kind == POOL_TRACE_KIND_LINK && event->task_id == blur_id && event->item_id != 0)
        link = event;
    }
  g_assert_nonnull (link);
  posted = find_instant (model, POOL_TRACE_KIND_QUEUED, 0, link->item_id);
  g_assert_nonnull (posted);
  g_assert_cmpint (posted->queue, ==, POOL_TRACE_QUEUE_MAIN_CONTEXT);

  /* the blur still runs, the UI thread already waits */
  at_us = MAX (wait->from_us, blur_end_us - 1000);
  before = lab_waits_describe_cycle_at (model, at_us, NULL);
  g_assert_null (before);
  at_us = posted->start_us + (wait->to_us - posted->start_us) / 2;
  during = lab_waits_describe_cycle_at (model, at_us, &lane);
  g_test_message ("%s", during);
  g_assert_nonnull (during);
  g_assert_nonnull (strstr (during, "Deadlock"));
  g_assert_cmpint (lab_trace_model_get_lane (model, lane)->kind, ==, LAB_LANE_UI);
  /* what it says, the queues and states say at that moment */
  queues = lab_queue_snapshot_at (model, at_us);
  ui_queue = g_ptr_array_index (queues, 0);
  g_assert_cmpint (ui_queue->queue, ==, POOL_TRACE_QUEUE_MAIN_CONTEXT);
  for (guint i = 0; i < ui_queue->entries->len; i++)
    if (g_array_index (ui_queue->entries, LabQueueEntry, i).item_id == link->item_id)
      {
        g_assert_cmpstr (g_array_index (ui_queue->entries, LabQueueEntry, i).label, ==, "await");
        found = TRUE;
      }
  g_assert_true (found);
  states = lab_task_states_compute (model);
  g_assert_true (lab_task_states_lookup (states, wait->waited_task_id, at_us, &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_WAITING_FOR_ACTIVATION);
  g_assert_true (lab_task_states_lookup (states, blur_id, at_us, &span));
  g_assert_cmpint (span.state, ==, LAB_TASK_STATE_RAN_TO_COMPLETION);
  after = lab_waits_describe_cycle_at (model, wait->to_us + 1, NULL);
  g_assert_null (after);
}

int
main (int   argc,
      char *argv[])
{
  const LabScenario * const *scenarios;
  guint n_scenarios;
  int status;

  /* scenario 7 starts this very executable as its child */
  if (argc > 1 && g_strcmp0 (argv[1], "--" LAB_CRASH_DEMO_OPTION) == 0)
    {
      g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);

      g_variant_dict_insert (options, LAB_CRASH_DEMO_OPTION, "b", TRUE);
      return lab_crash_demo_handle_options (options);
    }

  g_test_init (&argc, &argv, NULL);
  headless_run_init ();

  scenarios = lab_scenarios_get_all (&n_scenarios);
  for (guint i = 0; i < n_scenarios; i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/%s/completes", scenarios[i]->id);

      g_test_add_data_func (path, scenarios[i], test_scenario_completes);
    }
  for (guint i = 0; i < n_scenarios; i++)
    if (g_str_equal (scenarios[i]->id, "task-run") ||
        g_str_equal (scenarios[i]->id, "start-new-default-scheduler") ||
        g_str_equal (scenarios[i]->id, "hide-scheduler") ||
        g_str_equal (scenarios[i]->id, "queue-user-work-item"))
      {
        g_autofree char *path = g_strdup_printf ("/scenarios/%s/cancel-ends-canceled",
                                                 scenarios[i]->id);

        g_test_add_data_func (path, scenarios[i], test_cancel_ends_canceled);
      }

  for (guint i = 0; i < G_N_ELEMENTS (download_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/%s/fault/%u", download_faults[i].scenario, i);

      g_test_add_data_func (path, &download_faults[i], test_download_fault);
    }
  for (guint i = 0; i < n_scenarios; i++)
    if (scenarios[i]->downloads)
      {
        g_autofree char *path = g_strdup_printf ("/scenarios/%s/trickle-canceled", scenarios[i]->id);

        g_test_add_data_func (path, scenarios[i], test_download_trickle_canceled);
      }

  g_test_add_data_func ("/scenarios/start-new-in-ui-task/blur-task-states",
                        "start-new-in-ui-task", test_blur_task_states);
  g_test_add_data_func ("/scenarios/task-run/blur-task-states", "task-run",
                        test_blur_task_states);
  g_test_add_func ("/scenarios/attached-children/task-states", test_attached_children_states);
  g_test_add_func ("/scenarios/cancellation/task-states", test_cancellation_states);
  g_test_add_func ("/scenarios/result-deadlock/wait-cycle", test_result_deadlock_cycle);

  status = g_test_run ();
  headless_run_shutdown ();
  return status;
}
