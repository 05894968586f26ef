/* sm-mask-private.h: helpers shared by the mask modules of core (not installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "sm-mask.h"

/* Masks that came from outside (a PNG, a caller's struct) may be half-built: every entry
 * point checks this before trusting the sizes. */
static inline int
_sm_mask_is_valid (const SmMask *mask)
{
  return mask != NULL && mask->levels != NULL && mask->n_frames > 0 && mask->n_bins > 0;
}

static inline size_t
_sm_mask_n_values (const SmMask *mask)
{
  return mask->n_frames * (size_t) mask->n_bins;
}

/* Grows @rect to hold bins [f_first, f_last] of frame @t; @rect may be empty. */
static inline void
_sm_rect_add (SmRect *rect,
              size_t  t,
              int     f_first,
              int     f_last)
{
  if (rect->t0 >= rect->t1 || rect->f0 >= rect->f1)
    {
      rect->t0 = t;
      rect->t1 = t + 1;
      rect->f0 = f_first;
      rect->f1 = f_last + 1;
      return;
    }
  if (t < rect->t0)
    rect->t0 = t;
  if (t + 1 > rect->t1)
    rect->t1 = t + 1;
  if (f_first < rect->f0)
    rect->f0 = f_first;
  if (f_last + 1 > rect->f1)
    rect->f1 = f_last + 1;
}

static inline SmRect
_sm_rect_empty (void)
{
  SmRect empty = { 0, 0, 0, 0 };

  return empty;
}

/* Writes @rect to @out when the caller asked for it. */
static inline void
_sm_rect_report (SmRect *out,
                 SmRect  rect)
{
  if (out != NULL)
    *out = rect;
}

static inline SmMaskLevel *
_sm_mask_at (const SmMask *mask,
             size_t        t,
             int           f)
{
  return mask->levels + t * (size_t) mask->n_bins + f;
}

/* Copies @n_rows rows of @width levels between two row-major buffers of any row strides
 * (a mask and a packed patch, say). */
static inline void
_sm_copy_rows (SmMaskLevel       *dst,
               size_t             dst_stride,
               const SmMaskLevel *src,
               size_t             src_stride,
               size_t             n_rows,
               size_t             width)
{
  for (size_t r = 0; r < n_rows; r++)
    memcpy (dst + r * dst_stride, src + r * src_stride, width);
}

/* Sets bins [f0, f1) of frame @t to @level and records the bins whose level really
 * changed, so views redraw no more than the edit touched. */
void   _sm_mask_set_span (SmMask      *mask,
                          size_t       t,
                          int          f0,
                          int          f1,
                          SmMaskLevel  level,
                          SmRect      *changed);

/* The bins of @rect whose levels differ between @a and @b, two row-major buffers of the
 * given row strides whose first element is bin (rect.t0, rect.f0); for edits that only
 * know afterwards what moved, and for the history. */
SmRect _sm_diff_rect (const SmMaskLevel *a,
                      size_t             a_stride,
                      const SmMaskLevel *b,
                      size_t             b_stride,
                      SmRect             rect);

/* The bins [lo, hi) along one axis whose centres lie in [from, to] (inclusive), clipped
 * to [0, n); done in double so that far-away coordinates cannot overflow an index. */
void   _sm_axis_span (double  from,
                      double  to,
                      size_t  n,
                      size_t *lo,
                      size_t *hi);
