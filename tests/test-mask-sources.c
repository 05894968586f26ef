/* test-mask-sources.c: ideal binary and ratio masks, thresholds, all-pass, on hand-built
 * spectrograms where the winning bins are known.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <complex.h>
#include <math.h>
#include <string.h>

/* Half a level, the most that storing a value as its nearest level can move it; a bit
 * more, as a value exactly between two levels may round either way and
 * g_assert_cmpfloat_with_epsilon wants the difference strictly below. */
#define HALF_LEVEL (0.5 / 255.0 + 1e-6)

/* Hand-built spectrograms do not need the STFT module; the struct is plain data. */
static SmSpectrogram *
spec_new (size_t n_frames,
          int    n_bins)
{
  SmSpectrogram *spec = g_new0 (SmSpectrogram, 1);

  spec->n_frames = n_frames;
  spec->n_bins = n_bins;
  spec->bins = g_new0 (float _Complex, n_frames * (size_t) n_bins);
  return spec;
}

static void
spec_free (SmSpectrogram *spec)
{
  g_free (spec->bins);
  g_free (spec);
}

/* A bin of magnitude @mag with a phase that depends on its index, so that a magnitude
 * computed from the real part alone would fail. */
static void
spec_set (SmSpectrogram *spec,
          size_t         t,
          int            f,
          double         mag)
{
  double phase = 0.7 + 1.3 * (double) t + 0.4 * f;

  spec->bins[t * (size_t) spec->n_bins + (size_t) f] = (float) (mag * cos (phase))
                                                      + (float) (mag * sin (phase)) * I;
}

static SmSpectrogram *
spec_random (size_t  n_frames,
             int     n_bins,
             guint32 seed,
             double  lo_db,
             double  hi_db)
{
  SmSpectrogram *spec = spec_new (n_frames, n_bins);
  GRand *rand = g_rand_new_with_seed (seed);

  for (size_t t = 0; t < n_frames; t++)
    for (int f = 0; f < n_bins; f++)
      spec_set (spec, t, f, pow (10.0, g_rand_double_range (rand, lo_db, hi_db) / 20.0));
  g_rand_free (rand);
  return spec;
}

static double
spec_mag (const SmSpectrogram *spec,
          size_t               i)
{
  return cabs ((double _Complex) spec->bins[i]);
}

static SmMask *
mask_for (const SmSpectrogram *spec)
{
  return sm_mask_new (spec->n_frames, spec->n_bins, 0.5f, NULL);
}

static size_t
count_kept (const SmMask *mask)
{
  size_t n = 0;

  for (size_t i = 0; i < mask->n_frames * (size_t) mask->n_bins; i++)
    n += mask->levels[i] == SM_MASK_LEVEL_MAX;
  return n;
}

static void
test_ibm_constructed (void)
{
  SmSpectrogram *target = spec_new (2, 6);
  SmSpectrogram *interferer = spec_new (2, 6);
  SmMask *mask = mask_for (target);
  static const SmMaskLevel lc0[12] = { 255, 0, 255, 0, 255, 255, 0, 255, 0, 0, 0, 0 };

  /* Frame 0: target 2 vs 1 (+6.02 dB), 1 vs 1 (0 dB), 1 vs 0 (+inf), 0 vs 0,
   *          100 vs 1 (the peak), 0.05 vs 0 (66 dB below the peak).
   * Frame 1: 0.5 vs 1 (-6.02 dB), 0.2 vs 0.1 (54 dB below the peak, +6 dB),
   *          0 vs 1, and quiet interferer-only bins. */
  spec_set (target, 0, 0, 2.0);
  spec_set (interferer, 0, 0, 1.0);
  spec_set (target, 0, 1, 1.0);
  spec_set (interferer, 0, 1, 1.0);
  spec_set (target, 0, 2, 1.0);
  spec_set (target, 0, 4, 100.0);
  spec_set (interferer, 0, 4, 1.0);
  spec_set (target, 0, 5, 0.05);
  spec_set (target, 1, 0, 0.5);
  spec_set (interferer, 1, 0, 1.0);
  spec_set (target, 1, 1, 0.2);
  spec_set (interferer, 1, 1, 0.1);
  spec_set (interferer, 1, 2, 1.0);
  spec_set (interferer, 1, 3, 1e-3);

  /* No floor: the local criterion alone; equal levels are not "above" 0 dB. */
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, 0.0, -1.0), ==, SM_OK);
  g_assert_true (memcmp (mask->levels, lc0, sizeof lc0) == 0);
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, 0.0, INFINITY), ==, SM_OK);
  g_assert_true (memcmp (mask->levels, lc0, sizeof lc0) == 0);

  /* The 60 dB floor removes the bin 66 dB below the peak and keeps the one 54 dB below. */
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, 0.0, SM_IBM_DEFAULT_FLOOR_DB), ==,
                   SM_OK);
  g_assert_cmpuint (mask->levels[5], ==, 0);
  g_assert_cmpuint (mask->levels[7], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (count_kept (mask), ==, 4);

  /* Raising LC past 6.02 dB drops the +6 dB bins; lowering it below 0 admits the tie,
   * but never a bin 6 dB under its interferer. */
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, 6.0, -1.0), ==, SM_OK);
  g_assert_cmpuint (mask->levels[0], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, 6.1, -1.0), ==, SM_OK);
  g_assert_cmpuint (mask->levels[0], ==, 0);
  g_assert_cmpuint (mask->levels[7], ==, 0);
  g_assert_cmpuint (mask->levels[2], ==, SM_MASK_LEVEL_MAX);   /* +inf still wins */
  g_assert_cmpuint (mask->levels[4], ==, SM_MASK_LEVEL_MAX);   /* +40 dB */
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, -0.1, -1.0), ==, SM_OK);
  g_assert_cmpuint (mask->levels[1], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[6], ==, 0);
  g_assert_cmpuint (mask->levels[3], ==, 0);   /* silence never wins */
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, -6.1, -1.0), ==, SM_OK);
  g_assert_cmpuint (mask->levels[6], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[3], ==, 0);
  g_assert_cmpint (sm_mask_ibm (mask, target, interferer, -INFINITY, -1.0), ==, SM_OK);
  g_assert_cmpuint (count_kept (mask), ==, 7);     /* every bin with target energy */

  sm_mask_free (&mask);
  spec_free (target);
  spec_free (interferer);
}

/* On random data, the mask equals the definition evaluated in dB, and a higher LC keeps
 * a subset. */
static void
test_ibm_reference (void)
{
  SmSpectrogram *target = spec_random (40, 33, 1, -80.0, 20.0);
  SmSpectrogram *interferer = spec_random (40, 33, 2, -80.0, 20.0);
  SmMask *mask = mask_for (target);
  SmMask *previous = NULL;
  static const double lcs[] = { -20.0, -3.0, 0.0, 3.0, 10.0 };
  static const double floors[] = { -1.0, 30.0, 60.0 };
  size_t n = 40 * 33;
  double peak_db = -INFINITY;

  for (size_t i = 0; i < n; i++)
    peak_db = fmax (peak_db, 20.0 * log10 (spec_mag (target, i)));

  for (size_t k = 0; k < G_N_ELEMENTS (lcs); k++)
    {
      size_t checked = 0;

      g_assert_cmpint (sm_mask_ibm (mask, target, interferer, lcs[k], -1.0), ==, SM_OK);
      for (size_t i = 0; i < n; i++)
        {
          double diff = 20.0 * log10 (spec_mag (target, i)) - 20.0 * log10 (spec_mag (interferer, i));

          if (fabs (diff - lcs[k]) < 1e-3)
            continue;
          g_assert_cmpuint (mask->levels[i], ==, diff > lcs[k] ? SM_MASK_LEVEL_MAX : 0);
          checked++;
        }
      g_assert_cmpuint (checked, >, n - 5);
      if (previous != NULL)
        for (size_t i = 0; i < n; i++)
          g_assert_cmpuint (mask->levels[i], <=, previous->levels[i]);
      sm_mask_free (&previous);
      previous = sm_mask_copy (mask);
    }

  for (size_t k = 0; k < G_N_ELEMENTS (floors); k++)
    {
      g_assert_cmpint (sm_mask_ibm (mask, target, interferer, 0.0, floors[k]), ==, SM_OK);
      for (size_t i = 0; i < n; i++)
        {
          double t_db = 20.0 * log10 (spec_mag (target, i));
          double diff = t_db - 20.0 * log10 (spec_mag (interferer, i));
          gboolean above = floors[k] < 0.0 || t_db > peak_db - floors[k];

          if (fabs (diff) < 1e-3 || (floors[k] >= 0.0 && fabs (t_db - (peak_db - floors[k])) < 1e-3))
            continue;
          g_assert_cmpuint (mask->levels[i], ==, diff > 0.0 && above ? SM_MASK_LEVEL_MAX : 0);
        }
    }

  sm_mask_free (&previous);
  sm_mask_free (&mask);
  spec_free (target);
  spec_free (interferer);
}

static void
test_irm (void)
{
  SmSpectrogram *target = spec_random (20, 17, 3, -40.0, 20.0);
  SmSpectrogram *interferer = spec_random (20, 17, 4, -40.0, 20.0);
  SmMask *mask = mask_for (target);
  static const double exponents[] = { 0.5, 1.0, 2.0, 0.3 };
  size_t n = 20 * 17;

  /* Edge bins: silence in both gives 0, target alone 1, interferer alone 0. */
  spec_set (target, 0, 0, 0.0);
  spec_set (interferer, 0, 0, 0.0);
  spec_set (target, 0, 1, 3.0);
  spec_set (interferer, 0, 1, 0.0);
  spec_set (target, 0, 2, 0.0);
  spec_set (interferer, 0, 2, 3.0);
  /* |T| = 3, |I| = 4: |T|^2 / (|T|^2 + |I|^2) = 9 / 25. */
  spec_set (target, 0, 3, 3.0);
  spec_set (interferer, 0, 3, 4.0);

  for (size_t k = 0; k < G_N_ELEMENTS (exponents); k++)
    {
      g_assert_cmpint (sm_mask_irm (mask, target, interferer, exponents[k]), ==, SM_OK);
      g_assert_cmpuint (mask->levels[0], ==, 0);
      g_assert_cmpuint (mask->levels[1], ==, SM_MASK_LEVEL_MAX);
      g_assert_cmpuint (mask->levels[2], ==, 0);
      g_assert_cmpfloat_with_epsilon (sm_mask_level_value (mask->levels[3]),
                                      pow (9.0 / 25.0, exponents[k]), HALF_LEVEL);
      for (size_t i = 4; i < n; i++)
        {
          double t2 = pow (spec_mag (target, i), 2.0);
          double i2 = pow (spec_mag (interferer, i), 2.0);

          g_assert_cmpfloat_with_epsilon (sm_mask_level_value (mask->levels[i]),
                                          pow (t2 / (t2 + i2), exponents[k]), HALF_LEVEL);
        }
      /* Random data at 60 dB of range: a soft mask, not a binary one. */
      g_assert_false (sm_mask_is_binary (mask));
    }
  /* The amplitude ratio 3 / 5 = 153 / 255 is a level of its own. */
  g_assert_cmpint (sm_mask_irm (mask, target, interferer, SM_IRM_DEFAULT_EXPONENT), ==, SM_OK);
  g_assert_cmpuint (mask->levels[3], ==, 153);

  g_assert_cmpint (sm_mask_irm (mask, target, interferer, 0.0), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_irm (mask, target, interferer, -1.0), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_irm (mask, target, interferer, NAN), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_irm (mask, target, interferer, INFINITY), ==, SM_ERROR_BAD_ARG);

  sm_mask_free (&mask);
  spec_free (target);
  spec_free (interferer);
}

static void
test_threshold_absolute (void)
{
  SmSpectrogram *mix = spec_new (3, 4);
  SmMask *mask = mask_for (mix);
  const double full_scale = 512.0;

  /* 0, -20, -40 dBFS and silence, in every frame (frame t scaled by -1 dB per frame). */
  for (size_t t = 0; t < 3; t++)
    {
      double gain = pow (10.0, -(double) t / 20.0);

      spec_set (mix, t, 0, full_scale * gain);
      spec_set (mix, t, 1, full_scale * 0.1 * gain);
      spec_set (mix, t, 2, full_scale * 0.01 * gain);
    }

  g_assert_cmpint (sm_mask_threshold (mask, mix, full_scale, -30.0, SM_THRESHOLD_ABSOLUTE, 0, 0),
                   ==, SM_OK);
  for (size_t t = 0; t < 3; t++)
    {
      g_assert_cmpuint (mask->levels[t * 4 + 0], ==, SM_MASK_LEVEL_MAX);
      g_assert_cmpuint (mask->levels[t * 4 + 1], ==, SM_MASK_LEVEL_MAX);
      g_assert_cmpuint (mask->levels[t * 4 + 2], ==, 0);
      g_assert_cmpuint (mask->levels[t * 4 + 3], ==, 0);
    }

  /* -21.5 dBFS: -20, -21, -22 dBFS bins fall on both sides. */
  g_assert_cmpint (sm_mask_threshold (mask, mix, full_scale, -21.5, SM_THRESHOLD_ABSOLUTE, 0, 0),
                   ==, SM_OK);
  g_assert_cmpuint (mask->levels[0 * 4 + 1], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[1 * 4 + 1], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[2 * 4 + 1], ==, 0);
  g_assert_cmpuint (count_kept (mask), ==, 5);

  /* The same data at another full scale moves every level. */
  g_assert_cmpint (sm_mask_threshold (mask, mix, full_scale * 10.0, -30.0, SM_THRESHOLD_ABSOLUTE,
                                      0, 0), ==, SM_OK);
  g_assert_cmpuint (count_kept (mask), ==, 3);
  g_assert_cmpint (sm_mask_threshold (mask, mix, full_scale, -INFINITY, SM_THRESHOLD_ABSOLUTE,
                                      0, 0), ==, SM_OK);
  g_assert_cmpuint (count_kept (mask), ==, 9);

  g_assert_cmpint (sm_mask_threshold (mask, mix, 0.0, -30.0, SM_THRESHOLD_ABSOLUTE, 0, 0), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_threshold (mask, mix, full_scale, NAN, SM_THRESHOLD_ABSOLUTE, 0, 0), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_threshold (mask, mix, full_scale, 0.0, (SmThresholdMode) 7, 0, 0), ==,
                   SM_ERROR_BAD_ARG);

  sm_mask_free (&mask);
  spec_free (mix);
}

/* Brute force: the mean power of the clipped box around each bin. */
static double
box_mean (const SmSpectrogram *spec,
          size_t               t,
          int                  f,
          int                  half_frames,
          int                  half_bins)
{
  double sum = 0.0;
  int count = 0;

  for (long u = (long) t - half_frames; u <= (long) t + half_frames; u++)
    for (int g = f - half_bins; g <= f + half_bins; g++)
      {
        double m;

        if (u < 0 || u >= (long) spec->n_frames || g < 0 || g >= spec->n_bins)
          continue;
        m = spec_mag (spec, (size_t) u * (size_t) spec->n_bins + (size_t) g);
        sum += m * m;
        count++;
      }
  return sum / count;
}

static void
test_threshold_relative (void)
{
  SmSpectrogram *mix = spec_new (12, 10);
  SmMask *mask = mask_for (mix);

  /* Power 1 everywhere, 100 at (6, 5) and at the corner (0, 0). */
  for (size_t t = 0; t < 12; t++)
    for (int f = 0; f < 10; f++)
      spec_set (mix, t, f, 1.0);
  spec_set (mix, 6, 5, 10.0);
  spec_set (mix, 0, 0, 10.0);

  /* 5 x 5 box: the inner peak stands 10 log10 (100 / (124 / 25)) = 13.0 dB above its mean;
   * the corner peak's box is clipped to 3 x 3: 10 log10 (100 / (108 / 9)) = 9.2 dB. */
  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 9.0, SM_THRESHOLD_RELATIVE, 2, 2), ==, SM_OK);
  g_assert_cmpuint (mask->levels[6 * 10 + 5], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[0], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (count_kept (mask), ==, 2);
  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 9.5, SM_THRESHOLD_RELATIVE, 2, 2), ==, SM_OK);
  g_assert_cmpuint (mask->levels[6 * 10 + 5], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[0], ==, 0);   /* an unclipped mean would give 13.6 dB */
  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 13.2, SM_THRESHOLD_RELATIVE, 2, 2), ==, SM_OK);
  g_assert_cmpuint (count_kept (mask), ==, 0);

  /* Just below 0 dB, flat background passes but bins whose box holds a peak do not:
   * 24 around the inner peak, 8 around the corner one. */
  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, -0.1, SM_THRESHOLD_RELATIVE, 2, 2), ==, SM_OK);
  g_assert_cmpuint (count_kept (mask), ==, 120 - 24 - 8);

  /* Random data against the brute-force mean, for several boxes, including ones wider
   * than the spectrogram. */
  spec_free (mix);
  mix = spec_random (23, 19, 5, -60.0, 0.0);
  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 3.0, SM_THRESHOLD_RELATIVE, 1, 1), ==,
                   SM_ERROR_MISMATCH);
  sm_mask_free (&mask);
  mask = mask_for (mix);
  for (int k = 0; k < 4; k++)
    {
      static const int boxes[4][2] = { { 0, 1 }, { 1, 3 }, { 4, 2 }, { 30, 25 } };
      int ht = boxes[k][0], hf = boxes[k][1];

      g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 3.0, SM_THRESHOLD_RELATIVE, ht, hf), ==,
                       SM_OK);
      for (size_t t = 0; t < 23; t++)
        for (int f = 0; f < 19; f++)
          {
            double m = spec_mag (mix, t * 19 + (size_t) f);
            double level = 10.0 * log10 (m * m / box_mean (mix, t, f, ht, hf));

            if (fabs (level - 3.0) > 1e-6)
              g_assert_cmpuint (mask->levels[t * 19 + (size_t) f], ==, level > 3.0 ? SM_MASK_LEVEL_MAX : 0);
          }
    }

  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 3.0, SM_THRESHOLD_RELATIVE, -1, 2), ==,
                   SM_ERROR_BAD_ARG);
  sm_mask_free (&mask);
  spec_free (mix);
}

/* A quiet passage after a long loud one: its local peaks must still stand out. A
 * summed-area table would bury them under the rounding error of the loud total. */
static void
test_threshold_relative_quiet (void)
{
  const size_t n_frames = 400;
  const int n_bins = 257;
  SmSpectrogram *mix = spec_new (n_frames, n_bins);
  SmMask *mask = mask_for (mix);

  for (size_t t = 0; t < n_frames; t++)
    for (int f = 0; f < n_bins; f++)
      spec_set (mix, t, f, t < 300 ? 1e6 : 1e-4);
  spec_set (mix, 350, 100, 1e-3);   /* 20 dB above the quiet floor */

  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, 10.0, SM_THRESHOLD_RELATIVE, 3, 3), ==,
                   SM_OK);
  g_assert_cmpuint (count_kept (mask), ==, 1);
  g_assert_cmpuint (mask->levels[350 * (size_t) n_bins + 100], ==, SM_MASK_LEVEL_MAX);

  /* And the flat quiet floor sits at exactly 0 dB, above -0.01 dB, like the loud one. */
  g_assert_cmpint (sm_mask_threshold (mask, mix, 1.0, -0.01, SM_THRESHOLD_RELATIVE, 3, 3), ==,
                   SM_OK);
  g_assert_cmpuint (mask->levels[380 * (size_t) n_bins + 200], ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (mask->levels[100 * (size_t) n_bins + 200], ==, SM_MASK_LEVEL_MAX);

  sm_mask_free (&mask);
  spec_free (mix);
}

static void
test_all_pass_and_args (void)
{
  SmSpectrogram *a = spec_new (5, 9);
  SmSpectrogram *b = spec_new (6, 9);
  SmSpectrogram *c = spec_new (5, 8);
  SmMask *mask = mask_for (a);
  SmMask *wrong = sm_mask_new (6, 9, 0.0f, NULL);

  sm_mask_all_pass (mask);
  g_assert_cmpuint (count_kept (mask), ==, 45);
  sm_mask_all_pass (NULL);

  g_assert_cmpint (sm_mask_ibm (mask, a, b, 0.0, 60.0), ==, SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_mask_ibm (mask, a, c, 0.0, 60.0), ==, SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_mask_ibm (wrong, a, a, 0.0, 60.0), ==, SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_mask_irm (mask, a, b, 0.5), ==, SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_mask_threshold (wrong, a, 1.0, 0.0, SM_THRESHOLD_ABSOLUTE, 0, 0), ==,
                   SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_mask_ibm (mask, a, a, NAN, 60.0), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_ibm (mask, a, a, 0.0, NAN), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_ibm (NULL, a, a, 0.0, 60.0), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_ibm (mask, a, NULL, 0.0, 60.0), ==, SM_ERROR_BAD_ARG);
  /* A failed call leaves the mask alone. */
  g_assert_cmpuint (count_kept (mask), ==, 45);

  sm_mask_free (&mask);
  sm_mask_free (&wrong);
  spec_free (a);
  spec_free (b);
  spec_free (c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mask/sources/ibm-constructed", test_ibm_constructed);
  g_test_add_func ("/core/mask/sources/ibm-reference", test_ibm_reference);
  g_test_add_func ("/core/mask/sources/irm", test_irm);
  g_test_add_func ("/core/mask/sources/threshold-absolute", test_threshold_absolute);
  g_test_add_func ("/core/mask/sources/threshold-relative", test_threshold_relative);
  g_test_add_func ("/core/mask/sources/threshold-relative-quiet", test_threshold_relative_quiet);
  g_test_add_func ("/core/mask/sources/all-pass-and-args", test_all_pass_and_args);

  return g_test_run ();
}
