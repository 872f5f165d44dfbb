/* pool-task.c — PoolTask: lifecycle, execution, completion, continuations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A task goes through three phases, each owned by one party:
 *
 *  1. start: whoever creates it picks the scheduler and queues it
 *     (_pool_task_schedule); the status becomes WaitingToRun.
 *  2. run: one thread claims it by moving WaitingToRun -> Running with a
 *     compare-and-swap (_pool_task_execute), so a task queued on a scheduler
 *     and inlined by a waiter still runs once.
 *  3. complete: when the delegate has returned and every attached child has
 *     completed (the completion countdown reaches zero), the final status is
 *     set under the lock, waiters are woken, and the continuations captured
 *     under that same lock are activated with the lock released.
 *
 * Lock order: a task's @lock is never held while taking another task's lock
 * or calling into a scheduler.
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
_pool_task_new (PoolTaskFunc             func,
                gpointer                 data,
                GDestroyNotify           data_destroy,
                PoolCancellationToken   *token,
                PoolTaskCreationOptions  options)
{
  PoolTask *task = g_new0 (PoolTask, 1);
  PoolTask *creator = current_task;

  task->ref_count = 1;
  task->status = POOL_TASK_STATUS_CREATED;
  task->completion_countdown = 1;
  task->id = (guint) g_atomic_int_add (&last_task_id, 1) + 1;
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

/* The launch token fired: a task that has not started never will. */
static void
cancel_before_start (gpointer data)
{
  PoolTask *task = data;

  if (g_atomic_int_compare_and_exchange (&task->status,
                                         POOL_TASK_STATUS_WAITING_TO_RUN,
                                         POOL_TASK_STATUS_CANCELED))
    {
      pool_task_release_delegate (task);
      if (g_atomic_int_dec_and_test (&task->completion_countdown))
        pool_task_complete (task);
    }
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

  if (task->token != NULL)
    {
      task->token_registration = pool_cancellation_token_register (task->token, cancel_before_start,
                                                                   pool_task_ref (task),
                                                                   (GDestroyNotify) pool_task_unref);
      if (pool_task_is_completed (task))
        return;
    }

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
  /* (a task that acknowledged cancellation keeps Canceled while children run) */
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

  if (task->continuation_func != NULL)
    result = task->continuation_func (task->antecedent, task->data, &error);
  else
    result = task->func (task->data, &error);

  current_task = previous;
  _pool_trace_record_task (task->id, inlined, start_us, g_get_monotonic_time ());

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

static gboolean
continuation_wants (guint          options,
                    PoolTaskStatus antecedent_status)
{
  switch (antecedent_status)
    {
    case POOL_TASK_STATUS_RAN_TO_COMPLETION:
      return (options & _POOL_CONTINUATION_NOT_ON_RAN_TO_COMPLETION) == 0;
    case POOL_TASK_STATUS_FAULTED:
      return (options & _POOL_CONTINUATION_NOT_ON_FAULTED) == 0;
    case POOL_TASK_STATUS_CANCELED:
      return (options & _POOL_CONTINUATION_NOT_ON_CANCELED) == 0;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

/* A task that will never run (a continuation whose condition failed) ends
 * Canceled; its own continuations and parent are told as usual. */
static void
pool_task_cancel_unstarted (PoolTask *task)
{
  pool_task_release_delegate (task);
  _pool_mutex_lock (&task->lock);
  g_atomic_int_set (&task->status, POOL_TASK_STATUS_CANCELED);
  _pool_mutex_unlock (&task->lock);
  if (g_atomic_int_dec_and_test (&task->completion_countdown))
    pool_task_complete (task);
}

/* Takes ownership of @continuation's pending reference. */
static void
pool_task_activate_continuation (PoolTask *continuation,
                                 PoolTask *antecedent)
{
  PoolTaskStatus status = pool_task_get_status (antecedent);
  PoolScheduler *scheduler = continuation->scheduler;

  if (!continuation_wants (continuation->continuation_options, status))
    {
      pool_task_cancel_unstarted (continuation);
      pool_task_unref (continuation);
      return;
    }

  g_atomic_int_set (&continuation->status, POOL_TASK_STATUS_WAITING_TO_RUN);

  if ((continuation->continuation_options & _POOL_CONTINUATION_EXECUTE_SYNCHRONOUSLY) != 0 &&
      _pool_scheduler_try_execute_task_inline (scheduler, continuation, FALSE))
    {
      pool_task_unref (continuation);
      return;
    }

  _pool_scheduler_queue_task (scheduler, continuation);
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

  if (continuations != NULL)
    {
      for (guint i = 0; i < continuations->len; i++)
        pool_task_activate_continuation (g_ptr_array_index (continuations, i), task);
      /* the references moved to the activations */
      g_ptr_array_set_free_func (continuations, NULL);
      g_ptr_array_unref (continuations);
    }

  if (task->parent != NULL)
    pool_task_child_completed (task->parent, task);
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
  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (task == current_task)
    {
      g_set_error_literal (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION,
                           "A task cannot wait for itself to complete.");
      return FALSE;
    }

  if (!pool_task_is_completed (task) &&
      pool_task_get_status (task) == POOL_TASK_STATUS_WAITING_TO_RUN)
    _pool_scheduler_try_execute_task_inline (task->scheduler, task, TRUE);

  _pool_mutex_lock (&task->lock);
  while (!status_is_final (g_atomic_int_get (&task->status)))
    _pool_cond_wait (&task->completed_cond, &task->lock);
  _pool_mutex_unlock (&task->lock);

  if (pool_task_get_status (task) == POOL_TASK_STATUS_RAN_TO_COMPLETION)
    return TRUE;

  set_error_from_status (task, error);
  return FALSE;
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
 * pool_task_continue_with:
 * @scheduler: where the continuation runs
 *
 * The C twin of `Task.ContinueWith(Func<Task, TResult>, TaskScheduler)`:
 * a task that runs @func on @scheduler once @task completes, whatever its
 * final status.
 *
 * Returns: (transfer full): the continuation task
 */
PoolTask *
pool_task_continue_with (PoolTask             *task,
                         PoolContinuationFunc  func,
                         gpointer              data,
                         GDestroyNotify        data_destroy,
                         PoolScheduler        *scheduler)
{
  PoolTask *continuation;
  gboolean completed;

  g_return_val_if_fail (task != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (scheduler != NULL, NULL);

  continuation = _pool_task_new (NULL, data, data_destroy, NULL, POOL_TASK_CREATION_NONE);
  continuation->continuation_func = func;
  continuation->antecedent = pool_task_ref (task);
  continuation->scheduler = pool_scheduler_ref (scheduler);
  g_atomic_int_set (&continuation->status, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION);

  /* One reference for the caller, one for the antecedent's list (released
   * by the activation). */
  pool_task_ref (continuation);

  _pool_mutex_lock (&task->lock);
  completed = status_is_final (g_atomic_int_get (&task->status));
  if (!completed)
    {
      if (task->continuations == NULL)
        task->continuations = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);
      g_ptr_array_add (task->continuations, continuation);
    }
  _pool_mutex_unlock (&task->lock);

  if (completed)
    pool_task_activate_continuation (continuation, task);

  return continuation;
}
