/* nmf-bench.c: times IS-NMF (beta 0, no mask) per iteration, and its sgemm share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * V is a T x F "power spectrogram" ([frame][bin]): a random rank-8 product times
 * exponential noise, from xorshift64 so it is the same on every machine; --write-v saves
 * it as raw float32 for bench/nmf_sklearn.py. The fit runs --iterations updates of both
 * factors from a random start with no early stop, as sklearn's solver='mu', tol=0 does.
 *
 * Also times the four sgemm shapes of an iteration on their own (same sizes, same leading
 * dimensions, warm caches), to tell how close the fit's products run to what OpenBLAS
 * achieves alone, and names the kernel set OpenBLAS picked for this CPU (a CPU newer than
 * the library gets a generic one; OPENBLAS_CORETYPE overrides). Prints one JSON object.
 *
 *   nmf-bench [--frames T] [--bins F] [--components K] [--iterations N] [--runs R]
 *             [--threads N] [--write-v PATH]
 */
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sm-nmf.h"

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static double
next_uniform (uint64_t *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return ((double) (*state >> 11) + 0.5) / (double) (1ull << 53);
}

static float *
make_v (size_t n_frames,
        int    n_bins)
{
  enum { RANK = 8 };
  uint64_t state = 0x9E3779B97F4A7C15ull;
  float *w = malloc (sizeof (float) * RANK * (size_t) n_bins);
  float *h = malloc (sizeof (float) * n_frames * RANK);
  float *v = malloc (sizeof (float) * n_frames * (size_t) n_bins);

  if (w == NULL || h == NULL || v == NULL)
    return NULL;
  for (size_t i = 0; i < RANK * (size_t) n_bins; i++)
    w[i] = (float) pow (next_uniform (&state), 4.0);
  for (size_t i = 0; i < n_frames * RANK; i++)
    h[i] = (float) next_uniform (&state);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n_frames, n_bins, RANK, 1.0f,
               h, RANK, w, n_bins, 0.0f, v, n_bins);
  /* Exponential noise: the periodogram of a Gaussian process around that power. */
  for (size_t i = 0; i < n_frames * (size_t) n_bins; i++)
    v[i] = (float) ((v[i] + 1e-3) * -log (next_uniform (&state)));
  free (w);
  free (h);
  return v;
}

/* Best time of the iteration's four product shapes, each on warm buffers. */
static double
time_gemms (size_t n_frames,
            int    n_bins,
            int    n_comp,
            int    reps)
{
  int t = (int) n_frames, f = n_bins, k = n_comp;
  float *s = calloc (n_frames * 2 * (size_t) f, sizeof (float));
  float *w = calloc ((size_t) k * f, sizeof (float));
  float *h = calloc (n_frames * (size_t) k, sizeof (float));
  float *g = calloc (2 * n_frames * (size_t) k, sizeof (float));
  float *z = calloc ((size_t) k * 2 * f, sizeof (float));
  double best = INFINITY;

  for (size_t i = 0; i < n_frames * 2 * (size_t) f; i++)
    s[i] = 1.0f;
  for (size_t i = 0; i < (size_t) k * f; i++)
    w[i] = 1.0f / (float) f;
  for (size_t i = 0; i < n_frames * (size_t) k; i++)
    h[i] = 1.0f;
  for (int r = 0; r < reps + 1; r++)
    {
      double t0 = now ();

      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, t, f, k, 1.0f, h, k, w, f,
                   0.0f, s, 2 * f);
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, 2 * t, k, f, 1.0f, s, f, w, f,
                   0.0f, g, k);
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, t, f, k, 1.0f, h, k, w, f,
                   0.0f, s, 2 * f);
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, k, 2 * f, t, 1.0f, h, k, s, 2 * f,
                   0.0f, z, 2 * f);
      if (r > 0)   /* the first round pays for page faults */
        best = fmin (best, now () - t0);
    }
  free (s);
  free (w);
  free (h);
  free (g);
  free (z);
  return best;
}

static long
parse_long (const char *arg,
            const char *name,
            long        min)
{
  char *end;
  long value = strtol (arg, &end, 10);

  if (*end != '\0' || value < min || value > 100000000)
    {
      fprintf (stderr, "nmf-bench: %s needs an integer >= %ld, not '%s'\n", name, min, arg);
      exit (2);
    }
  return value;
}

int
main (int   argc,
      char *argv[])
{
  size_t n_frames = 10000;
  int n_bins = 513, n_comp = 32, iterations = 50, runs = 3;
  const char *v_path = NULL;
  SmRun run = { 0 };
  SmNmfParams params;
  SmNmfReport best = { .seconds = INFINITY };
  SmNmfData data;
  SmError error = { 0 };
  float *v, *w, *h;
  double flops, gemm_alone;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (i + 1 >= argc)
        arg = "";
      if (strcmp (arg, "--frames") == 0)
        n_frames = (size_t) parse_long (argv[++i], arg, 1);
      else if (strcmp (arg, "--bins") == 0)
        n_bins = (int) parse_long (argv[++i], arg, 1);
      else if (strcmp (arg, "--components") == 0)
        n_comp = (int) parse_long (argv[++i], arg, 1);
      else if (strcmp (arg, "--iterations") == 0)
        iterations = (int) parse_long (argv[++i], arg, 1);
      else if (strcmp (arg, "--runs") == 0)
        runs = (int) parse_long (argv[++i], arg, 1);
      else if (strcmp (arg, "--threads") == 0)
        run.n_threads = (int) parse_long (argv[++i], arg, 0);
      else if (strcmp (arg, "--write-v") == 0)
        v_path = argv[++i];
      else
        {
          fprintf (stderr, "usage: nmf-bench [--frames T] [--bins F] [--components K] "
                   "[--iterations N] [--runs R] [--threads N] [--write-v PATH]\n");
          return 2;
        }
    }

  v = make_v (n_frames, n_bins);
  w = malloc (sizeof (float) * (size_t) n_comp * (size_t) n_bins);
  h = malloc (sizeof (float) * n_frames * (size_t) n_comp);
  if (v == NULL || w == NULL || h == NULL)
    {
      fprintf (stderr, "nmf-bench: out of memory\n");
      return 1;
    }
  if (v_path != NULL)
    {
      FILE *file = fopen (v_path, "wb");

      if (file == NULL || fwrite (v, sizeof (float), n_frames * (size_t) n_bins, file)
                          != n_frames * (size_t) n_bins || fclose (file) != 0)
        {
          fprintf (stderr, "nmf-bench: cannot write %s\n", v_path);
          return 1;
        }
    }

  data = (SmNmfData) { n_frames, n_bins, v, NULL };
  sm_nmf_params_init (&params, n_comp, 0.0);
  params.max_iterations = iterations;
  params.tolerance = 0.0;
  for (int r = 0; r < runs; r++)
    {
      SmNmfReport report;

      if (sm_nmf_fit (&data, &params, w, h, &report, &run, &error) != SM_OK)
        {
          fprintf (stderr, "nmf-bench: %s\n", error.message);
          return 1;
        }
      if (report.seconds < best.seconds)
        best = report;
    }
  /* A benchmark of a broken fit is worthless. */
  if (!(isfinite (best.divergence) && best.divergence > 0.0))
    {
      fprintf (stderr, "nmf-bench: divergence %g is not sane\n", best.divergence);
      return 1;
    }

  /* Per iteration: two model products and two double-width update products, each 2TFK,
   * plus one model product to measure the final divergence. */
  flops = 2.0 * (double) n_frames * n_bins * n_comp * (6.0 * iterations + 1.0);
  gemm_alone = time_gemms (n_frames, n_bins, n_comp, 5);
  printf ("{\"bench\": \"nmf\", \"impl\": \"specmask\", \"threads\": %d, \"beta\": 0, "
          "\"n_frames\": %zu, \"n_bins\": %d, \"n_components\": %d, \"iterations\": %d, "
          "\"runs\": %d, \"total_s\": %.4f, \"s_per_iteration\": %.5f, \"gemm_s\": %.4f, "
          "\"gemm_share\": %.3f, \"gemm_gflops\": %.2f, \"sgemm_alone_gflops\": %.2f, "
          "\"gemm_vs_alone\": %.3f, \"divergence\": %.6g, \"openblas_core\": \"%s\"}\n",
          run.n_threads > 0 ? run.n_threads : sm_run_default_threads (), n_frames, n_bins,
          n_comp, iterations, runs, best.seconds, best.seconds / iterations, best.gemm_seconds,
          best.gemm_seconds / best.seconds, flops / best.gemm_seconds * 1e-9,
          12.0 * (double) n_frames * n_bins * n_comp / gemm_alone * 1e-9,
          (flops / best.gemm_seconds) / (12.0 * (double) n_frames * n_bins * n_comp
                                         / gemm_alone),
          best.divergence, openblas_get_corename ());
  free (v);
  free (w);
  free (h);
  return 0;
}
