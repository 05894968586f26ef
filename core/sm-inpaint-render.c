/* sm-inpaint-render.c: from the model's gains to audio, channel by channel, with phase
 * reconstruction of the rebuilt bins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-inpaint.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-parallel-private.h"

/* Collects the spectral convergence of the first channel's reconstruction for the report
 * and passes every iteration on to the caller's callback. */
typedef struct
{
  const SmInpaintParams *params;
  SmInpaintReport       *report;
  int                    record;
} PhaseWatch;

static int
phase_iteration_cb (int     iteration,
                    double  convergence_db,
                    void   *data)
{
  PhaseWatch *watch = data;

  if (watch->record && watch->report != NULL)
    {
      SmInpaintReport *r = watch->report;
      double *grown = realloc (r->phase_convergence_db,
                               sizeof (double) * (size_t) (r->n_phase_convergence + 1));

      if (grown != NULL)
        {
          r->phase_convergence_db = grown;
          r->phase_convergence_db[r->n_phase_convergence++] = convergence_db;
        }
    }
  if (watch->params->on_phase_iteration != NULL)
    return watch->params->on_phase_iteration (iteration, convergence_db,
                                              watch->params->iteration_data);
  return 0;
}

/* The per-bin factor that turns X into the model's result with the mix's phase: refine
 * scales every bin by G; fill keeps reliable bins and scales the others by the Wiener gain. */
static inline float
bin_factor (const SmInpaintParams *params,
            float                  mask,
            float                  gain)
{
  if (params->mode == SM_INPAINT_REFINE)
    return gain;
  return mask + (1.0f - mask) * gain;
}

static SmStatus
reconstruct_phase (SmStft                *stft,
                   const SmInpaintParams *params,
                   const SmMask          *mask,
                   SmSpectrogram         *known,
                   float                 *magnitude,
                   SmSpectrogram         *result,
                   float                 *signal,
                   size_t                 n_samples,
                   SmInpaintReport       *report,
                   int                    first_channel,
                   const SmRun           *run,
                   SmError               *error)
{
  SmPhaseParams phase;
  SmPhaseData data = { magnitude, known, mask, n_samples, result, signal };
  SmPhaseReport phase_report = { 0 };
  PhaseWatch watch = { params, report, first_channel };
  SmStatus status;

  sm_phase_params_default (&phase);
  phase.method = params->phase == SM_OUTPUT_PHASE_GLA ? SM_PHASE_GLA : SM_PHASE_FGLA;
  phase.init = params->phase == SM_OUTPUT_PHASE_PGHI_FGLA ? SM_PHASE_INIT_PGHI
                                                           : SM_PHASE_INIT_ZERO;
  phase.seed = params->seed;
  phase.max_iterations = params->phase_iterations;
  phase.on_iteration = phase_iteration_cb;
  phase.on_iteration_data = &watch;

  status = sm_phase_reconstruct (stft, &phase, &data, NULL, &phase_report, run, error);
  if (status == SM_OK && report != NULL)
    {
      report->phase_iterations += phase_report.iterations;
      if (first_channel)
        report->phase_convergence_final_db = phase_report.spectral_convergence_db;
    }
  return status;
}

SmStatus
sm_inpaint_render (SmStft                *stft,
                   const SmInpaintParams *params,
                   const SmAudio         *mix,
                   const SmMask          *mask,
                   const float           *gain,
                   SmAudio              **mixphase_out,
                   SmAudio              **estimate_out,
                   SmInpaintReport       *report,
                   const SmRun           *run,
                   SmError               *error)
{
  const size_t n_frames = sm_stft_n_frames (stft, mix->frames);
  const int n_bins = sm_stft_n_bins (stft);
  const size_t n = n_frames * (size_t) n_bins;
  const int rebuild = params->phase != SM_OUTPUT_PHASE_MIX;
  SmSpectrogram *x = NULL, *y = NULL, *result = NULL;
  SmAudio *mixphase = NULL, *estimate = NULL;
  float *magnitude = NULL;
  SmStatus status = SM_OK;

  *estimate_out = NULL;
  if (mixphase_out != NULL)
    *mixphase_out = NULL;
  if (mask->n_frames != n_frames || mask->n_bins != n_bins)
    return sm_error_set (error, SM_ERROR_MISMATCH, "the mask does not fit the mix's grid");

  x = sm_spectrogram_new (n_frames, n_bins, &status);
  if (x != NULL)
    y = sm_spectrogram_new (n_frames, n_bins, &status);
  if (y != NULL && rebuild)
    result = sm_spectrogram_new (n_frames, n_bins, &status);
  if (status == SM_OK && rebuild)
    magnitude = malloc (sizeof (float) * n);
  if (status == SM_OK)
    mixphase = sm_audio_new (mix->channels, mix->frames, mix->rate, &status);
  if (status == SM_OK && rebuild)
    estimate = sm_audio_new (mix->channels, mix->frames, mix->rate, &status);
  if (status == SM_OK && rebuild && magnitude == NULL)
    status = SM_ERROR_NOMEM;
  if (status != SM_OK)
    {
      sm_error_set (error, status, "out of memory for the result");
      goto out;
    }

  for (int c = 0; c < mix->channels && status == SM_OK; c++)
    {
      status = sm_stft_forward (stft, mix->data[c], mix->frames, x, run);
      for (size_t i = 0; status == SM_OK && i < n; i++)
        {
          y->bins[i] = x->bins[i] * bin_factor (params, sm_mask_level_value (mask->levels[i]), gain[i]);
          if (rebuild)
            magnitude[i] = cabsf (y->bins[i]);
        }
      if (status == SM_OK)
        status = sm_stft_inverse (stft, y, mixphase->data[c], mix->frames, run);
      if (status == SM_OK && rebuild)
        status = reconstruct_phase (stft, params, mask, y, magnitude, result,
                                    estimate->data[c], mix->frames, report, c == 0, run,
                                    error);
    }
  if (status != SM_OK)
    {
      if (error != NULL && error->status == SM_OK)
        sm_error_set (error, status, "%s", sm_strerror (status));
      goto out;
    }

  if (!rebuild)
    estimate = sm_audio_copy (mixphase);
  if (estimate == NULL)
    {
      status = sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the result");
      goto out;
    }
  *estimate_out = estimate;
  estimate = NULL;
  if (mixphase_out != NULL)
    {
      *mixphase_out = mixphase;
      mixphase = NULL;
    }

out:
  sm_spectrogram_free (&x);
  sm_spectrogram_free (&y);
  sm_spectrogram_free (&result);
  free (magnitude);
  sm_audio_free (&mixphase);
  sm_audio_free (&estimate);
  return status;
}
