/* test-trace-export.c — the Chrome Trace Event JSON of a trace model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lab-test-trace.h"
#include "lab-trace-export.h"

/* One "X" event per span with its ts/dur, on a row named as the model names its lane. */
static void
test_chrome_json (void)
{
  g_autoptr(GArray) events = synthetic_run ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tasklab-lab-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "trace.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  PoolTraceEvent io = IO_EVENT (9, "download", 10, 300);
  JsonArray *trace_events;
  guint n_complete = 0, n_io = 0;

  g_array_append_val (events, io);
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  g_assert_true (lab_trace_export_chrome_json (model, path, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  trace_events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                               "traceEvents");
  g_assert_nonnull (trace_events);

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);

      if (g_strcmp0 (json_object_get_string_member (object, "ph"), "M") == 0 &&
          g_strcmp0 (json_object_get_string_member (object, "name"), "thread_name") == 0)
        g_hash_table_insert (names, GINT_TO_POINTER (json_object_get_int_member (object, "tid")),
                             g_strdup (json_object_get_string_member (
                               json_object_get_object_member (object, "args"), "name")));
    }

  for (guint i = 0; i < json_array_get_length (trace_events); i++)
    {
      JsonObject *object = json_array_get_object_element (trace_events, i);
      const PoolTraceEvent *event;
      JsonObject *args;

      if (g_strcmp0 (json_object_get_string_member (object, "ph"), "X") != 0)
        continue;
      n_complete++;
      if (g_strcmp0 (json_object_get_string_member (object, "cat"), "io") == 0)
        {
          n_io++;
          g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, LAB_TRACE_EXPORT_IO_TID);
          g_assert_cmpint (json_object_get_int_member (object, "dur"), ==, MS (290));
          continue;
        }
      args = json_object_get_object_member (object, "args");
      event = &g_array_index (events, PoolTraceEvent, json_object_get_int_member (args, "position"));
      g_assert_cmpint (json_object_get_int_member (object, "ts"), ==, event->start_us - ORIGIN_US);
      g_assert_cmpint (json_object_get_int_member (object, "dur"), ==, event->end_us - event->start_us);
      g_assert_cmpint (json_object_get_int_member (object, "pid"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, event->thread_serial);
      g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (event->thread_serial)), ==,
                       lab_trace_model_get_thread_name (model, event->thread_serial));
    }
  g_assert_cmpuint (n_complete, ==, events->len);
  g_assert_cmpuint (n_io, ==, 1);

  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (1)), ==, "UI thread");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (10)), ==, "Worker 1");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (14)), ==, "Worker 5");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (30)), ==, "Dedicated 1");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (LAB_TRACE_EXPORT_IO_TID)), ==,
                   "I/O (no thread)");

  /* each link is a flow: "s" on its source's row, "f" bound to its target's start */
  g_assert_cmpuint (lab_trace_model_get_n_links (model), >=, 1);
  for (guint l = 0; l < lab_trace_model_get_n_links (model); l++)
    {
      const LabTraceLink *link = lab_trace_model_get_link (model, l);
      const LabTraceItem *to = lab_trace_model_get_item (model, link->to_item);
      const LabTraceItem *from = lab_trace_model_get_item (model, link->from_item);
      guint found = 0;

      for (guint i = 0; i < json_array_get_length (trace_events); i++)
        {
          JsonObject *object = json_array_get_object_element (trace_events, i);
          const char *ph = json_object_get_string_member (object, "ph");

          if (!json_object_has_member (object, "id") ||
              json_object_get_int_member (object, "id") != l + 1)
            continue;
          if (g_str_equal (ph, "s"))
            {
              g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, from->event.thread_serial);
              g_assert_cmpint (json_object_get_int_member (object, "ts"), <, from->event.end_us - ORIGIN_US);
              found |= 1;
            }
          else if (g_str_equal (ph, "f"))
            {
              g_assert_cmpint (json_object_get_int_member (object, "tid"), ==, to->event.thread_serial);
              g_assert_cmpint (json_object_get_int_member (object, "ts"), ==, to->event.start_us - ORIGIN_US);
              g_assert_cmpstr (json_object_get_string_member (object, "bp"), ==, "e");
              found |= 2;
            }
        }
      g_assert_cmpuint (found, ==, 3);
    }

  /* an unwritable place: an error, no file */
  g_assert_false (lab_trace_export_chrome_json (model, bad_path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/trace-export/chrome-json", test_chrome_json);
  return g_test_run ();
}
