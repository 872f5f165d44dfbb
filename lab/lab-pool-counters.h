/* lab-pool-counters.h — the thread pool's counters, read at one moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LabPoolCounters:
 * @threads: pool threads alive
 * @injected: threads above the pool's minimum (added while others blocked)
 * @busy: threads running an item
 * @blocked: threads blocked in a wait on a task
 * @queued_global: items in the global queue
 * @queued_local: items in the workers' local queues
 * @tasks_created: tasks allocated since the baseline
 * @completed: work items completed since the baseline
 */
typedef struct
{
  guint   threads;
  guint   injected;
  guint   busy;
  guint   blocked;
  guint   queued_global;
  guint   queued_local;
  guint64 tasks_created;
  guint64 completed;
} LabPoolCounters;

void lab_pool_counters_read (LabPoolCounters       *counters,
                             const LabPoolCounters *baseline);

G_END_DECLS
