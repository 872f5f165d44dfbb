/* test-task-cache.c — the per-thread cache of task blocks and its depot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pthread.h>

#include <pool.h>

#define POOL_COMPILATION
#include "pool-task-cache-private.h"

#define N_THREADS 24
#define BLOCKS_PER_THREAD 400

static pthread_barrier_t all_allocated;

/* Allocates its blocks while the others do too, then frees them and ends. */
static gpointer
allocate_then_end (gpointer data)
{
  gpointer blocks[BLOCKS_PER_THREAD];
  gboolean from_slab[BLOCKS_PER_THREAD] = { FALSE, };

  for (guint i = 0; i < BLOCKS_PER_THREAD; i++)
    {
      blocks[i] = _pool_task_cache_alloc (&from_slab[i]);
      if (blocks[i] == NULL)
        blocks[i] = g_malloc (POOL_TASK_CACHE_BLOCK_SIZE);
    }
  pthread_barrier_wait (&all_allocated);
  for (guint i = 0; i < BLOCKS_PER_THREAD; i++)
    _pool_task_cache_free (blocks[i], from_slab[i]);
  return NULL;
}

/* Threads that end hand their blocks to the depot, which keeps at most
 * POOL_TASK_CACHE_DEPOT_MAX of them and frees the rest. */
static void
test_depot_is_bounded (void)
{
  GThread *threads[N_THREADS];

  G_STATIC_ASSERT (N_THREADS * BLOCKS_PER_THREAD > POOL_TASK_CACHE_DEPOT_MAX);
  pthread_barrier_init (&all_allocated, NULL, N_THREADS);
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("cache-user", allocate_then_end, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  pthread_barrier_destroy (&all_allocated);

  g_assert_cmpuint (_pool_task_cache_get_depot_count (), >, 0);
  g_assert_cmpuint (_pool_task_cache_get_depot_count (), <=, POOL_TASK_CACHE_DEPOT_MAX);
}

#if defined(__SANITIZE_ADDRESS__)
static gpointer
nothing (gpointer  data,
         GError  **error)
{
  return NULL;
}

/* A cached block is poisoned: using a freed task is still an ASan report. */
static void
test_asan_sees_use_after_free (void)
{
  if (g_test_subprocess ())
    {
      PoolTask *task = pool_task_new (nothing, NULL, NULL, NULL, POOL_TASK_CREATION_NONE);

      pool_task_unref (task);
      g_print ("status %d\n", (int) pool_task_get_status (task));
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*AddressSanitizer: use-after-poison*");
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/task-cache/depot-is-bounded", test_depot_is_bounded);
#if defined(__SANITIZE_ADDRESS__)
  g_test_add_func ("/pool/task-cache/asan-sees-use-after-free", test_asan_sees_use_after_free);
#endif
  return g_test_run ();
}
