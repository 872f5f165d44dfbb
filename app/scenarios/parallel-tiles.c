/* Parallel blur in tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same amount of blurring, cut into tiles: each pass of the blur is a
 * set of small tasks, one Task.Run per band of the picture, awaited with
 * Task.WhenAll; first the column bands, then the row bands (a row band needs
 * every column done). The click handler awaits each pass and resumes on the
 * UI thread, so the column tiles are queued from the UI thread, to the pool's
 * global queue. The row tiles are queued by the worker that finished the
 * last column tile (the pass awaits with ConfigureAwait(false)): a task
 * started on a worker goes to that worker's own local queue, where it takes
 * the newest first, and the idle workers steal the oldest from it. So every
 * core blurs at once, the whole job takes about the calibrated time divided
 * by the number of cores, and the window stays responsive. The report counts,
 * from the trace, which worker ran each tile, and on which thread each pass
 * resumed. Escape cancels the token every tile is started with: the tiles
 * not started yet do not run, the pass ends Canceled, and so does the run
 * (an outcome, not a failure).
 */
#include <glib/gi18n.h>

#include "lab-blur-parallel.h"
#include "lab-scenario-run.h"

/* No limit on the tiles in flight: every tile is queued at once, as a
 * Task.Run per tile does (lab_blur_parallel() keeps at most this many). */
#define EVERY_TILE_AT_ONCE G_MAXUINT

typedef struct
{
  LabScenarioRun *run;
  LabImage       *image;             /* the last pass's result */
  guint           passes;
  guint           passes_done;       /* UI thread only */
  guint           resumed_on_ui;     /* passes whose await resumed on the UI thread */
  gint64          start_us;
} Tiles;

static void
tiles_free (Tiles *tiles)
{
  g_clear_pointer (&tiles->image, lab_image_unref);
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
  /* every pass cuts the same tiles; a canceled run's last pass is partial */
  per_pass = tiles->passes_done == tiles->passes ? tile_items->len / tiles->passes : 0;

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
  lab_scenario_run_add_detail_number (run, "passes_done", tiles->passes_done);
  lab_scenario_run_add_detail_number (run, "passes_resumed_on_ui_thread", tiles->resumed_on_ui);
  lab_scenario_run_add_detail_number (run, "tiles", tile_items->len);
  lab_scenario_run_add_detail_number (run, "tiles_per_pass", per_pass);
  lab_scenario_run_add_detail_node (run, "tiles_by_thread",
                                    json_node_init_object (json_node_alloc (), by_thread));
  lab_scenario_run_add_detail (run, "first_pass_threads", "%s", first_pass->str);
  lab_scenario_run_add_detail_number (run, "tile_ms_total", tile_ms);
  lab_scenario_run_add_detail_number (run, "wall_ms", wall_ms);
  lab_scenario_run_add_detail_number (run, "parallelism", wall_ms > 0 ? tile_ms / wall_ms : 0);
  if (tiles->passes_done < tiles->passes)
    lab_scenario_run_set_summary (run, "Canceled in pass %u of %u, after %u tiles · %s",
                                  tiles->passes_done + 1, tiles->passes, tile_items->len,
                                  counted->len > 0 ? counted->str : "no tile ran");
  else
    lab_scenario_run_set_summary (run, "%u tiles in %u passes, each pass awaited on the UI thread "
                                  "· %s · %.0f ms of blurring in %.0f ms (×%.1f)",
                                  tile_items->len, tiles->passes, counted->str, tile_ms, wall_ms,
                                  wall_ms > 0 ? tile_ms / wall_ms : 0);
}

/* [snippet] */
/* BlurTilesAsync(image, token): a Task.Run(…, token) per tile on the
 * default scheduler, all queued at once; the column tiles, then the row
 * tiles, queued by the worker that finished the last column tile (the
 * ConfigureAwait(false) of the C#). See lab-blur-parallel.c. */
static void
mark_tile (PoolTask *tile_task,
           gboolean  row,
           gpointer  run)
{
  lab_scenario_run_mark_task (run, tile_task, row ? "plan.Rows.Select(r => Task.Run("
                                                  : "plan.Columns.Select(c => Task.Run(");
}

static PoolTask *
blur_tiles_async (LabScenarioRun *run,
                  LabImage       *image)
{
  PoolCancellationToken *token = lab_scenario_run_get_cancellation_token (run);
  PoolTask *pass = lab_blur_parallel_full (image, lab_scenario_run_get_sigma (run),
                                           EVERY_TILE_AT_ONCE, token, NULL, NULL, mark_tile, run);

  lab_scenario_run_mark_task (run, pass, "image = await BlurTilesAsync(image, token);");
  return pass;
}

/* The code after `await BlurTilesAsync(...)`: on the UI thread. */
static void
on_pass_done (PoolTask *pass,
              gpointer  data)
{
  Tiles *tiles = data;
  g_autoptr(GError) error = NULL;
  LabImage *image = pool_task_get_awaiter_result (pass, &error);
  g_autoptr(PoolTask) next = NULL;

  if (g_main_context_is_owner (g_main_context_default ()))
    tiles->resumed_on_ui++;
  if (image == NULL)
    {
      /* catch (OperationCanceledException): Canceled, not a failure */
      report_tiles (tiles);
      lab_scenario_run_complete (tiles->run, NULL, error);
      tiles_free (tiles);
      return;
    }
  g_clear_pointer (&tiles->image, lab_image_unref);
  tiles->image = lab_image_ref (image);
  if (++tiles->passes_done == tiles->passes)
    {
      /* preview.Image = image; */
      report_tiles (tiles);
      lab_scenario_run_complete (tiles->run, tiles->image, NULL);
      tiles_free (tiles);
      return;
    }

  /* image = await BlurTilesAsync(image, token);  (the next pass, back on the UI thread) */
  next = blur_tiles_async (tiles->run, tiles->image);
  lab_scenario_run_mark_await (tiles->run, next, tiles->passes_done + 1 == tiles->passes
                                                 ? "preview.Image = image;"
                                                 : "image = await BlurTilesAsync(image, token);");
  pool_task_await (next, TRUE, on_pass_done, tiles, NULL);
}

static void
start (LabScenarioRun *run)
{
  Tiles *tiles = g_new0 (Tiles, 1);
  g_autoptr(PoolTask) first = NULL;

  tiles->run = g_object_ref (run);
  tiles->passes = MAX (1, lab_scenario_run_get_passes (run));   /* as much as scenario 1 */
  tiles->start_us = g_get_monotonic_time ();

  /* image = await BlurTilesAsync(image, token);  (pass 1, back on the UI thread) */
  first = blur_tiles_async (run, lab_scenario_run_get_source (run));
  lab_scenario_run_mark_await (run, first, tiles->passes == 1
                                           ? "preview.Image = image;"
                                           : "image = await BlurTilesAsync(image, token);");
  pool_task_await (first, TRUE, on_pass_done, tiles, NULL);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_PERFORMANCE,
  .title = N_("Parallel blur in tiles"),
  .summary = N_("The blur cut into tiles, each a Task.Run, awaited with Task.WhenAll, pass "
                "after pass. Tiles queued from a worker go to its local queue; idle workers steal "
                "from it. Every core blurs at once and the window stays responsive. The report "
                "counts which worker ran each tile."),
  .csharp =
    "async void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    try\n"
    "    {\n"
    "        for (int pass = 0; pass < passes; pass++)\n"
    "            image = await BlurTilesAsync(image, token);\n"
    "        preview.Image = image;     // on the UI thread\n"
    "    }\n"
    "    catch (OperationCanceledException) { status.Text = \"Canceled\"; }\n"
    "}\n"
    "\n"
    "// A task per tile: the column bands, then the rows.\n"
    "async Task<Image> BlurTilesAsync(Image src, CancellationToken ct)\n"
    "{\n"
    "    var plan = new BlurPlan(src, sigma);\n"
    "    await Task.WhenAll(plan.Columns.Select(c => Task.Run(\n"
    "        () => plan.Blur(c), ct))).ConfigureAwait(false);\n"
    "    // on a worker now: these go to its local queue\n"
    "    await Task.WhenAll(plan.Rows.Select(r => Task.Run(\n"
    "        () => plan.Blur(r), ct))).ConfigureAwait(false);\n"
    "    return plan.Result;\n"
    "}\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
