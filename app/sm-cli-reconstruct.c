/* sm-cli-reconstruct.c: `specmask-cli reconstruct IN -o OUT.wav`: phase retrieval from
 * the STFT magnitudes of IN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <complex.h>

#include "sm-cli-private.h"
#include "sm-mask-png.h"

typedef struct
{
  char            *output;
  char            *phase;
  char            *known;
  int              iterations;
  int              plateau;
  SmCliStftOptions stft;
} ReconstructOptions;

static void
reconstruct_options_clear (ReconstructOptions *options)
{
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->phase, g_free);
  g_clear_pointer (&options->known, g_free);
  _sm_cli_stft_options_clear (&options->stft);
}

/* One channel: |STFT (x)| (and, with @known, x's own coefficients on the mask's bins) to a
 * new signal in @out. */
static gboolean
reconstruct_channel (SmStft              *stft,
                     const SmPhaseParams *params,
                     const float         *x,
                     size_t               n_samples,
                     const SmMask        *known,
                     float               *out,
                     SmPhaseReport       *report,
                     const SmRun         *run,
                     GError             **error)
{
  size_t n_frames = sm_stft_n_frames (stft, n_samples);
  int n_bins = sm_stft_n_bins (stft);
  g_autoptr (SmSpectrogram) spec = NULL;
  g_autoptr (SmSpectrogram) result = NULL;
  g_autofree float *magnitude = NULL;
  SmError core_error = { 0 };
  SmPhaseData data = { 0 };
  SmStatus status = SM_OK;

  spec = sm_spectrogram_new (n_frames, n_bins, &status);
  if (spec != NULL)
    result = sm_spectrogram_new (n_frames, n_bins, &status);
  magnitude = g_try_new (float, n_frames * (size_t) n_bins);
  if (status == SM_OK && magnitude == NULL)
    status = SM_ERROR_NOMEM;
  if (status == SM_OK)
    status = sm_stft_forward (stft, x, n_samples, spec, run);
  if (status != SM_OK)
    return sm_set_core_status (error, status, "STFT");
  for (size_t i = 0; i < n_frames * (size_t) n_bins; i++)
    magnitude[i] = cabsf (spec->bins[i]);

  data.magnitude = magnitude;
  data.known = known != NULL ? spec : NULL;
  data.reliable = known;
  data.n_samples = n_samples;
  data.spec = result;
  data.signal = out;
  if (sm_phase_reconstruct (stft, params, &data, NULL, report, run, &core_error) != SM_OK)
    return sm_propagate_core_error (error, &core_error);
  return TRUE;
}

static int
run_reconstruct (ReconstructOptions  *options,
                 const char          *input,
                 const SmPhaseParams *params)
{
  g_autoptr (JsonBuilder) report = json_builder_new ();
  g_autoptr (SmAudio) audio = NULL;
  g_autoptr (SmAudio) output = NULL;
  g_autoptr (SmStft) stft = NULL;
  g_autoptr (SmMask) known = NULL;
  SmStftParams stft_params;
  SmRun run = _sm_cli_run (&options->stft);
  SmError core_error = { 0 };
  GError *error = NULL;
  SmStatus status = SM_OK;
  double worst = -G_MAXDOUBLE;
  int iterations = 0;
  gint64 start = g_get_monotonic_time ();

  audio = _sm_cli_load_audio (input, NULL, &error);
  if (audio == NULL
      || !_sm_cli_stft_params (&options->stft, audio->rate, &stft_params, &error)
      || (stft = _sm_cli_stft_new (&stft_params, &error)) == NULL)
    return _sm_cli_fail (error);
  if (options->known != NULL)
    {
      known = sm_mask_png_load (options->known, &error);
      if (known == NULL)
        return _sm_cli_fail (error);
      if (known->n_frames != sm_stft_n_frames (stft, audio->frames)
          || known->n_bins != sm_stft_n_bins (stft))
        {
          g_set_error (&error, SM_CORE_ERROR, SM_ERROR_MISMATCH,
                       "%s: the mask is %zu frames x %d bins but the input's grid is "
                       "%zu x %d", options->known, known->n_frames, known->n_bins,
                       sm_stft_n_frames (stft, audio->frames), sm_stft_n_bins (stft));
          return _sm_cli_fail (error);
        }
    }
  output = sm_audio_new (audio->channels, audio->frames, audio->rate, &status);
  if (output == NULL)
    {
      sm_set_core_status (&error, status, "output");
      return _sm_cli_fail (error);
    }

  json_builder_begin_object (report);
  json_builder_set_member_name (report, "input");
  json_builder_add_string_value (report, input);
  json_builder_set_member_name (report, "output");
  json_builder_add_string_value (report, options->output);
  json_builder_set_member_name (report, "stft");
  _sm_cli_json_stft (report, &stft_params);
  json_builder_set_member_name (report, "phase");
  json_builder_add_string_value (report, options->phase ? options->phase : "pghi-fgla");
  json_builder_set_member_name (report, "known_mask");
  json_builder_add_string_value (report, options->known);
  json_builder_set_member_name (report, "max_iterations");
  json_builder_add_int_value (report, params->max_iterations);
  json_builder_set_member_name (report, "plateau_iterations");
  json_builder_add_int_value (report, params->plateau_iterations);
  json_builder_set_member_name (report, "channels");
  json_builder_begin_array (report);
  for (int c = 0; c < audio->channels; c++)
    {
      SmPhaseReport phase = { 0 };

      if (!reconstruct_channel (stft, params, audio->data[c], audio->frames, known,
                                output->data[c], &phase, &run, &error))
        return _sm_cli_fail (error);
      json_builder_begin_object (report);
      json_builder_set_member_name (report, "iterations");
      json_builder_add_int_value (report, phase.iterations);
      _sm_cli_json_double (report, "spectral_convergence_db", phase.spectral_convergence_db);
      json_builder_end_object (report);
      worst = MAX (worst, phase.spectral_convergence_db);
      iterations = MAX (iterations, phase.iterations);
    }
  json_builder_end_array (report);
  /* The worst channel's figure: one number to compare runs by. */
  _sm_cli_json_double (report, "spectral_convergence_db", worst);
  json_builder_set_member_name (report, "iterations");
  json_builder_add_int_value (report, iterations);

  if (sm_audio_write (options->output, output, SM_AUDIO_WAV_FLOAT, &core_error) != SM_OK)
    {
      sm_propagate_core_error (&error, &core_error);
      return _sm_cli_fail (error);
    }
  _sm_cli_save_wisdom ();
  _sm_cli_json_double (report, "seconds", _sm_cli_seconds_since (start));
  json_builder_end_object (report);
  _sm_cli_print_json (json_builder_get_root (report));
  return 0;
}

int
_sm_cli_reconstruct (int    argc,
                     char **argv)
{
  ReconstructOptions options = { .plateau = -1 };
  g_autoptr (GOptionContext) context = g_option_context_new ("IN");
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      "The reconstructed signal, 32-bit float WAV (required)", "OUT.wav" },
    { "phase", 0, 0, G_OPTION_ARG_STRING, &options.phase,
      "gla, fgla (both from zero phase) or pghi-fgla (default)", "METHOD" },
    { "phase-iter", 0, 0, G_OPTION_ARG_INT, &options.iterations,
      "Iterations at most (default 100)",
      "N" },
    { "plateau-iter", 0, 0, G_OPTION_ARG_INT, &options.plateau,
      "Stop when 0.01 dB was gained over this many iterations (default 10; 0 never stops "
      "early)", "N" },
    { "known-mask", 0, 0, G_OPTION_ARG_FILENAME, &options.known,
      "Keep IN's own coefficients on this mask's bins and rebuild only the others (default: "
      "no bin known)", "MASK.png" },
    G_OPTION_ENTRY_NULL
  };
  SmOutputPhase phase = SM_OUTPUT_PHASE_PGHI_FGLA;
  SmPhaseParams params;
  int status = SM_CLI_EXIT_USAGE;

  g_option_context_set_summary (context,
                                "Rebuild a signal from the magnitudes of IN's STFT alone "
                                "(phase retrieval) and write it to OUT.wav with IN's length, "
                                "rate and channels. Prints JSON with the final spectral "
                                "convergence, 20 log10 (|| |STFT (out)| - |STFT (IN)| || / "
                                "|| |STFT (IN)| ||) in dB, and the iterations run.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, _sm_cli_stft_group (&options.stft));

  if (!_sm_cli_parse (context, &argc, &argv))
    goto out;
  if (argc != 2 || options.output == NULL)
    {
      g_printerr ("specmask-cli: reconstruct takes one IN and -o OUT.wav (see --help)\n");
      goto out;
    }
  if (options.phase != NULL
      && (sm_output_phase_from_name (options.phase, &phase) != SM_OK
          || phase == SM_OUTPUT_PHASE_MIX))
    {
      g_printerr ("specmask-cli: --phase: choose gla, fgla or pghi-fgla (see --help)\n");
      goto out;
    }
  if (options.iterations < 0 || options.iterations > 100000)
    {
      g_printerr ("specmask-cli: --phase-iter must be between 1 and 100000 (see --help)\n");
      goto out;
    }
  if (options.plateau < -1 || options.plateau > 100000)
    {
      g_printerr ("specmask-cli: --plateau-iter must be between 0 and 100000 (see --help)\n");
      goto out;
    }

  sm_phase_params_default (&params);
  params.method = phase == SM_OUTPUT_PHASE_GLA ? SM_PHASE_GLA : SM_PHASE_FGLA;
  params.init = phase == SM_OUTPUT_PHASE_PGHI_FGLA ? SM_PHASE_INIT_PGHI : SM_PHASE_INIT_ZERO;
  if (options.iterations > 0)
    params.max_iterations = options.iterations;
  if (options.plateau >= 0)
    params.plateau_iterations = options.plateau;
  status = run_reconstruct (&options, argv[1], &params);

out:
  reconstruct_options_clear (&options);
  return status;
}
