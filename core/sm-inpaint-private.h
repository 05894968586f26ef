/* sm-inpaint-private.h: the two-source model behind refine and fill, shared by
 * sm-inpaint*.c (not installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The joint fit models the data V (T x F, |X| or |X|^2) as Vt + Vi = Ht Wt + Hi Wi and
 * minimises, for the beta-divergence d,
 *
 *   sum  a d(V | Vt + Vi)                                  the mix
 *      + w (d(M V | Vt) + d((1 - M) V | Vi))               the mask as a prior
 *
 * with w = b (M + h (1 - M)) per bin: a is the data weight, b the prior's, and h how much
 * of the prior the mask's holes keep (1: the holes are the interferer's, as much as the kept
 * bins are the target's; 0: the holes say nothing). Multiplicative updates with the MM
 * exponent gamma(beta) (each weighted term is majorised separately, as in sm-nmf-update.c),
 * so the objective does not increase.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sm-inpaint.h"

/* Which factors a joint fit learns (the activations always). */
enum
{
  SM_JOINT_WT = 1 << 0,
  SM_JOINT_WI = 1 << 1,
};

typedef struct SmJointFit
{
  /* The problem, borrowed: V scaled so that its maximum is 1. */
  size_t       n_frames;
  int          n_bins;
  const float *v;
  const float *mask;
  double       beta;

  /* The objective (see above) and the run. */
  float        data_weight;     /* a */
  float        prior_weight;    /* b */
  float        hole_weight;     /* h */
  int          max_iterations;
  unsigned     learn;           /* SM_JOINT_WT | SM_JOINT_WI */
  uint64_t     seed;

  /* The factors, caller-owned: Wt (Kt x F) must hold a dictionary when not learned;
   * Wi is drawn at random when learned; Ht and Hi are always drawn at random. */
  int          kt;
  int          ki;
  float       *wt;
  float       *wi;
  float       *ht;
  float       *hi;

  /* Per-iteration report (the objective every SM_NMF_TOLERANCE_SPAN iterations). */
  SmNmfIterationFunc on_iteration;
  void              *iteration_data;
} SmJointFit;

/* Runs the fit; progress goes to @run scaled into [from, from + span]. Stops after
 * max_iterations or when the objective fell by less than 1e-4 of itself over
 * SM_NMF_TOLERANCE_SPAN iterations. Returns SM_OK, SM_ERROR_NOMEM or SM_ERROR_CANCELLED. */
SmStatus _sm_joint_fit        (const SmJointFit *fit,
                               SmNmfReport      *report,
                               const SmRun      *run,
                               double            from,
                               double            span,
                               SmError          *error);

/* vt = Ht Wt and vi = Hi Wi, T x F each, in V's units. */
void     _sm_joint_sources    (const SmJointFit *fit,
                               float            *vt,
                               float            *vi);

/* What a fitted model says about the mask (see sm-inpaint.h, SmInpaintReport):
 * @mask_error: the energy share, among the bins where one source's model is at least
 * SM_INPAINT_SURE_RATIO times the other's, on which the mask says the opposite;
 * @hole_share: the share of the kept bins' model that the interferer explains. NaN when
 * no bin qualifies. @power is 2 when V holds |X|^2, 1 for |X|. */
void     _sm_joint_mask_stats (const float  *v,
                               const float  *vt,
                               const float  *vi,
                               const SmMask *mask,
                               int           power,
                               double       *mask_error,
                               double       *hole_share);
