/* test-gui-training.c: the training files of the Separate panel in the real application:
 * added through the real file chooser, listed, removed, refused at the wrong sample rate,
 * and used by a separation with the dictionary "Training files".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sm-core-glib.h"
#include "sm-gui-driver.h"
#include "sm-test-util.h"

static char *demo_dir;

/* What the panel's list shows: the newest "training-list" line the app printed. */
static char *
shown_list (SmGuiApp *app)
{
  const char *at = NULL;

  for (const char *next = strstr (app->log->str, "training-list");
       next != NULL; next = strstr (next + 1, "training-list"))
    at = next;
  g_assert_nonnull (at);
  at += strlen ("training-list");
  if (*at == ' ')
    at++;
  return g_strndup (at, strcspn (at, "\n"));
}

/* Waits until the app stops reporting new layouts (a scroll has finished moving). */
static void
wait_settled (SmGuiApp *app)
{
  for (int i = 0; i < 50 && sm_gui_app_wait_ready (app, NULL, 0.7); i++)
    ;
}

/* Scrolls the tool panel until the widget @key lies inside it, and returns where it is. */
static SmGuiRect
reveal (SmGuiApp   *app,
        const char *key)
{
  for (int i = 0; i < 40; i++)
    {
      SmGuiRect panel = sm_gui_app_rect (app, "widget=tool-panel");
      SmGuiRect r = sm_gui_app_rect (app, key);

      if (r.y >= panel.y && r.y + r.height <= panel.y + panel.height)
        return r;
      sm_gui_app_scroll (app, panel.x + panel.width / 2, panel.y + panel.height / 2,
                         r.y < panel.y ? -2 : 2);
      /* Scrolling makes the app report its layout again, as the panel glides. */
      if (!sm_gui_app_wait_ready (app, NULL, 10))
        g_error ("no layout after scrolling; output:\n%s", app->log->str);
      wait_settled (app);
    }
  g_error ("could not scroll %s into view; output:\n%s", key, app->log->str);
}

static void
click_centre (SmGuiApp  *app,
              SmGuiRect  r)
{
  sm_gui_app_click (app, r.x + r.width / 2, r.y + r.height / 2);
}

/* The panel's "+" opens the file chooser; Ctrl+L gives its location field, where the path
 * is typed and accepted with Enter. */
static void
choose_training_file (SmGuiApp   *app,
                      const char *path)
{
  g_autofree char *typed = g_strdup_printf ("xdotool type --delay 20 '%s'", path);

  click_centre (app, reveal (app, "widget=train-add"));
  /* Keys typed before the chooser shows would reach the editor as shortcuts. */
  if (!sm_gui_app_wait_window (app, "Add Training Speech", 30))
    g_error ("the file chooser did not open; output:\n%s", app->log->str);
  g_usleep ((gulong) (G_USEC_PER_SEC / 2 * sm_gui_slowdown ()));
  sm_gui_app_key (app, "ctrl+l");
  g_usleep ((gulong) (G_USEC_PER_SEC / 5 * sm_gui_slowdown ()));
  g_spawn_command_line_sync (typed, NULL, NULL, NULL, NULL);
  g_usleep ((gulong) (G_USEC_PER_SEC / 5 * sm_gui_slowdown ()));
  sm_gui_app_key (app, "Return");
}

static void
add_training_file (SmGuiApp   *app,
                   const char *path)
{
  g_autofree char *added = g_strdup_printf ("Training file added: %s", path);

  choose_training_file (app, path);
  if (!sm_gui_app_wait_log (app, added, 20))
    g_error ("no '%s'; output:\n%s", added, app->log->str);
  /* The rebuilt list is reported after the next layout. */
  g_assert_true (sm_gui_app_wait_ready (app, NULL, 10));
}

/* How many STFT frames the engine makes of @path at the app's default analysis. */
static size_t
n_frames_of (const char *path)
{
  g_autoptr (SmAudio) audio = NULL;
  g_autoptr (SmStft) stft = NULL;
  SmStftParams params;

  g_assert_cmpint (sm_audio_read (path, &audio, NULL, NULL), ==, SM_OK);
  sm_stft_params_default (&params, audio->rate);
  stft = sm_stft_new (&params, NULL);
  return sm_stft_n_frames (stft, audio->frames);
}

static void
test_training_files (void)
{
  const char *args[] = { "--demo", NULL };
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *wrong_rate = g_build_filename (dir, "wrong-rate.wav", NULL);
  g_autofree char *train_1 = g_build_filename (demo_dir, "train-1.flac", NULL);
  g_autofree char *train_2 = g_build_filename (demo_dir, "train-2.flac", NULL);
  g_autofree char *mix_path = g_build_filename (demo_dir, "mix.flac", NULL);
  g_autofree char *refused = NULL;
  g_autofree char *dictionary = NULL;
  g_autofree char *list = NULL;
  g_autoptr (SmAudio) mix = NULL;
  g_autoptr (SmAudio) other = NULL;
  SmGuiApp *app;

  /* A clean recording at twice the mix's rate: readable audio, wrong for this mix. */
  g_assert_cmpint (sm_audio_read (mix_path, &mix, NULL, NULL), ==, SM_OK);
  other = sm_audio_new (1, (size_t) mix->rate, mix->rate * 2, NULL);
  g_assert_cmpint (sm_audio_write (wrong_rate, other, SM_AUDIO_WAV_16, NULL), ==, SM_OK);

  app = sm_gui_app_start (state, args);
  if (!sm_gui_app_wait_ready (app, "mix.flac — Specmask", 60))
    g_error ("the demo did not open; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  list = shown_list (app);
  g_assert_cmpstr (list, ==, "None loaded");

  /* Added through the chooser: listed by name. */
  add_training_file (app, train_1);
  g_free (list);
  list = shown_list (app);
  g_assert_cmpstr (list, ==, "train-1.flac");

  /* The wrong rate is refused with the reason, and the list stays as it was. */
  choose_training_file (app, wrong_rate);
  refused = g_strdup_printf ("Could Not Add the Training File: training file %s: sample rate "
                             "%d Hz differs from the mix's %d Hz", wrong_rate, mix->rate * 2,
                             mix->rate);
  if (!sm_gui_app_wait_log (app, refused, 20))
    g_error ("no '%s'; output:\n%s", refused, app->log->str);
  {
    g_autofree char *added = g_strdup_printf ("Training file added: %s", wrong_rate);

    g_assert_null (strstr (app->log->str, added));
  }
  g_assert_true (sm_gui_app_is_running (app));
  if (!sm_gui_app_wait_window (app, "Could Not Add the Training File", 20))
    g_error ("no error dialog; output:\n%s", app->log->str);
  sm_gui_app_key (app, "Escape");
  g_usleep (G_USEC_PER_SEC / 2);
  sm_gui_app_focus (app);

  /* Removed: the dictionary is still "Training files" (the first file chose it), so the
   * panel says it needs one, and Separate says so instead of starting. */
  click_centre (app, reveal (app, "widget=train-remove-0"));
  if (!sm_gui_app_wait_log (app, "Training file removed: ", 10))
    g_error ("the file was not removed; output:\n%s", app->log->str);
  g_assert_true (sm_gui_app_wait_ready (app, NULL, 10));
  g_free (list);
  list = shown_list (app);
  sm_gui_app_snapshot (app, "training-none-loaded");
  g_assert_true (g_str_has_prefix (list, "None loaded: the dictionary “Training files” needs "
                                   "at least one"));
  /* The panel's Separate button (the removed row held the keyboard focus, so a shortcut
   * would depend on where GTK moved it). */
  click_centre (app, reveal (app, "widget=separate"));
  if (!sm_gui_app_wait_log (app, "Add training files (clean speech of the target speaker)", 20))
    g_error ("Separate did not ask for training files; output:\n%s", app->log->str);
  g_assert_null (strstr (app->log->str, "Separation done"));

  /* Another file, and a run that learns the target's dictionary from it. */
  add_training_file (app, train_2);
  g_free (list);
  list = shown_list (app);
  g_assert_cmpstr (list, ==, "train-2.flac");
  sm_gui_app_key (app, "ctrl+Return");
  dictionary = g_strdup_printf ("Dictionary: training files (1), %zu frames",
                                n_frames_of (train_2));
  if (!sm_gui_app_wait_log (app, dictionary, 60))
    g_error ("no '%s'; output:\n%s", dictionary, app->log->str);
  if (!sm_gui_app_wait_log (app, "Separation done", 180))
    g_error ("the separation did not finish; output:\n%s", app->log->str);
  g_assert_null (strstr (app->log->str, "Separation Failed"));

  sm_gui_app_key (app, "ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SM_GUI"));
  g_assert_nonnull (g_getenv ("DISPLAY"));
  demo_dir = g_strdup (g_getenv ("SM_DEMO_DIR"));

  g_test_add_func ("/gui/training-files", test_training_files);
  return g_test_run ();
}
