/* test-window.c: the analysis windows against their closed forms and scipy.signal.get_window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

/* Values are computed in double and stored as float: within half a float ulp of values <= 1. */
#define WINDOW_EPS 1e-7

static const int sizes[] = { 64, 256, 1000, 1024, 4096 };

/* Periodic (DFT-even) closed forms, as scipy.signal.get_window (name, N, fftbins=True). */
static double
closed_form (SmWindowType type,
             int          n,
             int          len)
{
  double x = 2.0 * G_PI * (double) n / (double) len;

  switch (type)
    {
    case SM_WINDOW_HANN:
      return 0.5 - 0.5 * cos (x);
    case SM_WINDOW_HAMMING:
      return 0.54 - 0.46 * cos (x);
    case SM_WINDOW_BLACKMAN:
      return 0.42 - 0.5 * cos (x) + 0.08 * cos (2.0 * x);
    case SM_WINDOW_BLACKMAN_HARRIS:
      return 0.35875 - 0.48829 * cos (x) + 0.14128 * cos (2.0 * x) - 0.01168 * cos (3.0 * x);
    case SM_WINDOW_SQRT_HANN:
      return sqrt (0.5 - 0.5 * cos (x));
    case SM_WINDOW_RECTANGULAR:
      return 1.0;
    case SM_N_WINDOWS:
    default:
      g_assert_not_reached ();
    }
}

static float *
window_new (SmWindowType type,
            int          len)
{
  /* One guard sample on each side catches writes outside [0, len). */
  float *buf = g_new (float, len + 2);

  buf[0] = buf[len + 1] = 1234.5f;
  sm_window_fill (type, len, buf + 1);
  g_assert_cmpfloat (buf[0], ==, 1234.5f);
  g_assert_cmpfloat (buf[len + 1], ==, 1234.5f);
  memmove (buf, buf + 1, (size_t) len * sizeof (float));
  return buf;
}

static void
test_window_closed_form (void)
{
  for (int type = 0; type < SM_N_WINDOWS; type++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        int len = sizes[s];
        float *w = window_new (type, len);
        double worst = 0.0;

        for (int n = 0; n < len; n++)
          worst = MAX (worst, fabs ((double) w[n] - closed_form (type, n, len)));
        if (worst > WINDOW_EPS)
          g_test_message ("%s, N = %d: max error %g", sm_window_name (type), len, worst);
        g_assert_cmpfloat (worst, <, WINDOW_EPS);

        /* Spot checks that do not depend on the formula above being typed right. */
        if (type == SM_WINDOW_HANN || type == SM_WINDOW_SQRT_HANN)
          {
            g_assert_cmpfloat (w[0], ==, 0.0f);
            g_assert_cmpfloat_with_epsilon (w[len / 2], 1.0, WINDOW_EPS);
            g_assert_cmpfloat_with_epsilon (w[len / 4], type == SM_WINDOW_HANN ? 0.5 : sqrt (0.5),
                                            WINDOW_EPS);
          }
        else if (type == SM_WINDOW_HAMMING)
          {
            g_assert_cmpfloat_with_epsilon (w[0], 0.08, WINDOW_EPS);
            g_assert_cmpfloat_with_epsilon (w[len / 2], 1.0, WINDOW_EPS);
          }
        else if (type == SM_WINDOW_BLACKMAN || type == SM_WINDOW_BLACKMAN_HARRIS)
          {
            g_assert_cmpfloat (fabs (w[0]), <, type == SM_WINDOW_BLACKMAN ? 1e-7 : 6.1e-5);
            g_assert_cmpfloat_with_epsilon (w[len / 2], 1.0, WINDOW_EPS);
          }
        else
          {
            g_assert_cmpfloat (w[0], ==, 1.0f);
            g_assert_cmpfloat (w[len - 1], ==, 1.0f);
          }
        g_free (w);
      }
}

/* Periodic: w[n] == w[N - n], the peak is at N/2, and the sums are the cosine sums' a0 * N. */
static void
test_window_periodic (void)
{
  static const double a0[SM_N_WINDOWS] = {
    [SM_WINDOW_HANN] = 0.5,
    [SM_WINDOW_HAMMING] = 0.54,
    [SM_WINDOW_BLACKMAN] = 0.42,
    [SM_WINDOW_BLACKMAN_HARRIS] = 0.35875,
    [SM_WINDOW_SQRT_HANN] = 0.0,  /* sum is cot (pi / 2N), checked below */
    [SM_WINDOW_RECTANGULAR] = 1.0,
  };

  for (int type = 0; type < SM_N_WINDOWS; type++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        int len = sizes[s];
        float *w = window_new (type, len);
        double sum = 0.0;
        double expected;

        for (int n = 1; n < len; n++)
          g_assert_cmpfloat_with_epsilon (w[n], w[len - n], WINDOW_EPS);
        for (int n = 0; n < len; n++)
          {
            g_assert_true (isfinite (w[n]));
            g_assert_cmpfloat (w[n], <=, w[len / 2]);
            sum += w[n];
          }
        if (type == SM_WINDOW_SQRT_HANN)
          expected = 1.0 / tan (G_PI / (2.0 * len));
        else
          expected = a0[type] * len;
        g_assert_cmpfloat_with_epsilon (sum / expected, 1.0, 1e-6);
        g_free (w);
      }
}

/* sqrt-hann squared is hann; hann at hop N/2 and N/4 sums to a constant (COLA). */
static void
test_window_relations (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int len = sizes[s];
      float *hann = window_new (SM_WINDOW_HANN, len);
      float *root = window_new (SM_WINDOW_SQRT_HANN, len);

      for (int n = 0; n < len; n++)
        g_assert_cmpfloat_with_epsilon ((double) root[n] * root[n], hann[n], 2 * WINDOW_EPS);
      for (int n = 0; n < len / 4; n++)
        {
          g_assert_cmpfloat_with_epsilon ((double) hann[n] + hann[n + len / 2], 1.0,
                                          2 * WINDOW_EPS);
          g_assert_cmpfloat_with_epsilon ((double) hann[n] + hann[n + len / 4] + hann[n + len / 2]
                                          + hann[n + 3 * len / 4], 2.0, 4 * WINDOW_EPS);
        }
      g_free (hann);
      g_free (root);
    }
}

/* The values scipy 1.10 computes, stored by tests/data/make-scipy-vectors.py. */
static void
test_window_scipy (void)
{
  g_autofree char *ini_path = sm_test_data_path ("scipy-stft.ini");
  g_autoptr (GKeyFile) ini = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  g_autofree gint *lens = NULL;
  g_autofree char *file = NULL;
  g_autofree char *bin_path = NULL;
  g_autofree char *bytes = NULL;
  gsize n_names, n_lens, len;
  gsize at = 0;
  guint checked = 0;

  g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  names = g_key_file_get_string_list (ini, "windows", "names", &n_names, &error);
  g_assert_no_error (error);
  lens = g_key_file_get_integer_list (ini, "windows", "sizes", &n_lens, &error);
  g_assert_no_error (error);
  file = g_key_file_get_string (ini, "windows", "file", &error);
  g_assert_no_error (error);
  bin_path = sm_test_data_path (file);
  g_file_get_contents (bin_path, &bytes, &len, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < n_names; i++)
    {
      SmWindowType type;

      g_assert_cmpint (sm_window_from_name (names[i], &type), ==, SM_OK);
      for (gsize j = 0; j < n_lens; j++)
        {
          int n = lens[j];
          float *w = window_new (type, n);
          double worst = 0.0;

          g_assert_cmpuint (len, >=, (at + (gsize) n) * sizeof (double));
          for (int k = 0; k < n; k++)
            {
              double ref;

              /* Stored little-endian, like every x86 and arm64 host this builds on. */
              memcpy (&ref, bytes + (at + (gsize) k) * sizeof (double), sizeof ref);
              worst = MAX (worst, fabs ((double) w[k] - ref));
            }
          g_test_message ("%s N=%d: max |ours - scipy| = %g", names[i], n, worst);
          g_assert_cmpfloat (worst, <, WINDOW_EPS);
          at += (gsize) n;
          checked++;
          g_free (w);
        }
    }
  g_assert_cmpuint (at * sizeof (double), ==, len);
  g_assert_cmpuint (checked, >=, 10);
}

static void
test_window_names (void)
{
  static const struct
  {
    const char  *name;
    SmWindowType type;
  } aliases[] = {
    { "hann", SM_WINDOW_HANN },
    { "hanning", SM_WINDOW_HANN },
    { "hamming", SM_WINDOW_HAMMING },
    { "blackman", SM_WINDOW_BLACKMAN },
    { "blackmanharris", SM_WINDOW_BLACKMAN_HARRIS },
    { "blackman-harris", SM_WINDOW_BLACKMAN_HARRIS },
    { "sqrt-hann", SM_WINDOW_SQRT_HANN },
    { "rect", SM_WINDOW_RECTANGULAR },
    { "rectangular", SM_WINDOW_RECTANGULAR },
    { "boxcar", SM_WINDOW_RECTANGULAR },
  };
  static const char *canonical[SM_N_WINDOWS] = {
    "hann", "hamming", "blackman", "blackmanharris", "sqrt-hann", "rect",
  };
  static const char *unknown[] = { "", "kaiser", "hann2", "han", "rect ", "sqrt_hann" };

  for (int type = 0; type < SM_N_WINDOWS; type++)
    {
      SmWindowType back = SM_N_WINDOWS;

      g_assert_cmpstr (sm_window_name (type), ==, canonical[type]);
      g_assert_cmpint (sm_window_from_name (sm_window_name (type), &back), ==, SM_OK);
      g_assert_cmpint (back, ==, type);
    }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      SmWindowType type = SM_N_WINDOWS;

      g_assert_cmpint (sm_window_from_name (aliases[i].name, &type), ==, SM_OK);
      g_assert_cmpint (type, ==, aliases[i].type);
    }
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      SmWindowType type = SM_WINDOW_HAMMING;

      g_assert_cmpint (sm_window_from_name (unknown[i], &type), ==, SM_ERROR_BAD_ARG);
    }
  g_assert_null (sm_window_name (SM_N_WINDOWS));
  g_assert_null (sm_window_name ((SmWindowType) -1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/window/closed-form", test_window_closed_form);
  g_test_add_func ("/core/window/periodic", test_window_periodic);
  g_test_add_func ("/core/window/relations", test_window_relations);
  g_test_add_func ("/core/window/scipy", test_window_scipy);
  g_test_add_func ("/core/window/names", test_window_names);

  return g_test_run ();
}
