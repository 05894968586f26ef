/* test-audio.c: decoding, encoding and the checks on bad audio files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memmem */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "sm-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = sm_test_mkdtemp ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sm_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static SmAudio *
stereo_test_audio (size_t frames,
                   int    rate)
{
  SmAudio *audio = sm_audio_new (2, frames, rate, NULL);
  float *left = sm_test_sine (frames, rate, 440.0, 0.5, 0.0);
  float *right = sm_test_noise (frames, 7, 0.25f);

  memcpy (audio->data[0], left, frames * sizeof (float));
  memcpy (audio->data[1], right, frames * sizeof (float));
  g_free (left);
  g_free (right);
  return audio;
}

static int
count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  int n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

/* Every output format reads back with the channels, rate and length it was given, and
 * with the precision the encoding promises. */
static void
test_round_trip_formats (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct
  {
    SmAudioFormat format;
    const char   *file;
    double        max_error;   /* largest acceptable |read - written| */
  } cases[] = {
    { SM_AUDIO_WAV_16, "a.wav", 1.0 / 32768 },
    { SM_AUDIO_WAV_24, "b.wav", 1.0 / 8388608 },
    { SM_AUDIO_WAV_FLOAT, "c.wav", 0.0 },
    { SM_AUDIO_FLAC, "d.flac", 1.0 / 8388608 },
    { SM_AUDIO_OGG, "e.ogg", -1.0 },   /* lossy: checked by SNR below */
  };
  SmAudio *audio = stereo_test_audio (22050, 22050);

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *path = g_build_filename (fixture->dir, cases[i].file, NULL);
      SmAudio *back = NULL;
      SmAudioInfo info;
      SmError error = { 0 };

      g_assert_cmpint (sm_audio_write (path, audio, cases[i].format, &error), ==, SM_OK);
      g_assert_cmpint (sm_audio_read (path, &back, &info, &error), ==, SM_OK);
      g_assert_cmpint (back->channels, ==, 2);
      g_assert_cmpint (back->rate, ==, 22050);
      g_assert_cmpint (info.rate, ==, 22050);
      g_assert_cmpuint (info.frames, ==, back->frames);

      if (cases[i].max_error >= 0.0)
        {
          g_assert_cmpuint (back->frames, ==, audio->frames);
          for (int c = 0; c < 2; c++)
            for (size_t k = 0; k < audio->frames; k++)
              g_assert_cmpfloat (fabs (back->data[c][k] - audio->data[c][k]), <=,
                                 cases[i].max_error + 1e-9);
        }
      else
        {
          /* Vorbis may pad a few frames; the tone channel must survive at high quality. */
          g_assert_cmpuint (back->frames, >=, audio->frames);
          g_assert_cmpfloat (sm_metric_snr (audio->data[0], back->data[0], audio->frames), >,
                             20.0);
        }
      sm_audio_free (&back);
      g_free (path);
    }
  g_assert_cmpint (count_files (fixture->dir), ==, G_N_ELEMENTS (cases));
  sm_audio_free (&audio);
}

static void
expect_read_error (const char *path,
                   SmStatus    expected,
                   const char *fragment)
{
  SmAudio *audio = NULL;
  SmError error = { 0 };

  g_assert_cmpint (sm_audio_read (path, &audio, NULL, &error), ==, expected);
  g_assert_null (audio);
  g_assert_cmpint (error.status, ==, expected);
  /* The message names the file, so a user knows which input is wrong. */
  g_assert_nonnull (strstr (error.message, path));
  if (fragment != NULL && strstr (error.message, fragment) == NULL)
    g_error ("message '%s' lacks '%s'", error.message, fragment);
}

static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  char *missing = g_build_filename (fixture->dir, "missing.wav", NULL);
  char *text = g_build_filename (fixture->dir, "notes.wav", NULL);
  char *truncated_header = g_build_filename (fixture->dir, "header.wav", NULL);
  char *truncated_data = g_build_filename (fixture->dir, "data.flac", NULL);
  char *empty = g_build_filename (fixture->dir, "empty.wav", NULL);
  char *nan_file = g_build_filename (fixture->dir, "nan.wav", NULL);
  char *good = g_build_filename (fixture->dir, "good.wav", NULL);
  SmAudio *audio = stereo_test_audio (4096, 8000);
  SmAudio *silent = sm_audio_new (1, 0, 8000, NULL);
  SmAudio *partial = NULL;
  SmAudioInfo info;
  char *bytes;
  gsize len;

  expect_read_error (missing, SM_ERROR_IO, "No such file");
  expect_read_error (fixture->dir, SM_ERROR_IO, NULL);

  sm_test_write_bytes (text, "this is not audio\n", 18);
  expect_read_error (text, SM_ERROR_FORMAT, "not an audio file");

  g_assert_cmpint (sm_audio_write (good, audio, SM_AUDIO_WAV_16, NULL), ==, SM_OK);
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  sm_test_write_bytes (truncated_header, bytes, 20);
  expect_read_error (truncated_header, SM_ERROR_FORMAT, NULL);
  g_free (bytes);

  /* A FLAC stream cut in the middle: the decoder loses sync where the data stops. */
  g_assert_cmpint (sm_audio_write (truncated_data, audio, SM_AUDIO_FLAC, NULL), ==, SM_OK);
  g_assert_true (g_file_get_contents (truncated_data, &bytes, &len, NULL));
  sm_test_write_bytes (truncated_data, bytes, len / 2);
  expect_read_error (truncated_data, SM_ERROR_FORMAT, "damaged");
  g_free (bytes);

  /* A WAV cut short, as an interrupted recording leaves it: what is there is read, and the
   * damage is reported. */
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  sm_test_write_bytes (truncated_data, bytes, len - 1000);
  g_free (bytes);
  g_assert_cmpint (sm_audio_read (truncated_data, &partial, &info, NULL), ==, SM_OK);
  g_assert_cmpuint (partial->frames, ==, audio->frames - 1000 / (2 * 2));
  g_assert_nonnull (strstr (info.warning, "truncated"));
  g_assert_nonnull (strstr (info.warning, truncated_data));
  sm_audio_free (&partial);
  g_assert_cmpint (sm_audio_read (good, &partial, &info, NULL), ==, SM_OK);
  g_assert_cmpstr (info.warning, ==, "");
  sm_audio_free (&partial);

  g_assert_cmpint (sm_audio_write (empty, silent, SM_AUDIO_WAV_16, NULL), ==, SM_OK);
  expect_read_error (empty, SM_ERROR_EMPTY, "no audio frames");

  audio->data[1][1000] = NAN;
  g_assert_cmpint (sm_audio_write (nan_file, audio, SM_AUDIO_WAV_FLOAT, NULL), ==, SM_OK);
  expect_read_error (nan_file, SM_ERROR_NONFINITE, "channel 2");
  audio->data[1][1000] = INFINITY;
  g_assert_cmpint (sm_audio_write (nan_file, audio, SM_AUDIO_WAV_FLOAT, NULL), ==, SM_OK);
  expect_read_error (nan_file, SM_ERROR_NONFINITE, "0.125 s");

  sm_audio_free (&audio);
  sm_audio_free (&silent);
  g_free (missing);
  g_free (text);
  g_free (truncated_header);
  g_free (truncated_data);
  g_free (empty);
  g_free (nan_file);
  g_free (good);
}

/* A WAV header that declares zero channels is refused by name, not crashed on. */
static void
test_zero_channels (Fixture       *fixture,
                    gconstpointer  data)
{
  char *path = g_build_filename (fixture->dir, "zero.wav", NULL);
  char *good = g_build_filename (fixture->dir, "one.wav", NULL);
  SmAudio *audio = stereo_test_audio (100, 8000);
  SmAudio *back = NULL;
  SmError error = { 0 };
  char *bytes;
  char *fmt;
  gsize len;

  g_assert_cmpint (sm_audio_write (good, audio, SM_AUDIO_WAV_16, NULL), ==, SM_OK);
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  /* The channel count is the 16-bit field 10 bytes into the "fmt " chunk. */
  fmt = memmem (bytes, len, "fmt ", 4);
  g_assert_nonnull (fmt);
  fmt[10] = 0;
  fmt[11] = 0;
  sm_test_write_bytes (path, bytes, len);

  g_assert_cmpint (sm_audio_read (path, &back, NULL, &error), !=, SM_OK);
  g_assert_null (back);
  g_assert_nonnull (strstr (error.message, path));

  g_free (bytes);
  g_free (path);
  g_free (good);
  sm_audio_free (&audio);
}

static void
test_atomic_write (Fixture       *fixture,
                   gconstpointer  data)
{
  char *path = g_build_filename (fixture->dir, "out.wav", NULL);
  char *blocker = g_build_filename (fixture->dir, "file", NULL);
  char *inside_file = g_build_filename (blocker, "x.wav", NULL);
  char *no_dir = g_build_filename (fixture->dir, "no", "such", "dir", "x.wav", NULL);
  SmAudio *first = stereo_test_audio (1000, 8000);
  SmAudio *second = stereo_test_audio (500, 8000);
  SmAudio *back = NULL;
  SmError error = { 0 };

  g_assert_cmpint (sm_audio_write (path, first, SM_AUDIO_WAV_16, &error), ==, SM_OK);
  g_assert_cmpint (sm_audio_write (path, second, SM_AUDIO_WAV_16, &error), ==, SM_OK);
  g_assert_cmpint (sm_audio_read (path, &back, NULL, &error), ==, SM_OK);
  g_assert_cmpuint (back->frames, ==, 500);
  sm_audio_free (&back);

  /* Failures name the path and leave nothing behind. */
  g_assert_cmpint (sm_audio_write (no_dir, first, SM_AUDIO_WAV_16, &error), ==, SM_ERROR_IO);
  g_assert_nonnull (strstr (error.message, no_dir));
  sm_test_write_bytes (blocker, "x", 1);
  g_assert_cmpint (sm_audio_write (inside_file, first, SM_AUDIO_WAV_16, &error), ==,
                   SM_ERROR_IO);

  /* A format that cannot hold the data fails before touching the old file. */
  first->rate = 1000000;
  g_assert_cmpint (sm_audio_write (path, first, SM_AUDIO_OGG, &error), !=, SM_OK);
  g_assert_cmpint (sm_audio_read (path, &back, NULL, NULL), ==, SM_OK);
  g_assert_cmpuint (back->frames, ==, 500);
  sm_audio_free (&back);

  g_assert_cmpint (count_files (fixture->dir), ==, 2);   /* out.wav and the blocker */

  sm_audio_free (&first);
  sm_audio_free (&second);
  g_free (path);
  g_free (blocker);
  g_free (inside_file);
  g_free (no_dir);
}

static void
test_conform (void)
{
  SmAudio *mix = stereo_test_audio (1000, 16000);
  SmAudio *shorter = sm_audio_new (1, 800, 16000, NULL);
  SmAudio *other_rate = sm_audio_new (2, 1000, 8000, NULL);
  SmError error = { 0 };

  shorter->data[0][10] = 0.5f;
  g_assert_cmpint (sm_audio_conform (other_rate, mix, SM_LENGTH_PAD_TRIM, "target", &error), ==,
                   SM_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error.message, "8000 Hz"));
  g_assert_nonnull (strstr (error.message, "16000 Hz"));

  g_assert_cmpint (sm_audio_conform (shorter, mix, SM_LENGTH_STRICT, "target", &error), ==,
                   SM_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error.message, "800 frames"));
  g_assert_nonnull (strstr (error.message, "1000 frames"));

  g_assert_cmpint (sm_audio_conform (shorter, mix, SM_LENGTH_PAD_TRIM, "target", &error), ==,
                   SM_OK);
  g_assert_cmpuint (shorter->frames, ==, 1000);
  g_assert_cmpint (shorter->channels, ==, 2);
  g_assert_cmpfloat (shorter->data[1][10], ==, 0.5f);
  g_assert_cmpfloat (shorter->data[0][999], ==, 0.0f);

  sm_audio_free (&mix);
  sm_audio_free (&shorter);
  sm_audio_free (&other_rate);
}

static void
test_mixdown_and_nonfinite (void)
{
  SmAudio *audio = sm_audio_new (3, 4, 8000, NULL);
  float *mono;
  int channel = -1;
  size_t frame = 0;

  for (int c = 0; c < 3; c++)
    for (int i = 0; i < 4; i++)
      audio->data[c][i] = (float) (c + i);
  mono = sm_audio_mixdown (audio);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (mono[i], 1.0 + i, 1e-6);
  g_assert_false (sm_audio_find_nonfinite (audio, &channel, &frame));
  audio->data[2][3] = NAN;
  g_assert_true (sm_audio_find_nonfinite (audio, &channel, &frame));
  g_assert_cmpint (channel, ==, 2);
  g_assert_cmpuint (frame, ==, 3);
  free (mono);
  sm_audio_free (&audio);
}

static void
test_format_names (void)
{
  for (int i = 0; i < SM_N_AUDIO_FORMATS; i++)
    {
      SmAudioFormat format;

      g_assert_cmpint (sm_audio_format_from_name (sm_audio_format_name (i), &format), ==, SM_OK);
      g_assert_cmpint (format, ==, i);
    }
  g_assert_cmpint (sm_audio_format_from_name ("mp3", &(SmAudioFormat) { 0 }), ==,
                   SM_ERROR_BAD_ARG);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/audio/round-trip-formats", Fixture, NULL, fixture_setup,
              test_round_trip_formats, fixture_teardown);
  g_test_add ("/core/audio/bad-files", Fixture, NULL, fixture_setup, test_bad_files,
              fixture_teardown);
  g_test_add ("/core/audio/zero-channels", Fixture, NULL, fixture_setup, test_zero_channels,
              fixture_teardown);
  g_test_add ("/core/audio/atomic-write", Fixture, NULL, fixture_setup, test_atomic_write,
              fixture_teardown);
  g_test_add_func ("/core/audio/conform", test_conform);
  g_test_add_func ("/core/audio/mixdown-nonfinite", test_mixdown_and_nonfinite);
  g_test_add_func ("/core/audio/format-names", test_format_names);
  return g_test_run ();
}
