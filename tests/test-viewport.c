/* test-viewport.c: the shared viewport: conversions, zoom anchors, limits, fit and the
 * change notifications panes rely on. Needs no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"
#include "sm-viewport.h"

#include <math.h>

#define RATE     16000.0
#define N_FFT    512
#define HOP      128
#define N_FRAMES 1000
#define HEIGHT   400.0

typedef struct
{
  guint changed;
  guint notify_time_start;
  guint notify_fpp;
  guint notify_scale;
  guint notify_min;
  guint notify_max;
  guint notify_colormap;
  guint notify_floor;
  guint notify_ceiling;
} Counters;

static SmViewport *
viewport_new (void)
{
  SmViewport *vp = sm_viewport_new ();
  SmMaskGrid grid = { RATE, N_FFT, HOP, 1 };

  sm_viewport_set_grid (vp, &grid, N_FRAMES);
  return vp;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *counter)
{
  (*counter)++;
}

static void
changed_cb (SmViewport *vp,
            Counters   *counters)
{
  counters->changed++;
}

static void
watch (SmViewport *vp,
       Counters   *c)
{
  g_signal_connect (vp, "changed", G_CALLBACK (changed_cb), c);
  g_signal_connect (vp, "notify::time-start", G_CALLBACK (count_cb), &c->notify_time_start);
  g_signal_connect (vp, "notify::frames-per-pixel", G_CALLBACK (count_cb), &c->notify_fpp);
  g_signal_connect (vp, "notify::freq-scale", G_CALLBACK (count_cb), &c->notify_scale);
  g_signal_connect (vp, "notify::freq-min", G_CALLBACK (count_cb), &c->notify_min);
  g_signal_connect (vp, "notify::freq-max", G_CALLBACK (count_cb), &c->notify_max);
  g_signal_connect (vp, "notify::colormap", G_CALLBACK (count_cb), &c->notify_colormap);
  g_signal_connect (vp, "notify::floor-db", G_CALLBACK (count_cb), &c->notify_floor);
  g_signal_connect (vp, "notify::ceiling-db", G_CALLBACK (count_cb), &c->notify_ceiling);
}

static void
test_enums (void)
{
  GEnumClass *klass = g_type_class_ref (SM_TYPE_FREQ_SCALE);

  g_assert_cmpint (g_enum_get_value_by_nick (klass, "mel")->value, ==, SM_FREQ_SCALE_MEL);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "log")->value, ==, SM_FREQ_SCALE_LOG);
  g_type_class_unref (klass);
  klass = g_type_class_ref (SM_TYPE_COLORMAP);
  for (int map = 0; map < SM_N_COLORMAPS; map++)
    g_assert_cmpstr (g_enum_get_value (klass, map)->value_nick, ==, sm_colormap_name (map));
  g_type_class_unref (klass);
}

static void
test_roundtrip_x (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();

  sm_viewport_set_frames_per_pixel (vp, 2.5);
  sm_viewport_set_time_start (vp, 100.25);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, 2.5);
  g_assert_cmpfloat (sm_viewport_get_time_start (vp), ==, 100.25);
  g_assert_cmpfloat_with_epsilon (sm_viewport_x_to_frame (vp, 0), 100.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (sm_viewport_x_to_frame (vp, 10), 125.25, 1e-12);
  for (double x = -50; x <= 800; x += 13.7)
    g_assert_cmpfloat_with_epsilon (sm_viewport_frame_to_x (vp, sm_viewport_x_to_frame (vp, x)),
                                    x, 1e-9);

  /* Time: centred frames start at 0 s; uncentred ones half a window later. */
  g_assert_cmpfloat_with_epsilon (sm_viewport_frame_to_seconds (vp, 125), 125.0 * HOP / RATE,
                                  1e-12);
  for (double s = 0; s < 5; s += 0.37)
    g_assert_cmpfloat_with_epsilon (sm_viewport_frame_to_seconds (vp,
                                      sm_viewport_seconds_to_frame (vp, s)), s, 1e-12);
  g_assert_cmpfloat_with_epsilon (sm_viewport_bin_to_hz (vp, 32), 32 * RATE / N_FFT, 1e-9);
}

static double
mel (double hz)
{
  return 2595.0 * log10 (1.0 + hz / 700.0);
}

static void
test_roundtrip_y (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();

  for (int scale = SM_FREQ_SCALE_LINEAR; scale <= SM_FREQ_SCALE_MEL; scale++)
    {
      double lo, hi, mid_hz, expect_mid;

      sm_viewport_set_freq_scale (vp, scale);
      sm_viewport_set_freq_range (vp, 100, 6000);
      lo = sm_viewport_get_freq_min (vp);
      hi = sm_viewport_get_freq_max (vp);
      g_assert_cmpfloat (lo, ==, 100);
      g_assert_cmpfloat (hi, ==, 6000);

      /* Top is the highest frequency, bottom the lowest. */
      g_assert_cmpfloat_with_epsilon (sm_viewport_hz_to_y (vp, hi, HEIGHT), 0, 1e-9);
      g_assert_cmpfloat_with_epsilon (sm_viewport_hz_to_y (vp, lo, HEIGHT), HEIGHT, 1e-9);
      for (double y = 0; y <= HEIGHT; y += 7.3)
        {
          double hz = sm_viewport_y_to_hz (vp, y, HEIGHT);
          double bin = sm_viewport_y_to_bin (vp, y, HEIGHT);

          g_assert_cmpfloat_with_epsilon (sm_viewport_hz_to_y (vp, hz, HEIGHT), y, 1e-8);
          g_assert_cmpfloat_with_epsilon (sm_viewport_bin_to_y (vp, bin, HEIGHT), y, 1e-8);
          g_assert_cmpfloat_with_epsilon (bin * RATE / N_FFT, hz, 1e-8);
          if (y > 0)
            g_assert_cmpfloat (hz, <, sm_viewport_y_to_hz (vp, y - 7.3, HEIGHT));
        }

      /* The middle row: arithmetic, geometric and mel-space means. */
      mid_hz = sm_viewport_y_to_hz (vp, HEIGHT / 2, HEIGHT);
      if (scale == SM_FREQ_SCALE_LINEAR)
        expect_mid = (lo + hi) / 2;
      else if (scale == SM_FREQ_SCALE_LOG)
        expect_mid = sqrt (lo * hi);
      else
        expect_mid = 700.0 * (pow (10.0, (mel (lo) + mel (hi)) / 2 / 2595.0) - 1.0);
      g_assert_cmpfloat_with_epsilon (mid_hz, expect_mid, 1e-6);

      /* The slope brushes use: exact on a linear axis, growing upwards on the others. */
      if (scale == SM_FREQ_SCALE_LINEAR)
        g_assert_cmpfloat_with_epsilon (sm_viewport_bins_per_pixel (vp, 123, HEIGHT),
                                        (hi - lo) / (RATE / N_FFT) / HEIGHT, 1e-9);
      else
        g_assert_cmpfloat (sm_viewport_bins_per_pixel (vp, 10, HEIGHT), >,
                           sm_viewport_bins_per_pixel (vp, 390, HEIGHT));
    }
}

static void
test_zoom_anchor (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();

  sm_viewport_set_frames_per_pixel (vp, 1.0);
  sm_viewport_set_time_start (vp, 500);
  for (double factor = 0.5; factor <= 4; factor *= 2)
    {
      double before = sm_viewport_x_to_frame (vp, 300);
      double fpp = sm_viewport_get_frames_per_pixel (vp);

      sm_viewport_zoom_time (vp, factor, 300);
      g_assert_cmpfloat_with_epsilon (sm_viewport_x_to_frame (vp, 300), before, 1e-9);
      g_assert_cmpfloat_with_epsilon (sm_viewport_get_frames_per_pixel (vp), fpp / factor, 1e-12);
    }

  for (int scale = SM_FREQ_SCALE_LINEAR; scale <= SM_FREQ_SCALE_MEL; scale++)
    {
      sm_viewport_set_freq_scale (vp, scale);
      sm_viewport_set_freq_range (vp, 0, RATE / 2);
      for (double factor = 2; factor >= 0.5; factor /= 2)
        {
          double before = sm_viewport_y_to_hz (vp, 120, HEIGHT);

          sm_viewport_zoom_freq (vp, factor, 120, HEIGHT);
          g_assert_cmpfloat_with_epsilon (sm_viewport_y_to_hz (vp, 120, HEIGHT), before,
                                          before * 1e-9);
        }
      /* Zooming out past everything shows everything. */
      sm_viewport_zoom_freq (vp, 0.01, 120, HEIGHT);
      g_assert_cmpfloat_with_epsilon (sm_viewport_get_freq_max (vp), RATE / 2, 1e-6);
    }
}

static void
test_clamp (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();
  const double bin_width = RATE / N_FFT;
  double last;

  /* Zoom: 1/64 frame per pixel at most; out until the file fits in 100 pixels. */
  sm_viewport_set_frames_per_pixel (vp, 1e-6);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, 1.0 / 64);
  sm_viewport_set_frames_per_pixel (vp, 1e9);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, N_FRAMES / 100.0);
  sm_viewport_zoom_time (vp, 1e-3, 0);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, N_FRAMES / 100.0);

  /* Time: not before frame 0; not past the end (by more than a margin, once the width
   * is known). */
  sm_viewport_set_frames_per_pixel (vp, 1.0);
  sm_viewport_set_time_start (vp, -5);
  g_assert_cmpfloat (sm_viewport_get_time_start (vp), ==, 0);
  sm_viewport_set_time_start (vp, 1e9);
  g_assert_cmpfloat (sm_viewport_get_time_start (vp), ==, N_FRAMES - 1);
  sm_viewport_set_view_width (vp, 500);
  last = N_FRAMES - (1 - SM_VIEWPORT_END_MARGIN) * 500;
  g_assert_cmpfloat_with_epsilon (sm_viewport_get_time_start (vp), last, 1e-9);
  sm_viewport_scroll_pixels (vp, 1000);
  g_assert_cmpfloat_with_epsilon (sm_viewport_get_time_start (vp), last, 1e-9);
  sm_viewport_scroll_pixels (vp, -100);
  g_assert_cmpfloat_with_epsilon (sm_viewport_get_time_start (vp), last - 100, 1e-9);
  /* Zoomed out so the file fits: no scrolling at all. */
  sm_viewport_set_frames_per_pixel (vp, 5);
  g_assert_cmpfloat (sm_viewport_get_time_start (vp), ==, 0);

  /* Frequency: within [0, Nyquist], at least one bin wide. */
  sm_viewport_set_freq_range (vp, -100, 1e6);
  g_assert_cmpfloat (sm_viewport_get_freq_min (vp), ==, 0);
  g_assert_cmpfloat (sm_viewport_get_freq_max (vp), ==, RATE / 2);
  sm_viewport_set_freq_range (vp, 1000, 1001);
  g_assert_cmpfloat_with_epsilon (sm_viewport_get_freq_max (vp) - sm_viewport_get_freq_min (vp),
                                  bin_width, 1e-9);
  sm_viewport_set_freq_range (vp, 9000, 9500);
  g_assert_cmpfloat (sm_viewport_get_freq_max (vp), <=, RATE / 2);
  g_assert_cmpfloat (sm_viewport_get_freq_min (vp), <, sm_viewport_get_freq_max (vp));

  /* A log axis starts at 20 Hz or one bin, whichever is higher, and gives the lower
   * limit back when the axis turns linear again. */
  sm_viewport_set_freq_range (vp, 0, RATE / 2);
  sm_viewport_set_freq_scale (vp, SM_FREQ_SCALE_LOG);
  g_assert_cmpfloat (sm_viewport_get_freq_min (vp), ==, MAX (SM_VIEWPORT_LOG_MIN_HZ, bin_width));
  g_assert_true (isfinite (sm_viewport_hz_to_y (vp, 0, HEIGHT)));
  sm_viewport_set_freq_scale (vp, SM_FREQ_SCALE_LINEAR);
  g_assert_cmpfloat (sm_viewport_get_freq_min (vp), ==, 0);

  /* dB: the range never collapses. */
  sm_viewport_set_db_range (vp, -20, -40);
  g_assert_cmpfloat (sm_viewport_get_ceiling_db (vp), >, sm_viewport_get_floor_db (vp));
}

static void
test_fit (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();
  SmMaskGrid grid = { 44100, 2048, 512, 1 };

  sm_viewport_set_frames_per_pixel (vp, 0.5);
  sm_viewport_set_time_start (vp, 300);
  sm_viewport_set_freq_range (vp, 500, 900);
  sm_viewport_fit (vp, 500);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, N_FRAMES / 500.0);
  g_assert_cmpfloat (sm_viewport_get_time_start (vp), ==, 0);
  g_assert_cmpfloat (sm_viewport_get_freq_min (vp), ==, 0);
  g_assert_cmpfloat (sm_viewport_get_freq_max (vp), ==, RATE / 2);
  g_assert_cmpfloat_with_epsilon (sm_viewport_frame_to_x (vp, N_FRAMES), 500, 1e-9);

  /* A new file (other rate and length) shows all of it. */
  sm_viewport_set_view_width (vp, 800);
  sm_viewport_set_frames_per_pixel (vp, 0.25);
  sm_viewport_set_grid (vp, &grid, 4000);
  g_assert_cmpuint (sm_viewport_get_n_frames (vp), ==, 4000);
  g_assert_cmpint (sm_viewport_get_n_bins (vp), ==, 1025);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, 4000 / 800.0);
  g_assert_cmpfloat (sm_viewport_get_freq_max (vp), ==, 22050);
}

/* A document opened before the panes have a width is fitted to the first width they report,
 * unless the user moved the view in between. */
static void
test_first_fit (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();
  g_autoptr(SmViewport) moved = viewport_new ();

  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, N_FRAMES / 1000.0);
  sm_viewport_set_view_width (vp, 640);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, N_FRAMES / 640.0);
  sm_viewport_set_view_width (vp, 800);   /* later resizes keep the zoom */
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (vp), ==, N_FRAMES / 640.0);

  sm_viewport_zoom_time (moved, 4, 0);
  sm_viewport_set_view_width (moved, 640);
  g_assert_cmpfloat (sm_viewport_get_frames_per_pixel (moved), ==, N_FRAMES / 4000.0);
}

static void
test_signals (void)
{
  g_autoptr(SmViewport) vp = viewport_new ();
  Counters c = { 0 };

  sm_viewport_set_frames_per_pixel (vp, 1.0);
  sm_viewport_set_time_start (vp, 100);
  watch (vp, &c);

  /* A zoom changes two properties: two notifications, one "changed". */
  sm_viewport_zoom_time (vp, 2, 50);
  g_assert_cmpuint (c.changed, ==, 1);
  g_assert_cmpuint (c.notify_fpp, ==, 1);
  g_assert_cmpuint (c.notify_time_start, ==, 1);

  /* Nothing changes, nothing is emitted. */
  sm_viewport_set_frames_per_pixel (vp, sm_viewport_get_frames_per_pixel (vp));
  sm_viewport_set_time_start (vp, sm_viewport_get_time_start (vp));
  sm_viewport_set_colormap (vp, sm_viewport_get_colormap (vp));
  sm_viewport_scroll_freq_pixels (vp, 50, HEIGHT);   /* the whole range shows already */
  sm_viewport_set_time_start (vp, -10);
  sm_viewport_set_time_start (vp, -20);              /* clamped to 0 both times */
  g_assert_cmpuint (c.changed, ==, 2);
  g_assert_cmpuint (c.notify_time_start, ==, 2);

  sm_viewport_set_db_range (vp, -80, -10);
  g_assert_cmpuint (c.changed, ==, 3);
  g_assert_cmpuint (c.notify_floor, ==, 1);
  g_assert_cmpuint (c.notify_ceiling, ==, 1);

  g_object_set (vp, "colormap", SM_COLORMAP_MAGMA, "freq-scale", SM_FREQ_SCALE_MEL, NULL);
  g_assert_cmpuint (c.changed, ==, 5);
  g_assert_cmpuint (c.notify_colormap, ==, 1);
  g_assert_cmpuint (c.notify_scale, ==, 1);
  g_assert_cmpint (sm_viewport_get_colormap (vp), ==, SM_COLORMAP_MAGMA);

  /* A frequency zoom moves both ends: once each, one "changed". */
  sm_viewport_zoom_freq (vp, 2, 200, HEIGHT);
  g_assert_cmpuint (c.changed, ==, 6);
  g_assert_cmpuint (c.notify_min, ==, 1);
  g_assert_cmpuint (c.notify_max, ==, 1);

  /* Panning a zoomed frequency range keeps its span on the axis. */
  {
    double span = mel (sm_viewport_get_freq_max (vp)) - mel (sm_viewport_get_freq_min (vp));

    sm_viewport_scroll_freq_pixels (vp, -40, HEIGHT);
    g_assert_cmpuint (c.changed, ==, 7);
    g_assert_cmpfloat_with_epsilon (mel (sm_viewport_get_freq_max (vp)) -
                                    mel (sm_viewport_get_freq_min (vp)), span, 1e-6);
  }

  g_signal_handlers_disconnect_by_data (vp, &c);
  g_assert_finalize_object (g_steal_pointer (&vp));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/viewport/enums", test_enums);
  g_test_add_func ("/core/viewport/roundtrip-x", test_roundtrip_x);
  g_test_add_func ("/core/viewport/roundtrip-y", test_roundtrip_y);
  g_test_add_func ("/core/viewport/zoom-anchor", test_zoom_anchor);
  g_test_add_func ("/core/viewport/clamp", test_clamp);
  g_test_add_func ("/core/viewport/fit", test_fit);
  g_test_add_func ("/core/viewport/first-fit", test_first_fit);
  g_test_add_func ("/core/viewport/signals", test_signals);
  return g_test_run ();
}
