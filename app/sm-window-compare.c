/* sm-window-compare.c: where the mask disagrees with the ideal binary mask, drawn over the
 * mask pane: bins it keeps that the IBM drops (false keep) and bins it drops that the IBM
 * keeps (false drop), in two colours. Needs the target; the interferer defaults to
 * mix - target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sm-window-private.h"

/* Warm for kept-but-wrong, cool for dropped-but-wanted; both stand out on black and white. */
static const double false_keep_rgb[3] = { 1.0, 0.55, 0.0 };
static const double false_drop_rgb[3] = { 0.1, 0.65, 1.0 };

typedef struct
{
  SmSharedAudio *mix;          /* the document's, shared */
  SmSharedAudio *target;
  SmSharedAudio *interferer;   /* NULL: mix - target */
  SmStftParams   stft;
  double         lc_db;
} IbmJob;

static void
ibm_job_free (IbmJob *job)
{
  sm_shared_audio_unref (job->mix);
  sm_shared_audio_unref (job->target);
  sm_shared_audio_unref (job->interferer);
  g_free (job);
}

static void
ibm_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  IbmJob *job = data;
  const SmAudio *mix = sm_shared_audio_get (job->mix);
  const SmAudio *clean = sm_shared_audio_get (job->target);
  const SmAudio *other = sm_shared_audio_get (job->interferer);
  SmError core_error = { 0 };
  g_autoptr (SmStft) stft = sm_stft_new (&job->stft, &core_error);
  g_autoptr (SmAudio) rest = NULL;
  g_autoptr (SmSpectrogram) target = NULL;
  g_autoptr (SmSpectrogram) interferer = NULL;
  g_autoptr (SmMask) ibm = NULL;
  SmStatus status = SM_ERROR_NOMEM;

  if (stft == NULL)
    {
      g_task_return_new_error (task, SM_CORE_ERROR, (int) core_error.status, "%s",
                               core_error.message);
      return;
    }
  if (other == NULL)
    status = sm_audio_subtract (mix, clean, &rest);
  target = sm_spectrogram_of_audio (stft, clean, NULL, NULL);
  interferer = sm_spectrogram_of_audio (stft, other != NULL ? other : rest, NULL, NULL);
  if (target != NULL && interferer != NULL)
    ibm = sm_mask_new (target->n_frames, target->n_bins, 0.0f, &status);
  if (ibm != NULL)
    status = sm_mask_ibm (ibm, target, interferer, job->lc_db, SM_IBM_DEFAULT_FLOOR_DB);
  if (status != SM_OK || ibm == NULL)
    {
      g_task_return_new_error (task, SM_CORE_ERROR, (int) status, "Ideal binary mask: %s",
                               sm_strerror (status));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&ibm), (GDestroyNotify) sm_mask_release);
}

static void report_counts (SmWindow *self);

static void
ibm_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  SmMask *ibm = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_task_get_cancellable (G_TASK (result)) != self->ibm_cancellable)
    {
      sm_mask_free (&ibm);
      return;
    }
  g_clear_object (&self->ibm_cancellable);
  if (ibm == NULL)
    {
      _sm_window_show_error (self, _("Could Not Compare with the Ideal Mask"), error);
      return;
    }
  sm_mask_free (&self->ibm);
  self->ibm = ibm;
  report_counts (self);
  gtk_widget_queue_draw (self->compare_layer);
}

/* Whether the IBM can be made: a target (the interferer defaults to mix - target). */
gboolean
_sm_window_compare_available (SmWindow *self)
{
  return sm_document_is_loaded (self->document)
         && sm_document_has_source (self->document, SM_SOURCE_TARGET);
}

static void
compute_ibm (SmWindow *self)
{
  g_autoptr (GTask) task = NULL;
  IbmJob *job;

  if (self->ibm_cancellable != NULL)
    g_cancellable_cancel (self->ibm_cancellable);
  g_clear_object (&self->ibm_cancellable);
  sm_mask_free (&self->ibm);
  gtk_widget_queue_draw (self->compare_layer);
  if (!self->compare_ibm || !_sm_window_compare_available (self))
    return;

  job = g_new0 (IbmJob, 1);
  job->mix = sm_shared_audio_ref (sm_document_get_shared_audio (self->document,
                                                                SM_SOURCE_MIX));
  job->target = sm_shared_audio_ref (sm_document_get_shared_audio (self->document,
                                                                   SM_SOURCE_TARGET));
  if (sm_document_has_source (self->document, SM_SOURCE_INTERFERER))
    job->interferer = sm_shared_audio_ref (sm_document_get_shared_audio (self->document,
                                                                         SM_SOURCE_INTERFERER));
  job->stft = *sm_document_get_stft_params (self->document);
  job->lc_db = gtk_adjustment_get_value (self->lc_db);
  self->ibm_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->ibm_cancellable, ibm_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, compute_ibm);
  g_task_set_task_data (task, job, (GDestroyNotify) ibm_job_free);
  g_task_run_in_thread (task, ibm_thread);
}

/* Counts over the whole grid, for the log (and the tests that read it). */
static void
report_counts (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  const SmMask *mask = model != NULL ? sm_mask_model_get_mask (model) : NULL;
  size_t false_keep = 0, false_drop = 0, n;

  if (self->ibm == NULL || mask == NULL || mask->n_frames != self->ibm->n_frames
      || mask->n_bins != self->ibm->n_bins)
    return;
  n = mask->n_frames * (size_t) mask->n_bins;
  for (size_t i = 0; i < n; i++)
    {
      gboolean kept = mask->levels[i] >= SM_MASK_LEVEL_KEPT;
      gboolean ideal = self->ibm->levels[i] >= SM_MASK_LEVEL_KEPT;

      false_keep += kept && !ideal;
      false_drop += !kept && ideal;
    }
  g_message ("Compared with the ideal binary mask: %zu false keep, %zu false drop of %zu bins",
             false_keep, false_drop, n);
}

static void
legend (cairo_t    *cr,
        double      x,
        double      y,
        const double rgb[3],
        const char *text)
{
  cairo_text_extents_t extents;

  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_rectangle (cr, x, y - 9, 10, 10);
  cairo_fill (cr);
  cairo_move_to (cr, x + 14, y);
  cairo_text_extents (cr, text, &extents);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_rectangle (cr, x + 12, y - 11, extents.x_advance + 4, 14);
  cairo_fill (cr);
  cairo_move_to (cr, x + 14, y);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_show_text (cr, text);
}

/* Paints, pixel by pixel, the bins under each pixel of the mask pane that disagree. */
static void
draw_compare (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  SmWindow *self = data;
  GtkWidget *pane = self->views[SM_PANE_MASK];
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  const SmMask *mask = model != NULL ? sm_mask_model_get_mask (model) : NULL;
  const SmMask *ibm = self->ibm;
  int pw = gtk_widget_get_width (pane), ph = gtk_widget_get_height (pane);
  g_autofree int *rows = NULL;
  cairo_surface_t *surface;
  guint32 *pixels;
  int stride;
  double ox, oy;

  if (!self->compare_ibm || ibm == NULL || mask == NULL || pw <= 0 || ph <= 0
      || mask->n_frames != ibm->n_frames || mask->n_bins != ibm->n_bins
      || !gtk_widget_get_mapped (pane)
      || !gtk_widget_translate_coordinates (pane, GTK_WIDGET (area), 0, 0, &ox, &oy))
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  pixels = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  rows = g_new (int, ph);
  for (int y = 0; y < ph; y++)
    {
      double bin = sm_viewport_y_to_bin (self->viewport, y + 0.5, ph);

      rows[y] = bin >= -0.5 && bin < mask->n_bins - 0.5 ? (int) (bin + 0.5) : -1;
    }
  for (int x = 0; x < pw; x++)
    {
      double frame = sm_viewport_x_to_frame (self->viewport, x + 0.5);
      size_t t;

      if (!(frame >= -0.5 && frame < mask->n_frames - 0.5))
        continue;
      t = (size_t) (frame + 0.5);
      for (int y = 0; y < ph; y++)
        {
          size_t i = t * (size_t) mask->n_bins + (size_t) rows[y];
          gboolean kept, ideal;

          if (rows[y] < 0)
            continue;
          kept = mask->levels[i] >= SM_MASK_LEVEL_KEPT;
          ideal = ibm->levels[i] >= SM_MASK_LEVEL_KEPT;
          /* Premultiplied ARGB, opaque: the disagreement is the point of this view. */
          if (kept && !ideal)
            pixels[y * stride + x] = 0xff000000u | (guint32) (false_keep_rgb[0] * 255) << 16
                                     | (guint32) (false_keep_rgb[1] * 255) << 8
                                     | (guint32) (false_keep_rgb[2] * 255);
          else if (!kept && ideal)
            pixels[y * stride + x] = 0xff000000u | (guint32) (false_drop_rgb[0] * 255) << 16
                                     | (guint32) (false_drop_rgb[1] * 255) << 8
                                     | (guint32) (false_drop_rgb[2] * 255);
        }
    }
  cairo_surface_mark_dirty (surface);
  cairo_save (cr);
  cairo_rectangle (cr, ox, oy, pw, ph);
  cairo_clip (cr);
  cairo_set_source_surface (cr, surface, ox, oy);
  cairo_paint (cr);
  cairo_surface_destroy (surface);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  legend (cr, ox + pw - 330, oy + 16, false_keep_rgb, _("kept, the IBM drops it"));
  legend (cr, ox + pw - 170, oy + 16, false_drop_rgb, _("dropped, the IBM keeps it"));
  cairo_restore (cr);
}

GtkWidget *
_sm_window_build_compare (SmWindow *self)
{
  self->compare_layer = gtk_drawing_area_new ();
  gtk_widget_set_can_target (self->compare_layer, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->compare_layer), draw_compare, self,
                                  NULL);
  g_signal_connect_object (self->viewport, "changed", G_CALLBACK (gtk_widget_queue_draw),
                           self->compare_layer, G_CONNECT_SWAPPED);
  return self->compare_layer;
}

static void
mask_changed_cb (SmWindow *self)
{
  if (self->compare_ibm)
    gtk_widget_queue_draw (self->compare_layer);
}

static void
mask_history_cb (SmWindow *self)
{
  if (self->compare_ibm)
    report_counts (self);
}

/* The sources, the grid or the criterion changed: a new IBM, and the new mask model's
 * signals. */
void
_sm_window_compare_sync (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);

  if (model != NULL)
    {
      g_signal_handlers_disconnect_by_func (model, mask_changed_cb, self);
      g_signal_handlers_disconnect_by_func (model, mask_history_cb, self);
      g_signal_connect_object (model, "changed", G_CALLBACK (mask_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "history-changed", G_CALLBACK (mask_history_cb), self,
                               G_CONNECT_SWAPPED);
    }
  if (self->compare_ibm && !_sm_window_compare_available (self))
    _sm_window_set_compare (self, FALSE);
  else
    compute_ibm (self);
}

void
_sm_window_set_compare (SmWindow *self,
                        gboolean  compare)
{
  if (compare && !_sm_window_compare_available (self))
    {
      _sm_window_toast (self, _("Open the target (and the interferer, or it is taken as mix "
                                "- target) to compare with the ideal mask"));
      compare = FALSE;
    }
  if (self->compare_ibm == compare)
    return;
  self->compare_ibm = compare;
  /* The pane's title says what it shows now (the colours stand on top of the mask). */
  if (self->views[SM_PANE_MASK] != NULL)
    sm_spectrogram_view_set_title (SM_SPECTROGRAM_VIEW (self->views[SM_PANE_MASK]),
                                   compare ? _("Mask against the ideal binary mask")
                                           : _("Mask"));
  g_message ("Comparison with the ideal binary mask %s", compare ? "shown" : "hidden");
  compute_ibm (self);
  g_object_notify (G_OBJECT (self), "compare-ibm");
}

void
_sm_window_compare_dispose (SmWindow *self)
{
  if (self->ibm_cancellable != NULL)
    g_cancellable_cancel (self->ibm_cancellable);
  g_clear_object (&self->ibm_cancellable);
  sm_mask_free (&self->ibm);
}
