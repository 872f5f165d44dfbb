/* lab-run-monitor-marks.c — a run's C# lines: which line of the scenario's
 * C# each traced task, work item, region, wait and phase belongs to, so a
 * replay can light the line of the event it stands on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario marks what it launches (lab_scenario_run_mark_task() and
 * friends, which find the line from a piece of its text); the marks live in
 * a LabCsharpMarks, which locks, since a scenario marks some tasks from
 * inside other tasks, on workers.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-run-monitor-private.h"

/**
 * lab_run_monitor_mark_task:
 * @task_id: a task's id (pool_task_get_id())
 * @csharp_line: the 1-based line of the C# that makes the task
 *
 * The task's events (its span, queued, dequeued, stolen, status) belong to
 * @csharp_line; so do waits for it and links to it, unless marked otherwise.
 */
void
lab_run_monitor_mark_task (LabRunMonitor *self,
                           guint          task_id,
                           guint          csharp_line)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_TASK, task_id, NULL, csharp_line);
}

/**
 * lab_run_monitor_mark_label:
 * @label: (nullable): a work item's label ("await" for the code after an
 *   await, "timer", "yield", or a posting caller's; %NULL for the items
 *   posted without one: QueueUserWorkItem), a region's or I/O's label
 *   ("blur", "download")
 * @csharp_line: the 1-based line of the C# that code is on
 */
void
lab_run_monitor_mark_label (LabRunMonitor *self,
                            const char    *label,
                            guint          csharp_line)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_LABEL, 0, label, csharp_line);
}

/**
 * lab_run_monitor_mark_wait:
 * @waited_task_id: the task a blocking wait waits for
 * @csharp_line: the 1-based line that blocks (".Result", ".Wait()")
 *
 * A wait carries no label, only the task it waits for: without this mark
 * its events belong to the waited task's line.
 */
void
lab_run_monitor_mark_wait (LabRunMonitor *self,
                           guint          waited_task_id,
                           guint          csharp_line)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_WAIT, waited_task_id, NULL,
                        csharp_line);
}

/**
 * lab_run_monitor_mark_io:
 * @label: an I/O span's label ("download")
 * @csharp_line: the 1-based line that starts that I/O
 *
 * Only the I/O spans: a region may share the label (a blocking download
 * and an asynchronous one).
 */
void
lab_run_monitor_mark_io (LabRunMonitor *self,
                         const char    *label,
                         guint          csharp_line)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (label != NULL);

  lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_IO, 0, label, csharp_line);
}

/**
 * lab_run_monitor_mark_phase:
 * @name: a phase's name (lab_run_monitor_begin_phase())
 * @csharp_line: the 1-based line the phase measures
 *
 * Phases are no events: the replay asks lab_run_monitor_get_phase_line().
 * Their names have marks of their own, since a phase may be named as a
 * label is ("await").
 */
void
lab_run_monitor_mark_phase (LabRunMonitor *self,
                            const char    *name,
                            guint          csharp_line)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));
  g_return_if_fail (name != NULL);

  lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_PHASE, 0, name, csharp_line);
}

/**
 * lab_run_monitor_mark_await:
 * @awaited_task_id: an awaited task
 * @csharp_line: the 1-based line of the code after that await
 *
 * The work item that runs the code after awaiting @awaited_task_id belongs
 * to @csharp_line. The pool labels every such item "await"; which await it
 * resumes comes from the trace's await links, so the first await marked
 * also marks the label "await", for a trace without links.
 */
void
lab_run_monitor_mark_await (LabRunMonitor *self,
                            guint          awaited_task_id,
                            guint          csharp_line)
{
  g_return_if_fail (LAB_IS_RUN_MONITOR (self));

  lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_AWAIT, awaited_task_id, NULL,
                        csharp_line);
  if (lab_csharp_marks_lookup (self->csharp_marks, LAB_CSHARP_MARK_LABEL, 0, "await") == 0)
    lab_csharp_marks_set (self->csharp_marks, LAB_CSHARP_MARK_LABEL, 0, "await", csharp_line);
}

/**
 * lab_run_monitor_get_csharp_line:
 * @event: an event of this run's trace
 *
 * The C# line @event belongs to:
 * - a task span, and a task's queued, dequeued, stolen and status
 *   instants: the task's mark (by @task_id); an unmarked continuation or
 *   child (one the pool made for an await or a combinator) takes the line
 *   of the task it continues or of its parent, known from the links;
 * - a work item span and a work item's queued, dequeued and stolen
 *   instants: the await's mark when it runs the code after an await
 *   (known from the await's link), else the mark of its label;
 * - an I/O span: the I/O mark of its label, else its label's mark;
 * - a region: the mark of its label, else the mark of the task it ran in;
 * - a wait's begin and end: the wait's mark (by the waited task,
 *   @other_task_id), else the waited task's mark;
 * - a link to a child or a ContinueWith continuation (recorded as it is
 *   made): the child's or continuation's mark, else the parent's or
 *   antecedent's; an await's link (recorded as the awaited task completes
 *   and posts the code after the await): the awaited task's mark, which is
 *   the await's line, else the mark of "await".
 *
 * Returns: the 1-based line, or 0 when nothing marks it
 */
guint
lab_run_monitor_get_csharp_line (LabRunMonitor        *self,
                                 const PoolTraceEvent *event)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), 0);
  g_return_val_if_fail (event != NULL, 0);

  return lab_csharp_marks_get_event_line (self->csharp_marks, event);
}

/**
 * lab_run_monitor_get_phase_line:
 * @name: a phase's name (lab_run_monitor_begin_phase())
 *
 * Returns: the line marked for the phase @name, or 0
 */
guint
lab_run_monitor_get_phase_line (LabRunMonitor *self,
                                const char    *name)
{
  g_return_val_if_fail (LAB_IS_RUN_MONITOR (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  return lab_csharp_marks_lookup (self->csharp_marks, LAB_CSHARP_MARK_PHASE, 0, name);
}
