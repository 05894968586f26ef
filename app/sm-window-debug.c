/* sm-window-debug.c: SPECMASK_DEBUG_LAYOUT=1 prints where the panes and sliders are and
 * what the viewport shows, so that tests can drive the real window with real pointer
 * events (xdotool) and work out which bins they touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "sm-window-private.h"

static void
print_bounds (SmWindow   *self,
              const char *kind,
              const char *name,
              GtkWidget  *widget)
{
  graphene_rect_t bounds;
  double surface_x, surface_y;

  if (widget == NULL || !gtk_widget_get_mapped (widget)
      || !gtk_widget_compute_bounds (widget, GTK_WIDGET (self), &bounds))
    return;
  /* Relative to the X window: client-side decorations put a margin around the widget. */
  gtk_native_get_surface_transform (GTK_NATIVE (self), &surface_x, &surface_y);
  printf ("layout %s=%s x=%.0f y=%.0f width=%.0f height=%.0f\n", kind, name,
          bounds.origin.x + surface_x, bounds.origin.y + surface_y, bounds.size.width,
          bounds.size.height);
}

/* The training files panel: where its buttons are and what its list shows, one
 * "training-list" line with the labels in order, " | " between them. */
static void
print_training (SmWindow *self)
{
  g_autoptr (GString) shown = g_string_new ("training-list");
  guint i = 0;

  print_bounds (self, "widget", "tool-panel",
                gtk_widget_get_ancestor (GTK_WIDGET (self->tool_panel),
                                         GTK_TYPE_SCROLLED_WINDOW));
  print_bounds (self, "widget", "dictionary", self->separate_dictionary);
  print_bounds (self, "widget", "train-add", self->train_add);
  print_bounds (self, "widget", "separate", self->separate_button);
  for (GtkWidget *row = gtk_widget_get_first_child (self->train_list); row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      GtkWidget *label = GTK_IS_LABEL (row) ? row : gtk_widget_get_first_child (row);

      g_string_append (shown, i == 0 ? " " : " | ");
      if (GTK_IS_LABEL (label))
        g_string_append (shown, gtk_label_get_text (GTK_LABEL (label)));
      if (!GTK_IS_LABEL (row))
        {
          g_autofree char *name = g_strdup_printf ("train-remove-%u", i);

          print_bounds (self, "widget", name, gtk_widget_get_last_child (row));
        }
    }
  printf ("%s\n", shown->str);
}

static gboolean
print_layout_cb (gpointer data)
{
  SmWindow *self = data;
  const SmMaskGrid *grid = sm_viewport_get_grid (self->viewport);

  for (SmPane pane = 0; pane < SM_N_PANES; pane++)
    print_bounds (self, "pane", gtk_widget_get_name (self->views[pane]), self->views[pane]);
  print_bounds (self, "widget", "threshold", self->threshold_scale);
  print_bounds (self, "widget", "lc", self->lc_scale);
  print_bounds (self, "widget", "ibm", self->ibm_button);
  print_bounds (self, "widget", "time-ruler", self->time_ruler);
  print_training (self);
  printf ("viewport time-start=%.9g frames-per-pixel=%.9g freq-min=%.9g freq-max=%.9g "
          "scale=%d rate=%.9g fft=%d hop=%d frames=%zu\n",
          sm_viewport_get_time_start (self->viewport),
          sm_viewport_get_frames_per_pixel (self->viewport),
          sm_viewport_get_freq_min (self->viewport), sm_viewport_get_freq_max (self->viewport),
          (int) sm_viewport_get_freq_scale (self->viewport), grid->rate, grid->n_fft, grid->hop,
          sm_viewport_get_n_frames (self->viewport));
  printf ("ready title=%s\n", gtk_window_get_title (GTK_WINDOW (self)));
  fflush (stdout);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

void
_sm_window_debug_layout (SmWindow *self)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("SPECMASK_DEBUG_LAYOUT") != NULL;
  if (!enabled || !sm_document_is_loaded (self->document))
    return;
  /* Scrolling the tool panel moves its widgets: report them again. */
  if (g_object_get_data (G_OBJECT (self), "debug-scroll-watched") == NULL)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->tool_panel),
                                                     GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *scroll =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      g_object_set_data (G_OBJECT (self), "debug-scroll-watched", GINT_TO_POINTER (1));
      g_signal_connect_object (scroll, "value-changed", G_CALLBACK (_sm_window_debug_layout), self,
                               G_CONNECT_SWAPPED);
    }
  /* After the next layout, when the allocations are real. */
  g_timeout_add_full (G_PRIORITY_LOW, 300, print_layout_cb, g_object_ref (self), NULL);
}
