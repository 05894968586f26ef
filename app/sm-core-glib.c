/* sm-core-glib.c: core status codes as GErrors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-core-glib.h"

G_DEFINE_QUARK (sm-core-error-quark, sm_core_error)

gboolean
sm_propagate_core_error (GError       **error,
                         const SmError *core_error)
{
  const char *message = core_error->message[0] != '\0' ? core_error->message
                                                       : sm_strerror (core_error->status);

  g_set_error_literal (error, SM_CORE_ERROR, (int) core_error->status, message);
  return FALSE;
}

gboolean
sm_set_core_status (GError     **error,
                    SmStatus     status,
                    const char  *what)
{
  g_set_error (error, SM_CORE_ERROR, (int) status, "%s: %s", what, sm_strerror (status));
  return FALSE;
}

SmSpectrogram *
sm_spectrogram_of_audio (SmStft         *stft,
                         const SmAudio  *audio,
                         const SmRun    *run,
                         GError        **error)
{
  g_autofree float *mono = sm_audio_mixdown (audio);
  SmSpectrogram *spec = NULL;
  SmStatus status = SM_ERROR_NOMEM;

  if (mono != NULL)
    spec = sm_spectrogram_new (sm_stft_n_frames (stft, audio->frames), sm_stft_n_bins (stft),
                               &status);
  if (spec != NULL)
    status = sm_stft_forward (stft, mono, audio->frames, spec, run);
  if (status != SM_OK)
    {
      sm_spectrogram_free (&spec);
      sm_set_core_status (error, status, "STFT");
    }
  return spec;
}
