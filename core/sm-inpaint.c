/* sm-inpaint.c: the two-source NMF model behind refine and fill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-inpaint.h"

#include <cblas.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-parallel-private.h"

static const char *const mode_names[SM_N_INPAINT_MODES] = { "none", "fill", "refine" };
static const char *const dictionary_names[SM_N_DICTIONARIES] = { "self", "train", "target" };
static const char *const phase_names[SM_N_OUTPUT_PHASES] = { "mix", "gla", "fgla", "pghi-fgla" };

static SmStatus
name_lookup (const char *const *names,
             int                 n,
             const char         *name,
             int                *out)
{
  for (int i = 0; name != NULL && i < n; i++)
    if (strcmp (name, names[i]) == 0)
      {
        *out = i;
        return SM_OK;
      }
  return SM_ERROR_BAD_ARG;
}

const char *
sm_inpaint_mode_name (SmInpaintMode mode)
{
  return (int) mode >= 0 && mode < SM_N_INPAINT_MODES ? mode_names[mode] : NULL;
}

SmStatus
sm_inpaint_mode_from_name (const char    *name,
                           SmInpaintMode *mode)
{
  int i;
  SmStatus status = name_lookup (mode_names, SM_N_INPAINT_MODES, name, &i);

  if (status == SM_OK)
    *mode = (SmInpaintMode) i;
  return status;
}

const char *
sm_dictionary_name (SmDictionary dictionary)
{
  return (int) dictionary >= 0 && dictionary < SM_N_DICTIONARIES ? dictionary_names[dictionary]
                                                                 : NULL;
}

SmStatus
sm_dictionary_from_name (const char   *name,
                         SmDictionary *dictionary)
{
  int i;
  SmStatus status = name_lookup (dictionary_names, SM_N_DICTIONARIES, name, &i);

  if (status == SM_OK)
    *dictionary = (SmDictionary) i;
  return status;
}

const char *
sm_output_phase_name (SmOutputPhase phase)
{
  return (int) phase >= 0 && phase < SM_N_OUTPUT_PHASES ? phase_names[phase] : NULL;
}

SmStatus
sm_output_phase_from_name (const char    *name,
                           SmOutputPhase *phase)
{
  int i;
  SmStatus status = name_lookup (phase_names, SM_N_OUTPUT_PHASES, name, &i);

  if (status == SM_OK)
    *phase = (SmOutputPhase) i;
  return status;
}

void
sm_inpaint_params_default (SmInpaintParams *params,
                           SmInpaintMode    mode)
{
  memset (params, 0, sizeof *params);
  params->mode = mode;
  params->confidence_e = 0.3;
  params->n_components = 32;
  params->nmf_iterations = 100;
  params->beta = 1.0;
  params->dictionary = SM_DICTIONARY_SELF;
  params->phase = mode == SM_INPAINT_FILL ? SM_OUTPUT_PHASE_PGHI_FGLA : SM_OUTPUT_PHASE_MIX;
  params->phase_iterations = 100;
  params->seed = 1;
}

void
sm_inpaint_report_clear (SmInpaintReport *report)
{
  if (report == NULL)
    return;
  free (report->phase_convergence_db);
  memset (report, 0, sizeof *report);
}

/* |X| of a spectrogram as a new T x F array. */
static float *
magnitudes (const SmSpectrogram *spec)
{
  size_t n = spec->n_frames * (size_t) spec->n_bins;
  float *v = malloc (sizeof (float) * (n ? n : 1));

  if (v != NULL)
    for (size_t i = 0; i < n; i++)
      v[i] = cabsf (spec->bins[i]);
  return v;
}

/* Training speech has pauses; frames far below the loudest say nothing about the voice and
 * would spend components on silence. Keeps frames within 40 dB of the loudest. */
static size_t
keep_loud_frames (float  *v,
                  size_t  n_frames,
                  int     n_bins)
{
  double loudest = 0.0;
  size_t kept = 0;

  for (size_t t = 0; t < n_frames; t++)
    {
      double energy = 0.0;

      for (int f = 0; f < n_bins; f++)
        energy += (double) v[t * n_bins + f] * v[t * n_bins + f];
      loudest = fmax (loudest, energy);
    }
  for (size_t t = 0; t < n_frames; t++)
    {
      double energy = 0.0;

      for (int f = 0; f < n_bins; f++)
        energy += (double) v[t * n_bins + f] * v[t * n_bins + f];
      if (energy > loudest * 1e-4)
        {
          memmove (v + kept * n_bins, v + t * n_bins, sizeof (float) * (size_t) n_bins);
          kept++;
        }
    }
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

static SmStatus
fit (const SmInpaintParams *params,
     const SmNmfData       *data,
     unsigned               update,
     unsigned               given,
     int                    n_components,
     float                 *w,
     float                 *h,
     SmNmfReport           *report,
     const SmRun           *run,
     double                 from,
     double                 span,
     SmError               *error)
{
  SmNmfParams nmf;
  Stage stage = { run, from, span };
  SmRun sub = { run ? run->n_threads : 0, stage_cb, &stage };

  sm_nmf_params_init (&nmf, n_components, params->beta);
  nmf.max_iterations = params->nmf_iterations;
  nmf.update = update;
  nmf.given = given;
  nmf.seed = params->seed;
  nmf.on_iteration = params->on_nmf_iteration;
  nmf.iteration_data = params->iteration_data;
  return sm_nmf_fit (data, &nmf, w, h, report, &sub, error);
}

/* The target dictionary, from the source the settings name. */
static SmStatus
target_dictionary (const SmInpaintParams *params,
                   const SmSpectrogram   *mix,
                   const float           *v,
                   const SmMask          *mask,
                   const SmSpectrogram   *reference,
                   float                 *wt,
                   SmInpaintReport       *report,
                   const SmRun           *run,
                   SmError               *error)
{
  const int k = params->n_components;
  SmNmfData data = { mix->n_frames, mix->n_bins, v, mask->values };
  float *ref_v = NULL;
  float *h = NULL;
  SmStatus status;

  if (params->dictionary != SM_DICTIONARY_SELF)
    {
      if (reference == NULL || reference->n_bins != mix->n_bins)
        return sm_error_set (error, SM_ERROR_BAD_ARG,
                             "the %s dictionary needs %s analysed on the mix's grid",
                             sm_dictionary_name (params->dictionary),
                             params->dictionary == SM_DICTIONARY_TRAIN ? "training speech"
                                                                       : "the target");
      ref_v = magnitudes (reference);
      if (ref_v == NULL)
        return sm_error_set (error, SM_ERROR_NOMEM, "out of memory");
      data.n_frames = params->dictionary == SM_DICTIONARY_TRAIN
                      ? keep_loud_frames (ref_v, reference->n_frames, reference->n_bins)
                      : reference->n_frames;
      data.v = ref_v;
      data.mask = NULL;
      if (data.n_frames == 0)
        {
          free (ref_v);
          return sm_error_set (error, SM_ERROR_BAD_ARG, "the training speech is silent");
        }
    }

  h = malloc (sizeof (float) * data.n_frames * (size_t) k);
  if (h == NULL)
    status = sm_error_set (error, SM_ERROR_NOMEM, "out of memory");
  else
    status = fit (params, &data, SM_NMF_W | SM_NMF_H, 0, k, wt, h,
                  report ? &report->target_dictionary : NULL, run, 0.0, 0.35, error);
  free (h);
  free (ref_v);
  return status;
}

/* out = H[:, offset:offset+k] x W[offset:offset+k, :], T x F. */
static void
source_estimate (const float *w,
                 const float *h,
                 size_t       n_frames,
                 int          n_bins,
                 int          k_total,
                 int          offset,
                 int          k,
                 float       *out)
{
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n_frames, n_bins, k, 1.0f,
               h + offset, k_total, w + (size_t) offset * (size_t) n_bins, n_bins, 0.0f, out,
               n_bins);
}

/* The joint re-fit of the activations with the mask as a prior (refine): minimise
 *   e D(V | Wt Ht + Wi Hi) + (1 - e) [D(M V | Wt Ht) + D((1 - M) V | Wi Hi)]
 * as one weighted NMF of the stacked data [V; M V; (1 - M) V] with the fixed dictionary
 * [[Wt Wi]; [Wt 0]; [0 Wi]]. At e = 0 only the prior counts (the output is the mask); at
 * e = 1 only the mix (a plain two-source model). */
static SmStatus
fit_with_prior (const SmInpaintParams *params,
                const float           *v,
                const SmMask          *mask,
                const float           *w,
                float                 *h,
                SmInpaintReport       *report,
                const SmRun           *run,
                SmError               *error)
{
  const size_t n_frames = mask->n_frames;
  const size_t f1 = (size_t) mask->n_bins;
  const size_t f3 = 3 * f1;
  const int k = params->n_components;
  const float e = (float) params->confidence_e;
  float *stacked_v = malloc (sizeof (float) * n_frames * f3);
  float *weights = malloc (sizeof (float) * n_frames * f3);
  float *stacked_w = calloc ((size_t) (2 * k) * f3, sizeof (float));
  SmNmfData data = { n_frames, (int) f3, stacked_v, weights };
  SmStatus status;

  if (stacked_v == NULL || weights == NULL || stacked_w == NULL)
    {
      status = sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the joint model");
      goto out;
    }
  for (size_t t = 0; t < n_frames; t++)
    for (size_t f = 0; f < f1; f++)
      {
        float x = v[t * f1 + f];
        float m = mask->values[t * f1 + f];
        float *row = stacked_v + t * f3;
        float *wrow = weights + t * f3;

        row[f] = x;
        row[f1 + f] = m * x;
        row[2 * f1 + f] = (1.0f - m) * x;
        wrow[f] = e;
        wrow[f1 + f] = wrow[2 * f1 + f] = 1.0f - e;
      }
  for (int c = 0; c < 2 * k; c++)
    {
      const float *src = w + (size_t) c * f1;
      float *dst = stacked_w + (size_t) c * f3;

      memcpy (dst, src, sizeof (float) * f1);
      memcpy (dst + (c < k ? f1 : 2 * f1), src, sizeof (float) * f1);
    }
  status = fit (params, &data, SM_NMF_H, SM_NMF_W, 2 * k, stacked_w, h,
                report ? &report->activations : NULL, run, 0.65, 0.35, error);

out:
  free (stacked_v);
  free (weights);
  free (stacked_w);
  return status;
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
  float *v = NULL, *dropped = NULL, *w = NULL, *h = NULL, *vt = NULL, *vi = NULL;
  SmNmfData data = { n_frames, n_bins, NULL, NULL };
  SmStatus status;

  if (mask->n_frames != n_frames || mask->n_bins != n_bins)
    return sm_error_set (error, SM_ERROR_MISMATCH, "the mask does not fit the spectrogram");
  if (k < 1 || k > 1024 || !(params->confidence_e >= 0.0 && params->confidence_e <= 1.0)
      || params->nmf_iterations < 1 || (params->mode != SM_INPAINT_FILL
                                        && params->mode != SM_INPAINT_REFINE))
    return sm_error_set (error, SM_ERROR_BAD_ARG,
                         "inpainting needs mode fill or refine, 1-1024 components, at least "
                         "one iteration and a confidence in [0, 1]");

  /* e = 0 trusts the mask completely: plain masking, exactly, without fitting anything.
   * A mask that keeps everything (or, without a reference, nothing) leaves one of the two
   * models nothing to learn from: there is nothing to refine or to fill either. */
  {
    double kept = 0.0;

    for (size_t i = 0; i < n; i++)
      kept += mask->values[i];
    if ((params->mode == SM_INPAINT_REFINE && params->confidence_e == 0.0)
        || kept >= (double) n
        || (kept <= 0.0 && params->dictionary == SM_DICTIONARY_SELF))
      {
        memcpy (gain, mask->values, sizeof (float) * n);
        return SM_OK;
      }
  }

  v = magnitudes (mix);
  dropped = malloc (sizeof (float) * n);
  w = malloc (sizeof (float) * 2 * (size_t) k * (size_t) n_bins);
  h = malloc (sizeof (float) * 2 * (size_t) k * n_frames);
  vt = malloc (sizeof (float) * n);
  vi = malloc (sizeof (float) * n);
  if (v == NULL || dropped == NULL || w == NULL || h == NULL || vt == NULL || vi == NULL)
    {
      status = sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the NMF model");
      goto out;
    }

  /* Wt: rows 0..k-1 of W; Wi: rows k..2k-1, learned on the bins the mask drops. */
  status = target_dictionary (params, mix, v, mask, reference, w, report, run, error);
  if (status != SM_OK)
    goto out;
  for (size_t i = 0; i < n; i++)
    dropped[i] = 1.0f - mask->values[i];
  data.v = v;
  data.mask = dropped;
  {
    float *hi = vt;   /* scratch: T x K fits in T x F when K <= F */
    float *owned = NULL;

    if ((size_t) k * n_frames > n)
      hi = owned = malloc (sizeof (float) * (size_t) k * n_frames);
    status = hi == NULL ? sm_error_set (error, SM_ERROR_NOMEM, "out of memory")
                        : fit (params, &data, SM_NMF_W | SM_NMF_H, 0, k,
                               w + (size_t) k * (size_t) n_bins, hi,
                               report ? &report->interferer_dictionary : NULL, run, 0.35, 0.3,
                               error);
    free (owned);
  }
  if (status != SM_OK)
    goto out;

  if (params->mode == SM_INPAINT_REFINE)
    {
      status = fit_with_prior (params, v, mask, w, h, report, run, error);
      if (status != SM_OK)
        goto out;
      source_estimate (w, h, n_frames, n_bins, 2 * k, 0, k, vt);
      source_estimate (w, h, n_frames, n_bins, 2 * k, k, k, vi);
    }
  else
    {
      /* fill: the target's activations come from the reliable bins only and the
       * interferer's from the dropped ones, so that each model predicts into the holes
       * from what it saw (the seed notebook fitted with M = 1 here). */
      float *ht = h;
      float *hi = h + (size_t) k * n_frames;

      data.mask = mask->values;
      status = fit (params, &data, SM_NMF_H, SM_NMF_W, k, w, ht,
                    report ? &report->activations : NULL, run, 0.65, 0.2, error);
      data.mask = dropped;
      if (status == SM_OK)
        status = fit (params, &data, SM_NMF_H, SM_NMF_W, k, w + (size_t) k * (size_t) n_bins,
                      hi, NULL, run, 0.85, 0.15, error);
      if (status != SM_OK)
        goto out;
      source_estimate (w, ht, n_frames, n_bins, k, 0, k, vt);
      source_estimate (w + (size_t) k * (size_t) n_bins, hi, n_frames, n_bins, k, 0, k, vi);
    }

  for (size_t i = 0; i < n; i++)
    {
      double t = fmax (vt[i], 0.0f);
      double e = fmax (vi[i], 0.0f);
      /* refine: the mask is a prior p on "target" and the model's estimates the
       * likelihoods; with a small e the model must disagree strongly to overrule it.
       * fill: the plain Wiener gain of the two models. */
      double p = params->mode == SM_INPAINT_REFINE
                 ? (1.0 - params->confidence_e) * mask->values[i] + params->confidence_e / 2
                 : 0.5;
      double num = p * t;
      double den = num + (1.0 - p) * e;

      /* Where the model sees nothing, keep what the mask says. */
      gain[i] = den > 0.0 ? (float) (num / den) : mask->values[i];
    }

out:
  free (v);
  free (dropped);
  free (w);
  free (h);
  free (vt);
  free (vi);
  return status;
}
