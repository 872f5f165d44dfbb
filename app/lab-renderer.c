/* lab-renderer.c — Cairo instead of GL when GL would be software-rendered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a GPU (a virtual machine, Xvfb) GTK's GL renderer runs on Mesa's
 * software rasterizer (llvmpipe), whose threads take every core to draw
 * the window: the scenarios' work then competes with TaskLab's own drawing
 * and the verdicts measure that. Measured under Xvfb at 1920x1080, task-run
 * drew 7 frames a second with llvmpipe and 327 missed, against 0 missed
 * with Cairo. So when GL would be software-rendered, or is missing (GTK
 * falls back to Cairo then anyway), TaskLab asks for Cairo.
 *
 * GSK reads GSK_RENDERER when it makes the renderer of a window's surface
 * (gsk_renderer_new_for_surface: the display's "gsk-renderer" data, then
 * the environment variable, then the backend's GL, then Cairo) and keeps
 * what it read for the rest of the process: setting it before the first
 * window is realized chooses the renderer of every window. A GSK_RENDERER
 * set by the user is always kept (an empty one is not a choice: GTK warns
 * and ignores it, and so does TaskLab).
 *
 * Both functions run in the application's startup, on the main thread,
 * before the pool or any scenario has started a thread (setenv is not
 * safe while other threads read the environment).
 */
#define G_LOG_DOMAIN "Lab"

#include <epoxy/gl.h>
#include <string.h>

#include "lab-renderer.h"

/* How Mesa names its software rasterizers in GL_RENDERER (llvmpipe,
 * softpipe; swrast's DRI driver; the old classic swrast). */
static const char * const software_renderers[] = {
  "llvmpipe",
  "softpipe",
  "swrast",
  "software rasterizer",
};

static gboolean
is_software (const char *gl_renderer)
{
  g_autofree char *lower = g_ascii_strdown (gl_renderer, -1);

  for (guint i = 0; i < G_N_ELEMENTS (software_renderers); i++)
    if (strstr (lower, software_renderers[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * lab_renderer_decide:
 * @gsk_renderer: (nullable): GSK_RENDERER as it is in the environment
 * @gl_renderer: (nullable): GL_RENDERER of a GL context on the display,
 *   %NULL when there is no GL
 *
 * The decision alone: a GSK_RENDERER that names something is the user's
 * and is kept; otherwise Cairo when GL is missing or software-rendered,
 * and GTK's own choice when it is in hardware.
 */
LabRendererChoice
lab_renderer_decide (const char *gsk_renderer,
                     const char *gl_renderer)
{
  if (gsk_renderer != NULL && gsk_renderer[0] != '\0')
    return LAB_RENDERER_USER;
  if (gl_renderer == NULL || gl_renderer[0] == '\0' || is_software (gl_renderer))
    return LAB_RENDERER_CAIRO;
  return LAB_RENDERER_GTK;
}

/* GL_RENDERER of a GL context on @display, or NULL (and @error) when GL
 * cannot be used there. Leaves no context current. */
static char *
probe_gl_renderer (GdkDisplay  *display,
                   GError     **error)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  char *result;

  if (!gdk_display_prepare_gl (display, error))
    return NULL;
  context = gdk_display_create_gl_context (display, error);
  if (context == NULL || !gdk_gl_context_realize (context, error))
    return NULL;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  result = g_strdup (name);
  gdk_gl_context_clear_current ();
  if (result == NULL)
    g_set_error_literal (error, GDK_GL_ERROR, GDK_GL_ERROR_NOT_AVAILABLE,
                         "the GL context names no renderer");
  return result;
}

/* LP_NUM_THREADS=0 is set by lab_renderer_before_display(): unset it */
static gboolean lp_num_threads_set;

/**
 * lab_renderer_before_display:
 *
 * Call before the display is opened (gtk_init()): when TaskLab is to
 * choose the renderer (GSK_RENDERER unset), tells llvmpipe to make no
 * rasterizer threads of its own. GDK sets up GL when it opens an X11
 * display (to choose the windows' visual), even when Cairo draws, and
 * llvmpipe starts one thread a core there (llvmpipe-0, -1, ...): idle
 * with Cairo, but in top -H for the whole run. With LP_NUM_THREADS=0 it
 * rasterizes the probe on the calling thread. Hardware drivers do not read
 * it; when GL is in hardware it changes nothing, and when it is software
 * TaskLab draws with Cairo. A GSK_RENDERER or LP_NUM_THREADS the user set
 * is kept. lab_renderer_choose() removes it again (child processes do not
 * inherit it).
 */
void
lab_renderer_before_display (void)
{
  if (lab_renderer_decide (g_getenv ("GSK_RENDERER"), NULL) == LAB_RENDERER_USER ||
      g_getenv ("LP_NUM_THREADS") != NULL)
    return;
  g_setenv ("LP_NUM_THREADS", "0", TRUE);
  lp_num_threads_set = TRUE;
}

/**
 * lab_renderer_choose:
 * @display: the display the windows will open on, before any is realized
 *
 * Sets GSK_RENDERER=cairo when GL on @display is software-rendered or
 * missing, unless the user set GSK_RENDERER. Asks GL only when it can
 * matter (GSK_RENDERER unset). Logs the choice and why at debug level.
 *
 * Returns: (transfer full): one line saying which renderer and why, for
 *   the About window's debugging information
 */
char *
lab_renderer_choose (GdkDisplay *display)
{
  const char *gsk_renderer = g_getenv ("GSK_RENDERER");
  g_autoptr(GError) error = NULL;
  g_autofree char *gl_renderer = NULL;
  gint64 start;
  double probe_ms;
  char *line;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  if (lp_num_threads_set)
    g_unsetenv ("LP_NUM_THREADS");
  lp_num_threads_set = FALSE;

  if (lab_renderer_decide (gsk_renderer, NULL) == LAB_RENDERER_USER)
    {
      line = g_strdup_printf ("Renderer: GSK_RENDERER=%s, set by the user", gsk_renderer);
      g_debug ("%s", line);
      return line;
    }

  start = g_get_monotonic_time ();
  gl_renderer = probe_gl_renderer (display, &error);
  probe_ms = (g_get_monotonic_time () - start) / 1000.0;

  switch (lab_renderer_decide (gsk_renderer, gl_renderer))
    {
    case LAB_RENDERER_CAIRO:
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      if (gl_renderer == NULL)
        line = g_strdup_printf ("Renderer: cairo, chosen by TaskLab: no OpenGL here (%s)",
                                error != NULL ? error->message : "no reason given");
      else
        line = g_strdup_printf ("Renderer: cairo, chosen by TaskLab: OpenGL here is "
                                "software-rendered (%s); GSK_RENDERER overrides this",
                                gl_renderer);
      break;
    case LAB_RENDERER_GTK:
      line = g_strdup_printf ("Renderer: GTK's choice: OpenGL here is in hardware (%s)",
                              gl_renderer);
      break;
    case LAB_RENDERER_USER:
    default:
      g_assert_not_reached ();
    }
  g_debug ("%s (asking GL took %.1f ms)", line, probe_ms);
  return line;
}
