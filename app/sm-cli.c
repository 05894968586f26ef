/* sm-cli.c: specmask-cli, the engine from a terminal: dispatch to subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sm-cli-private.h"

static const struct
{
  const char  *name;
  SmCliCommand run;
  const char  *summary;
} commands[] = {
  { "info", _sm_cli_info, "Describe an audio file as JSON" },
  { "mask", _sm_cli_mask, "Compute a mask and save it as PNG" },
  { "separate", _sm_cli_separate, "Apply a mask and write masked, estimate and residual audio" },
  { "evaluate", _sm_cli_evaluate, "Compare an estimate with a reference (SNR, SI-SDR)" },
  { "reconstruct", _sm_cli_reconstruct, "Rebuild a signal from its STFT magnitudes alone" },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: specmask-cli COMMAND [OPTION...]\n\n"
           "Separate and repair sound in the time-frequency plane.\n\nCommands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream, "\nRun 'specmask-cli COMMAND --help' for a command's options.\n");
}

int
main (int    argc,
      char **argv)
{
  /* Numbers in JSON and messages must not depend on the user's locale. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  g_set_prgname ("specmask-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return SM_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("specmask-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  g_printerr ("specmask-cli: unknown command '%s' (see --help)\n", argv[1]);
  return SM_CLI_EXIT_USAGE;
}
