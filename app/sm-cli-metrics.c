/* sm-cli-metrics.c: quality figures of a separation as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sm-cli-private.h"

/* Channels one after another, so one SNR weighs every channel's error. */
static float *
concatenate (const SmAudio *audio)
{
  float *all = g_new (float, audio->frames * (size_t) audio->channels + 1);

  for (int c = 0; c < audio->channels; c++)
    memcpy (all + (size_t) c * audio->frames, audio->data[c], sizeof (float) * audio->frames);
  return all;
}

void
_sm_cli_json_metrics (JsonBuilder   *builder,
                      const char    *name,
                      const SmAudio *reference,
                      const SmAudio *interferer,
                      const SmAudio *estimate)
{
  g_autofree float *ref = NULL;
  g_autofree float *est = NULL;
  g_autofree float *ref_mono = NULL;
  g_autofree float *est_mono = NULL;
  g_autofree float *int_mono = NULL;
  size_t n = reference->frames * (size_t) reference->channels;
  SmBssScores bss = { NAN, NAN, NAN };
  SmStatus status;

  /* Callers conform references to the mix first (sm_audio_conform). */
  g_return_if_fail (reference->frames == estimate->frames);
  g_return_if_fail (reference->channels == estimate->channels);

  ref = concatenate (reference);
  est = concatenate (estimate);
  /* BSS Eval and STOI judge one signal: the mono mixdown, as a listener would hear it. */
  ref_mono = sm_audio_mixdown (reference);
  est_mono = sm_audio_mixdown (estimate);
  if (interferer != NULL)
    int_mono = sm_audio_mixdown (interferer);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  _sm_cli_json_double (builder, "snr", sm_metric_snr (ref, est, n));
  _sm_cli_json_double (builder, "si_sdr", sm_metric_si_sdr (ref, est, n));
  status = sm_bss_eval (ref_mono, int_mono, est_mono, reference->frames, 512, NULL, &bss);
  _sm_cli_json_double (builder, "sdr", status == SM_OK ? bss.sdr : NAN);
  _sm_cli_json_double (builder, "sir", status == SM_OK ? bss.sir : NAN);
  _sm_cli_json_double (builder, "sar", status == SM_OK ? bss.sar : NAN);
  _sm_cli_json_double (builder, "stoi", sm_stoi (ref_mono, est_mono, reference->frames,
                                                 reference->rate, 0, NULL));
  _sm_cli_json_double (builder, "estoi", sm_stoi (ref_mono, est_mono, reference->frames,
                                                  reference->rate, 1, NULL));
  json_builder_end_object (builder);
}
