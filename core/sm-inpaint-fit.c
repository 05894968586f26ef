/* sm-inpaint-fit.c: the joint fit of a target and an interferer model with the mask as a
 * prior (see sm-inpaint-private.h for the objective).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frames are processed in blocks that stay in cache: each block computes its part of
 * the two models (two sgemm calls), the six element-wise terms of the updates, and either
 * updates its activations at once (they depend on the block only) or adds its share to
 * the dictionaries' numerators and denominators. No T x F temporary is kept.
 */
#include "sm-inpaint-private.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-parallel-private.h"

#define FRAMES_PER_BLOCK 128

/* As SM_NMF_HOT in sm-nmf-private.h: GCC's -O2 cost model leaves these loops scalar. */
#if defined(__GNUC__) && !defined(__clang__)
# define SM_JOINT_HOT __attribute__ ((optimize ("tree-vectorize", "vect-cost-model=dynamic")))
#else
# define SM_JOINT_HOT
#endif
/* eps relative to max(V) = 1, as SM_NMF_DEFAULT_FLOOR in sm-nmf.h. */
#define FLOOR 1e-10f
#define TOLERANCE 1e-4

typedef struct
{
  float *vt, *vi;           /* block x F: the two models */
  float *pt, *qt, *pi, *qi; /* block x F: numerator and denominator terms per source */
  float *gn, *gd;           /* block x max(Kt, Ki): H's numerator and denominator */
  float *wn_t, *wd_t;       /* Kt x F: Wt's numerator and denominator */
  float *wn_i, *wd_i;       /* Ki x F */
} Scratch;

static void
scratch_clear (Scratch *s)
{
  float *all[] = { s->vt, s->vi, s->pt, s->qt, s->pi, s->qi, s->gn, s->gd,
                   s->wn_t, s->wd_t, s->wn_i, s->wd_i };

  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free (all[i]);
}

static int
scratch_init (Scratch          *s,
              const SmJointFit *fit)
{
  size_t bf = sizeof (float) * FRAMES_PER_BLOCK * (size_t) fit->n_bins;
  size_t bk = sizeof (float) * FRAMES_PER_BLOCK * (size_t) (fit->kt > fit->ki ? fit->kt
                                                                              : fit->ki);
  size_t kt = sizeof (float) * (size_t) fit->kt * (size_t) fit->n_bins;
  size_t ki = sizeof (float) * (size_t) fit->ki * (size_t) fit->n_bins;

  *s = (Scratch) {
    .vt = malloc (bf), .vi = malloc (bf), .pt = malloc (bf), .qt = malloc (bf),
    .pi = malloc (bf), .qi = malloc (bf), .gn = malloc (bk), .gd = malloc (bk),
    .wn_t = malloc (kt), .wd_t = malloc (kt), .wn_i = malloc (ki), .wd_i = malloc (ki),
  };
  return s->vt && s->vi && s->pt && s->qt && s->pi && s->qi && s->gn && s->gd && s->wn_t
         && s->wd_t && s->wn_i && s->wd_i;
}

/* d_beta (x | y) for x, y > 0 (sm-nmf.h gives the formulas). */
static inline double
divergence (double beta,
            double x,
            double y)
{
  if (beta == 1.0)
    return x * log (x / y) - x + y;
  if (beta == 0.0)
    return x / y - log (x / y) - 1.0;
  if (beta == 2.0)
    return 0.5 * (x - y) * (x - y);
  return (pow (x, beta) + (beta - 1.0) * pow (y, beta) - beta * x * pow (y, beta - 1.0))
         / (beta * (beta - 1.0));
}

/* y^(beta - 2) and y^(beta - 1) through 1/y, so that IS never forms y^-2 from a tiny y
 * in one step (sm-nmf.h). */
static inline void
powers (double beta,
        float  y,
        float *y_b2,
        float *y_b1)
{
  float r = 1.0f / y;

  if (beta == 1.0)
    {
      *y_b2 = r;
      *y_b1 = 1.0f;
    }
  else if (beta == 0.0)
    {
      *y_b1 = r;
      *y_b2 = r * r;
    }
  else if (beta == 2.0)
    {
      *y_b2 = 1.0f;
      *y_b1 = y;
    }
  else
    {
      *y_b1 = powf (y, (float) beta - 1.0f);
      *y_b2 = *y_b1 * r;
    }
}

/* The models of frames [t0, t0 + n), their update terms and (when @div) their part of
 * the objective. */
static SM_JOINT_HOT void
block_terms (const SmJointFit *fit,
             Scratch          *s,
             size_t            t0,
             size_t            n,
             double           *div)
{
  const size_t nf = (size_t) fit->n_bins;
  const float a = fit->data_weight;
  const float eps = FLOOR;
  double sum = 0.0;

  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, fit->n_bins, fit->kt, 1.0f,
               fit->ht + t0 * (size_t) fit->kt, fit->kt, fit->wt, fit->n_bins, 0.0f, s->vt,
               fit->n_bins);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, fit->n_bins, fit->ki, 1.0f,
               fit->hi + t0 * (size_t) fit->ki, fit->ki, fit->wi, fit->n_bins, 0.0f, s->vi,
               fit->n_bins);
  /* KL on magnitudes, the default, without a power or a branch per bin so that the
   * compiler vectorises it. */
  if (fit->beta == 1.0 && div == NULL)
    {
      const float *vb = fit->v + t0 * nf, *mb = fit->mask + t0 * nf;
      const float b = fit->prior_weight, h = fit->hole_weight;

      for (size_t i = 0; i < n * nf; i++)
        {
          float w = b * (mb[i] + h * (1.0f - mb[i]));
          float x = vb[i] + eps, xt = mb[i] * vb[i] + eps, xi = (1.0f - mb[i]) * vb[i] + eps;
          float r = a * x / (s->vt[i] + s->vi[i] + eps);

          s->pt[i] = r + w * xt / (s->vt[i] + eps);
          s->pi[i] = r + w * xi / (s->vi[i] + eps);
          s->qt[i] = s->qi[i] = a + w;
        }
      return;
    }
  for (size_t i = 0; i < n * nf; i++)
    {
      float v = fit->v[t0 * nf + i];
      float m = fit->mask[t0 * nf + i];
      float w = fit->prior_weight * (m + fit->hole_weight * (1.0f - m));
      float x = v + eps, xt = m * v + eps, xi = (1.0f - m) * v + eps;
      float yt = s->vt[i] + eps, yi = s->vi[i] + eps, lam = s->vt[i] + s->vi[i] + eps;
      float l2, l1, t2, t1, i2, i1;

      powers (fit->beta, lam, &l2, &l1);
      powers (fit->beta, yt, &t2, &t1);
      powers (fit->beta, yi, &i2, &i1);
      s->pt[i] = a * x * l2 + w * xt * t2;
      s->qt[i] = a * l1 + w * t1;
      s->pi[i] = a * x * l2 + w * xi * i2;
      s->qi[i] = a * l1 + w * i1;
      if (div != NULL)
        sum += a * divergence (fit->beta, x, lam)
               + w * (divergence (fit->beta, xt, yt) + divergence (fit->beta, xi, yi));
    }
  if (div != NULL)
    *div += sum;
}

/* H <- H (P W^T / Q W^T)^gamma for one source's rows of a block; a zero or undefined
 * ratio leaves the activation as it was. */
static void
update_h (Scratch     *s,
          const float *p,
          const float *q,
          const float *w,
          float       *h,
          size_t       n,
          int          k,
          int          n_bins,
          float        gamma)
{
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, k, n_bins, 1.0f, p, n_bins, w,
               n_bins, 0.0f, s->gn, k);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, k, n_bins, 1.0f, q, n_bins, w,
               n_bins, 0.0f, s->gd, k);
  for (size_t i = 0; i < n * (size_t) k; i++)
    {
      float ratio = s->gn[i] / s->gd[i];

      if (s->gd[i] > 0.0f && ratio >= 0.0f && ratio <= FLT_MAX)
        h[i] *= gamma == 1.0f ? ratio : powf (ratio, gamma);
    }
}

/* W <- W (num / den)^gamma, then each template rescaled to sum 1 with the scale moved into
 * H, so that both sources' templates stay comparable. */
static void
update_w (const float *num,
          const float *den,
          float       *w,
          float       *h,
          size_t       n_frames,
          int          k,
          int          n_bins,
          float        gamma)
{
  for (int c = 0; c < k; c++)
    {
      float *row = w + (size_t) c * (size_t) n_bins;
      double total = 0.0;

      for (int f = 0; f < n_bins; f++)
        {
          size_t i = (size_t) c * (size_t) n_bins + (size_t) f;
          float ratio = num[i] / den[i];

          if (den[i] > 0.0f && ratio >= 0.0f && ratio <= FLT_MAX)
            row[f] *= gamma == 1.0f ? ratio : powf (ratio, gamma);
          total += row[f];
        }
      if (total > 0.0 && total <= FLT_MAX)
        {
          for (int f = 0; f < n_bins; f++)
            row[f] = (float) (row[f] / total);
          for (size_t t = 0; t < n_frames; t++)
            h[t * (size_t) k + (size_t) c] *= (float) total;
        }
    }
}

/* splitmix64, as sm-nmf-update.c: the same stream on every platform. */
static float
next_uniform (uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (float) (z >> 40) * (1.0f / 16777216.0f);
}

/* Templates summing to 1 (bounded away from 0: an update never revives a zero), and
 * activations at the level where the model's mean matches V's. */
static void
initialise (const SmJointFit *fit)
{
  const size_t nf = (size_t) fit->n_bins;
  const size_t n = fit->n_frames * nf;
  uint64_t state = fit->seed;
  double mean = 0.0;
  float level;

  for (size_t i = 0; i < n; i++)
    mean += fit->v[i];
  mean = mean / (double) n + FLOOR;
  level = (float) (mean * (double) nf / (double) (fit->kt + fit->ki));

  for (int side = 0; side < 2; side++)
    {
      float *w = side == 0 ? fit->wt : fit->wi;
      int k = side == 0 ? fit->kt : fit->ki;
      int learned = fit->learn & (side == 0 ? SM_JOINT_WT : SM_JOINT_WI);

      for (int c = 0; c < k; c++)
        {
          float *row = w + (size_t) c * nf;
          double total = 0.0;

          for (size_t f = 0; f < nf; f++)
            {
              if (learned)
                row[f] = 0.1f + next_uniform (&state);
              total += row[f];
            }
          for (size_t f = 0; total > 0.0 && f < nf; f++)
            row[f] = (float) (row[f] / total);
        }
    }
  for (size_t i = 0; i < fit->n_frames * (size_t) fit->kt; i++)
    fit->ht[i] = level * (0.5f + next_uniform (&state));
  for (size_t i = 0; i < fit->n_frames * (size_t) fit->ki; i++)
    fit->hi[i] = level * (0.5f + next_uniform (&state));
}

SmStatus
_sm_joint_fit (const SmJointFit *fit,
               SmNmfReport      *report,
               const SmRun      *run,
               double            from,
               double            span,
               SmError          *error)
{
  const int nf = fit->n_bins;
  const float gamma = fit->beta < 1.0 ? (float) (1.0 / (2.0 - fit->beta)) : 1.0f;
  const int learn_w = fit->learn & (SM_JOINT_WT | SM_JOINT_WI);
  double start = 0.0;
  Scratch s;
  SmNmfReport r = { 0 };
  SmStatus status = SM_OK;
  int it;

  r.divergence = NAN;
  if (!scratch_init (&s, fit))
    {
      scratch_clear (&s);
      return sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the joint model");
    }
  initialise (fit);

  for (it = 0; it <= fit->max_iterations; it++)
    {
      int measure = it % SM_NMF_TOLERANCE_SPAN == 0 || it == fit->max_iterations
                    || fit->on_iteration != NULL;
      double div = 0.0;

      /* Pass 1: the objective of the current factors, and the activations' update. */
      for (size_t t0 = 0; t0 < fit->n_frames; t0 += FRAMES_PER_BLOCK)
        {
          size_t n = fit->n_frames - t0 < FRAMES_PER_BLOCK ? fit->n_frames - t0
                                                           : FRAMES_PER_BLOCK;

          block_terms (fit, &s, t0, n, measure ? &div : NULL);
          if (it == fit->max_iterations)
            continue;
          update_h (&s, s.pt, s.qt, fit->wt, fit->ht + t0 * (size_t) fit->kt, n, fit->kt, nf,
                    gamma);
          update_h (&s, s.pi, s.qi, fit->wi, fit->hi + t0 * (size_t) fit->ki, n, fit->ki, nf,
                    gamma);
        }
      if (measure)
        {
          r.divergence = div;
          if (fit->on_iteration != NULL && fit->on_iteration (it, div, fit->iteration_data))
            {
              status = SM_ERROR_CANCELLED;
              break;
            }
          if (it % SM_NMF_TOLERANCE_SPAN == 0)
            {
              if (it > 0 && start - div < TOLERANCE * fabs (start))
                {
                  r.converged = 1;
                  break;
                }
              start = div;
            }
        }
      if (it == fit->max_iterations)
        break;

      /* Pass 2: the dictionaries' update, from the new activations. */
      if (learn_w)
        {
          memset (s.wn_t, 0, sizeof (float) * (size_t) fit->kt * (size_t) nf);
          memset (s.wd_t, 0, sizeof (float) * (size_t) fit->kt * (size_t) nf);
          memset (s.wn_i, 0, sizeof (float) * (size_t) fit->ki * (size_t) nf);
          memset (s.wd_i, 0, sizeof (float) * (size_t) fit->ki * (size_t) nf);
          for (size_t t0 = 0; t0 < fit->n_frames; t0 += FRAMES_PER_BLOCK)
            {
              size_t n = fit->n_frames - t0 < FRAMES_PER_BLOCK ? fit->n_frames - t0
                                                               : FRAMES_PER_BLOCK;
              const float *ht = fit->ht + t0 * (size_t) fit->kt;
              const float *hi = fit->hi + t0 * (size_t) fit->ki;

              block_terms (fit, &s, t0, n, NULL);
              cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, fit->kt, nf, (int) n, 1.0f,
                           ht, fit->kt, s.pt, nf, 1.0f, s.wn_t, nf);
              cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, fit->kt, nf, (int) n, 1.0f,
                           ht, fit->kt, s.qt, nf, 1.0f, s.wd_t, nf);
              cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, fit->ki, nf, (int) n, 1.0f,
                           hi, fit->ki, s.pi, nf, 1.0f, s.wn_i, nf);
              cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, fit->ki, nf, (int) n, 1.0f,
                           hi, fit->ki, s.qi, nf, 1.0f, s.wd_i, nf);
            }
          if (fit->learn & SM_JOINT_WT)
            update_w (s.wn_t, s.wd_t, fit->wt, fit->ht, fit->n_frames, fit->kt, nf, gamma);
          if (fit->learn & SM_JOINT_WI)
            update_w (s.wn_i, s.wd_i, fit->wi, fit->hi, fit->n_frames, fit->ki, nf, gamma);
        }
      r.iterations = it + 1;
      if (_sm_run_report (run, from + span * (double) (it + 1) / fit->max_iterations))
        {
          status = SM_ERROR_CANCELLED;
          break;
        }
    }

  scratch_clear (&s);
  if (report != NULL)
    *report = r;
  if (status == SM_ERROR_CANCELLED)
    sm_error_set (error, status, "inpainting was cancelled");
  return status;
}

void
_sm_joint_sources (const SmJointFit *fit,
                   float            *vt,
                   float            *vi)
{
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) fit->n_frames, fit->n_bins,
               fit->kt, 1.0f, fit->ht, fit->kt, fit->wt, fit->n_bins, 0.0f, vt, fit->n_bins);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) fit->n_frames, fit->n_bins,
               fit->ki, 1.0f, fit->hi, fit->ki, fit->wi, fit->n_bins, 0.0f, vi, fit->n_bins);
}
