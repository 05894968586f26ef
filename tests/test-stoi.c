/* test-stoi.c: STOI and ESTOI on speech in noise, and their steps against hand-worked values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There is no pystoi in Debian 12, so the end-to-end checks are properties (identity,
 * gain invariance, monotonicity in noise, agreement across input rates) and the steps are
 * checked on inputs small enough to work out by hand.
 */
#include "sm-test-util.h"

#include <math.h>

#include "sm-stoi-private.h"

/* The clean demo speech at its own rate (22.05 kHz); NULL, with the test skipped, when
 * SM_DEMO_DIR is not set. */
static SmAudio *
load_speech (void)
{
  const char *dir = g_getenv ("SM_DEMO_DIR");
  g_autofree char *path = NULL;
  SmAudio *audio = NULL;
  SmError error = { 0 };

  if (dir == NULL)
    {
      g_test_skip ("SM_DEMO_DIR is not set");
      return NULL;
    }
  path = g_build_filename (dir, "target.flac", NULL);
  g_assert_cmpint (sm_audio_read (path, &audio, NULL, &error), ==, SM_OK);
  g_assert_cmpint (audio->channels, ==, 1);
  return audio;
}

static double
stoi_ok (const float *clean,
         const float *degraded,
         size_t       n,
         int          rate,
         int          extended)
{
  SmStatus status = SM_ERROR_BAD_ARG;
  double d = sm_stoi (clean, degraded, n, rate, extended, &status);

  g_assert_cmpint (status, ==, SM_OK);
  g_assert_true (isfinite (d));
  return d;
}

static void
test_identical (void)
{
  SmAudio *speech = load_speech ();
  float *quieter;
  size_t n;

  if (speech == NULL)
    return;
  n = speech->frames;
  quieter = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    quieter[i] = 0.25f * speech->data[0][i];

  for (int extended = 0; extended < 2; extended++)
    {
      const float *x = speech->data[0];

      g_assert_cmpfloat_with_epsilon (stoi_ok (x, x, n, speech->rate, extended), 1.0, 1e-6);
      /* Both measures normalise away the level of the degraded signal. */
      g_assert_cmpfloat_with_epsilon (stoi_ok (x, quieter, n, speech->rate, extended), 1.0,
                                      1e-6);
    }
  g_free (quieter);
  sm_audio_free (&speech);
}

static void
test_noise (void)
{
  static const double snrs[] = { 20.0, 10.0, 0.0, -5.0 };
  SmAudio *speech = load_speech ();
  double previous[2] = { 1.0, 1.0 };
  const float *x;
  float *noise, *noisy, *x44 = NULL, *noisy44 = NULL;
  double energy = 0.0;
  size_t n, n44;

  if (speech == NULL)
    return;
  x = speech->data[0];
  n = speech->frames;
  noise = sm_test_noise (n, 31, 1.0f);
  noisy = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    energy += (double) x[i] * x[i];

  for (size_t s = 0; s < G_N_ELEMENTS (snrs); s++)
    {
      /* White noise scaled to the SNR over the whole file (uniform noise of amplitude 1
       * has mean square 1/3). */
      double gain = sqrt (energy / n * 3.0 * pow (10.0, -snrs[s] / 10.0));
      double d[2];
      SmStatus status;

      for (size_t i = 0; i < n; i++)
        noisy[i] = x[i] + (float) gain * noise[i];
      for (int e = 0; e < 2; e++)
        {
          d[e] = stoi_ok (x, noisy, n, speech->rate, e);
          g_assert_cmpfloat (d[e], >=, 0.0);
          g_assert_cmpfloat (d[e], <=, 1.0);
          g_assert_cmpfloat (d[e], <, previous[e]);
          previous[e] = d[e];
        }
      g_test_message ("SNR %+3.0f dB: STOI %.4f, ESTOI %.4f", snrs[s], d[0], d[1]);
      /* ESTOI weighs the spectral shape of every frame, which white noise flattens: it
       * falls faster than STOI. */
      g_assert_cmpfloat (d[1], <=, d[0] + 0.02);

      /* The same signals at 44.1 kHz give nearly the same figure: the resampler only
       * changes what lies above the bands. */
      if (s == 1)
        {
          x44 = sm_resample (x, n, speech->rate, 44100, &n44, &status);
          g_assert_cmpint (status, ==, SM_OK);
          noisy44 = sm_resample (noisy, n, speech->rate, 44100, &n44, &status);
          g_assert_cmpint (status, ==, SM_OK);
          g_assert_cmpfloat_with_epsilon (stoi_ok (x44, noisy44, n44, 44100, 0), d[0], 5e-3);
          g_assert_cmpfloat_with_epsilon (stoi_ok (x44, noisy44, n44, 44100, 1), d[1], 5e-3);
        }
    }
  /* The papers' curves for speech in white noise: near 1 at 20 dB, well down at -5 dB. */
  g_assert_cmpfloat (previous[0], <, 0.8);

  free (x44);
  free (noisy44);
  g_free (noise);
  g_free (noisy);
  sm_audio_free (&speech);
}

static void
test_band_bins (void)
{
  /* Centres 150 * 2^(k/3) Hz, edges centre * 2^(+-1/6), bins 10000 / 512 = 19.53 Hz apart.
   * Band 0: 133.6 Hz is bin 6.84 -> 7, 168.4 Hz is bin 8.62 -> 9, so bins 7 and 8.
   * Band 14: centre 3809.8 Hz, edges 3394.1 Hz (bin 173.78 -> 174) and 4276.3 Hz
   * (bin 218.95 -> 219). Each band's upper edge is the next one's lower edge. */
  static const int edges[SM_STOI_N_BANDS + 1] = {
    7, 9, 11, 14, 17, 22, 27, 34, 43, 55, 69, 87, 109, 138, 174, 219,
  };

  for (int b = 0; b < SM_STOI_N_BANDS; b++)
    {
      int lo, hi;

      _sm_stoi_band_bins (b, &lo, &hi);
      g_assert_cmpint (lo, ==, edges[b]);
      g_assert_cmpint (hi, ==, edges[b + 1]);
    }
}

static void
test_silent_frames (void)
{
  /* 20 hops of 128 samples, each a tone at Nyquist (+-a), so a 256-sample frame over hops
   * h and h + 1 has energy S (a_h^2 + a_h+1^2) exactly, S being the energy of either half of
   * the (symmetric) window. The loudest frames are two hops of 1: 2 S. A frame is kept
   * when its energy exceeds 2 S * 10^-4, that is a_h^2 + a_h+1^2 > 2e-4. */
  static const float level[20] = {
    1, 1, 1, 1, 0, 0, 0, 0, 0.03f, 0.03f, 0.03f, 0.005f, 0.005f, 0.005f, 1, 1, 0, 0, 0, 0,
  };
  /* Frame j covers hops j and j + 1: (1, 0) is kept; (0, 0.03) gives 9e-4, kept; (0.03,
   * 0.005) kept; (0.005, 0.005) gives 5e-5, dropped; (0.005, 1) kept. */
  static const unsigned char expected[19] = {
    1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0,
  };
  const size_t n = 20 * SM_STOI_HOP;
  float x[20 * SM_STOI_HOP], y[20 * SM_STOI_HOP];
  float x_out[20 * SM_STOI_HOP], y_out[20 * SM_STOI_HOP];
  unsigned char kept[19];
  size_t sources[19];
  size_t n_frames = 0, count = 0, len;

  for (size_t i = 0; i < n; i++)
    {
      x[i] = level[i / SM_STOI_HOP] * (i % 2 ? -1.0f : 1.0f);
      y[i] = (float) i;   /* a ramp shows which input frame each output frame came from */
    }
  len = _sm_stoi_remove_silent (x, y, n, x_out, y_out, kept, &n_frames);
  g_assert_cmpuint (n_frames, ==, 19);
  for (size_t j = 0; j < 19; j++)
    {
      g_assert_cmpint (kept[j], ==, expected[j]);
      if (kept[j])
        sources[count++] = j;
    }
  g_assert_cmpuint (count, ==, 11);
  g_assert_cmpuint (len, ==, 10 * SM_STOI_HOP + SM_STOI_FRAME);

  /* Output frame c is input frame sources[c], windowed, overlap-added at c * 128: the first
   * half of c plus the second half of c - 1. */
  for (size_t c = 0; c <= count; c++)
    for (size_t i = 0; i < SM_STOI_HOP; i += 17)
      {
        double w_first = 0.5 - 0.5 * cos (2.0 * G_PI * (double) (i + 1) / 257.0);
        double w_second = 0.5 - 0.5 * cos (2.0 * G_PI * (double) (i + 129) / 257.0);
        double want = 0.0;

        if (c < count)
          want += w_first * (double) (sources[c] * SM_STOI_HOP + i);
        if (c > 0)
          want += w_second * (double) (sources[c - 1] * SM_STOI_HOP + SM_STOI_HOP + i);
        g_assert_cmpfloat_with_epsilon (y_out[c * SM_STOI_HOP + i], want, 1e-3);
      }
}

static void
test_clip (void)
{
  /* x = (0.1, 1, 1, 1), y = (1, 0, 0, 0): the gain is |x| / |y| = sqrt (3.01) = 1.7349,
   * so a y = (1.7349, 0, 0, 0), and the ceiling (1 + 10^(15/20)) x_0 = 6.6234 * 0.1 =
   * 0.66234 clips the first value. */
  const double x1[4] = { 0.1, 1.0, 1.0, 1.0 };
  const double y1[4] = { 1.0, 0.0, 0.0, 0.0 };
  /* y = 2 x: the gain 0.5 gives back x, far below the ceiling. */
  const double x2[4] = { 1.0, 2.0, 3.0, 4.0 };
  const double y2[4] = { 2.0, 4.0, 6.0, 8.0 };
  /* x = (0.1, 0.1, 1, 1), y = (1, 1, 0, 0): gain sqrt (2.02 / 2) = 1.00499, both clipped. */
  const double x3[4] = { 0.1, 0.1, 1.0, 1.0 };
  const double y3[4] = { 1.0, 1.0, 0.0, 0.0 };
  double out[4];

  _sm_stoi_clip (x1, y1, 4, out);
  g_assert_cmpfloat_with_epsilon (out[0], 0.662341325, 1e-9);
  g_assert_cmpfloat (out[1], ==, 0.0);
  g_assert_cmpfloat (out[3], ==, 0.0);

  _sm_stoi_clip (x2, y2, 4, out);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (out[i], x2[i], 1e-12);

  _sm_stoi_clip (x3, y3, 4, out);
  g_assert_cmpfloat_with_epsilon (out[0], 0.662341325, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[1], 0.662341325, 1e-9);
  g_assert_cmpfloat (out[2], ==, 0.0);
}

static void
test_bad_input (void)
{
  /* 0.3 s of noise at 10 kHz is 22 frames, short of one 30-frame segment. */
  float *short_noise = sm_test_noise (3000, 32, 0.5f);
  float *noise = sm_test_noise (10000, 33, 0.5f);
  float zero[10000] = { 0 };
  SmStatus status = SM_OK;

  g_assert_true (isnan (sm_stoi (short_noise, short_noise, 3000, 10000, 0, &status)));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  /* 1 s is enough. */
  g_assert_cmpfloat_with_epsilon (stoi_ok (noise, noise, 10000, 10000, 0), 1.0, 1e-6);
  /* A silent reference has no frame to keep. */
  g_assert_true (isnan (sm_stoi (zero, noise, 10000, 10000, 1, &status)));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  g_assert_true (isnan (sm_stoi (NULL, noise, 10000, 10000, 0, &status)));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  g_assert_true (isnan (sm_stoi (noise, noise, 10000, 0, 0, &status)));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  noise[5000] = INFINITY;
  g_assert_true (isnan (sm_stoi (noise, zero, 10000, 10000, 0, &status)));
  g_assert_cmpint (status, ==, SM_ERROR_NONFINITE);
  /* A silent degraded signal is allowed: it just correlates with nothing. */
  noise[5000] = 0.0f;
  g_assert_cmpfloat_with_epsilon (stoi_ok (noise, zero, 10000, 10000, 0), 0.0, 1e-12);

  g_free (short_noise);
  g_free (noise);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/stoi/identical", test_identical);
  g_test_add_func ("/core/stoi/noise", test_noise);
  g_test_add_func ("/core/stoi/band-bins", test_band_bins);
  g_test_add_func ("/core/stoi/silent-frames", test_silent_frames);
  g_test_add_func ("/core/stoi/clip", test_clip);
  g_test_add_func ("/core/stoi/bad-input", test_bad_input);
  return g_test_run ();
}
