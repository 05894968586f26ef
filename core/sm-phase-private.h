/* sm-phase-private.h: helpers shared by sm-phase.c and sm-pghi.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#include "sm-phase.h"
#include "sm-run.h"
#include "sm-status.h"
#include "sm-stft.h"
#include "sm-stft-private.h"

struct SmPhaseState
{
  float _Complex *extrapolated;   /* t_n, n_frames x n_bins */
  size_t          n_frames;
  int             n_bins;
  int             valid;          /* t_n belongs to the spectrogram of the last call */
};

/* Everything one call works with; the buffers live for the whole call. */
typedef struct
{
  const float          *s;
  const unsigned char  *fixed;       /* NULL when nothing is known */
  const float _Complex *known;
  float _Complex       *c;           /* the iterate: the caller's spectrogram */
  float _Complex       *t;           /* FGLA's extrapolated point; NULL for GLA */
  float                *signal;
  size_t                n_frames;
  int                   n_bins;
  float                 alpha;
  int                   project;     /* 0: only measure */
  double               *frame_sums;  /* || |X_t| - S_t ||^2 by frame, summed in order */
  float                *scratch;     /* n_bins floats per worker */
  SmStftProjector      *projector;   /* NULL: reflect padding, two separate transforms */
  double                s_norm;      /* ||S||_F */
} SmPhaseWork;

/* sm-phase-init.c: what sm_phase_reconstruct() does before it iterates. */

/* Checks pointers, enums, ranges and shapes; fills @error. */
SmStatus _sm_phase_check_args (SmStft              *stft,
                               const SmPhaseParams *params,
                               const SmPhaseData   *data,
                               SmError             *error);

/* Checks S, sets w->s_norm and marks the reliable bins in @fixed (when not NULL). Returns
 * the number of free bins, or (size_t) -1 when S holds a negative or non-finite value. */
size_t   _sm_phase_scan_inputs (const SmPhaseData *data,
                                SmPhaseWork       *w,
                                unsigned char     *fixed);

/* Sets the iterate w->c according to @params->init. */
SmStatus _sm_phase_initialise (SmStft              *stft,
                               const SmPhaseParams *params,
                               SmPhaseWork         *w,
                               const SmRun         *run);

/* Points w->t at FGLA's extrapolated point (the state's buffer, or a new one returned in
 * @owned for the caller to free): kept when the call resumes with a valid state, else c. */
SmStatus _sm_phase_prepare_momentum (const SmPhaseParams *params,
                                     SmPhaseState        *state,
                                     SmPhaseWork         *w,
                                     float _Complex     **owned);

/* A phase in [-pi, pi) for bin @index, uniform, from a hash of (@seed, @index): the same
 * for every machine, thread count and visiting order. */
double   _sm_phase_random (uint64_t seed,
                           size_t   index);

/* What _sm_pghi() reads. Phases follow our STFT's convention: frame t's FFT starts at
 * padded sample t * hop, with no circular shift. */
typedef struct
{
  const float          *magnitude;  /* S, n_frames x n_bins */
  const unsigned char  *fixed;      /* NULL, or nonzero on the bins whose phase is known */
  const float _Complex *known;      /* the known coefficients; NULL exactly when fixed is */
  size_t                n_frames;
  int                   n_bins;
  int                   n_fft;
  int                   hop;
  double                lambda;     /* sm_phase_pghi_lambda (), samples^2 */
  double                tolerance;  /* relative to max S: quieter free bins are not integrated */
  uint64_t              seed;       /* random phase of those quiet bins */
} SmPghiInput;

/* Masked phase-gradient heap integration. Writes every bin of @out: the known coefficient
 * on fixed bins, S e^{i phase} elsewhere. Checks @run for cancellation now and then.
 * Returns SM_OK, SM_ERROR_NOMEM, SM_ERROR_UNSUPPORTED (2^32 bins or more) or
 * SM_ERROR_CANCELLED. */
SmStatus _sm_pghi (const SmPghiInput *input,
                   float _Complex    *out,
                   const SmRun       *run);
