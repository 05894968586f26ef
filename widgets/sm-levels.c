/* sm-levels.c: spectrogram level codes and their block maxima, shared read-only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-levels.h"

#include <math.h>
#include <string.h>

/* Frames per cell grow by this from one table of maxima to the next: the tables together
 * cost a seventh of the codes, and a tile reads 4 to 32 cells per pixel column. */
#define FACTOR 8
#define MAX_TABLES 12

struct _SmLevels
{
  SmDbLevels *codes;
  float       peak_db;
  guint       n_tables;                /* table 0 is the codes, not stored twice */
  size_t      n_cells[MAX_TABLES];
  size_t      block[MAX_TABLES];
  guint16    *maxima[MAX_TABLES];
};

G_DEFINE_BOXED_TYPE (SmLevels, sm_levels, sm_levels_ref, sm_levels_unref)

static void
levels_clear (SmLevels *levels)
{
  sm_db_levels_free (&levels->codes);
  for (guint k = 1; k < levels->n_tables; k++)
    g_free (levels->maxima[k]);
}

/* Runs of a fixed length, which -O2's cautious vectoriser takes on (it adds no tail to an
 * open-ended loop). */
#define RUN 32

void
sm_levels_max_row (guint16       *restrict acc,
                   const guint16 *restrict row,
                   size_t                  n)
{
  size_t f = 0;

  for (; f + RUN <= n; f += RUN)
    for (size_t j = f; j < f + RUN; j++)
      acc[j] = row[j] > acc[j] ? row[j] : acc[j];
  for (; f < n; f++)
    acc[f] = row[f] > acc[f] ? row[f] : acc[f];
}

/* Table @k from table k - 1: the maximum of each run of FACTOR rows. */
static void
reduce_table (SmLevels *levels,
              guint     k)
{
  const size_t n_bins = (size_t) levels->codes->n_bins;
  const guint16 *below = k == 1 ? levels->codes->codes : levels->maxima[k - 1];
  const size_t n_below = levels->n_cells[k - 1];
  guint16 *cells = levels->maxima[k];

  for (size_t c = 0; c < levels->n_cells[k]; c++)
    {
      guint16 *out = cells + c * n_bins;
      const size_t b1 = MIN ((c + 1) * FACTOR, n_below);

      memcpy (out, below + c * FACTOR * n_bins, n_bins * sizeof (guint16));
      for (size_t b = c * FACTOR + 1; b < b1; b++)
        sm_levels_max_row (out, below + b * n_bins, n_bins);
    }
}

SmLevels *
sm_levels_new_take (SmDbLevels *codes,
                    guint16     peak)
{
  SmLevels *levels = g_atomic_rc_box_new0 (SmLevels);
  size_t cells = codes->n_frames, block = 1;

  levels->codes = codes;
  levels->peak_db = (float) sm_db_from_code (peak);
  levels->n_tables = 1;
  levels->n_cells[0] = cells;
  levels->block[0] = 1;
  /* Down to a few cells: a whole long recording fits in one tile column or two. */
  while (cells > 4 && levels->n_tables < MAX_TABLES)
    {
      guint k = levels->n_tables;

      cells = (cells + FACTOR - 1) / FACTOR;
      block *= FACTOR;
      levels->maxima[k] = g_try_new (guint16, cells * (size_t) codes->n_bins);
      if (levels->maxima[k] == NULL)
        {
          g_atomic_rc_box_release_full (levels, (GDestroyNotify) levels_clear);
          return NULL;
        }
      levels->n_tables++;
      levels->n_cells[k] = cells;
      levels->block[k] = block;
      reduce_table (levels, k);
    }
  return levels;
}

SmLevels *
sm_levels_new (const SmSpectrogram *spec,
               double               full_scale)
{
  SmDbLevels *codes = sm_db_levels_new (spec->n_frames, spec->n_bins, NULL);
  guint16 peak;

  if (codes == NULL)
    return NULL;
  peak = sm_db_codes_from_bins (spec->bins, spec->n_frames * (size_t) spec->n_bins, full_scale,
                                codes->codes);
  return sm_levels_new_take (codes, peak);
}

SmLevels *
sm_levels_ref (SmLevels *levels)
{
  return g_atomic_rc_box_acquire (levels);
}

void
sm_levels_unref (SmLevels *levels)
{
  g_atomic_rc_box_release_full (levels, (GDestroyNotify) levels_clear);
}

size_t
sm_levels_get_n_frames (const SmLevels *levels)
{
  return levels->codes->n_frames;
}

int
sm_levels_get_n_bins (const SmLevels *levels)
{
  return levels->codes->n_bins;
}

const SmDbLevels *
sm_levels_get_codes (const SmLevels *levels)
{
  return levels->codes;
}

const guint16 *
sm_levels_get_maxima (const SmLevels *levels,
                      double          max_block,
                      size_t         *block,
                      size_t         *n_cells)
{
  guint k = 0;

  while (k + 1 < levels->n_tables && levels->block[k + 1] <= max_block)
    k++;
  *block = levels->block[k];
  *n_cells = levels->n_cells[k];
  return k == 0 ? levels->codes->codes : levels->maxima[k];
}

float
sm_levels_get_peak_db (const SmLevels *levels)
{
  return levels->peak_db;
}

float
sm_levels_lookup (const SmLevels *levels,
                  double          frame,
                  double          bin)
{
  long long t = llround (frame);
  long long f = llround (bin);
  const SmDbLevels *codes = levels->codes;

  if (t < 0 || f < 0 || (size_t) t >= codes->n_frames || f >= codes->n_bins)
    return SM_LEVELS_FLOOR_DB;
  return (float) sm_db_from_code (codes->codes[(size_t) t * (size_t) codes->n_bins + (size_t) f]);
}

gsize
sm_levels_get_size (const SmLevels *levels)
{
  gsize size = levels->codes->n_frames * (gsize) levels->codes->n_bins;

  for (guint k = 1; k < levels->n_tables; k++)
    size += levels->n_cells[k] * (gsize) levels->codes->n_bins;
  return size * sizeof (guint16);
}
