/* test-cli.c: the real specmask-cli binary on real files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sm-core-glib.h"
#include "sm-mask-png.h"
#include "sm-test-util.h"

typedef struct
{
  int   status;    /* exit code */
  char *out;
  char *err;
} CliResult;

static char *tmp_dir;
static char *demo_mix;
static char *demo_target;
static char *demo_interferer;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

/* Runs specmask-cli with the NULL-terminated arguments. */
static CliResult
cli (const char *first,
     ...)
{
  GPtrArray *args = g_ptr_array_new ();
  CliResult result = { 0 };
  GError *error = NULL;
  int wait_status;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("SM_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &result.out, &result.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result.status = WEXITSTATUS (wait_status);
  g_ptr_array_free (args, TRUE);
  return result;
}

static JsonObject *
parse_object (const char *text)
{
  JsonParser *parser = json_parser_new ();
  GError *error = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_object_unref (parser);
  return object;
}

static JsonObject *
parse_file (const char *path)
{
  char *text;
  JsonObject *object;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  object = parse_object (text);
  g_free (text);
  return object;
}

static double
member_double (JsonObject *object,
               const char *dotted)
{
  char **parts = g_strsplit (dotted, ".", -1);
  double value;
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  value = json_object_get_double_member (object, parts[n - 1]);
  g_strfreev (parts);
  return value;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
expect_failure (CliResult  *result,
                int         status,
                const char *fragment)
{
  g_assert_cmpint (result->status, ==, status);
  g_assert_cmpstr (result->out, ==, "");
  /* One line, naming the problem. */
  g_assert_true (g_str_has_prefix (result->err, "specmask-cli: "));
  if (strstr (result->err, fragment) == NULL)
    g_error ("stderr '%s' lacks '%s'", result->err, fragment);
  cli_result_clear (result);
}

static void
test_info (void)
{
  CliResult r = cli ("info", demo_mix, NULL);
  JsonObject *info;
  SmAudio *audio = sm_test_read_audio (demo_mix);

  g_assert_cmpint (r.status, ==, 0);
  info = parse_object (r.out);
  g_assert_cmpstr (json_object_get_string_member (info, "path"), ==, demo_mix);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "format"), "FLAC"));
  g_assert_cmpint (json_object_get_int_member (info, "rate"), ==, audio->rate);
  g_assert_cmpint (json_object_get_int_member (info, "channels"), ==, audio->channels);
  g_assert_cmpint (json_object_get_int_member (info, "frames"), ==, (gint64) audio->frames);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (info, "duration_s"),
                                  (double) audio->frames / audio->rate, 1e-6);
  json_object_unref (info);
  sm_audio_free (&audio);
  cli_result_clear (&r);
}

static void
test_usage_errors (void)
{
  static const char *const commands[] = { "info", "mask", "separate", "evaluate" };
  CliResult r;

  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      r = cli (commands[i], "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Usage:"));
      cli_result_clear (&r);
    }
  r = cli ("--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "separate"));
  cli_result_clear (&r);

  r = cli ("frobnicate", NULL);
  expect_failure (&r, 2, "unknown command");
  r = cli ("info", NULL);
  expect_failure (&r, 2, "one FILE");
  r = cli ("separate", demo_mix, NULL);
  expect_failure (&r, 2, "-o OUTDIR");
  r = cli ("separate", demo_mix, "-o", tmp_dir, NULL);
  expect_failure (&r, 2, "choose a mask source");
  r = cli ("separate", demo_mix, "-o", tmp_dir, "--ibm", NULL);
  expect_failure (&r, 2, "--target");
  r = cli ("separate", demo_mix, "-o", tmp_dir, "--all-pass", "--threshold-db", "-20", NULL);
  expect_failure (&r, 2, "only one");
  r = cli ("separate", demo_mix, "-o", tmp_dir, "--all-pass", "--format", "mp3", NULL);
  expect_failure (&r, 2, "mp3");
  r = cli ("mask", demo_mix, "-o", "x.png", "--threshold-db", "abc", NULL);
  expect_failure (&r, 2, "threshold-db");
}

static void
test_absurd_parameters (void)
{
  char *out = tmp_path ("absurd");
  CliResult r;

  r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--fft", "7", NULL);
  expect_failure (&r, 1, "FFT size 7");
  r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--fft", "1000000", NULL);
  expect_failure (&r, 1, "FFT size");
  r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--hop", "-3", NULL);
  expect_failure (&r, 1, "hop -3");
  r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--fft", "512", "--hop", "512",
           NULL);
  expect_failure (&r, 1, "NOLA");
  r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--window", "kaiser", NULL);
  expect_failure (&r, 1, "kaiser");
  r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--threads", "100000", NULL);
  expect_failure (&r, 1, "--threads");
  r = cli ("mask", demo_mix, "-o", out, "--ibm", "--target", demo_target, "--lc-db", "nan",
           NULL);
  expect_failure (&r, 2, "finite");
  g_free (out);
}

static void
test_bad_inputs (void)
{
  char *text = tmp_path ("not-audio.wav");
  char *nan_path = tmp_path ("nan.wav");
  char *fast = tmp_path ("fast.wav");
  char *short_target = tmp_path ("short.wav");
  char *blocker = tmp_path ("blocker");
  char *under_file = g_build_filename (blocker, "out", NULL);
  char *out = tmp_path ("bad-out");
  SmAudio *mix = sm_test_read_audio (demo_mix);
  SmAudio *copy = sm_audio_copy (mix);
  CliResult r;

  r = cli ("info", "/nonexistent/x.wav", NULL);
  expect_failure (&r, 1, "/nonexistent/x.wav");

  sm_test_write_bytes (text, "hello", 5);
  r = cli ("separate", text, "-o", out, "--all-pass", NULL);
  expect_failure (&r, 1, "not an audio file");

  copy->data[0][100] = NAN;
  g_assert_cmpint (sm_audio_write (nan_path, copy, SM_AUDIO_WAV_FLOAT, NULL), ==, SM_OK);
  r = cli ("separate", nan_path, "-o", out, "--all-pass", NULL);
  expect_failure (&r, 1, "NaN");

  copy->data[0][100] = 0.0f;
  copy->rate = mix->rate * 2;
  g_assert_cmpint (sm_audio_write (fast, copy, SM_AUDIO_WAV_16, NULL), ==, SM_OK);
  r = cli ("separate", demo_mix, "-o", out, "--ibm", "--target", fast, NULL);
  expect_failure (&r, 1, "sample rate");

  copy->rate = mix->rate;
  g_assert_cmpint (sm_audio_resize (copy, mix->frames - 1000), ==, SM_OK);
  g_assert_cmpint (sm_audio_write (short_target, copy, SM_AUDIO_WAV_FLOAT, NULL), ==, SM_OK);
  r = cli ("separate", demo_mix, "-o", out, "--ibm", "--target", short_target, NULL);
  expect_failure (&r, 1, "--pad-trim");
  r = cli ("separate", demo_mix, "-o", out, "--ibm", "--target", short_target, "--pad-trim",
           NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);

  sm_test_write_bytes (blocker, "x", 1);
  r = cli ("separate", demo_mix, "-o", under_file, "--all-pass", NULL);
  expect_failure (&r, 1, under_file);
  r = cli ("mask", demo_mix, "-o", "/nonexistent-dir/m.png", "--threshold-db", "-40", NULL);
  expect_failure (&r, 1, "/nonexistent-dir/m.png");

  sm_audio_free (&mix);
  sm_audio_free (&copy);
  g_free (text);
  g_free (nan_path);
  g_free (fast);
  g_free (short_target);
  g_free (blocker);
  g_free (under_file);
  g_free (out);
}

/* --all-pass gives back the mix, in every output, with the mix's shape. */
static void
test_separate_all_pass (void)
{
  char *out = tmp_path ("all-pass");
  char *estimate_path = g_build_filename (out, "estimate.wav", NULL);
  char *residual_path = g_build_filename (out, "residual.wav", NULL);
  char *report_path = g_build_filename (out, "report.json", NULL);
  char *mask_path = g_build_filename (out, "mask.png", NULL);
  CliResult r = cli ("separate", demo_mix, "-o", out, "--all-pass", "--inpaint", "none", NULL);
  SmAudio *mix = sm_test_read_audio (demo_mix);
  SmAudio *estimate;
  SmAudio *residual;
  JsonObject *report;
  double residual_peak = 0.0;

  g_assert_cmpint (r.status, ==, 0);
  estimate = sm_test_read_audio (estimate_path);
  residual = sm_test_read_audio (residual_path);
  g_assert_cmpint (estimate->rate, ==, mix->rate);
  g_assert_cmpint (estimate->channels, ==, mix->channels);
  g_assert_cmpuint (estimate->frames, ==, mix->frames);
  g_assert_cmpuint (residual->frames, ==, mix->frames);
  g_assert_cmpfloat (sm_metric_snr (mix->data[0], estimate->data[0], mix->frames), >, 90.0);
  for (size_t i = 0; i < residual->frames; i++)
    residual_peak = MAX (residual_peak, fabs (residual->data[0][i]));
  g_assert_cmpfloat (residual_peak, <, 1e-4);
  g_assert_true (g_file_test (mask_path, G_FILE_TEST_IS_REGULAR));

  report = parse_file (report_path);
  g_assert_cmpfloat (member_double (report, "mask.kept_fraction"), ==, 1.0);
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (json_object_get_object_member (report,
                                                                                   "params"),
                                                    "stft"), "fft"), ==, 1024);
  g_assert_cmpfloat (member_double (report, "timing_s.total"), >, 0.0);
  g_assert_false (json_object_has_member (report, "metrics"));
  json_object_unref (report);

  sm_audio_free (&mix);
  sm_audio_free (&estimate);
  sm_audio_free (&residual);
  g_free (out);
  g_free (estimate_path);
  g_free (residual_path);
  g_free (report_path);
  g_free (mask_path);
  cli_result_clear (&r);
}

/* The IBM from the references improves on the mix, the report says so with the same numbers
 * the files give, and a saved mask PNG reproduces the separation exactly. */
static void
test_mask_and_separate_ibm (void)
{
  char *mask_png = tmp_path ("ibm.png");
  char *out_ibm = tmp_path ("ibm");
  char *out_png = tmp_path ("from-png");
  char *report_path = g_build_filename (out_ibm, "report.json", NULL);
  char *estimate_ibm = g_build_filename (out_ibm, "estimate.wav", NULL);
  char *estimate_png = g_build_filename (out_png, "estimate.wav", NULL);
  CliResult r;
  JsonObject *json;
  SmAudio *target = sm_test_read_audio (demo_target);
  SmAudio *a;
  SmAudio *b;
  double kept;
  double si_sdr;

  r = cli ("mask", demo_mix, "-o", mask_png, "--ibm", "--target", demo_target, "--interferer",
           demo_interferer, NULL);
  g_assert_cmpint (r.status, ==, 0);
  json = parse_object (r.out);
  kept = json_object_get_double_member (json, "kept_fraction");
  g_assert_cmpfloat (kept, >, 0.05);
  g_assert_cmpfloat (kept, <, 0.7);
  json_object_unref (json);
  cli_result_clear (&r);

  r = cli ("separate", demo_mix, "-o", out_ibm, "--ibm", "--target", demo_target,
           "--interferer", demo_interferer, "--inpaint", "none", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  json = parse_file (report_path);
  g_assert_cmpfloat_with_epsilon (member_double (json, "mask.kept_fraction"), kept, 1e-9);
  g_assert_cmpfloat (member_double (json, "metrics.estimate.si_sdr"), >,
                     member_double (json, "metrics.mix.si_sdr") + 6.0);
  g_assert_cmpfloat (member_double (json, "metrics.masked.snr"), ==,
                     member_double (json, "metrics.estimate.snr"));

  a = sm_test_read_audio (estimate_ibm);
  si_sdr = sm_metric_si_sdr (target->data[0], a->data[0], a->frames);
  g_assert_cmpfloat_with_epsilon (member_double (json, "metrics.estimate.si_sdr"), si_sdr, 1e-3);
  json_object_unref (json);

  r = cli ("separate", demo_mix, "-o", out_png, "--mask", mask_png, "--inpaint", "none", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  b = sm_test_read_audio (estimate_png);
  g_assert_cmpfloat (sm_metric_snr (a->data[0], b->data[0], a->frames), >, 90.0);

  /* A mask made on another grid is refused with both shapes named. */
  r = cli ("separate", demo_mix, "-o", out_png, "--mask", mask_png, "--fft", "512", NULL);
  expect_failure (&r, 1, "bins");

  r = cli ("evaluate", "--reference", demo_target, "--estimate", estimate_ibm, "--mix",
           demo_mix, NULL);
  g_assert_cmpint (r.status, ==, 0);
  json = parse_object (r.out);
  g_assert_cmpfloat_with_epsilon (member_double (json, "estimate.si_sdr"), si_sdr, 1e-3);
  g_assert_cmpfloat (member_double (json, "mix.si_sdr"), <, si_sdr);
  json_object_unref (json);
  cli_result_clear (&r);

  sm_audio_free (&target);
  sm_audio_free (&a);
  sm_audio_free (&b);
  g_free (mask_png);
  g_free (out_ibm);
  g_free (out_png);
  g_free (report_path);
  g_free (estimate_ibm);
  g_free (estimate_png);
}

/* Higher thresholds keep fewer bins; a relative threshold keeps local peaks. */
static void
test_threshold_masks (void)
{
  char *png = tmp_path ("thr.png");
  double previous = 1.0;

  for (int db = -80; db <= -20; db += 20)
    {
      char *arg = g_strdup_printf ("%d", db);
      CliResult r = cli ("mask", demo_mix, "-o", png, "--threshold-db", arg, NULL);
      JsonObject *json;
      double kept;

      g_assert_cmpint (r.status, ==, 0);
      json = parse_object (r.out);
      kept = json_object_get_double_member (json, "kept_fraction");
      g_assert_cmpfloat (kept, <, previous);
      previous = kept;
      json_object_unref (json);
      cli_result_clear (&r);
      g_free (arg);
    }
  g_assert_cmpfloat (previous, >, 0.0);
  g_free (png);
}

/* Multi-channel input keeps its channels through separation, and the mask applies to all. */
static void
test_stereo (void)
{
  char *stereo_path = tmp_path ("stereo.flac");
  char *out = tmp_path ("stereo-out");
  char *estimate_path = g_build_filename (out, "estimate.flac", NULL);
  SmAudio *mix = sm_test_read_audio (demo_mix);
  SmAudio *stereo = sm_audio_new (2, mix->frames, mix->rate, NULL);
  SmAudio *estimate;
  CliResult r;

  for (size_t i = 0; i < mix->frames; i++)
    {
      stereo->data[0][i] = mix->data[0][i];
      stereo->data[1][i] = -0.5f * mix->data[0][i];
    }
  g_assert_cmpint (sm_audio_write (stereo_path, stereo, SM_AUDIO_FLAC, NULL), ==, SM_OK);
  r = cli ("separate", stereo_path, "-o", out, "--threshold-db", "-50", "--format", "flac",
           "--nmf-iter", "10", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);

  estimate = sm_test_read_audio (estimate_path);
  g_assert_cmpint (estimate->channels, ==, 2);
  g_assert_cmpuint (estimate->frames, ==, mix->frames);
  /* Same mask on both channels: the second is the first times -0.5 (24-bit FLAC). */
  for (size_t i = 0; i < estimate->frames; i++)
    g_assert_cmpfloat (fabs (estimate->data[1][i] + 0.5f * estimate->data[0][i]), <, 1e-5);

  sm_audio_free (&mix);
  sm_audio_free (&stereo);
  sm_audio_free (&estimate);
  g_free (stereo_path);
  g_free (out);
  g_free (estimate_path);
}

/* refine at confidence 0 is plain masking exactly; refine and fill report their model and
 * write the mix-phase version beside the estimate; every figure is in the report. */
static void
test_inpaint_modes (void)
{
  char *out_none = tmp_path ("inpaint-none");
  char *out_zero = tmp_path ("inpaint-zero");
  char *out_fill = tmp_path ("inpaint-fill");
  char *a_path = g_build_filename (out_none, "estimate.wav", NULL);
  char *b_path = g_build_filename (out_zero, "estimate.wav", NULL);
  char *mixphase = g_build_filename (out_fill, "inpainted_mixphase.wav", NULL);
  char *report_path = g_build_filename (out_fill, "report.json", NULL);
  static const char *const figures[] = { "snr", "si_sdr", "sdr", "sir", "sar", "stoi", "estoi" };
  static const char *const signals[] = { "mix", "masked", "inpainted_mixphase", "estimate" };
  SmAudio *a, *b;
  JsonObject *report;
  CliResult r;

  r = cli ("separate", demo_mix, "-o", out_none, "--ibm", "--target", demo_target,
           "--inpaint", "none", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  r = cli ("separate", demo_mix, "-o", out_zero, "--ibm", "--target", demo_target,
           "--inpaint", "refine", "--confidence", "0", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  a = sm_test_read_audio (a_path);
  b = sm_test_read_audio (b_path);
  g_assert_cmpmem (a->data[0], sizeof (float) * a->frames, b->data[0], sizeof (float) * b->frames);

  r = cli ("separate", demo_mix, "-o", out_fill, "--ibm", "--target", demo_target,
           "--interferer", demo_interferer, "--inpaint", "fill", "--nmf-iter", "20",
           "--phase-iter", "10", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  g_assert_true (g_file_test (mixphase, G_FILE_TEST_IS_REGULAR));
  report = parse_file (report_path);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    for (guint j = 0; j < G_N_ELEMENTS (figures); j++)
      {
        char *member = g_strdup_printf ("metrics.%s.%s", signals[i], figures[j]);

        g_assert_true (isfinite (member_double (report, member)));
        g_free (member);
      }
  g_assert_cmpfloat (member_double (report, "metrics.estimate.stoi"), <=, 1.0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report, "phase"),
                                               "iterations"), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (report, "phase"),
                      "spectral_convergence_per_iteration_db")), ==, 10);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (report, "nmf"),
                                               "iterations"), >, 0);
  json_object_unref (report);

  r = cli ("separate", demo_mix, "-o", out_fill, "--all-pass", "--inpaint", "paint", NULL);
  expect_failure (&r, 2, "--inpaint");
  r = cli ("separate", demo_mix, "-o", out_fill, "--all-pass", "--confidence", "2", NULL);
  expect_failure (&r, 2, "--confidence");
  r = cli ("separate", demo_mix, "-o", out_fill, "--all-pass", "--dictionary", "train", NULL);
  expect_failure (&r, 2, "--train");
  r = cli ("separate", demo_mix, "-o", out_fill, "--all-pass", "--dictionary", "target", NULL);
  expect_failure (&r, 1, "--target");

  sm_audio_free (&a);
  sm_audio_free (&b);
  g_free (out_none);
  g_free (out_zero);
  g_free (out_fill);
  g_free (a_path);
  g_free (b_path);
  g_free (mixphase);
  g_free (report_path);
}

/* The rough-mask stand-in: blocks of the IBM replaced by their majority. */
static void
test_block_mask (void)
{
  char *png = tmp_path ("block.png");
  g_autoptr (GError) error = NULL;
  g_autoptr (SmMask) mask = NULL;
  CliResult r = cli ("mask", demo_mix, "-o", png, "--ibm", "--target", demo_target, "--block",
                     "8x8", NULL);

  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  mask = sm_mask_png_load (png, &error);
  g_assert_no_error (error);
  /* Every 8 x 8 block is uniform. */
  for (size_t t = 0; t + 8 <= mask->n_frames; t += 8)
    for (int f = 0; f + 8 <= mask->n_bins; f += 8)
      for (size_t dt = 0; dt < 8; dt++)
        for (int df = 0; df < 8; df++)
          g_assert_cmpuint (mask->levels[(t + dt) * mask->n_bins + (size_t) (f + df)], ==,
                            mask->levels[t * mask->n_bins + (size_t) f]);
  r = cli ("mask", demo_mix, "-o", png, "--ibm", "--target", demo_target, "--block", "8", NULL);
  expect_failure (&r, 2, "--block");
  g_free (png);
}

/* Phase retrieval from |STFT| alone: pghi-fgla on the demo target reaches -35.3 dB of
 * spectral convergence here (BENCHMARKS.md); the bound leaves 10 dB for other FFTW plans,
 * which unconstrained phase retrieval can amplify to a few tenths of a dB. The output keeps
 * the input's length and rate; bad options are usage errors (exit 2). */
static void
test_reconstruct (void)
{
  char *out = tmp_path ("reconstructed.wav");
  char *png = tmp_path ("reconstruct-wrong.png");
  SmAudio *input = sm_test_read_audio (demo_target);
  SmAudio *audio;
  JsonObject *report;
  CliResult r;

  r = cli ("reconstruct", demo_target, "-o", out, "--phase", "pghi-fgla", NULL);
  g_assert_cmpint (r.status, ==, 0);
  report = parse_object (r.out);
  g_test_message ("reconstruct: %.2f dB after %" G_GINT64_FORMAT " iterations",
                  member_double (report, "spectral_convergence_db"),
                  json_object_get_int_member (report, "iterations"));
  g_assert_cmpfloat (member_double (report, "spectral_convergence_db"), <, -25.0);
  g_assert_cmpint (json_object_get_int_member (report, "iterations"), >, 0);
  g_assert_cmpint (json_object_get_int_member (report, "iterations"), <=, 100);
  json_object_unref (report);
  cli_result_clear (&r);
  audio = sm_test_read_audio (out);
  g_assert_cmpuint (audio->frames, ==, input->frames);
  g_assert_cmpint (audio->rate, ==, input->rate);
  g_assert_cmpint (audio->channels, ==, input->channels);

  r = cli ("reconstruct", demo_target, "-o", out, "--phase", "mix", NULL);
  expect_failure (&r, 2, "--phase");
  r = cli ("reconstruct", demo_target, NULL);
  expect_failure (&r, 2, "-o");
  r = cli ("reconstruct", demo_target, "-o", out, "--phase-iter", "-4", NULL);
  expect_failure (&r, 2, "--phase-iter");
  /* As for separate, the STFT settings are checked against the file's rate, and a
   * known-bins mask from another grid is bad input, not a bad command line. */
  r = cli ("reconstruct", demo_target, "-o", out, "--fft", "17", NULL);
  expect_failure (&r, 1, "FFT size 17");
  r = cli ("mask", demo_mix, "-o", png, "--all-pass", "--fft", "512", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  r = cli ("reconstruct", demo_target, "-o", out, "--known-mask", png, NULL);
  expect_failure (&r, 1, "grid");

  sm_audio_free (&input);
  sm_audio_free (&audio);
  g_free (out);
  g_free (png);
}

int
main (int    argc,
      char **argv)
{
  const char *demo = g_getenv ("SM_DEMO_DIR");
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SM_CLI"));
  g_assert_nonnull (demo);
  tmp_dir = sm_test_mkdtemp ();
  demo_mix = g_build_filename (demo, "mix.flac", NULL);
  demo_target = g_build_filename (demo, "target.flac", NULL);
  demo_interferer = g_build_filename (demo, "interferer.flac", NULL);

  g_test_add_func ("/cli/info", test_info);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/absurd-parameters", test_absurd_parameters);
  g_test_add_func ("/cli/bad-inputs", test_bad_inputs);
  g_test_add_func ("/cli/separate-all-pass", test_separate_all_pass);
  g_test_add_func ("/cli/mask-and-separate-ibm", test_mask_and_separate_ibm);
  g_test_add_func ("/cli/threshold-masks", test_threshold_masks);
  g_test_add_func ("/cli/stereo", test_stereo);
  g_test_add_func ("/cli/inpaint-modes", test_inpaint_modes);
  g_test_add_func ("/cli/block-mask", test_block_mask);
  g_test_add_func ("/cli/reconstruct", test_reconstruct);
  status = g_test_run ();

  sm_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  g_free (demo_mix);
  g_free (demo_target);
  g_free (demo_interferer);
  return status;
}
