/* sm-stft-private.h: the plan's internals and the fused consistency projection, for core
 * modules only (sm-stft.c, sm-stft-project.c and their users in core).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <complex.h>
#include <fftw3.h>
#include <stddef.h>

#include "sm-run.h"
#include "sm-status.h"
#include "sm-stft.h"

/* GCC's -O2 vectorises only loops with no remainder (its "very cheap" cost model), which
 * leaves the per-sample and per-bin passes scalar: ask for -O3's model on those loops, as
 * SM_NMF_HOT does. Clang vectorises them at -O2 already. */
#if defined(__GNUC__) && !defined(__clang__)
# define SM_STFT_HOT __attribute__ ((optimize ("tree-vectorize", "vect-cost-model=dynamic")))
#else
# define SM_STFT_HOT
#endif

struct SmStft
{
  SmStftParams params;
  int          n_bins;
  int          pad_left;       /* samples of padding before the signal */
  float       *window;         /* n_fft samples */
  double       window_sum;
  fftwf_plan   r2c;            /* borrowed from the plan cache */
  fftwf_plan   c2r;
};

/* Sum of the squared windows over the frames (of @n_frames) that cover padded sample @j. */
double _sm_stft_window_energy (const SmStft *stft,
                               size_t        j,
                               size_t        n_frames);

/* The same away from both ends, where it repeats with period hop: for @j % hop == @r. */
double _sm_stft_periodic_energy (const SmStft *stft,
                                 int           r);

/* Receives frame @frame's spectrum: n_bins values, scaled as sm_stft_forward() scales them,
 * in a per-worker buffer that the function may overwrite. @worker is in [0, n_workers) and
 * indexes per-worker scratch; n_workers is at most _sm_parallel_workers (run, n_frames, 1).
 * Runs on worker threads, several frames at once, in no fixed order across blocks. */
typedef void (*SmStftFrameFunc) (size_t          frame,
                                 float _Complex *spectrum,
                                 int             worker,
                                 void           *data);

/* sm_stft_forward(), but each frame's spectrum goes to @func instead of a spectrogram.
 * Returns SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM or SM_ERROR_CANCELLED (from @run). */
SmStatus _sm_stft_forward_each (SmStft         *stft,
                                const float    *signal,
                                size_t          n_samples,
                                SmStftFrameFunc func,
                                void           *data,
                                const SmRun    *run);

/* The consistency projection STFT (ISTFT (c)) of spectrograms of one shape, fused: each
 * block of frames goes through the inverse FFTs, the overlap-add, the normalisation and the
 * forward FFTs while it is in cache, without a whole-signal pass in between. Holds the
 * normalisation gains and all scratch, so a call allocates nothing. Zero or no padding
 * only: reflection would make a block depend on samples far away. */
typedef struct SmStftProjector SmStftProjector;

/* For @n_samples samples and up to _sm_parallel_workers (@run, n_frames, 1) threads.
 * Returns NULL with SM_ERROR_UNSUPPORTED (SM_PAD_REFLECT) or SM_ERROR_NOMEM in @status. */
SmStftProjector *_sm_stft_projector_new  (SmStft          *stft,
                                          size_t           n_samples,
                                          const SmRun     *run,
                                          SmStatus        *status);
void             _sm_stft_projector_free (SmStftProjector **projector);

/* Calls @func once for every frame t of @spec with STFT (ISTFT (@spec))_t, the inverse
 * being sm_stft_inverse() at the projector's n_samples. @func may overwrite row t of @spec
 * (and no other row): every row is read before any is written. Equal to sm_stft_inverse()
 * then sm_stft_forward() up to float rounding, and bit for bit the same for every thread
 * count. No progress and no cancellation: once started, every frame is delivered.
 * Returns SM_OK, SM_ERROR_BAD_ARG (@spec's shape) or SM_ERROR_NOMEM (threads). */
SmStatus         _sm_stft_project        (SmStftProjector *projector,
                                          SmSpectrogram   *spec,
                                          SmStftFrameFunc  func,
                                          void            *data,
                                          int              n_threads);
