/* sm-separate-span.h: processing only the time span of a recording that holds an edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A costly stage (NMF inpainting, phase reconstruction) need not run over a whole file when
 * the mask removes bins in a few seconds of it. The span is planned from the mask, the
 * stage runs on a part of the recording cut at a frame boundary with context on both sides,
 * and the part's result is spliced into the plain masked signal of the whole file:
 *
 *   start      keep_start - fade   keep_start           keep_end   keep_end + fade      end
 *     |  context   |    cross-fade     |  the edit (whole)  |   cross-fade   | context  |
 *
 * Outside [keep_start - fade, keep_end + fade) the spliced signal is the masked one, sample
 * for sample; inside [keep_start, keep_end) it is the part's result; in between a raised
 * cosine joins them. The context left between the part's ends and the fades is at least one
 * FFT length, so the part's own edge effects (padding, truncated frames) never reach the
 * output.
 */
#pragma once

#include "sm-audio.h"
#include "sm-mask.h"
#include "sm-stft.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmSeparateSpan:
 * @first_frame: the part's frame 0 is frame @first_frame of the whole file's grid
 * @start: the part's first sample in the whole file (@first_frame x hop)
 * @end: one past its last sample
 * @keep_start: first sample taken whole from the part's result
 * @keep_end: one past the last sample taken whole
 * @fade: length in samples of each cross-fade (outside [@keep_start, @keep_end))
 * @edit_first: first frame of the edit (a frame with a removed bin)
 * @edit_last: last frame of the edit
 *
 * All sample positions are per channel, in the whole file, and satisfy
 * start <= keep_start <= keep_end <= end.
 */
typedef struct SmSeparateSpan
{
  size_t first_frame;
  size_t start;
  size_t end;
  size_t keep_start;
  size_t keep_end;
  size_t fade;
  size_t edit_first;
  size_t edit_last;
} SmSeparateSpan;

/**
 * sm_separate_span_plan:
 * @stft: the plan the mask's grid was made with
 * @mask: the mask of the whole file (frames x bins of @stft for @n_samples)
 * @n_samples: samples per channel of the whole file
 * @rate: its sample rate in Hz
 * @context_seconds: audio kept on each side of the edit, 0 or more; at least two FFT
 *   lengths are kept whatever is asked, half of it for the cross-fade
 * @limit_first: first frame the edit may start at (0 for no limit)
 * @limit_last: last frame it may end at (SIZE_MAX for no limit)
 * @span: (out): the plan
 *
 * The edit is every frame in [@limit_first, @limit_last] holding a bin whose mask value is
 * below 1 (removed, wholly or in part). Thread-safe.
 * Returns: SM_OK; SM_ERROR_EMPTY when no frame there removes anything (the masked signal is
 * then already the answer); SM_ERROR_MISMATCH (mask shape); SM_ERROR_BAD_ARG.
 */
SM_API SmStatus sm_separate_span_plan (const SmStft   *stft,
                                       const SmMask   *mask,
                                       size_t          n_samples,
                                       int             rate,
                                       double          context_seconds,
                                       size_t          limit_first,
                                       size_t          limit_last,
                                       SmSeparateSpan *span);

/**
 * sm_separate_span_cut_audio:
 * @audio: the whole file (or any signal of its length)
 * @span: a plan for it
 * @part: (out) (transfer full): samples [start, end) of every channel
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG (span beyond @audio), SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_separate_span_cut_audio (const SmAudio        *audio,
                                            const SmSeparateSpan *span,
                                            SmAudio             **part);

/**
 * sm_separate_span_cut_mask:
 * @mask: the whole file's mask
 * @span: a plan for it
 * @n_frames: frames of the part's grid (sm_stft_n_frames (stft, end - start))
 * @part: (out) (transfer full): frames [first_frame, first_frame + @n_frames) of @mask;
 *   frames past its end (the part's zero-padded tail) are kept (1)
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_separate_span_cut_mask (const SmMask          *mask,
                                           const SmSeparateSpan  *span,
                                           size_t                 n_frames,
                                           SmMask               **part);

/**
 * sm_separate_span_splice:
 * @whole: (inout): the whole file's masked signal; receives the part inside the span
 * @part: the result computed on the part, same channels and rate, end - start samples
 * @span: the plan both were made with
 *
 * Returns: SM_OK, or SM_ERROR_MISMATCH (shapes).
 */
SM_API SmStatus sm_separate_span_splice (SmAudio              *whole,
                                         const SmAudio        *part,
                                         const SmSeparateSpan *span);

#ifdef __cplusplus
}
#endif
