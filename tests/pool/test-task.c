/* test-task.c — PoolTask, Task.Run, StartNew, continuations and schedulers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test's main thread plays the UI thread: it iterates the default
 * GMainContext, and a main-context scheduler built on that context runs its
 * tasks there.
 */
#include <pthread.h>

#include <gio/gio.h>
#include <pool.h>

#include "pool-test-util.h"

typedef struct
{
  PoolThreadRole role;
  guint          task_id;
  gboolean       current_is_default;
  gboolean       current_is_main_context;
  gboolean       is_pool_thread;
} Observation;

/* Records where it ran; the result is the observation itself. */
static gpointer
observe (gpointer  data,
         GError  **error)
{
  Observation *seen = data;

  seen->role = pool_trace_get_thread_role ();
  seen->task_id = pool_task_get_current_id ();
  seen->current_is_default = pool_scheduler_get_current () == pool_scheduler_get_default ();
  seen->current_is_main_context = pool_scheduler_is_main_context (pool_scheduler_get_current ());
  seen->is_pool_thread = pool_thread_pool_is_thread_pool_thread ();
  return seen;
}

static gpointer
fail_with_error (gpointer  data,
                 GError  **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the blur broke");
  return NULL;
}

/* Task.Run hands the delegate to a thread-pool worker. */
static void
test_run_runs_on_worker (void)
{
  Observation seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (observe, &seen, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pool_task_wait (task, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen.role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_true (seen.is_pool_thread);
  g_assert_cmpuint (seen.task_id, ==, pool_task_get_id (task));
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
  g_assert_true (pool_task_get_result (task, NULL) == &seen);
}

/* Task.Run is StartNew with DenyChildAttach on the default scheduler. */
static void
test_run_deny_child_attach (void)
{
  Observation seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (observe, &seen, NULL);

  g_assert_true (pool_task_wait (task, NULL));
  g_assert_cmpint (pool_task_get_creation_options (task), ==, POOL_TASK_CREATION_DENY_CHILD_ATTACH);
  g_assert_true (seen.current_is_default);
}

/* Outside any task, Current is Default. */
static void
test_current_is_default_outside_tasks (void)
{
  g_assert_true (pool_scheduler_get_current () == pool_scheduler_get_default ());
  g_assert_cmpuint (pool_task_get_current_id (), ==, 0);
}

typedef struct
{
  PoolTaskCreationOptions  outer_options;
  gboolean                 explicit_default;
  Observation              inner_seen;
  PoolTask                *inner;
} NestedStart;

/* The outer task of the StartNew trap: it starts the blur "in the background". */
static gpointer
start_inner (gpointer  data,
             GError  **error)
{
  NestedStart *nested = data;

  if (nested->explicit_default)
    nested->inner = pool_task_factory_start_new_full (observe, &nested->inner_seen, NULL, NULL,
                                                      POOL_TASK_CREATION_NONE,
                                                      pool_scheduler_get_default ());
  else
    nested->inner = pool_task_factory_start_new (observe, &nested->inner_seen, NULL);
  return NULL;
}

static void
run_nested_start (NestedStart *nested)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  g_autoptr(PoolTask) outer = pool_task_factory_start_new_full (start_inner, nested, NULL, NULL,
                                                                nested->outer_options, ui);

  pool_test_iterate_until_completed (outer);
  g_assert_nonnull (nested->inner);
  pool_test_iterate_until_completed (nested->inner);
  g_clear_pointer (&nested->inner, pool_task_unref);
}

/* StartNew without a scheduler inside a UI-scheduler task runs on the UI thread. */
static void
test_start_new_inside_ui_task_runs_on_ui (void)
{
  NestedStart nested = { POOL_TASK_CREATION_NONE, FALSE, };

  run_nested_start (&nested);
  g_assert_cmpint (nested.inner_seen.role, ==, POOL_THREAD_ROLE_UI);
  g_assert_true (nested.inner_seen.current_is_main_context);
}

/* Passing TaskScheduler.Default explicitly sends the inner task to a worker. */
static void
test_start_new_explicit_default_runs_on_worker (void)
{
  NestedStart nested = { POOL_TASK_CREATION_NONE, TRUE, };

  run_nested_start (&nested);
  g_assert_cmpint (nested.inner_seen.role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_true (nested.inner_seen.current_is_default);
}

/* HideScheduler on the outer task makes Current look like Default inside it. */
static void
test_start_new_hide_scheduler_runs_on_worker (void)
{
  NestedStart nested = { POOL_TASK_CREATION_HIDE_SCHEDULER, FALSE, };

  run_nested_start (&nested);
  g_assert_cmpint (nested.inner_seen.role, ==, POOL_THREAD_ROLE_WORKER);
}

typedef struct
{
  PoolThreadRole role;
  PoolTaskStatus antecedent_status;
  gpointer       antecedent_result;
} ContinuationSeen;

static gpointer
record_continuation (PoolTask  *antecedent,
                     gpointer   data,
                     GError   **error)
{
  ContinuationSeen *seen = data;

  seen->role = pool_trace_get_thread_role ();
  seen->antecedent_status = pool_task_get_status (antecedent);
  seen->antecedent_result = pool_task_get_result (antecedent, NULL);
  return NULL;
}

/* A continuation on the main-context scheduler runs on the context's thread
 * after a worker completed the antecedent. */
static void
test_continue_with_main_context_runs_on_ui (void)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  Observation seen = { 0, };
  ContinuationSeen continuation_seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (observe, &seen, NULL);
  g_autoptr(PoolTask) continuation = pool_task_continue_with (task, record_continuation,
                                                              &continuation_seen, NULL, ui);

  pool_test_iterate_until_completed (continuation);
  g_assert_cmpint (seen.role, ==, POOL_THREAD_ROLE_WORKER);
  g_assert_cmpint (continuation_seen.role, ==, POOL_THREAD_ROLE_UI);
  g_assert_cmpint (continuation_seen.antecedent_status, ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
  g_assert_true (continuation_seen.antecedent_result == &seen);
}

/* A continuation added after completion still runs. */
static void
test_continue_with_after_completion (void)
{
  Observation seen = { 0, };
  ContinuationSeen continuation_seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (observe, &seen, NULL);
  g_autoptr(PoolTask) continuation = NULL;

  g_assert_true (pool_task_wait (task, NULL));
  continuation = pool_task_continue_with (task, record_continuation, &continuation_seen, NULL,
                                          pool_scheduler_get_default ());
  g_assert_true (pool_task_wait (continuation, NULL));
  g_assert_cmpint (continuation_seen.role, ==, POOL_THREAD_ROLE_WORKER);
}

/* An error set by the delegate makes the task Faulted and is kept. */
static void
test_status_faulted_keeps_error (void)
{
  g_autoptr(PoolTask) task = pool_task_run (fail_with_error, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) result_error = NULL;
  const GPtrArray *errors;

  g_assert_false (pool_task_wait (task, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_FAULTED);
  g_assert_true (pool_task_is_faulted (task));
  errors = pool_task_get_errors (task);
  g_assert_nonnull (errors);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpstr (((GError *) g_ptr_array_index (errors, 0))->message, ==, "the blur broke");
  g_assert_null (pool_task_get_result (task, &result_error));
  g_assert_error (result_error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* A faulted antecedent still runs a plain continuation, which sees Faulted. */
static void
test_continue_with_sees_faulted (void)
{
  ContinuationSeen continuation_seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (fail_with_error, NULL, NULL);
  g_autoptr(PoolTask) continuation = pool_task_continue_with (task, record_continuation,
                                                              &continuation_seen, NULL,
                                                              pool_scheduler_get_default ());

  g_assert_true (pool_task_wait (continuation, NULL));
  g_assert_cmpint (continuation_seen.antecedent_status, ==, POOL_TASK_STATUS_FAULTED);
}

/* Waiting on a task queued to the UI scheduler from the UI thread runs it inline. */
static void
test_wait_inlines_on_context_thread (void)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  Observation seen = { 0, };
  g_autoptr(PoolTask) task = NULL;
  gboolean acquired = g_main_context_acquire (NULL);

  g_assert_true (acquired);
  task = pool_task_factory_start_new_full (observe, &seen, NULL, NULL, POOL_TASK_CREATION_NONE, ui);
  g_assert_true (pool_task_wait (task, NULL));
  g_assert_cmpint (seen.role, ==, POOL_THREAD_ROLE_UI);
  g_main_context_release (NULL);
  /* the queued copy finds the task already claimed */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (pool_task_get_status (task), ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
}

/* LongRunning on the default scheduler gets a dedicated thread, not a worker. */
static void
test_long_running_dedicated_thread (void)
{
  Observation seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_factory_start_new_full (observe, &seen, NULL, NULL,
                                                               POOL_TASK_CREATION_LONG_RUNNING,
                                                               pool_scheduler_get_default ());

  g_assert_true (pool_task_wait (task, NULL));
  g_assert_cmpint (seen.role, ==, POOL_THREAD_ROLE_DEDICATED);
  g_assert_false (seen.is_pool_thread);
}

typedef struct
{
  gint      child_done;
  gint      release_child;
  PoolTask *child;
} Family;

static gpointer
slow_child (gpointer  data,
            GError  **error)
{
  Family *family = data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&family->release_child) && g_get_monotonic_time () < deadline)
    g_usleep (500);
  g_atomic_int_set (&family->child_done, 1);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "child failed");
  return NULL;
}

static gpointer
parent_with_attached_child (gpointer  data,
                            GError  **error)
{
  Family *family = data;

  family->child = pool_task_factory_start_new_full (slow_child, family, NULL, NULL,
                                                    POOL_TASK_CREATION_ATTACHED_TO_PARENT,
                                                    pool_scheduler_get_default ());
  return NULL;
}

/* An attached child keeps its parent from completing and faults it with its error. */
static void
test_attached_child_parent_waits_and_faults (void)
{
  Family family = { 0, };
  g_autoptr(PoolTask) parent = pool_task_factory_start_new_full (parent_with_attached_child,
                                                                 &family, NULL, NULL,
                                                                 POOL_TASK_CREATION_NONE,
                                                                 pool_scheduler_get_default ());
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* the parent's delegate returns, but the child still runs */
  while (pool_task_get_status (parent) != POOL_TASK_STATUS_WAITING_FOR_CHILDREN_TO_COMPLETE)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (500);
    }
  g_atomic_int_set (&family.release_child, 1);
  g_assert_false (pool_task_wait (parent, &error));
  g_assert_cmpint (g_atomic_int_get (&family.child_done), ==, 1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (pool_task_get_status (parent), ==, POOL_TASK_STATUS_FAULTED);
  g_clear_pointer (&family.child, pool_task_unref);
}

/* With Task.Run (DenyChildAttach) the parent ignores AttachedToParent and completes first. */
static void
test_run_parent_refuses_attached_child (void)
{
  Family family = { 0, };
  g_autoptr(PoolTask) parent = pool_task_run (parent_with_attached_child, &family, NULL);

  g_assert_true (pool_task_wait (parent, NULL));
  g_assert_cmpint (g_atomic_int_get (&family.child_done), ==, 0);
  g_atomic_int_set (&family.release_child, 1);
  pool_task_wait (family.child, NULL);
  g_clear_pointer (&family.child, pool_task_unref);
}

/* Waiting on the running task from inside itself is refused, not a hang. */
static gpointer
wait_for_self (gpointer  data,
               GError  **error)
{
  PoolTask **self = data;

  while (g_atomic_pointer_get (self) == NULL)
    g_thread_yield ();
  pool_task_wait (*self, error);
  return NULL;
}

static void
test_wait_on_self_is_an_error (void)
{
  PoolTask *self_slot = NULL;
  PoolTask *task = pool_task_run (wait_for_self, &self_slot, NULL);
  g_autoptr(GError) error = NULL;

  g_atomic_pointer_set (&self_slot, task);
  g_assert_false (pool_task_wait (task, &error));
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  pool_task_unref (task);
}

/* A NULL delegate or scheduler is a critical warning and a NULL task. */
static void
test_null_arguments_are_criticals (void)
{
  PoolTask *task;

  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*func != NULL*");
  task = pool_task_run (NULL, NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (task);

  g_test_expect_message ("Pool", G_LOG_LEVEL_CRITICAL, "*scheduler != NULL*");
  task = pool_task_factory_start_new_full (observe, NULL, NULL, NULL, POOL_TASK_CREATION_NONE, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (task);
}

/* Every task run is in the trace with the role of its thread. */
static void
test_trace_records_task_role (void)
{
  guint64 position = pool_trace_get_position ();
  Observation seen = { 0, };
  g_autoptr(PoolTask) task = pool_task_run (observe, &seen, NULL);
  g_autoptr(GArray) events = NULL;
  gboolean found = FALSE;

  g_assert_true (pool_task_wait (task, NULL));
  events = pool_trace_copy_since (position);
  for (guint i = 0; i < events->len; i++)
    {
      PoolTraceEvent *event = &g_array_index (events, PoolTraceEvent, i);

      if (event->kind == POOL_TRACE_KIND_TASK && event->task_id == pool_task_get_id (task))
        {
          found = TRUE;
          g_assert_cmpint (event->role, ==, POOL_THREAD_ROLE_WORKER);
          g_assert_cmpint (event->worker_index, >=, 0);
          g_assert_cmpint (event->queued_us, >, 0);
          g_assert_cmpint (event->start_us, >=, event->queued_us);
          g_assert_cmpint (event->end_us, >=, event->start_us);
        }
    }
  g_assert_true (found);
}

static void
record_posted (gpointer  state,
               GError  **error)
{
  *(PoolThreadRole *) state = pool_trace_get_thread_role ();
}

static gpointer
post_from_worker (gpointer  data,
                  GError  **error)
{
  gpointer *args = data;

  pool_main_context_scheduler_post (args[0], record_posted, args[1]);
  return NULL;
}

/* Post (SynchronizationContext.Post) from a worker runs the callback on the UI thread. */
static void
test_post_runs_on_context_thread (void)
{
  g_autoptr(PoolScheduler) ui = pool_main_context_scheduler_new (NULL);
  PoolThreadRole role = POOL_THREAD_ROLE_OTHER;
  gpointer args[2] = { ui, &role };
  g_autoptr(PoolTask) task = pool_task_run (post_from_worker, args, NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (pool_task_wait (task, NULL));
  while (role == POOL_THREAD_ROLE_OTHER)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpint (role, ==, POOL_THREAD_ROLE_UI);
}

static gpointer
try_from_current_context (gpointer data)
{
  GError *error = NULL;
  PoolScheduler *scheduler = pool_scheduler_from_current_synchronization_context (&error);

  g_assert_null (scheduler);
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_INVALID_OPERATION);
  g_error_free (error);
  return NULL;
}

/* FromCurrentSynchronizationContext captures the calling thread's context
 * and fails on a thread that has none. */
static void
test_from_current_synchronization_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PoolScheduler) pushed = NULL;
  g_autoptr(PoolScheduler) owned = NULL;
  g_autoptr(GError) error = NULL;

  g_thread_join (g_thread_new ("no-context", try_from_current_context, NULL));

  g_main_context_push_thread_default (context);
  pushed = pool_scheduler_from_current_synchronization_context (&error);
  g_assert_no_error (error);
  g_assert_true (pool_main_context_scheduler_get_context (pushed) == context);
  g_main_context_pop_thread_default (context);

  g_main_context_acquire (NULL);
  owned = pool_scheduler_from_current_synchronization_context (&error);
  g_main_context_release (NULL);
  g_assert_no_error (error);
  g_assert_true (pool_main_context_scheduler_get_context (owned) == g_main_context_default ());
}

#define UNOBSERVED_ERROR (g_quark_from_static_string ("test-unobserved"))

/* pthread, not GMutex: the thread sanitizer sees it */
typedef struct
{
  pthread_mutex_t lock;
  int     codes[8];   /* protected by @lock */
  guint   n_codes;    /* protected by @lock */
} Reports;

static void
record_unobserved (const GError *exception,
                   gpointer      data)
{
  Reports *reports = data;
  g_autoptr(GPtrArray) leaves = pool_aggregate_error_flatten (exception);

  g_assert_true (pool_error_is_aggregate (exception));
  pthread_mutex_lock (&reports->lock);
  for (guint i = 0; i < leaves->len; i++)
    if (((GError *) g_ptr_array_index (leaves, i))->domain == UNOBSERVED_ERROR &&
        reports->n_codes < G_N_ELEMENTS (reports->codes))
      reports->codes[reports->n_codes++] = ((GError *) g_ptr_array_index (leaves, i))->code;
  pthread_mutex_unlock (&reports->lock);
}

static guint
count_reports (Reports *reports)
{
  guint n;

  pthread_mutex_lock (&reports->lock);
  n = reports->n_codes;
  pthread_mutex_unlock (&reports->lock);
  return n;
}

static void
wait_for_reports (Reports *reports,
                  guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (count_reports (reports) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  /* and nothing more arrives */
  g_usleep (20000);
  g_assert_cmpuint (count_reports (reports), ==, n);
}

static gpointer
fail_unobserved (gpointer  data,
                 GError  **error)
{
  g_set_error (error, UNOBSERVED_ERROR, GPOINTER_TO_INT (data), "unobserved %d", GPOINTER_TO_INT (data));
  return NULL;
}

/* UnobservedTaskException: a faulted task nobody observed reports its
 * aggregate when freed; one whose error was looked at does not. */
static void
test_unobserved_reported_when_freed (void)
{
  Reports reports = { PTHREAD_MUTEX_INITIALIZER, };
  PoolTaskCompletionSource *source = pool_task_completion_source_new (POOL_TASK_CREATION_NONE);
  gulong id = pool_scheduler_add_unobserved_task_exception_handler (record_unobserved, &reports, NULL);
  PoolTask *observed = pool_task_run (fail_unobserved, GINT_TO_POINTER (1), NULL);
  PoolTask *unobserved = pool_task_run (fail_unobserved, GINT_TO_POINTER (2), NULL);
  PoolTask *promise = pool_task_ref (pool_task_completion_source_get_task (source));

  g_assert_false (pool_task_wait (observed, NULL));
  pool_task_unref (observed);
  while (!pool_task_is_completed (unobserved))
    g_usleep (100);
  pool_task_unref (unobserved);
  wait_for_reports (&reports, 1);
  g_assert_cmpint (reports.codes[0], ==, 2);

  pool_task_completion_source_try_set_error (source, g_error_new_literal (UNOBSERVED_ERROR, 3, "3"));
  pool_task_unref (promise);
  pool_task_completion_source_free (source);
  g_assert_cmpuint (count_reports (&reports), ==, 2);
  g_assert_cmpint (reports.codes[1], ==, 3);
  pool_scheduler_remove_unobserved_task_exception_handler (id);
}

static gpointer
parent_of_failing_child (gpointer  data,
                         GError  **error)
{
  pool_task_unref (pool_task_factory_start_new_full (fail_unobserved, GINT_TO_POINTER (4), NULL, NULL,
                                                     POOL_TASK_CREATION_ATTACHED_TO_PARENT,
                                                     pool_scheduler_get_default ()));
  return NULL;
}

/* A parent takes in its attached child's error, which observes the child's:
 * only the parent reports, and its report holds the child's error. */
static void
test_parent_observing_child_error_keeps_it (void)
{
  Reports reports = { PTHREAD_MUTEX_INITIALIZER, };
  gulong id = pool_scheduler_add_unobserved_task_exception_handler (record_unobserved, &reports, NULL);
  PoolTask *parent = pool_task_factory_start_new_full (parent_of_failing_child, NULL, NULL, NULL,
                                                       POOL_TASK_CREATION_NONE,
                                                       pool_scheduler_get_default ());

  while (!pool_task_is_completed (parent))
    g_usleep (100);
  g_assert_cmpint (pool_task_get_status (parent), ==, POOL_TASK_STATUS_FAULTED);
  pool_task_unref (parent);
  wait_for_reports (&reports, 1);
  g_assert_cmpint (reports.codes[0], ==, 4);
  pool_scheduler_remove_unobserved_task_exception_handler (id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  pool_trace_set_enabled (TRUE);

  g_test_add_func ("/pool/task/run/runs-on-worker", test_run_runs_on_worker);
  g_test_add_func ("/pool/task/run/deny-child-attach", test_run_deny_child_attach);
  g_test_add_func ("/pool/task/run/parent-refuses-attached-child", test_run_parent_refuses_attached_child);
  g_test_add_func ("/pool/scheduler/current/default-outside-tasks", test_current_is_default_outside_tasks);
  g_test_add_func ("/pool/task/factory/start-new/inside-ui-task-runs-on-ui", test_start_new_inside_ui_task_runs_on_ui);
  g_test_add_func ("/pool/task/factory/start-new/explicit-default-runs-on-worker", test_start_new_explicit_default_runs_on_worker);
  g_test_add_func ("/pool/task/factory/start-new/hide-scheduler-runs-on-worker", test_start_new_hide_scheduler_runs_on_worker);
  g_test_add_func ("/pool/task/factory/start-new/long-running-dedicated-thread", test_long_running_dedicated_thread);
  g_test_add_func ("/pool/task/continue-with/main-context-runs-on-ui", test_continue_with_main_context_runs_on_ui);
  g_test_add_func ("/pool/task/continue-with/after-completion", test_continue_with_after_completion);
  g_test_add_func ("/pool/task/continue-with/sees-faulted", test_continue_with_sees_faulted);
  g_test_add_func ("/pool/task/status/faulted-keeps-error", test_status_faulted_keeps_error);
  g_test_add_func ("/pool/task/wait/inlines-on-context-thread", test_wait_inlines_on_context_thread);
  g_test_add_func ("/pool/task/wait/on-self-is-an-error", test_wait_on_self_is_an_error);
  g_test_add_func ("/pool/task/children/attached-parent-waits-and-faults", test_attached_child_parent_waits_and_faults);
  g_test_add_func ("/pool/task/bad-input/null-arguments", test_null_arguments_are_criticals);
  g_test_add_func ("/pool/trace/records-task-role", test_trace_records_task_role);
  g_test_add_func ("/pool/main-context/post", test_post_runs_on_context_thread);
  g_test_add_func ("/pool/scheduler/from-current-synchronization-context",
                   test_from_current_synchronization_context);
  g_test_add_func ("/pool/task/unobserved-exception/reported-when-freed", test_unobserved_reported_when_freed);
  g_test_add_func ("/pool/task/children/parent-observing-child-error-keeps-it",
                   test_parent_observing_child_error_keeps_it);

  return g_test_run ();
}
