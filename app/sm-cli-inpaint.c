/* sm-cli-inpaint.c: the inpainting options of `separate`, and their report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sm-cli-private.h"
#include "sm-training.h"

void
_sm_cli_inpaint_options_init (SmCliInpaintOptions *options)
{
  *options = (SmCliInpaintOptions) {
    .beta = NAN,
    .components = 0,
    .iterations = 0,
    .phase_iterations = 0,
    .seed = 1,
  };
}

void
_sm_cli_inpaint_options_clear (SmCliInpaintOptions *options)
{
  g_clear_pointer (&options->mode, g_free);
  g_clear_pointer (&options->confidence, g_free);
  g_clear_pointer (&options->dictionary, g_free);
  g_clear_pointer (&options->phase, g_free);
  g_clear_pointer (&options->train, g_strfreev);
}

GOptionGroup *
_sm_cli_inpaint_group (SmCliInpaintOptions *options)
{
  const GOptionEntry entries[] = {
    { "inpaint", 0, 0, G_OPTION_ARG_STRING, &options->mode,
      "refine (default: a two-source NMF model corrects a rough mask), fill (rebuild the "
      "bins a precise mask drops) or none (plain masking)", "MODE" },
    { "confidence", 0, 0, G_OPTION_ARG_STRING, &options->confidence,
      "How far the model may overrule the mask, 0 (plain masking) to 1 (the model alone; "
      "fill: 1 rebuilds holes of unknown content, as in a repair), or auto (default: "
      "estimated from how often the model contradicts the mask)", "E" },
    { "nmf-components", 0, 0, G_OPTION_ARG_INT, &options->components,
      "NMF components per source (default 32)", "K" },
    { "nmf-iter", 0, 0, G_OPTION_ARG_INT, &options->iterations,
      "NMF iterations per fit (default 100)", "N" },
    { "beta", 0, 0, G_OPTION_ARG_DOUBLE, &options->beta,
      "Beta-divergence: 0 Itakura-Saito, 1 Kullback-Leibler (default), 2 Euclidean", "B" },
    { "dictionary", 0, 0, G_OPTION_ARG_STRING, &options->dictionary,
      "Target dictionary from: self (the mix's reliable bins, default), train (--train "
      "files) or target (the clean target: an oracle upper bound)", "SOURCE" },
    { "train", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->train,
      "Clean training speech of the target speaker (repeatable)", "FILE" },
    { "phase", 0, 0, G_OPTION_ARG_STRING, &options->phase,
      "Phase of rebuilt bins: mix, gla, fgla or pghi-fgla (default: pghi-fgla for fill, "
      "mix for refine)", "METHOD" },
    { "phase-iter", 0, 0, G_OPTION_ARG_INT, &options->phase_iterations,
      "Phase reconstruction iterations (default 100)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &options->seed,
      "Seed of the random initialisations (default 1)", "S" },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("inpaint", "Inpainting options:",
                                            "Show the inpainting options", NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

static gboolean
bad (GError    **error,
     const char *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

gboolean
_sm_cli_inpaint_params (const SmCliInpaintOptions *options,
                        SmInpaintParams           *params,
                        GError                   **error)
{
  SmInpaintMode mode = SM_INPAINT_REFINE;

  if (options->mode != NULL && sm_inpaint_mode_from_name (options->mode, &mode) != SM_OK)
    return bad (error, "--inpaint: choose none, fill or refine");
  sm_inpaint_params_default (params, mode);

  if (options->confidence != NULL && strcmp (options->confidence, "auto") != 0)
    {
      char *end = NULL;
      double e = g_ascii_strtod (options->confidence, &end);

      if (end == options->confidence || *end != '\0' || !(e >= 0.0 && e <= 1.0))
        return bad (error, "--confidence must be auto or between 0 and 1");
      params->confidence_e = e;
    }
  if (!isnan (options->beta))
    {
      if (!(options->beta >= 0.0 && options->beta <= 2.0))
        return bad (error, "--beta must be between 0 and 2");
      params->beta = options->beta;
    }
  if (options->components != 0)
    {
      if (options->components < 1 || options->components > 1024)
        return bad (error, "--nmf-components must be between 1 and 1024");
      params->n_components = options->components;
    }
  if (options->iterations != 0)
    {
      if (options->iterations < 1 || options->iterations > 100000)
        return bad (error, "--nmf-iter must be between 1 and 100000");
      params->nmf_iterations = options->iterations;
    }
  if (options->phase_iterations != 0)
    {
      if (options->phase_iterations < 1 || options->phase_iterations > 100000)
        return bad (error, "--phase-iter must be between 1 and 100000");
      params->phase_iterations = options->phase_iterations;
    }
  if (options->dictionary != NULL
      && sm_dictionary_from_name (options->dictionary, &params->dictionary) != SM_OK)
    return bad (error, "--dictionary: choose self, train or target");
  if (options->phase != NULL && sm_output_phase_from_name (options->phase, &params->phase) != SM_OK)
    return bad (error, "--phase: choose mix, gla, fgla or pghi-fgla");
  if (params->dictionary == SM_DICTIONARY_TRAIN && (options->train == NULL || !options->train[0]))
    return bad (error, "--dictionary train needs at least one --train FILE");
  if (options->seed < 0)
    return bad (error, "--seed must not be negative");
  params->seed = (uint64_t) options->seed;
  return TRUE;
}

SmSpectrogram *
_sm_cli_training_spectrogram (SmStft         *stft,
                              char          **paths,
                              const SmAudio  *mix,
                              const SmRun    *run,
                              GError        **error)
{
  return sm_training_spectrogram (stft, (const char *const *) paths, mix->rate, run, error);
}

void
_sm_cli_json_inpaint_params (JsonBuilder           *builder,
                             const SmInpaintParams *params)
{
  json_builder_set_member_name (builder, "inpaint");
  json_builder_add_string_value (builder, sm_inpaint_mode_name (params->mode));
  if (params->mode == SM_INPAINT_NONE)
    return;
  if (params->confidence_e < 0.0)
    {
      json_builder_set_member_name (builder, "confidence");
      json_builder_add_string_value (builder, "auto");
    }
  else
    _sm_cli_json_double (builder, "confidence", params->confidence_e);
  json_builder_set_member_name (builder, "nmf_components");
  json_builder_add_int_value (builder, params->n_components);
  json_builder_set_member_name (builder, "nmf_iter");
  json_builder_add_int_value (builder, params->nmf_iterations);
  _sm_cli_json_double (builder, "beta", params->beta);
  json_builder_set_member_name (builder, "dictionary");
  json_builder_add_string_value (builder, sm_dictionary_name (params->dictionary));
  json_builder_set_member_name (builder, "phase");
  json_builder_add_string_value (builder, sm_output_phase_name (params->phase));
  json_builder_set_member_name (builder, "phase_iter");
  json_builder_add_int_value (builder, params->phase_iterations);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, (gint64) params->seed);
}

static void
json_nmf_fit (JsonBuilder       *builder,
              const char        *name,
              const SmNmfReport *report)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, report->iterations);
  _sm_cli_json_double (builder, "divergence", report->divergence);
  json_builder_set_member_name (builder, "converged");
  json_builder_add_boolean_value (builder, report->converged);
  json_builder_end_object (builder);
}

void
_sm_cli_json_inpaint_report (JsonBuilder           *builder,
                             const SmInpaintParams *params,
                             const SmInpaintReport *report)
{
  json_builder_set_member_name (builder, "nmf");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, report->activations.iterations);
  _sm_cli_json_double (builder, "divergence", report->activations.divergence);
  json_nmf_fit (builder, "target_dictionary", &report->target_dictionary);
  json_nmf_fit (builder, "interferer_dictionary", &report->interferer_dictionary);
  json_nmf_fit (builder, "activations", &report->activations);
  /* The confidence the run used, and what the automatic one was estimated from. */
  _sm_cli_json_double (builder, "confidence", report->confidence_e);
  _sm_cli_json_double (builder, "mask_error_estimate", report->mask_error);
  _sm_cli_json_double (builder, "hole_interferer_share", report->hole_share);
  _sm_cli_json_double (builder, "hole_frame_coverage", report->hole_coverage);
  _sm_cli_json_double (builder, "mask_detail", report->mask_detail);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "phase");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, sm_output_phase_name (params->phase));
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, report->phase_iterations);
  _sm_cli_json_double (builder, "spectral_convergence_db", report->phase_convergence_final_db);
  json_builder_set_member_name (builder, "spectral_convergence_per_iteration_db");
  json_builder_begin_array (builder);
  for (int i = 0; i < report->n_phase_convergence; i++)
    json_builder_add_double_value (builder, report->phase_convergence_db[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
