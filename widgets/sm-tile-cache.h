/* sm-tile-cache.h: a bounded least-recently-used cache of tile textures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tiles are keyed by the generation of the geometry they were drawn for (zoom, frequency
 * axis, height, scale factor, colours: anything that changes their pixels) and their
 * column and row. Textures are immutable: a tile whose data changes is removed and built
 * again. Main thread only.
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 generation;
  gint64  tx;          /* column: device pixels [tx * size, tx * size + size) */
  gint64  ty;          /* row */
} SmTileKey;

typedef struct _SmTileCache SmTileCache;

SmTileCache *sm_tile_cache_new          (guint            capacity);
void         sm_tile_cache_free         (SmTileCache     *cache);

/* (transfer none): the texture, now the most recently used; NULL when absent. */
GdkTexture  *sm_tile_cache_lookup       (SmTileCache     *cache,
                                         const SmTileKey *key);
gboolean     sm_tile_cache_contains     (SmTileCache     *cache,
                                         const SmTileKey *key);
/* Adds or replaces (taking a new reference) and evicts the least recently used tiles
 * beyond the capacity. */
void         sm_tile_cache_insert       (SmTileCache     *cache,
                                         const SmTileKey *key,
                                         GdkTexture      *texture);
/* Returns: TRUE when the tile was there. */
gboolean     sm_tile_cache_remove       (SmTileCache     *cache,
                                         const SmTileKey *key);
void         sm_tile_cache_clear        (SmTileCache     *cache);

guint        sm_tile_cache_get_size     (SmTileCache     *cache);
guint        sm_tile_cache_get_capacity (SmTileCache     *cache);
/* Shrinking evicts at once. */
void         sm_tile_cache_set_capacity (SmTileCache     *cache,
                                         guint            capacity);

guint        sm_tile_key_hash           (gconstpointer    key);
gboolean     sm_tile_key_equal          (gconstpointer    a,
                                         gconstpointer    b);

G_END_DECLS
