/* sm-pghi.c: masked phase-gradient heap integration (PGHI).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prusa, Balazs and Sondergaard (2017): for the Gaussian window g(t) = exp(-pi t^2 / lambda),
 * log|V| and the phase of the STFT are the real and imaginary parts of one analytic function,
 * so the phase gradient follows from the log-magnitude. Other windows are treated as the
 * Gaussian that fits them best (sm_phase_pghi_lambda()).
 *
 * Our STFT has its phase reference at the start of each frame: with the window centred on
 * sample N/2 of the frame, X[t, f] = (-1)^f V(tau_t, f / N), where V is the STFT whose
 * phase is referred to the window centre tau_t = t hop + const. For that V the Cauchy-Riemann
 * equations give, with x in samples and w in cycles per sample,
 *   d phi / d x = 2 pi w + (1 / lambda) d log|V| / d w
 *   d phi / d w = -lambda d log|V| / d x
 * so, per frame and per bin of our grid (d/df and d/dt are differences in bins and frames),
 *   time advance    2 pi hop f / N + (hop N / lambda) d log S / d f
 *   frequency step  pi - (lambda / (N hop)) d log S / d t
 * The pi is the (-1)^f of the frame-start reference; the first term of the time advance is
 * the frame start moving by hop samples.
 *
 * The integration visits bins loudest first from a max-heap that starts with the reliable
 * bins, stepping to each free 4-neighbour with the trapezoidal rule. Free regions no
 * reliable bin reaches start from their loudest bin with phase 0.
 */
#include "sm-phase.h"

#include <math.h>
#include <stdlib.h>

#include "sm-parallel-private.h"
#include "sm-phase-private.h"

/* log S is floored 100 dB below the loudest bin, as LTFAT floors it about 11 nepers down,
 * so silent bins do not turn the gradient of their neighbours into noise. */
#define LOG_FLOOR 1e-5
/* Bins integrated between two cancellation checks. */
#define CHECK_EVERY 65536

enum
{
  BIN_FREE,      /* waits for a phase */
  BIN_DONE,      /* known or integrated: may seed its neighbours */
  BIN_QUIET      /* below the tolerance: random phase, never integrated */
};

double
sm_phase_pghi_lambda (SmWindowType window,
                      int          n_fft)
{
  double factor;

  if (n_fft < 1)
    return 0.0;
  /* LTFAT/phaseret's table (phaseret_firwin2gamma), in units of N^2. */
  switch (window)
    {
    case SM_WINDOW_HANN:
      factor = 0.25645;
      break;
    case SM_WINDOW_SQRT_HANN:
      factor = 0.41532;
      break;
    case SM_WINDOW_HAMMING:
      factor = 0.29794;
      break;
    case SM_WINDOW_BLACKMAN:
      factor = 0.17954;
      break;
    case SM_WINDOW_BLACKMAN_HARRIS:
      factor = 0.12807;   /* LTFAT's 4-term Nuttall, the closest window in the table */
      break;
    case SM_WINDOW_RECTANGULAR:
      factor = 0.85732;
      break;
    case SM_N_WINDOWS:
    default:
      return 0.0;
    }
  return factor * (double) n_fft * (double) n_fft;
}

/* A binary max-heap of bin indices keyed by S. */
typedef struct
{
  uint32_t    *items;
  size_t       len;
  const float *key;
} Heap;

static void
heap_sift_down (Heap   *heap,
                size_t  i)
{
  uint32_t item = heap->items[i];
  float key = heap->key[item];

  for (;;)
    {
      size_t child = 2 * i + 1;

      if (child >= heap->len)
        break;
      if (child + 1 < heap->len && heap->key[heap->items[child + 1]] > heap->key[heap->items[child]])
        child++;
      if (heap->key[heap->items[child]] <= key)
        break;
      heap->items[i] = heap->items[child];
      i = child;
    }
  heap->items[i] = item;
}

static void
heap_push (Heap     *heap,
           uint32_t  item)
{
  size_t i = heap->len++;
  float key = heap->key[item];

  while (i > 0 && heap->key[heap->items[(i - 1) / 2]] < key)
    {
      heap->items[i] = heap->items[(i - 1) / 2];
      i = (i - 1) / 2;
    }
  heap->items[i] = item;
}

static uint32_t
heap_pop (Heap *heap)
{
  uint32_t top = heap->items[0];

  heap->items[0] = heap->items[--heap->len];
  if (heap->len > 0)
    heap_sift_down (heap, 0);
  return top;
}

typedef struct
{
  const SmPghiInput *in;
  const float       *logs;
  unsigned char     *flags;
  float _Complex    *out;
  Heap               heap;
  double             t_shift;   /* 2 pi hop / N: the time advance per bin of frequency */
  double             t_scale;   /* hop N / lambda */
  double             f_scale;   /* lambda / (N hop) */
  float              quiet;     /* tolerance x max S */
} Integrator;

/* d log S / d f in bins. A real signal's magnitude is even about 0 Hz and about Nyquist,
 * so the slope there is zero. */
static double
dlog_df (const Integrator *it,
         size_t            i,
         int               f)
{
  if (f == 0 || f == it->in->n_bins - 1)
    return 0.0;
  return 0.5 * ((double) it->logs[i + 1] - it->logs[i - 1]);
}

/* d log S / d t in frames, one-sided at the first and last frame. */
static double
dlog_dt (const Integrator *it,
         size_t            i,
         size_t            t)
{
  size_t n_bins = (size_t) it->in->n_bins;
  size_t prev = t > 0 ? i - n_bins : i;
  size_t next = t + 1 < it->in->n_frames ? i + n_bins : i;
  double span = (double) ((next - prev) / n_bins);

  return span > 0.0 ? ((double) it->logs[next] - it->logs[prev]) / span : 0.0;
}

static double
time_advance (const Integrator *it,
              size_t            i,
              int               f)
{
  return it->t_shift * f + it->t_scale * dlog_df (it, i, f);
}

static double
freq_step (const Integrator *it,
           size_t            i,
           size_t            t)
{
  return M_PI - it->f_scale * dlog_dt (it, i, t);
}

static void
set_phase (Integrator *it,
           size_t      i,
           double      phase)
{
  double s = it->in->magnitude[i];

  it->out[i] = (float) (s * cos (phase)) + (float) (s * sin (phase)) * I;
  it->flags[i] = BIN_DONE;
  heap_push (&it->heap, (uint32_t) i);
}

/* Gives a phase to every free 4-neighbour of done bin @i. */
static void
spread_from (Integrator *it,
             size_t      i)
{
  const size_t n_bins = (size_t) it->in->n_bins;
  const size_t t = i / n_bins;
  const int f = (int) (i % n_bins);
  const double phase = cargf (it->out[i]);

  if (t + 1 < it->in->n_frames && it->flags[i + n_bins] == BIN_FREE)
    set_phase (it, i + n_bins, phase + 0.5 * (time_advance (it, i, f)
                                              + time_advance (it, i + n_bins, f)));
  if (t > 0 && it->flags[i - n_bins] == BIN_FREE)
    set_phase (it, i - n_bins, phase - 0.5 * (time_advance (it, i, f)
                                              + time_advance (it, i - n_bins, f)));
  if ((size_t) f + 1 < n_bins && it->flags[i + 1] == BIN_FREE)
    set_phase (it, i + 1, phase + 0.5 * (freq_step (it, i, t) + freq_step (it, i + 1, t)));
  if (f > 0 && it->flags[i - 1] == BIN_FREE)
    set_phase (it, i - 1, phase - 0.5 * (freq_step (it, i, t) + freq_step (it, i - 1, t)));
}

static int
has_free_neighbour (const Integrator *it,
                    size_t            i)
{
  const size_t n_bins = (size_t) it->in->n_bins;
  const size_t t = i / n_bins;
  const size_t f = i % n_bins;

  return (t + 1 < it->in->n_frames && it->flags[i + n_bins] == BIN_FREE)
         || (t > 0 && it->flags[i - n_bins] == BIN_FREE)
         || (f + 1 < n_bins && it->flags[i + 1] == BIN_FREE)
         || (f > 0 && it->flags[i - 1] == BIN_FREE);
}

/* A known bin that borders a free one and is loud enough for its phase to mean something. */
static int
is_seed (const Integrator *it,
         size_t            i)
{
  return it->in->fixed != NULL && it->in->fixed[i] && it->in->magnitude[i] > 0.0f
         && it->in->magnitude[i] >= it->quiet && has_free_neighbour (it, i);
}

/* Sorts the bins into known, free and quiet, gives the known and quiet ones their phase
 * and the log-magnitudes their floor. Returns the number of free bins. */
static size_t
classify (Integrator *it,
          float      *logs,
          size_t      n)
{
  const SmPghiInput *in = it->in;
  float peak = 0.0f;
  float floor_;
  size_t n_free = 0;

  for (size_t i = 0; i < n; i++)
    peak = fmaxf (peak, in->magnitude[i]);
  floor_ = (float) (peak * LOG_FLOOR);
  it->quiet = (float) (peak * in->tolerance);

  for (size_t i = 0; i < n; i++)
    {
      float s = in->magnitude[i];

      logs[i] = logf (fmaxf (s, floor_ > 0.0f ? floor_ : 1e-30f));
      if (in->fixed != NULL && in->fixed[i])
        {
          it->out[i] = in->known[i];
          it->flags[i] = BIN_DONE;
        }
      else if (!(s > 0.0f) || s < it->quiet)
        {
          double phase = _sm_phase_random (in->seed, i);

          it->out[i] = (float) (s * cos (phase)) + (float) (s * sin (phase)) * I;
          it->flags[i] = BIN_QUIET;
        }
      else
        {
          it->flags[i] = BIN_FREE;
          n_free++;
        }
    }
  return n_free;
}

SmStatus
_sm_pghi (const SmPghiInput *in,
          float _Complex    *out,
          const SmRun       *run)
{
  const size_t n = in->n_frames * (size_t) in->n_bins;
  Integrator it = { 0 };
  Heap loudest = { 0 };    /* every free bin, for regions no known bin reaches */
  float *logs = NULL;
  size_t n_free;
  size_t n_seeds = 0;
  size_t n_visited = 0;
  SmStatus status = SM_OK;

  if (n > UINT32_MAX)
    return SM_ERROR_UNSUPPORTED;

  it.in = in;
  it.out = out;
  it.t_shift = 2.0 * M_PI * in->hop / in->n_fft;
  it.t_scale = (double) in->hop * in->n_fft / in->lambda;
  it.f_scale = in->lambda / ((double) in->n_fft * in->hop);
  logs = malloc (sizeof (float) * n);
  it.flags = malloc (n);
  if (logs == NULL || it.flags == NULL)
    goto nomem;
  it.logs = logs;

  n_free = classify (&it, logs, n);
  if (n_free == 0)
    goto out;

  /* Each bin enters the heap at most once: as a seed, or when it gets its phase. */
  for (size_t i = 0; i < n; i++)
    n_seeds += is_seed (&it, i);
  it.heap.key = in->magnitude;
  it.heap.items = malloc (sizeof (uint32_t) * (n_seeds + n_free));
  if (it.heap.items == NULL)
    goto nomem;
  for (size_t i = 0; i < n; i++)
    if (is_seed (&it, i))
      it.heap.items[it.heap.len++] = (uint32_t) i;
  for (size_t i = it.heap.len / 2; i-- > 0;)
    heap_sift_down (&it.heap, i);

  for (;;)
    {
      while (it.heap.len > 0)
        {
          spread_from (&it, heap_pop (&it.heap));
          if (++n_visited % CHECK_EVERY == 0 && _sm_run_report (run, 0.0))
            {
              status = SM_ERROR_CANCELLED;
              goto out;
            }
        }

      /* Nothing left to spread from: start the loudest free bin left at phase 0. */
      if (loudest.items == NULL)
        {
          loudest.key = in->magnitude;
          loudest.items = malloc (sizeof (uint32_t) * n_free);
          if (loudest.items == NULL)
            goto nomem;
          for (size_t i = 0; i < n; i++)
            if (it.flags[i] == BIN_FREE)
              loudest.items[loudest.len++] = (uint32_t) i;
          for (size_t i = loudest.len / 2; i-- > 0;)
            heap_sift_down (&loudest, i);
        }
      while (loudest.len > 0 && it.flags[loudest.items[0]] != BIN_FREE)
        heap_pop (&loudest);
      if (loudest.len == 0)
        break;
      set_phase (&it, heap_pop (&loudest), 0.0);
    }
  goto out;

nomem:
  status = SM_ERROR_NOMEM;
out:
  free (loudest.items);
  free (it.heap.items);
  free (it.flags);
  free (logs);
  return status;
}
