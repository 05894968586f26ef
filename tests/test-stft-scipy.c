/* test-stft-scipy.c: the scipy preset against scipy.signal.stft/istft's own output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vectors come from tests/data/make-scipy-vectors.py (scipy 1.10, float64); its docstring
 * gives the file layout. Each case in scipy-stft.ini becomes one test path.
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

/* max |ours - scipy| / max |scipy|: float32 FFTs against a float64 reference. */
#define SCIPY_EPS 1e-5

typedef struct
{
  char  *name;
  char  *window;
  int    nperseg;
  int    noverlap;
  size_t n_samples;
  size_t n_frames;
  int    n_bins;
  size_t istft_len;
  /* Views into bytes. */
  float *signal;
  float *stft;          /* [frame][bin][re, im] */
  float *istft;
  float *istft_masked;
  char  *bytes;
} ScipyCase;

static GKeyFile *manifest;

static gint64
get_int (const char *group,
         const char *key)
{
  g_autoptr (GError) error = NULL;
  gint64 value = g_key_file_get_int64 (manifest, group, key, &error);

  g_assert_no_error (error);
  g_assert_cmpint (value, >, 0);
  return value;
}

static ScipyCase *
scipy_case_load (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  ScipyCase *c = g_new0 (ScipyCase, 1);
  gsize len;
  gsize expected;

  c->name = g_strdup (name);
  c->window = g_key_file_get_string (manifest, name, "window", &error);
  g_assert_no_error (error);
  file = g_key_file_get_string (manifest, name, "file", &error);
  g_assert_no_error (error);
  c->nperseg = (int) get_int (name, "nperseg");
  c->noverlap = (int) get_int (name, "noverlap");
  c->n_samples = (size_t) get_int (name, "n_samples");
  c->n_frames = (size_t) get_int (name, "n_frames");
  c->n_bins = (int) get_int (name, "n_bins");
  c->istft_len = (size_t) get_int (name, "istft_len");
  g_assert_cmpint (c->n_bins, ==, c->nperseg / 2 + 1);

  path = sm_test_data_path (file);
  g_file_get_contents (path, &c->bytes, &len, &error);
  g_assert_no_error (error);
  expected = (c->n_samples + c->n_frames * (size_t) c->n_bins * 2 + 2 * c->istft_len)
             * sizeof (float);
  g_assert_cmpuint (len, ==, expected);
  /* g_file_get_contents() returns malloc'd memory: aligned for float. */
  c->signal = (float *) (void *) c->bytes;
  c->stft = c->signal + c->n_samples;
  c->istft = c->stft + c->n_frames * (size_t) c->n_bins * 2;
  c->istft_masked = c->istft + c->istft_len;
  return c;
}

static void
scipy_case_free (ScipyCase *c)
{
  g_free (c->name);
  g_free (c->window);
  g_free (c->bytes);
  g_free (c);
}

/* The mask make-scipy-vectors.py applied before its second istft. */
static gboolean
mask_keeps (size_t frame,
            int    bin)
{
  return (7 * frame + 13 * (size_t) bin) % 5 < 3;
}

static SmStft *
scipy_plan (const ScipyCase *c)
{
  SmStftParams params;
  SmError error = { 0 };
  SmStft *stft;
  SmWindowType window;

  sm_stft_params_scipy (&params, c->nperseg);
  g_assert_cmpint (sm_window_from_name (c->window, &window), ==, SM_OK);
  params.window = window;
  params.hop = c->nperseg - c->noverlap;
  g_assert_cmpint (sm_stft_params_validate (&params, &error), ==, SM_OK);
  stft = sm_stft_new (&params, &error);
  g_assert_cmpstr (error.message, ==, "");
  g_assert_nonnull (stft);
  return stft;
}

static double
complex_rel_error (const float _Complex *ours,
                   const float          *ref,
                   size_t                n)
{
  double peak = 0.0;
  double worst = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      double re = ref[2 * i];
      double im = ref[2 * i + 1];

      peak = MAX (peak, hypot (re, im));
      worst = MAX (worst, hypot (crealf (ours[i]) - re, cimagf (ours[i]) - im));
    }
  g_assert_cmpfloat (peak, >, 0.0);
  return worst / peak;
}

static void
test_scipy_case (gconstpointer data)
{
  ScipyCase *c = scipy_case_load (data);
  SmStft *stft = scipy_plan (c);
  SmRun run = { .n_threads = 2 };
  SmStatus status;
  SmSpectrogram *spec;
  float *out = g_new (float, c->istft_len);
  size_t n_values = c->n_frames * (size_t) c->n_bins;
  double err;

  g_test_message ("%s: %s, nperseg %d, noverlap %d, %zu samples", c->name, c->window,
                  c->nperseg, c->noverlap, c->n_samples);

  /* Shape: scipy's frame count, bins, and frame t centred on sample t * hop. */
  g_assert_cmpuint (sm_stft_n_frames (stft, c->n_samples), ==, c->n_frames);
  g_assert_cmpint (sm_stft_n_bins (stft), ==, c->n_bins);
  for (size_t t = 0; t < c->n_frames; t++)
    g_assert_cmpfloat (sm_stft_frame_center (stft, t), ==,
                       (double) t * (c->nperseg - c->noverlap));

  /* Forward. */
  spec = sm_spectrogram_new (c->n_frames, c->n_bins, &status);
  g_assert_cmpint (status, ==, SM_OK);
  g_assert_cmpint (sm_stft_forward (stft, c->signal, c->n_samples, spec, &run), ==, SM_OK);
  err = complex_rel_error (spec->bins, c->stft, n_values);
  g_test_message ("stft: max |ours - scipy| / max |scipy| = %.3g", err);
  g_assert_cmpfloat (err, <, SCIPY_EPS);

  /* Inverse of scipy's own spectrum, over the whole length scipy's istft returns. */
  memcpy (spec->bins, c->stft, n_values * sizeof (float _Complex));
  g_assert_cmpint (sm_stft_inverse (stft, spec, out, c->istft_len, &run), ==, SM_OK);
  err = sm_test_rel_error (c->istft, out, c->istft_len);
  g_test_message ("istft: max |ours - scipy| / max |scipy| = %.3g", err);
  g_assert_cmpfloat (err, <, SCIPY_EPS);
  /* ... which is the signal again. */
  g_assert_cmpfloat (sm_test_rel_error (c->signal, out, c->n_samples), <, SCIPY_EPS);

  /* Inverse of a masked spectrum: not the STFT of any signal, so this checks the
   * least-squares overlap-add itself (window, scaling and normalisation). */
  for (size_t t = 0; t < c->n_frames; t++)
    for (int f = 0; f < c->n_bins; f++)
      if (!mask_keeps (t, f))
        spec->bins[t * (size_t) c->n_bins + (size_t) f] = 0.0f;
  g_assert_cmpint (sm_stft_inverse (stft, spec, out, c->istft_len, &run), ==, SM_OK);
  err = sm_test_rel_error (c->istft_masked, out, c->istft_len);
  g_test_message ("masked istft: max |ours - scipy| / max |scipy| = %.3g", err);
  g_assert_cmpfloat (err, <, SCIPY_EPS);

  /* Asking for just the analysed length gives the same samples. */
  g_assert_cmpint (sm_stft_inverse (stft, spec, out, c->n_samples, &run), ==, SM_OK);
  g_assert_cmpfloat (sm_test_rel_error (c->istft_masked, out, c->n_samples), <, SCIPY_EPS);

  g_free (out);
  sm_spectrogram_free (&spec);
  g_assert_null (spec);
  sm_stft_free (&stft);
  g_assert_null (stft);
  scipy_case_free (c);
}

/* The preset's fields are scipy's defaults. */
static void
test_scipy_preset (void)
{
  static const int sizes[] = { 64, 256, 512, 2048, 32768 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      SmStftParams params;

      memset (&params, 0xa5, sizeof params);
      sm_stft_params_scipy (&params, sizes[i]);
      g_assert_cmpint (params.window, ==, SM_WINDOW_HANN);
      g_assert_cmpint (params.n_fft, ==, sizes[i]);
      g_assert_cmpint (params.hop, ==, sizes[i] / 2);
      g_assert_cmpint (params.pad, ==, SM_PAD_ZERO);
      g_assert_cmpint (params.scaling, ==, SM_SCALE_WINDOW_SUM);
      g_assert_cmpint (sm_stft_params_validate (&params, NULL), ==, SM_OK);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) names = NULL;
  gsize n_names;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A missing or broken manifest fails here, loudly: never an empty, passing suite. */
  path = sm_test_data_path ("scipy-stft.ini");
  manifest = g_key_file_new ();
  g_key_file_load_from_file (manifest, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  names = g_key_file_get_string_list (manifest, "cases", "names", &n_names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_names, >=, 5);

  g_test_add_func ("/core/stft-scipy/preset", test_scipy_preset);
  for (gsize i = 0; i < n_names; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/core/stft-scipy/%s", names[i]);

      g_test_add_data_func (test_path, names[i], test_scipy_case);
    }

  ret = g_test_run ();
  g_key_file_free (manifest);
  return ret;
}
