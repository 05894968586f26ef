/* sm-cli-separate.c: `specmask-cli separate MIX -o OUTDIR`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "sm-cli-private.h"
#include "sm-mask-png.h"
#include "sm-span-separation.h"

typedef struct
{
  char            *output_dir;
  char            *target;
  char            *interferer;
  char            *format;
  char            *span;         /* selection only: "auto" or "START:END" seconds */
  gboolean         span_limited;
  double           span_seconds[2];
  SmCliStftOptions stft;
  SmCliMaskOptions mask;
  SmCliInpaintOptions inpaint;
} SeparateOptions;

/* What one run produced, kept together so writing and reporting see the same thing. */
typedef struct
{
  SmAudio *mix;
  SmAudio *target;
  SmAudio *interferer;
  SmAudio *masked;
  SmAudio *mixphase;     /* the model's magnitudes with the mix's phase; NULL without one */
  SmAudio *estimate;
  SmAudio *residual;
  SmMask  *mask;
  gboolean has_span;     /* --span: the model ran on this part only */
  SmSeparateSpan span;
  SmInpaintReport inpaint;
} Separation;

static void
separation_clear (Separation *s)
{
  sm_audio_free (&s->mix);
  sm_audio_free (&s->target);
  sm_audio_free (&s->interferer);
  sm_audio_free (&s->masked);
  sm_audio_free (&s->mixphase);
  sm_audio_free (&s->estimate);
  sm_inpaint_report_clear (&s->inpaint);
  sm_audio_free (&s->residual);
  sm_mask_free (&s->mask);
}

static void
separate_options_clear (SeparateOptions *options)
{
  g_clear_pointer (&options->output_dir, g_free);
  g_clear_pointer (&options->target, g_free);
  g_clear_pointer (&options->interferer, g_free);
  g_clear_pointer (&options->format, g_free);
  g_clear_pointer (&options->span, g_free);
  _sm_cli_stft_options_clear (&options->stft);
  _sm_cli_mask_options_clear (&options->mask);
  _sm_cli_inpaint_options_clear (&options->inpaint);
}

static const char *
format_extension (SmAudioFormat format)
{
  switch (format)
    {
    case SM_AUDIO_FLAC:
      return "flac";
    case SM_AUDIO_OGG:
      return "ogg";
    default:
      return "wav";
    }
}

static gboolean
write_outputs (const Separation *s,
               const char       *dir,
               SmAudioFormat     format,
               JsonBuilder      *report,
               GError          **error)
{
  const struct
  {
    const char    *name;
    const SmAudio *audio;
  } outputs[] = {
    { "masked", s->masked },
    { "estimate", s->estimate },
    { "residual", s->residual },
    { "inpainted_mixphase", s->mixphase },
  };
  g_autofree char *mask_path = g_build_filename (dir, "mask.png", NULL);

  json_builder_set_member_name (report, "outputs");
  json_builder_begin_object (report);
  for (size_t i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", outputs[i].name,
                                               format_extension (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      SmError core_error = { 0 };

      if (outputs[i].audio == NULL)
        continue;
      if (sm_audio_write (path, outputs[i].audio, format, &core_error) != SM_OK)
        return sm_propagate_core_error (error, &core_error);
      json_builder_set_member_name (report, outputs[i].name);
      json_builder_add_string_value (report, name);
    }
  if (!sm_mask_png_save (s->mask, mask_path, error))
    return FALSE;
  json_builder_set_member_name (report, "mask");
  json_builder_add_string_value (report, "mask.png");
  json_builder_end_object (report);
  return TRUE;
}

static void
add_metrics (const Separation *s,
             JsonBuilder      *report)
{
  json_builder_set_member_name (report, "metrics");
  json_builder_begin_object (report);
  _sm_cli_json_metrics (report, "mix", s->target, s->interferer, s->mix);
  _sm_cli_json_metrics (report, "masked", s->target, s->interferer, s->masked);
  if (s->mixphase != NULL)
    _sm_cli_json_metrics (report, "inpainted_mixphase", s->target, s->interferer,
                          s->mixphase);
  _sm_cli_json_metrics (report, "estimate", s->target, s->interferer, s->estimate);
  json_builder_end_object (report);
}

/* Where a --span run used the model: frames of the edit, and the samples it replaced. */
static void
add_span (JsonBuilder           *report,
          const SeparateOptions *options,
          const Separation      *s)
{
  const struct
  {
    const char *name;
    size_t      value;
  } fields[] = {
    { "edit_first_frame", s->span.edit_first }, { "edit_last_frame", s->span.edit_last },
    { "start", s->span.start }, { "end", s->span.end },
    { "keep_start", s->span.keep_start }, { "keep_end", s->span.keep_end },
    { "fade", s->span.fade },
  };

  json_builder_set_member_name (report, "span");
  json_builder_begin_object (report);
  json_builder_set_member_name (report, "requested");
  json_builder_add_string_value (report, options->span);
  json_builder_set_member_name (report, "processed");
  json_builder_add_boolean_value (report, s->has_span);
  for (guint i = 0; s->has_span && i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (report, fields[i].name);
      json_builder_add_int_value (report, (gint64) fields[i].value);
    }
  json_builder_end_object (report);
}

static gboolean
load_inputs (SeparateOptions *options,
             const char      *mix_path,
             Separation      *s,
             GError         **error)
{
  s->mix = _sm_cli_load_audio (mix_path, NULL, error);
  if (s->mix == NULL)
    return FALSE;
  if (options->target != NULL
      && (s->target = _sm_cli_load_reference (options->target, "target", s->mix,
                                              options->stft.pad_trim, error)) == NULL)
    return FALSE;
  if (options->interferer != NULL
      && (s->interferer = _sm_cli_load_reference (options->interferer, "interferer", s->mix,
                                                  options->stft.pad_trim, error)) == NULL)
    return FALSE;
  return TRUE;
}

/* What the model needs besides the signals it runs on. */
typedef struct
{
  SeparateOptions       *options;
  const SmInpaintParams *params;
  SmStft                *stft;
  SmInpaintReport       *report;
  const SmRun           *run;
} Model;

/* The NMF model on the mono mixdown of @mix (the whole file or a part), rendered on every
 * channel. */
static gboolean
run_inpaint (const SmAudio  *mix,
             const SmAudio  *target,
             const SmMask   *mask,
             SmAudio       **mixphase,
             SmAudio       **estimate,
             gpointer        data,
             GError        **error)
{
  Model *m = data;
  const SmInpaintParams *params = m->params;
  SmStft *stft = m->stft;
  const SmRun *run = m->run;
  g_autoptr (SmSpectrogram) mix_spec = sm_spectrogram_of_audio (stft, mix, run, error);
  g_autoptr (SmSpectrogram) reference = NULL;
  SmError core_error = { 0 };

  if (mix_spec == NULL)
    return FALSE;
  if (params->dictionary == SM_DICTIONARY_TRAIN)
    reference = _sm_cli_training_spectrogram (stft, m->options->inpaint.train, mix, run, error);
  else if (params->dictionary == SM_DICTIONARY_TARGET)
    {
      if (target == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--dictionary target needs --target");
          return FALSE;
        }
      reference = sm_spectrogram_of_audio (stft, target, run, error);
    }
  if (params->dictionary != SM_DICTIONARY_SELF && reference == NULL)
    return FALSE;

  if (sm_inpaint_audio (stft, params, mix, mix_spec, mask, reference, m->report, run, NULL,
                        NULL, mixphase, estimate, &core_error) != SM_OK)
    return sm_propagate_core_error (error, &core_error);
  return TRUE;
}

static int
run_separate (SeparateOptions       *options,
              const char            *mix_path,
              SmAudioFormat          format,
              const SmInpaintParams *inpaint)
{
  g_autoptr (JsonBuilder) report = json_builder_new ();
  g_autoptr (SmStft) stft = NULL;
  g_autofree char *report_path = NULL;
  Separation s = { 0 };
  Model model;
  GError *error = NULL;
  SmStftParams params;
  SmRun run = _sm_cli_run (&options->stft);
  gint64 start = g_get_monotonic_time ();
  gint64 stage = start;
  double t_load, t_mask, t_apply, t_inpaint, t_metrics = 0.0, t_write;
  SmStatus status;

  if (g_mkdir_with_parents (options->output_dir, 0755) != 0)
    {
      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "%s: cannot create the output folder: %s", options->output_dir,
                   g_strerror (errno));
      goto fail;
    }
  if (!load_inputs (options, mix_path, &s, &error))
    goto fail;
  t_load = _sm_cli_seconds_since (stage);

  if (!_sm_cli_stft_params (&options->stft, s.mix->rate, &params, &error)
      || (stft = _sm_cli_stft_new (&params, &error)) == NULL)
    goto fail;

  json_builder_begin_object (report);
  json_builder_set_member_name (report, "specmask_version");
  json_builder_add_string_value (report, PACKAGE_VERSION);
  json_builder_set_member_name (report, "params");
  json_builder_begin_object (report);
  json_builder_set_member_name (report, "mix");
  json_builder_add_string_value (report, mix_path);
  json_builder_set_member_name (report, "target");
  json_builder_add_string_value (report, options->target);
  json_builder_set_member_name (report, "interferer");
  json_builder_add_string_value (report, options->interferer);
  json_builder_set_member_name (report, "rate");
  json_builder_add_int_value (report, s.mix->rate);
  json_builder_set_member_name (report, "channels");
  json_builder_add_int_value (report, s.mix->channels);
  json_builder_set_member_name (report, "frames");
  json_builder_add_int_value (report, (gint64) s.mix->frames);
  json_builder_set_member_name (report, "stft");
  _sm_cli_json_stft (report, &params);
  _sm_cli_json_inpaint_params (report, inpaint);
  json_builder_set_member_name (report, "format");
  json_builder_add_string_value (report, sm_audio_format_name (format));
  json_builder_set_member_name (report, "threads");
  json_builder_add_int_value (report, run.n_threads);

  stage = g_get_monotonic_time ();
  s.mask = _sm_cli_build_mask (&options->mask, stft, s.mix, s.target, s.interferer, &run,
                               report, &error);
  if (s.mask == NULL)
    goto fail;
  json_builder_end_object (report);
  t_mask = _sm_cli_seconds_since (stage);

  stage = g_get_monotonic_time ();
  status = sm_separate_apply_mask (stft, s.mix, s.mask, &s.masked, &run);
  if (status != SM_OK)
    {
      sm_set_core_status (&error, status, "separation");
      goto fail;
    }
  t_apply = _sm_cli_seconds_since (stage);

  stage = g_get_monotonic_time ();
  model = (Model) { options, inpaint, stft, &s.inpaint, &run };
  if (inpaint->mode == SM_INPAINT_NONE)
    s.estimate = sm_audio_copy (s.masked);
  else if (options->span != NULL)
    {
      size_t limit_first = 0, limit_last = SIZE_MAX;

      if (options->span_limited)
        sm_span_separation_limits (options->span_seconds[0], options->span_seconds[1],
                                   s.mix->rate, params.hop, &limit_first, &limit_last);
      if (!sm_span_separation_run (stft, s.mix, s.target, s.mask, s.masked,
                                   SM_SPAN_CONTEXT_SECONDS, limit_first, limit_last,
                                   run_inpaint, &model, &s.span, &s.has_span, &s.mixphase,
                                   &s.estimate, &error))
        goto fail;
    }
  else if (!run_inpaint (s.mix, s.target, s.mask, &s.mixphase, &s.estimate, &model, &error))
    goto fail;
  t_inpaint = _sm_cli_seconds_since (stage);
  status = s.estimate != NULL ? sm_audio_subtract (s.mix, s.estimate, &s.residual)
                              : SM_ERROR_NOMEM;
  if (status != SM_OK)
    {
      sm_set_core_status (&error, status, "separation");
      goto fail;
    }

  json_builder_set_member_name (report, "mask");
  json_builder_begin_object (report);
  _sm_cli_json_double (report, "kept_fraction", sm_mask_kept_fraction (s.mask));
  json_builder_set_member_name (report, "frames");
  json_builder_add_int_value (report, (gint64) s.mask->n_frames);
  json_builder_set_member_name (report, "bins");
  json_builder_add_int_value (report, s.mask->n_bins);
  json_builder_end_object (report);

  if (inpaint->mode != SM_INPAINT_NONE)
    _sm_cli_json_inpaint_report (report, inpaint, &s.inpaint);
  if (options->span != NULL)
    add_span (report, options, &s);

  if (s.target != NULL)
    {
      stage = g_get_monotonic_time ();
      add_metrics (&s, report);
      t_metrics = _sm_cli_seconds_since (stage);
    }

  stage = g_get_monotonic_time ();
  if (!write_outputs (&s, options->output_dir, format, report, &error))
    goto fail;
  t_write = _sm_cli_seconds_since (stage);
  _sm_cli_save_wisdom ();

  json_builder_set_member_name (report, "timing_s");
  json_builder_begin_object (report);
  _sm_cli_json_double (report, "load", t_load);
  _sm_cli_json_double (report, "mask", t_mask);
  _sm_cli_json_double (report, "stft_mask_istft", t_apply);
  _sm_cli_json_double (report, "inpaint", t_inpaint);
  _sm_cli_json_double (report, "metrics", t_metrics);
  _sm_cli_json_double (report, "write", t_write);
  _sm_cli_json_double (report, "total", _sm_cli_seconds_since (start));
  json_builder_end_object (report);
  json_builder_end_object (report);

  report_path = g_build_filename (options->output_dir, "report.json", NULL);
  if (!_sm_cli_write_json (json_builder_get_root (report), report_path, &error))
    goto fail;

  g_print ("specmask-cli: wrote %s/{masked,estimate,residual}.%s, mask.png and report.json\n",
           options->output_dir, format_extension (format));
  separation_clear (&s);
  return 0;

fail:
  separation_clear (&s);
  return _sm_cli_fail (error);
}

int
_sm_cli_separate (int    argc,
                  char **argv)
{
  SeparateOptions options = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new ("MIX");
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output_dir,
      "Folder for masked, estimate and residual audio, mask.png and report.json (required)",
      "OUTDIR" },
    { "target", 0, 0, G_OPTION_ARG_FILENAME, &options.target,
      "Clean recording of the wanted sound (for ideal masks and metrics)", "T" },
    { "interferer", 0, 0, G_OPTION_ARG_FILENAME, &options.interferer,
      "Recording of everything else (default: mix - target)", "I" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format,
      "Output encoding: wav32f (default), wav24, wav16, flac or ogg", "FMT" },
    { "span", 0, 0, G_OPTION_ARG_STRING, &options.span,
      "Selection only, as in the editor: run the model only on the frames where the mask "
      "removes bins (auto), or those within START:END seconds, with a second of context "
      "each side; elsewhere the estimate is the masked signal", "auto|START:END" },
    G_OPTION_ENTRY_NULL
  };
  SmAudioFormat format = SM_AUDIO_WAV_FLOAT;
  SmInpaintParams inpaint;
  GError *error = NULL;
  int status = SM_CLI_EXIT_USAGE;

  _sm_cli_mask_options_init (&options.mask);
  _sm_cli_inpaint_options_init (&options.inpaint);
  g_option_context_set_summary (context,
                                "Separate the wanted sound from MIX with a time-frequency "
                                "mask. Writes OUTDIR/masked (ISTFT of the masked STFT), "
                                "estimate (the final output), residual (mix - estimate), "
                                "inpainted_mixphase (the model's magnitudes with the mix's "
                                "phase, when inpainting), mask.png and report.json, all with "
                                "the mix's length, rate and channels.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, _sm_cli_mask_group (&options.mask, TRUE));
  g_option_context_add_group (context, _sm_cli_inpaint_group (&options.inpaint));
  g_option_context_add_group (context, _sm_cli_stft_group (&options.stft));

  if (!_sm_cli_parse (context, &argc, &argv))
    goto out;
  if (argc != 2 || options.output_dir == NULL)
    {
      g_printerr ("specmask-cli: separate takes one MIX and -o OUTDIR (see --help)\n");
      goto out;
    }
  if (options.format != NULL && sm_audio_format_from_name (options.format, &format) != SM_OK)
    {
      g_printerr ("specmask-cli: --format: unknown format '%s' (try wav32f, wav24, wav16, "
                  "flac or ogg)\n", options.format);
      goto out;
    }
  if (options.interferer != NULL && options.target == NULL)
    {
      g_printerr ("specmask-cli: --interferer needs --target (see --help)\n");
      goto out;
    }
  if (!_sm_cli_mask_options_check (&options.mask, options.target != NULL, &error))
    {
      g_printerr ("specmask-cli: %s (see --help)\n", error->message);
      g_clear_error (&error);
      goto out;
    }
  if (!_sm_cli_inpaint_params (&options.inpaint, &inpaint, &error))
    {
      g_printerr ("specmask-cli: %s (see --help)\n", error->message);
      g_clear_error (&error);
      goto out;
    }
  if (options.span != NULL
      && !sm_span_separation_parse (options.span, &options.span_limited,
                                    &options.span_seconds[0], &options.span_seconds[1], &error))
    {
      g_printerr ("specmask-cli: %s (see --help)\n", error->message);
      g_clear_error (&error);
      goto out;
    }
  if (options.span != NULL && inpaint.mode == SM_INPAINT_NONE)
    {
      g_printerr ("specmask-cli: --span needs --inpaint fill or refine: plain masking has no "
                  "model to restrict (see --help)\n");
      goto out;
    }
  status = run_separate (&options, argv[1], format, &inpaint);

out:
  separate_options_clear (&options);
  return status;
}
