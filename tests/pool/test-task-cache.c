/* test-task-cache.c — the per-thread cache of task blocks and its depot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pthread.h>
#include <string.h>

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

#define BURST 20000

typedef struct
{
  gpointer blocks[BURST];
  gboolean from_slab[BURST];
} Burst;

static gpointer
free_burst (gpointer data)
{
  Burst *burst = data;

  for (guint i = 0; i < BURST; i++)
    _pool_task_cache_free (burst->blocks[i], burst->from_slab[i]);
  return NULL;   /* this thread's magazines go to the depot as it ends */
}

/* A thread that makes blocks faster than they come back (a producer's
 * burst) is soon served from slabs: most blocks then cost no malloc of
 * their own. Freed on another thread, the blocks beyond the depot's bound
 * go back to their slabs, and a slab whose blocks have all come back is
 * freed: every slab still alive holds a cached block. */
static void
test_burst_uses_slabs (void)
{
  Burst *burst = g_new0 (Burst, 1);
  guint slabs_before = _pool_task_cache_get_slab_count ();
  guint n_from_slab = 0, slabs_made, slabs_after;

  for (guint i = 0; i < BURST; i++)
    {
      burst->blocks[i] = _pool_task_cache_alloc (&burst->from_slab[i]);
      if (burst->blocks[i] == NULL)
        burst->blocks[i] = g_malloc (POOL_TASK_CACHE_BLOCK_SIZE);
      memset (burst->blocks[i], 0xa5, POOL_TASK_CACHE_BLOCK_SIZE);
      n_from_slab += burst->from_slab[i];
    }
  slabs_made = _pool_task_cache_get_slab_count () - slabs_before;
  g_test_message ("%u of %d blocks from slabs, %u new slabs", n_from_slab, BURST, slabs_made);
  /* the depot (filled by the test before) may have served some first */
  g_assert_cmpuint (n_from_slab, >, BURST / 2);
  g_assert_cmpuint (slabs_made, >=, (BURST - POOL_TASK_CACHE_DEPOT_MAX - 64 - 128) / 31);
  g_assert_cmpuint (slabs_made, <=, BURST / 20);
  for (guint i = 0; i < BURST; i++)
    if (burst->from_slab[i])
      g_assert_cmpuint (GPOINTER_TO_SIZE (burst->blocks[i]) % POOL_TASK_CACHE_BLOCK_SIZE, ==, 0);

  g_thread_join (g_thread_new ("cache-freer", free_burst, burst));

  /* the blocks still cached (at most the depot and two magazines per
   * thread) keep some slabs; the hundreds of others are gone */
  slabs_after = _pool_task_cache_get_slab_count ();
  g_test_message ("%u slabs alive (%u before)", slabs_after, slabs_before);
  g_assert_cmpuint (slabs_after, <=,
                    slabs_before + (POOL_TASK_CACHE_DEPOT_MAX + 2 * 2 * 64) / 31 + 4);
  g_free (burst);
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

/* The same for a task cut from a slab: a burst of tasks first. */
static void
test_asan_sees_use_after_free_in_slab (void)
{
  if (g_test_subprocess ())
    {
      PoolTask *tasks[1000];

      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        tasks[i] = pool_task_new (nothing, NULL, NULL, NULL, POOL_TASK_CREATION_NONE);
      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        pool_task_unref (tasks[i]);
      g_print ("status %d\n", (int) pool_task_get_status (tasks[G_N_ELEMENTS (tasks) - 1]));
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
  g_test_add_func ("/pool/task-cache/burst-uses-slabs", test_burst_uses_slabs);
#if defined(__SANITIZE_ADDRESS__)
  g_test_add_func ("/pool/task-cache/asan-sees-use-after-free", test_asan_sees_use_after_free);
  g_test_add_func ("/pool/task-cache/asan-sees-use-after-free-in-slab",
                   test_asan_sees_use_after_free_in_slab);
#endif
  return g_test_run ();
}
