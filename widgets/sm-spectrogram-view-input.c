/* sm-spectrogram-view-input.c: pointer input: tools, panning, zooming, hover.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit goes through the viewport into (frame, bin) and through the mask model, which
 * records it for undo and tells every pane which rectangle changed. Handlers use only the
 * coordinates the signals carry (and the event's modifiers, when there is an event), so
 * tests can drive them by emitting the gesture signals.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>

/* Scrolling: pixels per wheel notch, and zoom per notch (or per 100 touchpad pixels). */
#define SCROLL_STEP_PIXELS 48.0
#define ZOOM_STEP          1.25
/* The lasso adds a vertex once the pointer moved this far. */
#define LASSO_MIN_DISTANCE 2.0

static double
widget_height (SmSpectrogramView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self));
}

static SmPoint
to_bins (SmSpectrogramView *self,
         double             x,
         double             y)
{
  SmPoint point = {
    sm_viewport_x_to_frame (self->viewport, x),
    sm_viewport_y_to_bin (self->viewport, y, widget_height (self)),
  };

  return point;
}

void
_sm_spectrogram_view_update_cursor (SmSpectrogramView *self)
{
  const char *name;

  if (self->drag == SM_DRAG_PAN)
    name = "grabbing";
  else if (!self->editable || self->tool == SM_TOOL_PAN || self->space_held)
    name = "grab";
  else
    name = "crosshair";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

/* Settings. */

void
sm_spectrogram_view_set_tool (SmSpectrogramView *self,
                              SmTool             tool)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail (tool <= SM_TOOL_LASSO);

  if (tool == self->tool)
    return;
  self->tool = tool;
  _sm_spectrogram_view_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _sm_spectrogram_view_notify (self, PROP_TOOL);
}

SmTool
sm_spectrogram_view_get_tool (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), SM_TOOL_PAN);
  return self->tool;
}

void
sm_spectrogram_view_set_brush_size (SmSpectrogramView *self,
                                    double             pixels)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail (isfinite (pixels));

  pixels = CLAMP (pixels, 1.0, SM_MAX_BRUSH_SIZE);
  if (pixels == self->brush_size)
    return;
  self->brush_size = pixels;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _sm_spectrogram_view_notify (self, PROP_BRUSH_SIZE);
}

double
sm_spectrogram_view_get_brush_size (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), SM_DEFAULT_BRUSH_SIZE);
  return self->brush_size;
}

void
sm_spectrogram_view_set_editable (SmSpectrogramView *self,
                                  gboolean           editable)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));

  editable = !!editable;
  if (editable == self->editable)
    return;
  self->editable = editable;
  _sm_spectrogram_view_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _sm_spectrogram_view_notify (self, PROP_EDITABLE);
}

gboolean
sm_spectrogram_view_get_editable (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), FALSE);
  return self->editable;
}

/* Brush. */

/* Paints @n_points (1 or 2) with the brush size measured at widget row @y: the diameter
 * in pixels becomes radii in frames and in bins (the y mapping's slope there). */
static void
paint (SmSpectrogramView *self,
       const SmPoint     *points,
       size_t             n_points,
       double             y)
{
  SmMask *mask = sm_mask_model_get_mask (self->model);
  const double radius_t = self->brush_size * sm_viewport_get_frames_per_pixel (self->viewport) / 2;
  const double radius_f = MAX (0.5, self->brush_size / 2 *
                                    sm_viewport_bins_per_pixel (self->viewport, y,
                                                                widget_height (self)));
  SmRect bounds = sm_mask_brush_bounds (mask, points, n_points, radius_t, radius_f);
  SmRect changed = { 0 };

  if (sm_rect_is_empty (&bounds))
    return;
  sm_mask_model_touch (self->model, bounds);
  if (sm_mask_brush (mask, points, n_points, radius_t, radius_f, self->shape_value,
                     &changed) == SM_OK)
    sm_mask_model_changed (self->model, &changed);
}

/* Shapes. */

typedef struct
{
  SmRect         rect;
  const SmPoint *points;
  size_t         n_points;
  float          value;
} ShapeEdit;

static SmStatus
rectangle_cb (SmMask   *mask,
              SmRect   *changed,
              gpointer  user_data)
{
  const ShapeEdit *edit = user_data;

  return sm_mask_rectangle (mask, edit->rect, edit->value, changed);
}

static SmStatus
polygon_cb (SmMask   *mask,
            SmRect   *changed,
            gpointer  user_data)
{
  const ShapeEdit *edit = user_data;

  return sm_mask_polygon (mask, edit->points, edit->n_points, edit->value, changed);
}

/* The bins whose centres lie in the dragged box. */
static void
finish_rectangle (SmSpectrogramView *self,
                  double             x,
                  double             y)
{
  SmPoint a = to_bins (self, self->drag_x0, self->drag_y0);
  SmPoint b = to_bins (self, x, y);
  const SmMask *mask = sm_mask_model_get_mask (self->model);
  double t0 = ceil (MIN (a.t, b.t)), t1 = floor (MAX (a.t, b.t)) + 1;
  double f0 = ceil (MIN (a.f, b.f)), f1 = floor (MAX (a.f, b.f)) + 1;
  ShapeEdit edit = { .value = self->shape_value };

  t0 = CLAMP (t0, 0, (double) mask->n_frames);
  t1 = CLAMP (t1, 0, (double) mask->n_frames);
  f0 = CLAMP (f0, 0, mask->n_bins);
  f1 = CLAMP (f1, 0, mask->n_bins);
  edit.rect = (SmRect) { (size_t) t0, (size_t) t1, (int) f0, (int) f1 };
  if (!sm_rect_is_empty (&edit.rect))
    sm_mask_model_edit (self->model, "Rectangle", edit.rect, rectangle_cb, &edit);
}

static void
finish_lasso (SmSpectrogramView *self)
{
  const SmMask *mask = sm_mask_model_get_mask (self->model);
  g_autofree SmPoint *points = NULL;
  ShapeEdit edit = { .value = self->shape_value };

  if (self->lasso->len < 3)
    return;
  points = g_new (SmPoint, self->lasso->len);
  for (guint i = 0; i < self->lasso->len; i++)
    {
      const graphene_point_t *p = &g_array_index (self->lasso, graphene_point_t, i);

      points[i] = to_bins (self, p->x, p->y);
    }
  edit.points = points;
  edit.n_points = self->lasso->len;
  edit.rect = sm_mask_polygon_bounds (mask, points, edit.n_points);
  if (!sm_rect_is_empty (&edit.rect))
    sm_mask_model_edit (self->model, "Lasso", edit.rect, polygon_cb, &edit);
}

/* Drags. */

static void
pan_to (SmSpectrogramView *self,
        double             dx,
        double             dy)
{
  /* Content follows the pointer. */
  sm_viewport_scroll_pixels (self->viewport, -(dx - self->drag_dx));
  if (dy != self->drag_dy)
    sm_viewport_scroll_freq_pixels (self->viewport, -(dy - self->drag_dy), widget_height (self));
}

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               SmSpectrogramView *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint button = gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (gesture));
  SmTool tool = self->tool;

  if (self->drag != SM_DRAG_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  if (button != GDK_BUTTON_PRIMARY || self->space_held || !self->editable || self->model == NULL)
    tool = SM_TOOL_PAN;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x0 = x;
  self->drag_y0 = y;
  self->drag_dx = self->drag_dy = 0;
  /* Ctrl removes, Shift (or nothing) adds; the eraser always removes. */
  self->shape_value = (state & GDK_CONTROL_MASK) && !(state & GDK_SHIFT_MASK) ? 0.0f : 1.0f;

  switch (tool)
    {
    case SM_TOOL_BRUSH:
    case SM_TOOL_ERASER:
      if (tool == SM_TOOL_ERASER)
        self->shape_value = 0.0f;
      if (!sm_mask_model_begin (self->model, tool == SM_TOOL_BRUSH ? "Brush" : "Erase"))
        {
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
          return;
        }
      self->drag = SM_DRAG_BRUSH;
      self->brush_last = to_bins (self, x, y);
      paint (self, &self->brush_last, 1, y);
      break;
    case SM_TOOL_RECTANGLE:
      self->drag = SM_DRAG_RECTANGLE;
      break;
    case SM_TOOL_LASSO:
      self->drag = SM_DRAG_LASSO;
      g_array_set_size (self->lasso, 0);
      g_array_append_val (self->lasso, GRAPHENE_POINT_INIT ((float) x, (float) y));
      break;
    case SM_TOOL_PAN:
    default:
      self->drag = SM_DRAG_PAN;
      break;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  _sm_spectrogram_view_update_cursor (self);
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                SmSpectrogramView *self)
{
  const double x = self->drag_x0 + dx, y = self->drag_y0 + dy;

  switch (self->drag)
    {
    case SM_DRAG_PAN:
      pan_to (self, dx, dy);
      break;
    case SM_DRAG_BRUSH:
      {
        SmPoint segment[2] = { self->brush_last, to_bins (self, x, y) };

        if (dx == self->drag_dx && dy == self->drag_dy)
          break;
        paint (self, segment, 2, y);
        self->brush_last = segment[1];
      }
      break;
    case SM_DRAG_LASSO:
      {
        const graphene_point_t *last =
          &g_array_index (self->lasso, graphene_point_t, self->lasso->len - 1);

        if (hypot (x - last->x, y - last->y) >= LASSO_MIN_DISTANCE)
          g_array_append_val (self->lasso, GRAPHENE_POINT_INIT ((float) x, (float) y));
      }
      break;
    case SM_DRAG_RECTANGLE:
    case SM_DRAG_NONE:
    default:
      break;
    }
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (self->drag == SM_DRAG_RECTANGLE || self->drag == SM_DRAG_LASSO)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             SmSpectrogramView *self)
{
  SmDragKind drag = self->drag;

  if (drag == SM_DRAG_NONE)
    return;
  drag_update_cb (gesture, dx, dy, self);
  self->drag = SM_DRAG_NONE;

  if (self->model != NULL)
    switch (drag)
      {
      case SM_DRAG_BRUSH:
        sm_mask_model_commit (self->model);
        break;
      case SM_DRAG_RECTANGLE:
        finish_rectangle (self, self->drag_x0 + dx, self->drag_y0 + dy);
        break;
      case SM_DRAG_LASSO:
        finish_lasso (self);
        break;
      case SM_DRAG_PAN:
      case SM_DRAG_NONE:
      default:
        break;
      }
  g_array_set_size (self->lasso, 0);
  _sm_spectrogram_view_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keeps what a brush already painted when the widget goes away mid-stroke. */
void
_sm_spectrogram_view_input_dispose (SmSpectrogramView *self)
{
  if (self->drag == SM_DRAG_BRUSH && self->model != NULL && sm_mask_model_in_step (self->model))
    sm_mask_model_commit (self->model);
  self->drag = SM_DRAG_NONE;
  g_clear_pointer (&self->lasso, g_array_unref);
}

/* Wheel and touchpad. */

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SmSpectrogramView        *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double x = self->pointer_inside ? self->pointer_x : width / 2.0;
  double y = self->pointer_inside ? self->pointer_y : widget_height (self) / 2.0;
  /* Shift turns some wheels' vertical motion into horizontal. */
  double delta = dy != 0 ? dy : dx;
  double factor = pow (ZOOM_STEP, wheel ? -delta : -delta / 100.0);

  if (state & GDK_CONTROL_MASK)
    sm_viewport_zoom_time (self->viewport, factor, x);
  else if (state & GDK_SHIFT_MASK)
    sm_viewport_zoom_freq (self->viewport, factor, y, widget_height (self));
  else
    sm_viewport_scroll_pixels (self->viewport, (dx + dy) * (wheel ? SCROLL_STEP_PIXELS : 1.0));
  return TRUE;
}

/* Hover. */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SmSpectrogramView        *self)
{
  SmPoint at = to_bins (self, x, y);

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  g_signal_emit_by_name (self, "hover", at.t, at.f);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          SmSpectrogramView        *self)
{
  self->pointer_inside = FALSE;
  g_signal_emit_by_name (self, "hover", -1.0, -1.0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SmSpectrogramView     *self)
{
  if (keyval != GDK_KEY_space)
    return FALSE;
  self->space_held = TRUE;
  _sm_spectrogram_view_update_cursor (self);
  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 SmSpectrogramView     *self)
{
  if (keyval != GDK_KEY_space)
    return;
  self->space_held = FALSE;
  _sm_spectrogram_view_update_cursor (self);
}

static void
add_drag (SmSpectrogramView *self,
          guint              button)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), button);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

void
_sm_spectrogram_view_input_init (SmSpectrogramView *self)
{
  GtkEventController *controller;

  self->lasso = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));

  add_drag (self, GDK_BUTTON_PRIMARY);
  add_drag (self, GDK_BUTTON_MIDDLE);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  _sm_spectrogram_view_update_cursor (self);
}
