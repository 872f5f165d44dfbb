/* lab-pool-counters.c — see lab-pool-counters.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <pool.h>

#include "lab-pool-counters.h"

/**
 * lab_pool_counters_read:
 * @counters: (out caller-allocates): the counters now
 * @baseline: (nullable): counters read earlier; @tasks_created and
 *   @completed count from them (from the pool's start when %NULL)
 */
void
lab_pool_counters_read (LabPoolCounters       *counters,
                        const LabPoolCounters *baseline)
{
  guint min_threads = pool_thread_pool_get_min_threads ();
  guint64 tasks = pool_task_get_created_count ();
  guint64 completed = pool_thread_pool_get_completed_work_item_count ();

  counters->threads = pool_thread_pool_get_thread_count ();
  counters->injected = counters->threads > min_threads ? counters->threads - min_threads : 0;
  counters->busy = pool_thread_pool_get_busy_thread_count ();
  counters->blocked = pool_thread_pool_get_blocked_thread_count ();
  counters->queued_global = pool_thread_pool_get_global_queue_length ();
  counters->queued_local = pool_thread_pool_get_local_queue_length ();
  counters->tasks_created = tasks;
  counters->completed = completed;
  if (baseline != NULL)
    {
      counters->tasks_created = tasks >= baseline->tasks_created ? tasks - baseline->tasks_created : 0;
      counters->completed = completed >= baseline->completed ? completed - baseline->completed : 0;
    }
}
