/* sm-separate-span.c: planning, cutting and splicing the span of a recording that holds an
 * edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-separate-span.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static int
frame_removes (const SmMask *mask,
               size_t        frame)
{
  const SmMaskLevel *row = mask->levels + frame * (size_t) mask->n_bins;

  for (int f = 0; f < mask->n_bins; f++)
    if (row[f] < SM_MASK_LEVEL_MAX)
      return 1;
  return 0;
}

SmStatus
sm_separate_span_plan (const SmStft   *stft,
                       const SmMask   *mask,
                       size_t          n_samples,
                       int             rate,
                       double          context_seconds,
                       size_t          limit_first,
                       size_t          limit_last,
                       SmSeparateSpan *span)
{
  const SmStftParams *params;
  size_t first = SIZE_MAX, last = 0, context, hop, n_fft;
  double a, b;

  if (stft == NULL || mask == NULL || span == NULL || n_samples == 0 || rate <= 0
      || !(context_seconds >= 0.0) || !isfinite (context_seconds))
    return SM_ERROR_BAD_ARG;
  if (mask->n_frames != sm_stft_n_frames (stft, n_samples) || mask->n_bins != sm_stft_n_bins (stft))
    return SM_ERROR_MISMATCH;
  params = sm_stft_get_params (stft);
  hop = (size_t) params->hop;
  n_fft = (size_t) params->n_fft;

  if (limit_last >= mask->n_frames)
    limit_last = mask->n_frames - 1;
  for (size_t t = limit_first; t <= limit_last; t++)
    if (frame_removes (mask, t))
      {
        if (first == SIZE_MAX)
          first = t;
        last = t;
      }
  if (first == SIZE_MAX)
    return SM_ERROR_EMPTY;

  /* The samples the edited frames reach: each frame's window, N samples about its centre. */
  a = fmax (0.0, floor (sm_stft_frame_center (stft, first) - n_fft / 2.0));
  b = fmin ((double) n_samples, ceil (sm_stft_frame_center (stft, last) + n_fft / 2.0));

  /* Half the context fades, the other half (at least N) absorbs the part's edge effects. */
  context = (size_t) fmax (ceil (context_seconds * rate), 2.0 * n_fft);
  memset (span, 0, sizeof *span);
  span->edit_first = first;
  span->edit_last = last;
  span->keep_start = (size_t) a;
  span->keep_end = (size_t) b;
  span->fade = context / 2;
  /* Cut at a frame boundary, so that the part's frame k is the file's frame first + k. */
  span->first_frame = span->keep_start > context ? (span->keep_start - context) / hop : 0;
  span->start = span->first_frame * hop;
  span->end = span->keep_end + context < n_samples ? span->keep_end + context : n_samples;
  return SM_OK;
}

SmStatus
sm_separate_span_cut_audio (const SmAudio        *audio,
                            const SmSeparateSpan *span,
                            SmAudio             **part)
{
  SmStatus status;

  *part = NULL;
  if (audio == NULL || span == NULL || span->end > audio->frames || span->start >= span->end)
    return SM_ERROR_BAD_ARG;
  *part = sm_audio_new (audio->channels, span->end - span->start, audio->rate, &status);
  if (*part == NULL)
    return status;
  for (int c = 0; c < audio->channels; c++)
    memcpy ((*part)->data[c], audio->data[c] + span->start,
            sizeof (float) * (span->end - span->start));
  return SM_OK;
}

SmStatus
sm_separate_span_cut_mask (const SmMask          *mask,
                           const SmSeparateSpan  *span,
                           size_t                 n_frames,
                           SmMask               **part)
{
  size_t available;
  SmStatus status;

  *part = NULL;
  if (mask == NULL || span == NULL || n_frames == 0 || span->first_frame >= mask->n_frames)
    return SM_ERROR_BAD_ARG;
  *part = sm_mask_new (n_frames, mask->n_bins, 1.0f, &status);
  if (*part == NULL)
    return status;
  available = mask->n_frames - span->first_frame;
  if (available > n_frames)
    available = n_frames;
  memcpy ((*part)->levels, mask->levels + span->first_frame * (size_t) mask->n_bins,
          available * (size_t) mask->n_bins);
  return SM_OK;
}

/* Raised cosine from 0 (at @i = 0) to 1 (at @i = @n - 1), symmetric about the middle. */
static float
rise (size_t i,
      size_t n)
{
  return (float) (0.5 - 0.5 * cos (M_PI * ((double) i + 0.5) / (double) n));
}

SmStatus
sm_separate_span_splice (SmAudio              *whole,
                         const SmAudio        *part,
                         const SmSeparateSpan *span)
{
  size_t from, to;

  if (whole == NULL || part == NULL || span == NULL || part->channels != whole->channels
      || part->rate != whole->rate || span->end > whole->frames
      || part->frames != span->end - span->start)
    return SM_ERROR_MISMATCH;

  from = span->keep_start > span->start + span->fade ? span->keep_start - span->fade
                                                      : span->start;
  to = span->keep_end + span->fade < span->end ? span->keep_end + span->fade : span->end;
  for (int c = 0; c < whole->channels; c++)
    {
      float *out = whole->data[c];
      const float *in = part->data[c] - span->start;   /* indexed by whole-file sample */

      for (size_t n = from; n < to; n++)
        {
          float w = 1.0f;

          if (n < span->keep_start)
            w = rise (n + span->fade - span->keep_start, span->fade);
          else if (n >= span->keep_end)
            w = rise (span->keep_end + span->fade - 1 - n, span->fade);
          out[n] += w * (in[n] - out[n]);
        }
    }
  return SM_OK;
}
