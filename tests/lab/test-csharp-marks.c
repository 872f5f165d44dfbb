/* test-csharp-marks.c — which C# line each kind of trace event belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-csharp-marks.h"
#include "lab-run-monitor.h"

static const char csharp[] =
  "async void OnRunClicked(object sender, EventArgs e)\n"   /* 1 */
  "{\n"                                                      /* 2 */
  "    var blurred = await Task.Run(\n"                      /* 3 */
  "        () => Blur(image, token), token);\n"              /* 4 */
  "    preview.Image = blurred;\n"                           /* 5 */
  "    await Task.Delay(100);\n"                             /* 6 */
  "    preview.Image = blurred;\n"                           /* 7 */
  "}\n";                                                     /* 8 */

/* The first line holding the needle; a needle that starts on an earlier
 * line names the line it ends on; none is 0. */
static void
test_find_line (void)
{
  g_assert_cmpuint (lab_csharp_find_line (csharp, "async void"), ==, 1);
  g_assert_cmpuint (lab_csharp_find_line (csharp, "await Task.Run("), ==, 3);
  g_assert_cmpuint (lab_csharp_find_line (csharp, "() => Blur(image, token)"), ==, 4);
  g_assert_cmpuint (lab_csharp_find_line (csharp, "preview.Image = blurred;"), ==, 5);
  g_assert_cmpuint (lab_csharp_find_line (csharp, "Delay(100);\n    preview.Image"), ==, 7);
  /* a needle ending with its line's newline is still on that line */
  g_assert_cmpuint (lab_csharp_find_line (csharp, "Delay(100);\n"), ==, 6);
  g_assert_cmpuint (lab_csharp_find_line (csharp, "}\n"), ==, 8);
  g_assert_cmpuint (lab_csharp_find_line (csharp, "Task.Factory"), ==, 0);
}

static LabRunMonitor *
new_monitor (void)
{
  LabVerdict expected[LAB_VERDICT_MAX_PHASES] = { LAB_VERDICT_RESPONSIVE };

  return lab_run_monitor_new ("task-run", 1, "Task.Run from a click", expected);
}

static guint
line_of (LabRunMonitor  *monitor,
         PoolTraceEvent  event)
{
  return lab_run_monitor_get_csharp_line (monitor, &event);
}

/* Each kind of event, by the rule lab_run_monitor_get_csharp_line() gives. */
static void
test_event_lines (void)
{
  g_autoptr(LabRunMonitor) monitor = new_monitor ();

  lab_run_monitor_mark_task (monitor, 10, 3);    /* the blur task */
  lab_run_monitor_mark_task (monitor, 11, 9);    /* a continuation */
  lab_run_monitor_mark_label (monitor, "blur", 4);
  lab_run_monitor_mark_label (monitor, "ui.Post", 12);
  lab_run_monitor_mark_label (monitor, NULL, 13);
  lab_run_monitor_mark_wait (monitor, 20, 14);
  lab_run_monitor_mark_task (monitor, 20, 15);
  lab_run_monitor_mark_task (monitor, 21, 16);
  lab_run_monitor_mark_io (monitor, "download", 17);
  lab_run_monitor_mark_label (monitor, "download", 18);
  lab_run_monitor_mark_phase (monitor, "blur", 19);

  /* a task's span and instants: by its id */
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_TASK,
                                                         .task_id = 10 }), ==, 3);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_QUEUED,
                                                         .task_id = 10 }), ==, 3);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_DEQUEUED,
                                                         .task_id = 11 }), ==, 9);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_STOLEN,
                                                         .task_id = 10 }), ==, 3);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_STATUS,
                                                         .task_id = 10 }), ==, 3);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_TASK,
                                                         .task_id = 12 }), ==, 0);

  /* a work item's: by its label; unlabelled ones share the NULL mark */
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_WORK_ITEM,
                                                         .item_id = 1, .label = "ui.Post" }),
                    ==, 12);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_QUEUED,
                                                         .item_id = 1, .label = "ui.Post" }),
                    ==, 12);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_WORK_ITEM,
                                                         .item_id = 2 }), ==, 13);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_WORK_ITEM,
                                                         .item_id = 3, .label = "timer" }),
                    ==, 0);

  /* a region: its label, else the task it ran in */
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_REGION,
                                                         .task_id = 11, .label = "blur" }),
                    ==, 4);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_REGION,
                                                         .task_id = 11, .label = "blur-tile" }),
                    ==, 9);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_REGION,
                                                         .label = "blur-tile" }), ==, 0);

  /* I/O: its own mark before the label's (a region may share the label) */
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_IO,
                                                         .label = "download" }), ==, 17);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_REGION,
                                                         .label = "download" }), ==, 18);

  /* a wait: the waiting site when marked, else the waited task */
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_WAIT_BEGIN,
                                                         .other_task_id = 20 }), ==, 14);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_WAIT_END,
                                                         .task_id = 10,
                                                         .other_task_id = 20 }), ==, 14);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_WAIT_BEGIN,
                                                         .other_task_id = 21 }), ==, 16);

  /* a link: the child's or continuation's line, else the parent's */
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_LINK,
                                                         .task_id = 10, .other_task_id = 11,
                                                         .link = POOL_TRACE_LINK_CONTINUATION }),
                    ==, 9);
  g_assert_cmpuint (line_of (monitor, (PoolTraceEvent) { .kind = POOL_TRACE_KIND_LINK,
                                                         .task_id = 10, .other_task_id = 30,
                                                         .link = POOL_TRACE_LINK_PARENT_CHILD }),
                    ==, 3);

  /* phases are no events: asked by name, apart from the labels */
  g_assert_cmpuint (lab_run_monitor_get_phase_line (monitor, "blur"), ==, 19);
  g_assert_cmpuint (lab_run_monitor_get_phase_line (monitor, "ui.Post"), ==, 0);
}

/* The code after an await: the line marked for that await, known from the
 * await's link; before the link is seen, the first await marked. */
static void
test_await_lines (void)
{
  g_autoptr(LabRunMonitor) monitor = new_monitor ();
  g_autoptr(LabCsharpMarks) marks = lab_csharp_marks_new ();
  PoolTraceEvent links[] = {
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 10, .item_id = 4,
      .link = POOL_TRACE_LINK_CONTINUATION },
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 11, .item_id = 5,
      .link = POOL_TRACE_LINK_CONTINUATION },
    /* not an await's: a continuation task */
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 11, .other_task_id = 12, .item_id = 6,
      .link = POOL_TRACE_LINK_CONTINUATION },
  };
  PoolTraceEvent first = { .kind = POOL_TRACE_KIND_WORK_ITEM, .item_id = 4, .label = "await" };
  PoolTraceEvent second = { .kind = POOL_TRACE_KIND_WORK_ITEM, .item_id = 5, .label = "await" };
  PoolTraceEvent other = { .kind = POOL_TRACE_KIND_WORK_ITEM, .item_id = 6, .label = "await" };

  lab_run_monitor_mark_task (monitor, 10, 3);
  lab_run_monitor_mark_await (monitor, 10, 5);
  lab_run_monitor_mark_await (monitor, 11, 7);
  /* no links seen yet: every "await" item falls back to the first await */
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (monitor, &first), ==, 5);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (monitor, &second), ==, 5);
  /* an await's link itself: the awaited task's line, where the await is */
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (monitor, &links[0]), ==, 3);
  g_assert_cmpuint (lab_run_monitor_get_csharp_line (monitor, &links[1]), ==, 5);

  lab_csharp_marks_set (marks, LAB_CSHARP_MARK_AWAIT, 10, NULL, 5);
  lab_csharp_marks_set (marks, LAB_CSHARP_MARK_AWAIT, 11, NULL, 7);
  lab_csharp_marks_set (marks, LAB_CSHARP_MARK_LABEL, 0, "await", 5);
  lab_csharp_marks_note_events (marks, links, G_N_ELEMENTS (links));
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &first), ==, 5);
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &second), ==, 7);
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &other), ==, 5);
}

/* A task the scenario could not mark (the pool's continuation for an await
 * or a combinator) takes the line of the task it continues, or of its
 * parent, as the links say; a chain is followed, a loop is not forever. */
static void
test_origin_lines (void)
{
  g_autoptr(LabCsharpMarks) marks = lab_csharp_marks_new ();
  PoolTraceEvent links[] = {
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 10, .other_task_id = 11,
      .link = POOL_TRACE_LINK_CONTINUATION },
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 11, .other_task_id = 12,
      .link = POOL_TRACE_LINK_CONTINUATION },
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 10, .other_task_id = 13,
      .link = POOL_TRACE_LINK_PARENT_CHILD },
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 20, .other_task_id = 21,
      .link = POOL_TRACE_LINK_CONTINUATION },
    { .kind = POOL_TRACE_KIND_LINK, .task_id = 21, .other_task_id = 20,
      .link = POOL_TRACE_LINK_CONTINUATION },
  };
  PoolTraceEvent span = { .kind = POOL_TRACE_KIND_TASK };

  lab_csharp_marks_set (marks, LAB_CSHARP_MARK_TASK, 10, NULL, 3);
  lab_csharp_marks_set (marks, LAB_CSHARP_MARK_TASK, 13, NULL, 8);
  lab_csharp_marks_note_events (marks, links, G_N_ELEMENTS (links));

  span.task_id = 11;
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &span), ==, 3);
  span.task_id = 12;
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &span), ==, 3);
  /* a mark of its own wins */
  span.task_id = 13;
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &span), ==, 8);
  span.task_id = 21;
  g_assert_cmpuint (lab_csharp_marks_get_event_line (marks, &span), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/csharp-marks/find-line", test_find_line);
  g_test_add_func ("/lab/csharp-marks/event-lines", test_event_lines);
  g_test_add_func ("/lab/csharp-marks/await-lines", test_await_lines);
  g_test_add_func ("/lab/csharp-marks/origin-lines", test_origin_lines);
  return g_test_run ();
}
