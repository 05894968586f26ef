/* sm-renderer.c: cairo instead of OpenGL when OpenGL is drawn by the CPU.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 prefers its GL renderer whenever OpenGL works. On a machine without a GPU (a VM,
 * a remote session, Xvfb in CI) OpenGL is Mesa's software rasteriser, and then the GL
 * renderer costs 100-200 ms of CPU per frame for our window, with frames competing with the
 * analysis for the cores: brush strokes lag by a third of a second (bench/editor measured
 * it, see BENCHMARKS.md). GTK's cairo renderer draws the same frames in a few
 * milliseconds there, since it only repaints what changed. So, like GNOME Shell's check for
 * software rendering, we look at the GL renderer string once at startup. An explicit
 * GSK_RENDERER always wins.
 */
#include "config.h"

#include "sm-renderer.h"

#include <epoxy/gl.h>
#include <string.h>

static gboolean
is_software (const char *renderer)
{
  static const char *const names[] = {
    "llvmpipe", "softpipe", "Software Rasterizer", "SWR", "lavapipe",
  };

  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (names); i++)
    if (strstr (renderer, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

void
sm_renderer_choose (GdkDisplay *display)
{
  g_autoptr (GdkGLContext) context = NULL;
  g_autoptr (GError) error = NULL;
  const char *renderer;
  const char *chosen = g_getenv ("GSK_RENDERER");

  if (display == NULL || (chosen != NULL && chosen[0] != '\0'))
    return;
  context = gdk_display_create_gl_context (display, &error);
  /* Without OpenGL, GTK already falls back to cairo. */
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    return;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  if (is_software (renderer))
    {
      g_debug ("OpenGL is %s, a software rasteriser: drawing with cairo", renderer);
      /* HACK: GTK 4.8 has no API to choose a window's renderer; it reads this variable when
       * the first window is realized, which has not happened yet. */
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
    }
  gdk_gl_context_clear_current ();
}
