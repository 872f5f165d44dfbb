/* lab-scenario.h — what a scenario is: texts, expectation, and how it starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabScenarioRun LabScenarioRun;

typedef struct
{
  const char *id;                /* stable, for --run */
  guint       number;            /* its row in DESIGN.md's catalogue */
  const char *title;
  const char *summary;           /* plain words, for a listener */
  const char *csharp;            /* the C# it mirrors */
  const char *source_file;       /* its file in app/scenarios/, shown in the C panel */
  const char *expected_verdict;  /* "frozen" or "responsive" */
  void      (*start)             (LabScenarioRun *run);
} LabScenario;

const LabScenario * const *lab_scenarios_get_all     (guint       *n_scenarios);
const LabScenario         *lab_scenarios_find        (const char  *id_or_number);
char                      *lab_scenario_dup_c_source (const LabScenario *scenario);

/* the catalogue, one file each in app/scenarios/ */
extern const LabScenario lab_scenario_task_run;
extern const LabScenario lab_scenario_start_new_in_ui_task;

G_END_DECLS
