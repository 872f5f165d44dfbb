/* lab-blur-parallel.h — the blur in tiles, each tile a task on the pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pool.h>

#include "lab-blur.h"

G_BEGIN_DECLS

/**
 * LabBlurProgressFunc:
 * @fraction: the part of the blur done, from above 0 to 1
 * @data: the data given to lab_blur_parallel()
 *
 * Called on a pool thread (whichever finished a tile), never two at once,
 * with a fraction larger than the time before; the call with 1 comes before
 * the blur's task completes. Keep it short; post to the UI thread from here.
 */
typedef void (*LabBlurProgressFunc) (double   fraction,
                                     gpointer data);

/**
 * LabBlurTileFunc:
 * @tile_task: a tile's task, just started
 * @row: %TRUE for a row tile, %FALSE for a column tile
 * @data: the data given to lab_blur_parallel_full()
 *
 * Called on the thread that starts the tile: the caller's for the first
 * ones, then whichever pool thread finished a tile.
 */
typedef void (*LabBlurTileFunc) (PoolTask *tile_task,
                                 gboolean  row,
                                 gpointer  data);

PoolTask *lab_blur_parallel      (LabImage              *source,
                                  double                 sigma,
                                  guint                  max_parallelism,
                                  PoolCancellationToken *token,
                                  LabBlurProgressFunc    progress,
                                  gpointer               data);
PoolTask *lab_blur_parallel_full (LabImage              *source,
                                  double                 sigma,
                                  guint                  max_parallelism,
                                  PoolCancellationToken *token,
                                  LabBlurProgressFunc    progress,
                                  gpointer               data,
                                  LabBlurTileFunc        tile_started,
                                  gpointer               tile_data);

G_END_DECLS
