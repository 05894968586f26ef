/* sm-nmf.h: non-negative matrix factorisation for the beta-divergence, with a weight mask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model: a non-negative spectrogram V (F bins x T frames) is approximated by W H, with W
 * (F x K) a dictionary of K spectral templates and H (K x T) their activations, by
 * minimising the masked beta-divergence
 *
 *   D = sum_{f,t} M[f,t] d_beta (V[f,t] + eps | (W H)[f,t] + eps)
 *
 *   d_beta (x | y) = x/y - log (x/y) - 1                        beta = 0 (Itakura-Saito)
 *                  = x log (x/y) - x + y                        beta = 1 (Kullback-Leibler)
 *                  = (x^b + (b-1) y^b - b x y^(b-1)) / (b(b-1)) other beta (b = beta)
 *                  = (x - y)^2 / 2                              beta = 2 (Euclidean)
 *
 * with multiplicative updates raised to the majorisation-minimisation exponent
 * gamma(beta) = 1/(2-beta) for beta < 1 and 1 for 1 <= beta <= 2 (Fevotte and Idier 2011),
 * so D never increases from one iteration to the next. M holds weights in [0, 1]: 1 for a
 * reliable bin, 0 for one the fit must ignore (so that W H predicts it from the others:
 * inpainting). Use beta = 0 on power spectrograms, beta = 1 on magnitudes.
 *
 * eps = rel_floor * max(V) keeps the divergence finite where V or W H is zero (IS divides
 * by both) and bounds every intermediate in float32; the arithmetic runs on V scaled by a
 * power of two so that results do not depend on the level of V, and an input spanning
 * 160 dB gives finite factors. Values below eps (100 dB under the peak of a power
 * spectrogram with the default floor) are fitted only down to eps.
 *
 * Layout, matching #SmSpectrogram (row-major [frame][bin]):
 *   V[t * F + f], M[t * F + f]   frame t contiguous
 *   W[k * F + f]                 template k contiguous (F values)
 *   H[t * K + k]                 the K activations of frame t contiguous
 *
 * Threads: element-wise passes run on SmRun's workers; the matrix products are OpenBLAS
 * sgemm calls, which use OpenBLAS's own threads (OPENBLAS_NUM_THREADS). With the same
 * inputs, seed and thread counts, results are bit-identical. Functions are reentrant.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sm-run.h"
#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Relative floor used when #SmNmfParams.rel_floor is 0: eps = 1e-10 max(V). */
#define SM_NMF_DEFAULT_FLOOR 1e-10

/** The convergence test compares the divergence with its value this many iterations before. */
#define SM_NMF_TOLERANCE_SPAN 10

/**
 * SmNmfFactor:
 * @SM_NMF_W: the dictionary W
 * @SM_NMF_H: the activations H
 *
 * Flags naming factors, for #SmNmfParams.update and #SmNmfParams.given.
 */
typedef enum
{
  SM_NMF_W = 1 << 0,
  SM_NMF_H = 1 << 1,
} SmNmfFactor;

/**
 * SmNmfIterationFunc:
 * @iteration: updates done so far: 0 for the initial factors, then 1, 2, ...
 * @divergence: the masked divergence D of the current factors
 * @user_data: #SmNmfParams.iteration_data
 *
 * Called on the thread that called sm_nmf_fit(). Return nonzero to stop the fit with
 * `SM_ERROR_CANCELLED`. Setting it makes the fit compute D at every iteration, which costs
 * one logarithm (beta = 0, 1) or two powers per reliable bin.
 */
typedef int (*SmNmfIterationFunc) (int     iteration,
                                   double  divergence,
                                   void   *user_data);

/**
 * SmNmfData:
 * @n_frames: T, 1 or more
 * @n_bins: F, 1 or more
 * @v: T x F finite, non-negative values, [frame][bin]
 * @mask: (nullable): T x F weights in [0, 1], [frame][bin]; NULL means every weight is 1
 *
 * The data to factorise; borrowed, never written.
 */
typedef struct SmNmfData
{
  size_t       n_frames;
  int          n_bins;
  const float *v;
  const float *mask;
} SmNmfData;

/**
 * SmNmfParams:
 * @n_components: K, 1 or more
 * @beta: the divergence, in [0, 2]
 * @max_iterations: updates to run at most, 0 or more (0 only measures the initial factors)
 * @tolerance: stop once D has decreased by less than this fraction over the last
 *   %SM_NMF_TOLERANCE_SPAN iterations (checked at multiples of 10); 0 runs every iteration
 * @update: #SmNmfFactor flags of the factors to fit, not 0. With %SM_NMF_H alone the
 *   dictionary is fixed (fitting activations to a trained dictionary) and W is never
 *   written; with %SM_NMF_W alone, H is never written
 * @given: #SmNmfFactor flags of the factors whose initial values the caller put in `w` /
 *   `h`, including every factor not in @update; the others start from random values
 *   drawn from @seed
 * @seed: seed of the random initial factors
 * @rel_floor: eps relative to max(V), in [1e-12, 1e-2]; 0 means %SM_NMF_DEFAULT_FLOOR
 * @on_iteration: (nullable): per-iteration report and cancellation
 * @iteration_data: passed to @on_iteration
 *
 * When both factors are updated, each iteration rescales every column of W to sum 1 and
 * moves the scale into H (W H is unchanged), so that templates are comparable.
 */
typedef struct SmNmfParams
{
  int                n_components;
  double             beta;
  int                max_iterations;
  double             tolerance;
  unsigned           update;
  unsigned           given;
  uint64_t           seed;
  double             rel_floor;
  SmNmfIterationFunc on_iteration;
  void              *iteration_data;
} SmNmfParams;

/**
 * SmNmfReport:
 * @iterations: updates done
 * @divergence: D of the returned factors (NaN when cancelled by @run's progress at an
 *   iteration that did not measure it)
 * @converged: 1 when @tolerance stopped the fit before @max_iterations
 * @n_interpolated_frames: frames without a reliable bin whose activations were interpolated
 * @seconds: wall time of the fit
 * @gemm_seconds: the part of @seconds spent in sgemm (the rest is element-wise passes)
 */
typedef struct SmNmfReport
{
  int    iterations;
  double divergence;
  int    converged;
  size_t n_interpolated_frames;
  double seconds;
  double gemm_seconds;
} SmNmfReport;

/**
 * sm_nmf_params_init:
 * @params: (out): filled with defaults
 * @n_components: K
 * @beta: the divergence
 *
 * Defaults: 200 iterations, tolerance 1e-4, update both factors, none given, seed 1,
 * default floor, no callback.
 */
SM_API void     sm_nmf_params_init (SmNmfParams *params,
                                    int          n_components,
                                    double       beta);

/**
 * sm_nmf_fit:
 * @data: V and the optional mask
 * @params: what to fit and how
 * @w: (inout): K x F dictionary, [component][bin]: initial values when #SM_NMF_W is
 *   given, the result when it is updated
 * @h: (inout): T x K activations, [frame][component], likewise
 * @report: (out) (nullable): what happened; filled on success and on cancellation
 * @run: (nullable): threads and progress (fraction of @max_iterations done)
 * @error: (nullable): the reason for a failure
 *
 * Fits W and/or H by multiplicative updates. A frame with no reliable bin (every weight 0)
 * tells nothing about its activations: when H is updated, those frames get H interpolated
 * linearly between the nearest frames with a reliable bin (held constant past the ends),
 * which leaves D unchanged. Given factors must be finite and non-negative. Scratch memory:
 * two T x F float buffers plus O((T + F) K).
 *
 * Returns: SM_OK; SM_ERROR_BAD_ARG (a NULL pointer, a parameter out of range, V negative
 *   or not finite, a weight outside [0, 1], a given factor negative or not finite, every
 *   weight 0, or sizes beyond BLAS's int); SM_ERROR_NOMEM; SM_ERROR_CANCELLED (by @run's
 *   progress or @on_iteration: @w and @h then hold the factors of the last iteration).
 *   On other failures @w and @h are untouched.
 */
SM_API SmStatus sm_nmf_fit (const SmNmfData   *data,
                            const SmNmfParams *params,
                            float             *w,
                            float             *h,
                            SmNmfReport       *report,
                            const SmRun       *run,
                            SmError           *error);

/**
 * sm_nmf_divergence:
 * @data: V and the optional mask
 * @w: K x F dictionary
 * @h: T x K activations
 * @n_components: K
 * @beta: in [0, 2]
 * @rel_floor: as #SmNmfParams.rel_floor (0 for the default)
 * @run: (nullable): threads; no progress is reported
 * @divergence: (out): D
 *
 * The objective sm_nmf_fit() minimises, computed the same way (for reports and tests).
 * Needs a T x F float scratch buffer.
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG (as for sm_nmf_fit()), SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_nmf_divergence (const SmNmfData *data,
                                   const float     *w,
                                   const float     *h,
                                   int              n_components,
                                   double           beta,
                                   double           rel_floor,
                                   const SmRun     *run,
                                   double          *divergence);

#ifdef __cplusplus
}
#endif
