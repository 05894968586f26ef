/* sm-gui-driver.c: start, watch and drive the real application under X.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-gui-driver.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void
become_group_leader (gpointer data)
{
  /* So that a failed test can stop the app and its private D-Bus daemon together. */
  setpgid (0, 0);
}

double
sm_gui_slowdown (void)
{
  const char *factor = g_getenv ("SM_TEST_SLOWDOWN");
  double value = factor != NULL ? g_ascii_strtod (factor, NULL) : 1.0;

  return value >= 1.0 ? value : 1.0;
}

SmGuiApp *
sm_gui_app_start (const char        *state_dir,
                  const char *const *args)
{
  SmGuiApp *app = g_new0 (SmGuiApp, 1);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) env = g_get_environ ();
  GError *error = NULL;

  /* dbus-run-session: GApplication wants a session bus; the test gets a private one. The
   * shell merges stderr into the pipe, so errors the app logs are seen too. */
  g_ptr_array_add (argv, "/bin/sh");
  g_ptr_array_add (argv, "-c");
  g_ptr_array_add (argv, "exec dbus-run-session -- \"$@\" 2>&1");
  g_ptr_array_add (argv, "sh");
  g_ptr_array_add (argv, (char *) g_getenv ("SM_GUI"));
  for (int i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "SPECMASK_DEBUG_LAYOUT", "1", TRUE);
  /* The app's state, recent files and caches stay inside the test's folder. */
  env = g_environ_setenv (env, "XDG_STATE_HOME", state_dir, TRUE);
  {
    g_autofree char *data = g_build_filename (state_dir, "data", NULL);
    g_autofree char *cache = g_build_filename (state_dir, "cache", NULL);
    g_autofree char *config = g_build_filename (state_dir, "config", NULL);

    env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
    env = g_environ_setenv (env, "XDG_CACHE_HOME", cache, TRUE);
    env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  }
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  /* Under AddressSanitizer, the app's leaks must be traced through system libraries built
   * without frame pointers, so that lsan.supp can name the libraries that leak on purpose:
   * the slow unwinder does that (too slow for the widget tests, fine for the app). */
  if (g_environ_getenv (env, "ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_environ_getenv (env, "ASAN_OPTIONS"),
                                              ":fast_unwind_on_malloc=0", NULL);

      env = g_environ_setenv (env, "ASAN_OPTIONS", options, TRUE);
    }

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD,
                            become_group_leader, NULL, &app->pid, NULL, &app->out_fd, NULL,
                            &error);
  g_assert_no_error (error);
  app->log = g_string_new (NULL);
  app->rects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return app;
}

static void
parse_line (SmGuiApp   *app,
            const char *line)
{
  if (g_str_has_prefix (line, "layout "))
    {
      char kind[32], name[64];
      SmGuiRect rect;

      if (sscanf (line, "layout %31[^=]=%63s x=%lf y=%lf width=%lf height=%lf", kind, name,
                  &rect.x, &rect.y, &rect.width, &rect.height) == 6)
        g_hash_table_replace (app->rects, g_strdup_printf ("%s=%s", kind, name),
                              g_memdup2 (&rect, sizeof rect));
    }
  else if (g_str_has_prefix (line, "viewport "))
    sscanf (line, "viewport time-start=%lf frames-per-pixel=%lf freq-min=%lf freq-max=%lf "
            "scale=%d rate=%lf fft=%d hop=%d frames=%zu", &app->time_start,
            &app->frames_per_pixel, &app->freq_min, &app->freq_max, &app->freq_scale,
            &app->rate, &app->fft, &app->hop, &app->n_frames);
  else if (g_str_has_prefix (line, "ready title="))
    {
      g_free (app->title);
      app->title = g_strdup (line + strlen ("ready title="));
    }
}

/* Reads what is available within @timeout_ms; returns FALSE at end of output. */
static gboolean
pump (SmGuiApp *app,
      int       timeout_ms)
{
  struct pollfd pfd = { app->out_fd, POLLIN, 0 };
  char buffer[4096];
  gsize start = app->log->len;
  ssize_t n;

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return TRUE;
  n = read (app->out_fd, buffer, sizeof buffer);
  if (n <= 0)
    return n < 0 && errno == EINTR;
  g_string_append_len (app->log, buffer, n);

  /* Parse every complete line that arrived. */
  while (start > 0 && app->log->str[start - 1] != '\n')
    start--;
  for (char *line = app->log->str + start, *end; (end = strchr (line, '\n')) != NULL;
       line = end + 1)
    {
      g_autofree char *copy = g_strndup (line, (gsize) (end - line));

      parse_line (app, copy);
    }
  return TRUE;
}

/* Reads whatever the app still wrote, up to the end of its output. */
static void
drain (SmGuiApp *app)
{
  struct pollfd pfd = { app->out_fd, POLLIN, 0 };
  char buffer[4096];
  ssize_t n;

  while (poll (&pfd, 1, 1000) > 0 && (n = read (app->out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (app->log, buffer, n);
}

gboolean
sm_gui_app_wait_ready (SmGuiApp   *app,
                       const char *fragment,
                       double      timeout_s)
{
  gint64 deadline = g_get_monotonic_time ()
                    + (gint64) (timeout_s * sm_gui_slowdown () * G_USEC_PER_SEC);

  g_clear_pointer (&app->title, g_free);
  while (g_get_monotonic_time () < deadline)
    {
      if (app->title != NULL && (fragment == NULL || strstr (app->title, fragment) != NULL))
        return TRUE;
      g_clear_pointer (&app->title, g_free);
      if (!pump (app, 100))
        return FALSE;
    }
  return FALSE;
}

gboolean
sm_gui_app_wait_log (SmGuiApp   *app,
                     const char *fragment,
                     double      timeout_s)
{
  gint64 deadline = g_get_monotonic_time ()
                    + (gint64) (timeout_s * sm_gui_slowdown () * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    {
      if (strstr (app->log->str, fragment) != NULL)
        return TRUE;
      if (!pump (app, 100))
        return strstr (app->log->str, fragment) != NULL;
    }
  return FALSE;
}

SmGuiRect
sm_gui_app_rect (SmGuiApp   *app,
                 const char *key)
{
  const SmGuiRect *rect = g_hash_table_lookup (app->rects, key);

  if (rect == NULL)
    g_error ("the app did not report '%s'; its output:\n%s", key, app->log->str);
  return *rect;
}

static char *
run (const char *command)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GError *error = NULL;
  int status;

  g_spawn_command_line_sync (command, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("'%s' failed: %s", command, err);
  return g_strstrip (g_steal_pointer (&out));
}

/* The id of the first visible window whose title matches @pattern, waiting up to
 * @timeout_s; NULL if none shows. xdotool's --sync waits on one connection to the X server:
 * a search per poll would connect and leave again and again, and the moment no client is
 * left (between two editors) the server resets, refusing the next editor's connection.
 * A search walks every window, and fails outright (BadWindow) when one closes under it,
 * as a file chooser does just before the dialog that reports its choice opens: then it is
 * started again. */
static char *
find_window (SmGuiApp   *app,
             const char *pattern,
             double      timeout_s)
{
  g_autofree char *quoted = g_shell_quote (pattern);
  gint64 deadline = g_get_monotonic_time ()
                    + (gint64) (timeout_s * sm_gui_slowdown () * G_USEC_PER_SEC);

  for (;;)
    {
      double left = (double) (deadline - g_get_monotonic_time ()) / G_USEC_PER_SEC;
      g_autofree char *search = NULL;
      g_autofree char *found = NULL;
      int status = -1;

      if (left <= 0.0)
        return NULL;
      search = g_strdup_printf ("timeout %.1f xdotool search --sync --onlyvisible --limit 1 "
                                "--name %s", MAX (left, 0.1), quoted);
      if (g_spawn_command_line_sync (search, &found, NULL, &status, NULL)
          && g_spawn_check_wait_status (status, NULL) && *g_strstrip (found) != '\0')
        return g_steal_pointer (&found);
      pump (app, 100);
    }
}

void
sm_gui_app_focus (SmGuiApp *app)
{
  if (app->window_id == NULL)
    {
      app->window_id = find_window (app, "Specmask$", 20);
      if (app->window_id == NULL)
        g_error ("the editor's window did not show; output:\n%s", app->log->str);
    }
  {
    g_autofree char *command = g_strdup_printf ("xdotool windowfocus --sync %s",
                                                app->window_id);

    g_free (run (command));
  }
}

void
sm_gui_app_drag (SmGuiApp *app,
                 double    x0,
                 double    y0,
                 double    x1,
                 double    y1,
                 int       steps)
{
  g_autoptr (GString) command = g_string_new ("xdotool");

  g_string_append_printf (command, " mousemove --window %s %.0f %.0f sleep 0.1 mousedown 1",
                          app->window_id, x0, y0);
  for (int i = 1; i <= steps; i++)
    g_string_append_printf (command, " sleep 0.05 mousemove --window %s %.0f %.0f",
                            app->window_id, x0 + (x1 - x0) * i / steps,
                            y0 + (y1 - y0) * i / steps);
  g_string_append (command, " sleep 0.1 mouseup 1");
  g_free (run (command->str));
}

void
sm_gui_app_click (SmGuiApp *app,
                  double    x,
                  double    y)
{
  g_autofree char *command = g_strdup_printf ("xdotool mousemove --window %s %.0f %.0f "
                                              "sleep 0.1 click 1", app->window_id, x, y);

  g_free (run (command));
}

void
sm_gui_app_key (SmGuiApp   *app,
                const char *keys)
{
  g_autofree char *command = g_strdup_printf ("xdotool key --delay 50 %s", keys);

  g_free (run (command));
}

void
sm_gui_app_scroll (SmGuiApp *app,
                   double    x,
                   double    y,
                   int       clicks)
{
  /* X reports the wheel as buttons 4 (up) and 5 (down). */
  g_autofree char *command = g_strdup_printf ("xdotool mousemove --window %s %.0f %.0f "
                                              "sleep 0.1 click --repeat %d --delay 50 %d",
                                              app->window_id, x, y, ABS (clicks),
                                              clicks > 0 ? 5 : 4);

  if (clicks != 0)
    g_free (run (command));
}

gboolean
sm_gui_app_wait_window (SmGuiApp   *app,
                        const char *title,
                        double      timeout_s)
{
  g_autofree char *pattern = g_strconcat ("^", title, NULL);
  g_autofree char *found = find_window (app, pattern, timeout_s);
  g_autofree char *focus = NULL;
  int status = -1;

  if (found == NULL)
    return FALSE;
  /* Xvfb runs no window manager: nothing gives a new window the keyboard focus, so the
   * keys that follow would go to the editor. Focus it; a window just mapped may refuse
   * the focus for a moment. */
  focus = g_strdup_printf ("xdotool windowfocus --sync %s", found);
  for (int i = 0; i < 20; i++)
    {
      if (g_spawn_command_line_sync (focus, NULL, NULL, &status, NULL)
          && g_spawn_check_wait_status (status, NULL))
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  pump (app, 0);
  return TRUE;
}

gboolean
sm_gui_app_is_running (SmGuiApp *app)
{
  return app->pid > 0 && waitpid (app->pid, NULL, WNOHANG) == 0;
}

int
sm_gui_app_wait_exit (SmGuiApp *app,
                      double    timeout_s)
{
  gint64 deadline = g_get_monotonic_time ()
                    + (gint64) (timeout_s * sm_gui_slowdown () * G_USEC_PER_SEC);
  int status;

  while (g_get_monotonic_time () < deadline)
    {
      pid_t done = waitpid (app->pid, &status, WNOHANG);

      if (done == app->pid)
        {
          int code = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);

          app->pid = 0;
          /* What it said last (a sanitizer's report, say) explains an unclean exit. */
          if (code != 0)
            {
              drain (app);
              g_test_message ("the app exited with status %d; its output:\n%s", code,
                              app->log->str);
            }
          return code;
        }
      pump (app, 100);
    }
  kill (-app->pid, SIGKILL);
  waitpid (app->pid, NULL, 0);
  app->pid = 0;
  return -1;
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

guint32 *
sm_gui_app_grab (SmGuiApp *app,
                 int      *width,
                 int      *height)
{
  g_autofree char *raw = NULL;
  g_autofree char *err = NULL;
  GError *error = NULL;
  gsize len;
  int status;
  guint32 header_size, bits_per_pixel, bytes_per_line, ncolors, byte_order;
  const guint8 *pixels;
  guint32 *out;
  char *argv[] = { "xwd", "-silent", "-id", app->window_id, NULL };

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &raw, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* xwd writes binary data; g_spawn_sync's string is NUL-terminated, the length is what
   * the header describes. XWD header fields are big-endian 32-bit words. */
  header_size = read_be32 ((guint8 *) raw);
  *width = (int) read_be32 ((guint8 *) raw + 16);
  *height = (int) read_be32 ((guint8 *) raw + 20);
  byte_order = read_be32 ((guint8 *) raw + 28);
  bits_per_pixel = read_be32 ((guint8 *) raw + 44);
  bytes_per_line = read_be32 ((guint8 *) raw + 48);
  ncolors = read_be32 ((guint8 *) raw + 76);
  g_assert_cmpuint (bits_per_pixel, ==, 32);
  pixels = (guint8 *) raw + header_size + ncolors * 12;
  len = (gsize) *width * (gsize) *height;
  out = g_new (guint32, len);
  for (int y = 0; y < *height; y++)
    for (int x = 0; x < *width; x++)
      {
        const guint8 *p = pixels + (gsize) y * bytes_per_line + (gsize) x * 4;
        guint32 v = byte_order == 0 ? (guint32) p[3] << 24 | (guint32) p[2] << 16
                                        | (guint32) p[1] << 8 | p[0]
                                    : read_be32 (p);

        out[(gsize) y * (gsize) *width + (gsize) x] = v & 0xffffff;
      }
  return out;
}

void
sm_gui_app_snapshot (SmGuiApp   *app,
                     const char *name)
{
  const char *dir = g_getenv ("SM_GUI_SCREENSHOTS");
  g_autofree guint32 *pixels = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GString) ppm = NULL;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;
  pixels = sm_gui_app_grab (app, &width, &height);
  ppm = g_string_new (NULL);
  g_string_append_printf (ppm, "P6\n%d %d\n255\n", width, height);
  for (gsize i = 0; i < (gsize) width * (gsize) height; i++)
    {
      g_string_append_c (ppm, (char) (pixels[i] >> 16 & 0xff));
      g_string_append_c (ppm, (char) (pixels[i] >> 8 & 0xff));
      g_string_append_c (ppm, (char) (pixels[i] & 0xff));
    }
  file = g_strconcat (name, ".ppm", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (g_file_set_contents (path, ppm->str, (gssize) ppm->len, NULL));
}

void
sm_gui_app_free (SmGuiApp *app)
{
  if (app->pid > 0)
    {
      kill (-app->pid, SIGKILL);
      waitpid (app->pid, NULL, 0);
    }
  if (app->out_fd >= 0)
    close (app->out_fd);
  g_string_free (app->log, TRUE);
  g_hash_table_unref (app->rects);
  g_free (app->window_id);
  g_free (app->title);
  g_free (app);
}
