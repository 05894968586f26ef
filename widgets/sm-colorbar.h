/* sm-colorbar.h: a vertical legend of the viewport's colour map with dB labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-viewport.h"

G_BEGIN_DECLS

#define SM_TYPE_COLORBAR (sm_colorbar_get_type ())
G_DECLARE_FINAL_TYPE (SmColorbar, sm_colorbar, SM, COLORBAR, GtkWidget)

GtkWidget   *sm_colorbar_new          (SmViewport *viewport);
/* Property "viewport"; may be NULL (nothing is drawn). */
SmViewport  *sm_colorbar_get_viewport (SmColorbar *self);
void         sm_colorbar_set_viewport (SmColorbar *self,
                                       SmViewport *viewport);

G_END_DECLS
