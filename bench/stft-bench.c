/* stft-bench.c: times the STFT and its inverse on ten minutes of 44.1 kHz mono noise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parameters are bench/stft_scipy.py's: scipy's defaults (periodic Hann, zero boundary
 * padding, padded=True, scaling='spectrum') with nperseg 2048 and noverlap 1536, that is
 * sm_stft_params_scipy (2048) with hop 512. Planning is timed apart from the transforms,
 * since a plan is made once per size and then reused. Each run allocates its spectrogram and
 * output, as scipy does, so first-touch page faults count on both sides. Prints one JSON
 * object with the best wall-clock times and the process CPU time of the best run.
 *
 *   stft-bench [--threads N] [--runs R] [--seconds S]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sm-stft.h"

#define RATE  44100
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

/* Uniform noise in [-1, 1) from xorshift64: the same on every machine. */
static void
fill_noise (float  *x,
            size_t  n)
{
  uint64_t state = 0x9E3779B97F4A7C15ull;

  for (size_t i = 0; i < n; i++)
    {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      x[i] = (float) ((double) (state >> 11) / (double) (1ull << 53) * 2.0 - 1.0);
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
      fprintf (stderr, "stft-bench: %s needs an integer >= %d, not '%s'\n", name, min, arg);
      exit (2);
    }
  return (int) value;
}

int
main (int   argc,
      char *argv[])
{
  SmStftParams params;
  SmError error = { 0 };
  SmRun run = { 0 };
  SmStatus status;
  SmSpectrogram *spec = NULL;
  SmStft *stft = NULL;
  float *x = NULL;
  float *y = NULL;
  size_t n;
  int runs = 3;
  int seconds = 600;
  double t0, plan_s;
  double best_forward = INFINITY, best_inverse = INFINITY, best_total = INFINITY;
  double best_cpu = INFINITY;
  size_t n_frames;
  double peak = 0.0, worst = 0.0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        run.n_threads = parse_int (argv[++i], "--threads", 0);
      else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = parse_int (argv[++i], "--runs", 1);
      else if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc)
        seconds = parse_int (argv[++i], "--seconds", 1);
      else
        {
          fprintf (stderr, "usage: stft-bench [--threads N] [--runs R] [--seconds S]\n");
          return 2;
        }
    }

  n = (size_t) seconds * RATE;
  x = malloc (sizeof (float) * n);
  if (x == NULL)
    {
      fprintf (stderr, "stft-bench: out of memory\n");
      return 1;
    }
  fill_noise (x, n);

  sm_stft_params_scipy (&params, N_FFT);
  params.hop = HOP;
  t0 = now ();
  stft = sm_stft_new (&params, &error);
  plan_s = now () - t0;
  if (stft == NULL)
    {
      fprintf (stderr, "stft-bench: %s\n", error.message);
      return 1;
    }
  n_frames = sm_stft_n_frames (stft, n);

  for (int r = 0; r < runs; r++)
    {
      double t1, t2, t3, cpu;

      free (y);
      cpu = clock_s (CLOCK_PROCESS_CPUTIME_ID);
      t1 = now ();
      spec = sm_spectrogram_new (n_frames, sm_stft_n_bins (stft), &status);
      if (status == SM_OK)
        status = sm_stft_forward (stft, x, n, spec, &run);
      t2 = now ();
      y = malloc (sizeof (float) * n);
      if (y == NULL)
        status = SM_ERROR_NOMEM;
      if (status == SM_OK)
        status = sm_stft_inverse (stft, spec, y, n, &run);
      t3 = now ();
      cpu = clock_s (CLOCK_PROCESS_CPUTIME_ID) - cpu;
      sm_spectrogram_free (&spec);
      if (status != SM_OK)
        {
          fprintf (stderr, "stft-bench: %s\n", sm_strerror (status));
          return 1;
        }
      best_forward = fmin (best_forward, t2 - t1);
      best_inverse = fmin (best_inverse, t3 - t2);
      if (t3 - t1 < best_total)
        {
          best_total = t3 - t1;
          best_cpu = cpu;
        }
    }

  /* A benchmark of a wrong transform is worthless: check the round trip. */
  for (size_t i = 0; i < n; i++)
    {
      peak = fmax (peak, fabs ((double) x[i]));
      worst = fmax (worst, fabs ((double) x[i] - (double) y[i]));
    }
  if (!(worst / peak < 1e-5))
    {
      fprintf (stderr, "stft-bench: round trip error %g is too large\n", worst / peak);
      return 1;
    }

  printf ("{\"bench\": \"stft\", \"impl\": \"specmask\", \"threads\": %d, "
          "\"n_samples\": %zu, \"rate\": %d, \"n_fft\": %d, \"hop\": %d, \"window\": \"hann\", "
          "\"n_frames\": %zu, \"runs\": %d, \"plan_s\": %.4f, \"forward_s\": %.4f, "
          "\"inverse_s\": %.4f, \"total_s\": %.4f, \"cpu_s\": %.4f, "
          "\"roundtrip_rel_error\": %.3g}\n",
          run.n_threads > 0 ? run.n_threads : sm_run_default_threads (), n, RATE, N_FFT, HOP,
          n_frames, runs, plan_s, best_forward, best_inverse, best_total, best_cpu,
          worst / peak);

  sm_stft_free (&stft);
  free (x);
  free (y);
  return 0;
}
