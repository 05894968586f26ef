/* sm-spectrogram-view-tile-draw.c: tile textures and how snapshot() draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tile pixels are cairo's own layout, and each texture carries a cairo surface over the
 * same bytes. With the GL renderer tiles are drawn as texture nodes. With GTK 4.8's cairo
 * renderer (which the app picks when OpenGL is a software rasteriser) a texture node costs
 * a pixel-by-pixel conversion every time it is drawn, so tiles are drawn as cairo nodes
 * painting their surface instead, one node per tile, made once and reused.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>

static const cairo_user_data_key_t bytes_key;

GdkTexture *
_sm_tile_texture_new (GBytes *bytes,
                      int     width,
                      int     height)
{
  GdkTexture *texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                                (gsize) width * 4);
  /* The same bytes as a cairo surface (GDK_MEMORY_DEFAULT is cairo's ARGB32), for the
   * cairo renderer; it holds a reference to the bytes. */
  cairo_surface_t *surface =
    cairo_image_surface_create_for_data ((unsigned char *) g_bytes_get_data (bytes, NULL),
                                         CAIRO_FORMAT_ARGB32, width, height, width * 4);

  cairo_surface_set_user_data (surface, &bytes_key, g_bytes_ref (bytes),
                               (cairo_destroy_func_t) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (texture), "sm-tile-surface", surface,
                          (GDestroyNotify) cairo_surface_destroy);
  return texture;
}

const guint8 *
_sm_tile_texture_pixels (GdkTexture *texture)
{
  cairo_surface_t *surface = g_object_get_data (G_OBJECT (texture), "sm-tile-surface");

  g_assert (surface != NULL);
  return cairo_image_surface_get_data (surface);
}

gboolean
_sm_tile_wants_surfaces (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);

  return native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
}

/* A cairo node painting @texture's surface with its top-left corner at the origin, at
 * @scale device pixels per unit. */
static GskRenderNode *
surface_node (GdkTexture      *texture,
              cairo_surface_t *surface,
              int              scale,
              cairo_filter_t   filter)
{
  const int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  GskRenderNode *node =
    gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, (float) width / scale, (float) height / scale));
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), filter);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

static void
append_tile (GtkSnapshot    *snapshot,
             GdkTexture     *texture,
             gint64          tx,
             gint64          ty,
             gint64          left,
             int             scale,
             gboolean        as_surface,
             gboolean        preview)
{
  cairo_surface_t *surface = as_surface ? g_object_get_data (G_OBJECT (texture), "sm-tile-surface")
                                        : NULL;
  g_autoptr(GskRenderNode) fresh = NULL;
  GskRenderNode *node;
  graphene_rect_t bounds;

  _sm_tile_bounds (tx, ty, gdk_texture_get_width (texture), gdk_texture_get_height (texture),
                   left, scale, &bounds);
  if (surface == NULL)
    {
      gtk_snapshot_append_texture (snapshot, texture, &bounds);
      return;
    }

  /* GTK 4.8's cairo renderer converts a texture node's pixels to a new surface every time
   * it draws one, which cost a whole frame's budget while panning; a cairo node that
   * paints the tile's own surface is a plain blit. The node is made once per tile and
   * reused, translated into place: GTK then sees an unchanged node and repaints nothing
   * there, so a brush stroke repaints only the tiles it patched. A stretched preview lasts
   * a few frames: its node is not kept, and takes the nearest pixel rather than cairo's
   * far costlier filtered scaling. */
  node = preview ? NULL : g_object_get_data (G_OBJECT (texture), "sm-tile-node");
  if (node == NULL || GPOINTER_TO_INT (g_object_get_data (G_OBJECT (texture),
                                                          "sm-tile-node-scale")) != scale)
    {
      fresh = surface_node (texture, surface, scale,
                            preview ? CAIRO_FILTER_FAST : CAIRO_FILTER_GOOD);
      node = fresh;
      if (!preview)
        {
          g_object_set_data_full (G_OBJECT (texture), "sm-tile-node", gsk_render_node_ref (fresh),
                                  (GDestroyNotify) gsk_render_node_unref);
          g_object_set_data (G_OBJECT (texture), "sm-tile-node-scale", GINT_TO_POINTER (scale));
        }
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &bounds.origin);
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_restore (snapshot);
}

void
_sm_tile_append (GtkSnapshot *snapshot,
                 GdkTexture  *texture,
                 gint64       tx,
                 gint64       ty,
                 gint64       left,
                 int          scale,
                 gboolean     as_surface)
{
  append_tile (snapshot, texture, tx, ty, left, scale, as_surface, FALSE);
}

/* Where the tiles of @old (a geometry drawn complete before) go when stretched to @geom:
 * offset and scale from old device pixels to widget pixels, and the old tiles that show.
 * Only the same axis maps affinely. */
typedef struct
{
  double kx, ox, ky, oy;
  gint64 tx0, tx1, ty0, ty1;
} Stretch;

static gboolean
plan_stretch (SmSpectrogramView    *self,
              const SmTileGeometry *old,
              const SmTileGeometry *geom,
              Stretch              *plan)
{
  const int width = gtk_widget_get_width (GTK_WIDGET (self));
  const double old_rows = (double) old->height * old->scale;
  double x_lo, x_hi, y_lo, y_hi, span, old_span;

  if (old->generation == 0 || old->generation == geom->generation ||
      old->axis.scale != geom->axis.scale || old->content != geom->content || old_rows <= 0)
    return FALSE;

  /* Old device column X shows frame X * old_fpp / old_scale. */
  plan->kx = old->frames_per_pixel / old->scale / geom->frames_per_pixel;
  plan->ox = -sm_viewport_get_time_start (self->viewport) / geom->frames_per_pixel;
  /* Old device row Y shows axis value u_max - Y / rows * span: linear in Y. */
  span = geom->axis.u_max - geom->axis.u_min;
  old_span = old->axis.u_max - old->axis.u_min;
  plan->oy = geom->height * (geom->axis.u_max - old->axis.u_max) / span;
  plan->ky = geom->height * old_span / span / old_rows;

  x_lo = MAX (-plan->ox / plan->kx, 0.0);
  x_hi = MIN ((width - plan->ox) / plan->kx, (double) _sm_tile_end_column (old));
  y_lo = MAX (-plan->oy / plan->ky, 0.0);
  y_hi = MIN ((geom->height - plan->oy) / plan->ky, old_rows);
  if (x_hi <= x_lo || y_hi <= y_lo)
    return FALSE;
  plan->tx0 = (gint64) floor (x_lo / SM_TILE_SIZE);
  plan->tx1 = (gint64) ceil (x_hi / SM_TILE_SIZE) - 1;
  plan->ty0 = (gint64) floor (y_lo / SM_TILE_SIZE);
  plan->ty1 = (gint64) ceil (y_hi / SM_TILE_SIZE) - 1;
  /* Zoomed far out of a close-up: the old tiles would be specks; not worth it. */
  return (plan->tx1 - plan->tx0 + 1) * (plan->ty1 - plan->ty0 + 1) <= SM_TILE_CACHE_TILES;
}

gboolean
_sm_tile_can_stretch (SmSpectrogramView    *self,
                      const SmTileGeometry *old,
                      const SmTileGeometry *geom)
{
  Stretch plan;

  return plan_stretch (self, old, geom, &plan);
}

void
_sm_tile_draw_stretched (SmSpectrogramView     *self,
                         GtkSnapshot           *snapshot,
                         SmTileCache           *cache,
                         const SmTileGeometry  *old,
                         const SmTileGeometry  *geom,
                         const graphene_rect_t *area)
{
  const gboolean as_surfaces = _sm_tile_wants_surfaces (GTK_WIDGET (self));
  Stretch plan;

  if (!plan_stretch (self, old, geom, &plan))
    return;

  /* Only where tiles are missing: the rest would be painted over. */
  gtk_snapshot_push_clip (snapshot, area);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) plan.ox, (float) plan.oy));
  gtk_snapshot_scale (snapshot, (float) plan.kx, (float) plan.ky);
  for (gint64 tx = plan.tx0; tx <= plan.tx1; tx++)
    for (gint64 ty = plan.ty0; ty <= plan.ty1; ty++)
      {
        SmTileKey key = { old->generation, tx, ty };
        GdkTexture *texture = sm_tile_cache_lookup (cache, &key);

        /* In old device pixels, with the left edge at column 0. A preview that lasts a
         * few frames: the nearest pixel, not cairo's far costlier filtered scaling. */
        if (texture != NULL)
          append_tile (snapshot, texture, tx, ty, 0, 1, as_surfaces, TRUE);
      }
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

void
_sm_tile_rgba_to_default (guint8 *pixels,
                          size_t  n)
{
  for (size_t i = 0; i < n; i++, pixels += 4)
    {
      const guint8 r = pixels[0], g = pixels[1], b = pixels[2], a = pixels[3];

      _sm_tile_put_pixel (pixels, r, g, b, a);
    }
}
