/* sm-viewport-private.h: the viewport's state, shared by its object and mapping files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-viewport.h"

G_BEGIN_DECLS

struct _SmViewport
{
  GObject     parent_instance;

  /* state */
  SmMaskGrid  grid;
  size_t      n_frames;
  double      view_width;

  double      time_start;
  double      frames_per_pixel;

  SmFreqScale freq_scale;
  double      wanted_min;      /* as asked for; the axis may not reach it (log) */
  double      wanted_max;
  double      freq_min;        /* in effect */
  double      freq_max;

  SmColormap  colormap;
  double      floor_db;
  double      ceiling_db;

  gboolean    fit_pending;     /* reset before any pane had a width: fit on the first */
  guint       change_depth;
  guint       changed_props;   /* bit per PROP_* changed in the current batch */
};

enum {
  PROP_0,
  PROP_TIME_START,
  PROP_FRAMES_PER_PIXEL,
  PROP_FREQ_SCALE,
  PROP_FREQ_MIN,
  PROP_FREQ_MAX,
  PROP_COLORMAP,
  PROP_FLOOR_DB,
  PROP_CEILING_DB,
  N_PROPS
};

/* The internal mapping changed without a property (grid, view width). */
#define SM_VIEWPORT_MAPPING_CHANGED (1u << N_PROPS)

/* Assumed width when fitting before any pane was allocated. */
#define SM_VIEWPORT_DEFAULT_WIDTH 1000.0

/* Limits (sm-viewport.c). */
double   _sm_viewport_nyquist              (SmViewport *self);
double   _sm_viewport_hz_per_bin           (SmViewport *self);
double   _sm_viewport_lowest_hz            (SmViewport  *self,
                                            SmFreqScale  scale);
double   _sm_viewport_clamp_fpp            (SmViewport *self,
                                            double      fpp);
double   _sm_viewport_clamp_time_start     (SmViewport *self,
                                            double      frame,
                                            double      fpp);

/* Set a field within the limits and mark it (inside a change). */
void     _sm_viewport_put_frames_per_pixel (SmViewport *self,
                                            double      fpp);
void     _sm_viewport_put_time_start       (SmViewport *self,
                                            double      frame);

/* Changes: every public setter brackets its work with change_begin()/change_end(), which
 * notifies the properties marked in between and emits "changed" once. */
void     _sm_viewport_change_begin         (SmViewport *self);
void     _sm_viewport_change_end           (SmViewport *self);
/* @prop 0 marks a change of the mapping that has no property. */
void     _sm_viewport_mark                 (SmViewport *self,
                                            guint       prop);
void     _sm_viewport_set_double           (SmViewport *self,
                                            double     *field,
                                            double      value,
                                            guint       prop);
/* The user moved the view: a pending fit no longer applies. */
void     _sm_viewport_navigated            (SmViewport *self);
/* Applies the limits to the current state. */
void     _sm_viewport_reclamp              (SmViewport *self);
/* Whole file across @width pixels, whole frequency range (sm-viewport-map.c; within a
 * change). */
void     _sm_viewport_fit                  (SmViewport *self,
                                            double      width);

G_END_DECLS
