/* sm-stft.c: STFT and least-squares inverse STFT over worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-stft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-fft-private.h"
#include "sm-parallel-private.h"
#include "sm-stft-private.h"

/* Frames per scheduling block; large enough to amortise scheduling, small enough to
 * balance two cores and report progress often. */
#define FRAMES_PER_BLOCK 64

void
sm_stft_params_default (SmStftParams *params,
                        int           rate)
{
  double target = rate > 0 ? 0.046 * rate : 1024.0;
  int n = SM_STFT_MIN_FFT;

  /* The power of two nearest to 46 ms: 1024 at 22.05 kHz, 2048 at 44.1 and 48 kHz. */
  while (n < SM_STFT_MAX_FFT && fabs (2.0 * n - target) < fabs (n - target))
    n *= 2;

  params->window = SM_WINDOW_HANN;
  params->n_fft = n;
  params->hop = n / 4;
  params->pad = SM_PAD_ZERO;
  params->scaling = SM_SCALE_NONE;
}

void
sm_stft_params_scipy (SmStftParams *params,
                      int           nperseg)
{
  params->window = SM_WINDOW_HANN;
  params->n_fft = nperseg;
  params->hop = nperseg - nperseg / 2;
  params->pad = SM_PAD_ZERO;
  params->scaling = SM_SCALE_WINDOW_SUM;
}

SmStatus
sm_stft_params_validate (const SmStftParams *params,
                         SmError            *error)
{
  const char *window_name = sm_window_name (params->window);
  float *window;
  int n = params->n_fft;
  int hop = params->hop;
  double peak = 0.0;
  double weakest = INFINITY;

  if (window_name == NULL)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "unknown window type %d", (int) params->window);
  if (n < SM_STFT_MIN_FFT || n > SM_STFT_MAX_FFT || n % 2 != 0)
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "FFT size %d is not an even number from %d to %d",
                         n, SM_STFT_MIN_FFT, SM_STFT_MAX_FFT);
  if (hop < 1 || hop > n)
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "hop %d is not between 1 and the FFT size %d", hop, n);
  if ((int) params->pad < 0 || params->pad >= SM_N_PAD_MODES)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "unknown padding mode %d", (int) params->pad);
  if ((int) params->scaling < 0 || params->scaling >= SM_N_SCALINGS)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "unknown scaling %d", (int) params->scaling);

  window = malloc (sizeof (float) * (size_t) n);
  if (window == NULL)
    return sm_error_set (error, SM_ERROR_NOMEM, "out of memory");
  sm_window_fill (params->window, n, window);

  /* NOLA: every sample offset within a hop must get some squared-window weight. */
  for (int j = 0; j < hop; j++)
    {
      double sum = 0.0;

      for (int k = j; k < n; k += hop)
        sum += (double) window[k] * window[k];
      weakest = fmin (weakest, sum);
      peak = fmax (peak, sum);
    }
  free (window);

  if (!(weakest > 1e-10 * peak) || peak <= 0.0)
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "hop %d with a %d-sample %s window breaks the NOLA condition "
                         "(some samples get no window weight, so the inverse does not exist); "
                         "use a smaller hop", hop, n, window_name);
  return SM_OK;
}

SmSpectrogram *
sm_spectrogram_new (size_t    n_frames,
                    int       n_bins,
                    SmStatus *status)
{
  SmSpectrogram *spec;
  size_t count;

  if (n_frames == 0 || n_bins <= 0)
    {
      if (status)
        *status = SM_ERROR_BAD_ARG;
      return NULL;
    }

  count = n_frames * (size_t) n_bins;
  spec = calloc (1, sizeof *spec);
  if (spec != NULL && count / (size_t) n_bins == n_frames)
    spec->bins = fftwf_malloc (sizeof (float _Complex) * count);
  if (spec == NULL || spec->bins == NULL)
    {
      free (spec);
      if (status)
        *status = SM_ERROR_NOMEM;
      return NULL;
    }

  memset (spec->bins, 0, sizeof (float _Complex) * count);
  spec->n_frames = n_frames;
  spec->n_bins = n_bins;
  if (status)
    *status = SM_OK;
  return spec;
}

void
sm_spectrogram_free (SmSpectrogram **spec)
{
  if (spec == NULL || *spec == NULL)
    return;
  fftwf_free ((*spec)->bins);
  free (*spec);
  *spec = NULL;
}

SmStft *
sm_stft_new (const SmStftParams *params,
             SmError            *error)
{
  SmStft *stft;
  SmStatus status = sm_stft_params_validate (params, error);

  if (status != SM_OK)
    return NULL;

  stft = calloc (1, sizeof *stft);
  if (stft == NULL)
    goto nomem;

  stft->params = *params;
  stft->n_bins = params->n_fft / 2 + 1;
  stft->pad_left = params->pad == SM_PAD_NONE ? 0 : params->n_fft / 2;
  stft->window = malloc (sizeof (float) * (size_t) params->n_fft);
  if (stft->window == NULL)
    goto nomem;
  sm_window_fill (params->window, params->n_fft, stft->window);
  for (int i = 0; i < params->n_fft; i++)
    stft->window_sum += stft->window[i];

  stft->r2c = _sm_fft_plan_r2c (params->n_fft);
  stft->c2r = _sm_fft_plan_c2r (params->n_fft);
  if (stft->r2c == NULL || stft->c2r == NULL)
    goto nomem;
  return stft;

nomem:
  sm_stft_free (&stft);
  sm_error_set (error, SM_ERROR_NOMEM, "out of memory while planning a %d-point FFT",
                params->n_fft);
  return NULL;
}

void
sm_stft_free (SmStft **stft)
{
  if (stft == NULL || *stft == NULL)
    return;
  free ((*stft)->window);
  free (*stft);
  *stft = NULL;
}

const SmStftParams *
sm_stft_get_params (const SmStft *stft)
{
  return &stft->params;
}

int
sm_stft_n_bins (const SmStft *stft)
{
  return stft->n_bins;
}

size_t
sm_stft_n_frames (const SmStft *stft,
                  size_t        n_samples)
{
  size_t n = (size_t) stft->params.n_fft;
  size_t hop = (size_t) stft->params.hop;
  size_t padded = n_samples + 2 * (size_t) stft->pad_left;

  if (padded <= n)
    return 1;
  return 1 + (padded - n + hop - 1) / hop;
}

double
sm_stft_frame_center (const SmStft *stft,
                      size_t        frame)
{
  return (double) frame * stft->params.hop + stft->params.n_fft / 2 - stft->pad_left;
}

double
sm_stft_full_scale (const SmStft *stft)
{
  if (stft->params.scaling == SM_SCALE_WINDOW_SUM)
    return 0.5;
  return stft->window_sum / 2.0;
}

/* numpy's 'reflect' padding: mirror about the end samples without repeating them,
 * folding again as often as a short signal needs. */
static size_t
reflect_index (long long i,
               size_t    n)
{
  long long period;

  if (n == 1)
    return 0;
  period = 2 * ((long long) n - 1);
  i %= period;
  if (i < 0)
    i += period;
  if (i >= (long long) n)
    i = period - i;
  return (size_t) i;
}

typedef struct
{
  SmStft         *stft;
  const float    *signal;
  size_t          n_samples;
  float _Complex *bins;
  float         **real;        /* per worker, n_fft */
  fftwf_complex **spectrum;    /* per worker, n_bins */
  SmStftFrameFunc each;       /* forward only: NULL stores the rows in bins */
  void           *each_data;
  float          *out;         /* inverse only */
  size_t          n_frames;
  int             parity;      /* inverse only: which half of the blocks this pass does */
  size_t          frames_per_block;  /* inverse only */
  double         *periodic_energy;   /* inverse only: hop values, see normalise_block */
} Job;

/* real = window * frame t of the padded signal. */
static SM_STFT_HOT void
window_frame (const SmStft *stft,
              const float  *signal,
              size_t        n_samples,
              size_t        t,
              float        *real)
{
  const int n = stft->params.n_fft;
  const float *w = stft->window;
  long long start = (long long) (t * (size_t) stft->params.hop) - stft->pad_left;

  if (start >= 0 && (size_t) start + (size_t) n <= n_samples)
    {
      const float *x = signal + start;

      for (int k = 0; k < n; k++)
        real[k] = w[k] * x[k];
      return;
    }
  for (int k = 0; k < n; k++)
    {
      long long i = start + k;
      float sample = 0.0f;

      if (i >= 0 && (size_t) i < n_samples)
        sample = signal[i];
      else if (stft->params.pad == SM_PAD_REFLECT
               && i >= -stft->pad_left
               && i < (long long) n_samples + stft->pad_left)
        sample = signal[reflect_index (i, n_samples)];
      real[k] = w[k] * sample;
    }
}

static SM_STFT_HOT int
forward_block (size_t begin,
               size_t end,
               int    worker,
               void  *data)
{
  Job *job = data;
  SmStft *stft = job->stft;
  const int n_bins = stft->n_bins;
  const float scale = stft->params.scaling == SM_SCALE_WINDOW_SUM
                      ? (float) (1.0 / stft->window_sum) : 1.0f;
  float *real = job->real[worker];
  fftwf_complex *spectrum = job->spectrum[worker];

  for (size_t t = begin; t < end; t++)
    {
      float _Complex *row = job->each != NULL ? spectrum : job->bins + t * (size_t) n_bins;

      window_frame (stft, job->signal, job->n_samples, t, real);
      fftwf_execute_dft_r2c (stft->r2c, real, spectrum);
      for (int f = 0; f < n_bins; f++)
        row[f] = scale * spectrum[f];
      if (job->each != NULL)
        job->each (t, spectrum, worker, job->each_data);
    }
  return 0;
}

/* Per-worker FFT buffers: FFTW's new-array execute needs the plan's alignment. */
static SmStatus
alloc_scratch (Job *job,
               int  n_workers)
{
  int n = job->stft->params.n_fft;

  job->real = calloc ((size_t) n_workers, sizeof (float *));
  job->spectrum = calloc ((size_t) n_workers, sizeof (fftwf_complex *));
  if (job->real == NULL || job->spectrum == NULL)
    return SM_ERROR_NOMEM;
  for (int i = 0; i < n_workers; i++)
    {
      job->real[i] = fftwf_malloc (sizeof (float) * (size_t) n);
      job->spectrum[i] = fftwf_malloc (sizeof (fftwf_complex) * (size_t) job->stft->n_bins);
      if (job->real[i] == NULL || job->spectrum[i] == NULL)
        return SM_ERROR_NOMEM;
    }
  return SM_OK;
}

static void
free_scratch (Job *job,
              int  n_workers)
{
  for (int i = 0; job->real != NULL && i < n_workers; i++)
    fftwf_free (job->real[i]);
  for (int i = 0; job->spectrum != NULL && i < n_workers; i++)
    fftwf_free (job->spectrum[i]);
  free (job->real);
  free (job->spectrum);
}

/* Transforms every frame of @job over the workers, each with its own FFT buffers. */
static SmStatus
run_forward (Job         *job,
             const SmRun *run)
{
  int n_workers = _sm_parallel_workers (run, job->n_frames, FRAMES_PER_BLOCK);
  SmStatus status = alloc_scratch (job, n_workers);

  if (status == SM_OK)
    status = _sm_parallel_for (run, job->n_frames, FRAMES_PER_BLOCK, forward_block, job,
                               0.0, 1.0);
  free_scratch (job, n_workers);
  return status;
}

SmStatus
sm_stft_forward (SmStft        *stft,
                 const float   *signal,
                 size_t         n_samples,
                 SmSpectrogram *out,
                 const SmRun   *run)
{
  Job job = { 0 };

  if (stft == NULL || signal == NULL || out == NULL || n_samples == 0)
    return SM_ERROR_BAD_ARG;
  job.n_frames = sm_stft_n_frames (stft, n_samples);
  if (out->n_frames != job.n_frames || out->n_bins != stft->n_bins)
    return SM_ERROR_BAD_ARG;

  job.stft = stft;
  job.signal = signal;
  job.n_samples = n_samples;
  job.bins = out->bins;

  return run_forward (&job, run);
}

SmStatus
_sm_stft_forward_each (SmStft         *stft,
                       const float    *signal,
                       size_t          n_samples,
                       SmStftFrameFunc func,
                       void           *data,
                       const SmRun    *run)
{
  Job job = { 0 };

  if (stft == NULL || signal == NULL || func == NULL || n_samples == 0)
    return SM_ERROR_BAD_ARG;
  job.stft = stft;
  job.signal = signal;
  job.n_samples = n_samples;
  job.n_frames = sm_stft_n_frames (stft, n_samples);
  job.each = func;
  job.each_data = data;

  return run_forward (&job, run);
}

/* Overlap-adds one block of frames straight into the output. Blocks are at least
 * n_fft / hop frames long, so blocks of the same parity never write the same sample and
 * one pass per parity needs no locks and no per-thread copies of the output. */
static int
inverse_block (size_t item_begin,
               size_t item_end,
               int    worker,
               void  *data)
{
  Job *job = data;
  SmStft *stft = job->stft;
  const int n = stft->params.n_fft;
  const int n_bins = stft->n_bins;
  const size_t hop = (size_t) stft->params.hop;
  const size_t frames_per_block = job->frames_per_block;
  const double scale = (stft->params.scaling == SM_SCALE_WINDOW_SUM ? stft->window_sum : 1.0)
                       / (double) n;
  float *real = job->real[worker];
  fftwf_complex *spectrum = job->spectrum[worker];

  for (size_t item = item_begin; item < item_end; item++)
    {
      size_t block = 2 * item + (size_t) job->parity;
      size_t t_end = (block + 1) * frames_per_block;

      if (t_end > job->n_frames)
        t_end = job->n_frames;

      for (size_t t = block * frames_per_block; t < t_end; t++)
        {
          const float _Complex *row = job->bins + t * (size_t) n_bins;
          long long start = (long long) (t * hop) - stft->pad_left;
          int k0 = start < 0 ? (int) -start : 0;
          long long room = (long long) job->n_samples - start;
          int k1 = room < n ? (int) (room > 0 ? room : 0) : n;

          if (k0 >= k1)
            continue;
          /* c2r overwrites its input, and rows are not aligned for FFTW: copy. */
          memcpy (spectrum, row, sizeof (fftwf_complex) * (size_t) n_bins);
          fftwf_execute_dft_c2r (stft->c2r, spectrum, real);
          for (int k = k0; k < k1; k++)
            job->out[start + k] += (float) (scale * real[k]) * stft->window[k];
        }
    }
  return 0;
}

double
_sm_stft_window_energy (const SmStft *stft,
                        size_t        j,
                        size_t        n_frames)
{
  const size_t n = (size_t) stft->params.n_fft;
  const size_t hop = (size_t) stft->params.hop;
  size_t t_first = j >= n ? (j - n) / hop + 1 : 0;
  size_t t_last = j / hop < n_frames - 1 ? j / hop : n_frames - 1;
  double sum = 0.0;

  for (size_t t = t_first; t <= t_last; t++)
    {
      double w = stft->window[j - t * hop];

      sum += w * w;
    }
  return sum;
}

double
_sm_stft_periodic_energy (const SmStft *stft,
                          int           r)
{
  double sum = 0.0;

  for (int k = r; k < stft->params.n_fft; k += stft->params.hop)
    sum += (double) stft->window[k] * stft->window[k];
  return sum;
}

static int
normalise_block (size_t begin,
                 size_t end,
                 int    worker,
                 void  *data)
{
  Job *job = data;
  const size_t n = (size_t) job->stft->params.n_fft;
  const size_t hop = (size_t) job->stft->params.hop;
  /* Padded samples covered by every frame that could cover them (away from both ends)
   * all see the same overlap of squared windows, which repeats with period hop. */
  const size_t steady_first = n - 1;
  const size_t steady_end = job->n_frames * hop;

  for (size_t i = begin; i < end; i++)
    {
      size_t j = i + (size_t) job->stft->pad_left;
      double energy = j >= steady_first && j < steady_end
                      ? job->periodic_energy[j % hop]
                      : _sm_stft_window_energy (job->stft, j, job->n_frames);

      /* Where no window reaches (only possible without padding) there is nothing to
       * recover; leave what the overlap-add gave, which is zero there. */
      if (energy > 1e-10)
        job->out[i] = (float) (job->out[i] / energy);
    }
  return 0;
}

SmStatus
sm_stft_inverse (SmStft              *stft,
                 const SmSpectrogram *spec,
                 float               *signal,
                 size_t               n_samples,
                 const SmRun         *run)
{
  Job job = { 0 };
  size_t frames_per_block;
  size_t n_blocks;
  int n_workers;
  SmStatus status;

  if (stft == NULL || spec == NULL || signal == NULL || n_samples == 0
      || spec->n_bins != stft->n_bins || spec->n_frames == 0)
    return SM_ERROR_BAD_ARG;

  frames_per_block = (size_t) ((stft->params.n_fft + stft->params.hop - 1) / stft->params.hop);
  if (frames_per_block < FRAMES_PER_BLOCK)
    frames_per_block = FRAMES_PER_BLOCK;
  n_blocks = (spec->n_frames + frames_per_block - 1) / frames_per_block;

  job.stft = stft;
  job.frames_per_block = frames_per_block;
  job.bins = spec->bins;
  job.n_frames = spec->n_frames;
  job.out = signal;
  job.n_samples = n_samples;
  memset (signal, 0, sizeof (float) * n_samples);

  n_workers = _sm_parallel_workers (run, (n_blocks + 1) / 2, 1);
  status = alloc_scratch (&job, n_workers);
  for (int parity = 0; parity < 2 && status == SM_OK; parity++)
    {
      size_t n_items = parity == 0 ? (n_blocks + 1) / 2 : n_blocks / 2;

      job.parity = parity;
      status = _sm_parallel_for (run, n_items, 1, inverse_block, &job,
                                 0.45 * parity, 0.45 * (parity + 1));
    }
  if (status == SM_OK)
    {
      const int hop = stft->params.hop;

      job.periodic_energy = malloc (sizeof (double) * (size_t) hop);
      if (job.periodic_energy == NULL)
        status = SM_ERROR_NOMEM;
      for (int r = 0; status == SM_OK && r < hop; r++)
        job.periodic_energy[r] = _sm_stft_periodic_energy (stft, r);
    }
  if (status == SM_OK)
    status = _sm_parallel_for (run, n_samples, 65536, normalise_block, &job, 0.9, 1.0);
  free (job.periodic_energy);
  free_scratch (&job, n_workers);
  return status;
}
