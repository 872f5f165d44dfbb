/* pool.h — the one header users of libpool include.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libpool mirrors the .NET Task Parallel Library in C on top of GLib:
 * tasks, schedulers, the thread pool behind TaskScheduler.Default, a
 * scheduler that runs work on a GMainContext (the UI thread), and a trace of
 * which thread ran what.
 */
#pragma once

#define POOL_INSIDE
#include "pool-types.h"
#include "pool-aggregate-error.h"
#include "pool-cancellation-token.h"
#include "pool-task.h"
#include "pool-task-factory.h"
#include "pool-task-completion-source.h"
#include "pool-task-combinators.h"
#include "pool-task-await.h"
#include "pool-scheduler.h"
#include "pool-main-context-scheduler.h"
#include "pool-thread-pool.h"
#include "pool-trace.h"
#undef POOL_INSIDE
