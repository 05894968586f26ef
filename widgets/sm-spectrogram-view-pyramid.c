/* sm-spectrogram-view-pyramid.c: the mask reduced in time, for zoomed-out overlay tiles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Zoomed out, one overlay pixel spans hundreds of frames, and building the visible tiles
 * from the mask itself reads every value of it on the main thread (tens of milliseconds
 * per zoom step for a few minutes of audio, growing with the length). Level k of the
 * pyramid holds the mask reduced (min or mean) over blocks of 8^k frames, [cell][bin];
 * a tile reads the coarsest level that still has two cells per pixel column, so its cost
 * no longer grows with the zoom. A change updates only the blocks its rectangle touches.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#define FACTOR 8
#define MAX_LEVELS 12

struct _SmMaskPyramid
{
  SmReduce op;
  int      n_bins;
  guint    n_levels;                  /* level 0 is the mask itself, not stored */
  size_t   n_cells[MAX_LEVELS];
  size_t   block[MAX_LEVELS];         /* frames per cell */
  float   *levels[MAX_LEVELS];
};

/* Recomputes cells [c0, c1) of @level from the level below, for bins [f0, f1). */
static void
reduce_cells (SmMaskPyramid *pyramid,
              const SmMask  *mask,
              guint          level,
              size_t         c0,
              size_t         c1,
              int            f0,
              int            f1)
{
  const int n_bins = pyramid->n_bins;
  const float *below = level == 1 ? mask->values : pyramid->levels[level - 1];
  const size_t n_below = level == 1 ? mask->n_frames : pyramid->n_cells[level - 1];
  float *cells = pyramid->levels[level];

  for (size_t c = c0; c < c1; c++)
    {
      const size_t b0 = c * FACTOR, b1 = MIN (b0 + FACTOR, n_below);
      float *out = cells + c * n_bins;

      for (int f = f0; f < f1; f++)
        out[f] = below[b0 * n_bins + f];
      /* Vectorised: this pass reads the whole mask when the pyramid is built. */
      for (size_t b = b0 + 1; b < b1; b++)
        _sm_tile_fold_row (out + f0, below + b * n_bins + f0, (size_t) (f1 - f0), pyramid->op);
      /* A mean of means: exact but for the last, shorter block of each level. */
      if (pyramid->op == SM_REDUCE_MEAN)
        for (int f = f0; f < f1; f++)
          out[f] /= (float) (b1 - b0);
    }
}

SmMaskPyramid *
_sm_mask_pyramid_new (const SmMask *mask,
                      SmReduce      op)
{
  SmMaskPyramid *pyramid = g_new0 (SmMaskPyramid, 1);
  size_t cells = mask->n_frames, block = 1;

  pyramid->op = op;
  pyramid->n_bins = mask->n_bins;
  pyramid->n_levels = 1;
  pyramid->n_cells[0] = cells;
  pyramid->block[0] = 1;
  while (cells > 1 && pyramid->n_levels < MAX_LEVELS)
    {
      guint k = pyramid->n_levels++;

      cells = (cells + FACTOR - 1) / FACTOR;
      block *= FACTOR;
      pyramid->n_cells[k] = cells;
      pyramid->block[k] = block;
      pyramid->levels[k] = g_new (float, cells * (size_t) mask->n_bins);
      reduce_cells (pyramid, mask, k, 0, cells, 0, mask->n_bins);
    }
  return pyramid;
}

void
_sm_mask_pyramid_free (SmMaskPyramid *pyramid)
{
  if (pyramid == NULL)
    return;
  for (guint k = 1; k < pyramid->n_levels; k++)
    g_free (pyramid->levels[k]);
  g_free (pyramid);
}

gboolean
_sm_mask_pyramid_fits (SmMaskPyramid *pyramid,
                       const SmMask  *mask,
                       SmReduce       op)
{
  return pyramid->op == op && pyramid->n_bins == mask->n_bins &&
         pyramid->n_cells[0] == mask->n_frames;
}

void
_sm_mask_pyramid_update (SmMaskPyramid *pyramid,
                         const SmMask  *mask,
                         const SmRect  *rect)
{
  size_t t0 = rect->t0, t1 = MIN (rect->t1, mask->n_frames);
  int f0 = MAX (rect->f0, 0), f1 = MIN (rect->f1, mask->n_bins);

  for (guint k = 1; k < pyramid->n_levels && t0 < t1 && f0 < f1; k++)
    {
      /* The cells holding [t0, t1) of the level below. */
      t0 /= FACTOR;
      t1 = (t1 + FACTOR - 1) / FACTOR;
      reduce_cells (pyramid, mask, k, t0, t1, f0, f1);
    }
}

const float *
_sm_mask_pyramid_level (SmMaskPyramid *pyramid,
                        const SmMask  *mask,
                        double         max_block,
                        size_t        *block,
                        size_t        *n_cells)
{
  guint k = 0;

  while (k + 1 < pyramid->n_levels && pyramid->block[k + 1] <= max_block)
    k++;
  *block = pyramid->block[k];
  *n_cells = pyramid->n_cells[k];
  return k == 0 ? mask->values : pyramid->levels[k];
}
