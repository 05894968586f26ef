/* test-inpaint.c: the refine and fill modes on synthetic mixtures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "sm-test-util.h"

#define RATE 16000
#define FRAMES (RATE * 2)

typedef struct
{
  SmStft        *stft;
  SmAudio       *mix;
  float         *target;
  float         *interferer;
  SmSpectrogram *mix_spec;
  SmMask        *ibm;
} Scene;

/* A harmonic voice-like target (200 Hz and harmonics, pulsing) over band noise. */
static void
scene_init (Scene *s)
{
  SmStftParams params;
  SmSpectrogram *t_spec, *i_spec;
  float *noise = sm_test_noise (FRAMES, 11, 1.0f);

  sm_stft_params_default (&params, RATE);
  s->stft = sm_stft_new (&params, NULL);
  s->target = g_new0 (float, FRAMES);
  s->interferer = g_new0 (float, FRAMES);
  for (size_t i = 0; i < FRAMES; i++)
    {
      double env = 0.5 + 0.5 * sin (2 * G_PI * 2.0 * i / RATE);

      for (int h = 1; h <= 8; h++)
        s->target[i] += (float) (env * 0.08 / h * sin (2 * G_PI * 200.0 * h * i / RATE));
      /* Crude band-pass: differences of noise sound hissy, mostly high. */
      s->interferer[i] = 0.3f * (noise[i] - (i > 0 ? noise[i - 1] : 0.0f)) * 0.5f;
    }
  s->mix = sm_audio_new (1, FRAMES, RATE, NULL);
  for (size_t i = 0; i < FRAMES; i++)
    s->mix->data[0][i] = s->target[i] + s->interferer[i];

  s->mix_spec = sm_spectrogram_new (sm_stft_n_frames (s->stft, FRAMES), sm_stft_n_bins (s->stft),
                                    NULL);
  t_spec = sm_spectrogram_new (s->mix_spec->n_frames, s->mix_spec->n_bins, NULL);
  i_spec = sm_spectrogram_new (s->mix_spec->n_frames, s->mix_spec->n_bins, NULL);
  g_assert_cmpint (sm_stft_forward (s->stft, s->mix->data[0], FRAMES, s->mix_spec, NULL), ==,
                   SM_OK);
  g_assert_cmpint (sm_stft_forward (s->stft, s->target, FRAMES, t_spec, NULL), ==, SM_OK);
  g_assert_cmpint (sm_stft_forward (s->stft, s->interferer, FRAMES, i_spec, NULL), ==, SM_OK);
  s->ibm = sm_mask_new (s->mix_spec->n_frames, s->mix_spec->n_bins, 0.0f, NULL);
  g_assert_cmpint (sm_mask_ibm (s->ibm, t_spec, i_spec, 0.0, 60.0), ==, SM_OK);
  sm_spectrogram_free (&t_spec);
  sm_spectrogram_free (&i_spec);
  g_free (noise);
}

static void
scene_clear (Scene *s)
{
  sm_stft_free (&s->stft);
  sm_audio_free (&s->mix);
  sm_spectrogram_free (&s->mix_spec);
  sm_mask_free (&s->ibm);
  g_free (s->target);
  g_free (s->interferer);
}

static void
test_confidence_zero_is_masking (void)
{
  Scene s;
  SmInpaintParams params;
  float *gain;
  SmAudio *masked = NULL, *estimate = NULL;

  scene_init (&s);
  sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
  params.confidence_e = 0.0;
  gain = g_new (float, s.mix_spec->n_frames * (size_t) s.mix_spec->n_bins);
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, s.ibm, NULL, gain, NULL, NULL, NULL),
                   ==, SM_OK);
  g_assert_cmpmem (gain, sizeof (float) * s.mix_spec->n_frames * s.mix_spec->n_bins,
                   s.ibm->values, sizeof (float) * s.mix_spec->n_frames * s.mix_spec->n_bins);
  g_assert_cmpint (sm_inpaint_render (s.stft, &params, s.mix, s.ibm, gain, NULL, &estimate,
                                      NULL, NULL, NULL), ==, SM_OK);
  g_assert_cmpint (sm_separate_apply_mask (s.stft, s.mix, s.ibm, &masked, NULL), ==, SM_OK);
  g_assert_cmpmem (masked->data[0], sizeof (float) * FRAMES, estimate->data[0],
                   sizeof (float) * FRAMES);

  sm_audio_free (&masked);
  sm_audio_free (&estimate);
  g_free (gain);
  scene_clear (&s);
}

/* A rough mask (the IBM voted over 8 x 8 blocks): with a dictionary of the clean target,
 * the joint model recovers part of what the blocks got wrong. Gains are probabilities.
 * (A dictionary learned from the rough mask's own bins does not help on this scene: the
 * blocks put interferer energy into it.) */
static void
test_refine_improves_rough_mask (void)
{
  Scene s;
  SmInpaintParams params;
  SmInpaintReport report = { 0 };
  SmMask *rough;
  SmSpectrogram *target_spec;
  float *gain;
  SmAudio *masked = NULL, *estimate = NULL;
  size_t n;
  double masked_snr, refined_snr;

  scene_init (&s);
  rough = sm_mask_copy (s.ibm);
  g_assert_cmpint (sm_mask_block_vote (rough, 8, 8, NULL), ==, SM_OK);
  n = rough->n_frames * (size_t) rough->n_bins;
  sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
  params.n_components = 8;
  params.confidence_e = 0.4;
  params.dictionary = SM_DICTIONARY_TARGET;
  target_spec = sm_spectrogram_new (s.mix_spec->n_frames, s.mix_spec->n_bins, NULL);
  g_assert_cmpint (sm_stft_forward (s.stft, s.target, FRAMES, target_spec, NULL), ==, SM_OK);
  gain = g_new (float, n);
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, rough, target_spec, gain, &report,
                                     NULL, NULL), ==, SM_OK);
  for (size_t i = 0; i < n; i++)
    g_assert_true (gain[i] >= 0.0f && gain[i] <= 1.0f);
  g_assert_cmpint (report.activations.iterations, >, 0);

  g_assert_cmpint (sm_separate_apply_mask (s.stft, s.mix, rough, &masked, NULL), ==, SM_OK);
  g_assert_cmpint (sm_inpaint_render (s.stft, &params, s.mix, rough, gain, NULL, &estimate,
                                      &report, NULL, NULL), ==, SM_OK);
  masked_snr = sm_metric_snr (s.target, masked->data[0], FRAMES);
  refined_snr = sm_metric_snr (s.target, estimate->data[0], FRAMES);
  g_test_message ("rough mask: masked %.2f dB, refined %.2f dB", masked_snr, refined_snr);
  g_assert_cmpfloat (refined_snr, >, masked_snr + 1.0);

  sm_spectrogram_free (&target_spec);
  sm_inpaint_report_clear (&report);
  sm_audio_free (&masked);
  sm_audio_free (&estimate);
  sm_mask_free (&rough);
  g_free (gain);
  scene_clear (&s);
}

/* With nothing masked out, fill changes nothing: reliable bins are kept exactly. */
static void
test_fill_keeps_reliable_bins (void)
{
  Scene s;
  SmInpaintParams params;
  SmInpaintReport report = { 0 };
  SmMask *all;
  float *gain;
  SmAudio *estimate = NULL, *mixphase = NULL;

  scene_init (&s);
  all = sm_mask_new (s.ibm->n_frames, s.ibm->n_bins, 1.0f, NULL);
  sm_inpaint_params_default (&params, SM_INPAINT_FILL);
  params.n_components = 4;
  params.nmf_iterations = 20;
  params.phase_iterations = 5;
  gain = g_new (float, all->n_frames * (size_t) all->n_bins);
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, all, NULL, gain, NULL, NULL, NULL),
                   ==, SM_OK);
  g_assert_cmpint (sm_inpaint_render (s.stft, &params, s.mix, all, gain, &mixphase, &estimate,
                                      &report, NULL, NULL), ==, SM_OK);
  g_assert_cmpfloat (sm_metric_snr (s.mix->data[0], estimate->data[0], FRAMES), >, 90.0);
  g_assert_cmpfloat (sm_metric_snr (s.mix->data[0], mixphase->data[0], FRAMES), >, 90.0);
  g_assert_cmpint (report.n_phase_convergence, ==, report.phase_iterations);

  sm_inpaint_report_clear (&report);
  sm_audio_free (&estimate);
  sm_audio_free (&mixphase);
  sm_mask_free (&all);
  g_free (gain);
  scene_clear (&s);
}

static void
test_bad_arguments (void)
{
  Scene s;
  SmInpaintParams params;
  SmError error = { 0 };
  SmMask *wrong;
  float *gain;

  scene_init (&s);
  gain = g_new (float, s.ibm->n_frames * (size_t) s.ibm->n_bins);
  wrong = sm_mask_new (3, s.ibm->n_bins, 1.0f, NULL);
  sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, wrong, NULL, gain, NULL, NULL, &error),
                   ==, SM_ERROR_MISMATCH);
  params.confidence_e = 1.5;
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, s.ibm, NULL, gain, NULL, NULL, &error),
                   ==, SM_ERROR_BAD_ARG);
  sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
  params.dictionary = SM_DICTIONARY_TRAIN;
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, s.ibm, NULL, gain, NULL, NULL, &error),
                   ==, SM_ERROR_BAD_ARG);
  g_assert_nonnull (strstr (error.message, "training"));

  for (int i = 0; i < SM_N_INPAINT_MODES; i++)
    {
      SmInpaintMode mode;

      g_assert_cmpint (sm_inpaint_mode_from_name (sm_inpaint_mode_name (i), &mode), ==, SM_OK);
      g_assert_cmpint (mode, ==, i);
    }
  sm_mask_free (&wrong);
  g_free (gain);
  scene_clear (&s);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/inpaint/confidence-zero", test_confidence_zero_is_masking);
  g_test_add_func ("/core/inpaint/refine-rough-mask", test_refine_improves_rough_mask);
  g_test_add_func ("/core/inpaint/fill-keeps-reliable", test_fill_keeps_reliable_bins);
  g_test_add_func ("/core/inpaint/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
