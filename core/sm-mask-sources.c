/* sm-mask-sources.c: masks computed from spectrograms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every decision compares powers in double instead of levels in dB: it is the same test
 * (20 log10 a - 20 log10 b > x  <=>  a^2 > b^2 10^(x/10)), costs no logarithm per bin, and
 * handles silent bins (level -inf) without special cases.
 */
#include "sm-mask-sources.h"

#include "sm-mask-private.h"

#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static inline double
bin_power (float _Complex z)
{
  double re = crealf (z);
  double im = cimagf (z);

  return re * re + im * im;
}

static SmStatus
check_shapes (const SmMask        *out,
              const SmSpectrogram *a,
              const SmSpectrogram *b)
{
  if (!_sm_mask_is_valid (out) || a == NULL || a->bins == NULL || b == NULL || b->bins == NULL)
    return SM_ERROR_BAD_ARG;
  if (a->n_frames != out->n_frames || a->n_bins != out->n_bins
      || b->n_frames != out->n_frames || b->n_bins != out->n_bins)
    return SM_ERROR_MISMATCH;
  return SM_OK;
}

SmStatus
sm_mask_ibm (SmMask              *out,
             const SmSpectrogram *target,
             const SmSpectrogram *interferer,
             double               lc_db,
             double               floor_db)
{
  SmStatus status = check_shapes (out, target, interferer);
  size_t n;
  double gain, floor_power = -1.0;

  if (status != SM_OK)
    return status;
  if (isnan (lc_db) || isnan (floor_db))
    return SM_ERROR_BAD_ARG;

  n = _sm_mask_n_values (out);
  if (floor_db >= 0.0 && isfinite (floor_db))
    {
      double peak = 0.0;

      for (size_t i = 0; i < n; i++)
        {
          double p = bin_power (target->bins[i]);

          if (p > peak)
            peak = p;
        }
      floor_power = peak * pow (10.0, -floor_db / 10.0);
    }

  gain = pow (10.0, lc_db / 10.0);
  for (size_t i = 0; i < n; i++)
    {
      double t = bin_power (target->bins[i]);
      double v = bin_power (interferer->bins[i]);
      int wins;

      /* With no interferer the ratio is +inf, which beats every finite criterion; the
       * product form would give 0 * inf = NaN there when lc_db is huge. */
      if (v > 0.0)
        wins = t > v * gain;
      else
        wins = t > 0.0 && lc_db < (double) INFINITY;
      out->levels[i] = wins && t > floor_power ? SM_MASK_LEVEL_MAX : 0;
    }
  return SM_OK;
}

SmStatus
sm_mask_irm (SmMask              *out,
             const SmSpectrogram *target,
             const SmSpectrogram *interferer,
             double               exponent)
{
  SmStatus status = check_shapes (out, target, interferer);
  size_t n;

  if (status != SM_OK)
    return status;
  if (!(exponent > 0.0) || !isfinite (exponent))
    return SM_ERROR_BAD_ARG;

  n = _sm_mask_n_values (out);
  for (size_t i = 0; i < n; i++)
    {
      double t = bin_power (target->bins[i]);
      double total = t + bin_power (interferer->bins[i]);
      double ratio, m;

      if (total <= 0.0)
        {
          out->levels[i] = 0;
          continue;
        }
      ratio = t / total;
      /* The two common exponents skip pow(), which dominates the cost otherwise. */
      if (exponent == 0.5)
        m = sqrt (ratio);
      else if (exponent == 1.0)
        m = ratio;
      else
        m = pow (ratio, exponent);
      out->levels[i] = sm_mask_level_of ((float) m);
    }
  return SM_OK;
}

/* Replaces x[i] by the sum over the window [i - h, i + h] clipped to the array. Sums
 * within blocks of w = 2h + 1 (prefix and suffix, after van Herk and Gil-Werman) and joins
 * at most two of them, so no value is ever subtracted: a summed-area table loses a quiet
 * passage's power to cancellation against the loud total before it (-100 dB after an
 * hour of music is below double's resolution of that total). */
static void
window_sums (double *x,
             size_t  n,
             size_t  h,
             double *pre,
             double *suf)
{
  size_t w = 2 * h + 1;
  size_t offset = 0;   /* position of the window's first bin within its block */

  for (size_t start = 0; start < n; start += w)
    {
      size_t end = start + w < n ? start + w : n;

      pre[start] = x[start];
      for (size_t i = start + 1; i < end; i++)
        pre[i] = pre[i - 1] + x[i];
      suf[end - 1] = x[end - 1];
      for (size_t i = end - 1; i-- > start;)
        suf[i] = suf[i + 1] + x[i];
    }

  for (size_t i = 0; i < n; i++)
    {
      size_t a = i > h ? i - h : 0;
      size_t b = i + h < n - 1 ? i + h : n - 1;

      if (offset == 0)
        x[i] = pre[b];   /* the window starts a block and cannot leave it */
      else if (b - a < w - offset)
        x[i] = suf[a];   /* clipped at the end, within the last block */
      else
        x[i] = suf[a] + pre[b];
      if (i >= h && ++offset == w)
        offset = 0;
    }
}

/* Columns lie far apart in memory; copying STRIP of them at a time into contiguous
 * columns makes each cache line fetched serve several values instead of one. */
#define STRIP 16

static inline size_t
window_count (size_t i,
              size_t n,
              size_t h)
{
  size_t a = i > h ? i - h : 0;
  size_t b = i + h < n - 1 ? i + h : n - 1;

  return b - a + 1;
}

static SmStatus
threshold_relative (SmMask              *out,
                    const SmSpectrogram *mix,
                    double               gain,
                    size_t               half_frames,
                    size_t               half_bins)
{
  size_t n_frames = out->n_frames;
  size_t n_bins = (size_t) out->n_bins;
  size_t longest = n_frames > n_bins ? n_frames : n_bins;
  size_t n = _sm_mask_n_values (out);
  double *sums = NULL, *strip = NULL, *pre = NULL, *suf = NULL;
  SmStatus status = SM_OK;

  if (n > SIZE_MAX / sizeof (double))
    return SM_ERROR_NOMEM;
  sums = malloc (n * sizeof (double));
  strip = malloc (STRIP * n_frames * sizeof (double));
  pre = malloc (longest * sizeof (double));
  suf = malloc (longest * sizeof (double));
  if (sums == NULL || strip == NULL || pre == NULL || suf == NULL)
    {
      status = SM_ERROR_NOMEM;
      goto error;
    }

  /* A window wider than the array covers all of it; clamping keeps 2h + 1 from
   * overflowing. */
  if (half_frames > n_frames - 1)
    half_frames = n_frames - 1;
  if (half_bins > n_bins - 1)
    half_bins = n_bins - 1;

  for (size_t t = 0; t < n_frames; t++)
    {
      double *row = sums + t * n_bins;

      for (size_t f = 0; f < n_bins; f++)
        row[f] = bin_power (mix->bins[t * n_bins + f]);
      window_sums (row, n_bins, half_bins, pre, suf);
    }
  for (size_t f0 = 0; f0 < n_bins; f0 += STRIP)
    {
      size_t width = n_bins - f0 < STRIP ? n_bins - f0 : STRIP;

      for (size_t t = 0; t < n_frames; t++)
        for (size_t j = 0; j < width; j++)
          strip[j * n_frames + t] = sums[t * n_bins + f0 + j];
      for (size_t j = 0; j < width; j++)
        window_sums (strip + j * n_frames, n_frames, half_frames, pre, suf);
      for (size_t t = 0; t < n_frames; t++)
        for (size_t j = 0; j < width; j++)
          sums[t * n_bins + f0 + j] = strip[j * n_frames + t];
    }

  for (size_t t = 0; t < n_frames; t++)
    {
      size_t count_t = window_count (t, n_frames, half_frames);

      for (size_t f = 0; f < n_bins; f++)
        {
          size_t i = t * n_bins + f;
          double p = bin_power (mix->bins[i]);
          double mean = sums[i] / (double) (count_t * window_count (f, n_bins, half_bins));

          /* A silent bin stands out from nothing, even where its neighbourhood is silent
           * too and the threshold is -inf. */
          out->levels[i] = p > 0.0 && p > mean * gain ? SM_MASK_LEVEL_MAX : 0;
        }
    }

error:
  free (sums);
  free (strip);
  free (pre);
  free (suf);
  return status;
}

SmStatus
sm_mask_threshold (SmMask              *out,
                   const SmSpectrogram *mix,
                   double               full_scale,
                   double               threshold_db,
                   SmThresholdMode      mode,
                   int                  half_frames,
                   int                  half_bins)
{
  SmStatus status = check_shapes (out, mix, mix);
  double gain;
  size_t n;

  if (status != SM_OK)
    return status;
  if (isnan (threshold_db) || half_frames < 0 || half_bins < 0)
    return SM_ERROR_BAD_ARG;

  gain = pow (10.0, threshold_db / 10.0);
  if (mode == SM_THRESHOLD_RELATIVE)
    return threshold_relative (out, mix, gain, (size_t) half_frames, (size_t) half_bins);
  if (mode != SM_THRESHOLD_ABSOLUTE || !(full_scale > 0.0) || !isfinite (full_scale))
    return SM_ERROR_BAD_ARG;

  gain *= full_scale * full_scale;
  n = _sm_mask_n_values (out);
  for (size_t i = 0; i < n; i++)
    {
      double p = bin_power (mix->bins[i]);

      out->levels[i] = p > 0.0 && p > gain ? SM_MASK_LEVEL_MAX : 0;
    }
  return SM_OK;
}

void
sm_mask_all_pass (SmMask *out)
{
  if (!_sm_mask_is_valid (out))
    return;
  memset (out->levels, SM_MASK_LEVEL_MAX, _sm_mask_n_values (out));
}
