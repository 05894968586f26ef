/* sm-nmf.c: the public NMF entry points: argument checks and the iteration loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One iteration costs four products of T x F x K (about 12 T F K flops, in OpenBLAS) and
 * two element-wise passes:
 *   s = W hn; pass: divergence (when wanted), s = [P | Q]; g = s W^T; update hn;
 *   s = W hn; pass: s = [P | Q]; z = hn^T s; update W; normalise W.
 * The first pass of iteration i+1 measures the divergence of iteration i for free, so the
 * loop measures at the top: "iteration it" is the state after it updates.
 */
#include "sm-nmf.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "sm-nmf-private.h"
#include "sm-parallel-private.h"

/* Progress is reported at most this many times per fit (SmProgressFunc's contract). */
#define PROGRESS_STEPS 200

void
sm_nmf_params_init (SmNmfParams *params,
                    int          n_components,
                    double       beta)
{
  *params = (SmNmfParams) {
    .n_components = n_components,
    .beta = beta,
    .max_iterations = 200,
    .tolerance = 1e-4,
    .update = SM_NMF_W | SM_NMF_H,
    .given = 0,
    .seed = 1,
    .rel_floor = 0.0,
  };
}

static SmStatus
check_data (const SmNmfData *data,
            int              n_comp,
            double           beta,
            double           rel_floor,
            SmError         *error)
{
  if (data == NULL || data->v == NULL)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "no data to factorise");
  if (data->n_frames < 1 || data->n_bins < 1)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "empty data: %zu frames of %d bins",
                         data->n_frames, data->n_bins);
  /* BLAS takes int sizes, and the update reads the scratch as 2T rows of F. */
  if (data->n_frames > INT_MAX / 2 || data->n_bins > INT_MAX / 2
      || data->n_frames > SIZE_MAX / sizeof (float) / 2 / (size_t) data->n_bins)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "data too large: %zu frames of %d bins",
                         data->n_frames, data->n_bins);
  if (n_comp < 1 || (size_t) n_comp > SIZE_MAX / sizeof (float) / 2 / data->n_frames
      || n_comp > INT_MAX / 2 / data->n_bins)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "bad number of components: %d", n_comp);
  if (!(beta >= 0.0 && beta <= 2.0))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "beta %g is outside [0, 2]", beta);
  if (!(rel_floor == 0.0 || (rel_floor >= 1e-12 && rel_floor <= 1e-2)))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "floor %g is outside [1e-12, 1e-2]",
                         rel_floor);
  return SM_OK;
}

/* Given factors must be finite and non-negative: a NaN would spread to every bin. */
static int
factor_is_valid (const float *x,
                 size_t       n)
{
  int bad = 0;

  for (size_t i = 0; i < n; i++)
    bad |= !(x[i] >= 0.0f && x[i] <= FLT_MAX);
  return !bad;
}

/* Runs the scan and turns its findings into messages. */
static SmStatus
scan (SmNmfWork *work,
      double     rel_floor,
      double    *mean,
      SmError   *error)
{
  size_t n_reliable;
  SmStatus status = _sm_nmf_scan (work, rel_floor, mean, &n_reliable);

  if (status == SM_ERROR_BAD_ARG)
    return sm_error_set (error, status, "the data hold a negative or non-finite value, or "
                         "a weight outside [0, 1]");
  if (status != SM_OK)
    return sm_error_set (error, status, "%s", sm_strerror (status));
  if (n_reliable == 0)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "every weight of the mask is 0");
  return SM_OK;
}

static SmStatus
check_params (const SmNmfData   *data,
              const SmNmfParams *params,
              const float       *w,
              const float       *h,
              SmError           *error)
{
  size_t n_comp;
  SmStatus status;

  if (params == NULL || w == NULL || h == NULL)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "missing parameters or factors");
  status = check_data (data, params->n_components, params->beta, params->rel_floor, error);
  if (status != SM_OK)
    return status;
  if (params->max_iterations < 0)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "negative iteration count %d",
                         params->max_iterations);
  if (!(params->tolerance >= 0.0 && params->tolerance < 1.0))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "tolerance %g is outside [0, 1)",
                         params->tolerance);
  if (params->update == 0 || (params->update & ~(unsigned) (SM_NMF_W | SM_NMF_H)) != 0
      || (params->given & ~(unsigned) (SM_NMF_W | SM_NMF_H)) != 0)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "bad factor flags: update %#x, given %#x",
                         params->update, params->given);
  /* Holding a random factor fixed has no use, and would write to a "fixed" buffer. */
  if ((params->update | params->given) != (SM_NMF_W | SM_NMF_H))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "a fixed factor must be given");

  n_comp = (size_t) params->n_components;
  if ((params->given & SM_NMF_W) && !factor_is_valid (w, n_comp * (size_t) data->n_bins))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "W holds a negative or non-finite value");
  if ((params->given & SM_NMF_H) && !factor_is_valid (h, data->n_frames * n_comp))
    return sm_error_set (error, SM_ERROR_BAD_ARG, "H holds a negative or non-finite value");
  return SM_OK;
}

/* The loop proper; W and hn are initialised. Returns SM_OK or SM_ERROR_CANCELLED. */
static SmStatus
iterate (SmNmfWork         *work,
         const SmNmfParams *params,
         float             *w,
         const SmRun       *run,
         SmNmfReport       *report)
{
  const int max_iterations = params->max_iterations;
  const int update_w = (params->update & SM_NMF_W) != 0;
  const int update_h = (params->update & SM_NMF_H) != 0;
  double reference = NAN;   /* D at the previous convergence check */
  int last_step = -1;
  SmStatus status = SM_OK;

  for (int it = 0;; it++)
    {
      int last = it == max_iterations;
      int check = params->tolerance > 0.0 && it % SM_NMF_TOLERANCE_SPAN == 0;
      double divergence = NAN;
      int step;

      work->want_div = last || check || params->on_iteration != NULL;
      work->want_pq = !last;
      _sm_nmf_model (work, w);
      status = _sm_nmf_pass (work, &divergence);
      report->iterations = it;
      report->divergence = divergence;
      if (status != SM_OK)
        return status;
      if (params->on_iteration != NULL
          && params->on_iteration (it, divergence, params->iteration_data))
        return SM_ERROR_CANCELLED;
      if (check)
        {
          double decrease = reference - divergence;

          /* A zero divergence cannot decrease; a rise (rounding at the optimum) counts as
           * no decrease. */
          if (it > 0 && (!(reference > 0.0) || decrease < params->tolerance * reference))
            {
              report->converged = 1;
              return SM_OK;
            }
          reference = divergence;
        }
      if (last)
        return SM_OK;

      step = (int) ((long long) it * PROGRESS_STEPS / max_iterations);
      if (step != last_step)
        {
          last_step = step;
          if (_sm_run_report (run, (double) it / max_iterations))
            return SM_ERROR_CANCELLED;
        }

      if (update_h)
        {
          status = _sm_nmf_update_h (work, w);
          if (status != SM_OK)
            return status;
          if (update_w)
            {
              /* W's update needs P and Q of the new H. */
              work->want_div = 0;
              _sm_nmf_model (work, w);
              status = _sm_nmf_pass (work, &divergence);
              if (status != SM_OK)
                return status;
            }
        }
      if (update_w)
        {
          _sm_nmf_update_w (work, w);
          if (update_h)
            _sm_nmf_normalise (work, w);
        }
    }
}

SmStatus
sm_nmf_fit (const SmNmfData   *data,
            const SmNmfParams *params,
            float             *w,
            float             *h,
            SmNmfReport       *report,
            const SmRun       *run,
            SmError           *error)
{
  SmNmfReport local = { 0 };
  SmNmfWork work = { 0 };
  double start = _sm_nmf_now ();
  double mean;
  SmStatus status;

  status = check_params (data, params, w, h, error);
  if (status != SM_OK)
    return status;
  status = _sm_nmf_work_init (&work, data, params->n_components, params->beta,
                              2 * (size_t) data->n_bins, run);
  if (status != SM_OK)
    return sm_error_set (error, status, "no memory for the NMF scratch (%zu x %d x 2 floats)",
                         data->n_frames, data->n_bins);
  status = scan (&work, params->rel_floor, &mean, error);
  if (status != SM_OK)
    goto error;

  /* Nothing has been written so far; from here on the outputs change. */
  _sm_nmf_init (&work, w, h, params->given, params->seed, mean);
  if (params->update == (SM_NMF_W | SM_NMF_H))
    _sm_nmf_normalise (&work, w);

  status = iterate (&work, params, w, run, &local);
  if (status == SM_OK && (params->update & SM_NMF_H) && data->mask != NULL)
    local.n_interpolated_frames = _sm_nmf_interpolate (&work);
  /* Cancelled fits also hand back their last factors, as SmRun promises a valid state. */
  if ((status == SM_OK || status == SM_ERROR_CANCELLED) && (params->update & SM_NMF_H))
    {
      float unscale = ldexpf (1.0f, work.exponent);

      for (size_t i = 0; i < data->n_frames * (size_t) params->n_components; i++)
        h[i] = work.hn[i] * unscale;
    }
  if (status == SM_OK)
    _sm_run_report (run, 1.0);
  else if (status == SM_ERROR_CANCELLED)
    sm_error_set (error, status, "NMF cancelled after %d iterations", local.iterations);
  else
    sm_error_set (error, status, "%s", sm_strerror (status));

  local.seconds = _sm_nmf_now () - start;
  local.gemm_seconds = work.gemm_seconds;
  if (report != NULL && (status == SM_OK || status == SM_ERROR_CANCELLED))
    *report = local;

error:
  _sm_nmf_work_clear (&work);
  return status;
}

SmStatus
sm_nmf_divergence (const SmNmfData *data,
                   const float     *w,
                   const float     *h,
                   int              n_components,
                   double           beta,
                   double           rel_floor,
                   const SmRun     *run,
                   double          *divergence)
{
  SmNmfWork work = { 0 };
  size_t n_reliable;
  double mean;
  SmStatus status;

  if (w == NULL || h == NULL || divergence == NULL)
    return SM_ERROR_BAD_ARG;
  status = check_data (data, n_components, beta, rel_floor, NULL);
  if (status != SM_OK)
    return status;
  if (!factor_is_valid (w, (size_t) n_components * (size_t) data->n_bins)
      || !factor_is_valid (h, data->n_frames * (size_t) n_components))
    return SM_ERROR_BAD_ARG;
  status = _sm_nmf_work_init (&work, data, n_components, beta, (size_t) data->n_bins, run);
  /* Unlike a fit, a mask of zeros is fine here: D is 0. */
  if (status == SM_OK)
    status = _sm_nmf_scan (&work, rel_floor, &mean, &n_reliable);
  if (status == SM_OK)
    {
      _sm_nmf_init (&work, NULL, h, SM_NMF_W | SM_NMF_H, 0, mean);
      work.want_div = 1;
      _sm_nmf_model (&work, w);
      status = _sm_nmf_pass (&work, divergence);
    }
  _sm_nmf_work_clear (&work);
  return status;
}
