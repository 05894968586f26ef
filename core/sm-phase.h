/* sm-phase.h: phase reconstruction: Griffin-Lim, fast Griffin-Lim and masked PGHI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Given target magnitudes S (T x F, the layout of #SmSpectrogram) and, optionally, complex
 * coefficients known to be right on the bins a reliability mask marks, find the complex
 * spectrogram c whose reliable bins are exactly the known ones, whose other bins have
 * magnitude S, and whose inverse STFT has an STFT as close to S as possible.
 *
 * - GLA (Griffin and Lim 1984) alternates the projection onto consistent spectrograms,
 *   P1(c) = STFT (ISTFT (c)), with the projection onto the constraints, P2 (reliable bins
 *   set to the known value, the others to S with the phase they have).
 * - FGLA (Perraudin, Balazs and Sondergaard 2013, "A fast Griffin-Lim algorithm") adds
 *   momentum: c_n = P2 (P1 (t_{n-1})), t_n = c_n + alpha (c_n - c_{n-1}).
 * - PGHI (Prusa, Balazs and Sondergaard 2017, "A noniterative method for reconstruction of
 *   phase from STFT magnitude"; Prusa and Holighaus 2017 for the real-time variant) starts
 *   from the reliable bins and integrates the phase gradient that the log-magnitude implies
 *   for a Gaussian window into the other bins, loudest first. It is a one-pass
 *   initialisation, usually followed by FGLA.
 *
 * Quality is the spectral convergence 20 log10 (|| |STFT (x)| - S ||_F / ||S||_F) in dB,
 * over the one-sided T x F bins, of the signal x an iteration synthesises: lower is better;
 * -inf means exact.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sm-mask.h"
#include "sm-run.h"
#include "sm-status.h"
#include "sm-stft.h"
#include "sm-window.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmPhaseMethod:
 * @SM_PHASE_GLA: Griffin-Lim; with zero or no padding and no known bins, the spectral
 *   convergence it reports never increases (up to float rounding)
 * @SM_PHASE_FGLA: fast Griffin-Lim with momentum #SmPhaseParams.alpha; converges faster,
 *   not monotonically
 */
typedef enum
{
  SM_PHASE_GLA,
  SM_PHASE_FGLA,
  SM_N_PHASE_METHODS
} SmPhaseMethod;

/**
 * SmPhaseInit:
 * @SM_PHASE_INIT_GIVEN: the phase @spec holds on entry (for instance the mix's), with the
 *   magnitude replaced by S; a zero bin gets phase 0
 * @SM_PHASE_INIT_RESUME: @spec is a previous call's output and is used exactly as it is,
 *   so that calling again continues the iteration (see #SmPhaseState for FGLA's momentum)
 * @SM_PHASE_INIT_ZERO: phase 0 everywhere
 * @SM_PHASE_INIT_RANDOM: uniform random phase from #SmPhaseParams.seed; the same seed gives
 *   the same phase on every machine and thread count
 * @SM_PHASE_INIT_PGHI: masked phase-gradient heap integration seeded by the reliable bins
 *   (by the loudest bin when there are none); bins quieter than
 *   #SmPhaseParams.pghi_tolerance times the loudest get random phase from the seed. Needs a
 *   window sm_phase_pghi_lambda() knows.
 *
 * In every case the reliable bins start (and stay) equal to the known coefficients.
 */
typedef enum
{
  SM_PHASE_INIT_GIVEN,
  SM_PHASE_INIT_RESUME,
  SM_PHASE_INIT_ZERO,
  SM_PHASE_INIT_RANDOM,
  SM_PHASE_INIT_PGHI,
  SM_N_PHASE_INITS
} SmPhaseInit;

/**
 * SmPhaseIterationFunc:
 * @iteration: 1 for the first iteration of this call, 2 for the second...
 * @spectral_convergence_db: that of the signal this iteration synthesised: for GLA the
 *   iterate it started from, for FGLA the extrapolated point t_{n-1}
 * @data: #SmPhaseParams.on_iteration_data
 *
 * Called on the calling thread after each iteration. Return nonzero to stop with
 * `SM_ERROR_CANCELLED`; the iteration that just ran is kept.
 */
typedef int (*SmPhaseIterationFunc) (int     iteration,
                                     double  spectral_convergence_db,
                                     void   *data);

/**
 * SmPhaseParams:
 * @method: GLA or FGLA
 * @alpha: FGLA's momentum, 0 to 1 (0 is GLA); ignored by GLA
 * @init: where the phase starts
 * @seed: for SM_PHASE_INIT_RANDOM and PGHI's quiet bins
 * @pghi_tolerance: relative to the loudest bin of S: quieter bins are not integrated by
 *   PGHI but get random phase; 0 to 1
 * @max_iterations: at most this many iterations in this call; 0 only initialises and
 *   evaluates (to use PGHI alone)
 * @plateau_iterations: stop when the spectral convergence improved by less than
 *   @plateau_db over this many iterations of this call; 0 never stops early
 * @plateau_db: see @plateau_iterations; 0 or more
 * @on_iteration: (nullable): per-iteration report, may cancel
 * @on_iteration_data: passed to @on_iteration
 */
typedef struct SmPhaseParams
{
  SmPhaseMethod        method;
  double               alpha;
  SmPhaseInit          init;
  uint64_t             seed;
  double               pghi_tolerance;
  int                  max_iterations;
  int                  plateau_iterations;
  double               plateau_db;
  SmPhaseIterationFunc on_iteration;
  void                *on_iteration_data;
} SmPhaseParams;

/**
 * sm_phase_params_default:
 * @params: (out): FGLA, alpha 0.99, PGHI initialisation, seed 0, tolerance 1e-5,
 *   at most 100 iterations, stop on less than 0.01 dB of progress over 10 iterations,
 *   no callback
 */
SM_API void   sm_phase_params_default (SmPhaseParams *params);

/**
 * sm_phase_pghi_lambda:
 * @window: the analysis window
 * @n_fft: its length N in samples
 *
 * The time-frequency spread lambda, in samples squared, of the Gaussian exp(-pi t^2 /
 * lambda) that PGHI uses in place of @window. The factors of N^2 are those of LTFAT and
 * phaseret (phaseret_firwin2gamma): Hann 0.25645, sqrt-Hann (LTFAT's "sine") 0.41532,
 * Hamming 0.29794, Blackman 0.17954, rectangular 0.85732. Blackman-Harris is not in that
 * table; we use the value for LTFAT's 4-term Nuttall window (0.12807), whose coefficients
 * differ from Blackman-Harris's in the third decimal, and which is also where PGHI's
 * spectral convergence peaks for Blackman-Harris in our sweep (a chirp plus sines, N 512,
 * hop 64: -33 dB; Hann -33, Hamming -32, Blackman -34 dB at their table values). The
 * sqrt-Hann and rectangular windows are far from Gaussian and PGHI does poorly with them
 * (-15 dB for sqrt-Hann in the same sweep); prefer Hann.
 *
 * Returns: lambda, or 0 for an unknown window or a size below 1. Thread-safe.
 */
SM_API double sm_phase_pghi_lambda (SmWindowType window,
                                    int          n_fft);

/**
 * SmPhaseState:
 *
 * FGLA's momentum between calls: the extrapolated point t_n, T x F complex values. Without
 * one, each FGLA call restarts the momentum (its first step is a plain GLA step), which
 * still continues from @spec but no longer matches one long run exactly. Owned by the
 * caller; one state per spectrogram; not thread-safe.
 */
typedef struct SmPhaseState SmPhaseState;

/** sm_phase_state_new: Returns: (transfer full): an empty state, or NULL (SM_ERROR_NOMEM).
 * Its buffer is allocated by the first FGLA call that uses it. */
SM_API SmPhaseState *sm_phase_state_new (SmStatus *status);
/** sm_phase_state_reset: forgets the momentum, keeping the buffer. NULL-safe. */
SM_API void          sm_phase_state_reset (SmPhaseState *state);
/** sm_phase_state_free: frees and NULLs; NULL-safe. */
SM_API void          sm_phase_state_free (SmPhaseState **state);

/**
 * SmPhaseData:
 * @magnitude: S, T x F finite values >= 0, row-major [frame][bin]
 * @known: (nullable): T x F complex coefficients to keep on the reliable bins (their
 *   magnitude is usually S there); required when @reliable is given
 * @reliable: (nullable): T x F; a bin whose value is at least 0.5 is reliable and keeps
 *   its known coefficient exactly; NULL means no bin is known (plain phase retrieval)
 * @n_samples: length of the signal; T must be sm_stft_n_frames (@n_samples)
 * @spec: (inout): T x F; the initial phase for SM_PHASE_INIT_GIVEN, the iterate to
 *   continue for SM_PHASE_INIT_RESUME, otherwise only output. On return, the
 *   reconstruction: reliable bins bit for bit equal to @known, the others of magnitude S.
 * @signal: (out caller-allocates) (nullable): @n_samples samples, ISTFT (@spec) on return
 *
 * The bulk data of one reconstruction. The arrays must not overlap.
 */
typedef struct SmPhaseData
{
  const float         *magnitude;
  const SmSpectrogram *known;
  const SmMask        *reliable;
  size_t               n_samples;
  SmSpectrogram       *spec;
  float               *signal;
} SmPhaseData;

/**
 * SmPhaseReport:
 * @iterations: iterations run by this call
 * @spectral_convergence_db: that of the returned @spec (of ISTFT (@spec)), in dB
 * @converged: 1 when the call stopped on a plateau (or had nothing to iterate: every bin
 *   reliable, or an exact fit), 0 when it hit the iteration cap
 */
typedef struct SmPhaseReport
{
  int    iterations;
  double spectral_convergence_db;
  int    converged;
} SmPhaseReport;

/**
 * sm_phase_reconstruct:
 * @stft: the plan S was computed with (any window for GLA/FGLA; PGHI needs one
 *   sm_phase_pghi_lambda() knows)
 * @params: the algorithm and its settings
 * @data: the magnitudes, known bins and outputs
 * @state: (nullable): FGLA's momentum: continued when @params->init is
 *   SM_PHASE_INIT_RESUME and the state holds the previous FGLA call's on this @spec, started
 *   afresh by other FGLA calls, reset by GLA calls
 * @report: (out) (nullable): iterations and final quality; also filled on cancellation
 * @run: (nullable): threads for the transforms and per-bin passes, progress and
 *   cancellation; progress runs from 0 to 1 over @params->max_iterations + 1 transform
 *   pairs (the last one evaluates the result)
 * @error: (nullable): the reason on failure
 *
 * Each iteration costs one inverse and one forward STFT, fused block by block with the
 * pass over the bins (two separate transforms with reflect padding); all buffers are
 * allocated once per call (FGLA needs one T x F complex buffer besides @spec, plus a few
 * hundred kB per thread), and the call ends with one more transform pair that evaluates
 * the result. PGHI
 * runs on one thread in O(TF log TF) time with up to 13 bytes of scratch per bin.
 *
 * The result is bit for bit the same for every thread count. Between processes it may
 * differ in the last bits when the FFTW planner measured a different plan, and without
 * known bins the iteration can amplify that to a few tenths of a dB. Thread-safe: calls on
 * different spectrograms and states may share one plan and run at once.
 *
 * On SM_ERROR_CANCELLED (from @run or @params->on_iteration) during the iterations, @spec
 * holds the last completed iterate (reliable bins exact), @state matches it, @report counts
 * the completed iterations and gives the last reported spectral convergence, and @signal is
 * unspecified; calling again with SM_PHASE_INIT_RESUME continues. Cancelled during PGHI,
 * @spec is unspecified and @state is reset. On any other error @spec and @state are
 * untouched when the arguments were rejected, unspecified otherwise.
 *
 * Returns: SM_OK; SM_ERROR_BAD_ARG (NULL pointers, parameters out of range, a negative or
 * non-finite magnitude, @reliable without @known); SM_ERROR_MISMATCH (a shape differs
 * from sm_stft_n_frames (@n_samples) x sm_stft_n_bins ()); SM_ERROR_UNSUPPORTED (PGHI with
 * a window it has no constant for, or more than 2^32 - 1 bins); SM_ERROR_NOMEM;
 * SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_phase_reconstruct (SmStft              *stft,
                                      const SmPhaseParams *params,
                                      const SmPhaseData   *data,
                                      SmPhaseState        *state,
                                      SmPhaseReport       *report,
                                      const SmRun         *run,
                                      SmError             *error);

#ifdef __cplusplus
}
#endif
