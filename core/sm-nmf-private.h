/* sm-nmf-private.h: the NMF engine's working state, shared by sm-nmf*.c (not installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internally V is multiplied by scale = 2^-e so that it lies below 1 whatever its level,
 * and H is kept as hn = H * scale: then W hn models V * scale, and eps, 1/(W hn + eps) and
 * every product built from it have bounds that do not depend on the input. Powers of two
 * make the scaling exact.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sm-nmf.h"

/* GCC's -O2 vectorises only loops with no remainder (its "very cheap" cost model), which
 * leaves the element-wise passes scalar: ask for -O3's model on those few loops. Clang
 * vectorises them at -O2 already. */
#if defined(__GNUC__) && !defined(__clang__)
# define SM_NMF_HOT __attribute__ ((optimize ("tree-vectorize", "vect-cost-model=dynamic")))
#else
# define SM_NMF_HOT
#endif

/* Which inner loops the element-wise pass runs: the three named betas have cheap closed
 * forms; any other beta needs powf per bin. */
typedef enum
{
  SM_NMF_KIND_IS,
  SM_NMF_KIND_KL,
  SM_NMF_KIND_EUCLID,
  SM_NMF_KIND_GENERAL,
} SmNmfKind;

typedef struct SmNmfWork
{
  /* The problem, borrowed. */
  const float   *v;
  const float   *mask;
  size_t         n_frames;    /* T */
  int            n_bins;      /* F */
  int            n_comp;      /* K */
  double         beta;
  SmNmfKind      kind;
  float          gamma;       /* the MM exponent gamma(beta) */
  float          scale;       /* 2^-e: V * scale < 4, and < 1 unless max(V) >= 2^126 */
  int            exponent;    /* e */
  float          eps;         /* the floor, in scaled units */

  /* Scratch, owned. */
  float         *s;           /* T rows of ld floats: W hn, overwritten by [P | Q] */
  size_t         ld;          /* 2F in a fit (P and Q side by side), F for a divergence */
  float         *hn;          /* T x K: H * scale */
  float         *g;           /* 2T x K: rows numerator(H)_t, denominator(H)_t */
  float         *z;           /* K x 2F: rows [numerator(W)_k | denominator(W)_k] */
  double        *partial;     /* per frame block: divergence, then scan sums */
  float         *partial_max; /* per frame block: max(V), NaN when V or M is out of range */
  unsigned char *reliable;    /* T: 1 when the frame has a bin with a nonzero weight */
  size_t         block;       /* frames per block of an element-wise pass */
  size_t         n_blocks;

  /* What the running pass does. */
  int            want_pq;
  int            want_div;

  SmRun          workers;     /* the caller's thread count, without progress */
  double         gemm_seconds;
} SmNmfWork;

static inline double
_sm_nmf_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* sm-nmf-pass.c: setup, the model product and the element-wise passes. */

/* Allocates the scratch for T x F data with K components and rows of @ld floats: 2F for a
 * fit (with g and z), F for a divergence. SM_OK or SM_ERROR_NOMEM; the caller frees with
 * _sm_nmf_work_clear either way. */
SmStatus _sm_nmf_work_init   (SmNmfWork       *work,
                              const SmNmfData *data,
                              int              n_comp,
                              double           beta,
                              size_t           ld,
                              const SmRun     *run);
void     _sm_nmf_work_clear  (SmNmfWork       *work);

/* Checks V and the mask (SM_ERROR_BAD_ARG when out of range), finds max(V), the weighted mean of V and the
 * frames with a reliable bin, then sets scale, exponent and eps from @rel_floor (0 for the
 * default). @mean gets the weighted mean of V * scale; @n_reliable the reliable frames. */
SmStatus _sm_nmf_scan        (SmNmfWork       *work,
                              double           rel_floor,
                              double          *mean,
                              size_t          *n_reliable);

/* s = hn W: the model, scaled, for every frame. */
void     _sm_nmf_model       (SmNmfWork       *work,
                              const float     *w);

/* One pass over the frames: when want_div, the divergence of the model in s (in the
 * caller's units of V) goes to @divergence; when want_pq, s becomes [P | Q]. */
SmStatus _sm_nmf_pass        (SmNmfWork       *work,
                              double          *divergence);

/* sm-nmf-update.c: initial factors, multiplicative updates, normalisation, interpolation. */

/* Draws the factors not in @given from @seed: W (when not given) then hn. */
void     _sm_nmf_init        (SmNmfWork       *work,
                              float           *w,
                              const float     *h,
                              unsigned         given,
                              uint64_t         seed,
                              double           mean);

/* H <- H (W^T P / W^T Q)^gamma, from [P | Q] in s; a zero denominator keeps H. */
SmStatus _sm_nmf_update_h    (SmNmfWork       *work,
                              const float     *w);

/* W <- W (P H^T / Q H^T)^gamma, likewise. */
void     _sm_nmf_update_w    (SmNmfWork       *work,
                              float           *w);

/* Rescales each column of W to sum 1 and multiplies hn by the old sums. */
void     _sm_nmf_normalise   (SmNmfWork       *work,
                              float           *w);

/* Gives hn of frames without a reliable bin the values interpolated linearly between the
 * nearest reliable frames; returns how many frames it filled. */
size_t   _sm_nmf_interpolate (SmNmfWork       *work);
