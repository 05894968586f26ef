/* sm-time-ruler.h: the time axis above the panes, following the shared viewport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels read m:ss (h:mm:ss for files of an hour or more) with as many decimals, up to
 * milliseconds and beyond, as the zoom needs. Lay it out exactly as wide as the panes.
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-viewport-widget.h"

G_BEGIN_DECLS

#define SM_TYPE_TIME_RULER (sm_time_ruler_get_type ())
G_DECLARE_FINAL_TYPE (SmTimeRuler, sm_time_ruler, SM, TIME_RULER, SmViewportWidget)

/* Follows @viewport (may be NULL): see #SmViewportWidget for the "viewport" property. */
GtkWidget *sm_time_ruler_new (SmViewport *viewport);

G_END_DECLS
