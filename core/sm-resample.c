/* sm-resample.c: polyphase rational resampler with a Kaiser-windowed sinc low-pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Design (Oppenheim & Schafer, "Discrete-Time Signal Processing": rate change by a rational
 * factor, and Kaiser's window design formulas): at the upsampled rate L * in_rate, one
 * low-pass with its cutoff just under the lower Nyquist frequency both removes the images
 * of upsampling and band-limits for downsampling. Output sample m sits at upsampled time
 * t0 = m M, and only input samples k with |t0 - k L| <= half touch it; the filter values
 * they meet depend only on t0 mod L (the phase), so each of the L phases gets its own short
 * table and no multiplication by an inserted zero is ever done.
 */
#include "sm-resample.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Stopband attenuation we design for, dB, and the transition band as a fraction of the
 * lower Nyquist frequency: passband up to 0.90, stopband from 1.00 (so nothing just above
 * Nyquist can alias with less than the full attenuation). */
#define ATTENUATION_DB  90.0
#define PASS_EDGE       0.90
#define STOP_EDGE       1.00
#define MAX_TABLE       ((size_t) 1 << 23)

struct SmResampler
{
  int    in_rate;
  int    out_rate;
  int    up;       /* L */
  int    down;     /* M */
  long   half;     /* filter half-length, upsampled samples */
  int    taps;     /* taps per phase */
  float *table;    /* [phase][tap], phase in [0, L); NULL when copying */
};

static long
gcd (long a,
     long b)
{
  while (b != 0)
    {
      long r = a % b;

      a = b;
      b = r;
    }
  return a;
}

/* Modified Bessel function of the first kind, order 0, by its power series; the terms
 * fall fast for the arguments a Kaiser window uses (below 15). */
static double
bessel_i0 (double x)
{
  double sum = 1.0;
  double term = 1.0;
  double q = x * x / 4.0;

  for (int k = 1; k < 200 && term > 1e-17 * sum; k++)
    {
      term *= q / ((double) k * k);
      sum += term;
    }
  return sum;
}

static SmStatus
build_table (SmResampler *r)
{
  double low_rate = r->in_rate < r->out_rate ? r->in_rate : r->out_rate;
  double up_rate = (double) r->up * r->in_rate;
  double transition_hz = (STOP_EDGE - PASS_EDGE) * low_rate / 2.0;
  /* Kaiser's estimates: length in samples = (A - 7.95) / (14.36 * transition / rate), and
   * beta for A > 50 dB. */
  double length_s = (ATTENUATION_DB - 7.95) / (14.36 * transition_hz);
  double beta = 0.1102 * (ATTENUATION_DB - 8.7);
  double fc = (PASS_EDGE + STOP_EDGE) / 2.0 * (low_rate / 2.0) / up_rate;
  double i0_beta = bessel_i0 (beta);
  double *h;
  size_t size;

  r->half = (long) ceil (length_s * up_rate / 2.0);
  r->taps = (int) (2 * r->half / r->up + 1);
  size = (size_t) r->up * (size_t) r->taps;
  if (size > MAX_TABLE)
    return SM_ERROR_UNSUPPORTED;
  r->table = calloc (size, sizeof (float));
  h = malloc (sizeof (double) * (size_t) r->taps);
  if (r->table == NULL || h == NULL)
    {
      free (h);
      return SM_ERROR_NOMEM;
    }

  for (int phase = 0; phase < r->up; phase++)
    {
      float *row = r->table + (size_t) phase * r->taps;
      double sum = 0.0;

      for (int j = 0; j < r->taps; j++)
        {
          /* The upsampled-time offset tap j of this phase meets. */
          double t = (double) (r->half - phase - (long) j * r->up);
          double x = t / (double) r->half;
          double sinc = t == 0.0 ? 1.0 : sin (2.0 * M_PI * fc * t) / (2.0 * M_PI * fc * t);

          h[j] = fabs (x) <= 1.0 ? 2.0 * fc * sinc * bessel_i0 (beta * sqrt (1.0 - x * x))
                                   / i0_beta
                                 : 0.0;
          sum += h[j];
        }
      /* Each phase is its own FIR: scaling it to unit DC gain restores the factor L that
       * upsampling's zeros cost, and makes a constant come out exactly constant. */
      for (int j = 0; j < r->taps; j++)
        row[j] = (float) (h[j] / sum);
    }
  free (h);
  return SM_OK;
}

SmResampler *
sm_resampler_new (int       in_rate,
                  int       out_rate,
                  SmStatus *status)
{
  SmResampler *r = NULL;
  SmStatus st = SM_ERROR_BAD_ARG;
  long g;

  if (in_rate < SM_RESAMPLE_MIN_RATE || in_rate > SM_RESAMPLE_MAX_RATE ||
      out_rate < SM_RESAMPLE_MIN_RATE || out_rate > SM_RESAMPLE_MAX_RATE)
    goto error;

  st = SM_ERROR_NOMEM;
  r = calloc (1, sizeof *r);
  if (r == NULL)
    goto error;
  g = gcd (in_rate, out_rate);
  r->in_rate = in_rate;
  r->out_rate = out_rate;
  r->up = (int) (out_rate / g);
  r->down = (int) (in_rate / g);
  if (in_rate != out_rate && (st = build_table (r)) != SM_OK)
    goto error;

  if (status != NULL)
    *status = SM_OK;
  return r;

error:
  sm_resampler_free (&r);
  if (status != NULL)
    *status = st;
  return NULL;
}

void
sm_resampler_free (SmResampler **resampler)
{
  if (resampler == NULL || *resampler == NULL)
    return;
  free ((*resampler)->table);
  free (*resampler);
  *resampler = NULL;
}

size_t
sm_resampler_output_length (const SmResampler *resampler,
                            size_t             n_in)
{
  uint64_t up = (uint64_t) resampler->up;
  uint64_t down = (uint64_t) resampler->down;

  return (size_t) (((uint64_t) n_in * up + down - 1) / down);
}

SmStatus
sm_resampler_process (const SmResampler *resampler,
                      const float       *in,
                      size_t             n_in,
                      float             *out)
{
  const SmResampler *r = resampler;
  size_t n_out;

  if (r == NULL || in == NULL || out == NULL || n_in == 0)
    return SM_ERROR_BAD_ARG;
  n_out = sm_resampler_output_length (r, n_in);
  if (r->table == NULL)
    {
      memcpy (out, in, sizeof (float) * n_in);
      return SM_OK;
    }

  for (size_t m = 0; m < n_out; m++)
    {
      int64_t t0 = (int64_t) m * r->down;
      int64_t from = t0 - r->half;
      /* First input sample in reach: ceil (from / L), for negative from too. */
      int64_t k0 = from >= 0 ? (from + r->up - 1) / r->up : -(-from / r->up);
      int phase = (int) (r->half - (t0 - k0 * r->up));
      const float *row = r->table + (size_t) phase * r->taps;
      int j0 = k0 < 0 ? (int) -k0 : 0;
      int j1 = r->taps;
      double acc = 0.0;

      if (k0 + j1 > (int64_t) n_in)
        j1 = (int) ((int64_t) n_in - k0);
      for (int j = j0; j < j1; j++)
        acc += (double) row[j] * in[k0 + j];
      out[m] = (float) acc;
    }
  return SM_OK;
}

float *
sm_resample (const float *in,
             size_t       n_in,
             int          in_rate,
             int          out_rate,
             size_t      *n_out,
             SmStatus    *status)
{
  SmResampler *r = sm_resampler_new (in_rate, out_rate, status);
  SmStatus st = SM_ERROR_NOMEM;
  float *out = NULL;
  size_t len;

  if (r == NULL)
    return NULL;
  if (in == NULL || n_out == NULL || n_in == 0)
    {
      st = SM_ERROR_BAD_ARG;
      goto out;
    }
  len = sm_resampler_output_length (r, n_in);
  out = malloc (sizeof (float) * len);
  if (out == NULL)
    goto out;
  st = sm_resampler_process (r, in, n_in, out);
  *n_out = len;

out:
  sm_resampler_free (&r);
  if (st != SM_OK)
    {
      free (out);
      out = NULL;
    }
  if (status != NULL)
    *status = st;
  return out;
}
