/* sm-spectrogram-view-tiles.c: which frames and bins each tile pixel shows, and reducing
 * them to one value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device column spans frames_per_pixel / scale frames, a device row the bins between
 * its top and bottom edge on the frequency axis. A pixel shows the cells (frames, bins)
 * whose centres it holds, reduced by max (levels: a click or a short tone stays visible
 * zoomed out), min (overlay: a thin removed stripe stays visible) or mean (mask in grey);
 * a pixel narrower than a cell shows the nearest cell. Pure functions of a geometry copy,
 * so worker threads use them too.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>
#include <string.h>

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

gint64
_sm_tile_left_column (double                time_start,
                      const SmTileGeometry *geom)
{
  /* Whole device pixels, so that textures are drawn unscaled and stay sharp. */
  return (gint64) llround (time_start / geom->frames_per_pixel * geom->scale);
}

gint64
_sm_tile_end_column (const SmTileGeometry *geom)
{
  return (gint64) ceil ((double) geom->n_frames / geom->frames_per_pixel * geom->scale);
}

gboolean
_sm_tile_geometry_equal (const SmTileGeometry *a,
                         const SmTileGeometry *b)
{
  return a->frames_per_pixel == b->frames_per_pixel && a->axis.scale == b->axis.scale &&
         a->axis.u_min == b->axis.u_min && a->axis.u_max == b->axis.u_max &&
         a->axis.hz_per_bin == b->axis.hz_per_bin && a->height == b->height &&
         a->scale == b->scale && a->n_frames == b->n_frames && a->colormap == b->colormap &&
         a->floor_db == b->floor_db && a->ceiling_db == b->ceiling_db &&
         a->content == b->content;
}

/* A pixel shows the cells whose centres it holds; a pixel narrower than a cell shows the
 * nearest cell (the one holding the pixel's centre). */
static SmSpan
cells_in (double a,
          double b,
          gint64 n)
{
  SmSpan span = { (gint64) ceil (a), (gint64) ceil (b) };

  if (span.hi <= span.lo)
    {
      span.lo = (gint64) floor ((a + b) / 2.0 + 0.5);
      span.hi = span.lo + 1;
    }
  span.lo = MAX (span.lo, 0);
  span.hi = MIN (span.hi, n);
  return span;
}

void
_sm_tile_column_spans (const SmTileGeometry *geom,
                       gint64                x0,
                       int                   width,
                       SmSpan               *spans)
{
  const double step = geom->frames_per_pixel / geom->scale;

  for (int i = 0; i < width; i++)
    {
      double a = (double) (x0 + i) * step;

      spans[i] = cells_in (a, a + step, (gint64) geom->n_frames);
    }
}

void
_sm_tile_row_spans (const SmTileGeometry *geom,
                    gint64                y0,
                    int                   height,
                    int                   n_bins,
                    SmSpan               *spans)
{
  for (int j = 0; j < height; j++)
    {
      double y = (double) (y0 + j) / geom->scale;
      double top = sm_freq_axis_y_to_bin (&geom->axis, y, geom->height);
      double bottom = sm_freq_axis_y_to_bin (&geom->axis, y + 1.0 / geom->scale, geom->height);

      spans[j] = cells_in (bottom, top, n_bins);
    }
}

/* Loops over a fixed number of values: -O2's cautious vectoriser takes on only those (it
 * adds no tail to an open-ended loop), and these loops are where zoomed-out tiles spend
 * their time. The rest of each row goes one value at a time. */
#define RUN 32

void
_sm_tile_fold_row (float             *restrict scratch,
                   const SmMaskLevel *restrict row,
                   size_t                      n,
                   SmReduce                    op)
{
  size_t k = 0;

  switch (op)
    {
    case SM_REDUCE_MAX:
      for (; k < n; k++)
        scratch[k] = row[k] > scratch[k] ? row[k] : scratch[k];
      break;
    case SM_REDUCE_MIN:
      for (; k + RUN <= n; k += RUN)
        for (size_t j = k; j < k + RUN; j++)
          scratch[j] = row[j] < scratch[j] ? row[j] : scratch[j];
      for (; k < n; k++)
        scratch[k] = row[k] < scratch[k] ? row[k] : scratch[k];
      break;
    case SM_REDUCE_MEAN:
    default:
      for (; k + RUN <= n; k += RUN)
        for (size_t j = k; j < k + RUN; j++)
          scratch[j] += row[j];
      for (; k < n; k++)
        scratch[k] += row[k];
      break;
    }
}

void
_sm_tile_load_row (float             *restrict scratch,
                   const SmMaskLevel *restrict row,
                   size_t                      n)
{
  for (size_t k = 0; k < n; k++)
    scratch[k] = row[k];
}

gboolean
_sm_tile_reduce (const SmMaskLevel *data,
                 int                n_bins,
                 const SmSpan      *cols,
                 int                width,
                 const SmSpan      *rows,
                 int                height,
                 SmReduce           op,
                 float              empty,
                 float             *scratch,
                 float             *out,
                 GCancellable      *cancellable)
{
  gint64 f_lo = G_MAXINT64, f_hi = 0;

  for (int j = 0; j < height; j++)
    if (rows[j].lo < rows[j].hi)
      {
        f_lo = MIN (f_lo, rows[j].lo);
        f_hi = MAX (f_hi, rows[j].hi);
      }

  for (int i = 0; i < width; i++)
    {
      const SmSpan col = cols[i];
      const size_t n = f_lo < f_hi ? (size_t) (f_hi - f_lo) : 0;

      if (i % 16 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (col.lo >= col.hi || n == 0)
        {
          for (int j = 0; j < height; j++)
            out[(size_t) j * width + i] = empty;
          continue;
        }

      /* First across the frames of the column, for every bin the tile needs... */
      _sm_tile_load_row (scratch, data + (size_t) col.lo * n_bins + f_lo, n);
      for (gint64 t = col.lo + 1; t < col.hi; t++)
        _sm_tile_fold_row (scratch, data + (size_t) t * n_bins + f_lo, n, op);

      /* ...then across the bins of each pixel row. */
      for (int j = 0; j < height; j++)
        {
          const SmSpan r = rows[j];
          float v;

          if (r.lo >= r.hi)
            {
              out[(size_t) j * width + i] = empty;
              continue;
            }
          v = scratch[r.lo - f_lo];
          for (gint64 f = r.lo + 1; f < r.hi; f++)
            if (op == SM_REDUCE_MAX)
              v = MAX (v, scratch[f - f_lo]);
            else if (op == SM_REDUCE_MIN)
              v = MIN (v, scratch[f - f_lo]);
            else
              v += scratch[f - f_lo];
          if (op == SM_REDUCE_MEAN)
            v /= (float) ((r.hi - r.lo) * (col.hi - col.lo));
          out[(size_t) j * width + i] = v / (float) SM_MASK_LEVEL_MAX;
        }
    }
  return TRUE;
}

gboolean
_sm_tile_reduce_codes (const guint16 *data,
                       int            n_bins,
                       const SmSpan  *cols,
                       int            width,
                       const SmSpan  *rows,
                       int            height,
                       guint16       *scratch,
                       guint16       *out,
                       GCancellable  *cancellable)
{
  gint64 f_lo = G_MAXINT64, f_hi = 0;
  size_t n;

  for (int j = 0; j < height; j++)
    if (rows[j].lo < rows[j].hi)
      {
        f_lo = MIN (f_lo, rows[j].lo);
        f_hi = MAX (f_hi, rows[j].hi);
      }
  n = f_lo < f_hi ? (size_t) (f_hi - f_lo) : 0;

  for (int i = 0; i < width; i++)
    {
      const SmSpan col = cols[i];

      if (i % 16 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (col.lo >= col.hi || n == 0)
        {
          for (int j = 0; j < height; j++)
            out[(size_t) j * width + i] = 0;
          continue;
        }

      /* Across the frames (or cells) of the column for every bin the tile needs, in one
       * loop that vectorises... */
      memcpy (scratch, data + (size_t) col.lo * n_bins + f_lo, n * sizeof (guint16));
      for (gint64 t = col.lo + 1; t < col.hi; t++)
        sm_levels_max_row (scratch, data + (size_t) t * n_bins + f_lo, n);
      /* ...then across the bins of each pixel row. */
      for (int j = 0; j < height; j++)
        {
          const SmSpan r = rows[j];
          guint16 v = 0;

          for (gint64 f = r.lo; f < r.hi; f++)
            v = MAX (v, scratch[f - f_lo]);
          out[(size_t) j * width + i] = v;
        }
    }
  return TRUE;
}

void
_sm_tile_visible_range (SmSpectrogramView    *self,
                        const SmTileGeometry *geom,
                        SmTileRange          *range)
{
  const int width = gtk_widget_get_width (GTK_WIDGET (self));
  gint64 left, right;

  range->tx0 = range->ty0 = 0;
  range->tx1 = range->ty1 = -1;
  if (geom->generation == 0 || width <= 0 || geom->height <= 0)
    return;

  left = _sm_tile_left_column (sm_viewport_get_time_start (self->viewport), geom);
  right = MIN (left + (gint64) width * geom->scale, _sm_tile_end_column (geom));
  if (right <= left)
    return;
  range->tx0 = floor_div (left, SM_TILE_SIZE);
  range->tx1 = floor_div (right - 1, SM_TILE_SIZE);
  range->ty1 = ((gint64) geom->height * geom->scale - 1) / SM_TILE_SIZE;
}

void
_sm_tile_bounds (gint64           tx,
                 gint64           ty,
                 int              width,
                 int              height,
                 gint64           left,
                 int              scale,
                 graphene_rect_t *bounds)
{
  graphene_rect_init (bounds, (float) (tx * SM_TILE_SIZE - left) / scale,
                      (float) (ty * SM_TILE_SIZE) / scale, (float) width / scale,
                      (float) height / scale);
}

void
_sm_tile_add_bounds (graphene_rect_t *area,
                     gint64           tx,
                     gint64           ty,
                     gint64           left,
                     int              scale)
{
  graphene_rect_t bounds;

  _sm_tile_bounds (tx, ty, SM_TILE_SIZE, SM_TILE_SIZE, left, scale, &bounds);
  if (area->size.width <= 0 || area->size.height <= 0)
    *area = bounds;
  else
    graphene_rect_union (area, &bounds, area);
}
