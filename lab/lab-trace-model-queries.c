/* lab-trace-model-queries.c — the trace model's questions about regions and
 * the UI thread's time, for the report and the scenarios' checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They read the model through its getters only; lab-trace-model.c keeps
 * building it.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-trace-model-private.h"

/**
 * lab_trace_model_dup_region_threads:
 * @label: (nullable): a region label, or %NULL for every region
 *
 * Returns: (transfer full): the names of the threads that recorded such
 *   regions, each once, in order of first appearance
 */
GStrv
lab_trace_model_dup_region_threads (LabTraceModel *self,
                                    const char    *label)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree gboolean *seen = NULL;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);

  seen = g_new0 (gboolean, MAX (1, lab_trace_model_get_n_lanes (self)));
  for (guint i = 0; i < lab_trace_model_get_n_items (self); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (self, i);

      if (item->event.kind != POOL_TRACE_KIND_REGION || seen[item->lane] ||
          (label != NULL && g_strcmp0 (item->event.label, label) != 0))
        continue;
      seen[item->lane] = TRUE;
      g_strv_builder_add (names, lab_trace_model_get_lane (self, item->lane)->title);
    }
  return g_strv_builder_end (names);
}

/* How many lanes of @kind recorded a region labelled @label. */
guint
lab_trace_model_count_region_lanes (LabTraceModel *self,
                                    const char    *label,
                                    LabLaneKind    kind)
{
  g_autofree gboolean *seen = NULL;
  guint n = 0;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  seen = g_new0 (gboolean, MAX (1, lab_trace_model_get_n_lanes (self)));
  for (guint i = 0; i < lab_trace_model_get_n_items (self); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (self, i);

      if (item->event.kind != POOL_TRACE_KIND_REGION || seen[item->lane] ||
          g_strcmp0 (item->event.label, label) != 0 ||
          lab_trace_model_get_lane (self, item->lane)->kind != kind)
        continue;
      seen[item->lane] = TRUE;
      n++;
    }
  return n;
}

/**
 * lab_trace_model_get_ui_busy_ms:
 * @from_us: the start of a span of time, g_get_monotonic_time()
 * @to_us: its end
 *
 * Returns: how much of the span the UI thread spent running traced work
 *   (tasks, work items, regions: the scenario's own work on the UI thread)
 */
double
lab_trace_model_get_ui_busy_ms (LabTraceModel *self,
                                gint64         from_us,
                                gint64         to_us)
{
  GArray *on_lane;
  gint64 busy_us = 0;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0.0);

  if (_lab_trace_model_get_ui_lane (self) == G_MAXUINT)
    return 0.0;
  /* one thread's outermost items do not overlap: their overlaps add up */
  on_lane = _lab_trace_model_get_lane_items (self, _lab_trace_model_get_ui_lane (self));
  for (guint k = 0; k < on_lane->len; k++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (self, g_array_index (on_lane, guint, k));
      gint64 start = MAX (item->event.start_us, from_us), end = MIN (item->event.end_us, to_us);

      if (item->container == G_MAXUINT && end > start)
        busy_us += end - start;
    }
  return busy_us / 1000.0;
}

/**
 * lab_trace_model_get_region_ms:
 * @from_us: the start of a span of time, g_get_monotonic_time()
 * @to_us: its end
 *
 * Returns: the time the workloads' regions (the work a scenario measures:
 *   "blur", "download", …) took within the span, summed over threads
 */
double
lab_trace_model_get_region_ms (LabTraceModel *self,
                               gint64         from_us,
                               gint64         to_us)
{
  gint64 total_us = 0;

  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0.0);

  for (guint i = 0; i < lab_trace_model_get_n_items (self); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (self, i);
      gint64 start = MAX (item->event.start_us, from_us), end = MIN (item->event.end_us, to_us);

      if (item->event.kind == POOL_TRACE_KIND_REGION && end > start)
        total_us += end - start;
    }
  return total_us / 1000.0;
}

static int
compare_uint_keys (gconstpointer a,
                   gconstpointer b)
{
  guint ka = GPOINTER_TO_UINT (*(gconstpointer *) a), kb = GPOINTER_TO_UINT (*(gconstpointer *) b);

  return ka < kb ? -1 : ka > kb;
}

/* The keys of @table (small numbers stored with GUINT_TO_POINTER), in
 * increasing order; the array is the caller's, the keys the table's.
 * (g_hash_table_get_keys_as_ptr_array() is GLib 2.76.) */
GPtrArray *
_lab_sorted_uint_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_uint_keys);
  return keys;
}
