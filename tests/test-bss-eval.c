/* test-bss-eval.c: BSS Eval v3 SDR/SIR/SAR against mir_eval's own figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vectors come from tests/data/make-bss-vectors.py (mir_eval 0.7, float64 on the stored
 * float32 samples); its docstring gives the file layout. Each case in bss-eval.ini becomes
 * one test path.
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

/* mir_eval prints two decimals; we must agree well inside that. */
#define MIR_EVAL_DB 0.05

static GKeyFile *manifest;

static float *
load_f32 (const char *file,
          size_t      count)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = sm_test_data_path (file);
  g_autofree char *bytes = NULL;
  float *out = g_new (float, count);
  gsize len;

  g_file_get_contents (path, &bytes, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, count * sizeof (float));
  for (size_t i = 0; i < count; i++)
    {
      guint32 bits;

      memcpy (&bits, bytes + 4 * i, 4);
      bits = GUINT32_FROM_LE (bits);
      memcpy (out + i, &bits, 4);
    }
  return out;
}

static double
get_double (const char *group,
            const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_key_file_get_string (manifest, group, key, &error);

  g_assert_no_error (error);
  if (g_strcmp0 (text, "inf") == 0)
    return INFINITY;
  return g_ascii_strtod (text, NULL);
}

static void
assert_close_db (const char *what,
                 double      ours,
                 double      expected)
{
  g_test_message ("%s: ours %.6f, mir_eval %.6f, diff %.2g dB", what, ours, expected,
                  fabs (ours - expected));
  if (isinf (expected))
    {
      g_assert_true (isinf (ours) && ours > 0.0);
      return;
    }
  g_assert_cmpfloat (fabs (ours - expected), <, MIR_EVAL_DB);
}

static void
test_mir_eval_case (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_key_file_get_string (manifest, name, "file", &error);
  gint64 n = g_key_file_get_int64 (manifest, name, "n_samples", NULL);
  gboolean has_interferer = g_key_file_get_boolean (manifest, name, "interferer", NULL);
  size_t count = (size_t) n * (has_interferer ? 3 : 2);
  float *signals;
  SmBssScores scores;
  gint64 start;

  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  /* Memcheck runs this arithmetic some 50 times slower (17 s a case), and every case takes
   * one of two code paths: one reference, or two with the ridge fallback. */
  if (g_getenv ("SM_UNDER_VALGRIND") != NULL && g_strcmp0 (name, "single-ref") != 0 &&
      g_strcmp0 (name, "pure-tones") != 0)
    {
      g_test_skip ("slow under valgrind; single-ref and pure-tones take the same paths");
      return;
    }
  signals = load_f32 (file, count);

  start = g_get_monotonic_time ();
  g_assert_cmpint (sm_bss_eval (signals, has_interferer ? signals + n : NULL,
                                signals + count - (size_t) n, (size_t) n,
                                SM_BSS_FILTER_LEN, NULL, &scores), ==, SM_OK);
  g_test_message ("%s: %" G_GINT64_FORMAT " samples, %.1f ms", name, n,
                  (g_get_monotonic_time () - start) / 1000.0);
  assert_close_db ("SDR", scores.sdr, get_double (name, "sdr"));
  assert_close_db ("SIR", scores.sir, get_double (name, "sir"));
  assert_close_db ("SAR", scores.sar, get_double (name, "sar"));
  g_free (signals);
}

static void
test_perfect_and_filtered (void)
{
  const size_t n = 4000;
  float *target = sm_test_noise (n, 21, 0.5f);
  float *interferer = sm_test_noise (n, 22, 0.5f);
  float *estimate = g_new (float, n);
  SmBssScores perfect, filtered;

  /* The estimate is the target: nothing but rounding is left over. */
  g_assert_cmpint (sm_bss_eval (target, interferer, target, n, 256, NULL, &perfect), ==,
                   SM_OK);
  g_assert_cmpfloat (perfect.sdr, >, 100.0);
  g_assert_cmpfloat (perfect.sar, >, 100.0);

  /* A gain, a delay and a short echo are "allowed distortions" of the 512-tap filter, so
   * they cost nothing either, as long as the estimate is not cut short: the fit runs over
   * n + 511 samples, so the target ends early to leave room for its delayed copies. (One
   * reference, to keep this quick under valgrind.) */
  for (size_t i = n - 128; i < n; i++)
    target[i] = 0.0f;
  for (size_t i = 0; i < n; i++)
    estimate[i] = -0.5f * (i >= 30 ? target[i - 30] : 0.0f)
                  + 0.2f * (i >= 100 ? target[i - 100] : 0.0f);
  g_assert_cmpint (sm_bss_eval (target, NULL, estimate, n, SM_BSS_FILTER_LEN, NULL,
                                &filtered), ==, SM_OK);
  g_assert_cmpfloat (filtered.sdr, >, 100.0);
  g_assert_true (isinf (filtered.sir) && filtered.sir > 0.0);
  g_assert_cmpfloat (filtered.sar, ==, filtered.sdr);

  /* ... but not with a 16-tap filter, which cannot reach back 30 samples. */
  g_assert_cmpint (sm_bss_eval (target, NULL, estimate, n, 16, NULL, &filtered), ==, SM_OK);
  g_assert_cmpfloat (filtered.sdr, <, 10.0);

  g_free (target);
  g_free (interferer);
  g_free (estimate);
}

static void
test_singular_gram (void)
{
  /* 2 x 256 delayed references of 200 samples live in 200 + 255 dimensions, so they cannot
   * be independent: the Gram matrix is singular and the ridge fallback must still give a
   * sound fit. */
  const size_t n = 200;
  const int filter_len = 256;
  float *target = sm_test_sine (n, 8000.0, 440.0, 0.5, 0.0);
  float *interferer = sm_test_noise (n, 23, 0.2f);
  float *estimate = g_new (float, n);
  SmBssScores scores;

  for (size_t i = 0; i < n; i++)
    estimate[i] = target[i] + 0.1f * interferer[i];
  g_assert_cmpint (sm_bss_eval (target, interferer, estimate, n, filter_len, NULL, &scores),
                   ==, SM_OK);
  g_assert_true (isfinite (scores.sdr) && isfinite (scores.sir));
  /* The delayed references span the whole signal space: nothing is an artefact. */
  g_assert_cmpfloat (scores.sar, >, 60.0);
  g_assert_cmpfloat (scores.sir, >, 0.0);

  g_free (target);
  g_free (interferer);
  g_free (estimate);
}

static int
cancel_cb (double  fraction,
           void   *data)
{
  int *calls = data;

  (*calls)++;
  return fraction > 0.3;
}

static void
test_bad_input (void)
{
  float zero[600] = { 0 };
  float *noise = sm_test_noise (600, 24, 0.5f);
  float *other = sm_test_noise (600, 25, 0.5f);
  SmBssScores scores = { 1.0, 2.0, 3.0 };
  int calls = 0;
  SmRun run = { .progress = cancel_cb, .progress_data = &calls };

  g_assert_cmpint (sm_bss_eval (NULL, NULL, noise, 600, 512, NULL, &scores), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_bss_eval (noise, NULL, other, 0, 512, NULL, &scores), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_bss_eval (noise, NULL, other, 600, 0, NULL, &scores), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_bss_eval (noise, NULL, other, 600, SM_BSS_MAX_FILTER_LEN + 1, NULL,
                                &scores), ==, SM_ERROR_BAD_ARG);
  /* Silent references or estimates: mir_eval refuses them too. */
  g_assert_cmpint (sm_bss_eval (zero, NULL, other, 600, 512, NULL, &scores), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_bss_eval (noise, zero, other, 600, 512, NULL, &scores), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_bss_eval (noise, NULL, zero, 600, 512, NULL, &scores), ==,
                   SM_ERROR_BAD_ARG);
  other[17] = NAN;
  g_assert_cmpint (sm_bss_eval (noise, NULL, other, 600, 512, NULL, &scores), ==,
                   SM_ERROR_NONFINITE);
  other[17] = 0.0f;
  /* Failures leave the output alone. */
  g_assert_cmpfloat (scores.sdr, ==, 1.0);

  g_assert_cmpint (sm_bss_eval (noise, other, noise, 600, 512, &run, &scores), ==,
                   SM_ERROR_CANCELLED);
  g_assert_cmpint (calls, >, 0);

  g_free (noise);
  g_free (other);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) names = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  manifest = g_key_file_new ();
  path = sm_test_data_path ("bss-eval.ini");
  g_key_file_load_from_file (manifest, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  names = g_key_file_get_string_list (manifest, "cases", "names", NULL, &error);
  g_assert_no_error (error);

  for (char **name = names; *name != NULL; name++)
    {
      g_autofree char *test_path = g_strdup_printf ("/core/bss-eval/mir-eval/%s", *name);

      g_test_add_data_func (test_path, *name, test_mir_eval_case);
    }
  g_test_add_func ("/core/bss-eval/perfect-and-filtered", test_perfect_and_filtered);
  g_test_add_func ("/core/bss-eval/singular-gram", test_singular_gram);
  g_test_add_func ("/core/bss-eval/bad-input", test_bad_input);

  status = g_test_run ();
  g_key_file_free (manifest);
  return status;
}
