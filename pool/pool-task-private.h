/* pool-task-private.h — the task structure and the calls schedulers make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A task is one allocation: the fields every task needs, and optionally the
 * delegate's state copied in after them (pool_task_run_with_closure). What
 * few tasks need (a parent, a launch token, errors, a kept-alive result
 * owner) lives in a separately allocated PoolTaskContingent, made on first
 * use, as .NET's Task keeps its ContingentProperties.
 */
#pragma once

#include "pool-types.h"
#include "pool-lock-private.h"
#include "pool-cancellation-token.h"
#include "pool-trace-private.h"

G_BEGIN_DECLS

typedef enum
{
  POOL_TASK_KIND_DELEGATE,      /* new / StartNew / Run: runs func */
  POOL_TASK_KIND_CONTINUATION,  /* ContinueWith: runs continuation_func after the antecedent */
  POOL_TASK_KIND_PROMISE,       /* completion source, combinators: completed from outside */
} PoolTaskKind;

/* flags */
#define POOL_TASK_FLAG_WAITERS  0x1   /* someone sleeps in the parking lot for it */
#define POOL_TASK_FLAG_CACHEABLE 0x4  /* a block of the task cache (set at allocation) */
#define POOL_TASK_FLAG_SLAB     0x8   /* ... cut from one of its slabs (set at allocation) */
#define POOL_TASK_FLAG_OBSERVED 0x2   /* its error was looked at (Wait, Result, await, the
                                       * getters, a parent or combinator taking it in) */

typedef struct
{
  PoolMutex              lock;                  /* guards @errors while children add theirs */
  PoolTask              *parent;                /* owned; set at creation when attached */
  PoolCancellationToken *token;                 /* owned: the launch token, looked at when
                                                 * the task is dequeued */
  gulong                 token_registration;    /* new Task and ContinueWith only: cancels
                                                 * the task before it is queued */
  GPtrArray             *errors;                /* GError*: InnerExceptions, its own, then one
                                                 * aggregate per faulted attached child */
  /* written once by the thread that completes it, before the final status */
  GError                *exception;             /* Task.Exception: an aggregate of @errors */
  GPtrArray             *flat_errors;           /* GError*: the leaves of @exception */
  GError                *cancellation_error;    /* the acknowledged OperationCanceledException */
  gpointer               result_keepalive;      /* owns a borrowed result */
  GDestroyNotify         result_keepalive_destroy;
} PoolTaskContingent;

struct _PoolTask
{
  /* atomic */
  int                      ref_count;
  int                      status;               /* PoolTaskStatus: moves forward only; the
                                                  * claims are CAS (WaitingToRun -> Running to
                                                  * run it, -> Canceled by its token,
                                                  * WaitingForActivation -> Running for a
                                                  * promise's first Set) */
  int                      completion_countdown; /* 1 for the delegate + 1 per attached child
                                                  * still running; whoever takes it to 0
                                                  * completes the task (.NET's
                                                  * m_completionCountdown) */
  int                      flags;                /* POOL_TASK_FLAG_* */
  guint                    id;                   /* 0 until first asked for (as .NET) */

  /* immutable after creation */
  guint32                  options;              /* PoolTaskContinuationOptions (the low byte
                                                  * is the creation options), and the
                                                  * PoolTaskKind in the top bits */
  union
  {
    PoolTaskFunc           func;
    PoolContinuationFunc   continuation_func;
  };

  /* set before the task is queued, read-only afterwards */
  PoolScheduler           *scheduler;            /* owned (the default one is static) */
  gint64                   queued_us;            /* when it entered a queue, while tracing */

  /* owner: the thread that runs the delegate (released after it ran) */
  gpointer                 data;
  GDestroyNotify           data_destroy;
  PoolTask                *antecedent;           /* owned, continuations only */

  /* written once by the thread that completes it, before the final status */
  gpointer                 result;
  GDestroyNotify           result_destroy;       /* atomic pointer */

  /* atomic: a stack of continuation tasks linked by @next; the COMPLETED
   * sentinel once the task has completed (no more can be added) */
  PoolTask                *continuations;
  PoolTask                *next;                 /* owned by the antecedent's stack */

  PoolTaskContingent      *contingent;           /* atomic; NULL until needed */

  /* then, for pool_task_run_with_closure(), the closure (aligned) */
};

/* 112 bytes: with a closure of up to 16 bytes the task fits a block of the
 * task cache (pool-task-cache-private.h). */
G_STATIC_ASSERT (sizeof (PoolTask) <= 112);

#define _POOL_TASK_CREATION_OPTIONS(task) ((PoolTaskCreationOptions) ((task)->options & 0xff))
#define _POOL_TASK_KIND_SHIFT 28
#define _POOL_TASK_OPTIONS_MASK ((1u << _POOL_TASK_KIND_SHIFT) - 1)
#define _POOL_TASK_KIND(task) ((PoolTaskKind) ((task)->options >> _POOL_TASK_KIND_SHIFT))

gboolean            _pool_task_execute               (PoolTask                *task,
                                                      gboolean                 inlined);
void                _pool_task_run_work_item         (gpointer                 task,
                                                      GError                 **error);
PoolTask           *_pool_task_get_current           (void);
PoolTask           *_pool_task_swap_current          (PoolTask                *task);
PoolTask           *_pool_task_new                   (PoolTaskKind             kind,
                                                      PoolTaskFunc             func,
                                                      gpointer                 data,
                                                      GDestroyNotify           data_destroy,
                                                      PoolCancellationToken   *token,
                                                      guint32                  options);
PoolTask           *_pool_task_new_with_closure      (PoolTaskFunc             func,
                                                      gconstpointer            closure,
                                                      gsize                    closure_size,
                                                      PoolTaskCreationOptions  options);
void                _pool_task_schedule_full         (PoolTask                *task,
                                                      PoolScheduler           *scheduler,
                                                      gboolean                 inline_first);
void                _pool_task_schedule              (PoolTask                *task,
                                                      PoolScheduler           *scheduler);
gboolean            _pool_task_try_complete          (PoolTask                *task,
                                                      gpointer                 result,
                                                      GDestroyNotify           result_destroy,
                                                      gpointer                 result_keepalive,
                                                      GDestroyNotify           result_keepalive_destroy,
                                                      GPtrArray               *errors,
                                                      gboolean                 canceled);
gboolean            _pool_task_try_cancel            (PoolTask                *task,
                                                      GError                  *cancellation_error);
GError             *_pool_task_dup_cancellation_error (PoolTask               *task);
void                _pool_task_mark_observed         (PoolTask                *task);
void                _pool_task_add_continuation      (PoolTask                *antecedent,
                                                      PoolTask                *continuation);
void                _pool_task_activate_continuation (PoolTask                *continuation,
                                                      PoolTask                *antecedent,
                                                      gboolean                 force_asynchronous);
void                _pool_task_register_launch_token (PoolTask                *task);
void                _pool_task_cancel_unstarted      (PoolTask                *task);
GPtrArray          *_pool_task_copy_errors           (PoolTask                *task);
PoolCancellationToken *_pool_task_get_token          (PoolTask                *task);

/* Status changes: plain atomics, or, while tracing, the change and its
 * STATUS event together (pool-trace-private.h). */
static inline gboolean
_pool_task_status_cas (PoolTask *task,
                       int       from,
                       int       to)
{
  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    return _pool_trace_status_cas (task, from, to);
  return g_atomic_int_compare_and_exchange (&task->status, from, to);
}

static inline void
_pool_task_status_set (PoolTask *task,
                       int       to)
{
  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    _pool_trace_status_set (task, to);
  else
    g_atomic_int_set (&task->status, to);
}

G_END_DECLS
