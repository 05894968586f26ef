/* sm-mask.c: mask storage, rectangles and statistics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-mask.h"

#include "sm-mask-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
sm_rect_is_empty (const SmRect *rect)
{
  return rect == NULL || rect->t0 >= rect->t1 || rect->f0 >= rect->f1;
}

SmRect
sm_rect_union (SmRect a,
               SmRect b)
{
  SmRect out;

  if (sm_rect_is_empty (&a))
    return sm_rect_is_empty (&b) ? _sm_rect_empty () : b;
  if (sm_rect_is_empty (&b))
    return a;

  out.t0 = a.t0 < b.t0 ? a.t0 : b.t0;
  out.t1 = a.t1 > b.t1 ? a.t1 : b.t1;
  out.f0 = a.f0 < b.f0 ? a.f0 : b.f0;
  out.f1 = a.f1 > b.f1 ? a.f1 : b.f1;
  return out;
}

SmRect
sm_rect_intersect (SmRect a,
                   SmRect b)
{
  SmRect out;

  out.t0 = a.t0 > b.t0 ? a.t0 : b.t0;
  out.t1 = a.t1 < b.t1 ? a.t1 : b.t1;
  out.f0 = a.f0 > b.f0 ? a.f0 : b.f0;
  out.f1 = a.f1 < b.f1 ? a.f1 : b.f1;
  /* One canonical empty value, so callers may compare rectangles with memcmp. */
  if (sm_rect_is_empty (&out))
    return _sm_rect_empty ();
  return out;
}

SmMask *
sm_mask_new (size_t    n_frames,
             int       n_bins,
             float     fill,
             SmStatus *status)
{
  SmStatus st = SM_OK;
  SmMask *mask = NULL;
  size_t n;

  if (n_frames == 0 || n_bins <= 0 || !(fill >= 0.0f && fill <= 1.0f))
    {
      st = SM_ERROR_BAD_ARG;
      goto error;
    }
  if (n_frames > SIZE_MAX / (size_t) n_bins)
    {
      st = SM_ERROR_NOMEM;
      goto error;
    }

  n = n_frames * (size_t) n_bins;
  mask = calloc (1, sizeof *mask);
  if (mask == NULL)
    {
      st = SM_ERROR_NOMEM;
      goto error;
    }
  mask->n_frames = n_frames;
  mask->n_bins = n_bins;
  /* calloc gives zeros straight from the allocator: the usual empty mask costs no pass. */
  if (fill == 0.0f)
    mask->levels = calloc (n, 1);
  else
    mask->levels = malloc (n);
  if (mask->levels == NULL)
    {
      st = SM_ERROR_NOMEM;
      goto error;
    }
  if (fill != 0.0f)
    memset (mask->levels, sm_mask_level_of (fill), n);

  if (status != NULL)
    *status = SM_OK;
  return mask;

error:
  sm_mask_free (&mask);
  if (status != NULL)
    *status = st;
  return NULL;
}

SmMask *
sm_mask_copy (const SmMask *mask)
{
  SmMask *copy;

  if (!_sm_mask_is_valid (mask))
    return NULL;
  copy = sm_mask_new (mask->n_frames, mask->n_bins, 0.0f, NULL);
  if (copy == NULL)
    return NULL;
  memcpy (copy->levels, mask->levels, _sm_mask_n_values (mask));
  return copy;
}

void
sm_mask_free (SmMask **mask)
{
  if (mask == NULL || *mask == NULL)
    return;
  free ((*mask)->levels);
  free (*mask);
  *mask = NULL;
}

float *
sm_mask_values (const SmMask *mask,
                size_t        t0,
                size_t        t1)
{
  float table[SM_MASK_LEVEL_MAX + 1];
  const SmMaskLevel *levels;
  float *values;
  size_t n;

  if (!_sm_mask_is_valid (mask) || t0 >= t1 || t1 > mask->n_frames)
    return NULL;
  n = (t1 - t0) * (size_t) mask->n_bins;
  values = malloc (n * sizeof (float));
  if (values == NULL)
    return NULL;
  for (int l = 0; l <= SM_MASK_LEVEL_MAX; l++)
    table[l] = sm_mask_level_value ((SmMaskLevel) l);
  levels = mask->levels + t0 * (size_t) mask->n_bins;
  for (size_t i = 0; i < n; i++)
    values[i] = table[levels[i]];
  return values;
}

SmRect
sm_mask_full_rect (const SmMask *mask)
{
  SmRect rect = { 0, 0, 0, 0 };

  if (!_sm_mask_is_valid (mask))
    return rect;
  rect.t1 = mask->n_frames;
  rect.f1 = mask->n_bins;
  return rect;
}

double
sm_mask_kept_fraction (const SmMask *mask)
{
  size_t n;
  double total = 0.0;

  if (!_sm_mask_is_valid (mask))
    return 0.0;

  /* Integer sums of levels are exact; per frame, they cannot overflow. */
  n = _sm_mask_n_values (mask);
  for (size_t t = 0; t < mask->n_frames; t++)
    {
      const SmMaskLevel *row = mask->levels + t * (size_t) mask->n_bins;
      uint64_t sum = 0;

      for (int f = 0; f < mask->n_bins; f++)
        sum += row[f];
      total += (double) sum;
    }
  return total / ((double) n * SM_MASK_LEVEL_MAX);
}

int
sm_mask_is_binary (const SmMask *mask)
{
  size_t n;

  if (!_sm_mask_is_valid (mask))
    return 0;
  n = _sm_mask_n_values (mask);
  for (size_t i = 0; i < n; i++)
    if (mask->levels[i] != 0 && mask->levels[i] != SM_MASK_LEVEL_MAX)
      return 0;
  return 1;
}

SmStatus
sm_mask_compare (const SmMask *mask,
                 const SmMask *reference,
                 SmMaskScores *scores)
{
  size_t n, kept = 0, ref_kept = 0, both = 0;
  double precision, recall;

  if (!_sm_mask_is_valid (mask) || !_sm_mask_is_valid (reference) || scores == NULL)
    return SM_ERROR_BAD_ARG;
  if (mask->n_frames != reference->n_frames || mask->n_bins != reference->n_bins)
    return SM_ERROR_MISMATCH;

  n = _sm_mask_n_values (mask);
  for (size_t i = 0; i < n; i++)
    {
      int a = mask->levels[i] >= SM_MASK_LEVEL_KEPT;
      int b = reference->levels[i] >= SM_MASK_LEVEL_KEPT;

      kept += (size_t) a;
      ref_kept += (size_t) b;
      both += (size_t) (a && b);
    }

  /* An empty mask claims nothing, so nothing it claims is wrong (and symmetrically for an
   * empty reference); F1 still falls to 0 unless both are empty. */
  precision = kept > 0 ? (double) both / (double) kept : 1.0;
  recall = ref_kept > 0 ? (double) both / (double) ref_kept : 1.0;
  scores->precision = precision;
  scores->recall = recall;
  scores->f1 = precision + recall > 0.0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
  scores->kept_fraction = sm_mask_kept_fraction (mask);
  scores->reference_kept_fraction = sm_mask_kept_fraction (reference);
  return SM_OK;
}

void
_sm_mask_set_span (SmMask      *mask,
                   size_t       t,
                   int          f0,
                   int          f1,
                   SmMaskLevel  level,
                   SmRect      *changed)
{
  SmMaskLevel *row = mask->levels + t * (size_t) mask->n_bins;
  int first = -1, last = -1;

  for (int f = f0; f < f1; f++)
    if (row[f] != level)
      {
        if (first < 0)
          first = f;
        last = f;
        row[f] = level;
      }
  if (first >= 0)
    _sm_rect_add (changed, t, first, last);
}

SmRect
_sm_diff_rect (const SmMaskLevel *a,
               size_t             a_stride,
               const SmMaskLevel *b,
               size_t             b_stride,
               SmRect             rect)
{
  SmRect diff = _sm_rect_empty ();
  int width = rect.f1 - rect.f0;

  for (size_t t = rect.t0; t < rect.t1; t++)
    {
      const SmMaskLevel *x = a + (t - rect.t0) * a_stride;
      const SmMaskLevel *y = b + (t - rect.t0) * b_stride;
      int first = 0, last = width - 1;

      while (first < width && x[first] == y[first])
        first++;
      if (first == width)
        continue;
      while (x[last] == y[last])
        last--;
      _sm_rect_add (&diff, t, rect.f0 + first, rect.f0 + last);
    }
  return diff;
}

void
_sm_axis_span (double  from,
               double  to,
               size_t  n,
               size_t *lo,
               size_t *hi)
{
  double a = ceil (from);
  double b = floor (to) + 1.0;

  if (!(a < b) || b <= 0.0 || a >= (double) n)
    {
      *lo = *hi = 0;
      return;
    }
  *lo = a > 0.0 ? (size_t) a : 0;
  *hi = b < (double) n ? (size_t) b : n;
}
