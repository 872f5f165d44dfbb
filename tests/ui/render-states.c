/* render-states.c — pictures of the task states on the timeline and of the
 * queue view, for a human to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From the synthetic run of test-states-trace.h (every state, a steal,
 * attached children, the .Result deadlock): the timeline with the replay's
 * cursor over the queue view at the cursor's moment, at 1280×720 and
 * 1920×1080, light, dark and high contrast, into PNG files in the directory
 * given on the command line (tests/ui/artifacts/ in the build tree).
 */
#include "lab-instruments-private.h"
#include "lab-queue-view-private.h"
#include "lab-timeline.h"
#include "test-instruments-util.h"
#include "test-states-trace.h"

static const char *output_dir;

/* The timeline (at its natural height unless @fill) over the queue view, the
 * cursor at @cursor_ms, the queues stepped to it from 5 ms before. */
static void
render (int         width,
        int         height,
        gboolean    fill,
        const char *theme,
        gboolean    dark,
        double      cursor_ms,
        const char *name)
{
  g_autoptr(GArray) events = synthetic_states_run ();
  g_autoptr(LabTraceModel) model = lab_trace_model_new (ORIGIN_US, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *timeline = lab_timeline_new ();
  GtkWidget *queues = lab_queue_view_new ();
  GtkWidget *window;

  g_object_set (gtk_settings_get_default (), "gtk-theme-name", theme, NULL);
  instruments_set_dark (dark);
  lab_trace_model_append (model, (const PoolTraceEvent *) (gpointer) events->data, events->len);
  instruments_set_margins (box, 12);
  gtk_widget_set_vexpand (timeline, fill);
  gtk_box_append (GTK_BOX (box), instruments_heading ("Threads"));
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), instruments_heading ("Queues"));
  gtk_box_append (GTK_BOX (box), queues);
  window = instruments_show (box, width, height);

  lab_timeline_set_model (LAB_TIMELINE (timeline), model);
  lab_timeline_set_cursor (LAB_TIMELINE (timeline), ORIGIN_US + MS (cursor_ms));
  lab_queue_view_set_model (LAB_QUEUE_VIEW (queues), model);
  lab_queue_view_set_time (LAB_QUEUE_VIEW (queues), ORIGIN_US + MS (cursor_ms - 5));
  lab_queue_view_flush (LAB_QUEUE_VIEW (queues));
  lab_queue_view_set_time (LAB_QUEUE_VIEW (queues), ORIGIN_US + MS (cursor_ms));
  lab_queue_view_flush (LAB_QUEUE_VIEW (queues));
  instruments_wait_frames (window, 3);
  instruments_save_png (box, INSTRUMENTS_PNG_BACKGROUND, output_dir, name);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  output_dir = instruments_render_begin (argc, argv, &status);
  if (output_dir == NULL)
    return status;
  /* the timeline at its natural height: the cycle's words go over the plot */
  render (1280, 720, FALSE, "Default", FALSE, 42, "states-1280-light.png");
  render (1280, 720, TRUE, "Default", TRUE, 200, "states-1280-dark.png");
  render (1920, 1080, TRUE, "Default", FALSE, 61, "states-1920-light.png");
  render (1920, 1080, FALSE, "Default-hc", FALSE, 42, "states-1920-hc.png");
  render (1920, 1080, TRUE, "Default-hc-dark", TRUE, 300, "states-1920-hc-dark.png");
  return instruments_render_end (output_dir);
}
