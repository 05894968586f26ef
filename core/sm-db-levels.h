/* sm-db-levels.h: spectrogram levels in dB, 16 bits a bin, computed without keeping the
 * complex spectrogram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an editor needs to draw, read out and threshold a long recording is the level of
 * each bin, not its phase. A complex spectrogram costs 8 bytes a bin (2.5 GB for an hour at
 * 44.1 kHz, N 2048, hop 512) and float levels 4; these codes cost 2 and keep 1/256 dB:
 *
 *   level = 20 log10 (|X| / full_scale)               (dBFS, see sm_stft_full_scale())
 *   code  = round ((level - SM_DB_FLOOR) * SM_DB_STEPS) clamped to 0 ... 65535
 *
 * so codes run from SM_DB_FLOOR (-160 dB; code 0 also holds every quieter bin, silence
 * included) to +96 dB in steps of 1/256 dB, and the level read back is within 1/512 dB of
 * the true one. Layout is row-major [frame][bin] like #SmSpectrogram.
 */
#pragma once

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#include "sm-run.h"
#include "sm-status.h"
#include "sm-stft.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The level of code 0, in dB; quieter bins (and silent ones) get code 0 too. */
#define SM_DB_FLOOR (-160.0)
/** Codes per dB. */
#define SM_DB_STEPS 256.0

/**
 * SmDbLevels:
 * @n_frames: T
 * @n_bins: F
 * @codes: T x F codes, [frame][bin]
 */
typedef struct SmDbLevels
{
  size_t    n_frames;
  int       n_bins;
  uint16_t *codes;
} SmDbLevels;

/** sm_db_levels_new: Returns: (transfer full): T x F codes, all 0, or NULL (NOMEM, BAD_ARG). */
SM_API SmDbLevels *sm_db_levels_new (size_t    n_frames,
                                     int       n_bins,
                                     SmStatus *status);
/** sm_db_levels_free: frees and NULLs; NULL-safe. */
SM_API void        sm_db_levels_free (SmDbLevels **levels);

/** sm_db_from_code: Returns: the level @code stands for, in dB. */
static inline double
sm_db_from_code (uint16_t code)
{
  return SM_DB_FLOOR + code / SM_DB_STEPS;
}

/** sm_db_to_code: Returns: the code of @level_db (NaN gives 0). */
SM_API uint16_t    sm_db_to_code (double level_db);

/**
 * sm_db_codes_from_bins:
 * @bins: @n complex bins
 * @full_scale: the magnitude of 0 dBFS, > 0
 * @codes: (out caller-allocates): @n codes
 *
 * Returns: the largest code written (0 when @n is 0). Thread-safe.
 */
SM_API uint16_t    sm_db_codes_from_bins (const float _Complex *bins,
                                          size_t                n,
                                          double                full_scale,
                                          uint16_t             *codes);

/**
 * sm_stft_db_levels:
 * @stft: the plan
 * @channels: @n_channels arrays of @n_samples samples; analysed as their mean, like
 *   sm_audio_mixdown()
 * @out: T x F levels for sm_stft_n_frames (@n_samples) frames
 * @peak: (out) (optional): the largest code
 * @run: (nullable): threads and progress
 *
 * The STFT of the mixdown, straight to level codes. Works through blocks of frames, each
 * worker with a few megabytes of scratch, so neither the complex spectrogram nor a
 * mixed-down copy of the signal ever exists; the codes are those sm_db_codes_from_bins()
 * gives for sm_stft_forward() of the mixdown. Thread-safe like sm_stft_forward().
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG (shape), SM_ERROR_NOMEM, SM_ERROR_CANCELLED.
 */
SM_API SmStatus    sm_stft_db_levels (SmStft             *stft,
                                      const float *const *channels,
                                      int                 n_channels,
                                      size_t              n_samples,
                                      SmDbLevels         *out,
                                      uint16_t           *peak,
                                      const SmRun        *run);

#ifdef __cplusplus
}
#endif
