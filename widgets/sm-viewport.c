/* sm-viewport.c: the shared time-frequency window: its state, properties and limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every public setter runs inside change_begin()/change_end(): the pieces of state it
 * touches are marked, and change_end() notifies each changed property and then emits
 * "changed" once, so a zoom (time-start + frames-per-pixel) redraws the panes once.
 * Conversions and navigation are in sm-viewport-map.c.
 */
#include "config.h"

#include "sm-viewport-private.h"

#include <math.h>

/* Used until the document sets its grid. */
#define DEFAULT_RATE      48000.0
#define DEFAULT_N_FFT     2048
#define DEFAULT_HOP       512

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmViewport, sm_viewport, G_TYPE_OBJECT)

/* Limits. */

double
_sm_viewport_nyquist (SmViewport *self)
{
  return self->grid.rate / 2.0;
}

double
_sm_viewport_hz_per_bin (SmViewport *self)
{
  return self->grid.rate / self->grid.n_fft;
}

double
_sm_viewport_lowest_hz (SmViewport  *self,
                        SmFreqScale  scale)
{
  if (scale != SM_FREQ_SCALE_LOG)
    return 0.0;
  /* Keep some range even for absurdly low rates. */
  return MIN (MAX (SM_VIEWPORT_LOG_MIN_HZ, _sm_viewport_hz_per_bin (self)),
              _sm_viewport_nyquist (self) / 2.0);
}

static double
max_frames_per_pixel (SmViewport *self)
{
  return MAX (1.0, (double) self->n_frames / SM_VIEWPORT_FIT_MIN_PIXELS);
}

double
_sm_viewport_clamp_fpp (SmViewport *self,
                        double      fpp)
{
  return CLAMP (fpp, SM_VIEWPORT_MIN_FRAMES_PER_PIXEL, max_frames_per_pixel (self));
}

double
_sm_viewport_clamp_time_start (SmViewport *self,
                               double      frame,
                               double      fpp)
{
  double last;

  if (self->view_width > 0)
    last = (double) self->n_frames - (1.0 - SM_VIEWPORT_END_MARGIN) * self->view_width * fpp;
  else
    last = (double) self->n_frames - 1.0;
  return CLAMP (frame, 0.0, MAX (last, 0.0));
}

/* Sets the zoom, within the limits. */
void
_sm_viewport_put_frames_per_pixel (SmViewport *self,
                                   double      fpp)
{
  _sm_viewport_set_double (self, &self->frames_per_pixel, _sm_viewport_clamp_fpp (self, fpp),
                           PROP_FRAMES_PER_PIXEL);
}

/* Sets the left edge, within the limits at the current zoom. */
void
_sm_viewport_put_time_start (SmViewport *self,
                             double      frame)
{
  _sm_viewport_set_double (self, &self->time_start,
                           _sm_viewport_clamp_time_start (self, frame, self->frames_per_pixel),
                           PROP_TIME_START);
}

/* Change batching. */

void
_sm_viewport_change_begin (SmViewport *self)
{
  self->change_depth++;
}

/* The user moved the view: do not fit it away when the panes get their width. */
void
_sm_viewport_navigated (SmViewport *self)
{
  self->fit_pending = FALSE;
}

void
_sm_viewport_mark (SmViewport *self,
                   guint       prop)
{
  self->changed_props |= prop == 0 ? SM_VIEWPORT_MAPPING_CHANGED : 1u << prop;
}

void
_sm_viewport_set_double (SmViewport *self,
                         double     *field,
                         double      value,
                         guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  _sm_viewport_mark (self, prop);
}

void
_sm_viewport_change_end (SmViewport *self)
{
  guint changed;

  g_assert (self->change_depth > 0);
  if (--self->change_depth > 0 || self->changed_props == 0)
    return;

  changed = self->changed_props;
  self->changed_props = 0;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = 1; prop < N_PROPS; prop++)
    if (changed & (1u << prop))
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Applies the limits to the current state; every setter ends with it. */
void
_sm_viewport_reclamp (SmViewport *self)
{
  const double nyq = _sm_viewport_nyquist (self);
  const double min_span = MIN (_sm_viewport_hz_per_bin (self), nyq / 2.0);
  double lo = _sm_viewport_lowest_hz (self, self->freq_scale);
  double fmin, fmax;

  _sm_viewport_put_frames_per_pixel (self, self->frames_per_pixel);
  _sm_viewport_put_time_start (self, self->time_start);

  fmin = CLAMP (self->wanted_min, lo, nyq - min_span);
  fmax = CLAMP (self->wanted_max, fmin + min_span, nyq);
  _sm_viewport_set_double (self, &self->freq_min, fmin, PROP_FREQ_MIN);
  _sm_viewport_set_double (self, &self->freq_max, fmax, PROP_FREQ_MAX);
}

static void
sm_viewport_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SmViewport *self = SM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_TIME_START:
      g_value_set_double (value, self->time_start);
      break;
    case PROP_FRAMES_PER_PIXEL:
      g_value_set_double (value, self->frames_per_pixel);
      break;
    case PROP_FREQ_SCALE:
      g_value_set_enum (value, self->freq_scale);
      break;
    case PROP_FREQ_MIN:
      g_value_set_double (value, self->freq_min);
      break;
    case PROP_FREQ_MAX:
      g_value_set_double (value, self->freq_max);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, self->colormap);
      break;
    case PROP_FLOOR_DB:
      g_value_set_double (value, self->floor_db);
      break;
    case PROP_CEILING_DB:
      g_value_set_double (value, self->ceiling_db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_viewport_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SmViewport *self = SM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_TIME_START:
      sm_viewport_set_time_start (self, g_value_get_double (value));
      break;
    case PROP_FRAMES_PER_PIXEL:
      sm_viewport_set_frames_per_pixel (self, g_value_get_double (value));
      break;
    case PROP_FREQ_SCALE:
      sm_viewport_set_freq_scale (self, g_value_get_enum (value));
      break;
    case PROP_FREQ_MIN:
      sm_viewport_set_freq_range (self, g_value_get_double (value), self->freq_max);
      break;
    case PROP_FREQ_MAX:
      sm_viewport_set_freq_range (self, self->freq_min, g_value_get_double (value));
      break;
    case PROP_COLORMAP:
      sm_viewport_set_colormap (self, g_value_get_enum (value));
      break;
    case PROP_FLOOR_DB:
      sm_viewport_set_db_range (self, g_value_get_double (value), self->ceiling_db);
      break;
    case PROP_CEILING_DB:
      sm_viewport_set_db_range (self, self->floor_db, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_viewport_class_init (SmViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = sm_viewport_get_property;
  object_class->set_property = sm_viewport_set_property;

  properties[PROP_TIME_START] =
    g_param_spec_double ("time-start", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_FRAMES_PER_PIXEL] =
    g_param_spec_double ("frames-per-pixel", NULL, NULL, SM_VIEWPORT_MIN_FRAMES_PER_PIXEL,
                         G_MAXDOUBLE, 1.0, flags);
  properties[PROP_FREQ_SCALE] =
    g_param_spec_enum ("freq-scale", NULL, NULL, SM_TYPE_FREQ_SCALE, SM_FREQ_SCALE_LINEAR,
                       flags);
  properties[PROP_FREQ_MIN] =
    g_param_spec_double ("freq-min", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_FREQ_MAX] =
    g_param_spec_double ("freq-max", NULL, NULL, 0.0, G_MAXDOUBLE, DEFAULT_RATE / 2.0, flags);
  properties[PROP_COLORMAP] =
    g_param_spec_enum ("colormap", NULL, NULL, SM_TYPE_COLORMAP, SM_COLORMAP_VIRIDIS, flags);
  properties[PROP_FLOOR_DB] =
    g_param_spec_double ("floor-db", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, -100.0, flags);
  properties[PROP_CEILING_DB] =
    g_param_spec_double ("ceiling-db", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SmViewport::changed:
   *
   * Emitted once after any change of the mapping (time, zoom, frequency range or axis,
   * grid, view width) or the colours, after the notify:: signals of that change.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sm_viewport_init (SmViewport *self)
{
  self->grid.rate = DEFAULT_RATE;
  self->grid.n_fft = DEFAULT_N_FFT;
  self->grid.hop = DEFAULT_HOP;
  self->grid.centered = 1;
  self->frames_per_pixel = 1.0;
  self->freq_scale = SM_FREQ_SCALE_LINEAR;
  self->wanted_min = self->freq_min = 0.0;
  self->wanted_max = self->freq_max = DEFAULT_RATE / 2.0;
  self->colormap = SM_COLORMAP_VIRIDIS;
  self->floor_db = -100.0;
  self->ceiling_db = 0.0;
}

SmViewport *
sm_viewport_new (void)
{
  return g_object_new (SM_TYPE_VIEWPORT, NULL);
}

/* Time. */

double
sm_viewport_get_time_start (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0.0);
  return self->time_start;
}

void
sm_viewport_set_time_start (SmViewport *self,
                            double      frame)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (frame));

  _sm_viewport_navigated (self);
  _sm_viewport_change_begin (self);
  _sm_viewport_put_time_start (self, frame);
  _sm_viewport_change_end (self);
}

double
sm_viewport_get_frames_per_pixel (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 1.0);
  return self->frames_per_pixel;
}

void
sm_viewport_set_frames_per_pixel (SmViewport *self,
                                  double      frames_per_pixel)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (frames_per_pixel) && frames_per_pixel > 0);

  _sm_viewport_navigated (self);
  _sm_viewport_change_begin (self);
  _sm_viewport_put_frames_per_pixel (self, frames_per_pixel);
  _sm_viewport_reclamp (self);
  _sm_viewport_change_end (self);
}

/* Frequency. */

SmFreqScale
sm_viewport_get_freq_scale (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), SM_FREQ_SCALE_LINEAR);
  return self->freq_scale;
}

void
sm_viewport_set_freq_scale (SmViewport  *self,
                            SmFreqScale  scale)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (scale <= SM_FREQ_SCALE_MEL);

  if (scale == self->freq_scale)
    return;
  _sm_viewport_change_begin (self);
  self->freq_scale = scale;
  _sm_viewport_mark (self, PROP_FREQ_SCALE);
  _sm_viewport_reclamp (self);
  _sm_viewport_change_end (self);
}

double
sm_viewport_get_freq_min (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0.0);
  return self->freq_min;
}

double
sm_viewport_get_freq_max (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0.0);
  return self->freq_max;
}

void
sm_viewport_set_freq_range (SmViewport *self,
                            double      min_hz,
                            double      max_hz)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (min_hz) && isfinite (max_hz));

  _sm_viewport_change_begin (self);
  self->wanted_min = MIN (min_hz, max_hz);
  self->wanted_max = MAX (min_hz, max_hz);
  _sm_viewport_reclamp (self);
  _sm_viewport_change_end (self);
}

/* Colour. */

SmColormap
sm_viewport_get_colormap (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), SM_COLORMAP_VIRIDIS);
  return self->colormap;
}

void
sm_viewport_set_colormap (SmViewport *self,
                          SmColormap  map)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (map < SM_N_COLORMAPS);

  if (map == self->colormap)
    return;
  _sm_viewport_change_begin (self);
  self->colormap = map;
  _sm_viewport_mark (self, PROP_COLORMAP);
  _sm_viewport_change_end (self);
}

double
sm_viewport_get_floor_db (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0.0);
  return self->floor_db;
}

double
sm_viewport_get_ceiling_db (SmViewport *self)
{
  g_return_val_if_fail (SM_IS_VIEWPORT (self), 0.0);
  return self->ceiling_db;
}

void
sm_viewport_set_db_range (SmViewport *self,
                          double      floor_db,
                          double      ceiling_db)
{
  g_return_if_fail (SM_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (floor_db) && isfinite (ceiling_db));

  /* The colour map needs a non-empty range. */
  if (ceiling_db < floor_db + 1.0)
    ceiling_db = floor_db + 1.0;
  _sm_viewport_change_begin (self);
  _sm_viewport_set_double (self, &self->floor_db, floor_db, PROP_FLOOR_DB);
  _sm_viewport_set_double (self, &self->ceiling_db, ceiling_db, PROP_CEILING_DB);
  _sm_viewport_change_end (self);
}

