/* sm-cli-mask.c: `specmask-cli mask MIX -o MASK.png`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-cli-private.h"
#include "sm-mask-png.h"

typedef struct
{
  char            *output;
  char            *target;
  char            *interferer;
  SmCliStftOptions stft;
  SmCliMaskOptions mask;
} MaskOptions;

static void
mask_options_clear (MaskOptions *options)
{
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->target, g_free);
  g_clear_pointer (&options->interferer, g_free);
  _sm_cli_stft_options_clear (&options->stft);
  _sm_cli_mask_options_clear (&options->mask);
}

static int
run_mask (MaskOptions *options,
          const char  *mix_path)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (SmAudio) mix = NULL;
  g_autoptr (SmAudio) target = NULL;
  g_autoptr (SmAudio) interferer = NULL;
  g_autoptr (SmStft) stft = NULL;
  g_autoptr (SmMask) mask = NULL;
  GError *error = NULL;
  SmStftParams params;
  SmRun run = _sm_cli_run (&options->stft);

  mix = _sm_cli_load_audio (mix_path, NULL, &error);
  if (mix == NULL)
    return _sm_cli_fail (error);
  if (options->target != NULL
      && (target = _sm_cli_load_reference (options->target, "target", mix,
                                           options->stft.pad_trim, &error)) == NULL)
    return _sm_cli_fail (error);
  if (options->interferer != NULL
      && (interferer = _sm_cli_load_reference (options->interferer, "interferer", mix,
                                               options->stft.pad_trim, &error)) == NULL)
    return _sm_cli_fail (error);

  if (!_sm_cli_stft_params (&options->stft, mix->rate, &params, &error)
      || (stft = _sm_cli_stft_new (&params, &error)) == NULL)
    return _sm_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mix");
  json_builder_add_string_value (builder, mix_path);
  json_builder_set_member_name (builder, "stft");
  _sm_cli_json_stft (builder, &params);
  mask = _sm_cli_build_mask (&options->mask, stft, mix, target, interferer, &run, builder,
                             &error);
  if (mask == NULL)
    return _sm_cli_fail (error);
  json_builder_end_object (builder);

  if (!sm_mask_png_save (mask, options->output, &error))
    return _sm_cli_fail (error);
  _sm_cli_save_wisdom ();

  json_builder_set_member_name (builder, "mask");
  json_builder_add_string_value (builder, options->output);
  json_builder_set_member_name (builder, "frames");
  json_builder_add_int_value (builder, (gint64) mask->n_frames);
  json_builder_set_member_name (builder, "bins");
  json_builder_add_int_value (builder, mask->n_bins);
  _sm_cli_json_double (builder, "kept_fraction", sm_mask_kept_fraction (mask));
  json_builder_end_object (builder);
  _sm_cli_print_json (json_builder_get_root (builder));
  return 0;
}

int
_sm_cli_mask (int    argc,
              char **argv)
{
  MaskOptions options = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new ("MIX");
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      "Where to write the mask PNG (required)", "MASK.png" },
    { "target", 0, 0, G_OPTION_ARG_FILENAME, &options.target,
      "Clean recording of the wanted sound", "T" },
    { "interferer", 0, 0, G_OPTION_ARG_FILENAME, &options.interferer,
      "Recording of everything else (default: mix - target)", "I" },
    G_OPTION_ENTRY_NULL
  };
  int status;

  _sm_cli_mask_options_init (&options.mask);
  g_option_context_set_summary (context,
                                "Compute a time-frequency mask of MIX and save it as an 8-bit "
                                "grey PNG (one column per frame, lowest frequency at the "
                                "bottom). Prints JSON with the kept fraction.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, _sm_cli_mask_group (&options.mask, FALSE));
  g_option_context_add_group (context, _sm_cli_stft_group (&options.stft));

  if (!_sm_cli_parse (context, &argc, &argv))
    status = SM_CLI_EXIT_USAGE;
  else if (argc != 2 || options.output == NULL)
    {
      g_printerr ("specmask-cli: mask takes one MIX and -o MASK.png (see --help)\n");
      status = SM_CLI_EXIT_USAGE;
    }
  else
    {
      GError *error = NULL;

      if (!_sm_cli_mask_options_check (&options.mask, options.target != NULL, &error))
        {
          g_printerr ("specmask-cli: %s (see --help)\n", error->message);
          g_error_free (error);
          status = SM_CLI_EXIT_USAGE;
        }
      else
        status = run_mask (&options, argv[1]);
    }

  mask_options_clear (&options);
  return status;
}
