/* sm-spectrogram-view.h: one pane: a spectrogram (or a mask) drawn from tiles, with the mask
 * overlay and the mask-editing tools.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-levels.h"
#include "sm-mask-model.h"
#include "sm-viewport.h"

G_BEGIN_DECLS

/* What a pane draws. */
typedef enum
{
  SM_VIEW_SPECTROGRAM,   /* levels through the viewport's colour map (+ optional overlay) */
  SM_VIEW_MASK,          /* the mask itself: black (removed) to white (kept) */
} SmViewMode;

/* What a primary-button drag does. Shift forces "add", Ctrl forces "remove" for the shape
 * tools; the middle button (or Space + drag) always pans. */
typedef enum
{
  SM_TOOL_PAN,
  SM_TOOL_BRUSH,        /* paints kept bins (1) along the path */
  SM_TOOL_ERASER,       /* paints removed bins (0) */
  SM_TOOL_RECTANGLE,    /* adds a rectangle (Ctrl: removes) */
  SM_TOOL_LASSO,        /* adds a polygon (Ctrl: removes) */
} SmTool;

#define SM_TYPE_VIEW_MODE (sm_view_mode_get_type ())
GType sm_view_mode_get_type (void);
#define SM_TYPE_TOOL (sm_tool_get_type ())
GType sm_tool_get_type (void);

#define SM_TYPE_SPECTROGRAM_VIEW (sm_spectrogram_view_get_type ())
G_DECLARE_FINAL_TYPE (SmSpectrogramView, sm_spectrogram_view, SM, SPECTROGRAM_VIEW, GtkWidget)

GtkWidget   *sm_spectrogram_view_new              (SmViewport        *viewport);

SmViewport  *sm_spectrogram_view_get_viewport     (SmSpectrogramView *self);
void         sm_spectrogram_view_set_levels       (SmSpectrogramView *self,
                                                   SmLevels          *levels);
SmLevels    *sm_spectrogram_view_get_levels       (SmSpectrogramView *self);
void         sm_spectrogram_view_set_mask_model   (SmSpectrogramView *self,
                                                   SmMaskModel       *model);
SmMaskModel *sm_spectrogram_view_get_mask_model   (SmSpectrogramView *self);

/* Properties: "title" (drawn in the top-left corner), "mode" (SmViewMode),
 * "overlay-visible", "overlay-color" (GdkRGBA of removed bins), "overlay-opacity" (0-1),
 * "tool" (SmTool), "brush-size" (diameter in pixels), "editable" (tools act on this pane). */
void         sm_spectrogram_view_set_title        (SmSpectrogramView *self,
                                                   const char        *title);
const char  *sm_spectrogram_view_get_title        (SmSpectrogramView *self);
void         sm_spectrogram_view_set_mode         (SmSpectrogramView *self,
                                                   SmViewMode         mode);
SmViewMode   sm_spectrogram_view_get_mode         (SmSpectrogramView *self);
void         sm_spectrogram_view_set_tool         (SmSpectrogramView *self,
                                                   SmTool             tool);
SmTool       sm_spectrogram_view_get_tool         (SmSpectrogramView *self);
/* Clamped to 1-512. */
void         sm_spectrogram_view_set_brush_size   (SmSpectrogramView *self,
                                                   double             pixels);
double       sm_spectrogram_view_get_brush_size   (SmSpectrogramView *self);
/* When FALSE, a primary-button drag pans instead of editing. */
void         sm_spectrogram_view_set_editable     (SmSpectrogramView *self,
                                                   gboolean           editable);
gboolean     sm_spectrogram_view_get_editable     (SmSpectrogramView *self);
/* Opacity is clamped to 0-1; removed bins (value v) get @color at opacity * (1 - v). */
void         sm_spectrogram_view_set_overlay      (SmSpectrogramView *self,
                                                   gboolean           visible,
                                                   const GdkRGBA     *color,
                                                   double             opacity);
gboolean     sm_spectrogram_view_get_overlay_visible (SmSpectrogramView *self);

/* Signals:
 *   "hover" (double frame, double bin): the pointer moved over the pane (-1, -1: it left);
 *   "frame-rendered" (): a snapshot with every visible tile (spectrogram and overlay) up to
 *   date was drawn (tests and benchmarks wait for it). */

/* Visible tiles (spectrogram or mask overlay) that were not up to date at the last
 * snapshot (computing, queued, or left for the next frame); 0 once the pane is complete.
 * For tests and benchmarks. */
guint        sm_spectrogram_view_get_pending_tiles (SmSpectrogramView *self);

G_END_DECLS
