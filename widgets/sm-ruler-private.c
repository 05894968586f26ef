/* sm-ruler-private.c: tick steps, labels and colours shared by the rulers and colour bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-ruler-private.h"

#include <math.h>

SmRulerStep
_sm_ruler_nice_step (double min_step)
{
  static const struct { double mantissa; int minor; } steps[] = {
    { 1, 5 }, { 2, 4 }, { 5, 5 }, { 10, 5 },
  };
  double decade;

  if (!(min_step > 0) || !isfinite (min_step))
    return (SmRulerStep) { 1.0, 5 };
  decade = pow (10.0, floor (log10 (min_step)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i].mantissa * decade >= min_step * (1.0 - 1e-9))
      return (SmRulerStep) { steps[i].mantissa * decade, steps[i].minor };
  return (SmRulerStep) { 10 * decade, 5 };
}

SmRulerStep
_sm_ruler_time_step (double min_step)
{
  /* Sexagesimal steps above 10 s, so labels land on round minutes and hours. */
  static const SmRulerStep steps[] = {
    { 15, 3 }, { 30, 3 }, { 60, 4 }, { 120, 4 }, { 300, 5 }, { 600, 5 }, { 900, 3 },
    { 1800, 3 }, { 3600, 4 }, { 7200, 4 }, { 10800, 3 }, { 21600, 6 }, { 43200, 4 },
  };

  if (min_step <= 10)
    return _sm_ruler_nice_step (min_step);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i].step >= min_step)
      return steps[i];
  return _sm_ruler_nice_step (min_step);
}

int
_sm_ruler_decimals (double step)
{
  if (step >= 1.0)
    return 0;
  return CLAMP ((int) ceil (-log10 (step) - 1e-9), 0, 4);
}

char *
_sm_ruler_format_time (double   seconds,
                       int      decimals,
                       gboolean hours)
{
  const char *sign = seconds < 0 ? "-" : "";
  double scale = pow (10.0, decimals);
  /* Round once, in units of the last decimal, so 59.9996 s becomes 1:00.000. */
  double units = round (fabs (seconds) * scale);
  guint64 whole = (guint64) floor (units / scale);
  guint64 fraction = (guint64) (units - (double) whole * scale);
  guint64 h = whole / 3600, m = (whole / 60) % 60, s = whole % 60;
  g_autofree char *tail = decimals > 0
    ? g_strdup_printf (".%0*" G_GUINT64_FORMAT, decimals, fraction) : g_strdup ("");

  if (hours)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT ":%02" G_GUINT64_FORMAT ":%02"
                            G_GUINT64_FORMAT "%s", sign, h, m, s, tail);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ":%02" G_GUINT64_FORMAT "%s", sign,
                          whole / 60, s, tail);
}

char *
_sm_ruler_format_hz (double hz)
{
  if (fabs (hz) >= 1000.0)
    return g_strdup_printf ("%g kHz", round (hz) / 1000.0);
  return g_strdup_printf ("%g Hz", round (hz * 10.0) / 10.0);
}

PangoLayout *
_sm_ruler_create_layout (GtkWidget  *widget,
                         const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
_sm_ruler_get_colors (GtkWidget *widget,
                      GdkRGBA   *text,
                      GdkRGBA   *tick)
{
  /* gtk_widget_get_color() is GTK 4.10. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), text);
  *tick = *text;
  tick->alpha *= 0.55f;
  text->alpha *= 0.85f;
}

void
_sm_ruler_draw_layout (GtkSnapshot   *snapshot,
                       PangoLayout   *layout,
                       float          x,
                       float          y,
                       const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}
