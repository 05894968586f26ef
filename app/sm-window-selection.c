/* sm-window-selection.c: the time selection, dragged on the time ruler, and looping it.
 * A click on the ruler (no drag) clears the selection and moves the playhead there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-window-private.h"

/* Below this many pixels a drag is a click. */
#define CLICK_PIXELS 3.0

static double
x_to_seconds (SmWindow *self,
              double    x)
{
  double seconds = sm_viewport_frame_to_seconds (self->viewport,
                                                 sm_viewport_x_to_frame (self->viewport, x));
  const SmAudio *mix = sm_document_get_audio (self->document, SM_SOURCE_MIX);

  return CLAMP (seconds, 0.0, mix != NULL ? (double) mix->frames / mix->rate : 0.0);
}

/* Hands the loop its range: the selection, or the whole signal. */
void
_sm_window_sync_loop (SmWindow *self)
{
  if (self->has_time_selection)
    sm_player_set_loop (self->player, self->loop, self->time_selection[0],
                        self->time_selection[1]);
  else
    sm_player_set_loop (self->player, self->loop, 0.0, 0.0);
}

void
_sm_window_set_time_selection (SmWindow *self,
                               double    start,
                               double    end)
{
  self->has_time_selection = end > start;
  self->time_selection[0] = self->has_time_selection ? start : 0.0;
  self->time_selection[1] = self->has_time_selection ? end : 0.0;
  if (self->has_time_selection)
    g_message ("Time selection %.3f-%.3f s", start, end);
  else
    g_message ("Time selection cleared");
  _sm_window_sync_loop (self);
  gtk_widget_queue_draw (self->playhead);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SmWindow       *self)
{
  if (!sm_document_is_loaded (self->document))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->selection_drag_x = x;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SmWindow       *self)
{
  double a = x_to_seconds (self, self->selection_drag_x);
  double b = x_to_seconds (self, self->selection_drag_x + dx);

  if (fabs (dx) < CLICK_PIXELS)
    return;
  self->has_time_selection = TRUE;
  self->time_selection[0] = MIN (a, b);
  self->time_selection[1] = MAX (a, b);
  gtk_widget_queue_draw (self->playhead);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SmWindow       *self)
{
  double a = x_to_seconds (self, self->selection_drag_x);
  double b = x_to_seconds (self, self->selection_drag_x + dx);

  if (fabs (dx) < CLICK_PIXELS)
    {
      _sm_window_set_time_selection (self, 0.0, 0.0);
      sm_player_seek (self->player, a);
      return;
    }
  _sm_window_set_time_selection (self, MIN (a, b), MAX (a, b));
}

void
_sm_window_attach_time_selection (SmWindow  *self,
                                  GtkWidget *ruler)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->time_ruler = ruler;
  gtk_widget_set_tooltip_text (ruler, _("Drag to select a time range (to loop, play or "
                                        "separate); click to move the playhead"));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (ruler, GTK_EVENT_CONTROLLER (drag));
}

/* A band across every pane, under the playhead. */
void
_sm_window_draw_time_selection (SmWindow  *self,
                                GtkWidget *area,
                                cairo_t   *cr,
                                int        height)
{
  GtkWidget *mix = self->views[SM_PANE_MIX];
  double x0, x1, ax0, ax1, ay;
  int width = gtk_widget_get_width (mix);

  if (!self->has_time_selection || !gtk_widget_get_mapped (mix))
    return;
  x0 = sm_viewport_frame_to_x (self->viewport,
                               sm_viewport_seconds_to_frame (self->viewport,
                                                             self->time_selection[0]));
  x1 = sm_viewport_frame_to_x (self->viewport,
                               sm_viewport_seconds_to_frame (self->viewport,
                                                             self->time_selection[1]));
  x0 = CLAMP (x0, 0, width);
  x1 = CLAMP (x1, 0, width);
  if (x1 <= x0
      || !gtk_widget_translate_coordinates (mix, area, x0, 0, &ax0, &ay)
      || !gtk_widget_translate_coordinates (mix, area, x1, 0, &ax1, &ay))
    return;
  /* From the ruler's top, so the band shows where it was dragged. A white tint vanished
   * on the Mask pane (white where the mask keeps): an accent-blue tint shows on white and
   * on the colour maps alike, and each edge is a light line on a dark one, which stands
   * out on any background. */
  ay = 0;
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
  cairo_rectangle (cr, ax0, ay, ax1 - ax0, height);
  cairo_fill (cr);
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 0)
        cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.75);
      else
        cairo_set_source_rgba (cr, 0.6, 0.8, 1.0, 1.0);
      cairo_set_line_width (cr, pass == 0 ? 3.0 : 1.0);
      cairo_move_to (cr, ax0 + 1.5, ay);
      cairo_line_to (cr, ax0 + 1.5, height);
      cairo_move_to (cr, ax1 - 1.5, ay);
      cairo_line_to (cr, ax1 - 1.5, height);
      cairo_stroke (cr);
    }
}

void
_sm_window_set_loop (SmWindow *self,
                     gboolean  loop)
{
  if (self->loop == loop)
    return;
  self->loop = loop;
  g_message ("Loop %s", loop ? "on" : "off");
  _sm_window_sync_loop (self);
  g_object_notify (G_OBJECT (self), "loop");
}
