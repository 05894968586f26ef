/* sm-mask.h: time-frequency masks: storage, statistics and regridding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mask has one value in [0, 1] per spectrogram bin, laid out like #SmSpectrogram:
 * row-major [frame][bin]. 1 means "this bin belongs to the wanted sound and is reliable",
 * 0 "not the wanted sound here". Binary masks are the 0/1 case of the same type.
 *
 * Each value is stored in eight bits, as a level l standing for l / 255: 0 and 1 are
 * exact, and a soft mask moves in steps of 0.4 %, finer than a user can paint or hear and
 * what the project's PNG keeps anyway. An hour of audio at the default analysis has 318
 * million bins: 318 MB of levels, where floats took 1.27 GB.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint8_t SmMaskLevel;

/* The level of the value 1, and the lowest level that counts as kept (a value of 0.5 or
 * more, as binary decisions on soft masks count it). */
#define SM_MASK_LEVEL_MAX  255
#define SM_MASK_LEVEL_KEPT 128

typedef struct SmMask
{
  size_t       n_frames;   /* T */
  int          n_bins;     /* F */
  SmMaskLevel *levels;     /* T x F, [frame][bin] */
} SmMask;

/** sm_mask_level_value: Returns: the value in [0, 1] that @level stands for. */
static inline float
sm_mask_level_value (SmMaskLevel level)
{
  return (float) level / (float) SM_MASK_LEVEL_MAX;
}

/** sm_mask_level_of: Returns: the nearest level to @value, clamped to [0, 1] (NaN gives
 * 0, as removing is the safe reading of a value that means nothing). */
static inline SmMaskLevel
sm_mask_level_of (float value)
{
  if (!(value > 0.0f))
    return 0;
  if (value >= 1.0f)
    return SM_MASK_LEVEL_MAX;
  return (SmMaskLevel) (value * (float) SM_MASK_LEVEL_MAX + 0.5f);
}

/**
 * sm_mask_values:
 * @mask: a mask
 * @t0: first frame
 * @t1: end frame, at most n_frames
 *
 * The values of frames [@t0, @t1) as floats, for the engine's arithmetic.
 *
 * Returns: (transfer full): a malloc'ed (t1 - t0) x F array, or NULL (bad range, no memory).
 */
SM_API float  *sm_mask_values (const SmMask *mask,
                               size_t        t0,
                               size_t        t1);

/**
 * SmRect:
 *
 * A rectangle of bins, half-open: frames [t0, t1), bins [f0, f1). Empty when t0 >= t1 or
 * f0 >= f1. Every edit reports the rectangle it changed so that a view redraws only that.
 */
typedef struct SmRect
{
  size_t t0, t1;
  int    f0, f1;
} SmRect;

/** sm_rect_is_empty: Returns: 1 when @rect holds no bin. */
SM_API int    sm_rect_is_empty (const SmRect *rect);
/** sm_rect_union: Returns: the smallest rectangle holding @a and @b (either may be empty). */
SM_API SmRect sm_rect_union (SmRect a,
                             SmRect b);
/** sm_rect_intersect: Returns: @a within @b, possibly empty. */
SM_API SmRect sm_rect_intersect (SmRect a,
                                 SmRect b);

/**
 * sm_mask_new:
 * @n_frames: T, 1 or more
 * @n_bins: F, 1 or more
 * @fill: initial value of every bin, in [0, 1]
 * @status: (nullable): SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM
 *
 * Returns: (transfer full): a new mask or NULL.
 */
SM_API SmMask *sm_mask_new (size_t    n_frames,
                            int       n_bins,
                            float     fill,
                            SmStatus *status);
/** sm_mask_copy: Returns: (transfer full): a deep copy, or NULL when out of memory. */
SM_API SmMask *sm_mask_copy (const SmMask *mask);
/** sm_mask_free: frees and NULLs; NULL-safe. */
SM_API void    sm_mask_free (SmMask **mask);
/** sm_mask_full_rect: Returns: the rectangle of every bin of @mask. */
SM_API SmRect  sm_mask_full_rect (const SmMask *mask);

/** sm_mask_kept_fraction: Returns: mean of the values, in [0, 1] (for a binary mask, the
 * share of bins kept). */
SM_API double  sm_mask_kept_fraction (const SmMask *mask);

/** sm_mask_is_binary: Returns: 1 when every value is exactly 0 or 1. */
SM_API int     sm_mask_is_binary (const SmMask *mask);

/**
 * SmMaskScores:
 *
 * Agreement of a mask with a reference (usually the ideal binary mask), counting a bin as
 * kept when its value is at least 0.5. When nothing is kept, precision is 1; when the
 * reference keeps nothing, recall is 1; F1 is their harmonic mean (0 when both are 0).
 */
typedef struct SmMaskScores
{
  double precision;   /* kept by both / kept by the mask */
  double recall;      /* kept by both / kept by the reference */
  double f1;
  double kept_fraction;            /* sm_mask_kept_fraction (mask): the mean value */
  double reference_kept_fraction;  /* the same for the reference */
} SmMaskScores;

/**
 * sm_mask_compare:
 * Returns: SM_OK, SM_ERROR_MISMATCH when the shapes differ, or SM_ERROR_BAD_ARG (NULL).
 */
SM_API SmStatus sm_mask_compare (const SmMask *mask,
                                 const SmMask *reference,
                                 SmMaskScores *scores);

/**
 * SmMaskGrid:
 *
 * Where a mask's bins lie in time and frequency, so a mask can move between STFT settings.
 * Frame t is centred at (t * hop + (centered ? 0 : n_fft / 2)) / rate seconds and spans one
 * hop; bin f is centred at f * rate / n_fft Hz and spans one bin width.
 */
typedef struct SmMaskGrid
{
  double rate;
  int    n_fft;
  int    hop;
  int    centered;   /* 1 for SM_PAD_ZERO and SM_PAD_REFLECT, 0 for SM_PAD_NONE */
} SmMaskGrid;

/**
 * sm_mask_resample:
 * @src: the mask on @src_grid
 * @src_grid: its grid
 * @dst: (inout): a mask already sized for @dst_grid and the same audio; overwritten
 * @dst_grid: the new grid
 *
 * Each new bin gets the area-weighted mean of the old bins its time-frequency cell
 * covers, measured at the finer grid's resolution along each axis: a fine cell belongs
 * wholly to the coarse cell that holds its centre (cells are half-open; past the ends the
 * nearest cell stands in). So refining a grid repeats values exactly, coarsening averages
 * the fine cells that fall in each coarse one, and resampling to a finer grid that
 * divides evenly (hop / k, n_fft * k) and back gives the original mask bit for bit.
 * (Exact overlap lengths cannot promise that: with centred cells, every other cell of a
 * 2x finer grid straddles two coarse cells.)
 *
 * Each mask must have n_fft / 2 + 1 bins for its grid, and @src and @dst must differ.
 * Needs O(T + F) scratch. Returns: SM_OK, SM_ERROR_BAD_ARG or SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_mask_resample (const SmMask     *src,
                                  const SmMaskGrid *src_grid,
                                  SmMask           *dst,
                                  const SmMaskGrid *dst_grid);

#ifdef __cplusplus
}
#endif
