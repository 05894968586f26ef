/* test-stft.c: the STFT and its inverse: round trips, shapes, validation, threads, levels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include "sm-stft-private.h"

#include <math.h>
#include <string.h>

/* Round-trip error relative to the signal's peak, float32 throughout. */
#define ROUNDTRIP_EPS 1e-6
/* Without padding, only samples whose overlapped squared window is at least this fraction
 * of its peak are checked, against a looser bound: the inverse divides by that weight. */
#define NONE_MIN_WEIGHT 1e-2
#define NONE_EPS 1e-5
/* Forward transform against a float64 DFT of the same padded frames. */
#define DFT_EPS 1e-5
/* The fused projection against sm_stft_inverse then sm_stft_forward: the same sums in
 * another order and with the constants folded into one gain, so float rounding only. */
#define PROJECT_EPS 1e-5

static SmStft *
plan_new (SmWindowType window,
          int          n_fft,
          int          hop,
          SmPadMode    pad,
          SmScaling    scaling)
{
  SmStftParams params = { window, n_fft, hop, pad, scaling };
  SmError error = { 0 };
  SmStft *stft;

  g_assert_cmpint (sm_stft_params_validate (&params, &error), ==, SM_OK);
  stft = sm_stft_new (&params, &error);
  g_assert_nonnull (stft);
  g_assert_cmpint (error.status, ==, SM_OK);
  return stft;
}

static SmSpectrogram *
forward_new (SmStft      *stft,
             const float *x,
             size_t       n,
             const SmRun *run)
{
  SmStatus status;
  SmSpectrogram *spec = sm_spectrogram_new (sm_stft_n_frames (stft, n), sm_stft_n_bins (stft),
                                            &status);

  g_assert_cmpint (status, ==, SM_OK);
  g_assert_cmpint (sm_stft_forward (stft, x, n, spec, run), ==, SM_OK);
  return spec;
}

/* scipy's frame count: pad, then add zeros up to a whole number of hops past the first frame. */
static size_t
expected_frames (int       n_fft,
                 int       hop,
                 SmPadMode pad,
                 size_t    n)
{
  size_t padded = n + (pad == SM_PAD_NONE ? 0 : 2 * (size_t) (n_fft / 2));
  size_t rem;

  if (padded <= (size_t) n_fft)
    return 1;
  rem = (padded - (size_t) n_fft) % (size_t) hop;
  padded += rem ? (size_t) hop - rem : 0;
  return (padded - (size_t) n_fft) / (size_t) hop + 1;
}

/* numpy.pad (mode='reflect'): mirror without repeating the end sample, as often as needed. */
static size_t
reflect (long long i,
         size_t    n)
{
  long long period = 2 * ((long long) n - 1);

  if (n == 1)
    return 0;
  i %= period;
  if (i < 0)
    i += period;
  return (size_t) (i >= (long long) n ? period - i : i);
}

/* Padded sample @p as the header defines it: pad, then zeros to the end. */
static double
padded_sample (const float *x,
               size_t       n,
               int          n_fft,
               SmPadMode    pad,
               long long    p)
{
  long long left = pad == SM_PAD_NONE ? 0 : n_fft / 2;
  long long i = p - left;

  if (i >= 0 && i < (long long) n)
    return x[i];
  if (pad == SM_PAD_REFLECT && i >= -left && i < (long long) n + left)
    return x[reflect (i, n)];
  return 0.0;
}

/* max |ours - direct DFT| / max |direct DFT| over every frame, in float64. */
static double
direct_dft_error (SmStft              *stft,
                  const SmSpectrogram *spec,
                  const float         *x,
                  size_t               n)
{
  const SmStftParams *p = sm_stft_get_params (stft);
  int n_fft = p->n_fft;
  int n_bins = n_fft / 2 + 1;
  float *w = g_new (float, n_fft);
  double *frame = g_new (double, n_fft);
  double *c = g_new (double, n_fft);
  double *s = g_new (double, n_fft);
  double sum_w = 0.0;
  double peak = 0.0;
  double worst = 0.0;

  sm_window_fill (p->window, n_fft, w);
  for (int k = 0; k < n_fft; k++)
    {
      sum_w += w[k];
      c[k] = cos (2.0 * G_PI * k / n_fft);
      s[k] = sin (2.0 * G_PI * k / n_fft);
    }
  for (size_t t = 0; t < spec->n_frames; t++)
    {
      for (int k = 0; k < n_fft; k++)
        frame[k] = w[k] * padded_sample (x, n, n_fft, p->pad, (long long) (t * p->hop) + k);
      for (int f = 0; f < n_bins; f++)
        {
          double re = 0.0, im = 0.0;
          float _Complex got = spec->bins[t * (size_t) n_bins + (size_t) f];

          for (int k = 0; k < n_fft; k++)
            {
              int phase = (int) (((long long) f * k) % n_fft);

              re += frame[k] * c[phase];
              im -= frame[k] * s[phase];
            }
          if (p->scaling == SM_SCALE_WINDOW_SUM)
            {
              re /= sum_w;
              im /= sum_w;
            }
          peak = MAX (peak, hypot (re, im));
          worst = MAX (worst, hypot (crealf (got) - re, cimagf (got) - im));
        }
    }
  g_free (w);
  g_free (frame);
  g_free (c);
  g_free (s);
  return peak > 0.0 ? worst / peak : worst;
}

/* Every window x pad mode x hop x size: the inverse gives the signal back. */
static void
test_stft_roundtrip (void)
{
  static const int sizes[] = { 64, 256, 1000, 4096 };
  static const int hop_div[] = { 2, 4, 3, 8 };
  double worst[SM_N_PAD_MODES] = { 0 };
  guint combo = 0;

  for (int window = 0; window < SM_N_WINDOWS; window++)
    for (int pad = 0; pad < SM_N_PAD_MODES; pad++)
      for (guint h = 0; h < G_N_ELEMENTS (hop_div); h++)
        for (guint s = 0; s < G_N_ELEMENTS (sizes); s++, combo++)
          {
            int n_fft = sizes[s];
            int hop = n_fft / hop_div[h];
            size_t n = 4 * (size_t) n_fft + 37;
            SmScaling scaling = combo % 2 ? SM_SCALE_WINDOW_SUM : SM_SCALE_NONE;
            SmStft *stft = plan_new (window, n_fft, hop, pad, scaling);
            float *x = sm_test_noise (n, combo + 1, 0.9f);
            float *y = g_new (float, n);
            SmSpectrogram *spec = forward_new (stft, x, n, NULL);
            double err;

            g_assert_cmpuint (spec->n_frames, ==, expected_frames (n_fft, hop, pad, n));
            g_assert_cmpint (sm_stft_inverse (stft, spec, y, n, NULL), ==, SM_OK);

            if (pad != SM_PAD_NONE)
              {
                err = sm_test_rel_error (x, y, n);
              }
            else
              {
                /* Frame t covers samples [t hop, t hop + N): weigh each sample. */
                float *w = g_new (float, n_fft);
                double *weight = g_new0 (double, n);
                double peak_weight = 0.0;
                double peak = 0.0;
                double diff = 0.0;
                size_t checked = 0;

                sm_window_fill (window, n_fft, w);
                for (size_t t = 0; t < spec->n_frames; t++)
                  for (int k = 0; k < n_fft && t * (size_t) hop + (size_t) k < n; k++)
                    weight[t * (size_t) hop + (size_t) k] += (double) w[k] * w[k];
                for (size_t i = 0; i < n; i++)
                  {
                    peak_weight = MAX (peak_weight, weight[i]);
                    peak = MAX (peak, fabs (x[i]));
                  }
                for (size_t i = 0; i < n; i++)
                  if (weight[i] >= NONE_MIN_WEIGHT * peak_weight)
                    {
                      diff = MAX (diff, fabs ((double) x[i] - y[i]));
                      checked++;
                    }
                /* Everything but the first and last few samples has weight. */
                g_assert_cmpuint (checked, >=, n - (size_t) n_fft);
                err = diff / peak;
                g_free (w);
                g_free (weight);
              }

            if (err >= (pad == SM_PAD_NONE ? NONE_EPS : ROUNDTRIP_EPS))
              g_test_message ("%s, N = %d, hop = %d, pad %d, scaling %d: error %g",
                              sm_window_name (window), n_fft, hop, pad, scaling, err);
            g_assert_cmpfloat (err, <, pad == SM_PAD_NONE ? NONE_EPS : ROUNDTRIP_EPS);
            worst[pad] = MAX (worst[pad], err);

            sm_spectrogram_free (&spec);
            sm_stft_free (&stft);
            g_free (x);
            g_free (y);
          }
  g_assert_cmpuint (combo, ==, SM_N_WINDOWS * SM_N_PAD_MODES * 4 * 4);
  g_test_message ("worst round-trip error: none %.3g, zero %.3g, reflect %.3g",
                  worst[SM_PAD_NONE], worst[SM_PAD_ZERO], worst[SM_PAD_REFLECT]);
}

/* Signals from one sample up to a little over a frame, in every pad mode. */
static void
test_stft_short (void)
{
  static const size_t lengths[] = { 1, 2, 3, 7, 127, 128, 129, 255, 256, 257, 300 };
  const int n_fft = 256;
  const int hop = 64;

  for (int pad = 0; pad < SM_N_PAD_MODES; pad++)
    for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
      {
        size_t n = lengths[i];
        SmStft *stft = plan_new (SM_WINDOW_HANN, n_fft, hop, pad, SM_SCALE_NONE);
        float *x = sm_test_noise (n, 100 + i, 0.5f);
        float *y = g_new (float, n);
        SmSpectrogram *spec = forward_new (stft, x, n, NULL);
        double err;

        g_assert_cmpuint (spec->n_frames, ==, expected_frames (n_fft, hop, pad, n));
        err = direct_dft_error (stft, spec, x, n);
        if (err >= DFT_EPS)
          g_test_message ("pad %d, %zu samples: DFT error %g", pad, n, err);
        g_assert_cmpfloat (err, <, DFT_EPS);

        g_assert_cmpint (sm_stft_inverse (stft, spec, y, n, NULL), ==, SM_OK);
        if (pad != SM_PAD_NONE)
          g_assert_cmpfloat (sm_test_rel_error (x, y, n), <, ROUNDTRIP_EPS);
        for (size_t k = 0; k < n; k++)
          g_assert_true (isfinite (y[k]));

        sm_spectrogram_free (&spec);
        sm_stft_free (&stft);
        g_free (x);
        g_free (y);
      }
}

/* Each frame against a float64 DFT of the padded signal: padding, windowing and scaling. */
static void
test_stft_direct_dft (void)
{
  const size_t n = 1001;

  for (int pad = 0; pad < SM_N_PAD_MODES; pad++)
    for (int window = 0; window < SM_N_WINDOWS; window++)
      {
        SmScaling scaling = (pad + window) % 2 ? SM_SCALE_WINDOW_SUM : SM_SCALE_NONE;
        SmStft *stft = plan_new (window, 128, 48, pad, scaling);
        float *x = sm_test_noise (n, 7 + window, 1.0f);
        SmSpectrogram *spec = forward_new (stft, x, n, NULL);
        double err = direct_dft_error (stft, spec, x, n);

        g_test_message ("%s pad %d: DFT error %.3g", sm_window_name (window), pad, err);
        g_assert_cmpfloat (err, <, DFT_EPS);
        sm_spectrogram_free (&spec);
        sm_stft_free (&stft);
        g_free (x);
      }
}

/* One frame of an impulse: X[f] = a w[n0] e^{-2 pi i f n0 / N}; and Parseval on noise. */
static void
test_stft_impulse_parseval (void)
{
  const int n_fft = 512;
  const int n0 = 77;
  const float a = 0.75f;
  float *w = g_new (float, n_fft);
  float *x = g_new0 (float, n_fft);
  float *noise = sm_test_noise (n_fft, 99, 1.0f);
  SmStft *stft = plan_new (SM_WINDOW_HANN, n_fft, n_fft / 4, SM_PAD_NONE, SM_SCALE_NONE);
  SmSpectrogram *spec;
  double energy = 0.0;
  double spectral = 0.0;

  sm_window_fill (SM_WINDOW_HANN, n_fft, w);
  x[n0] = a;
  spec = forward_new (stft, x, n_fft, NULL);
  g_assert_cmpuint (spec->n_frames, ==, 1);
  for (int f = 0; f < n_fft / 2 + 1; f++)
    {
      double phase = -2.0 * G_PI * f * n0 / n_fft;
      double re = a * w[n0] * cos (phase);
      double im = a * w[n0] * sin (phase);

      g_assert_cmpfloat (hypot (crealf (spec->bins[f]) - re, cimagf (spec->bins[f]) - im),
                         <, 1e-6);
    }
  sm_spectrogram_free (&spec);

  spec = forward_new (stft, noise, n_fft, NULL);
  for (int k = 0; k < n_fft; k++)
    energy += ((double) w[k] * noise[k]) * ((double) w[k] * noise[k]);
  for (int f = 0; f < n_fft / 2 + 1; f++)
    {
      double m = cabsf (spec->bins[f]);

      spectral += (f == 0 || f == n_fft / 2 ? 1.0 : 2.0) * m * m;
    }
  g_assert_cmpfloat_with_epsilon (spectral / n_fft / energy, 1.0, 1e-5);

  sm_spectrogram_free (&spec);
  sm_stft_free (&stft);
  g_free (w);
  g_free (x);
  g_free (noise);
}

/* A sinusoid at a bin centre reads sm_stft_full_scale() * amplitude in every inner frame. */
static void
test_stft_sine_level (void)
{
  const double rate = 44100.0;
  const int n_fft = 1024;
  const int bin = 37;
  const double amplitude = 0.7;
  const size_t n = 16 * (size_t) n_fft;
  float *x = sm_test_sine (n, rate, bin * rate / n_fft, amplitude, 0.4);

  for (int window = 0; window < SM_N_WINDOWS; window++)
    for (int scaling = 0; scaling < SM_N_SCALINGS; scaling++)
      {
        SmStft *stft = plan_new (window, n_fft, n_fft / 4, SM_PAD_ZERO, scaling);
        SmSpectrogram *spec = forward_new (stft, x, n, NULL);
        double full = sm_stft_full_scale (stft);
        double worst = 0.0;
        guint frames = 0;

        if (window == SM_WINDOW_HANN)
          g_assert_cmpfloat_with_epsilon (full, scaling == SM_SCALE_NONE ? n_fft / 4.0 : 0.5,
                                          1e-4);
        for (size_t t = 0; t < spec->n_frames; t++)
          {
            double centre = sm_stft_frame_center (stft, t);
            double level;

            if (centre < n_fft / 2 || centre + n_fft / 2 > (double) n)
              continue;
            level = cabsf (spec->bins[t * (size_t) (n_fft / 2 + 1) + bin]) / (full * amplitude);
            worst = MAX (worst, fabs (level - 1.0));
            frames++;
          }
        g_test_message ("%s scaling %d: level error %.3g", sm_window_name (window), scaling,
                        worst);
        g_assert_cmpuint (frames, >=, 50);
        g_assert_cmpfloat (worst, <, 1e-3);
        sm_spectrogram_free (&spec);
        sm_stft_free (&stft);
      }
  g_free (x);
}

static void
assert_rejected (SmStftParams params,
                 const char  *why)
{
  SmError error = { 0 };
  SmStft *stft;

  g_test_message ("rejecting %s", why);
  g_assert_cmpint (sm_stft_params_validate (&params, &error), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (error.status, ==, SM_ERROR_BAD_ARG);
  g_assert_cmpuint (strlen (error.message), >, 10);
  g_assert_cmpint (sm_stft_params_validate (&params, NULL), ==, SM_ERROR_BAD_ARG);
  sm_error_clear (&error);
  stft = sm_stft_new (&params, &error);
  g_assert_null (stft);
  g_assert_cmpint (error.status, ==, SM_ERROR_BAD_ARG);
  g_assert_cmpuint (strlen (error.message), >, 10);
}

static void
assert_accepted (SmStftParams params)
{
  SmStft *stft;

  g_assert_cmpint (sm_stft_params_validate (&params, NULL), ==, SM_OK);
  stft = sm_stft_new (&params, NULL);
  g_assert_nonnull (stft);
  g_assert_true (memcmp (sm_stft_get_params (stft), &params, sizeof params) == 0);
  g_assert_cmpint (sm_stft_n_bins (stft), ==, params.n_fft / 2 + 1);
  sm_stft_free (&stft);
  g_assert_null (stft);
}

static void
test_stft_validate (void)
{
  const SmStftParams good = { SM_WINDOW_HANN, 1024, 256, SM_PAD_ZERO, SM_SCALE_NONE };
  static const int bad_sizes[] = { 0, -2, 32, 62, 63, 65, 255, 257, 1023, 32770, 65536 };
  SmStftParams p;

  assert_accepted (good);
  for (int n = SM_STFT_MIN_FFT; n <= SM_STFT_MAX_FFT; n *= 2)
    assert_accepted ((SmStftParams) { SM_WINDOW_HANN, n, n / 2, SM_PAD_REFLECT, SM_SCALE_NONE });
  assert_accepted ((SmStftParams) { SM_WINDOW_HANN, 1000, 1000 / 3, SM_PAD_NONE, SM_SCALE_NONE });
  /* NOLA holds with hop = N when the window has no zero. */
  assert_accepted ((SmStftParams) { SM_WINDOW_RECTANGULAR, 512, 512, SM_PAD_ZERO, SM_SCALE_NONE });
  assert_accepted ((SmStftParams) { SM_WINDOW_HAMMING, 512, 512, SM_PAD_ZERO, SM_SCALE_NONE });
  assert_accepted ((SmStftParams) { SM_WINDOW_HANN, 512, 1, SM_PAD_ZERO, SM_SCALE_NONE });

  for (guint i = 0; i < G_N_ELEMENTS (bad_sizes); i++)
    {
      p = good;
      p.n_fft = bad_sizes[i];
      p.hop = MAX (1, bad_sizes[i] / 4);
      assert_rejected (p, "a bad FFT size");
    }
  p = good, p.hop = 0, assert_rejected (p, "hop 0");
  p = good, p.hop = -4, assert_rejected (p, "a negative hop");
  p = good, p.hop = good.n_fft + 1, assert_rejected (p, "hop > N");
  p = good, p.window = SM_WINDOW_RECTANGULAR, p.hop = good.n_fft + 1;
  assert_rejected (p, "rect with hop > N (gaps)");
  p = good, p.window = SM_N_WINDOWS, assert_rejected (p, "an unknown window");
  p = good, p.window = (SmWindowType) -1, assert_rejected (p, "a negative window");
  p = good, p.pad = SM_N_PAD_MODES, assert_rejected (p, "an unknown pad mode");
  p = good, p.scaling = SM_N_SCALINGS, assert_rejected (p, "an unknown scaling");

  /* NOLA: periodic Hann and sqrt-Hann are exactly zero at n = 0, and Blackman is zero up
   * to rounding (scipy.signal.check_NOLA ('blackman', N, 0) is False too). */
  p = good, p.hop = good.n_fft, assert_rejected (p, "hann with hop N");
  p = good, p.window = SM_WINDOW_SQRT_HANN, p.hop = good.n_fft;
  assert_rejected (p, "sqrt-hann with hop N");
  p = good, p.window = SM_WINDOW_BLACKMAN, p.hop = good.n_fft;
  assert_rejected (p, "blackman with hop N");
  /* ... and the condition has a tolerance, like scipy's check_NOLA (1e-10): with hop N - 1
   * the first sample gets only w[N-1]^2 = sin(pi/N)^4, 8.8e-11 for N = 1024 (rejected,
   * check_NOLA is False) and 1.4e-9 for N = 512 (accepted, check_NOLA is True). */
  p = good, p.hop = good.n_fft - 1, assert_rejected (p, "hann 1024 with hop N - 1");
  assert_accepted ((SmStftParams) { SM_WINDOW_HANN, 512, 511, SM_PAD_ZERO, SM_SCALE_NONE });
}

static void
test_stft_shapes (void)
{
  SmStft *stft = plan_new (SM_WINDOW_HANN, 512, 128, SM_PAD_ZERO, SM_SCALE_NONE);
  SmStft *none = plan_new (SM_WINDOW_HANN, 512, 100, SM_PAD_NONE, SM_SCALE_NONE);
  const size_t n = 5000;
  float *x = sm_test_noise (n, 5, 1.0f);
  float *y = g_new (float, n + 4096);
  SmSpectrogram *spec;
  SmSpectrogram *wrong;
  SmStatus status;
  size_t covered;

  /* Frame counts, in every mode, against scipy's padding rule. */
  for (int pad = 0; pad < SM_N_PAD_MODES; pad++)
    for (int hop = 1; hop <= 512; hop += 37)
      {
        SmStft *p = plan_new (SM_WINDOW_HAMMING, 512, hop, pad, SM_SCALE_NONE);

        for (size_t len = 1; len < 3000; len += 83)
          {
            size_t t = sm_stft_n_frames (p, len);
            size_t left = pad == SM_PAD_NONE ? 0 : 256;

            g_assert_cmpuint (t, ==, expected_frames (512, hop, pad, len));
            /* The padded signal lies in whole frames, and no frame is wasted. */
            g_assert_cmpuint ((t - 1) * (size_t) hop + 512, >=, 2 * left + len);
            if (t > 1)
              g_assert_cmpuint ((t - 2) * (size_t) hop + 512, <, 2 * left + len);
          }
        sm_stft_free (&p);
      }

  /* Frame centres: on sample t hop with padding, N/2 later without. */
  for (size_t t = 0; t < 100; t += 9)
    {
      g_assert_cmpfloat (sm_stft_frame_center (stft, t), ==, 128.0 * t);
      g_assert_cmpfloat (sm_stft_frame_center (none, t), ==, 100.0 * t + 256.0);
    }

  /* The output must have exactly the plan's shape. */
  spec = forward_new (stft, x, n, NULL);
  wrong = sm_spectrogram_new (spec->n_frames - 1, spec->n_bins, &status);
  g_assert_cmpint (sm_stft_forward (stft, x, n, wrong, NULL), ==, SM_ERROR_BAD_ARG);
  sm_spectrogram_free (&wrong);
  wrong = sm_spectrogram_new (spec->n_frames, spec->n_bins + 1, &status);
  g_assert_cmpint (sm_stft_forward (stft, x, n, wrong, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_stft_inverse (stft, wrong, y, n, NULL), ==, SM_ERROR_BAD_ARG);
  sm_spectrogram_free (&wrong);
  g_assert_cmpint (sm_stft_forward (stft, x, 0, spec, NULL), ==, SM_ERROR_BAD_ARG);

  g_assert_null (sm_spectrogram_new (10, 0, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  wrong = sm_spectrogram_new (3, 257, &status);
  for (size_t i = 0; i < 3 * 257; i++)
    g_assert_true (wrong->bins[i] == 0.0f);
  sm_spectrogram_free (&wrong);
  sm_spectrogram_free (&wrong);

  /* Asking for more samples than the frames cover: the signal, then exact zeros. */
  memset (y, 0x7f, sizeof (float) * (n + 4096));
  g_assert_cmpint (sm_stft_inverse (stft, spec, y, n + 4096, NULL), ==, SM_OK);
  g_assert_cmpfloat (sm_test_rel_error (x, y, n), <, ROUNDTRIP_EPS);
  covered = (spec->n_frames - 1) * 128 + 256;
  for (size_t i = covered; i < n + 4096; i++)
    g_assert_cmpfloat (y[i], ==, 0.0f);

  /* Fewer frames than the signal has: each is still the signal's own transform, so every
   * sample up to the last frame's centre comes back; past what they cover, zeros. */
  wrong = sm_spectrogram_new (5, spec->n_bins, &status);
  memcpy (wrong->bins, spec->bins, 5 * (size_t) spec->n_bins * sizeof (float _Complex));
  g_assert_cmpint (sm_stft_inverse (stft, wrong, y, n, NULL), ==, SM_OK);
  g_assert_cmpfloat (sm_test_rel_error (x, y, 4 * 128 + 1), <, ROUNDTRIP_EPS);
  for (size_t i = 4 * 128 + 256; i < n; i++)
    g_assert_cmpfloat (y[i], ==, 0.0f);
  sm_spectrogram_free (&wrong);

  /* Fewer samples than the frames cover: the start of the signal. */
  g_assert_cmpint (sm_stft_inverse (stft, spec, y, 1000, NULL), ==, SM_OK);
  g_assert_cmpfloat (sm_test_rel_error (x, y, 1000), <, ROUNDTRIP_EPS);

  g_assert_cmpint (sm_stft_n_bins (stft), ==, 257);
  g_assert_cmpfloat_with_epsilon (sm_stft_full_scale (stft), 128.0, 1e-4);
  sm_spectrogram_free (&spec);
  sm_stft_free (&stft);
  sm_stft_free (&none);
  sm_stft_free (&stft);
  g_free (x);
  g_free (y);
}

static void
test_stft_defaults (void)
{
  static const struct { int rate; int n_fft; } cases[] = {
    { 22050, 1024 }, { 44100, 2048 }, { 48000, 2048 }, { 96000, 4096 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SmStftParams p;

      sm_stft_params_default (&p, cases[i].rate);
      g_assert_cmpint (p.window, ==, SM_WINDOW_HANN);
      g_assert_cmpint (p.n_fft, ==, cases[i].n_fft);
      g_assert_cmpint (p.hop, ==, cases[i].n_fft / 4);
      g_assert_cmpint (p.pad, ==, SM_PAD_ZERO);
      g_assert_cmpint (p.scaling, ==, SM_SCALE_NONE);
      g_assert_cmpint (sm_stft_params_validate (&p, NULL), ==, SM_OK);
    }
}

typedef struct
{
  GArray  *fractions;
  GThread *caller;
  gboolean foreign_thread;
  guint    stop_at;   /* return nonzero on this call (1-based); 0 never */
} Progress;

static int
progress_cb (double fraction,
             void  *user_data)
{
  Progress *p = user_data;

  if (g_thread_self () != p->caller)
    p->foreign_thread = TRUE;
  g_array_append_val (p->fractions, fraction);
  return p->stop_at != 0 && p->fractions->len >= p->stop_at;
}

static void
assert_progress (Progress *p,
                 guint     min_calls)
{
  double last = 0.0;

  g_assert_false (p->foreign_thread);
  g_assert_cmpuint (p->fractions->len, >=, min_calls);
  for (guint i = 0; i < p->fractions->len; i++)
    {
      double f = g_array_index (p->fractions, double, i);

      g_assert_cmpfloat (f, >=, last);
      g_assert_cmpfloat (f, <=, 1.0);
      last = f;
    }
  g_assert_cmpfloat (last, >, 0.5);
}

static void
test_stft_threads_progress (void)
{
  const size_t n = 400000;
  SmStft *stft = plan_new (SM_WINDOW_BLACKMAN_HARRIS, 1024, 200, SM_PAD_REFLECT,
                           SM_SCALE_WINDOW_SUM);
  float *x = sm_test_noise (n, 11, 1.0f);
  float *y1 = g_new (float, n);
  float *y = g_new (float, n);
  SmRun one = { .n_threads = 1 };
  SmSpectrogram *ref = forward_new (stft, x, n, &one);
  size_t bytes = ref->n_frames * (size_t) ref->n_bins * sizeof (float _Complex);
  static const int thread_counts[] = { 2, 3, 4, 0 };
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (double)), g_thread_self (), FALSE, 0 };
  SmRun with_progress = { .n_threads = 1, .progress = progress_cb, .progress_data = &progress };
  SmSpectrogram *spec;

  g_assert_cmpuint (ref->n_frames, >, 4 * 64);
  g_assert_cmpint (sm_stft_inverse (stft, ref, y1, n, &one), ==, SM_OK);
  g_assert_cmpfloat (sm_test_rel_error (x, y1, n), <, ROUNDTRIP_EPS);

  /* Bit-identical whatever the thread count. */
  for (guint i = 0; i < G_N_ELEMENTS (thread_counts); i++)
    {
      SmRun run = { .n_threads = thread_counts[i] };

      spec = forward_new (stft, x, n, &run);
      g_assert_true (memcmp (spec->bins, ref->bins, bytes) == 0);
      g_assert_cmpint (sm_stft_inverse (stft, spec, y, n, &run), ==, SM_OK);
      g_assert_true (memcmp (y, y1, n * sizeof (float)) == 0);
      sm_spectrogram_free (&spec);
    }

  /* Progress: from the calling thread, never decreasing, within [0, 1]. Alone, the caller
   * does every block (~30 of them) and reports after each; with helpers, at least once. */
  for (int threads = 1; threads <= 4; threads += 3)
    {
      with_progress.n_threads = threads;
      g_array_set_size (progress.fractions, 0);
      spec = forward_new (stft, x, n, &with_progress);
      assert_progress (&progress, threads == 1 ? 10 : 1);
      g_assert_true (memcmp (spec->bins, ref->bins, bytes) == 0);
      g_array_set_size (progress.fractions, 0);
      g_assert_cmpint (sm_stft_inverse (stft, spec, y, n, &with_progress), ==, SM_OK);
      assert_progress (&progress, threads == 1 ? 10 : 1);
      g_assert_true (memcmp (y, y1, n * sizeof (float)) == 0);
      if (threads == 1)
        sm_spectrogram_free (&spec);
    }

  /* Cancellation: alone, at the first report and at a later one; with more threads than
   * cores, at the first report, many times over. An operation this long (31 blocks) must
   * report at least once whoever runs the blocks, or it cannot be cancelled. After the
   * callback says stop it is not called again. */
  for (guint stop_at = 1; stop_at <= 5; stop_at += 4)
    {
      with_progress.n_threads = 1;
      progress.stop_at = stop_at;
      g_array_set_size (progress.fractions, 0);
      g_assert_cmpint (sm_stft_forward (stft, x, n, spec, &with_progress), ==,
                       SM_ERROR_CANCELLED);
      g_assert_cmpuint (progress.fractions->len, ==, stop_at);
      g_array_set_size (progress.fractions, 0);
      g_assert_cmpint (sm_stft_inverse (stft, ref, y, n, &with_progress), ==,
                       SM_ERROR_CANCELLED);
      g_assert_cmpuint (progress.fractions->len, ==, stop_at);
    }
  for (int i = 0; i < 20; i++)
    {
      with_progress.n_threads = 4;
      progress.stop_at = 1;
      g_array_set_size (progress.fractions, 0);
      g_assert_cmpint (sm_stft_forward (stft, x, n, spec, &with_progress), ==,
                       SM_ERROR_CANCELLED);
      g_assert_cmpuint (progress.fractions->len, ==, 1);
      g_array_set_size (progress.fractions, 0);
      g_assert_cmpint (sm_stft_inverse (stft, ref, y, n, &with_progress), ==,
                       SM_ERROR_CANCELLED);
      g_assert_cmpuint (progress.fractions->len, ==, 1);
    }

  g_array_unref (progress.fractions);
  sm_spectrogram_free (&spec);
  sm_spectrogram_free (&ref);
  sm_stft_free (&stft);
  g_free (x);
  g_free (y1);
  g_free (y);
}

/* One plan, several transforms at once from different threads (the header promises it). */
typedef struct
{
  SmStft        *stft;
  const float   *x;
  size_t         n;
  SmSpectrogram *spec;
} Concurrent;

static gpointer
concurrent_thread (gpointer data)
{
  Concurrent *c = data;
  SmRun run = { .n_threads = 2 };

  for (int i = 0; i < 3; i++)
    g_assert_cmpint (sm_stft_forward (c->stft, c->x, c->n, c->spec, &run), ==, SM_OK);
  return NULL;
}

static void
test_stft_concurrent (void)
{
  const size_t n = 100000;
  SmStft *stft = plan_new (SM_WINDOW_HANN, 2048, 512, SM_PAD_ZERO, SM_SCALE_NONE);
  float *x = sm_test_noise (n, 21, 1.0f);
  SmRun one = { .n_threads = 1 };
  SmSpectrogram *ref = forward_new (stft, x, n, &one);
  size_t bytes = ref->n_frames * (size_t) ref->n_bins * sizeof (float _Complex);
  Concurrent jobs[3];
  GThread *threads[3];

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = (Concurrent) { stft, x, n, NULL };
      jobs[i].spec = sm_spectrogram_new (ref->n_frames, ref->n_bins, NULL);
      threads[i] = g_thread_new ("stft", concurrent_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (memcmp (jobs[i].spec->bins, ref->bins, bytes) == 0);
      sm_spectrogram_free (&jobs[i].spec);
    }
  sm_spectrogram_free (&ref);
  sm_stft_free (&stft);
  g_free (x);
}

/* SmStftFrameFunc for the projection test: writes each frame back into its own row, as the
 * phase pass does, so that a chunk reading a row its neighbour already wrote would show. */
static void
store_row_cb (size_t          frame,
              float _Complex *spectrum,
              int             worker,
              void           *data)
{
  SmSpectrogram *spec = data;

  memcpy (spec->bins + frame * (size_t) spec->n_bins, spectrum,
          sizeof (float _Complex) * (size_t) spec->n_bins);
}

/* STFT (ISTFT (c)) fused per chunk of frames equals the two transforms, for an arbitrary
 * (inconsistent) c, in place, with several chunks, a hop that does not divide N, no
 * padding, the scipy scaling and a short signal; bit for bit on 1 and 2 threads. */
static void
test_stft_project_fused (void)
{
  static const struct
  {
    int       n_fft;
    int       hop;
    SmPadMode pad;
    SmScaling scaling;
    size_t    n;
  } cases[] = {
    { 256, 64, SM_PAD_ZERO, SM_SCALE_NONE, 64 * 400 + 17 },   /* 402 frames, 4 chunks */
    { 256, 100, SM_PAD_ZERO, SM_SCALE_NONE, 30011 },
    { 256, 64, SM_PAD_NONE, SM_SCALE_NONE, 20000 },
    { 512, 256, SM_PAD_ZERO, SM_SCALE_WINDOW_SUM, 70001 },
    { 512, 128, SM_PAD_ZERO, SM_SCALE_NONE, 300 },           /* one short chunk */
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SmStft *stft = plan_new (SM_WINDOW_HANN, cases[i].n_fft, cases[i].hop, cases[i].pad,
                               cases[i].scaling);
      size_t n = cases[i].n;
      size_t n_frames = sm_stft_n_frames (stft, n);
      int n_bins = sm_stft_n_bins (stft);
      size_t count = n_frames * (size_t) n_bins;
      float *noise = sm_test_noise (2 * count, 7 + i, 1.0f);
      SmSpectrogram *ref = sm_spectrogram_new (n_frames, n_bins, NULL);
      SmSpectrogram *fused = sm_spectrogram_new (n_frames, n_bins, NULL);
      float *x = g_new (float, n);
      float _Complex *one_thread = g_new (float _Complex, count);
      SmRun run = { 2, NULL, NULL };
      SmStatus status;
      SmStftProjector *projector = _sm_stft_projector_new (stft, n, &run, &status);
      double error;

      g_assert_cmpint (status, ==, SM_OK);
      memcpy (ref->bins, noise, sizeof (float _Complex) * count);
      g_assert_cmpint (sm_stft_inverse (stft, ref, x, n, NULL), ==, SM_OK);
      g_assert_cmpint (sm_stft_forward (stft, x, n, ref, NULL), ==, SM_OK);

      for (int threads = 1; threads <= 2; threads++)
        {
          memcpy (fused->bins, noise, sizeof (float _Complex) * count);
          g_assert_cmpint (_sm_stft_project (projector, fused, store_row_cb, fused, threads),
                           ==, SM_OK);
          error = sm_test_rel_error ((const float *) ref->bins, (const float *) fused->bins,
                                     2 * count);
          g_test_message ("N %d hop %d pad %d, %zu frames, %d threads: error %.2e",
                          cases[i].n_fft, cases[i].hop, (int) cases[i].pad, n_frames, threads,
                          error);
          g_assert_cmpfloat (error, <, PROJECT_EPS);
          if (threads == 1)
            memcpy (one_thread, fused->bins, sizeof (float _Complex) * count);
        }
      g_assert_cmpmem (fused->bins, count * sizeof (float _Complex),
                       one_thread, count * sizeof (float _Complex));
      /* The projector has scratch for two threads, not for three. */
      g_assert_cmpint (_sm_stft_project (projector, fused, store_row_cb, fused, 3), ==,
                       SM_ERROR_BAD_ARG);

      _sm_stft_projector_free (&projector);
      g_assert_null (projector);
      sm_spectrogram_free (&ref);
      sm_spectrogram_free (&fused);
      sm_stft_free (&stft);
      g_free (one_thread);
      g_free (noise);
      g_free (x);
    }
}

/* Reflect padding reaches samples far from a chunk: the projector declines it. */
static void
test_stft_project_reflect (void)
{
  SmStft *stft = plan_new (SM_WINDOW_HANN, 256, 64, SM_PAD_REFLECT, SM_SCALE_NONE);
  SmStatus status = SM_OK;

  g_assert_null (_sm_stft_projector_new (stft, 10000, NULL, &status));
  g_assert_cmpint (status, ==, SM_ERROR_UNSUPPORTED);
  sm_stft_free (&stft);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/stft/roundtrip", test_stft_roundtrip);
  g_test_add_func ("/core/stft/short", test_stft_short);
  g_test_add_func ("/core/stft/direct-dft", test_stft_direct_dft);
  g_test_add_func ("/core/stft/impulse-parseval", test_stft_impulse_parseval);
  g_test_add_func ("/core/stft/sine-level", test_stft_sine_level);
  g_test_add_func ("/core/stft/validate", test_stft_validate);
  g_test_add_func ("/core/stft/shapes", test_stft_shapes);
  g_test_add_func ("/core/stft/defaults", test_stft_defaults);
  g_test_add_func ("/core/stft/threads-progress", test_stft_threads_progress);
  g_test_add_func ("/core/stft/concurrent", test_stft_concurrent);
  g_test_add_func ("/core/stft/project-fused", test_stft_project_fused);
  g_test_add_func ("/core/stft/project-reflect", test_stft_project_reflect);

  return g_test_run ();
}
