/* test-phase.c: GLA, fast GLA and masked PGHI: convergence, known bins, repair, control.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

#define RATE 16000

/* Thresholds, each measured on this machine and set with a margin (measured values in
 * the comments; see the report printed with --verbose). */
/* PGHI alone on the chirp + sines signal (Hann, N 512, hop 128): measured -28.1 dB, against
 * -1.1 dB for zero phase and -4.0 dB for random phase. */
#define PGHI_MAX_DB -25.0
#define PGHI_MARGIN_DB 15.0
/* PGHI's phase steps at the peak of a sinusoid 0.3 bins off centre against the true STFT:
 * measured 0.022 rad, the bias of treating Hann as a Gaussian. A wrong phase reference
 * would be off by about pi per bin or 2 pi hop / N per frame and bin. */
#define PGHI_PHASE_EPS 0.05
/* The absolute phase PGHI carries into a 10-frame gap: that bias accumulates over up to
 * five frames from either side, measured 0.111 rad at the gap's centre. */
#define PGHI_GAP_EPS 0.15
/* GLA is a projection algorithm: its spectral convergence must not rise, up to float
 * rounding in the transforms. */
#define GLA_RISE_DB 1e-4

typedef struct
{
  SmStft        *stft;
  size_t         n;        /* samples */
  float         *x;        /* the clean signal */
  SmSpectrogram *clean;    /* STFT (x) */
  float         *mag;      /* |STFT (x)| */
  SmSpectrogram *out;
  float         *y;        /* reconstruction */
} Fixture;

static void
fixture_init_padded (Fixture     *fx,
                     SmWindowType window,
                     int          n_fft,
                     int          hop,
                     SmPadMode    pad,
                     float       *x,
                     size_t       n)
{
  SmStftParams params = { window, n_fft, hop, pad, SM_SCALE_NONE };
  SmError error = { 0 };
  size_t count;

  fx->stft = sm_stft_new (&params, &error);
  g_assert_nonnull (fx->stft);
  fx->n = n;
  fx->x = x;
  fx->clean = sm_spectrogram_new (sm_stft_n_frames (fx->stft, n), sm_stft_n_bins (fx->stft),
                                  NULL);
  fx->out = sm_spectrogram_new (fx->clean->n_frames, fx->clean->n_bins, NULL);
  g_assert_nonnull (fx->clean);
  g_assert_nonnull (fx->out);
  g_assert_cmpint (sm_stft_forward (fx->stft, x, n, fx->clean, NULL), ==, SM_OK);
  count = fx->clean->n_frames * (size_t) fx->clean->n_bins;
  fx->mag = g_new (float, count);
  for (size_t i = 0; i < count; i++)
    fx->mag[i] = cabsf (fx->clean->bins[i]);
  fx->y = g_new0 (float, n);
}

static void
fixture_init (Fixture     *fx,
              SmWindowType window,
              int          n_fft,
              int          hop,
              float       *x,
              size_t       n)
{
  fixture_init_padded (fx, window, n_fft, hop, SM_PAD_ZERO, x, n);
}

static void
fixture_clear (Fixture *fx)
{
  sm_stft_free (&fx->stft);
  sm_spectrogram_free (&fx->clean);
  sm_spectrogram_free (&fx->out);
  g_free (fx->x);
  g_free (fx->mag);
  g_free (fx->y);
}

static SmPhaseData
fixture_data (Fixture      *fx,
              const SmMask *reliable)
{
  SmPhaseData data = { fx->mag, reliable ? fx->clean : NULL, reliable, fx->n, fx->out, fx->y };

  return data;
}

/* A chirp from 300 Hz to 3 kHz plus three steady partials, one second at RATE. */
static float *
chirp_and_sines (size_t n)
{
  float *x = g_new (float, n);

  for (size_t i = 0; i < n; i++)
    {
      double t = (double) i / RATE;

      x[i] = (float) (0.4 * sin (2 * M_PI * (300.0 * t + 0.5 * 2700.0 * t * t))
                      + 0.2 * sin (2 * M_PI * 440.0 * t)
                      + 0.15 * sin (2 * M_PI * 1234.5 * t + 1.0)
                      + 0.1 * sin (2 * M_PI * 5010.0 * t + 2.0));
    }
  return x;
}

static SmPhaseParams
params_for (SmPhaseMethod method,
            SmPhaseInit   init,
            int           iterations)
{
  SmPhaseParams params;

  sm_phase_params_default (&params);
  params.method = method;
  params.init = init;
  params.max_iterations = iterations;
  params.plateau_iterations = 0;
  return params;
}

static SmPhaseReport
run_ok (Fixture             *fx,
        const SmPhaseParams *params,
        const SmMask        *reliable,
        SmPhaseState        *state,
        int                  n_threads)
{
  SmPhaseData data = fixture_data (fx, reliable);
  SmRun run = { n_threads, NULL, NULL };
  SmPhaseReport report;
  SmError error = { 0 };

  g_assert_cmpint (sm_phase_reconstruct (fx->stft, params, &data, state, &report, &run, &error),
                   ==, SM_OK);
  g_assert_cmpint (error.status, ==, SM_OK);
  return report;
}

static void
test_defaults (void)
{
  SmPhaseParams params;

  sm_phase_params_default (&params);
  g_assert_cmpint (params.method, ==, SM_PHASE_FGLA);
  g_assert_cmpfloat (params.alpha, ==, 0.99);
  g_assert_cmpint (params.init, ==, SM_PHASE_INIT_PGHI);
  g_assert_cmpint (params.max_iterations, ==, 100);
  g_assert_cmpint (params.plateau_iterations, ==, 10);
  g_assert_cmpfloat (params.plateau_db, ==, 0.01);
  g_assert_cmpfloat (params.pghi_tolerance, ==, 1e-5);
  g_assert_null (params.on_iteration);

  /* LTFAT/phaseret's constants, times N^2. */
  g_assert_cmpfloat_with_epsilon (sm_phase_pghi_lambda (SM_WINDOW_HANN, 1024),
                                  0.25645 * 1024 * 1024, 1e-6);
  g_assert_cmpfloat_with_epsilon (sm_phase_pghi_lambda (SM_WINDOW_HAMMING, 2048),
                                  0.29794 * 2048 * 2048, 1e-6);
  g_assert_cmpfloat_with_epsilon (sm_phase_pghi_lambda (SM_WINDOW_BLACKMAN, 512),
                                  0.17954 * 512 * 512, 1e-6);
  g_assert_cmpfloat_with_epsilon (sm_phase_pghi_lambda (SM_WINDOW_SQRT_HANN, 100),
                                  0.41532 * 100 * 100, 1e-6);
  g_assert_cmpfloat (sm_phase_pghi_lambda (SM_N_WINDOWS, 512), ==, 0.0);
  g_assert_cmpfloat (sm_phase_pghi_lambda (SM_WINDOW_HANN, 0), ==, 0.0);
}

/* Every bin known: nothing to iterate; the output is the known spectrogram, bit for bit. */
static void
test_all_known (void)
{
  Fixture fx;
  SmMask *mask;
  SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_ZERO, 50);
  SmPhaseReport report;
  size_t count;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  count = fx.clean->n_frames * (size_t) fx.clean->n_bins;
  mask = sm_mask_new (fx.clean->n_frames, fx.clean->n_bins, 1.0f, NULL);
  for (size_t i = 0; i < count; i++)
    fx.out->bins[i] = 1.0f;    /* garbage in: must be replaced */

  report = run_ok (&fx, &params, mask, NULL, 0);
  g_assert_cmpint (report.iterations, ==, 0);
  g_assert_true (report.converged);
  g_assert_cmpmem (fx.out->bins, count * sizeof (float _Complex),
                   fx.clean->bins, count * sizeof (float _Complex));
  /* A consistent spectrogram: its STFT is its magnitude up to float rounding. */
  g_assert_cmpfloat (report.spectral_convergence_db, <, -100.0);
  g_assert_cmpfloat (sm_metric_snr (fx.x, fx.y, fx.n), >, 100.0);

  /* The same with the given-phase initialisation and GLA. */
  params = params_for (SM_PHASE_GLA, SM_PHASE_INIT_GIVEN, 5);
  report = run_ok (&fx, &params, mask, NULL, 1);
  g_assert_cmpmem (fx.out->bins, count * sizeof (float _Complex),
                   fx.clean->bins, count * sizeof (float _Complex));

  sm_mask_free (&mask);
  fixture_clear (&fx);
}

/* The given-phase initialisation keeps the phase it is handed: with the true phase there is
 * nothing to fix, with the phase of a louder copy of the signal neither. */
static void
test_given_phase (void)
{
  Fixture fx;
  SmPhaseParams params = params_for (SM_PHASE_GLA, SM_PHASE_INIT_GIVEN, 0);
  SmPhaseReport report;
  size_t count;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  count = fx.out->n_frames * (size_t) fx.out->n_bins;
  for (size_t i = 0; i < count; i++)
    fx.out->bins[i] = 3.0f * fx.clean->bins[i];
  report = run_ok (&fx, &params, NULL, NULL, 0);
  g_assert_cmpint (report.iterations, ==, 0);
  g_assert_cmpfloat (report.spectral_convergence_db, <, -100.0);
  for (size_t i = 0; i < count; i++)
    g_assert_cmpfloat (cabsf (fx.out->bins[i] - fx.clean->bins[i]), <=,
                       1e-6f * fx.mag[i] + 1e-30f);
  g_assert_cmpfloat (sm_metric_snr (fx.x, fx.y, fx.n), >, 100.0);
  fixture_clear (&fx);
}

typedef struct
{
  double db[512];
  int    n;
  int    stop_at;
} Trace;

static int
trace_cb (int     iteration,
          double  db,
          void   *data)
{
  Trace *trace = data;

  g_assert_cmpint (iteration, ==, trace->n + 1);
  g_assert_true (isfinite (db));
  if (trace->n < (int) G_N_ELEMENTS (trace->db))
    trace->db[trace->n] = db;
  trace->n++;
  return trace->stop_at > 0 && iteration >= trace->stop_at;
}

/* Plain phase retrieval: GLA never gets worse; FGLA gets further in the same iterations.
 * Measured: -1.1 dB at the start; after 300 iterations GLA -22.8 dB, each step at least
 * 0.0056 dB down, and FGLA -39.7 dB. */
static void
test_convergence (void)
{
  Fixture fx;
  SmPhaseParams params = params_for (SM_PHASE_GLA, SM_PHASE_INIT_ZERO, 300);
  Trace gla = { 0 };
  Trace fgla = { 0 };
  SmPhaseReport gla_report;
  SmPhaseReport fgla_report;
  double rise = -INFINITY;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  params.on_iteration = trace_cb;
  params.on_iteration_data = &gla;
  gla_report = run_ok (&fx, &params, NULL, NULL, 0);
  g_assert_cmpint (gla.n, ==, 300);
  g_assert_cmpint (gla_report.iterations, ==, 300);
  g_assert_false (gla_report.converged);
  for (int i = 1; i < gla.n; i++)
    {
      rise = fmax (rise, gla.db[i] - gla.db[i - 1]);
      g_assert_cmpfloat (gla.db[i], <=, gla.db[i - 1] + GLA_RISE_DB);
    }
  /* The returned iterate is one projection further than the last one reported. */
  g_assert_cmpfloat (gla_report.spectral_convergence_db, <=, gla.db[gla.n - 1] + GLA_RISE_DB);
  g_assert_cmpfloat (gla_report.spectral_convergence_db, <, gla.db[0] - 5.0);

  params.method = SM_PHASE_FGLA;
  params.on_iteration_data = &fgla;
  fgla_report = run_ok (&fx, &params, NULL, NULL, 0);
  g_assert_cmpint (fgla.n, ==, 300);
  g_assert_cmpfloat (fgla_report.spectral_convergence_db, <,
                     gla_report.spectral_convergence_db - 1.0);
  g_test_message ("from zero phase: start %.2f dB; after 300 iterations GLA %.2f dB (largest "
                  "step %+.2g dB), FGLA %.2f dB", gla.db[0], gla_report.spectral_convergence_db,
                  rise, fgla_report.spectral_convergence_db);
  fixture_clear (&fx);
}

/* PGHI alone beats zero and random phase by a wide margin. */
static void
test_pghi_alone (void)
{
  Fixture fx;
  SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_PGHI, 0);
  double pghi, zero, random;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  pghi = run_ok (&fx, &params, NULL, NULL, 0).spectral_convergence_db;
  params.init = SM_PHASE_INIT_ZERO;
  zero = run_ok (&fx, &params, NULL, NULL, 0).spectral_convergence_db;
  params.init = SM_PHASE_INIT_RANDOM;
  random = run_ok (&fx, &params, NULL, NULL, 0).spectral_convergence_db;
  g_test_message ("spectral convergence without iterations: PGHI %.2f dB, zero %.2f dB, "
                  "random %.2f dB", pghi, zero, random);
  g_assert_cmpfloat (pghi, <, PGHI_MAX_DB);
  g_assert_cmpfloat (pghi, <, zero - PGHI_MARGIN_DB);
  g_assert_cmpfloat (pghi, <, random - PGHI_MARGIN_DB);
  fixture_clear (&fx);
}

static double
wrap (double phase)
{
  return remainder (phase, 2 * M_PI);
}

/* The phase convention: frame t's FFT starts at padded sample t * hop with no circular
 * shift. PGHI's steps between frames and between bins at the peak of an off-bin sinusoid
 * must be those of the true STFT, and with a gap of unknown frames it must carry the
 * absolute phase across from the known frames. */
static void
test_pghi_phase_convention (void)
{
  const int n_fft = 512;
  const int k = 40;
  Fixture fx;
  SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_PGHI, 0);
  SmMask *mask;
  size_t t_mid;
  size_t peak;
  double worst = 0.0;

  fixture_init (&fx, SM_WINDOW_HANN, n_fft, 128,
                sm_test_sine (RATE, RATE, (k + 0.3) * RATE / n_fft, 0.5, 0.7), RATE);
  run_ok (&fx, &params, NULL, NULL, 0);
  t_mid = fx.clean->n_frames / 2;
  for (size_t t = t_mid - 5; t < t_mid + 5; t++)
    {
      const float _Complex *a = fx.out->bins + t * (size_t) fx.out->n_bins;
      const float _Complex *b = fx.clean->bins + t * (size_t) fx.out->n_bins;
      size_t next = (size_t) fx.out->n_bins;
      double dt = wrap (cargf (a[next + k]) - cargf (a[k]) - cargf (b[next + k]) + cargf (b[k]));
      double df = wrap (cargf (a[k + 1]) - cargf (a[k]) - cargf (b[k + 1]) + cargf (b[k]));

      worst = fmax (worst, fmax (fabs (dt), fabs (df)));
    }
  g_test_message ("PGHI phase steps at a sinusoid's peak: worst error %.4f rad", worst);
  g_assert_cmpfloat (worst, <, PGHI_PHASE_EPS);

  /* Ten unknown frames in the middle: the phase comes across from both sides. */
  mask = sm_mask_new (fx.clean->n_frames, fx.clean->n_bins, 1.0f, NULL);
  for (size_t t = t_mid - 5; t < t_mid + 5; t++)
    for (int f = 0; f < fx.clean->n_bins; f++)
      mask->levels[t * (size_t) fx.clean->n_bins + (size_t) f] = 0;
  run_ok (&fx, &params, mask, NULL, 0);
  worst = 0.0;
  for (size_t t = t_mid - 5; t < t_mid + 5; t++)
    for (int f = k - 1; f <= k + 1; f++)
      {
        peak = t * (size_t) fx.clean->n_bins + (size_t) f;
        worst = fmax (worst, fabs (wrap (cargf (fx.out->bins[peak])
                                         - cargf (fx.clean->bins[peak]))));
      }
  g_test_message ("PGHI absolute phase across a 10-frame gap: worst error %.4f rad", worst);
  g_assert_cmpfloat (worst, <, PGHI_GAP_EPS);
  sm_mask_free (&mask);
  fixture_clear (&fx);
}

/* A mask of known bins with rectangular holes of @seconds x [@lo_hz, @hi_hz] at @starts. */
static SmMask *
holes_mask (const Fixture *fx,
            double         rate,
            const double  *starts,
            int            n_holes,
            double         seconds,
            double         lo_hz,
            double         hi_hz)
{
  SmMask *mask = sm_mask_new (fx->clean->n_frames, fx->clean->n_bins, 1.0f, NULL);
  const SmStftParams *params = sm_stft_get_params (fx->stft);

  for (int h = 0; h < n_holes; h++)
    for (size_t t = 0; t < mask->n_frames; t++)
      {
        double centre = sm_stft_frame_center (fx->stft, t) / rate;

        if (centre < starts[h] || centre >= starts[h] + seconds)
          continue;
        for (int f = 0; f < mask->n_bins; f++)
          {
            double hz = (double) f * rate / params->n_fft;

            if (hz >= lo_hz && hz <= hi_hz)
              mask->levels[t * (size_t) mask->n_bins + (size_t) f] = 0;
          }
      }
  return mask;
}

/* Known bins come out bit for bit; the others have magnitude S. */
static void
assert_constraints (const Fixture *fx,
                    const SmMask  *mask)
{
  size_t count = fx->clean->n_frames * (size_t) fx->clean->n_bins;
  size_t n_free = 0;

  for (size_t i = 0; i < count; i++)
    if (mask->levels[i] >= SM_MASK_LEVEL_KEPT)
      g_assert_cmpmem (&fx->out->bins[i], sizeof (float _Complex),
                       &fx->clean->bins[i], sizeof (float _Complex));
    else
      {
        g_assert_cmpfloat (fabsf (cabsf (fx->out->bins[i]) - fx->mag[i]), <=,
                           1e-5f * fx->mag[i] + 1e-30f);
        n_free++;
      }
  g_assert_cmpuint (n_free, >, 0);
}

/* SNR over the samples within half a window of the holes, where the repair shows. */
static double
local_snr (const Fixture *fx,
           double         rate,
           const double  *starts,
           int            n_holes,
           double         seconds)
{
  int half = sm_stft_get_params (fx->stft)->n_fft / 2;
  double signal = 0.0;
  double noise = 0.0;

  for (int h = 0; h < n_holes; h++)
    {
      size_t from = (size_t) (starts[h] * rate) - (size_t) half;
      size_t to = (size_t) ((starts[h] + seconds) * rate) + (size_t) half;

      for (size_t i = from; i < to && i < fx->n; i++)
        {
          double d = (double) fx->x[i] - fx->y[i];

          signal += (double) fx->x[i] * fx->x[i];
          noise += d * d;
        }
    }
  return 10.0 * log10 (signal / noise);
}

/* The acceptance case: clean speech, three holes of 150 ms x 1-4 kHz with the phase known
 * everywhere else. At 100 iterations PGHI + FGLA beats FGLA from zero phase, which beats
 * GLA from zero phase, on the SNR of the waveform: measured 29.9, 19.8 and 19.3 dB over the
 * whole file (22.2, 12.1 and 11.6 dB within half a window of the holes). The last gap is
 * small but stable: the known bins pin the iteration down, so it does not drift with FFTW's
 * plan choice as unconstrained phase retrieval can. */
static void
test_repair_speech (void)
{
  static const double starts[] = { 1.0, 2.5, 4.0 };
  const char *dir = g_getenv ("SM_DEMO_DIR");
  g_autofree char *path = NULL;
  SmAudio *audio = NULL;
  SmError error = { 0 };
  SmStftParams stft_params;
  Fixture fx;
  SmMask *mask;
  SmPhaseParams params;
  struct { SmPhaseMethod method; SmPhaseInit init; const char *name; } runs[] = {
    { SM_PHASE_FGLA, SM_PHASE_INIT_PGHI, "PGHI + FGLA" },
    { SM_PHASE_FGLA, SM_PHASE_INIT_ZERO, "FGLA from zero" },
    { SM_PHASE_GLA, SM_PHASE_INIT_ZERO, "GLA from zero" },
  };
  double snr[3];

  if (dir == NULL)
    {
      g_test_skip ("SM_DEMO_DIR is not set");
      return;
    }
  path = g_build_filename (dir, "target.flac", NULL);
  g_assert_cmpint (sm_audio_read (path, &audio, NULL, &error), ==, SM_OK);
  g_assert_cmpint (audio->rate, ==, 22050);
  g_assert_cmpint (audio->channels, ==, 1);

  sm_stft_params_default (&stft_params, audio->rate);
  fixture_init (&fx, stft_params.window, stft_params.n_fft, stft_params.hop,
                g_memdup2 (audio->data[0], sizeof (float) * audio->frames), audio->frames);
  mask = holes_mask (&fx, audio->rate, starts, 3, 0.150, 1000.0, 4000.0);
  g_test_message ("repair: %zu samples at %d Hz, N %d, hop %d, %.2f %% of bins unknown",
                  fx.n, audio->rate, stft_params.n_fft, stft_params.hop,
                  100.0 * (1.0 - sm_mask_kept_fraction (mask)));

  for (int r = 0; r < 3; r++)
    {
      SmPhaseReport report;

      params = params_for (runs[r].method, runs[r].init, 100);
      report = run_ok (&fx, &params, mask, NULL, 0);
      g_assert_cmpint (report.iterations, ==, 100);
      assert_constraints (&fx, mask);
      snr[r] = sm_metric_snr (fx.x, fx.y, fx.n);
      g_test_message ("%-15s: SNR %.2f dB (%.2f dB near the holes), spectral convergence "
                      "%.2f dB", runs[r].name, snr[r], local_snr (&fx, audio->rate, starts, 3,
                                                                   0.150),
                      report.spectral_convergence_db);
    }
  g_assert_cmpfloat (snr[0], >, snr[1]);
  g_assert_cmpfloat (snr[1], >, snr[2]);

  /* For scale: PGHI alone (measured 23.9 dB) already beats 100 FGLA iterations from zero
   * phase, and 100 iterations from it gain another 6 dB. */
  params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_PGHI, 0);
  run_ok (&fx, &params, mask, NULL, 0);
  assert_constraints (&fx, mask);
  g_test_message ("PGHI alone     : SNR %.2f dB (%.2f dB near the holes)",
                  sm_metric_snr (fx.x, fx.y, fx.n),
                  local_snr (&fx, audio->rate, starts, 3, 0.150));
  g_assert_cmpfloat (sm_metric_snr (fx.x, fx.y, fx.n), <, snr[0]);
  g_assert_cmpfloat (sm_metric_snr (fx.x, fx.y, fx.n), >, snr[1]);

  sm_mask_free (&mask);
  sm_audio_free (&audio);
  fixture_clear (&fx);
}

/* Random initialisation: the seed decides, the thread count does not. */
static void
test_random_is_deterministic (void)
{
  Fixture fx;
  SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_RANDOM, 10);
  size_t count;
  float _Complex *first;
  float *first_y;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  count = fx.out->n_frames * (size_t) fx.out->n_bins;
  params.seed = 42;
  run_ok (&fx, &params, NULL, NULL, 1);
  first = g_memdup2 (fx.out->bins, count * sizeof (float _Complex));
  first_y = g_memdup2 (fx.y, fx.n * sizeof (float));

  run_ok (&fx, &params, NULL, NULL, 2);
  g_assert_cmpmem (fx.out->bins, count * sizeof (float _Complex),
                   first, count * sizeof (float _Complex));
  g_assert_cmpmem (fx.y, fx.n * sizeof (float), first_y, fx.n * sizeof (float));

  params.seed = 43;
  run_ok (&fx, &params, NULL, NULL, 1);
  g_assert_true (memcmp (fx.out->bins, first, count * sizeof (float _Complex)) != 0);

  g_free (first);
  g_free (first_y);
  fixture_clear (&fx);
}

/* The spectrogram is the state: 25 + 25 iterations give 50, bit for bit (FGLA with its
 * momentum state; GLA needs none). */
static void
test_resume (void)
{
  Fixture fx;
  SmPhaseState *state = sm_phase_state_new (NULL);
  size_t count;
  float _Complex *whole;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  count = fx.out->n_frames * (size_t) fx.out->n_bins;
  whole = g_new (float _Complex, count);
  for (int method = 0; method < SM_N_PHASE_METHODS; method++)
    {
      SmPhaseParams params = params_for (method, SM_PHASE_INIT_ZERO, 50);
      SmPhaseReport report;
      double at_25;

      run_ok (&fx, &params, NULL, NULL, 0);
      memcpy (whole, fx.out->bins, count * sizeof (float _Complex));

      params.max_iterations = 25;
      at_25 = run_ok (&fx, &params, NULL, state, 0).spectral_convergence_db;
      params.init = SM_PHASE_INIT_RESUME;
      report = run_ok (&fx, &params, NULL, state, 0);
      g_assert_cmpint (report.iterations, ==, 25);
      g_assert_cmpfloat (report.spectral_convergence_db, <, at_25);
      g_assert_cmpmem (fx.out->bins, count * sizeof (float _Complex),
                       whole, count * sizeof (float _Complex));
    }

  /* Without the state FGLA's momentum restarts: still progress, but another path. */
  {
    SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_ZERO, 25);
    double at_25 = run_ok (&fx, &params, NULL, NULL, 0).spectral_convergence_db;

    params.init = SM_PHASE_INIT_RESUME;
    g_assert_cmpfloat (run_ok (&fx, &params, NULL, NULL, 0).spectral_convergence_db, <, at_25);
    g_assert_true (memcmp (fx.out->bins, whole, count * sizeof (float _Complex)) != 0);
  }

  g_free (whole);
  sm_phase_state_free (&state);
  g_assert_null (state);
  fixture_clear (&fx);
}

typedef struct
{
  double last;
  int    calls;
  double cancel_at;
} Progress;

static int
progress_cb (double  fraction,
             void   *data)
{
  Progress *progress = data;

  g_assert_cmpfloat (fraction, >=, progress->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  progress->last = fraction;
  progress->calls++;
  return progress->cancel_at > 0.0 && fraction >= progress->cancel_at;
}

/* Both ways to stop: the iteration callback and SmRun's progress. A stopped run keeps its
 * last iterate, known bins exact, and continues exactly where it stopped. */
static void
test_cancel (void)
{
  static const double starts[] = { 0.3, 0.6 };
  Fixture fx;
  SmMask *mask;
  SmPhaseState *state = sm_phase_state_new (NULL);
  SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_PGHI, 10);
  Trace trace = { .stop_at = 3 };
  Progress progress = { 0 };
  SmRun run = { 0, progress_cb, &progress };
  SmPhaseReport report;
  SmError error = { 0 };
  SmPhaseData data;
  size_t count;
  float _Complex *whole;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  mask = holes_mask (&fx, RATE, starts, 2, 0.1, 500.0, 3000.0);
  data = fixture_data (&fx, mask);
  count = fx.out->n_frames * (size_t) fx.out->n_bins;

  run_ok (&fx, &params, mask, NULL, 0);
  whole = g_memdup2 (fx.out->bins, count * sizeof (float _Complex));

  params.on_iteration = trace_cb;
  params.on_iteration_data = &trace;
  g_assert_cmpint (sm_phase_reconstruct (fx.stft, &params, &data, state, &report, NULL, &error),
                   ==, SM_ERROR_CANCELLED);
  g_assert_cmpint (error.status, ==, SM_ERROR_CANCELLED);
  g_assert_cmpstr (error.message, !=, "");
  g_assert_cmpint (report.iterations, ==, 3);
  g_assert_cmpint (trace.n, ==, 3);
  g_assert_cmpfloat (report.spectral_convergence_db, ==, trace.db[2]);
  assert_constraints (&fx, mask);

  params.init = SM_PHASE_INIT_RESUME;
  params.on_iteration = NULL;
  params.max_iterations = 7;
  run_ok (&fx, &params, mask, state, 0);
  g_assert_cmpmem (fx.out->bins, count * sizeof (float _Complex),
                   whole, count * sizeof (float _Complex));

  /* Progress: never decreasing, reaches 1; asking to stop halfway stops. */
  params.max_iterations = 10;
  g_assert_cmpint (sm_phase_reconstruct (fx.stft, &params, &data, NULL, NULL, &run, NULL),
                   ==, SM_OK);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpint (progress.calls, >=, 11);
  progress = (Progress) { .cancel_at = 0.5 };
  g_assert_cmpint (sm_phase_reconstruct (fx.stft, &params, &data, NULL, &report, &run, NULL),
                   ==, SM_ERROR_CANCELLED);
  g_assert_cmpint (report.iterations, >=, 4);
  g_assert_cmpint (report.iterations, <=, 6);
  assert_constraints (&fx, mask);

  g_free (whole);
  sm_phase_state_free (&state);
  sm_mask_free (&mask);
  fixture_clear (&fx);
}

/* An easy case converges: the plateau rule stops long before the cap. */
static void
test_plateau (void)
{
  static const double starts[] = { 0.3, 0.6 };
  Fixture fx;
  SmMask *mask;
  SmPhaseParams params = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_PGHI, 1000);
  SmPhaseReport report;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  mask = holes_mask (&fx, RATE, starts, 2, 0.1, 500.0, 3000.0);
  params.plateau_iterations = 10;
  params.plateau_db = 0.01;
  report = run_ok (&fx, &params, mask, NULL, 0);
  g_test_message ("plateau: stopped after %d iterations at %.2f dB", report.iterations,
                  report.spectral_convergence_db);
  /* Measured: 51 iterations, -64 dB. */
  g_assert_true (report.converged);
  g_assert_cmpint (report.iterations, >, 10);
  g_assert_cmpint (report.iterations, <, 200);
  g_assert_cmpfloat (report.spectral_convergence_db, <, -50.0);
  assert_constraints (&fx, mask);
  sm_mask_free (&mask);
  fixture_clear (&fx);
}

/* The iteration written out plainly, whole-signal transforms and one loop over the bins, as
 * sm_phase_reconstruct() must compute it from SM_PHASE_INIT_GIVEN with @start: y = c (GLA)
 * or t (FGLA), X = STFT (ISTFT (y)); reliable bins keep their known value, free bins become
 * S X / |X| (S where X is 0); FGLA then sets t = c_new + alpha (c_new - c_old), except on
 * reliable bins. Leaves c_n in @c. */
static void
reference_iterations (const Fixture        *fx,
                      const SmMask         *reliable,
                      SmPhaseMethod         method,
                      float                 alpha,
                      int                   iterations,
                      const float _Complex *start,
                      float _Complex       *c)
{
  size_t count = fx->clean->n_frames * (size_t) fx->clean->n_bins;
  SmSpectrogram *rebuilt = sm_spectrogram_new (fx->clean->n_frames, fx->clean->n_bins, NULL);
  float _Complex *t = g_new (float _Complex, count);
  float *x = g_new (float, fx->n);
  SmSpectrogram y = { fx->clean->n_frames, fx->clean->n_bins,
                      method == SM_PHASE_FGLA ? t : c };

  for (size_t i = 0; i < count; i++)
    {
      float mag = cabsf (start[i]);

      c[i] = mag > 0.0f ? start[i] * (fx->mag[i] / mag) : fx->mag[i];
      if (reliable != NULL && reliable->levels[i] >= SM_MASK_LEVEL_KEPT)
        c[i] = fx->clean->bins[i];
      t[i] = c[i];
    }
  for (int it = 0; it < iterations; it++)
    {
      g_assert_cmpint (sm_stft_inverse (fx->stft, &y, x, fx->n, NULL), ==, SM_OK);
      g_assert_cmpint (sm_stft_forward (fx->stft, x, fx->n, rebuilt, NULL), ==, SM_OK);
      for (size_t i = 0; i < count; i++)
        {
          int known = reliable != NULL && reliable->levels[i] >= SM_MASK_LEVEL_KEPT;
          float mag = cabsf (rebuilt->bins[i]);
          float _Complex next = mag > 0.0f ? rebuilt->bins[i] * (fx->mag[i] / mag) : fx->mag[i];

          if (known)
            next = fx->clean->bins[i];
          t[i] = known ? next : next + alpha * (next - c[i]);
          c[i] = next;
        }
    }
  sm_spectrogram_free (&rebuilt);
  g_free (t);
  g_free (x);
}

/* The fused, vectorised iteration against reference_iterations(): GLA and FGLA, with and
 * without known bins, over two chunks of frames of the fused projection, and with reflect
 * padding (which takes the two separate transforms). The start is the true phase turned by
 * up to 0.8 rad per bin; 20 iterations take it to -57 to -70 dB. Not zero phase: from there X = STFT (ISTFT (c)) has bins near zero where S
 * is not, whose phase float rounding alone decides, so any two correct implementations
 * differ there by up to 1 % of the peak after one iteration. Measured here: at most 1.3e-6
 * of the peak. */
static void
test_matches_reference (void)
{
  static const double starts[] = { 0.4, 1.3 };
  static const struct
  {
    SmPhaseMethod method;
    SmPadMode     pad;
    int           masked;
  } cases[] = {
    { SM_PHASE_FGLA, SM_PAD_ZERO, 0 },
    { SM_PHASE_FGLA, SM_PAD_ZERO, 1 },
    { SM_PHASE_GLA, SM_PAD_ZERO, 0 },
    { SM_PHASE_GLA, SM_PAD_NONE, 1 },
    { SM_PHASE_FGLA, SM_PAD_REFLECT, 1 },
  };
  const int iterations = 20;

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fx;
      SmMask *mask = NULL;
      SmPhaseParams params = params_for (cases[i].method, SM_PHASE_INIT_GIVEN, iterations);
      SmPhaseReport report;
      float _Complex *start;
      float _Complex *expected;
      size_t count;
      double error;

      /* 2 s: 251 frames. */
      fixture_init_padded (&fx, SM_WINDOW_HANN, 512, 128, cases[i].pad,
                           chirp_and_sines (2 * RATE), 2 * RATE);
      count = fx.clean->n_frames * (size_t) fx.clean->n_bins;
      if (cases[i].masked)
        mask = holes_mask (&fx, RATE, starts, 2, 0.2, 500.0, 3000.0);
      start = g_new (float _Complex, count);
      for (size_t k = 0; k < count; k++)
        start[k] = fx.clean->bins[k] * cexpf (0.8f * I * sinf (1.7f * (float) k));
      expected = g_new (float _Complex, count);
      reference_iterations (&fx, mask, cases[i].method, (float) params.alpha, iterations,
                            start, expected);
      memcpy (fx.out->bins, start, count * sizeof (float _Complex));
      report = run_ok (&fx, &params, mask, NULL, 2);

      error = sm_test_rel_error ((const float *) expected, (const float *) fx.out->bins,
                                 2 * count);
      g_test_message ("method %d pad %d masked %d: %d iterations to %.1f dB, error %.2e of "
                      "the peak", (int) cases[i].method, (int) cases[i].pad, cases[i].masked,
                      iterations, report.spectral_convergence_db, error);
      g_assert_cmpfloat (error, <, 1e-5);
      if (mask != NULL)
        assert_constraints (&fx, mask);
      sm_mask_free (&mask);
      g_free (start);
      g_free (expected);
      fixture_clear (&fx);
    }
}

static void
assert_bad (Fixture             *fx,
            const SmPhaseParams *params,
            const SmPhaseData   *data,
            SmStatus             expected)
{
  SmError error = { 0 };
  SmPhaseReport report = { 99, 0.0, 99 };

  g_assert_cmpint (sm_phase_reconstruct (fx->stft, params, data, NULL, &report, NULL, &error),
                   ==, expected);
  g_assert_cmpint (error.status, ==, expected);
  g_assert_cmpstr (error.message, !=, "");
  g_assert_cmpint (report.iterations, ==, 0);
  g_assert_false (report.converged);
}

static void
test_bad_args (void)
{
  Fixture fx;
  SmMask *mask;
  SmMask *small_mask;
  SmSpectrogram *small;
  SmPhaseParams good = params_for (SM_PHASE_FGLA, SM_PHASE_INIT_ZERO, 3);
  SmPhaseParams params;
  SmPhaseData data;
  size_t count;

  fixture_init (&fx, SM_WINDOW_HANN, 512, 128, chirp_and_sines (RATE), RATE);
  count = fx.out->n_frames * (size_t) fx.out->n_bins;
  mask = sm_mask_new (fx.out->n_frames, fx.out->n_bins, 1.0f, NULL);
  small_mask = sm_mask_new (fx.out->n_frames - 1, fx.out->n_bins, 1.0f, NULL);
  small = sm_spectrogram_new (fx.out->n_frames - 1, fx.out->n_bins, NULL);

  data = fixture_data (&fx, NULL);
  g_assert_cmpint (sm_phase_reconstruct (NULL, &good, &data, NULL, NULL, NULL, NULL), ==,
                   SM_ERROR_BAD_ARG);
  assert_bad (&fx, NULL, &data, SM_ERROR_BAD_ARG);
  assert_bad (&fx, &good, NULL, SM_ERROR_BAD_ARG);

#define BAD_PARAM(field, value) \
  params = good; params.field = value; assert_bad (&fx, &params, &data, SM_ERROR_BAD_ARG)
  BAD_PARAM (method, SM_N_PHASE_METHODS);
  BAD_PARAM (init, (SmPhaseInit) -1);
  BAD_PARAM (init, SM_N_PHASE_INITS);
  BAD_PARAM (alpha, 1.5);
  BAD_PARAM (alpha, -0.1);
  BAD_PARAM (alpha, NAN);
  BAD_PARAM (pghi_tolerance, 2.0);
  BAD_PARAM (max_iterations, -1);
  BAD_PARAM (plateau_iterations, -1);
  BAD_PARAM (plateau_db, -0.5);
#undef BAD_PARAM

#define BAD_DATA(field, value, expected) \
  data = fixture_data (&fx, NULL); data.field = value; assert_bad (&fx, &good, &data, expected)
  BAD_DATA (magnitude, NULL, SM_ERROR_BAD_ARG);
  BAD_DATA (spec, NULL, SM_ERROR_BAD_ARG);
  BAD_DATA (n_samples, 0, SM_ERROR_BAD_ARG);
  BAD_DATA (n_samples, fx.n + 10 * 128, SM_ERROR_MISMATCH);
  BAD_DATA (spec, small, SM_ERROR_MISMATCH);
  BAD_DATA (reliable, mask, SM_ERROR_BAD_ARG);           /* without known */
  BAD_DATA (known, fx.clean, SM_ERROR_BAD_ARG);          /* without reliable */
#undef BAD_DATA
  data = fixture_data (&fx, small_mask);
  assert_bad (&fx, &good, &data, SM_ERROR_MISMATCH);
  data = fixture_data (&fx, mask);
  data.known = small;
  assert_bad (&fx, &good, &data, SM_ERROR_MISMATCH);
  data.known = fx.out;
  assert_bad (&fx, &good, &data, SM_ERROR_BAD_ARG);      /* known is the output */

  /* Magnitudes must be finite and not negative; the output is left alone. */
  data = fixture_data (&fx, NULL);
  memset (fx.out->bins, 0, count * sizeof (float _Complex));
  fx.mag[count / 2] = -1.0f;
  assert_bad (&fx, &good, &data, SM_ERROR_BAD_ARG);
  fx.mag[count / 2] = NAN;
  assert_bad (&fx, &good, &data, SM_ERROR_BAD_ARG);
  fx.mag[count / 2] = INFINITY;
  assert_bad (&fx, &good, &data, SM_ERROR_BAD_ARG);
  for (size_t i = 0; i < count; i++)
    g_assert_cmpfloat (cabsf (fx.out->bins[i]), ==, 0.0f);

  sm_spectrogram_free (&small);
  sm_mask_free (&small_mask);
  sm_mask_free (&mask);
  fixture_clear (&fx);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/phase/defaults", test_defaults);
  g_test_add_func ("/core/phase/all-known", test_all_known);
  g_test_add_func ("/core/phase/given-phase", test_given_phase);
  g_test_add_func ("/core/phase/convergence", test_convergence);
  g_test_add_func ("/core/phase/pghi-alone", test_pghi_alone);
  g_test_add_func ("/core/phase/pghi-convention", test_pghi_phase_convention);
  g_test_add_func ("/core/phase/repair-speech", test_repair_speech);
  g_test_add_func ("/core/phase/random-deterministic", test_random_is_deterministic);
  g_test_add_func ("/core/phase/resume", test_resume);
  g_test_add_func ("/core/phase/cancel", test_cancel);
  g_test_add_func ("/core/phase/plateau", test_plateau);
  g_test_add_func ("/core/phase/matches-reference", test_matches_reference);
  g_test_add_func ("/core/phase/bad-args", test_bad_args);
  return g_test_run ();
}
