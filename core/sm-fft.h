/* sm-fft.h: FFTW planning policy and the wisdom cache shared by every transform in core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmFftPlanning:
 * @SM_FFT_NO_STALL: use wisdom when it has a plan for the size, else FFTW_ESTIMATE at once;
 *   for interactive callers that must not wait
 * @SM_FFT_MEASURE: FFTW_MEASURE, bounded by the time limit (the default)
 */
typedef enum
{
  SM_FFT_NO_STALL,
  SM_FFT_MEASURE,
} SmFftPlanning;

/**
 * sm_fft_set_planning:
 * @planning: the policy for plans made from now on
 * @time_limit_s: for SM_FFT_MEASURE, the most seconds FFTW may spend on one plan
 *   (FFTW then keeps the best plan found so far); <= 0 means 2 s
 *
 * Thread-safe; plans already made are kept.
 */
SM_API void     sm_fft_set_planning (SmFftPlanning planning,
                                     double        time_limit_s);

/**
 * sm_fft_load_wisdom:
 * @path: a wisdom file written by sm_fft_save_wisdom(); a missing file is not an error
 *
 * Returns: SM_OK, or SM_ERROR_FORMAT when the file exists but FFTW rejects it.
 */
SM_API SmStatus sm_fft_load_wisdom (const char *path);

/**
 * sm_fft_save_wisdom:
 * @path: where to store what the planner learned; written atomically
 *
 * Returns: SM_OK or SM_ERROR_IO.
 */
SM_API SmStatus sm_fft_save_wisdom (const char *path);

#ifdef __cplusplus
}
#endif
