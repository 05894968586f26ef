/* sm-spectrogram-view-overlay.c: the mask layer: tiles built on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over a spectrogram, removed bins (mask value v < 1) are tinted with the overlay colour at
 * opacity * (1 - v), so kept bins show the spectrogram unchanged; in SM_VIEW_MASK the mask
 * is drawn in grey. A tile is a few hundred thousand mask reads at most, so tiles are built
 * lazily in snapshot() rather than in workers, and a mask change removes only the tiles
 * its rectangle touches. The visible tiles are composed into one render node, reused
 * until the mask, the geometry or the scroll position changes.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>

void
_sm_spectrogram_view_update_overlay_geometry (SmSpectrogramView    *self,
                                              const SmTileGeometry *common)
{
  SmTileGeometry geom = *common;
  SmMask *mask = self->model != NULL ? sm_mask_model_get_mask (self->model) : NULL;

  geom.generation = 0;
  geom.n_frames = mask != NULL ? mask->n_frames : 0;
  geom.content = self->overlay_serial;
  if (self->overlay_geom.generation != 0 && _sm_tile_geometry_equal (&geom, &self->overlay_geom))
    return;

  /* Unlike spectrogram tiles, old overlay tiles are never reused: they would miss the mask
   * changes made since. */
  geom.generation = ++self->next_generation;
  self->overlay_geom = geom;
  sm_tile_cache_clear (self->overlay_tiles);
  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
  self->stats.overlay_clears++;
}

void
_sm_spectrogram_view_overlay_changed (SmSpectrogramView *self)
{
  self->overlay_serial++;
  _sm_spectrogram_view_update_geometry (self);
}

void
_sm_spectrogram_view_overlay_tiles_for_rect (SmSpectrogramView *self,
                                             const SmRect      *rect,
                                             SmTileRange       *range)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const double step = geom->frames_per_pixel / geom->scale;
  const gint64 rows = (gint64) geom->height * geom->scale;
  double x_lo, x_hi, y_top, y_bottom;
  gint64 last_column;

  range->tx0 = range->ty0 = 0;
  range->tx1 = range->ty1 = -1;
  if (geom->generation == 0 || rows <= 0 || sm_rect_is_empty (rect))
    return;

  /* Columns whose frames may include [t0, t1), a pixel of slack either side for the
   * nearest-cell rule; the same for rows, through the (monotonic) y mapping. */
  x_lo = floor ((rect->t0 - 0.5) / step) - 1;
  x_hi = floor ((rect->t1 - 0.5) / step) + 1;
  y_top = floor (sm_freq_axis_bin_to_y (&geom->axis, rect->f1 - 0.5, geom->height) * geom->scale)
          - 1;
  y_bottom = ceil (sm_freq_axis_bin_to_y (&geom->axis, rect->f0 - 0.5, geom->height) * geom->scale)
             + 1;

  last_column = _sm_tile_end_column (geom) - 1;
  x_lo = MAX (x_lo, 0.0);
  x_hi = MIN (x_hi, (double) last_column);
  y_top = MAX (y_top, 0.0);
  y_bottom = MIN (y_bottom, (double) (rows - 1));
  if (x_hi < x_lo || y_bottom < y_top)
    return;

  range->tx0 = (gint64) x_lo / SM_TILE_SIZE;
  range->tx1 = (gint64) x_hi / SM_TILE_SIZE;
  range->ty0 = (gint64) y_top / SM_TILE_SIZE;
  range->ty1 = (gint64) y_bottom / SM_TILE_SIZE;
}

void
_sm_spectrogram_view_invalidate_overlay (SmSpectrogramView *self,
                                         const SmRect      *rect)
{
  SmMask *mask;
  SmTileRange range;
  guint removed = 0;

  if (self->model == NULL)
    return;
  mask = sm_mask_model_get_mask (self->model);
  if (rect == NULL ||
      (rect->t0 == 0 && rect->t1 >= mask->n_frames && rect->f0 == 0 && rect->f1 >= mask->n_bins))
    {
      g_clear_pointer (&self->pyramid, _sm_mask_pyramid_free);
      _sm_spectrogram_view_overlay_changed (self);
      return;
    }
  if (self->pyramid != NULL)
    _sm_mask_pyramid_update (self->pyramid, mask, rect);

  _sm_spectrogram_view_overlay_tiles_for_rect (self, rect, &range);
  if (range.tx0 > range.tx1)
    return;
  /* A tall thin edit over a long close-up spans many columns, hardly any cached. */
  if ((range.tx1 - range.tx0 + 1) * (range.ty1 - range.ty0 + 1) >
      4 * (gint64) sm_tile_cache_get_capacity (self->overlay_tiles))
    {
      _sm_spectrogram_view_overlay_changed (self);
      return;
    }

  for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
    for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
      {
        SmTileKey key = { self->overlay_geom.generation, tx, ty };

        removed += sm_tile_cache_remove (self->overlay_tiles, &key);
      }
  self->stats.overlay_tiles_invalidated += removed;
  if (removed > 0)
    g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
}

void
_sm_spectrogram_view_visible_overlay_tiles (SmSpectrogramView *self,
                                            SmTileRange       *range)
{
  _sm_tile_visible_range (self, &self->overlay_geom, range);
}

static guint8
to_byte (double value)
{
  return (guint8) lrint (CLAMP (value, 0.0, 1.0) * 255.0);
}

/* Zoomed out, the pyramid level with two or more cells per device column (a column's
 * edge cells may reach up to half a pixel beyond it), with @cols turned into cells. */
static const float *
time_reduced (SmSpectrogramView *self,
              const SmMask      *mask,
              SmReduce           op,
              SmSpan            *cols,
              int                width)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const double step = geom->frames_per_pixel / geom->scale;
  const float *data;
  size_t block, n_cells;

  if (step < 16)
    return mask->values;
  if (self->pyramid != NULL && !_sm_mask_pyramid_fits (self->pyramid, mask, op))
    g_clear_pointer (&self->pyramid, _sm_mask_pyramid_free);
  if (self->pyramid == NULL)
    self->pyramid = _sm_mask_pyramid_new (mask, op);

  data = _sm_mask_pyramid_level (self->pyramid, mask, step / 2, &block, &n_cells);
  for (int i = 0; i < width && block > 1; i++)
    if (cols[i].lo < cols[i].hi)
      {
        cols[i].lo /= (gint64) block;
        cols[i].hi = MIN ((cols[i].hi - 1) / (gint64) block + 1, (gint64) n_cells);
      }
  return data;
}

static GdkTexture *
build_tile (SmSpectrogramView *self,
            gint64             tx,
            gint64             ty)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const SmMask *mask = sm_mask_model_get_mask (self->model);
  const gboolean grey = self->mode == SM_VIEW_MASK;
  const int width = (int) MIN (SM_TILE_SIZE, _sm_tile_end_column (geom) - tx * SM_TILE_SIZE);
  const int height = (int) MIN (SM_TILE_SIZE,
                                (gint64) geom->height * geom->scale - ty * SM_TILE_SIZE);
  const size_t n = (size_t) width * height;
  const double alpha = self->overlay_opacity * self->overlay_color.alpha;
  const guint8 red = to_byte (self->overlay_color.red);
  const guint8 green = to_byte (self->overlay_color.green);
  const guint8 blue = to_byte (self->overlay_color.blue);
  g_autofree SmSpan *cols = g_new (SmSpan, width);
  g_autofree SmSpan *rows = g_new (SmSpan, height);
  g_autofree float *scratch = g_new (float, mask->n_bins);
  g_autofree float *values = g_new (float, n);
  const SmReduce op = grey ? SM_REDUCE_MEAN : SM_REDUCE_MIN;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *rgba = g_malloc (n * 4);
  const float *data;

  _sm_tile_column_spans (geom, tx * SM_TILE_SIZE, width, cols);
  _sm_tile_row_spans (geom, ty * SM_TILE_SIZE, height, mask->n_bins, rows);
  data = time_reduced (self, mask, op, cols, width);
  _sm_tile_reduce (data, mask->n_bins, cols, width, rows, height, op, grey ? 0.0f : 1.0f,
                   scratch, values, NULL);

  for (size_t i = 0; i < n; i++)
    {
      guint8 *px = rgba + 4 * i;

      if (grey)
        {
          px[0] = px[1] = px[2] = to_byte (values[i]);
          px[3] = 255;
        }
      else
        {
          px[0] = red;
          px[1] = green;
          px[2] = blue;
          px[3] = to_byte (alpha * (1.0 - values[i]));
        }
    }

  self->stats.overlay_tiles_built++;
  bytes = g_bytes_new_take (rgba, n * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, (gsize) width * 4);
}

void
_sm_spectrogram_view_snapshot_overlay (SmSpectrogramView *self,
                                       GtkSnapshot       *snapshot)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const int width = gtk_widget_get_width (GTK_WIDGET (self));
  GtkSnapshot *layer;
  SmTileRange range;
  gint64 left;

  if (self->model == NULL || geom->generation == 0)
    return;

  left = _sm_tile_left_column (sm_viewport_get_time_start (self->viewport), geom);
  if (self->overlay_node != NULL && self->overlay_node_generation == geom->generation &&
      self->overlay_node_left == left && self->overlay_node_width == width)
    {
      gtk_snapshot_append_node (snapshot, self->overlay_node);
      return;
    }

  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
  _sm_tile_visible_range (self, geom, &range);
  if (range.tx0 > range.tx1)
    return;
  sm_tile_cache_set_capacity (self->overlay_tiles,
                              MAX (SM_TILE_CACHE_TILES,
                                   2 * (range.tx1 - range.tx0 + 1) * (range.ty1 + 1)));

  layer = gtk_snapshot_new ();
  for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
    for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
      {
        SmTileKey key = { geom->generation, tx, ty };
        GdkTexture *texture = sm_tile_cache_lookup (self->overlay_tiles, &key);

        if (texture == NULL)
          {
            g_autoptr(GdkTexture) built = build_tile (self, tx, ty);

            sm_tile_cache_insert (self->overlay_tiles, &key, built);
            texture = built;
          }
        _sm_tile_append (layer, texture, tx, ty, left, geom->scale);
      }
  self->overlay_node = gtk_snapshot_free_to_node (layer);
  self->overlay_node_generation = geom->generation;
  self->overlay_node_left = left;
  self->overlay_node_width = width;
  if (self->overlay_node != NULL)
    gtk_snapshot_append_node (snapshot, self->overlay_node);
}

void
_sm_spectrogram_view_overlay_dispose (SmSpectrogramView *self)
{
  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
  g_clear_pointer (&self->overlay_tiles, sm_tile_cache_free);
  g_clear_pointer (&self->pyramid, _sm_mask_pyramid_free);
}

/* Settings. */

void
sm_spectrogram_view_set_mode (SmSpectrogramView *self,
                              SmViewMode         mode)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail (mode <= SM_VIEW_MASK);

  if (mode == self->mode)
    return;
  self->mode = mode;
  _sm_spectrogram_view_overlay_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _sm_spectrogram_view_notify (self, PROP_MODE);
}

SmViewMode
sm_spectrogram_view_get_mode (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), SM_VIEW_SPECTROGRAM);
  return self->mode;
}

void
sm_spectrogram_view_set_overlay (SmSpectrogramView *self,
                                 gboolean           visible,
                                 const GdkRGBA     *color,
                                 double             opacity)
{
  gboolean visible_changed, color_changed, opacity_changed;

  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail (color != NULL);
  g_return_if_fail (isfinite (opacity));

  visible = !!visible;
  opacity = CLAMP (opacity, 0.0, 1.0);
  visible_changed = visible != self->overlay_visible;
  color_changed = !gdk_rgba_equal (color, &self->overlay_color);
  opacity_changed = opacity != self->overlay_opacity;
  if (!visible_changed && !color_changed && !opacity_changed)
    return;

  self->overlay_visible = visible;
  self->overlay_color = *color;
  self->overlay_opacity = opacity;
  if (color_changed || opacity_changed)
    _sm_spectrogram_view_overlay_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (visible_changed)
    _sm_spectrogram_view_notify (self, PROP_OVERLAY_VISIBLE);
  if (color_changed)
    _sm_spectrogram_view_notify (self, PROP_OVERLAY_COLOR);
  if (opacity_changed)
    _sm_spectrogram_view_notify (self, PROP_OVERLAY_OPACITY);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sm_spectrogram_view_get_overlay_visible (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), FALSE);
  return self->overlay_visible;
}
