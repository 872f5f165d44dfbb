/* test-scenarios-util.h — what the scenario tests share: running tasklab
 * on the test's display, reading its JSON reports, and the reports of one
 * `--run all` kept for every test that reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-scenarios.c starts Xvfb and registers every test; the tests live by
 * subject in test-scenarios.c (the command line), -run.c (one scenario per
 * run), -download.c (the download scenarios against servers made here),
 * -all.c and -all-phases.c (`--run all`: where the work ran and the task
 * statuses; the measured phases and tables).
 */
#pragma once

#include <gio/gio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lab-xvfb.h"

/* Set by main () before any test runs; NULL when there is no display. */
extern LabXvfb *xvfb;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Outcome;

/* test-scenarios-util.c */

void        outcome_clear         (Outcome            *outcome);
void        run_tasklab           (Outcome            *outcome,
                                   const char * const *argv);
void        run_tasklab_with_env  (Outcome            *outcome,
                                   const char * const *argv,
                                   const char         *name,
                                   const char         *value);
JsonObject *run_report            (const char         *id,
                                   const char         *extra);
char       *joined_roles          (JsonObject         *report);
gboolean    skip_without_display  (void);

/* `--run all`, run once, on the first call */
GPtrArray  *get_all_reports       (void);
void        free_all_reports      (void);
JsonObject *report_for            (const char         *id);
JsonObject *details_of            (JsonObject         *report);
const char *status_of             (JsonObject         *report,
                                   const char         *name);
gboolean    roles_include         (JsonObject         *report,
                                   const char         *role);
const char *chip_starting         (JsonObject         *report,
                                   const char         *prefix);
void        assert_no_status_none (JsonObject         *report);
JsonObject *phase_of              (JsonObject         *report,
                                   guint               index);

/* test-scenarios-run.c */
void test_task_run_is_responsive                  (void);
void test_start_new_in_ui_task_is_frozen          (void);
void test_bad_image_is_reported                   (void);
void test_parallel_tiles_canceled                 (void);

/* test-scenarios-download.c */
void test_download_url_refused                    (void);
void test_pipeline_quit_removes_folder            (void);
void test_download_ui_thread_bounded              (void);

/* test-scenarios-all.c */
void test_all_verdicts_as_expected                (void);
void test_all_start_new_escapes                   (void);
void test_all_handler_and_work_item               (void);
void test_all_error_crashes_child_only            (void);
void test_all_async_delegate_completes_early      (void);
void test_all_starvation_delays                   (void);
void test_all_attached_children_order             (void);
void test_all_cancellation_statuses               (void);

/* test-scenarios-all-phases.c */
void test_all_download_phases                     (void);
void test_all_result_deadlock_detected_and_broken (void);
void test_all_pipeline                            (void);
void test_all_parallel_tiles                      (void);
void test_all_million_items_table                 (void);
