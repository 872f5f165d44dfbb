/* pool-task-private.h — the task structure and the calls schedulers make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pool-types.h"
#include "pool-lock-private.h"
#include "pool-cancellation-token.h"

G_BEGIN_DECLS

typedef enum
{
  POOL_TASK_KIND_DELEGATE,      /* new / StartNew / Run: runs func */
  POOL_TASK_KIND_CONTINUATION,  /* ContinueWith: runs continuation_func after the antecedent */
  POOL_TASK_KIND_PROMISE,       /* completion source, combinators: completed from outside */
} PoolTaskKind;

struct _PoolTask
{
  /* atomic */
  int                      ref_count;
  int                      status;               /* PoolTaskStatus: moves forward only; the
                                                  * claims (WaitingToRun -> Running,
                                                  * -> Canceled before start) are CAS,
                                                  * later changes under @lock */
  int                      completion_countdown; /* 1 for the delegate + 1 per attached child
                                                  * still running; whoever takes it to 0
                                                  * completes the task (as .NET's
                                                  * m_completionCountdown) */
  int                      promise_claimed;      /* promises: the first Try-Set wins */

  /* immutable after creation */
  guint                    id;
  PoolTaskKind             kind;
  PoolTaskCreationOptions  creation_options;
  PoolTaskContinuationOptions continuation_options;
  PoolTaskFunc             func;
  PoolContinuationFunc     continuation_func;
  PoolTask                *parent;               /* owned; set only when attached */
  PoolCancellationToken   *token;                /* owned, nullable: the launch token */

  /* set before the task is queued, read-only afterwards */
  PoolScheduler           *scheduler;            /* owned */
  gulong                   token_registration;   /* cancels the task before it starts */
  gint64                   queued_us;            /* when it entered a scheduler's queue, or 0 */

  /* owner: the thread that runs the delegate (released after it ran) */
  gpointer                 data;
  GDestroyNotify           data_destroy;
  PoolTask                *antecedent;           /* owned, continuations only */

  /* protected by @lock */
  PoolMutex                lock;
  PoolCond                 completed_cond;
  gpointer                 result;
  GDestroyNotify           result_destroy;
  gpointer                 result_keepalive;     /* owned: keeps a borrowed result alive */
  GDestroyNotify           result_keepalive_destroy;
  GPtrArray               *errors;               /* GError*: its own, then its children's */
  GPtrArray               *continuations;        /* PoolTask*, owned; NULL once completed */
};

gboolean  _pool_task_execute            (PoolTask                *task,
                                         gboolean                 inlined);
void      _pool_task_run_work_item      (gpointer                 task,
                                         GError                 **error);
PoolTask *_pool_task_get_current        (void);
PoolTask *_pool_task_new                (PoolTaskKind             kind,
                                         PoolTaskFunc             func,
                                         gpointer                 data,
                                         GDestroyNotify           data_destroy,
                                         PoolCancellationToken   *token,
                                         PoolTaskCreationOptions  options);
void      _pool_task_schedule           (PoolTask                *task,
                                         PoolScheduler           *scheduler);
gboolean  _pool_task_try_complete       (PoolTask                *task,
                                         gpointer                 result,
                                         GDestroyNotify           result_destroy,
                                         gpointer                 result_keepalive,
                                         GDestroyNotify           result_keepalive_destroy,
                                         GPtrArray               *errors,
                                         gboolean                 canceled);
void      _pool_task_add_continuation   (PoolTask                *antecedent,
                                         PoolTask                *continuation);
void      _pool_task_activate_continuation (PoolTask             *continuation,
                                         PoolTask                *antecedent,
                                         gboolean                 force_asynchronous);
void      _pool_task_register_launch_token (PoolTask             *task);
void      _pool_task_cancel_unstarted   (PoolTask                *task);
GPtrArray *_pool_task_copy_errors       (PoolTask                *task);

G_END_DECLS
