/* headless-run.c — see headless-run.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenarios need no GTK: a GMainLoop on the test's thread stands in
 * for the UI thread, and each run is measured by its own LabRunMonitor as
 * in the window; the bundled photo is the picture, and the built-in slow
 * server serves it to the download scenarios.
 */
#include "headless-run.h"

#include "lab-blur.h"

#define RUN_BOUND_S 120

static LabImage      *image;
static guint          passes;
static LabSlowServer *server;

typedef struct
{
  GMainLoop *loop;
  gboolean   timed_out;
} Waiter;

/* After g_test_init(): this thread becomes the UI thread; the picture is
 * loaded and served, and the blur calibrated to the short freeze. */
void
headless_run_init (void)
{
  g_autoptr(GError) error = NULL;
  char *jpeg;
  gsize jpeg_size;

  g_main_context_acquire (NULL);
  image = lab_image_load_file (LAB_SAMPLE_IMAGE, &error);
  g_assert_no_error (error);
  if (!g_file_get_contents (LAB_SAMPLE_IMAGE, &jpeg, &jpeg_size, &error))
    g_error ("%s", error->message);
  server = lab_slow_server_get_default (&error);
  g_assert_no_error (error);
  lab_slow_server_add_file (server, "/images/sample.jpg", g_bytes_new_take (jpeg, jpeg_size),
                            "image/jpeg");
  passes = lab_blur_calibrate_passes (image, HEADLESS_SIGMA, HEADLESS_FREEZE_MS);
  g_test_message ("%u passes of the blur take about %.0f ms here", passes, HEADLESS_FREEZE_MS);
}

/* How many passes the blur makes (calibrated to HEADLESS_FREEZE_MS). */
guint
headless_run_get_passes (void)
{
  return passes;
}

void
headless_run_shutdown (void)
{
  g_clear_pointer (&image, lab_image_unref);
  g_main_context_release (NULL);
}

LabSlowServer *
headless_run_get_server (void)
{
  return server;
}

gboolean
headless_run_under_sanitizer (void)
{
  return g_getenv ("LAB_UNDER_SANITIZER") != NULL;
}

static void
on_completed (LabScenarioRun *run,
              Waiter         *waiter)
{
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_timeout (gpointer data)
{
  Waiter *waiter = data;

  waiter->timed_out = TRUE;
  g_main_loop_quit (waiter->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_run (gpointer run)
{
  lab_scenario_run_cancel (run);
  return G_SOURCE_REMOVE;
}

/* Runs @scenario to its end on this thread's loop; cancels it after
 * @cancel_after_ms when that is not 0. */
LabRunMonitor *
headless_run_scenario_at (const LabScenario *scenario,
                          const char        *url,
                          guint              cancel_after_ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { loop, FALSE };
  LabRunMonitor *monitor = lab_run_monitor_new (scenario->id, scenario->number, scenario->title,
                                                scenario->expected);
  g_autoptr(LabScenarioRun) run = lab_scenario_run_new (scenario, monitor, image, HEADLESS_SIGMA,
                                                        passes);
  guint timeout = g_timeout_add_seconds (RUN_BOUND_S, on_timeout, &waiter);

  g_signal_connect (run, "completed", G_CALLBACK (on_completed), &waiter);
  lab_scenario_run_set_url (run, url);
  lab_run_monitor_start (monitor);
  lab_scenario_run_start (run);
  if (cancel_after_ms > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, cancel_after_ms, cancel_run, g_object_ref (run),
                        g_object_unref);
  if (!lab_scenario_run_is_completed (run))
    g_main_loop_run (loop);
  if (!waiter.timed_out)
    g_source_remove (timeout);

  g_assert_false (waiter.timed_out);
  g_assert_true (lab_scenario_run_is_completed (run));
  g_assert_cmpint (lab_run_monitor_get_state (monitor), ==, LAB_RUN_STATE_FINISHED);
  /* let late continuations and posts drain before the next run */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return monitor;
}

LabRunMonitor *
headless_run_scenario (const LabScenario *scenario,
                       guint              cancel_after_ms)
{
  return headless_run_scenario_at (scenario, NULL, cancel_after_ms);
}
