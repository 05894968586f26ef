/* test-spectrogram-view.c: the spectrogram pane in a real window (under Xvfb): tiles
 * render, a simulated brush stroke edits exactly the bins under its path, undo restores
 * the mask, a stroke rebuilds only the overlay tiles it touched, and the view leaks no
 * reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"
#include "sm-spectrogram-view-private.h"

#include <math.h>
#include <string.h>

#define RATE     16000
#define SECONDS  2.0
#define N_FFT    512
#define HOP      128
#define F_START  200.0
#define F_END    6000.0

typedef struct
{
  GtkWidget         *window;
  SmSpectrogramView *view;
  SmViewport        *viewport;
  SmMaskModel       *model;
  SmLevels          *levels;
} Fixture;

/* A linear chirp from F_START to F_END Hz over SECONDS, with a little noise. */
static SmLevels *
chirp_levels (size_t *n_frames)
{
  const size_t n = (size_t) (RATE * SECONDS);
  SmStftParams params = { SM_WINDOW_HANN, N_FFT, HOP, SM_PAD_ZERO, SM_SCALE_NONE };
  g_autofree float *signal = sm_test_noise (n, 7, 1e-3f);
  SmStft *stft = sm_stft_new (&params, NULL);
  SmSpectrogram *spec;
  SmLevels *levels;

  g_assert_nonnull (stft);
  for (size_t i = 0; i < n; i++)
    {
      double t = (double) i / RATE;

      signal[i] += 0.5f * (float) sin (2 * G_PI * (F_START * t +
                                                   (F_END - F_START) * t * t / (2 * SECONDS)));
    }
  *n_frames = sm_stft_n_frames (stft, n);
  spec = sm_spectrogram_new (*n_frames, sm_stft_n_bins (stft), NULL);
  g_assert_nonnull (spec);
  g_assert_cmpint (sm_stft_forward (stft, signal, n, spec, NULL), ==, SM_OK);
  levels = sm_levels_new (spec, sm_stft_full_scale (stft));
  g_assert_nonnull (levels);
  sm_spectrogram_free (&spec);
  sm_stft_free (&stft);
  return levels;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  SmMaskGrid grid = { RATE, N_FFT, HOP, 1 };
  size_t n_frames;

  fixture->levels = chirp_levels (&n_frames);
  fixture->viewport = sm_viewport_new ();
  sm_viewport_set_grid (fixture->viewport, &grid, n_frames);
  sm_viewport_set_db_range (fixture->viewport, -90, sm_levels_get_peak_db (fixture->levels));
  fixture->model = sm_mask_model_new (sm_mask_new (n_frames, N_FFT / 2 + 1, 1.0f, NULL));

  fixture->view = SM_SPECTROGRAM_VIEW (sm_spectrogram_view_new (fixture->viewport));
  g_object_ref_sink (fixture->view);
  sm_spectrogram_view_set_levels (fixture->view, fixture->levels);
  sm_spectrogram_view_set_mask_model (fixture->view, fixture->model);
  sm_spectrogram_view_set_title (fixture->view, "Mix");

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 300);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  /* The window is gone: the test holds the view's last reference. */
  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (fixture->view)));
  g_assert_finalize_object (fixture->view);
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->viewport);
  sm_levels_unref (fixture->levels);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
set_true_cb (gboolean *flag)
{
  *flag = TRUE;
}

/* Runs the main loop until the view drew a complete frame (after whatever changed). */
static void
wait_for_frame (SmSpectrogramView *view)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, wake_cb, NULL);
  gulong id;

  /* A notification queued before now would be about an older frame. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  id = g_signal_connect_swapped (view, "frame-rendered", G_CALLBACK (set_true_cb), &done);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (view, id);
  g_source_remove (wake);
  g_assert_true (done);
  g_assert_cmpuint (sm_spectrogram_view_get_pending_tiles (view), ==, 0);
}

/* The widget as drawn, in cairo's ARGB32 (B, G, R, A bytes on little-endian machines). */
static guint8 *
render_view (SmSpectrogramView *view,
             int               *width,
             int               *height)
{
  GtkWidget *widget = GTK_WIDGET (view);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guint8 *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_test_message ("renderer: %s", G_OBJECT_TYPE_NAME (renderer));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, *width);
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

static int
brightness (const guint8 *pixels,
            int           width,
            double        x,
            double        y)
{
  const guint8 *p = pixels + 4 * ((gsize) lround (y) * width + lround (x));

  return p[0] + p[1] + p[2];
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  SmViewport *vp = fixture->viewport;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guint8 *pixels = NULL;
  int width, height, on, off;
  double frame, x;

  wait_for_frame (fixture->view);
  g_assert_cmpuint (_sm_spectrogram_view_get_stats (fixture->view)->tiles_computed, >, 0);
  /* More tiles than may be in flight at once: as each came back, the next one started
   * right away, not in the next frame. */
  if (_sm_spectrogram_view_get_stats (fixture->view)->tiles_computed > fixture->view->max_in_flight)
    g_assert_cmpuint (_sm_spectrogram_view_get_stats (fixture->view)->tiles_started_on_delivery,
                      >, 0);

  pixels = render_view (fixture->view, &width, &height);
  g_assert_cmpint (width, >=, 400);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint32 c;

      memcpy (&c, pixels + 4 * i, 4);
      g_hash_table_add (colours, GUINT_TO_POINTER (c));
    }
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);

  /* Halfway through, the chirp is at the mean frequency: bright there, dark far below. */
  frame = sm_viewport_seconds_to_frame (vp, SECONDS / 2);
  x = sm_viewport_frame_to_x (vp, frame);
  on = brightness (pixels, width, x, sm_viewport_hz_to_y (vp, (F_START + F_END) / 2, height));
  off = brightness (pixels, width, x, sm_viewport_hz_to_y (vp, 7000, height));
  g_assert_cmpint (on, >, off + 200);
}

static GtkGesture *
find_drag (GtkWidget *widget,
           guint      button)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == button)
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

static void
collect_rect_cb (SmMaskModel *model,
                 SmRect      *rect,
                 GArray      *rects)
{
  g_array_append_val (rects, *rect);
}

/* What the brush does at widget point @y, reproduced from the documented rule. */
static void
brush_directly (Fixture       *fixture,
                SmMask        *mask,
                const SmPoint *points,
                size_t         n_points,
                double         y,
                double         size,
                float          value)
{
  SmViewport *vp = fixture->viewport;
  double height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  double radius_t = size * sm_viewport_get_frames_per_pixel (vp) / 2;
  double radius_f = MAX (0.5, size / 2 * sm_viewport_bins_per_pixel (vp, y, height));

  g_assert_cmpint (sm_mask_brush (mask, points, n_points, radius_t, radius_f, value, NULL), ==,
                   SM_OK);
}

static void
test_brush_stroke (Fixture       *fixture,
                   gconstpointer  data)
{
  const SmTool tool = GPOINTER_TO_INT (data);
  const float value = tool == SM_TOOL_BRUSH ? 1.0f : 0.0f;
  const double size = 12;
  /* Inside the first tile: x < 256, y < 256. */
  const double xs[] = { 100, 118, 140 }, ys[] = { 60, 70, 66 };
  SmViewport *vp = fixture->viewport;
  SmMask *mask = sm_mask_model_get_mask (fixture->model);
  const SmViewStats *stats = _sm_spectrogram_view_get_stats (fixture->view);
  GtkGesture *drag = find_drag (GTK_WIDGET (fixture->view), GDK_BUTTON_PRIMARY);
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (SmRect));
  g_autoptr(GHashTable) touched = g_hash_table_new_full (sm_tile_key_hash, sm_tile_key_equal,
                                                         g_free, NULL);
  SmMask *original, *expected;
  SmTileRange visible;
  SmViewStats before;
  SmPoint points[3];
  size_t differ = 0;
  double height;
  guint n_visible;

  /* A brush adds to an empty mask, an eraser removes from a full one. */
  if (tool == SM_TOOL_BRUSH)
    {
      SmMask *empty = sm_mask_new (mask->n_frames, mask->n_bins, 0.0f, NULL);

      sm_mask_model_replace (fixture->model, empty);
      mask = empty;
    }
  sm_spectrogram_view_set_tool (fixture->view, tool);
  sm_spectrogram_view_set_brush_size (fixture->view, size);
  wait_for_frame (fixture->view);
  before = *stats;
  height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  original = sm_mask_copy (mask);
  expected = sm_mask_copy (mask);

  g_signal_connect (fixture->model, "changed", G_CALLBACK (collect_rect_cb), rects);
  g_signal_emit_by_name (drag, "drag-begin", xs[0], ys[0]);
  for (int i = 1; i < 3; i++)
    g_signal_emit_by_name (drag, "drag-update", xs[i] - xs[0], ys[i] - ys[0]);
  g_signal_emit_by_name (drag, "drag-end", xs[2] - xs[0], ys[2] - ys[0]);
  g_signal_handlers_disconnect_by_data (fixture->model, rects);

  /* The same strokes applied directly: a dab, then one segment per update. */
  for (int i = 0; i < 3; i++)
    points[i] = (SmPoint) { sm_viewport_x_to_frame (vp, xs[i]),
                            sm_viewport_y_to_bin (vp, ys[i], height) };
  brush_directly (fixture, expected, points, 1, ys[0], size, value);
  for (int i = 1; i < 3; i++)
    brush_directly (fixture, expected, points + i - 1, 2, ys[i], size, value);

  for (size_t i = 0; i < mask->n_frames * (size_t) mask->n_bins; i++)
    {
      g_assert_cmpuint (mask->levels[i], ==, expected->levels[i]);
      differ += mask->levels[i] != original->levels[i];
    }
  /* A 12-pixel brush over a 40-pixel path covers dozens of bins. */
  g_assert_cmpuint (differ, >, 30);
  g_assert_true (sm_mask_model_can_undo (fixture->model));
  g_assert_cmpstr (sm_mask_model_undo_label (fixture->model), ==,
                   tool == SM_TOOL_BRUSH ? "Brush" : "Erase");
  g_assert_false (sm_mask_model_in_step (fixture->model));

  /* Only the overlay tiles under the changed rectangles were dropped. */
  _sm_spectrogram_view_visible_overlay_tiles (fixture->view, &visible);
  n_visible = (visible.tx1 - visible.tx0 + 1) * (visible.ty1 - visible.ty0 + 1);
  g_assert_cmpuint (rects->len, >=, 3);
  for (guint i = 0; i < rects->len; i++)
    {
      SmTileRange range;

      _sm_spectrogram_view_overlay_tiles_for_rect (fixture->view,
                                                   &g_array_index (rects, SmRect, i), &range);
      for (gint64 tx = MAX (range.tx0, visible.tx0); tx <= MIN (range.tx1, visible.tx1); tx++)
        for (gint64 ty = MAX (range.ty0, visible.ty0); ty <= MIN (range.ty1, visible.ty1); ty++)
          {
            SmTileKey key = { 0, tx, ty };

            g_hash_table_add (touched, g_memdup2 (&key, sizeof key));
          }
    }
  g_assert_cmpuint (n_visible, >=, 4);
  g_assert_cmpuint (g_hash_table_size (touched), >=, 1);
  g_assert_cmpuint (g_hash_table_size (touched), <, n_visible);
  g_assert_cmpuint (stats->overlay_tiles_invalidated - before.overlay_tiles_invalidated, ==,
                    g_hash_table_size (touched));
  g_assert_cmpuint (stats->overlay_clears, ==, before.overlay_clears);

  /* The next frame rebuilds just those, and no spectrogram tile. */
  wait_for_frame (fixture->view);
  g_assert_cmpuint (stats->overlay_tiles_built - before.overlay_tiles_built, ==,
                    g_hash_table_size (touched));
  g_assert_cmpuint (stats->tiles_computed, ==, before.tiles_computed);

  /* Undo restores the mask bit for bit. */
  g_assert_true (sm_mask_model_undo (fixture->model));
  g_assert_cmpmem (mask->levels, mask->n_frames * mask->n_bins,
                   original->levels, original->n_frames * original->n_bins);
  wait_for_frame (fixture->view);

  sm_mask_free (&original);
  sm_mask_free (&expected);
}

static SmStatus
remove_rect_cb (SmMask   *mask,
                SmRect   *changed,
                gpointer  user_data)
{
  return sm_mask_rectangle (mask, *(const SmRect *) user_data, 0.0f, changed);
}

static void
test_overlay_drawn (Fixture       *fixture,
                    gconstpointer  data)
{
  SmViewport *vp = fixture->viewport;
  g_autofree guint8 *plain = NULL, *masked = NULL;
  SmRect rect = { 0, 0, 0, 0 };
  SmMask *mask = sm_mask_model_get_mask (fixture->model);
  int width, height;
  double x, y;

  wait_for_frame (fixture->view);
  plain = render_view (fixture->view, &width, &height);

  /* Remove the middle third of the file below 4 kHz. */
  rect.t0 = mask->n_frames / 3;
  rect.t1 = 2 * mask->n_frames / 3;
  rect.f1 = (int) (4000.0 * N_FFT / RATE);
  g_assert_cmpint (sm_mask_model_edit (fixture->model, "Remove", rect, remove_rect_cb, &rect),
                   ==, SM_OK);
  wait_for_frame (fixture->view);
  masked = render_view (fixture->view, &width, &height);

  /* Inside: dimmed; outside: unchanged. */
  x = sm_viewport_frame_to_x (vp, mask->n_frames / 2.0);
  y = sm_viewport_hz_to_y (vp, 2000, height);
  g_assert_cmpint (brightness (masked, width, x, y), <, brightness (plain, width, x, y));
  y = sm_viewport_hz_to_y (vp, 6000, height);
  g_assert_cmpint (brightness (masked, width, x, y), ==, brightness (plain, width, x, y));

  /* The mask pane draws the mask itself: black where removed, white where kept. */
  sm_spectrogram_view_set_mode (fixture->view, SM_VIEW_MASK);
  wait_for_frame (fixture->view);
  g_clear_pointer (&masked, g_free);
  masked = render_view (fixture->view, &width, &height);
  g_assert_cmpint (brightness (masked, width, x, sm_viewport_hz_to_y (vp, 2000, height)), ==, 0);
  g_assert_cmpint (brightness (masked, width, x, sm_viewport_hz_to_y (vp, 6000, height)), ==,
                   3 * 255);
}

static void
test_zoom_keeps_preview (Fixture       *fixture,
                         gconstpointer  data)
{
  const SmViewStats *stats = _sm_spectrogram_view_get_stats (fixture->view);
  guint computed;

  wait_for_frame (fixture->view);
  computed = stats->tiles_computed;

  /* A zoom makes new tiles; zooming back finds the first ones still cached. */
  sm_viewport_zoom_time (fixture->viewport, 2, 100);
  wait_for_frame (fixture->view);
  g_assert_cmpuint (stats->tiles_computed, >, computed);
  computed = stats->tiles_computed;
  sm_viewport_zoom_time (fixture->viewport, 0.5, 100);
  wait_for_frame (fixture->view);
  g_assert_cmpuint (stats->tiles_computed, ==, computed);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);
    }
  g_assert_not_reached ();
}

static void
drag (GtkGesture *gesture,
      double      x0,
      double      y0,
      double      x1,
      double      y1)
{
  g_signal_emit_by_name (gesture, "drag-begin", x0, y0);
  g_signal_emit_by_name (gesture, "drag-update", (x1 - x0) / 2, (y1 - y0) / 2);
  g_signal_emit_by_name (gesture, "drag-update", x1 - x0, y1 - y0);
  g_signal_emit_by_name (gesture, "drag-end", x1 - x0, y1 - y0);
}

static void
hover_cb (SmSpectrogramView *view,
          double             frame,
          double             bin,
          double            *out)
{
  out[0] = frame;
  out[1] = bin;
}

/* Rectangle and lasso edit the bins whose centres they enclose, as one undo step each;
 * hover reports (frame, bin); scrolling and the middle button pan; a pane that is not
 * editable pans instead of editing. */
static void
test_shapes_and_navigation (Fixture       *fixture,
                            gconstpointer  data)
{
  SmViewport *vp = fixture->viewport;
  GtkWidget *widget = GTK_WIDGET (fixture->view);
  GtkGesture *primary = find_drag (widget, GDK_BUTTON_PRIMARY);
  GtkGesture *middle = find_drag (widget, GDK_BUTTON_MIDDLE);
  SmMask *mask = sm_mask_new (sm_viewport_get_n_frames (vp), N_FFT / 2 + 1, 0.0f, NULL);
  double height, hover[2] = { 0, 0 }, start;
  SmPoint a, b;
  size_t kept = 0;

  sm_mask_model_replace (fixture->model, mask);
  wait_for_frame (fixture->view);
  height = gtk_widget_get_height (widget);

  /* Rectangle: exactly the bins with centres inside. */
  sm_spectrogram_view_set_tool (fixture->view, SM_TOOL_RECTANGLE);
  drag (primary, 200, 100, 260, 150);
  a = (SmPoint) { sm_viewport_x_to_frame (vp, 200), sm_viewport_y_to_bin (vp, 150, height) };
  b = (SmPoint) { sm_viewport_x_to_frame (vp, 260), sm_viewport_y_to_bin (vp, 100, height) };
  for (size_t t = 0; t < mask->n_frames; t++)
    for (int f = 0; f < mask->n_bins; f++)
      {
        gboolean inside = t >= a.t && t <= b.t && f >= a.f && f <= b.f;

        g_assert_cmpuint (mask->levels[t * mask->n_bins + f], ==,
                          inside ? SM_MASK_LEVEL_MAX : 0);
        kept += inside;
      }
  g_assert_cmpuint (kept, >, 100);
  g_assert_cmpstr (sm_mask_model_undo_label (fixture->model), ==, "Rectangle");

  /* Lasso: a triangle, the same as sm_mask_polygon on its vertices. */
  {
    const double xs[] = { 400, 480, 440 }, ys[] = { 200, 200, 120 };
    SmMask *expected = sm_mask_copy (mask);
    SmPoint points[3];

    sm_spectrogram_view_set_tool (fixture->view, SM_TOOL_LASSO);
    g_signal_emit_by_name (primary, "drag-begin", xs[0], ys[0]);
    for (int i = 1; i < 3; i++)
      g_signal_emit_by_name (primary, "drag-update", xs[i] - xs[0], ys[i] - ys[0]);
    g_signal_emit_by_name (primary, "drag-end", xs[2] - xs[0], ys[2] - ys[0]);
    for (int i = 0; i < 3; i++)
      points[i] = (SmPoint) { sm_viewport_x_to_frame (vp, xs[i]),
                              sm_viewport_y_to_bin (vp, ys[i], height) };
    sm_mask_polygon (expected, points, 3, 1.0f, NULL);
    g_assert_cmpmem (mask->levels, mask->n_frames * mask->n_bins,
                     expected->levels, mask->n_frames * mask->n_bins);
    g_assert_cmpstr (sm_mask_model_undo_label (fixture->model), ==, "Lasso");
    sm_mask_free (&expected);
  }

  /* Hover. */
  g_signal_connect (fixture->view, "hover", G_CALLBACK (hover_cb), hover);
  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION), "motion",
                         123.0, 45.0);
  g_assert_cmpfloat (hover[0], ==, sm_viewport_x_to_frame (vp, 123));
  g_assert_cmpfloat (hover[1], ==, sm_viewport_y_to_bin (vp, 45, height));
  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION), "leave");
  g_assert_cmpfloat (hover[0], ==, -1);
  g_assert_cmpfloat (hover[1], ==, -1);
  g_signal_handlers_disconnect_by_data (fixture->view, hover);

  /* Zoomed in, the wheel and the middle button pan. */
  sm_viewport_zoom_time (vp, 4, 0);
  start = sm_viewport_get_time_start (vp);
  {
    gboolean handled = FALSE;

    g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_SCROLL), "scroll",
                           0.0, 1.0, &handled);
    g_assert_true (handled);
  }
  g_assert_cmpfloat (sm_viewport_get_time_start (vp), >, start);
  start = sm_viewport_get_time_start (vp);
  drag (middle, 300, 100, 280, 100);
  g_assert_cmpfloat_with_epsilon (sm_viewport_get_time_start (vp),
                                  start + 20 * sm_viewport_get_frames_per_pixel (vp), 1e-9);

  /* Not editable: the primary button pans too, and the mask stays. */
  sm_spectrogram_view_set_editable (fixture->view, FALSE);
  sm_spectrogram_view_set_tool (fixture->view, SM_TOOL_BRUSH);
  start = sm_viewport_get_time_start (vp);
  {
    SmMask *before = sm_mask_copy (mask);

    drag (primary, 300, 100, 310, 100);
    g_assert_cmpfloat_with_epsilon (sm_viewport_get_time_start (vp),
                                    start - 10 * sm_viewport_get_frames_per_pixel (vp), 1e-9);
    g_assert_cmpmem (mask->levels, mask->n_frames * mask->n_bins,
                     before->levels, mask->n_frames * mask->n_bins);
    sm_mask_free (&before);
  }
  wait_for_frame (fixture->view);
}

/* The zoomed-out overlay's time-reduced mask: each level is the min (or mean) of blocks of
 * the mask, and updating it over changed rectangles gives what rebuilding gives. */
static void
test_pyramid (void)
{
  const SmReduce ops[] = { SM_REDUCE_MIN, SM_REDUCE_MEAN };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
    {
      SmMask *mask = sm_mask_new (1000, 33, 1.0f, NULL);
      SmMaskPyramid *pyramid, *fresh;

      for (size_t i = 0; i < 1000 * 33; i++)
        mask->levels[i] = sm_mask_level_of (g_rand_int_range (rand, 0, 5) / 4.0f);
      pyramid = _sm_mask_pyramid_new (mask, ops[o]);
      g_assert_true (_sm_mask_pyramid_fits (pyramid, mask, ops[o]));
      g_assert_false (_sm_mask_pyramid_fits (pyramid, mask, ops[1 - o]));
      /* Cells are kept only once asked for, a chunk of 64 cells at a time and only the
       * bins asked for: level 1 (125 cells) over its first 100 frames at bins [5, 12),
       * then [20, 25) (the run grows to [5, 25)), all of level 2 (16 cells) and level 3
       * (2); so the edits below update kept cells next to cells and bins that are not
       * kept, and above and below them. */
      g_assert_cmpuint (_sm_mask_pyramid_get_size (pyramid), ==, 0);
      {
        size_t block, n_cells;

        _sm_mask_pyramid_level (pyramid, mask, 8, 0, 100, 5, 12, &block, &n_cells);
        g_assert_cmpuint (block, ==, 8);
        g_assert_cmpuint (_sm_mask_pyramid_get_size (pyramid), ==, 64 * 7 * sizeof (SmMaskLevel));
        _sm_mask_pyramid_level (pyramid, mask, 8, 0, 100, 20, 25, &block, &n_cells);
        g_assert_cmpuint (_sm_mask_pyramid_get_size (pyramid), ==, 64 * 20 * sizeof (SmMaskLevel));
        _sm_mask_pyramid_level (pyramid, mask, 64, 0, 1000, 0, 33, &block, &n_cells);
        _sm_mask_pyramid_level (pyramid, mask, 600, 0, 1000, 0, 33, &block, &n_cells);
        g_assert_cmpuint (block, ==, 512);
        g_assert_cmpuint (_sm_mask_pyramid_get_size (pyramid), ==,
                          (64 * 20 + (16 + 2) * 33) * sizeof (SmMaskLevel));
      }

      for (int edit = 0; edit < 20; edit++)
        {
          size_t t0 = g_rand_int_range (rand, 0, 1000);
          int f0 = g_rand_int_range (rand, 0, 33);
          SmRect rect = { t0, MIN (t0 + g_rand_int_range (rand, 1, 90), 1000),
                          f0, MIN (f0 + g_rand_int_range (rand, 1, 10), 33) };

          sm_mask_rectangle (mask, rect, g_rand_int_range (rand, 0, 5) / 4.0f, NULL);
          _sm_mask_pyramid_update (pyramid, mask, &rect);
        }

      fresh = _sm_mask_pyramid_new (mask, ops[o]);
      for (double max_block = 1; max_block <= 4096; max_block *= 8)
        {
          size_t block, fresh_block, n_cells, fresh_cells;
          const SmMaskLevel *level = _sm_mask_pyramid_level (pyramid, mask, max_block, 0, 1000,
                                                             0, 33, &block, &n_cells);
          const SmMaskLevel *expect = _sm_mask_pyramid_level (fresh, mask, max_block, 0, 1000,
                                                              0, 33, &fresh_block,
                                                              &fresh_cells);

          g_assert_cmpuint (block, ==, (size_t) max_block);
          g_assert_cmpuint (n_cells, ==, (1000 + block - 1) / block);
          g_assert_cmpmem (level, n_cells * 33, expect, fresh_cells * 33);
          /* Level 1 against brute force (its blocks are whole mask frames). */
          if (block == 8)
            for (size_t c = 0; c < n_cells; c++)
              for (int f = 0; f < 33; f++)
                {
                  double acc = ops[o] == SM_REDUCE_MIN ? SM_MASK_LEVEL_MAX : 0.0;
                  size_t n = MIN (8, 1000 - c * 8);

                  for (size_t t = c * 8; t < c * 8 + n; t++)
                    acc = ops[o] == SM_REDUCE_MIN ? MIN (acc, mask->levels[t * 33 + f])
                                                  : acc + mask->levels[t * 33 + f];
                  /* The minimum exactly, the mean to the nearest level. */
                  if (ops[o] == SM_REDUCE_MEAN)
                    g_assert_cmpfloat (fabs (level[c * 33 + f] - acc / n), <=, 0.5 + 1e-4);
                  else
                    g_assert_cmpfloat (level[c * 33 + f], ==, acc);
                }
        }
      _sm_mask_pyramid_free (fresh);
      _sm_mask_pyramid_free (pyramid);
      sm_mask_free (&mask);
    }
}

/* A stroke patches the cached overlay tiles it reaches; the patched tiles must show what
 * tiles built afresh show, in both overlay modes, zoomed in and zoomed out (where the
 * overlay reads the time pyramid). */
static void
test_patched_overlay (Fixture       *fixture,
                      gconstpointer  data)
{
  const SmViewMode modes[] = { SM_VIEW_SPECTROGRAM, SM_VIEW_MASK };
  /* Zoomed out, a device column spans 33 frames of the (longer) mask: the pyramid's turn. */
  const double fpps[] = { 0.5, 33.0 };
  const SmMaskGrid grid = { RATE, N_FFT, HOP, 1 };
  GtkGesture *drag = find_drag (GTK_WIDGET (fixture->view), GDK_BUTTON_PRIMARY);
  const SmViewStats *stats = _sm_spectrogram_view_get_stats (fixture->view);
  SmMaskModel *model = sm_mask_model_new (sm_mask_new (20000, N_FFT / 2 + 1, 1.0f, NULL));

  sm_viewport_set_grid (fixture->viewport, &grid, 20000);
  sm_spectrogram_view_set_mask_model (fixture->view, model);
  g_object_unref (fixture->model);
  fixture->model = model;
  sm_spectrogram_view_set_tool (fixture->view, SM_TOOL_ERASER);
  sm_spectrogram_view_set_brush_size (fixture->view, 20);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    for (guint z = 0; z < G_N_ELEMENTS (fpps); z++)
      {
        g_autofree guint8 *patched = NULL;
        g_autofree guint8 *fresh = NULL;
        guint built;
        int width, height;

        sm_spectrogram_view_set_mode (fixture->view, modes[m]);
        sm_viewport_set_frames_per_pixel (fixture->viewport, fpps[z]);
        sm_viewport_set_time_start (fixture->viewport, 0.0);
        wait_for_frame (fixture->view);
        built = stats->overlay_tiles_built;

        /* Across the boundary between the first two tile columns, then down across rows. */
        g_signal_emit_by_name (drag, "drag-begin", 200.0, 40.0 + 30 * m + 10 * z);
        g_signal_emit_by_name (drag, "drag-update", 60.0, 10.0);
        g_signal_emit_by_name (drag, "drag-update", 100.0, 200.0);
        g_signal_emit_by_name (drag, "drag-end", 100.0, 200.0);
        wait_for_frame (fixture->view);
        g_assert_cmpuint (stats->overlay_tiles_built, >, built);
        patched = render_view (fixture->view, &width, &height);

        _sm_spectrogram_view_overlay_changed (fixture->view);
        wait_for_frame (fixture->view);
        fresh = render_view (fixture->view, &width, &height);
        g_assert_cmpmem (patched, (gsize) width * height * 4, fresh, (gsize) width * height * 4);

        /* Tiles over wholly kept bins skip the reduction: reducing them changes nothing. */
        g_free (fresh);
        _sm_spectrogram_view_set_overlay_shortcuts (FALSE);
        _sm_spectrogram_view_overlay_changed (fixture->view);
        wait_for_frame (fixture->view);
        fresh = render_view (fixture->view, &width, &height);
        _sm_spectrogram_view_set_overlay_shortcuts (TRUE);
        g_assert_cmpmem (patched, (gsize) width * height * 4, fresh, (gsize) width * height * 4);
      }
}

/* Overlay tiles built by the first frame painted after a change. */
typedef struct
{
  const SmViewStats *stats;
  guint              before;
  guint              frames;
  guint              first_frame_built;
} FrameWatch;

static void
watch_after_paint_cb (GdkFrameClock *clock,
                      FrameWatch    *watch)
{
  if (watch->frames++ == 0)
    watch->first_frame_built = watch->stats->overlay_tiles_built - watch->before;
}

/* With no time to spare, a zoom rebuilds the overlay one tile a frame over the old tiles
 * stretched into place (the frame that answers the zoom builds none), says the pane is
 * incomplete meanwhile, and ends with the same pixels as an unhurried build. */
static void
test_overlay_budget (Fixture       *fixture,
                     gconstpointer  data)
{
  const SmViewStats *stats = _sm_spectrogram_view_get_stats (fixture->view);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->view));
  g_autofree guint8 *sliced = NULL;
  g_autofree guint8 *whole = NULL;
  FrameWatch watch = { stats, 0, 0, 0 };
  int width, height;
  gulong watch_id;
  guint built;

  sm_mask_rectangle (sm_mask_model_get_mask (fixture->model),
                     (SmRect) { 20, 120, 30, 200 }, 0.0f, NULL);
  _sm_spectrogram_view_invalidate_overlay (fixture->view, NULL);
  wait_for_frame (fixture->view);

  _sm_spectrogram_view_set_overlay_budget (0);
  built = watch.before = stats->overlay_tiles_built;
  watch_id = g_signal_connect (clock, "after-paint", G_CALLBACK (watch_after_paint_cb), &watch);
  sm_viewport_zoom_time (fixture->viewport, 1.5, 300);
  /* The first frame after the zoom stretches the old tiles; the next frame builds one
   * tile and leaves the others pending. */
  gtk_widget_queue_draw (GTK_WIDGET (fixture->view));
  while (stats->overlay_tiles_built == built)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, watch_id);
  g_assert_cmpuint (watch.first_frame_built, ==, 0);
  g_assert_cmpuint (watch.frames, >=, 1);
  g_assert_cmpuint (stats->overlay_tiles_built, ==, built + 1);
  g_assert_cmpuint (sm_spectrogram_view_get_pending_tiles (fixture->view), >, 0);
  wait_for_frame (fixture->view);
  sliced = render_view (fixture->view, &width, &height);

  /* Unhurried, and reducing every tile even where the mask keeps everything. */
  _sm_spectrogram_view_set_overlay_budget (G_MAXINT64 / 2);
  _sm_spectrogram_view_set_overlay_shortcuts (FALSE);
  _sm_spectrogram_view_overlay_changed (fixture->view);
  wait_for_frame (fixture->view);
  whole = render_view (fixture->view, &width, &height);
  _sm_spectrogram_view_set_overlay_shortcuts (TRUE);
  g_assert_cmpmem (sliced, (gsize) width * height * 4, whole, (gsize) width * height * 4);
  _sm_spectrogram_view_set_overlay_budget (1000);
}

/* Panes under one frame clock share the overlay budget: with no time to spare, a zoom
 * frame builds one new tile in all, not one per pane, and both panes still complete. */
static void
test_overlay_budget_shared (Fixture       *fixture,
                            gconstpointer  data)
{
  SmSpectrogramView *mask_view = SM_SPECTROGRAM_VIEW (sm_spectrogram_view_new (fixture->viewport));
  const SmViewStats *stats[2] = { _sm_spectrogram_view_get_stats (fixture->view),
                                  _sm_spectrogram_view_get_stats (mask_view) };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guint built;

  g_object_ref_sink (mask_view);
  sm_spectrogram_view_set_levels (mask_view, fixture->levels);
  sm_spectrogram_view_set_mask_model (mask_view, fixture->model);
  sm_spectrogram_view_set_mode (mask_view, SM_VIEW_MASK);
  g_object_ref (fixture->view);
  gtk_window_set_child (GTK_WINDOW (fixture->window), NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (mask_view), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (mask_view));
  g_object_unref (fixture->view);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  sm_mask_rectangle (sm_mask_model_get_mask (fixture->model),
                     (SmRect) { 20, 120, 30, 200 }, 0.0f, NULL);
  _sm_spectrogram_view_invalidate_overlay (fixture->view, NULL);
  _sm_spectrogram_view_invalidate_overlay (mask_view, NULL);
  wait_for_frame (fixture->view);
  wait_for_frame (mask_view);

  _sm_spectrogram_view_set_overlay_budget (0);
  built = stats[0]->overlay_tiles_built + stats[1]->overlay_tiles_built;
  sm_viewport_zoom_time (fixture->viewport, 1.5, 300);
  gtk_widget_queue_draw (box);
  while (stats[0]->overlay_tiles_built + stats[1]->overlay_tiles_built == built)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (stats[0]->overlay_tiles_built + stats[1]->overlay_tiles_built, ==, built + 1);
  g_assert_cmpuint (sm_spectrogram_view_get_pending_tiles (fixture->view) +
                    sm_spectrogram_view_get_pending_tiles (mask_view), >, 0);
  wait_for_frame (fixture->view);
  wait_for_frame (mask_view);
  g_assert_cmpuint (stats[0]->overlay_tiles_built + stats[1]->overlay_tiles_built, >, built + 2);
  _sm_spectrogram_view_set_overlay_budget (1000);

  /* Tiles it computes ahead in the background hold it until they come back. */
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (mask_view));
  g_object_add_weak_pointer (G_OBJECT (mask_view), (gpointer *) &mask_view);
  g_object_unref (mask_view);
  while (mask_view != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* A model told its mask is uniform says so for frames no change reached since, and stops
 * saying it where an edit, its undo or a new mask reached. */
static void
test_model_uniform (void)
{
  SmMaskModel *model = sm_mask_model_new (sm_mask_new (3000, 20, 1.0f, NULL));
  SmPoint dab = { 1500.0, 10.0 };
  float value = 0.0f;

  g_assert_false (sm_mask_model_get_uniform (model, 0, 3000, &value));
  sm_mask_model_set_uniform (model, 1.0f);
  g_assert_true (sm_mask_model_get_uniform (model, 0, 3000, &value));
  g_assert_cmpfloat (value, ==, 1.0f);
  g_assert_false (sm_mask_model_get_uniform (model, 0, 3001, &value));

  /* A dab at frame 1500 (radius 4): its 512-frame chunk [1024, 1536) is no longer known. */
  g_assert_true (sm_mask_model_begin (model, "Brush"));
  {
    SmRect bounds = sm_mask_brush_bounds (sm_mask_model_get_mask (model), &dab, 1, 4.0, 2.0);
    SmRect changed;

    sm_mask_model_touch (model, bounds);
    g_assert_cmpint (sm_mask_brush (sm_mask_model_get_mask (model), &dab, 1, 4.0, 2.0, 0.0f,
                                    &changed), ==, SM_OK);
    sm_mask_model_changed (model, &changed);
  }
  sm_mask_model_commit (model);
  g_assert_false (sm_mask_model_get_uniform (model, 0, 3000, &value));
  g_assert_false (sm_mask_model_get_uniform (model, 1400, 1450, &value));
  g_assert_true (sm_mask_model_get_uniform (model, 0, 1024, &value));
  g_assert_true (sm_mask_model_get_uniform (model, 1536, 3000, &value));
  /* Undone, the values are back, but the model only knows something changed there. */
  g_assert_true (sm_mask_model_undo (model));
  g_assert_false (sm_mask_model_get_uniform (model, 1024, 1536, &value));

  sm_mask_model_replace (model, sm_mask_new (3000, 20, 1.0f, NULL));
  g_assert_false (sm_mask_model_get_uniform (model, 0, 10, &value));
  g_assert_finalize_object (model);
}

/* Zoomed out over a mask known to keep everything, the overlay is drawn (clear) without
 * reading the mask: the pyramid computes no cell. */
static void
test_overlay_uniform (Fixture       *fixture,
                      gconstpointer  data)
{
  const SmMaskGrid grid = { RATE, N_FFT, HOP, 1 };
  SmMaskModel *model = sm_mask_model_new (sm_mask_new (20000, N_FFT / 2 + 1, 1.0f, NULL));
  SmRect removed = { 2000, 2400, 30, 200 };

  sm_viewport_set_grid (fixture->viewport, &grid, 20000);
  sm_mask_model_set_uniform (model, 1.0f);
  sm_spectrogram_view_set_mask_model (fixture->view, model);
  g_object_unref (fixture->model);
  fixture->model = model;
  sm_viewport_set_frames_per_pixel (fixture->viewport, 33.0);
  sm_viewport_set_time_start (fixture->viewport, 0.0);
  wait_for_frame (fixture->view);
  g_assert_true (fixture->view->pyramid == NULL ||
                 _sm_mask_pyramid_get_size (fixture->view->pyramid) == 0);

  /* After an edit, the edited stretch is read again. */
  g_assert_cmpint (sm_mask_model_edit (fixture->model, "Rectangle", removed, remove_rect_cb,
                                       &removed), ==, SM_OK);
  wait_for_frame (fixture->view);
  g_assert_nonnull (fixture->view->pyramid);
  g_assert_cmpuint (_sm_mask_pyramid_get_size (fixture->view->pyramid), >, 0);
}

/* The levels' block maxima are the maxima of the codes over their blocks. */
static void
test_levels_maxima (void)
{
  SmDbLevels *codes = sm_db_levels_new (1000, 7, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  SmLevels *levels;
  guint16 peak = 0;

  for (size_t i = 0; i < 1000 * 7; i++)
    {
      codes->codes[i] = (guint16) g_rand_int_range (rand, 0, 65536);
      peak = MAX (peak, codes->codes[i]);
    }
  levels = sm_levels_new_take (codes, peak);
  g_assert_cmpfloat (sm_levels_get_peak_db (levels), ==, (float) sm_db_from_code (peak));
  for (double max_block = 1; max_block <= 1000; max_block *= 2)
    {
      size_t block, n_cells;
      const guint16 *cells = sm_levels_get_maxima (levels, max_block, &block, &n_cells);

      g_assert_cmpuint (block, <=, max_block);
      g_assert_cmpuint (n_cells, ==, (1000 + block - 1) / block);
      for (size_t c = 0; c < n_cells; c++)
        for (int f = 0; f < 7; f++)
          {
            guint16 expect = 0;

            for (size_t t = c * block; t < MIN ((c + 1) * block, 1000); t++)
              expect = MAX (expect, codes->codes[t * 7 + f]);
            g_assert_cmpuint (cells[c * 7 + f], ==, expect);
          }
    }
  g_assert_cmpfloat (sm_levels_lookup (levels, 3.2, 4.4), ==,
                     (float) sm_db_from_code (codes->codes[3 * 7 + 4]));
  g_assert_cmpfloat (sm_levels_lookup (levels, -1, 0), ==, SM_LEVELS_FLOOR_DB);
  sm_levels_unref (levels);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK 4.8 warns (fatally, in tests) when its accessibility bridge finds no session
   * bus, as under a bare xvfb-run. */
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/gui/spectrogram-view/render", Fixture, NULL, fixture_set_up, test_render,
              fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/brush", Fixture, GINT_TO_POINTER (SM_TOOL_BRUSH),
              fixture_set_up, test_brush_stroke, fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/eraser", Fixture, GINT_TO_POINTER (SM_TOOL_ERASER),
              fixture_set_up, test_brush_stroke, fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/overlay", Fixture, NULL, fixture_set_up,
              test_overlay_drawn, fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/shapes-and-navigation", Fixture, NULL, fixture_set_up,
              test_shapes_and_navigation, fixture_tear_down);
  g_test_add_func ("/gui/spectrogram-view/pyramid", test_pyramid);
  g_test_add ("/gui/spectrogram-view/zoom-cache", Fixture, NULL, fixture_set_up,
              test_zoom_keeps_preview, fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/patched-overlay", Fixture, NULL, fixture_set_up,
              test_patched_overlay, fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/overlay-budget", Fixture, NULL, fixture_set_up,
              test_overlay_budget, fixture_tear_down);
  g_test_add ("/gui/spectrogram-view/overlay-budget-shared", Fixture, NULL, fixture_set_up,
              test_overlay_budget_shared, fixture_tear_down);
  g_test_add_func ("/gui/spectrogram-view/levels-maxima", test_levels_maxima);
  g_test_add_func ("/gui/mask-model/uniform", test_model_uniform);
  g_test_add ("/gui/spectrogram-view/overlay-uniform", Fixture, NULL, fixture_set_up,
              test_overlay_uniform, fixture_tear_down);
  return g_test_run ();
}
