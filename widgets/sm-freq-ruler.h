/* sm-freq-ruler.h: the frequency axis beside a pane, following the shared viewport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hz / kHz labels: evenly spaced on a linear axis; on log and mel axes, powers of ten
 * first, then 2 and 5 times those, then the other digits, wherever they fit. Lay it out
 * exactly as tall as the pane beside it (the y mapping uses the ruler's own height).
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-viewport-widget.h"

G_BEGIN_DECLS

#define SM_TYPE_FREQ_RULER (sm_freq_ruler_get_type ())
G_DECLARE_FINAL_TYPE (SmFreqRuler, sm_freq_ruler, SM, FREQ_RULER, SmViewportWidget)

/* Follows @viewport (may be NULL): see #SmViewportWidget for the "viewport" property. */
GtkWidget *sm_freq_ruler_new (SmViewport *viewport);

G_END_DECLS
