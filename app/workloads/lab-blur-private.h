/* lab-blur-private.h — the blur cut into independent pieces of work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the single-threaded blur (lab-blur.c) and the parallel one
 * (lab-blur-parallel.c), so that both run exactly the same arithmetic on
 * exactly the same pieces and give the same bytes.
 *
 * A blur is two phases. Phase one filters columns: the image is cut into
 * column tiles (whole height, a multiple of %LAB_BLUR_STRIP pixels wide),
 * read from the source, written to a 16-bit intermediate image. Phase two
 * filters rows: row tiles (whole width) read the intermediate and write the
 * result. Every tile of a phase can run at the same time as any other tile
 * of that phase; phase two starts when phase one has finished. A pixel's
 * value depends only on its column or row, never on how the tiles were
 * distributed among threads.
 */
#pragma once

#include "lab-blur.h"

G_BEGIN_DECLS

/* Pixels filtered side by side in one column pass (64 bytes of source). */
#define LAB_BLUR_STRIP 16

/* The recursive filter: Deriche's fourth-order approximation of a Gaussian,
 * as two second-order sections in parallel. Section s, causal:
 *   y[n] = n0 x[n] + n1 x[n-1] - d1 y[n-1] - d2 y[n-2]
 * anticausal:
 *   y[n] = m1 x[n+1] + m2 x[n+2] - d1 y[n+1] - d2 y[n+2]
 * The output is the sum of the four. dc_causal and dc_anticausal are each
 * section's response to a constant 1, its state at an edge extended forever. */
typedef struct
{
  float n0[2], n1[2];
  float m1[2], m2[2];
  float d1[2], d2[2];
  float dc_causal[2], dc_anticausal[2];
} LabBlurCoefficients;

typedef struct
{
  /* immutable after _lab_blur_plan_init() */
  const LabImage      *source;
  LabImage            *result;
  gint16              *intermediate;       /* 4 channels, fixed point */
  gsize                intermediate_size;  /* bytes */
  gsize                intermediate_stride; /* in gint16, one row */
  LabBlurCoefficients  coefficients;
  int                  width;
  int                  height;
  int                  column_tile_width;  /* pixels, a multiple of LAB_BLUR_STRIP */
  int                  row_tile_height;    /* rows, a multiple of 4 */
  guint                n_column_tiles;
  guint                n_row_tiles;
  gsize                scratch_size;       /* bytes one running tile needs */
} LabBlurPlan;

gboolean  _lab_blur_coefficients_init     (LabBlurCoefficients *coefficients,
                                           double               sigma);
gboolean  _lab_blur_plan_init             (LabBlurPlan         *plan,
                                           const LabImage      *source,
                                           double               sigma,
                                           GError             **error);
void      _lab_blur_plan_clear            (LabBlurPlan         *plan);
gpointer  _lab_blur_scratch_new           (const LabBlurPlan   *plan);
void      _lab_blur_scratch_free          (gpointer             scratch);
void      _lab_blur_plan_run_column_tile  (LabBlurPlan         *plan,
                                           guint                tile,
                                           gpointer             scratch);
void      _lab_blur_plan_run_row_tile     (LabBlurPlan         *plan,
                                           guint                tile,
                                           gpointer             scratch);

G_END_DECLS
