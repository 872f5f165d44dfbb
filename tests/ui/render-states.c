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

static void
save_widget_png (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *path = g_build_filename (output_dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA background;

  lab_style_background (widget, &background);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("could not write %s\n", path);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

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
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_vexpand (timeline, fill);
  gtk_box_append (GTK_BOX (box), heading ("Threads"));
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), heading ("Queues"));
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
  save_widget_png (box, name);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *why_not = NULL;
  LabXvfb *xvfb;

  if (argc < 2)
    {
      g_printerr ("usage: %s OUTPUT-DIR\n", argv[0]);
      return 2;
    }
  output_dir = argv[1];
  g_mkdir_with_parents (output_dir, 0755);

  xvfb = instruments_display_start (&why_not);
  if (xvfb == NULL)
    {
      g_print ("1..0 # SKIP %s\n", why_not);
      return 0;
    }
  /* the timeline at its natural height: the cycle's words go over the plot */
  render (1280, 720, FALSE, "Default", FALSE, 42, "states-1280-light.png");
  render (1280, 720, TRUE, "Default", TRUE, 200, "states-1280-dark.png");
  render (1920, 1080, TRUE, "Default", FALSE, 61, "states-1920-light.png");
  render (1920, 1080, FALSE, "Default-hc", FALSE, 42, "states-1920-hc.png");
  render (1920, 1080, TRUE, "Default-hc-dark", TRUE, 300, "states-1920-hc-dark.png");
  lab_xvfb_stop (xvfb);
  g_print ("1..1\nok 1 rendered into %s\n", output_dir);
  return 0;
}
