/* sm-document.c: the open recordings, their levels and the mask; analysis runs off the
 * main thread (sm-document-analysis.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-document-private.h"

#include "sm-bench.h"
#include "sm-core-glib.h"

struct _SmDocument
{
  GObject        parent_instance;

  /* owned */
  SmProgress    *progress;
  GCancellable  *job;           /* the analysis in flight, cancelled by a newer one */
  char          *paths[SM_N_SOURCES];
  SmSharedAudio *audio[SM_N_SOURCES];
  SmLevels      *levels[SM_N_SOURCES];
  SmSpectrogram *spec[SM_N_SOURCES];   /* computed on request only, then kept */
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

static void
clear_source (SmDocument *self,
              SmSource    s)
{
  g_clear_pointer (&self->paths[s], g_free);
  g_clear_pointer (&self->audio[s], sm_shared_audio_unref);
  g_clear_pointer (&self->levels[s], sm_levels_unref);
  sm_spectrogram_free (&self->spec[s]);
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

  for (SmSource s = 0; s < SM_N_SOURCES; s++)
    clear_source (self, s);
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

/* --- jobs ---------------------------------------------------------------------------- */

static void
run_analysis (SmDocument          *self,
              SmAnalysis          *a,
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
  g_task_set_task_data (task, a, (GDestroyNotify) _sm_analysis_free);
  g_task_run_in_thread (task, _sm_analysis_thread);
}

/* Swaps the job's results in, on the main thread. */
static void
adopt (SmDocument *self,
       SmAnalysis *a)
{
  if (a->new_session)
    for (SmSource s = 0; s < SM_N_SOURCES; s++)
      clear_source (self, s);

  for (SmSource s = 0; s < SM_N_SOURCES; s++)
    {
      if (a->paths[s] != NULL)
        {
          g_free (self->paths[s]);
          self->paths[s] = g_steal_pointer (&a->paths[s]);
          g_clear_pointer (&self->audio[s], sm_shared_audio_unref);
          self->audio[s] = g_steal_pointer (&a->audio[s]);
        }
      if (a->levels[s] != NULL)
        {
          g_clear_pointer (&self->levels[s], sm_levels_unref);
          self->levels[s] = g_steal_pointer (&a->levels[s]);
          sm_spectrogram_free (&self->spec[s]);
        }
    }
  sm_stft_free (&self->stft);
  self->stft = g_steal_pointer (&a->stft);
  self->params = a->params;

  if (a->mask != NULL && self->mask_model == NULL)
    self->mask_model = sm_mask_model_new (g_steal_pointer (&a->mask));
  else if (a->mask != NULL)
    sm_mask_model_replace (self->mask_model, g_steal_pointer (&a->mask));
  /* The views then know the new mask keeps everything without reading it (1.3 GB for an
   * hour of audio, read again by each pane). */
  if (a->mask_all_kept)
    sm_mask_model_set_uniform (self->mask_model, 1.0f);
}

static gboolean
finish_analysis (SmDocument    *self,
                 GAsyncResult  *result,
                 GError       **error)
{
  GTask *task = G_TASK (result);

  if (g_task_get_cancellable (task) == self->job)
    {
      g_clear_object (&self->job);
      sm_progress_set_active (self->progress, FALSE);
    }
  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  adopt (self, g_task_get_task_data (task));
  sm_bench_mark ("adopted");
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
  SmAnalysis *a = g_new0 (SmAnalysis, 1);

  g_return_if_fail (SM_IS_DOCUMENT (self));
  g_return_if_fail (mix != NULL);

  sm_bench_mark ("open-start");
  a->paths[SM_SOURCE_MIX] = g_strdup (mix);
  a->paths[SM_SOURCE_TARGET] = g_strdup (target);
  a->paths[SM_SOURCE_INTERFERER] = g_strdup (interferer);
  for (SmSource s = 0; s < SM_N_SOURCES; s++)
    a->analyse[s] = TRUE;
  if (params != NULL)
    {
      a->params = *params;
      a->params_given = TRUE;
    }
  a->new_session = TRUE;
  a->given_mask = mask;
  run_analysis (self, a, sm_document_open_async, cancellable, callback, user_data);
}

gboolean
sm_document_open_finish (SmDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_analysis (self, result, error);
}

void
sm_document_open_reference_async (SmDocument          *self,
                                  SmSource             source,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SmAnalysis *a = g_new0 (SmAnalysis, 1);

  g_return_if_fail (SM_IS_DOCUMENT (self));
  g_return_if_fail (source == SM_SOURCE_TARGET || source == SM_SOURCE_INTERFERER);

  a->paths[source] = g_strdup (path);
  a->analyse[source] = TRUE;
  /* The mix is only read (its rate and length), so the job shares it. */
  if (self->audio[SM_SOURCE_MIX] != NULL)
    a->audio[SM_SOURCE_MIX] = sm_shared_audio_ref (self->audio[SM_SOURCE_MIX]);
  a->params = self->params;
  a->params_given = self->stft != NULL;
  run_analysis (self, a, sm_document_open_reference_async, cancellable, callback, user_data);
}

gboolean
sm_document_open_reference_finish (SmDocument    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_analysis (self, result, error);
}

void
sm_document_set_stft_async (SmDocument          *self,
                            const SmStftParams  *params,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SmAnalysis *a = g_new0 (SmAnalysis, 1);

  g_return_if_fail (SM_IS_DOCUMENT (self));
  g_return_if_fail (sm_document_is_loaded (self));

  for (SmSource s = 0; s < SM_N_SOURCES; s++)
    if (self->audio[s] != NULL)
      {
        a->audio[s] = sm_shared_audio_ref (self->audio[s]);
        a->analyse[s] = TRUE;
      }
  a->params = *params;
  a->params_given = TRUE;
  /* A copy: the user may go on editing while the job runs. */
  a->old_mask = sm_mask_copy (sm_mask_model_get_mask (self->mask_model));
  a->old_grid = sm_document_get_grid (self);
  run_analysis (self, a, sm_document_set_stft_async, cancellable, callback, user_data);
}

gboolean
sm_document_set_stft_finish (SmDocument    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return finish_analysis (self, result, error);
}

/* --- getters ------------------------------------------------------------------------- */

gboolean
sm_document_is_loaded (SmDocument *self)
{
  return self->levels[SM_SOURCE_MIX] != NULL;
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
  return sm_shared_audio_get (self->audio[source]);
}

SmSharedAudio *
sm_document_get_shared_audio (SmDocument *self,
                              SmSource    source)
{
  return self->audio[source];
}

/* The complex spectrogram, for callers that still need one: computed here, on the main
 * thread, the first time it is asked for, and kept until the source or the grid changes. */
static SmSpectrogram *
compute_spectrogram (SmDocument *self,
                     SmSource    source)
{
  const SmAudio *audio = sm_shared_audio_get (self->audio[source]);
  g_autofree float *mono = NULL;
  SmSpectrogram *spec;
  SmStatus status = SM_ERROR_NOMEM;

  if (audio->channels > 1)
    {
      mono = sm_audio_mixdown (audio);
      if (mono == NULL)
        return NULL;
    }
  spec = sm_spectrogram_new (sm_stft_n_frames (self->stft, audio->frames),
                             sm_stft_n_bins (self->stft), &status);
  if (spec != NULL)
    status = sm_stft_forward (self->stft, mono != NULL ? mono : audio->data[0], audio->frames,
                              spec, NULL);
  if (status != SM_OK)
    {
      g_warning ("Cannot compute the %s spectrogram: %s",
                 source == SM_SOURCE_MIX ? "mix" : "reference", sm_strerror (status));
      sm_spectrogram_free (&spec);
    }
  return spec;
}

const SmSpectrogram *
sm_document_get_spectrogram (SmDocument *self,
                             SmSource    source)
{
  if (self->spec[source] == NULL && self->levels[source] != NULL && self->stft != NULL)
    self->spec[source] = compute_spectrogram (self, source);
  return self->spec[source];
}

SmLevels *
sm_document_get_levels (SmDocument *self,
                        SmSource    source)
{
  return self->levels[source];
}

size_t
sm_document_get_n_frames (SmDocument *self)
{
  return self->levels[SM_SOURCE_MIX] != NULL
         ? sm_levels_get_n_frames (self->levels[SM_SOURCE_MIX]) : 0;
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
  return _sm_analysis_grid (&self->params,
                            sm_shared_audio_get (self->audio[SM_SOURCE_MIX])->rate);
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
