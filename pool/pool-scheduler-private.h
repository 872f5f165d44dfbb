/* pool-scheduler-private.h — the scheduler vtable and the calls tasks make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pool-types.h"

G_BEGIN_DECLS

/* The scheduler interface, mirroring TaskScheduler's abstract members. */
typedef struct
{
  const char *name;

  /* QueueTask: takes ownership of one reference to @task. */
  void     (*queue_task)                    (PoolScheduler *self,
                                             PoolTask      *task);
  /* TryExecuteTaskInline: run @task now on the calling thread if allowed
   * (via _pool_task_execute); @task_was_previously_queued as in .NET. */
  gboolean (*try_execute_task_inline)       (PoolScheduler *self,
                                             PoolTask      *task,
                                             gboolean       task_was_previously_queued);
  /* MaximumConcurrencyLevel */
  int      (*get_maximum_concurrency_level) (PoolScheduler *self);
  void     (*finalize)                      (PoolScheduler *self);
} PoolSchedulerClass;

struct _PoolScheduler
{
  /* immutable after creation */
  const PoolSchedulerClass *klass;
  guint                     id;

  /* atomic; -1 for a static scheduler that is never freed */
  int                       ref_count;
};

void     _pool_scheduler_init                    (PoolScheduler            *self,
                                                  const PoolSchedulerClass *klass);
void     _pool_scheduler_queue_task              (PoolScheduler            *self,
                                                  PoolTask                 *task);
gboolean _pool_scheduler_try_execute_task_inline (PoolScheduler            *self,
                                                  PoolTask                 *task,
                                                  gboolean                  task_was_previously_queued);

void     _pool_scheduler_publish_unobserved_task_exception (const GError *exception);

/* The default scheduler (pool-thread-pool-scheduler.c). */
PoolScheduler *_pool_thread_pool_scheduler_get (void);

/* pool-main-context-scheduler.c */
void     _pool_main_context_scheduler_post_await (PoolScheduler            *scheduler,
                                                  PoolWaitCallback          callback,
                                                  gpointer                  state,
                                                  PoolTask                 *awaited);

G_END_DECLS
