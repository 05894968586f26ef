/* sm-fft-private.h: shared FFTW plans for core modules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <complex.h>
#include <fftw3.h>

#include "sm-fft.h"

/* Real-to-complex and complex-to-real plans of size @n, made once under the planner lock
 * and kept for the life of the process (plans are small; re-planning is not). They were
 * made on fftwf_malloc()ed buffers, so execute them only with the new-array functions
 * (fftwf_execute_dft_r2c/c2r) on fftwf_malloc()ed buffers. Thread-safe. NULL when FFTW
 * cannot plan (out of memory). */
fftwf_plan _sm_fft_plan_r2c (int n);
fftwf_plan _sm_fft_plan_c2r (int n);

/* Double-precision plans, for metrics that need more than float's 24 bits (BSS Eval's
 * Gram matrices). Same lock, same cache lifetime, same new-array rule (fftw_execute_dft_r2c/
 * c2r on fftw_malloc()ed buffers), but always FFTW_ESTIMATE: they serve one-off transforms of
 * whole signals (2^18 points and up), where MEASURE would plan for seconds to save
 * milliseconds. Thread-safe. NULL when FFTW cannot plan. */
fftw_plan  _sm_fft_plan_r2c_f64 (int n);
fftw_plan  _sm_fft_plan_c2r_f64 (int n);
