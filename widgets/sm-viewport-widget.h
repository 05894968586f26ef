/* sm-viewport-widget.h: the abstract base of the widgets that follow a shared viewport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time and frequency rulers and the colour bar draw nothing of their own state: they
 * redraw whenever their #SmViewport changes. This base holds the "viewport" property and
 * the "changed" connection, so each of them only draws.
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-viewport.h"

G_BEGIN_DECLS

#define SM_TYPE_VIEWPORT_WIDGET (sm_viewport_widget_get_type ())
G_DECLARE_DERIVABLE_TYPE (SmViewportWidget, sm_viewport_widget, SM, VIEWPORT_WIDGET, GtkWidget)

struct _SmViewportWidgetClass
{
  GtkWidgetClass parent_class;

  /* Runs when the viewport emits "changed" and when another viewport (or NULL) is set.
   * The default queues a draw; chain up or replace it (say, to queue a resize). */
  void (*viewport_changed) (SmViewportWidget *self);
};

/* Property "viewport"; may be NULL (subclasses then draw nothing). */
SmViewport  *sm_viewport_widget_get_viewport (SmViewportWidget *self);
void         sm_viewport_widget_set_viewport (SmViewportWidget *self,
                                              SmViewport       *viewport);

G_END_DECLS
