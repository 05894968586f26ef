/* sm-cli-info.c: `specmask-cli info FILE`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-cli-private.h"

int
_sm_cli_info (int    argc,
              char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  SmError core_error = { 0 };
  SmAudioInfo info;

  g_option_context_set_summary (context,
                                "Print an audio file's format, rate, channels, frames and "
                                "duration as JSON.");
  if (!_sm_cli_parse (context, &argc, &argv))
    return SM_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("specmask-cli: info takes one FILE (see --help)\n");
      return SM_CLI_EXIT_USAGE;
    }

  if (sm_audio_probe (argv[1], &info, &core_error) != SM_OK)
    {
      g_printerr ("specmask-cli: %s\n", core_error.message);
      return SM_CLI_EXIT_FAILURE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, argv[1]);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, info.format);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, info.encoding);
  json_builder_set_member_name (builder, "rate");
  json_builder_add_int_value (builder, info.rate);
  json_builder_set_member_name (builder, "channels");
  json_builder_add_int_value (builder, info.channels);
  json_builder_set_member_name (builder, "frames");
  json_builder_add_int_value (builder, (gint64) info.frames);
  _sm_cli_json_double (builder, "duration_s", (double) info.frames / info.rate);
  json_builder_end_object (builder);

  _sm_cli_print_json (json_builder_get_root (builder));
  return 0;
}
