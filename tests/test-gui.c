/* test-gui.c: the real application in a real window, used as a person uses it: pointer
 * drags and key presses through the X server, results read back from the files it saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "sm-core-glib.h"
#include "sm-gui-driver.h"
#include "sm-mask-png.h"
#include "sm-project.h"
#include "sm-test-util.h"

static char *demo_dir;

typedef struct
{
  char *dir;
  char *state;
  char *project;
  char *mask_png;
} Fixture;

static char *
demo (const char *name)
{
  return g_build_filename (demo_dir, name, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = sm_test_mkdtemp ();
  f->state = g_build_filename (f->dir, "state", NULL);
  f->project = g_build_filename (f->dir, "p.specmask", NULL);
  f->mask_png = g_build_filename (f->dir, "p.mask.png", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->state);
  g_free (f->project);
  g_free (f->mask_png);
}

/* The demo's STFT of one file, at the defaults the app uses. */
static SmSpectrogram *
analyse (const char    *name,
         SmStftParams  *params)
{
  g_autofree char *path = demo (name);
  g_autoptr (SmAudio) audio = NULL;
  g_autoptr (SmStft) stft = NULL;
  SmSpectrogram *spec;

  g_assert_cmpint (sm_audio_read (path, &audio, NULL, NULL), ==, SM_OK);
  sm_stft_params_default (params, audio->rate);
  stft = sm_stft_new (params, NULL);
  spec = sm_spectrogram_new (sm_stft_n_frames (stft, audio->frames), sm_stft_n_bins (stft),
                             NULL);
  g_assert_cmpint (sm_stft_forward (stft, audio->data[0], audio->frames, spec, NULL), ==,
                   SM_OK);
  return spec;
}

/* A project on the demo whose mask keeps nothing, so that painting shows clearly. */
static void
write_empty_project (Fixture *f)
{
  g_autoptr (SmProject) project = sm_project_new ();
  g_autoptr (SmSpectrogram) spec = analyse ("mix.flac", &project->stft);
  g_autoptr (GError) error = NULL;

  project->mix_path = demo ("mix.flac");
  project->target_path = demo ("target.flac");
  project->interferer_path = demo ("interferer.flac");
  project->mask = sm_mask_new (spec->n_frames, spec->n_bins, 0.0f, NULL);
  g_assert_true (sm_project_save (project, f->project, &error));
}

static SmGuiApp *
start_on_project (Fixture *f)
{
  const char *args[] = { "--project", f->project, NULL };
  SmGuiApp *app = sm_gui_app_start (f->state, args);

  if (!sm_gui_app_wait_ready (app, "p.specmask — Specmask", 60))
    g_error ("the window never showed the project; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  return app;
}

/* Ctrl+S, then the saved mask. */
static SmMask *
save_and_read_mask (SmGuiApp *app,
                    Fixture  *f)
{
  g_autoptr (GError) error = NULL;
  SmMask *mask;

  sm_gui_app_key (app, "ctrl+s");
  if (!sm_gui_app_wait_ready (app, "— Specmask", 20) || g_str_has_prefix (app->title, "•"))
    g_error ("saving did not clear the modified mark; output:\n%s", app->log->str);
  mask = sm_mask_png_load (f->mask_png, &error);
  g_assert_no_error (error);
  return mask;
}

static double
x_to_frame (SmGuiApp *app,
            double    x)
{
  return app->time_start + x * app->frames_per_pixel;
}

/* Linear axis, lowest frequency at the bottom. */
static double
y_to_bin (SmGuiApp *app,
          double    y,
          double    height)
{
  double hz = app->freq_max - (y / height) * (app->freq_max - app->freq_min);

  return hz * app->fft / app->rate;
}

/* Normalised distance of bin (t, f) from the segment a-b, in brush radii. */
static double
distance_to_segment (double t,
                     double f,
                     double ta,
                     double fa,
                     double tb,
                     double fb,
                     double rt,
                     double rf)
{
  double px = (t - ta) / rt, py = (f - fa) / rf;
  double dx = (tb - ta) / rt, dy = (fb - fa) / rf;
  double along = CLAMP ((px * dx + py * dy) / (dx * dx + dy * dy), 0.0, 1.0);

  return hypot (px - along * dx, py - along * dy);
}

static void
test_paint_undo_save (Fixture       *f,
                      gconstpointer  data)
{
  SmGuiApp *app;
  SmGuiRect mix;
  g_autoptr (SmMask) painted = NULL;
  g_autoptr (SmMask) undone = NULL;
  double x0, x1, y, ta, tb, fb, rt, rf;
  size_t inside = 0;

  write_empty_project (f);
  app = start_on_project (f);
  mix = sm_gui_app_rect (app, "pane=Mix");
  g_assert_cmpint (app->freq_scale, ==, 0);

  /* A straight horizontal stroke, so the swept shape does not depend on how the motion
   * events were sampled. The brush is 24 px across by default. */
  x0 = 0.3 * mix.width;
  x1 = 0.6 * mix.width;
  y = 0.6 * mix.height;
  sm_gui_app_drag (app, mix.x + x0, mix.y + y, mix.x + x1, mix.y + y, 8);
  if (!sm_gui_app_wait_ready (app, "• p.specmask", 20))
    g_error ("the stroke did not modify the project; output:\n%s", app->log->str);
  painted = save_and_read_mask (app, f);

  ta = x_to_frame (app, x0);
  tb = x_to_frame (app, x1);
  fb = y_to_bin (app, y, mix.height);
  rt = 12.0 * app->frames_per_pixel;
  rf = 12.0 * (app->freq_max - app->freq_min) / mix.height * app->fft / app->rate;
  {
    size_t t_lo = SIZE_MAX, t_hi = 0;
    int f_lo = INT_MAX, f_hi = 0;

    for (size_t t = 0; t < painted->n_frames; t++)
      for (int bin = 0; bin < painted->n_bins; bin++)
        if (painted->levels[t * (size_t) painted->n_bins + (size_t) bin] >= SM_MASK_LEVEL_KEPT)
          {
            t_lo = MIN (t_lo, t);
            t_hi = MAX (t_hi, t);
            f_lo = MIN (f_lo, bin);
            f_hi = MAX (f_hi, bin);
          }
    g_test_message ("painted frames %zu-%zu bins %d-%d; expected frames %.1f-%.1f bins %.1f "
                    "+- %.1f (radius %.1f frames)", t_lo, t_hi, f_lo, f_hi, ta - rt, tb + rt,
                    fb, rf, rt);
  }
  for (size_t t = 0; t < painted->n_frames; t++)
    for (int bin = 0; bin < painted->n_bins; bin++)
      {
        float v = sm_mask_level_value (painted->levels[t * (size_t) painted->n_bins + (size_t) bin]);
        double d = distance_to_segment (t, bin, ta, fb, tb, fb, rt, MAX (rf, 0.5));

        /* Under the path: kept. Clear of it (allowing for a pixel's rounding): untouched. */
        if (d < 0.8)
          {
            g_assert_cmpfloat (v, ==, 1.0f);
            inside++;
          }
        else if (d > 1.25)
          g_assert_cmpfloat (v, ==, 0.0f);
      }
  g_assert_cmpuint (inside, >, 50);

  /* Ctrl+Z restores the mask exactly. */
  sm_gui_app_key (app, "ctrl+z");
  g_assert_true (sm_gui_app_wait_ready (app, NULL, 20));
  undone = save_and_read_mask (app, f);
  g_assert_cmpfloat (sm_mask_kept_fraction (undone), ==, 0.0);

  sm_gui_app_key (app, "ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* The live threshold and IBM sliders give exactly what the engine gives at the value
 * the project records. */
static void
test_threshold_and_ibm (Fixture       *f,
                        gconstpointer  data)
{
  SmGuiApp *app;
  SmGuiRect slider;
  g_autoptr (SmMask) thresholded = NULL;
  g_autoptr (SmMask) ideal = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmSpectrogram) mix = NULL;
  g_autoptr (SmSpectrogram) target = NULL;
  g_autoptr (SmSpectrogram) interferer = NULL;
  g_autoptr (SmMask) expected = NULL;
  g_autoptr (SmStft) stft = NULL;
  g_autoptr (GError) error = NULL;
  SmStftParams params;
  double kept;

  write_empty_project (f);
  app = start_on_project (f);
  mix = analyse ("mix.flac", &params);
  target = analyse ("target.flac", &params);
  interferer = analyse ("interferer.flac", &params);
  stft = sm_stft_new (&params, NULL);
  expected = sm_mask_new (mix->n_frames, mix->n_bins, 0.0f, NULL);

  slider = sm_gui_app_rect (app, "widget=threshold");
  sm_gui_app_click (app, slider.x + 0.55 * slider.width, slider.y + slider.height / 2);
  sm_gui_app_key (app, "Return");
  g_assert_true (sm_gui_app_wait_ready (app, "• p.specmask", 20));
  thresholded = save_and_read_mask (app, f);
  project = sm_project_load (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_mask_threshold (expected, mix, sm_stft_full_scale (stft),
                                      project->mask_settings.threshold_db,
                                      SM_THRESHOLD_ABSOLUTE, 0, 0), ==, SM_OK);
  kept = sm_mask_kept_fraction (thresholded);
  g_assert_cmpfloat (kept, >, 0.0);
  g_assert_cmpfloat (kept, <, 1.0);
  g_assert_cmpmem (thresholded->levels, mix->n_frames * (size_t) mix->n_bins,
                   expected->levels, mix->n_frames * (size_t) mix->n_bins);
  g_clear_pointer (&project, sm_project_free);

  slider = sm_gui_app_rect (app, "widget=lc");
  sm_gui_app_click (app, slider.x + 0.65 * slider.width, slider.y + slider.height / 2);
  sm_gui_app_key (app, "Return");
  g_assert_true (sm_gui_app_wait_ready (app, "• p.specmask", 20));
  ideal = save_and_read_mask (app, f);
  project = sm_project_load (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (project->mask_settings.lc_db, >, 0.0);
  g_assert_cmpint (sm_mask_ibm (expected, target, interferer, project->mask_settings.lc_db,
                                SM_IBM_DEFAULT_FLOOR_DB), ==, SM_OK);
  g_assert_cmpmem (ideal->levels, mix->n_frames * (size_t) mix->n_bins,
                   expected->levels, mix->n_frames * (size_t) mix->n_bins);
  /* A positive local criterion keeps fewer bins than the 0 dB one. */
  g_assert_cmpint (sm_mask_ibm (expected, target, interferer, 0.0, SM_IBM_DEFAULT_FLOOR_DB),
                   ==, SM_OK);
  g_assert_cmpfloat (sm_mask_kept_fraction (ideal), <, sm_mask_kept_fraction (expected));

  sm_gui_app_key (app, "ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* Ctrl+E, then the path typed into the chooser's name field; the default signal is the
 * estimate. Returns what was written. */
static SmAudio *
export_estimate (SmGuiApp   *app,
                 const char *path)
{
  g_autofree char *typed = g_strdup_printf ("xdotool type --delay 20 '%s'", path);
  g_autofree char *done = g_strdup_printf ("Exported %s", path);
  SmAudio *audio = NULL;

  sm_gui_app_key (app, "ctrl+e");
  if (!sm_gui_app_wait_window (app, "Export Separated Audio", 30))
    g_error ("the export dialog did not open; output:\n%s", app->log->str);
  g_usleep (G_USEC_PER_SEC / 2);
  sm_gui_app_key (app, "ctrl+a BackSpace");
  g_spawn_command_line_sync (typed, NULL, NULL, NULL, NULL);
  sm_gui_app_key (app, "Return");
  if (!sm_gui_app_wait_log (app, done, 30))
    g_error ("nothing was exported; output:\n%s", app->log->str);
  g_assert_cmpint (sm_audio_read (path, &audio, NULL, NULL), ==, SM_OK);
  return audio;
}

/* How many times @fragment appears in the app's output. */
static guint
count_in_log (SmGuiApp   *app,
              const char *fragment)
{
  guint n = 0;

  for (const char *at = strstr (app->log->str, fragment); at != NULL;
       at = strstr (at + 1, fragment))
    n++;
  return n;
}

/* Apply the ideal binary mask, separate in the background, export the estimate through the
 * file chooser, and check it is closer to the target than the mix is. Then start a run and
 * cancel it: the UI answers at once and the previous result stays. */
static void
test_separate_export_cancel (Fixture       *f,
                             gconstpointer  data)
{
  const char *args[] = { "--demo", NULL };
  SmGuiApp *app = sm_gui_app_start (f->state, args);
  g_autofree char *exported = g_build_filename (f->dir, "estimate.wav", NULL);
  g_autofree char *target_path = demo ("target.flac");
  g_autofree char *mix_path = demo ("mix.flac");
  g_autoptr (SmAudio) estimate = NULL;
  g_autoptr (SmAudio) target = NULL;
  g_autoptr (SmAudio) mix = NULL;
  SmGuiRect button;
  const char *cancelled;
  int exit_status;
  double ms;

  if (!sm_gui_app_wait_ready (app, "mix.flac — Specmask", 60))
    g_error ("the demo did not open; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  button = sm_gui_app_rect (app, "widget=ibm");
  sm_gui_app_click (app, button.x + button.width / 2, button.y + button.height / 2);
  /* Separate applies the previewed mask first. */
  sm_gui_app_key (app, "ctrl+Return");
  if (!sm_gui_app_wait_log (app, "Separation done", 120))
    g_error ("the separation did not finish; output:\n%s", app->log->str);
  g_assert_true (sm_gui_app_wait_ready (app, "• mix.flac", 20));
  g_assert_cmpfloat (sm_gui_app_rect (app, "pane=Estimate").height, >, 30);
  g_assert_cmpfloat (sm_gui_app_rect (app, "pane=Residual").height, >, 30);

  estimate = export_estimate (app, exported);
  g_assert_cmpint (sm_audio_read (target_path, &target, NULL, NULL), ==, SM_OK);
  g_assert_cmpint (sm_audio_read (mix_path, &mix, NULL, NULL), ==, SM_OK);
  g_assert_cmpuint (estimate->frames, ==, mix->frames);
  g_assert_cmpfloat (sm_metric_si_sdr (target->data[0], estimate->data[0], mix->frames), >,
                     sm_metric_si_sdr (target->data[0], mix->data[0], mix->frames) + 6.0);

  /* A new run, cancelled at once with Escape. */
  sm_gui_app_focus (app);
  sm_gui_app_key (app, "ctrl+Return Escape");
  if (!sm_gui_app_wait_log (app, "Separation cancelled", 30))
    g_error ("the run was not cancelled; output:\n%s", app->log->str);
  cancelled = strstr (app->log->str, "Separation cancelled ");
  g_assert_cmpint (sscanf (cancelled, "Separation cancelled %lf ms", &ms), ==, 1);
  g_test_message ("cancelled %.0f ms after the request", ms);
  g_assert_cmpfloat (ms, <, 100.0);
  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_true (sm_gui_app_is_running (app));

  sm_gui_app_key (app, "ctrl+q");
  /* The mask has unsaved edits: the window asks; discard them (Alt+D, "_Discard"). */
  g_usleep (G_USEC_PER_SEC);
  sm_gui_app_key (app, "alt+d");
  exit_status = sm_gui_app_wait_exit (app, 20);
  if (exit_status != 0)
    g_error ("the app did not quit cleanly (status %d); output:\n%s", exit_status,
             app->log->str);
  sm_gui_app_free (app);
}

/* "Selection only": a mask that removes bins in one second of the demo; a full run is
 * superseded at once by a selection-only run (Ctrl+Shift+Enter), which processes that second
 * plus context. Its estimate is the masked signal, sample for sample, away from the span,
 * and the engine's result on it. */
static void
test_separate_selection_only (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (SmProject) project = sm_project_new ();
  g_autoptr (SmSpectrogram) spec = analyse ("mix.flac", &project->stft);
  g_autofree char *exported = g_build_filename (f->dir, "estimate.wav", NULL);
  g_autofree char *mix_path = demo ("mix.flac");
  g_autoptr (SmAudio) mix = NULL;
  g_autoptr (SmAudio) masked = NULL;
  g_autoptr (SmAudio) estimate = NULL;
  g_autoptr (SmStft) stft = NULL;
  g_autoptr (GError) error = NULL;
  size_t first, last, edit_first, edit_last, start, end, keep_start, keep_end, fade;
  size_t far = 0, inside = 0;
  double worst_far = 0.0, moved_inside = 0.0;
  const char *line;
  SmGuiApp *app;

  project->mix_path = demo ("mix.flac");
  project->target_path = demo ("target.flac");
  project->interferer_path = demo ("interferer.flac");
  project->mask = sm_mask_new (spec->n_frames, spec->n_bins, 1.0f, NULL);
  first = spec->n_frames / 2 - 20;
  last = spec->n_frames / 2 + 20;
  for (size_t t = first; t <= last; t++)
    for (int bin = 10; bin < 200; bin++)
      project->mask->levels[t * (size_t) spec->n_bins + (size_t) bin] = 0;
  g_assert_true (sm_project_save (project, f->project, &error));
  g_assert_no_error (error);

  app = start_on_project (f);
  sm_gui_app_key (app, "ctrl+Return ctrl+shift+Return");
  if (!sm_gui_app_wait_log (app, "Separation done", 120))
    g_error ("the separation did not finish; output:\n%s", app->log->str);
  g_assert_true (sm_gui_app_wait_log (app, "Separation superseded by a newer run", 5));
  line = strstr (app->log->str, "Selection only: ");
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "Selection only: frames %zu-%zu, samples %zu-%zu (kept whole "
                           "%zu-%zu, fades of %zu)", &edit_first, &edit_last, &start, &end,
                           &keep_start, &keep_end, &fade), ==, 7);
  g_test_message ("span: frames %zu-%zu, samples %zu-%zu", edit_first, edit_last, start, end);
  g_assert_cmpuint (edit_first, ==, first);
  g_assert_cmpuint (edit_last, ==, last);

  estimate = export_estimate (app, exported);
  g_assert_cmpint (sm_audio_read (mix_path, &mix, NULL, NULL), ==, SM_OK);
  stft = sm_stft_new (&project->stft, NULL);
  g_assert_cmpint (sm_separate_apply_mask (stft, mix, project->mask, &masked, NULL), ==, SM_OK);
  g_assert_cmpuint (estimate->frames, ==, mix->frames);
  /* The span is the edit plus about a second each side, not the file. */
  g_assert_cmpuint (end - start, <, mix->frames / 2);
  g_assert_cmpuint (start + mix->rate, <=, keep_start);
  for (size_t n = 0; n < mix->frames; n++)
    {
      double d = fabs ((double) estimate->data[0][n] - masked->data[0][n]);

      if (n < keep_start - fade || n >= keep_end + fade)
        {
          worst_far = MAX (worst_far, d);
          far++;
        }
      else if (n >= keep_start && n < keep_end)
        {
          moved_inside = MAX (moved_inside, d);
          inside++;
        }
    }
  g_test_message ("largest difference from masked: %.3g away from the span (%zu samples), "
                  "%.3g inside (%zu samples)", worst_far, far, moved_inside, inside);
  /* The export is 24-bit: a couple of steps of rounding (2^-23 each) at most. */
  g_assert_cmpuint (far, >, mix->frames / 2);
  g_assert_cmpfloat (worst_far, <=, 4.0 / (1 << 23));
  g_assert_cmpfloat (moved_inside, >, 1e-3);
  g_assert_cmpuint (count_in_log (app, "Separation done"), ==, 1);

  sm_gui_app_key (app, "ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* Pixels of the window within @r (below its top @skip rows) that have colour @rgb. */
static gsize
count_colour (const guint32 *pixels,
              int            width,
              SmGuiRect      r,
              int            skip,
              guint32        rgb)
{
  gsize n = 0;

  for (int y = (int) r.y + skip; y < (int) (r.y + r.height); y++)
    for (int x = (int) r.x; x < (int) (r.x + r.width); x++)
      n += pixels[y * width + x] == rgb;
  return n;
}

/* The view menu's comparison with the ideal binary mask (key C): with an empty mask every
 * bin the IBM keeps is a false drop; inverted, every bin it drops is a false keep. The log
 * gives the counts over the grid, the window the two colours over the mask pane. */
static void
test_compare_with_ibm (Fixture       *f,
                       gconstpointer  data)
{
  /* The colours sm-window-compare.c paints, as 0xRRGGBB. */
  const guint32 false_keep = 0xff8c00, false_drop = 0x19a5ff;
  g_autoptr (SmSpectrogram) target = NULL;
  g_autoptr (SmSpectrogram) interferer = NULL;
  g_autoptr (SmMask) ibm = NULL;
  g_autofree guint32 *pixels = NULL;
  g_autofree char *expected = NULL;
  SmStftParams params;
  SmGuiRect pane;
  size_t ideal = 0, n;
  int width, height;
  SmGuiApp *app;

  write_empty_project (f);
  target = analyse ("target.flac", &params);
  interferer = analyse ("interferer.flac", &params);
  ibm = sm_mask_new (target->n_frames, target->n_bins, 0.0f, NULL);
  g_assert_cmpint (sm_mask_ibm (ibm, target, interferer, SM_IBM_DEFAULT_LC_DB,
                                SM_IBM_DEFAULT_FLOOR_DB), ==, SM_OK);
  n = ibm->n_frames * (size_t) ibm->n_bins;
  for (size_t i = 0; i < n; i++)
    ideal += ibm->levels[i] >= SM_MASK_LEVEL_KEPT;
  g_assert_cmpuint (ideal, >, 1000);
  g_assert_cmpuint (ideal, <, n - 1000);

  app = start_on_project (f);
  pane = sm_gui_app_rect (app, "pane=Mask");
  sm_gui_app_key (app, "c");
  expected = g_strdup_printf ("Compared with the ideal binary mask: 0 false keep, %zu false "
                              "drop of %zu bins", ideal, n);
  if (!sm_gui_app_wait_log (app, expected, 30))
    g_error ("no '%s'; output:\n%s", expected, app->log->str);
  g_usleep (G_USEC_PER_SEC / 2);
  pixels = sm_gui_app_grab (app, &width, &height);
  sm_gui_app_snapshot (app, "compare-false-drop");
  /* The legend across the pane's top holds a swatch of each colour: skip it. */
  g_test_message ("empty mask: %zu false-drop pixels, %zu false-keep",
                  count_colour (pixels, width, pane, 24, false_drop),
                  count_colour (pixels, width, pane, 24, false_keep));
  g_assert_cmpuint (count_colour (pixels, width, pane, 24, false_drop), >, 2000);
  g_assert_cmpuint (count_colour (pixels, width, pane, 24, false_keep), ==, 0);
  g_clear_pointer (&pixels, g_free);

  sm_gui_app_key (app, "i");
  g_free (expected);
  expected = g_strdup_printf ("Compared with the ideal binary mask: %zu false keep, 0 false "
                              "drop of %zu bins", n - ideal, n);
  if (!sm_gui_app_wait_log (app, expected, 30))
    g_error ("no '%s'; output:\n%s", expected, app->log->str);
  g_usleep (G_USEC_PER_SEC / 2);
  pixels = sm_gui_app_grab (app, &width, &height);
  sm_gui_app_snapshot (app, "compare-false-keep");
  g_assert_cmpuint (count_colour (pixels, width, pane, 24, false_keep), >, 2000);
  g_assert_cmpuint (count_colour (pixels, width, pane, 24, false_drop), ==, 0);
  g_clear_pointer (&pixels, g_free);

  /* C again hides it. */
  sm_gui_app_key (app, "c");
  if (!sm_gui_app_wait_log (app, "Comparison with the ideal binary mask hidden", 10))
    g_error ("the comparison stayed; output:\n%s", app->log->str);
  g_usleep (G_USEC_PER_SEC / 2);
  pixels = sm_gui_app_grab (app, &width, &height);
  g_assert_cmpuint (count_colour (pixels, width, pane, 0, false_keep), ==, 0);
  g_assert_cmpuint (count_colour (pixels, width, pane, 0, false_drop), ==, 0);

  sm_gui_app_key (app, "ctrl+q");
  /* The inverted mask is unsaved: discard it. */
  g_usleep (G_USEC_PER_SEC);
  sm_gui_app_key (app, "alt+d");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* The first line of the app's output that starts with @prefix, without its newline. */
static char *
log_line (SmGuiApp   *app,
          const char *prefix)
{
  const char *at = strstr (app->log->str, prefix);

  g_assert_nonnull (at);
  return g_strndup (at, strcspn (at, "\n"));
}

/* Milliseconds the app reports the new source stayed silent after switching to @name. */
static double
switch_gap_ms (SmGuiApp   *app,
               const char *name)
{
  g_autofree char *line = g_strdup_printf ("Playback source %s advancing ", name);
  const char *at;
  double ms;

  if (!sm_gui_app_wait_log (app, line, 10))
    g_error ("the %s source never played after the switch; output:\n%s", name,
             app->log->str);
  at = strstr (app->log->str, line);
  g_assert_cmpint (sscanf (at + strlen (line), "%lf ms", &ms), ==, 1);
  return ms;
}

/* A/B switching of the playback source keeps the position: switching to the target after a
 * second of the mix, then back, continues from where the stream was, and each source's
 * stream is ready, so its position moves on at once after the switch (no gap). */
static void
test_playback_switch (Fixture       *f,
                      gconstpointer  data)
{
  const char *args[] = { "--demo", NULL };
  SmGuiApp *app = sm_gui_app_start (f->state, args);
  /* Under a sanitizer the new stream takes longer to start: give it the time. */
  const double slowdown = sm_gui_slowdown ();
  const char *at;
  double to_target, to_mix, gap_target, gap_mix;

  if (!sm_gui_app_wait_ready (app, "mix.flac — Specmask", 60))
    g_error ("the demo did not open; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  sm_gui_app_key (app, "space");
  if (!sm_gui_app_wait_log (app, "Playback playing at ", 20))
    g_error ("playback did not start; output:\n%s", app->log->str);
  /* The demo lasts 6 s: the waits stretch under a sanitizer, but not past its end. */
  g_usleep ((gulong) (G_USEC_PER_SEC * MIN (slowdown, 2.5)));
  sm_gui_app_key (app, "2");
  gap_target = switch_gap_ms (app, "target");
  g_usleep (G_USEC_PER_SEC * 6 / 10);
  sm_gui_app_key (app, "1");
  gap_mix = switch_gap_ms (app, "mix");
  if (!sm_gui_app_wait_log (app, "Playback source mix at", 20))
    g_error ("no source switch; output:\n%s", app->log->str);
  at = strstr (app->log->str, "Playback source target at ");
  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, "Playback source target at %lf", &to_target), ==, 1);
  at = strstr (app->log->str, "Playback source mix at ");
  g_assert_cmpint (sscanf (at, "Playback source mix at %lf", &to_mix), ==, 1);
  g_test_message ("switched to the target at %.3f s and back at %.3f s", to_target, to_mix);
  g_assert_cmpfloat (to_target, >, 0.5);
  g_assert_cmpfloat (to_mix - to_target, >, slowdown == 1.0 ? 0.3 : 0.0);
  g_assert_cmpfloat (to_mix - to_target, <, 1.5 * slowdown);
  g_test_message ("the target moved on %.0f ms after the switch, the mix %.0f ms", gap_target,
                  gap_mix);
  /* Gapless means the stream switched to was prepared already, and its position moves on
   * within a few of GStreamer's position reports (about every 100 ms; a new pipeline is
   * silent for longer). A sanitizer's slowdown of the media pipeline says nothing about
   * that: not checked there (the normal build checks it). */
  if (slowdown == 1.0)
    {
      g_autofree char *target_line = log_line (app, "Playback source target at ");
      g_autofree char *mix_line = log_line (app, "Playback source mix at ");

      g_assert_true (g_str_has_suffix (target_line, ", stream ready"));
      g_assert_true (g_str_has_suffix (mix_line, ", stream ready"));
      g_assert_cmpfloat (gap_target, <, 400.0);
      g_assert_cmpfloat (gap_mix, <, 400.0);
    }

  sm_gui_app_key (app, "space ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* A drag on the time ruler selects a range; with the loop on (Ctrl+L) playback repeats it.
 * M and V render the mix through the mask and through the rectangle in view over that
 * range, and play it as the "region" source. */
static void
test_loop_and_region (Fixture       *f,
                      gconstpointer  data)
{
  const char *args[] = { "--demo", NULL };
  SmGuiApp *app = sm_gui_app_start (f->state, args);
  SmGuiRect ruler;
  double x0, x1, a, b, looped, region_at;
  size_t first, last;
  const char *at;

  if (!sm_gui_app_wait_ready (app, "mix.flac — Specmask", 60))
    g_error ("the demo did not open; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  ruler = sm_gui_app_rect (app, "widget=time-ruler");
  g_assert_cmpfloat (ruler.width, >, 200);
  x0 = 0.30 * ruler.width;
  x1 = 0.45 * ruler.width;
  sm_gui_app_drag (app, ruler.x + x0, ruler.y + ruler.height / 2, ruler.x + x1,
                   ruler.y + ruler.height / 2, 6);
  if (!sm_gui_app_wait_log (app, "Time selection ", 10))
    g_error ("no time selection; output:\n%s", app->log->str);
  at = strstr (app->log->str, "Time selection ");
  g_assert_cmpint (sscanf (at, "Time selection %lf-%lf s", &a, &b), ==, 2);
  g_test_message ("selected %.3f-%.3f s", a, b);
  /* Centred frames: frame t is at t hop / rate seconds; allow two pixels of slack. */
  g_assert_cmpfloat (fabs (a - x_to_frame (app, x0) * app->hop / app->rate), <,
                     2 * app->frames_per_pixel * app->hop / app->rate);
  g_assert_cmpfloat (fabs (b - x_to_frame (app, x1) * app->hop / app->rate), <,
                     2 * app->frames_per_pixel * app->hop / app->rate);

  sm_gui_app_key (app, "ctrl+l space");
  if (!sm_gui_app_wait_log (app, "Loop on", 10))
    g_error ("the loop did not turn on; output:\n%s", app->log->str);
  if (!sm_gui_app_wait_log (app, "Playback looped to ", 20))
    g_error ("playback did not loop; output:\n%s", app->log->str);
  sm_gui_app_snapshot (app, "loop-selection");
  {
    /* The band shows on the white Mask pane too: tinted blue across the selection. */
    SmGuiRect mask = sm_gui_app_rect (app, "pane=Mask");
    g_autofree guint32 *pixels = NULL;
    int width, height, y = (int) (mask.y + mask.height / 2), tinted = 0, n = 0;

    pixels = sm_gui_app_grab (app, &width, &height);
    for (int x = (int) (ruler.x + x0) + 4; x < (int) (ruler.x + x1) - 4; x++, n++)
      {
        guint32 rgb = pixels[y * width + x];

        tinted += (int) (rgb & 0xff) > (int) (rgb >> 16 & 0xff) + 30;
      }
    g_test_message ("%d of %d pixels across the selection on the Mask pane tinted", tinted, n);
    g_assert_cmpint (n, >, 50);
    g_assert_cmpint (tinted, >, n * 9 / 10);
  }
  at = strstr (app->log->str, "Playback looped to ");
  g_assert_cmpint (sscanf (at, "Playback looped to %lf", &looped), ==, 1);
  g_assert_cmpfloat (fabs (looped - a), <, 0.002);
  /* It keeps looping: a second wrap one selection later. */
  for (int i = 0; i < 100 && count_in_log (app, "Playback looped to ") < 2; i++)
    sm_gui_app_wait_log (app, "(reads more output)", 0.1);
  g_assert_cmpuint (count_in_log (app, "Playback looped to "), >=, 2);

  /* The mix through the mask, over the selection: the region source, from its start. */
  sm_gui_app_key (app, "m");
  if (!sm_gui_app_wait_log (app, "Playback source region at ", 20))
    g_error ("the region did not play; output:\n%s", app->log->str);
  at = strstr (app->log->str, "Region: through the mask, frames ");
  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, "Region: through the mask, frames %zu-%zu", &first, &last), ==,
                   2);
  /* Whole frames covering the selection (floor and ceil), from times printed to 1 ms. */
  g_assert_cmpfloat (fabs ((double) first - a * app->rate / app->hop), <=, 1.5);
  g_assert_cmpfloat (fabs ((double) last - b * app->rate / app->hop), <=, 1.5);
  at = strstr (app->log->str, "Playback source region at ");
  g_assert_cmpint (sscanf (at, "Playback source region at %lf", &region_at), ==, 1);

  sm_gui_app_key (app, "v");
  if (!sm_gui_app_wait_log (app, "Region: the rectangle in view", 20))
    g_error ("no rectangle region; output:\n%s", app->log->str);

  sm_gui_app_key (app, "space ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* Every pane that shows audio rendered a picture, not a flat colour. */
static void
test_demo_renders (Fixture       *f,
                   gconstpointer  data)
{
  const char *args[] = { "--demo", NULL };
  static const char *const panes[] = { "pane=Mix", "pane=Target", "pane=Interferer" };
  SmGuiApp *app = sm_gui_app_start (f->state, args);
  g_autofree guint32 *pixels = NULL;
  int width, height;

  if (!sm_gui_app_wait_ready (app, "mix.flac — Specmask", 60))
    g_error ("the demo did not open; output:\n%s", app->log->str);
  sm_gui_app_focus (app);
  g_usleep (G_USEC_PER_SEC);   /* tiles compute in the background */
  pixels = sm_gui_app_grab (app, &width, &height);

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      SmGuiRect r = sm_gui_app_rect (app, panes[i]);
      g_autoptr (GHashTable) colours = g_hash_table_new (NULL, NULL);

      g_assert_cmpfloat (r.width, >, 200);
      g_assert_cmpfloat (r.height, >, 60);
      for (int y = (int) r.y + 20; y < (int) (r.y + r.height) - 2; y += 3)
        for (int x = (int) r.x + 2; x < (int) (r.x + r.width) - 2; x += 3)
          g_hash_table_add (colours, GUINT_TO_POINTER (pixels[y * width + x] + 1));
      /* A spectrogram of speech uses many colours of the map. */
      g_assert_cmpuint (g_hash_table_size (colours), >, 50);
    }

  sm_gui_app_key (app, "ctrl+q");
  g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
  sm_gui_app_free (app);
}

/* Bad files are refused with a message naming the problem, and the app keeps running. */
static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.wav", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.flac", NULL);
  g_autofree char *fast = g_build_filename (f->dir, "fast.wav", NULL);
  g_autofree char *nan_path = g_build_filename (f->dir, "nan.wav", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.wav", NULL);
  g_autofree char *header = g_build_filename (f->dir, "header.wav", NULL);
  g_autofree char *mix = demo ("mix.flac");
  g_autoptr (SmAudio) audio = sm_audio_new (1, 4410, 44100, NULL);
  g_autoptr (SmAudio) nothing = sm_audio_new (1, 0, 44100, NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  const struct
  {
    const char *args[4];
    const char *message;
  } cases[] = {
    { { text, NULL }, "not an audio file" },
    { { missing, NULL }, "No such file" },
    { { mix, "--target", fast, NULL }, "sample rate" },
    { { nan_path, NULL }, "NaN or infinite" },
    { { empty, NULL }, "no audio frames" },
    { { header, NULL }, "not an audio file" },
  };

  sm_test_write_bytes (text, "not audio\n", 10);
  g_assert_cmpint (sm_audio_write (fast, audio, SM_AUDIO_WAV_16, NULL), ==, SM_OK);
  g_assert_cmpint (sm_audio_write (empty, nothing, SM_AUDIO_WAV_16, NULL), ==, SM_OK);
  g_assert_true (g_file_get_contents (fast, &bytes, &len, NULL));
  sm_test_write_bytes (header, bytes, 20);
  audio->data[0][100] = NAN;
  g_assert_cmpint (sm_audio_write (nan_path, audio, SM_AUDIO_WAV_FLOAT, NULL), ==, SM_OK);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SmGuiApp *app = sm_gui_app_start (f->state, cases[i].args);

      if (!sm_gui_app_wait_log (app, cases[i].message, 60))
        g_error ("no message with '%s'; output:\n%s", cases[i].message, app->log->str);
      g_usleep (G_USEC_PER_SEC / 2);
      g_assert_true (sm_gui_app_is_running (app));
      sm_gui_app_focus (app);
      sm_gui_app_key (app, "Escape ctrl+q");
      g_assert_cmpint (sm_gui_app_wait_exit (app, 20), ==, 0);
      sm_gui_app_free (app);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SM_GUI"));
  g_assert_nonnull (g_getenv ("DISPLAY"));
  demo_dir = g_strdup (g_getenv ("SM_DEMO_DIR"));

  g_test_add ("/gui/demo-renders", Fixture, NULL, fixture_setup, test_demo_renders,
              fixture_teardown);
  g_test_add ("/gui/paint-undo-save", Fixture, NULL, fixture_setup, test_paint_undo_save,
              fixture_teardown);
  g_test_add ("/gui/threshold-and-ibm", Fixture, NULL, fixture_setup, test_threshold_and_ibm,
              fixture_teardown);
  g_test_add ("/gui/bad-files", Fixture, NULL, fixture_setup, test_bad_files,
              fixture_teardown);
  g_test_add ("/gui/playback-switch", Fixture, NULL, fixture_setup, test_playback_switch,
              fixture_teardown);
  g_test_add ("/gui/separate-export-cancel", Fixture, NULL, fixture_setup,
              test_separate_export_cancel, fixture_teardown);
  g_test_add ("/gui/separate-selection-only", Fixture, NULL, fixture_setup,
              test_separate_selection_only, fixture_teardown);
  g_test_add ("/gui/compare-with-ibm", Fixture, NULL, fixture_setup, test_compare_with_ibm,
              fixture_teardown);
  g_test_add ("/gui/loop-and-region", Fixture, NULL, fixture_setup, test_loop_and_region,
              fixture_teardown);
  return g_test_run ();
}
