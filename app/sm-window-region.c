/* sm-window-region.c: hearing one time-frequency region of the mix: through the current
 * mask, or through the rectangle the view shows, limited to the time selection when there
 * is one. The signal (ISTFT of mix x region) is rendered in a worker and played as the
 * "Region" source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-window-private.h"

typedef struct
{
  SmSharedAudio *mix;       /* the document's, shared */
  SmMask        *region;
  SmStftParams   stft;
  double         start;     /* seconds, where playback begins */
} RegionJob;

static void
region_job_free (RegionJob *job)
{
  sm_shared_audio_unref (job->mix);
  sm_mask_free (&job->region);
  g_free (job);
}

static void
region_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RegionJob *job = data;
  SmError core_error = { 0 };
  g_autoptr (SmStft) stft = sm_stft_new (&job->stft, &core_error);
  SmAudio *out = NULL;
  SmStatus status;

  if (stft == NULL)
    {
      g_task_return_new_error (task, SM_CORE_ERROR, (int) core_error.status, "%s",
                               core_error.message);
      return;
    }
  status = sm_separate_apply_mask (stft, sm_shared_audio_get (job->mix), job->region, &out,
                                   NULL);
  if (status != SM_OK)
    g_task_return_new_error (task, SM_CORE_ERROR, (int) status, "Region: %s",
                             sm_strerror (status));
  else
    g_task_return_pointer (task, sm_shared_audio_new (out),
                           (GDestroyNotify) sm_shared_audio_unref);
}

static void
region_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmSharedAudio) audio = g_task_propagate_pointer (G_TASK (result), &error);
  RegionJob *job = g_task_get_task_data (G_TASK (result));

  if (g_task_get_cancellable (G_TASK (result)) != self->region_cancellable)
    return;   /* a newer request replaced it */
  g_clear_object (&self->region_cancellable);
  if (audio == NULL)
    {
      _sm_window_show_error (self, _("Could Not Render the Region"), error);
      return;
    }
  sm_player_set_audio (self->player, SM_PLAY_REGION, audio);
  _sm_window_play_source (self, SM_PLAY_REGION);
  sm_player_seek (self->player, job->start);
  sm_player_play (self->player);
}

/* Keeps the frames of [@first, @last] and the bins of [@lo, @hi] (inclusive) of @region;
 * zeroes the rest. */
static void
crop (SmMask *region,
      size_t  first,
      size_t  last,
      int     lo,
      int     hi)
{
  for (size_t t = 0; t < region->n_frames; t++)
    for (int f = 0; f < region->n_bins; f++)
      if (t < first || t > last || f < lo || f > hi)
        region->levels[t * (size_t) region->n_bins + (size_t) f] = 0;
}

/* @through_mask: the mix through the mask; otherwise through the rectangle in view. */
void
_sm_window_play_region (SmWindow *self,
                        gboolean  through_mask)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  SmSharedAudio *mix = sm_document_get_shared_audio (self->document, SM_SOURCE_MIX);
  int rate = mix != NULL ? sm_shared_audio_get (mix)->rate : 0;
  g_autoptr (GTask) task = NULL;
  RegionJob *job;
  double first, last, width = gtk_widget_get_width (self->views[SM_PANE_MIX]);
  int lo = 0, hi;

  if (model == NULL || mix == NULL)
    return;
  _sm_window_preview_commit (self);
  job = g_new0 (RegionJob, 1);
  job->mix = sm_shared_audio_ref (mix);
  job->region = sm_mask_copy (sm_mask_model_get_mask (model));
  job->stft = *sm_document_get_stft_params (self->document);
  if (job->mix == NULL || job->region == NULL)
    {
      region_job_free (job);
      _sm_window_toast (self, _("Not enough memory to render the region"));
      return;
    }
  hi = job->region->n_bins - 1;
  if (self->has_time_selection)
    {
      first = sm_viewport_seconds_to_frame (self->viewport, self->time_selection[0]);
      last = sm_viewport_seconds_to_frame (self->viewport, self->time_selection[1]);
    }
  else if (through_mask)
    {
      first = 0;
      last = (double) job->region->n_frames;
    }
  else
    {
      first = sm_viewport_x_to_frame (self->viewport, 0);
      last = sm_viewport_x_to_frame (self->viewport, width);
    }
  if (!through_mask)
    {
      /* The rectangle: the frequencies the panes show, every bin in it kept. */
      lo = (int) MAX (0.0, floor (sm_viewport_get_freq_min (self->viewport) * job->stft.n_fft
                                  / rate));
      hi = (int) ceil (sm_viewport_get_freq_max (self->viewport) * job->stft.n_fft / rate);
      sm_mask_fill (job->region, 1.0f, NULL);
    }
  first = MAX (0.0, floor (first));
  last = MIN ((double) job->region->n_frames - 1, ceil (last));
  crop (job->region, (size_t) first, (size_t) last, lo, hi);
  job->start = sm_viewport_frame_to_seconds (self->viewport, first);
  g_message ("Region: %s, frames %.0f-%.0f, bins %d-%d",
             through_mask ? "through the mask" : "the rectangle in view", first, last, lo, hi);

  if (self->region_cancellable != NULL)
    g_cancellable_cancel (self->region_cancellable);
  g_clear_object (&self->region_cancellable);
  self->region_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->region_cancellable, region_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, _sm_window_play_region);
  g_task_set_task_data (task, job, (GDestroyNotify) region_job_free);
  g_task_run_in_thread (task, region_thread);
}
