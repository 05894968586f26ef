/* sm-window-panes.c: the stacked, synchronised spectrogram panes and the readout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-colorbar.h"
#include "sm-freq-ruler.h"
#include "sm-time-ruler.h"
#include "sm-window-private.h"

static const char *const pane_titles[SM_N_PANES] = {
  N_("Mix"), N_("Target"), N_("Interferer"), N_("Mask"), N_("Estimate"), N_("Residual"),
};

/* Removed bins show through a red tint: red reads as "taken out" on every colour map. */
static const GdkRGBA overlay_color = { 0.93, 0.11, 0.14, 1.0 };

SmSpectrogramView *
_sm_window_mix_view (SmWindow *self)
{
  return SM_SPECTROGRAM_VIEW (self->views[SM_PANE_MIX]);
}

static void
note_name (double  hz,
           char   *out,
           gsize   len)
{
  static const char *const names[12] = {
    "C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B",
  };
  long midi;

  if (!(hz >= 8.0))
    {
      g_strlcpy (out, "", len);
      return;
    }
  midi = lround (69.0 + 12.0 * log2 (hz / 440.0));
  g_snprintf (out, len, " (%s%ld)", names[((midi % 12) + 12) % 12], midi / 12 - 1);
}

static char *
format_time (double seconds)
{
  int ms = (int) lround (fmax (seconds, 0.0) * 1000.0);

  return g_strdup_printf ("%d:%02d:%02d.%03d", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
                          ms % 1000);
}

static void
update_readout (SmWindow *self)
{
  const double frame = self->readout_frame, bin = self->readout_bin;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *time = NULL;
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  char note[32];
  double hz;

  if (frame < 0.0 || !sm_document_is_loaded (self->document))
    {
      gtk_inscription_set_text (self->readout_label, " ");
      return;
    }

  hz = sm_viewport_bin_to_hz (self->viewport, bin);
  time = format_time (sm_viewport_frame_to_seconds (self->viewport, frame));
  note_name (hz, note, sizeof note);
  g_string_append_printf (text, "%s   %.0f Hz%s", time, hz, note);
  for (SmSource s = 0; s < SM_N_SOURCES; s++)
    {
      SmLevels *levels = sm_document_get_levels (self->document, s);

      if (levels != NULL)
        g_string_append_printf (text, "   %s %.1f dB", _(pane_titles[s]),
                                sm_levels_lookup (levels, frame, bin));
    }
  if (model != NULL)
    {
      SmMask *mask = sm_mask_model_get_mask (model);
      long long t = llround (frame);
      long long f = llround (bin);

      if (t >= 0 && f >= 0 && (size_t) t < mask->n_frames && f < mask->n_bins)
        g_string_append_printf (text, "   mask %.2f",
                                sm_mask_level_value (mask->levels[(size_t) t * (size_t) mask->n_bins
                                                                  + (size_t) f]));
    }
  gtk_inscription_set_text (self->readout_label, text->str);
}

static void
hover_cb (SmWindow  *self,
          double     frame,
          double     bin,
          GtkWidget *view)
{
  self->readout_frame = frame;
  self->readout_bin = bin;
  update_readout (self);
}

static void
mask_changed_cb (SmWindow     *self,
                 const SmRect *rect)
{
  if (self->readout_frame >= 0.0)
    update_readout (self);
}

void
_sm_window_readout_watch (SmWindow    *self,
                          SmMaskModel *model)
{
  g_signal_handlers_disconnect_by_func (model, mask_changed_cb, self);
  g_signal_connect_object (model, "changed", G_CALLBACK (mask_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static GtkWidget *
build_row (SmWindow *self,
           SmPane    pane)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *view = sm_spectrogram_view_new (self->viewport);

  gtk_widget_set_vexpand (row, TRUE);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_set_name (view, pane_titles[pane]);
  sm_spectrogram_view_set_title (SM_SPECTROGRAM_VIEW (view), _(pane_titles[pane]));
  if (pane == SM_PANE_MASK)
    sm_spectrogram_view_set_mode (SM_SPECTROGRAM_VIEW (view), SM_VIEW_MASK);
  g_signal_connect_object (view, "hover", G_CALLBACK (hover_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (row), sm_freq_ruler_new (self->viewport));
  gtk_box_append (GTK_BOX (row), view);
  self->views[pane] = view;
  return row;
}

void
_sm_window_fit (SmWindow *self)
{
  int width = gtk_widget_get_width (self->views[SM_PANE_MIX]);

  sm_viewport_fit (self->viewport, width > 0 ? width : 960);
  self->fitted_width = width;
  self->fitted_fpp = sm_viewport_get_frames_per_pixel (self->viewport);
}

/* The panes get their real width only after the first layout: until the user zooms, fit
 * again whenever the width changes. Runs on a frame-clock tick while a document is shown. */
static gboolean
keep_fit_cb (GtkWidget     *view,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  SmWindow *self = user_data;
  int width = gtk_widget_get_width (view);

  if (sm_viewport_get_n_frames (self->viewport) == 0)
    return G_SOURCE_CONTINUE;
  if (sm_viewport_get_frames_per_pixel (self->viewport) != self->fitted_fpp)
    return G_SOURCE_CONTINUE;   /* the user zoomed: leave the view alone */
  if (width > 0 && width != self->fitted_width)
    _sm_window_fit (self);
  return G_SOURCE_CONTINUE;
}

void
_sm_window_build_panes (SmWindow *self)
{
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *stack = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *ruler_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *time_ruler = sm_time_ruler_new (self->viewport);
  GtkWidget *corner = sm_freq_ruler_new (self->viewport);
  GtkWidget *overlay;

  /* The time ruler lines up with the views: a frequency ruler's width of empty space. */
  gtk_widget_set_opacity (corner, 0.0);
  gtk_widget_set_size_request (corner, -1, 1);
  gtk_widget_set_hexpand (time_ruler, TRUE);
  _sm_window_attach_time_selection (self, time_ruler);
  gtk_box_append (GTK_BOX (ruler_row), corner);
  gtk_box_append (GTK_BOX (ruler_row), time_ruler);
  gtk_box_append (GTK_BOX (stack), ruler_row);

  for (SmPane pane = 0; pane < SM_N_PANES; pane++)
    {
      self->rows[pane] = build_row (self, pane);
      if (pane > 0)
        {
          GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

          g_object_bind_property (self->rows[pane], "visible", separator, "visible",
                                  G_BINDING_SYNC_CREATE);
          gtk_box_append (GTK_BOX (stack), separator);
        }
      gtk_box_append (GTK_BOX (stack), self->rows[pane]);
    }

  gtk_widget_set_hexpand (stack, TRUE);
  gtk_box_append (GTK_BOX (columns), stack);
  gtk_box_append (GTK_BOX (columns), sm_colorbar_new (self->viewport));
  gtk_widget_set_vexpand (columns, TRUE);
  /* The playhead crosses every pane: one line drawn over them all. */
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), columns);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), _sm_window_build_compare (self));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), _sm_window_build_playhead (self));
  gtk_widget_set_vexpand (overlay, TRUE);
  gtk_box_append (self->panes_box, overlay);
  gtk_box_append (self->panes_box, _sm_window_build_transport (self));

  _sm_window_set_tool (self, self->tool);
  _sm_window_sync_brush (self);
  gtk_widget_add_tick_callback (self->views[SM_PANE_MIX], keep_fit_cb, self, NULL);
}

void
_sm_window_update_panes (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  /* The frame count, not the complex spectrogram: computing that here took seconds and
   * gigabytes on the main thread for a long recording. */
  const size_t n_frames = sm_document_get_n_frames (self->document);
  SmMaskGrid grid;
  gboolean same_grid;

  if (n_frames == 0)
    return;

  grid = sm_document_get_grid (self->document);
  same_grid = memcmp (&grid, sm_viewport_get_grid (self->viewport), sizeof grid) == 0
              && sm_viewport_get_n_frames (self->viewport) == n_frames;
  if (!same_grid)
    {
      sm_viewport_set_grid (self->viewport, &grid, n_frames);
      _sm_window_fit (self);
    }

  for (SmPane pane = 0; pane < SM_N_PANES; pane++)
    {
      SmSpectrogramView *view = SM_SPECTROGRAM_VIEW (self->views[pane]);
      gboolean result = pane == SM_PANE_ESTIMATE || pane == SM_PANE_RESIDUAL;
      SmSource source = pane == SM_PANE_MASK || result ? SM_SOURCE_MIX : (SmSource) pane;
      SmLevels *levels = result ? _sm_window_result_levels (self, pane)
                                : sm_document_get_levels (self->document, source);

      /* Results show what a run produced; the mask is edited on the input panes. */
      sm_spectrogram_view_set_editable (view, !result);
      gtk_widget_set_visible (self->rows[pane], levels != NULL);
      sm_spectrogram_view_set_levels (view, levels);
      sm_spectrogram_view_set_mask_model (view, model);
      sm_spectrogram_view_set_overlay (view, pane != SM_PANE_MASK && !result, &overlay_color,
                                       gtk_adjustment_get_value (self->overlay_opacity));
    }
}

void
_sm_window_set_tool (SmWindow *self,
                     SmTool    tool)
{
  self->tool = tool;
  for (SmPane pane = 0; pane < SM_N_PANES; pane++)
    if (self->views[pane] != NULL)
      sm_spectrogram_view_set_tool (SM_SPECTROGRAM_VIEW (self->views[pane]), tool);
}
