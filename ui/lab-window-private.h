/* lab-window-private.h — the window's parts, shared by its files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lab-window.c builds the window and its scenario list; lab-window-run.c
 * shows a run (the instruments bound to its monitor, the verdict, the
 * chips, the log); lab-window-actions.c holds the actions and shortcuts;
 * lab-window-replay.c replays a finished run.
 */
#pragma once

#include <adwaita.h>

#include "lab-chips.h"
#include "lab-code-view.h"
#include "lab-compare-window.h"
#include "lab-keystroke-overlay.h"
#include "lab-pool-gauges.h"
#include "lab-pulse.h"
#include "lab-queue-view.h"
#include "lab-replay-bar.h"
#include "lab-spinner.h"
#include "lab-stall-chart.h"
#include "lab-timeline.h"
#include "lab-window.h"

G_BEGIN_DECLS

/* A scenario's last run, as the window shows it when it is selected. */
typedef struct
{
  LabRunMonitor *monitor;
  GdkTexture    *result;       /* the picture it made, or NULL */
} LabWindowRun;

struct _LabWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  LabKeystrokeOverlay  *keystrokes;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkButton            *run_button;
  GtkButton            *cancel_button;
  LabSpinner           *spinner;
  GtkToggleButton      *sidebar_button;
  GtkToggleButton      *details_button;
  GtkToggleButton      *presenter_button;
  AdwFlap              *sidebar_flap;
  AdwFlap              *details_flap;
  GtkWidget            *sidebar;
  GtkSearchEntry       *search_entry;
  GtkListBox           *scenario_list;
  GtkWidget            *stage;
  GtkLabel             *title_label;
  GtkLabel             *summary_label;
  LabCodeView          *csharp_view;
  GtkWidget            *url_row;
  GtkEntry             *url_entry;
  LabPulse             *pulse;
  GtkEntry             *type_entry;
  GtkLabel             *verdict_label;
  GtkLabel             *details_label;
  LabChips             *chips_box;
  LabTimeline          *timeline;
  GtkWidget            *queue_scroller;
  LabQueueView         *queue_view;
  LabReplayBar         *replay_bar;
  GtkStack             *details_stack;
  GtkLabel             *info_label;
  LabCodeView          *c_view;
  GtkLabel             *log_view;       /* a label: it measures at once, unlike a text view */
  LabStallChart        *stall_chart;
  LabPoolGauges        *gauges;
  GtkStackPage         *pictures_page;
  GtkPicture           *source_picture;
  GtkPicture           *result_picture;

  /* owned */
  GPtrArray            *groups;         /* section names, in order of appearance */
  guint                 n_rows;
  GHashTable           *runs;           /* scenario id → LabWindowRun */
  LabRunMonitor        *shown;          /* the run on screen, or NULL */
  LabRunMonitor        *active;         /* the run in progress, or NULL */
  gboolean              waiting;        /* a run asked for waits for its image */
  gboolean              presenter;
  gboolean              keys_chosen;    /* the keys overlay was toggled by hand */
  int                   zoom_percent;
  GtkCssProvider       *zoom_css;
  LabReplay            *replay;         /* the shown run's, once it finished; or NULL */

  /* the comparison (lab-window-compare.c) */
  GHashTable           *compare_with;   /* scenario id → GStrv of the ids it pairs with */
  GPtrArray            *compare_runs;   /* LabRunMonitor: the finished runs of one under way */
  GPtrArray            *compare_todo;   /* char *: the scenarios still to run for it */
  guint                 compare_source; /* the next run's request */
  guint                 compare_tries;
  GtkWidget            *compare_box;    /* the offer, beside the verdict */
  GtkButton            *compare_button;
  GtkMenuButton        *compare_menu;
  LabCompareWindow     *compare_window; /* weak: the last one shown */
};

/* lab-window-run.c */
void           _lab_window_show_run        (LabWindow     *self,
                                            const char    *id);
void           _lab_window_update_actions  (LabWindow     *self);
LabWindowRun  *_lab_window_run_new         (LabRunMonitor *monitor);
void           _lab_window_run_free        (LabWindowRun  *run);

/* lab-window.c */
const char    *_lab_window_get_scenario_title (LabWindow  *self,
                                            const char    *id);

/* lab-window-compare.c */
void           _lab_window_class_init_compare (GtkWidgetClass *widget_class);
void           _lab_window_init_compare    (LabWindow     *self);
void           _lab_window_dispose_compare (LabWindow     *self);
void           _lab_window_update_compare  (LabWindow     *self);
void           _lab_window_compare_finished (LabWindow    *self,
                                            LabRunMonitor *monitor);

/* lab-window-actions.c */
void           _lab_window_class_init_actions (GtkWidgetClass *widget_class);
void           _lab_window_init_shortcuts  (LabWindow     *self);
void           _lab_window_set_presenter   (LabWindow     *self,
                                            gboolean       presenter);
void           _lab_window_apply_font_size (LabWindow     *self);
void           _lab_window_move_selection  (LabWindow     *self,
                                            int            delta);

/* lab-window-replay.c */
void           _lab_window_class_init_replay (GtkWidgetClass *widget_class);
void           _lab_window_init_replay_keys (LabWindow    *self);
void           _lab_window_update_replay   (LabWindow     *self);
void           _lab_window_dispose_replay  (LabWindow     *self);

/* signals (lab-window.c) */
enum {
  LAB_WINDOW_RUN_REQUESTED,
  LAB_WINDOW_CANCEL_REQUESTED,
  LAB_WINDOW_IMAGE_DROPPED,
  LAB_WINDOW_TYPED,
  LAB_WINDOW_N_SIGNALS
};

extern guint _lab_window_signals[LAB_WINDOW_N_SIGNALS];

G_END_DECLS
