/* test-player.c: the player shares the audio it is given instead of copying it, keeps it
 * alive after its owner lets go, writes its playback files in a worker, drops a write that
 * a newer signal made stale, leaves no file behind, and falls back to the silent clock
 * when it cannot write one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"
#include "sm-core-glib.h"
#include "sm-player-private.h"
#include "sm-workers.h"

#include <gtk/gtk.h>
#include <string.h>

#define RATE    8000
#define FRAMES  4000

/* Where the player writes: set in main(), before anything reads the cache folder. */
static char *cache_dir;

/* A sine of @freq Hz, shared. */
static SmSharedAudio *
shared_sine (double freq)
{
  g_autofree float *samples = sm_test_sine (FRAMES, RATE, freq, 0.5, 0.0);

  return sm_shared_audio_new (sm_test_audio_from (samples, FRAMES, RATE));
}

/* The playback files in the cache folder. */
static guint
count_playback_files (void)
{
  g_autofree char *dir_path = g_build_filename (cache_dir, "specmask", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, "playback-");
  return n;
}

/* Runs the main loop until @source's playback file is written (or playback went silent). */
static void
wait_for_file (SmPlayer     *player,
               SmPlaySource  source)
{
  while (_sm_player_get_file (player, source) == NULL && !sm_player_is_silent (player))
    g_main_context_iteration (NULL, TRUE);
}

/* Lets every write, cancelled ones included, finish and report. */
static void
settle (void)
{
  sm_workers_wait_idle ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The file holds @expected's samples (32-bit float: exactly). */
static void
assert_file_holds (const char    *path,
                   const SmAudio *expected)
{
  g_autoptr (SmAudio) audio = sm_test_read_audio (path);

  g_assert_cmpint (audio->rate, ==, expected->rate);
  g_assert_cmpuint (audio->frames, ==, expected->frames);
  g_assert_cmpmem (audio->data[0], audio->frames * sizeof (float), expected->data[0],
                   expected->frames * sizeof (float));
}

/* The player holds the caller's audio, not a copy of it, and keeps it after the owner
 * (the document, in the editor) drops its reference. */
static void
test_shares_audio (void)
{
  SmPlayer *player = sm_player_new ();
  SmSharedAudio *mix = shared_sine (440.0);
  g_autofree float *expected = sm_test_sine (FRAMES, RATE, 440.0, 0.5, 0.0);
  g_autoptr (SmAudio) reference = sm_test_audio_from (expected, FRAMES, RATE);
  const float *samples = sm_shared_audio_get (mix)->data[0];
  const SmAudio *held;

  sm_player_set_audio (player, SM_PLAY_MIX, mix);
  g_assert_true (sm_player_get_audio (player, SM_PLAY_MIX) == mix);
  g_assert_true (sm_shared_audio_get (sm_player_get_audio (player, SM_PLAY_MIX))->data[0]
                 == samples);
  /* Handing over the same holder again is a no-op; nothing is written before play. */
  sm_player_set_audio (player, SM_PLAY_MIX, mix);
  g_assert_true (sm_player_get_audio (player, SM_PLAY_MIX) == mix);
  g_assert_null (_sm_player_get_file (player, SM_PLAY_MIX));
  g_assert_cmpuint (count_playback_files (), ==, 0);

  /* The owner lets go: the player's reference keeps the samples (a sanitizer or valgrind
   * would catch a read of freed memory here and in the writer). */
  sm_shared_audio_unref (mix);
  held = sm_shared_audio_get (sm_player_get_audio (player, SM_PLAY_MIX));
  g_assert_true (held->data[0] == samples);
  g_assert_cmpmem (held->data[0], FRAMES * sizeof (float), expected, FRAMES * sizeof (float));

  /* The write runs in a worker; its result comes through the main loop, and until then
   * the clock waits for it, as the sound does. */
  sm_player_play (player);
  g_assert_true (sm_player_get_playing (player));
  g_usleep (G_USEC_PER_SEC / 20);
  g_assert_null (_sm_player_get_file (player, SM_PLAY_MIX));
  g_assert_cmpfloat (sm_player_get_position (player), ==, 0.0);
  wait_for_file (player, SM_PLAY_MIX);
  g_assert_nonnull (_sm_player_get_file (player, SM_PLAY_MIX));
  assert_file_holds (_sm_player_get_file (player, SM_PLAY_MIX), reference);
  /* Then it moves on (the stream's time, or the silent clock's without an audio device). */
  for (gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       sm_player_get_position (player) == 0.0 && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (sm_player_get_position (player), >, 0.0);
  sm_player_stop (player);

  settle ();
  g_assert_finalize_object (player);
  settle ();
  g_assert_cmpuint (count_playback_files (), ==, 0);
}

/* A source replaced while its file is being written: the stale write is dropped and its
 * file removed; the player plays the new audio only. */
static void
test_replace_while_writing (void)
{
  SmPlayer *player = sm_player_new ();
  g_autoptr (SmSharedAudio) first = shared_sine (440.0);
  g_autoptr (SmSharedAudio) second = shared_sine (1000.0);

  sm_player_set_audio (player, SM_PLAY_MIX, first);
  /* Play starts the write of the mix; the replacement comes before it can finish (the
   * main loop has not run), so the write of the first signal is stale. */
  sm_player_play (player);
  g_assert_null (_sm_player_get_file (player, SM_PLAY_MIX));
  sm_player_set_audio (player, SM_PLAY_MIX, second);
  g_assert_true (sm_player_get_audio (player, SM_PLAY_MIX) == second);
  wait_for_file (player, SM_PLAY_MIX);
  g_assert_nonnull (_sm_player_get_file (player, SM_PLAY_MIX));
  assert_file_holds (_sm_player_get_file (player, SM_PLAY_MIX), sm_shared_audio_get (second));

  /* Once every write is done, the stale one has left nothing: one file, the second's. */
  settle ();
  g_assert_cmpuint (count_playback_files (), ==, 1);

  /* Handed NULL, the source is unavailable and its file goes. */
  sm_player_set_audio (player, SM_PLAY_MIX, NULL);
  g_assert_false (sm_player_has_audio (player, SM_PLAY_MIX));
  g_assert_null (_sm_player_get_file (player, SM_PLAY_MIX));
  g_assert_cmpuint (count_playback_files (), ==, 0);

  sm_player_pause (player);
  g_assert_finalize_object (player);
  settle ();
  g_assert_cmpuint (count_playback_files (), ==, 0);
}

/* Disposing the player while a write is under way cancels it: the file goes, and the
 * late completion does not touch the finalized player. */
static void
test_dispose_while_writing (void)
{
  SmPlayer *player = sm_player_new ();
  g_autoptr (SmSharedAudio) mix = shared_sine (440.0);

  sm_player_set_audio (player, SM_PLAY_MIX, mix);
  sm_player_play (player);
  g_assert_finalize_object (player);
  settle ();
  g_assert_cmpuint (count_playback_files (), ==, 0);
}

/* In a subprocess whose cache folder cannot be made (see main()): the write fails and the
 * player keeps time with its silent clock, saying why. */
static void
test_write_failure_is_silent (void)
{
  if (g_test_subprocess ())
    {
      SmPlayer *player = sm_player_new ();
      g_autoptr (SmSharedAudio) mix = shared_sine (440.0);

      sm_player_set_audio (player, SM_PLAY_MIX, mix);
      sm_player_play (player);
      wait_for_file (player, SM_PLAY_MIX);
      g_assert_true (sm_player_is_silent (player));
      g_assert_null (_sm_player_get_file (player, SM_PLAY_MIX));
      g_assert_true (sm_player_get_playing (player));
      g_assert_finalize_object (player);
      settle ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Playback is silent: *");
}

int
main (int   argc,
      char *argv[])
{
  gboolean subprocess = FALSE;
  int status;

  /* Before GTK or GLib read the cache folder (and before any thread starts): the player
   * writes into a fresh one, or, in the subprocess of the failure test, below a plain file
   * where no folder can be made. */
  for (int i = 1; i < argc; i++)
    subprocess |= strcmp (argv[i], "--GTestSubprocess") == 0;
  cache_dir = sm_test_mkdtemp ();
  if (subprocess)
    {
      g_autofree char *blocker = g_build_filename (cache_dir, "not-a-folder", NULL);

      sm_test_write_bytes (blocker, "x", 1);
      g_setenv ("XDG_CACHE_HOME", blocker, TRUE);
    }
  else
    g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/player/shares-audio", test_shares_audio);
  g_test_add_func ("/gui/player/replace-while-writing", test_replace_while_writing);
  g_test_add_func ("/gui/player/dispose-while-writing", test_dispose_while_writing);
  g_test_add_func ("/gui/player/write-failure-is-silent", test_write_failure_is_silent);
  status = g_test_run ();
  sm_test_rm_rf (cache_dir);
  g_free (cache_dir);
  return status;
}
