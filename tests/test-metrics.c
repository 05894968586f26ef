/* test-metrics.c: SNR, SI-SDR and log-spectral distance against values worked out by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "sm-test-util.h"

static void
test_si_sdr_reference_vector (void)
{
  /* Le Roux et al. 2019's definition: a = <e,r>/|r|^2 = 75.75/62.25; the published test
   * vector gives 18.4030 dB. */
  const float target[] = { 3.0f, -0.5f, 2.0f, 7.0f };
  const float estimate[] = { 2.5f, 0.0f, 2.0f, 8.0f };

  g_assert_cmpfloat_with_epsilon (sm_metric_si_sdr (target, estimate, 4), 18.4030, 5e-4);
}

static void
test_snr_by_hand (void)
{
  const float reference[] = { 1.0f, -1.0f, 1.0f, -1.0f };
  const float estimate[] = { 1.1f, -0.9f, 1.1f, -0.9f };

  /* |r|^2 = 4, |r - e|^2 = 4 * 0.01: 10 log10 (100) = 20 dB. */
  g_assert_cmpfloat_with_epsilon (sm_metric_snr (reference, estimate, 4), 20.0, 1e-4);
}

static void
test_scale_invariance (void)
{
  float *reference = sm_test_noise (4096, 3, 0.5f);
  float *noise = sm_test_noise (4096, 4, 0.05f);
  float *estimate = g_new (float, 4096);
  float *scaled = g_new (float, 4096);
  double base;

  for (int i = 0; i < 4096; i++)
    {
      estimate[i] = reference[i] + noise[i];
      scaled[i] = 3.0f * estimate[i];
    }
  base = sm_metric_si_sdr (reference, estimate, 4096);
  /* SI-SDR ignores gain; SNR does not. */
  g_assert_cmpfloat_with_epsilon (sm_metric_si_sdr (reference, scaled, 4096), base, 1e-3);
  g_assert_cmpfloat (sm_metric_snr (reference, scaled, 4096), <, 0.0);
  /* Noise at a tenth of the amplitude: about 20 dB. */
  g_assert_cmpfloat (fabs (base - 20.0), <, 0.5);

  g_free (reference);
  g_free (noise);
  g_free (estimate);
  g_free (scaled);
}

static void
test_degenerate (void)
{
  const float zero[] = { 0.0f, 0.0f };
  const float one[] = { 1.0f, 1.0f };

  g_assert_true (isinf (sm_metric_snr (one, one, 2)));
  g_assert_true (isnan (sm_metric_snr (zero, one, 2)));
  g_assert_true (isnan (sm_metric_si_sdr (zero, one, 2)));
}

static void
test_lsd_by_hand (void)
{
  /* Bin 0 agrees, bins 1 and 3 differ by a factor of 10 (20 dB) in opposite directions, and
   * bin 2 was zeroed, which costs 20 log10 (100 / 1e-8) = 200 dB when it counts. */
  const float reference[] = { 1.0f, 10.0f, 100.0f, 0.05f };
  const float estimate[] = { 1.0f, 1.0f, 0.0f, 0.5f };
  const float outside_bin_2[] = { 1.0f, 1.0f, 0.0f, 1.0f };
  const float soft[] = { 0.0f, 2.0f, 0.0f, 0.5f };
  const float none[] = { 0.0f, 0.0f, 0.0f, 0.0f };

  /* sqrt ((0 + 400 + 400) / 3) = 16.3299 dB. */
  g_assert_cmpfloat_with_epsilon (sm_metric_lsd (reference, estimate, outside_bin_2, 4),
                                  sqrt (800.0 / 3.0), 1e-4);
  /* Every bin: sqrt ((0 + 400 + 40000 + 400) / 4) = 100.995 dB. */
  g_assert_cmpfloat_with_epsilon (sm_metric_lsd (reference, estimate, NULL, 4),
                                  sqrt (10200.0), 1e-4);
  /* Weights weigh: (2 * 400 + 0.5 * 400) / 2.5 = 400, so 20 dB. */
  g_assert_cmpfloat_with_epsilon (sm_metric_lsd (reference, estimate, soft, 4), 20.0, 1e-4);
  /* Symmetric, zero on identical input, NaN with nothing to count. */
  g_assert_cmpfloat_with_epsilon (sm_metric_lsd (estimate, reference, outside_bin_2, 4),
                                  sqrt (800.0 / 3.0), 1e-4);
  g_assert_cmpfloat (sm_metric_lsd (reference, reference, NULL, 4), ==, 0.0);
  g_assert_true (isnan (sm_metric_lsd (reference, estimate, none, 4)));
  g_assert_true (isnan (sm_metric_lsd (reference, estimate, NULL, 0)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/metrics/si-sdr-reference", test_si_sdr_reference_vector);
  g_test_add_func ("/core/metrics/snr-by-hand", test_snr_by_hand);
  g_test_add_func ("/core/metrics/scale-invariance", test_scale_invariance);
  g_test_add_func ("/core/metrics/degenerate", test_degenerate);
  g_test_add_func ("/core/metrics/lsd-by-hand", test_lsd_by_hand);
  return g_test_run ();
}
