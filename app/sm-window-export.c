/* sm-window-export.c: exporting separated audio and the run's report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "sm-mask-png.h"
#include "sm-window-private.h"

/* NULL-terminated: the file chooser's choices are string vectors. The default of each comes
 * first: GTK 4.8's fallback chooser (no portal) shows the first option whatever
 * gtk_file_chooser_set_choice() asked for, and reports that one back. */
static const char *const signal_ids[SM_N_RESULTS + 1] = {
  "estimate", "masked", "inpainted_mixphase", "residual", NULL,
};
static const SmResultSignal signal_values[SM_N_RESULTS] = {
  SM_RESULT_ESTIMATE, SM_RESULT_MASKED, SM_RESULT_MIXPHASE, SM_RESULT_RESIDUAL,
};
static const char *const signal_labels[SM_N_RESULTS] = {
  N_("Estimate"), N_("Masked"), N_("Inpainted (mix phase)"), N_("Residual"),
};
static const char *const format_ids[SM_N_AUDIO_FORMATS + 1] = {
  "wav24", "wav16", "wav32f", "flac", "ogg", NULL,
};
static const SmAudioFormat format_values[SM_N_AUDIO_FORMATS] = {
  SM_AUDIO_WAV_24, SM_AUDIO_WAV_16, SM_AUDIO_WAV_FLOAT, SM_AUDIO_FLAC, SM_AUDIO_OGG,
};
static const char *const format_labels[SM_N_AUDIO_FORMATS] = {
  N_("WAV, 24-bit"), N_("WAV, 16-bit"), N_("WAV, 32-bit float"), N_("FLAC"), N_("Ogg Vorbis"),
};

typedef struct
{
  SmSeparationResult *result;
  SmResultSignal      signal;
  SmAudioFormat       format;
  char               *path;
} Export;

static void
export_free (Export *export)
{
  sm_separation_result_unref (export->result);
  g_free (export->path);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Export *export = data;
  SmError core_error = { 0 };

  if (sm_audio_write (export->path,
                      sm_shared_audio_get (export->result->signals[export->signal]),
                      export->format, &core_error) != SM_OK)
    g_task_return_new_error (task, SM_CORE_ERROR, (int) core_error.status, "%s",
                             core_error.message);
  else
    g_task_return_boolean (task, TRUE);
}

static const char *
signal_id (SmResultSignal signal)
{
  for (int i = 0; i < SM_N_RESULTS; i++)
    if (signal_values[i] == signal)
      return signal_ids[i];
  return NULL;
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  Export *export = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    _sm_window_show_error (self, _("Could Not Export the Audio"), error);
  else
    {
      g_message ("Exported %s (%s, %s)", export->path, signal_id (export->signal),
                 sm_audio_format_name (export->format));
      _sm_window_toast (self, _("Exported %s"), export->path);
    }
}

static int
index_of (const char *const *ids,
          int                n,
          const char        *id)
{
  for (int i = 0; id != NULL && i < n; i++)
    if (g_str_equal (ids[i], id))
      return i;
  return -1;
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    SmWindow        *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr (GFile) file = NULL;
  g_autoptr (GTask) task = NULL;
  Export *export;
  int signal, format;

  if (response != GTK_RESPONSE_ACCEPT || self->result == NULL
      || (file = gtk_file_chooser_get_file (chooser)) == NULL)
    {
      g_object_unref (native);
      return;
    }
  signal = index_of (signal_ids, SM_N_RESULTS, gtk_file_chooser_get_choice (chooser, "signal"));
  format = index_of (format_ids, SM_N_AUDIO_FORMATS,
                     gtk_file_chooser_get_choice (chooser, "format"));
  export = g_new0 (Export, 1);
  export->result = sm_separation_result_ref (self->result);
  export->signal = signal >= 0 ? signal_values[signal] : SM_RESULT_ESTIMATE;
  export->format = format >= 0 ? format_values[format] : SM_AUDIO_WAV_24;
  export->path = g_file_get_path (file);
  g_object_unref (native);
  if (export->result->signals[export->signal] == NULL)
    export->signal = SM_RESULT_ESTIMATE;

  /* Encoding a long file takes longer than a frame: a worker writes it (atomically). */
  task = g_task_new (NULL, NULL, exported_cb, g_object_ref (self));
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
}

void
_sm_window_export (SmWindow *self)
{
  GtkFileChooserNative *native;
  const char *labels[SM_N_AUDIO_FORMATS + 1];
  const char *signal_names[SM_N_RESULTS + 1];
  g_autofree char *name = NULL;
  const char *mix = sm_document_get_path (self->document, SM_SOURCE_MIX);

  if (self->result == NULL)
    return;
  for (int i = 0; i < SM_N_AUDIO_FORMATS; i++)
    labels[i] = _(format_labels[i]);
  labels[SM_N_AUDIO_FORMATS] = NULL;
  for (int i = 0; i < SM_N_RESULTS; i++)
    signal_names[i] = _(signal_labels[i]);
  signal_names[SM_N_RESULTS] = NULL;

  native = gtk_file_chooser_native_new (_("Export Separated Audio"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                        _("_Cancel"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "signal", _("Signal"),
                               (const char **) signal_ids, signal_names);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "signal", "estimate");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "format", _("Format"),
                               (const char **) format_ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "format", "wav24");
  if (mix != NULL)
    {
      g_autofree char *base = g_path_get_basename (mix);
      char *dot = strrchr (base, '.');

      if (dot != NULL)
        *dot = '\0';
      name = g_strdup_printf ("%s-estimate.wav", base);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
json_quality (JsonBuilder     *b,
              const char      *name,
              const SmQuality *q)
{
  const struct
  {
    const char *key;
    double      value;
  } figures[] = {
    { "snr", q->snr }, { "si_sdr", q->si_sdr }, { "sdr", q->sdr }, { "sir", q->sir },
    { "sar", q->sar }, { "stoi", q->stoi }, { "estoi", q->estoi },
  };

  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      json_builder_set_member_name (b, figures[i].key);
      if (isfinite (figures[i].value))
        json_builder_add_double_value (b, figures[i].value);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
}

static gboolean
write_report (SmWindow    *self,
              const char  *path,
              GError     **error)
{
  const SmSeparationResult *r = self->result;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *mask_png = g_strconcat (path, ".mask.png", NULL);
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  static const char *const rows[SM_N_QUALITY] = {
    "mix", "masked", "inpainted_mixphase", "estimate",
  };

  /* The command reproduces the run from the mask as it is now, saved beside the report. */
  if (!sm_mask_png_save (sm_mask_model_get_mask (model), mask_png, error))
    return FALSE;
  command = sm_separation_command_line (r, sm_document_get_path (self->document, SM_SOURCE_MIX),
                                        sm_document_get_path (self->document, SM_SOURCE_TARGET),
                                        sm_document_get_path (self->document,
                                                              SM_SOURCE_INTERFERER),
                                        mask_png);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, command);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, sm_inpaint_mode_name (r->params.mode));
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, r->seconds);
  json_builder_set_member_name (b, "nmf_iterations");
  json_builder_add_int_value (b, r->nmf_iterations);
  json_builder_set_member_name (b, "phase_iterations");
  json_builder_add_int_value (b, r->phase_iterations);
  json_builder_set_member_name (b, "stale");
  json_builder_add_boolean_value (b, sm_mask_model_get_generation (model) != r->mask_generation);
  if (r->has_quality)
    {
      json_builder_set_member_name (b, "metrics");
      json_builder_begin_object (b);
      for (int i = 0; i < SM_N_QUALITY; i++)
        json_quality (b, rows[i], &r->quality[i]);
      json_builder_end_object (b);
    }
  if (r->has_mask_scores)
    {
      json_builder_set_member_name (b, "mask_vs_ibm");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, r->mask_scores.precision);
      json_builder_set_member_name (b, "recall");
      json_builder_add_double_value (b, r->mask_scores.recall);
      json_builder_set_member_name (b, "f1");
      json_builder_add_double_value (b, r->mask_scores.f1);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_file_set_contents (path, text, -1, error);
}

static void
report_response_cb (GtkNativeDialog *native,
                    int              response,
                    SmWindow        *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_object_unref (native);
  if (file == NULL || self->result == NULL)
    return;
  path = g_file_get_path (file);
  if (!write_report (self, path, &error))
    _sm_window_show_error (self, _("Could Not Export the Report"), error);
  else
    _sm_window_toast (self, _("Report exported"));
}

void
_sm_window_export_report (SmWindow *self)
{
  GtkFileChooserNative *native;

  if (self->result == NULL)
    return;
  native = gtk_file_chooser_native_new (_("Export the Run's Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                        _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "report.json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (report_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
