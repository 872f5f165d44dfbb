/* Blur directly in the click handler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No task at all: the click handler calls the blur itself. A click handler
 * runs on the UI thread, the thread that also draws the window and reads the
 * keyboard, so for as long as the blur takes nothing else happens: the
 * animation stops, typing is not echoed, the window cannot even be moved in
 * some desktops. This is the frozen baseline every other scenario is measured
 * against.
 */
#include <glib/gi18n.h>

#include "lab-scenario-run.h"

/* [snippet] */
/* The click handler itself: the UI thread does the blur. */
static void
start (LabScenarioRun *run)
{
  g_autoptr(LabBlurJob) job = lab_scenario_run_new_blur_job (run);
  g_autoptr(LabImage) blurred = NULL;

  /* preview.Image = Blur(image); */
  lab_scenario_run_mark_label (run, "blur", "preview.Image = Blur(image);");
  blurred = lab_blur_job_run (job);
  if (blurred == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                                                     "Not enough memory for the blurred image");

      lab_scenario_run_complete (run, NULL, error);
      return;
    }
  lab_scenario_run_complete (run, blurred, NULL);
}
/* [/snippet] */

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .compare_with = { "task-run" },
  .group = LAB_GROUP_WHERE_WORK_RUNS,
  .title = N_("Blur in the click handler"),
  .summary = N_("No task: the click handler calls the blur itself, on the UI thread. Until it "
                "returns the window cannot draw or read the keyboard: it freezes."),
  .csharp =
    "void OnRunClicked(object sender, EventArgs e)\n"
    "{\n"
    "    // Runs on the UI thread: nothing else happens until it returns.\n"
    "    preview.Image = Blur(image);\n"
    "}\n",
  .expected = { LAB_VERDICT_FROZEN },
  .start = start,
};
