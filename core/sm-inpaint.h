/* sm-inpaint.h: separation beyond plain masking: NMF models of the target and the
 * interferer, used to refine a rough mask or to fill the holes of a precise one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both modes model the mono mixdown's STFT magnitudes V = |X| (|X|^2 for beta < 1) with
 * beta-NMF (KL on magnitudes by default) as the sum of a target model Vt = Ht Wt and an
 * interferer model Vi = Hi Wi, K components each, and read the result as a soft mask: a
 * posterior in which the user's mask M is the prior, with strength set by the "mask
 * confidence" e in [0, 1]: p = (1 - e) M + e / 2, gain = p Vt / (p Vt + (1 - p) Vi).
 * e = 0 trusts the mask completely (plain masking, exactly, in both modes); e = 1 lets the
 * models decide alone.
 *
 * - refine (rough masks): Wt comes from clean training speech, from the target (an oracle),
 *   or, for the default self-learned dictionary, from the mix itself; Wi always from the
 *   mix. Both are learned in one joint fit of the mix in which the mask is a prior (the
 *   target explains M V, the interferer (1 - M) V; learned separately, each dictionary
 *   picks up the other source's energy from the bins a rough mask gets wrong and the
 *   models then agree with the mask instead of correcting it). Then, dictionaries fixed,
 *   the activations are re-fitted on the mix alone, so that the models judge each bin
 *   without the mask, and the gain above applies to every bin.
 * - fill (precise masks, repairs): reliable bins (M = 1) keep the mix exactly; in the holes
 *   the gain above with p = e / 2 scales the mix, so it is never louder than the mix. The
 *   joint fit here treats kept bins as the target's and lets the holes keep only (1 - e) of
 *   the prior, so that at e = 1 the holes' content is split by the models alone (a repair).
 *   The rebuilt bins get their phase from masked PGHI and fast Griffin-Lim.
 *
 * The default confidence is automatic (SM_INPAINT_CONFIDENCE_AUTO), estimated from the
 * data, because no single value suits both a precise and a rough mask: with the oracle
 * IBM every departure from the mask costs SDR (the bins a precise mask drops are where the
 * target is weak, and even exact magnitudes there come with the wrong phase), while a
 * rough mask gains several dB from the model (BENCHMARKS.md, "Separation quality"):
 * - refine: e = min (max (10 r, 0.6 c), 0.7), where r, the estimated mask error, is the
 *   share of the energy, among the bins where one model is at least SM_INPAINT_SURE_RATIO
 *   times the other, on which the mask says the opposite (a precise mask gives r near 0),
 *   and c in [0, 1] says how coarse the mask is: 1 when almost none of the mix's energy
 *   lies in runs of at most 4 bins of one mask value along frequency (less than 2 %: a
 *   painted or block mask, which cannot follow harmonics), 0 from 8 % (an ideal or
 *   threshold mask, whose value changes every few bins). A self-learned model learns a
 *   coarse mask's errors along with the target, so r alone misses them.
 * - fill: min (10 r, 0.7), without the coarseness floor, raised towards 1 when the
 *   interferer model explains almost none of the kept bins (less than 4 to 7 % of their
 *   model), or when the holes are local in time
 *   (in fewer than 25 to 50 % of the frames): then what the holes cut out does not sound
 *   anywhere else, so they are damage to rebuild (a repair), not another source's bins.
 *   A separation mask has holes in every frame.
 */
#pragma once

#include <stdint.h>

#include "sm-audio.h"
#include "sm-mask.h"
#include "sm-nmf.h"
#include "sm-phase.h"
#include "sm-stft.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SM_INPAINT_CONFIDENCE_AUTO:
 *
 * #SmInpaintParams.confidence_e value asking for the confidence to be estimated from the
 * data (see above); the estimate is reported in #SmInpaintReport.confidence_e.
 */
#define SM_INPAINT_CONFIDENCE_AUTO (-1.0)

/**
 * SM_INPAINT_SURE_RATIO:
 *
 * How much louder one source's model must be than the other's, in magnitude, for the
 * automatic confidence to count the bin as one the models are sure of.
 */
#define SM_INPAINT_SURE_RATIO 20.0

typedef enum
{
  SM_INPAINT_NONE,     /* plain masking */
  SM_INPAINT_FILL,
  SM_INPAINT_REFINE,
  SM_N_INPAINT_MODES
} SmInpaintMode;

typedef enum
{
  SM_DICTIONARY_SELF,    /* the mix's own reliable bins (default) */
  SM_DICTIONARY_TRAIN,   /* clean training speech of the target speaker */
  SM_DICTIONARY_TARGET,  /* the clean target itself: an oracle upper bound */
  SM_N_DICTIONARIES
} SmDictionary;

typedef enum
{
  SM_OUTPUT_PHASE_MIX,        /* keep the mix's phase */
  SM_OUTPUT_PHASE_GLA,        /* Griffin-Lim from zero phase in the rebuilt bins */
  SM_OUTPUT_PHASE_FGLA,       /* fast Griffin-Lim from zero phase */
  SM_OUTPUT_PHASE_PGHI_FGLA,  /* masked PGHI, then fast Griffin-Lim */
  SM_N_OUTPUT_PHASES
} SmOutputPhase;

typedef struct SmInpaintParams
{
  SmInpaintMode      mode;
  double             confidence_e;     /* 0-1: how far the model may overrule the mask, or
                                        * SM_INPAINT_CONFIDENCE_AUTO */
  int                n_components;     /* K per source */
  int                nmf_iterations;
  double             beta;
  SmDictionary       dictionary;
  SmOutputPhase      phase;
  int                phase_iterations;
  uint64_t           seed;
  SmNmfIterationFunc on_nmf_iteration;    /* nullable; nonzero return cancels */
  SmPhaseIterationFunc on_phase_iteration;  /* nullable; nonzero return cancels */
  void              *iteration_data;
} SmInpaintParams;

/**
 * sm_inpaint_params_default:
 *
 * Defaults per mode, chosen by measurement (BENCHMARKS.md, "Separation quality"): KL on
 * magnitudes (beta 1), K = 32 per source, at most 100 iterations per fit, the self-learned
 * dictionary, automatic confidence; phase: the mix's for refine, PGHI + fast Griffin-Lim
 * (100 iterations) for fill.
 */
SM_API void        sm_inpaint_params_default (SmInpaintParams *params,
                                              SmInpaintMode    mode);

SM_API const char *sm_inpaint_mode_name (SmInpaintMode mode);
SM_API SmStatus    sm_inpaint_mode_from_name (const char *name, SmInpaintMode *mode);
SM_API const char *sm_dictionary_name (SmDictionary dictionary);
SM_API SmStatus    sm_dictionary_from_name (const char *name, SmDictionary *dictionary);
SM_API const char *sm_output_phase_name (SmOutputPhase phase);
SM_API SmStatus    sm_output_phase_from_name (const char *name, SmOutputPhase *phase);

/**
 * SmInpaintReport:
 *
 * What a run did. sm_inpaint_report_clear() frees @phase_convergence_db.
 */
typedef struct SmInpaintReport
{
  SmNmfReport target_dictionary;   /* fit of Wt on the reference (iterations 0 for self) */
  SmNmfReport interferer_dictionary;  /* the joint fit with the mask as a prior */
  SmNmfReport activations;         /* refine: the re-fit on the mix; fill: the fill's fit */
  double      confidence_e;        /* the confidence used (estimated when asked for) */
  double      mask_error;          /* the estimated mask error r; NaN when not estimated */
  double      hole_share;          /* the interferer's share of the kept bins' model; NaN
                                    * when not estimated */
  double      hole_coverage;       /* the share of frames with at least one hole */
  double      mask_detail;         /* the share of the mix's energy in runs of at most 4
                                    * bins of one mask value along frequency; NaN when not
                                    * estimated */
  int         phase_iterations;    /* per channel, summed */
  double      phase_convergence_final_db;
  double     *phase_convergence_db;   /* every iteration of the first channel */
  int         n_phase_convergence;
} SmInpaintReport;

SM_API void        sm_inpaint_report_clear (SmInpaintReport *report);

/**
 * sm_inpaint_model:
 * @params: the settings
 * @mix: STFT of the mono mixdown, T x F
 * @mask: T x F, the user's mask (weights for the fits)
 * @reference: (nullable): STFT frames of clean training speech (any T) for
 *   SM_DICTIONARY_TRAIN, or of the target (T x F) for SM_DICTIONARY_TARGET
 * @gain: (out caller-allocates): T x F; refine: the soft mask on every bin; fill: the
 *   gain of the holes (sm_inpaint_render() keeps the reliable bins); all in [0, 1]
 * @report: (out) (nullable)
 * @run: (nullable): threads and progress (the fits share the range 0..1)
 * @error: (nullable)
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_MISMATCH, SM_ERROR_NOMEM, SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_inpaint_model (const SmInpaintParams *params,
                                  const SmSpectrogram   *mix,
                                  const SmMask          *mask,
                                  const SmSpectrogram   *reference,
                                  float                 *gain,
                                  SmInpaintReport       *report,
                                  const SmRun           *run,
                                  SmError               *error);

/**
 * sm_inpaint_render:
 * @stft: the plan of the grid
 * @params: the settings (mode and phase)
 * @mix: the recording, every channel
 * @mask: T x F
 * @gain: from sm_inpaint_model()
 * @mixphase: (out) (transfer full) (nullable): the model's magnitudes with the mix's
 *   phase (refine: mix times the gain; fill: reliable bins kept, holes |X| times the gain,
 *   with the mix's phase): the seed notebook's kind of result, for comparison
 * @estimate: (out) (transfer full): the final output (@params->phase decides the phase of
 *   the rebuilt bins; SM_OUTPUT_PHASE_MIX makes it equal to @mixphase)
 * @report: (inout) (nullable): phase figures are added
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM, SM_ERROR_CANCELLED.
 */
SM_API SmStatus sm_inpaint_render (SmStft                *stft,
                                   const SmInpaintParams *params,
                                   const SmAudio         *mix,
                                   const SmMask          *mask,
                                   const float           *gain,
                                   SmAudio              **mixphase,
                                   SmAudio              **estimate,
                                   SmInpaintReport       *report,
                                   const SmRun           *run,
                                   SmError               *error);

#ifdef __cplusplus
}
#endif
