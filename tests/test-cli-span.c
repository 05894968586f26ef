/* test-cli-span.c: the editor's "selection only" separation and specmask-cli separate
 * --span. The editor's own worker runs on the demo; the command it exports is run through
 * the real CLI, whose estimate must be the editor's, and the masked signal away from the
 * span.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sm-core-glib.h"
#include "sm-mask-png.h"
#include "sm-separation.h"
#include "sm-span-separation.h"
#include "sm-test-util.h"

static char *tmp_dir;
static char *demo_dir;

static void
separated_cb (GObject      *source,
              GAsyncResult *async,
              gpointer      data)
{
  SmSeparationResult **result = data;
  g_autoptr (GError) error = NULL;

  *result = sm_separation_run_finish (async, &error);
  g_assert_no_error (error);
}

/* The editor's worker, as the Separate panel starts it with "Selection only" on. */
static SmSeparationResult *
run_editor (const SmAudio         *mix,
            const SmAudio         *target,
            const SmMask          *mask,
            const SmStftParams    *stft,
            const SmInpaintParams *params,
            gboolean               limited,
            double                 start_s,
            double                 end_s)
{
  g_autoptr (SmProgress) progress = sm_progress_new ();
  /* The editor's document shares its audio with the worker; here the test keeps its own. */
  g_autoptr (SmSharedAudio) shared_mix = sm_shared_audio_new (sm_audio_copy (mix));
  g_autoptr (SmSharedAudio) shared_target = sm_shared_audio_new (target != NULL
                                                                 ? sm_audio_copy (target)
                                                                 : NULL);
  SmSeparationScope scope = { 0 };
  SmSeparationResult *result = NULL;

  scope.selection_only = TRUE;
  scope.context_seconds = SM_SPAN_CONTEXT_SECONDS;
  scope.limit_first = 0;
  scope.limit_last = G_MAXSIZE;
  if (limited)
    {
      scope.has_limit = TRUE;
      scope.limit_seconds[0] = start_s;
      scope.limit_seconds[1] = end_s;
      sm_span_separation_limits (start_s, end_s, mix->rate, stft->hop, &scope.limit_first,
                                 &scope.limit_last);
    }
  sm_separation_run_async (shared_mix, shared_target, NULL, mask, 1, stft, params, &scope, progress, NULL,
                           separated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

/* Runs the exported command line, with OUTDIR replaced and the binary under test. */
static void
run_command (const char *command,
             const char *outdir)
{
  g_auto (GStrv) argv = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_true (g_str_has_prefix (command, "specmask-cli separate "));
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_no_error (error);
  g_free (argv[0]);
  argv[0] = g_strdup (g_getenv ("SM_CLI"));
  for (int i = 0; argv[i] != NULL; i++)
    if (g_str_equal (argv[i], "OUTDIR"))
      {
        g_free (argv[i]);
        argv[i] = g_strdup (outdir);
      }
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("'%s' failed: %s", command, err);
}

static gint64
span_member (JsonObject *report,
             const char *name)
{
  return json_object_get_int_member (json_object_get_object_member (report, "span"), name);
}

/* One selection-only run in the editor and through its exported command. */
static void
check_span (const char *name,
            gboolean    limited,
            double      start_s,
            double      end_s,
            size_t      edit_first,
            size_t      edit_last)
{
  g_autofree char *mix_path = g_build_filename (demo_dir, "mix.flac", NULL);
  g_autofree char *target_path = g_build_filename (demo_dir, "target.flac", NULL);
  g_autofree char *outdir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *mask_png = g_build_filename (tmp_dir, "mask.png", NULL);
  g_autofree char *estimate_path = g_build_filename (outdir, "estimate.wav", NULL);
  g_autofree char *masked_path = g_build_filename (outdir, "masked.wav", NULL);
  g_autofree char *report_path = g_build_filename (outdir, "report.json", NULL);
  g_autofree char *command = NULL;
  g_autofree char *expected_span = sm_span_separation_format (limited, start_s, end_s);
  g_autofree char *expected_option = g_strdup_printf (" --span %s", expected_span);
  g_autoptr (SmAudio) mix = sm_test_read_audio (mix_path);
  g_autoptr (SmAudio) target = sm_test_read_audio (target_path);
  g_autoptr (SmAudio) estimate = NULL;
  g_autoptr (SmAudio) masked = NULL;
  g_autoptr (SmMask) mask = NULL;
  g_autoptr (SmSeparationResult) editor = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const SmAudio *editor_estimate;
  JsonObject *report;
  SmStftParams stft;
  SmInpaintParams params;
  size_t keep_start, keep_end, fade, away = 0;
  double worst_editor = 0.0, moved = 0.0;

  sm_stft_params_default (&stft, mix->rate);
  mask = sm_mask_png_load (mask_png, &error);
  g_assert_no_error (error);
  /* A small model: the test is about where it runs, not how well. */
  sm_inpaint_params_default (&params, SM_INPAINT_REFINE);
  params.n_components = 8;
  params.nmf_iterations = 15;
  params.phase_iterations = 5;

  editor = run_editor (mix, target, mask, &stft, &params, limited, start_s, end_s);
  g_assert_true (editor->has_span);
  g_assert_cmpuint (editor->span.edit_first, ==, edit_first);
  g_assert_cmpuint (editor->span.edit_last, ==, edit_last);
  command = sm_separation_command_line (editor, mix_path, target_path, NULL, mask_png);
  g_test_message ("%s", command);
  g_assert_nonnull (strstr (command, expected_option));

  run_command (command, outdir);
  json_parser_load_from_file (parser, report_path, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (report, "span"),
                                                 "processed"));
  /* The CLI planned the span the editor did. */
  g_assert_cmpint (span_member (report, "edit_first_frame"), ==, (gint64) edit_first);
  g_assert_cmpint (span_member (report, "edit_last_frame"), ==, (gint64) edit_last);
  g_assert_cmpint (span_member (report, "start"), ==, (gint64) editor->span.start);
  g_assert_cmpint (span_member (report, "end"), ==, (gint64) editor->span.end);
  keep_start = (size_t) span_member (report, "keep_start");
  keep_end = (size_t) span_member (report, "keep_end");
  fade = (size_t) span_member (report, "fade");
  g_assert_cmpuint (keep_start, ==, editor->span.keep_start);
  g_assert_cmpuint (keep_end, ==, editor->span.keep_end);

  estimate = sm_test_read_audio (estimate_path);
  masked = sm_test_read_audio (masked_path);
  editor_estimate = sm_shared_audio_get (editor->signals[SM_RESULT_ESTIMATE]);
  g_assert_cmpuint (estimate->frames, ==, mix->frames);
  for (size_t n = 0; n < mix->frames; n++)
    {
      double d = fabs ((double) estimate->data[0][n] - masked->data[0][n]);

      /* Away from the span, the masked signal exactly (32-bit float files). */
      if (n < keep_start - fade || n >= keep_end + fade)
        {
          g_assert_cmpfloat (d, ==, 0.0);
          away++;
        }
      else
        moved = MAX (moved, d);
      worst_editor = MAX (worst_editor, fabs ((double) estimate->data[0][n]
                                              - editor_estimate->data[0][n]));
    }
  g_test_message ("%s: %zu samples untouched, largest change in the span %.3g, largest "
                  "difference from the editor %.3g", name, away, moved, worst_editor);
  g_assert_cmpuint (away, >, mix->frames / 2);
  g_assert_cmpfloat (moved, >, 1e-3);
  /* The same computation: the same figures up to float summation order. */
  g_assert_cmpfloat (worst_editor, <, 1e-5);
}

static void
test_span_matches_editor (void)
{
  g_autofree char *mix_path = g_build_filename (demo_dir, "mix.flac", NULL);
  g_autofree char *mask_png = g_build_filename (tmp_dir, "mask.png", NULL);
  g_autoptr (SmAudio) mix = sm_test_read_audio (mix_path);
  g_autoptr (SmStft) stft = NULL;
  g_autoptr (SmMask) mask = NULL;
  g_autoptr (GError) error = NULL;
  SmStftParams params;
  size_t n_frames, first, last, limit_first, limit_last;
  double start_s, end_s;

  /* A mask that removes bins in 41 frames mid-file and keeps everything else. */
  sm_stft_params_default (&params, mix->rate);
  stft = sm_stft_new (&params, NULL);
  n_frames = sm_stft_n_frames (stft, mix->frames);
  mask = sm_mask_new (n_frames, sm_stft_n_bins (stft), 1.0f, NULL);
  first = n_frames / 2 - 20;
  last = n_frames / 2 + 20;
  for (size_t t = first; t <= last; t++)
    for (int bin = 10; bin < 200; bin++)
      mask->levels[t * (size_t) mask->n_bins + (size_t) bin] = 0;
  g_assert_true (sm_mask_png_save (mask, mask_png, &error));
  g_assert_no_error (error);

  check_span ("auto", FALSE, 0.0, 0.0, first, last);

  /* A time selection over the edit's second half: the edit is cut to it. Seconds that are
   * not whole frames, as a ruler drag gives. */
  start_s = (first + last) / 2.0 * params.hop / mix->rate + 0.0037;
  end_s = (double) (last + 30) * params.hop / mix->rate + 0.0011;
  sm_span_separation_limits (start_s, end_s, mix->rate, params.hop, &limit_first, &limit_last);
  g_assert_cmpuint (limit_first, >, first);
  check_span ("limited", TRUE, start_s, end_s, limit_first, last);
}

static void
test_span_usage (void)
{
  g_autofree char *mix_path = g_build_filename (demo_dir, "mix.flac", NULL);
  g_autofree char *outdir = g_build_filename (tmp_dir, "usage", NULL);
  /* span, inpaint mode, what stderr must say */
  const char *const bad[][3] = {
    { "2:1", "refine", "--span: expected auto or START:END" },
    { "soon", "refine", "--span: expected auto or START:END" },
    { "auto", "none", "--span needs --inpaint fill or refine" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[] = { g_getenv ("SM_CLI"), "separate", mix_path, "-o", outdir,
                             "--all-pass", "--inpaint", bad[i][1], "--span", bad[i][0],
                             NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr (GError) error = NULL;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      if (strstr (err, bad[i][2]) == NULL)
        g_error ("--span %s: stderr '%s' lacks '%s'", bad[i][0], err, bad[i][2]);
    }
  g_assert_false (g_file_test (outdir, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SM_CLI"));
  demo_dir = g_strdup (g_getenv ("SM_DEMO_DIR"));
  tmp_dir = sm_test_mkdtemp ();

  g_test_add_func ("/cli/span/matches-editor", test_span_matches_editor);
  g_test_add_func ("/cli/span/usage", test_span_usage);
  status = g_test_run ();
  sm_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  g_free (demo_dir);
  return status;
}
