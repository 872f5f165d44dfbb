/* lab-scenario-run-marks.c — a scenario says which line of its C# each
 * thing it launches belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario names a line by a piece of its text, next to the C call that
 * mirrors it, so the mark moves with the C# when someone edits it; a piece
 * that no longer matches is a programming error, reported with the
 * scenario and the piece (fatal in the tests, which also check every mark
 * written in every scenario's source).
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-csharp-marks.h"
#include "lab-scenario-run.h"

/**
 * lab_scenario_find_csharp_line:
 * @csharp_needle: a piece of one line of @scenario's C#
 *
 * Returns: the 1-based number of the first line that holds @csharp_needle;
 *   0, with a critical warning, when none does
 */
guint
lab_scenario_find_csharp_line (const LabScenario *scenario,
                               const char        *csharp_needle)
{
  guint line;

  g_return_val_if_fail (scenario != NULL, 0);
  g_return_val_if_fail (csharp_needle != NULL, 0);

  line = scenario->csharp != NULL ? lab_csharp_find_line (scenario->csharp, csharp_needle) : 0;
  if (line == 0)
    g_critical ("Scenario %s: no line of its C# holds \"%s\"", scenario->id, csharp_needle);
  return line;
}

static guint
find_line (LabScenarioRun *self,
           const char     *csharp_needle)
{
  return lab_scenario_find_csharp_line (lab_scenario_run_get_scenario (self), csharp_needle);
}

/* @task's events belong to the line holding @csharp_needle. */
void
lab_scenario_run_mark_task (LabScenarioRun *self,
                            PoolTask       *task,
                            const char     *csharp_needle)
{
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (task != NULL);

  line = find_line (self, csharp_needle);
  if (line != 0)
    lab_run_monitor_mark_task (lab_scenario_run_get_monitor (self), pool_task_get_id (task), line);
}

/**
 * lab_scenario_run_mark_tasks_since:
 * @trace_position: pool_trace_get_position() before the call that made them
 *
 * Every task the calling thread made since @trace_position belongs to the
 * line holding @csharp_needle: a combinator's task (Task.WhenAll,
 * Unwrap, Task.Run of an async delegate) and the continuations it hangs on
 * its inputs, which run and show in the trace but which the caller has no
 * handle of. The trace says which tasks were made: each one's first status
 * is recorded by the thread that made it.
 */
void
lab_scenario_run_mark_tasks_since (LabScenarioRun *self,
                                   guint64         trace_position,
                                   const char     *csharp_needle)
{
  g_autoptr(GArray) events = NULL;
  guint serial = pool_trace_get_thread_serial ();
  LabRunMonitor *monitor;
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  line = find_line (self, csharp_needle);
  if (line == 0)
    return;
  monitor = lab_scenario_run_get_monitor (self);
  events = pool_trace_copy_events_since (trace_position);
  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->kind == POOL_TRACE_KIND_STATUS && event->thread_serial == serial &&
          event->task_id != 0 &&
          (event->status == POOL_TASK_STATUS_CREATED ||
           event->status == POOL_TASK_STATUS_WAITING_FOR_ACTIVATION))
        lab_run_monitor_mark_task (monitor, event->task_id, line);
    }
}

/* The work items, regions or I/O labelled @label (%NULL: the work items
 * posted without a label) belong to the line holding @csharp_needle. */
void
lab_scenario_run_mark_label (LabScenarioRun *self,
                             const char     *label,
                             const char     *csharp_needle)
{
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));

  line = find_line (self, csharp_needle);
  if (line != 0)
    lab_run_monitor_mark_label (lab_scenario_run_get_monitor (self), label, line);
}

/* A blocking wait for @waited (.Result, .Wait()) belongs to the line
 * holding @csharp_needle, not to @waited's own line. */
void
lab_scenario_run_mark_wait (LabScenarioRun *self,
                            PoolTask       *waited,
                            const char     *csharp_needle)
{
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (waited != NULL);

  line = find_line (self, csharp_needle);
  if (line != 0)
    lab_run_monitor_mark_wait (lab_scenario_run_get_monitor (self), pool_task_get_id (waited),
                               line);
}

/* The code after awaiting @awaited (the work item that resumes it) belongs
 * to the line holding @csharp_needle: the line after the await. */
void
lab_scenario_run_mark_await (LabScenarioRun *self,
                             PoolTask       *awaited,
                             const char     *csharp_needle)
{
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (awaited != NULL);

  line = find_line (self, csharp_needle);
  if (line != 0)
    lab_run_monitor_mark_await (lab_scenario_run_get_monitor (self), pool_task_get_id (awaited),
                                line);
}

/* The I/O spans labelled @label (not the regions) belong to the line
 * holding @csharp_needle. */
void
lab_scenario_run_mark_io (LabScenarioRun *self,
                          const char     *label,
                          const char     *csharp_needle)
{
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (label != NULL);

  line = find_line (self, csharp_needle);
  if (line != 0)
    lab_run_monitor_mark_io (lab_scenario_run_get_monitor (self), label, line);
}

/* The phase @name (lab_scenario_run_begin_phase()) measures the line
 * holding @csharp_needle. */
void
lab_scenario_run_mark_phase (LabScenarioRun *self,
                             const char     *name,
                             const char     *csharp_needle)
{
  guint line;

  g_return_if_fail (LAB_IS_SCENARIO_RUN (self));
  g_return_if_fail (name != NULL);

  line = find_line (self, csharp_needle);
  if (line != 0)
    lab_run_monitor_mark_phase (lab_scenario_run_get_monitor (self), name, line);
}
