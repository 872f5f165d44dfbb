/* test-continuation.c — ContinueWith options and the task lifecycle calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

static gpointer
succeed (gpointer  data,
         GError  **error)
{
  return data;
}

static gpointer
fail (gpointer  data,
      GError  **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed on purpose");
  return NULL;
}

static PoolTask *
canceled_task (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();

  pool_cancellation_token_source_cancel (source);
  return pool_task_from_canceled (pool_cancellation_token_source_get_token (source));
}

typedef struct
{
  gint           runs;
  PoolThreadRole role;
  GThread       *thread;
} Ran;

static gpointer
record (PoolTask  *antecedent,
        gpointer   data,
        GError   **error)
{
  Ran *ran = data;

  ran->role = pool_trace_get_thread_role ();
  ran->thread = g_thread_self ();
  g_atomic_int_inc (&ran->runs);
  return NULL;
}

typedef struct
{
  PoolTaskContinuationOptions options;
  int                         antecedent;   /* 0 ok, 1 faulted, 2 canceled */
  gboolean                    runs;
} ConditionCase;

/* Each condition runs the continuation exactly on the statuses it names;
 * otherwise the continuation ends Canceled without running. */
static void
test_conditions (void)
{
  static const ConditionCase cases[] = {
    { POOL_TASK_CONTINUATION_NONE, 0, TRUE },
    { POOL_TASK_CONTINUATION_NONE, 1, TRUE },
    { POOL_TASK_CONTINUATION_NONE, 2, TRUE },
    { POOL_TASK_CONTINUATION_ONLY_ON_RAN_TO_COMPLETION, 0, TRUE },
    { POOL_TASK_CONTINUATION_ONLY_ON_RAN_TO_COMPLETION, 1, FALSE },
    { POOL_TASK_CONTINUATION_ONLY_ON_RAN_TO_COMPLETION, 2, FALSE },
    { POOL_TASK_CONTINUATION_ONLY_ON_FAULTED, 0, FALSE },
    { POOL_TASK_CONTINUATION_ONLY_ON_FAULTED, 1, TRUE },
    { POOL_TASK_CONTINUATION_ONLY_ON_FAULTED, 2, FALSE },
    { POOL_TASK_CONTINUATION_ONLY_ON_CANCELED, 0, FALSE },
    { POOL_TASK_CONTINUATION_ONLY_ON_CANCELED, 1, FALSE },
    { POOL_TASK_CONTINUATION_ONLY_ON_CANCELED, 2, TRUE },
    { POOL_TASK_CONTINUATION_NOT_ON_RAN_TO_COMPLETION, 0, FALSE },
    { POOL_TASK_CONTINUATION_NOT_ON_RAN_TO_COMPLETION, 1, TRUE },
    { POOL_TASK_CONTINUATION_NOT_ON_FAULTED, 1, FALSE },
    { POOL_TASK_CONTINUATION_NOT_ON_FAULTED, 2, TRUE },
    { POOL_TASK_CONTINUATION_NOT_ON_CANCELED, 2, FALSE },
    { POOL_TASK_CONTINUATION_NOT_ON_CANCELED, 0, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PoolTask) antecedent = NULL;
      g_autoptr(PoolTask) continuation = NULL;
      Ran ran = { 0, };

      if (cases[i].antecedent == 0)
        antecedent = pool_task_run (succeed, NULL, NULL);
      else if (cases[i].antecedent == 1)
        antecedent = pool_task_run (fail, NULL, NULL);
      else
        antecedent = canceled_task ();

      continuation = pool_task_continue_with_full (antecedent, record, &ran, NULL, NULL,
                                                   cases[i].options, pool_scheduler_get_default ());
      pool_task_wait (continuation, NULL);
      g_assert_cmpint (g_atomic_int_get (&ran.runs), ==, cases[i].runs ? 1 : 0);
      g_assert_cmpint (pool_task_get_status (continuation), ==,
                       cases[i].runs ? POOL_TASK_STATUS_RAN_TO_COMPLETION : POOL_TASK_STATUS_CANCELED);
    }
}

/* Mutually exclusive conditions and ExecuteSynchronously|LongRunning are refused. */
static void
test_invalid_options_are_criticals (void)
{
  g_autoptr(PoolTask) antecedent = pool_task_from_result (NULL, NULL);
  PoolTask *continuation;

  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*CONDITION_MASK*");
  continuation = pool_task_continue_with_full (antecedent, record, NULL, NULL, NULL,
                                               POOL_TASK_CONTINUATION_NOT_ON_RAN_TO_COMPLETION |
                                               POOL_TASK_CONTINUATION_NOT_ON_FAULTED |
                                               POOL_TASK_CONTINUATION_NOT_ON_CANCELED,
                                               pool_scheduler_get_default ());
  g_test_assert_expected_messages ();
  g_assert_null (continuation);

  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*EXECUTE_SYNCHRONOUSLY*");
  continuation = pool_task_continue_with_full (antecedent, record, NULL, NULL, NULL,
                                               POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY |
                                               POOL_TASK_CONTINUATION_LONG_RUNNING,
                                               pool_scheduler_get_default ());
  g_test_assert_expected_messages ();
  g_assert_null (continuation);
}

/* ExecuteSynchronously runs the continuation on the thread that completes the antecedent. */
static void
test_execute_synchronously_runs_on_completing_thread (void)
{
  g_autoptr(PoolTaskCompletionSource) tcs = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  Ran ran = { 0, };
  g_autoptr(PoolTask) continuation =
    pool_task_continue_with_full (pool_task_completion_source_get_task (tcs), record, &ran, NULL,
                                  NULL, POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                  pool_scheduler_get_default ());

  g_assert_true (pool_task_completion_source_try_set_result (tcs, NULL, NULL));
  /* it ran inside try_set_result, on this thread */
  g_assert_cmpint (ran.runs, ==, 1);
  g_assert_true (ran.thread == g_thread_self ());
}

/* RunContinuationsAsynchronously on the antecedent overrides ExecuteSynchronously. */
static void
test_run_continuations_asynchronously (void)
{
  g_autoptr(PoolTaskCompletionSource) tcs =
    pool_task_completion_source_new (POOL_TASK_CREATION_RUN_CONTINUATIONS_ASYNCHRONOUSLY);
  Ran ran = { 0, };
  g_autoptr(PoolTask) continuation =
    pool_task_continue_with_full (pool_task_completion_source_get_task (tcs), record, &ran, NULL,
                                  NULL, POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                  pool_scheduler_get_default ());

  g_assert_true (pool_task_completion_source_try_set_result (tcs, NULL, NULL));
  g_assert_true (pool_task_wait (continuation, NULL));
  g_assert_cmpint (ran.role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_true (ran.thread != g_thread_self ());
}

/* Without LazyCancellation, a cancelled token cancels the continuation before its antecedent ends. */
static void
test_token_cancels_continuation_early (void)
{
  g_autoptr(PoolTaskCompletionSource) tcs = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Ran ran = { 0, };
  g_autoptr(PoolTask) continuation =
    pool_task_continue_with_full (pool_task_completion_source_get_task (tcs), record, &ran, NULL,
                                  pool_cancellation_token_source_get_token (source),
                                  POOL_TASK_CONTINUATION_NONE, pool_scheduler_get_default ());

  pool_cancellation_token_source_cancel (source);
  g_assert_cmpint (pool_task_get_status (continuation), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_false (pool_task_is_completed (pool_task_completion_source_get_task (tcs)));
  pool_task_completion_source_try_set_result (tcs, NULL, NULL);
  g_assert_cmpint (ran.runs, ==, 0);
}

/* With LazyCancellation, the continuation stays pending until the antecedent completes. */
static void
test_lazy_cancellation_waits_for_antecedent (void)
{
  g_autoptr(PoolTaskCompletionSource) tcs = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Ran ran = { 0, };
  g_autoptr(PoolTask) continuation =
    pool_task_continue_with_full (pool_task_completion_source_get_task (tcs), record, &ran, NULL,
                                  pool_cancellation_token_source_get_token (source),
                                  POOL_TASK_CONTINUATION_LAZY_CANCELLATION,
                                  pool_scheduler_get_default ());

  pool_cancellation_token_source_cancel (source);
  g_assert_cmpint (pool_task_get_status (continuation), ==, POOL_TASK_STATUS_WAITING_FOR_ACTIVATION);
  pool_task_completion_source_try_set_result (tcs, NULL, NULL);
  g_assert_false (pool_task_wait (continuation, NULL));
  g_assert_cmpint (pool_task_get_status (continuation), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_cmpint (ran.runs, ==, 0);
}

typedef struct
{
  PoolTask *antecedent;
  Ran       ran;
  PoolTask *continuation;
} CurrentCase;

static gpointer
add_continuation_inside_ui_task (gpointer  data,
                                 GError  **error)
{
  CurrentCase *c = data;

  c->continuation = pool_task_continue_with_options (c->antecedent, record, &c->ran, NULL,
                                                     POOL_TASK_CONTINUATION_NONE);
  return NULL;
}

/* ContinueWith without a scheduler uses Current: inside a UI task, the UI thread. */
static void
test_continue_with_current_scheduler (void)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  CurrentCase c = { 0, };
  g_autoptr(PoolTask) outer = NULL;

  c.antecedent = pool_task_run (succeed, NULL, NULL);
  outer = pool_task_factory_start_new_full (add_continuation_inside_ui_task, &c, NULL, NULL,
                                            POOL_TASK_CREATION_NONE, ui);
  pool_test_iterate_until_completed (outer);
  pool_test_iterate_until_completed (c.continuation);
  g_assert_cmpint (c.ran.role, ==, POOL_THREAD_ROLE_UI);
  pool_task_unref (c.antecedent);
  pool_task_unref (c.continuation);
}

/* A Created task runs only once started; starting it twice is an error. */
static void
test_start_twice_is_an_error (void)
{
  g_autoptr(PoolTask) task = pool_task_new (succeed, NULL, NULL, NULL, POOL_TASK_CREATION_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CREATED);
  g_assert_true (pool_task_start (task, pool_scheduler_get_default (), NULL));
  g_assert_false (pool_task_start (task, pool_scheduler_get_default (), &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  g_assert_true (pool_task_wait (task, NULL));
}

/* Continuations and promise tasks cannot be started. */
static void
test_start_continuation_or_promise_is_an_error (void)
{
  g_autoptr(PoolTaskCompletionSource) tcs = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  Ran ran = { 0, };
  g_autoptr(PoolTask) continuation =
    pool_task_continue_with (pool_task_completion_source_get_task (tcs), record, &ran, NULL,
                             pool_scheduler_get_default ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_false (pool_task_start (continuation, pool_scheduler_get_default (), &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  g_assert_false (pool_task_start (pool_task_completion_source_get_task (tcs),
                                   pool_scheduler_get_default (), &error2));
  g_assert_error (error2, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  pool_task_completion_source_try_set_canceled (tcs);
  g_assert_true (pool_task_wait (continuation, NULL));
  g_assert_cmpint (ran.runs, ==, 1);
}

/* Waiting on a task that was never started is an error, not a hang. */
static void
test_wait_unstarted_is_an_error (void)
{
  g_autoptr(PoolTask) task = pool_task_new (succeed, NULL, NULL, NULL, POOL_TASK_CREATION_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_false (pool_task_wait (task, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
}

static gpointer
record_thread (gpointer  data,
               GError  **error)
{
  *(GThread **) data = g_thread_self ();
  return NULL;
}

/* RunSynchronously on the default scheduler runs the delegate on the calling thread. */
static void
test_run_synchronously (void)
{
  GThread *ran_on = NULL;
  g_autoptr(PoolTask) task = pool_task_new (record_thread, &ran_on, NULL, NULL,
                                            POOL_TASK_CREATION_NONE);

  g_assert_true (pool_task_run_synchronously (task, pool_scheduler_get_default (), NULL));
  g_assert_true (ran_on == g_thread_self ());
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
}

static gpointer
record_role (gpointer  data,
             GError  **error)
{
  *(PoolThreadRole *) data = pool_trace_get_thread_role ();
  return NULL;
}

/* A TaskFactory built with a scheduler starts its tasks there, whatever is current. */
static void
test_factory_with_scheduler (void)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  g_autoptr(PoolTaskFactory) factory = pool_task_factory_new (NULL, POOL_TASK_CREATION_NONE,
                                                              POOL_TASK_CONTINUATION_NONE, ui);
  PoolThreadRole role = POOL_THREAD_ROLE_OTHER;
  g_autoptr(PoolTask) task = pool_task_factory_start (factory, record_role, &role, NULL);

  pool_test_iterate_until_completed (task);
  g_assert_cmpint (role, ==, POOL_THREAD_ROLE_UI);
}

/* A TaskFactory's token is the launch token of the tasks it starts. */
static void
test_factory_token (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  g_autoptr(PoolTaskFactory) factory =
    pool_task_factory_new (pool_cancellation_token_source_get_token (source), POOL_TASK_CREATION_NONE,
                           POOL_TASK_CONTINUATION_NONE, pool_scheduler_get_default ());
  PoolThreadRole role = POOL_THREAD_ROLE_OTHER;
  g_autoptr(PoolTask) task = NULL;

  pool_cancellation_token_source_cancel (source);
  task = pool_task_factory_start (factory, record_role, &role, NULL);
  g_assert_false (pool_task_wait (task, NULL));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_CANCELED);
  g_assert_cmpint (role, ==, POOL_THREAD_ROLE_OTHER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/task/continue-with/conditions", test_conditions);
  g_test_add_func ("/pool/task/continue-with/invalid-options", test_invalid_options_are_criticals);
  g_test_add_func ("/pool/task/continue-with/execute-synchronously", test_execute_synchronously_runs_on_completing_thread);
  g_test_add_func ("/pool/task/continue-with/run-continuations-asynchronously", test_run_continuations_asynchronously);
  g_test_add_func ("/pool/task/continue-with/token-cancels-early", test_token_cancels_continuation_early);
  g_test_add_func ("/pool/task/continue-with/lazy-cancellation", test_lazy_cancellation_waits_for_antecedent);
  g_test_add_func ("/pool/task/continue-with/current-scheduler", test_continue_with_current_scheduler);
  g_test_add_func ("/pool/task/start/twice", test_start_twice_is_an_error);
  g_test_add_func ("/pool/task/start/continuation-or-promise", test_start_continuation_or_promise_is_an_error);
  g_test_add_func ("/pool/task/wait/unstarted", test_wait_unstarted_is_an_error);
  g_test_add_func ("/pool/task/run-synchronously", test_run_synchronously);
  g_test_add_func ("/pool/task-factory/scheduler", test_factory_with_scheduler);
  g_test_add_func ("/pool/task-factory/token", test_factory_token);

  return g_test_run ();
}
