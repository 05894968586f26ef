/* sm-gui-driver.h: runs the real `specmask` in a real window on the test's X display and
 * drives it with real pointer and key events (xdotool, XTEST).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application runs with SPECMASK_DEBUG_LAYOUT=1, which makes it print where its panes
 * and sliders are and what the viewport shows ("layout ...", "viewport ...", "ready
 * title=..." lines); the driver reads them to aim its events and to wait for the window.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x, y, width, height;
} SmGuiRect;

typedef struct
{
  GPid       pid;
  int        out_fd;
  GString   *log;           /* everything the app printed */
  char      *window_id;
  char      *title;         /* from the newest "ready" line */
  double     time_start, frames_per_pixel, freq_min, freq_max, rate;
  int        freq_scale, fft, hop;
  gsize      n_frames;
  GHashTable *rects;        /* "pane=Mix" -> SmGuiRect */
} SmGuiApp;

/* Starts specmask with @args (NULL-terminated) in @state_dir (XDG_STATE_HOME). */
/* How much slower than normal the app runs: SM_TEST_SLOWDOWN (set under sanitizers), at
 * least 1. Every wait below stretches by it. */
double     sm_gui_slowdown       (void);
SmGuiApp  *sm_gui_app_start (const char        *state_dir,
                             const char *const *args);
/* Reads the app's output until a "ready" line whose title contains @fragment, or one that
 * was printed after @log_offset with any title when @fragment is NULL. FALSE on timeout. */
gboolean   sm_gui_app_wait_ready (SmGuiApp   *app,
                                  const char *fragment,
                                  double      timeout_s);
/* Reads output until @fragment appears anywhere in the log. */
gboolean   sm_gui_app_wait_log   (SmGuiApp   *app,
                                  const char *fragment,
                                  double      timeout_s);
/* The newest reported geometry of @key ("pane=Mix", "widget=threshold"); a copy, as later
 * reports replace it. */
SmGuiRect  sm_gui_app_rect       (SmGuiApp   *app,
                                  const char *key);
/* Finds the window (once) and gives it the keyboard focus. */
void       sm_gui_app_focus      (SmGuiApp   *app);
/* Real events, in window coordinates. */
void       sm_gui_app_drag       (SmGuiApp   *app,
                                  double      x0,
                                  double      y0,
                                  double      x1,
                                  double      y1,
                                  int         steps);
void       sm_gui_app_click      (SmGuiApp   *app,
                                  double      x,
                                  double      y);
void       sm_gui_app_key        (SmGuiApp   *app,
                                  const char *keys);
/* Turns the mouse wheel over (@x, @y): @clicks notches, down when positive. */
void       sm_gui_app_scroll     (SmGuiApp   *app,
                                  double      x,
                                  double      y,
                                  int         clicks);
/* Waits up to @timeout_s for a visible window whose title starts with @title (a dialog),
 * gives it the keyboard focus and returns whether it came: keys typed before it shows
 * would reach the editor. */
gboolean   sm_gui_app_wait_window (SmGuiApp   *app,
                                   const char *title,
                                   double      timeout_s);
gboolean   sm_gui_app_is_running (SmGuiApp   *app);
/* Waits for the process to end; returns its exit status, or -1 on timeout (then kills). */
int        sm_gui_app_wait_exit  (SmGuiApp   *app,
                                  double      timeout_s);
/* Grabs the window's pixels (xwd) as 0xRRGGBB values; @width/@height receive the size. */
guint32   *sm_gui_app_grab       (SmGuiApp   *app,
                                  int        *width,
                                  int        *height);
/* With SM_GUI_SCREENSHOTS set to a folder, saves the window as @name.ppm there, for a
 * person to look at; does nothing otherwise. */
void       sm_gui_app_snapshot   (SmGuiApp   *app,
                                  const char *name);
void       sm_gui_app_free       (SmGuiApp   *app);

G_END_DECLS
