/* lab-blur-coefficients.c — Deriche's coefficients for a sigma.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <math.h>

#include "lab-blur-private.h"

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
