/* sm-mask-sources.h: masks computed from spectrograms: ideal binary and ratio masks from
 * references, magnitude thresholds, all-pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-mask.h"
#include "sm-stft.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default local criterion of the ideal binary mask, in dB. */
#define SM_IBM_DEFAULT_LC_DB 0.0
/** Default floor of the ideal binary mask, in dB below the target's loudest bin. */
#define SM_IBM_DEFAULT_FLOOR_DB 60.0
/** Default exponent of the ideal ratio mask. */
#define SM_IRM_DEFAULT_EXPONENT 0.5

/**
 * sm_mask_ibm:
 * @out: (inout): a mask of the spectrograms' shape; overwritten
 * @target: STFT of the wanted sound
 * @interferer: STFT of everything else, same shape
 * @lc_db: local criterion: keep a bin when 20 log10 |T| - 20 log10 |I| > @lc_db
 * @floor_db: and when |T| is above the target's loudest bin minus @floor_db dB
 *   (the seed's `|T| > |I| & |T| > floor`); a negative value or +inf disables the floor
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH (shapes), SM_ERROR_BAD_ARG (NaN parameter).
 */
SM_API SmStatus sm_mask_ibm (SmMask              *out,
                             const SmSpectrogram *target,
                             const SmSpectrogram *interferer,
                             double               lc_db,
                             double               floor_db);

/**
 * sm_mask_irm:
 * @exponent: beta in M = (|T|^2 / (|T|^2 + |I|^2))^beta, > 0 (0.5 gives the amplitude
 *   Wiener-like mask); bins where both are zero get 0
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH, SM_ERROR_BAD_ARG.
 */
SM_API SmStatus sm_mask_irm (SmMask              *out,
                             const SmSpectrogram *target,
                             const SmSpectrogram *interferer,
                             double               exponent);

/**
 * SmThresholdMode:
 * @SM_THRESHOLD_ABSOLUTE: keep bins whose level 20 log10(|X| / full_scale) is above the
 *   threshold (dBFS)
 * @SM_THRESHOLD_RELATIVE: keep bins whose power is above the mean power of their
 *   neighbourhood (a box of (2 half_frames + 1) x (2 half_bins + 1) bins, clipped at the
 *   edges) by more than the threshold, in dB
 */
typedef enum
{
  SM_THRESHOLD_ABSOLUTE,
  SM_THRESHOLD_RELATIVE,
} SmThresholdMode;

/**
 * sm_mask_threshold:
 * @out: (inout): overwritten with a binary mask
 * @mix: STFT of the recording
 * @full_scale: magnitude of 0 dBFS, from sm_stft_full_scale()
 * @threshold_db: the threshold in dB
 * @mode: absolute or relative
 * @half_frames: neighbourhood half-width in frames (relative mode), 0 or more
 * @half_bins: neighbourhood half-height in bins (relative mode), 0 or more
 *
 * A bin with no energy is never kept. The relative mode sums the neighbourhoods without
 * subtracting (so quiet passages next to loud ones keep their precision) and needs
 * O(T F) doubles of scratch; @full_scale is only used by the absolute mode.
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM (relative mode).
 */
SM_API SmStatus sm_mask_threshold (SmMask              *out,
                                   const SmSpectrogram *mix,
                                   double               full_scale,
                                   double               threshold_db,
                                   SmThresholdMode      mode,
                                   int                  half_frames,
                                   int                  half_bins);

/** sm_mask_all_pass: sets every bin to 1. */
SM_API void     sm_mask_all_pass (SmMask *out);

#ifdef __cplusplus
}
#endif
