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
  LAB_CSHARP_MARK_LABEL,  /* a work item's, region's, I/O's or phase's label */
  LAB_CSHARP_MARK_WAIT,   /* the id of the task a blocking wait waits for */
} LabCsharpMarkKind;

/* Called once per mark, in no particular order; @label for a label mark,
 * @id for the others. */
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
guint           lab_csharp_find_line            (const char           *csharp,
                                                 const char           *needle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabCsharpMarks, lab_csharp_marks_free)

G_END_DECLS
