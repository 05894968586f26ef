/* sm-spectrogram-view-render.c: spectrogram tiles, computed in worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tile (tx, ty) covers device columns [tx * 256, tx * 256 + 256) counted from frame 0
 * (absolute x = frame / frames-per-pixel) and device rows [ty * 256, ...) of the widget.
 * Scrolling keeps the tiles; anything else that changes their pixels makes a new
 * geometry generation. Workers get an immutable job (a levels reference and a copy of the
 * geometry) and a cancellable that is cancelled when the tile leaves the view or the
 * geometry changes; results of another generation are dropped. While tiles compute, the
 * last geometry drawn complete is drawn stretched into place underneath.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>
#include <string.h>

/* Tiles in flight per view, at most: enough to keep the cores busy without queueing work
 * that a scroll would cancel. */
#define MAX_IN_FLIGHT_LIMIT 8

/* The worker. */

typedef struct
{
  SmLevels       *levels;
  SmTileGeometry  geom;
  SmTileKey       key;
  int             width;
  int             height;
} TileJob;

static void
tile_job_free (gpointer data)
{
  TileJob *job = data;

  g_clear_pointer (&job->levels, sm_levels_unref);
  g_free (job);
}

static void
tile_render_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TileJob *job = task_data;
  const size_t n = (size_t) job->width * job->height;
  const int n_bins = sm_levels_get_n_bins (job->levels);
  const double step = job->geom.frames_per_pixel / job->geom.scale;
  g_autofree SmSpan *cols = g_new (SmSpan, job->width);
  g_autofree SmSpan *rows = g_new (SmSpan, job->height);
  g_autofree guint16 *scratch = g_new (guint16, n_bins);
  g_autofree guint16 *codes = g_new (guint16, n);
  g_autofree float *db = g_new (float, n);
  const guint16 *data;
  size_t block, n_cells;
  guint8 *rgba;

  _sm_tile_column_spans (&job->geom, job->key.tx * SM_TILE_SIZE, job->width, cols);
  _sm_tile_row_spans (&job->geom, job->key.ty * SM_TILE_SIZE, job->height, n_bins, rows);

  /* Zoomed out, read the block maxima instead of every frame: with four cells or more per
   * device column, the cells a column only partly covers reach at most a quarter of a
   * pixel beyond it, and a tile's cost no longer grows with the zoom. */
  data = sm_levels_get_maxima (job->levels, step / 4, &block, &n_cells);
  for (int i = 0; i < job->width && block > 1; i++)
    if (cols[i].lo < cols[i].hi)
      {
        cols[i].lo /= (gint64) block;
        cols[i].hi = MIN ((cols[i].hi - 1) / (gint64) block + 1, (gint64) n_cells);
      }

  if (!_sm_tile_reduce_codes (data, n_bins, cols, job->width, rows, job->height, scratch, codes,
                              cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "tile cancelled");
      return;
    }

  for (size_t i = 0; i < n; i++)
    db[i] = (float) sm_db_from_code (codes[i]);
  rgba = g_malloc (n * 4);
  sm_colormap_map_db (job->geom.colormap, db, n, job->geom.floor_db, job->geom.ceiling_db, rgba);
  _sm_tile_rgba_to_default (rgba, n);
  g_task_return_pointer (task, g_bytes_new_take (rgba, n * 4), (GDestroyNotify) g_bytes_unref);
}

/* Takes @job. No source object: a finished tile must not keep a disposed view alive. */
static void
tile_render_async (TileJob             *job,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, tile_render_async);
  g_task_set_task_data (task, job, tile_job_free);
  g_task_run_in_thread (task, tile_render_thread);
}

static GBytes *
tile_render_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* In-flight tiles. */

typedef struct
{
  GWeakRef      view;
  SmTileKey     key;
  GCancellable *cancellable;
  int           width;
  int           height;
} TileRequest;

static void
tile_request_free (TileRequest *request)
{
  g_weak_ref_clear (&request->view);
  g_clear_object (&request->cancellable);
  g_free (request);
}

static guint schedule (SmSpectrogramView *self,
                       const SmTileRange *visible);

static void
tile_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TileRequest *request = user_data;
  g_autoptr(GBytes) bytes = tile_render_finish (result, NULL);
  g_autoptr(SmSpectrogramView) self = g_weak_ref_get (&request->view);

  /* Disposed views have no tables left (someone may still hold a reference). */
  if (self != NULL && self->in_flight != NULL)
    {
      /* The slot may already hold a newer request for the same tile. */
      if (g_hash_table_lookup (self->in_flight, &request->key) == request->cancellable)
        g_hash_table_remove (self->in_flight, &request->key);

      if (bytes != NULL && request->key.generation == self->geom.generation)
        {
          g_autoptr(GdkTexture) texture = _sm_tile_texture_new (bytes, request->width,
                                                                request->height);

          SmTileRange visible;

          sm_tile_cache_insert (self->tiles, &request->key, texture);
          self->stats.tiles_computed++;
          /* A tile fetched ahead, beside the view, changes nothing on screen yet. */
          _sm_tile_visible_range (self, &self->geom, &visible);
          if (request->key.tx >= visible.tx0 && request->key.tx <= visible.tx1)
            gtk_widget_queue_draw (GTK_WIDGET (self));
          /* The next tile starts now, not in the next frame: the worker computes while
           * this thread paints, instead of one tile a frame (a full pane took six frames,
           * 140 ms, when a recording opened). */
          if (visible.tx0 <= visible.tx1)
            self->stats.tiles_started_on_delivery += schedule (self, &visible);
        }
      else if (bytes != NULL)
        self->stats.tiles_dropped++;
    }
  tile_request_free (request);
}

static void
start_tile (SmSpectrogramView *self,
            gint64             tx,
            gint64             ty)
{
  const SmTileGeometry *geom = &self->geom;
  TileJob *job = g_new0 (TileJob, 1);
  TileRequest *request = g_new0 (TileRequest, 1);

  job->levels = sm_levels_ref (self->levels);
  job->geom = *geom;
  job->key = (SmTileKey) { geom->generation, tx, ty };
  job->width = (int) MIN (SM_TILE_SIZE, _sm_tile_end_column (geom) - tx * SM_TILE_SIZE);
  job->height = (int) MIN (SM_TILE_SIZE, (gint64) geom->height * geom->scale - ty * SM_TILE_SIZE);

  g_weak_ref_init (&request->view, self);
  request->key = job->key;
  request->cancellable = g_cancellable_new ();
  request->width = job->width;
  request->height = job->height;

  g_hash_table_insert (self->in_flight, g_memdup2 (&job->key, sizeof job->key),
                       g_object_ref (request->cancellable));
  tile_render_async (job, request->cancellable, tile_done_cb, request);
}

/* Cancels the jobs outside @keep (NULL: all). */
static void
cancel_tiles (SmSpectrogramView *self,
              const SmTileRange *keep)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const SmTileKey *k = key;

      if (keep != NULL && k->generation == self->geom.generation &&
          k->tx >= keep->tx0 && k->tx <= keep->tx1 && k->ty >= keep->ty0 && k->ty <= keep->ty1)
        continue;
      g_cancellable_cancel (value);
      g_hash_table_iter_remove (&iter);
    }
}

typedef struct
{
  gint64 tx, ty;
  double distance;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  return (ca->distance > cb->distance) - (ca->distance < cb->distance);
}

/* Starts the missing tiles of @visible (nearest the centre first), then one column to
 * either side, so that a short scroll finds them ready. Returns: how many started. */
static guint
schedule (SmSpectrogramView *self,
          const SmTileRange *visible)
{
  guint started = 0;
  const gint64 last_column = (_sm_tile_end_column (&self->geom) - 1) / SM_TILE_SIZE;
  SmTileRange keep = *visible;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  double centre = (visible->tx0 + visible->tx1) / 2.0;

  keep.tx0 = MAX (visible->tx0 - 1, 0);
  keep.tx1 = MIN (visible->tx1 + 1, last_column);
  cancel_tiles (self, &keep);

  for (gint64 tx = keep.tx0; tx <= keep.tx1; tx++)
    for (gint64 ty = keep.ty0; ty <= keep.ty1; ty++)
      {
        SmTileKey key = { self->geom.generation, tx, ty };
        Candidate c = { tx, ty, fabs (tx - centre) + fabs (ty - keep.ty1 / 2.0) / 8.0 };

        if (sm_tile_cache_contains (self->tiles, &key) ||
            g_hash_table_contains (self->in_flight, &key))
          continue;
        if (tx < visible->tx0 || tx > visible->tx1)
          c.distance += 1e6;
        g_array_append_val (candidates, c);
      }
  g_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);

      if (g_hash_table_size (self->in_flight) >= self->max_in_flight)
        break;
      start_tile (self, c->tx, c->ty);
      started++;
    }
  return started;
}

/* Geometry. */

static guint64
generation_for (SmSpectrogramView    *self,
                const SmTileGeometry *geom)
{
  for (guint i = 0; i < self->n_recent; i++)
    if (_sm_tile_geometry_equal (&self->recent[i], geom))
      return self->recent[i].generation;

  memmove (&self->recent[1], &self->recent[0],
           (SM_N_RECENT_GEOMETRIES - 1) * sizeof (SmTileGeometry));
  self->n_recent = MIN (self->n_recent + 1, SM_N_RECENT_GEOMETRIES);
  self->recent[0] = *geom;
  self->recent[0].generation = ++self->next_generation;
  return self->recent[0].generation;
}

void
_sm_spectrogram_view_update_geometry (SmSpectrogramView *self)
{
  SmTileGeometry geom = { 0 };

  if (self->tiles == NULL)   /* disposed */
    return;
  geom.frames_per_pixel = sm_viewport_get_frames_per_pixel (self->viewport);
  sm_viewport_get_freq_axis (self->viewport, &geom.axis);
  geom.height = gtk_widget_get_height (GTK_WIDGET (self));
  geom.scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  _sm_spectrogram_view_update_overlay_geometry (self, &geom);

  if (self->levels == NULL || self->mode != SM_VIEW_SPECTROGRAM || geom.height <= 0)
    {
      if (self->geom.generation != 0)
        cancel_tiles (self, NULL);
      self->geom.generation = 0;
      return;
    }

  geom.n_frames = sm_levels_get_n_frames (self->levels);
  geom.colormap = sm_viewport_get_colormap (self->viewport);
  geom.floor_db = sm_viewport_get_floor_db (self->viewport);
  geom.ceiling_db = sm_viewport_get_ceiling_db (self->viewport);
  geom.content = self->levels_serial;
  if (self->geom.generation != 0 && _sm_tile_geometry_equal (&geom, &self->geom))
    return;

  geom.generation = generation_for (self, &geom);
  self->geom = geom;
  cancel_tiles (self, NULL);
}

void
_sm_spectrogram_view_levels_changed (SmSpectrogramView *self)
{
  /* Old levels' tiles are no use, even as a preview. */
  self->levels_serial++;
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
  cancel_tiles (self, NULL);
  sm_tile_cache_clear (self->tiles);
  self->n_recent = 0;
  self->fallback.generation = 0;
  self->geom.generation = 0;
  _sm_spectrogram_view_update_geometry (self);
}

/* Drawing. */

gboolean
_sm_spectrogram_view_snapshot_tiles (SmSpectrogramView *self,
                                     GtkSnapshot       *snapshot)
{
  const SmTileGeometry *geom = &self->geom;
  const int width = gtk_widget_get_width (GTK_WIDGET (self));
  const gboolean as_surfaces = _sm_tile_wants_surfaces (GTK_WIDGET (self));
  g_autoptr(GPtrArray) textures = NULL;
  graphene_rect_t gaps = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  GtkSnapshot *layer;
  SmTileRange range;
  gint64 left;
  guint missing = 0, i = 0;

  _sm_tile_visible_range (self, geom, &range);
  if (range.tx0 > range.tx1)
    {
      self->pending_tiles = 0;
      return TRUE;
    }
  left = _sm_tile_left_column (sm_viewport_get_time_start (self->viewport), geom);

  /* The same complete layer as last time (a brush stroke, the hover crosshair): the same
   * node, which GTK recognises as unchanged and does not repaint. */
  if (self->tiles_node != NULL && self->tiles_node_generation == geom->generation &&
      self->tiles_node_left == left && self->tiles_node_width == width)
    {
      gtk_snapshot_append_node (snapshot, self->tiles_node);
      schedule (self, &range);
      self->pending_tiles = 0;
      return TRUE;
    }
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);

  /* Room for every visible tile, the columns beside them and a preview. */
  sm_tile_cache_set_capacity (self->tiles,
                              MAX (SM_TILE_CACHE_TILES,
                                   3 * (range.tx1 - range.tx0 + 3) * (range.ty1 + 1)));

  textures = g_ptr_array_new ();
  for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
    for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
      {
        SmTileKey key = { geom->generation, tx, ty };
        GdkTexture *texture = sm_tile_cache_lookup (self->tiles, &key);

        if (texture == NULL)
          {
            missing++;
            _sm_tile_add_bounds (&gaps, tx, ty, left, geom->scale);
          }
        g_ptr_array_add (textures, texture);
      }

  if (missing > 0)
    _sm_tile_draw_stretched (self, snapshot, self->tiles, &self->fallback, geom, &gaps);

  layer = gtk_snapshot_new ();
  for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
    for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
      {
        GdkTexture *texture = g_ptr_array_index (textures, i++);

        if (texture != NULL)
          _sm_tile_append (layer, texture, tx, ty, left, geom->scale, as_surfaces);
      }
  self->tiles_node = gtk_snapshot_free_to_node (layer);
  if (self->tiles_node != NULL)
    gtk_snapshot_append_node (snapshot, self->tiles_node);
  /* Only a complete layer is worth keeping: missing tiles will arrive. */
  if (missing == 0)
    {
      self->tiles_node_generation = geom->generation;
      self->tiles_node_left = left;
      self->tiles_node_width = width;
    }
  else
    g_clear_pointer (&self->tiles_node, gsk_render_node_unref);

  schedule (self, &range);
  self->pending_tiles = missing;
  if (missing == 0)
    self->fallback = *geom;
  return missing == 0;
}

void
_sm_spectrogram_view_render_init (SmSpectrogramView *self)
{
  self->tiles = sm_tile_cache_new (SM_TILE_CACHE_TILES);
  self->in_flight = g_hash_table_new_full (sm_tile_key_hash, sm_tile_key_equal, g_free,
                                           g_object_unref);
  /* One core fewer than there are: the main thread keeps one to itself for the frames
   * (on two cores, two tile workers made each zoom frame wait for the CPU half the time). */
  self->max_in_flight = CLAMP (g_get_num_processors () - 1, 1, MAX_IN_FLIGHT_LIMIT);
}

void
_sm_spectrogram_view_render_dispose (SmSpectrogramView *self)
{
  if (self->in_flight != NULL)
    cancel_tiles (self, NULL);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
  g_clear_pointer (&self->tiles, sm_tile_cache_free);
}
