/* sm-tile-cache.c: a hash table for lookups plus a queue for recency.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-tile-cache.h"

typedef struct
{
  SmTileKey   key;        /* first: the hash table's key points here */
  GdkTexture *texture;
  GList       link;       /* in SmTileCache.lru; data points back to the entry */
} Entry;

struct _SmTileCache
{
  GHashTable *entries;    /* SmTileKey * -> Entry *, owns the entries */
  GQueue      lru;        /* head: most recently used */
  guint       capacity;
};

guint
sm_tile_key_hash (gconstpointer key)
{
  const SmTileKey *k = key;
  guint64 h = k->generation * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  h ^= (guint64) k->tx * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F) + (h << 6) + (h >> 2);
  h ^= (guint64) k->ty * G_GUINT64_CONSTANT (0x165667B19E3779F9) + (h << 6) + (h >> 2);
  return (guint) (h ^ (h >> 32));
}

gboolean
sm_tile_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const SmTileKey *ka = a, *kb = b;

  return ka->generation == kb->generation && ka->tx == kb->tx && ka->ty == kb->ty;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry);
}

SmTileCache *
sm_tile_cache_new (guint capacity)
{
  SmTileCache *cache = g_new0 (SmTileCache, 1);

  cache->entries = g_hash_table_new_full (sm_tile_key_hash, sm_tile_key_equal, NULL, entry_free);
  g_queue_init (&cache->lru);
  cache->capacity = MAX (capacity, 1);
  return cache;
}

void
sm_tile_cache_free (SmTileCache *cache)
{
  if (cache == NULL)
    return;
  sm_tile_cache_clear (cache);
  g_hash_table_unref (cache->entries);
  g_free (cache);
}

GdkTexture *
sm_tile_cache_lookup (SmTileCache     *cache,
                      const SmTileKey *key)
{
  Entry *entry = g_hash_table_lookup (cache->entries, key);

  if (entry == NULL)
    return NULL;
  g_queue_unlink (&cache->lru, &entry->link);
  g_queue_push_head_link (&cache->lru, &entry->link);
  return entry->texture;
}

gboolean
sm_tile_cache_contains (SmTileCache     *cache,
                        const SmTileKey *key)
{
  return g_hash_table_contains (cache->entries, key);
}

static void
remove_entry (SmTileCache *cache,
              Entry       *entry)
{
  g_queue_unlink (&cache->lru, &entry->link);
  g_hash_table_remove (cache->entries, &entry->key);
}

static void
evict (SmTileCache *cache)
{
  while (cache->lru.length > cache->capacity)
    remove_entry (cache, g_queue_peek_tail_link (&cache->lru)->data);
}

void
sm_tile_cache_insert (SmTileCache     *cache,
                      const SmTileKey *key,
                      GdkTexture      *texture)
{
  Entry *entry;

  g_return_if_fail (GDK_IS_TEXTURE (texture));

  entry = g_hash_table_lookup (cache->entries, key);
  if (entry != NULL)
    {
      g_set_object (&entry->texture, texture);
      g_queue_unlink (&cache->lru, &entry->link);
    }
  else
    {
      entry = g_new0 (Entry, 1);
      entry->key = *key;
      entry->texture = g_object_ref (texture);
      entry->link.data = entry;
      g_hash_table_insert (cache->entries, &entry->key, entry);
    }
  g_queue_push_head_link (&cache->lru, &entry->link);
  evict (cache);
}

gboolean
sm_tile_cache_remove (SmTileCache     *cache,
                      const SmTileKey *key)
{
  Entry *entry = g_hash_table_lookup (cache->entries, key);

  if (entry == NULL)
    return FALSE;
  remove_entry (cache, entry);
  return TRUE;
}

void
sm_tile_cache_clear (SmTileCache *cache)
{
  /* The links live in the entries: forget them before the table frees those. */
  g_queue_init (&cache->lru);
  g_hash_table_remove_all (cache->entries);
}

guint
sm_tile_cache_get_size (SmTileCache *cache)
{
  return cache->lru.length;
}

guint
sm_tile_cache_get_capacity (SmTileCache *cache)
{
  return cache->capacity;
}

void
sm_tile_cache_set_capacity (SmTileCache *cache,
                            guint        capacity)
{
  cache->capacity = MAX (capacity, 1);
  evict (cache);
}
