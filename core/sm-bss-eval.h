/* sm-bss-eval.h: BSS Eval v3 source-to-distortion, -interference and -artefact ratios.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decomposition of Vincent, Gribonval and Fevotte, "Performance measurement in blind
 * audio source separation" (IEEE TASLP 14(4), 2006), with the time-invariant distortion
 * filter of BSS Eval v3, as mir_eval.separation.bss_eval_sources computes it for one
 * estimate with compute_permutation=False. With P_t the least-squares projection of the
 * estimate e onto the target delayed by 0..filter_len-1 samples, and P_a its projection onto
 * the delayed target and interferer together (signals zero-extended to n + filter_len - 1):
 *
 *   SDR = 10 log10 (|P_t|^2 / |e - P_t|^2)
 *   SIR = 10 log10 (|P_t|^2 / |P_a - P_t|^2)
 *   SAR = 10 log10 (|P_a|^2 / |e - P_a|^2)
 *
 * Without an interferer P_a = P_t, so SIR is +inf and SAR equals SDR, as in mir_eval with a
 * single source. A zero denominator gives +inf. Everything is computed in double precision;
 * the test suite holds the figures within 0.05 dB of mir_eval 0.7.
 */
#pragma once

#include <stddef.h>

#include "sm-run.h"
#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The distortion filter length of BSS Eval v3 and mir_eval, in samples. */
#define SM_BSS_FILTER_LEN     512
/** The longest filter accepted: the Gram matrix has (2 filter_len)^2 doubles. */
#define SM_BSS_MAX_FILTER_LEN 2048

/**
 * SmBssScores:
 * @sdr: source-to-distortion ratio, dB
 * @sir: source-to-interference ratio, dB (+inf without an interferer)
 * @sar: sources-to-artefacts ratio, dB
 */
typedef struct SmBssScores
{
  double sdr;
  double sir;
  double sar;
} SmBssScores;

/**
 * sm_bss_eval:
 * @target: the true target source, @n samples
 * @interferer: (nullable): the true interfering source (everything else in the mix), @n
 *   samples; NULL to measure against the target alone
 * @estimate: the separated target, @n samples
 * @n: samples in each signal, one channel, same rate
 * @filter_len: distortion filter taps; SM_BSS_FILTER_LEN (512) is BSS Eval v3's value.
 *   1..SM_BSS_MAX_FILTER_LEN
 * @run: (nullable): progress and cancellation; the work is single-threaded
 * @out: (out): the scores; untouched on failure
 *
 * Costs a handful of double-precision FFTs of the next power of two above n + filter_len
 * (memory: about 48 bytes per point of that size) and one Cholesky factorisation of a
 * (2 filter_len)^2 matrix: about 0.1 s for 10 s at 22.05 kHz. Thread-safe.
 *
 * Returns: SM_OK; SM_ERROR_BAD_ARG for NULL signals or @out, @n of 0, @filter_len out of
 * range, or a silent (all-zero) target, interferer or estimate, which mir_eval refuses too
 * because the decomposition is then undefined; SM_ERROR_NONFINITE for NaN or infinite
 * samples; SM_ERROR_NOMEM; SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_bss_eval (const float *target,
                             const float *interferer,
                             const float *estimate,
                             size_t       n,
                             int          filter_len,
                             const SmRun *run,
                             SmBssScores *out);

#ifdef __cplusplus
}
#endif
