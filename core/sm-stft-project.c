/* sm-stft-project.c: STFT (ISTFT (c)) fused per block of frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Iterative phase reconstruction spends its time in this projection. Done as
 * sm_stft_inverse() then sm_stft_forward(), it makes four passes over the whole signal and
 * spectrogram (overlap-add, normalisation, windowing, copy-out), each from memory. Here a
 * worker takes a chunk of output frames [a, b) and sweeps the input frames that reach
 * them, [a - H, b + H) with H = ceil (N / hop) - 1, in order: inverse FFT, window and add
 * into a chunk-local signal; as soon as output frame t has all its contributions (input
 * frame t + H is in), normalise its new samples, window, forward FFT and hand the spectrum
 * over. Each row is read a few frames before it may be overwritten, so the caller can
 * write its result in place. Only the 2H rows around each chunk boundary belong to two
 * chunks; they are copied aside first so that neither chunk sees the other's writes.
 *
 * The normalisation folds every constant in: gain = 1 / (N * energy) (the inverse FFT's
 * 1/N; with SM_SCALE_WINDOW_SUM the inverse's sum(w) and the forward's 1/sum(w) cancel),
 * and 0 outside the signal, which is what zero padding reads there.
 */
#include "sm-stft-private.h"

#include <stdlib.h>
#include <string.h>

#include "sm-parallel-private.h"

/* Output frames per chunk. Each chunk inverts 2H frames twice, 6 of 128 (5 %) at hop N/4;
 * its local signal ((128 + 3) hops, 268 kB at N 2048) and rows stay in a 2 MB L2. Fixed,
 * not per thread count, so that the result does not depend on the thread count. */
#define CHUNK_FRAMES 128

struct SmStftProjector
{
  SmStft          *stft;
  size_t           n_samples;
  size_t           n_frames;
  size_t           padded;        /* (T - 1) hop + N padded samples */
  size_t           halo;          /* H */
  size_t           chunk;         /* output frames per chunk, at least H */
  size_t           n_chunks;
  /* Gains by padded sample: head[] below head_end, periodic[p % hop] up to steady_end,
   * tail[] from there on. */
  float           *head;
  size_t           head_end;
  float           *periodic;
  float           *tail;
  size_t           steady_end;
  /* Rows [kC - H, kC + H) of the spectrogram for boundary k = 1 .. n_chunks - 1, at
   * halo_rows + k 2H rows (slot 0 unused). */
  float _Complex  *halo_rows;
  int              n_workers;
  float          **signal;        /* per worker: one chunk's padded samples */
  float          **real;          /* per worker: n_fft, fftwf_malloc */
  fftwf_complex  **spectrum;      /* per worker: n_bins, fftwf_malloc */
  /* The call in progress. */
  SmSpectrogram   *spec;
  SmStftFrameFunc  func;
  void            *data;
};

/* gain at padded sample @p; see the file comment. */
static float
gain_at (const SmStftProjector *projector,
         size_t                 p)
{
  const SmStft *stft = projector->stft;
  double energy;

  if (p < (size_t) stft->pad_left || p >= (size_t) stft->pad_left + projector->n_samples)
    return 0.0f;
  energy = _sm_stft_window_energy (stft, p, projector->n_frames);
  /* No window weight (only without padding): sm_stft_inverse leaves the sample as the
   * overlap-add made it. */
  if (!(energy > 1e-10))
    energy = 1.0;
  return (float) (1.0 / (stft->params.n_fft * energy));
}

/* The same steady-state boundaries as normalise_block() in sm-stft.c, narrowed to the
 * signal so that the periodic table never has to produce a zero. */
static SmStatus
fill_gains (SmStftProjector *projector)
{
  const SmStft *stft = projector->stft;
  const size_t n = (size_t) stft->params.n_fft;
  const int hop = stft->params.hop;
  const size_t signal_begin = (size_t) stft->pad_left;
  const size_t signal_end = signal_begin + projector->n_samples;
  size_t steady_begin = n - 1 > signal_begin ? n - 1 : signal_begin;
  size_t steady_end = projector->n_frames * (size_t) hop;

  if (steady_end > signal_end)
    steady_end = signal_end;
  if (steady_begin > projector->padded)
    steady_begin = projector->padded;
  if (steady_end < steady_begin)
    steady_end = steady_begin;
  projector->head_end = steady_begin;
  projector->steady_end = steady_end;

  projector->head = malloc (sizeof (float) * (steady_begin + 1));
  projector->periodic = malloc (sizeof (float) * (size_t) hop);
  projector->tail = malloc (sizeof (float) * (projector->padded - steady_end + 1));
  if (projector->head == NULL || projector->periodic == NULL || projector->tail == NULL)
    return SM_ERROR_NOMEM;
  for (size_t p = 0; p < steady_begin; p++)
    projector->head[p] = gain_at (projector, p);
  for (int r = 0; r < hop; r++)
    projector->periodic[r] = (float) (1.0 / (n * _sm_stft_periodic_energy (stft, r)));
  for (size_t p = steady_end; p < projector->padded; p++)
    projector->tail[p - steady_end] = gain_at (projector, p);
  return SM_OK;
}

static SmStatus
alloc_workers (SmStftProjector *projector)
{
  const SmStft *stft = projector->stft;
  const int n_workers = projector->n_workers;
  size_t chunk_samples = (projector->chunk - 1) * (size_t) stft->params.hop
                         + (size_t) stft->params.n_fft;

  projector->signal = calloc ((size_t) n_workers, sizeof (float *));
  projector->real = calloc ((size_t) n_workers, sizeof (float *));
  projector->spectrum = calloc ((size_t) n_workers, sizeof (fftwf_complex *));
  if (projector->signal == NULL || projector->real == NULL || projector->spectrum == NULL)
    return SM_ERROR_NOMEM;
  for (int i = 0; i < n_workers; i++)
    {
      projector->signal[i] = malloc (sizeof (float) * chunk_samples);
      projector->real[i] = fftwf_malloc (sizeof (float) * (size_t) stft->params.n_fft);
      projector->spectrum[i] = fftwf_malloc (sizeof (fftwf_complex) * (size_t) stft->n_bins);
      if (projector->signal[i] == NULL || projector->real[i] == NULL
          || projector->spectrum[i] == NULL)
        return SM_ERROR_NOMEM;
    }
  return SM_OK;
}

SmStftProjector *
_sm_stft_projector_new (SmStft      *stft,
                        size_t       n_samples,
                        const SmRun *run,
                        SmStatus    *status)
{
  SmStftProjector *projector;
  const size_t n = (size_t) stft->params.n_fft;
  const size_t hop = (size_t) stft->params.hop;
  SmStatus result = SM_ERROR_NOMEM;

  if (stft->params.pad == SM_PAD_REFLECT)
    {
      *status = SM_ERROR_UNSUPPORTED;
      return NULL;
    }
  projector = calloc (1, sizeof *projector);
  if (projector == NULL)
    goto error;
  projector->stft = stft;
  projector->n_samples = n_samples;
  projector->n_frames = sm_stft_n_frames (stft, n_samples);
  projector->padded = (projector->n_frames - 1) * hop + n;
  projector->halo = (n + hop - 1) / hop - 1;
  projector->chunk = CHUNK_FRAMES > projector->halo ? CHUNK_FRAMES : projector->halo;
  projector->n_chunks = (projector->n_frames + projector->chunk - 1) / projector->chunk;
  projector->n_workers = _sm_parallel_workers (run, projector->n_frames, 1);
  projector->halo_rows = malloc (sizeof (float _Complex) * projector->n_chunks
                                 * 2 * projector->halo * (size_t) stft->n_bins + 1);
  if (projector->halo_rows == NULL)
    goto error;
  result = fill_gains (projector);
  if (result == SM_OK)
    result = alloc_workers (projector);
  if (result != SM_OK)
    goto error;
  *status = SM_OK;
  return projector;

error:
  _sm_stft_projector_free (&projector);
  *status = result;
  return NULL;
}

void
_sm_stft_projector_free (SmStftProjector **projector)
{
  SmStftProjector *p;

  if (projector == NULL || *projector == NULL)
    return;
  p = *projector;
  for (int i = 0; i < p->n_workers; i++)
    {
      if (p->signal != NULL)
        free (p->signal[i]);
      if (p->real != NULL)
        fftwf_free (p->real[i]);
      if (p->spectrum != NULL)
        fftwf_free (p->spectrum[i]);
    }
  free (p->signal);
  free (p->real);
  free (p->spectrum);
  free (p->head);
  free (p->periodic);
  free (p->tail);
  free (p->halo_rows);
  free (p);
  *projector = NULL;
}

/* Row @frame as chunk [@a, @b) must see it: its own, or the copy made before any write. */
static const float _Complex *
input_row (const SmStftProjector *projector,
           size_t                 a,
           size_t                 b,
           size_t                 frame)
{
  const size_t n_bins = (size_t) projector->stft->n_bins;
  const size_t halo = projector->halo;
  size_t boundary;
  size_t offset;

  if (frame >= a && frame < b)
    return projector->spec->bins + frame * n_bins;
  boundary = frame < a ? a : b;
  offset = frame + halo - boundary;
  return projector->halo_rows + ((boundary / projector->chunk) * 2 * halo + offset) * n_bins;
}

/* Copies rows [kC - H, kC + H) for boundaries k in [@begin, @end). */
static int
save_halo_cb (size_t begin,
              size_t end,
              int    worker,
              void  *data)
{
  SmStftProjector *projector = data;
  const size_t n_bins = (size_t) projector->stft->n_bins;
  const size_t halo = projector->halo;

  for (size_t k = begin; k < end; k++)
    {
      size_t first = k * projector->chunk - halo;
      size_t last = k * projector->chunk + halo;

      if (k == 0)
        continue;
      if (last > projector->n_frames)
        last = projector->n_frames;
      memcpy (projector->halo_rows + k * 2 * halo * n_bins,
              projector->spec->bins + first * n_bins,
              sizeof (float _Complex) * (last - first) * n_bins);
    }
  return 0;
}

/* signal[from, to) = 0, in chunk-local samples. */
static void
zero_span (float  *signal,
           size_t *zeroed,
           size_t  to)
{
  if (to > *zeroed)
    {
      memset (signal + *zeroed, 0, sizeof (float) * (to - *zeroed));
      *zeroed = to;
    }
}

/* Adds window * real, placed at chunk-local sample @offset (negative: the frame starts
 * before the chunk), clipped to the chunk's @length samples. */
static SM_STFT_HOT void
add_frame (const SmStft *stft,
           const float  *real,
           float        *signal,
           long long     offset,
           size_t        length)
{
  int k0 = offset < 0 ? (int) -offset : 0;
  long long room = (long long) length - offset;
  int k1 = room < stft->params.n_fft ? (int) room : stft->params.n_fft;
  const float *w = stft->window + k0;
  const float *in = real + k0;
  float *out = signal + (offset + k0);

  for (int k = 0; k < k1 - k0; k++)
    out[k] += in[k] * w[k];
}

/* Multiplies padded samples [@from, @to) by their gain; @signal starts at padded @base. */
static SM_STFT_HOT void
apply_gain (const SmStftProjector *projector,
            float                 *signal,
            size_t                 base,
            size_t                 from,
            size_t                 to)
{
  const size_t hop = (size_t) projector->stft->params.hop;
  size_t steady_to = to < projector->steady_end ? to : projector->steady_end;
  size_t p = from;

  for (; p < to && p < projector->head_end; p++)
    signal[p - base] *= projector->head[p];
  while (p < steady_to)
    {
      size_t r = p % hop;
      size_t len = hop - r < steady_to - p ? hop - r : steady_to - p;
      float *x = signal + (p - base);
      const float *g = projector->periodic + r;

      for (size_t k = 0; k < len; k++)
        x[k] *= g[k];
      p += len;
    }
  for (; p < to; p++)
    signal[p - base] *= projector->tail[p - projector->steady_end];
}

static SM_STFT_HOT void
window_samples (const float *w,
                const float *x,
                float       *real,
                int          n)
{
  for (int k = 0; k < n; k++)
    real[k] = w[k] * x[k];
}

/* One chunk of output frames [a, b), as the file comment describes. */
static void
sweep_chunk (SmStftProjector *projector,
             size_t           chunk,
             int              worker)
{
  const SmStft *stft = projector->stft;
  const size_t n = (size_t) stft->params.n_fft;
  const size_t hop = (size_t) stft->params.hop;
  const size_t halo = projector->halo;
  const size_t a = chunk * projector->chunk;
  const size_t b = a + projector->chunk < projector->n_frames ? a + projector->chunk
                                                              : projector->n_frames;
  const size_t base = a * hop;
  const size_t length = (b - 1 - a) * hop + n;
  const size_t j_end = b + halo < projector->n_frames ? b + halo : projector->n_frames;
  float *signal = projector->signal[worker];
  float *real = projector->real[worker];
  fftwf_complex *spectrum = projector->spectrum[worker];
  size_t zeroed = 0;
  size_t normalised = base;
  size_t next = a;

  for (size_t j = a > halo ? a - halo : 0; j < j_end || next < b; j++)
    {
      if (j < j_end)
        {
          long long offset = (long long) (j * hop) - (long long) base;
          size_t reach = offset + (long long) n < (long long) length
                         ? (size_t) (offset + (long long) n) : length;

          /* c2r overwrites its input, and rows are not aligned for FFTW: copy. */
          memcpy (spectrum, input_row (projector, a, b, j),
                  sizeof (fftwf_complex) * (size_t) stft->n_bins);
          fftwf_execute_dft_c2r (stft->c2r, spectrum, real);
          zero_span (signal, &zeroed, reach);
          add_frame (stft, real, signal, offset, length);
        }
      /* Output frame t is complete once input frame t + H is in (or there are no more). */
      while (next < b && (next + halo <= j || j + 1 >= j_end))
        {
          size_t end = next * hop + n;

          apply_gain (projector, signal, base, normalised, end);
          normalised = end;
          window_samples (stft->window, signal + (next * hop - base), real, (int) n);
          fftwf_execute_dft_r2c (stft->r2c, real, spectrum);
          projector->func (next, spectrum, worker, projector->data);
          next++;
        }
    }
}

static int
sweep_cb (size_t begin,
          size_t end,
          int    worker,
          void  *data)
{
  for (size_t chunk = begin; chunk < end; chunk++)
    sweep_chunk (data, chunk, worker);
  return 0;
}

SmStatus
_sm_stft_project (SmStftProjector *projector,
                  SmSpectrogram   *spec,
                  SmStftFrameFunc  func,
                  void            *data,
                  int              n_threads)
{
  SmRun run = { n_threads, NULL, NULL };
  SmStatus status;

  if (projector == NULL || spec == NULL || func == NULL
      || spec->n_frames != projector->n_frames || spec->n_bins != projector->stft->n_bins
      || _sm_parallel_workers (&run, projector->n_frames, 1) > projector->n_workers)
    return SM_ERROR_BAD_ARG;
  projector->spec = spec;
  projector->func = func;
  projector->data = data;
  status = _sm_parallel_for (&run, projector->n_chunks, 1, save_halo_cb, projector, 0.0, 1.0);
  if (status == SM_OK)
    status = _sm_parallel_for (&run, projector->n_chunks, 1, sweep_cb, projector, 0.0, 1.0);
  projector->spec = NULL;
  return status;
}
