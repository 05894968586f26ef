/* sm-spectrogram-view.c: the pane object: properties, signals, layout and the layer order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Siblings: -draw.c (snapshot and what is drawn over the layers), -render.c (spectrogram
 * tiles in workers), -tiles.c (pixel maths), -tile-draw.c (tile textures in snapshots),
 * -overlay.c (mask layer) and -overlay-tiles.c (its pixels), -input.c (tools).
 */
#include "config.h"

#include "sm-spectrogram-view-private.h"

#include <math.h>

G_DEFINE_FINAL_TYPE (SmSpectrogramView, sm_spectrogram_view, GTK_TYPE_WIDGET)

enum {
  HOVER,
  FRAME_RENDERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Removed bins are dimmed towards a dark blue-grey by default. */
const GdkRGBA _sm_spectrogram_view_default_overlay_color = { 0.05f, 0.05f, 0.12f, 1.0f };

void
_sm_spectrogram_view_notify (SmSpectrogramView *self,
                             guint              prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Signal handlers. */

static void
viewport_changed_cb (SmViewport        *viewport,
                     SmSpectrogramView *self)
{
  _sm_spectrogram_view_update_geometry (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
model_changed_cb (SmMaskModel       *model,
                  const SmRect      *rect,
                  SmSpectrogramView *self)
{
  /* Invalidate even while hidden: cached tiles must not come back stale. */
  _sm_spectrogram_view_invalidate_overlay (self, rect);
  if (self->mode == SM_VIEW_MASK || self->overlay_visible)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
frame_rendered_cb (gpointer user_data)
{
  SmSpectrogramView *self = user_data;

  self->frame_rendered_id = 0;
  g_signal_emit (self, signals[FRAME_RENDERED], 0);
  return G_SOURCE_REMOVE;
}

/* Emitted from an idle rather than from snapshot(), where handlers must not touch the
 * widget tree. */
void
_sm_spectrogram_view_emit_frame_rendered (SmSpectrogramView *self)
{
  if (self->frame_rendered_id == 0)
    self->frame_rendered_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, frame_rendered_cb, self,
                                               NULL);
}

/* GtkWidget. */

static void
sm_spectrogram_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 64 : 48;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 240;
}

static void
sm_spectrogram_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (widget);

  /* The view width bounds scrolling; setting it may emit "changed", which only queues a
   * redraw. */
  sm_viewport_set_view_width (self->viewport, width);
  _sm_spectrogram_view_update_geometry (self);
  g_clear_pointer (&self->overlay_node, gsk_render_node_unref);
}

/* GObject. */

static void
sm_spectrogram_view_constructed (GObject *object)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (object);

  G_OBJECT_CLASS (sm_spectrogram_view_parent_class)->constructed (object);

  if (self->viewport == NULL)
    self->viewport = sm_viewport_new ();
  self->viewport_changed_id = g_signal_connect (self->viewport, "changed",
                                                G_CALLBACK (viewport_changed_cb), self);
}

static void
sm_spectrogram_view_dispose (GObject *object)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (object);

  _sm_spectrogram_view_input_dispose (self);
  _sm_spectrogram_view_render_dispose (self);
  _sm_spectrogram_view_overlay_dispose (self);
  g_clear_handle_id (&self->frame_rendered_id, g_source_remove);
  g_clear_signal_handler (&self->viewport_changed_id, self->viewport);
  if (self->model != NULL)
    g_clear_signal_handler (&self->model_changed_id, self->model);
  g_clear_object (&self->model);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->levels, sm_levels_unref);

  G_OBJECT_CLASS (sm_spectrogram_view_parent_class)->dispose (object);
}

static void
sm_spectrogram_view_finalize (GObject *object)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (object);

  g_free (self->title);

  G_OBJECT_CLASS (sm_spectrogram_view_parent_class)->finalize (object);
}

static void
sm_spectrogram_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;
    case PROP_LEVELS:
      g_value_set_boxed (value, self->levels);
      break;
    case PROP_MASK_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_BRUSH_SIZE:
      g_value_set_double (value, self->brush_size);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case PROP_OVERLAY_VISIBLE:
      g_value_set_boolean (value, self->overlay_visible);
      break;
    case PROP_OVERLAY_COLOR:
      g_value_set_boxed (value, &self->overlay_color);
      break;
    case PROP_OVERLAY_OPACITY:
      g_value_set_double (value, self->overlay_opacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_spectrogram_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SmSpectrogramView *self = SM_SPECTROGRAM_VIEW (object);
  const GdkRGBA *color;

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      self->viewport = g_value_dup_object (value);
      break;
    case PROP_LEVELS:
      sm_spectrogram_view_set_levels (self, g_value_get_boxed (value));
      break;
    case PROP_MASK_MODEL:
      sm_spectrogram_view_set_mask_model (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      sm_spectrogram_view_set_title (self, g_value_get_string (value));
      break;
    case PROP_MODE:
      sm_spectrogram_view_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_TOOL:
      sm_spectrogram_view_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_BRUSH_SIZE:
      sm_spectrogram_view_set_brush_size (self, g_value_get_double (value));
      break;
    case PROP_EDITABLE:
      sm_spectrogram_view_set_editable (self, g_value_get_boolean (value));
      break;
    case PROP_OVERLAY_VISIBLE:
      sm_spectrogram_view_set_overlay (self, g_value_get_boolean (value), &self->overlay_color,
                                       self->overlay_opacity);
      break;
    case PROP_OVERLAY_COLOR:
      color = g_value_get_boxed (value);
      if (color == NULL)
        color = &_sm_spectrogram_view_default_overlay_color;
      sm_spectrogram_view_set_overlay (self, self->overlay_visible, color,
                                       self->overlay_opacity);
      break;
    case PROP_OVERLAY_OPACITY:
      sm_spectrogram_view_set_overlay (self, self->overlay_visible, &self->overlay_color,
                                       g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_spectrogram_view_class_init (SmSpectrogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = sm_spectrogram_view_constructed;
  object_class->dispose = sm_spectrogram_view_dispose;
  object_class->finalize = sm_spectrogram_view_finalize;
  object_class->get_property = sm_spectrogram_view_get_property;
  object_class->set_property = sm_spectrogram_view_set_property;

  widget_class->snapshot = _sm_spectrogram_view_snapshot;
  widget_class->measure = sm_spectrogram_view_measure;
  widget_class->size_allocate = sm_spectrogram_view_size_allocate;

  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, SM_TYPE_VIEWPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVELS] =
    g_param_spec_boxed ("levels", NULL, NULL, SM_TYPE_LEVELS, flags);
  properties[PROP_MASK_MODEL] =
    g_param_spec_object ("mask-model", NULL, NULL, SM_TYPE_MASK_MODEL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, SM_TYPE_VIEW_MODE, SM_VIEW_SPECTROGRAM, flags);
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, SM_TYPE_TOOL, SM_TOOL_BRUSH, flags);
  properties[PROP_BRUSH_SIZE] =
    g_param_spec_double ("brush-size", NULL, NULL, 1.0, SM_MAX_BRUSH_SIZE, SM_DEFAULT_BRUSH_SIZE,
                         flags);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, TRUE, flags);
  properties[PROP_OVERLAY_VISIBLE] =
    g_param_spec_boolean ("overlay-visible", NULL, NULL, TRUE, flags);
  properties[PROP_OVERLAY_COLOR] =
    g_param_spec_boxed ("overlay-color", NULL, NULL, GDK_TYPE_RGBA, flags);
  properties[PROP_OVERLAY_OPACITY] =
    g_param_spec_double ("overlay-opacity", NULL, NULL, 0.0, 1.0, 0.7, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SmSpectrogramView::hover:
   * @frame: the frame under the pointer (fractional), or -1 when the pointer left
   * @bin: the bin under the pointer (fractional), or -1
   *
   * Emitted as the pointer moves over the pane, for status bars and rulers.
   */
  signals[HOVER] = g_signal_new ("hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * SmSpectrogramView::frame-rendered:
   *
   * Emitted (from an idle, soon after) when a snapshot drew every visible tile up to
   * date; tests and benchmarks wait for it.
   */
  signals[FRAME_RENDERED] = g_signal_new ("frame-rendered", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "sm-spectrogram-view");
}

static void
sm_spectrogram_view_init (SmSpectrogramView *self)
{
  self->mode = SM_VIEW_SPECTROGRAM;
  self->tool = SM_TOOL_BRUSH;
  self->brush_size = SM_DEFAULT_BRUSH_SIZE;
  self->editable = TRUE;
  self->overlay_visible = TRUE;
  self->overlay_color = _sm_spectrogram_view_default_overlay_color;
  self->overlay_opacity = 0.7;
  /* SM_DEBUG_TILES=1 outlines the tiles. */
  self->debug_tiles = g_strcmp0 (g_getenv ("SM_DEBUG_TILES"), "1") == 0;

  self->overlay_tiles = sm_tile_cache_new (SM_TILE_CACHE_TILES);
  _sm_spectrogram_view_render_init (self);
  _sm_spectrogram_view_input_init (self);
}

/* Public API. */

GtkWidget *
sm_spectrogram_view_new (SmViewport *viewport)
{
  g_return_val_if_fail (viewport == NULL || SM_IS_VIEWPORT (viewport), NULL);
  return g_object_new (SM_TYPE_SPECTROGRAM_VIEW, "viewport", viewport, NULL);
}

SmViewport *
sm_spectrogram_view_get_viewport (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->viewport;
}

void
sm_spectrogram_view_set_levels (SmSpectrogramView *self,
                                SmLevels          *levels)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));

  if (levels == self->levels)
    return;
  g_clear_pointer (&self->levels, sm_levels_unref);
  self->levels = levels != NULL ? sm_levels_ref (levels) : NULL;
  _sm_spectrogram_view_levels_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVELS]);
}

SmLevels *
sm_spectrogram_view_get_levels (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->levels;
}

void
sm_spectrogram_view_set_mask_model (SmSpectrogramView *self,
                                    SmMaskModel       *model)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));
  g_return_if_fail (model == NULL || SM_IS_MASK_MODEL (model));

  if (model == self->model)
    return;
  if (self->drag == SM_DRAG_BRUSH && self->model != NULL && sm_mask_model_in_step (self->model))
    sm_mask_model_commit (self->model);
  self->drag = SM_DRAG_NONE;
  if (self->model != NULL)
    g_clear_signal_handler (&self->model_changed_id, self->model);
  g_set_object (&self->model, model);
  g_clear_pointer (&self->pyramid, _sm_mask_pyramid_free);
  if (model != NULL)
    self->model_changed_id = g_signal_connect (model, "changed", G_CALLBACK (model_changed_cb),
                                               self);
  _sm_spectrogram_view_overlay_changed (self);
  _sm_spectrogram_view_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASK_MODEL]);
}

SmMaskModel *
sm_spectrogram_view_get_mask_model (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->model;
}

void
sm_spectrogram_view_set_title (SmSpectrogramView *self,
                               const char        *title)
{
  g_return_if_fail (SM_IS_SPECTROGRAM_VIEW (self));

  if (g_strcmp0 (title, self->title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
sm_spectrogram_view_get_title (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), NULL);
  return self->title;
}

guint
sm_spectrogram_view_get_pending_tiles (SmSpectrogramView *self)
{
  g_return_val_if_fail (SM_IS_SPECTROGRAM_VIEW (self), 0);
  return self->pending_tiles;
}

const SmViewStats *
_sm_spectrogram_view_get_stats (SmSpectrogramView *self)
{
  return &self->stats;
}
