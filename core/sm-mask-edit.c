/* sm-mask-edit.c: strokes, shapes and whole-mask edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each edit visits only the bins its shape's bounding box holds and reports the bins whose
 * value really changed, so a stroke on an hour-long mask costs what the stroke covers.
 */
#include "sm-mask-edit.h"

#include "sm-mask-private.h"

#include <math.h>
#include <stdlib.h>

/* Coordinates this far out lie beyond any mask; bounding them keeps every difference and
 * product of coordinates finite. */
#define COORD_LIMIT 1e15

static int
points_are_sane (const SmPoint *points,
                 size_t         n_points)
{
  if (points == NULL)
    return 0;
  for (size_t i = 0; i < n_points; i++)
    if (!(fabs (points[i].t) <= COORD_LIMIT && fabs (points[i].f) <= COORD_LIMIT))
      return 0;
  return 1;
}

/* The bins whose centres lie in [t_lo, t_hi] x [f_lo, f_hi]. */
static SmRect
span_rect (const SmMask *mask,
           double        t_lo,
           double        t_hi,
           double        f_lo,
           double        f_hi)
{
  SmRect rect;
  size_t f0, f1;

  _sm_axis_span (t_lo, t_hi, mask->n_frames, &rect.t0, &rect.t1);
  _sm_axis_span (f_lo, f_hi, (size_t) mask->n_bins, &f0, &f1);
  rect.f0 = (int) f0;
  rect.f1 = (int) f1;
  if (sm_rect_is_empty (&rect))
    return _sm_rect_empty ();
  return rect;
}

static int
brush_args_ok (const SmMask  *mask,
               const SmPoint *points,
               size_t         n_points,
               double         radius_t,
               double         radius_f)
{
  return _sm_mask_is_valid (mask) && n_points > 0 && points_are_sane (points, n_points)
         && radius_t > 0.0 && radius_t <= COORD_LIMIT && radius_f > 0.0
         && radius_f <= COORD_LIMIT;
}

SmRect
sm_mask_brush_bounds (const SmMask  *mask,
                      const SmPoint *points,
                      size_t         n_points,
                      double         radius_t,
                      double         radius_f)
{
  double t_min, t_max, f_min, f_max;

  if (!brush_args_ok (mask, points, n_points, radius_t, radius_f))
    return _sm_rect_empty ();

  t_min = t_max = points[0].t;
  f_min = f_max = points[0].f;
  for (size_t i = 1; i < n_points; i++)
    {
      t_min = fmin (t_min, points[i].t);
      t_max = fmax (t_max, points[i].t);
      f_min = fmin (f_min, points[i].f);
      f_max = fmax (f_max, points[i].f);
    }
  return span_rect (mask, t_min - radius_t, t_max + radius_t, f_min - radius_f, f_max + radius_f);
}

/* Grows [*lo, *hi] to hold [lo2, hi2] (an empty interval has lo > hi). */
static void
interval_join (double *lo,
               double *hi,
               double  lo2,
               double  hi2)
{
  if (lo2 > hi2)
    return;
  if (*lo > *hi)
    {
      *lo = lo2;
      *hi = hi2;
      return;
    }
  *lo = lo2 < *lo ? lo2 : *lo;
  *hi = hi2 > *hi ? hi2 : *hi;
}

/* The v within distance 1 of the disc centre (cu, cv) on the line u = qu; empty when the
 * line misses it. */
static void
disc_chord (double  qu,
            double  cu,
            double  cv,
            double *lo,
            double *hi)
{
  double e = qu - cu;

  *lo = 1.0;
  *hi = 0.0;
  if (e * e <= 1.0)
    {
      double h = sqrt (1.0 - e * e);

      *lo = cv - h;
      *hi = cv + h;
    }
}

/* Paints the capsule around segment a-b. Working in coordinates divided by the radii turns
 * the ellipse into the unit disc, so "swept ellipse" becomes "distance to the segment
 * <= 1": the union of the discs at both ends and the band of points that project inside
 * the segment within distance 1 of it. The capsule is convex, so each frame's bins form
 * one run, whose ends come from those three pieces in closed form; the run is then
 * filled. A stroke zoomed out covers hundreds of frames and bins per segment: testing
 * each bin cost a few milliseconds per segment, a run costs its fill. */
static void
brush_segment (SmMask        *mask,
               SmPoint        a,
               SmPoint        b,
               double         radius_t,
               double         radius_f,
               SmMaskLevel    level,
               SmRect        *changed)
{
  const double du = (b.t - a.t) / radius_t;
  const double dv = (b.f - a.f) / radius_f;
  const double len2 = du * du + dv * dv;
  const double len = sqrt (len2);
  SmRect box = span_rect (mask, fmin (a.t, b.t) - radius_t, fmax (a.t, b.t) + radius_t,
                          fmin (a.f, b.f) - radius_f, fmax (a.f, b.f) + radius_f);

  for (size_t t = box.t0; t < box.t1; t++)
    {
      const double qu = ((double) t - a.t) / radius_t;
      SmMaskLevel *row = mask->levels + t * (size_t) mask->n_bins;
      double v_lo, v_hi, lo, hi, f_lo, f_hi;
      int first = -1, last = -1, f0, f1;

      disc_chord (qu, 0.0, 0.0, &v_lo, &v_hi);
      disc_chord (qu, du, dv, &lo, &hi);
      interval_join (&v_lo, &v_hi, lo, hi);
      if (len2 > 0.0)
        {
          /* The band: 0 <= (qu du + v dv) / len2 <= 1 and |qu dv - v du| / len <= 1. */
          double p_lo = -INFINITY, p_hi = INFINITY, b_lo = -INFINITY, b_hi = INFINITY;

          if (dv != 0.0)
            {
              double x = -qu * du / dv, y = (len2 - qu * du) / dv;

              p_lo = x < y ? x : y;
              p_hi = x < y ? y : x;
            }
          else if (qu * du < 0.0 || qu * du > len2)
            p_lo = 1.0, p_hi = 0.0;
          if (du != 0.0)
            {
              double x = (qu * dv - len) / du, y = (qu * dv + len) / du;

              b_lo = x < y ? x : y;
              b_hi = x < y ? y : x;
            }
          else if (qu * qu > 1.0)
            b_lo = 1.0, b_hi = 0.0;
          interval_join (&v_lo, &v_hi, p_lo > b_lo ? p_lo : b_lo, p_hi < b_hi ? p_hi : b_hi);
        }
      if (!(v_lo <= v_hi))
        continue;

      f_lo = ceil (a.f + v_lo * radius_f);
      f_hi = floor (a.f + v_hi * radius_f);
      if (!(f_lo <= f_hi) || f_lo >= box.f1 || f_hi < box.f0)
        continue;
      f0 = f_lo > box.f0 ? (int) f_lo : box.f0;
      f1 = f_hi < box.f1 - 1 ? (int) f_hi + 1 : box.f1;
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
}

SmStatus
sm_mask_brush (SmMask        *mask,
               const SmPoint *points,
               size_t         n_points,
               double         radius_t,
               double         radius_f,
               float          value,
               SmRect        *changed)
{
  SmRect rect = _sm_rect_empty ();

  _sm_rect_report (changed, rect);
  if (!brush_args_ok (mask, points, n_points, radius_t, radius_f) || isnan (value))
    return SM_ERROR_BAD_ARG;

  if (n_points == 1)
    brush_segment (mask, points[0], points[0], radius_t, radius_f, sm_mask_level_of (value),
                   &rect);
  for (size_t i = 1; i < n_points; i++)
    brush_segment (mask, points[i - 1], points[i], radius_t, radius_f,
                   sm_mask_level_of (value), &rect);
  _sm_rect_report (changed, rect);
  return SM_OK;
}

SmStatus
sm_mask_rectangle (SmMask *mask,
                   SmRect  rect,
                   float   value,
                   SmRect *changed)
{
  SmRect done = _sm_rect_empty ();

  _sm_rect_report (changed, done);
  if (!_sm_mask_is_valid (mask) || isnan (value))
    return SM_ERROR_BAD_ARG;

  rect = sm_rect_intersect (rect, sm_mask_full_rect (mask));
  for (size_t t = rect.t0; t < rect.t1; t++)
    _sm_mask_set_span (mask, t, rect.f0, rect.f1, sm_mask_level_of (value), &done);
  _sm_rect_report (changed, done);
  return SM_OK;
}

SmRect
sm_mask_polygon_bounds (const SmMask  *mask,
                        const SmPoint *points,
                        size_t         n_points)
{
  double t_min, t_max, f_min, f_max;

  if (!_sm_mask_is_valid (mask) || n_points < 3 || !points_are_sane (points, n_points))
    return _sm_rect_empty ();

  t_min = t_max = points[0].t;
  f_min = f_max = points[0].f;
  for (size_t i = 1; i < n_points; i++)
    {
      t_min = fmin (t_min, points[i].t);
      t_max = fmax (t_max, points[i].t);
      f_min = fmin (f_min, points[i].f);
      f_max = fmax (f_max, points[i].f);
    }
  return span_rect (mask, t_min, t_max, f_min, f_max);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

SmStatus
sm_mask_polygon (SmMask        *mask,
                 const SmPoint *points,
                 size_t         n_points,
                 float          value,
                 SmRect        *changed)
{
  SmRect done = _sm_rect_empty ();
  SmRect box;
  double *cross;

  _sm_rect_report (changed, done);
  if (!_sm_mask_is_valid (mask) || n_points < 3 || !points_are_sane (points, n_points)
      || isnan (value))
    return SM_ERROR_BAD_ARG;

  box = sm_mask_polygon_bounds (mask, points, n_points);
  if (sm_rect_is_empty (&box))
    return SM_OK;
  cross = malloc (n_points * sizeof *cross);
  if (cross == NULL)
    return SM_ERROR_NOMEM;

  /* Scan each frame: an edge crosses it when the frame lies in [min t, max t) of the edge,
   * which counts a vertex on the scan line once and horizontal edges never, so the
   * crossings pair up into the inside spans [x0, x1), [x2, x3), ... */
  for (size_t t = box.t0; t < box.t1; t++)
    {
      double tc = (double) t;
      size_t n_cross = 0;

      for (size_t i = 0; i < n_points; i++)
        {
          SmPoint a = points[i];
          SmPoint b = points[(i + 1) % n_points];

          if ((a.t <= tc) != (b.t <= tc))
            cross[n_cross++] = a.f + (tc - a.t) * (b.f - a.f) / (b.t - a.t);
        }
      qsort (cross, n_cross, sizeof *cross, compare_doubles);
      for (size_t k = 0; k + 1 < n_cross; k += 2)
        {
          double lo = fmax (ceil (cross[k]), (double) box.f0);
          double hi = fmin (ceil (cross[k + 1]), (double) box.f1);

          if (lo < hi)
            _sm_mask_set_span (mask, t, (int) lo, (int) hi, sm_mask_level_of (value), &done);
        }
    }

  free (cross);
  _sm_rect_report (changed, done);
  return SM_OK;
}

SmStatus
sm_mask_fill (SmMask *mask,
              float   value,
              SmRect *changed)
{
  if (mask == NULL)
    {
      _sm_rect_report (changed, _sm_rect_empty ());
      return SM_ERROR_BAD_ARG;
    }
  return sm_mask_rectangle (mask, sm_mask_full_rect (mask), value, changed);
}

SmStatus
sm_mask_invert (SmMask *mask,
                SmRect *changed)
{
  SmRect done = _sm_rect_empty ();

  _sm_rect_report (changed, done);
  if (!_sm_mask_is_valid (mask))
    return SM_ERROR_BAD_ARG;

  for (size_t t = 0; t < mask->n_frames; t++)
    {
      SmMaskLevel *row = mask->levels + t * (size_t) mask->n_bins;
      int first = -1, last = -1;

      for (int f = 0; f < mask->n_bins; f++)
        {
          SmMaskLevel inverse = (SmMaskLevel) (SM_MASK_LEVEL_MAX - row[f]);

          if (inverse != row[f])
            {
              if (first < 0)
                first = f;
              last = f;
              row[f] = inverse;
            }
        }
      if (first >= 0)
        _sm_rect_add (&done, t, first, last);
    }
  _sm_rect_report (changed, done);
  return SM_OK;
}

SmStatus
sm_mask_clip (SmMask *mask,
              SmRect  keep,
              SmRect *changed)
{
  SmRect done = _sm_rect_empty ();

  _sm_rect_report (changed, done);
  if (!_sm_mask_is_valid (mask))
    return SM_ERROR_BAD_ARG;

  keep = sm_rect_intersect (keep, sm_mask_full_rect (mask));
  for (size_t t = 0; t < mask->n_frames; t++)
    {
      if (t < keep.t0 || t >= keep.t1)
        {
          _sm_mask_set_span (mask, t, 0, mask->n_bins, 0.0f, &done);
          continue;
        }
      _sm_mask_set_span (mask, t, 0, keep.f0, 0.0f, &done);
      _sm_mask_set_span (mask, t, keep.f1, mask->n_bins, 0.0f, &done);
    }
  _sm_rect_report (changed, done);
  return SM_OK;
}
