/* sm-mask-morph.c: morphology and feathering of masks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both operations are separable: a rectangle is a line along time times a line along
 * frequency, and a squared anisotropic Euclidean distance is a sum of one term per axis.
 * Each 1-D pass costs O(n) whatever the element or the distance, so a 50-frame closing
 * on an hour-long mask costs the same as a 1-frame one.
 */
#include "sm-mask-edit.h"

#include "sm-mask-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline SmMaskLevel
pick (SmMaskLevel a,
      SmMaskLevel b,
      int         use_max)
{
  if (use_max)
    return a > b ? a : b;
  return a < b ? a : b;
}

/* Replaces x[i] by the max (or min) over the window [i - h, i + h] clipped to the array;
 * leaving out the bins past the ends is the same as padding with the operation's identity.
 * Van Herk / Gil-Werman: prefix and suffix extremes within blocks of w = 2h + 1; a whole
 * window is one block's suffix joined with the next block's prefix (or one block twice,
 * which the max and min do not mind), so three comparisons per value for any h. */
static void
window_extreme (SmMaskLevel *x,
                size_t       n,
                size_t       h,
                int          use_max,
                SmMaskLevel *pre,
                SmMaskLevel *suf)
{
  size_t w = 2 * h + 1;
  size_t last_start = (n - 1) / w * w;

  for (size_t start = 0; start < n; start += w)
    {
      size_t end = start + w < n ? start + w : n;

      pre[start] = x[start];
      for (size_t i = start + 1; i < end; i++)
        pre[i] = pick (pre[i - 1], x[i], use_max);
      suf[end - 1] = x[end - 1];
      for (size_t i = end - 1; i-- > start;)
        suf[i] = pick (suf[i + 1], x[i], use_max);
    }

  for (size_t i = 0; i < n; i++)
    {
      if (i < h)
        x[i] = pre[i + h < n ? i + h : n - 1];   /* starts at 0, inside block 0 */
      else if (i + h < n)
        x[i] = pick (suf[i - h], pre[i + h], use_max);
      else if (i - h >= last_start)
        x[i] = suf[i - h];   /* within the last block, whose suffix stops at n */
      else
        x[i] = pick (suf[i - h], pre[n - 1], use_max);
    }
}

/* Columns lie far apart in memory; copying STRIP of them at a time into contiguous
 * columns makes each cache line fetched serve STRIP values instead of one. */
#define STRIP 16

static void
extreme_2d (SmMask      *mask,
            size_t       half_frames,
            size_t       half_bins,
            int          use_max,
            SmMaskLevel *strip,
            SmMaskLevel *pre,
            SmMaskLevel *suf)
{
  size_t n_frames = mask->n_frames;
  size_t n_bins = (size_t) mask->n_bins;

  if (half_bins > 0)
    for (size_t t = 0; t < n_frames; t++)
      window_extreme (mask->levels + t * n_bins, n_bins, half_bins, use_max, pre, suf);
  if (half_frames == 0)
    return;
  for (size_t f0 = 0; f0 < n_bins; f0 += STRIP)
    {
      size_t width = n_bins - f0 < STRIP ? n_bins - f0 : STRIP;

      for (size_t t = 0; t < n_frames; t++)
        for (size_t j = 0; j < width; j++)
          strip[j * n_frames + t] = mask->levels[t * n_bins + f0 + j];
      for (size_t j = 0; j < width; j++)
        window_extreme (strip + j * n_frames, n_frames, half_frames, use_max, pre, suf);
      for (size_t t = 0; t < n_frames; t++)
        for (size_t j = 0; j < width; j++)
          mask->levels[t * n_bins + f0 + j] = strip[j * n_frames + t];
    }
}

SmStatus
sm_mask_morph (SmMask    *mask,
               SmMorphOp  op,
               int        half_frames,
               int        half_bins,
               SmRect    *changed)
{
  size_t n, longest, ht, hf;
  SmMaskLevel *before = NULL, *strip = NULL, *pre = NULL, *suf = NULL;
  SmStatus status = SM_OK;

  _sm_rect_report (changed, _sm_rect_empty ());
  if (!_sm_mask_is_valid (mask) || half_frames < 0 || half_bins < 0
      || (op != SM_MORPH_DILATE && op != SM_MORPH_ERODE && op != SM_MORPH_OPEN
          && op != SM_MORPH_CLOSE))
    return SM_ERROR_BAD_ARG;

  /* An element wider than the mask covers all of it; clamping keeps 2h + 1 in range. */
  ht = (size_t) half_frames < mask->n_frames ? (size_t) half_frames : mask->n_frames - 1;
  hf = half_bins < mask->n_bins ? (size_t) half_bins : (size_t) mask->n_bins - 1;
  if (ht == 0 && hf == 0)
    return SM_OK;

  n = _sm_mask_n_values (mask);
  longest = mask->n_frames > (size_t) mask->n_bins ? mask->n_frames : (size_t) mask->n_bins;
  before = malloc (n);
  strip = malloc (STRIP * mask->n_frames);
  pre = malloc (longest);
  suf = malloc (longest);
  if (before == NULL || strip == NULL || pre == NULL || suf == NULL)
    {
      status = SM_ERROR_NOMEM;
      goto out;
    }
  /* The original is the only way to know afterwards which bins moved. */
  memcpy (before, mask->levels, n);

  switch (op)
    {
    case SM_MORPH_DILATE:
      extreme_2d (mask, ht, hf, 1, strip, pre, suf);
      break;
    case SM_MORPH_ERODE:
      extreme_2d (mask, ht, hf, 0, strip, pre, suf);
      break;
    case SM_MORPH_OPEN:
      extreme_2d (mask, ht, hf, 0, strip, pre, suf);
      extreme_2d (mask, ht, hf, 1, strip, pre, suf);
      break;
    case SM_MORPH_CLOSE:
      extreme_2d (mask, ht, hf, 1, strip, pre, suf);
      extreme_2d (mask, ht, hf, 0, strip, pre, suf);
      break;
    }
  _sm_rect_report (changed, _sm_diff_rect (before, (size_t) mask->n_bins, mask->levels,
                                           (size_t) mask->n_bins, sm_mask_full_rect (mask)));

out:
  free (before);
  free (strip);
  free (pre);
  free (suf);
  return status;
}

/* Squared distance along one row to the nearest kept bin, times @scale2, or +inf. Two
 * sweeps (nearest kept bin on the left, then on the right) are exact in 1-D. */
static void
row_distance (const SmMaskLevel *row,
              int                n,
              double             scale2,
              float             *out)
{
  int last = -1;

  for (int f = 0; f < n; f++)
    {
      if (row[f] >= SM_MASK_LEVEL_KEPT)
        last = f;
      out[f] = last < 0 ? INFINITY : (float) (scale2 * (double) (f - last) * (f - last));
    }
  last = -1;
  for (int f = n - 1; f >= 0; f--)
    {
      if (row[f] >= SM_MASK_LEVEL_KEPT)
        last = f;
      if (last >= 0)
        {
          float d = (float) (scale2 * (double) (last - f) * (last - f));

          if (d < out[f])
            out[f] = d;
        }
    }
}

/* Felzenszwalb and Huttenlocher's lower envelope of parabolas: out[p] =
 * min_q scale2 (p - q)^2 + in[q], exact, in O(n). Infinite inputs never win, so they are
 * left out of the envelope; with none finite the output is +inf. */
static void
envelope (const double *in,
          size_t        n,
          double        scale2,
          size_t       *v,
          double       *z,
          double       *out)
{
  size_t k = 0, q = 0;

  while (q < n && isinf (in[q]))
    q++;
  if (q == n)
    {
      for (size_t p = 0; p < n; p++)
        out[p] = INFINITY;
      return;
    }

  v[0] = q;
  z[0] = -INFINITY;
  z[1] = INFINITY;
  for (q++; q < n; q++)
    {
      double s;

      if (isinf (in[q]))
        continue;
      for (;;)
        {
          double r = (double) v[k];

          s = ((in[q] + scale2 * (double) q * (double) q) - (in[v[k]] + scale2 * r * r))
              / (2.0 * scale2 * ((double) q - r));
          if (s > z[k] || k == 0)
            break;
          k--;
        }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = INFINITY;
    }

  k = 0;
  for (size_t p = 0; p < n; p++)
    {
      double dp;

      while (z[k + 1] < (double) p)
        k++;
      dp = (double) p - (double) v[k];
      out[p] = scale2 * dp * dp + in[v[k]];
    }
}

/* Squared reciprocal width, clamped: below 1 bin no neighbour is nearer than d = 1 either
 * way, and above 1e140 bins 1 - d rounds to 1 either way; the clamp only keeps the
 * arithmetic away from overflow and denormals. */
static double
scale_of_width (double width)
{
  double s2;

  width = fmax (width, 1.0);
  s2 = 1.0 / (width * width);
  return fmax (s2, 1e-280);
}

/* Frames of a feather block, at least: the scratch is a block plus its margins. */
#define FEATHER_BLOCK 256

/* Feathers frames [b0, b1) into @out ((b1 - b0) x F levels, the new ones), reading the mask
 * at frames [lo, hi), which hold every frame near enough to matter. */
static void
feather_block (const SmMask *mask,
               size_t        b0,
               size_t        b1,
               size_t        lo,
               size_t        hi,
               double        st,
               double        sf,
               float        *rows,
               size_t       *v,
               double       *z,
               double       *cols,
               double       *dist,
               SmMaskLevel  *out)
{
  const size_t n_bins = (size_t) mask->n_bins;
  const size_t n = hi - lo;

  for (size_t t = lo; t < hi; t++)
    row_distance (mask->levels + t * n_bins, mask->n_bins, sf, rows + (t - lo) * n_bins);
  memcpy (out, mask->levels + b0 * n_bins, (b1 - b0) * n_bins);
  for (size_t f0 = 0; f0 < n_bins; f0 += STRIP)
    {
      size_t width = n_bins - f0 < STRIP ? n_bins - f0 : STRIP;

      for (size_t t = 0; t < n; t++)
        for (size_t j = 0; j < width; j++)
          cols[j * n + t] = rows[t * n_bins + f0 + j];
      for (size_t j = 0; j < width; j++)
        envelope (cols + j * n, n, st, v, z, dist + j * n);
      for (size_t t = b0; t < b1; t++)
        for (size_t j = 0; j < width; j++)
          {
            SmMaskLevel *level = out + (t - b0) * n_bins + f0 + j;
            double d2 = dist[j * n + (t - lo)];
            SmMaskLevel soft;

            if (*level >= SM_MASK_LEVEL_KEPT || !(d2 < 1.0))
              continue;
            soft = sm_mask_level_of ((float) (1.0 - sqrt (d2)));
            if (soft > *level)
              *level = soft;
          }
    }
}

/* Writes a block's new levels into the mask, noting the bins that changed. */
static void
store_block (SmMask            *mask,
             size_t             b0,
             size_t             b1,
             const SmMaskLevel *levels,
             SmRect            *done)
{
  const size_t n_bins = (size_t) mask->n_bins;

  _sm_rect_report (done, sm_rect_union (*done,
                                        _sm_diff_rect (mask->levels + b0 * n_bins, n_bins,
                                                       levels, n_bins,
                                                       (SmRect) { b0, b1, 0, mask->n_bins })));
  memcpy (mask->levels + b0 * n_bins, levels, (b1 - b0) * n_bins);
}

SmStatus
sm_mask_feather (SmMask *mask,
                 double  width_frames,
                 double  width_bins,
                 SmRect *changed)
{
  SmRect done = _sm_rect_empty ();
  size_t n_frames, n_bins, margin, block, span, pending_b0 = 0, pending_b1 = 0;
  double st, sf;
  float *rows = NULL;
  size_t *v = NULL;
  double *z = NULL, *cols = NULL, *dist = NULL;
  SmMaskLevel *pending = NULL, *current = NULL;
  SmStatus status = SM_OK;

  _sm_rect_report (changed, done);
  if (!_sm_mask_is_valid (mask) || !(width_frames > 0.0) || !isfinite (width_frames)
      || !(width_bins > 0.0) || !isfinite (width_bins))
    return SM_ERROR_BAD_ARG;

  n_frames = mask->n_frames;
  n_bins = (size_t) mask->n_bins;
  st = scale_of_width (width_frames);
  sf = scale_of_width (width_bins);
  /* A kept bin this many frames away or more is at d >= 1, where the edge has ended: a
   * block of frames needs only its margins around it, not the whole mask (an hour's float
   * distances would take 1.3 GB). */
  margin = (size_t) fmin (ceil (fmax (width_frames, 1.0)), (double) n_frames);
  block = margin > FEATHER_BLOCK ? margin : FEATHER_BLOCK;
  span = block + 2 * margin < n_frames ? block + 2 * margin : n_frames;
  rows = malloc (span * n_bins * sizeof (float));
  v = malloc (span * sizeof *v);
  z = malloc ((span + 1) * sizeof *z);
  cols = malloc (STRIP * span * sizeof *cols);
  dist = malloc (STRIP * span * sizeof *dist);
  pending = malloc ((block < n_frames ? block : n_frames) * n_bins);
  current = malloc ((block < n_frames ? block : n_frames) * n_bins);
  if (rows == NULL || v == NULL || z == NULL || cols == NULL || dist == NULL || pending == NULL
      || current == NULL)
    {
      status = SM_ERROR_NOMEM;
      goto out;
    }

  /* Soft edges must not count as kept bins for the blocks after: a block's levels are
   * stored only once the next block has read the frames around it (its margin reaches
   * back no further than one block). */
  for (size_t b0 = 0; b0 < n_frames; b0 += block)
    {
      size_t b1 = b0 + block < n_frames ? b0 + block : n_frames;
      size_t lo = b0 > margin ? b0 - margin : 0;
      size_t hi = b1 + margin < n_frames ? b1 + margin : n_frames;
      SmMaskLevel *swap;

      feather_block (mask, b0, b1, lo, hi, st, sf, rows, v, z, cols, dist, current);
      if (pending_b1 > pending_b0)
        store_block (mask, pending_b0, pending_b1, pending, &done);
      swap = pending;
      pending = current;
      current = swap;
      pending_b0 = b0;
      pending_b1 = b1;
    }
  if (pending_b1 > pending_b0)
    store_block (mask, pending_b0, pending_b1, pending, &done);
  _sm_rect_report (changed, done);

out:
  free (rows);
  free (v);
  free (z);
  free (cols);
  free (dist);
  free (pending);
  free (current);
  return status;
}
