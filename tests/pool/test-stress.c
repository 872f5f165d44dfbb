/* test-stress.c — many tasks with random continuations, children and
 * cancellations; nothing lost, nothing run or completed twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The size is bounded so the sanitizer builds finish in seconds:
 * 1,000,000 operations normally, fewer under ASan and TSan
 * (POOL_STRESS_OPERATIONS overrides).
 */
#include <gio/gio.h>
#include <pool.h>

#if defined(__SANITIZE_THREAD__)
# define DEFAULT_OPERATIONS 150000
#elif defined(__SANITIZE_ADDRESS__)
# define DEFAULT_OPERATIONS 500000
#else
# define DEFAULT_OPERATIONS 1000000
#endif

#define BATCH 5000

typedef enum
{
  KIND_RUN,
  KIND_CANCEL_BEFORE,
  KIND_CANCEL_RACING,
  KIND_CONTINUATION,
  KIND_PARENT,
  KIND_WORK_ITEM,
  N_KINDS
} Kind;

typedef struct
{
  gint  *runs;         /* per operation: delegate runs */
  gint  *completions;  /* per operation: completion callbacks */
  gint  *child_runs;   /* per operation: attached child runs */
  gint   work_items_done;
} Counters;

typedef struct
{
  Counters *counters;
  guint     index;
} Op;

static gpointer
run_op (gpointer  data,
        GError  **error)
{
  Op *op = data;

  g_atomic_int_inc (&op->counters->runs[op->index]);
  if (op->index % 7 == 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "every seventh fails");
  return NULL;
}

static gpointer
run_child (gpointer  data,
           GError  **error)
{
  Op *op = data;

  g_atomic_int_inc (&op->counters->child_runs[op->index]);
  return NULL;
}

static gpointer
run_parent (gpointer  data,
            GError  **error)
{
  Op *op = data;

  g_atomic_int_inc (&op->counters->runs[op->index]);
  pool_task_unref (pool_task_factory_start_new_full (run_child, op, NULL, NULL,
                                                     POOL_TASK_CREATION_ATTACHED_TO_PARENT,
                                                     pool_scheduler_get_default ()));
  return NULL;
}

static gpointer
count_completion (PoolTask  *task,
                  gpointer   data,
                  GError   **error)
{
  Op *op = data;

  g_atomic_int_inc (&op->counters->completions[op->index]);
  return NULL;
}

static void
run_work_item (gpointer  state,
               GError  **error)
{
  Op *op = state;

  g_atomic_int_inc (&op->counters->runs[op->index]);
  g_atomic_int_inc (&op->counters->work_items_done);
}

/* Many random operations: every task completes exactly once, every delegate
 * runs at most once, and exactly once unless cancelled before it started. */
static void
test_stress (void)
{
  const char *env = g_getenv ("POOL_STRESS_OPERATIONS");
  guint n = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_OPERATIONS;
  Counters counters = { g_new0 (gint, n), g_new0 (gint, n), g_new0 (gint, n), 0 };
  Op *ops = g_new0 (Op, n);
  Kind *kinds = g_new0 (Kind, n);
  PoolTask **tasks = g_new0 (PoolTask *, n);
  PoolTaskStatus *statuses = g_new0 (PoolTaskStatus, n);
  guint work_items = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint batch = 0; batch < n; batch += BATCH)
    {
      guint end = MIN (n, batch + BATCH);
      g_autoptr(GPtrArray) watched = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_task_unref);
      g_autoptr(PoolTask) all = NULL;

      for (guint i = batch; i < end; i++)
        {
          g_autoptr(PoolCancellationTokenSource) source = NULL;

          ops[i].counters = &counters;
          ops[i].index = i;
          kinds[i] = (Kind) g_test_rand_int_range (0, N_KINDS);

          switch (kinds[i])
            {
            case KIND_RUN:
              tasks[i] = pool_task_run (run_op, &ops[i], NULL);
              break;
            case KIND_CANCEL_BEFORE:
              source = pool_cancellation_token_source_new ();
              pool_cancellation_token_source_cancel (source);
              tasks[i] = pool_task_run_with_token (run_op, &ops[i], NULL,
                                                   pool_cancellation_token_source_get_token (source));
              break;
            case KIND_CANCEL_RACING:
              source = pool_cancellation_token_source_new ();
              tasks[i] = pool_task_run_with_token (run_op, &ops[i], NULL,
                                                   pool_cancellation_token_source_get_token (source));
              pool_cancellation_token_source_cancel (source);
              break;
            case KIND_CONTINUATION:
              {
                g_autoptr(PoolTask) antecedent = pool_task_run (run_child, &ops[i], NULL);

                tasks[i] = pool_task_continue_with_full (antecedent,
                                                         count_completion,
                                                         &ops[i], NULL, NULL,
                                                         g_test_rand_bit () ? POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY
                                                                            : POOL_TASK_CONTINUATION_NONE,
                                                         pool_scheduler_get_default ());
              }
              break;
            case KIND_PARENT:
              tasks[i] = pool_task_factory_start_new_full (run_parent, &ops[i], NULL, NULL,
                                                           POOL_TASK_CREATION_NONE,
                                                           pool_scheduler_get_default ());
              break;
            case KIND_WORK_ITEM:
            default:
              pool_thread_pool_queue_user_work_item (run_work_item, &ops[i], g_test_rand_bit ());
              work_items++;
              break;
            }

          if (tasks[i] != NULL && kinds[i] != KIND_CONTINUATION)
            pool_task_unref (pool_task_continue_with_full (tasks[i], count_completion, &ops[i], NULL,
                                                           NULL, POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY,
                                                           pool_scheduler_get_default ()));
          if (tasks[i] != NULL)
            g_ptr_array_add (watched, pool_task_ref (tasks[i]));
        }

      all = pool_task_when_all ((PoolTask * const *) watched->pdata, watched->len);
      pool_task_wait (all, NULL);

      for (guint i = batch; i < end; i++)
        {
          if (tasks[i] == NULL)
            continue;
          statuses[i] = pool_task_get_status (tasks[i]);
          g_clear_pointer (&tasks[i], pool_task_unref);
        }
    }

  while ((guint) g_atomic_int_get (&counters.work_items_done) < work_items)
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 600 * G_USEC_PER_SEC);
      g_usleep (1000);
    }

  /* a completion continuation may still be finishing on another thread */
  for (guint i = 0; i < n; i++)
    {
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      if (kinds[i] == KIND_WORK_ITEM || kinds[i] == KIND_CONTINUATION)
        continue;
      while (g_atomic_int_get (&counters.completions[i]) == 0 && g_get_monotonic_time () < deadline)
        g_usleep (100);
    }

  for (guint i = 0; i < n; i++)
    {
      gint runs = g_atomic_int_get (&counters.runs[i]);

      switch (kinds[i])
        {
        case KIND_RUN:
          g_assert_cmpint (runs, ==, 1);
          g_assert_cmpint (statuses[i], ==, i % 7 == 0 ? POOL_TASK_STATUS_FAULTED
                                                        : POOL_TASK_STATUS_RAN_TO_COMPLETION);
          g_assert_cmpint (counters.completions[i], ==, 1);
          break;
        case KIND_CANCEL_BEFORE:
          g_assert_cmpint (runs, ==, 0);
          g_assert_cmpint (statuses[i], ==, POOL_TASK_STATUS_CANCELED);
          g_assert_cmpint (counters.completions[i], ==, 1);
          break;
        case KIND_CANCEL_RACING:
          /* either cancelled before it started, or ran to its end */
          g_assert_cmpint (runs, <=, 1);
          g_assert_cmpint (statuses[i], ==, runs == 0 ? POOL_TASK_STATUS_CANCELED
                                                      : (i % 7 == 0 ? POOL_TASK_STATUS_FAULTED
                                                                    : POOL_TASK_STATUS_RAN_TO_COMPLETION));
          g_assert_cmpint (counters.completions[i], ==, 1);
          break;
        case KIND_CONTINUATION:
          g_assert_cmpint (counters.child_runs[i], ==, 1);
          g_assert_cmpint (counters.completions[i], ==, 1);
          g_assert_cmpint (statuses[i], ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
          break;
        case KIND_PARENT:
          g_assert_cmpint (runs, ==, 1);
          g_assert_cmpint (counters.child_runs[i], ==, 1);
          g_assert_cmpint (counters.completions[i], ==, 1);
          g_assert_cmpint (statuses[i], ==, POOL_TASK_STATUS_RAN_TO_COMPLETION);
          break;
        case KIND_WORK_ITEM:
        default:
          g_assert_cmpint (runs, ==, 1);
          break;
        }
    }

  g_test_message ("%u operations in %.1f s", n, (g_get_monotonic_time () - start) / 1e6);
  g_free (counters.runs);
  g_free (counters.completions);
  g_free (counters.child_runs);
  g_free (ops);
  g_free (kinds);
  g_free (tasks);
  g_free (statuses);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool/stress/random-operations", test_stress);

  return g_test_run ();
}
