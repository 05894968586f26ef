/* sm-stoi.c: STOI (Taal et al. 2011) and ESTOI (Jensen and Taal 2016).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The measures compare short-time temporal envelopes of clean and degraded speech in
 * third-octave bands, because intelligibility follows how well those slow modulations
 * survive. Everything runs at 10 kHz, the rate the papers fitted their constants at (the
 * bands stop at 4.3 kHz anyway).
 */
#include "sm-stoi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-fft-private.h"
#include "sm-resample.h"
#include "sm-stoi-private.h"

#define N_SEG            SM_STOI_MIN_FRAMES  /* frames per segment: 384 ms */
#define BETA_DB          (-15.0)             /* lowest signal-to-distortion ratio */
#define DYN_RANGE_DB     40.0                /* frames this far below the loudest are dropped */
#define LOWEST_CENTRE_HZ 150.0

/* MATLAB's hanning(N), which the papers' reference code uses: the Hann window of N + 2
 * points without its two zero ends. */
static void
fill_window (double *w)
{
  for (int i = 0; i < SM_STOI_FRAME; i++)
    w[i] = 0.5 - 0.5 * cos (2.0 * M_PI * (i + 1) / (SM_STOI_FRAME + 1));
}

void
_sm_stoi_band_bins (int  band,
                    int *lo,
                    int *hi)
{
  double centre = LOWEST_CENTRE_HZ * pow (2.0, band / 3.0);
  double bin_hz = (double) SM_STOI_RATE / SM_STOI_FFT;

  /* Edges halfway (geometrically) between centres; adjacent bands share an edge, so the
   * bins tile 7..218 without gaps or overlaps. */
  *lo = (int) lround (centre * pow (2.0, -1.0 / 6.0) / bin_hz);
  *hi = (int) lround (centre * pow (2.0, 1.0 / 6.0) / bin_hz);
}

static double
frame_energy (const float  *x,
              const double *w)
{
  double e = 0.0;

  for (int i = 0; i < SM_STOI_FRAME; i++)
    e += (w[i] * x[i]) * (w[i] * x[i]);
  return e;
}

size_t
_sm_stoi_remove_silent (const float   *x,
                        const float   *y,
                        size_t         n,
                        float         *x_out,
                        float         *y_out,
                        unsigned char *kept,
                        size_t        *n_frames)
{
  size_t frames = n >= SM_STOI_FRAME ? (n - SM_STOI_FRAME) / SM_STOI_HOP + 1 : 0;
  double threshold = 0.0;
  double w[SM_STOI_FRAME];
  size_t count = 0;

  fill_window (w);
  for (size_t j = 0; j < frames; j++)
    threshold = fmax (threshold, frame_energy (x + j * SM_STOI_HOP, w));
  threshold *= pow (10.0, -DYN_RANGE_DB / 10.0);

  memset (x_out, 0, sizeof (float) * n);
  memset (y_out, 0, sizeof (float) * n);
  for (size_t j = 0; j < frames; j++)
    {
      const float *xj = x + j * SM_STOI_HOP;
      const float *yj = y + j * SM_STOI_HOP;
      /* Strictly above: a silent clean signal keeps nothing. */
      int keep = frame_energy (xj, w) > threshold;

      if (kept != NULL)
        kept[j] = (unsigned char) keep;
      if (!keep)
        continue;
      /* Kept frames close up: the next one overlaps this one by half, as if the silence
       * had never been there. */
      for (int i = 0; i < SM_STOI_FRAME; i++)
        {
          x_out[count * SM_STOI_HOP + i] += (float) (w[i] * xj[i]);
          y_out[count * SM_STOI_HOP + i] += (float) (w[i] * yj[i]);
        }
      count++;
    }
  if (n_frames != NULL)
    *n_frames = frames;
  return count > 0 ? (count - 1) * SM_STOI_HOP + SM_STOI_FRAME : 0;
}

/* Band envelopes of the n_frames frames of x: env[t * SM_STOI_N_BANDS + band], the square
 * root of the band's power in the windowed frame's 512-point spectrum. */
static SmStatus
envelopes (const float *x,
           size_t       n_frames,
           double      *env)
{
  fftwf_plan plan = _sm_fft_plan_r2c (SM_STOI_FFT);
  float *frame = fftwf_malloc (sizeof (float) * SM_STOI_FFT);
  fftwf_complex *spectrum = fftwf_malloc (sizeof (fftwf_complex) * (SM_STOI_FFT / 2 + 1));
  double w[SM_STOI_FRAME];
  int lo[SM_STOI_N_BANDS], hi[SM_STOI_N_BANDS];
  SmStatus status = SM_ERROR_NOMEM;

  if (plan == NULL || frame == NULL || spectrum == NULL)
    goto out;
  fill_window (w);
  for (int b = 0; b < SM_STOI_N_BANDS; b++)
    _sm_stoi_band_bins (b, &lo[b], &hi[b]);

  memset (frame, 0, sizeof (float) * SM_STOI_FFT);
  for (size_t t = 0; t < n_frames; t++)
    {
      for (int i = 0; i < SM_STOI_FRAME; i++)
        frame[i] = (float) (w[i] * x[t * SM_STOI_HOP + i]);
      fftwf_execute_dft_r2c (plan, frame, spectrum);
      for (int b = 0; b < SM_STOI_N_BANDS; b++)
        {
          double power = 0.0;

          for (int f = lo[b]; f < hi[b]; f++)
            power += (double) crealf (spectrum[f]) * crealf (spectrum[f])
                     + (double) cimagf (spectrum[f]) * cimagf (spectrum[f]);
          env[t * SM_STOI_N_BANDS + b] = sqrt (power);
        }
    }
  status = SM_OK;

out:
  fftwf_free (frame);
  fftwf_free (spectrum);
  return status;
}

/* Removes the mean of n values stride apart and scales them to unit norm; a vector with
 * nothing left after the mean is zeroed, so it correlates with nothing. */
static void
normalise (double *v,
           int     n,
           int     stride)
{
  double mean = 0.0;
  double norm = 0.0;

  for (int i = 0; i < n; i++)
    mean += v[i * stride] / n;
  for (int i = 0; i < n; i++)
    {
      v[i * stride] -= mean;
      norm += v[i * stride] * v[i * stride];
    }
  norm = norm > 0.0 ? 1.0 / sqrt (norm) : 0.0;
  for (int i = 0; i < n; i++)
    v[i * stride] *= norm;
}

void
_sm_stoi_clip (const double *x,
               const double *y,
               int           n,
               double       *y_out)
{
  double ex = 0.0, ey = 0.0, gain;
  double ceiling = 1.0 + pow (10.0, -BETA_DB / 20.0);

  for (int i = 0; i < n; i++)
    {
      ex += x[i] * x[i];
      ey += y[i] * y[i];
    }
  gain = ey > 0.0 ? sqrt (ex / ey) : 0.0;
  for (int i = 0; i < n; i++)
    y_out[i] = fmin (gain * y[i], ceiling * x[i]);
}

/* Mean over segments and bands of the correlation of the clean envelope with the scaled,
 * clipped degraded one. */
static double
stoi_score (const double *ex,
            const double *ey,
            size_t        n_frames)
{
  size_t n_segments = n_frames - N_SEG + 1;
  double x[N_SEG], y[N_SEG], clipped[N_SEG];
  double sum = 0.0;

  for (size_t s = 0; s < n_segments; s++)
    for (int b = 0; b < SM_STOI_N_BANDS; b++)
      {
        double dot = 0.0;

        for (int i = 0; i < N_SEG; i++)
          {
            x[i] = ex[(s + i) * SM_STOI_N_BANDS + b];
            y[i] = ey[(s + i) * SM_STOI_N_BANDS + b];
          }
        _sm_stoi_clip (x, y, N_SEG, clipped);
        normalise (x, N_SEG, 1);
        normalise (clipped, N_SEG, 1);
        for (int i = 0; i < N_SEG; i++)
          dot += x[i] * clipped[i];
        sum += dot;
      }
  return sum / ((double) n_segments * SM_STOI_N_BANDS);
}

/* Mean over segments of the mean inner product of the clean and degraded spectral
 * vectors, after normalising the segment's rows (bands over time) and then its columns
 * (frames over bands). */
static double
estoi_score (const double *ex,
             const double *ey,
             size_t        n_frames)
{
  size_t n_segments = n_frames - N_SEG + 1;
  double x[N_SEG * SM_STOI_N_BANDS], y[N_SEG * SM_STOI_N_BANDS];  /* [frame][band] */
  double sum = 0.0;

  for (size_t s = 0; s < n_segments; s++)
    {
      double dot = 0.0;

      memcpy (x, ex + s * SM_STOI_N_BANDS, sizeof x);
      memcpy (y, ey + s * SM_STOI_N_BANDS, sizeof y);
      for (int b = 0; b < SM_STOI_N_BANDS; b++)
        {
          normalise (x + b, N_SEG, SM_STOI_N_BANDS);
          normalise (y + b, N_SEG, SM_STOI_N_BANDS);
        }
      for (int i = 0; i < N_SEG; i++)
        {
          normalise (x + i * SM_STOI_N_BANDS, SM_STOI_N_BANDS, 1);
          normalise (y + i * SM_STOI_N_BANDS, SM_STOI_N_BANDS, 1);
        }
      for (int k = 0; k < N_SEG * SM_STOI_N_BANDS; k++)
        dot += x[k] * y[k];
      sum += dot / N_SEG;
    }
  return sum / (double) n_segments;
}

double
sm_stoi (const float *clean,
         const float *degraded,
         size_t       n,
         int          rate,
         int          extended,
         SmStatus    *status)
{
  SmStatus st = SM_ERROR_BAD_ARG;
  SmResampler *resampler = NULL;
  float *xr = NULL, *yr = NULL, *xs = NULL, *ys = NULL;
  double *ex = NULL, *ey = NULL;
  double score = NAN;
  size_t n10, len, n_frames;

  if (clean == NULL || degraded == NULL || n == 0)
    goto out;
  for (size_t i = 0; i < n; i++)
    if (!isfinite (clean[i]) || !isfinite (degraded[i]))
      {
        st = SM_ERROR_NONFINITE;
        goto out;
      }

  resampler = sm_resampler_new (rate, SM_STOI_RATE, &st);
  if (resampler == NULL)
    goto out;
  st = SM_ERROR_NOMEM;
  n10 = sm_resampler_output_length (resampler, n);
  xr = malloc (sizeof (float) * n10);
  yr = malloc (sizeof (float) * n10);
  xs = malloc (sizeof (float) * n10);
  ys = malloc (sizeof (float) * n10);
  if (xr == NULL || yr == NULL || xs == NULL || ys == NULL)
    goto out;
  sm_resampler_process (resampler, clean, n, xr);
  sm_resampler_process (resampler, degraded, n, yr);

  len = _sm_stoi_remove_silent (xr, yr, n10, xs, ys, NULL, NULL);
  n_frames = len >= SM_STOI_FRAME ? (len - SM_STOI_FRAME) / SM_STOI_HOP + 1 : 0;
  if (n_frames < N_SEG)
    {
      st = SM_ERROR_BAD_ARG;
      goto out;
    }

  ex = malloc (sizeof (double) * n_frames * SM_STOI_N_BANDS);
  ey = malloc (sizeof (double) * n_frames * SM_STOI_N_BANDS);
  if (ex == NULL || ey == NULL)
    goto out;
  if ((st = envelopes (xs, n_frames, ex)) != SM_OK ||
      (st = envelopes (ys, n_frames, ey)) != SM_OK)
    goto out;

  score = extended ? estoi_score (ex, ey, n_frames) : stoi_score (ex, ey, n_frames);

out:
  sm_resampler_free (&resampler);
  free (xr);
  free (yr);
  free (xs);
  free (ys);
  free (ex);
  free (ey);
  if (status != NULL)
    *status = st;
  return st == SM_OK ? score : NAN;
}
