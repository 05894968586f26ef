/* test-db-levels.c: 16-bit level codes, the block-wise STFT to codes, and the masks
 * computed from codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <complex.h>
#include <math.h>
#include <string.h>

static double
exact_db (float _Complex x,
          double         full_scale)
{
  double p = crealf (x) * (double) crealf (x) + cimagf (x) * (double) cimagf (x);

  return 10.0 * log10 (p / (full_scale * full_scale));
}

static void
test_codes (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  const size_t n = 20000;
  g_autofree float _Complex *bins = g_new (float _Complex, n);
  g_autofree guint16 *codes = g_new (guint16, n);
  guint16 peak, expected_peak = 0;
  const double full_scale = 512.0;

  g_assert_cmpuint (sm_db_to_code (SM_DB_FLOOR), ==, 0);
  g_assert_cmpuint (sm_db_to_code (-1000.0), ==, 0);
  g_assert_cmpuint (sm_db_to_code (NAN), ==, 0);
  g_assert_cmpuint (sm_db_to_code (1000.0), ==, 65535);
  for (int code = 0; code < 65536; code += 97)
    g_assert_cmpuint (sm_db_to_code (sm_db_from_code ((guint16) code)), ==, code);

  for (size_t i = 0; i < n; i++)
    {
      /* Levels from far below the floor to above the top, random phases. */
      double db = g_rand_double_range (rand, -200.0, 110.0);
      double mag = full_scale * pow (10.0, db / 20.0);
      double phase = g_rand_double_range (rand, 0, 2 * G_PI);

      bins[i] = (float) (mag * cos (phase)) + (float) (mag * sin (phase)) * I;
    }
  bins[0] = 0.0f;
  peak = sm_db_codes_from_bins (bins, n, full_scale, codes);
  g_assert_cmpuint (codes[0], ==, 0);
  for (size_t i = 1; i < n; i++)
    {
      double db = exact_db (bins[i], full_scale);
      guint16 expect = sm_db_to_code (db);

      /* The fast logarithm may round the other way at a code's edge, never further. */
      g_assert_cmpint (ABS ((int) codes[i] - (int) expect), <=, 1);
      if (db > SM_DB_FLOOR + 0.01 && db < 95.0)
        g_assert_cmpfloat (fabs (sm_db_from_code (codes[i]) - db), <=, 1.0 / SM_DB_STEPS);
      expected_peak = MAX (expected_peak, codes[i]);
    }
  g_assert_cmpuint (peak, ==, expected_peak);
}

/* The block-wise levels equal the levels of the whole STFT of the mixdown, code for code,
 * for every padding, at both ends and for signals shorter than a window. */
static void
check_blocks (const SmStftParams *params,
              size_t              n_samples,
              int                 n_channels,
              int                 n_threads)
{
  SmStft *stft = sm_stft_new (params, NULL);
  SmAudio *audio = sm_audio_new (n_channels, n_samples, 8000, NULL);
  g_autofree float *mono = NULL;
  SmSpectrogram *spec;
  SmDbLevels *levels;
  g_autofree guint16 *expect = NULL;
  SmRun run = { n_threads, NULL, NULL };
  guint16 peak = 0, expect_peak;
  size_t count;

  g_assert_nonnull (stft);
  for (int c = 0; c < n_channels; c++)
    {
      g_autofree float *noise = sm_test_noise (n_samples, 17 + c, 0.5f);

      memcpy (audio->data[c], noise, n_samples * sizeof (float));
      /* A loud click near each end, where padding matters most. */
      audio->data[c][0] += 0.4f;
      audio->data[c][n_samples - 1] -= 0.4f;
    }
  mono = sm_audio_mixdown (audio);

  spec = sm_spectrogram_new (sm_stft_n_frames (stft, n_samples), sm_stft_n_bins (stft), NULL);
  g_assert_cmpint (sm_stft_forward (stft, mono, n_samples, spec, NULL), ==, SM_OK);
  count = spec->n_frames * (size_t) spec->n_bins;
  expect = g_new (guint16, count);
  expect_peak = sm_db_codes_from_bins (spec->bins, count, sm_stft_full_scale (stft), expect);

  levels = sm_db_levels_new (spec->n_frames, spec->n_bins, NULL);
  g_assert_cmpint (sm_stft_db_levels (stft, (const float *const *) audio->data, n_channels,
                                      n_samples, levels, &peak, &run), ==, SM_OK);
  g_assert_cmpuint (peak, ==, expect_peak);
  for (size_t i = 0; i < count; i++)
    if (levels->codes[i] != expect[i])
      g_error ("pad %d, N %d, hop %d, %zu samples, %d channels: frame %zu bin %zu: %u != %u",
               params->pad, params->n_fft, params->hop, n_samples, n_channels,
               i / (size_t) spec->n_bins, i % (size_t) spec->n_bins, levels->codes[i], expect[i]);

  sm_db_levels_free (&levels);
  sm_spectrogram_free (&spec);
  sm_audio_free (&audio);
  sm_stft_free (&stft);
}

static void
test_stft_blocks (void)
{
  const SmPadMode pads[] = { SM_PAD_ZERO, SM_PAD_REFLECT, SM_PAD_NONE };
  /* 8129, 12200 and 16257 samples leave a last block of one frame at hops 64, 96 and 128. */
  const size_t lengths[] = { 100, 256, 257, 5000, 8129, 12200, 16257, 33333, 70001 };
  SmStftParams params;

  for (guint p = 0; p < G_N_ELEMENTS (pads); p++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        sm_stft_params_default (&params, 8000);
        params.n_fft = 256;
        params.hop = 64;
        params.pad = pads[p];
        check_blocks (&params, lengths[l], 1, 2);
        /* Overlap 50 %, scipy's scaling, a mix of three channels, one thread. */
        params.hop = 128;
        params.scaling = SM_SCALE_WINDOW_SUM;
        check_blocks (&params, lengths[l], 3, 1);
        /* A hop that does not divide the padding. */
        params.hop = 96;
        check_blocks (&params, lengths[l], 2, 0);
      }
}

static int
stop_cb (double  fraction,
         void   *data)
{
  return fraction > 0.0;
}

static void
test_stft_blocks_cancel (void)
{
  SmStftParams params;
  SmStft *stft;
  SmDbLevels *levels;
  g_autofree float *noise = sm_test_noise (200000, 5, 0.5f);
  const float *channels[] = { noise };
  SmRun run = { 1, stop_cb, NULL };

  sm_stft_params_default (&params, 8000);
  stft = sm_stft_new (&params, NULL);
  levels = sm_db_levels_new (sm_stft_n_frames (stft, 200000), sm_stft_n_bins (stft), NULL);
  g_assert_cmpint (sm_stft_db_levels (stft, channels, 1, 200000, levels, NULL, &run), ==,
                   SM_ERROR_CANCELLED);
  /* A wrong shape is refused. */
  g_assert_cmpint (sm_stft_db_levels (stft, channels, 1, 100000, levels, NULL, NULL), ==,
                   SM_ERROR_BAD_ARG);
  sm_db_levels_free (&levels);
  sm_stft_free (&stft);
}

/* Random levels, as a spectrogram (full scale 1) and as codes of that spectrogram. */
static SmSpectrogram *
random_spec (size_t   n_frames,
             int      n_bins,
             guint32  seed,
             double   lo_db,
             double   hi_db,
             SmDbLevels **levels)
{
  SmSpectrogram *spec = sm_spectrogram_new (n_frames, n_bins, NULL);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  const size_t n = n_frames * (size_t) n_bins;

  for (size_t i = 0; i < n; i++)
    {
      double mag = pow (10.0, g_rand_double_range (rand, lo_db, hi_db) / 20.0);
      double phase = 0.3 * (double) i;

      /* Some silent bins. */
      if (g_rand_int_range (rand, 0, 50) == 0)
        mag = 0.0;
      spec->bins[i] = (float) (mag * cos (phase)) + (float) (mag * sin (phase)) * I;
    }
  *levels = sm_db_levels_new (n_frames, n_bins, NULL);
  sm_db_codes_from_bins (spec->bins, n, 1.0, (*levels)->codes);
  return spec;
}

/* Masks from codes agree with masks from the spectrogram except where a decision is
 * closer than the codes' resolution. @margin gives each bin's distance from its decision
 * in dB. */
typedef double (*MarginFunc) (size_t i, gpointer data);

static void
assert_agree (const SmMask *a,
              const SmMask *b,
              MarginFunc    margin,
              gpointer      data)
{
  const size_t n = a->n_frames * (size_t) a->n_bins;
  size_t differ = 0;

  for (size_t i = 0; i < n; i++)
    if (a->levels[i] != b->levels[i])
      {
        g_assert_cmpfloat (fabs (margin (i, data)), <, 2.0 / SM_DB_STEPS);
        differ++;
      }
  g_assert_cmpuint (differ, <, n / 1000 + 1);
}

typedef struct
{
  const SmSpectrogram *t, *i;
  double lc;
} IbmData;

static double
ibm_margin (size_t   i,
            gpointer data)
{
  const IbmData *d = data;

  return exact_db (d->t->bins[i], 1.0) - exact_db (d->i->bins[i], 1.0) - d->lc;
}

static void
test_mask_sources (void)
{
  SmDbLevels *lt, *li, *lm;
  SmSpectrogram *t = random_spec (300, 65, 1, -120, 0, &lt);
  SmSpectrogram *i = random_spec (300, 65, 2, -120, 0, &li);
  SmSpectrogram *m = random_spec (300, 65, 3, -140, 10, &lm);
  SmMask *a = sm_mask_new (300, 65, 0.5f, NULL);
  SmMask *b = sm_mask_new (300, 65, 0.5f, NULL);
  SmRun two = { 2, NULL, NULL };
  const double lcs[] = { -6.0, 0.0, 3.0 };
  IbmData data = { t, i, 0.0 };

  for (guint k = 0; k < G_N_ELEMENTS (lcs); k++)
    {
      data.lc = lcs[k];
      g_assert_cmpint (sm_mask_ibm (a, t, i, lcs[k], -1.0), ==, SM_OK);
      g_assert_cmpint (sm_mask_ibm_db (b, lt, li, lcs[k], -1.0, &two), ==, SM_OK);
      assert_agree (a, b, ibm_margin, &data);
    }
  /* With the floor, fewer bins are kept, never more. */
  g_assert_cmpint (sm_mask_ibm_db (a, lt, li, 0.0, 30.0, NULL), ==, SM_OK);
  g_assert_cmpint (sm_mask_ibm_db (b, lt, li, 0.0, -1.0, NULL), ==, SM_OK);
  g_assert_cmpfloat (sm_mask_kept_fraction (a), <, sm_mask_kept_fraction (b));

  /* The ratio mask: close everywhere (both sides are exact to 1/512 dB of level, so they
   * round to the same mask level or, near the middle between two, to neighbours). */
  g_assert_cmpint (sm_mask_irm (a, t, i, 0.5), ==, SM_OK);
  g_assert_cmpint (sm_mask_irm_db (b, lt, li, 0.5, &two), ==, SM_OK);
  for (size_t k = 0; k < 300 * 65; k++)
    g_assert_cmpint (abs ((int) a->levels[k] - (int) b->levels[k]), <=, 1);
  g_assert_cmpint (sm_mask_irm_db (b, lt, li, 0.0, NULL), ==, SM_ERROR_BAD_ARG);

  /* Absolute threshold at -40 dBFS, and relative ones. */
  g_assert_cmpint (sm_mask_threshold (a, m, 1.0, -40.0, SM_THRESHOLD_ABSOLUTE, 0, 0), ==, SM_OK);
  g_assert_cmpint (sm_mask_threshold_db (b, lm, -40.0, SM_THRESHOLD_ABSOLUTE, 0, 0, &two), ==,
                   SM_OK);
  for (size_t k = 0; k < 300 * 65; k++)
    if (a->levels[k] != b->levels[k])
      g_assert_cmpfloat (fabs (exact_db (m->bins[k], 1.0) + 40.0), <, 2.0 / SM_DB_STEPS);
  for (int h = 0; h < 3; h++)
    {
      const int hf[] = { 0, 3, 400 }, hb[] = { 0, 2, 100 };
      size_t differ = 0;

      g_assert_cmpint (sm_mask_threshold (a, m, 1.0, 3.0, SM_THRESHOLD_RELATIVE, hf[h], hb[h]),
                       ==, SM_OK);
      g_assert_cmpint (sm_mask_threshold_db (b, lm, 3.0, SM_THRESHOLD_RELATIVE, hf[h], hb[h],
                                             &two), ==, SM_OK);
      for (size_t k = 0; k < 300 * 65; k++)
        differ += a->levels[k] != b->levels[k];
      /* Only bins within the codes' resolution of their neighbourhood's mean + 3 dB. */
      g_assert_cmpuint (differ, <, 300 * 65 / 200);
      g_assert_cmpfloat (fabs (sm_mask_kept_fraction (a) - sm_mask_kept_fraction (b)), <, 0.005);
    }

  g_assert_cmpint (sm_mask_ibm_db (a, lt, lm, 0.0, -1.0, NULL), ==, SM_OK);
  {
    SmMask *small = sm_mask_new (10, 65, 0.0f, NULL);

    g_assert_cmpint (sm_mask_ibm_db (small, lt, li, 0.0, -1.0, NULL), ==, SM_ERROR_MISMATCH);
    sm_mask_free (&small);
  }

  sm_mask_free (&a);
  sm_mask_free (&b);
  sm_db_levels_free (&lt);
  sm_db_levels_free (&li);
  sm_db_levels_free (&lm);
  sm_spectrogram_free (&t);
  sm_spectrogram_free (&i);
  sm_spectrogram_free (&m);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/db-levels/codes", test_codes);
  g_test_add_func ("/core/db-levels/stft-blocks", test_stft_blocks);
  g_test_add_func ("/core/db-levels/stft-blocks-cancel", test_stft_blocks_cancel);
  g_test_add_func ("/core/db-levels/mask-sources", test_mask_sources);
  return g_test_run ();
}
