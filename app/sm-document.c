/* sm-document.c: loading and analysing the recordings off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-document.h"

#include "sm-bench.h"
#include "sm-core-glib.h"

struct _SmDocument
{
  GObject        parent_instance;

  /* owned */
  SmProgress    *progress;
  GCancellable  *job;           /* the analysis in flight, cancelled by a newer one */
  char          *paths[SM_N_SOURCES];
  SmAudio       *audio[SM_N_SOURCES];
  SmSpectrogram *spec[SM_N_SOURCES];
  SmLevels      *levels[SM_N_SOURCES];
  SmStft        *stft;
  SmMaskModel   *mask_model;

  /* state */
  SmStftParams   params;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (sm-document-error-quark, sm_document_error)
G_DEFINE_FINAL_TYPE (SmDocument, sm_document, G_TYPE_OBJECT)

static const char *const source_names[SM_N_SOURCES] = { "mix", "target", "interferer" };

/* Everything one analysis job reads and produces. The worker owns it while it runs. */
typedef struct
{
  char          *paths[SM_N_SOURCES];   /* files to decode; NULL: use audio[] as given */
  SmAudio       *audio[SM_N_SOURCES];
  SmStftParams   params;
  gboolean       params_given;          /* else defaults for the mix's rate */
  SmStft        *stft;
  SmSpectrogram *spec[SM_N_SOURCES];
  SmLevels      *levels[SM_N_SOURCES];
  gboolean       keep_spectrum[SM_N_SOURCES];  /* already analysed on this grid */
  SmMask        *given_mask;            /* a saved mask for the new session, or NULL */
  SmMask        *mask;                  /* to resample onto the new grid, or NULL */
  SmMaskGrid     mask_grid;
  SmProgress    *progress;
} Analysis;

static void
analysis_free (Analysis *a)
{
  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      g_free (a->paths[s]);
      sm_audio_free (&a->audio[s]);
      sm_spectrogram_free (&a->spec[s]);
      g_clear_pointer (&a->levels[s], sm_levels_unref);
    }
  sm_stft_free (&a->stft);
  sm_mask_free (&a->mask);
  sm_mask_free (&a->given_mask);
  g_clear_object (&a->progress);
  g_free (a);
}

static void
sm_document_dispose (GObject *object)
{
  SmDocument *self = SM_DOCUMENT (object);

  if (self->job != NULL)
    g_cancellable_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_object (&self->mask_model);
  g_clear_object (&self->progress);
  G_OBJECT_CLASS (sm_document_parent_class)->dispose (object);
}

static void
sm_document_finalize (GObject *object)
{
  SmDocument *self = SM_DOCUMENT (object);

  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      g_free (self->paths[s]);
      sm_audio_free (&self->audio[s]);
      sm_spectrogram_free (&self->spec[s]);
      g_clear_pointer (&self->levels[s], sm_levels_unref);
    }
  sm_stft_free (&self->stft);
  G_OBJECT_CLASS (sm_document_parent_class)->finalize (object);
}

static void
sm_document_class_init (SmDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sm_document_dispose;
  object_class->finalize = sm_document_finalize;

  /**
   * SmDocument::changed:
   *
   * The sources, their spectrograms or the STFT grid changed; mask edits do not emit it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sm_document_init (SmDocument *self)
{
  self->progress = sm_progress_new ();
}

SmDocument *
sm_document_new (void)
{
  return g_object_new (SM_TYPE_DOCUMENT, NULL);
}

/* --- the worker -------------------------------------------------------------------- */

static gboolean
decode (Analysis      *a,
        GCancellable  *cancellable,
        GError       **error)
{
  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      g_autofree char *base = NULL;
      g_autofree char *stage = NULL;
      SmError core_error = { 0 };
      SmAudioInfo info;

      if (a->paths[s] == NULL)
        continue;
      base = g_path_get_basename (a->paths[s]);
      stage = g_strdup_printf ("Decoding %s", base);
      sm_progress_set (a->progress, 0.05 * s, stage);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (sm_audio_read (a->paths[s], &a->audio[s], &info, &core_error) != SM_OK)
        return sm_propagate_core_error (error, &core_error);
      if (info.warning[0] != '\0')
        g_warning ("%s", info.warning);
    }

  if (a->audio[SM_SOURCE_MIX] == NULL)
    {
      g_set_error (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_NO_MIX,
                   "Open a mix before its references");
      return FALSE;
    }
  for (int s = SM_SOURCE_TARGET; s < SM_N_SOURCES; s++)
    {
      g_autofree char *name = NULL;
      SmError core_error = { 0 };

      if (a->audio[s] == NULL || a->paths[s] == NULL)
        continue;
      name = g_strdup_printf ("The %s %s", source_names[s], a->paths[s]);
      if (sm_audio_conform (a->audio[s], a->audio[SM_SOURCE_MIX], SM_LENGTH_STRICT, name,
                            &core_error) != SM_OK)
        {
          g_set_error_literal (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_MISMATCH,
                               core_error.message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
analyse (Analysis      *a,
         GCancellable  *cancellable,
         GError       **error)
{
  const SmAudio *mix = a->audio[SM_SOURCE_MIX];
  SmError core_error = { 0 };
  int n_sources = 0;
  int done = 0;

  if (!a->params_given)
    sm_stft_params_default (&a->params, mix->rate);
  /* Interactive: never wait for FFTW to measure; wisdom makes later plans fast anyway. */
  sm_fft_set_planning (SM_FFT_NO_STALL, 0.0);
  a->stft = sm_stft_new (&a->params, &core_error);
  if (a->stft == NULL)
    return sm_propagate_core_error (error, &core_error);

  for (int s = 0; s < SM_N_SOURCES; s++)
    n_sources += a->audio[s] != NULL && !a->keep_spectrum[s];

  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      g_autofree float *mono = NULL;
      SmProgressScope scope = { a->progress, cancellable, 0.15 + 0.85 * done / n_sources,
                                0.85 / n_sources };
      SmRun run = { 0, sm_progress_core_cb, &scope };
      SmStatus status = SM_ERROR_NOMEM;

      if (a->audio[s] == NULL || a->keep_spectrum[s])
        continue;
      sm_progress_set (a->progress, scope.from, "Computing spectrograms");
      mono = sm_audio_mixdown (a->audio[s]);
      if (mono != NULL)
        a->spec[s] = sm_spectrogram_new (sm_stft_n_frames (a->stft, a->audio[s]->frames),
                                         sm_stft_n_bins (a->stft), &status);
      if (a->spec[s] != NULL)
        status = sm_stft_forward (a->stft, mono, a->audio[s]->frames, a->spec[s], &run);
      if (status == SM_ERROR_CANCELLED)
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (status != SM_OK)
        return sm_set_core_status (error, status, "Spectrogram");
      a->levels[s] = sm_levels_new (a->spec[s], sm_stft_full_scale (a->stft));
      if (a->levels[s] == NULL)
        return sm_set_core_status (error, SM_ERROR_NOMEM, "Spectrogram levels");
      done++;
    }
  return TRUE;
}

static SmMaskGrid
grid_of (const SmStftParams *params,
         int                 rate)
{
  SmMaskGrid grid = { rate, params->n_fft, params->hop, params->pad != SM_PAD_NONE };

  return grid;
}

/* Moves the user's mask onto the new grid, so changing the FFT size never loses work. */
static gboolean
resample_mask (Analysis  *a,
               GError   **error)
{
  SmMaskGrid grid = grid_of (&a->params, a->audio[SM_SOURCE_MIX]->rate);
  SmMask *moved;
  SmStatus status = SM_OK;

  if (a->mask == NULL || a->spec[SM_SOURCE_MIX] == NULL)
    return TRUE;
  moved = sm_mask_new (a->spec[SM_SOURCE_MIX]->n_frames, a->spec[SM_SOURCE_MIX]->n_bins, 0.0f,
                       &status);
  if (moved != NULL)
    status = sm_mask_resample (a->mask, &a->mask_grid, moved, &grid);
  if (status != SM_OK)
    {
      sm_mask_free (&moved);
      return sm_set_core_status (error, status, "Resampling the mask");
    }
  sm_mask_free (&a->mask);
  a->mask = moved;
  return TRUE;
}

static gboolean
check_given_mask (Analysis  *a,
                  GError   **error)
{
  const SmSpectrogram *mix = a->spec[SM_SOURCE_MIX];

  if (a->given_mask == NULL)
    return TRUE;
  if (a->given_mask->n_frames != mix->n_frames || a->given_mask->n_bins != mix->n_bins)
    {
      g_set_error (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_MISMATCH,
                   "The saved mask is %zu frames × %d bins but the mix at the saved analysis "
                   "settings has %zu frames × %d bins", a->given_mask->n_frames,
                   a->given_mask->n_bins, mix->n_frames, mix->n_bins);
      return FALSE;
    }
  return TRUE;
}

static void
analysis_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Analysis *a = task_data;
  GError *error = NULL;

  if (decode (a, cancellable, &error) && (sm_bench_mark ("decoded"), TRUE)
      && analyse (a, cancellable, &error)
      && resample_mask (a, &error) && check_given_mask (a, &error))
    {
      sm_progress_set (a->progress, 1.0, "Done");
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

/* --- swapping results in, on the main thread ----------------------------------------- */

static void
adopt (SmDocument *self,
       Analysis   *a)
{
  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      if (a->paths[s] != NULL || a->audio[s] != NULL)
        {
          if (a->paths[s] != NULL)
            {
              g_free (self->paths[s]);
              self->paths[s] = g_steal_pointer (&a->paths[s]);
            }
          sm_audio_free (&self->audio[s]);
          self->audio[s] = g_steal_pointer (&a->audio[s]);
        }
      if (a->spec[s] != NULL)
        {
          sm_spectrogram_free (&self->spec[s]);
          self->spec[s] = g_steal_pointer (&a->spec[s]);
          g_clear_pointer (&self->levels[s], sm_levels_unref);
          self->levels[s] = g_steal_pointer (&a->levels[s]);
        }
    }
  sm_stft_free (&self->stft);
  self->stft = g_steal_pointer (&a->stft);
  self->params = a->params;
}

static void
run_analysis (SmDocument          *self,
              Analysis            *a,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  /* A newer request supersedes an older one: its result would be stale. */
  if (self->job != NULL)
    g_cancellable_cancel (self->job);
  g_clear_object (&self->job);
  self->job = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  a->progress = g_object_ref (self->progress);
  sm_progress_set_active (self->progress, TRUE);

  task = g_task_new (self, self->job, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, a, (GDestroyNotify) analysis_free);
  g_task_run_in_thread (task, analysis_thread);
}

static gboolean
finish_analysis (SmDocument    *self,
                 GAsyncResult  *result,
                 gboolean       new_session,
                 GError       **error)
{
  GTask *task = G_TASK (result);
  Analysis *a = g_task_get_task_data (task);

  if (g_task_get_cancellable (task) == self->job)
    {
      g_clear_object (&self->job);
      sm_progress_set_active (self->progress, FALSE);
    }
  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  if (new_session)
    for (int s = 0; s < SM_N_SOURCES; s++)
      {
        g_clear_pointer (&self->paths[s], g_free);
        sm_audio_free (&self->audio[s]);
        sm_spectrogram_free (&self->spec[s]);
        g_clear_pointer (&self->levels[s], sm_levels_unref);
      }
  adopt (self, a);

  if (new_session || self->mask_model == NULL)
    {
      /* A new recording starts with every bin kept: the output equals the mix until the
       * user removes something. */
      SmMask *mask = a->given_mask != NULL
                     ? g_steal_pointer (&a->given_mask)
                     : sm_mask_new (self->spec[SM_SOURCE_MIX]->n_frames,
                                    self->spec[SM_SOURCE_MIX]->n_bins, 1.0f, NULL);

      if (self->mask_model == NULL)
        self->mask_model = sm_mask_model_new (mask);
      else
        sm_mask_model_replace (self->mask_model, mask);
    }
  else if (a->mask != NULL)
    sm_mask_model_replace (self->mask_model, g_steal_pointer (&a->mask));

  sm_bench_mark ("analysed");
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
sm_document_open_async (SmDocument          *self,
                        const char          *mix,
                        const char          *target,
                        const char          *interferer,
                        const SmStftParams  *params,
                        SmMask              *mask,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Analysis *a = g_new0 (Analysis, 1);

  g_return_if_fail (SM_IS_DOCUMENT (self));
  g_return_if_fail (mix != NULL);

  sm_bench_mark ("open-start");
  a->paths[SM_SOURCE_MIX] = g_strdup (mix);
  a->paths[SM_SOURCE_TARGET] = g_strdup (target);
  a->paths[SM_SOURCE_INTERFERER] = g_strdup (interferer);
  if (params != NULL)
    {
      a->params = *params;
      a->params_given = TRUE;
    }
  a->given_mask = mask;
  run_analysis (self, a, sm_document_open_async, cancellable, callback, user_data);
}

gboolean
sm_document_open_finish (SmDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_analysis (self, result, TRUE, error);
}

void
sm_document_open_reference_async (SmDocument          *self,
                                  SmSource             source,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Analysis *a = g_new0 (Analysis, 1);

  g_return_if_fail (SM_IS_DOCUMENT (self));
  g_return_if_fail (source == SM_SOURCE_TARGET || source == SM_SOURCE_INTERFERER);

  a->paths[source] = g_strdup (path);
  /* The worker gets its own copy of the mix: the document may change meanwhile. */
  if (self->audio[SM_SOURCE_MIX] != NULL)
    a->audio[SM_SOURCE_MIX] = sm_audio_copy (self->audio[SM_SOURCE_MIX]);
  a->params = self->params;
  a->params_given = self->stft != NULL;
  a->keep_spectrum[SM_SOURCE_MIX] = TRUE;
  run_analysis (self, a, sm_document_open_reference_async, cancellable, callback, user_data);
}

gboolean
sm_document_open_reference_finish (SmDocument    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_analysis (self, result, FALSE, error);
}

void
sm_document_set_stft_async (SmDocument          *self,
                            const SmStftParams  *params,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Analysis *a = g_new0 (Analysis, 1);

  g_return_if_fail (SM_IS_DOCUMENT (self));
  g_return_if_fail (sm_document_is_loaded (self));

  for (int s = 0; s < SM_N_SOURCES; s++)
    if (self->audio[s] != NULL)
      a->audio[s] = sm_audio_copy (self->audio[s]);
  a->params = *params;
  a->params_given = TRUE;
  a->mask = sm_mask_copy (sm_mask_model_get_mask (self->mask_model));
  a->mask_grid = sm_document_get_grid (self);
  run_analysis (self, a, sm_document_set_stft_async, cancellable, callback, user_data);
}

gboolean
sm_document_set_stft_finish (SmDocument    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_analysis (self, result, FALSE, error);
}

gboolean
sm_document_is_loaded (SmDocument *self)
{
  return self->spec[SM_SOURCE_MIX] != NULL;
}

gboolean
sm_document_has_source (SmDocument *self,
                        SmSource    source)
{
  return self->levels[source] != NULL;
}

const char *
sm_document_get_path (SmDocument *self,
                      SmSource    source)
{
  return self->paths[source];
}

const SmAudio *
sm_document_get_audio (SmDocument *self,
                       SmSource    source)
{
  return self->audio[source];
}

const SmSpectrogram *
sm_document_get_spectrogram (SmDocument *self,
                             SmSource    source)
{
  return self->spec[source];
}

SmLevels *
sm_document_get_levels (SmDocument *self,
                        SmSource    source)
{
  return self->levels[source];
}

const SmStftParams *
sm_document_get_stft_params (SmDocument *self)
{
  return &self->params;
}

SmStft *
sm_document_get_stft (SmDocument *self)
{
  return self->stft;
}

SmMaskGrid
sm_document_get_grid (SmDocument *self)
{
  g_return_val_if_fail (self->audio[SM_SOURCE_MIX] != NULL, (SmMaskGrid) { 0 });
  return grid_of (&self->params, self->audio[SM_SOURCE_MIX]->rate);
}

SmMaskModel *
sm_document_get_mask_model (SmDocument *self)
{
  return self->mask_model;
}

SmProgress *
sm_document_get_progress (SmDocument *self)
{
  return self->progress;
}
