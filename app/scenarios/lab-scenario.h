/* lab-scenario.h — what a scenario is: texts, expectation, and how it starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each scenario is one file, app/scenarios/ID.c, that defines its
 * LabScenario as
 *
 *   const LabScenario LAB_SCENARIO = {
 *     LAB_SCENARIO_FROM_CATALOGUE,
 *     .title = …,
 *   };
 *
 * The catalogue (the list in app/scenarios/meson.build) is the one place
 * that names the scenarios and orders them: meson compiles each file with
 * its id, its number and its symbol, and generates the table of all of them
 * and the resource bundle of their sources from the same list.
 */
#pragma once

#include <glib.h>

#include "lab-verdict.h"

G_BEGIN_DECLS

typedef struct _LabScenarioRun LabScenarioRun;

/* The sidebar's sections; the catalogue's order keeps each one contiguous. */
#define LAB_GROUP_WHERE_WORK_RUNS  "Where the work runs"
#define LAB_GROUP_TRAPS            "Traps and corner cases"
#define LAB_GROUP_ASYNC_IO         "Async I/O vs CPU"
#define LAB_GROUP_PERFORMANCE      "Performance"

/* at most this many scenarios to compare a run with (three rows in all) */
#define LAB_SCENARIO_MAX_COMPARE 2

typedef struct
{
  const char *id;                /* stable, for --run; from the catalogue */
  guint       number;            /* its place in the catalogue, from 1 */
  const char *source_file;       /* its file in app/scenarios/, shown in the C panel */
  const char *title;
  const char *group;             /* the sidebar section it belongs to */
  const char *summary;           /* plain words, for a listener */
  const char *csharp;            /* the C# it mirrors */
  gboolean    downloads;         /* fetches an image: the window offers a URL field */
  LabVerdict  expected[LAB_VERDICT_MAX_PHASES];  /* one, or one per measured phase */
  /* the scenarios that make a "wrong vs right" pair or group with this one
   * (ids, NULL-terminated): after a run, the window offers "Compare with…"
   * each of them, stacked on one time scale (ui/lab-compare-window.c). A
   * scenario that names itself alone compares the phases of its one run
   * (the download's three ways), a row per phase. */
  const char *compare_with[LAB_SCENARIO_MAX_COMPARE + 1];
  void      (*start)             (LabScenarioRun *run);
} LabScenario;

#define LAB_SCENARIO_FROM_CATALOGUE \
  .id = LAB_SCENARIO_ID, .number = LAB_SCENARIO_NUMBER, .source_file = LAB_SCENARIO_ID ".c"

const LabScenario * const *lab_scenarios_get_all     (guint             *n_scenarios);
const LabScenario         *lab_scenarios_find        (const char        *id_or_number);
char                      *lab_scenario_dup_c_source (const LabScenario *scenario);
char                      *lab_scenario_dup_info     (const LabScenario *scenario);

G_END_DECLS
