/* pool-test-util.h — helpers shared by the pool's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pool.h>

/* Iterates the default main context until @task completes; fails the test
 * after a generous bound instead of hanging. */
static inline void
pool_test_iterate_until_completed (PoolTask *task)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!pool_task_is_completed (task))
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("task %u did not complete within 30 s (status %s)",
                 pool_task_get_id (task), pool_task_status_to_string (pool_task_get_status (task)));
      g_usleep (100);
    }
}
