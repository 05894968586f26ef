/* sm-metrics.h: objective separation quality measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All figures are in dB, computed in double precision over @n samples of one channel.
 * Identical signals give +inf dB where the formula says so; a silent reference gives NaN.
 */
#pragma once

#include <stddef.h>

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** sm_metric_snr: Returns: 10 log10(|r|^2 / |r - e|^2). */
SM_API double sm_metric_snr (const float *reference,
                             const float *estimate,
                             size_t       n);

/**
 * sm_metric_si_sdr:
 *
 * Scale-invariant SDR (Le Roux, Wisdom, Erdogan and Hershey, 2019): with
 * a = <e, r> / |r|^2, 10 log10(|a r|^2 / |a r - e|^2). No mean removal.
 */
SM_API double sm_metric_si_sdr (const float *reference,
                                const float *estimate,
                                size_t       n);

/**
 * SM_METRIC_LSD_EPS:
 *
 * Added to both magnitudes before the log in sm_metric_lsd(). At -160 dB re 1 it is far
 * below the rounding noise of a float STFT of any audible signal, so it only decides what
 * an exact zero costs: a bin one side has zeroed counts 20 log10 (|x| / 1e-8) dB, large
 * but finite, instead of infinity.
 */
#define SM_METRIC_LSD_EPS 1e-8

/**
 * sm_metric_lsd:
 * @reference_mag: reference magnitudes |X|, any layout (e.g. [frame][bin]), >= 0
 * @estimate_mag: estimate magnitudes |Y| in the same layout, >= 0
 * @weight: (nullable): which values count: those with weight > 0 count in proportion to it
 *   (a 0/1 weight such as 1 - mask gives the plain mean over the chosen bins); NULL counts
 *   every value equally
 * @n_bins_total: values in each array
 *
 * Log-spectral distance over a set of time-frequency bins:
 * sqrt (mean over counted bins of (20 log10 ((|X| + eps) / (|Y| + eps)))^2), with
 * eps = SM_METRIC_LSD_EPS. One global mean, not a mean of per-frame distances.
 * Thread-safe.
 *
 * Returns: the distance in dB (0 for identical magnitudes), or NaN when no value counts.
 */
SM_API double sm_metric_lsd (const float *reference_mag,
                             const float *estimate_mag,
                             const float *weight,
                             size_t       n_bins_total);

#ifdef __cplusplus
}
#endif
