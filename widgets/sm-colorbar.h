/* sm-colorbar.h: a vertical legend of the viewport's colour map with dB labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-viewport-widget.h"

G_BEGIN_DECLS

#define SM_TYPE_COLORBAR (sm_colorbar_get_type ())
G_DECLARE_FINAL_TYPE (SmColorbar, sm_colorbar, SM, COLORBAR, SmViewportWidget)

/* Follows @viewport (may be NULL): see #SmViewportWidget for the "viewport" property. */
GtkWidget *sm_colorbar_new (SmViewport *viewport);

G_END_DECLS
