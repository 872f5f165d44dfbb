/* headless-run.h — a scenario run without a window, for the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-scenario-run.h"
#include "lab-slow-server.h"

G_BEGIN_DECLS

/* The window's sigma (app/lab-application-private.h) and a short freeze. */
#define HEADLESS_SIGMA      6.0
#define HEADLESS_FREEZE_MS  800.0

void           headless_run_init            (void);
void           headless_run_shutdown        (void);
LabSlowServer *headless_run_get_server      (void);
gboolean       headless_run_under_sanitizer (void);
guint          headless_run_get_passes      (void);
LabRunMonitor *headless_run_scenario_at     (const LabScenario *scenario,
                                             const char        *url,
                                             guint              cancel_after_ms);
LabRunMonitor *headless_run_scenario        (const LabScenario *scenario,
                                             guint              cancel_after_ms);

G_END_DECLS
