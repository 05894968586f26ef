/* sm-nmf-pass.c: NMF setup, the model product and the element-wise passes over frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pass walks the frames in blocks of about 16 k bins, so that the rows of V, the mask
 * and the scratch it touches stay in cache while it computes the divergence and P, Q.
 * Blocks run on the SmRun workers; every per-block sum lands in its own slot and the
 * slots are added in order, so results do not depend on scheduling.
 */
#include "sm-nmf-private.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "sm-parallel-private.h"

/* Bins per block of an element-wise pass: 64 KiB per float array. */
#define BINS_PER_BLOCK 16384
#define SMALL_PROBLEM_BINS (1 << 18)

SmStatus
_sm_nmf_work_init (SmNmfWork       *work,
                   const SmNmfData *data,
                   int              n_comp,
                   double           beta,
                   size_t           ld,
                   const SmRun     *run)
{
  size_t n_frames = data->n_frames;
  size_t n_bins = (size_t) data->n_bins;

  *work = (SmNmfWork) { 0 };
  work->v = data->v;
  work->mask = data->mask;
  work->n_frames = n_frames;
  work->n_bins = data->n_bins;
  work->n_comp = n_comp;
  work->beta = beta;
  if (beta == 0.0)
    work->kind = SM_NMF_KIND_IS;
  else if (beta == 1.0)
    work->kind = SM_NMF_KIND_KL;
  else if (beta == 2.0)
    work->kind = SM_NMF_KIND_EUCLID;
  else
    work->kind = SM_NMF_KIND_GENERAL;
  work->gamma = beta < 1.0 ? (float) (1.0 / (2.0 - beta)) : 1.0f;
  work->ld = ld;
  work->block = n_bins >= BINS_PER_BLOCK ? 1 : BINS_PER_BLOCK / n_bins;
  work->n_blocks = (n_frames + work->block - 1) / work->block;
  if (run != NULL)
    work->workers.n_threads = run->n_threads;
  /* Starting a thread costs about as much as a pass over this many bins: below it, one
   * thread is faster (a fit of a few seconds of audio runs thousands of passes). */
  if (n_frames * n_bins < SMALL_PROBLEM_BINS)
    work->workers.n_threads = 1;

  work->hn = malloc (sizeof (float) * n_frames * (size_t) n_comp);
  work->partial = malloc (sizeof (double) * 2 * work->n_blocks);
  work->partial_max = malloc (sizeof (float) * work->n_blocks);
  work->reliable = malloc (n_frames);
  if (ld > 0)
    work->s = malloc (sizeof (float) * n_frames * ld);
  if (ld == 2 * n_bins)
    {
      work->g = malloc (sizeof (float) * 2 * n_frames * (size_t) n_comp);
      work->z = malloc (sizeof (float) * (size_t) n_comp * 2 * n_bins);
    }
  if (work->hn == NULL || work->partial == NULL || work->partial_max == NULL
      || work->reliable == NULL || (ld > 0 && work->s == NULL)
      || (ld == 2 * n_bins && (work->g == NULL || work->z == NULL)))
    {
      _sm_nmf_work_clear (work);
      return SM_ERROR_NOMEM;
    }
  return SM_OK;
}

void
_sm_nmf_work_clear (SmNmfWork *work)
{
  free (work->s);
  free (work->hn);
  free (work->g);
  free (work->z);
  free (work->partial);
  free (work->partial_max);
  free (work->reliable);
  work->s = work->hn = work->g = work->z = work->partial_max = NULL;
  work->partial = NULL;
  work->reliable = NULL;
}

static int
scan_block (size_t begin,
            size_t end,
            int    worker,
            void  *data)
{
  SmNmfWork *work = data;
  size_t n_bins = (size_t) work->n_bins;
  size_t index = begin / work->block;
  double weighted = 0.0, weights = 0.0;
  float peak = 0.0f;
  int bad = 0;

  for (size_t t = begin; t < end; t++)
    {
      const float *v = work->v + t * n_bins;
      const float *m = work->mask != NULL ? work->mask + t * n_bins : NULL;
      int any = m == NULL;

      for (size_t f = 0; f < n_bins; f++)
        {
          float x = v[f];
          float weight = m != NULL ? m[f] : 1.0f;

          /* Written so that NaN fails both tests. */
          bad |= !(x >= 0.0f && x <= FLT_MAX) || !(weight >= 0.0f && weight <= 1.0f);
          peak = x > peak ? x : peak;
          weighted += (double) weight * (double) x;
          weights += weight;
          any |= weight > 0.0f;
        }
      work->reliable[t] = (unsigned char) any;
    }
  work->partial[2 * index] = weighted;
  work->partial[2 * index + 1] = weights;
  /* NaN flags bad input: each block writes only its own slot. */
  work->partial_max[index] = bad ? NAN : peak;
  return 0;
}

SmStatus
_sm_nmf_scan (SmNmfWork *work,
              double     rel_floor,
              double    *mean,
              size_t    *n_reliable)
{
  double weighted = 0.0, weights = 0.0;
  float peak = 0.0f;
  SmStatus status;
  int exponent;

  status = _sm_parallel_for (&work->workers, work->n_frames, work->block, scan_block, work,
                             0.0, 0.0);
  if (status != SM_OK)
    return status;
  for (size_t i = 0; i < work->n_blocks; i++)
    {
      if (isnan (work->partial_max[i]))
        return SM_ERROR_BAD_ARG;
      weighted += work->partial[2 * i];
      weights += work->partial[2 * i + 1];
      peak = work->partial_max[i] > peak ? work->partial_max[i] : peak;
    }
  *n_reliable = 0;
  for (size_t t = 0; t < work->n_frames; t++)
    *n_reliable += work->reliable[t];

  /* max(V) = m 2^e with m in [0.5, 1). Silent input still needs a positive eps, and the
   * clamps keep both 2^e and 2^-e normal floats. */
  frexp (fmax ((double) peak, 1e-30), &exponent);
  exponent = exponent > 126 ? 126 : exponent;
  work->exponent = exponent;
  work->scale = ldexpf (1.0f, -exponent);
  if (rel_floor <= 0.0)
    rel_floor = SM_NMF_DEFAULT_FLOOR;
  work->eps = (float) (rel_floor * fmax ((double) peak, 1e-30) * (double) work->scale);
  *mean = weights > 0.0 ? weighted / weights * (double) work->scale : 0.0;
  return SM_OK;
}

void
_sm_nmf_model (SmNmfWork   *work,
               const float *w)
{
  double t0 = _sm_nmf_now ();

  /* Row-major: (T x K) hn times (K x F) W, written into the first F floats of each row. */
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) work->n_frames,
               work->n_bins, work->n_comp, 1.0f, work->hn, work->n_comp, w, work->n_bins,
               0.0f, work->s, (int) work->ld);
  work->gemm_seconds += _sm_nmf_now () - t0;
}

/* Sum of m d_beta (x | y) over one frame, in double: near the optimum d is a small
 * difference of O(1) terms, and float would bury the decrease of late iterations. */
static double
row_divergence (const SmNmfWork *work,
                const float     *v,
                const float     *m,
                const float     *model)
{
  double beta = work->beta;
  double sum = 0.0;

  for (int f = 0; f < work->n_bins; f++)
    {
      double weight = m != NULL ? m[f] : 1.0;
      double x, y, ratio, d;

      if (weight == 0.0)
        continue;
      x = v[f] * work->scale + work->eps;
      y = model[f] + work->eps;
      ratio = x / y;
      switch (work->kind)
        {
        case SM_NMF_KIND_IS:
          d = ratio - log (ratio) - 1.0;
          break;
        case SM_NMF_KIND_KL:
          d = x * log (ratio) - x + y;
          break;
        case SM_NMF_KIND_EUCLID:
          d = 0.5 * (x - y) * (x - y);
          break;
        default:
          /* y^b (r^b + (b-1) - b r) / (b (b-1)), r = x / y: the textbook form scaled so
           * that its terms are O(1) whatever the level. */
          d = pow (y, beta) * (pow (ratio, beta) + (beta - 1.0) - beta * ratio)
              / (beta * (beta - 1.0));
          break;
        }
      sum += weight * d;
    }
  return sum;
}

/* The row kernels below overwrite the model row p[0..F) with P = m x y^(beta-2) and fill
 * q[0..F) with Q = m y^(beta-1), where x = V + eps and y = model + eps (scaled units). Both
 * are built from r = 1/y: with y >= eps and x < 4, P <= 4/eps^2 and Q <= 1/eps stay
 * finite in float, where y^-2 of an unfloored model would overflow. They are branch-free
 * and restrict-qualified so that they vectorise; they are most of a pass's time. */

static SM_NMF_HOT void
pq_is (int                   n,
       const float *restrict v,
       float       *restrict p,
       float       *restrict q,
       float                 scale,
       float                 eps)
{
  for (int f = 0; f < n; f++)
    {
      float r = 1.0f / (p[f] + eps);

      q[f] = r;
      p[f] = (v[f] * scale + eps) * r * r;
    }
}

static SM_NMF_HOT void
pq_kl (int                   n,
       const float *restrict v,
       float       *restrict p,
       float       *restrict q,
       float                 scale,
       float                 eps)
{
  for (int f = 0; f < n; f++)
    {
      q[f] = 1.0f;
      p[f] = (v[f] * scale + eps) / (p[f] + eps);
    }
}

static SM_NMF_HOT void
pq_euclid (int                   n,
           const float *restrict v,
           float       *restrict p,
           float       *restrict q,
           float                 scale,
           float                 eps)
{
  for (int f = 0; f < n; f++)
    {
      q[f] = p[f] + eps;
      p[f] = v[f] * scale + eps;
    }
}

static void
pq_general (int                   n,
            const float *restrict v,
            float       *restrict p,
            float       *restrict q,
            float                 scale,
            float                 eps,
            float                 exponent)
{
  for (int f = 0; f < n; f++)
    {
      float y = p[f] + eps;
      float qf = powf (y, exponent);

      q[f] = qf;
      p[f] = (v[f] * scale + eps) * qf * (1.0f / y);
    }
}

/* Weighting in a second sweep over the (cached) row keeps the loops above free of the
 * mask, so there is one of each instead of two. */
static SM_NMF_HOT void
pq_weight (int                   n,
           const float *restrict m,
           float       *restrict p,
           float       *restrict q)
{
  for (int f = 0; f < n; f++)
    {
      p[f] *= m[f];
      q[f] *= m[f];
    }
}

static void
row_pq (const SmNmfWork *work,
        const float     *v,
        const float     *m,
        float           *s)
{
  const int n = work->n_bins;
  float *q = s + n;

  switch (work->kind)
    {
    case SM_NMF_KIND_IS:
      pq_is (n, v, s, q, work->scale, work->eps);
      break;
    case SM_NMF_KIND_KL:
      pq_kl (n, v, s, q, work->scale, work->eps);
      break;
    case SM_NMF_KIND_EUCLID:
      pq_euclid (n, v, s, q, work->scale, work->eps);
      break;
    default:
      pq_general (n, v, s, q, work->scale, work->eps, (float) (work->beta - 1.0));
      break;
    }
  if (m != NULL)
    pq_weight (n, m, s, q);
}

static int
pass_block (size_t begin,
            size_t end,
            int    worker,
            void  *data)
{
  SmNmfWork *work = data;
  size_t n_bins = (size_t) work->n_bins;
  double sum = 0.0;

  for (size_t t = begin; t < end; t++)
    {
      const float *v = work->v + t * n_bins;
      const float *m = work->mask != NULL ? work->mask + t * n_bins : NULL;
      float *s = work->s + t * work->ld;

      if (work->want_div)
        sum += row_divergence (work, v, m, s);
      if (work->want_pq)
        row_pq (work, v, m, s);
    }
  work->partial[begin / work->block] = sum;
  return 0;
}

SmStatus
_sm_nmf_pass (SmNmfWork *work,
              double    *divergence)
{
  SmStatus status;
  double sum = 0.0;

  status = _sm_parallel_for (&work->workers, work->n_frames, work->block, pass_block, work,
                             0.0, 0.0);
  if (status != SM_OK || !work->want_div)
    return status;
  for (size_t i = 0; i < work->n_blocks; i++)
    sum += work->partial[i];
  /* d_beta (a x | a y) = a^beta d_beta (x | y): back to the caller's units. */
  *divergence = sum * pow (2.0, work->exponent * work->beta);
  return SM_OK;
}
