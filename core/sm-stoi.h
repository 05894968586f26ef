/* sm-stoi.h: short-time objective intelligibility, STOI and extended STOI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * STOI: Taal, Hendriks, Heusdens and Jensen, "An algorithm for intelligibility prediction of
 * time-frequency weighted noisy speech", IEEE TASLP 19(7), 2011.
 * ESTOI: Jensen and Taal, "An algorithm for predicting the intelligibility of speech masked
 * by modulated noise maskers", IEEE/ACM TASLP 24(11), 2016.
 *
 * Both signals are resampled to 10 kHz (sm-resample.h), cut into 256-sample frames with a
 * Hann window and 50 % overlap; frames more than 40 dB below the clean signal's loudest one
 * are dropped from both signals, which are then overlap-added back together. A 512-point
 * FFT of each frame is grouped into 15 one-third-octave bands from 150 Hz (centres
 * 150 * 2^(k/3) Hz, up to 3.8 kHz), whose magnitudes form envelopes compared over
 * segments of 30 frames (384 ms), sliding by one frame.
 * - STOI scales the degraded envelope of each band and segment to the clean one's energy,
 *   clips it at (1 + 10^(15/20)) times the clean envelope (a signal-to-distortion floor of
 *   beta = -15 dB), and averages the correlation coefficients over bands and segments.
 * - ESTOI does not clip: it removes the mean of each band's envelope over the segment and
 *   scales it to unit norm, then does the same for each frame's spectral vector, and
 *   averages the inner products of the clean and degraded frame vectors.
 * A band or frame vector with no variation (digital silence) counts as uncorrelated.
 */
#pragma once

#include <stddef.h>

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The rate STOI works at, Hz, and the fewest non-silent frames it needs: one segment of
 * 30 frames of 25.6 ms, 12.8 ms apart, so 397 ms of audio that is not silence. */
#define SM_STOI_RATE       10000
#define SM_STOI_MIN_FRAMES 30

/**
 * sm_stoi:
 * @clean: the clean reference speech, @n samples
 * @degraded: the processed or noisy speech, @n samples, time-aligned with @clean
 * @n: samples in each
 * @rate: their sample rate, Hz (SM_RESAMPLE_MIN_RATE..SM_RESAMPLE_MAX_RATE)
 * @extended: 0 for STOI, nonzero for ESTOI
 * @status: (out) (nullable): SM_OK; SM_ERROR_BAD_ARG (NULL signal, bad rate, or fewer than
 *   SM_STOI_MIN_FRAMES non-silent frames: under about 0.4 s of speech); SM_ERROR_NONFINITE;
 *   SM_ERROR_UNSUPPORTED (a rate the resampler cannot convert to 10 kHz); SM_ERROR_NOMEM
 *
 * Takes about 0.1 s per 10 s of 22.05 kHz audio, most of it resampling. Thread-safe.
 *
 * Returns: the mean correlation, at most 1 (identical signals); typically 0.4 to 1 for
 * speech in noise, and it can dip below 0. NaN on failure.
 */
SM_API double sm_stoi (const float *clean,
                       const float *degraded,
                       size_t       n,
                       int          rate,
                       int          extended,
                       SmStatus    *status);

#ifdef __cplusplus
}
#endif
