/* lab-blur-parallel.c — the blur in tiles, each tile a task on the pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The C twin of
 *   Task.Run(() => Parallel.For(0, tiles, new ParallelOptions {
 *       MaxDegreeOfParallelism = n, CancellationToken = token }, BlurTile))
 * without a thread that blocks: every tile is its own task on the default
 * scheduler (so the thread timeline shows which worker ran which tile), and
 * the blur's task is the promise of a TaskCompletionSource that the last tile
 * completes. A tile that finishes starts the next ones, keeping at most
 * max_parallelism in flight; the row tiles start only when every column tile
 * is done (lab-blur-private.h: the two phases). Which thread runs a tile never
 * changes what it computes, so the result is the same bytes for any number
 * of workers, and the same as lab_blur_gaussian().
 *
 * Cancellation is observed between tiles: a canceled token stops new tiles
 * from starting, and once the tiles in flight are back, the blur's task ends
 * Canceled. It never ends while a tile still runs, so a caller that waits for
 * it may free what it likes afterwards.
 *
 * Lock order: @lock, then the pool's own locks (tiles are started outside
 * @lock anyway); @progress_lock is only held around the user's callback.
 * The locks are pthread ones, not GMutex, for the reason pool-lock-private.h
 * gives: ThreadSanitizer cannot see GMutex's ordering.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-blur-parallel.h"
#include "lab-blur-private.h"

#include <pthread.h>

typedef struct
{
  /* immutable after creation */
  LabImage                 *source;         /* owned: the plan borrows it */
  LabBlurPlan               plan;
  PoolTaskCompletionSource *completion;
  PoolCancellationToken    *token;          /* nullable */
  LabBlurProgressFunc       progress;
  gpointer                  progress_data;
  LabBlurTileFunc           tile_started;   /* nullable */
  gpointer                  tile_data;
  guint                     max_in_flight;
  guint                     n_tiles;        /* column tiles first, then row tiles */

  pthread_mutex_t           lock;
  /* protected by @lock */
  guint                     next_tile;      /* the next one to start */
  guint                     in_flight;
  guint                     done;
  gboolean                  canceled;
  GPtrArray                *scratch;        /* free scratch buffers */

  pthread_mutex_t           progress_lock;
  /* protected by @progress_lock */
  guint                     reported;       /* tiles done at the last progress call */

  /* atomic */
  int                       ref_count;
} Blur;

typedef struct
{
  Blur  *blur;   /* owned reference */
  guint  index;
} Tile;

static Blur *
blur_ref (Blur *blur)
{
  g_atomic_int_inc (&blur->ref_count);
  return blur;
}

static void
blur_unref (Blur *blur)
{
  if (!g_atomic_int_dec_and_test (&blur->ref_count))
    return;

  _lab_blur_plan_clear (&blur->plan);
  lab_image_unref (blur->source);
  g_ptr_array_unref (blur->scratch);
  g_clear_pointer (&blur->token, pool_cancellation_token_unref);
  pool_task_completion_source_free (blur->completion);
  pthread_mutex_destroy (&blur->lock);
  pthread_mutex_destroy (&blur->progress_lock);
  g_free (blur);
}

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  blur_unref (tile->blur);
  g_free (tile);
}

static gpointer run_tile (gpointer data, GError **error);

static void
start_tiles (Blur  *blur,
             guint  first,
             guint  count)
{
  for (guint i = 0; i < count; i++)
    {
      Tile *tile = g_new (Tile, 1);
      PoolTask *task;

      tile->blur = blur_ref (blur);
      tile->index = first + i;
      task = pool_task_factory_start_new_full (run_tile, tile, tile_free, NULL,
                                               POOL_TASK_CREATION_DENY_CHILD_ATTACH,
                                               pool_scheduler_get_default ());
      if (blur->tile_started != NULL)
        blur->tile_started (task, first + i >= blur->plan.n_column_tiles, blur->tile_data);
      pool_task_unref (task);
    }
}

/* Which tiles may start now: up to the limit in flight, and no row tile
 * before the last column tile is done. Returns how many, from *first. */
static guint
claim_tiles_unlocked (Blur  *blur,
                      guint *first)
{
  guint count = 0;

  *first = blur->next_tile;
  while (!blur->canceled &&
         blur->in_flight < blur->max_in_flight &&
         blur->next_tile < blur->n_tiles &&
         (blur->next_tile < blur->plan.n_column_tiles || blur->done >= blur->plan.n_column_tiles))
    {
      blur->next_tile++;
      blur->in_flight++;
      count++;
    }
  return count;
}

static void
report_progress (Blur  *blur,
                 guint  done)
{
  pthread_mutex_lock (&blur->progress_lock);
  if (done > blur->reported)
    {
      blur->reported = done;
      blur->progress ((double) done / blur->n_tiles, blur->progress_data);
    }
  pthread_mutex_unlock (&blur->progress_lock);
}

/* After a tile, on the thread that ran it: count it, start what may start,
 * and complete the blur if this was the last tile or the last one back
 * after a cancellation. */
static void
tile_finished (Blur     *blur,
               gboolean  did_work)
{
  gboolean all_done, canceled_and_idle;
  guint first, count, done;

  pthread_mutex_lock (&blur->lock);
  blur->in_flight--;
  if (did_work)
    blur->done++;
  if (pool_cancellation_token_is_cancellation_requested (blur->token))
    blur->canceled = TRUE;
  done = blur->done;
  all_done = blur->done == blur->n_tiles;
  canceled_and_idle = !all_done && blur->canceled && blur->in_flight == 0;
  count = claim_tiles_unlocked (blur, &first);
  pthread_mutex_unlock (&blur->lock);

  if (did_work && blur->progress != NULL)
    report_progress (blur, done);
  start_tiles (blur, first, count);

  if (all_done)
    pool_task_completion_source_try_set_result (blur->completion,
                                                lab_image_ref (blur->plan.result),
                                                (GDestroyNotify) lab_image_unref);
  else if (canceled_and_idle)
    pool_task_completion_source_try_set_canceled (blur->completion);
}

static gpointer
take_scratch (Blur *blur)
{
  gpointer scratch = NULL;

  pthread_mutex_lock (&blur->lock);
  if (blur->scratch->len > 0)
    scratch = g_ptr_array_steal_index_fast (blur->scratch, blur->scratch->len - 1);
  pthread_mutex_unlock (&blur->lock);

  return scratch != NULL ? scratch : _lab_blur_scratch_new (&blur->plan);
}

static void
give_back_scratch (Blur     *blur,
                   gpointer  scratch)
{
  pthread_mutex_lock (&blur->lock);
  g_ptr_array_add (blur->scratch, scratch);
  pthread_mutex_unlock (&blur->lock);
}

/* One tile's task: a trace region "blur-tile" around the work, so the
 * timeline can show who ran it. */
static gpointer
run_tile (gpointer   data,
          GError   **error)
{
  Tile *tile = data;
  Blur *blur = tile->blur;
  gpointer scratch;
  gint64 begin;

  if (pool_cancellation_token_is_cancellation_requested (blur->token))
    {
      tile_finished (blur, FALSE);
      return NULL;
    }

  scratch = take_scratch (blur);
  begin = pool_trace_begin_region ();
  if (tile->index < blur->plan.n_column_tiles)
    _lab_blur_plan_run_column_tile (&blur->plan, tile->index, scratch);
  else
    _lab_blur_plan_run_row_tile (&blur->plan, tile->index - blur->plan.n_column_tiles, scratch);
  pool_trace_end_region ("blur-tile", begin);
  give_back_scratch (blur, scratch);

  tile_finished (blur, TRUE);
  return NULL;
}

/**
 * lab_blur_parallel:
 * @source: the image to blur
 * @sigma: the standard deviation in pixels, from %LAB_BLUR_MIN_SIGMA to
 *   %LAB_BLUR_MAX_SIGMA
 * @max_parallelism: at most this many tiles run at once (.NET's
 *   ParallelOptions.MaxDegreeOfParallelism); 0 for as many as the pool has
 *   threads. The pool's own size still bounds it.
 * @token: (nullable): observed between tiles; once canceled no tile starts,
 *   and the task ends Canceled when the running ones are back
 * @progress: (nullable): told the fraction done after each tile (see
 *   #LabBlurProgressFunc for the threads it runs on)
 * @data: for @progress; must stay valid until the task completes
 *
 * Blurs @source in tiles, each a task on the default scheduler recording a
 * "blur-tile" trace region. The result is byte for byte that of
 * lab_blur_gaussian(), whatever @max_parallelism and the number of workers.
 * Returns at once; nothing blocks a thread while the tiles run.
 *
 * Returns: (transfer full): a task whose result is the blurred #LabImage
 *   (owned by the task); Faulted if memory for the result ran out
 */
PoolTask *
lab_blur_parallel (LabImage              *source,
                   double                 sigma,
                   guint                  max_parallelism,
                   PoolCancellationToken *token,
                   LabBlurProgressFunc    progress,
                   gpointer               data)
{
  return lab_blur_parallel_full (source, sigma, max_parallelism, token, progress, data,
                                 NULL, NULL);
}

/**
 * lab_blur_parallel_full:
 * @tile_started: (nullable): told each tile's task as it is started
 * @tile_data: for @tile_started; must stay valid until the task completes
 *
 * As lab_blur_parallel(); @tile_started lets a scenario say which line of
 * its C# each tile's task belongs to.
 */
PoolTask *
lab_blur_parallel_full (LabImage              *source,
                        double                 sigma,
                        guint                  max_parallelism,
                        PoolCancellationToken *token,
                        LabBlurProgressFunc    progress,
                        gpointer               data,
                        LabBlurTileFunc        tile_started,
                        gpointer               tile_data)
{
  g_autoptr(GError) error = NULL;
  PoolTask *task;
  Blur *blur;
  guint first, count;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, NULL);

  if (pool_cancellation_token_is_cancellation_requested (token))
    return pool_task_from_canceled (token);

  blur = g_new0 (Blur, 1);
  if (!_lab_blur_plan_init (&blur->plan, source, sigma, &error))
    {
      g_free (blur);
      return pool_task_from_error (g_steal_pointer (&error));
    }

  blur->ref_count = 1;
  blur->source = lab_image_ref (source);
  blur->completion =
    pool_task_completion_source_new (POOL_TASK_CREATION_RUN_CONTINUATIONS_ASYNCHRONOUSLY);
  blur->token = token != NULL ? pool_cancellation_token_ref (token) : NULL;
  blur->progress = progress;
  blur->progress_data = data;
  blur->tile_started = tile_started;
  blur->tile_data = tile_data;
  blur->max_in_flight = max_parallelism > 0 ? max_parallelism
                                            : MAX (1, pool_thread_pool_get_thread_count ());
  blur->n_tiles = blur->plan.n_column_tiles + blur->plan.n_row_tiles;
  blur->scratch = g_ptr_array_new_with_free_func (_lab_blur_scratch_free);
  pthread_mutex_init (&blur->lock, NULL);
  pthread_mutex_init (&blur->progress_lock, NULL);

  task = pool_task_ref (pool_task_completion_source_get_task (blur->completion));

  pthread_mutex_lock (&blur->lock);
  count = claim_tiles_unlocked (blur, &first);
  pthread_mutex_unlock (&blur->lock);
  start_tiles (blur, first, count);

  blur_unref (blur);
  return task;
}
