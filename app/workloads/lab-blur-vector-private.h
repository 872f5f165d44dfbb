/* lab-blur-vector-private.h — arithmetic on 8 floats (two RGBA pixels) for
 * the blur's filter, with SSE2 conversions on x86 and portable ones
 * elsewhere. Every function is inlined: the vectors never cross a call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <string.h>

#include <glib.h>

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

/* The vectors never cross a call: every helper is inlined. */
#if defined(__clang__)
# pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
# pragma GCC diagnostic ignored "-Wpsabi"
#endif

#define LAB_BLUR_INLINE static inline __attribute__ ((always_inline))

/* Fixed point of the intermediate image: v is stored as round (v * 64) in
 * 16 signed bits, so values in [-512, 512) with a step of 1/64 of an 8-bit
 * level; the blur of values in [0, 255] stays well inside. */
#define LAB_BLUR_FIXED_SCALE 64.0f

LAB_BLUR_INLINE v8f
splat (float f)
{
  return (v8f) { f, f, f, f, f, f, f, f };
}

#if defined(__SSE2__)
LAB_BLUR_INLINE v8f
join (__m128 low,
      __m128 high)
{
  return __builtin_shufflevector ((v4f) low, (v4f) high, 0, 1, 2, 3, 4, 5, 6, 7);
}

LAB_BLUR_INLINE __m128
low_half (v8f v)
{
  return (__m128) __builtin_shufflevector (v, v, 0, 1, 2, 3);
}

LAB_BLUR_INLINE __m128
high_half (v8f v)
{
  return (__m128) __builtin_shufflevector (v, v, 4, 5, 6, 7);
}

/* 8 bytes to 8 floats */
LAB_BLUR_INLINE v8f
bytes_to_float (const guint8 *p)
{
  __m128i zero = _mm_setzero_si128 ();
  __m128i words = _mm_unpacklo_epi8 (_mm_loadl_epi64 ((const __m128i *) p), zero);

  return join (_mm_cvtepi32_ps (_mm_unpacklo_epi16 (words, zero)),
               _mm_cvtepi32_ps (_mm_unpackhi_epi16 (words, zero)));
}

/* 4 + 4 signed 16-bit values to 8 floats */
LAB_BLUR_INLINE v8f
fixed_to_float (const gint16 *a,
                const gint16 *b)
{
  __m128i words = _mm_unpacklo_epi64 (_mm_loadl_epi64 ((const __m128i *) a),
                                      _mm_loadl_epi64 ((const __m128i *) b));

  return join (_mm_cvtepi32_ps (_mm_srai_epi32 (_mm_unpacklo_epi16 (words, words), 16)),
               _mm_cvtepi32_ps (_mm_srai_epi32 (_mm_unpackhi_epi16 (words, words), 16)))
         * splat (1.0f / LAB_BLUR_FIXED_SCALE);
}

/* rounded to nearest, saturated to 16 bits */
LAB_BLUR_INLINE void
float_to_fixed (gint16 *p,
                v8f     v)
{
  v8f scaled = v * splat (LAB_BLUR_FIXED_SCALE);

  _mm_storeu_si128 ((__m128i *) p, _mm_packs_epi32 (_mm_cvtps_epi32 (low_half (scaled)),
                                                    _mm_cvtps_epi32 (high_half (scaled))));
}

/* rounded to nearest, saturated to [0, 255]; the first pixel to @a, the
 * second to @b */
LAB_BLUR_INLINE void
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
LAB_BLUR_INLINE v8f
bytes_to_float (const guint8 *p)
{
  v8u8 bytes;

  memcpy (&bytes, p, sizeof bytes);
  return __builtin_convertvector (bytes, v8f);
}

LAB_BLUR_INLINE v8f
fixed_to_float (const gint16 *a,
                const gint16 *b)
{
  v8i16 words;

  memcpy (&words, a, 8);
  memcpy ((guint8 *) &words + 8, b, 8);
  return __builtin_convertvector (words, v8f) * splat (1.0f / LAB_BLUR_FIXED_SCALE);
}

LAB_BLUR_INLINE void
float_to_fixed (gint16 *p,
                v8f     v)
{
  gint16 words[8];

  for (int i = 0; i < 8; i++)
    words[i] = (gint16) CLAMP (lrintf (v[i] * LAB_BLUR_FIXED_SCALE), G_MININT16, G_MAXINT16);
  memcpy (p, words, sizeof words);
}

LAB_BLUR_INLINE void
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
LAB_BLUR_INLINE v8f
load_premultiplied (const guint8 *p)
{
  v8f x = bytes_to_float (p);
  v8f factor = x * splat (1.0f / 255.0f);

  factor = __builtin_shufflevector (factor, splat (1.0f), 3, 3, 3, 8, 7, 7, 7, 8);
  return x * factor;
}

LAB_BLUR_INLINE v8f
load_fixed (const gint16 *p)
{
  return fixed_to_float (p, p + 4);
}

/* Back to straight alpha and 8 bits; the first pixel to @a, the second to
 * @b. A pixel whose alpha rounds to 0 is transparent black. */
LAB_BLUR_INLINE void
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
