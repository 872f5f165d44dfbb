/* pool-thread-pool-sizing.c — when the pool adds a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like .NET's starvation detection (the "gate thread"): every half second,
 * if work was waiting at the last check and is still waiting now, and no
 * work item completed in between, the workers are all stuck (blocked, or
 * busy with very long items), so one more worker is started. A burst of
 * blocking work thus gains about two threads a second, which is the visible
 * delay the starvation scenario shows. Extra workers retire after
 * retire_after_ms idle (pool-thread-pool.c, park()).
 */

#include "pool-thread-pool-private.h"
#include "pool-thread-pool.h"

#define GATE_INTERVAL_US (500 * 1000)

static gpointer
gate_main (gpointer data)
{
  guint last_completed = pool_thread_pool_get_completed_work_item_count ();
  gboolean was_waiting = FALSE;

  for (;;)
    {
      guint completed, pending;

      g_usleep (GATE_INTERVAL_US);
      if (_pool_thread_pool_is_shutting_down ())
        return NULL;
      completed = pool_thread_pool_get_completed_work_item_count ();
      pending = pool_thread_pool_get_pending_work_item_count ();

      if (was_waiting && pending > 0 && completed == last_completed &&
          _pool_thread_pool_get_idle_count () == 0)
        _pool_thread_pool_inject_worker ();

      was_waiting = pending > 0;
      last_completed = completed;
    }
  return NULL;
}

void
_pool_thread_pool_start_gate (void)
{
  g_thread_unref (g_thread_new ("pool-gate", gate_main, NULL));
}
