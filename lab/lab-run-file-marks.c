/* lab-run-file-marks.c — a saved run's C# lines (lab-csharp-marks.h):
 * which line of the scenario's C# each event belongs to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Optional in the file: a run saved before scenarios marked their lines
 * opens with none. A mark of a kind this version does not know is skipped.
 * What the marks learn from the trace's links (which await a posted item
 * resumes, where the pool's own continuations come from) is learned again
 * from the saved instants.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-run-file-private.h"
#include "lab-run-monitor-private.h"

static void
add_uint (JsonBuilder *builder,
          const char  *name,
          guint64      value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) value);
}

static gboolean
member_is (JsonObject  *object,
           const char  *name,
           JsonNodeType type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_TYPE (node) == type;
}

static gboolean
corrupt (GError **error)
{
  g_set_error (error, LAB_RUN_FILE_ERROR, LAB_RUN_FILE_ERROR_CORRUPT,
               _("This TaskLab run is damaged (%s) and cannot be opened."), _("its C# lines"));
  return FALSE;
}

/* ---- saving ---------------------------------------------------------------- */

static void
add_csharp_mark (LabCsharpMarkKind  kind,
                 guint              id,
                 const char        *label,
                 guint              line,
                 gpointer           user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, lab_csharp_mark_kind_to_string (kind));
  if (LAB_CSHARP_MARK_KIND_HAS_LABEL (kind))
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
    }
  else
    add_uint (builder, "id", id);
  add_uint (builder, "line", line);
  json_builder_end_object (builder);
}

void
_lab_run_file_add_csharp_marks (JsonBuilder   *builder,
                                LabRunMonitor *monitor)
{
  json_builder_set_member_name (builder, "csharp_marks");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);
  lab_csharp_marks_foreach (monitor->csharp_marks, add_csharp_mark, builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* ---- opening --------------------------------------------------------------- */

static gboolean
int_member_is_positive (JsonObject *object,
                        const char *name)
{
  return member_is (object, name, JSON_NODE_VALUE) &&
         json_object_get_int_member (object, name) > 0 &&
         json_object_get_int_member (object, name) <= G_MAXUINT;
}

/* One saved mark into @marks; FALSE if it is damaged. A kind this version
 * does not know (a newer one's) is skipped. */
static gboolean
csharp_mark_from_json (JsonNode       *node,
                       LabCsharpMarks *marks)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  LabCsharpMarkKind kind;

  if (object == NULL || !int_member_is_positive (object, "line"))
    return FALSE;
  kind = lab_csharp_mark_kind_from_string (json_object_get_string_member_with_default (object,
                                                                                       "kind",
                                                                                       NULL));
  if (kind == LAB_CSHARP_MARK_N_KINDS)
    return member_is (object, "kind", JSON_NODE_VALUE);
  if (LAB_CSHARP_MARK_KIND_HAS_LABEL (kind) ? !member_is (object, "label", JSON_NODE_VALUE)
                                            : !int_member_is_positive (object, "id"))
    return FALSE;
  lab_csharp_marks_set (marks, kind,
                        LAB_CSHARP_MARK_KIND_HAS_LABEL (kind)
                        ? 0 : (guint) json_object_get_int_member (object, "id"),
                        LAB_CSHARP_MARK_KIND_HAS_LABEL (kind)
                        ? json_object_get_string_member (object, "label") : NULL,
                        (guint) json_object_get_int_member (object, "line"));
  return TRUE;
}

/* The saved C# lines into @monitor; a file without them (older, or saved
 * before any scenario marked its lines) opens with none. */
gboolean
_lab_run_file_csharp_marks_from_json (JsonObject     *root,
                                      LabRunMonitor  *monitor,
                                      GError        **error)
{
  JsonObject *object;
  JsonArray *array;

  if (json_object_get_member (root, "csharp_marks") == NULL)
    return TRUE;
  if (!member_is (root, "csharp_marks", JSON_NODE_OBJECT))
    return corrupt (error);
  object = json_object_get_object_member (root, "csharp_marks");

  array = member_is (object, "marks", JSON_NODE_ARRAY)
          ? json_object_get_array_member (object, "marks") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!csharp_mark_from_json (json_array_get_element (array, i), monitor->csharp_marks))
      return corrupt (error);

  /* which await each posted item resumes, and where the pool's own
   * continuations come from: the links among the trace's instants */
  for (guint i = 0; i < lab_trace_model_get_n_instants (monitor->model); i++)
    lab_csharp_marks_note_events (monitor->csharp_marks,
                                  lab_trace_model_get_instant (monitor->model, i), 1);
  return TRUE;
}
