/* test-gui-recovery.c: an edit autosaved in the background survives the editor being
 * killed, and is offered back, and restored, at the next start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sm-core-glib.h"
#include "sm-gui-driver.h"
#include "sm-mask-png.h"
#include "sm-test-util.h"

/* The mask of the only autosave in @state, or NULL when there is none. */
static SmMask *
read_autosaved_mask (const char *state)
{
  g_autofree char *folder = g_build_filename (state, "specmask", "autosave", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *png = NULL;
  const char *name;
  SmMask *mask;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".png") && name[0] != '.')
      {
        g_assert_null (png);   /* one autosave per session */
        png = g_build_filename (folder, name, NULL);
      }
  if (png == NULL)
    return NULL;
  mask = sm_mask_png_load (png, &error);
  g_assert_no_error (error);
  return mask;
}

static size_t
removed_bins (const SmMask *mask)
{
  size_t n = 0;

  for (size_t i = 0; i < mask->n_frames * (size_t) mask->n_bins; i++)
    n += mask->levels[i] < SM_MASK_LEVEL_KEPT;
  return n;
}

/* Waits for the next "Autosaved" line after @from in the app's output. */
static void
wait_autosaved (SmGuiApp *app,
                gsize     from)
{
  for (int i = 0; i < 100; i++)
    {
      if (strstr (app->log->str + from, "Autosaved: generation") != NULL)
        return;
      sm_gui_app_wait_log (app, "Autosaved: generation", 0.2);
    }
  g_error ("no autosave; output:\n%s", app->log->str);
}

static void
test_kill_and_recover (void)
{
  const char *args[] = { "--demo", NULL };
  const char *no_args[] = { NULL };
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autoptr (SmMask) saved = NULL;
  g_autoptr (SmMask) recovered = NULL;
  SmGuiRect mix;
  SmGuiApp *app;
  gsize mark;

  g_setenv ("SPECMASK_AUTOSAVE_SECONDS", "1", TRUE);
  app = sm_gui_app_start (state, args);
  if (!sm_gui_app_wait_ready (app, "mix.flac — Specmask", 60))
    g_error ("the demo did not open; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  /* Nothing edited, nothing autosaved. */
  g_usleep ((gulong) (2 * G_USEC_PER_SEC * sm_gui_slowdown ()));
  g_assert_null (strstr (app->log->str, "Autosaved"));

  /* An eraser stroke across the Mix pane: the demo's mask keeps everything until then. */
  sm_gui_app_key (app, "e");
  mix = sm_gui_app_rect (app, "pane=Mix");
  mark = app->log->len;
  sm_gui_app_drag (app, mix.x + 0.2 * mix.width, mix.y + 0.5 * mix.height,
                   mix.x + 0.7 * mix.width, mix.y + 0.5 * mix.height, 8);
  if (!sm_gui_app_wait_ready (app, "• mix.flac — Specmask", 20))
    g_error ("the stroke did not modify the session; output:\n%s", app->log->str);
  wait_autosaved (app, mark);
  saved = read_autosaved_mask (state);
  g_assert_nonnull (saved);
  g_test_message ("the stroke removed %zu bins", removed_bins (saved));
  g_assert_cmpuint (removed_bins (saved), >, 100);

  /* Killed: no chance to save or to clean up. The X server resets once its last client
   * is gone, and refuses connections meanwhile: give it a moment. */
  sm_gui_app_free (app);
  g_usleep ((gulong) (G_USEC_PER_SEC * sm_gui_slowdown ()));

  /* Started with nothing to open, the editor offers the session back. */
  app = sm_gui_app_start (state, no_args);
  if (!sm_gui_app_wait_window (app, "Recover Unsaved Work?", 60))
    g_error ("recovery was not offered; output:\n%s", app->log->str);
  mark = app->log->len;
  sm_gui_app_key (app, "Return");   /* the default response: Recover */
  if (!sm_gui_app_wait_ready (app, "• mix.flac — Specmask", 60))
    g_error ("the session was not recovered; output:\n%s", app->log->str);
  /* Recovered as it was, and still unsaved (the title says so). Inverting twice makes
   * edits, so it is autosaved again: with the mask from before the kill, once the second
   * inversion is saved. */
  sm_gui_app_focus (app);
  sm_gui_app_key (app, "i i");
  for (int i = 0; i < 100; i++)
    {
      g_clear_pointer (&recovered, sm_mask_release);
      wait_autosaved (app, mark);
      mark = app->log->len;
      recovered = read_autosaved_mask (state);
      if (recovered != NULL && recovered->n_frames == saved->n_frames
          && recovered->n_bins == saved->n_bins
          && memcmp (recovered->levels, saved->levels,
                     saved->n_frames * (size_t) saved->n_bins) == 0)
        break;
    }
  g_assert_nonnull (recovered);
  g_assert_cmpmem (recovered->levels, recovered->n_frames * (size_t) recovered->n_bins,
                   saved->levels, saved->n_frames * (size_t) saved->n_bins);

  sm_gui_app_free (app);
  g_unsetenv ("SPECMASK_AUTOSAVE_SECONDS");
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SM_GUI"));
  g_assert_nonnull (g_getenv ("DISPLAY"));

  g_test_add_func ("/gui/kill-and-recover", test_kill_and_recover);
  return g_test_run ();
}
