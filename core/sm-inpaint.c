/* sm-inpaint.c: the two-source NMF model behind refine and fill: the data, the
 * dictionaries and the choice of the confidence (the fits are in sm-inpaint-fit.c, names
 * and defaults in sm-inpaint-params.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-inpaint.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-inpaint-private.h"
#include "sm-parallel-private.h"

/* The automatic confidence (sm-inpaint.h): e = min (MASK_ERROR_SCALE r, MAX_AUTO_E) for a
 * mask error r; the scale, and the hole-share range over which fill moves towards e = 1,
 * were chosen by measurement on the cases of bench/quality (BENCHMARKS.md). The share of
 * sure bins a rough mask contradicts is far below its true error rate (the bins it gets
 * wrong are mostly those where the sources are close), hence a scale well above 2. */
#define MASK_ERROR_SCALE 10.0
#define MAX_AUTO_E 0.7
#define REPAIR_SHARE_BELOW 0.04
#define SEPARATION_SHARE_ABOVE 0.07
#define REPAIR_COVERAGE_BELOW 0.25
#define SEPARATION_COVERAGE_ABOVE 0.5
/* The mask's detail (mask_detail()): runs of at most DETAIL_RUN bins count as detail; a
 * mask with less than COARSE_DETAIL_BELOW of the mix's energy in such runs is coarse, one
 * with more than PRECISE_DETAIL_ABOVE precise (the IBMs of bench/quality hold 12-39 %, their
 * 8 x 8 block versions 0 %). A coarse mask gets at least COARSE_E: the confidence at which
 * the self-learned model gained the most without losing on any case (BENCHMARKS.md). */
#define DETAIL_RUN 4
#define COARSE_DETAIL_BELOW 0.02
#define PRECISE_DETAIL_ABOVE 0.08
#define COARSE_E 0.6

/* The model's data from a spectrogram: |X|, or |X|^2 for beta < 1 (Itakura-Saito belongs
 * on power), as a new T x F array; @peak gets its maximum. */
static float *
model_data (const SmSpectrogram *spec,
            int                  power,
            double              *peak)
{
  size_t n = spec->n_frames * (size_t) spec->n_bins;
  float *v = malloc (sizeof (float) * (n ? n : 1));

  *peak = 0.0;
  for (size_t i = 0; v != NULL && i < n; i++)
    {
      float a = cabsf (spec->bins[i]);

      v[i] = power == 2 ? a * a : a;
      *peak = fmax (*peak, v[i]);
    }
  return v;
}

/* Training speech has pauses; frames far below the loudest say nothing about the voice and
 * would spend components on silence. Keeps frames within 40 dB of the loudest. */
static size_t
keep_loud_frames (float  *v,
                  size_t  n_frames,
                  int     n_bins,
                  int     power)
{
  double *energy = malloc (sizeof (double) * (n_frames ? n_frames : 1));
  double loudest = 0.0;
  size_t kept = 0;

  if (energy == NULL)
    return n_frames;
  for (size_t t = 0; t < n_frames; t++)
    {
      energy[t] = 0.0;
      for (int f = 0; f < n_bins; f++)
        {
          double x = v[t * n_bins + f];

          energy[t] += power == 2 ? x : x * x;
        }
      loudest = fmax (loudest, energy[t]);
    }
  for (size_t t = 0; t < n_frames; t++)
    if (energy[t] > loudest * 1e-4)
      {
        memmove (v + kept * n_bins, v + t * n_bins, sizeof (float) * (size_t) n_bins);
        kept++;
      }
  free (energy);
  return kept;
}

/* Progress of one fit inside the whole model's range. */
typedef struct
{
  const SmRun *outer;
  double       from;
  double       span;
} Stage;

static int
stage_cb (double fraction,
          void  *data)
{
  Stage *stage = data;

  return _sm_run_report (stage->outer, stage->from + fraction * stage->span);
}

/* Wt trained on the reference (training speech or the target), K x F, rows summing to 1. */
static SmStatus
reference_dictionary (const SmInpaintParams *params,
                      const SmSpectrogram   *reference,
                      int                    n_bins,
                      int                    power,
                      float                 *wt,
                      SmInpaintReport       *report,
                      const SmRun           *run,
                      SmError               *error)
{
  const int k = params->n_components;
  Stage stage = { run, 0.0, 0.2 };
  SmRun sub = { run ? run->n_threads : 0, stage_cb, &stage };
  SmNmfData data = { 0, n_bins, NULL, NULL };
  SmNmfParams nmf;
  double peak;
  float *v, *h = NULL;
  SmStatus status;

  if (reference == NULL || reference->n_bins != n_bins)
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "the %s dictionary needs %s analysed on the mix's grid",
                         sm_dictionary_name (params->dictionary),
                         params->dictionary == SM_DICTIONARY_TRAIN ? "training speech"
                                                                   : "the target");
  v = model_data (reference, power, &peak);
  if (v == NULL)
    return sm_error_set (error, SM_ERROR_NOMEM, "out of memory");
  data.v = v;
  data.n_frames = params->dictionary == SM_DICTIONARY_TRAIN
                  ? keep_loud_frames (v, reference->n_frames, n_bins, power)
                  : reference->n_frames;
  if (data.n_frames == 0 || !(peak > 0.0))
    {
      free (v);
      return sm_error_set (error, SM_ERROR_BAD_ARG, "the %s is silent",
                           params->dictionary == SM_DICTIONARY_TRAIN ? "training speech"
                                                                     : "target");
    }

  sm_nmf_params_init (&nmf, k, params->beta);
  nmf.max_iterations = params->nmf_iterations;
  nmf.seed = params->seed;
  nmf.on_iteration = params->on_nmf_iteration;
  nmf.iteration_data = params->iteration_data;
  h = malloc (sizeof (float) * data.n_frames * (size_t) k);
  status = h == NULL ? sm_error_set (error, SM_ERROR_NOMEM, "out of memory")
                     : sm_nmf_fit (&data, &nmf, wt, h,
                                   report ? &report->target_dictionary : NULL, &sub, error);
  free (h);
  free (v);
  return status;
}

/* The posterior gain (sm-inpaint.h): refine on every bin with p = (1 - e) M + e / 2;
 * fill in the holes with p = e / 2. Where neither model has energy, refine keeps the
 * mask and fill leaves the hole empty. */
static void
posterior (SmInpaintMode  mode,
           double         e,
           size_t         n,
           const float   *mask,
           const float   *vt,
           const float   *vi,
           float         *gain)
{
  for (size_t i = 0; i < n; i++)
    {
      double m = mask[i];
      double p = mode == SM_INPAINT_REFINE ? (1.0 - e) * m + e / 2.0 : e / 2.0;
      double num = p * fmax (vt[i], 0.0f);
      double den = num + (1.0 - p) * fmax (vi[i], 0.0f);

      gain[i] = den > 0.0 ? (float) fmin (num / den, 1.0) : mode == SM_INPAINT_REFINE
                                                            ? mask[i] : 0.0f;
    }
}

void
_sm_joint_mask_stats (const float  *v,
                      const float  *vt,
                      const float  *vi,
                      const SmMask *mask,
                      int           power,
                      double       *mask_error,
                      double       *hole_share)
{
  const size_t n = mask->n_frames * (size_t) mask->n_bins;
  const double sure = pow (SM_INPAINT_SURE_RATIO, power);
  double sure_energy = 0.0, contradicted = 0.0, kept_model = 0.0, kept_interferer = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      double t = fmax (vt[i], 0.0f), e = fmax (vi[i], 0.0f);
      int kept = mask->levels[i] >= SM_MASK_LEVEL_KEPT;
      /* |X|^2 whether V holds magnitudes or powers. */
      double energy = power == 2 ? v[i] : (double) v[i] * v[i];

      if (t + e > 0.0 && (t >= sure * e || e >= sure * t))
        {
          sure_energy += energy;
          if ((t > e) != kept)
            contradicted += energy;
        }
      if (kept)
        {
          kept_model += t + e;
          kept_interferer += e;
        }
    }
  *mask_error = sure_energy > 0.0 ? contradicted / sure_energy : NAN;
  *hole_share = kept_model > 0.0 ? kept_interferer / kept_model : NAN;
}

/* The share of the mix's energy (|X|^2) in bins whose mask value (kept or not) holds for at
 * most DETAIL_RUN bins along frequency. A mask computed from the signals (an ideal mask, a
 * threshold) changes every few bins, following harmonics; one painted with a brush, or
 * voted over blocks, keeps its value for as long as the brush is wide, so it cannot be right
 * between the harmonics it covers. NaN when the mix is silent. */
static double
mask_detail (const float  *v,
             const SmMask *mask,
             int           power)
{
  double total = 0.0, detail = 0.0;

  for (size_t t = 0; t < mask->n_frames; t++)
    {
      const SmMaskLevel *m = mask->levels + t * (size_t) mask->n_bins;
      const float *vt = v + t * (size_t) mask->n_bins;
      int start = 0;

      for (int f = 1; f <= mask->n_bins; f++)
        {
          double run_energy = 0.0;

          if (f < mask->n_bins
              && (m[f] >= SM_MASK_LEVEL_KEPT) == (m[start] >= SM_MASK_LEVEL_KEPT))
            continue;
          for (int g = start; g < f; g++)
            run_energy += power == 2 ? vt[g] : (double) vt[g] * vt[g];
          total += run_energy;
          if (f - start <= DETAIL_RUN)
            detail += run_energy;
          start = f;
        }
    }
  return total > 0.0 ? detail / total : NAN;
}

/* The share of frames with at least one hole. */
static double
hole_coverage (const SmMask *mask)
{
  size_t with_holes = 0;

  for (size_t t = 0; t < mask->n_frames; t++)
    for (int f = 0; f < mask->n_bins; f++)
      if (mask->levels[t * (size_t) mask->n_bins + (size_t) f] < SM_MASK_LEVEL_KEPT)
        {
          with_holes++;
          break;
        }
  return (double) with_holes / (double) mask->n_frames;
}

/* 1 at or below @one_below, 0 at or above @zero_above, linear between; 1 for NaN. */
static double
ramp (double x,
      double one_below,
      double zero_above)
{
  return isnan (x) ? 1.0 : fmin (fmax ((zero_above - x) / (zero_above - one_below), 0.0), 1.0);
}

/* fill's automatic confidence (sm-inpaint.h): refine's, raised to 1 as far as either the
 * holes' content sounds nowhere else (a small hole share) or the holes are local in time
 * (few frames have one): then they are damage to rebuild, not another source's bins. */
static double
fill_confidence (double refine_e,
                 double hole_share,
                 double coverage)
{
  double damage = fmax (ramp (hole_share, REPAIR_SHARE_BELOW, SEPARATION_SHARE_ABOVE),
                        ramp (coverage, REPAIR_COVERAGE_BELOW, SEPARATION_COVERAGE_ABOVE));

  return damage + (1.0 - damage) * refine_e;
}

SmStatus
sm_inpaint_model (const SmInpaintParams *params,
                  const SmSpectrogram   *mix,
                  const SmMask          *mask,
                  const SmSpectrogram   *reference,
                  float                 *gain,
                  SmInpaintReport       *report,
                  const SmRun           *run,
                  SmError               *error)
{
  const size_t n_frames = mix->n_frames;
  const int n_bins = mix->n_bins;
  const size_t n = n_frames * (size_t) n_bins;
  const int k = params->n_components;
  const int power = params->beta < 1.0 ? 2 : 1;
  const int self = params->dictionary == SM_DICTIONARY_SELF;
  const int fill = params->mode == SM_INPAINT_FILL;
  const int automatic = params->confidence_e < 0.0;
  double e = params->confidence_e, peak = 0.0, kept = 0.0;
  double mask_error = NAN, hole_share = NAN, detail = NAN, coverage = hole_coverage (mask);
  float *v = NULL, *wt = NULL, *wi = NULL, *ht = NULL, *hi = NULL, *vt = NULL, *vi = NULL;
  float *values = NULL;
  SmJointFit fit;
  SmStatus status = SM_OK;

  if (mask->n_frames != n_frames || mask->n_bins != n_bins)
    return sm_error_set (error, SM_ERROR_MISMATCH, "the mask does not fit the spectrogram");
  if (k < 1 || k > 1024 || !((e >= 0.0 && e <= 1.0) || e == SM_INPAINT_CONFIDENCE_AUTO)
      || params->nmf_iterations < 1 || !(params->beta >= 0.0 && params->beta <= 2.0)
      || (params->mode != SM_INPAINT_FILL && params->mode != SM_INPAINT_REFINE))
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "inpainting needs mode fill or refine, 1-1024 components, at least "
                         "one iteration, beta in [0, 2] and a confidence in [0, 1] or auto");
  if (report != NULL)
    {
      report->confidence_e = fmax (e, 0.0);
      report->mask_error = report->hole_share = report->mask_detail = NAN;
      report->hole_coverage = coverage;
    }

  /* e = 0 trusts the mask completely: plain masking, exactly, without fitting anything
   * (fill's gain only counts in the holes). A mask that keeps everything (or, without a
   * reference, nothing) leaves nothing to refine or fill, or nothing to learn from. */
  values = sm_mask_values (mask, 0, n_frames);
  if (values == NULL)
    return sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the mask's values");
  for (size_t i = 0; i < n; i++)
    kept += values[i];
  if (e == 0.0 || kept >= (double) n || (kept <= 0.0 && self))
    goto trust_the_mask;

  v = model_data (mix, power, &peak);
  wt = malloc (sizeof (float) * (size_t) k * (size_t) n_bins);
  wi = malloc (sizeof (float) * (size_t) k * (size_t) n_bins);
  ht = malloc (sizeof (float) * n_frames * (size_t) k);
  hi = malloc (sizeof (float) * n_frames * (size_t) k);
  vt = malloc (sizeof (float) * n);
  vi = malloc (sizeof (float) * n);
  if (v == NULL || wt == NULL || wi == NULL || ht == NULL || hi == NULL || vt == NULL
      || vi == NULL)
    {
      status = sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the NMF model");
      goto out;
    }
  if (!(peak > 0.0))
    goto trust_the_mask;
  /* The fits run on V / max (V): their floors and initial levels are relative anyway. */
  for (size_t i = 0; i < n; i++)
    v[i] = (float) (v[i] / peak);

  if (!self)
    {
      status = reference_dictionary (params, reference, n_bins, power, wt, report, run,
                                     error);
      if (status != SM_OK)
        goto out;
    }

  fit = (SmJointFit) {
    .n_frames = n_frames, .n_bins = n_bins, .v = v, .mask = values,
    .beta = params->beta, .data_weight = 0.5f, .prior_weight = 0.5f, .hole_weight = 1.0f,
    .max_iterations = params->nmf_iterations,
    .learn = SM_JOINT_WI | (self ? SM_JOINT_WT : 0u), .seed = params->seed,
    .kt = k, .ki = k, .wt = wt, .wi = wi, .ht = ht, .hi = hi,
    .on_iteration = params->on_nmf_iteration, .iteration_data = params->iteration_data,
  };

  /* refine, and fill's automatic confidence: the dictionaries from the joint fit with the
   * mask as a prior, then the activations from the mix alone. */
  if (!fill || automatic)
    {
      status = _sm_joint_fit (&fit, report ? &report->interferer_dictionary : NULL, run, 0.2,
                              0.3, error);
      if (status != SM_OK)
        goto out;
      fit.data_weight = 1.0f;
      fit.prior_weight = 0.0f;
      fit.learn = 0;
      status = _sm_joint_fit (&fit, report && !fill ? &report->activations : NULL, run, 0.5,
                              fill ? 0.2 : 0.5, error);
      if (status != SM_OK)
        goto out;
      _sm_joint_sources (&fit, vt, vi);
      _sm_joint_mask_stats (v, vt, vi, mask, power, &mask_error, &hole_share);
      detail = mask_detail (v, mask, power);
      if (automatic)
        e = isnan (mask_error) ? 0.0 : MASK_ERROR_SCALE * mask_error;
      /* refine: at least COARSE_E as far as the mask is coarse, since a self-learned model
       * learns a coarse mask's errors along with the target and then hardly contradicts
       * it. Not fill: its holes are to be rebuilt, not corrected, and a repair's holes
       * are coarse by nature (fill_confidence() sees those). */
      if (automatic && !fill)
        e = fmax (e, COARSE_E * ramp (detail, COARSE_DETAIL_BELOW, PRECISE_DETAIL_ABOVE));
      if (automatic)
        e = fmin (e, MAX_AUTO_E);
      if (automatic && fill)
        e = fill_confidence (e, hole_share, coverage);
    }

  /* fill: kept bins are the target's; the holes keep 1 - e of the prior, so that at e = 1
   * their content is split by the models alone. */
  if (fill && e > 0.0)
    {
      fit.data_weight = 0.5f;
      fit.prior_weight = 0.5f;
      fit.hole_weight = (float) (1.0 - e);
      fit.learn = SM_JOINT_WI | (self ? SM_JOINT_WT : 0u);
      status = _sm_joint_fit (&fit, report ? &report->activations : NULL, run, 0.7, 0.3,
                              error);
      if (status != SM_OK)
        goto out;
      _sm_joint_sources (&fit, vt, vi);
    }

  if (report != NULL)
    {
      report->confidence_e = e;
      report->mask_error = mask_error;
      report->hole_share = hole_share;
      report->hole_coverage = coverage;
      report->mask_detail = detail;
    }
  if (e == 0.0)
    goto trust_the_mask;
  posterior (params->mode, e, n, values, vt, vi, gain);
  goto out;

trust_the_mask:
  if (fill)
    memset (gain, 0, sizeof (float) * n);
  else
    memcpy (gain, values, sizeof (float) * n);

out:
  free (values);
  free (v);
  free (wt);
  free (wi);
  free (ht);
  free (hi);
  free (vt);
  free (vi);
  return status;
}
