/* sm-cli-evaluate.c: `specmask-cli evaluate --reference T --estimate E [--mix M]`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-cli-private.h"

typedef struct
{
  char    *reference;
  char    *estimate;
  char    *mix;
  char    *interferer;
  gboolean pad_trim;
} EvaluateOptions;

static int
run_evaluate (const EvaluateOptions *options)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (SmAudio) reference = NULL;
  g_autoptr (SmAudio) estimate = NULL;
  g_autoptr (SmAudio) mix = NULL;
  g_autoptr (SmAudio) interferer = NULL;
  GError *error = NULL;

  reference = _sm_cli_load_audio (options->reference, NULL, &error);
  if (reference == NULL)
    return _sm_cli_fail (error);
  /* The reference fixes rate, length and channels; the others must agree with it. */
  estimate = _sm_cli_load_reference (options->estimate, "estimate", reference,
                                     options->pad_trim, &error);
  if (estimate == NULL)
    return _sm_cli_fail (error);
  if (options->mix != NULL
      && (mix = _sm_cli_load_reference (options->mix, "mix", reference, options->pad_trim,
                                        &error)) == NULL)
    return _sm_cli_fail (error);
  if (options->interferer != NULL
      && (interferer = _sm_cli_load_reference (options->interferer, "interferer", reference,
                                               options->pad_trim, &error)) == NULL)
    return _sm_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, options->reference);
  json_builder_set_member_name (builder, "estimate_path");
  json_builder_add_string_value (builder, options->estimate);
  _sm_cli_json_metrics (builder, "estimate", reference, interferer, estimate);
  if (mix != NULL)
    {
      json_builder_set_member_name (builder, "mix_path");
      json_builder_add_string_value (builder, options->mix);
      _sm_cli_json_metrics (builder, "mix", reference, interferer, mix);
    }
  json_builder_end_object (builder);

  _sm_cli_print_json (json_builder_get_root (builder));
  return 0;
}

int
_sm_cli_evaluate (int    argc,
                  char **argv)
{
  EvaluateOptions options = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "reference", 0, 0, G_OPTION_ARG_FILENAME, &options.reference,
      "The clean target (required)", "T" },
    { "estimate", 0, 0, G_OPTION_ARG_FILENAME, &options.estimate,
      "The separated signal to judge (required)", "E" },
    { "mix", 0, 0, G_OPTION_ARG_FILENAME, &options.mix,
      "The unprocessed mix, to report its figures as a baseline", "M" },
    { "interferer", 0, 0, G_OPTION_ARG_FILENAME, &options.interferer,
      "The interferer, so that SIR counts what leaked from it", "I" },
    { "pad-trim", 0, 0, G_OPTION_ARG_NONE, &options.pad_trim,
      "Zero-pad or trim the estimate and mix to the reference's length", NULL },
    G_OPTION_ENTRY_NULL
  };
  int status = SM_CLI_EXIT_USAGE;

  g_option_context_set_summary (context,
                                "Compare an estimate with the clean reference. Prints JSON "
                                "with SNR, SI-SDR, BSS Eval SDR/SIR/SAR (dB), STOI and ESTOI; "
                                "null where undefined (e.g. identical signals, or SIR "
                                "without --interferer).");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!_sm_cli_parse (context, &argc, &argv))
    goto out;
  if (argc != 1 || options.reference == NULL || options.estimate == NULL)
    {
      g_printerr ("specmask-cli: evaluate takes --reference T and --estimate E "
                  "(see --help)\n");
      goto out;
    }
  status = run_evaluate (&options);

out:
  g_free (options.reference);
  g_free (options.estimate);
  g_free (options.mix);
  g_free (options.interferer);
  return status;
}
