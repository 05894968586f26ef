/* sm-mask-db-sources.c: thresholds and ideal masks from level codes, over worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A code stands for a level, so decisions that compare two levels compare codes, and the
 * ratio mask, a function of the level difference only, comes from a table over the
 * 131071 possible differences: no logarithm or power per bin.
 */
#include "sm-mask-db-sources.h"

#include <math.h>
#include <stdlib.h>

#include "sm-mask-private.h"
#include "sm-parallel-private.h"

#define FRAMES_PER_BLOCK 64
/* The relative threshold re-sums 2 half_frames rows at the start of each block. */
#define FRAMES_PER_RELATIVE_BLOCK 512

static SmStatus
check_shapes (const SmMask     *out,
              const SmDbLevels *a,
              const SmDbLevels *b)
{
  if (!_sm_mask_is_valid (out) || a == NULL || a->codes == NULL || b == NULL || b->codes == NULL)
    return SM_ERROR_BAD_ARG;
  if (a->n_frames != out->n_frames || a->n_bins != out->n_bins
      || b->n_frames != out->n_frames || b->n_bins != out->n_bins)
    return SM_ERROR_MISMATCH;
  return SM_OK;
}

typedef struct
{
  SmMask         *out;
  const uint16_t *target;
  const uint16_t *other;          /* interferer; unused by the thresholds */
  double          lc_steps;       /* IBM: criterion in codes */
  int             lc_finite_top;  /* IBM: lc_db < +inf, so a lone target wins */
  double          floor_code;     /* IBM floor, threshold: keep codes above this */
  const SmMaskLevel *ratio;       /* IRM: mask level by code difference + 65535 */
  const double   *power;          /* relative threshold: power by code */
  double          gain;
  size_t          half_frames;
  size_t          half_bins;
  double        **scratch;        /* relative threshold: per worker */
} Job;

static int
ibm_block (size_t begin,
           size_t end,
           int    worker,
           void  *data)
{
  Job *job = data;
  const size_t n_bins = (size_t) job->out->n_bins;

  for (size_t i = begin * n_bins; i < end * n_bins; i++)
    {
      int t = job->target[i], v = job->other[i];
      int wins;

      if (t == 0)
        wins = 0;
      else if (v == 0)
        wins = job->lc_finite_top;
      else
        wins = (double) (t - v) > job->lc_steps;
      job->out->levels[i] = wins && (double) t > job->floor_code ? SM_MASK_LEVEL_MAX : 0;
    }
  return 0;
}

SmStatus
sm_mask_ibm_db (SmMask           *out,
                const SmDbLevels *target,
                const SmDbLevels *interferer,
                double            lc_db,
                double            floor_db,
                const SmRun      *run)
{
  SmStatus status = check_shapes (out, target, interferer);
  Job job = { 0 };

  if (status != SM_OK)
    return status;
  if (isnan (lc_db) || isnan (floor_db))
    return SM_ERROR_BAD_ARG;

  job.out = out;
  job.target = target->codes;
  job.other = interferer->codes;
  job.lc_steps = lc_db * SM_DB_STEPS;
  job.lc_finite_top = lc_db < (double) INFINITY;
  job.floor_code = 0.0;
  if (floor_db >= 0.0 && isfinite (floor_db))
    {
      const size_t n = _sm_mask_n_values (out);
      uint16_t peak = 0;

      for (size_t i = 0; i < n; i++)
        peak = target->codes[i] > peak ? target->codes[i] : peak;
      job.floor_code = peak - floor_db * SM_DB_STEPS;
    }
  return _sm_parallel_for (run, out->n_frames, FRAMES_PER_BLOCK, ibm_block, &job, 0.0, 1.0);
}

static int
irm_block (size_t begin,
           size_t end,
           int    worker,
           void  *data)
{
  Job *job = data;
  const size_t n_bins = (size_t) job->out->n_bins;

  for (size_t i = begin * n_bins; i < end * n_bins; i++)
    {
      int t = job->target[i], v = job->other[i];

      job->out->levels[i] = t == 0 ? 0 : v == 0 ? SM_MASK_LEVEL_MAX : job->ratio[t - v + 65535];
    }
  return 0;
}

SmStatus
sm_mask_irm_db (SmMask           *out,
                const SmDbLevels *target,
                const SmDbLevels *interferer,
                double            exponent,
                const SmRun      *run)
{
  SmStatus status = check_shapes (out, target, interferer);
  Job job = { 0 };
  SmMaskLevel *ratio;

  if (status != SM_OK)
    return status;
  if (!(exponent > 0.0) || !isfinite (exponent))
    return SM_ERROR_BAD_ARG;

  /* |T|^2 / (|T|^2 + |I|^2) = 1 / (1 + 10^(-d / 10)) for a level difference of d dB. */
  ratio = malloc (sizeof (SmMaskLevel) * (2 * 65535 + 1));
  if (ratio == NULL)
    return SM_ERROR_NOMEM;
  for (int d = -65535; d <= 65535; d++)
    {
      double r = 1.0 / (1.0 + pow (10.0, -d / SM_DB_STEPS / 10.0));

      ratio[d + 65535] = sm_mask_level_of ((float) (exponent == 1.0 ? r : pow (r, exponent)));
    }
  job.out = out;
  job.target = target->codes;
  job.other = interferer->codes;
  job.ratio = ratio;
  status = _sm_parallel_for (run, out->n_frames, FRAMES_PER_BLOCK, irm_block, &job, 0.0, 1.0);
  free (ratio);
  return status;
}

static int
absolute_block (size_t begin,
                size_t end,
                int    worker,
                void  *data)
{
  Job *job = data;
  const size_t n_bins = (size_t) job->out->n_bins;

  for (size_t i = begin * n_bins; i < end * n_bins; i++)
    {
      uint16_t code = job->target[i];

      job->out->levels[i] = code > 0 && (double) code > job->floor_code ? SM_MASK_LEVEL_MAX : 0;
    }
  return 0;
}

/* out[i] = the sum of x over [i - h, i + h] clipped to [0, n), adding only: with blocks of
 * w = 2h + 1 values, @head runs from each block's start and @tail to its end, and a window
 * is the tail of one block plus the head of the next, or lies at a clipped end where one
 * of them is the whole sum. (A running sum that subtracts what leaves the window would
 * lose a quiet bin's power next to a loud one.) */
static void
box_sums (const double *x,
          size_t        n,
          size_t        h,
          double       *head,
          double       *tail,
          double       *out)
{
  const size_t w = 2 * h + 1;

  for (size_t start = 0; start < n; start += w)
    {
      size_t end = start + w < n ? start + w : n;

      head[start] = x[start];
      for (size_t i = start + 1; i < end; i++)
        head[i] = head[i - 1] + x[i];
      tail[end - 1] = x[end - 1];
      for (size_t i = end - 1; i-- > start;)
        tail[i] = tail[i + 1] + x[i];
    }
  for (size_t i = 0; i < n; i++)
    {
      size_t a = i > h ? i - h : 0;
      size_t b = i + h < n ? i + h : n - 1;

      if (a / w != b / w)
        out[i] = tail[a] + head[b];
      else if (a % w == 0)
        out[i] = head[b];
      else
        out[i] = tail[a];
    }
}

static size_t
window_length (size_t i,
               size_t n,
               size_t h)
{
  size_t a = i > h ? i - h : 0;
  size_t b = i + h < n ? i + h : n - 1;

  return b - a + 1;
}

/* Each worker keeps the frequency sums of the 2 half_frames + 1 rows around the current
 * frame in a ring, and adds them up for each frame. */
static int
relative_block (size_t begin,
                size_t end,
                int    worker,
                void  *data)
{
  Job *job = data;
  const size_t n_frames = job->out->n_frames, n_bins = (size_t) job->out->n_bins;
  const size_t ht = job->half_frames, hb = job->half_bins, w = 2 * ht + 1;
  double *ring = job->scratch[worker];
  double *x = ring + w * n_bins, *head = x + n_bins, *tail = head + n_bins, *acc = tail + n_bins;
  size_t next = begin > ht ? begin - ht : 0;

  for (size_t t = begin; t < end; t++)
    {
      size_t a = t > ht ? t - ht : 0;
      size_t b = t + ht < n_frames ? t + ht : n_frames - 1;
      double count_t = (double) (b - a + 1);
      const uint16_t *codes = job->target + t * n_bins;
      SmMaskLevel *levels = job->out->levels + t * n_bins;

      for (; next <= b; next++)
        {
          for (size_t f = 0; f < n_bins; f++)
            x[f] = job->power[job->target[next * n_bins + f]];
          box_sums (x, n_bins, hb, head, tail, ring + (next % w) * n_bins);
        }
      for (size_t f = 0; f < n_bins; f++)
        acc[f] = 0.0;
      for (size_t r = a; r <= b; r++)
        {
          const double *row = ring + (r % w) * n_bins;

          for (size_t f = 0; f < n_bins; f++)
            acc[f] += row[f];
        }
      for (size_t f = 0; f < n_bins; f++)
        {
          double p = job->power[codes[f]];
          double mean = acc[f] / (count_t * (double) window_length (f, n_bins, hb));

          levels[f] = p > 0.0 && p > mean * job->gain ? SM_MASK_LEVEL_MAX : 0;
        }
    }
  return 0;
}

static SmStatus
threshold_relative (Job         *job,
                    const SmRun *run)
{
  const size_t n_frames = job->out->n_frames, n_bins = (size_t) job->out->n_bins;
  int n_workers = _sm_parallel_workers (run, n_frames, FRAMES_PER_RELATIVE_BLOCK);
  double *power = malloc (65536 * sizeof (double));
  SmStatus status = SM_OK;

  /* A window wider than the array covers all of it. */
  if (job->half_frames > n_frames - 1)
    job->half_frames = n_frames - 1;
  if (job->half_bins > n_bins - 1)
    job->half_bins = n_bins - 1;

  job->scratch = calloc ((size_t) n_workers, sizeof (double *));
  if (power == NULL || job->scratch == NULL)
    status = SM_ERROR_NOMEM;
  for (int i = 0; i < n_workers && status == SM_OK; i++)
    {
      job->scratch[i] = malloc ((2 * job->half_frames + 5) * n_bins * sizeof (double));
      if (job->scratch[i] == NULL)
        status = SM_ERROR_NOMEM;
    }
  if (status == SM_OK)
    {
      /* Powers relative to full scale; code 0 is silence. */
      power[0] = 0.0;
      for (int c = 1; c < 65536; c++)
        power[c] = pow (10.0, sm_db_from_code ((uint16_t) c) / 10.0);
      job->power = power;
      status = _sm_parallel_for (run, n_frames, FRAMES_PER_RELATIVE_BLOCK, relative_block, job,
                                 0.0, 1.0);
    }

  for (int i = 0; job->scratch != NULL && i < n_workers; i++)
    free (job->scratch[i]);
  free (job->scratch);
  free (power);
  return status;
}

SmStatus
sm_mask_threshold_db (SmMask           *out,
                      const SmDbLevels *mix,
                      double            threshold_db,
                      SmThresholdMode   mode,
                      int               half_frames,
                      int               half_bins,
                      const SmRun      *run)
{
  SmStatus status = check_shapes (out, mix, mix);
  Job job = { 0 };

  if (status != SM_OK)
    return status;
  if (isnan (threshold_db) || half_frames < 0 || half_bins < 0)
    return SM_ERROR_BAD_ARG;

  job.out = out;
  job.target = mix->codes;
  if (mode == SM_THRESHOLD_RELATIVE)
    {
      job.gain = pow (10.0, threshold_db / 10.0);
      job.half_frames = (size_t) half_frames;
      job.half_bins = (size_t) half_bins;
      return threshold_relative (&job, run);
    }
  if (mode != SM_THRESHOLD_ABSOLUTE)
    return SM_ERROR_BAD_ARG;
  job.floor_code = (threshold_db - SM_DB_FLOOR) * SM_DB_STEPS;
  return _sm_parallel_for (run, out->n_frames, FRAMES_PER_BLOCK, absolute_block, &job, 0.0, 1.0);
}
