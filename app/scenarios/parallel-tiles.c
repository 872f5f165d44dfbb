/* Parallel blur in tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same amount of blurring, cut into tiles: each pass of the blur is a
 * set of small tasks, one per band of the picture, on the default
 * scheduler. A task started from a worker goes to that worker's own local
 * queue, where the worker takes the newest first; an idle worker steals the
 * oldest from another worker's queue. So every core blurs at once, the
 * whole job takes about the calibrated time divided by the number of cores,
 * and the window stays responsive. The report counts, from the trace, which
 * worker ran each tile.
 */
#include <glib/gi18n.h>

#include "lab-blur-parallel.h"
#include "lab-scenario-run.h"

typedef struct
{
  LabScenarioRun           *run;
  PoolTaskCompletionSource *completion;
  guint                     passes;
  guint                     passes_done;      /* owner: the thread running on_pass_done */
  gint64                    start_us;
} Tiles;

static void
tiles_free (Tiles *tiles)
{
  g_clear_pointer (&tiles->completion, pool_task_completion_source_free);
  g_clear_object (&tiles->run);
  g_free (tiles);
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const LabTraceItem *x = *(const LabTraceItem * const *) a, *y = *(const LabTraceItem * const *) b;

  return (x->event.start_us > y->event.start_us) - (x->event.start_us < y->event.start_us);
}

/* Who ran the tiles, from the trace's "blur-tile" regions, by the threads' names. */
static void
report_tiles (Tiles *tiles)
{
  LabScenarioRun *run = tiles->run;
  LabTraceModel *model = lab_scenario_run_get_trace_model (run);
  g_autoptr(GPtrArray) tile_items = g_ptr_array_new ();
  g_autoptr(JsonObject) by_thread = json_object_new ();
  g_autoptr(GString) first_pass = g_string_new (NULL);
  g_autoptr(GString) counted = g_string_new (NULL);
  double tile_ms = 0, wall_ms = (g_get_monotonic_time () - tiles->start_us) / 1000.0;
  guint per_pass;

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const LabTraceItem *item = lab_trace_model_get_item (model, i);

      if (item->event.kind == POOL_TRACE_KIND_REGION && g_strcmp0 (item->event.label, "blur-tile") == 0)
        g_ptr_array_add (tile_items, (gpointer) item);
    }
  g_ptr_array_sort (tile_items, compare_start);
  per_pass = tiles->passes > 0 ? tile_items->len / tiles->passes : 0;

  for (guint i = 0; i < tile_items->len; i++)
    {
      const LabTraceItem *item = g_ptr_array_index (tile_items, i);
      const char *thread = lab_trace_model_get_lane (model, item->lane)->title;
      gint64 count = json_object_has_member (by_thread, thread)
                     ? json_object_get_int_member (by_thread, thread) : 0;

      tile_ms += (item->event.end_us - item->event.start_us) / 1000.0;
      json_object_set_int_member (by_thread, thread, count + 1);
      if (i < per_pass)
        g_string_append_printf (first_pass, "%s%s", i > 0 ? ", " : "", thread);
    }
  for (guint row = 0; row < lab_trace_model_get_n_lanes (model); row++)
    {
      const char *thread = lab_trace_model_get_lane_at_row (model, row)->title;

      if (json_object_has_member (by_thread, thread))
        g_string_append_printf (counted, "%s%s: %" G_GINT64_FORMAT, counted->len > 0 ? ", " : "",
                                thread, json_object_get_int_member (by_thread, thread));
    }

  lab_scenario_run_add_detail_number (run, "passes", tiles->passes);
  lab_scenario_run_add_detail_number (run, "tiles", tile_items->len);
  lab_scenario_run_add_detail_number (run, "tiles_per_pass", per_pass);
  lab_scenario_run_add_detail_node (run, "tiles_by_thread",
                                    json_node_init_object (json_node_alloc (), by_thread));
  lab_scenario_run_add_detail (run, "first_pass_threads", "%s", first_pass->str);
  lab_scenario_run_add_detail_number (run, "tile_ms_total", tile_ms);
  lab_scenario_run_add_detail_number (run, "wall_ms", wall_ms);
  lab_scenario_run_add_detail_number (run, "parallelism", wall_ms > 0 ? tile_ms / wall_ms : 0);
  lab_scenario_run_set_summary (run, "%u tiles in %u passes · %s · %.0f ms of blurring in "
                                "%.0f ms (×%.1f)",
                                tile_items->len, tiles->passes, counted->str, tile_ms, wall_ms,
                                wall_ms > 0 ? tile_ms / wall_ms : 0);
}

/* On the UI thread: the last pass is done. */
static gpointer
show_tiles (PoolTask  *blurred,
            gpointer   data,
            GError   **error)
{
  Tiles *tiles = data;
  g_autoptr(GError) blur_error = NULL;
  LabImage *image = pool_task_get_result (blurred, &blur_error);

  report_tiles (tiles);
  lab_scenario_run_complete (tiles->run, image, blur_error);
  tiles_free (tiles);
  return NULL;
}

/* [snippet] */
/* After each pass, on whichever worker finished it: start the next one. */
static void
on_pass_done (PoolTask *pass,
              gpointer  data)
{
  Tiles *tiles = data;
  g_autoptr(GError) error = NULL;
  LabImage *image = pool_task_get_result (pass, &error);
  g_autoptr(PoolTask) next = NULL;

  if (image == NULL)
    {
      pool_task_completion_source_try_set_error (tiles->completion, g_steal_pointer (&error));
      return;
    }
  if (++tiles->passes_done == tiles->passes)
    {
      pool_task_completion_source_try_set_result (tiles->completion, lab_image_ref (image),
                                                  (GDestroyNotify) lab_image_unref);
      return;
    }

  /* Parallel.For over the tiles: each tile a task on TaskScheduler.Default */
  next = lab_blur_parallel (image, lab_scenario_run_get_sigma (tiles->run), 0,
                            lab_scenario_run_get_cancellation_token (tiles->run), NULL, NULL);
  /* await next.ConfigureAwait(false) */
  pool_task_await (next, FALSE, on_pass_done, tiles, NULL);
}

static void
start (LabScenarioRun *run)
{
  Tiles *tiles = g_new0 (Tiles, 1);
  g_autoptr(PoolTask) first = NULL;
  PoolTask *done;

  tiles->run = g_object_ref (run);
  tiles->completion = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  tiles->passes = MAX (1, lab_scenario_run_get_passes (run));   /* as much as scenario 1 */
  tiles->start_us = g_get_monotonic_time ();

  first = lab_blur_parallel (lab_scenario_run_get_source (run), lab_scenario_run_get_sigma (run),
                             0, lab_scenario_run_get_cancellation_token (run), NULL, NULL);
  pool_task_await (first, FALSE, on_pass_done, tiles, NULL);

  /* .ContinueWith(t => preview.Image = t.Result, ui) */
  done = pool_task_completion_source_get_task (tiles->completion);
  pool_task_unref (pool_task_continue_with (done, show_tiles, tiles, NULL,
                                            lab_scenario_run_get_ui_scheduler (run)));
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_PERFORMANCE,
  .title = N_("Parallel blur in tiles"),
  .summary = N_("The blur cut into tiles, each a task on the pool. Tasks started from a worker go "
                "to its local queue; idle workers steal from the others. Every core blurs at once "
                "and the window stays responsive. The report counts which worker ran each tile."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    for (int pass = 0; pass < passes; pass++)\n"
    "        image = await Task.Run(() =>\n"
    "        {\n"
    "            var result = new Image(image.Width, image.Height);\n"
    "            Parallel.For(0, tiles, tile => BlurTile(image, result, tile));\n"
    "            return result;\n"
    "        });\n"
    "    preview.Image = image;\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
