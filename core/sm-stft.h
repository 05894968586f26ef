/* sm-stft.h: short-time Fourier transform and its inverse, multi-threaded over frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conventions used throughout core:
 * - samples are float; a spectrogram is complex float, row-major [frame][bin];
 * - N = n_fft samples per frame, F = N/2 + 1 bins (0 Hz up to Nyquist), T frames;
 * - bin f is at f * rate / N Hz; frame t covers padded samples [t*hop, t*hop + N).
 */
#pragma once

#include <complex.h>
#include <stddef.h>

#include "sm-run.h"
#include "sm-status.h"
#include "sm-window.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Smallest and largest FFT sizes accepted; sizes must be even. */
#define SM_STFT_MIN_FFT 64
#define SM_STFT_MAX_FFT 32768

/**
 * SmPadMode:
 * @SM_PAD_NONE: frame 0 starts at sample 0; samples no window reaches with weight
 *   (for Hann, sample 0) cannot be reconstructed
 * @SM_PAD_ZERO: N/2 zeros before and after, so frame t is centred on sample t*hop
 * @SM_PAD_REFLECT: like ZERO, but mirrored signal instead of zeros (librosa's default)
 *
 * In every mode the end is zero-padded so that the last sample lies in a whole frame
 * (scipy's `padded=True`).
 */
typedef enum
{
  SM_PAD_NONE,
  SM_PAD_ZERO,
  SM_PAD_REFLECT,
  SM_N_PAD_MODES
} SmPadMode;

/**
 * SmScaling:
 * @SM_SCALE_NONE: X[f] = sum w[n] x[n] e^{-2 pi i f n / N}
 * @SM_SCALE_WINDOW_SUM: the same divided by sum(w) (scipy's `scaling='spectrum'`), so a
 *   sinusoid of amplitude A at a bin centre has magnitude A/2
 */
typedef enum
{
  SM_SCALE_NONE,
  SM_SCALE_WINDOW_SUM,
  SM_N_SCALINGS
} SmScaling;

typedef struct SmStftParams
{
  SmWindowType window;
  int          n_fft;    /* samples per frame; even, SM_STFT_MIN_FFT..SM_STFT_MAX_FFT */
  int          hop;      /* samples between frames; 1..n_fft, window must satisfy NOLA */
  SmPadMode    pad;
  SmScaling    scaling;
} SmStftParams;

/**
 * sm_stft_params_default:
 * @params: (out): filled in
 * @rate: sample rate in Hz
 *
 * Periodic Hann, the power of two whose duration is closest to 46 ms (1024 at 22.05 kHz,
 * 2048 at 44.1 and 48 kHz), hop N/4, zero padding, no scaling.
 */
SM_API void     sm_stft_params_default (SmStftParams *params,
                                        int           rate);

/**
 * sm_stft_params_scipy:
 * @params: (out): filled in
 * @nperseg: scipy's `nperseg`, even
 *
 * The preset that reproduces scipy.signal.stft/istft with window='hann', noverlap=nperseg/2,
 * boundary='zeros', padded=True and scaling='spectrum' (scipy's defaults).
 */
SM_API void     sm_stft_params_scipy (SmStftParams *params,
                                      int           nperseg);

/**
 * sm_stft_params_validate:
 * @params: parameters to check
 * @error: (nullable): which parameter is wrong and why
 *
 * Checks sizes, enums and the NOLA condition (the overlapped squared window is nonzero
 * everywhere, so the inverse exists). Returns: SM_OK or SM_ERROR_BAD_ARG. Thread-safe.
 */
SM_API SmStatus sm_stft_params_validate (const SmStftParams *params,
                                         SmError            *error);

/**
 * SmSpectrogram:
 * @n_frames: T
 * @n_bins: F = n_fft/2 + 1
 * @bins: T x F complex values, row-major [frame][bin]
 */
typedef struct SmSpectrogram
{
  size_t          n_frames;
  int             n_bins;
  float _Complex *bins;
} SmSpectrogram;

/** sm_spectrogram_new: Returns: (transfer full): zeroed T x F bins, or NULL (NOMEM, BAD_ARG). */
SM_API SmSpectrogram *sm_spectrogram_new (size_t    n_frames,
                                          int       n_bins,
                                          SmStatus *status);
/** sm_spectrogram_free: frees and NULLs; NULL-safe. */
SM_API void           sm_spectrogram_free (SmSpectrogram **spec);

/** SmStft: an opaque plan for one set of #SmStftParams. */
typedef struct SmStft SmStft;

/**
 * sm_stft_new:
 * @params: validated or not; invalid ones are reported through @error
 * @error: (nullable): the reason on failure
 *
 * Makes (or reuses) the FFTW plans, under the core-wide planner lock. Thread-safe.
 * Returns: (transfer full): the plan, or NULL.
 */
SM_API SmStft  *sm_stft_new (const SmStftParams *params,
                             SmError            *error);
/** sm_stft_free: frees and NULLs; NULL-safe. */
SM_API void     sm_stft_free (SmStft **stft);

/** sm_stft_get_params: Returns: (transfer none): the parameters the plan was made for. */
SM_API const SmStftParams *sm_stft_get_params (const SmStft *stft);

/** sm_stft_n_bins: Returns: F = n_fft/2 + 1. */
SM_API int      sm_stft_n_bins (const SmStft *stft);

/** sm_stft_n_frames: Returns: T for a signal of @n_samples samples (at least 1). */
SM_API size_t   sm_stft_n_frames (const SmStft *stft,
                                  size_t        n_samples);

/**
 * sm_stft_frame_center:
 * Returns: the sample index (in the unpadded signal, may be fractional or negative) at the
 * centre of frame @frame.
 */
SM_API double   sm_stft_frame_center (const SmStft *stft,
                                      size_t        frame);

/**
 * sm_stft_full_scale:
 * Returns: the magnitude a full-scale sinusoid (amplitude 1) has at a bin centre with this
 * plan's window and scaling: sum(w)/2 unscaled, 1/2 with SM_SCALE_WINDOW_SUM. Divide a
 * magnitude by it to get a level relative to full scale (dBFS).
 */
SM_API double   sm_stft_full_scale (const SmStft *stft);

/**
 * sm_stft_forward:
 * @stft: the plan
 * @signal: @n_samples samples
 * @n_samples: 1 or more
 * @out: a spectrogram of sm_stft_n_frames() x sm_stft_n_bins()
 * @run: (nullable): threads and progress
 *
 * Thread-safe: one plan may run several transforms at once.
 * Returns: SM_OK, SM_ERROR_BAD_ARG (shape), SM_ERROR_NOMEM, SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_stft_forward (SmStft              *stft,
                                 const float         *signal,
                                 size_t               n_samples,
                                 SmSpectrogram       *out,
                                 const SmRun         *run);

/**
 * sm_stft_inverse:
 * @stft: the plan
 * @spec: T x F bins; T may be any positive count
 * @signal: (out caller-allocates): @n_samples samples
 * @n_samples: how many samples to produce (usually the analysed signal's length);
 *   samples beyond what @spec covers are zero
 * @run: (nullable): threads and progress
 *
 * Weighted overlap-add with the analysis window, divided by the overlapped squared window,
 * so that sm_stft_inverse (sm_stft_forward (x)) == x at every hop satisfying NOLA (the
 * least-squares inverse of Griffin and Lim). Thread-safe like sm_stft_forward().
 * Returns: SM_OK, SM_ERROR_BAD_ARG (shape), SM_ERROR_NOMEM, SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_stft_inverse (SmStft              *stft,
                                 const SmSpectrogram *spec,
                                 float               *signal,
                                 size_t               n_samples,
                                 const SmRun         *run);

#ifdef __cplusplus
}
#endif
