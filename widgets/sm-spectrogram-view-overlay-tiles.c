/* sm-spectrogram-view-overlay-tiles.c: the pixels of mask overlay tiles, built whole or
 * patched where the mask changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Removed bins (mask value v < 1) are tinted with the overlay colour at opacity * (1 - v);
 * in SM_VIEW_MASK the mask is drawn in grey. Zoomed out, the values come from the mask's
 * time pyramid (-pyramid.c). Main thread only: the mask changes under edits.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>
#include <string.h>

static guint8
to_byte (double value)
{
  /* Rounds half up; no libm call, once per pixel. */
  return (guint8) (int) (CLAMP (value, 0.0, 1.0) * 255.0 + 0.5);
}

/* The view's pyramid, for @op and @mask's shape. */
static void
ensure_pyramid (SmSpectrogramView *self,
                const SmMask      *mask,
                SmReduce           op)
{
  if (self->pyramid != NULL && !_sm_mask_pyramid_fits (self->pyramid, mask, op))
    g_clear_pointer (&self->pyramid, _sm_mask_pyramid_free);
  if (self->pyramid == NULL)
    self->pyramid = _sm_mask_pyramid_new (mask, op);
}

/* Zoomed out, the pyramid level with two or more cells per device column (a column's
 * edge cells may reach up to half a pixel beyond it), with @cols, which show frames
 * [t0, t1), turned into cells; valid at bins [f0, f1). */
static const SmMaskLevel *
time_reduced (SmSpectrogramView *self,
              const SmMask      *mask,
              SmReduce           op,
              SmSpan            *cols,
              int                width,
              gint64             t0,
              gint64             t1,
              gint64             f0,
              gint64             f1)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const double step = geom->frames_per_pixel / geom->scale;
  const SmMaskLevel *data;
  size_t block, n_cells;

  if (step < 16)
    return mask->levels;
  ensure_pyramid (self, mask, op);

  if (t1 <= t0)
    return mask->levels;
  data = _sm_mask_pyramid_level (self->pyramid, mask, step / 2, (size_t) t0, (size_t) t1,
                                 (int) f0, (int) f1, &block, &n_cells);
  for (int i = 0; i < width && block > 1; i++)
    if (cols[i].lo < cols[i].hi)
      {
        cols[i].lo /= (gint64) block;
        cols[i].hi = MIN ((cols[i].hi - 1) / (gint64) block + 1, (gint64) n_cells);
      }
  return data;
}

static gboolean shortcuts = TRUE;

void
_sm_spectrogram_view_set_overlay_shortcuts (gboolean enabled)
{
  shortcuts = enabled;
}

/* Whether every mask value in frames [t0, t1) and bins [f0, f1) is 1 (kept), read from a
 * coarse level of the pyramid (a handful of cells per bin; cells reaching beyond the span
 * can only say "no"). Most of a mask is usually kept: such an area needs no reduction, and
 * a zoom rebuilds its tiles for the price of this look. Both the minimum and the mean of
 * values in [0, 1] are exactly 1 only when every value is. */
static gboolean
all_kept (SmSpectrogramView *self,
          const SmMask      *mask,
          gint64             t0,
          gint64             t1,
          gint64             f0,
          gint64             f1)
{
  const SmMaskLevel *cells;
  size_t block, n_cells;
  float value;

  if (!shortcuts || t1 <= t0 || f1 <= f0)
    return FALSE;
  /* Frames no edit reached since the model was told their value: nothing to read. */
  if (sm_mask_model_get_uniform (self->model, (size_t) t0, (size_t) t1, &value))
    return value == 1.0f;
  if (self->pyramid == NULL)
    return FALSE;
  cells = _sm_mask_pyramid_level (self->pyramid, mask, (double) (t1 - t0) / 8, (size_t) t0,
                                  (size_t) t1, (int) f0, (int) f1, &block, &n_cells);
  for (size_t c = (size_t) t0 / block; c < MIN ((size_t) (t1 - 1) / block + 1, n_cells); c++)
    for (gint64 f = f0; f < f1; f++)
      if (cells[c * (size_t) mask->n_bins + (size_t) f] != SM_MASK_LEVEL_MAX)
        return FALSE;
  return TRUE;
}

/* Computes the pixels [x0, x0 + width) x [y0, y0 + height) of tile (tx, ty) into @pixels
 * (rows @stride bytes apart, starting at that area's first pixel). */
static void
fill_area (SmSpectrogramView *self,
           gint64             tx,
           gint64             ty,
           int                x0,
           int                y0,
           int                width,
           int                height,
           guint8            *pixels,
           gsize              stride)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const SmMask *mask = sm_mask_model_get_mask (self->model);
  const gboolean grey = self->mode == SM_VIEW_MASK;
  const double alpha = self->overlay_opacity * self->overlay_color.alpha;
  const guint8 red = to_byte (self->overlay_color.red);
  const guint8 green = to_byte (self->overlay_color.green);
  const guint8 blue = to_byte (self->overlay_color.blue);
  const SmReduce op = grey ? SM_REDUCE_MEAN : SM_REDUCE_MIN;
  guint32 palette[256];
  g_autofree SmSpan *cols = g_new (SmSpan, width);
  g_autofree SmSpan *rows = g_new (SmSpan, height);
  g_autofree float *scratch = g_new (float, mask->n_bins);
  g_autofree float *values = g_new (float, (size_t) width * height);
  const SmMaskLevel *data;
  const float empty = grey ? 0.0f : 1.0f;
  gint64 t0 = G_MAXINT64, t1 = 0, f0 = G_MAXINT64, f1 = 0;

  _sm_tile_column_spans (geom, tx * SM_TILE_SIZE + x0, width, cols);
  _sm_tile_row_spans (geom, ty * SM_TILE_SIZE + y0, height, mask->n_bins, rows);
  for (int i = 0; i < width; i++)
    if (cols[i].lo < cols[i].hi)
      {
        t0 = MIN (t0, cols[i].lo);
        t1 = MAX (t1, cols[i].hi);
      }
  for (int j = 0; j < height; j++)
    if (rows[j].lo < rows[j].hi)
      {
        f0 = MIN (f0, rows[j].lo);
        f1 = MAX (f1, rows[j].hi);
      }
  /* The shortcut first: it reads a coarse level, and where everything is kept (all of a
   * new recording) the fine level the reduction needs is never computed. */
  ensure_pyramid (self, mask, op);
  if (all_kept (self, mask, t0, t1, f0, f1))
    {
      /* What _sm_tile_reduce() would give: 1, or @empty where no cell is shown. */
      for (int j = 0; j < height; j++)
        for (int i = 0; i < width; i++)
          values[(size_t) j * width + i] = cols[i].lo < cols[i].hi && rows[j].lo < rows[j].hi
                                           ? 1.0f : empty;
    }
  else
    {
      data = time_reduced (self, mask, op, cols, width, t0, t1, f0, f1);
      _sm_tile_reduce (data, mask->n_bins, cols, width, rows, height, op, empty, scratch, values,
                       NULL);
    }

  /* The 256 pixels a byte of grey level or of tint opacity can give, worked out once:
   * per pixel only the byte is computed, and the pixel copied. */
  for (int k = 0; k < 256; k++)
    {
      if (grey)
        _sm_tile_put_pixel ((guint8 *) &palette[k], (guint8) k, (guint8) k, (guint8) k, 255);
      else
        _sm_tile_put_pixel ((guint8 *) &palette[k], red, green, blue, (guint8) k);
    }
  for (int j = 0; j < height; j++)
    {
      guint32 *row = (guint32 *) (pixels + (gsize) j * stride);
      const float *v = values + (size_t) j * width;

      for (int i = 0; i < width; i++)
        row[i] = palette[grey ? to_byte (v[i]) : to_byte (alpha * (1.0 - v[i]))];
    }
}

static void
tile_size (SmSpectrogramView *self,
           gint64             tx,
           gint64             ty,
           int               *width,
           int               *height)
{
  const SmTileGeometry *geom = &self->overlay_geom;

  *width = (int) MIN (SM_TILE_SIZE, _sm_tile_end_column (geom) - tx * SM_TILE_SIZE);
  *height = (int) MIN (SM_TILE_SIZE, (gint64) geom->height * geom->scale - ty * SM_TILE_SIZE);
}

/* A tile with nothing to tint (every removed-bin alpha 0, as over a mask that keeps
 * everything) need not be drawn at all: cairo would blend a quarter of a million
 * transparent pixels per tile per frame. */
static void
note_clear (SmSpectrogramView *self,
            GdkTexture        *texture,
            const guint8      *pixels,
            gsize              n)
{
  const gsize alpha = G_BYTE_ORDER == G_LITTLE_ENDIAN ? 3 : 0;
  gboolean clear = self->mode != SM_VIEW_MASK;

  for (gsize i = 0; i < n && clear; i++)
    clear = pixels[4 * i + alpha] == 0;
  g_object_set_data (G_OBJECT (texture), "sm-tile-clear", GINT_TO_POINTER (clear));
}

GdkTexture *
_sm_overlay_build_tile (SmSpectrogramView *self,
                        gint64             tx,
                        gint64             ty)
{
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  guint8 *pixels;
  int width, height;

  tile_size (self, tx, ty, &width, &height);
  pixels = g_malloc ((gsize) width * height * 4);
  fill_area (self, tx, ty, 0, 0, width, height, pixels, (gsize) width * 4);
  self->stats.overlay_tiles_built++;
  bytes = g_bytes_new_take (pixels, (gsize) width * height * 4);
  texture = _sm_tile_texture_new (bytes, width, height);
  note_clear (self, texture, pixels, (gsize) width * height);
  return texture;
}

/* A copy of @old with @dirty recomputed. */
GdkTexture *
_sm_overlay_patch_tile (SmSpectrogramView *self,
                        gint64             tx,
                        gint64             ty,
                        GdkTexture        *old,
                        const SmTileArea  *dirty)
{
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  guint8 *pixels;
  int width, height, x0, x1, y0, y1;

  tile_size (self, tx, ty, &width, &height);
  x0 = CLAMP (dirty->x0, 0, width);
  x1 = CLAMP (dirty->x1, x0, width);
  y0 = CLAMP (dirty->y0, 0, height);
  y1 = CLAMP (dirty->y1, y0, height);
  pixels = g_malloc ((gsize) width * height * 4);
  /* The old pixels from the tile's own bytes: GTK 4.8 would convert them pixel by pixel
   * even to the same format, which cost more than the patch itself. */
  memcpy (pixels, _sm_tile_texture_pixels (old), (gsize) width * height * 4);
  if (x1 > x0 && y1 > y0)
    fill_area (self, tx, ty, x0, y0, x1 - x0, y1 - y0,
               pixels + (gsize) y0 * width * 4 + (gsize) x0 * 4, (gsize) width * 4);
  self->stats.overlay_tiles_built++;
  bytes = g_bytes_new_take (pixels, (gsize) width * height * 4);
  texture = _sm_tile_texture_new (bytes, width, height);
  note_clear (self, texture, pixels, (gsize) width * height);
  return texture;
}

