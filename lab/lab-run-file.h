/* lab-run-file.h — a finished run saved to a file, and opened again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-run-monitor.h"

G_BEGIN_DECLS

/* The version this program writes; it opens this one and older ones. */
#define LAB_RUN_FILE_VERSION 2

#define LAB_RUN_FILE_ERROR (lab_run_file_error_quark ())
GQuark lab_run_file_error_quark (void);

/**
 * LabRunFileError:
 * @LAB_RUN_FILE_ERROR_NOT_A_RUN: the file is not a TaskLab run
 * @LAB_RUN_FILE_ERROR_NEWER_VERSION: a newer TaskLab wrote it
 * @LAB_RUN_FILE_ERROR_CORRUPT: a TaskLab run, but damaged
 * @LAB_RUN_FILE_ERROR_NOT_FINISHED: only a finished run can be saved
 */
typedef enum
{
  LAB_RUN_FILE_ERROR_NOT_A_RUN,
  LAB_RUN_FILE_ERROR_NEWER_VERSION,
  LAB_RUN_FILE_ERROR_CORRUPT,
  LAB_RUN_FILE_ERROR_NOT_FINISHED,
} LabRunFileError;

char          *lab_run_file_to_json   (LabRunMonitor  *monitor,
                                       GError        **error);
gboolean       lab_run_file_save      (LabRunMonitor  *monitor,
                                       const char     *path,
                                       GError        **error);
LabRunMonitor *lab_run_file_from_json (const char     *json,
                                       gssize          length,
                                       GError        **error);
LabRunMonitor *lab_run_file_load      (const char     *path,
                                       GError        **error);

G_END_DECLS
