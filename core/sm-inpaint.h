/* sm-inpaint.h: separation beyond plain masking: NMF models of the target and the
 * interferer, used to refine a rough mask or to fill the holes of a precise one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both modes model magnitudes |X| of the mono mixdown's STFT with KL-NMF (beta = 1 by
 * default; any beta in [0, 2]): a target dictionary Wt (learned from the mix's reliable
 * bins, from clean training speech, or from the target itself as an oracle) and an
 * interferer dictionary Wi (learned from the bins the mask drops). With both fixed, the
 * activations are re-fitted on every bin, giving target and interferer estimates Vt, Vi.
 *
 * - refine (rough masks): the output is the mix times the soft mask
 *   G = p Vt / (p Vt + (1 - p) Vi), p = (1 - e) M + e / 2,
 *   where M is the user's mask and e in [0, 1] (the "mask confidence" setting) how far the
 *   model may overrule it: e = 0 gives G = M for a binary mask (plain masking exactly),
 *   e = 1 the pure model's Wiener mask.
 * - fill (precise masks, repairs): reliable bins (M = 1) keep the mix exactly; the others
 *   get the mix's magnitude times the target's Wiener gain Vt / (Vt + Vi), never louder
 *   than the mix, with a phase rebuilt by masked PGHI and fast Griffin-Lim that re-imposes
 *   the reliable bins at every iteration.
 *
 * Why two modes: with a precise mask the bins it drops are where the target is weak, and an
 * unbounded model fills them far too loud; with a rough mask the joint model wins back
 * what the mask got wrong.
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
  double             confidence_e;     /* refine: how far the model may overrule the mask */
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
 * Defaults per mode, chosen by measurement (BENCHMARKS.md): KL on magnitude, K = 32 per
 * source, 100 NMF iterations, self-learned dictionary, e = 0.3; phase: the mix's for
 * refine, PGHI + fast Griffin-Lim (100 iterations) for fill.
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
  SmNmfReport target_dictionary;   /* fit of Wt (iterations 0 for a given one) */
  SmNmfReport interferer_dictionary;
  SmNmfReport activations;         /* the joint re-fit */
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
 * @gain: (out caller-allocates): T x F; refine: the soft mask G; fill: the target's
 *   Wiener gain Vt / (Vt + Vi); all in [0, 1]
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
 *   phase (refine: mix times G; fill: reliable bins kept, holes |X| Vt/(Vt+Vi) with the
 *   mix's phase): the seed notebook's kind of result, for comparison
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
