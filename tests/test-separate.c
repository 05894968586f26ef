/* test-separate.c: masking in the STFT domain, per channel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "sm-test-util.h"

#define RATE 16000
#define FRAMES 32000

static SmStft *
default_stft (void)
{
  SmStftParams params;
  SmStft *stft;

  sm_stft_params_default (&params, RATE);
  stft = sm_stft_new (&params, NULL);
  g_assert_nonnull (stft);
  return stft;
}

/* Left: 300 Hz + 3 kHz tones; right: the same, quieter. */
static SmAudio *
two_tone_mix (float **low_out)
{
  SmAudio *mix = sm_audio_new (2, FRAMES, RATE, NULL);
  float *low = sm_test_sine (FRAMES, RATE, 300.0, 0.4, 0.0);
  float *high = sm_test_sine (FRAMES, RATE, 3000.0, 0.4, 1.0);

  for (size_t i = 0; i < FRAMES; i++)
    {
      mix->data[0][i] = low[i] + high[i];
      mix->data[1][i] = 0.5f * (low[i] + high[i]);
    }
  g_free (high);
  *low_out = low;
  return mix;
}

static void
test_all_pass_is_identity (void)
{
  SmStft *stft = default_stft ();
  float *low;
  SmAudio *mix = two_tone_mix (&low);
  SmMask *mask = sm_mask_new (sm_stft_n_frames (stft, FRAMES), sm_stft_n_bins (stft), 1.0f,
                              NULL);
  SmAudio *out = NULL;

  g_assert_cmpint (sm_separate_apply_mask (stft, mix, mask, &out, NULL), ==, SM_OK);
  g_assert_cmpint (out->channels, ==, 2);
  g_assert_cmpuint (out->frames, ==, FRAMES);
  for (int c = 0; c < 2; c++)
    g_assert_cmpfloat (sm_metric_snr (mix->data[c], out->data[c], FRAMES), >, 90.0);

  sm_audio_free (&out);
  sm_mask_free (&mask);
  sm_audio_free (&mix);
  sm_stft_free (&stft);
  g_free (low);
}

static void
test_low_pass_mask_removes_tone (void)
{
  SmStft *stft = default_stft ();
  float *low;
  SmAudio *mix = two_tone_mix (&low);
  SmAudio *out = NULL;
  SmAudio *residual = NULL;
  SmMask *mask = sm_mask_new (sm_stft_n_frames (stft, FRAMES), sm_stft_n_bins (stft), 0.0f,
                              NULL);
  int cutoff = (int) (1500.0 * sm_stft_get_params (stft)->n_fft / RATE);

  for (size_t t = 0; t < mask->n_frames; t++)
    for (int f = 0; f < cutoff; f++)
      mask->levels[t * (size_t) mask->n_bins + (size_t) f] = SM_MASK_LEVEL_MAX;

  g_assert_cmpint (sm_separate_apply_mask (stft, mix, mask, &out, NULL), ==, SM_OK);
  /* The kept 300 Hz tone comes back within the window's leakage, the 3 kHz one is gone. */
  g_assert_cmpfloat (sm_metric_snr (low, out->data[0], FRAMES), >, 40.0);
  g_assert_cmpfloat (sm_metric_si_sdr (low, out->data[1], FRAMES), >, 40.0);

  g_assert_cmpint (sm_audio_subtract (mix, out, &residual), ==, SM_OK);
  for (size_t i = 0; i < FRAMES; i++)
    g_assert_cmpfloat (fabs (residual->data[0][i] + out->data[0][i] - mix->data[0][i]), <,
                       1e-6);

  sm_audio_free (&residual);
  sm_audio_free (&out);
  sm_mask_free (&mask);
  sm_audio_free (&mix);
  sm_stft_free (&stft);
  g_free (low);
}

static int
cancel_at_half_cb (double  fraction,
                   void   *data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
  return fraction >= 0.5;
}

static void
test_mismatch_and_cancel (void)
{
  SmStft *stft = default_stft ();
  float *low;
  SmAudio *mix = two_tone_mix (&low);
  SmMask *wrong = sm_mask_new (10, sm_stft_n_bins (stft), 1.0f, NULL);
  SmMask *mask = sm_mask_new (sm_stft_n_frames (stft, FRAMES), sm_stft_n_bins (stft), 1.0f,
                              NULL);
  double last = 0.0;
  SmRun run = { 1, cancel_at_half_cb, &last };
  SmAudio *out = NULL;

  g_assert_cmpint (sm_separate_apply_mask (stft, mix, wrong, &out, NULL), ==, SM_ERROR_MISMATCH);
  g_assert_null (out);
  g_assert_cmpint (sm_separate_apply_mask (stft, mix, mask, &out, &run), ==,
                   SM_ERROR_CANCELLED);
  g_assert_null (out);
  g_assert_cmpfloat (last, >=, 0.5);
  g_assert_cmpfloat (last, <, 1.0);

  sm_mask_free (&wrong);
  sm_mask_free (&mask);
  sm_audio_free (&mix);
  sm_stft_free (&stft);
  g_free (low);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/separate/all-pass", test_all_pass_is_identity);
  g_test_add_func ("/core/separate/low-pass", test_low_pass_mask_removes_tone);
  g_test_add_func ("/core/separate/mismatch-cancel", test_mismatch_and_cancel);
  return g_test_run ();
}
