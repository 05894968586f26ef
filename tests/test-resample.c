/* test-resample.c: the polyphase resampler keeps tones and removes aliases and images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tones are measured by a least-squares fit of a sin + b cos + c at the known frequency over
 * an interior stretch (the ends see the zeros outside the signal): the fit gives amplitude
 * and phase, and what the fit leaves over is everything at other frequencies, which is where
 * aliases and images would show.
 */
#include "sm-test-util.h"

#include <math.h>

typedef struct
{
  double amplitude;
  double phase;      /* radians, of amplitude * sin (2 pi f t + phase), t = index / rate */
  double residual_db; /* energy left over, relative to the signal's */
} ToneFit;

static ToneFit
fit_tone (const float *x,
          double       rate,
          double       freq,
          double       from_s,
          double       to_s)
{
  double m[3][4] = { { 0 } };
  double coef[3];
  double total = 0.0;
  double left = 0.0;
  size_t from = (size_t) (from_s * rate);
  size_t to = (size_t) (to_s * rate);
  ToneFit fit;

  /* Normal equations of the three regressors, solved by Gauss-Jordan elimination (they are
   * nearly orthogonal over many periods, so no pivoting is needed). */
  for (size_t i = from; i < to; i++)
    {
      double w = 2.0 * G_PI * freq * (double) i / rate;
      double basis[3] = { sin (w), cos (w), 1.0 };

      for (int r = 0; r < 3; r++)
        {
          for (int c = 0; c < 3; c++)
            m[r][c] += basis[r] * basis[c];
          m[r][3] += basis[r] * x[i];
        }
    }
  for (int p = 0; p < 3; p++)
    for (int r = 0; r < 3; r++)
      if (r != p)
        {
          double f = m[r][p] / m[p][p];

          for (int c = 0; c < 4; c++)
            m[r][c] -= f * m[p][c];
        }
  for (int r = 0; r < 3; r++)
    coef[r] = m[r][3] / m[r][r];

  for (size_t i = from; i < to; i++)
    {
      double w = 2.0 * G_PI * freq * (double) i / rate;
      double d = x[i] - coef[0] * sin (w) - coef[1] * cos (w) - coef[2];

      total += (double) x[i] * x[i];
      left += d * d;
    }
  fit.amplitude = hypot (coef[0], coef[1]);
  fit.phase = atan2 (coef[1], coef[0]);
  fit.residual_db = 10.0 * log10 (left / total);
  return fit;
}

static float *
resample_tone (int     in_rate,
               int     out_rate,
               double  freq,
               double  seconds,
               size_t *n_out)
{
  size_t n_in = (size_t) (seconds * in_rate);
  float *tone = sm_test_sine (n_in, in_rate, freq, 0.5, 0.0);
  SmStatus status = SM_ERROR_BAD_ARG;
  float *out = sm_resample (tone, n_in, in_rate, out_rate, n_out, &status);

  g_assert_cmpint (status, ==, SM_OK);
  g_assert_nonnull (out);
  g_assert_cmpuint (*n_out, ==, (n_in * (size_t) out_rate + (size_t) in_rate - 1)
                                / (size_t) in_rate);
  g_free (tone);
  return out;
}

static void
assert_tone_kept (int    in_rate,
                  int    out_rate,
                  double freq)
{
  size_t n;
  float *out = resample_tone (in_rate, out_rate, freq, 2.0, &n);
  ToneFit early = fit_tone (out, out_rate, freq, 0.1, 0.6);
  ToneFit late = fit_tone (out, out_rate, freq, 1.4, 1.9);
  /* A frequency error df turns into a phase drift of 2 pi df over the 1.3 s between. */
  double df = (late.phase - early.phase) / (2.0 * G_PI * 1.3);

  g_test_message ("%d -> %d Hz, %.0f Hz tone: gain %+.5f dB, phase %.2g rad, "
                  "drift %.2g Hz, residual %.1f dB", in_rate, out_rate, freq,
                  20.0 * log10 (early.amplitude / 0.5), early.phase, df, early.residual_db);
  g_assert_cmpfloat (fabs (20.0 * log10 (early.amplitude / 0.5)), <, 0.1);
  g_assert_cmpfloat (fabs (20.0 * log10 (late.amplitude / 0.5)), <, 0.1);
  g_assert_cmpfloat (fabs (df), <, 1e-3);
  /* No delay: output sample m is input time m / out_rate. */
  g_assert_cmpfloat (fabs (early.phase), <, 1e-3);
  /* Everything that is not the tone (aliases, images, filter noise). */
  g_assert_cmpfloat (early.residual_db, <, -60.0);
  g_assert_cmpfloat (late.residual_db, <, -60.0);
  g_free (out);
}

static void
test_tone_down (void)
{
  assert_tone_kept (44100, 10000, 1000.0);
  assert_tone_kept (22050, 10000, 1000.0);
  assert_tone_kept (48000, 10000, 1000.0);
  /* The top of the passband (0.9 of the 5 kHz Nyquist frequency is 4.5 kHz) and the top
   * third-octave band STOI uses (4.3 kHz). */
  assert_tone_kept (44100, 10000, 4000.0);
  assert_tone_kept (44100, 10000, 4400.0);
}

static void
test_tone_up (void)
{
  /* Upsampling leaves images at 10 kHz - 1 kHz, 10 kHz + 1 kHz...; the residual sees them. */
  assert_tone_kept (10000, 44100, 1000.0);
  assert_tone_kept (8000, 22050, 3000.0);
}

static void
test_aliases (void)
{
  /* Tones above the output Nyquist frequency must go, even just above it. */
  const double freqs[] = { 5000.0, 5200.0, 7000.0, 9500.0, 13000.0, 21000.0 };

  for (size_t f = 0; f < G_N_ELEMENTS (freqs); f++)
    {
      size_t n;
      float *out = resample_tone (44100, 10000, freqs[f], 1.0, &n);
      double energy = 0.0;
      double db;

      for (size_t i = 500; i < n - 500; i++)
        energy += (double) out[i] * out[i];
      /* Relative to the input tone's mean square, 0.5^2 / 2. */
      db = 10.0 * log10 (energy / (double) (n - 1000) / 0.125);
      g_test_message ("%.0f Hz at 44.1 kHz -> 10 kHz: %.1f dB", freqs[f], db);
      g_assert_cmpfloat (db, <, -60.0);
      g_free (out);
    }
}

static void
test_lengths_and_dc (void)
{
  float ones[1000];
  float out[2300];
  SmStatus status;
  SmResampler *r;

  for (int i = 0; i < 1000; i++)
    ones[i] = 1.0f;

  /* 44.1 kHz -> 10 kHz is L/M = 100/441. */
  r = sm_resampler_new (44100, 10000, &status);
  g_assert_cmpint (status, ==, SM_OK);
  g_assert_cmpuint (sm_resampler_output_length (r, 441), ==, 100);
  g_assert_cmpuint (sm_resampler_output_length (r, 442), ==, 101);
  g_assert_cmpuint (sm_resampler_output_length (r, 1), ==, 1);
  sm_resampler_free (&r);
  g_assert_null (r);

  /* A constant stays constant away from the ends (each phase has unit DC gain). */
  r = sm_resampler_new (8000, 18000, &status);
  g_assert_cmpuint (sm_resampler_output_length (r, 1000), ==, 2250);
  g_assert_cmpint (sm_resampler_process (r, ones, 1000, out), ==, SM_OK);
  for (int i = 200; i < 2050; i++)
    g_assert_cmpfloat (fabs (out[i] - 1.0), <, 1e-6);
  sm_resampler_free (&r);

  /* Equal rates copy. */
  r = sm_resampler_new (16000, 16000, &status);
  g_assert_cmpint (sm_resampler_process (r, ones, 1000, out), ==, SM_OK);
  g_assert_cmpmem (out, sizeof (float) * 1000, ones, sizeof (float) * 1000);
  g_assert_cmpint (sm_resampler_process (r, ones, 0, out), ==, SM_ERROR_BAD_ARG);
  sm_resampler_free (&r);
  sm_resampler_free (&r);

  g_assert_null (sm_resampler_new (0, 10000, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  g_assert_null (sm_resampler_new (44100, SM_RESAMPLE_MAX_RATE + 1, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  /* Coprime rates need L = 10000 phases of 1100-odd taps: past the table limit. */
  g_assert_null (sm_resampler_new (96001, 10000, &status));
  g_assert_cmpint (status, ==, SM_ERROR_UNSUPPORTED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/resample/tone-down", test_tone_down);
  g_test_add_func ("/core/resample/tone-up", test_tone_up);
  g_test_add_func ("/core/resample/aliases", test_aliases);
  g_test_add_func ("/core/resample/lengths-and-dc", test_lengths_and_dc);
  return g_test_run ();
}
