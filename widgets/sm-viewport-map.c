/* sm-viewport-map.c: the viewport's mapping between pixels and (frame, bin), and moving it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time is linear: x = (frame - time-start) / frames-per-pixel. Frequency is linear in the
 * axis coordinate u (Hz, log10 Hz or mel), freq-max at the top. Navigation keeps the
 * anchor under the pointer unless a limit stops it.
 */
#include "config.h"

#include "sm-viewport-private.h"

#include <math.h>

/* Grid and extent. */

void
_sm_viewport_fit (SmViewport *self,
                  double      width)
{
  _sm_viewport_put_frames_per_pixel (self, (double) self->n_frames / width);
  _sm_viewport_put_time_start (self, 0.0);
  self->wanted_min = 0.0;
  self->wanted_max = _sm_viewport_nyquist (self);
  _sm_viewport_reclamp (self);
}

void
sm_viewport_set_grid (SmViewport       *self,
                      const SmMaskGrid *grid,
                      size_t            n_frames)
{
  gboolean reset;

  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (grid != NULL && grid->rate > 0 && grid->n_fft >= 2 && grid->hop >= 1);

  reset = n_frames != self->n_frames || grid->rate != self->grid.rate;
  if (!reset && grid->n_fft == self->grid.n_fft && grid->hop == self->grid.hop &&
      grid->centered == self->grid.centered)
    return;

  _sm_viewport_change_begin (self);
  self->grid = *grid;
  self->n_frames = n_frames;
  _sm_viewport_mark (self, 0);
  if (reset)
    {
      _sm_viewport_fit (self, self->view_width > 0 ? self->view_width : SM_VIEWPORT_DEFAULT_WIDTH);
      self->fit_pending = self->view_width <= 0;
    }
  else
    _sm_viewport_reclamp (self);
  _sm_viewport_change_end (self);
}

const SmMaskGrid *
sm_viewport_get_grid (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), NULL);
  return &self->grid;
}

size_t
sm_viewport_get_n_frames (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0);
  return self->n_frames;
}

int
sm_viewport_get_n_bins (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0);
  return self->grid.n_fft / 2 + 1;
}

void
sm_viewport_set_view_width (SmViewport *self,
                            double      width)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (width >= 0);

  if (width == self->view_width)
    return;
  _sm_viewport_change_begin (self);
  self->view_width = width;
  if (self->fit_pending && width > 0)
    {
      self->fit_pending = FALSE;
      _sm_viewport_fit (self, width);
    }
  else
    _sm_viewport_reclamp (self);
  _sm_viewport_change_end (self);
}

double
sm_viewport_get_view_width (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0.0);
  return self->view_width;
}

/* Frequency axis maths, shared with worker threads. */

double
sm_freq_axis_hz_to_u (SmFreqScale scale,
                      double      hz)
{
  switch (scale)
    {
    case SM_FREQ_SCALE_LOG:
      return log10 (MAX (hz, 1e-3));
    case SM_FREQ_SCALE_MEL:
      return 2595.0 * log10 (1.0 + MAX (hz, 0.0) / 700.0);
    case SM_FREQ_SCALE_LINEAR:
    default:
      return hz;
    }
}

double
sm_freq_axis_u_to_hz (SmFreqScale scale,
                      double      u)
{
  switch (scale)
    {
    case SM_FREQ_SCALE_LOG:
      return pow (10.0, u);
    case SM_FREQ_SCALE_MEL:
      return 700.0 * (pow (10.0, u / 2595.0) - 1.0);
    case SM_FREQ_SCALE_LINEAR:
    default:
      return u;
    }
}

double
sm_freq_axis_y_to_hz (const SmFreqAxis *axis,
                      double            y,
                      double            height)
{
  double p = height > 0 ? 1.0 - y / height : 0.0;

  return sm_freq_axis_u_to_hz (axis->scale, axis->u_min + p * (axis->u_max - axis->u_min));
}

double
sm_freq_axis_hz_to_y (const SmFreqAxis *axis,
                      double            hz,
                      double            height)
{
  double u = sm_freq_axis_hz_to_u (axis->scale, hz);

  return height * (1.0 - (u - axis->u_min) / (axis->u_max - axis->u_min));
}

double
sm_freq_axis_y_to_bin (const SmFreqAxis *axis,
                       double            y,
                       double            height)
{
  return sm_freq_axis_y_to_hz (axis, y, height) / axis->hz_per_bin;
}

double
sm_freq_axis_bin_to_y (const SmFreqAxis *axis,
                       double            bin,
                       double            height)
{
  return sm_freq_axis_hz_to_y (axis, bin * axis->hz_per_bin, height);
}

/* Conversions. */

void
sm_viewport_get_freq_axis (SmViewport *self,
                           SmFreqAxis *axis)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));

  axis->scale = self->freq_scale;
  axis->u_min = sm_freq_axis_hz_to_u (self->freq_scale, self->freq_min);
  axis->u_max = sm_freq_axis_hz_to_u (self->freq_scale, self->freq_max);
  axis->hz_per_bin = _sm_viewport_hz_per_bin (self);
}

double
sm_viewport_x_to_frame (SmViewport *self,
                        double      x)
{
  return self->time_start + x * self->frames_per_pixel;
}

double
sm_viewport_frame_to_x (SmViewport *self,
                        double      frame)
{
  return (frame - self->time_start) / self->frames_per_pixel;
}

double
sm_viewport_y_to_hz (SmViewport *self,
                     double      y,
                     double      height)
{
  SmFreqAxis axis;

  sm_viewport_get_freq_axis (self, &axis);
  return sm_freq_axis_y_to_hz (&axis, y, height);
}

double
sm_viewport_hz_to_y (SmViewport *self,
                     double      hz,
                     double      height)
{
  SmFreqAxis axis;

  sm_viewport_get_freq_axis (self, &axis);
  return sm_freq_axis_hz_to_y (&axis, hz, height);
}

double
sm_viewport_y_to_bin (SmViewport *self,
                      double      y,
                      double      height)
{
  SmFreqAxis axis;

  sm_viewport_get_freq_axis (self, &axis);
  return sm_freq_axis_y_to_bin (&axis, y, height);
}

double
sm_viewport_bin_to_y (SmViewport *self,
                      double      bin,
                      double      height)
{
  SmFreqAxis axis;

  sm_viewport_get_freq_axis (self, &axis);
  return sm_freq_axis_bin_to_y (&axis, bin, height);
}

double
sm_viewport_frame_to_seconds (SmViewport *self,
                              double      frame)
{
  double offset = self->grid.centered ? 0.0 : self->grid.n_fft / 2.0;

  return (frame * self->grid.hop + offset) / self->grid.rate;
}

double
sm_viewport_seconds_to_frame (SmViewport *self,
                              double      seconds)
{
  double offset = self->grid.centered ? 0.0 : self->grid.n_fft / 2.0;

  return (seconds * self->grid.rate - offset) / self->grid.hop;
}

double
sm_viewport_bin_to_hz (SmViewport *self,
                       double      bin)
{
  return bin * _sm_viewport_hz_per_bin (self);
}

double
sm_viewport_bins_per_pixel (SmViewport *self,
                            double      y,
                            double      height)
{
  SmFreqAxis axis;

  sm_viewport_get_freq_axis (self, &axis);
  return fabs (sm_freq_axis_y_to_bin (&axis, y - 0.5, height) -
               sm_freq_axis_y_to_bin (&axis, y + 0.5, height));
}

/* Navigation. */

void
sm_viewport_zoom_time (SmViewport *self,
                       double      factor,
                       double      anchor_x)
{
  double frame;

  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (factor) && factor > 0 && isfinite (anchor_x));

  frame = sm_viewport_x_to_frame (self, anchor_x);
  _sm_viewport_navigated (self);
  _sm_viewport_change_begin (self);
  _sm_viewport_put_frames_per_pixel (self, self->frames_per_pixel / factor);
  _sm_viewport_put_time_start (self, frame - anchor_x * self->frames_per_pixel);
  _sm_viewport_change_end (self);
}

/* Sets the range to [u0, u0 + span] on the axis, moved (not shrunk) to fit the limits. */
static void
set_axis_window (SmViewport *self,
                 double      u0,
                 double      span)
{
  const SmFreqScale scale = self->freq_scale;
  double lo = sm_freq_axis_hz_to_u (scale, _sm_viewport_lowest_hz (self, scale));
  double hi = sm_freq_axis_hz_to_u (scale, _sm_viewport_nyquist (self));

  span = MIN (span, hi - lo);
  u0 = CLAMP (u0, lo, hi - span);
  self->wanted_min = sm_freq_axis_u_to_hz (scale, u0);
  self->wanted_max = sm_freq_axis_u_to_hz (scale, u0 + span);
  _sm_viewport_reclamp (self);
}

void
sm_viewport_zoom_freq (SmViewport *self,
                       double      factor,
                       double      anchor_y,
                       double      height)
{
  SmFreqAxis axis;
  double p, u_anchor, span;

  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (factor) && factor > 0 && isfinite (anchor_y) && height > 0);

  sm_viewport_get_freq_axis (self, &axis);
  p = 1.0 - anchor_y / height;
  u_anchor = axis.u_min + p * (axis.u_max - axis.u_min);
  span = (axis.u_max - axis.u_min) / factor;
  _sm_viewport_change_begin (self);
  set_axis_window (self, u_anchor - p * span, span);
  _sm_viewport_change_end (self);
}

void
sm_viewport_scroll_pixels (SmViewport *self,
                           double      dx)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  sm_viewport_set_time_start (self, self->time_start + dx * self->frames_per_pixel);
}

void
sm_viewport_scroll_freq_pixels (SmViewport *self,
                                double      dy,
                                double      height)
{
  SmFreqAxis axis;
  double span;

  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (dy) && height > 0);

  sm_viewport_get_freq_axis (self, &axis);
  span = axis.u_max - axis.u_min;
  _sm_viewport_change_begin (self);
  set_axis_window (self, axis.u_min - dy / height * span, span);
  _sm_viewport_change_end (self);
}

void
sm_viewport_fit (SmViewport *self,
                 double      width)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (width > 0);

  _sm_viewport_navigated (self);
  _sm_viewport_change_begin (self);
  _sm_viewport_fit (self, width);
  _sm_viewport_change_end (self);
}
