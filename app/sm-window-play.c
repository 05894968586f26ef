/* sm-window-play.c: the transport bar, A/B source switching and the playhead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sm-window-private.h"

static void
draw_playhead (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        data)
{
  SmWindow *self = data;
  GtkWidget *mix = self->views[SM_PANE_MIX];
  double seconds = sm_player_get_position (self->player);
  double x = sm_viewport_frame_to_x (self->viewport,
                                     sm_viewport_seconds_to_frame (self->viewport, seconds));
  double ax, ay;

  if (sm_document_is_loaded (self->document))
    _sm_window_draw_time_selection (self, GTK_WIDGET (area), cr, height);
  if (!sm_document_is_loaded (self->document) || !gtk_widget_get_mapped (mix)
      || x < 0 || x > gtk_widget_get_width (mix)
      || !gtk_widget_translate_coordinates (mix, GTK_WIDGET (area), x, 0, &ax, &ay))
    return;
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, ax, ay);
  cairo_line_to (cr, ax, height);
  cairo_stroke (cr);
}

static void
position_cb (SmWindow *self)
{
  double seconds = sm_player_get_position (self->player);
  int ms = (int) (seconds * 1000.0);
  g_autofree char *text = g_strdup_printf ("%d:%02d.%03d", ms / 60000, ms / 1000 % 60, ms % 1000);
  double frame = sm_viewport_seconds_to_frame (self->viewport, seconds);
  double x = sm_viewport_frame_to_x (self->viewport, frame);
  int width = gtk_widget_get_width (self->views[SM_PANE_MIX]);

  gtk_label_set_label (GTK_LABEL (self->play_position), text);
  /* The view follows the playhead a page at a time. */
  if (sm_player_get_playing (self->player) && width > 0 && (x > 0.95 * width || x < 0))
    sm_viewport_set_time_start (self->viewport,
                                frame - 0.05 * width
                                        * sm_viewport_get_frames_per_pixel (self->viewport));
  gtk_widget_queue_draw (self->playhead);
}

static void
playing_cb (SmWindow *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            sm_player_get_playing (self->player)
                            ? "media-playback-pause-symbolic"
                            : "media-playback-start-symbolic");
}

static void
source_selected_cb (GtkDropDown *drop,
                    GParamSpec  *pspec,
                    SmWindow    *self)
{
  SmPlaySource source = gtk_drop_down_get_selected (drop);

  if (source != sm_player_get_source (self->player)
      && !sm_player_set_source (self->player, source))
    {
      _sm_window_toast (self, _("Nothing to play there yet"));
      gtk_drop_down_set_selected (drop, sm_player_get_source (self->player));
    }
}

GtkWidget *
_sm_window_build_transport (SmWindow *self)
{
  static const char *const sources[] = {
    N_("Mix"), N_("Target"), N_("Masked"), N_("Estimate"), N_("Residual"), N_("Region"),
    NULL,
  };
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *stop = gtk_button_new_from_icon_name ("media-playback-stop-symbolic");
  GtkWidget *region_mask, *region_view;

  self->player = sm_player_new ();
  self->play_button = gtk_button_new_from_icon_name ("media-playback-start-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->play_button), "play.toggle");
  gtk_widget_set_tooltip_text (self->play_button, _("Play or pause (Space)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (stop), "play.stop");
  gtk_widget_set_tooltip_text (stop, _("Stop and go back to the start"));
  self->play_source = gtk_drop_down_new_from_strings (sources);
  gtk_widget_set_tooltip_text (self->play_source,
                               _("What to hear (keys 1-6); switching keeps the position"));
  self->play_position = gtk_label_new ("0:00.000");
  gtk_widget_add_css_class (self->play_position, "numeric");

  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_top (bar, 4);
  gtk_widget_set_margin_bottom (bar, 4);
  gtk_box_append (GTK_BOX (bar), self->play_button);
  gtk_box_append (GTK_BOX (bar), stop);
  self->loop_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->loop_button), "media-playlist-repeat-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->loop_button), "play.loop");
  gtk_widget_set_tooltip_text (self->loop_button,
                               _("Loop the time selection, or the whole file without one "
                                 "(Ctrl+L); drag on the time ruler to select"));
  region_mask = gtk_button_new_with_mnemonic (_("Hear _Mask"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (region_mask), "play.region-mask");
  gtk_widget_set_tooltip_text (region_mask,
                               _("Play the mix through the current mask, in the time "
                                 "selection if there is one (M)"));
  region_view = gtk_button_new_with_mnemonic (_("Hear _View"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (region_view), "play.region-view");
  gtk_widget_set_tooltip_text (region_view,
                               _("Play the mix through the rectangle the panes show: their "
                                 "frequency range, over the time selection or the visible "
                                 "time (V)"));
  gtk_box_append (GTK_BOX (bar), self->loop_button);
  gtk_box_append (GTK_BOX (bar), self->play_source);
  gtk_box_append (GTK_BOX (bar), self->play_position);
  gtk_box_append (GTK_BOX (bar), region_mask);
  gtk_box_append (GTK_BOX (bar), region_view);

  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (position_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::playing", G_CALLBACK (playing_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->play_source, "notify::selected",
                           G_CALLBACK (source_selected_cb), self, 0);
  return bar;
}

GtkWidget *
_sm_window_build_playhead (SmWindow *self)
{
  self->playhead = gtk_drawing_area_new ();
  gtk_widget_set_can_target (self->playhead, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->playhead), draw_playhead, self, NULL);
  g_signal_connect_object (self->viewport, "changed", G_CALLBACK (gtk_widget_queue_draw),
                           self->playhead, G_CONNECT_SWAPPED);
  return self->playhead;
}

/* Hands the player every signal it can play now: references, not copies; the ones it has
 * already cost nothing. */
void
_sm_window_play_sync (SmWindow *self)
{
  sm_player_set_audio (self->player, SM_PLAY_MIX,
                       sm_document_get_shared_audio (self->document, SM_SOURCE_MIX));
  sm_player_set_audio (self->player, SM_PLAY_TARGET,
                       sm_document_get_shared_audio (self->document, SM_SOURCE_TARGET));
  sm_player_set_audio (self->player, SM_PLAY_MASKED,
                       self->result ? self->result->signals[SM_RESULT_MASKED] : NULL);
  sm_player_set_audio (self->player, SM_PLAY_ESTIMATE,
                       self->result ? self->result->signals[SM_RESULT_ESTIMATE] : NULL);
  sm_player_set_audio (self->player, SM_PLAY_RESIDUAL,
                       self->result ? self->result->signals[SM_RESULT_RESIDUAL] : NULL);
}

void
_sm_window_play_toggle (SmWindow *self)
{
  if (sm_player_get_playing (self->player))
    sm_player_pause (self->player);
  else
    sm_player_play (self->player);
}

void
_sm_window_play_source (SmWindow     *self,
                        SmPlaySource  source)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->play_source), source);
}
