/* sm-levels.h: immutable, shareable spectrogram levels, for drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Levels are 20 log10 (|X| / full scale) (dBFS: a full-scale sinusoid at a bin centre reads
 * 0 dB), kept as 16-bit codes (#SmDbLevels: 1/256 dB steps from SM_LEVELS_FLOOR_DB up),
 * row-major [frame][bin] like #SmSpectrogram, together with their maxima over blocks of
 * 8, 64, 512 ... frames, so that a zoomed-out tile reads a few cells per pixel column
 * instead of every frame. They never change after creation, so tile renderers on worker
 * threads read them without locks; share them with sm_levels_ref().
 */
#pragma once

#include <glib-object.h>

#include "specmask-core.h"

G_BEGIN_DECLS

#define SM_LEVELS_FLOOR_DB ((float) SM_DB_FLOOR)

typedef struct _SmLevels SmLevels;

#define SM_TYPE_LEVELS (sm_levels_get_type ())
GType             sm_levels_get_type     (void);

/* Converts @spec (which may be freed afterwards). Returns NULL when out of memory. */
SmLevels         *sm_levels_new          (const SmSpectrogram *spec,
                                          double               full_scale);
/* Takes @codes, whose largest code is @peak (from sm_stft_db_levels()), and adds the
 * block maxima. Returns NULL when out of memory (then @codes is freed too). Slow for long
 * recordings: call it off the main thread. */
SmLevels         *sm_levels_new_take     (SmDbLevels          *codes,
                                          guint16              peak);
SmLevels         *sm_levels_ref          (SmLevels            *levels);
void              sm_levels_unref        (SmLevels            *levels);

size_t            sm_levels_get_n_frames (const SmLevels      *levels);
int               sm_levels_get_n_bins   (const SmLevels      *levels);
/* The codes themselves, for the mask sources of sm-mask-db-sources.h. */
const SmDbLevels *sm_levels_get_codes    (const SmLevels      *levels);
/* The coarsest table of maxima whose cells span at most @max_block frames: codes,
 * [cell][bin], @block frames a cell (the last cell may hold fewer), @n_cells cells.
 * Block 1 is the codes themselves. */
const guint16    *sm_levels_get_maxima   (const SmLevels      *levels,
                                          double               max_block,
                                          size_t              *block,
                                          size_t              *n_cells);
/* The loudest level, for choosing a colour range. */
float             sm_levels_get_peak_db  (const SmLevels      *levels);
/* Level at the nearest bin; SM_LEVELS_FLOOR_DB outside. */
float             sm_levels_lookup       (const SmLevels      *levels,
                                          double               frame,
                                          double               bin);
/* acc[k] = max (acc[k], row[k]) over @n level codes: the reduction behind the maxima
 * tables and the zoomed-out tiles. */
void              sm_levels_max_row      (guint16             *restrict acc,
                                          const guint16       *restrict row,
                                          size_t               n);
/* Bytes held, codes and maxima. */
gsize             sm_levels_get_size     (const SmLevels      *levels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmLevels, sm_levels_unref)

G_END_DECLS
