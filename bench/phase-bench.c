/* phase-bench.c: times 100 fast Griffin-Lim iterations on a minute of 22.05 kHz audio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parameters are librosa's defaults at its default rate, and bench/phase_numpy.py's:
 * periodic Hann, N 2048, hop 512, centred frames with zero padding, no scaling; momentum
 * 0.99; zero initial phase; no early stop. The signal is a synthetic harmonic tone with
 * vibrato, a slow chirp and an amplitude-modulated partial, computed by the same formula
 * on both sides. One call of sm_phase_reconstruct() is timed: the iterations plus the
 * evaluation of the result (one more inverse and forward STFT). FFTW planning and PGHI are
 * timed apart. Best of --runs, in wall-clock time and, for shared machines, in process CPU
 * time (all threads together). Prints one JSON object.
 *
 *   phase-bench [--threads N] [--runs R] [--seconds S] [--iterations I]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sm-phase.h"
#include "sm-stft.h"

#define RATE  22050
#define N_FFT 2048
#define HOP   512

static double
clock_s (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static double
now (void)
{
  return clock_s (CLOCK_MONOTONIC);
}

/* Keep in step with signal() in phase_numpy.py. */
static void
fill_signal (float  *x,
             size_t  n,
             double  seconds)
{
  for (size_t i = 0; i < n; i++)
    {
      double t = (double) i / RATE;
      double f0_phase = 2 * M_PI * (150.0 * t - 30.0 * cos (2 * M_PI * 0.3 * t) / (2 * M_PI * 0.3));
      double chirp = 2 * M_PI * (500.0 * t + 0.5 * (2000.0 / seconds) * t * t);
      double value = 0.1 * sin (chirp)
                     + 0.05 * sin (2 * M_PI * 3000.0 * t) * (0.5 + 0.5 * sin (2 * M_PI * 2.0 * t));

      for (int h = 1; h <= 6; h++)
        value += 0.25 / h * sin (h * f0_phase);
      x[i] = (float) value;
    }
}

static int
parse_int (const char *arg,
           const char *name,
           int         min)
{
  char *end;
  long value = strtol (arg, &end, 10);

  if (*end != '\0' || value < min || value > 1000000)
    {
      fprintf (stderr, "phase-bench: %s needs an integer >= %d, not '%s'\n", name, min, arg);
      exit (2);
    }
  return (int) value;
}

int
main (int   argc,
      char *argv[])
{
  SmStftParams stft_params = { SM_WINDOW_HANN, N_FFT, HOP, SM_PAD_ZERO, SM_SCALE_NONE };
  SmPhaseParams params;
  SmPhaseReport report = { 0 };
  SmPhaseData data = { 0 };
  SmError error = { 0 };
  SmRun run = { 0 };
  SmStatus status;
  SmSpectrogram *spec = NULL;
  SmStft *stft = NULL;
  float *x, *y, *mag;
  size_t n, count;
  int runs = 3;
  int seconds = 60;
  int iterations = 100;
  double t0, plan_s, pghi_s = INFINITY, best = INFINITY, best_cpu = INFINITY, pghi_db = NAN;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        run.n_threads = parse_int (argv[++i], "--threads", 0);
      else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = parse_int (argv[++i], "--runs", 1);
      else if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc)
        seconds = parse_int (argv[++i], "--seconds", 1);
      else if (strcmp (argv[i], "--iterations") == 0 && i + 1 < argc)
        iterations = parse_int (argv[++i], "--iterations", 0);
      else
        {
          fprintf (stderr, "usage: phase-bench [--threads N] [--runs R] [--seconds S] "
                   "[--iterations I]\n");
          return 2;
        }
    }

  n = (size_t) seconds * RATE;
  x = malloc (sizeof (float) * n);
  y = malloc (sizeof (float) * n);
  if (x == NULL || y == NULL)
    goto nomem;
  fill_signal (x, n, seconds);

  t0 = now ();
  stft = sm_stft_new (&stft_params, &error);
  plan_s = now () - t0;
  if (stft == NULL)
    {
      fprintf (stderr, "phase-bench: %s\n", error.message);
      return 1;
    }
  spec = sm_spectrogram_new (sm_stft_n_frames (stft, n), sm_stft_n_bins (stft), &status);
  if (spec == NULL)
    goto nomem;
  count = spec->n_frames * (size_t) spec->n_bins;
  mag = malloc (sizeof (float) * count);
  if (mag == NULL || sm_stft_forward (stft, x, n, spec, &run) != SM_OK)
    goto nomem;
  for (size_t i = 0; i < count; i++)
    mag[i] = cabsf (spec->bins[i]);

  data.magnitude = mag;
  data.n_samples = n;
  data.spec = spec;
  data.signal = y;
  sm_phase_params_default (&params);
  params.method = SM_PHASE_FGLA;
  params.alpha = 0.99;
  params.plateau_iterations = 0;

  for (int r = 0; r < runs; r++)
    {
      double t1, c1;

      /* PGHI alone, for reference: no iterations, one evaluation. */
      params.init = SM_PHASE_INIT_PGHI;
      params.max_iterations = 0;
      t1 = now ();
      status = sm_phase_reconstruct (stft, &params, &data, NULL, &report, &run, &error);
      pghi_s = fmin (pghi_s, now () - t1);
      pghi_db = report.spectral_convergence_db;

      params.init = SM_PHASE_INIT_ZERO;
      params.max_iterations = iterations;
      t1 = now ();
      c1 = clock_s (CLOCK_PROCESS_CPUTIME_ID);
      if (status == SM_OK)
        status = sm_phase_reconstruct (stft, &params, &data, NULL, &report, &run, &error);
      best = fmin (best, now () - t1);
      best_cpu = fmin (best_cpu, clock_s (CLOCK_PROCESS_CPUTIME_ID) - c1);
      if (status != SM_OK)
        {
          fprintf (stderr, "phase-bench: %s\n", error.message);
          return 1;
        }
    }

  printf ("{\"bench\": \"phase\", \"impl\": \"specmask\", \"algorithm\": \"fgla\", "
          "\"threads\": %d, \"n_samples\": %zu, \"rate\": %d, \"n_fft\": %d, \"hop\": %d, "
          "\"window\": \"hann\", \"n_frames\": %zu, \"iterations\": %d, \"alpha\": 0.99, "
          "\"runs\": %d, \"plan_s\": %.4f, \"total_s\": %.4f, \"cpu_s\": %.4f, "
          "\"per_iteration_ms\": %.3f, "
          "\"spectral_convergence_db\": %.2f, \"pghi_s\": %.4f, \"pghi_db\": %.2f}\n",
          run.n_threads > 0 ? run.n_threads : sm_run_default_threads (), n, RATE, N_FFT, HOP,
          spec->n_frames, report.iterations, runs, plan_s, best, best_cpu,
          1e3 * best / (iterations > 0 ? iterations : 1), report.spectral_convergence_db,
          pghi_s, pghi_db);

  sm_spectrogram_free (&spec);
  sm_stft_free (&stft);
  free (mag);
  free (x);
  free (y);
  return 0;

nomem:
  fprintf (stderr, "phase-bench: out of memory\n");
  return 1;
}
