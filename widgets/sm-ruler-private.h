/* sm-ruler-private.h: tick steps, labels and colours shared by the rulers and colour bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Labels every @step units, minor ticks every @step / @minor. */
typedef struct
{
  double step;
  int    minor;
} SmRulerStep;

/* The smallest 1, 2 or 5 x 10^k that is at least @min_step (> 0). */
SmRulerStep  _sm_ruler_nice_step     (double       min_step);
/* The same for seconds: decimal steps below a second, then 1 2 5 10 15 30 s, minutes
 * and hours. */
SmRulerStep  _sm_ruler_time_step     (double       min_step);
/* Decimals a label needs to tell ticks @step apart (0-4). */
int          _sm_ruler_decimals      (double       step);

/* "h:mm:ss.mmm" with @decimals decimals; the hours only when @hours. */
char        *_sm_ruler_format_time   (double       seconds,
                                      int          decimals,
                                      gboolean     hours);
/* "500 Hz", "1.5 kHz". */
char        *_sm_ruler_format_hz     (double       hz);

/* A layout in the rulers' small, tabular-figure font. */
PangoLayout *_sm_ruler_create_layout (GtkWidget   *widget,
                                      const char  *text);
/* The widget's text colour, and the same faded for ticks. */
void         _sm_ruler_get_colors    (GtkWidget   *widget,
                                      GdkRGBA     *text,
                                      GdkRGBA     *tick);
void         _sm_ruler_draw_layout   (GtkSnapshot *snapshot,
                                      PangoLayout *layout,
                                      float        x,
                                      float        y,
                                      const GdkRGBA *color);

G_END_DECLS
