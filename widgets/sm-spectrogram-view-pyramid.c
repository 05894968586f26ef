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
 *
 * A level holds only the chunks of cells something asked for, and of each chunk only the
 * run of bins asked for: level 1 alone is an eighth of the mask (160 MB for an hour of
 * audio), a view fitted to a long file never reads it, one zoomed in reads the few chunks
 * it shows (the rest of the level is allocated but never touched, so it takes no memory),
 * and patching the overlay under a brush stroke reads the stroke's bins, not whole columns
 * of the mask. Cells not held are computed from the level below when a held cell above
 * needs them, in the same order as if they were held, so the values are the same bits
 * either way.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <string.h>

#define FACTOR 8
#define MAX_LEVELS 12
/* Cells per chunk: a chunk of level 1 is 512 frames, a few seconds of audio. */
#define CHUNK 64

struct _SmMaskPyramid
{
  SmReduce op;
  int      n_bins;
  guint    n_levels;                  /* level 0 is the mask itself, not stored */
  size_t   n_cells[MAX_LEVELS];
  size_t   block[MAX_LEVELS];         /* frames per cell */
  SmMaskLevel *levels[MAX_LEVELS];    /* NULL: not asked for yet */
  int     *held[MAX_LEVELS];          /* per chunk of CHUNK cells, two ints: the bins
                                       * [lo, hi) computed and kept (lo >= hi: none) */
  SmMaskLevel *scratch;               /* one row per level, for levels not stored */
  float   *acc;                       /* one row per level, where a cell is reduced */
};

static void reduce_into (SmMaskPyramid *pyramid,
                         const SmMask  *mask,
                         guint          level,
                         size_t         c,
                         int            f0,
                         int            f1,
                         SmMaskLevel   *out);

/* Cell @c of @level, valid over bins [f0, f1): the stored row, or computed into that
 * level's scratch row. */
static const SmMaskLevel *
cell_row (SmMaskPyramid *pyramid,
          const SmMask  *mask,
          guint          level,
          size_t         c,
          int            f0,
          int            f1)
{
  const size_t n_bins = (size_t) pyramid->n_bins;
  SmMaskLevel *row;

  if (level == 0)
    return mask->levels + c * n_bins;
  if (pyramid->held[level] != NULL && pyramid->held[level][2 * (c / CHUNK)] <= f0 &&
      pyramid->held[level][2 * (c / CHUNK) + 1] >= f1)
    return pyramid->levels[level] + c * n_bins;
  row = pyramid->scratch + level * n_bins;
  reduce_into (pyramid, mask, level, c, f0, f1, row);
  return row;
}

/* Reduces the cells of the level below that cell @c of @level spans into @out, bins
 * [f0, f1). */
static void
reduce_into (SmMaskPyramid *pyramid,
             const SmMask  *mask,
             guint          level,
             size_t         c,
             int            f0,
             int            f1,
             SmMaskLevel   *out)
{
  const size_t n_below = pyramid->n_cells[level - 1];
  const size_t b0 = c * FACTOR, b1 = MIN (b0 + FACTOR, n_below);
  const size_t n = (size_t) (f1 - f0);
  /* Per level: the cells below may be reduced on the way, into their own row. */
  float *acc = pyramid->acc + level * (size_t) pyramid->n_bins;
  const float scale = pyramid->op == SM_REDUCE_MEAN ? 1.0f / (float) (b1 - b0) : 1.0f;

  _sm_tile_load_row (acc + f0, cell_row (pyramid, mask, level - 1, b0, f0, f1) + f0, n);
  /* Vectorised: building a level reads the whole mask. */
  for (size_t b = b0 + 1; b < b1; b++)
    _sm_tile_fold_row (acc + f0, cell_row (pyramid, mask, level - 1, b, f0, f1) + f0, n,
                       pyramid->op);
  /* A mean of means, to the nearest level: within half a level of the exact mean per
   * level of the pyramid, far below what a pixel of the overlay can show. */
  for (int f = f0; f < f1; f++)
    out[f] = (SmMaskLevel) (acc[f] * scale + 0.5f);
}

/* Recomputes cells [c0, c1) of the allocated @level, for bins [f0, f1). */
static void
reduce_cells (SmMaskPyramid *pyramid,
              const SmMask  *mask,
              guint          level,
              size_t         c0,
              size_t         c1,
              int            f0,
              int            f1)
{
  for (size_t c = c0; c < c1; c++)
    reduce_into (pyramid, mask, level, c, f0, f1,
                 pyramid->levels[level] + c * (size_t) pyramid->n_bins);
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
    }
  pyramid->scratch = g_new (SmMaskLevel, (size_t) pyramid->n_levels * (size_t) mask->n_bins);
  pyramid->acc = g_new (float, (size_t) pyramid->n_levels * (size_t) mask->n_bins);
  return pyramid;
}

void
_sm_mask_pyramid_free (SmMaskPyramid *pyramid)
{
  if (pyramid == NULL)
    return;
  for (guint k = 1; k < pyramid->n_levels; k++)
    {
      g_free (pyramid->levels[k]);
      g_free (pyramid->held[k]);
    }
  g_free (pyramid->scratch);
  g_free (pyramid->acc);
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

  /* Upwards, so that a held cell reads the levels below it already updated. */
  for (guint k = 1; k < pyramid->n_levels && t0 < t1 && f0 < f1; k++)
    {
      /* The cells holding [t0, t1) of the level below. */
      t0 /= FACTOR;
      t1 = (t1 + FACTOR - 1) / FACTOR;
      if (pyramid->held[k] == NULL)
        continue;
      for (size_t chunk = t0 / CHUNK; chunk * CHUNK < t1; chunk++)
        {
          const int lo = MAX (f0, pyramid->held[k][2 * chunk]);
          const int hi = MIN (f1, pyramid->held[k][2 * chunk + 1]);

          if (lo < hi)
            reduce_cells (pyramid, mask, k, MAX (t0, chunk * CHUNK),
                          MIN (t1, (chunk + 1) * CHUNK), lo, hi);
        }
    }
}

const SmMaskLevel *
_sm_mask_pyramid_level (SmMaskPyramid *pyramid,
                        const SmMask  *mask,
                        double         max_block,
                        size_t         t0,
                        size_t         t1,
                        int            f0,
                        int            f1,
                        size_t        *block,
                        size_t        *n_cells)
{
  guint k = 0;
  size_t c1;

  f0 = MAX (f0, 0);
  f1 = MIN (f1, pyramid->n_bins);

  while (k + 1 < pyramid->n_levels && pyramid->block[k + 1] <= max_block)
    k++;
  *block = pyramid->block[k];
  *n_cells = pyramid->n_cells[k];
  if (k == 0)
    return mask->levels;
  if (pyramid->levels[k] == NULL)
    {
      /* Not zeroed: pages no chunk is computed into are never touched. */
      pyramid->levels[k] = g_new (SmMaskLevel, pyramid->n_cells[k] * (size_t) pyramid->n_bins);
      pyramid->held[k] = g_new0 (int, 2 * ((pyramid->n_cells[k] + CHUNK - 1) / CHUNK));
    }
  c1 = MIN ((MIN (t1, mask->n_frames) + *block - 1) / *block, *n_cells);
  for (size_t chunk = t0 / *block / CHUNK; chunk * CHUNK < c1 && f0 < f1; chunk++)
    {
      int *held = pyramid->held[k] + 2 * chunk;
      const size_t c_end = MIN ((chunk + 1) * CHUNK, *n_cells);

      if (held[0] >= held[1])
        {
          reduce_cells (pyramid, mask, k, chunk * CHUNK, c_end, f0, f1);
          held[0] = f0;
          held[1] = f1;
          continue;
        }
      /* Grow the held run to hold [f0, f1): it stays one run. */
      if (f0 < held[0])
        reduce_cells (pyramid, mask, k, chunk * CHUNK, c_end, f0, held[0]);
      if (f1 > held[1])
        reduce_cells (pyramid, mask, k, chunk * CHUNK, c_end, held[1], f1);
      held[0] = MIN (held[0], f0);
      held[1] = MAX (held[1], f1);
    }
  return pyramid->levels[k];
}

gsize
_sm_mask_pyramid_get_size (SmMaskPyramid *pyramid)
{
  gsize values = 0;

  for (guint k = 1; k < pyramid->n_levels; k++)
    for (size_t chunk = 0; pyramid->held[k] != NULL && chunk * CHUNK < pyramid->n_cells[k]; chunk++)
      if (pyramid->held[k][2 * chunk] < pyramid->held[k][2 * chunk + 1])
        values += MIN (CHUNK, pyramid->n_cells[k] - chunk * CHUNK) *
                  (gsize) (pyramid->held[k][2 * chunk + 1] - pyramid->held[k][2 * chunk]);
  return values * sizeof (SmMaskLevel);
}
