/* sm-cli-mask-source.c: the mask-source options of `mask` and `separate`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "sm-cli-private.h"
#include "sm-mask-png.h"

/* Neighbourhood of the relative threshold: about 0.3 s by 1 kHz at the default grid. */
#define RELATIVE_HALF_FRAMES 12
#define RELATIVE_HALF_BINS 24

void
_sm_cli_mask_options_init (SmCliMaskOptions *options)
{
  *options = (SmCliMaskOptions) {
    .lc_db = SM_IBM_DEFAULT_LC_DB,
    .floor_db = SM_IBM_DEFAULT_FLOOR_DB,
    .irm_exponent = SM_IRM_DEFAULT_EXPONENT,
    .threshold_db = NAN,
    .half_frames = RELATIVE_HALF_FRAMES,
    .half_bins = RELATIVE_HALF_BINS,
  };
}

void
_sm_cli_mask_options_clear (SmCliMaskOptions *options)
{
  g_clear_pointer (&options->mask_png, g_free);
  g_clear_pointer (&options->block, g_free);
}

GOptionGroup *
_sm_cli_mask_group (SmCliMaskOptions *options,
                    gboolean          allow_png)
{
  const GOptionEntry entries[] = {
    { "ibm", 0, 0, G_OPTION_ARG_NONE, &options->ibm,
      "Ideal binary mask from --target and --interferer (default interferer: mix - target)",
      NULL },
    { "lc-db", 0, 0, G_OPTION_ARG_DOUBLE, &options->lc_db,
      "IBM local criterion: keep bins where target exceeds interferer by L dB (default 0)",
      "L" },
    { "floor-db", 0, 0, G_OPTION_ARG_DOUBLE, &options->floor_db,
      "IBM floor: drop bins more than D dB below the target's loudest bin (default 60)",
      "D" },
    { "irm", 0, 0, G_OPTION_ARG_NONE, &options->irm,
      "Ideal ratio mask (soft) from --target and --interferer", NULL },
    { "irm-exponent", 0, 0, G_OPTION_ARG_DOUBLE, &options->irm_exponent,
      "IRM exponent (default 0.5)", "B" },
    { "threshold-db", 0, 0, G_OPTION_ARG_DOUBLE, &options->threshold_db,
      "Keep bins of the mix louder than X dBFS (or X dB above their neighbourhood with "
      "--relative)", "X" },
    { "relative", 0, 0, G_OPTION_ARG_NONE, &options->relative,
      "Threshold relative to the local average level", NULL },
    { "block", 0, 0, G_OPTION_ARG_STRING, &options->block,
      "Then replace each block of T frames x F bins by its majority (a rough, hand-painted "
      "stand-in)", "TxF" },
    { "all-pass", 0, 0, G_OPTION_ARG_NONE, &options->all_pass,
      "Keep every bin (the output is the mix)", NULL },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &options->mask_png,
      "Use this mask PNG (8-bit grey, one column per frame, lowest bin at the bottom)",
      "MASK.png" },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("mask", "Mask source (choose one):",
                                            "Show the mask-source options", NULL, NULL);
  GOptionEntry *copy = g_memdup2 (entries, sizeof entries);

  /* `mask` writes a PNG; only `separate` reads one. */
  if (!allow_png)
    copy[G_N_ELEMENTS (entries) - 2] = (GOptionEntry) G_OPTION_ENTRY_NULL;
  g_option_group_add_entries (group, copy);
  g_free (copy);
  return group;
}

gboolean
_sm_cli_mask_options_check (const SmCliMaskOptions *options,
                            gboolean                have_target,
                            GError                **error)
{
  int n_sources = !!options->ibm + !!options->irm + !!options->all_pass
                  + !isnan (options->threshold_db) + (options->mask_png != NULL);

  if (n_sources != 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   n_sources == 0 ? "choose a mask source: --ibm, --irm, --threshold-db X, "
                                    "--all-pass or --mask FILE"
                                  : "choose only one mask source");
      return FALSE;
    }
  if ((options->ibm || options->irm) && !have_target)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s needs --target (and optionally --interferer)",
                   options->ibm ? "ibm" : "irm");
      return FALSE;
    }
  if (!isfinite (options->lc_db) || !isfinite (options->floor_db)
      || !(options->irm_exponent > 0.0 && options->irm_exponent <= 10.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--lc-db and --floor-db must be finite and --irm-exponent in (0, 10]");
      return FALSE;
    }
  if (options->block != NULL)
    {
      int t = 0, f = 0;
      char extra;

      if (sscanf (options->block, "%dx%d%c", &t, &f, &extra) != 2 || t < 1 || f < 1
          || t > 100000 || f > 100000)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--block takes FRAMESxBINS, e.g. 8x8");
          return FALSE;
        }
    }
  if (!isnan (options->threshold_db) && !isfinite (options->threshold_db))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--threshold-db must be a finite number of dB");
      return FALSE;
    }
  return TRUE;
}

/* The ideal masks compare target and interferer; the interferer defaults to mix - target. */
static gboolean
reference_spectra (SmStft          *stft,
                   const SmAudio   *mix,
                   const SmAudio   *target,
                   const SmAudio   *interferer,
                   const SmRun     *run,
                   SmSpectrogram  **target_spec,
                   SmSpectrogram  **interferer_spec,
                   GError         **error)
{
  g_autoptr (SmAudio) derived = NULL;

  if (interferer == NULL)
    {
      SmStatus status = sm_audio_subtract (mix, target, &derived);

      if (status != SM_OK)
        return sm_set_core_status (error, status, "interferer = mix - target");
      interferer = derived;
    }
  *target_spec = sm_spectrogram_of_audio (stft, target, run, error);
  if (*target_spec == NULL)
    return FALSE;
  *interferer_spec = sm_spectrogram_of_audio (stft, interferer, run, error);
  return *interferer_spec != NULL;
}

static SmMask *
load_png_mask (const char *path,
               size_t      n_frames,
               int         n_bins,
               GError    **error)
{
  g_autoptr (SmMask) mask = sm_mask_png_load (path, error);

  if (mask == NULL)
    return NULL;
  if (mask->n_frames != n_frames || mask->n_bins != n_bins)
    {
      g_set_error (error, SM_CORE_ERROR, SM_ERROR_MISMATCH,
                   "%s: the mask is %zu frames x %d bins but the mix at these STFT settings "
                   "has %zu frames x %d bins (use the --fft and --hop the mask was made with)",
                   path, mask->n_frames, mask->n_bins, n_frames, n_bins);
      return NULL;
    }
  return g_steal_pointer (&mask);
}

SmMask *
_sm_cli_build_mask (const SmCliMaskOptions *options,
                    SmStft                 *stft,
                    const SmAudio          *mix,
                    const SmAudio          *target,
                    const SmAudio          *interferer,
                    const SmRun            *run,
                    JsonBuilder            *params_json,
                    GError                **error)
{
  const size_t n_frames = sm_stft_n_frames (stft, mix->frames);
  const int n_bins = sm_stft_n_bins (stft);
  g_autoptr (SmSpectrogram) target_spec = NULL;
  g_autoptr (SmSpectrogram) interferer_spec = NULL;
  g_autoptr (SmMask) mask = NULL;
  SmStatus status = SM_OK;

  json_builder_set_member_name (params_json, "mask_source");
  if (options->mask_png != NULL)
    {
      json_builder_add_string_value (params_json, "png");
      json_builder_set_member_name (params_json, "mask_png");
      json_builder_add_string_value (params_json, options->mask_png);
      return load_png_mask (options->mask_png, n_frames, n_bins, error);
    }

  mask = sm_mask_new (n_frames, n_bins, 0.0f, &status);
  if (mask == NULL)
    {
      sm_set_core_status (error, status, "mask");
      return NULL;
    }

  if (options->all_pass)
    {
      json_builder_add_string_value (params_json, "all-pass");
      sm_mask_all_pass (mask);
    }
  else if (options->ibm || options->irm)
    {
      json_builder_add_string_value (params_json, options->ibm ? "ibm" : "irm");
      if (!reference_spectra (stft, mix, target, interferer, run, &target_spec,
                              &interferer_spec, error))
        return NULL;
      if (options->ibm)
        {
          _sm_cli_json_double (params_json, "lc_db", options->lc_db);
          _sm_cli_json_double (params_json, "floor_db", options->floor_db);
          status = sm_mask_ibm (mask, target_spec, interferer_spec, options->lc_db,
                                options->floor_db);
        }
      else
        {
          _sm_cli_json_double (params_json, "irm_exponent", options->irm_exponent);
          status = sm_mask_irm (mask, target_spec, interferer_spec, options->irm_exponent);
        }
    }
  else
    {
      g_autoptr (SmSpectrogram) mix_spec = sm_spectrogram_of_audio (stft, mix, run, error);

      if (mix_spec == NULL)
        return NULL;
      json_builder_add_string_value (params_json, "threshold");
      _sm_cli_json_double (params_json, "threshold_db", options->threshold_db);
      json_builder_set_member_name (params_json, "relative");
      json_builder_add_boolean_value (params_json, options->relative);
      status = sm_mask_threshold (mask, mix_spec, sm_stft_full_scale (stft),
                                  options->threshold_db,
                                  options->relative ? SM_THRESHOLD_RELATIVE
                                                    : SM_THRESHOLD_ABSOLUTE,
                                  options->half_frames, options->half_bins);
    }

  if (status == SM_OK && options->block != NULL)
    {
      int t = 8, f = 8;

      sscanf (options->block, "%dx%d", &t, &f);
      json_builder_set_member_name (params_json, "block");
      json_builder_add_string_value (params_json, options->block);
      status = sm_mask_block_vote (mask, t, f, NULL);
    }
  if (status != SM_OK)
    {
      sm_set_core_status (error, status, "mask");
      return NULL;
    }
  return g_steal_pointer (&mask);
}
