/* sm-phase-init.c: phase reconstruction's parameters, state, checks and starting point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-phase.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-phase-private.h"

static uint64_t
mix64 (uint64_t z)
{
  /* splitmix64's finaliser */
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double
_sm_phase_random (uint64_t seed,
                  size_t   index)
{
  uint64_t z = mix64 (seed ^ mix64 ((uint64_t) index));

  return ((double) (z >> 11) * 0x1p-53 - 0.5) * 2.0 * M_PI;
}

void
sm_phase_params_default (SmPhaseParams *params)
{
  memset (params, 0, sizeof *params);
  params->method = SM_PHASE_FGLA;
  params->alpha = 0.99;
  params->init = SM_PHASE_INIT_PGHI;
  params->seed = 0;
  params->pghi_tolerance = 1e-5;
  params->max_iterations = 100;
  params->plateau_iterations = 10;
  params->plateau_db = 0.01;
}

SmPhaseState *
sm_phase_state_new (SmStatus *status)
{
  SmPhaseState *state = calloc (1, sizeof *state);

  if (status)
    *status = state != NULL ? SM_OK : SM_ERROR_NOMEM;
  return state;
}

void
sm_phase_state_reset (SmPhaseState *state)
{
  if (state != NULL)
    state->valid = 0;
}

void
sm_phase_state_free (SmPhaseState **state)
{
  if (state == NULL || *state == NULL)
    return;
  free ((*state)->extrapolated);
  free (*state);
  *state = NULL;
}

SmStatus
_sm_phase_check_args (SmStft              *stft,
                      const SmPhaseParams *params,
                      const SmPhaseData   *data,
                      SmError             *error)
{
  const SmSpectrogram *spec;
  size_t n_frames;
  int n_bins;

  if (stft == NULL || params == NULL || data == NULL || data->spec == NULL
      || data->spec->bins == NULL || data->magnitude == NULL || data->n_samples == 0)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "phase reconstruction needs a plan, "
                         "parameters, magnitudes, a spectrogram and a signal length");
  if ((int) params->method < 0 || params->method >= SM_N_PHASE_METHODS)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "unknown phase method %d", (int) params->method);
  if ((int) params->init < 0 || params->init >= SM_N_PHASE_INITS)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "unknown phase initialisation %d",
                         (int) params->init);
  if (!(params->alpha >= 0.0 && params->alpha <= 1.0))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "momentum %g is not between 0 and 1",
                         params->alpha);
  if (!(params->pghi_tolerance >= 0.0 && params->pghi_tolerance <= 1.0))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "PGHI tolerance %g is not between 0 and 1",
                         params->pghi_tolerance);
  if (params->max_iterations < 0 || params->plateau_iterations < 0
      || !(params->plateau_db >= 0.0))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "iteration cap %d, plateau %d iterations "
                         "and %g dB must not be negative", params->max_iterations,
                         params->plateau_iterations, params->plateau_db);
  if ((data->reliable == NULL) != (data->known == NULL))
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "known coefficients and the reliability mask go together");

  spec = data->spec;
  n_frames = sm_stft_n_frames (stft, data->n_samples);
  n_bins = sm_stft_n_bins (stft);
  if (spec->n_frames != n_frames || spec->n_bins != n_bins
      || (data->known != NULL
          && (data->known->n_frames != n_frames || data->known->n_bins != n_bins))
      || (data->reliable != NULL
          && (data->reliable->n_frames != n_frames || data->reliable->n_bins != n_bins)))
    return sm_error_set (error, SM_ERROR_MISMATCH, "a spectrogram or mask is not %zu frames "
                         "x %d bins, the grid of %zu samples", n_frames, n_bins, data->n_samples);
  if (data->known != NULL && data->known->bins == spec->bins)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "the known coefficients and the output "
                         "must be different spectrograms");
  if (params->init == SM_PHASE_INIT_PGHI
      && sm_phase_pghi_lambda (sm_stft_get_params (stft)->window,
                               sm_stft_get_params (stft)->n_fft) <= 0.0)
    return sm_error_set (error, SM_ERROR_UNSUPPORTED, "PGHI has no Gaussian constant for the "
                         "%s window", sm_window_name (sm_stft_get_params (stft)->window));
  return SM_OK;
}

size_t
_sm_phase_scan_inputs (const SmPhaseData *data,
                       SmPhaseWork       *w,
                       unsigned char     *fixed)
{
  const size_t n = w->n_frames * (size_t) w->n_bins;
  double norm = 0.0;
  size_t n_free = 0;

  for (size_t i = 0; i < n; i++)
    {
      float s = data->magnitude[i];

      if (!(s >= 0.0f) || isinf (s))
        return (size_t) -1;
      norm += (double) s * s;
      if (fixed != NULL)
        fixed[i] = data->reliable->levels[i] >= SM_MASK_LEVEL_KEPT;
      n_free += fixed == NULL || !fixed[i];
    }
  w->s_norm = sqrt (norm);
  return n_free;
}

SmStatus
_sm_phase_initialise (SmStft              *stft,
                      const SmPhaseParams *params,
                      SmPhaseWork         *w,
                      const SmRun         *run)
{
  const size_t n = w->n_frames * (size_t) w->n_bins;
  const SmStftParams *stft_params = sm_stft_get_params (stft);

  if (params->init == SM_PHASE_INIT_PGHI)
    {
      SmPghiInput in = {
        w->s, w->fixed, w->known, w->n_frames, w->n_bins,
        stft_params->n_fft, stft_params->hop,
        sm_phase_pghi_lambda (stft_params->window, stft_params->n_fft),
        params->pghi_tolerance, params->seed,
      };

      return _sm_pghi (&in, w->c, run);
    }

  for (size_t i = 0; i < n; i++)
    {
      float s = w->s[i];

      if (w->fixed != NULL && w->fixed[i])
        w->c[i] = w->known[i];
      else if (params->init == SM_PHASE_INIT_ZERO)
        w->c[i] = s;
      else if (params->init == SM_PHASE_INIT_RANDOM)
        {
          double phase = _sm_phase_random (params->seed, i);

          w->c[i] = (float) (s * cos (phase)) + (float) (s * sin (phase)) * I;
        }
      else if (params->init == SM_PHASE_INIT_GIVEN)
        {
          float mag = cabsf (w->c[i]);

          w->c[i] = mag > 0.0f ? w->c[i] * (s / mag) : s;
        }
      /* SM_PHASE_INIT_RESUME: as it is */
    }
  return SM_OK;
}

SmStatus
_sm_phase_prepare_momentum (const SmPhaseParams  *params,
                            SmPhaseState         *state,
                            SmPhaseWork          *w,
                            float _Complex      **owned)
{
  const size_t n = w->n_frames * (size_t) w->n_bins;

  if (params->method != SM_PHASE_FGLA)
    {
      sm_phase_state_reset (state);
      return SM_OK;
    }
  if (state != NULL && (state->n_frames != w->n_frames || state->n_bins != w->n_bins))
    {
      free (state->extrapolated);
      state->extrapolated = NULL;
      state->valid = 0;
    }
  if (state != NULL && state->extrapolated == NULL)
    {
      state->extrapolated = malloc (sizeof (float _Complex) * n);
      if (state->extrapolated == NULL)
        return SM_ERROR_NOMEM;
      state->n_frames = w->n_frames;
      state->n_bins = w->n_bins;
    }
  if (state != NULL)
    w->t = state->extrapolated;
  else
    w->t = *owned = malloc (sizeof (float _Complex) * n);
  if (w->t == NULL)
    return SM_ERROR_NOMEM;

  if (params->init != SM_PHASE_INIT_RESUME || state == NULL || !state->valid)
    memcpy (w->t, w->c, sizeof (float _Complex) * n);
  if (state != NULL)
    state->valid = 1;
  return SM_OK;
}
