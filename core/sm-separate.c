/* sm-separate.c: masking in the STFT domain, channel by channel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-separate.h"

#include "sm-parallel-private.h"

/* Scales the progress of one channel's stage into the whole operation's range. */
typedef struct
{
  const SmRun *outer;
  double       from;
  double       span;
} SubProgress;

static int
sub_progress_cb (double fraction,
                 void  *data)
{
  SubProgress *sub = data;

  return _sm_run_report (sub->outer, sub->from + fraction * sub->span);
}

static SmRun
sub_run (const SmRun *outer,
         SubProgress *sub,
         double       from,
         double       span)
{
  SmRun run = { outer ? outer->n_threads : 0, sub_progress_cb, sub };

  sub->outer = outer;
  sub->from = from;
  sub->span = span;
  return run;
}

SmStatus
sm_separate_apply_mask (SmStft         *stft,
                        const SmAudio  *mix,
                        const SmMask   *mask,
                        SmAudio       **out,
                        const SmRun    *run)
{
  const size_t n_frames = sm_stft_n_frames (stft, mix->frames);
  const int n_bins = sm_stft_n_bins (stft);
  SmSpectrogram *spec = NULL;
  SmAudio *result = NULL;
  SmStatus status;

  *out = NULL;
  if (mask->n_frames != n_frames || mask->n_bins != n_bins)
    return SM_ERROR_MISMATCH;

  spec = sm_spectrogram_new (n_frames, n_bins, &status);
  if (spec != NULL)
    result = sm_audio_new (mix->channels, mix->frames, mix->rate, &status);

  for (int c = 0; status == SM_OK && c < mix->channels; c++)
    {
      double share = 1.0 / mix->channels;
      SubProgress sub;
      SmRun forward = sub_run (run, &sub, c * share, 0.5 * share);

      status = sm_stft_forward (stft, mix->data[c], mix->frames, spec, &forward);
      if (status != SM_OK)
        break;

      for (size_t i = 0; i < n_frames * (size_t) n_bins; i++)
        spec->bins[i] *= sm_mask_level_value (mask->levels[i]);

      SmRun inverse = sub_run (run, &sub, (c + 0.5) * share, 0.5 * share);
      status = sm_stft_inverse (stft, spec, result->data[c], mix->frames, &inverse);
    }

  sm_spectrogram_free (&spec);
  if (status != SM_OK)
    {
      sm_audio_free (&result);
      return status;
    }
  *out = result;
  return SM_OK;
}

SmStatus
sm_audio_subtract (const SmAudio  *a,
                   const SmAudio  *b,
                   SmAudio       **out)
{
  SmStatus status;
  SmAudio *result;

  *out = NULL;
  if (a->channels != b->channels || a->frames != b->frames || a->rate != b->rate)
    return SM_ERROR_MISMATCH;

  result = sm_audio_new (a->channels, a->frames, a->rate, &status);
  if (result == NULL)
    return status;
  for (int c = 0; c < a->channels; c++)
    for (size_t i = 0; i < a->frames; i++)
      result->data[c][i] = a->data[c][i] - b->data[c][i];
  *out = result;
  return SM_OK;
}
