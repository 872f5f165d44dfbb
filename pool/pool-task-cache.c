/* pool-task-cache.c — a per-thread cache of task blocks, with a shared depot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The magazine layer of Bonwick and Adams, "Magazines and Vmem" (USENIX
 * 2001), as mimalloc's and jemalloc's thread caches do it: each thread keeps
 * two magazines of blocks, @loaded (allocate from it, free into it) and
 * @previous. When @loaded runs empty or full it is swapped with @previous,
 * so a thread that alternates allocating and freeing never touches the
 * depot. Only when both are empty (or both full) does the thread take a full
 * magazine's worth of blocks from the depot (or give one to it) under the
 * depot's lock. That is the way back across threads: tasks are made on one
 * thread and freed on another (the worker that ran them), and the blocks the
 * workers free reach the makers through the depot.
 *
 * Bounds: a thread holds at most two magazines; the depot at most
 * POOL_TASK_CACHE_DEPOT_MAX blocks, beyond which blocks are freed. A thread
 * that ends gives its blocks to the depot.
 *
 * Slabs: a thread that makes tasks faster than the workers free them (a
 * producer queuing a burst) finds the depot empty every time, and would
 * make one malloc per task, with the glibc arena lock contended by the
 * workers' frees. After SLAB_AFTER_MISSES such misses (a hit takes
 * one off the count), the thread refills its magazine with one slab instead: an
 * aligned SLAB_BYTES block cut into SLAB_BLOCKS task blocks (the first
 * block holds the slab's count), one allocation for SLAB_BLOCKS tasks. A
 * slab block travels through the magazines and the depot like any other
 * (tagged by its low bit there); when the depot overflows it goes back to
 * its slab (found by masking its address), and the thread that returns a
 * slab's last block frees the slab. A cached block can thus keep its slab
 * alive: the cached blocks hold at most POOL_TASK_CACHE_DEPOT_MAX slabs
 * (8 MiB) plus two magazines' worth per thread in the worst case, a few
 * when blocks come back in the order they were made. A thread that makes
 * tasks now and then never misses that often, and pays one small malloc.
 *
 * Under AddressSanitizer a cached block is poisoned, so a use of a freed
 * task is still reported (as use-after-poison).
 *
 * At the end: the count of tasks made (pool_task_get_created_count()), one
 * counter per thread, bumped by every allocation.
 */

#include <pthread.h>
#include <string.h>

#include "pool-lock-private.h"
#include "pool-task-cache-private.h"
#include "pool-thread-pool-private.h"
#include "pool-task.h"

#if defined(__SANITIZE_ADDRESS__)
# include <sanitizer/asan_interface.h>
# define POISON(block)   ASAN_POISON_MEMORY_REGION ((block), POOL_TASK_CACHE_BLOCK_SIZE)
# define UNPOISON(block) ASAN_UNPOISON_MEMORY_REGION ((block), POOL_TASK_CACHE_BLOCK_SIZE)
# define POISON_RANGE(start, size)   ASAN_POISON_MEMORY_REGION ((start), (size))
# define UNPOISON_RANGE(start, size) ASAN_UNPOISON_MEMORY_REGION ((start), (size))
#else
# define POISON(block)   ((void) (block))
# define UNPOISON(block) ((void) (block))
# define POISON_RANGE(start, size)   ((void) (start))
# define UNPOISON_RANGE(start, size) ((void) (start))
#endif

#define MAGAZINE_SIZE 64

#define SLAB_BYTES        4096
#define SLAB_BLOCKS       (SLAB_BYTES / POOL_TASK_CACHE_BLOCK_SIZE - 1)
#define SLAB_AFTER_MISSES 64
#define SLAB_MAX_MISSES   1024
/* in the magazines and the depot: a slab block's pointer has this bit set */
#define SLAB_TAG          ((guintptr) 1)

G_STATIC_ASSERT (SLAB_BLOCKS <= MAGAZINE_SIZE);

typedef struct
{
  int live;   /* atomic: blocks not yet given back to the slab */
} Slab;

typedef struct
{
  guint    n;
  gpointer blocks[MAGAZINE_SIZE];
} Magazine;

/* owner thread only */
typedef struct
{
  Magazine *loaded;
  Magazine *previous;
  Magazine  magazines[2];
  guint     misses;       /* allocations in a row that found no cached block */
} ThreadCache;

static __thread ThreadCache cache;

static struct
{
  PoolMutex     lock;
  pthread_key_t exit_key;   /* immutable after the first use */
  /* protected by @lock */
  guint         n;          /* written under @lock, atomically: read without it */
  gpointer      blocks[POOL_TASK_CACHE_DEPOT_MAX];
  int           n_slabs;    /* atomic: slabs alive (for tests) */
} depot = { .lock = PTHREAD_MUTEX_INITIALIZER, };

/* A new slab, its blocks (poisoned) in @magazine (empty). */
static void
slab_refill (Magazine *magazine)
{
  char *slab = g_aligned_alloc (1, SLAB_BYTES, SLAB_BYTES);

  ((Slab *) slab)->live = SLAB_BLOCKS;
  __atomic_fetch_add (&depot.n_slabs, 1, __ATOMIC_RELAXED);
  G_STATIC_ASSERT (sizeof (Slab) <= 8);
  POISON_RANGE (slab + 8, POOL_TASK_CACHE_BLOCK_SIZE - 8);
  for (guint i = 0; i < SLAB_BLOCKS; i++)
    {
      gpointer block = slab + (SLAB_BLOCKS - i) * POOL_TASK_CACHE_BLOCK_SIZE;

      POISON (block);
      magazine->blocks[i] = (gpointer) ((guintptr) block | SLAB_TAG);
    }
  magazine->n = SLAB_BLOCKS;
}

/* Gives a cached block (tagged) back to malloc, or to its slab. */
static void
block_release (gpointer tagged)
{
  Slab *slab;

  if (((guintptr) tagged & SLAB_TAG) == 0)
    {
      UNPOISON (tagged);
      g_free (tagged);
      return;
    }
  slab = (Slab *) ((guintptr) tagged & ~(guintptr) (SLAB_BYTES - 1));
  if (__atomic_sub_fetch (&slab->live, 1, __ATOMIC_ACQ_REL) == 0)
    {
      UNPOISON_RANGE (slab, SLAB_BYTES);
      g_aligned_free (slab);
      __atomic_fetch_sub (&depot.n_slabs, 1, __ATOMIC_RELAXED);
    }
}

/* Moves up to a magazine's worth of blocks from the depot into @magazine (empty). */
static void
depot_take (Magazine *magazine)
{
  guint n;

  _pool_mutex_lock (&depot.lock);
  n = MIN (depot.n, MAGAZINE_SIZE);
  __atomic_store_n (&depot.n, depot.n - n, __ATOMIC_RELAXED);
  memcpy (magazine->blocks, &depot.blocks[depot.n], n * sizeof (gpointer));
  _pool_mutex_unlock (&depot.lock);
  magazine->n = n;
}

/* Empties @magazine into the depot; what does not fit goes back to malloc. */
static void
depot_put (Magazine *magazine)
{
  guint n;

  _pool_mutex_lock (&depot.lock);
  n = MIN (magazine->n, POOL_TASK_CACHE_DEPOT_MAX - depot.n);
  memcpy (&depot.blocks[depot.n], &magazine->blocks[magazine->n - n], n * sizeof (gpointer));
  __atomic_store_n (&depot.n, depot.n + n, __ATOMIC_RELAXED);
  _pool_mutex_unlock (&depot.lock);

  for (guint i = 0; i < magazine->n - n; i++)
    block_release (magazine->blocks[i]);
  magazine->n = 0;
}

/* pthread key destructor: a thread that ends gives its blocks back. */
static void
thread_cache_release (gpointer data)
{
  depot_put (cache.loaded);
  depot_put (cache.previous);
}

static void
create_exit_key (void)
{
  pthread_key_create (&depot.exit_key, thread_cache_release);
}

static ThreadCache *
thread_cache_get (void)
{
  if (G_UNLIKELY (cache.loaded == NULL))
    {
      static pthread_once_t once = PTHREAD_ONCE_INIT;

      cache.loaded = &cache.magazines[0];
      cache.previous = &cache.magazines[1];
      pthread_once (&once, create_exit_key);
      /* any non-NULL value arms the destructor */
      pthread_setspecific (depot.exit_key, &cache);
    }
  return &cache;
}

static void
swap (ThreadCache *self)
{
  Magazine *loaded = self->loaded;

  self->loaded = self->previous;
  self->previous = loaded;
}

/* A block of POOL_TASK_CACHE_BLOCK_SIZE bytes, or NULL when the cache has
 * none (the caller then mallocs one). *from_slab tells _pool_task_cache_free()
 * how to take it back. */
gpointer
_pool_task_cache_alloc (gboolean *from_slab)
{
  ThreadCache *self = thread_cache_get ();
  gpointer tagged;

  if (self->loaded->n == 0)
    {
      if (self->previous->n > 0)
        swap (self);
      else if (__atomic_load_n (&depot.n, __ATOMIC_RELAXED) > 0)
        depot_take (self->loaded);
      /* a hit (a magazine's worth) takes one from the count, a miss (one
       * block, or a slab's worth) adds one: a producer whose depot now and
       * then has a magazine for it stays on slabs */
      if (self->loaded->n > 0)
        self->misses -= self->misses > 0;
      else if ((self->misses = MIN (self->misses + 1, SLAB_MAX_MISSES)) > SLAB_AFTER_MISSES)
        slab_refill (self->loaded);
      else
        return NULL;
    }
  tagged = self->loaded->blocks[--self->loaded->n];
  *from_slab = ((guintptr) tagged & SLAB_TAG) != 0;
  tagged = (gpointer) ((guintptr) tagged & ~SLAB_TAG);
  UNPOISON (tagged);
  return tagged;
}

/* Takes back a block of POOL_TASK_CACHE_BLOCK_SIZE bytes (from any thread):
 * one _pool_task_cache_alloc() gave (with its @from_slab), or g_malloc(). */
void
_pool_task_cache_free (gpointer block,
                       gboolean from_slab)
{
  ThreadCache *self = thread_cache_get ();

  if (self->loaded->n == MAGAZINE_SIZE)
    {
      if (self->previous->n == MAGAZINE_SIZE)
        depot_put (self->previous);
      swap (self);
    }
  POISON (block);
  self->loaded->blocks[self->loaded->n++] = (gpointer) ((guintptr) block |
                                                        (from_slab ? SLAB_TAG : 0));
}

/* For tests: how many blocks the depot holds now. */
guint
_pool_task_cache_get_depot_count (void)
{
  guint n;

  _pool_mutex_lock (&depot.lock);
  n = depot.n;
  _pool_mutex_unlock (&depot.lock);
  return n;
}

/* For tests: how many slabs are alive now. */
guint
_pool_task_cache_get_slab_count (void)
{
  return (guint) __atomic_load_n (&depot.n_slabs, __ATOMIC_RELAXED);
}

/* Tasks made, counted per thread on a cache line of its own so that the
 * count costs no shared write on the hot path (a gauge in the window). A
 * thread owns its slot for life: a worker its worker slot (a worker that
 * takes over a retired one's slot starts after it ended, under the pool's
 * lock), any other thread the next free slot, so it counts with a plain
 * load and store, no locked instruction. Once those run out, the remaining
 * threads share the last slot and count in it atomically. */
#define N_CREATED_SLOTS (2 * POOL_THREAD_POOL_MAX_WORKERS + 1)
#define SHARED_CREATED_SLOT (N_CREATED_SLOTS - 1)

static struct
{
  guint64 created;
  char    pad[56];
} created_counters[N_CREATED_SLOTS];

static int next_created_slot = POOL_THREAD_POOL_MAX_WORKERS;   /* atomic */
static __thread int created_slot_plus_one;   /* 0 until this thread made a task */

G_GNUC_NO_INLINE static int
choose_created_slot (void)
{
  guint worker = _pool_thread_pool_get_counter_slot ();

  if (worker < POOL_THREAD_POOL_MAX_WORKERS)
    return (int) worker;
  return MIN (__atomic_fetch_add (&next_created_slot, 1, __ATOMIC_RELAXED), SHARED_CREATED_SLOT);
}

void
_pool_task_cache_count_created (void)
{
  guint64 *created;

  if (G_UNLIKELY (created_slot_plus_one == 0))
    created_slot_plus_one = choose_created_slot () + 1;
  created = &created_counters[created_slot_plus_one - 1].created;
  if (G_LIKELY (created_slot_plus_one - 1 != SHARED_CREATED_SLOT))
    __atomic_store_n (created, __atomic_load_n (created, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
  else
    __atomic_fetch_add (created, 1, __ATOMIC_RELAXED);
}

/**
 * pool_task_get_created_count:
 *
 * How many tasks the process has made so far (for the "tasks allocated"
 * gauge; take differences to count a run's).
 */
guint64
pool_task_get_created_count (void)
{
  guint64 total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (created_counters); i++)
    total += __atomic_load_n (&created_counters[i].created, __ATOMIC_RELAXED);
  return total;
}
