/* sm-levels.h: immutable, shareable spectrogram levels in dB, for drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Levels are 20 log10 (|X| / full scale) (dBFS: a full-scale sinusoid at a bin centre reads
 * 0 dB), floored at SM_LEVELS_FLOOR_DB, row-major [frame][bin] like #SmSpectrogram. They never
 * change after creation, so tile renderers on worker threads read them without locks;
 * share them with sm_levels_ref().
 */
#pragma once

#include <glib-object.h>

#include "specmask-core.h"

G_BEGIN_DECLS

#define SM_LEVELS_FLOOR_DB (-160.0f)

typedef struct _SmLevels SmLevels;

#define SM_TYPE_LEVELS (sm_levels_get_type ())
GType        sm_levels_get_type     (void);

/* Converts @spec (which may be freed afterwards). Returns NULL when out of memory. */
SmLevels    *sm_levels_new          (const SmSpectrogram *spec,
                                     double               full_scale);
SmLevels    *sm_levels_ref          (SmLevels            *levels);
void         sm_levels_unref        (SmLevels            *levels);

size_t       sm_levels_get_n_frames (const SmLevels      *levels);
int          sm_levels_get_n_bins   (const SmLevels      *levels);
/* T x F values, [frame][bin]. */
const float *sm_levels_get_data     (const SmLevels      *levels);
/* The loudest level, for choosing a colour range. */
float        sm_levels_get_peak_db  (const SmLevels      *levels);
/* Level at the nearest bin; SM_LEVELS_FLOOR_DB outside. */
float        sm_levels_lookup       (const SmLevels      *levels,
                                     double               frame,
                                     double               bin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmLevels, sm_levels_unref)

G_END_DECLS
