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
 *     and inlined by a waiter still runs once; a launch token that fires
 *     first claims it the same way (WaitingToRun -> Canceled).
 *  3. complete: when the delegate has returned and every attached child has
 *     completed (the completion countdown reaches zero), the final status is
 *     set under the lock, waiters are woken, and the continuations captured
 *     under that same lock are activated with the lock released.
 *
 * Promise tasks (completion sources, combinators) skip 1 and 2: the first
 * _pool_task_try_complete() call completes them.
 *
 * Lock order: a task's @lock is never held while taking another task's lock,
 * calling into a scheduler or running user code.
 */
#define G_LOG_DOMAIN "Pool"
#define POOL_COMPILATION

#include "pool-task-private.h"
#include "pool-scheduler-private.h"
#include "pool-trace-private.h"
#include "pool-task.h"
#include "pool-scheduler.h"

G_DEFINE_BOXED_TYPE (PoolTask, pool_task, pool_task_ref, pool_task_unref)
G_DEFINE_QUARK (pool-task-error-quark, pool_task_error)

static int last_task_id;
static __thread PoolTask *current_task;

static void pool_task_complete (PoolTask *task);

PoolTask *
_pool_task_new (PoolTaskKind             kind,
                PoolTaskFunc             func,
                gpointer                 data,
                GDestroyNotify           data_destroy,
                PoolCancellationToken   *token,
                PoolTaskCreationOptions  options)
{
  PoolTask *task = g_new0 (PoolTask, 1);
  PoolTask *creator = current_task;

  task->ref_count = 1;
  task->status = kind == POOL_TASK_KIND_DELEGATE ? POOL_TASK_STATUS_CREATED
                                                 : POOL_TASK_STATUS_WAITING_FOR_ACTIVATION;
  task->completion_countdown = 1;
  task->id = (guint) g_atomic_int_add (&last_task_id, 1) + 1;
  task->kind = kind;
  task->creation_options = options;
  task->func = func;
  task->data = data;
  task->data_destroy = data_destroy;
  task->token = token != NULL ? pool_cancellation_token_ref (token) : NULL;
  _pool_mutex_init (&task->lock);
  _pool_cond_init (&task->completed_cond);

  /* AttachedToParent binds to the task running on this thread, unless that
   * task refuses children (DenyChildAttach), as in Task's constructor. */
  if ((options & POOL_TASK_CREATION_ATTACHED_TO_PARENT) != 0 &&
      creator != NULL &&
      (creator->creation_options & POOL_TASK_CREATION_DENY_CHILD_ATTACH) == 0)
    {
      task->parent = pool_task_ref (creator);
      g_atomic_int_inc (&creator->completion_countdown);
    }

  return task;
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

void
pool_task_unref (PoolTask *task)
{
  g_return_if_fail (task != NULL);

  if (!g_atomic_int_dec_and_test (&task->ref_count))
    return;

  pool_task_release_delegate (task);
  if (task->result_destroy != NULL && task->result != NULL)
    task->result_destroy (task->result);
  if (task->result_keepalive_destroy != NULL)
    task->result_keepalive_destroy (task->result_keepalive);
  g_clear_pointer (&task->errors, g_ptr_array_unref);
  g_clear_pointer (&task->continuations, g_ptr_array_unref);
  g_clear_pointer (&task->parent, pool_task_unref);
  g_clear_pointer (&task->scheduler, pool_scheduler_unref);
  g_clear_pointer (&task->token, pool_cancellation_token_unref);
  _pool_cond_clear (&task->completed_cond);
  _pool_mutex_clear (&task->lock);
  g_free (task);
}

/**
 * pool_task_get_id:
 *
 * The C twin of `Task.Id`: a number unique to this task, never 0.
 */
guint
pool_task_get_id (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, 0);

  return task->id;
}

/**
 * pool_task_get_status:
 *
 * The C twin of `Task.Status`.
 */
PoolTaskStatus
pool_task_get_status (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, POOL_TASK_STATUS_CREATED);

  return (PoolTaskStatus) g_atomic_int_get (&task->status);
}

/**
 * pool_task_get_creation_options:
 *
 * The C twin of `Task.CreationOptions`.
 */
PoolTaskCreationOptions
pool_task_get_creation_options (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, POOL_TASK_CREATION_NONE);

  return task->creation_options;
}

static gboolean
status_is_final (int status)
{
  return status >= POOL_TASK_STATUS_RAN_TO_COMPLETION;
}

/**
 * pool_task_is_completed:
 *
 * The C twin of `Task.IsCompleted`: ran to completion, faulted or canceled.
 */
gboolean
pool_task_is_completed (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, FALSE);

  return status_is_final (g_atomic_int_get (&task->status));
}

/**
 * pool_task_is_faulted:
 *
 * The C twin of `Task.IsFaulted`.
 */
gboolean
pool_task_is_faulted (PoolTask *task)
{
  return pool_task_get_status (task) == POOL_TASK_STATUS_FAULTED;
}

/**
 * pool_task_is_canceled:
 *
 * The C twin of `Task.IsCanceled`.
 */
gboolean
pool_task_is_canceled (PoolTask *task)
{
  return pool_task_get_status (task) == POOL_TASK_STATUS_CANCELED;
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
  return current_task != NULL ? current_task->id : 0;
}

PoolTask *
_pool_task_get_current (void)
{
  return current_task;
}

const char *
pool_task_status_to_string (PoolTaskStatus status)
{
  switch (status)
    {
    case POOL_TASK_STATUS_CREATED: return "Created";
    case POOL_TASK_STATUS_WAITING_FOR_ACTIVATION: return "WaitingForActivation";
    case POOL_TASK_STATUS_WAITING_TO_RUN: return "WaitingToRun";
    case POOL_TASK_STATUS_RUNNING: return "Running";
    case POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE: return "WaitingForChildrenToComplete";
    case POOL_TASK_STATUS_RAN_TO_COMPLETION: return "RanToCompletion";
    case POOL_TASK_STATUS_CANCELED: return "Canceled";
    case POOL_TASK_STATUS_FAULTED: return "Faulted";
    default: return "Unknown";
    }
}

static void
add_error_unlocked (PoolTask *task,
                    GError   *error)
{
  if (task->errors == NULL)
    task->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_ptr_array_add (task->errors, error);
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

/* The launch token fired: a task that has not started never will. */
static void
cancel_before_start (gpointer data)
{
  PoolTask *task = data;

  if (g_atomic_int_compare_and_exchange (&task->status,
                                         POOL_TASK_STATUS_WAITING_TO_RUN,
                                         POOL_TASK_STATUS_CANCELED) ||
      g_atomic_int_compare_and_exchange (&task->status,
                                         POOL_TASK_STATUS_WAITING_FOR_ACTIVATION,
                                         POOL_TASK_STATUS_CANCELED))
    _pool_task_cancel_unstarted (task);
}

/* Registers the launch token; a token cancelled already cancels the task now. */
void
_pool_task_register_launch_token (PoolTask *task)
{
  if (task->token == NULL)
    return;

  task->token_registration = pool_cancellation_token_register (task->token, cancel_before_start,
                                                               pool_task_ref (task),
                                                               (GDestroyNotify) pool_task_unref);
}

/* Schedules @task on @scheduler: the start phase. A launch token already
 * cancelled means the task ends Canceled without being queued. */
void
_pool_task_schedule (PoolTask      *task,
                     PoolScheduler *scheduler)
{
  g_assert (task->scheduler == NULL);

  task->scheduler = pool_scheduler_ref (scheduler);
  g_atomic_int_set (&task->status, POOL_TASK_STATUS_WAITING_TO_RUN);

  _pool_task_register_launch_token (task);
  if (pool_task_is_completed (task))
    return;

  _pool_scheduler_queue_task (scheduler, pool_task_ref (task));
}

/* .NET: an OperationCanceledException carrying the task's own launch token,
 * with cancellation requested on it, means Canceled; anything else faults. */
static gboolean
error_acknowledges_cancellation (PoolTask     *task,
                                 const GError *error)
{
  return error->domain == POOL_CANCELED_ERROR &&
         task->token != NULL &&
         (guint) error->code == pool_cancellation_token_get_id (task->token) &&
         pool_cancellation_token_is_cancellation_requested (task->token);
}

static void
pool_task_finish_delegate (PoolTask *task,
                           gpointer  result,
                           GError   *error)
{
  _pool_mutex_lock (&task->lock);
  task->result = result;
  if (error != NULL && error_acknowledges_cancellation (task, error))
    {
      g_error_free (error);
      g_atomic_int_set (&task->status, POOL_TASK_STATUS_CANCELED);
    }
  else if (error != NULL)
    {
      add_error_unlocked (task, error);
    }
  _pool_mutex_unlock (&task->lock);

  if (g_atomic_int_dec_and_test (&task->completion_countdown))
    {
      pool_task_complete (task);
      return;
    }

  /* Attached children are still running: the parent waits for them. If the
   * last child completed the task in between, the status is already final. */
  _pool_mutex_lock (&task->lock);
  if (g_atomic_int_get (&task->status) == POOL_TASK_STATUS_RUNNING)
    g_atomic_int_set (&task->status, POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE);
  _pool_mutex_unlock (&task->lock);
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
  gint64 start_us;

  if (!g_atomic_int_compare_and_exchange (&task->status,
                                          POOL_TASK_STATUS_WAITING_TO_RUN,
                                          POOL_TASK_STATUS_RUNNING))
    return FALSE;

  start_us = g_get_monotonic_time ();
  previous = current_task;
  current_task = task;

  if (task->kind == POOL_TASK_KIND_CONTINUATION)
    result = task->continuation_func (task->antecedent, task->data, &error);
  else
    result = task->func (task->data, &error);

  current_task = previous;
  _pool_trace_record_task (task->id, inlined, inlined ? 0 : task->queued_us, start_us,
                           g_get_monotonic_time ());

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
gboolean
_pool_task_try_complete (PoolTask       *task,
                         gpointer        result,
                         GDestroyNotify  result_destroy,
                         gpointer        result_keepalive,
                         GDestroyNotify  result_keepalive_destroy,
                         GPtrArray      *errors,
                         gboolean        canceled)
{
  g_assert (task->kind == POOL_TASK_KIND_PROMISE);

  if (!g_atomic_int_compare_and_exchange (&task->promise_claimed, 0, 1))
    {
      if (result_destroy != NULL && result != NULL)
        result_destroy (result);
      if (result_keepalive_destroy != NULL)
        result_keepalive_destroy (result_keepalive);
      g_clear_pointer (&errors, g_ptr_array_unref);
      return FALSE;
    }

  _pool_mutex_lock (&task->lock);
  task->result = result;
  task->result_destroy = result_destroy;
  task->result_keepalive = result_keepalive;
  task->result_keepalive_destroy = result_keepalive_destroy;
  if (errors != NULL && errors->len > 0)
    {
      while (errors->len > 0)
        add_error_unlocked (task, g_ptr_array_steal_index (errors, 0));
    }
  else if (canceled)
    {
      g_atomic_int_set (&task->status, POOL_TASK_STATUS_CANCELED);
    }
  _pool_mutex_unlock (&task->lock);
  g_clear_pointer (&errors, g_ptr_array_unref);

  if (g_atomic_int_dec_and_test (&task->completion_countdown))
    pool_task_complete (task);
  return TRUE;
}

static void
pool_task_child_completed (PoolTask *parent,
                           PoolTask *child)
{
  if (pool_task_get_status (child) == POOL_TASK_STATUS_FAULTED)
    {
      _pool_mutex_lock (&parent->lock);
      for (guint i = 0; i < child->errors->len; i++)
        add_error_unlocked (parent, g_error_copy (g_ptr_array_index (child->errors, i)));
      _pool_mutex_unlock (&parent->lock);
    }

  if (g_atomic_int_dec_and_test (&parent->completion_countdown))
    pool_task_complete (parent);
}

/* The complete phase; runs exactly once per task. */
static void
pool_task_complete (PoolTask *task)
{
  GPtrArray *continuations;
  PoolTaskStatus final;
  gboolean force_asynchronous;

  if (task->token_registration != 0)
    pool_cancellation_token_unregister (task->token, task->token_registration);

  _pool_mutex_lock (&task->lock);
  if (task->errors != NULL && task->errors->len > 0)
    final = POOL_TASK_STATUS_FAULTED;
  else if (g_atomic_int_get (&task->status) == POOL_TASK_STATUS_CANCELED)
    final = POOL_TASK_STATUS_CANCELED;
  else
    final = POOL_TASK_STATUS_RAN_TO_COMPLETION;
  g_atomic_int_set (&task->status, final);
  continuations = g_steal_pointer (&task->continuations);
  _pool_cond_broadcast (&task->completed_cond);
  _pool_mutex_unlock (&task->lock);

  force_asynchronous =
    (task->creation_options & POOL_TASK_CREATION_RUN_CONTINUATIONS_ASYNCHRONOUSLY) != 0;
  if (continuations != NULL)
    {
      for (guint i = 0; i < continuations->len; i++)
        _pool_task_activate_continuation (g_ptr_array_index (continuations, i), task,
                                          force_asynchronous);
      /* the references moved to the activations */
      g_ptr_array_set_free_func (continuations, NULL);
      g_ptr_array_unref (continuations);
    }

  if (task->parent != NULL)
    pool_task_child_completed (task->parent, task);
}

/* Adds @continuation (a reference it owns) to run when @antecedent
 * completes; activates it now if it already has. */
void
_pool_task_add_continuation (PoolTask *antecedent,
                             PoolTask *continuation)
{
  gboolean completed;

  _pool_mutex_lock (&antecedent->lock);
  completed = status_is_final (g_atomic_int_get (&antecedent->status));
  if (!completed)
    {
      if (antecedent->continuations == NULL)
        antecedent->continuations = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);
      g_ptr_array_add (antecedent->continuations, continuation);
    }
  _pool_mutex_unlock (&antecedent->lock);

  if (completed)
    _pool_task_activate_continuation (continuation, antecedent, FALSE);
}

/* A snapshot of a completed task's errors, for aggregating elsewhere. */
GPtrArray *
_pool_task_copy_errors (PoolTask *task)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  g_assert (pool_task_is_completed (task));
  for (guint i = 0; task->errors != NULL && i < task->errors->len; i++)
    g_ptr_array_add (copy, g_error_copy (g_ptr_array_index (task->errors, i)));
  return copy;
}

static void
set_error_from_status (PoolTask  *task,
                       GError   **error)
{
  if (pool_task_get_status (task) == POOL_TASK_STATUS_FAULTED)
    g_propagate_error (error, g_error_copy (g_ptr_array_index (task->errors, 0)));
  else
    g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED,
                         "A task was canceled.");
}

static void
wake_waiters (gpointer data)
{
  PoolTask *task = data;

  _pool_mutex_lock (&task->lock);
  _pool_cond_broadcast (&task->completed_cond);
  _pool_mutex_unlock (&task->lock);
}

/**
 * pool_task_wait_full:
 * @timeout_ms: how long to wait, or -1 for as long as it takes
 * @token: (nullable): cancels the wait (not the task)
 * @error: %POOL_TASK_ERROR_TIMED_OUT when the time ran out, the wait token's
 *   canceled error, or the task's error as for pool_task_wait()
 *
 * The C twin of `Task.Wait(int, CancellationToken)`.
 *
 * Returns: %TRUE when the task ran to completion in time
 */
gboolean
pool_task_wait_full (PoolTask               *task,
                     int                     timeout_ms,
                     PoolCancellationToken  *token,
                     GError                **error)
{
  gint64 deadline;
  gulong registration = 0;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (timeout_ms >= -1, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (task == current_task)
    {
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                           "A task cannot wait for itself to complete.");
      return FALSE;
    }
  if (pool_task_get_status (task) == POOL_TASK_STATUS_CREATED)
    {
      /* .NET blocks forever here; a teaching tool says why instead. */
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                           "The task was never started: start it before waiting for it.");
      return FALSE;
    }
  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return FALSE;

  if (!pool_task_is_completed (task) &&
      pool_task_get_status (task) == POOL_TASK_STATUS_WAITING_TO_RUN &&
      task->scheduler != NULL)
    _pool_scheduler_try_execute_task_inline (task->scheduler, task, TRUE);

  if (token != NULL)
    registration = pool_cancellation_token_register (token, wake_waiters, task, NULL);

  deadline = timeout_ms < 0 ? G_MAXINT64 : g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  _pool_mutex_lock (&task->lock);
  while (!status_is_final (g_atomic_int_get (&task->status)) &&
         !pool_cancellation_token_is_cancellation_requested (token))
    {
      if (timeout_ms < 0)
        _pool_cond_wait (&task->completed_cond, &task->lock);
      else if (!_pool_cond_wait_until (&task->completed_cond, &task->lock, deadline) &&
               g_get_monotonic_time () >= deadline)
        {
          timed_out = TRUE;
          break;
        }
    }
  _pool_mutex_unlock (&task->lock);

  if (registration != 0)
    pool_cancellation_token_unregister (token, registration);

  if (pool_task_get_status (task) == POOL_TASK_STATUS_RAN_TO_COMPLETION)
    return TRUE;
  if (pool_task_is_completed (task))
    {
      set_error_from_status (task, error);
      return FALSE;
    }
  if (pool_cancellation_token_throw_if_cancellation_requested (token, error))
    return FALSE;

  g_assert (timed_out);
  g_set_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_TIMED_OUT,
               "Task %u did not complete within %d ms.", task->id, timeout_ms);
  return FALSE;
}

/**
 * pool_task_wait:
 * @error: set to the task's first error when it faulted, or to
 *   %POOL_TASK_ERROR_CANCELED when it was canceled
 *
 * The C twin of `Task.Wait()`: blocks until @task completes. A task still in
 * its scheduler's queue runs inline on this thread when the scheduler allows
 * it (`TaskScheduler.TryExecuteTaskInline`).
 *
 * Returns: %TRUE when the task ran to completion
 */
gboolean
pool_task_wait (PoolTask  *task,
                GError   **error)
{
  return pool_task_wait_full (task, -1, NULL, error);
}

/**
 * pool_task_get_result:
 *
 * The C twin of `Task<TResult>.Result`: waits for @task, then returns its
 * result, which stays owned by the task. A faulted or canceled task returns
 * %NULL and sets @error.
 */
gpointer
pool_task_get_result (PoolTask  *task,
                      GError   **error)
{
  g_return_val_if_fail (task != NULL, NULL);

  if (!pool_task_wait (task, error))
    return NULL;
  return task->result;
}

/**
 * pool_task_set_result_destroy:
 *
 * Makes @task free its result with @result_destroy when the task is freed.
 * Call it before the last reference is dropped, from the thread that holds it.
 */
void
pool_task_set_result_destroy (PoolTask       *task,
                              GDestroyNotify  result_destroy)
{
  g_return_if_fail (task != NULL);

  _pool_mutex_lock (&task->lock);
  task->result_destroy = result_destroy;
  _pool_mutex_unlock (&task->lock);
}

/**
 * pool_task_get_errors:
 *
 * The C twin of `Task.Exception.InnerExceptions`: the errors of a faulted
 * task, its own first, then those of its attached children.
 *
 * Returns: (transfer none) (nullable): an array of #GError, or %NULL
 */
const GPtrArray *
pool_task_get_errors (PoolTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  if (!pool_task_is_completed (task))
    return NULL;
  return task->errors;
}

/**
 * pool_task_new:
 * @token: (nullable): the launch token
 *
 * The C twin of `new Task<TResult>(Func<TResult>, CancellationToken,
 * TaskCreationOptions)`: a task in the Created status, started later with
 * pool_task_start() or pool_task_run_synchronously().
 *
 * Returns: (transfer full): the task
 */
PoolTask *
pool_task_new (PoolTaskFunc             func,
               gpointer                 data,
               GDestroyNotify           data_destroy,
               PoolCancellationToken   *token,
               PoolTaskCreationOptions  options)
{
  g_return_val_if_fail (func != NULL, NULL);

  return _pool_task_new (POOL_TASK_KIND_DELEGATE, func, data, data_destroy, token, options);
}

static gboolean
claim_for_start (PoolTask  *task,
                 GError   **error)
{
  const char *why = NULL;

  if (task->kind == POOL_TASK_KIND_CONTINUATION)
    why = "Start may not be called on a continuation task.";
  else if (task->kind == POOL_TASK_KIND_PROMISE)
    why = "Start may not be called on a promise-style task.";
  else if (!g_atomic_int_compare_and_exchange (&task->status, POOL_TASK_STATUS_CREATED,
                                               POOL_TASK_STATUS_WAITING_FOR_ACTIVATION))
    why = "Start may not be called on a task that was already started.";

  if (why != NULL)
    {
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION, why);
      return FALSE;
    }
  return TRUE;
}

/**
 * pool_task_start:
 * @scheduler: where the task runs
 *
 * The C twin of `Task.Start(TaskScheduler)`. Starting a task twice, or
 * starting a continuation or promise task, is an %POOL_TASK_ERROR_INVALID_OPERATION.
 */
gboolean
pool_task_start (PoolTask       *task,
                 PoolScheduler  *scheduler,
                 GError        **error)
{
  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (scheduler != NULL, FALSE);

  if (!claim_for_start (task, error))
    return FALSE;

  _pool_task_schedule (task, scheduler);
  return TRUE;
}

/**
 * pool_task_run_synchronously:
 * @scheduler: the scheduler asked to run the task inline
 *
 * The C twin of `Task.RunSynchronously(TaskScheduler)`: runs the task on this
 * thread if @scheduler allows inlining here, else queues it there and waits.
 */
gboolean
pool_task_run_synchronously (PoolTask       *task,
                             PoolScheduler  *scheduler,
                             GError        **error)
{
  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (scheduler != NULL, FALSE);

  if (!claim_for_start (task, error))
    return FALSE;

  task->scheduler = pool_scheduler_ref (scheduler);
  g_atomic_int_set (&task->status, POOL_TASK_STATUS_WAITING_TO_RUN);
  _pool_task_register_launch_token (task);
  if (!pool_task_is_completed (task) &&
      !_pool_scheduler_try_execute_task_inline (scheduler, task, FALSE))
    _pool_scheduler_queue_task (scheduler, pool_task_ref (task));

  pool_task_wait (task, NULL);
  return TRUE;
}
