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
 * Under AddressSanitizer a cached block is poisoned, so a use of a freed
 * task is still reported (as use-after-poison).
 */

#include <pthread.h>
#include <string.h>

#include "pool-lock-private.h"
#include "pool-task-cache-private.h"

#if defined(__SANITIZE_ADDRESS__)
# include <sanitizer/asan_interface.h>
# define POISON(block)   ASAN_POISON_MEMORY_REGION ((block), POOL_TASK_CACHE_BLOCK_SIZE)
# define UNPOISON(block) ASAN_UNPOISON_MEMORY_REGION ((block), POOL_TASK_CACHE_BLOCK_SIZE)
#else
# define POISON(block)   ((void) (block))
# define UNPOISON(block) ((void) (block))
#endif

#define MAGAZINE_SIZE 64

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
  gboolean  registered;   /* the thread-exit destructor is armed */
} ThreadCache;

static __thread ThreadCache cache;

static struct
{
  PoolMutex     lock;
  pthread_key_t exit_key;   /* immutable after the first use */
  /* protected by @lock */
  guint         n;
  gpointer      blocks[POOL_TASK_CACHE_DEPOT_MAX];
} depot = { .lock = PTHREAD_MUTEX_INITIALIZER, };

/* Moves up to a magazine's worth of blocks from the depot into @magazine (empty). */
static void
depot_take (Magazine *magazine)
{
  guint n;

  _pool_mutex_lock (&depot.lock);
  n = MIN (depot.n, MAGAZINE_SIZE);
  depot.n -= n;
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
  depot.n += n;
  _pool_mutex_unlock (&depot.lock);

  for (guint i = 0; i < magazine->n - n; i++)
    {
      UNPOISON (magazine->blocks[i]);
      g_free (magazine->blocks[i]);
    }
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

/* A block of POOL_TASK_CACHE_BLOCK_SIZE bytes, or NULL when the cache has none. */
gpointer
_pool_task_cache_alloc (void)
{
  ThreadCache *self = thread_cache_get ();
  gpointer block;

  if (self->loaded->n == 0)
    {
      if (self->previous->n > 0)
        swap (self);
      else
        depot_take (self->loaded);
      if (self->loaded->n == 0)
        return NULL;
    }
  block = self->loaded->blocks[--self->loaded->n];
  UNPOISON (block);
  return block;
}

/* Takes back a block of POOL_TASK_CACHE_BLOCK_SIZE bytes (from any thread). */
void
_pool_task_cache_free (gpointer block)
{
  ThreadCache *self = thread_cache_get ();

  if (self->loaded->n == MAGAZINE_SIZE)
    {
      if (self->previous->n == MAGAZINE_SIZE)
        depot_put (self->previous);
      swap (self);
    }
  POISON (block);
  self->loaded->blocks[self->loaded->n++] = block;
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
