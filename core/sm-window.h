/* sm-window.h: analysis windows for the STFT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmWindowType:
 *
 * All windows are periodic (DFT-even, as scipy.signal.get_window builds them by default),
 * which is what an STFT wants: w[n] for n = 0..N-1 is the symmetric window of length N+1
 * without its last sample.
 */
typedef enum
{
  SM_WINDOW_HANN,
  SM_WINDOW_HAMMING,
  SM_WINDOW_BLACKMAN,
  SM_WINDOW_BLACKMAN_HARRIS,
  SM_WINDOW_SQRT_HANN,
  SM_WINDOW_RECTANGULAR,
  SM_N_WINDOWS
} SmWindowType;

/**
 * sm_window_fill:
 * @type: the window
 * @n: length, 1 or more
 * @out: (out caller-allocates) (array length=n): the samples
 *
 * Computed in double precision, stored as float. Thread-safe.
 */
SM_API void        sm_window_fill (SmWindowType type,
                                   int          n,
                                   float       *out);

/** sm_window_name: Returns: "hann", "hamming", "blackman", "blackmanharris", "sqrt-hann"
 * or "rect"; NULL for an invalid @type. */
SM_API const char *sm_window_name (SmWindowType type);

/**
 * sm_window_from_name:
 * @name: a name sm_window_name() returns; "hanning", "boxcar", "rectangular" and
 *   "blackman-harris" are accepted too
 * @type: (out): the window
 *
 * Returns: SM_OK or SM_ERROR_BAD_ARG.
 */
SM_API SmStatus    sm_window_from_name (const char   *name,
                                        SmWindowType *type);

#ifdef __cplusplus
}
#endif
