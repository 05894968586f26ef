/* sm-separate.h: the separation pipeline: mask a recording in the STFT domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-audio.h"
#include "sm-mask.h"
#include "sm-run.h"
#include "sm-stft.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * sm_separate_apply_mask:
 * @stft: the plan the mask's grid was made with
 * @mix: the recording, any number of channels
 * @mask: sm_stft_n_frames (mix->frames) x sm_stft_n_bins (); applied to every channel
 * @out: (out) (transfer full): ISTFT (STFT (mix) x mask), same rate, channels and length
 * @run: (nullable): threads and progress
 *
 * The seed's answer, Y = X (.) M followed by the inverse STFT. An all-pass mask gives back
 * @mix to float precision. Returns: SM_OK, SM_ERROR_MISMATCH (mask shape), SM_ERROR_NOMEM,
 * SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_separate_apply_mask (SmStft         *stft,
                                        const SmAudio  *mix,
                                        const SmMask   *mask,
                                        SmAudio       **out,
                                        const SmRun    *run);

/**
 * sm_audio_subtract:
 * @a: minuend
 * @b: subtrahend, same shape as @a
 * @out: (out) (transfer full): @a - @b sample by sample
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH, SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_audio_subtract (const SmAudio  *a,
                                   const SmAudio  *b,
                                   SmAudio       **out);

#ifdef __cplusplus
}
#endif
