/* sm-spectrogram-view-draw.c: snapshot(): the layers in order, and what is drawn over them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bottom to top: background, spectrogram tiles (-render.c), the mask layer (-overlay.c),
 * tile outlines (SM_DEBUG_TILES=1), tool feedback (rubber band, lasso), the hover crosshair
 * and brush outline, and the title. Feedback is drawn afresh each frame, never into tiles.
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>

static void
draw_brush_outline (cairo_t *cr,
                    double   x,
                    double   y,
                    double   radius)
{
  cairo_set_line_width (cr, 1.0);
  cairo_arc (cr, x, y, radius + 0.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_stroke (cr);
  cairo_arc (cr, x, y, radius - 0.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_stroke (cr);
}

static void
draw_lasso (SmSpectrogramView *self,
            cairo_t           *cr)
{
  for (guint i = 0; i < self->lasso->len; i++)
    {
      const graphene_point_t *p = &g_array_index (self->lasso, graphene_point_t, i);

      cairo_line_to (cr, p->x, p->y);
    }
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.15);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_stroke (cr);
}

static void
snapshot_tool (SmSpectrogramView *self,
               GtkSnapshot       *snapshot)
{
  const float width = gtk_widget_get_width (GTK_WIDGET (self));
  const float height = gtk_widget_get_height (GTK_WIDGET (self));
  const GdkRGBA line = { 1, 1, 1, 0.45f };
  gboolean brush = self->editable && self->model != NULL && !self->space_held &&
                   (self->tool == SM_TOOL_BRUSH || self->tool == SM_TOOL_ERASER);
  cairo_t *cr;

  if (self->drag == SM_DRAG_RECTANGLE)
    {
      float x0 = (float) MIN (self->drag_x0, self->drag_x0 + self->drag_dx);
      float y0 = (float) MIN (self->drag_y0, self->drag_y0 + self->drag_dy);
      graphene_rect_t box = GRAPHENE_RECT_INIT (x0, y0, (float) fabs (self->drag_dx),
                                                (float) fabs (self->drag_dy));
      GskRoundedRect outline;
      const GdkRGBA edge = { 1, 1, 1, 0.9f };

      gsk_rounded_rect_init_from_rect (&outline, &box, 0);
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.15f }, &box);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 1, 1, 1, 1 },
                                  (GdkRGBA[4]) { edge, edge, edge, edge });
    }
  else if (self->drag == SM_DRAG_LASSO && self->lasso->len > 1)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      draw_lasso (self, cr);
      cairo_destroy (cr);
    }

  if (!self->pointer_inside)
    return;

  /* Hover crosshair. */
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (floorf ((float) self->pointer_x), 0, 1, height));
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (0, floorf ((float) self->pointer_y), width, 1));

  if (brush && self->drag != SM_DRAG_PAN)
    {
      double r = self->brush_size / 2;

      cr = gtk_snapshot_append_cairo (snapshot,
                                      &GRAPHENE_RECT_INIT ((float) (self->pointer_x - r - 2),
                                                           (float) (self->pointer_y - r - 2),
                                                           (float) (2 * r + 4),
                                                           (float) (2 * r + 4)));
      draw_brush_outline (cr, self->pointer_x, self->pointer_y, r);
      cairo_destroy (cr);
    }
}

static void
snapshot_title (SmSpectrogramView *self,
                GtkSnapshot       *snapshot)
{
  g_autoptr(PangoLayout) layout = NULL;
  const GdkRGBA shade = { 0, 0, 0, 0.55f };
  const GdkRGBA ink = { 1, 1, 1, 0.95f };
  GskRoundedRect box;
  int w, h;

  if (self->title == NULL || self->title[0] == '\0')
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->title);
  pango_layout_get_pixel_size (layout, &w, &h);

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (6, 6, w + 12, h + 6), 4);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &shade, &box.bounds);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (12, 9));
  gtk_snapshot_append_layout (snapshot, layout, &ink);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_debug_tiles (SmSpectrogramView *self,
                      GtkSnapshot       *snapshot)
{
  const SmTileGeometry *geom = &self->geom;
  const GdkRGBA edge = { 1, 0, 0, 0.8f };
  SmTileRange range;
  gint64 left;

  _sm_tile_visible_range (self, geom, &range);
  left = _sm_tile_left_column (sm_viewport_get_time_start (self->viewport), geom);
  for (gint64 tx = range.tx0; tx <= range.tx1; tx++)
    for (gint64 ty = range.ty0; ty <= range.ty1; ty++)
      {
        GskRoundedRect outline;
        graphene_rect_t bounds;

        _sm_tile_bounds (tx, ty, SM_TILE_SIZE, SM_TILE_SIZE, left, geom->scale, &bounds);
        gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);
        gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 1, 1, 1, 1 },
                                    (GdkRGBA[4]) { edge, edge, edge, edge });
      }
}

void
_sm_spectrogram_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (widget);
  const float width = gtk_widget_get_width (widget);
  const float height = gtk_widget_get_height (widget);
  const GdkRGBA background = { 0.08f, 0.08f, 0.1f, 1.0f };
  gboolean complete = TRUE;

  /* Catches a scale factor change, which has no signal of its own here. */
  _sm_spectrogram_view_update_geometry (self);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->pending_tiles = 0;
  if (self->mode == SM_VIEW_SPECTROGRAM)
    complete = _sm_spectrogram_view_snapshot_tiles (self, snapshot);
  /* Both layers count: the overlay builds its tiles over several frames after a zoom. */
  if (self->mode == SM_VIEW_MASK || self->overlay_visible)
    complete = _sm_spectrogram_view_snapshot_overlay (self, snapshot) && complete;
  if (self->debug_tiles)
    snapshot_debug_tiles (self, snapshot);
  snapshot_tool (self, snapshot);
  snapshot_title (self, snapshot);
  gtk_snapshot_pop (snapshot);

  if (complete)
    _sm_spectrogram_view_emit_frame_rendered (self);
}
