/* sm-spectrogram-view-private.h: state and internals shared by the view's sibling files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-spectrogram-view.h"
#include "sm-tile-cache.h"

G_BEGIN_DECLS

/* Tiles are square, in device pixels. */
#define SM_TILE_SIZE 256
/* Tiles kept per layer (256 KiB each), raised when a huge window shows more. */
#define SM_TILE_CACHE_TILES 256
/* Recent spectrogram geometries remembered, so zooming back reuses their tiles. */
#define SM_N_RECENT_GEOMETRIES 8

/* Everything a tile's pixels depend on; tiles are keyed by its generation. */
typedef struct
{
  guint64    generation;
  double     frames_per_pixel;
  SmFreqAxis axis;
  int        height;           /* the widget's, in logical pixels */
  int        scale;            /* device pixels per logical pixel */
  size_t     n_frames;         /* columns past the last frame are not drawn */
  SmColormap colormap;         /* spectrogram only */
  double     floor_db;
  double     ceiling_db;
  guint64    content;          /* levels or overlay-settings serial */
} SmTileGeometry;

/* For tests: what the view computed so far. */
typedef struct
{
  guint tiles_computed;             /* spectrogram tiles delivered by workers */
  guint tiles_dropped;              /* results that came back stale */
  guint tiles_started_on_delivery;  /* started as a result came back, not in a frame */
  guint overlay_tiles_built;
  guint overlay_tiles_invalidated;  /* removed by a "changed" rectangle */
  guint overlay_clears;             /* whole overlay layer dropped */
} SmViewStats;

/* A range of tile columns and rows, inclusive. */
typedef struct
{
  gint64 tx0, tx1;
  gint64 ty0, ty1;
} SmTileRange;

/* Properties; setters in the sibling that uses the setting notify with
 * _sm_spectrogram_view_notify(). */
enum {
  PROP_0,
  PROP_VIEWPORT,
  PROP_LEVELS,
  PROP_MASK_MODEL,
  PROP_TITLE,
  PROP_MODE,
  PROP_TOOL,
  PROP_BRUSH_SIZE,
  PROP_EDITABLE,
  PROP_OVERLAY_VISIBLE,
  PROP_OVERLAY_COLOR,
  PROP_OVERLAY_OPACITY,
  N_PROPS
};

#define SM_DEFAULT_BRUSH_SIZE 16.0
#define SM_MAX_BRUSH_SIZE     512.0
/* Removed bins are dimmed towards a dark blue-grey. */
extern const GdkRGBA _sm_spectrogram_view_default_overlay_color;

typedef struct _SmMaskPyramid SmMaskPyramid;

typedef enum
{
  SM_DRAG_NONE,
  SM_DRAG_PAN,
  SM_DRAG_BRUSH,
  SM_DRAG_RECTANGLE,
  SM_DRAG_LASSO,
} SmDragKind;

struct _SmSpectrogramView
{
  GtkWidget       parent_instance;

  /* owned */
  SmViewport     *viewport;
  SmLevels       *levels;
  SmMaskModel    *model;
  char           *title;
  SmTileCache    *tiles;
  SmTileCache    *overlay_tiles;
  GHashTable     *overlay_dirty;    /* SmTileKey * -> area to recompute, for cached tiles */
  GHashTable     *in_flight;        /* SmTileKey * -> in-flight job, for cancelling */
  GskRenderNode  *overlay_node;     /* the composed overlay layer, NULL when stale */
  GskRenderNode  *tiles_node;       /* the composed spectrogram tiles, when complete */
  SmMaskPyramid  *pyramid;          /* the mask reduced in time, built when zoomed out */
  GArray         *lasso;            /* graphene_point_t, widget coordinates */

  /* state: handlers on the viewport and the model */
  gulong          viewport_changed_id;
  gulong          model_changed_id;

  /* settings */
  SmViewMode      mode;
  SmTool          tool;
  double          brush_size;
  gboolean        editable;
  gboolean        overlay_visible;
  GdkRGBA         overlay_color;
  double          overlay_opacity;
  gboolean        debug_tiles;

  /* render state */
  guint64         next_generation;
  guint64         levels_serial;
  guint64         overlay_serial;
  SmTileGeometry  geom;             /* spectrogram tiles; generation 0: none */
  SmTileGeometry  overlay_geom;
  SmTileGeometry  overlay_fallback; /* last overlay drawn complete; generation 0: none */
  guint64         overlay_drawn_generation;  /* of the last overlay snapshot */
  guint           overlay_redraw_id;
  SmTileGeometry  fallback;         /* last geometry drawn complete; generation 0: none */
  SmTileGeometry  recent[SM_N_RECENT_GEOMETRIES];
  guint           n_recent;
  guint           max_in_flight;
  guint           pending_tiles;
  guint           frame_rendered_id;
  /* what tiles_node and overlay_node were composed for */
  guint64         tiles_node_generation;
  gint64          tiles_node_left;
  int             tiles_node_width;
  guint64         overlay_node_generation;
  gint64          overlay_node_left;
  int             overlay_node_width;
  SmViewStats     stats;

  /* input state */
  gboolean        pointer_inside;
  double          pointer_x;
  double          pointer_y;
  gboolean        space_held;
  SmDragKind      drag;
  double          drag_x0;          /* where the drag began */
  double          drag_y0;
  double          drag_dx;          /* offset of the last update */
  double          drag_dy;
  SmPoint         brush_last;
  float           shape_value;
};

/* Which frames (or bins) one device column (or row) of a tile shows, half-open. */
typedef struct
{
  gint64 lo;
  gint64 hi;
} SmSpan;

typedef enum
{
  SM_REDUCE_MAX,    /* levels: a short loud event stays visible when zoomed out */
  SM_REDUCE_MIN,    /* overlay: a thin removed stripe stays visible */
  SM_REDUCE_MEAN,   /* the mask drawn in grey */
} SmReduce;

/* sm-spectrogram-view-tiles.c: pure, thread-safe */
gint64    _sm_tile_left_column   (double                time_start,
                                  const SmTileGeometry *geom);
/* Device columns holding frames: [0, end). */
gint64    _sm_tile_end_column    (const SmTileGeometry *geom);
gboolean  _sm_tile_geometry_equal (const SmTileGeometry *a,
                                   const SmTileGeometry *b);
void      _sm_tile_column_spans  (const SmTileGeometry *geom,
                                  gint64                x0,
                                  int                   width,
                                  SmSpan               *spans);
void      _sm_tile_row_spans     (const SmTileGeometry *geom,
                                  gint64                y0,
                                  int                   height,
                                  int                   n_bins,
                                  SmSpan               *spans);
/* Mask levels are reduced in floats that count levels (0 to 255): scratch[k] = row[k]
 * (load), or @op (scratch[k], row[k]) (fold, where MEAN sums), for k < @n, vectorised. */
void      _sm_tile_load_row      (float                *restrict scratch,
                                  const SmMaskLevel    *restrict row,
                                  size_t                n);
void      _sm_tile_fold_row      (float                *restrict scratch,
                                  const SmMaskLevel    *restrict row,
                                  size_t                n,
                                  SmReduce              op);
/* Reduces the [frame][bin] mask levels @data of the spans into values in [0, 1] in @out
 * (@width x @height, row-major); pixels with no frame or bin get @empty. @scratch holds as
 * many floats as @data has bins. Returns: FALSE when cancelled. */
gboolean  _sm_tile_reduce        (const SmMaskLevel    *data,
                                  int                   n_bins,
                                  const SmSpan         *cols,
                                  int                   width,
                                  const SmSpan         *rows,
                                  int                   height,
                                  SmReduce              op,
                                  float                 empty,
                                  float                *scratch,
                                  float                *out,
                                  GCancellable         *cancellable);
/* The same maximum for level codes (sm-levels.h), where no frame or bin gives 0 (the
 * floor). @scratch holds as many codes as @data has bins. Returns: FALSE when cancelled. */
gboolean  _sm_tile_reduce_codes  (const guint16        *data,
                                  int                   n_bins,
                                  const SmSpan         *cols,
                                  int                   width,
                                  const SmSpan         *rows,
                                  int                   height,
                                  guint16              *scratch,
                                  guint16              *out,
                                  GCancellable         *cancellable);
/* Where tile (tx, ty) of @width x @height device pixels goes in the widget, when the left
 * edge is device column @left. */
void      _sm_tile_bounds        (gint64                tx,
                                  gint64                ty,
                                  int                   width,
                                  int                   height,
                                  gint64                left,
                                  int                   scale,
                                  graphene_rect_t      *bounds);
/* Tile pixels are GDK_MEMORY_DEFAULT, cairo's own layout (premultiplied B, G, R, A bytes on
 * little-endian machines, A, R, G, B on big-endian ones): the cairo renderer then takes a
 * texture with a copy instead of converting every pixel, which was a fifth of a brush
 * stroke's cost, and GL uploads it as it is. Stores straight @r, @g, @b at alpha @a. */
static inline void
_sm_tile_put_pixel (guint8 *pixel,
                    guint8  r,
                    guint8  g,
                    guint8  b,
                    guint8  a)
{
  if (a != 255)
    {
      r = (guint8) ((r * a + 127) / 255);
      g = (guint8) ((g * a + 127) / 255);
      b = (guint8) ((b * a + 127) / 255);
    }
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  pixel[0] = b;
  pixel[1] = g;
  pixel[2] = r;
  pixel[3] = a;
#else
  pixel[0] = a;
  pixel[1] = r;
  pixel[2] = g;
  pixel[3] = b;
#endif
}
/* Rewrites @n straight R8G8B8A8 pixels (sm_colormap_map_db()'s) in that layout. */
void      _sm_tile_rgba_to_default (guint8              *pixels,
                                    size_t               n);
/* A tile texture over @bytes (@width x @height pixels in that layout), which also carries a
 * cairo surface over the same bytes. */
GdkTexture *_sm_tile_texture_new (GBytes               *bytes,
                                  int                   width,
                                  int                   height);
/* The pixels of a texture made by _sm_tile_texture_new(), width * 4 bytes a row. */
const guint8 *_sm_tile_texture_pixels (GdkTexture        *texture);
/* Whether @widget's window draws with GTK's cairo renderer, which wants tiles as surfaces. */
gboolean  _sm_tile_wants_surfaces (GtkWidget           *widget);
/* Draws a tile's texture there, unscaled in device pixels: as a texture node, or with
 * @as_surface as a cairo node painting its surface. */
void      _sm_tile_append        (GtkSnapshot          *snapshot,
                                  GdkTexture           *texture,
                                  gint64                tx,
                                  gint64                ty,
                                  gint64                left,
                                  int                   scale,
                                  gboolean              as_surface);
/* Whether _sm_tile_draw_stretched() can show the tiles of @old under @geom. */
gboolean  _sm_tile_can_stretch   (SmSpectrogramView     *self,
                                  const SmTileGeometry  *old,
                                  const SmTileGeometry  *geom);
/* Draws the cached tiles of @old, a geometry once drawn complete, stretched to where
 * @geom puts their content, within @area: the preview where tiles are still being made. */
void      _sm_tile_draw_stretched (SmSpectrogramView     *self,
                                   GtkSnapshot           *snapshot,
                                   SmTileCache           *cache,
                                   const SmTileGeometry  *old,
                                   const SmTileGeometry  *geom,
                                   const graphene_rect_t *area);
/* Grows @area (empty: zero size) by the bounds of the full-size tile (tx, ty). */
void      _sm_tile_add_bounds     (graphene_rect_t       *area,
                                   gint64                 tx,
                                   gint64                 ty,
                                   gint64                 left,
                                   int                    scale);
/* The tiles of @geom in view now (empty: tx0 > tx1). */
void      _sm_tile_visible_range (SmSpectrogramView    *self,
                                  const SmTileGeometry *geom,
                                  SmTileRange          *range);

/* sm-spectrogram-view.c */
void      _sm_spectrogram_view_notify            (SmSpectrogramView *self,
                                                  guint              prop);
void      _sm_spectrogram_view_emit_frame_rendered (SmSpectrogramView *self);
/* For tests. */
const SmViewStats *_sm_spectrogram_view_get_stats  (SmSpectrogramView *self);

/* sm-spectrogram-view-draw.c */
void      _sm_spectrogram_view_snapshot          (GtkWidget         *widget,
                                                  GtkSnapshot       *snapshot);

/* sm-spectrogram-view-render.c: spectrogram tiles */
void      _sm_spectrogram_view_render_init       (SmSpectrogramView *self);
void      _sm_spectrogram_view_render_dispose    (SmSpectrogramView *self);
/* Recomputes both layers' geometries (new generations when they changed). */
void      _sm_spectrogram_view_update_geometry   (SmSpectrogramView *self);
void      _sm_spectrogram_view_levels_changed    (SmSpectrogramView *self);
/* Returns: TRUE when every visible spectrogram tile was up to date. */
gboolean  _sm_spectrogram_view_snapshot_tiles    (SmSpectrogramView *self,
                                                  GtkSnapshot       *snapshot);

/* sm-spectrogram-view-overlay.c: the mask layer */
void      _sm_spectrogram_view_overlay_dispose   (SmSpectrogramView *self);
void      _sm_spectrogram_view_update_overlay_geometry (SmSpectrogramView    *self,
                                                        const SmTileGeometry *common);
/* A tile's pixels [x0, x1) x [y0, y1), tile-local: what a mask change left out of date. */
typedef struct
{
  int x0, x1, y0, y1;
} SmTileArea;

/* sm-spectrogram-view-overlay-tiles.c: a new overlay tile, or a copy of @old with @area
 * recomputed. */
GdkTexture *_sm_overlay_build_tile (SmSpectrogramView *self,
                                    gint64             tx,
                                    gint64             ty);
GdkTexture *_sm_overlay_patch_tile (SmSpectrogramView *self,
                                    gint64             tx,
                                    gint64             ty,
                                    GdkTexture        *old,
                                    const SmTileArea  *area);
/* For tests: whether overlay tiles over a wholly kept area skip the reduction. */
void        _sm_spectrogram_view_set_overlay_shortcuts (gboolean enabled);
/* For tests: the time a frame may spend on new overlay tiles (one is always built). */
void      _sm_spectrogram_view_set_overlay_budget (gint64          usec);
/* The overlay settings changed: every overlay tile is stale. */
void      _sm_spectrogram_view_overlay_changed   (SmSpectrogramView *self);
/* The mask changed in @rect (NULL: everywhere): drops the tiles that show it. */
void      _sm_spectrogram_view_invalidate_overlay (SmSpectrogramView *self,
                                                   const SmRect      *rect);
/* Returns: TRUE when every visible overlay tile was up to date; otherwise adds the
 * missing ones to pending_tiles and asks for another frame. */
gboolean  _sm_spectrogram_view_snapshot_overlay  (SmSpectrogramView *self,
                                                  GtkSnapshot       *snapshot);
/* For tests: the overlay tiles a change of @rect invalidates, and those in view (empty:
 * tx0 > tx1). */
void      _sm_spectrogram_view_overlay_tiles_for_rect (SmSpectrogramView *self,
                                                       const SmRect      *rect,
                                                       SmTileRange       *range);
void      _sm_spectrogram_view_visible_overlay_tiles (SmSpectrogramView *self,
                                                      SmTileRange       *range);

/* sm-spectrogram-view-pyramid.c */
SmMaskPyramid     *_sm_mask_pyramid_new      (const SmMask  *mask,
                                              SmReduce       op);
void               _sm_mask_pyramid_free     (SmMaskPyramid *pyramid);
/* Returns: TRUE when @pyramid was built for @op and @mask's shape. */
gboolean           _sm_mask_pyramid_fits     (SmMaskPyramid *pyramid,
                                              const SmMask  *mask,
                                              SmReduce       op);
/* @mask changed in @rect. */
void               _sm_mask_pyramid_update   (SmMaskPyramid *pyramid,
                                              const SmMask  *mask,
                                              const SmRect  *rect);
/* The coarsest level whose cells span at most @max_block frames ([cell][bin] levels,
 * @block frames per cell, @n_cells cells); level 0 is @mask's own. A mean cell holds the
 * nearest level to the mean of the cells below. Only the cells that hold frames [t0, t1),
 * at bins [f0, f1), are valid: they are computed now if they were not kept yet. */
const SmMaskLevel *_sm_mask_pyramid_level    (SmMaskPyramid *pyramid,
                                              const SmMask  *mask,
                                              double         max_block,
                                              size_t         t0,
                                              size_t         t1,
                                              int            f0,
                                              int            f1,
                                              size_t        *block,
                                              size_t        *n_cells);
/* Bytes of the cells computed and kept so far. */
gsize              _sm_mask_pyramid_get_size (SmMaskPyramid *pyramid);

/* sm-spectrogram-view-input.c */
void      _sm_spectrogram_view_input_init        (SmSpectrogramView *self);
void      _sm_spectrogram_view_input_dispose     (SmSpectrogramView *self);
void      _sm_spectrogram_view_update_cursor     (SmSpectrogramView *self);

G_END_DECLS
