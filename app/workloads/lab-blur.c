/* lab-blur.c — a Gaussian blur on RGBA8 whose cost does not grow with sigma.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a recursive filter: a direct convolution costs ~6 sigma operations per
 * pixel, and box-blur cascades, though O(1), are too coarse (about 50 dB at
 * sigma 2). Deriche's fourth-order recursive filter (R. Deriche, "Recursively
 * implementing the Gaussian and its derivatives", INRIA RR-1893, 1993; see
 * also P. Getreuer, "A Survey of Gaussian Convolution Algorithms", IPOL 2013)
 * costs the same at any sigma and stays above 60 dB PSNR against the exact
 * kernel. It runs as two second-order sections in parallel, each once forward
 * (causal) and once backward (anticausal), in single precision; the parallel
 * form keeps the poles accurate up to LAB_BLUR_MAX_SIGMA.
 *
 * Edges: the image is extended by repeating its edge pixels forever. For a
 * recursive filter that is exact and free: each section starts in the state
 * it would have reached after an infinite run of the edge value.
 *
 * Alpha: colour is premultiplied by alpha while blurring and divided out at
 * the end, so a transparent pixel (whose colour is meaningless, often black)
 * contributes nothing to its neighbours' colour and leaves no dark halo. A
 * pixel whose blurred alpha rounds to 0 comes out transparent black.
 *
 * Memory and speed: columns first, the source read in strips of
 * LAB_BLUR_STRIP pixels (a cache line of each row), each pair of pixels run
 * down the strip with its filter state in registers, into an intermediate
 * image of 16-bit fixed point (6 fractional bits, far below 8-bit rounding);
 * then rows, four at a time. A recursion is serial, so each loop carries two
 * independent ones that the processor overlaps. Arithmetic is on 8 floats
 * (two RGBA pixels) with GCC vector extensions; on x86-64 the two hot
 * functions are also compiled for x86-64-v3 (AVX2, FMA) and picked at run
 * time. Results never depend on how tiles are spread over threads: see
 * lab-blur-private.h.
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>
#include <string.h>

#include <pool.h>

#include "lab-blur-private.h"
#include "lab-image-private.h"

/* ---------------------------------------------------------------------- */
/* Vectors                                                                 */

/* Arithmetic on 8 floats (two RGBA pixels) with GCC vector extensions: one
 * AVX register in the x86-64-v3 clone, two SSE registers otherwise. The
 * conversions to and from integers use SSE2 on x86 (baseline there, and
 * saturating, which doubles as clamping); GCC's generic narrowing
 * conversions come out as scalar code. */
typedef float   v4f   __attribute__ ((vector_size (16)));
typedef float   v8f   __attribute__ ((vector_size (32)));
typedef gint32  v8i   __attribute__ ((vector_size (32)));

#if defined(__SSE2__)
# include <emmintrin.h>
#else
typedef gint16  v8i16 __attribute__ ((vector_size (16)));
typedef guint8  v8u8  __attribute__ ((vector_size (8)));
#endif

/* (ThreadSanitizer instruments the ifunc resolver that picks a clone, which
 * then runs before its runtime is ready: no clones there.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11 && \
    !defined(__SANITIZE_THREAD__)
# define LAB_BLUR_HOT __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
# define LAB_BLUR_HOT
#endif

/* The vectors never cross a call: every helper is inlined. */
#if defined(__clang__)
# pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
# pragma GCC diagnostic ignored "-Wpsabi"
#endif

#define INLINE static inline __attribute__ ((always_inline))

/* Fixed point of the intermediate image: v is stored as round (v * 64) in
 * 16 signed bits, so values in [-512, 512) with a step of 1/64 of an 8-bit
 * level; the blur of values in [0, 255] stays well inside. */
#define FIXED_SCALE 64.0f

INLINE v8f
splat (float f)
{
  return (v8f) { f, f, f, f, f, f, f, f };
}

#if defined(__SSE2__)
INLINE v8f
join (__m128 low,
      __m128 high)
{
  return __builtin_shufflevector ((v4f) low, (v4f) high, 0, 1, 2, 3, 4, 5, 6, 7);
}

INLINE __m128
low_half (v8f v)
{
  return (__m128) __builtin_shufflevector (v, v, 0, 1, 2, 3);
}

INLINE __m128
high_half (v8f v)
{
  return (__m128) __builtin_shufflevector (v, v, 4, 5, 6, 7);
}

/* 8 bytes to 8 floats */
INLINE v8f
bytes_to_float (const guint8 *p)
{
  __m128i zero = _mm_setzero_si128 ();
  __m128i words = _mm_unpacklo_epi8 (_mm_loadl_epi64 ((const __m128i *) p), zero);

  return join (_mm_cvtepi32_ps (_mm_unpacklo_epi16 (words, zero)),
               _mm_cvtepi32_ps (_mm_unpackhi_epi16 (words, zero)));
}

/* 4 + 4 signed 16-bit values to 8 floats */
INLINE v8f
fixed_to_float (const gint16 *a,
                const gint16 *b)
{
  __m128i words = _mm_unpacklo_epi64 (_mm_loadl_epi64 ((const __m128i *) a),
                                      _mm_loadl_epi64 ((const __m128i *) b));

  return join (_mm_cvtepi32_ps (_mm_srai_epi32 (_mm_unpacklo_epi16 (words, words), 16)),
               _mm_cvtepi32_ps (_mm_srai_epi32 (_mm_unpackhi_epi16 (words, words), 16)))
         * splat (1.0f / FIXED_SCALE);
}

/* rounded to nearest, saturated to 16 bits */
INLINE void
float_to_fixed (gint16 *p,
                v8f     v)
{
  v8f scaled = v * splat (FIXED_SCALE);

  _mm_storeu_si128 ((__m128i *) p, _mm_packs_epi32 (_mm_cvtps_epi32 (low_half (scaled)),
                                                    _mm_cvtps_epi32 (high_half (scaled))));
}

/* rounded to nearest, saturated to [0, 255]; the first pixel to @a, the
 * second to @b */
INLINE void
float_to_bytes2 (guint8 *a,
                 guint8 *b,
                 v8f     v)
{
  __m128i words = _mm_packs_epi32 (_mm_cvtps_epi32 (low_half (v)), _mm_cvtps_epi32 (high_half (v)));
  __m128i bytes = _mm_packus_epi16 (words, words);
  gint32 first = _mm_cvtsi128_si32 (bytes);
  gint32 second = _mm_cvtsi128_si32 (_mm_srli_si128 (bytes, 4));

  memcpy (a, &first, 4);
  memcpy (b, &second, 4);
}
#else
/* the same, portably */
INLINE v8f
bytes_to_float (const guint8 *p)
{
  v8u8 bytes;

  memcpy (&bytes, p, sizeof bytes);
  return __builtin_convertvector (bytes, v8f);
}

INLINE v8f
fixed_to_float (const gint16 *a,
                const gint16 *b)
{
  v8i16 words;

  memcpy (&words, a, 8);
  memcpy ((guint8 *) &words + 8, b, 8);
  return __builtin_convertvector (words, v8f) * splat (1.0f / FIXED_SCALE);
}

INLINE void
float_to_fixed (gint16 *p,
                v8f     v)
{
  gint16 words[8];

  for (int i = 0; i < 8; i++)
    words[i] = (gint16) CLAMP (lrintf (v[i] * FIXED_SCALE), G_MININT16, G_MAXINT16);
  memcpy (p, words, sizeof words);
}

INLINE void
float_to_bytes2 (guint8 *a,
                 guint8 *b,
                 v8f     v)
{
  guint8 bytes[8];

  for (int i = 0; i < 8; i++)
    bytes[i] = (guint8) CLAMP (lrintf (v[i]), 0, 255);
  memcpy (a, bytes, 4);
  memcpy (b, bytes + 4, 4);
}
#endif

/* Two RGBA8 pixels, premultiplied: (r a/255, g a/255, b a/255, a). */
INLINE v8f
load_premultiplied (const guint8 *p)
{
  v8f x = bytes_to_float (p);
  v8f factor = x * splat (1.0f / 255.0f);

  factor = __builtin_shufflevector (factor, splat (1.0f), 3, 3, 3, 8, 7, 7, 7, 8);
  return x * factor;
}

INLINE v8f
load_fixed (const gint16 *p)
{
  return fixed_to_float (p, p + 4);
}

/* Back to straight alpha and 8 bits; the first pixel to @a, the second to
 * @b. A pixel whose alpha rounds to 0 is transparent black. */
INLINE void
store_unpremultiplied2 (guint8 *a,
                        guint8 *b,
                        v8f     v)
{
  v8f alpha = __builtin_shufflevector (v, v, 3, 3, 3, 3, 7, 7, 7, 7);
  v8i visible = alpha > splat (0.5f);
  v8f safe_alpha = (v8f) (((v8i) alpha & visible) | ((v8i) splat (1.0f) & ~visible));
  v8f colour = v * (splat (255.0f) / safe_alpha);
  v8f out = __builtin_shufflevector (colour, v, 0, 1, 2, 11, 4, 5, 6, 15);

  float_to_bytes2 (a, b, (v8f) ((v8i) out & visible));
}

/* ---------------------------------------------------------------------- */
/* The filter                                                              */

/**
 * _lab_blur_coefficients_init:
 *
 * Deriche's fourth-order fit of a unit-area Gaussian: for t >= 0,
 * h(t) = sum over two sections of (a cos (w t/σ) + b sin (w t/σ)) exp (-l t/σ),
 * and h(-t) = h(t). Sampled and normalised so that the whole kernel (causal
 * part from 0, anticausal part from 1) sums to 1.
 */
gboolean
_lab_blur_coefficients_init (LabBlurCoefficients *coefficients,
                             double               sigma)
{
  static const double a[2] = { 1.680, -0.6803 };
  static const double b[2] = { 3.735, -0.2598 };
  static const double l[2] = { 1.783, 1.723 };
  static const double w[2] = { 0.6318, 1.997 };
  double n0[2], n1[2], d1[2], d2[2], total = 0;

  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, FALSE);

  for (int s = 0; s < 2; s++)
    {
      double r = exp (-l[s] / sigma);
      double theta = w[s] / sigma;

      /* h_s(n) = Re[(a - ib) ρ^n], ρ = r e^{iθ}: numerator a + n1 z^-1 over
       * 1 + d1 z^-1 + d2 z^-2 */
      n0[s] = a[s];
      n1[s] = r * (b[s] * sin (theta) - a[s] * cos (theta));
      d1[s] = -2.0 * r * cos (theta);
      d2[s] = r * r;
      /* causal sum (n >= 0) twice, minus the centre counted twice */
      total += 2.0 * (n0[s] + n1[s]) / (1.0 + d1[s] + d2[s]) - n0[s];
    }

  for (int s = 0; s < 2; s++)
    {
      double dn0 = n0[s] / total;
      double dn1 = n1[s] / total;
      double dm1 = dn1 - dn0 * d1[s];
      double dm2 = -dn0 * d2[s];
      double dc = 1.0 + d1[s] + d2[s];

      coefficients->n0[s] = (float) dn0;
      coefficients->n1[s] = (float) dn1;
      coefficients->m1[s] = (float) dm1;
      coefficients->m2[s] = (float) dm2;
      coefficients->d1[s] = (float) d1[s];
      coefficients->d2[s] = (float) d2[s];
      coefficients->dc_causal[s] = (float) ((dn0 + dn1) / dc);
      coefficients->dc_anticausal[s] = (float) ((dm1 + dm2) / dc);
    }
  return TRUE;
}

/* The coefficients as vectors, loaded once per tile. */
typedef struct
{
  v8f n0a, n1a, m1a, m2a, d1a, d2a, dca, daa;
  v8f n0b, n1b, m1b, m2b, d1b, d2b, dcb, dab;
} Coeffs;

INLINE void
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

INLINE void
causal_start (State        *s,
              const Coeffs *k,
              v8f           edge)
{
  s->x1 = s->x2 = edge;
  s->ya1 = s->ya2 = k->dca * edge;
  s->yb1 = s->yb2 = k->dcb * edge;
}

INLINE v8f
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

INLINE void
anticausal_start (State        *s,
                  const Coeffs *k,
                  v8f           edge)
{
  s->x1 = s->x2 = edge;
  s->ya1 = s->ya2 = k->daa * edge;
  s->yb1 = s->yb2 = k->dab * edge;
}

/* Returns y[n] from x[n+1], x[n+2]; then takes x[n] for the next step. */
INLINE v8f
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

#define STRIP_VECTORS (LAB_BLUR_STRIP / 2)

/* Stores the first @pixels (0 to 2) pixels of @v as fixed point. */
INLINE void
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
          v8f sum_a = load_fixed (in_a + (gsize) y * 8) + anticausal_step (&a, &k, load_premultiplied (in));
          v8f sum_b = load_fixed (in_b + (gsize) y * 8) + anticausal_step (&b, &k, load_premultiplied (in + 8));

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
/* Plans and tiles                                                         */

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

/* ---------------------------------------------------------------------- */
/* On the calling thread                                                   */

/* Both phases, every tile, on this thread. */
static void
plan_run (LabBlurPlan *plan,
          gpointer     scratch)
{
  for (guint tile = 0; tile < plan->n_column_tiles; tile++)
    _lab_blur_plan_run_column_tile (plan, tile, scratch);
  for (guint tile = 0; tile < plan->n_row_tiles; tile++)
    _lab_blur_plan_run_row_tile (plan, tile, scratch);
}

/* @passes blurs in a row, each of the previous result; the buffers are
 * allocated once and reused (two images in turn), so that every pass after
 * the first costs the same: no page faults, which matters to a scenario
 * whose freeze must last a set time. @pass_ms, if given, receives the time
 * of the fastest pass after the first. */
static LabImage *
blur_passes (const LabImage  *source,
             double           sigma,
             guint            passes,
             double          *pass_ms,
             GError         **error)
{
  LabBlurPlan plan;
  gpointer scratch;
  LabImage *result;
  gboolean failed = FALSE;

  if (!_lab_blur_plan_init (&plan, source, sigma, error))
    return NULL;

  scratch = _lab_blur_scratch_new (&plan);
  if (pass_ms != NULL)
    *pass_ms = G_MAXDOUBLE;
  for (guint pass = 0; pass < passes && !failed; pass++)
    {
      gint64 start = g_get_monotonic_time ();

      if (pass > 0)
        {
          /* the last result is the next source; the source before it, unless
           * it is the caller's image, is overwritten by the next result */
          LabImage *previous = (LabImage *) plan.source;
          LabImage *next = previous != source ? previous
                                              : lab_image_try_new (plan.width, plan.height, error);

          if (next == NULL)
            {
              failed = TRUE;
              break;
            }
          plan.source = plan.result;
          plan.result = next;
        }
      plan_run (&plan, scratch);
      if (pass > 0 && pass_ms != NULL)
        *pass_ms = MIN (*pass_ms, (g_get_monotonic_time () - start) / 1000.0);
    }
  _lab_blur_scratch_free (scratch);

  result = g_steal_pointer (&plan.result);
  if (plan.source != source)
    lab_image_unref ((LabImage *) plan.source);
  _lab_blur_plan_clear (&plan);
  if (failed)
    g_clear_pointer (&result, lab_image_unref);
  return result;
}

/**
 * lab_blur_gaussian:
 * @sigma: the standard deviation in pixels, from %LAB_BLUR_MIN_SIGMA to
 *   %LAB_BLUR_MAX_SIGMA
 * @error: set when memory for the result cannot be found
 *
 * Blurs @source on the calling thread; gives the same bytes as
 * lab_blur_parallel() with any number of threads.
 *
 * Returns: (transfer full) (nullable): @source blurred with a Gaussian of
 *   @sigma pixels
 */
LabImage *
lab_blur_gaussian (const LabImage  *source,
                   double           sigma,
                   GError         **error)
{
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, NULL);

  return blur_passes (source, sigma, 1, NULL, error);
}

/* ---------------------------------------------------------------------- */
/* The scenarios' job                                                      */

LabBlurJob *
lab_blur_job_new (LabImage *source,
                  double    sigma,
                  guint     passes)
{
  LabBlurJob *job;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, NULL);

  job = g_new0 (LabBlurJob, 1);
  job->source = lab_image_ref (source);
  job->sigma = sigma;
  job->passes = MAX (1, passes);
  return job;
}

void
lab_blur_job_free (LabBlurJob *job)
{
  g_clear_pointer (&job->source, lab_image_unref);
  g_free (job);
}

static LabImage *
lab_blur_job_run_with_error (LabBlurJob  *job,
                             GError     **error)
{
  gint64 begin = pool_trace_begin_region ();
  LabImage *image = blur_passes (job->source, job->sigma, job->passes, NULL, error);

  pool_trace_end_region ("blur", begin);
  return image;
}

/**
 * lab_blur_job_run:
 *
 * Runs the job on the calling thread, and only there (no task is started),
 * and records it in the pool's trace as a "blur" region, so reports can say
 * which thread did the work.
 *
 * Returns: (transfer full) (nullable): the blurred image; %NULL only when
 *   memory ran out
 */
LabImage *
lab_blur_job_run (LabBlurJob *job)
{
  g_autoptr(GError) error = NULL;
  LabImage *image;

  g_return_val_if_fail (job != NULL, NULL);

  image = lab_blur_job_run_with_error (job, &error);
  if (image == NULL)
    g_warning ("%s", error->message);
  return image;
}

/**
 * lab_blur_job_task_func:
 * @job: a #LabBlurJob
 *
 * lab_blur_job_run() as a #PoolTaskFunc, the delegate the scenarios launch;
 * running out of memory faults the task.
 *
 * Returns: (transfer full): the blurred #LabImage
 */
gpointer
lab_blur_job_task_func (gpointer   job,
                        GError   **error)
{
  return lab_blur_job_run_with_error (job, error);
}

/* Calibration times at most this many pixels; the blur's cost is linear in
 * the number of pixels, so a band predicts the whole. */
#define CALIBRATION_PIXELS (2 * 1024 * 1024)

/**
 * lab_blur_calibrate_passes:
 *
 * Times passes over @source (or a band of it, for a large image), as a job
 * runs them, and returns how many passes of @sigma over the whole image take
 * about @target_ms on this machine.
 */
guint
lab_blur_calibrate_passes (LabImage *source,
                           double    sigma,
                           double    target_ms)
{
  int band_height = (int) CLAMP (CALIBRATION_PIXELS / source->width, 1, source->height);
  g_autoptr(LabImage) band = lab_image_new (source->width, band_height);
  g_autoptr(LabImage) blurred = NULL;
  double band_ms, pass_ms;

  g_return_val_if_fail (source != NULL, 1);
  g_return_val_if_fail (sigma >= LAB_BLUR_MIN_SIGMA && sigma <= LAB_BLUR_MAX_SIGMA, 1);

  memcpy (band->pixels, source->pixels, band->stride * (gsize) band_height);
  /* the first pass pays for page faults, as only a job's first pass does */
  blurred = blur_passes (band, sigma, 4, &band_ms, NULL);
  if (blurred == NULL)
    return 1;
  pass_ms = MAX (0.01, band_ms * source->height / band_height);

  return (guint) CLAMP (round (target_ms / pass_ms), 1, 100000);
}
