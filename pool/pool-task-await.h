/* pool-task-await.h — what `await task` does, in C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined(POOL_INSIDE) && !defined(POOL_COMPILATION)
# error "Only <pool.h> can be included directly."
#endif

#include "pool-types.h"

G_BEGIN_DECLS

/**
 * PoolAwaitCallback:
 * @task: the awaited task, completed
 * @data: the data given to pool_task_await()
 *
 * The code after an `await`.
 */
typedef void (*PoolAwaitCallback) (PoolTask *task,
                                   gpointer  data);

/**
 * PoolAsyncVoidCallback:
 * @task: the awaited task, completed
 * @data: the data given to pool_task_await_async_void()
 * @error: an error set here escapes the `async void` method and ends the
 *   process
 *
 * The code after an `await` in an `async void` method.
 */
typedef void (*PoolAsyncVoidCallback) (PoolTask  *task,
                                       gpointer   data,
                                       GError   **error);

void pool_task_await            (PoolTask              *task,
                                 gboolean               continue_on_captured_context,
                                 PoolAwaitCallback      callback,
                                 gpointer               data,
                                 GDestroyNotify         data_destroy);
void pool_task_await_async_void (PoolTask              *task,
                                 gboolean               continue_on_captured_context,
                                 PoolAsyncVoidCallback  callback,
                                 gpointer               data,
                                 GDestroyNotify         data_destroy);
void pool_task_yield            (PoolAwaitCallback      callback,
                                 gpointer               data,
                                 GDestroyNotify         data_destroy);

G_END_DECLS
