/* sm-document-analysis.c: the document's worker: decoding, level codes and the mask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Memory is what limits how long a recording the editor can open, so the worker keeps
 * only what the editor draws and edits: the decoded audio (shared, never copied), 16-bit
 * level codes straight from a block-wise STFT (sm_stft_db_levels(): no complex
 * spectrogram and no mixed-down copy) with their block maxima, and the mask. An hour of
 * 44.1 kHz mono at N 2048 / hop 512 takes 0.6 GB of audio, 0.7 GB of codes and maxima and
 * the 1.3 GB float mask, where a complex spectrogram alone would take 2.5 GB. Everything
 * that touches every bin, making the mask included, happens here rather than on the main
 * thread.
 */
#include "config.h"

#include "sm-document-private.h"

#include "sm-bench.h"
#include "sm-core-glib.h"

static const char *const source_names[SM_N_SOURCES] = { "mix", "target", "interferer" };

void
_sm_analysis_free (SmAnalysis *a)
{
  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      g_free (a->paths[s]);
      g_clear_pointer (&a->audio[s], sm_shared_audio_unref);
      g_clear_pointer (&a->levels[s], sm_levels_unref);
    }
  sm_stft_free (&a->stft);
  sm_mask_free (&a->given_mask);
  sm_mask_free (&a->old_mask);
  sm_mask_free (&a->mask);
  g_clear_object (&a->progress);
  g_free (a);
}

SmMaskGrid
_sm_analysis_grid (const SmStftParams *params,
                   int                 rate)
{
  SmMaskGrid grid = { rate, params->n_fft, params->hop, params->pad != SM_PAD_NONE };

  return grid;
}

/* A freshly decoded reference must match the mix; conforming may rewrite its channels, so
 * it happens before the audio is shared. */
static gboolean
conform (SmAnalysis  *a,
         int          s,
         SmAudio     *audio,
         GError     **error)
{
  g_autofree char *name = NULL;
  SmError core_error = { 0 };

  if (a->audio[SM_SOURCE_MIX] == NULL)
    {
      g_set_error (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_NO_MIX,
                   "Open a mix before its references");
      return FALSE;
    }
  name = g_strdup_printf ("The %s %s", source_names[s], a->paths[s]);
  if (sm_audio_conform (audio, sm_shared_audio_get (a->audio[SM_SOURCE_MIX]), SM_LENGTH_STRICT,
                        name, &core_error) != SM_OK)
    {
      g_set_error_literal (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_MISMATCH,
                           core_error.message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
decode (SmAnalysis    *a,
        GCancellable  *cancellable,
        GError       **error)
{
  /* The mix comes first: the references conform to it. */
  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      g_autofree char *base = NULL;
      g_autofree char *stage = NULL;
      g_autoptr (SmAudio) audio = NULL;
      SmError core_error = { 0 };
      SmAudioInfo info;

      if (a->paths[s] == NULL)
        continue;
      base = g_path_get_basename (a->paths[s]);
      stage = g_strdup_printf ("Decoding %s", base);
      sm_progress_set (a->progress, 0.05 * s, stage);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (sm_audio_read (a->paths[s], &audio, &info, &core_error) != SM_OK)
        return sm_propagate_core_error (error, &core_error);
      if (info.warning[0] != '\0')
        g_warning ("%s", info.warning);
      if (s != SM_SOURCE_MIX && !conform (a, s, audio, error))
        return FALSE;
      g_clear_pointer (&a->audio[s], sm_shared_audio_unref);
      a->audio[s] = sm_shared_audio_new (g_steal_pointer (&audio));
    }

  if (a->audio[SM_SOURCE_MIX] == NULL)
    {
      g_set_error (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_NO_MIX,
                   "Open a mix before its references");
      return FALSE;
    }
  return TRUE;
}

static gboolean
analyse (SmAnalysis    *a,
         GCancellable  *cancellable,
         GError       **error)
{
  const SmAudio *mix = sm_shared_audio_get (a->audio[SM_SOURCE_MIX]);
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
    n_sources += a->audio[s] != NULL && a->analyse[s];

  for (int s = 0; s < SM_N_SOURCES; s++)
    {
      const SmAudio *audio = sm_shared_audio_get (a->audio[s]);
      SmProgressScope scope = { a->progress, cancellable, 0.15 + 0.75 * done / n_sources,
                                0.75 / n_sources };
      SmRun run = { 0, sm_progress_core_cb, &scope };
      SmStatus status = SM_ERROR_NOMEM;
      SmDbLevels *codes;
      guint16 peak = 0;

      if (audio == NULL || !a->analyse[s])
        continue;
      sm_progress_set (a->progress, scope.from, "Computing spectrograms");
      codes = sm_db_levels_new (sm_stft_n_frames (a->stft, audio->frames),
                                sm_stft_n_bins (a->stft), &status);
      if (codes != NULL)
        status = sm_stft_db_levels (a->stft, (const float *const *) audio->data,
                                    audio->channels, audio->frames, codes, &peak, &run);
      if (status != SM_OK)
        sm_db_levels_free (&codes);
      if (status == SM_ERROR_CANCELLED)
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (status != SM_OK)
        return sm_set_core_status (error, status, "Spectrogram");
      a->levels[s] = sm_levels_new_take (codes, peak);
      if (a->levels[s] == NULL)
        return sm_set_core_status (error, SM_ERROR_NOMEM, "Spectrogram levels");
      done++;
    }
  return TRUE;
}

typedef struct
{
  SmMaskLevel *levels;
  size_t       n;
  SmMaskLevel  level;
} FillPart;

static gpointer
fill_part (gpointer data)
{
  FillPart *part = data;

  memset (part->levels, part->level, part->n);
  return NULL;
}

static void
fill_in_parallel (SmMaskLevel *levels,
                  size_t       n,
                  SmMaskLevel  level)
{
  const guint n_parts = CLAMP (g_get_num_processors (), 1, 8);
  FillPart parts[8];
  GThread *threads[8] = { NULL };

  for (guint p = 0; p < n_parts; p++)
    {
      size_t begin = n / n_parts * p, end = p + 1 == n_parts ? n : n / n_parts * (p + 1);

      parts[p] = (FillPart) { levels + begin, end - begin, level };
      if (p > 0)
        threads[p] = g_thread_try_new ("sm-fill", fill_part, &parts[p], NULL);
      if (p > 0 && threads[p] == NULL)
        fill_part (&parts[p]);
    }
  fill_part (&parts[0]);
  for (guint p = 1; p < n_parts; p++)
    if (threads[p] != NULL)
      g_thread_join (threads[p]);
}

/* The mask for the new grid: a saved one (which must fit it), the old one resampled so
 * that changing the FFT size never loses work, or for a new recording every bin kept (the
 * output equals the mix until the user removes something). */
static gboolean
make_mask (SmAnalysis  *a,
           GError     **error)
{
  const SmAudio *mix = sm_shared_audio_get (a->audio[SM_SOURCE_MIX]);
  SmMaskGrid grid = _sm_analysis_grid (&a->params, mix->rate);
  const size_t n_frames = sm_stft_n_frames (a->stft, mix->frames);
  const int n_bins = sm_stft_n_bins (a->stft);
  SmStatus status = SM_OK;

  if (a->given_mask != NULL)
    {
      if (a->given_mask->n_frames != n_frames || a->given_mask->n_bins != n_bins)
        {
          g_set_error (error, SM_DOCUMENT_ERROR, SM_DOCUMENT_ERROR_MISMATCH,
                       "The saved mask is %zu frames × %d bins but the mix at the saved "
                       "analysis settings has %zu frames × %d bins", a->given_mask->n_frames,
                       a->given_mask->n_bins, n_frames, n_bins);
          return FALSE;
        }
      a->mask = g_steal_pointer (&a->given_mask);
      return TRUE;
    }
  if (a->old_mask == NULL && !a->new_session)
    return TRUE;

  sm_progress_set (a->progress, 0.95, "Preparing the mask");
  /* Zeros cost nothing until touched; the ones are written by every core at once, since
   * this is first-touch page faulting (318 MB for an hour of audio) more than copying. */
  a->mask = sm_mask_new (n_frames, n_bins, 0.0f, &status);
  if (a->mask != NULL && a->old_mask != NULL)
    status = sm_mask_resample (a->old_mask, &a->old_grid, a->mask, &grid);
  else if (a->mask != NULL)
    {
      fill_in_parallel (a->mask->levels, n_frames * (size_t) n_bins, SM_MASK_LEVEL_MAX);
      a->mask_all_kept = TRUE;
    }
  if (status != SM_OK)
    return sm_set_core_status (error, status, "Resampling the mask");
  sm_mask_free (&a->old_mask);
  return TRUE;
}

void
_sm_analysis_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SmAnalysis *a = task_data;
  GError *error = NULL;

  if (!decode (a, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  sm_bench_mark ("decoded");
  if (analyse (a, cancellable, &error) && make_mask (a, &error))
    {
      sm_progress_set (a->progress, 1.0, "Done");
      sm_bench_mark ("analysed");
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}
