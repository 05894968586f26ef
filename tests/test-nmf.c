/* test-nmf.c: the masked beta-divergence NMF: monotone objective, recovery, inpainting,
 * numerical range, interpolation of unreliable frames, determinism, options, bad input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "sm-test-util.h"

static const double betas[] = { 0.0, 0.5, 1.0, 1.5, 2.0 };

/* D is summed in double from float32 factors: at a fixed point, rounding alone moves it by
 * about 1e-9 of itself, or by 1e-12 of where it started once the fit is exact. */
#define MONOTONE_SLACK 1e-9
#define MONOTONE_FLOOR 1e-12

/* Memcheck runs OpenBLAS some 300 times slower: the quality tests, which loop over betas
 * through the same code, then check beta = 1 (index 2) only. */
static gboolean
skip_beta (guint index)
{
  return g_getenv ("SM_UNDER_VALGRIND") != NULL && index != 2;
}

typedef struct
{
  size_t  n_frames;
  int     n_bins;
  int     n_comp;
  float  *v;
  float  *mask;
  float  *w;
  float  *h;
} Problem;

/* Uniform in [lo, hi), deterministic. */
static float *
uniform (size_t  n,
         guint64 seed,
         float   lo,
         float   hi)
{
  float *x = sm_test_noise (n, seed, 1.0f);

  for (size_t i = 0; i < n; i++)
    x[i] = lo + (hi - lo) * 0.5f * (x[i] + 1.0f);
  return x;
}

/* V = W0 H0 (rank @rank, in double), times a little multiplicative noise when @noise > 0. */
static float *
low_rank (size_t  n_frames,
          int     n_bins,
          int     rank,
          guint64 seed,
          float   noise)
{
  float *w0 = uniform ((size_t) rank * n_bins, seed, 0.0f, 1.0f);
  float *h0 = uniform (n_frames * rank, seed + 1, 0.0f, 1.0f);
  float *jitter = uniform (n_frames * n_bins, seed + 2, 1.0f - noise, 1.0f + noise);
  float *v = g_new (float, n_frames * n_bins);

  for (size_t t = 0; t < n_frames; t++)
    for (int f = 0; f < n_bins; f++)
      {
        double sum = 0.0;

        /* Sparse-ish templates make the factorisation identifiable. */
        for (int k = 0; k < rank; k++)
          sum += pow (w0[k * n_bins + f], 3.0) * h0[t * rank + k];
        v[t * n_bins + f] = (float) sum * jitter[t * n_bins + f];
      }
  g_free (w0);
  g_free (h0);
  g_free (jitter);
  return v;
}

static Problem
problem_new (size_t n_frames,
             int    n_bins,
             int    n_comp,
             float *v)
{
  Problem p = { n_frames, n_bins, n_comp, v, NULL, NULL, NULL };

  p.w = g_new0 (float, (size_t) n_comp * n_bins);
  p.h = g_new0 (float, n_frames * n_comp);
  return p;
}

static void
problem_free (Problem *p)
{
  g_free (p->v);
  g_free (p->mask);
  g_free (p->w);
  g_free (p->h);
}

/* Binary mask with about @holes of the bins set to 0. */
static float *
random_mask (size_t  n,
             guint64 seed,
             double  holes)
{
  float *m = uniform (n, seed, 0.0f, 1.0f);

  for (size_t i = 0; i < n; i++)
    m[i] = m[i] < holes ? 0.0f : 1.0f;
  return m;
}

static SmNmfData
data_of (const Problem *p)
{
  return (SmNmfData) { p->n_frames, p->n_bins, p->v, p->mask };
}

static SmStatus
fit (Problem           *p,
     const SmNmfParams *params,
     SmNmfReport       *report)
{
  SmNmfData data = data_of (p);
  SmRun run = { 2, NULL, NULL };

  return sm_nmf_fit (&data, params, p->w, p->h, report, &run, NULL);
}

static double
divergence (const Problem *p,
            double         beta)
{
  SmNmfData data = data_of (p);
  double d = NAN;

  g_assert_cmpint (sm_nmf_divergence (&data, p->w, p->h, p->n_comp, beta, 0.0, NULL, &d), ==,
                   SM_OK);
  return d;
}

static int
all_finite (const float *x,
            size_t       n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (x[i]) || x[i] < 0.0f)
      return 0;
  return 1;
}

/* (W H)[f, t], in double. */
static double
model_at (const Problem *p,
          size_t         t,
          int            f)
{
  double sum = 0.0;

  for (int k = 0; k < p->n_comp; k++)
    sum += (double) p->w[k * p->n_bins + f] * p->h[t * p->n_comp + k];
  return sum;
}

typedef struct
{
  GArray *values;
  int     stop_at;
} Trace;

static int
trace_cb (int     iteration,
          double  d,
          void   *data)
{
  Trace *trace = data;

  g_assert_cmpint (iteration, ==, (int) trace->values->len);
  g_array_append_val (trace->values, d);
  return iteration == trace->stop_at;
}

/* D after every iteration, with and without a random mask, for each beta: never rises, and
 * ends well below where it started. The last value agrees with sm_nmf_divergence. */
static void
test_monotone (void)
{
  for (int masked = 0; masked <= 1; masked++)
    for (guint b = 0; b < G_N_ELEMENTS (betas); b++)
      {
        Problem p = problem_new (60, 40, 5, low_rank (60, 40, 8, 11 + b, 0.3f));
        Trace trace = { g_array_new (FALSE, FALSE, sizeof (double)), -1 };
        SmNmfParams params;
        SmNmfReport report;
        double *d;

        if (masked)
          p.mask = random_mask (60 * 40, 5 + b, 0.3);
        sm_nmf_params_init (&params, 5, betas[b]);
        params.max_iterations = 150;
        params.tolerance = 0.0;
        params.on_iteration = trace_cb;
        params.iteration_data = &trace;
        g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
        g_assert_cmpint (report.iterations, ==, 150);
        g_assert_cmpuint (trace.values->len, ==, 151);
        d = (double *) (void *) trace.values->data;
        for (guint i = 1; i < trace.values->len; i++)
          {
            if (!(d[i] <= d[i - 1] * (1.0 + MONOTONE_SLACK) + MONOTONE_FLOOR * d[0]))
              g_error ("beta %g mask %d: D rose from %.9g to %.9g at iteration %u",
                       betas[b], masked, d[i - 1], d[i], i);
          }
        g_assert_cmpfloat (d[150], <, 0.2 * d[0]);
        g_assert_cmpfloat (report.divergence, ==, d[150]);
        g_assert_cmpfloat (fabs (divergence (&p, betas[b]) - d[150]), <=, 1e-5 * d[150]);
        g_array_unref (trace.values);
        problem_free (&p);
      }
}

/* V = W0 H0 exactly, K = 4: the fit reaches a tiny divergence and reproduces V. */
static void
test_recovery (void)
{
  for (guint b = 0; b < G_N_ELEMENTS (betas); b += 2)
    {
      double d0, energy = 0.0, err = 0.0;
      SmNmfParams params;
      SmNmfReport report;
      Problem p;

      if (skip_beta (b))
        continue;
      p = problem_new (200, 64, 4, low_rank (200, 64, 4, 21, 0.0f));
      sm_nmf_params_init (&params, 4, betas[b]);
      params.max_iterations = 0;
      g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
      d0 = report.divergence;
      params.max_iterations = 2000;
      params.tolerance = 0.0;
      g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
      for (size_t t = 0; t < 200; t++)
        for (int f = 0; f < 64; f++)
          {
            double v = p.v[t * 64 + f];

            energy += v * v;
            err += (model_at (&p, t, f) - v) * (model_at (&p, t, f) - v);
          }
      g_test_message ("beta %g: D %g -> %g, relative error %g", betas[b], d0,
                      report.divergence, sqrt (err / energy));
      g_assert_cmpfloat (report.divergence, <, 1e-3 * d0);
      g_assert_cmpfloat (sqrt (err / energy), <, 1e-2);
      problem_free (&p);
    }
}

/* Low-rank V with 30% of its bins replaced by loud interference. Fitted on the reliable
 * bins only, W H predicts the hidden true values; fitted on every bin (the seed notebook's
 * M = 1), it follows the interference. */
static void
test_masked_inpainting (void)
{
  for (guint b = 0; b < G_N_ELEMENTS (betas); b += 2)
    {
      size_t n = 300 * 64;
      double err_masked = 0.0, err_ones = 0.0, energy = 0.0;
      SmNmfParams params;
      float *truth, *loud;
      Problem p;

      if (skip_beta (b))
        continue;
      truth = low_rank (300, 64, 4, 31, 0.0f);
      loud = uniform (n, 32, 0.0f, 5.0f);
      p = problem_new (300, 64, 4, g_memdup2 (truth, sizeof (float) * n));
      p.mask = random_mask (n, 33, 0.3);
      for (size_t i = 0; i < n; i++)
        if (p.mask[i] == 0.0f)
          p.v[i] += loud[i];
      sm_nmf_params_init (&params, 4, betas[b]);
      params.max_iterations = 1000;
      params.tolerance = 1e-7;
      for (int ones = 0; ones <= 1; ones++)
        {
          float *mask = p.mask;

          if (ones)
            p.mask = NULL;
          g_assert_cmpint (fit (&p, &params, NULL), ==, SM_OK);
          p.mask = mask;
          for (size_t i = 0; i < n; i++)
            if (p.mask[i] == 0.0f)
              {
                double e = model_at (&p, i / 64, (int) (i % 64)) - truth[i];

                *(ones ? &err_ones : &err_masked) += e * e;
                energy += ones ? 0.0 : (double) truth[i] * truth[i];
              }
        }
      err_masked = sqrt (err_masked / energy);
      err_ones = sqrt (err_ones / energy);
      g_test_message ("beta %g: hidden-bin error %g masked, %g with M = 1", betas[b],
                      err_masked, err_ones);
      g_assert_cmpfloat (err_masked, <, 0.03);
      g_assert_cmpfloat (err_ones, >, 10.0 * err_masked);
      g_free (truth);
      g_free (loud);
      problem_free (&p);
    }
}

/* IS on a power spectrogram spanning 160 dB, at extreme absolute levels: every factor
 * stays finite, D decreases, and the result only scales with the level (the arithmetic
 * runs on V times a power of two). */
static void
test_dynamic_range (void)
{
  static const float levels[] = { 1.0f, 0x1p-60f, 0x1p60f };   /* V stays normal */
  size_t n = 120 * 80;
  float *w_ref = NULL, *h_ref = NULL;

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      Problem p = problem_new (120, 80, 6, low_rank (120, 80, 3, 41, 0.2f));
      SmNmfParams params;
      SmNmfReport report;
      double d0;

      /* A spectral tilt of 100 dB times a fade of 60 dB: 0 dB down to below -160 dB. */
      for (size_t i = 0; i < n; i++)
        p.v[i] *= levels[l] * powf (10.0f, -10.0f * (float) (i % 80) / 79.0f)
                  * powf (10.0f, -6.0f * (float) (i / 80) / 119.0f);
      sm_nmf_params_init (&params, 6, 0.0);
      params.max_iterations = 0;
      g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
      d0 = report.divergence;
      params.max_iterations = 200;
      g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
      g_test_message ("level %g: D %g -> %g", levels[l], d0, report.divergence);
      g_assert_true (all_finite (p.w, 6 * 80));
      g_assert_true (all_finite (p.h, 120 * 6));
      g_assert_true (isfinite (report.divergence));
      g_assert_cmpfloat (report.divergence, <, 0.1 * d0);
      if (l == 0)
        {
          w_ref = g_memdup2 (p.w, sizeof (float) * 6 * 80);
          h_ref = g_memdup2 (p.h, sizeof (float) * 120 * 6);
        }
      else
        {
          g_assert_cmpmem (p.w, sizeof (float) * 6 * 80, w_ref, sizeof (float) * 6 * 80);
          for (size_t i = 0; i < 120 * 6; i++)
            g_assert_cmpfloat (p.h[i], ==, h_ref[i] * levels[l]);
        }
      problem_free (&p);
    }
  g_free (w_ref);
  g_free (h_ref);
}

/* Silent bins and frames: finite factors for every beta, and a model near 0 there. */
static void
test_zero_rows_columns (void)
{
  for (guint b = 0; b < G_N_ELEMENTS (betas); b++)
    {
      Problem p = problem_new (50, 30, 3, low_rank (50, 30, 3, 51, 0.1f));
      SmNmfParams params;
      SmNmfReport report;
      double peak = 0.0, worst = 0.0;

      for (size_t t = 0; t < 50; t++)
        for (int f = 0; f < 30; f++)
          {
            if (f < 3 || f == 17 || t == 0 || (t >= 20 && t < 25))
              p.v[t * 30 + f] = 0.0f;
            peak = fmax (peak, p.v[t * 30 + f]);
          }
      sm_nmf_params_init (&params, 3, betas[b]);
      params.max_iterations = 300;
      g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
      g_assert_true (all_finite (p.w, 3 * 30));
      g_assert_true (all_finite (p.h, 50 * 3));
      g_assert_true (isfinite (report.divergence));
      for (size_t t = 0; t < 50; t++)
        for (int f = 0; f < 30; f++)
          if (p.v[t * 30 + f] == 0.0f)
            worst = fmax (worst, model_at (&p, t, f));
      g_test_message ("beta %g: model at silent bins <= %g of the peak", betas[b],
                      worst / peak);
      g_assert_cmpfloat (worst, <, 1e-6 * peak);
      problem_free (&p);
    }
}

/* Frames whose weights are all 0 get H interpolated from the nearest reliable frames. A bin
 * unreliable in every frame has zero denominators: W keeps a positive value there instead of
 * collapsing to 0. */
static void
test_unreliable_frames (void)
{
  Problem p = problem_new (40, 24, 3, low_rank (40, 24, 3, 61, 0.1f));
  SmNmfParams params;
  SmNmfReport report;

  p.mask = random_mask (40 * 24, 62, 0.2);
  for (size_t t = 0; t < 40; t++)
    {
      if (t < 2 || (t >= 10 && t < 15) || t == 39)
        memset (p.mask + t * 24, 0, sizeof (float) * 24);
      p.mask[t * 24 + 7] = 0.0f;
    }
  sm_nmf_params_init (&params, 3, 1.0);
  g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
  g_assert_cmpuint (report.n_interpolated_frames, ==, 8);
  g_assert_true (all_finite (p.w, 3 * 24));
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat (p.w[k * 24 + 7], >, 1e-4f);   /* drawn >= 0.1 / 26, then ~ kept */
  for (int k = 0; k < 3; k++)
    {
      float a = p.h[9 * 3 + k], b = p.h[15 * 3 + k];

      g_assert_cmpfloat (p.h[0 * 3 + k], ==, p.h[2 * 3 + k]);
      g_assert_cmpfloat (p.h[1 * 3 + k], ==, p.h[2 * 3 + k]);
      g_assert_cmpfloat (p.h[39 * 3 + k], ==, p.h[38 * 3 + k]);
      for (size_t t = 10; t < 15; t++)
        g_assert_cmpfloat_with_epsilon (p.h[t * 3 + k], a + (b - a) * (t - 9) / 6.0f,
                                        1e-6 * fmax (a, b));
    }
  problem_free (&p);
}

/* One seed, one result, bit for bit: twice on two threads, and once on one thread (the
 * passes sum per block in a fixed order); another seed, another result. The problem is
 * large enough (T F > 2^18) for the passes to use several blocks and threads. */
static void
test_deterministic (void)
{
  enum { T = 600, F = 513, K = 4, RUNS = 4 };
  float *w[RUNS], *h[RUNS];
  double d[RUNS];

  for (int i = 0; i < RUNS; i++)
    {
      Problem p = problem_new (T, F, K, low_rank (T, F, 6, 71, 0.2f));
      SmNmfData data = data_of (&p);
      SmRun run = { i == 2 ? 1 : 2, NULL, NULL };
      SmNmfParams params;
      SmNmfReport report;

      p.mask = random_mask (T * F, 72, 0.3);
      sm_nmf_params_init (&params, K, 0.5);
      params.seed = i == 3 ? 8 : 7;
      params.max_iterations = 10;
      g_assert_cmpint (sm_nmf_fit (&data, &params, p.w, p.h, &report, &run, NULL), ==, SM_OK);
      w[i] = g_memdup2 (p.w, sizeof (float) * K * F);
      h[i] = g_memdup2 (p.h, sizeof (float) * T * K);
      d[i] = report.divergence;
      problem_free (&p);
    }
  for (int i = 1; i < 3; i++)
    {
      g_assert_cmpmem (w[0], sizeof (float) * K * F, w[i], sizeof (float) * K * F);
      g_assert_cmpmem (h[0], sizeof (float) * T * K, h[i], sizeof (float) * T * K);
      g_assert_cmpfloat (d[0], ==, d[i]);
    }
  g_assert_true (memcmp (w[0], w[3], sizeof (float) * K * F) != 0);
  for (int i = 0; i < RUNS; i++)
    {
      g_free (w[i]);
      g_free (h[i]);
    }
}

/* A fixed factor is never written: bit-identical after the fit, while the other improves. */
static void
test_fixed_factor (void)
{
  for (int fixed_w = 0; fixed_w <= 1; fixed_w++)
    {
      Problem p = problem_new (70, 40, 4, low_rank (70, 40, 4, 81, 0.1f));
      SmNmfParams params;
      SmNmfReport report;
      float *w0, *h0;
      double before;

      sm_nmf_params_init (&params, 4, 0.0);
      params.max_iterations = 30;   /* a rough dictionary and activations */
      g_assert_cmpint (fit (&p, &params, NULL), ==, SM_OK);
      w0 = g_memdup2 (p.w, sizeof (float) * 160);
      h0 = g_memdup2 (p.h, sizeof (float) * 280);
      before = divergence (&p, 0.0);
      params.update = fixed_w ? SM_NMF_H : SM_NMF_W;
      params.given = SM_NMF_W | SM_NMF_H;
      params.max_iterations = 100;
      g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
      if (fixed_w)
        g_assert_cmpmem (p.w, sizeof (float) * 160, w0, sizeof (float) * 160);
      else
        g_assert_cmpmem (p.h, sizeof (float) * 280, h0, sizeof (float) * 280);
      g_assert_cmpfloat (report.divergence, <, 0.99 * before);
      g_free (w0);
      g_free (h0);
      problem_free (&p);
    }
}

static int
cancel_progress_cb (double  fraction,
                    void   *data)
{
  return fraction >= 0.25;
}

/* on_iteration and SmRun's progress both stop the fit, leaving finite factors. */
static void
test_cancel (void)
{
  Problem p = problem_new (40, 30, 3, low_rank (40, 30, 3, 91, 0.1f));
  Trace trace = { g_array_new (FALSE, FALSE, sizeof (double)), 5 };
  SmNmfData data = data_of (&p);
  SmRun run = { 2, cancel_progress_cb, NULL };
  SmNmfParams params;
  SmNmfReport report;
  SmError error = { 0 };

  sm_nmf_params_init (&params, 3, 1.0);
  params.on_iteration = trace_cb;
  params.iteration_data = &trace;
  g_assert_cmpint (fit (&p, &params, &report), ==, SM_ERROR_CANCELLED);
  g_assert_cmpint (report.iterations, ==, 5);
  g_assert_cmpuint (trace.values->len, ==, 6);
  g_assert_true (all_finite (p.h, 40 * 3));

  params.on_iteration = NULL;
  params.max_iterations = 100;
  g_assert_cmpint (sm_nmf_fit (&data, &params, p.w, p.h, &report, &run, &error), ==,
                   SM_ERROR_CANCELLED);
  g_assert_cmpint (error.status, ==, SM_ERROR_CANCELLED);
  g_assert_cmpint (report.iterations, ==, 25);
  g_array_unref (trace.values);
  problem_free (&p);
}

/* A tolerance stops the fit at a multiple of 10 once D stalls, and says so. */
static void
test_convergence (void)
{
  Problem p = problem_new (60, 30, 3, low_rank (60, 30, 3, 95, 0.3f));
  Trace trace = { g_array_new (FALSE, FALSE, sizeof (double)), -1 };
  SmNmfParams params;
  SmNmfReport report;
  double *d;
  int n;

  sm_nmf_params_init (&params, 3, 1.0);
  params.max_iterations = 5000;
  params.tolerance = 1e-3;
  params.on_iteration = trace_cb;
  params.iteration_data = &trace;
  g_assert_cmpint (fit (&p, &params, &report), ==, SM_OK);
  n = report.iterations;
  d = (double *) (void *) trace.values->data;
  g_assert_true (report.converged);
  g_assert_cmpint (n % 10, ==, 0);
  g_assert_cmpint (n, <, 5000);
  g_assert_cmpfloat (d[n - 10] - d[n], <, 1e-3 * d[n - 10]);
  g_assert_cmpfloat (d[n - 20] - d[n - 10], >=, 1e-3 * d[n - 20]);
  g_array_unref (trace.values);
  problem_free (&p);
}

/* sm_nmf_divergence against the formulas, on 2 x 2 data (eps is 1e-12 of the peak). */
static void
test_divergence_values (void)
{
  float v[] = { 1.0f, 2.0f, 0.5f, 4.0f };
  float mask[] = { 1.0f, 0.5f, 0.0f, 1.0f };
  float w[] = { 1.0f, 1.0f };              /* K = 1 */
  float h[] = { 2.0f, 1.0f };
  SmNmfData data = { 2, 2, v, mask };

  for (guint b = 0; b < G_N_ELEMENTS (betas); b++)
    {
      double beta = betas[b], expected = 0.0, d;

      for (int i = 0; i < 4; i++)
        {
          double x = v[i], y = h[i / 2], dd;

          if (beta == 0.0)
            dd = x / y - log (x / y) - 1.0;
          else if (beta == 1.0)
            dd = x * log (x / y) - x + y;
          else
            dd = (pow (x, beta) + (beta - 1) * pow (y, beta) - beta * x * pow (y, beta - 1))
                 / (beta * (beta - 1));
          expected += mask[i] * dd;
        }
      g_assert_cmpint (sm_nmf_divergence (&data, w, h, 1, beta, 1e-12, NULL, &d), ==, SM_OK);
      g_assert_cmpfloat_with_epsilon (d, expected, 1e-9 * expected);
    }
}

/* Every rejected input returns SM_ERROR_BAD_ARG and leaves W and H untouched. */
static void
test_bad_args (void)
{
  Problem p = problem_new (20, 10, 2, low_rank (20, 10, 2, 99, 0.1f));
  SmNmfData data = data_of (&p);
  SmNmfParams good, params;
  SmError error = { 0 };
  float *zeros = g_new0 (float, 200);
  double d;

  sm_nmf_params_init (&good, 2, 1.0);
  for (size_t i = 0; i < 20; i++)
    p.w[i] = p.h[2 * i] = p.h[2 * i + 1] = 0.25f;   /* sentinels */

#define EXPECT_BAD(setup)                                                                  \
  G_STMT_START {                                                                           \
    params = good;                                                                         \
    data = data_of (&p);                                                                   \
    setup;                                                                                 \
    sm_error_clear (&error);                                                               \
    g_assert_cmpint (sm_nmf_fit (&data, &params, p.w, p.h, NULL, NULL, &error), ==,        \
                     SM_ERROR_BAD_ARG);                                                    \
    g_assert_cmpint (error.status, ==, SM_ERROR_BAD_ARG);                                  \
    g_assert_cmpuint (strlen (error.message), >, 0);                                       \
    g_assert_cmpfloat (p.w[3], ==, 0.25f);                                                 \
    g_assert_cmpfloat (p.h[3], ==, 0.25f);                                                 \
  } G_STMT_END

  EXPECT_BAD (params.n_components = 0);
  EXPECT_BAD (params.beta = -0.1);
  EXPECT_BAD (params.beta = 2.5);
  EXPECT_BAD (params.beta = NAN);
  EXPECT_BAD (params.max_iterations = -1);
  EXPECT_BAD (params.tolerance = -1e-3);
  EXPECT_BAD (params.rel_floor = 1e-20);
  EXPECT_BAD (params.update = 0);
  EXPECT_BAD (params.update = SM_NMF_H);              /* fixed W, but not given */
  EXPECT_BAD (data.n_frames = 0);
  EXPECT_BAD (data.v = NULL);
  EXPECT_BAD (p.v[7] = NAN);
  p.v[7] = 1.0f;
  EXPECT_BAD (p.v[8] = -1.0f);
  p.v[8] = 1.0f;
  EXPECT_BAD (p.v[9] = INFINITY);
  p.v[9] = 1.0f;
  EXPECT_BAD (data.mask = zeros);                     /* no reliable bin at all */
  zeros[5] = 1.5f;
  EXPECT_BAD (data.mask = zeros);
  zeros[5] = NAN;
  EXPECT_BAD (data.mask = zeros);
  EXPECT_BAD ({ params.given = SM_NMF_W; p.w[0] = NAN; });
  p.w[0] = 0.25f;
  EXPECT_BAD ({ params.given = SM_NMF_H; p.h[0] = -1.0f; });
  p.h[0] = 0.25f;
#undef EXPECT_BAD

  data = data_of (&p);
  g_assert_cmpint (sm_nmf_fit (&data, NULL, p.w, p.h, NULL, NULL, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_nmf_divergence (&data, p.w, p.h, 0, 1.0, 0.0, NULL, &d), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_nmf_divergence (&data, p.w, p.h, 2, 3.0, 0.0, NULL, &d), ==,
                   SM_ERROR_BAD_ARG);
  p.v[0] = NAN;
  g_assert_cmpint (sm_nmf_divergence (&data, p.w, p.h, 2, 1.0, 0.0, NULL, &d), ==,
                   SM_ERROR_BAD_ARG);
  g_free (zeros);
  problem_free (&p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/nmf/monotone", test_monotone);
  g_test_add_func ("/core/nmf/recovery", test_recovery);
  g_test_add_func ("/core/nmf/masked-inpainting", test_masked_inpainting);
  g_test_add_func ("/core/nmf/dynamic-range", test_dynamic_range);
  g_test_add_func ("/core/nmf/zero-rows-columns", test_zero_rows_columns);
  g_test_add_func ("/core/nmf/unreliable-frames", test_unreliable_frames);
  g_test_add_func ("/core/nmf/deterministic", test_deterministic);
  g_test_add_func ("/core/nmf/fixed-factor", test_fixed_factor);
  g_test_add_func ("/core/nmf/cancel", test_cancel);
  g_test_add_func ("/core/nmf/convergence", test_convergence);
  g_test_add_func ("/core/nmf/divergence-values", test_divergence_values);
  g_test_add_func ("/core/nmf/bad-args", test_bad_args);

  return g_test_run ();
}
