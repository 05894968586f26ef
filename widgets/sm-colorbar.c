/* sm-colorbar.c: the colour map from ceiling (top) to floor (bottom), with dB labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-colorbar.h"
#include "sm-ruler-private.h"

#include <math.h>

#define BAR_WIDTH  12
#define BAR_LEFT   4
#define TICK       4
/* Colours in the gradient texture, stretched to the bar's height. */
#define GRADIENT_STEPS 256

struct _SmColorbar
{
  SmViewportWidget  parent_instance;

  /* owned */
  GdkTexture       *gradient;

  /* state */
  SmColormap        gradient_map;
};

G_DEFINE_FINAL_TYPE (SmColorbar, sm_colorbar, SM_TYPE_VIEWPORT_WIDGET)

static GdkTexture *
gradient_for (SmColorbar *self,
              SmColormap  map)
{
  if (self->gradient == NULL || self->gradient_map != map)
    {
      guint8 *rgba = g_malloc (GRADIENT_STEPS * 4);
      g_autoptr(GBytes) bytes = NULL;

      /* Row 0 is the top: the last colour. */
      for (int i = 0; i < GRADIENT_STEPS; i++)
        sm_colormap_color (map, 1.0 - (double) i / (GRADIENT_STEPS - 1), rgba + 4 * i);
      bytes = g_bytes_new_take (rgba, GRADIENT_STEPS * 4);
      g_clear_object (&self->gradient);
      self->gradient = gdk_memory_texture_new (1, GRADIENT_STEPS, GDK_MEMORY_R8G8B8A8, bytes, 4);
      self->gradient_map = map;
    }
  return self->gradient;
}

static void
sm_colorbar_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SmColorbar *self = SM_COLORBAR (widget);
  SmViewport *vp = sm_viewport_widget_get_viewport (SM_VIEWPORT_WIDGET (widget));
  const int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA text, tick;
  double floor_db, ceiling_db, top, bar_height, minor;
  SmRulerStep step;
  int w, h;

  if (vp == NULL)
    return;

  _sm_ruler_get_colors (widget, &text, &tick);
  layout = _sm_ruler_create_layout (widget, "-100 dB");
  pango_layout_get_pixel_size (layout, &w, &h);
  /* Half a label of room at either end, so the end labels fit. */
  top = h / 2.0;
  bar_height = height - h;
  if (bar_height <= 0)
    return;

  gtk_snapshot_append_texture (snapshot, gradient_for (self, sm_viewport_get_colormap (vp)),
                               &GRAPHENE_RECT_INIT (BAR_LEFT, top, BAR_WIDTH, bar_height));

  floor_db = sm_viewport_get_floor_db (vp);
  ceiling_db = sm_viewport_get_ceiling_db (vp);
  step = _sm_ruler_nice_step (h * 1.8 * (ceiling_db - floor_db) / bar_height);
  minor = step.step / step.minor;
  for (gint64 k = (gint64) ceil (floor_db / minor); k * minor <= ceiling_db + 1e-9; k++)
    {
      const double db = k * minor;
      const double position = (ceiling_db - db) / (ceiling_db - floor_db);
      const float y = (float) floor (top + position * bar_height);
      const gboolean major = k % step.minor == 0;
      g_autofree char *label = NULL;

      gtk_snapshot_append_color (snapshot, &tick,
                                 &GRAPHENE_RECT_INIT (BAR_LEFT + BAR_WIDTH, y,
                                                      major ? TICK : TICK / 2, 1));
      if (!major)
        continue;
      label = g_strdup_printf ("%g dB", db);
      pango_layout_set_text (layout, label, -1);
      _sm_ruler_draw_layout (snapshot, layout, BAR_LEFT + BAR_WIDTH + TICK + 3, y - h / 2.0f,
                             &text);
    }
}

static void
sm_colorbar_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  g_autoptr(PangoLayout) layout = _sm_ruler_create_layout (widget, "-100 dB");
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = BAR_LEFT + BAR_WIDTH + TICK + 3 + w + 4;
  else
    {
      *minimum = 4 * h;
      *natural = 12 * h;
    }
}

static void
sm_colorbar_dispose (GObject *object)
{
  SmColorbar *self = SM_COLORBAR (object);

  g_clear_object (&self->gradient);
  G_OBJECT_CLASS (sm_colorbar_parent_class)->dispose (object);
}

static void
sm_colorbar_class_init (SmColorbarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_colorbar_dispose;
  widget_class->snapshot = sm_colorbar_snapshot;
  widget_class->measure = sm_colorbar_measure;

  gtk_widget_class_set_css_name (widget_class, "sm-colorbar");
}

static void
sm_colorbar_init (SmColorbar *self)
{
}

GtkWidget *
sm_colorbar_new (SmViewport *viewport)
{
  return g_object_new (SM_TYPE_COLORBAR, "viewport", viewport, NULL);
}
