/* test-queues.c — the thread pool's queues under concurrent use: nothing
 * lost, nothing taken twice, FIFO kept where it is promised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pool.h>

#include "pool-work-queue-private.h"

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
# define N_ITEMS 100000
#else
# define N_ITEMS 1000000
#endif
#define N_THIEVES 3

static void
no_op (gpointer  state,
       GError  **error)
{
}

typedef struct
{
  PoolLocalQueue queue;
  gint          *taken;        /* per item: how many times it was taken */
  gint           owner_done;
} Deque;

static void
take (Deque        *deque,
      PoolWorkItem  item)
{
  g_atomic_int_inc (&deque->taken[GPOINTER_TO_SIZE (item.state)]);
}

static gpointer
thief (gpointer data)
{
  Deque *deque = data;
  PoolWorkItem item;

  while (!g_atomic_int_get (&deque->owner_done) || _pool_local_queue_get_length (&deque->queue) > 0)
    {
      if (_pool_local_queue_steal (&deque->queue, &item))
        take (deque, item);
    }
  return NULL;
}

/* Chase–Lev under an owner that pushes and pops and thieves that steal:
 * every item is taken exactly once. */
static void
test_local_queue_concurrent (void)
{
  Deque deque = { 0, };
  GThread *thieves[N_THIEVES];
  PoolWorkItem item;

  _pool_local_queue_init (&deque.queue);
  deque.taken = g_new0 (gint, N_ITEMS);
  for (guint i = 0; i < N_THIEVES; i++)
    thieves[i] = g_thread_new ("thief", thief, &deque);

  for (gsize i = 0; i < N_ITEMS; i++)
    {
      _pool_local_queue_push (&deque.queue, (PoolWorkItem) { no_op, GSIZE_TO_POINTER (i) });
      /* the owner takes back about one item in three */
      if (i % 3 == 0 && _pool_local_queue_pop (&deque.queue, &item))
        take (&deque, item);
    }
  while (_pool_local_queue_pop (&deque.queue, &item))
    take (&deque, item);
  g_atomic_int_set (&deque.owner_done, 1);
  for (guint i = 0; i < N_THIEVES; i++)
    g_thread_join (thieves[i]);

  for (gsize i = 0; i < N_ITEMS; i++)
    if (deque.taken[i] != 1)
      g_error ("item %" G_GSIZE_FORMAT " was taken %d times", i, deque.taken[i]);
  g_free (deque.taken);
  _pool_local_queue_clear (&deque.queue);
}

/* The owner takes its newest item first; thieves the oldest. */
static void
test_local_queue_order (void)
{
  PoolLocalQueue queue;
  PoolWorkItem item;

  _pool_local_queue_init (&queue);
  for (gsize i = 1; i <= 3; i++)
    _pool_local_queue_push (&queue, (PoolWorkItem) { no_op, GSIZE_TO_POINTER (i) });
  g_assert_true (_pool_local_queue_steal (&queue, &item));
  g_assert_cmpuint (GPOINTER_TO_SIZE (item.state), ==, 1);
  g_assert_true (_pool_local_queue_pop (&queue, &item));
  g_assert_cmpuint (GPOINTER_TO_SIZE (item.state), ==, 3);
  g_assert_false (_pool_local_queue_pop_if (&queue, &(PoolWorkItem) { no_op, GSIZE_TO_POINTER (9) }));
  g_assert_true (_pool_local_queue_pop_if (&queue, &(PoolWorkItem) { no_op, GSIZE_TO_POINTER (2) }));
  g_assert_false (_pool_local_queue_pop (&queue, &item));
  g_assert_false (_pool_local_queue_steal (&queue, &item));
  _pool_local_queue_clear (&queue);
}

typedef struct
{
  PoolGlobalQueue queue;
  gint           *taken;
  gint            producers_done;
  gsize           per_producer;
  guint           producer;    /* for the producers: their number */
  gsize          *last_seen;   /* per consumer per producer: FIFO check */
  gint            fifo_broken;
} Global;

typedef struct
{
  Global *global;
  guint   index;
} Role;

static gpointer
producer (gpointer data)
{
  Role *role = data;
  Global *global = role->global;

  for (gsize i = 0; i < global->per_producer; i++)
    {
      gsize id = role->index * global->per_producer + i;

      _pool_global_queue_push (&global->queue, (PoolWorkItem) { no_op, GSIZE_TO_POINTER (id) });
    }
  return NULL;
}

static gpointer
consumer (gpointer data)
{
  Role *role = data;
  Global *global = role->global;
  gssize last[2] = { -1, -1 };
  PoolWorkItem item;

  for (;;)
    {
      if (_pool_global_queue_pop (&global->queue, &item))
        {
          gsize id = GPOINTER_TO_SIZE (item.state);
          guint from = (guint) (id / global->per_producer);
          gssize seq = (gssize) (id % global->per_producer);

          g_atomic_int_inc (&global->taken[id]);
          /* one consumer sees each producer's items in increasing order */
          if (seq <= last[from])
            g_atomic_int_set (&global->fifo_broken, 1);
          last[from] = seq;
        }
      else if (g_atomic_int_get (&global->producers_done) &&
               _pool_global_queue_get_length (&global->queue) == 0)
        break;
    }
  return NULL;
}

/* Two producers, two consumers, a ring small enough to overflow: every item
 * is taken once, and each producer's items come out in its order. */
static void
test_global_queue_concurrent (void)
{
  Global global = { 0, };
  Role producers[2] = { { &global, 0 }, { &global, 1 } };
  Role consumers[2] = { { &global, 0 }, { &global, 1 } };
  GThread *threads[4];

  _pool_global_queue_init_sized (&global.queue, 8);   /* 256 cells */
  global.per_producer = N_ITEMS / 2;
  global.taken = g_new0 (gint, N_ITEMS);

  threads[0] = g_thread_new ("consumer", consumer, &consumers[0]);
  threads[1] = g_thread_new ("consumer", consumer, &consumers[1]);
  threads[2] = g_thread_new ("producer", producer, &producers[0]);
  threads[3] = g_thread_new ("producer", producer, &producers[1]);
  g_thread_join (threads[2]);
  g_thread_join (threads[3]);
  g_atomic_int_set (&global.producers_done, 1);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);

  for (gsize i = 0; i < N_ITEMS; i++)
    if (global.taken[i] != 1)
      g_error ("item %" G_GSIZE_FORMAT " was taken %d times", i, global.taken[i]);
  g_assert_false (global.fifo_broken);
  g_free (global.taken);
  _pool_global_queue_clear (&global.queue);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/queues/local/order", test_local_queue_order);
  g_test_add_func ("/pool/queues/local/concurrent-push-pop-steal", test_local_queue_concurrent);
  g_test_add_func ("/pool/queues/global/concurrent-with-overflow", test_global_queue_concurrent);

  return g_test_run ();
}
