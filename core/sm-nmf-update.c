/* sm-nmf-update.c: initial factors, the multiplicative updates, normalisation, interpolation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The updates are those of Fevotte and Idier, "Algorithms for nonnegative matrix
 * factorization with the beta-divergence" (Neural Computation, 2011), with the weights M
 * inside both sums: each weighted term is majorised separately, so the auxiliary function
 * and its minimiser keep their form, and D does not increase.
 */
#include "sm-nmf-private.h"

#include <cblas.h>
#include <float.h>
#include <math.h>

#include "sm-parallel-private.h"

/* Frames per block of the (small, T x K) H update. */
#define FRAMES_PER_BLOCK 256

/* splitmix64 (Steele, Lea and Flood 2014): a well-mixed stream from any seed, identical on
 * every platform; 24 bits give a float in [0, 1). */
static float
next_uniform (uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (float) (z >> 40) * (1.0f / 16777216.0f);
}

void
_sm_nmf_init (SmNmfWork   *work,
              float       *w,
              const float *h,
              unsigned     given,
              uint64_t     seed,
              double       mean)
{
  size_t n_bins = (size_t) work->n_bins;
  size_t n_comp = (size_t) work->n_comp;
  uint64_t state = seed;

  /* Templates bounded away from 0: a multiplicative update never revives a zero. */
  if (!(given & SM_NMF_W))
    for (size_t i = 0; i < n_comp * n_bins; i++)
      w[i] = 0.1f + next_uniform (&state);

  if (given & SM_NMF_H)
    {
      for (size_t i = 0; i < work->n_frames * n_comp; i++)
        work->hn[i] = h[i] * work->scale;
      return;
    }

  /* Activations around the level that makes the mean of W hn equal the weighted mean of
   * V: sum_f (W hn)[f,t] = sum_k colsum_k hn[t,k], so hn ~ F mean / (K colsum_k). */
  for (size_t k = 0; k < n_comp; k++)
    {
      double colsum = 0.0;
      float level;

      for (size_t f = 0; f < n_bins; f++)
        colsum += w[k * n_bins + f];
      if (!(colsum > 0.0))
        colsum = 1.0;
      level = (float) (((double) n_bins * (mean + work->eps)) / ((double) n_comp * colsum));
      /* Draw frame-major below; store the level per column first. */
      work->hn[k] = level;
    }
  for (size_t t = work->n_frames; t-- > 0;)
    for (size_t k = 0; k < n_comp; k++)
      work->hn[t * n_comp + k] = work->hn[k];
  for (size_t i = 0; i < work->n_frames * n_comp; i++)
    work->hn[i] *= 0.5f + next_uniform (&state);
}

static int
update_h_block (size_t begin,
                size_t end,
                int    worker,
                void  *data)
{
  SmNmfWork *work = data;
  size_t n_comp = (size_t) work->n_comp;
  float gamma = work->gamma;

  for (size_t t = begin; t < end; t++)
    {
      const float *num = work->g + 2 * t * n_comp;
      const float *den = num + n_comp;
      float *hn = work->hn + t * n_comp;

      for (size_t k = 0; k < n_comp; k++)
        {
          float ratio;

          /* No reliable bin in the frame (or a dead template): the data say nothing about
           * this activation, so it keeps its value instead of collapsing to 0. An
           * overflowed ratio (not finite) is treated the same way. */
          if (!(den[k] > 0.0f))
            continue;
          ratio = num[k] / den[k];
          if (!(ratio <= FLT_MAX))
            continue;
          if (gamma == 1.0f)
            hn[k] *= ratio;
          else if (gamma == 0.5f)
            hn[k] *= sqrtf (ratio);
          else
            hn[k] *= powf (ratio, gamma);
        }
    }
  return 0;
}

SmStatus
_sm_nmf_update_h (SmNmfWork   *work,
                  const float *w)
{
  double t0;

  /* s holds, per frame, P_t then Q_t: read as a (2T x F) matrix, one product gives the
   * numerator and the denominator of every frame, interleaved: g = s W^T. */
  t0 = _sm_nmf_now ();
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, 2 * (int) work->n_frames,
               work->n_comp, work->n_bins, 1.0f, work->s, work->n_bins, w, work->n_bins,
               0.0f, work->g, work->n_comp);
  work->gemm_seconds += _sm_nmf_now () - t0;

  return _sm_parallel_for (&work->workers, work->n_frames, FRAMES_PER_BLOCK, update_h_block,
                           work, 0.0, 0.0);
}

void
_sm_nmf_update_w (SmNmfWork *work,
                  float     *w)
{
  size_t n_bins = (size_t) work->n_bins;
  size_t n_comp = (size_t) work->n_comp;
  float gamma = work->gamma;
  double t0;

  /* Read as (T x 2F), s gives both sums at once: z = hn^T [P | Q], row k = [num_k | den_k].
   * The scale of hn cancels in the ratio. */
  t0 = _sm_nmf_now ();
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, work->n_comp, 2 * work->n_bins,
               (int) work->n_frames, 1.0f, work->hn, work->n_comp, work->s, 2 * work->n_bins,
               0.0f, work->z, 2 * work->n_bins);
  work->gemm_seconds += _sm_nmf_now () - t0;

  for (size_t k = 0; k < n_comp; k++)
    {
      const float *num = work->z + 2 * k * n_bins;
      const float *den = num + n_bins;
      float *wk = w + k * n_bins;

      for (size_t f = 0; f < n_bins; f++)
        {
          float ratio;

          /* A bin never reliable in any frame: keep the template's value there. */
          if (!(den[f] > 0.0f))
            continue;
          ratio = num[f] / den[f];
          if (!(ratio <= FLT_MAX))
            continue;
          if (gamma == 1.0f)
            wk[f] *= ratio;
          else if (gamma == 0.5f)
            wk[f] *= sqrtf (ratio);
          else
            wk[f] *= powf (ratio, gamma);
        }
    }
}

void
_sm_nmf_normalise (SmNmfWork *work,
                   float     *w)
{
  size_t n_bins = (size_t) work->n_bins;
  size_t n_comp = (size_t) work->n_comp;
  float *sums = work->z;   /* free until the next W update */

  for (size_t k = 0; k < n_comp; k++)
    {
      float *wk = w + k * n_bins;
      double sum = 0.0;
      float inverse;

      for (size_t f = 0; f < n_bins; f++)
        sum += wk[f];
      /* A template that died (all zero) has no scale to move; leave it. */
      if (!(sum > 0.0 && sum <= FLT_MAX))
        {
          sums[k] = 1.0f;
          continue;
        }
      sums[k] = (float) sum;
      inverse = (float) (1.0 / sum);
      for (size_t f = 0; f < n_bins; f++)
        wk[f] *= inverse;
    }
  for (size_t t = 0; t < work->n_frames; t++)
    for (size_t k = 0; k < n_comp; k++)
      work->hn[t * n_comp + k] *= sums[k];
}

size_t
_sm_nmf_interpolate (SmNmfWork *work)
{
  size_t n_comp = (size_t) work->n_comp;
  size_t n_frames = work->n_frames;
  size_t filled = 0;
  size_t prev = SIZE_MAX;   /* the last reliable frame seen */

  for (size_t t = 0; t <= n_frames; t++)
    {
      size_t gap_start;

      if (t < n_frames && !work->reliable[t])
        continue;
      if (t == n_frames && prev == SIZE_MAX)
        break;   /* nothing reliable to interpolate from (callers exclude this) */
      /* t is reliable (or the end): fill the gap (prev, t). */
      gap_start = prev == SIZE_MAX ? 0 : prev + 1;
      for (size_t u = gap_start; u < t; u++)
        {
          float *dst = work->hn + u * n_comp;

          for (size_t k = 0; k < n_comp; k++)
            {
              if (prev == SIZE_MAX)
                dst[k] = work->hn[t * n_comp + k];
              else if (t == n_frames)
                dst[k] = work->hn[prev * n_comp + k];
              else
                {
                  float a = work->hn[prev * n_comp + k];
                  float b = work->hn[t * n_comp + k];
                  float x = (float) (u - prev) / (float) (t - prev);

                  dst[k] = a + x * (b - a);
                }
            }
          filled++;
        }
      prev = t;
    }
  return filled;
}
