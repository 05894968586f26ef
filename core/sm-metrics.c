/* sm-metrics.c: SNR, SI-SDR and log-spectral distance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-metrics.h"

#include <math.h>

static double
ratio_db (double signal_energy,
          double noise_energy)
{
  if (signal_energy <= 0.0)
    return NAN;
  if (noise_energy <= 0.0)
    return INFINITY;
  return 10.0 * log10 (signal_energy / noise_energy);
}

double
sm_metric_snr (const float *reference,
               const float *estimate,
               size_t       n)
{
  double signal = 0.0;
  double noise = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      double r = reference[i];
      double d = r - estimate[i];

      signal += r * r;
      noise += d * d;
    }
  return ratio_db (signal, noise);
}

double
sm_metric_si_sdr (const float *reference,
                  const float *estimate,
                  size_t       n)
{
  double dot = 0.0;
  double ref_energy = 0.0;
  double target = 0.0;
  double noise = 0.0;
  double alpha;

  for (size_t i = 0; i < n; i++)
    {
      dot += (double) estimate[i] * reference[i];
      ref_energy += (double) reference[i] * reference[i];
    }
  if (ref_energy <= 0.0)
    return NAN;

  alpha = dot / ref_energy;
  for (size_t i = 0; i < n; i++)
    {
      double s = alpha * reference[i];
      double d = s - estimate[i];

      target += s * s;
      noise += d * d;
    }
  return ratio_db (target, noise);
}

double
sm_metric_lsd (const float *reference_mag,
               const float *estimate_mag,
               const float *weight,
               size_t       n_bins_total)
{
  double sum = 0.0;
  double total_weight = 0.0;

  for (size_t i = 0; i < n_bins_total; i++)
    {
      double w = weight != NULL ? weight[i] : 1.0;
      double d;

      /* Skipping, not multiplying by zero, so that a bin outside the set cannot bring in a
       * NaN or infinity of its own. */
      if (!(w > 0.0))
        continue;
      d = 20.0 * log10 ((reference_mag[i] + SM_METRIC_LSD_EPS)
                        / (estimate_mag[i] + SM_METRIC_LSD_EPS));
      sum += w * d * d;
      total_weight += w;
    }
  if (total_weight <= 0.0)
    return NAN;
  return sqrt (sum / total_weight);
}
