/* sm-training.c: training speech: checking files and stacking their spectrograms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-training.h"

#include <string.h>

#include "sm-core-glib.h"

static gboolean
rate_matches (const char  *path,
              int          file_rate,
              int          rate,
              GError     **error)
{
  if (file_rate == rate)
    return TRUE;
  g_set_error (error, SM_CORE_ERROR, SM_ERROR_MISMATCH,
               "training file %s: sample rate %d Hz differs from the mix's %d Hz", path,
               file_rate, rate);
  return FALSE;
}

gboolean
sm_training_check (const char  *path,
                   int          rate,
                   GError     **error)
{
  SmAudioInfo info;
  SmError core_error = { 0 };

  if (sm_audio_probe (path, &info, &core_error) != SM_OK)
    return sm_propagate_core_error (error, &core_error);
  return rate <= 0 || rate_matches (path, info.rate, rate, error);
}

SmSpectrogram *
sm_training_spectrogram (SmStft             *stft,
                         const char *const  *paths,
                         int                 rate,
                         const SmRun        *run,
                         GError            **error)
{
  g_autoptr (GPtrArray) parts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sm_spectrogram_release);
  SmSpectrogram *all;
  size_t n_frames = 0;
  size_t at = 0;
  SmStatus status;

  if (paths == NULL || paths[0] == NULL)
    {
      g_set_error (error, SM_CORE_ERROR, SM_ERROR_BAD_ARG,
                   "no training files: add clean recordings of the target speaker");
      return NULL;
    }
  for (const char *const *path = paths; *path != NULL; path++)
    {
      g_autoptr (SmAudio) audio = NULL;
      SmError core_error = { 0 };
      SmSpectrogram *spec;

      if (sm_audio_read (*path, &audio, NULL, &core_error) != SM_OK)
        {
          sm_propagate_core_error (error, &core_error);
          return NULL;
        }
      if (!rate_matches (*path, audio->rate, rate, error))
        return NULL;
      spec = sm_spectrogram_of_audio (stft, audio, run, error);
      if (spec == NULL)
        return NULL;
      n_frames += spec->n_frames;
      g_ptr_array_add (parts, spec);
    }

  all = sm_spectrogram_new (n_frames, sm_stft_n_bins (stft), &status);
  if (all == NULL)
    {
      sm_set_core_status (error, status, "training spectrogram");
      return NULL;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      const SmSpectrogram *part = g_ptr_array_index (parts, i);
      size_t count = part->n_frames * (size_t) part->n_bins;

      memcpy (all->bins + at, part->bins, sizeof (float _Complex) * count);
      at += count;
    }
  return all;
}
