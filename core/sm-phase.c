/* sm-phase.c: Griffin-Lim and fast Griffin-Lim with known coefficients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One iteration: x = ISTFT (y), X = STFT (x), then one pass over the bins that measures
 * || |X| - S || and projects: reliable bins get their known value, the others S X / |X|.
 * GLA synthesises from the iterate itself (y = c); FGLA from the extrapolated point t,
 * which the same pass updates (t = c_new + alpha (c_new - c_old)), so FGLA costs no extra
 * pass and c_{n-1} needs no buffer of its own.
 */
#include "sm-phase.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-parallel-private.h"
#include "sm-phase-private.h"

/* Frames per block of the per-bin pass. The spectral convergence is summed per block and
 * the blocks in order, so it does not depend on which thread ran which block. */
#define FRAMES_PER_BLOCK 32

static int
pass_block (size_t  begin,
            size_t  end,
            int     worker,
            void   *data)
{
  SmPhaseWork *w = data;
  const size_t from = begin * (size_t) w->n_bins;
  const size_t to = end * (size_t) w->n_bins;
  const float _Complex *x = w->rebuilt->bins;
  double sum = 0.0;

  for (size_t i = from; i < to; i++)
    {
      /* Not cabsf: hypotf guards against overflow at several times the cost, and STFT
       * magnitudes of audio are nowhere near FLT_MAX. */
      float re = crealf (x[i]);
      float im = cimagf (x[i]);
      float mag = sqrtf (re * re + im * im);
      float diff = mag - w->s[i];
      float _Complex next;

      sum += (double) diff * diff;
      if (!w->project)
        continue;
      if (w->fixed != NULL && w->fixed[i])
        next = w->known[i];
      else if (mag > 0.0f)
        next = x[i] * (w->s[i] / mag);
      else
        next = w->s[i];
      if (w->t != NULL)
        w->t[i] = w->fixed != NULL && w->fixed[i] ? next : next + w->alpha * (next - w->c[i]);
      w->c[i] = next;
    }
  w->block_sums[begin / FRAMES_PER_BLOCK] = sum;
  return 0;
}

/* Maps a transform's own 0..1 progress into a slice of the call's. */
typedef struct
{
  const SmRun *run;
  double       from;
  double       to;
} Slice;

static int
slice_progress_cb (double  fraction,
                   void   *data)
{
  Slice *slice = data;

  return _sm_run_report (slice->run, slice->from + fraction * (slice->to - slice->from));
}

/* X = STFT (ISTFT (@from)), then the per-bin pass. Returns the spectral convergence of the
 * synthesised signal in dB through @db. */
static SmStatus
transform_pair (SmStft               *stft,
                SmPhaseWork          *w,
                const float _Complex *from,
                size_t                n_samples,
                const SmRun          *run,
                double                progress_from,
                double                progress_to,
                double               *db)
{
  SmSpectrogram input = { w->n_frames, w->n_bins, (float _Complex *) from };
  Slice slice = { run, progress_from, 0.5 * (progress_from + progress_to) };
  SmRun inner = { run != NULL ? run->n_threads : 0, NULL, &slice };
  size_t n_blocks = (w->n_frames + FRAMES_PER_BLOCK - 1) / FRAMES_PER_BLOCK;
  double sum = 0.0;
  SmStatus status;

  if (run != NULL && run->progress != NULL)
    inner.progress = slice_progress_cb;
  status = sm_stft_inverse (stft, &input, w->signal, n_samples, &inner);
  slice.from = slice.to;
  slice.to = progress_to;
  if (status == SM_OK)
    status = sm_stft_forward (stft, w->signal, n_samples, w->rebuilt, &inner);
  if (status != SM_OK)
    return status;

  /* No progress here: once started, the pass must finish or the iterate is torn. */
  inner.progress = NULL;
  status = _sm_parallel_for (&inner, w->n_frames, FRAMES_PER_BLOCK, pass_block, w, 0.0, 1.0);
  if (status != SM_OK)
    return status;
  for (size_t b = 0; b < n_blocks; b++)
    sum += w->block_sums[b];
  *db = 20.0 * log10 (sqrt (sum) / (w->s_norm > 0.0 ? w->s_norm : 1.0));
  return SM_OK;
}

SmStatus
sm_phase_reconstruct (SmStft              *stft,
                      const SmPhaseParams *params,
                      const SmPhaseData   *data,
                      SmPhaseState        *state,
                      SmPhaseReport       *report,
                      const SmRun         *run,
                      SmError             *error)
{
  SmPhaseWork w = { 0 };
  SmPhaseReport result = { 0, NAN, 0 };
  unsigned char *fixed = NULL;
  float *own_signal = NULL;
  float _Complex *own_t = NULL;
  double *history = NULL;      /* the last plateau_iterations + 1 convergences, a ring */
  size_t n_free;
  size_t n;
  double total;
  SmStatus status;

  if (report != NULL)
    *report = result;
  status = _sm_phase_check_args (stft, params, data, error);
  if (status != SM_OK)
    return status;

  w.n_frames = data->spec->n_frames;
  w.n_bins = data->spec->n_bins;
  n = w.n_frames * (size_t) w.n_bins;
  w.s = data->magnitude;
  w.c = data->spec->bins;
  w.alpha = (float) params->alpha;
  if (data->reliable != NULL)
    {
      w.fixed = fixed = malloc (n);
      w.known = data->known->bins;
      if (fixed == NULL)
        goto nomem;
    }
  n_free = _sm_phase_scan_inputs (data, &w, fixed);
  if (n_free == (size_t) -1)
    {
      status = sm_error_set (error, SM_ERROR_BAD_ARG,
                             "a target magnitude is negative, infinite or NaN");
      goto out;
    }

  w.signal = data->signal != NULL ? data->signal : (own_signal = malloc (sizeof (float)
                                                                         * data->n_samples));
  w.rebuilt = sm_spectrogram_new (w.n_frames, w.n_bins, &status);
  w.block_sums = calloc ((w.n_frames + FRAMES_PER_BLOCK - 1) / FRAMES_PER_BLOCK, sizeof (double));
  history = calloc ((size_t) params->plateau_iterations + 1, sizeof (double));
  if (w.signal == NULL || w.rebuilt == NULL || w.block_sums == NULL || history == NULL)
    goto nomem;

  /* A failed or cancelled initialisation leaves @spec torn: the momentum no longer fits. */
  status = _sm_phase_initialise (stft, params, &w, run);
  if (status != SM_OK)
    sm_phase_state_reset (state);
  if (status == SM_OK)
    status = _sm_phase_prepare_momentum (params, state, &w, &own_t);
  if (status != SM_OK)
    goto fail;

  total = params->max_iterations + 1.0;
  w.project = 1;
  for (int it = 1; it <= params->max_iterations && n_free > 0 && !result.converged; it++)
    {
      double db;
      int slot = it % (params->plateau_iterations + 1);

      status = transform_pair (stft, &w, w.t != NULL ? w.t : w.c, data->n_samples, run,
                               (it - 1) / total, it / total, &db);
      if (status != SM_OK)
        goto fail;
      result.iterations = it;
      result.spectral_convergence_db = db;

      history[slot] = db;
      if (isinf (db) && db < 0.0)
        result.converged = 1;
      else if (params->plateau_iterations > 0 && it > params->plateau_iterations
               && history[(slot + 1) % (params->plateau_iterations + 1)] - db
                  < params->plateau_db)
        result.converged = 1;

      if ((params->on_iteration != NULL
           && params->on_iteration (it, db, params->on_iteration_data) != 0)
          || _sm_run_report (run, it / total))
        {
          status = SM_ERROR_CANCELLED;
          goto fail;
        }
    }
  if (n_free == 0)
    result.converged = 1;

  /* Evaluate what we return: its signal and its own spectral convergence. */
  w.project = 0;
  status = transform_pair (stft, &w, w.c, data->n_samples, run,
                           result.iterations / total, 1.0, &result.spectral_convergence_db);
  if (status != SM_OK)
    goto fail;
  goto out;

fail:
  if (status == SM_ERROR_NOMEM)
    goto nomem;
  if (status == SM_ERROR_CANCELLED)
    sm_error_set (error, status, "phase reconstruction cancelled after %d iterations",
                  result.iterations);
  else
    sm_error_set (error, status, "phase reconstruction failed: %s", sm_strerror (status));
  goto out;

nomem:
  status = sm_error_set (error, SM_ERROR_NOMEM, "out of memory for phase reconstruction of "
                         "%zu x %d bins", w.n_frames, w.n_bins);
  sm_phase_state_reset (state);
out:
  if (report != NULL)
    *report = result;
  free (history);
  free (w.block_sums);
  sm_spectrogram_free (&w.rebuilt);
  free (own_signal);
  free (own_t);
  free (fixed);
  return status;
}
