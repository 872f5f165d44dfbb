/* lab-csharp-marks.c — see lab-csharp-marks.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario marks its tasks, labels and waits as it launches them, some
 * from the UI thread and some from inside a task on a worker (an attached
 * child); the monitor learns the trace's links on the UI thread, and the
 * window reads the lines there while the run goes on. So one lock guards
 * every table.
 */
#define G_LOG_DOMAIN "Lab"

#include <pthread.h>
#include <string.h>

#include "lab-csharp-marks.h"

struct _LabCsharpMarks
{
  pthread_mutex_t lock;   /* pthread, not GMutex: ThreadSanitizer sees it */
  /* by kind: a task id -> line, or an owned label -> line */
  GHashTable *tables[LAB_CSHARP_MARK_N_KINDS];
  GHashTable *items;    /* owned guint64 item id -> awaited task id */
  GHashTable *origins;  /* task id -> the task it continues, or its parent */
};

/* how far an unmarked task's origins are followed */
#define MAX_ORIGINS 8

/* the run file's names */
static const char * const kind_names[] = { "task", "label", "wait", "await", "io", "phase" };

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == LAB_CSHARP_MARK_N_KINDS);

const char *
lab_csharp_mark_kind_to_string (LabCsharpMarkKind kind)
{
  g_return_val_if_fail ((guint) kind < LAB_CSHARP_MARK_N_KINDS, NULL);

  return kind_names[kind];
}

/* LAB_CSHARP_MARK_N_KINDS for a name this version does not know */
LabCsharpMarkKind
lab_csharp_mark_kind_from_string (const char *name)
{
  for (guint kind = 0; kind < LAB_CSHARP_MARK_N_KINDS; kind++)
    if (g_strcmp0 (kind_names[kind], name) == 0)
      return kind;
  return LAB_CSHARP_MARK_N_KINDS;
}

/* NULL stands for the work items posted without a label (QueueUserWorkItem,
 * a plain post) */
static const char *
label_key (const char *label)
{
  return label != NULL ? label : "";
}

LabCsharpMarks *
lab_csharp_marks_new (void)
{
  LabCsharpMarks *self = g_new0 (LabCsharpMarks, 1);

  pthread_mutex_init (&self->lock, NULL);
  for (guint kind = 0; kind < LAB_CSHARP_MARK_N_KINDS; kind++)
    self->tables[kind] = LAB_CSHARP_MARK_KIND_HAS_LABEL (kind)
                         ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL)
                         : g_hash_table_new (NULL, NULL);
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->origins = g_hash_table_new (NULL, NULL);
  return self;
}

void
lab_csharp_marks_free (LabCsharpMarks *self)
{
  if (self == NULL)
    return;
  for (guint kind = 0; kind < LAB_CSHARP_MARK_N_KINDS; kind++)
    g_hash_table_unref (self->tables[kind]);
  g_hash_table_unref (self->items);
  g_hash_table_unref (self->origins);
  pthread_mutex_destroy (&self->lock);
  g_free (self);
}

/**
 * lab_csharp_marks_set:
 * @id: a task id, for the kinds keyed by one
 * @label: (nullable): the label, for the kinds keyed by one; %NULL (or "")
 *   for the work items posted without one
 * @line: the 1-based C# line; a later mark of the same key replaces it
 */
void
lab_csharp_marks_set (LabCsharpMarks    *self,
                      LabCsharpMarkKind  kind,
                      guint              id,
                      const char        *label,
                      guint              line)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (line > 0);
  g_return_if_fail ((guint) kind < LAB_CSHARP_MARK_N_KINDS);
  g_return_if_fail (LAB_CSHARP_MARK_KIND_HAS_LABEL (kind) || id != 0);

  pthread_mutex_lock (&self->lock);
  if (LAB_CSHARP_MARK_KIND_HAS_LABEL (kind))
    g_hash_table_insert (self->tables[kind], g_strdup (label_key (label)),
                         GUINT_TO_POINTER (line));
  else
    g_hash_table_insert (self->tables[kind], GUINT_TO_POINTER (id), GUINT_TO_POINTER (line));
  pthread_mutex_unlock (&self->lock);
}

/* The marked line, or 0. */
guint
lab_csharp_marks_lookup (LabCsharpMarks    *self,
                         LabCsharpMarkKind  kind,
                         guint              id,
                         const char        *label)
{
  gpointer line;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail ((guint) kind < LAB_CSHARP_MARK_N_KINDS, 0);

  if (!LAB_CSHARP_MARK_KIND_HAS_LABEL (kind) && id == 0)
    return 0;
  pthread_mutex_lock (&self->lock);
  if (LAB_CSHARP_MARK_KIND_HAS_LABEL (kind))
    line = g_hash_table_lookup (self->tables[kind], label_key (label));
  else
    line = g_hash_table_lookup (self->tables[kind], GUINT_TO_POINTER (id));
  pthread_mutex_unlock (&self->lock);
  return GPOINTER_TO_UINT (line);
}

/* A task's mark; an unmarked continuation or child (one the pool made for
 * an await or a combinator, which the scenario has no handle of) takes the
 * line of the task it continues or of its parent. */
static guint
task_line (LabCsharpMarks *self,
           guint           task_id)
{
  for (guint hop = 0; task_id != 0 && hop < MAX_ORIGINS; hop++)
    {
      guint line = lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_TASK, task_id, NULL);

      if (line != 0)
        return line;
      pthread_mutex_lock (&self->lock);
      task_id = GPOINTER_TO_UINT (g_hash_table_lookup (self->origins, GUINT_TO_POINTER (task_id)));
      pthread_mutex_unlock (&self->lock);
    }
  return 0;
}

static guint
label_line (LabCsharpMarks *self,
            const char     *label)
{
  return lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_LABEL, 0, label);
}

/* A work item's line: the code after the await it resumes, if marked; else
 * its label's. */
static guint
item_line (LabCsharpMarks       *self,
           const PoolTraceEvent *event)
{
  guint awaited = 0;

  if (event->item_id != 0)
    {
      pthread_mutex_lock (&self->lock);
      awaited = GPOINTER_TO_UINT (g_hash_table_lookup (self->items, &event->item_id));
      pthread_mutex_unlock (&self->lock);
    }
  if (awaited != 0)
    {
      guint line = lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_AWAIT, awaited, NULL);

      if (line != 0)
        return line;
    }
  return label_line (self, event->label);
}

/**
 * lab_csharp_marks_get_event_line:
 *
 * The C# line @event belongs to (the rules are in lab-run-monitor.h, at
 * lab_run_monitor_get_csharp_line()), or 0.
 */
guint
lab_csharp_marks_get_event_line (LabCsharpMarks       *self,
                                 const PoolTraceEvent *event)
{
  guint line;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (event != NULL, 0);

  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
    case POOL_TRACE_KIND_STATUS:
      return task_line (self, event->task_id);

    case POOL_TRACE_KIND_QUEUED:
    case POOL_TRACE_KIND_DEQUEUED:
    case POOL_TRACE_KIND_STOLEN:
      return event->task_id != 0 ? task_line (self, event->task_id) : item_line (self, event);

    case POOL_TRACE_KIND_WORK_ITEM:
      return item_line (self, event);

    case POOL_TRACE_KIND_IO:
      line = lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_IO, 0, event->label);
      return line != 0 ? line : label_line (self, event->label);

    case POOL_TRACE_KIND_REGION:
      /* a region the scenario did not mark is part of the task it ran in */
      line = label_line (self, event->label);
      return line != 0 ? line : task_line (self, event->task_id);

    case POOL_TRACE_KIND_WAIT_BEGIN:
    case POOL_TRACE_KIND_WAIT_END:
      /* the waiting site (.Result, Wait()) when marked, else the waited task */
      line = lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_WAIT, event->other_task_id, NULL);
      return line != 0 ? line : task_line (self, event->other_task_id);

    case POOL_TRACE_KIND_LINK:
      /* A child or a ContinueWith continuation is linked as it is made:
       * its own line (StartNew, ContinueWith). An await's link is recorded
       * as the awaited task completes and posts the code after it: the
       * awaited task's line, which holds the await. */
      if (event->other_task_id != 0)
        {
          line = task_line (self, event->other_task_id);
          return line != 0 ? line : task_line (self, event->task_id);
        }
      line = task_line (self, event->task_id);
      return line != 0 ? line : label_line (self, "await");

    default:
      return 0;
    }
}

void
lab_csharp_marks_foreach (LabCsharpMarks    *self,
                          LabCsharpMarkFunc  func,
                          gpointer           user_data)
{
  typedef struct
  {
    LabCsharpMarkKind kind;
    guint             id;
    char             *label;
    guint             line;
  } Mark;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (Mark));

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  /* copied under the lock, called without it: @func may mark again */
  pthread_mutex_lock (&self->lock);
  for (guint kind = 0; kind < LAB_CSHARP_MARK_N_KINDS; kind++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->tables[kind]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Mark mark = {
            kind,
            LAB_CSHARP_MARK_KIND_HAS_LABEL (kind) ? 0 : GPOINTER_TO_UINT (key),
            LAB_CSHARP_MARK_KIND_HAS_LABEL (kind) ? g_strdup (key) : NULL,
            GPOINTER_TO_UINT (value),
          };

          g_array_append_val (marks, mark);
        }
    }
  pthread_mutex_unlock (&self->lock);

  for (guint i = 0; i < marks->len; i++)
    {
      Mark *mark = &g_array_index (marks, Mark, i);

      func (mark->kind, mark->id, mark->label, mark->line, user_data);
      g_free (mark->label);
    }
}

/**
 * lab_csharp_marks_note_events:
 *
 * Learns from the links among @events which await each posted item
 * resumes (an await's link: the awaited task to the work item that runs
 * the code after it), and which task each continuation continues and each
 * child's parent is; other events are skipped.
 */
void
lab_csharp_marks_note_events (LabCsharpMarks       *self,
                              const PoolTraceEvent *events,
                              guint                 n_events)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (events != NULL || n_events == 0);

  for (guint i = 0; i < n_events; i++)
    {
      if (events[i].kind != POOL_TRACE_KIND_LINK || events[i].task_id == 0)
        continue;
      if (events[i].other_task_id != 0)
        lab_csharp_marks_set_origin (self, events[i].other_task_id, events[i].task_id);
      else if (events[i].item_id != 0)
        lab_csharp_marks_set_await_item (self, events[i].item_id, events[i].task_id);
    }
}

/* @task_id continues @origin_task_id, or is its attached child. */
void
lab_csharp_marks_set_origin (LabCsharpMarks *self,
                             guint           task_id,
                             guint           origin_task_id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (task_id != 0 && origin_task_id != 0);

  pthread_mutex_lock (&self->lock);
  g_hash_table_insert (self->origins, GUINT_TO_POINTER (task_id),
                       GUINT_TO_POINTER (origin_task_id));
  pthread_mutex_unlock (&self->lock);
}

/* The work item @item_id runs the code after an await of @awaited_task_id. */
void
lab_csharp_marks_set_await_item (LabCsharpMarks *self,
                                 guint64         item_id,
                                 guint           awaited_task_id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (item_id != 0 && awaited_task_id != 0);

  pthread_mutex_lock (&self->lock);
  g_hash_table_insert (self->items, g_memdup2 (&item_id, sizeof item_id),
                       GUINT_TO_POINTER (awaited_task_id));
  pthread_mutex_unlock (&self->lock);
}

/**
 * lab_csharp_find_line:
 * @csharp: a scenario's C#
 * @needle: text of one of its lines; or, to tell two equal lines apart,
 *   text that ends on the line meant and starts on a line before it
 *
 * Returns: the 1-based number of the line of the first match of @needle in
 *   @csharp that holds the end of @needle, or 0 when @needle is not found
 */
guint
lab_csharp_find_line (const char *csharp,
                      const char *needle)
{
  const char *found;
  guint line = 1;

  g_return_val_if_fail (csharp != NULL, 0);
  g_return_val_if_fail (needle != NULL && *needle != '\0', 0);

  found = strstr (csharp, needle);
  if (found == NULL)
    return 0;
  /* the line of the needle's last character: a final newline is its line's end */
  for (const char *c = csharp; c < found + strlen (needle) - 1; c++)
    if (*c == '\n')
      line++;
  return line;
}
