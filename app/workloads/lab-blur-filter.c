/* lab-blur-filter.c — the recursive filter: its state and steps, the
 * column pass (phase one), the row pass (phase two), and the functions that
 * run one tile of either phase.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Columns first, the source read in strips of LAB_BLUR_STRIP pixels (a cache
 * line of each row), each pair of pixels run down the strip with its filter
 * state in registers, into an intermediate image of 16-bit fixed point; then
 * rows, four at a time. A recursion is serial, so each loop carries two
 * independent ones that the processor overlaps. On x86-64 the two hot
 * functions are also compiled for x86-64-v3 (AVX2, FMA) and picked at run
 * time.
 */
#define G_LOG_DOMAIN "Lab"

#include <string.h>

#include "lab-blur-private.h"
#include "lab-blur-vector-private.h"

/* (ThreadSanitizer instruments the ifunc resolver that picks a clone, which
 * then runs before its runtime is ready: no clones there.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11 && \
    !defined(__SANITIZE_THREAD__)
# define LAB_BLUR_HOT __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
# define LAB_BLUR_HOT
#endif

/* The coefficients as vectors, loaded once per tile. */
typedef struct
{
  v8f n0a, n1a, m1a, m2a, d1a, d2a, dca, daa;
  v8f n0b, n1b, m1b, m2b, d1b, d2b, dcb, dab;
} Coeffs;

LAB_BLUR_INLINE void
coeffs_load (Coeffs                    *k,
             const LabBlurCoefficients *c)
{
  k->n0a = splat (c->n0[0]); k->n0b = splat (c->n0[1]);
  k->n1a = splat (c->n1[0]); k->n1b = splat (c->n1[1]);
  k->m1a = splat (c->m1[0]); k->m1b = splat (c->m1[1]);
  k->m2a = splat (c->m2[0]); k->m2b = splat (c->m2[1]);
  k->d1a = splat (c->d1[0]); k->d1b = splat (c->d1[1]);
  k->d2a = splat (c->d2[0]); k->d2b = splat (c->d2[1]);
  k->dca = splat (c->dc_causal[0]); k->dcb = splat (c->dc_causal[1]);
  k->daa = splat (c->dc_anticausal[0]); k->dab = splat (c->dc_anticausal[1]);
}

/* The state of both sections along one line (8 lanes). */
typedef struct
{
  v8f x1, x2;   /* causal: x[n-1]; anticausal: x[n+1], x[n+2] */
  v8f ya1, ya2; /* section a: y[n∓1], y[n∓2] */
  v8f yb1, yb2; /* section b */
} State;

LAB_BLUR_INLINE void
causal_start (State        *s,
              const Coeffs *k,
              v8f           edge)
{
  s->x1 = s->x2 = edge;
  s->ya1 = s->ya2 = k->dca * edge;
  s->yb1 = s->yb2 = k->dcb * edge;
}

LAB_BLUR_INLINE v8f
causal_step (State        *s,
             const Coeffs *k,
             v8f           x)
{
  v8f ya = k->n0a * x + k->n1a * s->x1 - k->d2a * s->ya2 - k->d1a * s->ya1;
  v8f yb = k->n0b * x + k->n1b * s->x1 - k->d2b * s->yb2 - k->d1b * s->yb1;

  s->x1 = x;
  s->ya2 = s->ya1;
  s->ya1 = ya;
  s->yb2 = s->yb1;
  s->yb1 = yb;
  return ya + yb;
}

LAB_BLUR_INLINE void
anticausal_start (State        *s,
                  const Coeffs *k,
                  v8f           edge)
{
  s->x1 = s->x2 = edge;
  s->ya1 = s->ya2 = k->daa * edge;
  s->yb1 = s->yb2 = k->dab * edge;
}

/* Returns y[n] from x[n+1], x[n+2]; then takes x[n] for the next step. */
LAB_BLUR_INLINE v8f
anticausal_step (State        *s,
                 const Coeffs *k,
                 v8f           x)
{
  v8f ya = k->m1a * s->x1 + k->m2a * s->x2 - k->d2a * s->ya2 - k->d1a * s->ya1;
  v8f yb = k->m1b * s->x1 + k->m2b * s->x2 - k->d2b * s->yb2 - k->d1b * s->yb1;

  s->x2 = s->x1;
  s->x1 = x;
  s->ya2 = s->ya1;
  s->ya1 = ya;
  s->yb2 = s->yb1;
  s->yb1 = yb;
  return ya + yb;
}

/* ---------------------------------------------------------------------- */
/* Phase one: columns                                                      */

/* Stores the first @pixels (0 to 2) pixels of @v as fixed point. */
LAB_BLUR_INLINE void
float_to_fixed_n (gint16 *p,
                  v8f     v,
                  int     pixels)
{
  gint16 both[8];

  if (pixels >= 2)
    {
      float_to_fixed (p, v);
      return;
    }
  float_to_fixed (both, v);
  memcpy (p, both, (gsize) MAX (pixels, 0) * 4 * sizeof (gint16));
}

/* Filters columns x0 .. x0 + width - 1 (width <= LAB_BLUR_STRIP) of the
 * source into the intermediate image: top to bottom (causal) into @causal,
 * then bottom to top (anticausal) adding the causal part.
 *
 * Each vector column (two pixels) runs down the whole strip with its state
 * in registers, two columns side by side so that the two recursions overlap;
 * rows of the strip are first copied to @copy, contiguous and padded on the
 * right with the last pixel. @copy is height × LAB_BLUR_STRIP pixels,
 * @causal height × LAB_BLUR_STRIP × 4 values, vector column by vector
 * column. */
LAB_BLUR_HOT static void
blur_strip (const LabBlurPlan *plan,
            int                x0,
            int                width,
            guint8            *copy,
            gint16            *causal)
{
  const LabImage *source = plan->source;
  const int height = plan->height;
  const gsize row_bytes = LAB_BLUR_STRIP * 4;
  const int vectors = (width + 1) / 2;
  Coeffs k;

  coeffs_load (&k, &plan->coefficients);

  for (int y = 0; y < height; y++)
    {
      const guint8 *in = source->pixels + (gsize) y * source->stride + (gsize) x0 * 4;
      guint8 *line = copy + (gsize) y * row_bytes;

      memcpy (line, in, (gsize) width * 4);
      for (int i = width; i < LAB_BLUR_STRIP; i++)
        memcpy (line + i * 4, in + (width - 1) * 4, 4);
    }

  /* causal, top to bottom */
  for (int j = 0; j < vectors; j += 2)
    {
      const guint8 *column = copy + j * 8;
      gint16 *out_a = causal + (gsize) j * height * 8;
      gint16 *out_b = out_a + (gsize) height * 8;
      State a, b;

      causal_start (&a, &k, load_premultiplied (column));
      causal_start (&b, &k, load_premultiplied (column + 8));
      for (int y = 0; y < height; y++)
        {
          const guint8 *in = column + (gsize) y * row_bytes;

          float_to_fixed (out_a + (gsize) y * 8, causal_step (&a, &k, load_premultiplied (in)));
          float_to_fixed (out_b + (gsize) y * 8, causal_step (&b, &k, load_premultiplied (in + 8)));
        }
    }

  /* anticausal, bottom to top, plus the causal part, to the intermediate image */
  for (int j = 0; j < vectors; j += 2)
    {
      const guint8 *column = copy + j * 8;
      const gint16 *in_a = causal + (gsize) j * height * 8;
      const gint16 *in_b = in_a + (gsize) height * 8;
      gint16 *out = plan->intermediate + (gsize) (x0 + 2 * j) * 4;
      const gsize last_row = (gsize) (height - 1) * row_bytes;
      State a, b;

      anticausal_start (&a, &k, load_premultiplied (column + last_row));
      anticausal_start (&b, &k, load_premultiplied (column + last_row + 8));
      for (int y = height - 1; y >= 0; y--)
        {
          const guint8 *in = column + (gsize) y * row_bytes;
          gint16 *row = out + (gsize) y * plan->intermediate_stride;
          v8f sum_a = load_fixed (in_a + (gsize) y * 8) +
                      anticausal_step (&a, &k, load_premultiplied (in));
          v8f sum_b = load_fixed (in_b + (gsize) y * 8) +
                      anticausal_step (&b, &k, load_premultiplied (in + 8));

          float_to_fixed_n (row, sum_a, width - 2 * j);
          float_to_fixed_n (row + 8, sum_b, width - 2 * j - 2);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Phase two: rows                                                         */

/* Filters rows @y[0..3] of the intermediate image into the result: rows 0
 * and 1 in the halves of one vector, rows 2 and 3 in another, so that two
 * recursions overlap. Rows may repeat (the last rows of an image). @causal
 * holds two vectors per column. */
LAB_BLUR_HOT static void
blur_rows4 (const LabBlurPlan *plan,
            const int         *y,
            v8f               *causal)
{
  const gint16 *in[4];
  guint8 *out[4];
  const int width = plan->width;
  State a, b;
  Coeffs k;

  for (int i = 0; i < 4; i++)
    {
      in[i] = plan->intermediate + (gsize) y[i] * plan->intermediate_stride;
      out[i] = plan->result->pixels + (gsize) y[i] * plan->result->stride;
    }
  coeffs_load (&k, &plan->coefficients);

  causal_start (&a, &k, fixed_to_float (in[0], in[1]));
  causal_start (&b, &k, fixed_to_float (in[2], in[3]));
  for (int x = 0; x < width; x++)
    {
      causal[2 * x] = causal_step (&a, &k, fixed_to_float (in[0] + x * 4, in[1] + x * 4));
      causal[2 * x + 1] = causal_step (&b, &k, fixed_to_float (in[2] + x * 4, in[3] + x * 4));
    }

  anticausal_start (&a, &k, fixed_to_float (in[0] + (width - 1) * 4, in[1] + (width - 1) * 4));
  anticausal_start (&b, &k, fixed_to_float (in[2] + (width - 1) * 4, in[3] + (width - 1) * 4));
  for (int x = width - 1; x >= 0; x--)
    {
      v8f sum_a = causal[2 * x] + anticausal_step (&a, &k, fixed_to_float (in[0] + x * 4,
                                                                           in[1] + x * 4));
      v8f sum_b = causal[2 * x + 1] + anticausal_step (&b, &k, fixed_to_float (in[2] + x * 4,
                                                                               in[3] + x * 4));

      store_unpremultiplied2 (out[0] + x * 4, out[1] + x * 4, sum_a);
      store_unpremultiplied2 (out[2] + x * 4, out[3] + x * 4, sum_b);
    }
}

/* ---------------------------------------------------------------------- */
/* Tiles                                                                   */

void
_lab_blur_plan_run_column_tile (LabBlurPlan *plan,
                                guint        tile,
                                gpointer     scratch)
{
  int x0 = (int) tile * plan->column_tile_width;
  int x1 = MIN (plan->width, x0 + plan->column_tile_width);

  g_assert (tile < plan->n_column_tiles);

  guint8 *copy = scratch;
  gint16 *causal = (gint16 *) (copy + (gsize) plan->height * LAB_BLUR_STRIP * 4);

  for (int x = x0; x < x1; x += LAB_BLUR_STRIP)
    blur_strip (plan, x, MIN (LAB_BLUR_STRIP, x1 - x), copy, causal);
}

void
_lab_blur_plan_run_row_tile (LabBlurPlan *plan,
                             guint        tile,
                             gpointer     scratch)
{
  int y0 = (int) tile * plan->row_tile_height;
  int y1 = MIN (plan->height, y0 + plan->row_tile_height);

  g_assert (tile < plan->n_row_tiles);

  for (int y = y0; y < y1; y += 4)
    {
      int rows[4] = { y, MIN (y + 1, y1 - 1), MIN (y + 2, y1 - 1), MIN (y + 3, y1 - 1) };

      blur_rows4 (plan, rows, scratch);
    }
}
