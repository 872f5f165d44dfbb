/* pool-task-private.h — the task structure and the calls schedulers make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pool-types.h"
#include "pool-lock-private.h"
#include "pool-cancellation-token.h"

G_BEGIN_DECLS

/* Continuation option bits (TaskContinuationOptions); the low byte is shared
 * with PoolTaskCreationOptions. */
#define _POOL_CONTINUATION_NOT_ON_RAN_TO_COMPLETION 0x10000
#define _POOL_CONTINUATION_NOT_ON_FAULTED           0x20000
#define _POOL_CONTINUATION_NOT_ON_CANCELED          0x40000
#define _POOL_CONTINUATION_EXECUTE_SYNCHRONOUSLY    0x80000

struct _PoolTask
{
  /* atomic */
  int                      ref_count;
  int                      status;               /* PoolTaskStatus: moves forward only;
                                                  * WaitingToRun -> Running by CAS (the claim),
                                                  * later changes under @lock */
  int                      completion_countdown; /* 1 for the delegate + 1 per attached child
                                                  * still running; whoever takes it to 0
                                                  * completes the task (as .NET's
                                                  * m_completionCountdown) */

  /* immutable after creation */
  guint                    id;
  PoolTaskCreationOptions  creation_options;
  guint                    continuation_options;
  PoolTaskFunc             func;
  PoolContinuationFunc     continuation_func;
  PoolTask                *parent;               /* owned; set only when attached */
  PoolCancellationToken   *token;                /* owned, nullable: the launch token */

  /* set before the task is queued, read-only afterwards */
  PoolScheduler           *scheduler;            /* owned */
  gulong                   token_registration;   /* cancels the task before it starts */

  /* owner: the thread that runs the delegate (released after it ran) */
  gpointer                 data;
  GDestroyNotify           data_destroy;
  PoolTask                *antecedent;           /* owned, continuations only */

  /* protected by @lock */
  PoolMutex                lock;
  PoolCond                 completed_cond;
  gpointer                 result;
  GDestroyNotify           result_destroy;
  GPtrArray               *errors;               /* GError*: its own, then its children's */
  GPtrArray               *continuations;        /* PoolTask*, owned; NULL once completed */
};

gboolean  _pool_task_execute            (PoolTask *task,
                                         gboolean  inlined);
void      _pool_task_run_work_item      (gpointer  task,
                                         GError  **error);
PoolTask *_pool_task_get_current        (void);
PoolTask *_pool_task_new                (PoolTaskFunc             func,
                                         gpointer                 data,
                                         GDestroyNotify           data_destroy,
                                         PoolCancellationToken   *token,
                                         PoolTaskCreationOptions  options);
void      _pool_task_schedule           (PoolTask                *task,
                                         PoolScheduler           *scheduler);

G_END_DECLS
