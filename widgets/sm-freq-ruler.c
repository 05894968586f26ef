/* sm-freq-ruler.c: frequency labels and ticks for linear, log and mel axes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-freq-ruler.h"
#include "sm-ruler-private.h"

#include <math.h>

#define MAJOR_TICK 6
#define MINOR_TICK 3
/* Minor ticks closer than this are skipped. */
#define MIN_TICK_GAP 4.0

struct _SmFreqRuler
{
  SmViewportWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (SmFreqRuler, sm_freq_ruler, SM_TYPE_VIEWPORT_WIDGET)

typedef struct
{
  double hz;
  double y;
  int    rank;   /* 0: 10^k, 1: 2 and 5 x 10^k, 2: other digits */
} Mark;

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const Mark *ma = a, *mb = b;

  if (ma->rank != mb->rank)
    return ma->rank - mb->rank;
  return (ma->hz > mb->hz) - (ma->hz < mb->hz);
}

/* Candidate marks of a log or mel axis: every digit times every power of ten in range. */
static GArray *
decade_marks (SmViewport *vp,
              double      height)
{
  const double lo = sm_viewport_get_freq_min (vp), hi = sm_viewport_get_freq_max (vp);
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (Mark));

  if (lo <= 0)
    g_array_append_val (marks, ((Mark) { 0, sm_viewport_hz_to_y (vp, 0, height), 0 }));
  for (int d = (int) floor (log10 (MAX (lo, 1.0))); d <= (int) ceil (log10 (hi)); d++)
    for (int m = 1; m <= 9; m++)
      {
        double hz = m * pow (10.0, d);
        Mark mark = { hz, sm_viewport_hz_to_y (vp, hz, height),
                      m == 1 ? 0 : (m == 2 || m == 5) ? 1 : 2 };

        if (hz >= lo * (1 - 1e-9) && hz <= hi * (1 + 1e-9))
          g_array_append_val (marks, mark);
      }
  return marks;
}

static void
draw_mark (GtkWidget     *widget,
           GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           const Mark    *mark,
           gboolean       labelled,
           const GdkRGBA *text,
           const GdkRGBA *tick)
{
  const int width = gtk_widget_get_width (widget);
  const int height = gtk_widget_get_height (widget);
  const float y = (float) floor (mark->y);
  int w, h;

  gtk_snapshot_append_color (snapshot, tick,
                             &GRAPHENE_RECT_INIT (width - (labelled ? MAJOR_TICK : MINOR_TICK),
                                                  y, labelled ? MAJOR_TICK : MINOR_TICK, 1));
  if (!labelled)
    return;
  {
    g_autofree char *label = _sm_ruler_format_hz (mark->hz);

    pango_layout_set_text (layout, label, -1);
  }
  pango_layout_get_pixel_size (layout, &w, &h);
  _sm_ruler_draw_layout (snapshot, layout, width - MAJOR_TICK - 3 - w,
                         CLAMP (y - h / 2.0f, 0, height - h), text);
}

static void
sm_freq_ruler_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SmViewport *vp = sm_viewport_widget_get_viewport (SM_VIEWPORT_WIDGET (widget));
  const int width = gtk_widget_get_width (widget);
  const int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA text, tick;
  int label_width, label_height;
  double spacing;

  if (vp == NULL || height <= 0)
    return;

  _sm_ruler_get_colors (widget, &text, &tick);
  layout = _sm_ruler_create_layout (widget, "8.8 kHz");
  pango_layout_get_pixel_size (layout, &label_width, &label_height);
  spacing = label_height * 1.8;

  if (sm_viewport_get_freq_scale (vp) == SM_FREQ_SCALE_LINEAR)
    {
      const double lo = sm_viewport_get_freq_min (vp), hi = sm_viewport_get_freq_max (vp);
      SmRulerStep step = _sm_ruler_nice_step (spacing * (hi - lo) / height);
      double minor = step.step / step.minor;

      for (gint64 k = (gint64) ceil (lo / minor); k * minor <= hi * (1 + 1e-9); k++)
        {
          Mark mark = { k * minor, sm_viewport_hz_to_y (vp, k * minor, height), 0 };

          draw_mark (widget, snapshot, layout, &mark, k % step.minor == 0, &text, &tick);
        }
    }
  else
    {
      /* Place labels by rank (round numbers first), each where it keeps its distance
       * from those already placed; every candidate gets a tick if there is room. */
      g_autoptr(GArray) marks = decade_marks (vp, height);
      g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (double));
      double last_tick = -G_MAXDOUBLE;

      for (guint i = 0; i < marks->len; i++)
        {
          const Mark *mark = &g_array_index (marks, Mark, i);

          if (fabs (mark->y - last_tick) >= MIN_TICK_GAP)
            {
              draw_mark (widget, snapshot, layout, mark, FALSE, &text, &tick);
              last_tick = mark->y;
            }
        }

      g_array_sort (marks, compare_marks);
      for (guint i = 0; i < marks->len; i++)
        {
          const Mark *mark = &g_array_index (marks, Mark, i);
          gboolean fits = TRUE;

          for (guint j = 0; j < placed->len && fits; j++)
            fits = fabs (g_array_index (placed, double, j) - mark->y) >= spacing;
          if (!fits)
            continue;
          g_array_append_val (placed, mark->y);
          draw_mark (widget, snapshot, layout, mark, TRUE, &text, &tick);
        }
    }
  /* The line along the pane. */
  gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (width - 1, 0, 1, height));
}

static void
sm_freq_ruler_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  g_autoptr(PangoLayout) layout = _sm_ruler_create_layout (widget, "88.8 kHz");
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = w + MAJOR_TICK + 8;
  else
    *minimum = *natural = 2 * h;
}

static void
sm_freq_ruler_class_init (SmFreqRulerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = sm_freq_ruler_snapshot;
  widget_class->measure = sm_freq_ruler_measure;

  gtk_widget_class_set_css_name (widget_class, "sm-freq-ruler");
}

static void
sm_freq_ruler_init (SmFreqRuler *self)
{
}

GtkWidget *
sm_freq_ruler_new (SmViewport *viewport)
{
  return g_object_new (SM_TYPE_FREQ_RULER, "viewport", viewport, NULL);
}
