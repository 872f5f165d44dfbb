/* lab-csharp-marks.h — which line of a scenario's C# each traced event
 * belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <pool.h>

G_BEGIN_DECLS

typedef struct _LabCsharpMarks LabCsharpMarks;

/* What a mark is keyed by. */
typedef enum
{
  LAB_CSHARP_MARK_TASK,   /* a task id */
  LAB_CSHARP_MARK_LABEL,  /* a work item's, region's or I/O's label */
  LAB_CSHARP_MARK_WAIT,   /* the id of the task a blocking wait waits for */
  LAB_CSHARP_MARK_AWAIT,  /* the id of an awaited task: the code after the await */
  LAB_CSHARP_MARK_IO,     /* an I/O label, for the I/O spans only */
  LAB_CSHARP_MARK_PHASE,  /* a phase's name */
  LAB_CSHARP_MARK_N_KINDS
} LabCsharpMarkKind;

#define LAB_CSHARP_MARK_KIND_HAS_LABEL(kind) \
  ((kind) == LAB_CSHARP_MARK_LABEL || (kind) == LAB_CSHARP_MARK_IO || \
   (kind) == LAB_CSHARP_MARK_PHASE)

const char       *lab_csharp_mark_kind_to_string   (LabCsharpMarkKind kind);
LabCsharpMarkKind lab_csharp_mark_kind_from_string (const char       *name);

/* Called once per mark, in no particular order; @label for the kinds keyed
 * by a label ("" for the work items posted without one), @id for the
 * others. */
typedef void (*LabCsharpMarkFunc) (LabCsharpMarkKind  kind,
                                   guint              id,
                                   const char        *label,
                                   guint              line,
                                   gpointer           user_data);

LabCsharpMarks *lab_csharp_marks_new            (void);
void            lab_csharp_marks_free           (LabCsharpMarks       *self);
void            lab_csharp_marks_set            (LabCsharpMarks       *self,
                                                 LabCsharpMarkKind     kind,
                                                 guint                 id,
                                                 const char           *label,
                                                 guint                 line);
guint           lab_csharp_marks_lookup         (LabCsharpMarks       *self,
                                                 LabCsharpMarkKind     kind,
                                                 guint                 id,
                                                 const char           *label);
guint           lab_csharp_marks_get_event_line (LabCsharpMarks       *self,
                                                 const PoolTraceEvent *event);
void            lab_csharp_marks_foreach        (LabCsharpMarks       *self,
                                                 LabCsharpMarkFunc     func,
                                                 gpointer              user_data);

/* which task each posted "await" work item resumes after, and which task
 * each continuation or child comes from: from the trace's links */
void            lab_csharp_marks_note_events    (LabCsharpMarks       *self,
                                                 const PoolTraceEvent *events,
                                                 guint                 n_events);
void            lab_csharp_marks_set_await_item (LabCsharpMarks       *self,
                                                 guint64               item_id,
                                                 guint                 awaited_task_id);
void            lab_csharp_marks_set_origin     (LabCsharpMarks       *self,
                                                 guint                 task_id,
                                                 guint                 origin_task_id);

guint           lab_csharp_find_line            (const char           *csharp,
                                                 const char           *needle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabCsharpMarks, lab_csharp_marks_free)

G_END_DECLS
