/* sm-viewport.h: the visible time-frequency window shared by every pane, ruler and tool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A viewport maps widget pixels to (frame, bin) and back. Every pane of a document shares
 * one, so scrolling or zooming one pane moves all of them. Time is horizontal: the left
 * edge shows frame `time-start` and each pixel spans `frames-per-pixel` frames. Frequency
 * is vertical, lowest at the bottom, from `freq-min` to `freq-max` Hz on a linear, log or
 * mel axis; the y mapping takes the widget's height, as panes differ in height.
 */
#pragma once

#include <glib-object.h>

#include "specmask-core.h"

G_BEGIN_DECLS

typedef enum
{
  SM_FREQ_SCALE_LINEAR,
  SM_FREQ_SCALE_LOG,
  SM_FREQ_SCALE_MEL,
} SmFreqScale;

#define SM_TYPE_FREQ_SCALE (sm_freq_scale_get_type ())
GType sm_freq_scale_get_type (void);
/* The GType of core's #SmColormap, for the "colormap" property. */
#define SM_TYPE_COLORMAP (sm_colormap_get_type ())
GType sm_colormap_get_type (void);

/* Smallest and largest zoom: pixels never span less than 1/64 frame, and zooming out stops
 * once the whole file fits in SM_VIEWPORT_FIT_MIN_PIXELS pixels (or at one frame per pixel). */
#define SM_VIEWPORT_MIN_FRAMES_PER_PIXEL (1.0 / 64.0)
#define SM_VIEWPORT_FIT_MIN_PIXELS       100.0
/* How far (a share of the view width) the right edge may scroll past the last frame. */
#define SM_VIEWPORT_END_MARGIN           0.1
/* Lowest frequency of a log axis (or one bin width, if that is higher). */
#define SM_VIEWPORT_LOG_MIN_HZ           20.0

/**
 * SmFreqAxis:
 *
 * A copy of the viewport's frequency mapping, a plain value that worker threads may use
 * (the viewport itself belongs to the main thread). u is the axis coordinate: Hz (linear),
 * log10 Hz (log) or mel (2595 log10 (1 + Hz / 700)); y is linear in u, u_max at the top.
 */
typedef struct
{
  SmFreqScale scale;
  double      u_min;
  double      u_max;
  double      hz_per_bin;
} SmFreqAxis;

double       sm_freq_axis_hz_to_u           (SmFreqScale       scale,
                                             double            hz);
double       sm_freq_axis_u_to_hz           (SmFreqScale       scale,
                                             double            u);
double       sm_freq_axis_y_to_hz           (const SmFreqAxis *axis,
                                             double            y,
                                             double            height);
double       sm_freq_axis_hz_to_y           (const SmFreqAxis *axis,
                                             double            hz,
                                             double            height);
double       sm_freq_axis_y_to_bin          (const SmFreqAxis *axis,
                                             double            y,
                                             double            height);
double       sm_freq_axis_bin_to_y          (const SmFreqAxis *axis,
                                             double            bin,
                                             double            height);

#define SM_TYPE_VIEWPORT (sm_viewport_get_type ())
G_DECLARE_FINAL_TYPE (SmViewport, sm_viewport, SM, VIEWPORT, GObject)

SmViewport  *sm_viewport_new                (void);

/* The grid of the document: frame/bin geometry and the total extent. Resets the view to
 * show everything when the number of frames or the rate changes. */
void         sm_viewport_set_grid           (SmViewport       *self,
                                             const SmMaskGrid *grid,
                                             size_t            n_frames);
const SmMaskGrid *sm_viewport_get_grid      (SmViewport       *self);
size_t       sm_viewport_get_n_frames       (SmViewport       *self);
int          sm_viewport_get_n_bins         (SmViewport       *self);

/* The width of the panes in pixels (panes call this when allocated), so that scrolling
 * stops SM_VIEWPORT_END_MARGIN of a width past the end; 0 (the default) means unknown,
 * and then the left edge may go up to the last frame. */
void         sm_viewport_set_view_width     (SmViewport       *self,
                                             double            width);
double       sm_viewport_get_view_width     (SmViewport       *self);

/* Visible time: left edge in frames (fractional) and zoom. */
double       sm_viewport_get_time_start     (SmViewport       *self);
void         sm_viewport_set_time_start     (SmViewport       *self,
                                             double            frame);
double       sm_viewport_get_frames_per_pixel (SmViewport     *self);
void         sm_viewport_set_frames_per_pixel (SmViewport     *self,
                                             double            frames_per_pixel);

/* Visible frequency range in Hz and the axis. */
SmFreqScale  sm_viewport_get_freq_scale     (SmViewport       *self);
void         sm_viewport_set_freq_scale     (SmViewport       *self,
                                             SmFreqScale       scale);
double       sm_viewport_get_freq_min       (SmViewport       *self);
double       sm_viewport_get_freq_max       (SmViewport       *self);
void         sm_viewport_set_freq_range     (SmViewport       *self,
                                             double            min_hz,
                                             double            max_hz);

/* Colour: map and the dB range drawn from its first to its last colour. */
SmColormap   sm_viewport_get_colormap       (SmViewport       *self);
void         sm_viewport_set_colormap       (SmViewport       *self,
                                             SmColormap        map);
double       sm_viewport_get_floor_db       (SmViewport       *self);
double       sm_viewport_get_ceiling_db     (SmViewport       *self);
void         sm_viewport_set_db_range       (SmViewport       *self,
                                             double            floor_db,
                                             double            ceiling_db);

/* Conversions. x in widget pixels from the left edge; y from the top of a widget of
 * @height pixels. Frames and bins are fractional; bin b's centre is at b. */
double       sm_viewport_x_to_frame         (SmViewport       *self,
                                             double            x);
double       sm_viewport_frame_to_x         (SmViewport       *self,
                                             double            frame);
double       sm_viewport_y_to_hz            (SmViewport       *self,
                                             double            y,
                                             double            height);
double       sm_viewport_hz_to_y            (SmViewport       *self,
                                             double            hz,
                                             double            height);
double       sm_viewport_y_to_bin           (SmViewport       *self,
                                             double            y,
                                             double            height);
double       sm_viewport_bin_to_y           (SmViewport       *self,
                                             double            bin,
                                             double            height);
double       sm_viewport_frame_to_seconds   (SmViewport       *self,
                                             double            frame);
double       sm_viewport_seconds_to_frame   (SmViewport       *self,
                                             double            seconds);
double       sm_viewport_bin_to_hz          (SmViewport       *self,
                                             double            bin);
/* Bins spanned by one pixel row at @y (the y mapping's slope; not constant on log and mel
 * axes). Brushes use it to turn a size in pixels into a radius in bins. */
double       sm_viewport_bins_per_pixel     (SmViewport       *self,
                                             double            y,
                                             double            height);
/* (out): a copy of the frequency mapping, for worker threads. */
void         sm_viewport_get_freq_axis      (SmViewport       *self,
                                             SmFreqAxis       *axis);

/* Navigation helpers used by every pane. @anchor_x / @anchor_y stay put (unless a limit
 * is reached). A @factor above 1 zooms in (shows less), below 1 zooms out. */
void         sm_viewport_zoom_time          (SmViewport       *self,
                                             double            factor,
                                             double            anchor_x);
void         sm_viewport_zoom_freq          (SmViewport       *self,
                                             double            factor,
                                             double            anchor_y,
                                             double            height);
/* Moves the view @dx pixels later in time (negative: earlier). */
void         sm_viewport_scroll_pixels      (SmViewport       *self,
                                             double            dx);
/* Moves the visible frequency range @dy pixels down (lower frequencies; negative: up),
 * keeping its span on the axis. */
void         sm_viewport_scroll_freq_pixels (SmViewport       *self,
                                             double            dy,
                                             double            height);
/* Shows the whole file across @width pixels and the whole frequency range.
 *
 * Signals: "changed" (): emitted once after any change of the mapping or the colours, after
 * the matching notify:: signals; a call that changes several properties emits it once. */
void         sm_viewport_fit                (SmViewport       *self,
                                             double            width);

G_END_DECLS
