/* lab-scenario.h — what a scenario is: texts, expectation, and how it starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabScenarioRun LabScenarioRun;

/* The sidebar's sections, in order. */
#define LAB_GROUP_OFFLOADING       "Offloading CPU work"
#define LAB_GROUP_START_NEW_TRAPS  "The StartNew traps"
#define LAB_GROUP_FIRE_AND_FORGET  "Fire and forget"
#define LAB_GROUP_ASYNC_IO         "Async I/O vs CPU"
#define LAB_GROUP_FAILURE          "Failure and cancellation"
#define LAB_GROUP_PERFORMANCE      "Performance"

typedef struct
{
  const char *id;                /* stable, for --run */
  guint       number;            /* its row in DESIGN.md's catalogue */
  const char *title;
  const char *group;             /* the sidebar section it belongs to */
  const char *summary;           /* plain words, for a listener */
  const char *csharp;            /* the C# it mirrors */
  const char *source_file;       /* its file in app/scenarios/, shown in the C panel */
  gboolean    downloads;         /* fetches an image: the window offers a URL field */
  const char *expected_verdict;  /* "frozen", "responsive", "deadlocked",
                                  * "crashed-in-child" or "completed-early" */
  void      (*start)             (LabScenarioRun *run);
} LabScenario;

const LabScenario * const *lab_scenarios_get_all     (guint       *n_scenarios);
const LabScenario         *lab_scenarios_find        (const char  *id_or_number);
char                      *lab_scenario_dup_c_source (const LabScenario *scenario);
char                      *lab_scenario_dup_info     (const LabScenario *scenario);

/* the catalogue, one file each in app/scenarios/ */
extern const LabScenario lab_scenario_task_run;
extern const LabScenario lab_scenario_start_new_in_ui_task;
extern const LabScenario lab_scenario_start_new_default;
extern const LabScenario lab_scenario_hide_scheduler;
extern const LabScenario lab_scenario_blur_in_handler;
extern const LabScenario lab_scenario_queue_user_work_item;
extern const LabScenario lab_scenario_errors;
extern const LabScenario lab_scenario_start_new_async;
extern const LabScenario lab_scenario_starvation;
extern const LabScenario lab_scenario_attached_children;
extern const LabScenario lab_scenario_cancellation;
extern const LabScenario lab_scenario_download;
extern const LabScenario lab_scenario_result_deadlock;
extern const LabScenario lab_scenario_pipeline;
extern const LabScenario lab_scenario_parallel_tiles;
extern const LabScenario lab_scenario_million_items;

G_END_DECLS
