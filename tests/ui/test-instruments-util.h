/* test-instruments-util.h — what every test under tests/ui shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instrument and window tests and the artefact renderers all need a
 * private X server (tests/e2e/lab-xvfb.h), GTK on the Cairo renderer (the
 * same pixels on any machine), the app's CSS, windows that have drawn a
 * frame, pictures of what they drew, and work for the pool to show: a blur,
 * a run in a window, a starving pool. The synthetic traces come from
 * tests/lab/lab-test-trace.h. Built once, as a static library, in
 * tests/ui/meson.build (ui_test_deps links it).
 */
#pragma once

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <pool.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lab-test-trace.h"
#include "lab-window.h"
#include "lab-xvfb.h"

G_BEGIN_DECLS

/* A display */

LabXvfb    *instruments_display_start (char       **why_not);
void        instruments_test_init     (int         *argc,
                                       char      ***argv);
const char *instruments_skip_reason   (void);
int         instruments_test_run      (void);

/* Skips the calling test (a void function) when there is no display. */
#define INSTRUMENTS_REQUIRE_DISPLAY()                       \
  G_STMT_START {                                            \
    if (instruments_skip_reason () != NULL)                 \
      {                                                     \
        g_test_skip (instruments_skip_reason ());           \
        return;                                             \
      }                                                     \
  } G_STMT_END

const char *instruments_render_begin  (int          argc,
                                       char        *argv[],
                                       int         *status);
int         instruments_render_end    (const char  *output_dir);

/* The main loop */

typedef gboolean (*InstrumentsCondition) (gpointer data);

void        instruments_wait_frames   (GtkWidget            *window,
                                       guint                 frames);
void        instruments_frames_for    (GtkWidget            *window,
                                       guint                 frames,
                                       guint                 ms);
gboolean    instruments_iterate_until (InstrumentsCondition  condition,
                                       gpointer              data,
                                       guint                 timeout_ms);
gboolean    instruments_is_true       (gpointer              flag);

/* Windows and pictures */

typedef enum
{
  INSTRUMENTS_PNG_DEFAULT    = 0,
  INSTRUMENTS_PNG_BACKGROUND = 1 << 0,  /* over the window's background colour */
  INSTRUMENTS_PNG_BORDER_BOX = 1 << 1,  /* with the padding and border, not only the content */
} InstrumentsPngFlags;

GtkWidget  *instruments_show          (GtkWidget  *child,
                                       int         width,
                                       int         height);
void        instruments_set_dark      (gboolean    dark);
GtkWidget  *instruments_heading       (const char *text);
void        instruments_set_margins   (GtkWidget  *widget,
                                       int         margin);
const char *instruments_artifacts_dir (const char *fallback);
gboolean    instruments_save_png      (GtkWidget           *widget,
                                       InstrumentsPngFlags  flags,
                                       const char          *dir,
                                       const char          *name);

/* Work for the pool */

gpointer    instruments_blur_region   (gpointer    data,
                                       GError    **error);

/* A run in a window */

typedef void (*InstrumentsWhileLive) (LabWindow *window);

LabRunMonitor *instruments_run_on_worker (LabWindow            *window,
                                          const char           *id,
                                          guint                 csharp_line,
                                          InstrumentsWhileLive  while_live);

/* A starving pool: work items that block until the gate opens. pthread, not GMutex:
 * ThreadSanitizer sees pthread's hand-offs, not an uninstrumented GLib's. */
typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t  cond;
  guint           running;   /* items that have reached the gate */
  guint           done;      /* items that have gone through it */
  gboolean        open;
} InstrumentsGate;

void        instruments_gate_init        (InstrumentsGate *gate);
void        instruments_gate_clear       (InstrumentsGate *gate);
void        instruments_gate_starve_pool (InstrumentsGate *gate,
                                          guint            workers,
                                          guint            queued);
void        instruments_gate_open        (InstrumentsGate *gate,
                                          guint            done);

G_END_DECLS
