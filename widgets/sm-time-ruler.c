/* sm-time-ruler.c: time labels and ticks at steps that keep labels apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-time-ruler.h"
#include "sm-ruler-private.h"

#include <math.h>

/* Free space between two labels, in pixels. */
#define LABEL_GAP 14
#define MINOR_TICK 4

struct _SmTimeRuler
{
  SmViewportWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (SmTimeRuler, sm_time_ruler, SM_TYPE_VIEWPORT_WIDGET)

static void
sm_time_ruler_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SmViewport *vp = sm_viewport_widget_get_viewport (SM_VIEWPORT_WIDGET (widget));
  const int width = gtk_widget_get_width (widget);
  const int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *widest = NULL;
  GdkRGBA text, tick;
  double s0, s1, per_pixel, total, minor;
  gboolean hours;
  SmRulerStep step;
  int decimals, label_width, label_height;
  gint64 k0, k1;

  if (vp == NULL || width <= 0)
    return;

  _sm_ruler_get_colors (widget, &text, &tick);
  s0 = sm_viewport_frame_to_seconds (vp, sm_viewport_x_to_frame (vp, 0));
  s1 = sm_viewport_frame_to_seconds (vp, sm_viewport_x_to_frame (vp, width));
  per_pixel = (s1 - s0) / width;
  total = sm_viewport_frame_to_seconds (vp, (double) sm_viewport_get_n_frames (vp));
  hours = MAX (total, s1) >= 3600.0;

  /* The step depends on the label width, which depends on the decimals the step needs:
   * measure with milliseconds, then refine once. */
  decimals = 3;
  for (int pass = 0; pass < 2; pass++)
    {
      g_clear_pointer (&widest, g_free);
      widest = _sm_ruler_format_time (MAX (total, s1), decimals, hours);
      g_clear_object (&layout);
      layout = _sm_ruler_create_layout (widget, widest);
      pango_layout_get_pixel_size (layout, &label_width, &label_height);
      step = _sm_ruler_time_step ((label_width + LABEL_GAP) * per_pixel);
      decimals = _sm_ruler_decimals (step.step);
    }

  minor = step.step / step.minor;
  k0 = (gint64) floor (s0 / minor);
  k1 = (gint64) ceil (s1 / minor);
  if (k1 - k0 > 4 * width)
    return;

  /* Labels near the ends would spill over the neighbours. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (gint64 k = k0; k <= k1; k++)
    {
      const double seconds = k * minor;
      const double frame = sm_viewport_seconds_to_frame (vp, seconds);
      const float x = (float) round (sm_viewport_frame_to_x (vp, frame));
      const gboolean major = k % step.minor == 0;
      g_autofree char *label = NULL;

      if (!major)
        {
          gtk_snapshot_append_color (snapshot, &tick,
                                     &GRAPHENE_RECT_INIT (x, height - MINOR_TICK, 1, MINOR_TICK));
          continue;
        }
      gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (x, 0, 1, height));
      label = _sm_ruler_format_time (seconds, decimals, hours);
      pango_layout_set_text (layout, label, -1);
      _sm_ruler_draw_layout (snapshot, layout, x + 3, (float) (height - label_height) / 2 - 1,
                             &text);
    }
  /* The line along the panes. */
  gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
  gtk_snapshot_pop (snapshot);
}

static void
sm_time_ruler_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  g_autoptr(PangoLayout) layout = _sm_ruler_create_layout (widget, "0:00.000");
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = h + 8;
  else
    *minimum = *natural = w + LABEL_GAP;
}

static void
sm_time_ruler_class_init (SmTimeRulerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = sm_time_ruler_snapshot;
  widget_class->measure = sm_time_ruler_measure;

  gtk_widget_class_set_css_name (widget_class, "sm-time-ruler");
}

static void
sm_time_ruler_init (SmTimeRuler *self)
{
}

GtkWidget *
sm_time_ruler_new (SmViewport *viewport)
{
  return g_object_new (SM_TYPE_TIME_RULER, "viewport", viewport, NULL);
}
