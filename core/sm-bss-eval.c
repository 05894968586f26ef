/* sm-bss-eval.c: BSS Eval v3 SDR, SIR and SAR with a time-invariant distortion filter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each projection is a least-squares fit of the estimate by the references delayed by
 * 0..L-1 samples. Its normal equations G c = D need the Gram matrix G of the delayed
 * references and their inner products D with the estimate, and every entry of both is a
 * correlation at a lag |m| < L. So all of them come from a few whole-signal FFTs, long
 * enough (>= n + L - 1) that circular correlation equals linear correlation at those lags,
 * in double precision because G can be ill-conditioned and float would lose the fit. G is
 * symmetric positive semi-definite, so it is solved by Cholesky.
 */
#include "sm-bss-eval.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-fft-private.h"
#include "sm-parallel-private.h"

typedef struct Bss
{
  size_t        n;          /* samples per input */
  size_t        len;        /* n + flen - 1: the zero-extended length of every signal */
  int           flen;
  int           n_refs;     /* 1 (target) or 2 (target, interferer) */
  int           n_fft;
  size_t        n_spec;     /* n_fft / 2 + 1 */
  fftw_plan     r2c;        /* borrowed from the plan cache */
  fftw_plan     c2r;
  double       *real;       /* n_fft scratch: transform input and output */
  fftw_complex *cwork;      /* n_spec scratch */
  fftw_complex *ref_spec[2];
  fftw_complex *est_spec;
  double       *gram;       /* dim x dim, row-major, lower triangle; dim = n_refs * flen */
  double       *rhs;        /* dim */
  double       *factor;     /* dim x dim Cholesky workspace */
  double       *coef;       /* dim */
  double       *diag0;      /* dim: the diagonal being factored, before factoring */
  double       *proj_t;     /* len: the projection onto the target alone */
} Bss;

/* Rejects what mir_eval rejects (silence) and what would poison the sums (NaN, inf). */
static SmStatus
check_signal (const float *x,
              size_t       n)
{
  int any = 0;

  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (x[i]))
        return SM_ERROR_NONFINITE;
      any |= x[i] != 0.0f;
    }
  return any ? SM_OK : SM_ERROR_BAD_ARG;
}

static void
forward (Bss          *b,
         const float  *x,
         fftw_complex *out)
{
  for (size_t i = 0; i < b->n; i++)
    b->real[i] = x[i];
  memset (b->real + b->n, 0, sizeof (double) * ((size_t) b->n_fft - b->n));
  fftw_execute_dft_r2c (b->r2c, b->real, out);
}

/* Leaves r[m] = sum_t x[t + m] y[t] in b->real[m mod n_fft] for the spectra of x and y. */
static void
correlate (Bss                *b,
           const fftw_complex *x,
           const fftw_complex *y)
{
  double scale = 1.0 / b->n_fft;

  for (size_t k = 0; k < b->n_spec; k++)
    b->cwork[k] = x[k] * conj (y[k]) * scale;
  fftw_execute_dft_c2r (b->c2r, b->cwork, b->real);
}

static double
lag (const Bss *b,
     long       m)
{
  return b->real[m >= 0 ? m : b->n_fft + m];
}

/* G[(i, a), (j, c)] = <s_i delayed by a, s_j delayed by c> = r_ji[a - c], and
 * D[(i, a)] = <e, s_i delayed by a> = r_ie[-a]. Only G's lower triangle is filled: it is
 * symmetric and Cholesky reads no more. */
static void
build_normal_equations (Bss *b)
{
  size_t dim = (size_t) b->n_refs * b->flen;
  long flen = b->flen;

  for (int i = 0; i < b->n_refs; i++)
    {
      for (int j = 0; j <= i; j++)
        {
          correlate (b, b->ref_spec[j], b->ref_spec[i]);
          for (long a = 0; a < flen; a++)
            {
              double *row = b->gram + (i * flen + a) * dim + j * flen;
              long last = i == j ? a : flen - 1;

              for (long c = 0; c <= last; c++)
                row[c] = lag (b, a - c);
            }
        }
      correlate (b, b->ref_spec[i], b->est_spec);
      for (long a = 0; a < flen; a++)
        b->rhs[i * flen + a] = lag (b, -a);
    }
}

/* Factors the dim x dim block at a (row stride ld), already updated by the blocks to its
 * left, column by column: L[i][j] = (a[i][j] - L[i][:j] . L[j][:j]) / L[j][j]. A pivot
 * must keep more than 1e-12 of its original value diag0[j]: what is left is the part of
 * that delayed reference the earlier ones do not explain, and below that it is rounding
 * noise, so the system is singular to working precision. Returns nonzero then. */
static int
cholesky_block (double       *a,
                size_t        dim,
                size_t        ld,
                const double *diag0)
{
  for (size_t j = 0; j < dim; j++)
    {
      double *row_j = a + j * ld;
      double d = row_j[j] - cblas_ddot ((int) j, row_j, 1, row_j, 1);

      if (!(d > 1e-12 * diag0[j]))
        return 1;
      d = sqrt (d);
      row_j[j] = d;
      for (size_t i = j + 1; i < dim; i++)
        a[i * ld + j] = (a[i * ld + j] - cblas_ddot ((int) j, a + i * ld, 1, row_j, 1)) / d;
    }
  return 0;
}

/* Overwrites the lower triangle of the dim x dim matrix a (row stride dim) with its
 * Cholesky factor, by blocks of CHOL_BLOCK columns (right-looking: factor the diagonal
 * block, solve the panel under it, subtract the panel's outer product from the rest), so
 * that nearly all the work is one BLAS-3 dsyrk per block. */
#define CHOL_BLOCK 64

static int
cholesky (double       *a,
          size_t        dim,
          const double *diag0)
{
  for (size_t k = 0; k < dim; k += CHOL_BLOCK)
    {
      size_t nb = dim - k < CHOL_BLOCK ? dim - k : CHOL_BLOCK;
      size_t rest = dim - k - nb;
      double *a11 = a + k * dim + k;
      double *a21 = a11 + nb * dim;

      if (cholesky_block (a11, nb, dim, diag0 + k) != 0)
        return 1;
      if (rest == 0)
        break;
      /* L21 = A21 L11^-T, then A22 -= L21 L21^T (lower triangle only). */
      cblas_dtrsm (CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                   (int) rest, (int) nb, 1.0, a11, (int) dim, a21, (int) dim);
      cblas_dsyrk (CblasRowMajor, CblasLower, CblasNoTrans, (int) rest, (int) nb, -1.0,
                   a21, (int) dim, 1.0, a21 + nb, (int) dim);
    }
  return 0;
}

/* Solves the leading dim x dim block of G c = D into b->coef.
 *
 * mir_eval calls numpy.linalg.solve and, if that reports a singular matrix, falls back to
 * numpy.linalg.lstsq, the minimum-norm least-squares solution. G is singular when the
 * delayed references are linearly dependent (a target of a few pure tones, or n < dim).
 * Cholesky meets such a matrix as a pivot that rounding has made zero or negative; we then
 * solve the ridge system (G + lambda I) c = D with the smallest lambda of a ladder starting
 * at 1e-10 of the mean diagonal (100 times the pivot floor of cholesky_block, so that the
 * first rung normally succeeds) that factors. As lambda goes to 0 the ridge solution tends
 * to the minimum-norm one, and the projection the scores use moves only by about lambda
 * relative to the energy of the fit, far below the 0.01 dB the scores are printed to. */
static SmStatus
solve (Bss    *b,
       size_t  dim)
{
  size_t ld = (size_t) b->n_refs * b->flen;
  double mean_diag = 0.0;
  double lambda = 0.0;
  double *L = b->factor;
  double *x = b->coef;
  double *diag0 = b->diag0;

  for (size_t i = 0; i < dim; i++)
    mean_diag += b->gram[i * ld + i] / (double) dim;

  for (int attempt = 0;; attempt++)
    {
      for (size_t i = 0; i < dim; i++)
        {
          memcpy (L + i * dim, b->gram + i * ld, sizeof (double) * (i + 1));
          L[i * dim + i] += lambda;
          diag0[i] = L[i * dim + i];
        }
      if (cholesky (L, dim, diag0) == 0)
        break;
      /* At lambda = mean_diag, G + lambda I is safely positive definite for any finite
       * Gram matrix; failing there means G holds NaN (overflowed correlations). */
      if (attempt == 11)
        return SM_ERROR_NONFINITE;
      lambda = lambda == 0.0 ? 1e-10 * mean_diag : lambda * 10.0;
    }

  /* L y = D forwards, then L^T c = y backwards, the latter by rows of L so the inner
   * loop stays contiguous. */
  for (size_t i = 0; i < dim; i++)
    x[i] = (b->rhs[i] - cblas_ddot ((int) i, L + i * dim, 1, x, 1)) / L[i * dim + i];
  for (size_t i = dim; i-- > 0;)
    {
      x[i] /= L[i * dim + i];
      cblas_daxpy ((int) i, -x[i], L + i * dim, 1, x, 1);
    }
  return SM_OK;
}

/* Filters the first n_refs references by b->coef and sums: the projection, in b->real. */
static void
project (Bss *b,
         int  n_refs)
{
  fftw_complex *acc = b->est_spec;   /* free once D is built */
  double scale = 1.0 / b->n_fft;

  memset (acc, 0, sizeof (fftw_complex) * b->n_spec);
  for (int i = 0; i < n_refs; i++)
    {
      memcpy (b->real, b->coef + (size_t) i * b->flen, sizeof (double) * (size_t) b->flen);
      memset (b->real + b->flen, 0, sizeof (double) * (size_t) (b->n_fft - b->flen));
      fftw_execute_dft_r2c (b->r2c, b->real, b->cwork);
      for (size_t k = 0; k < b->n_spec; k++)
        acc[k] += b->cwork[k] * b->ref_spec[i][k] * scale;
    }
  fftw_execute_dft_c2r (b->c2r, acc, b->real);
}

static double
safe_db (double num,
         double den)
{
  /* mir_eval's _safe_db: a perfect decomposition is +inf, not a division warning. */
  if (den == 0.0)
    return INFINITY;
  return 10.0 * log10 (num / den);
}

static void
scores (const Bss    *b,
        const float  *estimate,
        const double *proj_all,
        SmBssScores  *out)
{
  const double *pt = b->proj_t;
  double tt = 0.0, et = 0.0, at = 0.0, aa = 0.0, ea = 0.0;

  for (size_t i = 0; i < b->len; i++)
    {
      double e = i < b->n ? estimate[i] : 0.0;
      double t = pt[i];
      double a = proj_all[i];

      tt += t * t;
      et += (e - t) * (e - t);
      at += (a - t) * (a - t);
      aa += a * a;
      ea += (e - a) * (e - a);
    }
  out->sdr = safe_db (tt, et);
  out->sir = safe_db (tt, at);
  out->sar = safe_db (aa, ea);
}

static void
bss_clear (Bss *b)
{
  fftw_free (b->real);
  fftw_free (b->cwork);
  fftw_free (b->ref_spec[0]);
  fftw_free (b->ref_spec[1]);
  fftw_free (b->est_spec);
  free (b->gram);
  free (b->rhs);
  free (b->factor);
  free (b->coef);
  free (b->diag0);
  free (b->proj_t);
}

SmStatus
sm_bss_eval (const float *target,
             const float *interferer,
             const float *estimate,
             size_t       n,
             int          filter_len,
             const SmRun *run,
             SmBssScores *out)
{
  Bss b = { 0 };
  SmBssScores result;
  SmStatus status;
  size_t dim;
  size_t n_fft = 1;

  if (target == NULL || estimate == NULL || out == NULL || n == 0 ||
      filter_len < 1 || filter_len > SM_BSS_MAX_FILTER_LEN || n > ((size_t) 1 << 29))
    return SM_ERROR_BAD_ARG;
  if ((status = check_signal (target, n)) != SM_OK ||
      (interferer != NULL && (status = check_signal (interferer, n)) != SM_OK) ||
      (status = check_signal (estimate, n)) != SM_OK)
    return status;

  b.n = n;
  b.len = n + (size_t) filter_len - 1;
  b.flen = filter_len;
  b.n_refs = interferer != NULL ? 2 : 1;
  while (n_fft < b.len)
    n_fft *= 2;
  b.n_fft = (int) n_fft;
  b.n_spec = n_fft / 2 + 1;
  dim = (size_t) b.n_refs * (size_t) filter_len;

  status = SM_ERROR_NOMEM;
  b.r2c = _sm_fft_plan_r2c_f64 (b.n_fft);
  b.c2r = _sm_fft_plan_c2r_f64 (b.n_fft);
  b.real = fftw_malloc (sizeof (double) * n_fft);
  b.cwork = fftw_malloc (sizeof (fftw_complex) * b.n_spec);
  b.est_spec = fftw_malloc (sizeof (fftw_complex) * b.n_spec);
  for (int i = 0; i < b.n_refs; i++)
    b.ref_spec[i] = fftw_malloc (sizeof (fftw_complex) * b.n_spec);
  b.gram = malloc (sizeof (double) * dim * dim);
  b.factor = malloc (sizeof (double) * dim * dim);
  b.rhs = malloc (sizeof (double) * dim);
  b.coef = malloc (sizeof (double) * dim);
  b.diag0 = malloc (sizeof (double) * dim);
  b.proj_t = malloc (sizeof (double) * b.len);
  if (b.r2c == NULL || b.c2r == NULL || b.real == NULL || b.cwork == NULL ||
      b.est_spec == NULL || b.ref_spec[0] == NULL ||
      (b.n_refs == 2 && b.ref_spec[1] == NULL) || b.gram == NULL || b.factor == NULL ||
      b.rhs == NULL || b.coef == NULL || b.diag0 == NULL || b.proj_t == NULL)
    goto error;

  status = SM_ERROR_CANCELLED;
  forward (&b, target, b.ref_spec[0]);
  if (interferer != NULL)
    forward (&b, interferer, b.ref_spec[1]);
  forward (&b, estimate, b.est_spec);
  if (_sm_run_report (run, 0.2))
    goto error;

  build_normal_equations (&b);
  if (_sm_run_report (run, 0.4))
    goto error;

  /* The target-only system is the leading block of the full one. */
  if ((status = solve (&b, (size_t) filter_len)) != SM_OK)
    goto error;
  project (&b, 1);
  memcpy (b.proj_t, b.real, sizeof (double) * b.len);
  status = SM_ERROR_CANCELLED;
  if (_sm_run_report (run, 0.55))
    goto error;

  if (b.n_refs == 2)
    {
      if ((status = solve (&b, dim)) != SM_OK)
        goto error;
      project (&b, 2);
    }
  /* With one reference both projections are the same vector, so e_interf is exactly
   * zero and SIR is +inf, as in mir_eval. */
  scores (&b, estimate, b.n_refs == 2 ? b.real : b.proj_t, &result);
  status = SM_ERROR_CANCELLED;
  if (_sm_run_report (run, 1.0))
    goto error;
  *out = result;
  status = SM_OK;

error:
  bss_clear (&b);
  return status;
}
