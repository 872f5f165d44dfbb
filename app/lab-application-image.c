/* lab-application-image.c — the picture the scenarios blur: loaded,
 * prepared and timed off the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An image (the bundled one at start-up, one opened with Ctrl+O, dropped,
 * set in the preferences or given with --image) is decoded on a pool
 * worker, as every long job here is, and handed back to the UI thread by a
 * continuation on the UI scheduler. On the worker it is also prepared:
 *
 *  - the working copy the demos blur, at most WORK_PIXELS (a 24-megapixel
 *    photo would make one pass take seconds and the freeze far longer than
 *    asked; --blur still blurs the full image);
 *  - the preview the window shows, at most PREVIEW_SIDE pixels a side (the
 *    screen never needs more, and a huge texture costs every frame);
 *  - the blur's speed on this machine, for that working copy: the median
 *    of CALIBRATION_ROUNDS timings, so one slow moment does not skew it.
 *
 * The bundled image is timed a moment after the first frame, away from the
 * start-up's own work. A new freeze length needs no new timing: passes are
 * speed × length.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-application-private.h"
#include "lab-blur.h"
#include "lab-display-name.h"
#include "lab-image-scale.h"

#define WORK_PIXELS        (2 * 1024 * 1024)
#define PREVIEW_SIDE       1024
#define CALIBRATION_ROUNDS 3
#define CALIBRATION_MS     400.0
#define SETTLE_MS          400     /* after the first frame, before timing the blur */

typedef struct
{
  char     *path;          /* NULL: the bundled image */
  LabImage *work;
  LabImage *preview;
  double    passes_per_s;  /* 0: not timed yet */
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  g_free (prepared->path);
  g_clear_pointer (&prepared->work, lab_image_unref);
  g_clear_pointer (&prepared->preview, lab_image_unref);
  g_free (prepared);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Blur passes a second over @image: the median of a few timings. */
static double
time_blur (LabImage *image)
{
  double rates[CALIBRATION_ROUNDS];

  for (guint i = 0; i < CALIBRATION_ROUNDS; i++)
    rates[i] = lab_blur_calibrate_passes (image, LAB_BLUR_SIGMA, CALIBRATION_MS) * 1000.0 /
               CALIBRATION_MS;
  qsort (rates, CALIBRATION_ROUNDS, sizeof (double), compare_doubles);
  return rates[CALIBRATION_ROUNDS / 2];
}

/* On a worker: decode (the file, or the bundled JPEG) and prepare. */
static gpointer
prepare (gpointer   data,
         GError   **error)
{
  const char *path = data;
  g_autoptr(LabImage) full = NULL;
  Prepared *prepared;

  if (path != NULL)
    full = lab_image_load_file (path, error);
  else
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/tasklab/TaskLab/images/sample.jpg",
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);

      full = bytes != NULL ? lab_image_load_bytes (bytes, error) : NULL;
    }
  if (full == NULL)
    return NULL;

  prepared = g_new0 (Prepared, 1);
  prepared->path = g_strdup (path);
  prepared->work = lab_image_scale_down (full, 0, WORK_PIXELS);
  prepared->preview = lab_image_scale_down (prepared->work, PREVIEW_SIDE, 0);
  /* the bundled image is timed later, after start-up (see the top) */
  if (path != NULL)
    prepared->passes_per_s = time_blur (prepared->work);
  return prepared;
}

static GdkTexture *
texture_for_image (LabImage *image)
{
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (image->pixels,
                                                        image->stride * (gsize) image->height,
                                                        (GDestroyNotify) lab_image_unref,
                                                        lab_image_ref (image));

  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8,
                                 bytes, image->stride);
}

/* A texture of @image no larger than the screen needs. */
GdkTexture *
_lab_application_texture_for (LabImage *image)
{
  g_autoptr(LabImage) preview = lab_image_scale_down (image, PREVIEW_SIDE, 0);

  return texture_for_image (preview);
}

static void
scale_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      image,
                 GCancellable *cancellable)
{
  g_task_return_pointer (task, lab_image_scale_down (image, PREVIEW_SIDE, 0),
                         (GDestroyNotify) lab_image_unref);
}

static void
on_result_scaled (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  LabApplication *self = LAB_APPLICATION (source);
  g_autoptr(LabRunMonitor) monitor = data;
  g_autoptr(LabImage) preview = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GdkTexture) texture = NULL;

  if (preview == NULL || self->window == NULL)
    return;
  texture = texture_for_image (preview);
  lab_window_set_result_image (self->window, monitor, texture);
}

/**
 * _lab_application_show_result:
 * @monitor: the finished run that made @image
 *
 * Shows @image with @monitor's run, scaled to the preview's size off the UI
 * thread: scaling the 2-megapixel working copy takes the UI thread 35 to
 * 70 ms, a stall right after the run (and right before the next one's
 * baseline). The scaling runs in GLib's own thread pool, not TaskLab's,
 * whose threads and trace the next scenario measures.
 */
void
_lab_application_show_result (LabApplication *self,
                              LabRunMonitor  *monitor,
                              LabImage       *image)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_result_scaled, g_object_ref (monitor));

  g_task_set_task_data (task, lab_image_ref (image), (GDestroyNotify) lab_image_unref);
  g_task_run_in_thread (task, scale_in_thread);
}

/* ---- timing the blur ------------------------------------------------------ */

static gpointer
time_on_worker (gpointer   data,
                GError   **error)
{
  double *rate = g_new (double, 1);

  *rate = time_blur (data);
  return rate;
}

static gpointer
on_timed (PoolTask  *task,
          gpointer   data,
          GError   **error)
{
  LabApplication *self = LAB_APPLICATION (data);
  double *rate = pool_task_get_result (task, NULL);
  LabImage *timed = g_object_get_data (G_OBJECT (self), "lab-timing-image");

  /* a newer image may have replaced the one timed */
  if (rate != NULL && timed == self->image)
    {
      self->passes_per_s = *rate;
      self->passes = 0;
      _lab_application_start_pending (self);
    }
  g_object_set_data (G_OBJECT (self), "lab-timing-image", NULL);
  return NULL;
}

static gboolean
time_bundled (gpointer data)
{
  LabApplication *self = LAB_APPLICATION (data);
  g_autoptr(PoolTask) timing = NULL;

  if (self->image == NULL || self->passes_per_s > 0)
    return G_SOURCE_REMOVE;
  g_object_set_data_full (G_OBJECT (self), "lab-timing-image", lab_image_ref (self->image),
                          (GDestroyNotify) lab_image_unref);
  timing = pool_task_run (time_on_worker, lab_image_ref (self->image), (GDestroyNotify) lab_image_unref);
  pool_task_set_result_destroy (timing, g_free);
  pool_task_unref (pool_task_continue_with (timing, on_timed, g_object_ref (self), g_object_unref,
                                            self->ui_scheduler));
  return G_SOURCE_REMOVE;
}

/* ---- using an image --------------------------------------------------------- */

static void load (LabApplication *self,
                  const char     *path,
                  gboolean        from_command_line,
                  gboolean        else_bundled);

static void
use (LabApplication *self,
     Prepared       *prepared)
{
  g_autoptr(GdkTexture) texture = texture_for_image (prepared->preview);

  g_clear_pointer (&self->image, lab_image_unref);
  self->image = lab_image_ref (prepared->work);
  self->passes = 0;
  self->passes_per_s = prepared->passes_per_s;
  if (self->window != NULL)
    lab_window_set_source_image (self->window, texture);
}

typedef struct
{
  LabApplication *self;
  gboolean        from_command_line;
  gboolean        else_bundled;      /* the preference's image: if it has gone, the bundled one */
} Loading;

static void
loading_free (Loading *loading)
{
  g_object_unref (loading->self);
  g_free (loading);
}

/* Back on the UI thread with the image prepared, or why not. */
static gpointer
on_prepared (PoolTask  *task,
             gpointer   data,
             GError   **error)
{
  Loading *loading = data;
  LabApplication *self = loading->self;
  g_autoptr(GError) load_error = NULL;
  Prepared *prepared = pool_task_get_result (task, &load_error);

  if (prepared == NULL)
    {
      g_autofree char *message = NULL;

      if (!pool_task_is_faulted (task) && load_error == NULL)
        return NULL;
      message = self->image != NULL
                ? g_strdup_printf (_("%s. The previous image is still loaded."), load_error->message)
                : g_strdup_printf ("%s.", load_error->message);
      _lab_application_report_error (self, message);
      if (loading->from_command_line)
        _lab_application_input_failed (self, load_error->message);
      else if (loading->else_bundled)
        load (self, NULL, FALSE, FALSE);
      return NULL;
    }
  if (prepared->path == NULL)
    self->bundled = lab_image_ref (prepared->work);
  use (self, prepared);
  if (prepared->path != NULL && !loading->from_command_line)
    lab_settings_set_image_path (self->settings, prepared->path);
  if (self->passes_per_s == 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, SETTLE_MS, time_bundled, g_object_ref (self),
                        g_object_unref);
  else
    _lab_application_start_pending (self);
  return NULL;
}

/* Loads @path (NULL: the bundled image) on a worker; the UI thread gets it back. */
static void
load (LabApplication *self,
      const char     *path,
      gboolean        from_command_line,
      gboolean        else_bundled)
{
  g_autoptr(PoolTask) task = pool_task_run (prepare, g_strdup (path), g_free);
  Loading *loading = g_new0 (Loading, 1);

  loading->self = g_object_ref (self);
  loading->from_command_line = from_command_line;
  loading->else_bundled = else_bundled;
  pool_task_set_result_destroy (task, (GDestroyNotify) prepared_free);
  pool_task_unref (pool_task_continue_with (task, on_prepared, loading,
                                            (GDestroyNotify) loading_free, self->ui_scheduler));
}

/* At start-up: --image, else the preference, else the bundled image. */
void
_lab_application_load_first_image (LabApplication *self)
{
  if (self->image_path != NULL)
    load (self, self->image_path, TRUE, FALSE);
  else if (lab_settings_get_image_path (self->settings) != NULL)
    load (self, lab_settings_get_image_path (self->settings), FALSE, TRUE);
  else
    load (self, NULL, FALSE, FALSE);
}

/* Ctrl+O, a drop, the preferences: the next runs blur this one. */
void
_lab_application_open_image_file (LabApplication *self,
                                  const char     *path)
{
  load (self, path, FALSE, FALSE);
}

/* Back to the picture that comes with TaskLab (the preferences' Bundled). */
void
_lab_application_use_bundled_image (LabApplication *self)
{
  lab_settings_set_image_path (self->settings, NULL);
  load (self, NULL, FALSE, FALSE);
}
