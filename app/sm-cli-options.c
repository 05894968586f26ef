/* sm-cli-options.c: STFT options, loading, JSON and error helpers for specmask-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli-private.h"

static const char *const pad_names[SM_N_PAD_MODES] = {
  [SM_PAD_NONE] = "none",
  [SM_PAD_ZERO] = "zero",
  [SM_PAD_REFLECT] = "reflect",
};

GOptionGroup *
_sm_cli_stft_group (SmCliStftOptions *options)
{
  const GOptionEntry entries[] = {
    { "fft", 0, 0, G_OPTION_ARG_INT, &options->fft,
      "FFT size in samples (even, 64-32768; default: about 46 ms at the file's rate)", "N" },
    { "hop", 0, 0, G_OPTION_ARG_INT, &options->hop,
      "Hop between frames in samples (default: N/4)", "H" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &options->window,
      "hann (default), hamming, blackman, blackmanharris, sqrt-hann or rect", "NAME" },
    { "pad", 0, 0, G_OPTION_ARG_STRING, &options->pad,
      "Padding at the ends: zero (default), reflect or none", "MODE" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &options->threads,
      "Worker threads (default: one per core)", "N" },
    { "pad-trim", 0, 0, G_OPTION_ARG_NONE, &options->pad_trim,
      "Zero-pad or trim references whose length differs from the mix", NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("stft", "STFT options:",
                                            "Show the STFT options", NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

void
_sm_cli_stft_options_clear (SmCliStftOptions *options)
{
  g_clear_pointer (&options->window, g_free);
  g_clear_pointer (&options->pad, g_free);
}

gboolean
_sm_cli_stft_params (const SmCliStftOptions *options,
                     int                     rate,
                     SmStftParams           *params,
                     GError                **error)
{
  SmError core_error = { 0 };

  sm_stft_params_default (params, rate);
  if (options->fft != 0)
    {
      params->n_fft = options->fft;
      params->hop = options->fft / 4;
    }
  if (options->hop != 0)
    params->hop = options->hop;

  if (options->window != NULL && sm_window_from_name (options->window, &params->window) != SM_OK)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--window: unknown window '%s' (try hann, hamming, blackman, "
                   "blackmanharris, sqrt-hann or rect)", options->window);
      return FALSE;
    }
  if (options->pad != NULL)
    {
      int found = -1;

      for (int i = 0; i < SM_N_PAD_MODES; i++)
        if (g_str_equal (options->pad, pad_names[i]))
          found = i;
      if (found < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--pad: unknown mode '%s' (try zero, reflect or none)", options->pad);
          return FALSE;
        }
      params->pad = (SmPadMode) found;
    }
  if (options->threads < 0 || options->threads > 256)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--threads: %d is not between 0 and 256", options->threads);
      return FALSE;
    }

  if (sm_stft_params_validate (params, &core_error) != SM_OK)
    return sm_propagate_core_error (error, &core_error);
  return TRUE;
}

static char *
wisdom_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "specmask", "fftw-wisdom", NULL);
}

SmStft *
_sm_cli_stft_new (const SmStftParams *params,
                  GError            **error)
{
  g_autofree char *path = wisdom_path ();
  SmError core_error = { 0 };
  SmStft *stft;

  /* A damaged wisdom file only costs planning time; never fail the job for it. */
  (void) sm_fft_load_wisdom (path);
  sm_fft_set_planning (SM_FFT_MEASURE, 1.0);
  stft = sm_stft_new (params, &core_error);
  if (stft == NULL)
    sm_propagate_core_error (error, &core_error);
  return stft;
}

void
_sm_cli_save_wisdom (void)
{
  g_autofree char *path = wisdom_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  /* The cache is an optimisation: a read-only home must not fail the command. */
  if (g_mkdir_with_parents (dir, 0755) == 0)
    (void) sm_fft_save_wisdom (path);
}

SmRun
_sm_cli_run (const SmCliStftOptions *options)
{
  SmRun run = { options->threads, NULL, NULL };

  return run;
}

SmAudio *
_sm_cli_load_audio (const char   *path,
                    SmAudioInfo  *info,
                    GError      **error)
{
  SmError core_error = { 0 };
  SmAudioInfo local_info;
  SmAudio *audio = NULL;

  if (info == NULL)
    info = &local_info;
  if (sm_audio_read (path, &audio, info, &core_error) != SM_OK)
    sm_propagate_core_error (error, &core_error);
  else if (info->warning[0] != '\0')
    g_printerr ("specmask-cli: warning: %s\n", info->warning);
  return audio;
}

SmAudio *
_sm_cli_load_reference (const char     *path,
                        const char     *role,
                        const SmAudio  *mix,
                        gboolean        pad_trim,
                        GError        **error)
{
  g_autoptr (SmAudio) audio = _sm_cli_load_audio (path, NULL, error);
  g_autofree char *name = NULL;
  SmError core_error = { 0 };

  if (audio == NULL)
    return NULL;

  name = g_strdup_printf ("%s %s", role, path);
  if (sm_audio_conform (audio, mix, pad_trim ? SM_LENGTH_PAD_TRIM : SM_LENGTH_STRICT, name,
                        &core_error) != SM_OK)
    {
      if (core_error.status == SM_ERROR_MISMATCH && !pad_trim && audio->rate == mix->rate)
        g_strlcat (core_error.message, " (use --pad-trim to zero-pad or trim it)",
                   sizeof core_error.message);
      sm_propagate_core_error (error, &core_error);
      return NULL;
    }
  return g_steal_pointer (&audio);
}

void
_sm_cli_json_double (JsonBuilder *builder,
                     const char  *name,
                     double       value)
{
  json_builder_set_member_name (builder, name);
  /* JSON has no infinity or NaN; null says "not defined" (e.g. SNR of identical signals). */
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
_sm_cli_json_stft (JsonBuilder        *builder,
                   const SmStftParams *params)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "window");
  json_builder_add_string_value (builder, sm_window_name (params->window));
  json_builder_set_member_name (builder, "fft");
  json_builder_add_int_value (builder, params->n_fft);
  json_builder_set_member_name (builder, "hop");
  json_builder_add_int_value (builder, params->hop);
  json_builder_set_member_name (builder, "pad");
  json_builder_add_string_value (builder, pad_names[params->pad]);
  json_builder_set_member_name (builder, "scaling");
  json_builder_add_string_value (builder,
                                 params->scaling == SM_SCALE_NONE ? "none" : "window-sum");
  json_builder_end_object (builder);
}

static char *
json_text (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

void
_sm_cli_print_json (JsonNode *root)
{
  g_autofree char *text = json_text (root);

  printf ("%s\n", text);
  fflush (stdout);
  json_node_unref (root);
}

gboolean
_sm_cli_write_json (JsonNode    *root,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *text = json_text (root);
  g_autoptr (GString) with_newline = g_string_new (text);

  g_string_append_c (with_newline, '\n');
  /* g_file_set_contents writes a temporary file and renames it: atomic. */
  return g_file_set_contents (path, with_newline->str, (gssize) with_newline->len, error);
}

int
_sm_cli_fail (GError *error)
{
  g_printerr ("specmask-cli: %s\n", error != NULL ? error->message : "failed");
  g_clear_error (&error);
  return SM_CLI_EXIT_FAILURE;
}

gboolean
_sm_cli_parse (GOptionContext *context,
               int            *argc,
               char         ***argv)
{
  g_autoptr (GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  g_printerr ("specmask-cli: %s (see --help)\n", error->message);
  return FALSE;
}

double
_sm_cli_seconds_since (gint64 start_us)
{
  return (double) (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC;
}
