/* pool-task.c — PoolTask: lifecycle, execution, completion, waiting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A task goes through three phases, each owned by one party:
 *
 *  1. start: whoever starts it picks the scheduler and queues it
 *     (_pool_task_schedule); the status becomes WaitingToRun.
 *  2. run: one thread claims it by moving WaitingToRun -> Running with a
 *     compare-and-swap (_pool_task_execute), so a task queued on a scheduler
 *     and inlined by a waiter still runs once. The launch token is looked at
 *     there, when the task is dequeued (or inlined), not while it is queued:
 *     .NET's schedulers cannot take a task back out of their queues, so a
 *     cancelled queued task waits to be dequeued and then ends Canceled
 *     (WaitingToRun -> Canceled) without running its delegate.
 *  3. complete: when the delegate has returned and every attached child has
 *     completed (the completion countdown reaches zero), the final status is
 *     set under the lock, waiters are woken, and the continuations captured
 *     under that same lock are activated with the lock released.
 *
 * Promise tasks (completion sources, combinators) skip 1 and 2: the first
 * _pool_task_try_complete() call claims them (WaitingForActivation ->
 * Running) and completes them.
 *
 * No lock on the common path: the claims are compare-and-swaps, the
 * continuations a lock-free stack closed by a sentinel at completion, and
 * waiters sleep in the parking lot (pool-parking-lot-private.h). The only
 * lock is the contingent's, taken when children add their errors.
 *
 * What a task says of itself (Id, Status, IsCompleted…) is in
 * pool-task-properties.c; Start and RunSynchronously in pool-task-start.c;
 * Wait, Result and the errors in pool-task-wait.c.
 */

#include <string.h>

#include "pool-task-private.h"
#include "pool-task-cache-private.h"
#include "pool-aggregate-error.h"
#include "pool-scheduler-private.h"
#include "pool-trace-private.h"
#include "pool-parking-lot-private.h"
#include "pool-thread-pool-private.h"
#include "pool-task.h"
#include "pool-scheduler.h"

G_DEFINE_BOXED_TYPE (PoolTask, pool_task, pool_task_ref, pool_task_unref)
/* Not G_DEFINE_QUARK: its unsynchronised cache is a data race when workers
 * first ask for it together. */
GQuark
pool_task_error_quark (void)
{
  static GQuark quark;
  GQuark value = __atomic_load_n (&quark, __ATOMIC_ACQUIRE);

  if (value == 0)
    {
      value = g_quark_from_static_string ("pool-task-error-quark");
      __atomic_store_n (&quark, value, __ATOMIC_RELEASE);
    }
  return value;
}

static __thread PoolTask *current_task;

static void pool_task_complete (PoolTask *task);

/* Marks a completed task's continuation stack: nothing more is added. */
#define CONTINUATIONS_COMPLETED ((PoolTask *) &continuations_completed_marker)
static const char continuations_completed_marker;

/* The rare properties, made on first use; safe from any thread. */
static PoolTaskContingent *
ensure_contingent (PoolTask *task)
{
  PoolTaskContingent *contingent = g_atomic_pointer_get (&task->contingent);

  if (contingent != NULL)
    return contingent;

  contingent = g_new0 (PoolTaskContingent, 1);
  _pool_mutex_init (&contingent->lock);
  if (!g_atomic_pointer_compare_and_exchange (&task->contingent, NULL, contingent))
    {
      _pool_mutex_clear (&contingent->lock);
      g_free (contingent);
      contingent = g_atomic_pointer_get (&task->contingent);
    }
  return contingent;
}

static PoolTask *
pool_task_alloc (gsize extra)
{
  /* one block: the task, then its closure if any; the common sizes come
   * from this thread's cache (pool-task-cache.c) */
  gsize size = sizeof (PoolTask) + extra;
  PoolTask *task;
  int flags = 0;

  if (size <= POOL_TASK_CACHE_BLOCK_SIZE)
    {
      gboolean from_slab = FALSE;

      task = _pool_task_cache_alloc (&from_slab);
      if (task == NULL)
        task = g_malloc (POOL_TASK_CACHE_BLOCK_SIZE);
      flags = POOL_TASK_FLAG_CACHEABLE | (from_slab ? POOL_TASK_FLAG_SLAB : 0);
    }
  else
    {
      task = g_malloc (size);
    }

  memset (task, 0, sizeof (PoolTask));
  task->flags = flags;
  _pool_task_cache_count_created ();
  return task;
}

/* The status a task starts with and, for an attached child, the link from
 * its parent. Out of line: pool_task_init() stays small with tracing off. */
G_GNUC_NO_INLINE static void
trace_created (PoolTask *task)
{
  PoolTaskContingent *contingent = g_atomic_pointer_get (&task->contingent);

  _pool_trace_record_status (task);
  if (contingent != NULL && contingent->parent != NULL)
    _pool_trace_record_link (pool_task_get_id (contingent->parent), pool_task_get_id (task), 0,
                             POOL_TRACE_LINK_PARENT_CHILD);
}

static inline void
pool_task_init (PoolTask                *task,
                PoolTaskKind             kind,
                PoolTaskFunc             func,
                gpointer                 data,
                GDestroyNotify           data_destroy,
                PoolCancellationToken   *token,
                guint32                  options)
{
  PoolTask *creator = current_task;

  task->ref_count = 1;
  task->status = kind == POOL_TASK_KIND_DELEGATE ? POOL_TASK_STATUS_CREATED
                                                 : POOL_TASK_STATUS_WAITING_FOR_ACTIVATION;
  task->completion_countdown = 1;
  task->options = (options & _POOL_TASK_OPTIONS_MASK) | ((guint32) kind << _POOL_TASK_KIND_SHIFT);
  task->func = func;
  task->data = data;
  task->data_destroy = data_destroy;

  if (token != NULL)
    ensure_contingent (task)->token = pool_cancellation_token_ref (token);

  /* AttachedToParent binds to the task running on this thread, unless that
   * task refuses children (DenyChildAttach), as in Task's constructor. */
  if ((options & POOL_TASK_CREATION_ATTACHED_TO_PARENT) != 0 &&
      creator != NULL &&
      (_POOL_TASK_CREATION_OPTIONS (creator) & POOL_TASK_CREATION_DENY_CHILD_ATTACH) == 0)
    {
      ensure_contingent (task)->parent = pool_task_ref (creator);
      g_atomic_int_inc (&creator->completion_countdown);
    }

  if (G_UNLIKELY (_pool_trace_is_enabled ()))
    trace_created (task);
}

PoolTask *
_pool_task_new (PoolTaskKind             kind,
                PoolTaskFunc             func,
                gpointer                 data,
                GDestroyNotify           data_destroy,
                PoolCancellationToken   *token,
                guint32                  options)
{
  PoolTask *task = pool_task_alloc (0);

  pool_task_init (task, kind, func, data, data_destroy, token, options);
  return task;
}

/* A delegate task whose state is @closure, copied into the task itself. */
PoolTask *
_pool_task_new_with_closure (PoolTaskFunc             func,
                             gconstpointer            closure,
                             gsize                    closure_size,
                             PoolTaskCreationOptions  options)
{
  PoolTask *task = pool_task_alloc (closure_size);
  gpointer copy = task + 1;

  G_STATIC_ASSERT (sizeof (PoolTask) % 8 == 0);
  memcpy (copy, closure, closure_size);
  pool_task_init (task, POOL_TASK_KIND_DELEGATE, func, copy, NULL, NULL, options);
  return task;
}

PoolCancellationToken *
_pool_task_get_token (PoolTask *task)
{
  PoolTaskContingent *contingent = g_atomic_pointer_get (&task->contingent);

  return contingent != NULL ? contingent->token : NULL;
}

PoolTask *
pool_task_ref (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  g_atomic_int_inc (&task->ref_count);
  return task;
}

static void
pool_task_release_delegate (PoolTask *task)
{
  if (task->data_destroy != NULL && task->data != NULL)
    task->data_destroy (task->data);
  task->data = NULL;
  task->data_destroy = NULL;
  g_clear_pointer (&task->antecedent, pool_task_unref);
}

static void
free_contingent (PoolTaskContingent *contingent)
{
  if (contingent->result_keepalive_destroy != NULL)
    contingent->result_keepalive_destroy (contingent->result_keepalive);
  g_clear_pointer (&contingent->errors, g_ptr_array_unref);
  g_clear_pointer (&contingent->flat_errors, g_ptr_array_unref);
  g_clear_error (&contingent->exception);
  g_clear_error (&contingent->cancellation_error);
  g_clear_pointer (&contingent->parent, pool_task_unref);
  g_clear_pointer (&contingent->token, pool_cancellation_token_unref);
  _pool_mutex_clear (&contingent->lock);
  g_free (contingent);
}

void
pool_task_unref (PoolTask *task)
{
  GDestroyNotify result_destroy;
  PoolTask *continuation;
  int flags;

  g_return_if_fail (task != NULL);

  /* The last reference: no other thread holds one, so none can take one
   * (or drop one) any more, and no locked decrement is needed; the acquire
   * pairs with the other holders' decrements. Often so for the worker that
   * ran a task its starter no longer holds. */
  if (__atomic_load_n (&task->ref_count, __ATOMIC_ACQUIRE) != 1 &&
      !g_atomic_int_dec_and_test (&task->ref_count))
    return;

  /* .NET reports this from the exception holder's finalizer */
  if (G_UNLIKELY (g_atomic_int_get (&task->status) == POOL_TASK_STATUS_FAULTED) &&
      (g_atomic_int_get (&task->flags) & POOL_TASK_FLAG_OBSERVED) == 0)
    _pool_scheduler_publish_unobserved_task_exception (task->contingent->exception);

  pool_task_release_delegate (task);
  result_destroy = g_atomic_pointer_get (&task->result_destroy);
  if (result_destroy != NULL && task->result != NULL)
    result_destroy (task->result);

  /* continuations of a task that never completed (an abandoned promise) */
  continuation = g_atomic_pointer_get (&task->continuations);
  while (continuation != NULL && continuation != CONTINUATIONS_COMPLETED)
    {
      PoolTask *next = continuation->next;

      pool_task_unref (continuation);
      continuation = next;
    }

  if (task->contingent != NULL)
    free_contingent (task->contingent);
  g_clear_pointer (&task->scheduler, pool_scheduler_unref);
  flags = g_atomic_int_get (&task->flags);
  if (flags & POOL_TASK_FLAG_CACHEABLE)
    _pool_task_cache_free (task, (flags & POOL_TASK_FLAG_SLAB) != 0);
  else
    g_free (task);
}

/**
 * pool_task_get_current_id:
 *
 * The C twin of `Task.CurrentId`: the id of the task running on this
 * thread, or 0 when none is.
 */
guint
pool_task_get_current_id (void)
{
  return current_task != NULL ? pool_task_get_id (current_task) : 0;
}

PoolTask *
_pool_task_get_current (void)
{
  return current_task;
}

/* For code that runs on a task's thread without being a task (the code
 * after an await): returns the previous current task, to restore. */
PoolTask *
_pool_task_swap_current (PoolTask *task)
{
  PoolTask *previous = current_task;

  current_task = task;
  return previous;
}

static void
add_error (PoolTask *task,
           GError   *error)
{
  PoolTaskContingent *contingent = ensure_contingent (task);

  _pool_mutex_lock (&contingent->lock);
  if (contingent->errors == NULL)
    contingent->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_ptr_array_add (contingent->errors, error);
  _pool_mutex_unlock (&contingent->lock);
}

/* Only once the countdown reached zero: no child adds errors any more. */
static GPtrArray *
completed_errors (PoolTask *task)
{
  PoolTaskContingent *contingent = g_atomic_pointer_get (&task->contingent);

  return contingent != NULL && contingent->errors != NULL && contingent->errors->len > 0
         ? contingent->errors : NULL;
}

/* Ends a task that will never run: Canceled, continuations and parent told. */
void
_pool_task_cancel_unstarted (PoolTask *task)
{
  pool_task_release_delegate (task);
  g_atomic_int_set (&task->status, POOL_TASK_STATUS_CANCELED);
  if (g_atomic_int_dec_and_test (&task->completion_countdown))
    pool_task_complete (task);
}

/* The launch token fired: a task not yet handed to a scheduler (Created, or
 * a continuation waiting for its antecedent) never will be. A queued task
 * is left to be cancelled when it is dequeued (Task.InternalCancel: the
 * schedulers' TryDequeue fails). A delegate task claimed by Start sits in
 * WaitingForActivation only on its way to the queue, so it is not taken
 * from there. */
static void
cancel_before_start (gpointer data)
{
  PoolTask *task = data;
  int unstarted = _POOL_TASK_KIND (task) == POOL_TASK_KIND_DELEGATE
                  ? POOL_TASK_STATUS_CREATED : POOL_TASK_STATUS_WAITING_FOR_ACTIVATION;

  if (_pool_task_status_cas (task, unstarted, POOL_TASK_STATUS_CANCELED))
    _pool_task_cancel_unstarted (task);
}

/* Registers the launch token of a task not yet queued (new Task(…, token),
 * ContinueWith); a token cancelled already cancels the task now. */
void
_pool_task_register_launch_token (PoolTask *task)
{
  PoolCancellationToken *token = _pool_task_get_token (task);
  gulong registration;

  if (token == NULL)
    return;

  registration = pool_cancellation_token_register (token, cancel_before_start,
                                                   pool_task_ref (task),
                                                   (GDestroyNotify) pool_task_unref);
  __atomic_store_n (&task->contingent->token_registration, registration, __ATOMIC_SEQ_CST);
}

/* The start phase: @task waits on @scheduler, run inline first if asked
 * and allowed (RunSynchronously), else queued. Its launch token is not
 * registered here (Task.Run and StartNew queue with QueuedByRuntime): a
 * cancelled one is seen when the task is dequeued. */
void
_pool_task_schedule_full (PoolTask      *task,
                          PoolScheduler *scheduler,
                          gboolean       inline_first)
{
  g_assert (task->scheduler == NULL);

  task->scheduler = pool_scheduler_ref (scheduler);
  _pool_task_status_set (task, POOL_TASK_STATUS_WAITING_TO_RUN);

  if (inline_first && _pool_scheduler_try_execute_task_inline (scheduler, task, FALSE))
    return;
  _pool_scheduler_queue_task (scheduler, pool_task_ref (task));
}

void
_pool_task_schedule (PoolTask      *task,
                     PoolScheduler *scheduler)
{
  _pool_task_schedule_full (task, scheduler, FALSE);
}

/* .NET: an OperationCanceledException carrying the task's own launch token,
 * with cancellation requested on it, means Canceled; anything else faults. */
static gboolean
error_acknowledges_cancellation (PoolTask     *task,
                                 const GError *error)
{
  PoolCancellationToken *token = _pool_task_get_token (task);

  return error->domain == POOL_CANCELED_ERROR &&
         token != NULL &&
         (guint) error->code == pool_cancellation_token_get_id (token) &&
         pool_cancellation_token_is_cancellation_requested (token);
}

static void
pool_task_finish_delegate (PoolTask *task,
                           gpointer  result,
                           GError   *error)
{
  task->result = result;
  if (error != NULL && error_acknowledges_cancellation (task, error))
    {
      /* kept: await rethrows this very error (with its token) */
      task->contingent->cancellation_error = error;
      _pool_task_status_set (task, POOL_TASK_STATUS_CANCELED);
    }
  else if (error != NULL)
    {
      add_error (task, error);
    }

  /* Only this thread adds to the countdown (an attached child binds to the
   * task running on the thread that makes it, while the delegate ran here),
   * so reading 1 means no child is left to take from it: no locked
   * instruction for a task without children. */
  if (__atomic_load_n (&task->completion_countdown, __ATOMIC_ACQUIRE) == 1)
    {
      __atomic_store_n (&task->completion_countdown, 0, __ATOMIC_RELAXED);
      pool_task_complete (task);
      return;
    }
  if (g_atomic_int_dec_and_test (&task->completion_countdown))
    {
      pool_task_complete (task);
      return;
    }

  /* Attached children are still running: the parent waits for them. If the
   * last child completed the task in between, the status is already final;
   * a task that acknowledged cancellation keeps Canceled. */
  _pool_task_status_cas (task, POOL_TASK_STATUS_RUNNING,
                         POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE);
}

/**
 * _pool_task_execute:
 * @inlined: %TRUE when run by a waiter or a completing antecedent rather than
 *   taken from a scheduler's queue (recorded in the trace)
 *
 * The run phase, the twin of `TaskScheduler.TryExecuteTask`: claims the task
 * and runs its delegate on this thread.
 *
 * Returns: %FALSE if another thread had already claimed it
 */
gboolean
_pool_task_execute (PoolTask *task,
                    gboolean  inlined)
{
  PoolTask *previous;
  GError *error = NULL;
  gpointer result;
  gint64 start_us = 0;
  gboolean tracing = _pool_trace_is_enabled ();

  /* ExecuteEntry: a task whose launch token fired while it was queued ends
   * Canceled here, without running, and only now do its continuations run */
  if (G_UNLIKELY (task->contingent != NULL) &&
      pool_cancellation_token_is_cancellation_requested (_pool_task_get_token (task)))
    {
      if (!_pool_task_status_cas (task, POOL_TASK_STATUS_WAITING_TO_RUN, POOL_TASK_STATUS_CANCELED))
        return FALSE;
      _pool_task_cancel_unstarted (task);
      return TRUE;
    }

  if (!_pool_task_status_cas (task, POOL_TASK_STATUS_WAITING_TO_RUN, POOL_TASK_STATUS_RUNNING))
    return FALSE;

  if (tracing)
    start_us = g_get_monotonic_time ();
  previous = current_task;
  current_task = task;

  if (_POOL_TASK_KIND (task) == POOL_TASK_KIND_CONTINUATION)
    result = task->continuation_func (task->antecedent, task->data, &error);
  else
    result = task->func (task->data, &error);

  current_task = previous;
  if (tracing)
    _pool_trace_record_task (pool_task_get_id (task), inlined, inlined ? 0 : task->queued_us,
                             start_us, g_get_monotonic_time ());

  pool_task_release_delegate (task);
  pool_task_finish_delegate (task, result, error);
  return TRUE;
}

/* The work-item form of a queued task. Pairs with the reference the
 * scheduler took when it queued @data. */
void
_pool_task_run_work_item (gpointer   data,
                          GError   **error)
{
  PoolTask *task = data;

  _pool_task_execute (task, FALSE);
  pool_task_unref (task);
}

/**
 * _pool_task_try_complete:
 * @result_keepalive: (transfer full) (nullable): what owns @result (when this
 *   task does not), released with this task by @result_keepalive_destroy
 * @errors: (transfer full) (nullable): errors; non-empty means Faulted
 * @canceled: with no errors, end Canceled rather than RanToCompletion
 *
 * Completes a promise task: the first call wins (TrySetResult and friends).
 * A losing call frees what it was given.
 */
static gboolean
try_complete (PoolTask       *task,
              gpointer        result,
              GDestroyNotify  result_destroy,
              gpointer        result_keepalive,
              GDestroyNotify  result_keepalive_destroy,
              GPtrArray      *errors,
              gboolean        canceled,
              GError         *cancellation_error)
{
  g_assert (_POOL_TASK_KIND (task) == POOL_TASK_KIND_PROMISE);

  if (!g_atomic_int_compare_and_exchange (&task->status, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION,
                                          POOL_TASK_STATUS_RUNNING))
    {
      if (result_destroy != NULL && result != NULL)
        result_destroy (result);
      if (result_keepalive_destroy != NULL)
        result_keepalive_destroy (result_keepalive);
      g_clear_pointer (&errors, g_ptr_array_unref);
      g_clear_error (&cancellation_error);
      return FALSE;
    }

  if (cancellation_error != NULL)
    ensure_contingent (task)->cancellation_error = cancellation_error;

  task->result = result;
  g_atomic_pointer_set (&task->result_destroy, result_destroy);
  if (result_keepalive_destroy != NULL)
    {
      PoolTaskContingent *contingent = ensure_contingent (task);

      contingent->result_keepalive = result_keepalive;
      contingent->result_keepalive_destroy = result_keepalive_destroy;
    }
  if (errors != NULL && errors->len > 0)
    {
      while (errors->len > 0)
        add_error (task, g_ptr_array_steal_index (errors, 0));
    }
  else if (canceled)
    {
      _pool_task_status_set (task, POOL_TASK_STATUS_CANCELED);
    }
  g_clear_pointer (&errors, g_ptr_array_unref);

  if (g_atomic_int_dec_and_test (&task->completion_countdown))
    pool_task_complete (task);
  return TRUE;
}

gboolean
_pool_task_try_complete (PoolTask       *task,
                         gpointer        result,
                         GDestroyNotify  result_destroy,
                         gpointer        result_keepalive,
                         GDestroyNotify  result_keepalive_destroy,
                         GPtrArray      *errors,
                         gboolean        canceled)
{
  return try_complete (task, result, result_destroy, result_keepalive, result_keepalive_destroy,
                       errors, canceled, NULL);
}

/**
 * _pool_task_try_cancel:
 * @cancellation_error: (transfer full) (nullable): the error await rethrows
 *
 * TrySetCanceled(token, exception) on a promise task (Unwrap of a canceled
 * inner task keeps the inner's OperationCanceledException).
 */
gboolean
_pool_task_try_cancel (PoolTask *task,
                       GError   *cancellation_error)
{
  return try_complete (task, NULL, NULL, NULL, NULL, NULL, TRUE, cancellation_error);
}

/* A copy of the acknowledged cancellation error of a canceled task, or NULL. */
GError *
_pool_task_dup_cancellation_error (PoolTask *task)
{
  PoolTaskContingent *contingent = g_atomic_pointer_get (&task->contingent);

  g_assert (pool_task_is_completed (task));
  return contingent != NULL && contingent->cancellation_error != NULL
         ? g_error_copy (contingent->cancellation_error) : NULL;
}

static void
mark_observed (PoolTask *task)
{
  if ((g_atomic_int_get (&task->flags) & POOL_TASK_FLAG_OBSERVED) == 0)
    g_atomic_int_or (&task->flags, POOL_TASK_FLAG_OBSERVED);
}

void
_pool_task_mark_observed (PoolTask *task)
{
  mark_observed (task);
}

/* The parent takes the child's exception in whole (one inner aggregate per
 * faulted child, as AddExceptionsFromChildren), which observes it. */
static void
pool_task_child_completed (PoolTask *parent,
                           PoolTask *child)
{
  if (pool_task_get_status (child) == POOL_TASK_STATUS_FAULTED)
    {
      add_error (parent, g_error_copy (child->contingent->exception));
      mark_observed (child);
    }

  if (g_atomic_int_dec_and_test (&parent->completion_countdown))
    pool_task_complete (parent);
}

/* The complete phase; runs exactly once per task. */
static void
pool_task_complete (PoolTask *task)
{
  PoolTaskContingent *contingent = g_atomic_pointer_get (&task->contingent);
  PoolTask *continuations, *reversed = NULL;
  PoolTaskStatus final;
  gboolean force_asynchronous;

  if (contingent != NULL && __atomic_load_n (&contingent->token_registration, __ATOMIC_SEQ_CST) != 0)
    pool_cancellation_token_unregister (contingent->token,
                                        __atomic_load_n (&contingent->token_registration,
                                                         __ATOMIC_SEQ_CST));

  if (completed_errors (task) != NULL)
    {
      GPtrArray *errors = completed_errors (task);

      /* built once, before the status is published: readers need no lock */
      final = POOL_TASK_STATUS_FAULTED;
      contingent->exception = pool_aggregate_error_new ((GError * const *) errors->pdata,
                                                        errors->len);
      contingent->flat_errors = pool_aggregate_error_flatten (contingent->exception);
    }
  else if (g_atomic_int_get (&task->status) == POOL_TASK_STATUS_CANCELED)
    final = POOL_TASK_STATUS_CANCELED;
  else
    final = POOL_TASK_STATUS_RAN_TO_COMPLETION;

  /* publish the outcome, then close the stack: a continuation added from
   * now on runs at once, one added before is in what we take */
  _pool_task_status_set (task, final);
  continuations = g_atomic_pointer_exchange (&task->continuations, CONTINUATIONS_COMPLETED);
  if (g_atomic_int_get (&task->flags) & POOL_TASK_FLAG_WAITERS)
    _pool_parking_lot_wake_all (task);

  /* the stack is newest first; run them in the order they were added */
  while (continuations != NULL)
    {
      PoolTask *next = continuations->next;

      continuations->next = reversed;
      reversed = continuations;
      continuations = next;
    }

  force_asynchronous =
    (_POOL_TASK_CREATION_OPTIONS (task) & POOL_TASK_CREATION_RUN_CONTINUATIONS_ASYNCHRONOUSLY) != 0;
  while (reversed != NULL)
    {
      PoolTask *next = reversed->next;

      reversed->next = NULL;
      _pool_task_activate_continuation (reversed, task, force_asynchronous);
      reversed = next;
    }

  if (contingent != NULL && contingent->parent != NULL)
    pool_task_child_completed (contingent->parent, task);
}

/* Adds @continuation (a reference it owns) to run when @antecedent
 * completes; activates it now if it already has. */
void
_pool_task_add_continuation (PoolTask *antecedent,
                             PoolTask *continuation)
{
  for (;;)
    {
      PoolTask *head = g_atomic_pointer_get (&antecedent->continuations);

      if (head == CONTINUATIONS_COMPLETED)
        {
          _pool_task_activate_continuation (continuation, antecedent, FALSE);
          return;
        }
      continuation->next = head;
      if (g_atomic_pointer_compare_and_exchange (&antecedent->continuations, head, continuation))
        return;
    }
}

/* A snapshot of a completed task's errors, for aggregating elsewhere. */
GPtrArray *
_pool_task_copy_errors (PoolTask *task)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  GPtrArray *errors = completed_errors (task);

  g_assert (pool_task_is_completed (task));
  mark_observed (task);
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    g_ptr_array_add (copy, g_error_copy (g_ptr_array_index (errors, i)));
  return copy;
}
