/* sm-phase.c: Griffin-Lim and fast Griffin-Lim with known coefficients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One iteration: x = ISTFT (y), X = STFT (x), then one pass over the bins that measures
 * || |X| - S || and projects: reliable bins get their known value, the others S X / |X|.
 * GLA synthesises from the iterate itself (y = c); FGLA from the extrapolated point t,
 * which the same pass updates (t = c_new + alpha (c_new - c_old)), so FGLA costs no extra
 * pass and c_{n-1} needs no buffer of its own. The pass runs on each frame of X as the
 * fused projection (sm-stft-project.c) delivers it, while the frame is in cache; only
 * reflect padding and the final evaluation take the two separate transforms.
 */
#include "sm-phase.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-parallel-private.h"
#include "sm-phase-private.h"

/* As SM_STFT_HOT, plus two promises that hold here and let GCC turn the per-bin loops into
 * vector code: every value is finite (S is checked on entry, and transforms of finite
 * values are finite), so sqrtf of a sum of squares cannot set errno and needs no library
 * call; and nothing here reads floating-point exception flags, so the selects around the
 * division may be computed unconditionally. Neither changes a result for finite values. */
#if defined(__GNUC__) && !defined(__clang__)
# define SM_PHASE_HOT __attribute__ ((optimize ("tree-vectorize", "vect-cost-model=dynamic", \
                                                "finite-math-only", "no-trapping-math")))
#else
# define SM_PHASE_HOT
#endif

/* Stores |x| - s for every bin of one frame in @diff. */
static SM_PHASE_HOT void
measure_frame (const float *x,
               const float *s,
               float       *diff,
               int          n_bins)
{
  for (int f = 0; f < n_bins; f++)
    {
      float re = x[2 * f];
      float im = x[2 * f + 1];

      /* Not cabsf: hypotf guards against overflow at several times the cost, and STFT
       * magnitudes of audio are nowhere near FLT_MAX. */
      diff[f] = sqrtf (re * re + im * im) - s[f];
    }
}

/* The sum of squares of @diff in double, in four interleaved partial sums so that it is a
 * vector loop and still the same sum on every machine and thread count. */
static SM_PHASE_HOT double
sum_squares (const float *diff,
             int          n)
{
  double part[4] = { 0.0, 0.0, 0.0, 0.0 };
  int f = 0;

  for (; f + 4 <= n; f += 4)
    for (int lane = 0; lane < 4; lane++)
      part[lane] += (double) diff[f + lane] * diff[f + lane];
  for (; f < n; f++)
    part[0] += (double) diff[f] * diff[f];
  return (part[0] + part[1]) + (part[2] + part[3]);
}

/* The new value of one free bin: S x / |x|, or S (phase 0) where x is 0. Sets @diff to
 * |x| - S as measure_frame() does. (GCC inlines only into callers with the same optimize
 * attribute, hence SM_PHASE_HOT here too.) */
static inline SM_PHASE_HOT void
project_bin (const float *x,
             float        s,
             float       *diff,
             float       *re,
             float       *im)
{
  float mag = sqrtf (x[0] * x[0] + x[1] * x[1]);
  float gain = s / (mag > 0.0f ? mag : 1.0f);

  *diff = mag - s;
  *re = mag > 0.0f ? x[0] * gain : s;
  *im = mag > 0.0f ? x[1] * gain : 0.0f;
}

/* GLA: c = P2 (x) on every bin of a frame, measuring on the way. */
static SM_PHASE_HOT void
project_gla (const float *x,
             const float *s,
             float       *diff,
             float       *c,
             int          n_bins)
{
  for (int f = 0; f < n_bins; f++)
    project_bin (x + 2 * f, s[f], diff + f, c + 2 * f, c + 2 * f + 1);
}

/* FGLA: c = P2 (x) and t = c + alpha (c - c_old) in the same pass. */
static SM_PHASE_HOT void
project_fgla (const float *x,
              const float *s,
              float       *diff,
              float       *c,
              float       *t,
              float        alpha,
              int          n_bins)
{
  for (int f = 0; f < n_bins; f++)
    {
      float re;
      float im;

      project_bin (x + 2 * f, s[f], diff + f, &re, &im);
      t[2 * f] = re + alpha * (re - c[2 * f]);
      t[2 * f + 1] = im + alpha * (im - c[2 * f + 1]);
      c[2 * f] = re;
      c[2 * f + 1] = im;
    }
}

/* The reliable bins keep their known value, without momentum. */
static void
project_fixed (const unsigned char  *fixed,
               const float _Complex *known,
               float _Complex       *c,
               float _Complex       *t,
               int                   n_bins)
{
  for (int f = 0; f < n_bins; f++)
    if (fixed[f])
      {
        c[f] = known[f];
        if (t != NULL)
          t[f] = known[f];
      }
}

/* SmStftFrameFunc: measures frame @frame of X = STFT (ISTFT (.)) against S and, when
 * projecting, writes the frame's new iterate (and extrapolated point) in place. */
static void
project_frame_cb (size_t          frame,
                  float _Complex *spectrum,
                  int             worker,
                  void           *data)
{
  SmPhaseWork *w = data;
  const size_t offset = frame * (size_t) w->n_bins;
  const float *x = (const float *) spectrum;
  float *diff = w->scratch + (size_t) worker * (size_t) w->n_bins;
  const float *s = w->s + offset;
  float *c = (float *) (w->c + offset);

  if (!w->project)
    measure_frame (x, s, diff, w->n_bins);
  else if (w->t != NULL)
    project_fgla (x, s, diff, c, (float *) (w->t + offset), w->alpha, w->n_bins);
  else
    project_gla (x, s, diff, c, w->n_bins);
  if (w->project && w->fixed != NULL)
    project_fixed (w->fixed + offset, w->known + offset, w->c + offset,
                   w->t != NULL ? w->t + offset : NULL, w->n_bins);
  w->frame_sums[frame] = sum_squares (diff, w->n_bins);
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

/* The spectral convergence in dB from the per-frame sums, added in frame order. */
static double
convergence_db (const SmPhaseWork *w)
{
  double sum = 0.0;

  for (size_t t = 0; t < w->n_frames; t++)
    sum += w->frame_sums[t];
  return 20.0 * log10 (sqrt (sum) / (w->s_norm > 0.0 ? w->s_norm : 1.0));
}

/* X = STFT (ISTFT (@from)) as two separate transforms through w->signal, then the per-bin
 * pass on each frame of X. For the final evaluation (it leaves the signal) and for reflect
 * padding, which the fused projection does not do. Cancellable only during the inverse:
 * once the pass has started, it must finish or the iterate is torn. */
static SmStatus
transform_pair (SmStft               *stft,
                SmPhaseWork          *w,
                const float _Complex *from,
                size_t                n_samples,
                const SmRun          *run,
                double                progress_from,
                double                progress_to)
{
  SmSpectrogram input = { w->n_frames, w->n_bins, (float _Complex *) from };
  Slice slice = { run, progress_from, progress_to };
  SmRun inner = { run != NULL ? run->n_threads : 0, NULL, &slice };
  SmStatus status;

  if (run != NULL && run->progress != NULL)
    inner.progress = slice_progress_cb;
  status = sm_stft_inverse (stft, &input, w->signal, n_samples, &inner);
  inner.progress = NULL;
  if (status == SM_OK)
    status = _sm_stft_forward_each (stft, w->signal, n_samples, project_frame_cb, w, &inner);
  return status;
}

/* One iteration's transforms and pass on the synthesis point y (t for FGLA, c for GLA). */
static SmStatus
iterate (SmStft      *stft,
         SmPhaseWork *w,
         size_t       n_samples,
         const SmRun *run,
         double       progress_from,
         double       progress_to)
{
  SmSpectrogram y = { w->n_frames, w->n_bins, w->t != NULL ? w->t : w->c };

  if (w->projector == NULL)
    return transform_pair (stft, w, y.bins, n_samples, run, progress_from, progress_to);
  return _sm_stft_project (w->projector, &y, project_frame_cb, w,
                           run != NULL ? run->n_threads : 0);
}

/* The per-frame sums, the per-worker scratch and, when the call will iterate (@fused) with
 * zero or no padding, the fused projection. Returns SM_OK or SM_ERROR_NOMEM. */
static SmStatus
alloc_pass (SmStft      *stft,
            SmPhaseWork *w,
            size_t       n_samples,
            int          fused,
            const SmRun *run)
{
  int n_workers = _sm_parallel_workers (run, w->n_frames, 1);
  SmStatus status = SM_OK;

  w->frame_sums = calloc (w->n_frames, sizeof (double));
  w->scratch = malloc (sizeof (float) * (size_t) n_workers * (size_t) w->n_bins);
  if (w->frame_sums == NULL || w->scratch == NULL)
    return SM_ERROR_NOMEM;
  if (fused && sm_stft_get_params (stft)->pad != SM_PAD_REFLECT)
    w->projector = _sm_stft_projector_new (stft, n_samples, run, &status);
  return status;
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
  history = calloc ((size_t) params->plateau_iterations + 1, sizeof (double));
  if (w.signal == NULL || history == NULL
      || alloc_pass (stft, &w, data->n_samples, params->max_iterations > 0 && n_free > 0,
                     run) != SM_OK)
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

      status = iterate (stft, &w, data->n_samples, run, (it - 1) / total, it / total);
      if (status != SM_OK)
        goto fail;
      db = convergence_db (&w);
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
  status = transform_pair (stft, &w, w.c, data->n_samples, run, result.iterations / total, 1.0);
  if (status != SM_OK)
    goto fail;
  result.spectral_convergence_db = convergence_db (&w);
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
  free (w.frame_sums);
  free (w.scratch);
  _sm_stft_projector_free (&w.projector);
  free (own_signal);
  free (own_t);
  free (fixed);
  return status;
}
