/* sm-mask-edit.h: editing a mask: strokes, shapes, morphology, feathering.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coordinates are in bin units: t in frames, f in bins, both may be fractional; bin (t, f)
 * has its centre at (t, f). Coordinates and radii must be finite and within +-1e15, and
 * values must not be NaN (SM_ERROR_BAD_ARG). Every edit writes the rectangle of bins it
 * actually changed (empty when nothing changed, or on error) to @changed, which may be
 * NULL. Values written are clamped to [0, 1]. None of these allocate more than O(T + F)
 * unless documented. Not thread-safe on one mask.
 */
#pragma once

#include "sm-mask.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct SmPoint
{
  double t;   /* frames */
  double f;   /* bins */
} SmPoint;

/**
 * sm_mask_brush:
 * @points: the polyline the brush centre follows; one point paints one ellipse
 * @n_points: 1 or more
 * @radius_t: ellipse half-axis in frames, > 0
 * @radius_f: ellipse half-axis in bins, > 0
 * @value: what to write under the brush (1 adds to the mask, 0 erases)
 *
 * Sets every bin whose centre lies within the ellipse swept along the polyline, that is
 * (dt / radius_t)^2 + (df / radius_f)^2 <= 1 for some point of the path.
 * Returns: SM_OK or SM_ERROR_BAD_ARG.
 */
SM_API SmStatus sm_mask_brush (SmMask        *mask,
                               const SmPoint *points,
                               size_t         n_points,
                               double         radius_t,
                               double         radius_f,
                               float          value,
                               SmRect        *changed);

/** sm_mask_brush_bounds: Returns: the rectangle sm_mask_brush() may change, clipped to @mask. */
SM_API SmRect   sm_mask_brush_bounds (const SmMask  *mask,
                                      const SmPoint *points,
                                      size_t         n_points,
                                      double         radius_t,
                                      double         radius_f);

/** sm_mask_rectangle: sets every bin of @rect (clipped to the mask) to @value. */
SM_API SmStatus sm_mask_rectangle (SmMask *mask,
                                   SmRect  rect,
                                   float   value,
                                   SmRect *changed);

/**
 * sm_mask_polygon:
 * @points: vertices of a closed polygon (a lasso), 3 or more
 *
 * Sets every bin whose centre is inside the polygon (even-odd rule) to @value. Centres
 * exactly on the boundary follow half-open rules, so two polygons sharing an edge never
 * both claim a bin. Needs O(n_points) scratch. Returns: SM_OK, SM_ERROR_BAD_ARG,
 * SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_mask_polygon (SmMask        *mask,
                                 const SmPoint *points,
                                 size_t         n_points,
                                 float          value,
                                 SmRect        *changed);

/** sm_mask_polygon_bounds: Returns: the rectangle sm_mask_polygon() may change. */
SM_API SmRect   sm_mask_polygon_bounds (const SmMask  *mask,
                                        const SmPoint *points,
                                        size_t         n_points);

/** sm_mask_fill: sets every bin to @value (1: fill, 0: clear). */
SM_API SmStatus sm_mask_fill (SmMask *mask,
                              float   value,
                              SmRect *changed);

/** sm_mask_invert: v -> 1 - v for every bin. */
SM_API SmStatus sm_mask_invert (SmMask *mask,
                                SmRect *changed);

typedef enum
{
  SM_MORPH_DILATE,   /* max over the element: grows kept regions */
  SM_MORPH_ERODE,    /* min over the element: shrinks kept regions */
  SM_MORPH_OPEN,     /* erode then dilate: removes specks narrower than the element */
  SM_MORPH_CLOSE,    /* dilate then erode: fills gaps narrower than the element */
} SmMorphOp;

/**
 * sm_mask_morph:
 * @half_frames: the element spans 2 half_frames + 1 frames, 0 or more
 * @half_bins: the element spans 2 half_bins + 1 bins, 0 or more
 *
 * Grey-level morphology with a rectangular element (values outside the mask count as the
 * identity of the operation, so borders do not erode). O(T F) whatever the element size;
 * needs O(T F) scratch. Returns: SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_mask_morph (SmMask    *mask,
                               SmMorphOp  op,
                               int        half_frames,
                               int        half_bins,
                               SmRect    *changed);

/**
 * sm_mask_feather:
 * @width_frames: soft-edge width in frames, > 0
 * @width_bins: soft-edge width in bins, > 0
 *
 * Gives kept regions a soft outer edge: a bin at normalised distance d (Euclidean, with
 * time measured in @width_frames and frequency in @width_bins) from the nearest kept bin
 * (value >= 0.5) becomes max(value, 1 - d); bins already kept are unchanged.
 * Works through the mask a block of frames at a time: needs O((256 + @width_frames) F)
 * scratch, not O(T F). Returns: SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_mask_feather (SmMask *mask,
                                 double  width_frames,
                                 double  width_bins,
                                 SmRect *changed);

/** sm_mask_clip: sets every bin outside @keep to 0 (keeps a time and/or frequency range). */
SM_API SmStatus sm_mask_clip (SmMask *mask,
                              SmRect  keep,
                              SmRect *changed);

#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * sm_mask_block_vote:
 * @block_frames: block width in frames, 1 or more
 * @block_bins: block height in bins, 1 or more
 *
 * Replaces every block (tiling the mask from frame 0 and bin 0; edge blocks are smaller)
 * by its majority: 1 when the block's mean value is at least 0.5, else 0. Applied to the
 * ideal binary mask it stands in for a hand-painted mask in evaluations.
 */
SM_API SmStatus sm_mask_block_vote (SmMask *mask,
                                    int     block_frames,
                                    int     block_bins,
                                    SmRect *changed);

#ifdef __cplusplus
}
#endif
