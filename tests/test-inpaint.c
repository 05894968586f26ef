/* test-inpaint.c: the refine and fill modes on synthetic mixtures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <complex.h>
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
  for (size_t i = 0; i < s.mix_spec->n_frames * (size_t) s.mix_spec->n_bins; i++)
    g_assert_cmpfloat (gain[i], ==, sm_mask_level_value (s.ibm->levels[i]));
  g_assert_cmpint (sm_inpaint_render (s.stft, &params, s.mix, s.ibm, gain, NULL, &estimate,
                                      NULL, NULL, NULL), ==, SM_OK);
  g_assert_cmpint (sm_separate_apply_mask (s.stft, s.mix, s.ibm, &masked, NULL), ==, SM_OK);
  g_assert_cmpmem (masked->data[0], sizeof (float) * FRAMES, estimate->data[0],
                   sizeof (float) * FRAMES);

  /* fill at e = 0 puts nothing into the holes: plain masking, exactly, too. */
  sm_audio_free (&estimate);
  sm_inpaint_params_default (&params, SM_INPAINT_FILL);
  params.confidence_e = 0.0;
  params.phase = SM_OUTPUT_PHASE_MIX;
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, s.ibm, NULL, gain, NULL, NULL, NULL),
                   ==, SM_OK);
  g_assert_cmpint (sm_inpaint_render (s.stft, &params, s.mix, s.ibm, gain, NULL, &estimate,
                                      NULL, NULL, NULL), ==, SM_OK);
  g_assert_cmpmem (masked->data[0], sizeof (float) * FRAMES, estimate->data[0],
                   sizeof (float) * FRAMES);

  sm_audio_free (&masked);
  sm_audio_free (&estimate);
  g_free (gain);
  scene_clear (&s);
}

/* Runs a mode and returns the SNR of its estimate against the target. */
static double
run_snr (Scene                 *s,
         const SmInpaintParams *params,
         const SmMask          *mask,
         const SmSpectrogram   *reference,
         SmInpaintReport       *report)
{
  float *gain = g_new (float, mask->n_frames * (size_t) mask->n_bins);
  SmAudio *estimate = NULL;
  double snr;

  g_assert_cmpint (sm_inpaint_model (params, s->mix_spec, mask, reference, gain, report, NULL,
                                     NULL), ==, SM_OK);
  for (size_t i = 0; i < mask->n_frames * (size_t) mask->n_bins; i++)
    g_assert_true (gain[i] >= 0.0f && gain[i] <= 1.0f);
  g_assert_cmpint (sm_inpaint_render (s->stft, params, s->mix, mask, gain, NULL, &estimate,
                                      report, NULL, NULL), ==, SM_OK);
  snr = sm_metric_snr (s->target, estimate->data[0], FRAMES);
  sm_audio_free (&estimate);
  g_free (gain);
  return snr;
}

static double
masked_snr (Scene        *s,
            const SmMask *mask)
{
  SmAudio *masked = NULL;
  double snr;

  g_assert_cmpint (sm_separate_apply_mask (s->stft, s->mix, mask, &masked, NULL), ==, SM_OK);
  snr = sm_metric_snr (s->target, masked->data[0], FRAMES);
  sm_audio_free (&masked);
  return snr;
}

/* The automatic confidence: on the precise (ideal) mask the models rarely contradict it,
 * so both modes stay within 0.2 dB of plain masking (the acceptance bound of issue 3).
 * This scene's IBM is less detailed than a speech mixture's (the target's harmonics sit
 * where the high-pass noise is weak, so the mask keeps long runs of bins), so refine gives
 * the model some say there; fill, which has no coarseness floor, stays near plain masking.
 * On the rough mask (8 x 8 blocks, no run shorter than 8 bins) refine must find the mask
 * coarse and give the model at least 0.6 of the say: with the target's dictionary that
 * wins back more than 2 dB here. */
static void
test_auto_confidence (void)
{
  Scene s;
  SmInpaintParams params;
  SmInpaintReport report = { 0 };
  SmSpectrogram *target_spec;
  SmMask *rough;
  double base, snr, ideal_detail = 0.0;

  scene_init (&s);
  base = masked_snr (&s, s.ibm);
  for (int mode = SM_INPAINT_FILL; mode <= SM_INPAINT_REFINE; mode++)
    {
      sm_inpaint_params_default (&params, mode);
      params.n_components = 8;
      params.phase = SM_OUTPUT_PHASE_MIX;
      g_assert_cmpfloat (params.confidence_e, ==, SM_INPAINT_CONFIDENCE_AUTO);
      snr = run_snr (&s, &params, s.ibm, NULL, &report);
      g_test_message ("ideal mask, %s: masked %.2f dB, estimate %.2f dB, e %.3f, mask error "
                      "%.4f, detail %.4f", sm_inpaint_mode_name (mode), base, snr,
                      report.confidence_e, report.mask_error, report.mask_detail);
      g_assert_cmpfloat (snr, >, base - 0.2);
      if (mode == SM_INPAINT_FILL)
        g_assert_cmpfloat (report.confidence_e, <, 0.1);
      ideal_detail = report.mask_detail;
      sm_inpaint_report_clear (&report);
    }

  rough = sm_mask_copy (s.ibm);
  g_assert_cmpint (sm_mask_block_vote (rough, 8, 8, NULL), ==, SM_OK);
  base = masked_snr (&s, rough);
  target_spec = sm_spectrogram_new (s.mix_spec->n_frames, s.mix_spec->n_bins, NULL);
  g_assert_cmpint (sm_stft_forward (s.stft, s.target, FRAMES, target_spec, NULL), ==, SM_OK);
  sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
  params.n_components = 8;
  params.dictionary = SM_DICTIONARY_TARGET;
  snr = run_snr (&s, &params, rough, target_spec, &report);
  g_test_message ("rough mask, refine (target dictionary): masked %.2f dB, estimate %.2f dB, "
                  "e %.3f, mask error %.4f, detail %.4f", base, snr, report.confidence_e,
                  report.mask_error, report.mask_detail);
  /* Block edges fall every 8 bins: no run of 4 or fewer. */
  g_assert_cmpfloat (report.mask_detail, ==, 0.0);
  g_assert_cmpfloat (ideal_detail, >, 0.0);
  g_assert_cmpfloat (report.confidence_e, >=, 0.6);
  g_assert_cmpfloat (snr, >, base + 2.0);
  sm_inpaint_report_clear (&report);

  sm_spectrogram_free (&target_spec);
  sm_mask_free (&rough);
  scene_clear (&s);
}

/* The mask's detail is the share of the mix's energy in runs of at most 4 bins of one mask
 * value along frequency: stripes 3 bins wide are all detail and leave refine's confidence
 * to the mask error alone; stripes 12 bins wide are none (the top run, cut short by the
 * last bin, holds little of the energy), and refine's confidence is then at least 0.6.
 * (fill ignores the detail: test_auto_confidence.) */
static void
test_mask_detail (void)
{
  Scene s;
  SmInpaintParams params;
  SmInpaintReport report = { 0 };
  SmMask *stripes;
  float *gain;
  const int widths[] = { 3, 12 };

  scene_init (&s);
  stripes = sm_mask_new (s.mix_spec->n_frames, s.mix_spec->n_bins, 0.0f, NULL);
  gain = g_new (float, s.mix_spec->n_frames * (size_t) s.mix_spec->n_bins);
  for (size_t w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      for (size_t t = 0; t < stripes->n_frames; t++)
        for (int f = 0; f < stripes->n_bins; f++)
          stripes->levels[t * (size_t) stripes->n_bins + (size_t) f]
            = (f / widths[w]) % 2 ? SM_MASK_LEVEL_MAX : 0;
      sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
      params.n_components = 4;
      params.nmf_iterations = 20;
      g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, stripes, NULL, gain, &report,
                                         NULL, NULL), ==, SM_OK);
      g_test_message ("stripes of %d bins: detail %.4f, e %.3f, mask error %.4f", widths[w],
                      report.mask_detail, report.confidence_e, report.mask_error);
      if (widths[w] <= 4)
        {
          g_assert_cmpfloat (report.mask_detail, ==, 1.0);
          g_assert_cmpfloat (report.confidence_e, <=,
                             fmin (10.0 * report.mask_error, 0.7) + 1e-9);
        }
      else
        {
          g_assert_cmpfloat (report.mask_detail, <, 0.02);
          g_assert_cmpfloat (report.confidence_e, >=, 0.6);
        }
      sm_inpaint_report_clear (&report);
    }
  sm_mask_free (&stripes);
  g_free (gain);
  scene_clear (&s);
}

/* The joint fits never increase their objective: every stage reports it at every
 * iteration (restarting at iteration 0), with float rounding as the only slack. */
typedef struct
{
  int    stages;
  int    last_iteration;
  double last;
  double worst_rise;
} Watch;

static int
watch_cb (int     iteration,
          double  divergence,
          void   *data)
{
  Watch *w = data;

  g_assert_true (isfinite (divergence));
  if (iteration == 0 || iteration <= w->last_iteration)
    w->stages++;
  else
    w->worst_rise = fmax (w->worst_rise, (divergence - w->last) / fabs (w->last));
  w->last_iteration = iteration;
  w->last = divergence;
  return 0;
}

static void
test_objective_decreases (void)
{
  Scene s;
  SmInpaintParams params;
  Watch watch = { 0, -1, 0.0, -1.0 };
  float *gain;

  scene_init (&s);
  gain = g_new (float, s.ibm->n_frames * (size_t) s.ibm->n_bins);
  for (int mode = SM_INPAINT_FILL; mode <= SM_INPAINT_REFINE; mode++)
    for (int b = 0; b < 3; b++)
      {
        sm_inpaint_params_default (&params, mode);
        params.n_components = 6;
        params.nmf_iterations = 40;
        params.beta = b == 0 ? 1.0 : b == 1 ? 0.0 : 0.5;
        params.on_nmf_iteration = watch_cb;
        params.iteration_data = &watch;
        g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, s.ibm, NULL, gain, NULL, NULL,
                                           NULL), ==, SM_OK);
      }
  g_test_message ("%d fits, worst relative rise %.2e", watch.stages, watch.worst_rise);
  g_assert_cmpint (watch.stages, >=, 12);
  g_assert_cmpfloat (watch.worst_rise, <, 1e-5);
  g_free (gain);
  scene_clear (&s);
}

/* Log-spectral distance between |STFT (x)| and the clean target's over the mask's holes. */
static double
holes_lsd (Scene         *s,
           const float   *x,
           const SmMask  *holes)
{
  size_t n = holes->n_frames * (size_t) holes->n_bins;
  SmSpectrogram *a = sm_spectrogram_new (holes->n_frames, holes->n_bins, NULL);
  SmSpectrogram *b = sm_spectrogram_new (holes->n_frames, holes->n_bins, NULL);
  float *ma = g_new (float, n), *mb = g_new (float, n), *weight = g_new (float, n);
  double lsd;

  g_assert_cmpint (sm_stft_forward (s->stft, s->target, FRAMES, a, NULL), ==, SM_OK);
  g_assert_cmpint (sm_stft_forward (s->stft, x, FRAMES, b, NULL), ==, SM_OK);
  for (size_t i = 0; i < n; i++)
    {
      ma[i] = cabsf (a->bins[i]);
      mb[i] = cabsf (b->bins[i]);
      weight[i] = 1.0f - sm_mask_level_value (holes->levels[i]);
    }
  lsd = sm_metric_lsd (ma, mb, weight, n);
  sm_spectrogram_free (&a);
  sm_spectrogram_free (&b);
  g_free (ma);
  g_free (mb);
  g_free (weight);
  return lsd;
}

/* A repair: the target with tone bursts (750 and 1150 Hz, between its harmonics, 4 to 9
 * times their amplitude) in three holes of 0.15 s x 500-1500 Hz that the mask drops. The
 * holes are local in time and the bursts sound nowhere else, so the automatic confidence
 * goes to 1 and fill rebuilds the holes, much closer to the target than the mix is there
 * (measured 3.1 dB against 21.5 dB). */
static void
test_fill_repairs_holes (void)
{
  /* The scene's grid: 512-point frames, hop 128 at 16 kHz: 31.25 Hz per bin. */
  const int hop = 128, f_lo = 500 * 512 / RATE, f_hi = 1500 * 512 / RATE;
  Scene s;
  SmInpaintParams params;
  SmInpaintReport report = { 0 };
  SmMask *holes;
  SmAudio *estimate = NULL, *mixphase = NULL;
  float *gain;
  double lsd_mix, lsd_fill;

  scene_init (&s);
  holes = sm_mask_new (s.mix_spec->n_frames, s.mix_spec->n_bins, 1.0f, NULL);
  for (size_t i = 0; i < FRAMES; i++)
    s.mix->data[0][i] = s.target[i];
  for (int h = 0; h < 3; h++)
    {
      /* The burst keeps half a window clear of the hole's first and last frames. */
      size_t t0 = (size_t) ((0.3 + 0.55 * h) * RATE / hop);
      size_t t1 = t0 + (size_t) (0.15 * RATE / hop);
      size_t from = t0 * hop + 256, to = (t1 - 1) * hop - 256;

      for (size_t t = t0; t < t1; t++)
        for (int f = f_lo; f <= f_hi; f++)
          holes->levels[t * holes->n_bins + (size_t) f] = 0;
      for (size_t i = from; i < to; i++)
        {
          double env = sin (G_PI * (double) (i - from) / (double) (to - from));

          s.mix->data[0][i] += (float) (0.1 * env * env * (sin (2 * G_PI * 750.0 * i / RATE)
                                                          + sin (2 * G_PI * 1150.0 * i / RATE)));
        }
    }
  g_assert_cmpint (sm_stft_forward (s.stft, s.mix->data[0], FRAMES, s.mix_spec, NULL), ==,
                   SM_OK);

  sm_inpaint_params_default (&params, SM_INPAINT_FILL);
  params.n_components = 8;
  params.phase_iterations = 30;
  gain = g_new (float, holes->n_frames * (size_t) holes->n_bins);
  g_assert_cmpint (sm_inpaint_model (&params, s.mix_spec, holes, NULL, gain, &report, NULL,
                                     NULL), ==, SM_OK);
  for (size_t i = 0; i < holes->n_frames * (size_t) holes->n_bins; i++)
    g_assert_true (gain[i] >= 0.0f && gain[i] <= 1.0f);
  g_assert_cmpint (sm_inpaint_render (s.stft, &params, s.mix, holes, gain, &mixphase,
                                      &estimate, &report, NULL, NULL), ==, SM_OK);
  lsd_mix = holes_lsd (&s, s.mix->data[0], holes);
  lsd_fill = holes_lsd (&s, estimate->data[0], holes);
  g_test_message ("repair: e %.3f (hole share %.4f), LSD on the holes: mix %.2f dB, fill "
                  "%.2f dB (mix phase %.2f dB)", report.confidence_e, report.hole_share,
                  lsd_mix, lsd_fill, holes_lsd (&s, mixphase->data[0], holes));
  g_assert_cmpfloat (report.confidence_e, >, 0.9);
  g_assert_cmpfloat (lsd_fill, <, lsd_mix - 3.0);

  sm_inpaint_report_clear (&report);
  sm_audio_free (&estimate);
  sm_audio_free (&mixphase);
  sm_mask_free (&holes);
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
  /* Only SM_INPAINT_CONFIDENCE_AUTO itself stands for "estimate". */
  params.confidence_e = -0.5;
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
  g_test_add_func ("/core/inpaint/auto-confidence", test_auto_confidence);
  g_test_add_func ("/core/inpaint/mask-detail", test_mask_detail);
  g_test_add_func ("/core/inpaint/objective-decreases", test_objective_decreases);
  g_test_add_func ("/core/inpaint/fill-repairs-holes", test_fill_repairs_holes);
  g_test_add_func ("/core/inpaint/fill-keeps-reliable", test_fill_keeps_reliable_bins);
  g_test_add_func ("/core/inpaint/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
