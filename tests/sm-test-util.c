/* sm-test-util.c: helpers shared by the test programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

float *
sm_test_noise (size_t  n,
               guint64 seed,
               float   amplitude)
{
  float *out = g_new (float, n);
  guint64 state = seed ? seed : 0x9E3779B97F4A7C15ull;

  for (size_t i = 0; i < n; i++)
    {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      out[i] = amplitude * (float) ((double) (state >> 11) / (double) (1ull << 53) * 2.0 - 1.0);
    }
  return out;
}

float *
sm_test_sine (size_t n,
              double rate,
              double freq,
              double amplitude,
              double phase)
{
  float *out = g_new (float, n);

  for (size_t i = 0; i < n; i++)
    out[i] = (float) (amplitude * sin (2.0 * G_PI * freq * (double) i / rate + phase));
  return out;
}

double
sm_test_rel_error (const float *a,
                   const float *b,
                   size_t       n)
{
  double peak = 0.0;
  double worst = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      peak = MAX (peak, fabs ((double) a[i]));
      worst = MAX (worst, fabs ((double) a[i] - (double) b[i]));
    }
  if (peak == 0.0)
    return worst;
  return worst / peak;
}

char *
sm_test_mkdtemp (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("specmask-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
sm_test_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            sm_test_rm_rf (child);
          else
            g_unlink (child);
          g_free (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

char *
sm_test_data_path (const char *name)
{
  const char *dir = g_getenv ("SM_TEST_DATA");

  if (dir == NULL)
    dir = "tests/data";
  return g_build_filename (dir, name, NULL);
}

SmAudio *
sm_test_audio_from (const float *samples,
                    size_t       n,
                    int          rate)
{
  SmStatus status;
  SmAudio *audio = sm_audio_new (1, n, rate, &status);

  g_assert_cmpint (status, ==, SM_OK);
  memcpy (audio->data[0], samples, n * sizeof (float));
  return audio;
}

void
sm_test_write_bytes (const char *path,
                     const void *data,
                     gsize       len)
{
  GError *error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

SmAudio *
sm_test_read_audio (const char *path)
{
  SmAudio *audio = NULL;
  SmError error = { 0 };

  if (sm_audio_read (path, &audio, NULL, &error) != SM_OK)
    g_error ("%s", error.message);
  return audio;
}
