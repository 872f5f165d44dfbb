/* lab-event-words.c — one trace event in a speaker's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The replay bar names the event under its cursor the way a speaker would
 * say it to a room: "Task 3 queued to the UI thread's queue", "Task 3
 * Running on the UI thread", "the UI thread waits for task 3". Threads are
 * named as their lanes are ("UI thread", "Worker 2"); statuses by their TPL
 * names.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-event-words.h"

/* "the UI thread", "Worker 2", "Dedicated 1": as the lanes name them */
static char *
thread_name (LabTraceModel        *model,
             const PoolTraceEvent *event)
{
  const char *title = model != NULL ? lab_trace_model_get_thread_name (model, event->thread_serial)
                                    : NULL;

  if (event->role == POOL_THREAD_ROLE_UI || g_strcmp0 (title, "UI thread") == 0)
    return g_strdup (_("the UI thread"));
  if (title != NULL)
    return g_strdup (title);
  if (event->role == POOL_THREAD_ROLE_WORKER && event->worker_index >= 0)
    return g_strdup_printf (_("Worker %d"), event->worker_index + 1);
  return g_strdup_printf (_("thread %u"), event->thread_serial);
}

static char *
capitalized (char *text)
{
  if (text != NULL && g_ascii_islower (text[0]))
    text[0] = g_ascii_toupper (text[0]);
  return text;
}

/* "task 3" in the middle of a sentence */
static char *
lowered (const char *text)
{
  char *copy = g_strdup (text);

  if (g_ascii_isupper (copy[0]))
    copy[0] = g_ascii_tolower (copy[0]);
  return copy;
}

static char *
queue_name (PoolTraceQueue queue,
            int            queue_index)
{
  switch (queue)
    {
    case POOL_TRACE_QUEUE_MAIN_CONTEXT:
      return g_strdup (_("the UI thread's queue"));
    case POOL_TRACE_QUEUE_GLOBAL:
      return g_strdup (_("the global queue"));
    case POOL_TRACE_QUEUE_LOCAL:
      return g_strdup_printf (_("Worker %d's local queue"), queue_index + 1);
    case POOL_TRACE_QUEUE_DEDICATED:
      return g_strdup (_("a thread of its own (LongRunning)"));
    case POOL_TRACE_QUEUE_NONE:
    default:
      return g_strdup (_("a queue"));
    }
}

/* "Task 3", "The code after an await", "Work item “timer”", "“blur”" */
static char *
subject (const PoolTraceEvent *event)
{
  if (event->kind == POOL_TRACE_KIND_REGION)
    return g_strdup_printf ("“%s”", event->label != NULL ? event->label : "?");
  if (event->kind == POOL_TRACE_KIND_IO)
    return g_strdup_printf (_("I/O “%s”"), event->label != NULL ? event->label : "?");
  if (event->task_id != 0)
    return g_strdup_printf (_("Task %u"), event->task_id);
  if (g_strcmp0 (event->label, "await") == 0)
    return g_strdup (_("The code after an await"));
  if (event->label != NULL)
    return g_strdup_printf (_("Work item “%s”"), event->label);
  return g_strdup (_("A work item"));
}

static char *
describe_span (LabTraceModel        *model,
               const PoolTraceEvent *event,
               gboolean              is_end)
{
  g_autofree char *who = subject (event);
  g_autofree char *thread = thread_name (model, event);

  if (event->kind == POOL_TRACE_KIND_IO)
    return is_end ? g_strdup_printf (_("%s completes"), who)
                  : g_strdup_printf (_("%s starts: no thread waits for it"), who);
  if (is_end)
    return g_strdup_printf (_("%s ends on %s"), who, thread);
  if (event->inlined)
    return g_strdup_printf (_("%s runs inline on %s"), who, thread);
  return g_strdup_printf (_("%s starts on %s"), who, thread);
}

static char *
describe (LabTraceModel        *model,
          const PoolTraceEvent *event,
          gboolean              is_end)
{
  g_autofree char *who = NULL;
  g_autofree char *thread = NULL;
  g_autofree char *queue = NULL;
  g_autofree char *lower = NULL;

  who = subject (event);
  thread = thread_name (model, event);
  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
    case POOL_TRACE_KIND_WORK_ITEM:
    case POOL_TRACE_KIND_REGION:
    case POOL_TRACE_KIND_IO:
      return describe_span (model, event, is_end);
    case POOL_TRACE_KIND_QUEUED:
      queue = queue_name (event->queue, event->queue_index);
      if (event->queue == POOL_TRACE_QUEUE_DEDICATED)
        return g_strdup_printf (_("%s handed to %s"), who, queue);
      return g_strdup_printf (_("%s queued to %s"), who, queue);
    case POOL_TRACE_KIND_DEQUEUED:
      queue = queue_name (event->queue, event->queue_index);
      lower = lowered (who);
      return g_strdup_printf (_("%s takes %s from %s"), thread, lower, queue);
    case POOL_TRACE_KIND_STOLEN:
      queue = queue_name (event->queue, event->queue_index);
      lower = lowered (who);
      return g_strdup_printf (_("%s steals %s from %s"), thread, lower, queue);
    case POOL_TRACE_KIND_STATUS:
      if (event->status == POOL_TASK_STATUS_RUNNING)
        return g_strdup_printf (_("%s %s on %s"), who, pool_task_status_to_string (event->status),
                                thread);
      return g_strdup_printf (_("%s is %s"), who, pool_task_status_to_string (event->status));
    case POOL_TRACE_KIND_WAIT_BEGIN:
      return g_strdup_printf (_("%s waits for task %u"), thread, event->other_task_id);
    case POOL_TRACE_KIND_WAIT_END:
      return g_strdup_printf (_("%s stops waiting for task %u"), thread, event->other_task_id);
    case POOL_TRACE_KIND_LINK:
      if (event->link == POOL_TRACE_LINK_PARENT_CHILD)
        return g_strdup_printf (_("Task %u creates its attached child, task %u"), event->task_id,
                                event->other_task_id);
      if (event->other_task_id != 0)
        return g_strdup_printf (_("Task %u continues task %u"), event->other_task_id,
                                event->task_id);
      return g_strdup_printf (_("Task %u is done: the code after its await is posted"),
                              event->task_id);
    default:
      return g_strdup (pool_trace_kind_to_string (event->kind));
    }
}

/**
 * lab_event_words_describe:
 * @model: (nullable): the trace the event is from, for its threads' names
 * @is_end: for a span, whether this is its end (else its start)
 *
 * Returns: (transfer full): the event in words, one line, capitalized
 */
char *
lab_event_words_describe (LabTraceModel        *model,
                          const PoolTraceEvent *event,
                          gboolean              is_end)
{
  g_return_val_if_fail (event != NULL, NULL);

  return capitalized (describe (model, event, is_end));
}
