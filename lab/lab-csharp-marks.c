/* lab-csharp-marks.c — see lab-csharp-marks.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario marks its tasks, labels and waits as it launches them, some
 * from the UI thread and some from inside a task on a worker (an attached
 * child); the window reads them on the UI thread, while the run goes on
 * too. So one lock guards the three tables.
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-csharp-marks.h"

struct _LabCsharpMarks
{
  GMutex      lock;
  GHashTable *tasks;    /* task id -> line */
  GHashTable *labels;   /* owned label -> line */
  GHashTable *waits;    /* waited task id -> line */
};

LabCsharpMarks *
lab_csharp_marks_new (void)
{
  LabCsharpMarks *self = g_new0 (LabCsharpMarks, 1);

  g_mutex_init (&self->lock);
  self->tasks = g_hash_table_new (NULL, NULL);
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waits = g_hash_table_new (NULL, NULL);
  return self;
}

void
lab_csharp_marks_free (LabCsharpMarks *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->tasks);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->waits);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * lab_csharp_marks_set:
 * @id: a task id (#LAB_CSHARP_MARK_TASK, #LAB_CSHARP_MARK_WAIT), else ignored
 * @label: the label (#LAB_CSHARP_MARK_LABEL), else ignored
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
  g_return_if_fail (kind == LAB_CSHARP_MARK_LABEL ? label != NULL : id != 0);

  g_mutex_lock (&self->lock);
  if (kind == LAB_CSHARP_MARK_LABEL)
    g_hash_table_insert (self->labels, g_strdup (label), GUINT_TO_POINTER (line));
  else
    g_hash_table_insert (kind == LAB_CSHARP_MARK_TASK ? self->tasks : self->waits,
                         GUINT_TO_POINTER (id), GUINT_TO_POINTER (line));
  g_mutex_unlock (&self->lock);
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

  if (kind == LAB_CSHARP_MARK_LABEL ? label == NULL : id == 0)
    return 0;
  g_mutex_lock (&self->lock);
  if (kind == LAB_CSHARP_MARK_LABEL)
    line = g_hash_table_lookup (self->labels, label);
  else
    line = g_hash_table_lookup (kind == LAB_CSHARP_MARK_TASK ? self->tasks : self->waits,
                                GUINT_TO_POINTER (id));
  g_mutex_unlock (&self->lock);
  return GPOINTER_TO_UINT (line);
}

static guint
task_line (LabCsharpMarks *self,
           guint           task_id)
{
  return lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_TASK, task_id, NULL);
}

static guint
label_line (LabCsharpMarks *self,
            const char     *label)
{
  return lab_csharp_marks_lookup (self, LAB_CSHARP_MARK_LABEL, 0, label);
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
      return event->task_id != 0 ? task_line (self, event->task_id)
                                 : label_line (self, event->label);

    case POOL_TRACE_KIND_WORK_ITEM:
    case POOL_TRACE_KIND_IO:
      return label_line (self, event->label);

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
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (gpointer) * 3);
  GHashTable *tables[] = { self->tasks, self->labels, self->waits };

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  /* copied under the lock, called without it: @func may mark again */
  g_mutex_lock (&self->lock);
  for (guint kind = 0; kind < G_N_ELEMENTS (tables); kind++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, tables[kind]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gpointer mark[3] = {
            GUINT_TO_POINTER (kind),
            kind == LAB_CSHARP_MARK_LABEL ? g_strdup (key) : key,
            value,
          };

          g_array_append_vals (marks, mark, 1);
        }
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < marks->len; i++)
    {
      gpointer *mark = &g_array_index (marks, gpointer, i * 3);
      LabCsharpMarkKind kind = GPOINTER_TO_UINT (mark[0]);

      if (kind == LAB_CSHARP_MARK_LABEL)
        {
          func (kind, 0, mark[1], GPOINTER_TO_UINT (mark[2]), user_data);
          g_free (mark[1]);
        }
      else
        func (kind, GPOINTER_TO_UINT (mark[1]), NULL, GPOINTER_TO_UINT (mark[2]), user_data);
    }
}

/**
 * lab_csharp_find_line:
 * @csharp: a scenario's C#
 * @needle: text of one of its lines
 *
 * Returns: the 1-based number of the first line of @csharp that holds
 *   @needle, or 0 when none does
 */
guint
lab_csharp_find_line (const char *csharp,
                      const char *needle)
{
  const char *found;
  guint line = 1;

  g_return_val_if_fail (csharp != NULL, 0);
  g_return_val_if_fail (needle != NULL && *needle != '\0', 0);
  g_return_val_if_fail (strchr (needle, '\n') == NULL, 0);

  found = strstr (csharp, needle);
  if (found == NULL)
    return 0;
  for (const char *c = csharp; c < found; c++)
    if (*c == '\n')
      line++;
  return line;
}
