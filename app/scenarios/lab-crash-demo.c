/* lab-crash-demo.c — the child process of scenario 7.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `tasklab --crash-demo` queues one work item that loads a file that does
 * not exist and lets the error escape. The pool then does what .NET does with
 * an exception escaping a QueueUserWorkItem callback: it prints the error and
 * ends the process (abort, SIGABRT). The scenario runs this in a child so the
 * window survives to show it. No window, no display needed; no core file.
 */
#define G_LOG_DOMAIN "Lab"

#include <pool.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "lab-crash-demo.h"
#include "lab-image.h"

/* How long the child waits for the pool to end it before saying it did not. */
#define CRASH_DEMO_TIMEOUT_MS 10000

/* The WaitCallback: its error escapes; nothing can catch it. */
static void
load_missing_photo (gpointer   state,
                    GError   **error)
{
  g_autoptr(LabImage) image = lab_image_load_file (LAB_CRASH_DEMO_MISSING_FILE, error);
}

/**
 * lab_crash_demo_handle_options:
 *
 * Returns: -1 when --crash-demo was not given; else does not return if the
 *   pool ends the process as it should, and returns 3 if it did not
 */
int
lab_crash_demo_handle_options (GVariantDict *options)
{
  struct rlimit no_core = { 0, 0 };
  gint64 deadline;

  if (!g_variant_dict_contains (options, LAB_CRASH_DEMO_OPTION))
    return -1;

  /* an expected abort leaves no core file behind */
  setrlimit (RLIMIT_CORE, &no_core);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  pool_thread_pool_queue_user_work_item (load_missing_photo, NULL, FALSE);

  /* The main thread is not a UI thread here: it only waits to be ended. */
  deadline = g_get_monotonic_time () + CRASH_DEMO_TIMEOUT_MS * 1000;
  while (g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);

  g_printerr ("tasklab: the error escaped the work item, yet the process was not ended\n");
  return 3;
}

/**
 * lab_crash_demo_get_executable:
 *
 * The running program's own file, to start it again as the child.
 *
 * Returns: (transfer full) (nullable): a path
 */
char *
lab_crash_demo_get_executable (GError **error)
{
  char *path = g_file_read_link ("/proc/self/exe", error);

  if (path == NULL && g_get_prgname () != NULL)
    {
      path = g_find_program_in_path (g_get_prgname ());
      if (path != NULL)
        g_clear_error (error);
    }
  return path;
}
