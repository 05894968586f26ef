/* sm-db-levels.c: level codes, and the STFT straight to them block by block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-db-levels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-fft-private.h"
#include "sm-parallel-private.h"

/* Frames per block: a worker's scratch spectrogram stays about a megabyte (at N 2048), in
 * cache, and the few frames each block recomputes at its start cost a few per cent. */
#define FRAMES_PER_BLOCK 128

SmDbLevels *
sm_db_levels_new (size_t    n_frames,
                  int       n_bins,
                  SmStatus *status)
{
  SmDbLevels *levels;
  size_t count;

  if (n_frames == 0 || n_bins <= 0)
    {
      if (status)
        *status = SM_ERROR_BAD_ARG;
      return NULL;
    }
  count = n_frames * (size_t) n_bins;
  levels = calloc (1, sizeof *levels);
  if (levels != NULL && count / (size_t) n_bins == n_frames && count < SIZE_MAX / 2)
    levels->codes = calloc (count, sizeof (uint16_t));
  if (levels == NULL || levels->codes == NULL)
    {
      free (levels);
      if (status)
        *status = SM_ERROR_NOMEM;
      return NULL;
    }
  levels->n_frames = n_frames;
  levels->n_bins = n_bins;
  if (status)
    *status = SM_OK;
  return levels;
}

void
sm_db_levels_free (SmDbLevels **levels)
{
  if (levels == NULL || *levels == NULL)
    return;
  free ((*levels)->codes);
  free (*levels);
  *levels = NULL;
}

uint16_t
sm_db_to_code (double level_db)
{
  double code = floor ((level_db - SM_DB_FLOOR) * SM_DB_STEPS + 0.5);

  if (!(code > 0.0))
    return 0;
  return code < 65535.0 ? (uint16_t) code : 65535;
}

static inline int32_t
float_bits (float x)
{
  union { float f; int32_t i; } v = { x };

  return v.i;
}

static inline float
bits_float (int32_t i)
{
  union { int32_t i; float f; } v = { i };

  return v.f;
}

/* log2 of a positive normal float to about 1e-7: the exponent, and for the mantissa m,
 * taken to [sqrt(1/2), sqrt(2)) with integer operations only, the series
 * 2/ln 2 (s + s^3/3 + s^5/5 + s^7/7) in s = (m - 1) / (m + 1), |s| < 0.172. No branch and
 * no libm call, so the loop below vectorises; logf() would not, and was where the time
 * went. */
static inline float
log2_approx (float x)
{
  union { float f; int32_t i; } v = { x };
  const int32_t k = v.i - 0x3f3504f3;   /* the bits of sqrt(1/2) */
  const float e = (float) (k >> 23);
  float m, s, s2;

  v.i = (k & 0x7fffff) + 0x3f3504f3;
  m = v.f;
  s = (m - 1.0f) / (m + 1.0f);
  s2 = s * s;
  return e + s * (2.88539008f + s2 * (0.961796694f + s2 * (0.577078016f + s2 * 0.412198583f)));
}

#define CODES_RUN 16

static inline uint16_t
bin_code (float   re,
          float   im,
          float   a,
          float   b,
          int32_t smallest_bits)
{
  int32_t p = float_bits (re * re + im * im);
  int32_t code = (int32_t) (a * log2_approx (bits_float (p > smallest_bits ? p : smallest_bits))
                            + b + 0.5f);

  /* Truncation rounds: the values that stay are not negative. */
  code = code > 0 ? code : 0;
  code = code < 65535 ? code : 65535;
  return (uint16_t) code;
}

uint16_t
sm_db_codes_from_bins (const float _Complex *bins,
                       size_t                n,
                       double                full_scale,
                       uint16_t             *codes)
{
  /* code = STEPS * (10 log10 (p / fs^2) - FLOOR) = a log2 p + b */
  const float a = (float) (SM_DB_STEPS * 10.0 * log10 (2.0));
  const float b = (float) (SM_DB_STEPS * (-20.0 * log10 (full_scale) - SM_DB_FLOOR));
  /* The power of the floor: anything quieter (silence, denormals) is taken as this, which
   * gives code 0 and keeps log2 of 0 out. */
  const float smallest = (float) (full_scale * full_scale * pow (10.0, SM_DB_FLOOR / 10.0));
  const float *xy = (const float *) bins;
  uint16_t peak = 0;

  /* Every comparison is on integers: GCC will not turn float comparisons into vector
   * selects without -fno-trapping-math. Powers are never negative, and for non-negative
   * floats the bit patterns sort like the values. */
  const int32_t smallest_bits = float_bits (smallest);
  size_t i = 0;

  /* Runs of a fixed length, which -O2's cautious vectoriser takes on (it will not add the
   * loop tail an open-ended loop needs); the few bins left go one by one. */
  for (; i + CODES_RUN <= n; i += CODES_RUN)
    for (size_t j = i; j < i + CODES_RUN; j++)
      {
        uint16_t code = bin_code (xy[2 * j], xy[2 * j + 1], a, b, smallest_bits);

        codes[j] = code;
        peak = code > peak ? code : peak;
      }
  for (; i < n; i++)
    {
      codes[i] = bin_code (xy[2 * i], xy[2 * i + 1], a, b, smallest_bits);
      peak = codes[i] > peak ? codes[i] : peak;
    }
  return peak;
}

typedef struct
{
  SmStft             *stft;
  const float *const *channels;
  int                 n_channels;
  size_t              n_samples;
  SmDbLevels         *out;
  double              full_scale;
  size_t              hop;
  size_t              pad;             /* padding before the signal, in samples */
  size_t              lead;            /* frames that reach into it: ceil (pad / hop) */
  float             **mono;            /* per worker: the slice mixed down */
  SmSpectrogram      *spec;            /* per worker: the slice's spectrogram */
  size_t              max_samples;
  uint16_t           *peaks;           /* per worker */
} Job;

/* Frames [begin, end) come from the STFT of a slice of the signal that starts lead frames
 * early (whole hops, so the slice's frame j is the signal's frame first + j) and stops
 * where the last of them does. The frames the slice's own padding reaches are dropped;
 * the first block starts at sample 0, and a slice that reaches the signal's end ends there,
 * so both ends get exactly the padding the whole signal gets. */
static int
levels_block (size_t begin,
              size_t end,
              int    worker,
              void  *data)
{
  Job *job = data;
  const int n_bins = job->out->n_bins;
  const size_t n_fft = (size_t) sm_stft_get_params (job->stft)->n_fft;
  long long s0 = ((long long) begin - (long long) job->lead) * (long long) job->hop;
  long long limit = (long long) job->n_samples - 1 - (long long) job->pad;
  long long s1 = (long long) ((end - 1) * job->hop + n_fft) - (long long) job->pad;
  SmSpectrogram *spec = &job->spec[worker];
  const SmRun one = { 1, NULL, NULL };
  const float *signal;
  size_t length, first;

  /* Near the end, start early enough that mirror padding finds its samples in the slice. */
  if (s0 > limit)
    s0 = limit - limit % (long long) job->hop;
  if (s0 < 0)
    s0 = 0;
  if (s1 > (long long) job->n_samples)
    s1 = (long long) job->n_samples;
  length = (size_t) (s1 - s0);
  first = (size_t) s0 / job->hop;
  spec->n_frames = sm_stft_n_frames (job->stft, length);
  if (length > job->max_samples || spec->n_frames < end - first)
    return 1;

  if (job->n_channels == 1)
    signal = job->channels[0] + s0;
  else
    {
      /* The mean of the channels, as sm_audio_mixdown() computes it. */
      for (size_t i = 0; i < length; i++)
        {
          double sum = 0.0;

          for (int c = 0; c < job->n_channels; c++)
            sum += job->channels[c][(size_t) s0 + i];
          job->mono[worker][i] = (float) (sum / job->n_channels);
        }
      signal = job->mono[worker];
    }

  if (sm_stft_forward (job->stft, signal, length, spec, &one) != SM_OK)
    return 1;
  {
    uint16_t peak = sm_db_codes_from_bins (spec->bins + (begin - first) * (size_t) n_bins,
                                           (end - begin) * (size_t) n_bins, job->full_scale,
                                           job->out->codes + begin * (size_t) n_bins);

    if (peak > job->peaks[worker])
      job->peaks[worker] = peak;
  }
  return 0;
}

SmStatus
sm_stft_db_levels (SmStft             *stft,
                   const float *const *channels,
                   int                 n_channels,
                   size_t              n_samples,
                   SmDbLevels         *out,
                   uint16_t           *peak,
                   const SmRun        *run)
{
  const SmStftParams *params;
  Job job = { 0 };
  size_t max_frames;
  int n_workers;
  SmStatus status = SM_OK;

  if (stft == NULL || channels == NULL || n_channels < 1 || out == NULL || out->codes == NULL
      || n_samples == 0)
    return SM_ERROR_BAD_ARG;
  for (int c = 0; c < n_channels; c++)
    if (channels[c] == NULL)
      return SM_ERROR_BAD_ARG;
  if (out->n_frames != sm_stft_n_frames (stft, n_samples) || out->n_bins != sm_stft_n_bins (stft))
    return SM_ERROR_BAD_ARG;

  params = sm_stft_get_params (stft);
  job.stft = stft;
  job.channels = channels;
  job.n_channels = n_channels;
  job.n_samples = n_samples;
  job.out = out;
  job.full_scale = sm_stft_full_scale (stft);
  job.hop = (size_t) params->hop;
  job.pad = params->pad == SM_PAD_NONE ? 0 : (size_t) params->n_fft / 2;
  job.lead = (job.pad + job.hop - 1) / job.hop;
  /* The longest slice: a block, its lead, the extra start near the end, one window. */
  job.max_samples = (FRAMES_PER_BLOCK + 2 * job.lead + 2) * job.hop + (size_t) params->n_fft;
  max_frames = sm_stft_n_frames (stft, job.max_samples);

  n_workers = _sm_parallel_workers (run, out->n_frames, FRAMES_PER_BLOCK);
  job.mono = calloc ((size_t) n_workers, sizeof (float *));
  job.spec = calloc ((size_t) n_workers, sizeof (SmSpectrogram));
  job.peaks = calloc ((size_t) n_workers, sizeof (uint16_t));
  if (job.mono == NULL || job.spec == NULL || job.peaks == NULL)
    status = SM_ERROR_NOMEM;
  for (int w = 0; w < n_workers && status == SM_OK; w++)
    {
      job.spec[w].n_bins = out->n_bins;
      job.spec[w].bins = fftwf_malloc (sizeof (float _Complex) * max_frames
                                       * (size_t) out->n_bins);
      if (n_channels > 1)
        job.mono[w] = malloc (sizeof (float) * job.max_samples);
      if (job.spec[w].bins == NULL || (n_channels > 1 && job.mono[w] == NULL))
        status = SM_ERROR_NOMEM;
    }

  if (status == SM_OK)
    status = _sm_parallel_for (run, out->n_frames, FRAMES_PER_BLOCK, levels_block, &job,
                               0.0, 1.0);
  if (status == SM_OK && peak != NULL)
    {
      *peak = 0;
      for (int w = 0; w < n_workers; w++)
        *peak = job.peaks[w] > *peak ? job.peaks[w] : *peak;
    }

  for (int w = 0; job.spec != NULL && w < n_workers; w++)
    fftwf_free (job.spec[w].bins);
  for (int w = 0; job.mono != NULL && w < n_workers; w++)
    free (job.mono[w]);
  free (job.mono);
  free (job.spec);
  free (job.peaks);
  return status;
}
