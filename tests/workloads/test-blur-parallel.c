/* test-blur-parallel.c — the blur in tiles on the pool: same bytes with any
 * number of workers, tiles as tasks (told to the caller), progress,
 * cancellation; and the --blur command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <pool.h>

#include "lab-blur-command.h"
#include "lab-blur-parallel.h"
#include "lab-blur-reference.h"

static LabImage *
blur_and_wait (LabImage *source,
               double    sigma,
               guint     max_parallelism)
{
  g_autoptr(PoolTask) task = lab_blur_parallel (source, sigma, max_parallelism, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  LabImage *result = pool_task_get_result (task, &error);

  g_assert_no_error (error);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
  return lab_image_ref (result);
}

/* One tile at a time, two, or as many as the pool has threads: the same bytes,
 * and the same as the single-threaded blur. */
static void
test_same_bytes_any_workers (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (611, 403);
  g_autoptr(LabImage) serial = lab_blur_gaussian (source, 8.0, NULL);
  const guint parallelism[] = { 1, 2, 0, 7 };

  for (guint i = 0; i < G_N_ELEMENTS (parallelism); i++)
    {
      g_autoptr(LabImage) parallel = blur_and_wait (source, 8.0, parallelism[i]);

      g_assert_cmpint (parallel->width, ==, serial->width);
      g_assert_cmpmem (parallel->pixels, parallel->stride * parallel->height,
                       serial->pixels, serial->stride * serial->height);
    }
}

/* pthread, not GMutex: ThreadSanitizer sees pthread's locks, not an
 * uninstrumented GLib's futex */
typedef struct
{
  pthread_mutex_t lock;
  GArray *fractions;
  PoolCancellationTokenSource *cancel_after_first;
} Progress;

static void
on_progress (double   fraction,
             gpointer data)
{
  Progress *progress = data;

  pthread_mutex_lock (&progress->lock);
  g_array_append_val (progress->fractions, fraction);
  pthread_mutex_unlock (&progress->lock);
  if (progress->cancel_after_first != NULL)
    pool_cancellation_token_source_cancel (progress->cancel_after_first);
}

/* Every tile is a task on a pool worker with a "blur-tile" region; with
 * max_parallelism 1 no two tiles overlap in time. Progress rises to 1, once
 * per tile. */
static void
test_tiles_are_tasks (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (400, 300);
  Progress progress = { .fractions = g_array_new (FALSE, FALSE, sizeof (double)) };
  guint64 position = pool_trace_get_position ();
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) tiles = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));

  pthread_mutex_init (&progress.lock, NULL);
  task = lab_blur_parallel (source, 4.0, 1, NULL, on_progress, &progress);
  g_assert_true (pool_task_wait (task, NULL));
  events = pool_trace_copy_since (position);
  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->kind == POOL_TRACE_KIND_REGION && g_strcmp0 (event->label, "blur-tile") == 0)
        {
          g_assert_cmpint (event->role, ==, POOL_THREAD_ROLE_WORKER);
          g_array_append_val (tiles, *event);
        }
    }

  g_assert_cmpuint (tiles->len, >=, 16);
  for (guint i = 0; i < tiles->len; i++)
    for (guint j = i + 1; j < tiles->len; j++)
      {
        const PoolTraceEvent *a = &g_array_index (tiles, PoolTraceEvent, i);
        const PoolTraceEvent *b = &g_array_index (tiles, PoolTraceEvent, j);

        g_assert_true (a->end_us <= b->start_us || b->end_us <= a->start_us);
      }

  g_assert_cmpuint (progress.fractions->len, ==, tiles->len);
  for (guint i = 1; i < progress.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (progress.fractions, double, i), >,
                       g_array_index (progress.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (progress.fractions, double, progress.fractions->len - 1), ==, 1.0);
  g_array_unref (progress.fractions);
  pthread_mutex_destroy (&progress.lock);
}

/* A token canceled before the start: Canceled at once, nothing runs. */
static void
test_cancel_before_start (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (200, 100);
  g_autoptr(PoolCancellationTokenSource) cancel = pool_cancellation_token_source_new ();
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GError) error = NULL;

  pool_cancellation_token_source_cancel (cancel);
  task = lab_blur_parallel (source, 4.0, 0, pool_cancellation_token_source_get_token (cancel),
                            NULL, NULL);
  g_assert_true (pool_task_is_completed (task));
  g_assert_false (pool_task_wait (task, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
}

/* Canceled after the first tile: no new tile starts, the task ends Canceled
 * once the tiles in flight are back. */
static void
test_cancel_between_tiles (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (500, 400);
  g_autoptr(PoolCancellationTokenSource) cancel = pool_cancellation_token_source_new ();
  Progress progress = { .fractions = g_array_new (FALSE, FALSE, sizeof (double)),
                        .cancel_after_first = cancel };
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GError) error = NULL;
  double last;

  pthread_mutex_init (&progress.lock, NULL);
  task = lab_blur_parallel (source, 4.0, 2, pool_cancellation_token_source_get_token (cancel),
                            on_progress, &progress);
  g_assert_false (pool_task_wait (task, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);

  /* at most the tiles already in flight finished after the cancel */
  pthread_mutex_lock (&progress.lock);
  g_assert_cmpuint (progress.fractions->len, >=, 1);
  g_assert_cmpuint (progress.fractions->len, <=, 2);
  last = g_array_index (progress.fractions, double, progress.fractions->len - 1);
  pthread_mutex_unlock (&progress.lock);
  g_assert_cmpfloat (last, <, 0.5);
  g_array_unref (progress.fractions);
  pthread_mutex_destroy (&progress.lock);
}

/* The caller may drop the source as soon as the blur has started. */
static void
test_source_dropped_early (void)
{
  LabImage *source = lab_blur_test_image_new (300, 200);
  g_autoptr(LabImage) expected = lab_blur_gaussian (source, 3.0, NULL);
  g_autoptr(PoolTask) task = lab_blur_parallel (source, 3.0, 0, NULL, NULL, NULL);
  LabImage *result;

  lab_image_unref (source);
  result = pool_task_get_result (task, NULL);
  g_assert_nonnull (result);
  g_assert_cmpmem (result->pixels, result->stride * result->height,
                   expected->pixels, expected->stride * expected->height);
}

/* --blur IN --sigma S --output OUT: status 0 and the blurred file. */
static void
test_command_ok (void)
{
  g_autofree char *folder = g_dir_make_tmp ("tasklab-blur-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (folder, "in.png", NULL);
  g_autofree char *output = g_build_filename (folder, "out.bmp", NULL);
  g_autoptr(LabImage) source = lab_blur_test_image_new (120, 80);
  g_autoptr(LabImage) expected = lab_blur_gaussian (source, 5.0, NULL);
  g_autoptr(LabImage) written = NULL;

  g_assert_true (lab_image_save (source, input, 0, NULL));
  g_assert_cmpint (lab_blur_command_run (input, 5.0, output, 2), ==, 0);
  written = lab_image_load_file (output, NULL);
  g_assert_nonnull (written);
  g_assert_cmpmem (written->pixels, written->stride * written->height,
                   expected->pixels, expected->stride * expected->height);
  g_unlink (input);
  g_unlink (output);
  g_rmdir (folder);
}

static int
run_failing_command (const char *which)
{
  g_autofree char *input = g_build_filename (g_get_tmp_dir (), "tasklab-cmd-in.png", NULL);
  g_autoptr(LabImage) source = lab_blur_test_image_new (20, 20);
  int status;

  if (g_str_equal (which, "missing"))
    return lab_blur_command_run ("/nonexistent/in.png", 4.0, "/tmp/never.png", 0);
  if (g_str_equal (which, "not-an-image"))
    return lab_blur_command_run ("/proc/self/cmdline", 4.0, "/tmp/never.png", 0);

  g_assert_true (lab_image_save (source, input, 0, NULL));
  status = lab_blur_command_run (input, 4.0, "/nonexistent/folder/out.png", 0);
  g_unlink (input);
  return status;
}

/* Bad input or output: one line on stderr naming the file, a non-zero
 * status. Each case runs the command in a subprocess. */
static void
test_command_failure (gconstpointer data)
{
  const char *which = data;

  if (g_test_subprocess ())
    exit (run_failing_command (which));

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*\n*\n*");
  if (g_str_equal (which, "missing"))
    g_test_trap_assert_stderr ("tasklab: Cannot open “/nonexistent/in.png”: *\n");
  else if (g_str_equal (which, "not-an-image"))
    g_test_trap_assert_stderr ("tasklab: Cannot open “/proc/self/cmdline”: *\n");
  else
    g_test_trap_assert_stderr ("tasklab: Cannot save “/nonexistent/folder/out.png”: *\n");
}

/* Each tile's task, told as it starts: the column tiles, then the row
 * tiles, each one the task whose span holds that tile's region. */
/* pthread, not GMutex: ThreadSanitizer sees pthread's locks, not an
 * uninstrumented GLib's futex */
typedef struct
{
  pthread_mutex_t lock;
  GArray   *task_ids;            /* guint */
  guint     n_columns;
  guint     n_rows;
  gboolean  row_before_column;   /* a column tile told after a row tile */
} TileTasks;

static void
on_tile_started (PoolTask *tile_task,
                 gboolean  row,
                 gpointer  data)
{
  TileTasks *tiles = data;
  guint id = pool_task_get_id (tile_task);

  pthread_mutex_lock (&tiles->lock);
  g_array_append_val (tiles->task_ids, id);
  if (row)
    tiles->n_rows++;
  else if (tiles->n_rows > 0)
    tiles->row_before_column = TRUE;
  else
    tiles->n_columns++;
  pthread_mutex_unlock (&tiles->lock);
}

static void
test_tile_tasks_told (void)
{
  g_autoptr(LabImage) source = lab_blur_test_image_new (400, 300);
  TileTasks tiles = { .task_ids = g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint64 position = pool_trace_get_position ();
  g_autoptr(PoolTask) task = NULL;
  g_autoptr(GArray) events = NULL;
  guint n_regions = 0;

  pthread_mutex_init (&tiles.lock, NULL);
  task = lab_blur_parallel_full (source, 4.0, 0, NULL, NULL, NULL, on_tile_started, &tiles);
  g_assert_true (pool_task_wait (task, NULL));
  events = pool_trace_copy_since (position);
  for (guint i = 0; i < events->len; i++)
    {
      const PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);
      gboolean told = FALSE;

      if (event->kind != POOL_TRACE_KIND_REGION || g_strcmp0 (event->label, "blur-tile") != 0)
        continue;
      for (guint j = 0; j < tiles.task_ids->len; j++)
        told |= g_array_index (tiles.task_ids, guint, j) == event->task_id;
      g_assert_true (told);
      n_regions++;
    }

  g_assert_cmpuint (tiles.n_columns, >=, 1);
  g_assert_cmpuint (tiles.n_rows, >=, 1);
  g_assert_false (tiles.row_before_column);
  g_assert_cmpuint (tiles.task_ids->len, ==, tiles.n_columns + tiles.n_rows);
  g_assert_cmpuint (n_regions, ==, tiles.task_ids->len);
  g_array_unref (tiles.task_ids);
  pthread_mutex_destroy (&tiles.lock);
}

int
main (int   argc,
      char *argv[])
{
  /* the messages' “quotes” reach stderr as UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  /* the tests read which thread ran what from the pool's trace */
  pool_trace_set_enabled (TRUE);

  g_test_add_func ("/app/blur/parallel/same-bytes-any-workers", test_same_bytes_any_workers);
  g_test_add_func ("/app/blur/parallel/tiles-are-tasks", test_tiles_are_tasks);
  g_test_add_func ("/app/blur/parallel/tile-tasks-told", test_tile_tasks_told);
  g_test_add_func ("/app/blur/parallel/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/app/blur/parallel/cancel-between-tiles", test_cancel_between_tiles);
  g_test_add_func ("/app/blur/parallel/source-dropped-early", test_source_dropped_early);
  g_test_add_func ("/app/blur/command/ok", test_command_ok);
  g_test_add_data_func ("/app/blur/command/failure/missing", "missing", test_command_failure);
  g_test_add_data_func ("/app/blur/command/failure/not-an-image", "not-an-image",
                        test_command_failure);
  g_test_add_data_func ("/app/blur/command/failure/unwritable", "unwritable", test_command_failure);

  return g_test_run ();
}
