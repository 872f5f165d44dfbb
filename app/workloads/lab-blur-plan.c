/* lab-blur-plan.c — cutting a blur into tiles, and its buffers: the
 * intermediate image, the result, and each running tile's scratch memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-blur-private.h"
#include "lab-blur-vector-private.h"
#include "lab-image-private.h"

/* About this many pixels per tile: large enough that a tile costs far more
 * than starting a task, small enough for a dozen tiles per thread. */
#define TILE_PIXELS (256 * 1024)
#define MIN_TILES   16

gboolean
_lab_blur_plan_init (LabBlurPlan     *plan,
                     const LabImage  *source,
                     double           sigma,
                     GError         **error)
{
  gsize pixels = (gsize) source->width * source->height;
  gsize tile_pixels = CLAMP (pixels / MIN_TILES, 1, TILE_PIXELS);
  int strips;

  memset (plan, 0, sizeof *plan);
  plan->source = source;
  plan->width = source->width;
  plan->height = source->height;
  _lab_blur_coefficients_init (&plan->coefficients, sigma);

  strips = (int) CLAMP (tile_pixels / ((gsize) plan->height * LAB_BLUR_STRIP), 1,
                        (gsize) (plan->width + LAB_BLUR_STRIP - 1) / LAB_BLUR_STRIP);
  plan->column_tile_width = strips * LAB_BLUR_STRIP;
  plan->n_column_tiles = (plan->width + plan->column_tile_width - 1) / plan->column_tile_width;
  plan->row_tile_height = (int) CLAMP (tile_pixels / (gsize) plan->width, 1,
                                       (gsize) plan->height + 1);
  plan->row_tile_height = (plan->row_tile_height + 3) / 4 * 4;
  plan->n_row_tiles = (plan->height + plan->row_tile_height - 1) / plan->row_tile_height;
  plan->scratch_size = MAX ((gsize) plan->height * LAB_BLUR_STRIP * 4 * (1 + sizeof (gint16)),
                            (gsize) plan->width * 2 * sizeof (v8f));

  plan->intermediate_stride = (gsize) plan->width * 4;
  plan->intermediate_size = plan->intermediate_stride * plan->height * sizeof (gint16);
  plan->intermediate = _lab_image_try_alloc (plan->intermediate_size);
  plan->result = lab_image_try_new (plan->width, plan->height, error);
  if (plan->intermediate == NULL || plan->result == NULL)
    {
      if (plan->result != NULL)
        g_set_error (error, LAB_IMAGE_ERROR, LAB_IMAGE_ERROR_TOO_LARGE,
                     "Not enough memory to blur a %d×%d image (%" G_GSIZE_FORMAT " MB needed)",
                     plan->width, plan->height, plan->intermediate_size >> 20);
      _lab_blur_plan_clear (plan);
      return FALSE;
    }
  return TRUE;
}

void
_lab_blur_plan_clear (LabBlurPlan *plan)
{
  g_free (plan->intermediate);
  plan->intermediate = NULL;
  g_clear_pointer (&plan->result, lab_image_unref);
}

gpointer
_lab_blur_scratch_new (const LabBlurPlan *plan)
{
  return g_aligned_alloc (1, plan->scratch_size, 64);
}

void
_lab_blur_scratch_free (gpointer scratch)
{
  g_aligned_free (scratch);
}
