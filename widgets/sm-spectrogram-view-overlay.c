/* sm-spectrogram-view-overlay.c: the mask layer: tiles built on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over a spectrogram, removed bins (mask value v < 1) are tinted with the overlay colour at
 * opacity * (1 - v), so kept bins show the spectrogram unchanged; in SM_VIEW_MASK the mask
 * is drawn in grey. A tile is a few hundred thousand mask reads at most, so tiles are built
 * lazily in snapshot() rather than in workers. A mask change marks the part of each cached
 * tile its rectangle reaches, and the next snapshot patches just that part into a copy of
 * the tile: a brush segment then costs its own few thousand pixels, not whole tiles. New
 * tiles (after a zoom, say) are built within a small time budget per frame; the others
 * follow in the next frames, over the last complete overlay stretched into place, so that
 * no frame waits for a whole layer. The visible tiles are composed into one render node,
 * reused until the mask, the geometry or the scroll position changes.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>
#include <string.h>

/* Time a frame may spend building new overlay tiles, counted from the first overlay that
 * frame draws and shared by every pane under the same frame clock: at least one tile is
 * built per frame, so the layer always progresses, but not one per pane. Zoomed in, a tile
 * reads a few million mask values (3-4 ms); with each pane building its own, a zoom frame
 * of the two panes came close to 16 ms. Tests shrink it. */
static gint64 overlay_budget_us = 1000;
/* Where no old overlay can be stretched into place (the first frames of a recording), a
 * missing tile shows nothing at all, and no gesture is waiting on the frame: then the
 * budget is this many times longer, so that the overlay completes in a frame or two rather
 * than a tile a frame (a dozen frames, 200 ms, for two panes). */
#define BLANK_BUDGET_FACTOR 10

typedef struct
{
  GdkFrameClock *clock;      /* borrowed, compared only */
  gint64         counter;    /* the frame these apply to */
  gint64         start;
  guint          n_built;    /* new tiles built in it, by every pane */
} FrameBudget;

static FrameBudget frame_budget;

void
_sm_spectrogram_view_set_overlay_budget (gint64 usec)
{
  overlay_budget_us = usec;
}

/* This frame's shared budget, started by the first pane that asks. */
static FrameBudget *
frame_budget_for (SmSpectrogramView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64 counter = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : -1;

  if (clock == NULL || clock != frame_budget.clock || counter != frame_budget.counter)
    {
      frame_budget.clock = clock;
      frame_budget.counter = counter;
      frame_budget.start = g_get_monotonic_time ();
      frame_budget.n_built = 0;
    }
  return &frame_budget;
}

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

  /* Unlike spectrogram tiles, old overlay tiles are never reused at their own geometry:
   * they would miss the mask changes made since. Those of the last complete geometry stay
   * in the cache only as the stretched preview while the new ones are built, which any
   * mask change ends (_sm_spectrogram_view_invalidate_overlay()). */
  geom.generation = ++self->next_generation;
  self->overlay_geom = geom;
  if (self->overlay_dirty != NULL)
    g_hash_table_remove_all (self->overlay_dirty);
  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
  self->stats.overlay_clears++;
}

void
_sm_spectrogram_view_overlay_changed (SmSpectrogramView *self)
{
  self->overlay_serial++;
  _sm_spectrogram_view_update_geometry (self);
}

/* The device pixels (absolute columns, rows) whose value a change of @rect may alter,
 * inclusive. Returns: FALSE when none. */
static gboolean
rect_to_pixels (SmSpectrogramView *self,
                const SmRect      *rect,
                gint64            *x_first,
                gint64            *x_last,
                gint64            *y_first,
                gint64            *y_last)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const double step = geom->frames_per_pixel / geom->scale;
  const gint64 rows = (gint64) geom->height * geom->scale;
  double x_lo, x_hi, y_top, y_bottom;
  gint64 last_column;

  if (geom->generation == 0 || rows <= 0 || sm_rect_is_empty (rect))
    return FALSE;

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
    return FALSE;
  *x_first = (gint64) x_lo;
  *x_last = (gint64) x_hi;
  *y_first = (gint64) y_top;
  *y_last = (gint64) y_bottom;
  return TRUE;
}

void
_sm_spectrogram_view_overlay_tiles_for_rect (SmSpectrogramView *self,
                                             const SmRect      *rect,
                                             SmTileRange       *range)
{
  gint64 x0, x1, y0, y1;

  range->tx0 = range->ty0 = 0;
  range->tx1 = range->ty1 = -1;
  if (!rect_to_pixels (self, rect, &x0, &x1, &y0, &y1))
    return;
  range->tx0 = x0 / SM_TILE_SIZE;
  range->tx1 = x1 / SM_TILE_SIZE;
  range->ty0 = y0 / SM_TILE_SIZE;
  range->ty1 = y1 / SM_TILE_SIZE;
}

void
_sm_spectrogram_view_invalidate_overlay (SmSpectrogramView *self,
                                         const SmRect      *rect)
{
  SmMask *mask;
  SmTileRange range;
  gint64 x0, x1, y0, y1;
  guint marked = 0;

  if (self->model == NULL)
    return;
  mask = sm_mask_model_get_mask (self->model);
  self->overlay_fallback.generation = 0;
  if (rect == NULL ||
      (rect->t0 == 0 && rect->t1 >= mask->n_frames && rect->f0 == 0 && rect->f1 >= mask->n_bins))
    {
      g_clear_pointer (&self->pyramid, _sm_mask_pyramid_free);
      _sm_spectrogram_view_overlay_changed (self);
      return;
    }
  if (self->pyramid != NULL)
    _sm_mask_pyramid_update (self->pyramid, mask, rect);

  if (!rect_to_pixels (self, rect, &x0, &x1, &y0, &y1))
    return;
  range = (SmTileRange) { x0 / SM_TILE_SIZE, x1 / SM_TILE_SIZE, y0 / SM_TILE_SIZE,
                          y1 / SM_TILE_SIZE };
  /* A tall thin edit over a long close-up spans many columns, hardly any cached. */
  if ((range.tx1 - range.tx0 + 1) * (range.ty1 - range.ty0 + 1) >
      4 * (gint64) sm_tile_cache_get_capacity (self->overlay_tiles))
    {
      _sm_spectrogram_view_overlay_changed (self);
      return;
    }

  /* Cached tiles keep their texture and are patched where the change reaches when next
   * drawn: a brush segment touches a few thousand of a tile's 65536 pixels. */
  if (self->overlay_dirty == NULL)
    self->overlay_dirty = g_hash_table_new_full (sm_tile_key_hash, sm_tile_key_equal, g_free,
                                                 g_free);
  for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
    for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
      {
        SmTileKey key = { self->overlay_geom.generation, tx, ty };
        SmTileArea area = { (int) (MAX (x0, tx * SM_TILE_SIZE) - tx * SM_TILE_SIZE),
                       (int) (MIN (x1 + 1, (tx + 1) * SM_TILE_SIZE) - tx * SM_TILE_SIZE),
                       (int) (MAX (y0, ty * SM_TILE_SIZE) - ty * SM_TILE_SIZE),
                       (int) (MIN (y1 + 1, (ty + 1) * SM_TILE_SIZE) - ty * SM_TILE_SIZE) };
        SmTileArea *dirty;

        if (!sm_tile_cache_contains (self->overlay_tiles, &key))
          continue;
        dirty = g_hash_table_lookup (self->overlay_dirty, &key);
        if (dirty == NULL)
          {
            g_hash_table_insert (self->overlay_dirty, g_memdup2 (&key, sizeof key),
                                 g_memdup2 (&area, sizeof area));
            marked++;
            continue;
          }
        dirty->x0 = MIN (dirty->x0, area.x0);
        dirty->x1 = MAX (dirty->x1, area.x1);
        dirty->y0 = MIN (dirty->y0, area.y0);
        dirty->y1 = MAX (dirty->y1, area.y1);
      }
  self->stats.overlay_tiles_invalidated += marked;
  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
}

void
_sm_spectrogram_view_visible_overlay_tiles (SmSpectrogramView *self,
                                            SmTileRange       *range)
{
  _sm_tile_visible_range (self, &self->overlay_geom, range);
}

static gboolean
redraw_cb (gpointer user_data)
{
  SmSpectrogramView *self = user_data;

  self->overlay_redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

gboolean
_sm_spectrogram_view_snapshot_overlay (SmSpectrogramView *self,
                                       GtkSnapshot       *snapshot)
{
  const SmTileGeometry *geom = &self->overlay_geom;
  const int width = gtk_widget_get_width (GTK_WIDGET (self));
  const gboolean as_surfaces = _sm_tile_wants_surfaces (GTK_WIDGET (self));
  FrameBudget *budget;
  gboolean preview, defer;
  gint64 deadline;
  graphene_rect_t gaps = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  GtkSnapshot *layer;
  SmTileRange range;
  gint64 left;
  guint missing = 0;

  if (self->model == NULL || geom->generation == 0)
    return TRUE;

  left = _sm_tile_left_column (sm_viewport_get_time_start (self->viewport), geom);
  if (self->overlay_node != NULL && self->overlay_node_generation == geom->generation &&
      self->overlay_node_left == left && self->overlay_node_width == width)
    {
      gtk_snapshot_append_node (snapshot, self->overlay_node);
      return TRUE;
    }

  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
  _sm_tile_visible_range (self, geom, &range);
  if (range.tx0 > range.tx1)
    return TRUE;
  sm_tile_cache_set_capacity (self->overlay_tiles,
                              MAX (SM_TILE_CACHE_TILES,
                                   3 * (range.tx1 - range.tx0 + 1) * (range.ty1 + 1)));

  /* Patches are always made (a brush stroke must show at once); new tiles only within
   * the frame's budget, so that a zoom, which needs every tile anew, never holds a frame
   * up: the rest come in the next frames, over the old tiles stretched into place. */
  budget = frame_budget_for (self);
  /* The frame that answers a zoom shows the last complete overlay stretched into place,
   * as the spectrogram does, and builds no tile: the frames after it do. */
  preview = _sm_tile_can_stretch (self, &self->overlay_fallback, geom);
  defer = preview && geom->generation != self->overlay_drawn_generation;
  self->overlay_drawn_generation = geom->generation;
  /* Saturating: tests set an unbounded budget. */
  deadline = budget->start
             + (preview || overlay_budget_us > G_MAXINT64 / 4 / BLANK_BUDGET_FACTOR
                ? MIN (overlay_budget_us, G_MAXINT64 / 4)
                : overlay_budget_us * BLANK_BUDGET_FACTOR);
  layer = gtk_snapshot_new ();
  for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
    for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
      {
        SmTileKey key = { geom->generation, tx, ty };
        GdkTexture *texture = sm_tile_cache_lookup (self->overlay_tiles, &key);
        SmTileArea *dirty = self->overlay_dirty != NULL
                       ? g_hash_table_lookup (self->overlay_dirty, &key) : NULL;

        if (texture == NULL &&
            (defer || (budget->n_built > 0 && g_get_monotonic_time () > deadline)))
          {
            missing++;
            _sm_tile_add_bounds (&gaps, tx, ty, left, geom->scale);
            continue;
          }
        budget->n_built += texture == NULL;
        if (texture == NULL || dirty != NULL)
          {
            g_autoptr(GdkTexture) built = texture != NULL ? _sm_overlay_patch_tile (self, tx, ty, texture, dirty)
                                                           : _sm_overlay_build_tile (self, tx, ty);

            if (dirty != NULL)
              g_hash_table_remove (self->overlay_dirty, &key);
            sm_tile_cache_insert (self->overlay_tiles, &key, built);
            texture = built;
          }
        if (!g_object_get_data (G_OBJECT (texture), "sm-tile-clear"))
          _sm_tile_append (layer, texture, tx, ty, left, geom->scale, as_surfaces);
      }

  if (missing > 0)
    {
      g_autoptr(GskRenderNode) done = gtk_snapshot_free_to_node (layer);

      _sm_tile_draw_stretched (self, snapshot, self->overlay_tiles, &self->overlay_fallback,
                               geom, &gaps);
      if (done != NULL)
        gtk_snapshot_append_node (snapshot, done);
      /* Snapshots must not queue draws: ask for the next frame from the main loop. */
      if (self->overlay_redraw_id == 0)
        self->overlay_redraw_id = g_idle_add (redraw_cb, self);
      self->pending_tiles += missing;
      return FALSE;
    }

  self->overlay_node = gtk_snapshot_free_to_node (layer);
  self->overlay_node_generation = geom->generation;
  self->overlay_node_left = left;
  self->overlay_node_width = width;
  self->overlay_fallback = *geom;
  if (self->overlay_node != NULL)
    gtk_snapshot_append_node (snapshot, self->overlay_node);
  return TRUE;
}

void
_sm_spectrogram_view_overlay_dispose (SmSpectrogramView *self)
{
  g_clear_handle_id (&self->overlay_redraw_id, g_source_remove);
  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
  g_clear_pointer (&self->overlay_tiles, sm_tile_cache_free);
  g_clear_pointer (&self->overlay_dirty, g_hash_table_unref);
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
