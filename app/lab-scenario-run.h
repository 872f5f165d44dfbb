/* lab-scenario-run.h — one run of a scenario, measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <pool.h>

#include "lab-blur.h"
#include "lab-image.h"
#include "lab-report.h"
#include "lab-scenario.h"

G_BEGIN_DECLS

#define LAB_TYPE_SCENARIO_RUN (lab_scenario_run_get_type ())

G_DECLARE_FINAL_TYPE (LabScenarioRun, lab_scenario_run, LAB, SCENARIO_RUN, GObject)

LabScenarioRun    *lab_scenario_run_new               (const LabScenario *scenario,
                                                       LabImage          *source,
                                                       double             sigma,
                                                       guint              passes);
void               lab_scenario_run_start             (LabScenarioRun    *self);
const LabScenario *lab_scenario_run_get_scenario      (LabScenarioRun    *self);
LabReport         *lab_scenario_run_get_report        (LabScenarioRun    *self);
LabImage          *lab_scenario_run_get_result        (LabScenarioRun    *self);

/* for the scenarios */
LabBlurJob        *lab_scenario_run_new_blur_job      (LabScenarioRun    *self);
PoolScheduler     *lab_scenario_run_get_ui_scheduler  (LabScenarioRun    *self);
void               lab_scenario_run_track_task        (LabScenarioRun    *self,
                                                       PoolTask          *task);
gpointer           lab_scenario_run_show_result       (PoolTask          *blur_task,
                                                       gpointer           run,
                                                       GError           **error);

G_END_DECLS
