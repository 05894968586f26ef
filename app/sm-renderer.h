/* sm-renderer.h: picking GTK's renderer for the machine we run on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Call before the first window is realized. When GSK_RENDERER is unset (or empty) and OpenGL on
 * @display is a software rasteriser, sets GSK_RENDERER=cairo. */
void sm_renderer_choose (GdkDisplay *display);

G_END_DECLS
