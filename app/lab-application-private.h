/* lab-application-private.h — the application's parts, shared by its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lab-application.c starts the program, decodes the image and runs the
 * scenarios; lab-application-actions.c holds the application's actions
 * (open, about, quit); lab-headless.c runs scenarios from the command line
 * (--run, --report, --screenshot-dir).
 */
#pragma once

#include "lab-application.h"
#include "lab-image.h"
#include "lab-scenario-run.h"
#include "lab-settings.h"
#include "lab-window.h"

G_BEGIN_DECLS

#define LAB_BLUR_SIGMA 6.0
#define LAB_DEFAULT_FREEZE_MS 2000

struct _LabApplication
{
  AdwApplication     parent_instance;

  /* from the command line */
  char              *url;             /* --url: what the download scenarios fetch */
  char              *image_path;      /* --image */
  int                freeze_ms;       /* --freeze-ms, or the preference */
  gboolean           presenter;       /* --presenter */
  int                zoom_percent;    /* --zoom, 0 if not given */
  int                window_width;    /* --window-size, 0 if not given */
  int                window_height;
  GPtrArray         *script;          /* --run: scenarios still to run (const LabScenario *) */
  char              *screenshot_dir;  /* with --run: a PNG of the window after each */
  char              *export_trace;    /* with --run ID: where the trace goes (Perfetto) */
  char              *save_run;        /* with --run ID: where the finished run goes */
  char              *open_run;        /* --open: a saved run to show */
  GPtrArray         *compare_runs;    /* --compare: the saved runs to stack (LabRunMonitor) */
  gboolean           layout_report;   /* with --run: where the stage's parts lie, in each report */
  gboolean           first_frame_and_quit;
  int                exit_status;     /* 0, or 1 when a scripted run's input failed */

  /* owned */
  LabSettings       *settings;
  PoolScheduler     *ui_scheduler;
  LabImage          *bundled;         /* the bundled image's working copy */
  const LabScenario *pending;         /* asked to run before the image was decoded */
  gboolean           cancel_pending;  /* a scripted run cancelled while it waited */
  LabImage          *image;           /* what the scenarios blur (a working copy) */
  double             passes_per_s;    /* blur passes a second on it, on this machine; 0: not timed */
  guint              passes;          /* calibrated blur passes; 0 until measured */
  LabScenarioRun    *run;             /* in progress, or NULL */
  guint              baseline_source; /* starts the run once its baseline is watched */
  char              *renderer_line;   /* which renderer and why (lab-renderer.c) */

  /* borrowed */
  LabWindow         *window;
};

/* lab-application.c */
void     _lab_application_start_run       (LabApplication *self,
                                           const char     *id);
void     _lab_application_open_image_file (LabApplication *self,
                                           const char     *path);
void     _lab_application_report_error    (LabApplication *self,
                                           const char     *message);
void     _lab_application_start_pending   (LabApplication *self);

/* lab-application-image.c */
void        _lab_application_load_first_image  (LabApplication *self);
void        _lab_application_use_bundled_image (LabApplication *self);
GdkTexture *_lab_application_texture_for       (LabImage       *image);
void        _lab_application_show_result       (LabApplication *self,
                                                LabRunMonitor  *monitor,
                                                LabImage       *image);

/* lab-application-actions.c */
void     _lab_application_init_actions    (LabApplication *self);
void     _lab_application_log_activations (GActionMap     *map,
                                           const char     *prefix);

/* lab-headless.c */
int      _lab_application_parse_script    (LabApplication *self,
                                           GVariantDict   *options,
                                           gboolean       *unknown_id);
void     _lab_application_input_failed    (LabApplication *self,
                                           const char     *message);
void     _lab_application_watch_first_frame (LabApplication *self);
gboolean _lab_application_report_run      (LabApplication *self,
                                           LabScenarioRun *run);
void     _lab_application_screenshot_compare (LabApplication *self);

G_END_DECLS
