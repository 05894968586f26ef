/* sm-mask-resample.c: moving a mask between STFT grids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two axes are independent, so each is mapped on its own and the 2-D result is the
 * mean over the product of the two index ranges.
 *
 * Why cells are matched by their centres instead of by exact overlap lengths: with cells
 * centred on frames and bins, halving the hop (or doubling N) puts every other fine cell
 * astride two coarse ones, so true overlap weights would blur a binary mask to 0.5 on
 * refinement and never give it back on the way home. Matching at the finer grid's
 * resolution (each fine cell belongs to the coarse cell that holds its centre) keeps the
 * area weighting for whole fine cells, makes refinement repeat values, and makes any
 * integer refinement and its reverse exact, because both directions use the same
 * fine-to-coarse assignment.
 */
#include "sm-mask.h"

#include "sm-mask-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Cell centre i lies at (i * step + offset) / scale in seconds or hertz. Keeping the
 * integers apart from the division keeps common ratios (hop / 2, N * 2) exact, so that
 * ties at cell edges are decided the same way in both directions. */
typedef struct
{
  double step;
  double offset;
  double scale;
  size_t n;
} Axis;

#define NO_INDEX SIZE_MAX

/* Rounding noise in the ratios must not flip a tie between two cells; real ties sit
 * exactly at half-way, and the half-open cell rule sends them upwards. */
#define TIE_EPS 1e-9

/* The cell of @to that holds the centre of cell @i of @from; beyond the ends, the
 * nearest cell. */
static size_t
locate (const Axis *from,
        size_t      i,
        const Axis *to)
{
  double x = ((double) i * from->step + from->offset) * (to->scale / from->scale);
  double p = floor ((x - to->offset) / to->step + 0.5 + TIE_EPS);

  if (!(p > 0.0))
    return 0;
  if (p >= (double) (to->n - 1))
    return to->n - 1;
  return (size_t) p;
}

/* For every destination cell, the range [lo, hi) of source cells it averages. */
static void
axis_map (const Axis *src,
          const Axis *dst,
          size_t     *lo,
          size_t     *hi)
{
  double src_width = src->step / src->scale;
  double dst_width = dst->step / dst->scale;

  if (dst_width <= src_width * (1.0 + 1e-12))
    {
      for (size_t j = 0; j < dst->n; j++)
        {
          lo[j] = locate (dst, j, src);
          hi[j] = lo[j] + 1;
        }
      return;
    }

  for (size_t c = 0; c < dst->n; c++)
    lo[c] = hi[c] = NO_INDEX;
  /* locate() is monotonic, so the source cells of one destination cell are contiguous. */
  for (size_t i = 0; i < src->n; i++)
    {
      size_t c = locate (src, i, dst);

      if (lo[c] == NO_INDEX)
        lo[c] = i;
      hi[c] = i + 1;
    }
  /* Only a destination cell past the source's ends can hold no source centre. */
  for (size_t c = 0; c < dst->n; c++)
    if (lo[c] == NO_INDEX)
      {
        lo[c] = locate (dst, c, src);
        hi[c] = lo[c] + 1;
      }
}

static int
grid_is_valid (const SmMaskGrid *grid,
               const SmMask     *mask)
{
  return grid != NULL && isfinite (grid->rate) && grid->rate > 0.0 && grid->n_fft >= 2
         && grid->hop >= 1 && _sm_mask_is_valid (mask) && mask->n_bins == grid->n_fft / 2 + 1;
}

static void
time_axis (const SmMaskGrid *grid,
           size_t            n_frames,
           Axis             *axis)
{
  axis->step = grid->hop;
  axis->offset = grid->centered ? 0.0 : (double) (grid->n_fft / 2);
  axis->scale = grid->rate;
  axis->n = n_frames;
}

static void
freq_axis (const SmMaskGrid *grid,
           int               n_bins,
           Axis             *axis)
{
  axis->step = grid->rate;
  axis->offset = 0.0;
  axis->scale = grid->n_fft;
  axis->n = (size_t) n_bins;
}

SmStatus
sm_mask_resample (const SmMask     *src,
                  const SmMaskGrid *src_grid,
                  SmMask           *dst,
                  const SmMaskGrid *dst_grid)
{
  Axis src_t, src_f, dst_t, dst_f;
  size_t *t_lo = NULL, *t_hi = NULL, *f_lo = NULL, *f_hi = NULL;
  double *acc = NULL;
  size_t acc_lo = NO_INDEX, acc_hi = NO_INDEX;
  SmStatus status = SM_OK;

  if (!grid_is_valid (src_grid, src) || !grid_is_valid (dst_grid, dst) || src == dst)
    return SM_ERROR_BAD_ARG;

  time_axis (src_grid, src->n_frames, &src_t);
  time_axis (dst_grid, dst->n_frames, &dst_t);
  freq_axis (src_grid, src->n_bins, &src_f);
  freq_axis (dst_grid, dst->n_bins, &dst_f);

  t_lo = malloc (dst->n_frames * sizeof *t_lo);
  t_hi = malloc (dst->n_frames * sizeof *t_hi);
  f_lo = malloc ((size_t) dst->n_bins * sizeof *f_lo);
  f_hi = malloc ((size_t) dst->n_bins * sizeof *f_hi);
  acc = malloc ((size_t) src->n_bins * sizeof *acc);
  if (t_lo == NULL || t_hi == NULL || f_lo == NULL || f_hi == NULL || acc == NULL)
    {
      status = SM_ERROR_NOMEM;
      goto error;
    }

  axis_map (&src_t, &dst_t, t_lo, t_hi);
  axis_map (&src_f, &dst_f, f_lo, f_hi);

  for (size_t t = 0; t < dst->n_frames; t++)
    {
      SmMaskLevel *out = dst->levels + t * (size_t) dst->n_bins;
      double n_t = (double) (t_hi[t] - t_lo[t]);

      /* Refining time repeats the same source rows: sum them once per run. */
      if (t_lo[t] != acc_lo || t_hi[t] != acc_hi)
        {
          acc_lo = t_lo[t];
          acc_hi = t_hi[t];
          for (int f = 0; f < src->n_bins; f++)
            acc[f] = 0.0;
          for (size_t s = acc_lo; s < acc_hi; s++)
            {
              const SmMaskLevel *row = src->levels + s * (size_t) src->n_bins;

              for (int f = 0; f < src->n_bins; f++)
                acc[f] += (double) row[f];
            }
        }

      for (int f = 0; f < dst->n_bins; f++)
        {
          double sum = 0.0;

          for (size_t s = f_lo[f]; s < f_hi[f]; s++)
            sum += acc[s];
          /* The sum of k equal levels divided by k is exact, which is what makes the
           * round trip bit-exact; other means round to the nearest level. */
          out[f] = (SmMaskLevel) fmin (sum / (n_t * (double) (f_hi[f] - f_lo[f])) + 0.5,
                                       (double) SM_MASK_LEVEL_MAX);
        }
    }

error:
  free (t_lo);
  free (t_hi);
  free (f_lo);
  free (f_hi);
  free (acc);
  return status;
}
