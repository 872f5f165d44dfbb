/* test-stage-fit.c — the stage fits: at 1280×720 and 1920×1080, with and
 * without presenter mode, at zoom 100 % and 150 %, after a run of each of
 * the 16 scenarios, the C# view, the verdict and the Run button lie wholly
 * inside the window and the C# view shows all its lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each configuration is one `tasklab --run all --layout-report` in a
 * private Xvfb: the window reports where GTK laid those parts out
 * (gtk_widget_compute_bounds() against the window) once each result is on
 * screen, and saves a screenshot, build/screenshots/SIZE-MODE/ID.png, for
 * a person to look at.
 */
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lab-xvfb.h"

static LabXvfb *xvfb;

typedef struct
{
  int         width;
  int         height;
  gboolean    presenter;
  int         zoom;
} Config;

static const Config configs[] = {
  { 1280, 720, FALSE, 100 }, { 1280, 720, FALSE, 150 },
  { 1280, 720, TRUE, 100 }, { 1280, 720, TRUE, 150 },
  { 1920, 1080, FALSE, 100 }, { 1920, 1080, FALSE, 150 },
  { 1920, 1080, TRUE, 100 }, { 1920, 1080, TRUE, 150 },
};

static char *
config_name (const Config *config)
{
  return g_strdup_printf ("%dx%d-%s%s", config->width, config->height,
                          config->presenter ? "presenter" : "normal",
                          config->zoom != 100 ? "-zoom150" : "");
}

/* @rect lies wholly inside a window of @width × @height. */
static void
assert_inside (JsonObject *layout,
               const char *name,
               int         width,
               int         height,
               const char *where)
{
  JsonArray *rect;
  double x, y, w, h;

  if (json_object_get_null_member (layout, name))
    g_error ("%s: the %s is not on screen", where, name);
  rect = json_object_get_array_member (layout, name);
  x = json_array_get_double_element (rect, 0);
  y = json_array_get_double_element (rect, 1);
  w = json_array_get_double_element (rect, 2);
  h = json_array_get_double_element (rect, 3);
  if (x < 0 || y < 0 || x + w > width + 0.5 || y + h > height + 0.5 || w <= 0 || h <= 0)
    g_error ("%s: the %s (%.0f, %.0f, %.0f × %.0f) is not inside the %d × %d window",
             where, name, x, y, w, h, width, height);
}

static void
test_fits (gconstpointer data)
{
  const Config *config = data;
  g_autofree char *name = config_name (config);
  g_autofree char *size = g_strdup_printf ("%dx%d", config->width, config->height);
  g_autofree char *zoom = g_strdup_printf ("%d", config->zoom);
  g_autofree char *shots = g_build_filename (g_getenv ("MESON_BUILD_ROOT"), "screenshots", name, NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { g_getenv ("TASKLAB"), "--run", "all", "--report", "json",
                         "--freeze-ms", "400", "--window-size", size, "--zoom", zoom,
                         "--layout-report", "--screenshot-dir", shots,
                         config->presenter ? "--presenter" : NULL, NULL };
  guint n_reports = 0;

  if (xvfb == NULL)
    {
      g_test_skip ("Xvfb is not available");
      return;
    }
  launcher = lab_xvfb_launcher_new (xvfb, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *where = NULL;
      JsonObject *report, *layout;
      JsonArray *window;
      int width, height;
      gint64 total, visible;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      report = json_node_get_object (json_parser_get_root (parser));
      layout = json_object_get_object_member (report, "layout");
      g_assert_nonnull (layout);
      where = g_strdup_printf ("%s, %s", name, json_object_get_string_member (report, "id"));
      window = json_object_get_array_member (layout, "window");
      width = json_array_get_int_element (window, 0);
      height = json_array_get_int_element (window, 1);
      /* the window kept its size: nothing asked for more room than the screen has */
      if (width > config->width || height > config->height || width < config->width - 40)
        g_error ("%s: the window is %d × %d: its content asked for more room than %d × %d",
                 where, width, height, config->width, config->height);
      assert_inside (layout, "csharp", width, height, where);
      assert_inside (layout, "verdict", width, height, where);
      assert_inside (layout, "run_button", width, height, where);
      total = json_object_get_int_member (layout, "csharp_lines");
      visible = json_object_get_int_member (layout, "csharp_lines_visible");
      g_test_message ("%s: C# %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " lines at %.2f", where,
                      visible, total, json_object_get_double_member (layout, "csharp_scale"));
      if (visible != total || total == 0)
        g_error ("%s: the C# view shows %" G_GINT64_FORMAT " of its %" G_GINT64_FORMAT " lines",
                 where, visible, total);
      n_reports++;
    }
  g_assert_cmpuint (n_reports, ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  xvfb = lab_xvfb_start (&error);
  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autofree char *name = config_name (&configs[i]);
      g_autofree char *path = g_strconcat ("/e2e/stage/fits/", name, NULL);

      g_test_add_data_func (path, &configs[i], test_fits);
    }
  status = g_test_run ();
  lab_xvfb_stop (xvfb);
  return status;
}
