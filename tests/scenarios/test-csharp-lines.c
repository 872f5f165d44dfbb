/* test-csharp-lines.c — which line of its C# each event of a scenario's
 * run belongs to: the line a replay lights.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenarios 1, 2, 10, 11 and 13 run headless (headless-run.c); every task
 * span and region of the recorded trace must belong to a line, each task's
 * instants to its span's line, and the ones a .NET speaker names to the line
 * they would point at (the blur task of scenario 2 to its StartNew, the
 * code after an await to the line after it, the UI thread's wait in
 * scenario 13 to its .Result).
 */
#include <pool.h>

#include "headless-run.h"
#include "lab-csharp-marks.h"

/* The C# line of each event: which line of the scenario's C# the replay
 * lights for it. What a line is expected to hold is searched in the C#, as
 * the scenarios do, so an edit of the C# moves both. */
typedef enum
{
  EVERY,     /* every event of the kind and label; of a wait, the UI thread's */
  SOME,      /* at least one of them */
  HOLDING,   /* every task span holding a region of the label */
  FIRST,     /* the first task span to start */
  LAST,      /* the last task span to start */
} Pick;

typedef struct
{
  PoolTraceKind  kind;
  Pick           pick;
  const char    *label;
  const char    *needle;   /* a piece of the expected line */
} ExpectedLine;

typedef struct
{
  const char         *scenario;
  const ExpectedLine *lines;
  guint               n_lines;
} ExpectedLines;

static const ExpectedLine task_run_lines[] = {
  { POOL_TRACE_KIND_TASK, EVERY, NULL, "var blurred = await Task.Run(" },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "() => Blur(image, token), token);" },
  { POOL_TRACE_KIND_WORK_ITEM, EVERY, "await", "preview.Image = blurred;" },
};

static const ExpectedLine start_new_in_ui_task_lines[] = {
  { POOL_TRACE_KIND_TASK, HOLDING, "blur", "Task.Factory.StartNew(() => Blur(image, token), token)" },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "Task.Factory.StartNew(() => Blur(image, token), token)" },
  { POOL_TRACE_KIND_TASK, FIRST, NULL, "    Task.Factory.StartNew(() =>" },
  { POOL_TRACE_KIND_TASK, LAST, NULL, ".ContinueWith(t => preview.Image = t.Result, ui);" },
};

/* (the StartNew parent's continuation runs last, on a worker, and may
 * record its span after the run has taken its last events) */
static const ExpectedLine attached_children_lines[] = {
  { POOL_TRACE_KIND_TASK, HOLDING, "blur", "Task.Factory.StartNew(() => Blur(image), " },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "Task.Factory.StartNew(() => Blur(image), " },
  { POOL_TRACE_KIND_TASK, SOME, NULL, "var a = Task.Factory.StartNew(() => StartChildren(" },
  { POOL_TRACE_KIND_TASK, SOME, NULL, "var b = Task.Run(() => StartChildren(" },
  { POOL_TRACE_KIND_TASK, SOME, NULL, "b.ContinueWith(_ => Done(\"Task.Run parent\"), sync);" },
  { POOL_TRACE_KIND_TASK, SOME, NULL, ".ContinueWith(_ => Done($\"{parent} child {n}\"), sync);" },
};

static const ExpectedLine cancellation_lines[] = {
  /* t2 ignores the token: it always runs; t1 never does */
  { POOL_TRACE_KIND_TASK, SOME, NULL, "var t2 = Task.Run(() => Blur(image), cts2.Token);" },
  { POOL_TRACE_KIND_TASK, LAST, NULL, ".ContinueWith(_ => ShowStatuses(t1, t2, t3, t4), ui);" },
};

static const ExpectedLine result_deadlock_lines[] = {
  { POOL_TRACE_KIND_TASK, HOLDING, "blur", "var blurred = await Task.Run(() => Blur(image));" },
  { POOL_TRACE_KIND_REGION, EVERY, "blur", "var blurred = await Task.Run(() => Blur(image));" },
  { POOL_TRACE_KIND_REGION, EVERY, "blocked in .Result", "preview.Image = BlurAsync().Result;" },
  { POOL_TRACE_KIND_WAIT_BEGIN, EVERY, NULL, "preview.Image = BlurAsync().Result;" },
  { POOL_TRACE_KIND_WAIT_END, EVERY, NULL, "preview.Image = BlurAsync().Result;" },
  { POOL_TRACE_KIND_WORK_ITEM, EVERY, "await", "status.Text = \"blurred\";" },
  /* once .Result is let go, what the assignment gets */
  { POOL_TRACE_KIND_TASK, LAST, NULL, "preview.Image = BlurAsync().Result;" },
};

static const ExpectedLines expected_lines[] = {
  { "task-run", task_run_lines, G_N_ELEMENTS (task_run_lines) },
  { "start-new-in-ui-task", start_new_in_ui_task_lines, G_N_ELEMENTS (start_new_in_ui_task_lines) },
  { "attached-children", attached_children_lines, G_N_ELEMENTS (attached_children_lines) },
  { "cancellation", cancellation_lines, G_N_ELEMENTS (cancellation_lines) },
  { "result-deadlock", result_deadlock_lines, G_N_ELEMENTS (result_deadlock_lines) },
};

static gboolean
holds_region (LabTraceModel *model,
              guint          task_id,
              const char    *label)
{
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      if (event->kind == POOL_TRACE_KIND_REGION && event->task_id == task_id &&
          g_strcmp0 (event->label, label) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The events @expected is about, in start order. */
static GPtrArray *
picked_events (LabTraceModel      *model,
               GArray             *instants,
               gint64              run_start_us,
               const ExpectedLine *expected)
{
  GPtrArray *events = g_ptr_array_new ();
  const PoolTraceEvent *first = NULL, *last = NULL;

  /* a wait: the UI thread's */
  if (pool_trace_kind_is_instant (expected->kind))
    {
      for (guint i = 0; i < instants->len; i++)
        {
          const PoolTraceEvent *event = &g_array_index (instants, PoolTraceEvent, i);

          if (event->kind == expected->kind && event->role == POOL_THREAD_ROLE_UI)
            g_ptr_array_add (events, (gpointer) event);
        }
      return events;
    }

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      /* the tail of an earlier run (a span that ended after this one began)
       * is not this scenario's */
      if (event->kind != expected->kind || event->start_us < run_start_us)
        continue;
      if (expected->pick == FIRST || expected->pick == LAST)
        {
          if (first == NULL || event->start_us < first->start_us)
            first = event;
          if (last == NULL || event->start_us >= last->start_us)
            last = event;
        }
      else if (expected->pick == HOLDING ? holds_region (model, event->task_id, expected->label)
                                         : g_strcmp0 (event->label, expected->label) == 0)
        g_ptr_array_add (events, (gpointer) event);
    }
  if (expected->pick == FIRST || expected->pick == LAST)
    g_ptr_array_add (events, (gpointer) (expected->pick == FIRST ? first : last));
  return events;
}

static void
test_csharp_lines (gconstpointer data)
{
  const ExpectedLines *expected = data;
  const LabScenario *scenario = lab_scenarios_find (expected->scenario);
  g_autoptr(LabRunMonitor) monitor = headless_run_scenario (scenario, 0);
  LabTraceModel *model = lab_run_monitor_get_trace_model (monitor);
  g_autoptr(GArray) instants = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  g_autoptr(GHashTable) span_lines = g_hash_table_new (NULL, NULL);
  guint n_lines = 1, n_task_instants = 0;

  for (guint i = 0; i < lab_trace_model_get_n_instants (model); i++)
    g_array_append_vals (instants, lab_trace_model_get_instant (model, i), 1);
  for (const char *c = scenario->csharp; *c != '\0'; c++)
    if (*c == '\n' && c[1] != '\0')
      n_lines++;

  /* every task span and region belongs to a line of the C# */
  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;
      guint line = lab_run_monitor_get_csharp_line (monitor, event);

      if (event->kind != POOL_TRACE_KIND_TASK && event->kind != POOL_TRACE_KIND_REGION)
        continue;
      /* a late span of the run before (its last continuation, on a worker) */
      if (event->start_us < lab_run_monitor_get_start_time (monitor))
        continue;
      g_test_message ("%s %u (%s) on %s, at %.0f ms: line %u",
                      pool_trace_kind_to_string (event->kind), event->task_id,
                      event->label != NULL ? event->label : "",
                      pool_thread_role_to_string (event->role),
                      (event->start_us - lab_run_monitor_get_start_time (monitor)) / 1000.0, line);
      g_assert_cmpuint (line, >=, 1);
      g_assert_cmpuint (line, <=, n_lines);
      if (event->kind == POOL_TRACE_KIND_TASK)
        g_hash_table_insert (span_lines, GUINT_TO_POINTER (event->task_id),
                             GUINT_TO_POINTER (line));
    }

  /* a task's instants belong to its span's line */
  for (guint i = 0; i < instants->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (instants, PoolTraceEvent, i);
      guint span_line = GPOINTER_TO_UINT (g_hash_table_lookup (span_lines,
                                                               GUINT_TO_POINTER (event->task_id)));

      if ((event->kind == POOL_TRACE_KIND_QUEUED || event->kind == POOL_TRACE_KIND_DEQUEUED ||
           event->kind == POOL_TRACE_KIND_STOLEN || event->kind == POOL_TRACE_KIND_STATUS) &&
          span_line != 0)
        {
          g_assert_cmpuint (lab_run_monitor_get_csharp_line (monitor, event), ==, span_line);
          n_task_instants++;
        }
    }
  g_assert_cmpuint (n_task_instants, >=, 1);

  /* and the ones a speaker names, to the line they would point at */
  for (guint i = 0; i < expected->n_lines; i++)
    {
      const ExpectedLine *line = &expected->lines[i];
      guint want = lab_csharp_find_line (scenario->csharp, line->needle);
      g_autoptr(GPtrArray) events = picked_events (model, instants,
                                                   lab_run_monitor_get_start_time (monitor), line);
      gboolean seen = FALSE;

      g_assert_cmpuint (want, !=, 0);
      g_assert_cmpuint (events->len, >=, 1);
      for (guint j = 0; j < events->len; j++)
        {
          guint got = lab_run_monitor_get_csharp_line (monitor, g_ptr_array_index (events, j));

          if (line->pick != SOME)
            g_assert_cmpuint (got, ==, want);
          seen |= got == want;
        }
      if (!seen)
        g_error ("%s: no %s on line %u (%s)", scenario->id, pool_trace_kind_to_string (line->kind),
                 want, line->needle);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  headless_run_init ();

  for (guint i = 0; i < G_N_ELEMENTS (expected_lines); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/%s/csharp-lines",
                                               expected_lines[i].scenario);

      g_test_add_data_func (path, &expected_lines[i], test_csharp_lines);
    }

  status = g_test_run ();
  headless_run_shutdown ();
  return status;
}
